// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Environment commands: setenv, printenv, env, run.
 *
 * As U-Boot's default flags have it, 'ethaddr', 'eth<N>addr' and
 * 'serial#' are write-once: once set they change, or go, only with -f;
 * and an eth*addr must be a MAC address.
 */
#include <command.h>
#include <ctype.h>
#include <env.h>
#include <errno.h>
#include <net.h>
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

static int env_default(int argc, char *const argv[])
{
	if (strcmp(argv[1], "-a")) {
		printf("env default: only '-a' (all variables) is supported\n");
		return CMD_RET_USAGE;
	}
	if (env_set_default()) {
		printf("## Error: cannot load the default environment\n");
		return CMD_RET_FAILURE;
	}
	printf("## Resetting to default environment\n");
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

static const struct cmd_sub env_subs[] = {
	{ "default", 2, 2, env_default },
	{ "delete", 2, CONFIG_SYS_MAXARGS, env_delete },
	{ "exists", 2, 2, env_exists },
	{ "print", 1, CONFIG_SYS_MAXARGS, env_print_sub },
	{ "set", 2, CONFIG_SYS_MAXARGS, env_set_sub },
};

static int do_env(struct cmd_tbl *cmdtp, int flag, int argc,
		  char *const argv[])
{
	return cmd_dispatch_sub(env_subs, ARRAY_SIZE(env_subs), argc, argv);
}

EMBER_CMD_REP(env, CONFIG_SYS_MAXARGS, do_env, "environment handling commands",
	  "default -a - reset the environment to its defaults\n"
	  "env delete [-f] var [...] - [forcibly] delete variables\n"
	  "env exists name - tell if variable 'name' exists\n"
	  "env print [name ...] - print environment\n"
	  "env set [-f] name [value ...] - [forcibly] set or delete a variable");

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
