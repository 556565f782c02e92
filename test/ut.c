// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The 'ut' command: runs the C unit tests linked into the sandbox. */
#include <bootstd.h>
#include <command.h>
#include <console.h>
#include <dm.h>
#include <env.h>
#include <global_data.h>
#include <errno.h>
#include <serial.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <test/ut.h>
#include <time.h>

#define CONSOLE_BUF	(64 * 1024)

void ut_fail(struct unit_test_state *uts, const char *file, int line,
	     const char *func, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	console_record_pause(true);
	printf("\n%s:%d, %s(): %s\n", file, line, func, msg);
	console_record_pause(false);
	uts->fail_count++;
}

bool ut_console_line(struct unit_test_state *uts, char *buf, int size)
{
	const char *p = uts->console + uts->console_pos;
	int n = 0;

	if (!uts->console || !*p)
		return false;
	while (p[n] && p[n] != '\n')
		n++;
	snprintf(buf, size, "%.*s", n, p);
	uts->console_pos += n + (p[n] == '\n');
	return true;
}

int ut_run_commandf(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof(cmd))
		return -ENAMETOOLONG;
	return run_command(cmd, 0);
}

void ut_console_reset(struct unit_test_state *uts)
{
	uts->console_pos = 0;
	console_record_start(uts->console, uts->console_size);
}

/* Rebuild the driver model; the console falls back to the debug UART while
 * its device is gone.
 */
static int dm_restart(void)
{
	char name[16];
	int ret;

	/*
	 * Network devices put their MAC into 'ethaddr' / 'eth<N>addr' at
	 * probe: a fresh driver model starts without what the last one wrote
	 */
	env_set("ethaddr", NULL);
	for (int i = 1; i < 10; i++) {
		snprintf(name, sizeof(name), "eth%daddr", i);
		env_set(name, NULL);
	}

	gd->flags &= ~GD_FLG_CONSOLE_READY;
	gd->cur_serial = NULL;
	gd->timer = NULL;
	ret = dm_uninit();
	if (!ret)
		ret = dm_init_and_scan();
	if (!ret)
		ret = console_init();
	if (!ret)
		ret = timer_init();
	return ret;
}

static int run_one(struct unit_test *test)
{
	struct unit_test_state uts = { 0 };
	int ret;

	printf("Test: %s.%s ... ", test->suite, test->name);
	if ((test->flags & UTF_DM) && dm_restart()) {
		printf("FAILED: cannot restart the driver model\n");
		return 1;
	}
	if (test->flags & UTF_CONSOLE) {
		uts.console = malloc(CONSOLE_BUF);
		if (!uts.console) {
			printf("FAILED: out of memory\n");
			return 1;
		}
		uts.console_size = CONSOLE_BUF;
		console_record_start(uts.console, CONSOLE_BUF);
	}
	ret = test->func(&uts);
	console_record_stop();
	free(uts.console);
	if (ret && !uts.fail_count) {
		printf("test returned %d\n", ret);
		uts.fail_count++;
	}
	/* What every test must leave true, e.g. no broken protocol rule */
	if (test->flags & UTF_DM) {
		ll_foreach(struct ut_check, c, ut_check) {
			if (c->func())
				uts.fail_count++;
		}
	}
	if (test->flags & UTF_DM)
		dm_restart();
	printf("%s\n", uts.fail_count ? "FAILED" : "ok");
	return uts.fail_count ? 1 : 0;
}

static int do_ut(struct cmd_tbl *cmdtp, int flag, int argc,
		 char *const argv[])
{
	const char *suite, *name = NULL;
	int run = 0, failed = 0;

	if (argc < 2)
		return CMD_RET_USAGE;
	suite = argv[1];
	if (argc > 2)
		name = argv[2];
	if (!strcmp(suite, "list")) {
		ll_foreach(struct unit_test, t, ut)
			printf("%s %s\n", t->suite, t->name);
		return CMD_RET_SUCCESS;
	}
	/* Tests restart the driver model: not under a scan's devices */
	if (bootstd_busy()) {
		printf("ut: a bootflow scan or boot is running: no tests\n");
		return CMD_RET_FAILURE;
	}
	ll_foreach(struct unit_test, t, ut) {
		if (strcmp(suite, "all") && strcmp(suite, t->suite))
			continue;
		if (name && strcmp(name, t->name))
			continue;
		run++;
		failed += run_one(t);
	}
	if (!run) {
		printf("ut: no test matches '%s%s%s'\n", suite,
		       name ? " " : "", name ? name : "");
		return CMD_RET_FAILURE;
	}
	printf("Tests run: %d, Failures: %d\n", run, failed);
	return failed ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD(ut, 3, do_ut, "unit tests",
	  "<suite>|all [test]\n"
	  "    - run the unit tests of a suite (or all), or one test\n"
	  "ut list\n"
	  "    - list the tests");
