// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Environment commands: setenv, printenv, env, run.
 *
 * As U-Boot's default flags have it, 'ethaddr', 'eth<N>addr' and
 * 'serial#' are write-once: once set they change, or go, only with -f;
 * and an eth*addr must be a MAC address.
 */
#include <asm/io.h>
#include <cli.h>
#include <command.h>
#include <ctype.h>
#include <env.h>
#include <errno.h>
#include <memmap.h>
#include <net.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 'ethaddr' or 'eth<N>addr' */
static bool is_mac_var(const char *name)
{
	if (strncmp(name, "eth", 3))
		return false;
	name += 3;
	while (isdigit(*name))
		name++;
	return !strcmp(name, "addr");
}

/*
 * Whether the command may set @name to @value (NULL: delete it); says why
 * not, in U-Boot's words
 */
static int may_set(const char *name, const char *value, bool force)
{
	const char *old = env_get(name);
	u8 mac[ETH_ALEN];

	if (value && is_mac_var(name) && eth_parse_mac(value, mac)) {
		printf("## Error: flags type check failure for \"%s\" <= \"%s\" (type: m)\n",
		       name, value);
		return -EINVAL;
	}
	if (force || !old || (!is_mac_var(name) && strcmp(name, "serial#")))
		return 0;
	if (!value) {
		printf("## Error: Can't delete \"%s\"\n", name);
		return -EPERM;
	}
	if (strcmp(old, value)) {
		printf("## Error: Can't overwrite \"%s\"\n## Error inserting \"%s\" variable, errno=%d\n",
		       name, name, EPERM);
		return -EPERM;
	}
	return 0;
}

