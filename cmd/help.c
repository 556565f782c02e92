// SPDX-License-Identifier: Apache-2.0 OR MIT
/* help, version, echo, true, false, sleep */
#include <command.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <version.h>

static int do_help(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	int ret = CMD_RET_SUCCESS;

	if (argc == 1) {
		/* The list is sorted by the linker (section names) */
		ll_foreach(struct cmd_tbl, cmd, cmd)
			printf("%-10s- %s\n", cmd->name, cmd->usage);
		return CMD_RET_SUCCESS;
	}
	for (int i = 1; i < argc; i++) {
		struct cmd_tbl *cmd = find_cmd(argv[i]);

		if (!cmd) {
			printf("Unknown command '%s' - try 'help' without arguments for list of all known commands\n",
			       argv[i]);
			ret = CMD_RET_FAILURE;
			continue;
		}
		cmd_usage(cmd);
	}
	return ret;
}

EMBER_CMD_REP(help, CONFIG_SYS_MAXARGS, do_help,
	  "print command description/usage",
	  "\n    - print brief description of all commands\n"
	  "help command ...\n"
	  "    - print detailed usage of 'command'");
EMBER_CMD_NAMED(0_question, "?", CONFIG_SYS_MAXARGS, do_help,
		"alias for 'help'", "");

static int do_version(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	/* As U-Boot: the banner, then the compiler and the linker */
	printf("%s\n\n%s\n%s\n", version_string, cc_version_string,
	       ld_version_string);
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(version, 1, do_version, "print monitor, compiler and linker version",
	  "");

static int do_echo(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	bool newline = true;
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		newline = false;
		i++;
	}
	for (; i < argc; i++)
		printf(i + 1 < argc ? "%s " : "%s", argv[i]);
	if (newline)
		putc('\n');
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(echo, CONFIG_SYS_MAXARGS, do_echo, "echo args to console",
	  "[-n] [args..]\n"
	  "    - echo args to console; -n suppresses newline");

static int do_true(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(true, CONFIG_SYS_MAXARGS, do_true, "do nothing, successfully", "");

static int do_false(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	return CMD_RET_FAILURE;
}

EMBER_CMD_REP(false, CONFIG_SYS_MAXARGS, do_false, "do nothing, unsuccessfully",
	  "");

static int do_sleep(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	ulong start = get_timer(0), ms = 0, frac = 0;
	const char *dot;
	char whole[24];
	size_t n;

	if (argc != 2)
		return CMD_RET_USAGE;
	/* seconds with up to three decimals: "1", "0.5", "2.125" */
	dot = strchr(argv[1], '.');
	n = dot ? (size_t)(dot - argv[1]) : strlen(argv[1]);
	if (n >= sizeof(whole))
		n = sizeof(whole) - 1;
	memcpy(whole, argv[1], n);
	whole[n] = '\0';
	if ((n && cmd_parse_ulong(whole, 10, "sleep", &ms)) ||
	    (!n && !dot))
		return CMD_RET_USAGE;
	if (dot) {
		char digits[4] = "000";
		size_t k = strlen(dot + 1);

		if (k == 0 || k > 3 || strspn(dot + 1, "0123456789") != k) {
			printf("sleep: invalid number '%s'\n", argv[1]);
			return CMD_RET_FAILURE;
		}
		memcpy(digits, dot + 1, k);
		cmd_parse_ulong(digits, 10, "sleep", &frac);
	}
	if (ms > 86400) {
		printf("sleep: at most 86400 seconds\n");
		return CMD_RET_FAILURE;
	}
	ms = ms * 1000 + frac;
	while (get_timer(start) < ms) {
		if (ctrlc()) {
			puts("<INTERRUPT>\n");
			return CMD_RET_FAILURE;
		}
		udelay(100);
	}
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(sleep, 2, do_sleep, "delay execution for some time",
	  "N\n    - delay execution for N seconds (N is decimal, may have up to 3 decimals)");