static int report_set(const char *name, int ret)
{
	if (ret == -EINVAL)
		printf("## Error: illegal character '=' or space, or empty name in variable name \"%s\"\n",
		       name);
	else if (ret == -ENOSPC)
		printf("## Error: environment full (at most %d bytes)\n",
		       CONFIG_ENV_SIZE);
	else if (ret)
		printf("## Error: cannot set \"%s\": %d\n", name, ret);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

int cmd_env_set(const char *name, const char *value)
{
	if (may_set(name, value, false))
		return CMD_RET_FAILURE;
	return report_set(name, env_set(name, value));
}

static int do_setenv(struct cmd_tbl *cmdtp, int flag, int argc,
		     char *const argv[])
{
	bool force = argc > 1 && !strcmp(argv[1], "-f");
	size_t len = 0;
	char *value, *p;
	int ret;

	if (force) {
		argc--;
		argv++;
	}
	if (argc < 2)
		return CMD_RET_USAGE;
	if (argc == 2) {
		if (may_set(argv[1], NULL, force))
			return CMD_RET_FAILURE;
		return report_set(argv[1], env_set(argv[1], NULL));
	}
	/* Join the remaining arguments with single spaces */
	for (int i = 2; i < argc; i++)
		len += strlen(argv[i]) + 1;
	value = malloc(len);
	if (!value)
		return CMD_RET_FAILURE;
	p = value;
	for (int i = 2; i < argc; i++)
		p += sprintf(p, i + 1 < argc ? "%s " : "%s", argv[i]);
	ret = may_set(argv[1], value, force);
	if (ret) {
		free(value);
		return CMD_RET_FAILURE;
	}
	ret = env_set(argv[1], value);
	free(value);
	return report_set(argv[1], ret);
}

EMBER_CMD(setenv, CONFIG_SYS_MAXARGS, do_setenv,
	  "set environment variables",
	  "[-f] name value ...\n"
	  "    - [forcibly] set environment variable 'name' to 'value ...'\n"
	  "setenv [-f] name\n"
	  "    - [forcibly] delete environment variable 'name'");

static int print_vars(int argc, char *const argv[])
{
	int ret = CMD_RET_SUCCESS;

	if (argc == 1) {
		int count, bytes;

		env_print(NULL);
		env_usage(&count, &bytes);
		printf("\nEnvironment size: %d/%d bytes\n", bytes,
		       CONFIG_ENV_SIZE);
		return CMD_RET_SUCCESS;
	}
	for (int i = 1; i < argc; i++) {
		if (env_print(argv[i])) {
			printf("## Error: \"%s\" not defined\n", argv[i]);
			ret = CMD_RET_FAILURE;
		}
	}
	return ret;
}

static int do_printenv(struct cmd_tbl *cmdtp, int flag, int argc,
		       char *const argv[])
{
	return print_vars(argc, argv);
}

EMBER_CMD_REP(printenv, CONFIG_SYS_MAXARGS, do_printenv,
	  "print environment variables",
	  "\n    - print values of all environment variables\n"
	  "printenv name ...\n"
	  "    - print value of environment variable 'name'");

/* env default [-f] -a | env default [-f] var ... */
static int env_default(int argc, char *const argv[])
{
	int i = argc > 1 && !strcmp(argv[1], "-f") ? 2 : 1;

	if (i >= argc)
		return CMD_RET_USAGE;
	if (!strcmp(argv[i], "-a")) {
		if (i + 1 != argc)
			return CMD_RET_USAGE;
		if (env_set_default()) {
			printf("## Error: cannot load the default environment\n");
			return CMD_RET_FAILURE;
		}
		printf("## Resetting to default environment\n");
		return CMD_RET_SUCCESS;
	}
	if (env_set_default_vars((const char *const *)argv + i, argc - i)) {
		printf("## Error: cannot reset the variables to their defaults\n");
		return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

static int env_print_sub(int argc, char *const argv[])
{
	return print_vars(argc, argv);
}

static int env_set_sub(int argc, char *const argv[])
{
	return do_setenv(NULL, 0, argc, argv);
}

/*
 * The line typed for @name (from cli_readline*(): its length or error)
 * set as its value; an empty line deletes it, Ctrl-C leaves it as it was
 */
static int set_typed(const char *who, const char *name, char *line, int len)
{
	if (len == -EINTR)
		return CMD_RET_FAILURE;
	if (len < 0) {
		printf("%s: the line is longer than %d bytes\n", who,
		       CONFIG_SYS_CBSIZE - 1);
		return CMD_RET_FAILURE;
	}
	return cmd_env_set(name, *line ? line : NULL);
}

/* editenv name, env edit name: the value edited on the command line */
static int env_edit(int argc, char *const argv[])
{
	const char *value = env_get(argv[1]);
	char line[CONFIG_SYS_CBSIZE];

	if (value && strlen(value) >= sizeof(line)) {
		printf("editenv: '%s' is longer than the %d bytes a line holds\n",
		       argv[1], CONFIG_SYS_CBSIZE - 1);
		return CMD_RET_FAILURE;
	}
	return set_typed("editenv", argv[1], line,
			 cli_readline_init("edit: ", line, sizeof(line),
					   value ? value : ""));
}

static int do_editenv(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	return argc == 2 ? env_edit(argc, argv) : CMD_RET_USAGE;
}

EMBER_CMD(editenv, 2, do_editenv, "edit environment variable",
	  "name\n"
	  "    - edit environment variable 'name' (an empty line deletes it)");

/*
 * askenv name [message] [size], env ask: a line typed after the message
 * (default "Please enter 'name': "), at most size characters (decimal)
 */
static int env_ask(int argc, char *const argv[])
{
	char line[CONFIG_SYS_CBSIZE], msg[CONFIG_SYS_CBSIZE];
	ulong size = sizeof(line) - 1;
	size_t at = 0;
	char *end;
	int len;

	if (argc > 2) {
		size = strtoul(argv[argc - 1], &end, 10);
		if (*end || end == argv[argc - 1])
			size = sizeof(line) - 1;	/* part of the message */
		else
			argc--;
	}
	if (argc > 2) {
		for (int i = 2; i < argc && at + 1 < sizeof(msg); i++)
			at += snprintf(msg + at, sizeof(msg) - at, "%s ",
				       argv[i]);
	} else {
		snprintf(msg, sizeof(msg), "Please enter '%s': ", argv[1]);
	}
	len = cli_readline(msg, line, sizeof(line));
	if (len >= 0 && (ulong)len > size)
		line[size] = '\0';
	return set_typed("askenv", argv[1], line, len);
}

static int do_askenv(struct cmd_tbl *cmdtp, int flag, int argc,
		     char *const argv[])
{
	return argc >= 2 ? env_ask(argc, argv) : CMD_RET_USAGE;
}

EMBER_CMD(askenv, CONFIG_SYS_MAXARGS, do_askenv,
	  "get environment variables from stdin",
	  "name [message] [size]\n"
	  "    - display 'message' and get environment variable 'name' from\n"
	  "      stdin, at most 'size' characters (decimal; an empty line\n"
	  "      deletes it)");

/* env exists name: the status says, nothing is printed */
static int env_exists(int argc, char *const argv[])
{
	return env_get(argv[1]) ? CMD_RET_SUCCESS : CMD_RET_FAILURE;
}

/* env delete [-f] name ...: silent; fails if any could not be deleted */
static int env_delete(int argc, char *const argv[])
{
	bool force = !strcmp(argv[1], "-f");
	int ret = CMD_RET_SUCCESS;

	for (int i = force ? 2 : 1; i < argc; i++) {
		if (!env_get(argv[i]) || may_set(argv[i], NULL, force) ||
		    env_set(argv[i], NULL))
			ret = CMD_RET_FAILURE;
	}
	return ret;
}

/* -t, -b (and -c, refused) in @opt; which one, or 0 */
static int env_format(const char *opt, char *fmt, const char *cmd)
{
	if (*fmt) {
		printf("## Error: %s: only one of \"-b\", \"-c\" or \"-t\" allowed\n",
		       cmd);
		return -EINVAL;
	}
	if (*opt == 'c') {
		printf("## Error: %s: the checksummed format (-c) is not supported; use -t or -b\n",
		       cmd);
		return -EINVAL;
	}
	*fmt = *opt;
	return 0;
}

/* env export [-t | -b] [-s size] addr [var ...] */
static int env_export_sub(int argc, char *const argv[])
{
	size_t max = 2 * CONFIG_ENV_SIZE + 2, len;
	ulong addr, size = 0;
	char fmt = 0, *buf;
	int i, ret;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] &&
		    !argv[i][2]; i++) {
		if (argv[i][1] == 's' && i + 1 < argc) {
			if (cmd_parse_ulong(argv[++i], 16, "env export", &size))
				return CMD_RET_FAILURE;
		} else if (strchr("tbc", argv[i][1])) {
			if (env_format(argv[i] + 1, &fmt, "export"))
				return CMD_RET_FAILURE;
		} else {
			return CMD_RET_USAGE;
		}
	}
	if (i >= argc)
		return CMD_RET_USAGE;
	if (cmd_parse_ulong(argv[i++], 16, "env export", &addr))
		return CMD_RET_FAILURE;
	buf = malloc(max);
	if (!buf)
		return CMD_RET_FAILURE;
	ret = env_export(buf, size ? min_t(size_t, size, max) : max,
			 fmt == 'b' ? '\0' : '\n', (const char *const *)argv + i,
			 argc - i, &len);
	if (ret) {
		printf("Env export buffer too small: %lu\n## Error: Cannot export environment: errno = %d\n",
		       size, ENOMEM);
		goto out;
	}
	ret = mem_check_load(addr, size ? size : len);
	if (ret) {
		mem_report("env export", addr, size ? size : len, ret);
		goto out;
	}
	if (size)
		memset(map_sysmem(addr, size), 0, size);
	memcpy(map_sysmem(addr, len), buf, len);
	env_set_hex("filesize", size ? size : len);
out:
	free(buf);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

/* Without a size: up to the end the format has (text: NUL; binary: two) */
static int import_size(ulong addr, char fmt, ulong *sizep)
{
	const ulong max = 1024 * 1024;

	for (ulong n = 0; n < max; n++) {
		const char *p;

		if (mem_check_read(addr + n, 2) || !mem_in_ram(addr + n, 2))
			break;
		p = map_sysmem(addr + n, 2);
		if (fmt == 'b' ? !p[0] && !p[1] : !p[0]) {
			*sizep = n + (fmt == 'b' ? 2 : 1);
			printf("## Info: input data size = %lu = 0x%lX\n", *sizep,
			       *sizep);
			return 0;
		}
	}
	printf("## Error: no end of the environment data at 0x%lx within %lu bytes of RAM\n",
	       addr, max);
	return -EINVAL;
}

/* env import [-d] [-t [-r] | -b] addr [size] [var ...] */
static int env_import_sub(int argc, char *const argv[])
{
	bool clear = false, crlf = false;
	ulong addr, size = 0;
	char fmt = 0;
	int i, ret;
	char *copy;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] &&
		    !argv[i][2]; i++) {
		if (argv[i][1] == 'd')
			clear = true;
		else if (argv[i][1] == 'r')
			crlf = true;
		else if (!strchr("tbc", argv[i][1]))
			return CMD_RET_USAGE;
		else if (env_format(argv[i] + 1, &fmt, "import"))
			return CMD_RET_FAILURE;
	}
	if (!fmt) {
		printf("## Warning: defaulting to text format\n");
		fmt = 't';
	}
	if (i >= argc)
		return CMD_RET_USAGE;
	if (cmd_parse_ulong(argv[i++], 16, "env import", &addr))
		return CMD_RET_FAILURE;
	if (i < argc && strcmp(argv[i], "-")) {
		if (cmd_parse_ulong(argv[i], 16, "env import", &size))
			return CMD_RET_FAILURE;
	}
	if (i < argc)
		i++;
	if (!size && import_size(addr, fmt, &size))
		return CMD_RET_FAILURE;
	ret = mem_check_read(addr, size);
	if (ret || !mem_in_ram(addr, size)) {
		mem_report("env import", addr, size, ret ? ret : -EFAULT);
		return CMD_RET_FAILURE;
	}
	copy = malloc(size + 1);
	if (!copy)
		return CMD_RET_FAILURE;
	memcpy(copy, map_sysmem(addr, size), size);
	copy[size] = '\0';
	/* -r: CRLF line ends read as LF (the CR removed) */
	if (crlf && fmt == 't') {
		ulong k = 0;

		for (ulong j = 0; j < size; j++)
			if (!(copy[j] == '\r' && j + 1 < size &&
			      copy[j + 1] == '\n'))
				copy[k++] = copy[j];
		copy[k] = '\0';
		size = k;
	}
	ret = env_import(copy, size, fmt == 'b' ? '\0' : '\n', clear,
			 (const char *const *)argv + i, argc - i);
	free(copy);
	if (ret) {
		printf("## Error: Environment import failed: errno = %d\n",
		       -ret);
		return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

static int env_save_sub(int argc, char *const argv[])
{
	return env_save() ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int env_erase_sub(int argc, char *const argv[])
{
	return env_erase() ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

/*
 * env info [-d] [-p] [-q]: without -d or -p, U-Boot's three lines; -d:
 * are the defaults in use, -p: can the environment be saved. The status
 * is 0 when every question asked is answered yes; -q prints nothing.
 */
static int env_info(int argc, char *const argv[])
{
	bool d = false, p = false, q = false, yes = true;
	int copy = env_copy_loaded();

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] != '-' || !a[1])
			return CMD_RET_USAGE;
		for (a++; *a; a++) {
			if (*a == 'd')
				d = true;
			else if (*a == 'p')
				p = true;
			else if (*a == 'q')
				q = true;
			else
				return CMD_RET_USAGE;
		}
	}
	if (!d && !p) {
		if (!q) {
			printf("env_valid = %s\n", copy < 0 ? "invalid" :
			       copy ? "redundant" : "valid");
			printf("env_ready = true\n");
			printf("env_use_default = %s\n",
			       env_is_default() ? "true" : "false");
		}
		return CMD_RET_SUCCESS;
	}
	if (d) {
		yes &= env_is_default();
		if (!q)
			printf("%s\n", env_is_default() ?
			       "Default environment is used" :
			       "Environment was loaded from persistent storage");
	}
	if (p) {
		yes &= env_can_persist();
		if (!q)
			printf("Environment %s be persisted\n",
			       env_can_persist() ? "can" : "cannot");
	}
	return yes ? CMD_RET_SUCCESS : CMD_RET_FAILURE;
}

/*
 * env grep [-e] [-n | -v | -b] [--] string ...: the variables whose name
 * (-n), value (-v) or either (-b, the default) holds one of the strings,
 * or with -e matches one of the regular expressions; the status is 0
 * when any does
 */
static int env_grep_sub(int argc, char *const argv[])
{
	bool names = true, values = true, re = false;
	struct regex *res = NULL;
	int i, n, ret, done = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		/* --: what follows are strings, even those starting with - */
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (const char *a = argv[i] + 1; *a; a++) {
			if (*a == 'n') {
				names = true;
				values = false;
			} else if (*a == 'v') {
				names = false;
				values = true;
			} else if (*a == 'b') {
				names = values = true;
			} else if (*a == 'e' && IS_ENABLED(CONFIG_REGEX)) {
				re = true;
			} else {
				return CMD_RET_USAGE;
			}
		}
	}
	n = argc - i;
	if (!n)
		return CMD_RET_USAGE;
	if (re) {
		res = calloc(n, sizeof(*res));
		if (!res)
			return CMD_RET_FAILURE;
		for (; done < n; done++) {
			if (regex_compile_say(&res[done], argv[i + done],
					      "env grep"))
				break;
		}
	}
	ret = done < n && re ? -EINVAL :
	      env_grep((const char *const *)argv + i, res, n, names, values);
	if (ret == -E2BIG)
		printf("env grep: a regular expression needs more work than allowed\n");
	while (done--)
		regex_free(&res[done]);
	free(res);
	return ret > 0 ? CMD_RET_SUCCESS : CMD_RET_FAILURE;
}

static const struct cmd_sub env_subs[] = {
	{ "ask", 2, CONFIG_SYS_MAXARGS, env_ask },
	{ "default", 2, CONFIG_SYS_MAXARGS, env_default },
	{ "delete", 2, CONFIG_SYS_MAXARGS, env_delete },
	{ "edit", 2, 2, env_edit },
#ifdef CONFIG_ENV_IS_IN_FLASH
	{ "erase", 1, 1, env_erase_sub },
#endif
	{ "exists", 2, 2, env_exists },
	{ "export", 2, CONFIG_SYS_MAXARGS, env_export_sub },
	{ "grep", 2, CONFIG_SYS_MAXARGS, env_grep_sub },
	{ "import", 2, CONFIG_SYS_MAXARGS, env_import_sub },
	{ "info", 1, 4, env_info },
	{ "print", 1, CONFIG_SYS_MAXARGS, env_print_sub },
#ifdef CONFIG_ENV_IS_IN_FLASH
	{ "save", 1, 1, env_save_sub },
#endif
	{ "set", 2, CONFIG_SYS_MAXARGS, env_set_sub },
};

static int do_env(struct cmd_tbl *cmdtp, int flag, int argc,
		  char *const argv[])
{
	return cmd_dispatch_sub(env_subs, ARRAY_SIZE(env_subs), argc, argv);
}

EMBER_CMD_REP(env, CONFIG_SYS_MAXARGS, do_env, "environment handling commands",
	  "ask name [message] [size] - ask for environment variable\n"
	  "env default [-f] -a - [forcibly] reset default environment\n"
	  "env default [-f] var [...] - [forcibly] reset variable(s) to their default values\n"
	  "env delete [-f] var [...] - [forcibly] delete variables\n"
	  "env edit name - edit environment variable\n"
#ifdef CONFIG_ENV_IS_IN_FLASH
	  "env erase - erase the environment in flash\n"
#endif
	  "env exists name - tell if variable 'name' exists\n"
	  "env export [-t | -b] [-s size] addr [var ...] - export environment\n"
	  "env grep [-e] [-n | -v | -b] [--] string [...] - search environment\n"
	  "env import [-d] [-t [-r] | -b] addr [size] [var ...] - import environment\n"
	  "env info [-d] [-p] [-q] - display environment information\n"
	  "env print [name ...] - print environment\n"
#ifdef CONFIG_ENV_IS_IN_FLASH
	  "env save - save environment\n"
#endif
	  "env set [-f] name [value ...] - [forcibly] set or delete a variable");

#ifdef CONFIG_ENV_IS_IN_FLASH
static int do_saveenv(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	return env_save_sub(argc, argv);
}

EMBER_CMD(saveenv, 1, do_saveenv, "save environment variables to persistent storage",
	  "");

static int do_eraseenv(struct cmd_tbl *cmdtp, int flag, int argc,
		       char *const argv[])
{
	return env_erase_sub(argc, argv);
}

EMBER_CMD(eraseenv, 1, do_eraseenv, "erase environment variables from persistent storage",
	  "");
#endif

/* Run the commands in variable @name; CMD_RET_FAILURE when unset or failed */
static int run_var(const char *name, int flag)
{
	const char *cmds = env_get(name);
	char *copy;
	int ret;

	if (!cmds) {
		printf("## Error: \"%s\" not defined\n", name);
		return CMD_RET_FAILURE;
	}
	/* The variable may change while it runs: run a copy */
	copy = strdup(cmds);
	if (!copy)
		return CMD_RET_FAILURE;
	ret = cli_run_in_line(copy, flag);
	free(copy);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int do_run(struct cmd_tbl *cmdtp, int flag, int argc,
		  char *const argv[])
{
	if (argc < 2)
		return CMD_RET_USAGE;
	for (int i = 1; i < argc; i++) {
		if (run_var(argv[i], flag))
			return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

static int do_bootd(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	return run_var("bootcmd", flag);
}

EMBER_CMD_REP(boot, 1, do_bootd, "boot default, i.e., run 'bootcmd'", "");
EMBER_CMD_REP(bootd, 1, do_bootd, "boot default, i.e., run 'bootcmd'", "");

EMBER_CMD_REP(run, CONFIG_SYS_MAXARGS, do_run,
	  "run commands in an environment variable",
	  "var [...]\n"
	  "    - run the commands in the environment variable(s) 'var'");
