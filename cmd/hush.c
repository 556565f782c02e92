// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The shell's own commands: exit, showvar. */
#include <cli.h>
#include <command.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int do_exit(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	long code = argc > 1 ? strtol(argv[1], NULL, 10) : 0;

	return cli_exit(code < 0 || code > 255 ? 0 : code);
}

EMBER_CMD_REP(exit, 2, do_exit, "exit script",
	  "[n]\n    - leave the script run by 'run' or 'source', with status n");

static const char *wanted;
static bool found;

static void show(const char *name, const char *value)
{
	if (!wanted || !strcmp(name, wanted)) {
		printf("%s=%s\n", name, value);
		found = true;
	}
}

static int do_showvar(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	int ret = CMD_RET_SUCCESS;

	wanted = NULL;
	if (argc == 1) {
		cli_local_foreach(show);
		return CMD_RET_SUCCESS;
	}
	for (int i = 1; i < argc; i++) {
		wanted = argv[i];
		found = false;
		cli_local_foreach(show);
		if (!found) {
			printf("## Error: \"%s\" not defined\n", argv[i]);
			ret = CMD_RET_FAILURE;
		}
	}
	return ret;
}

EMBER_CMD_REP(showvar, CONFIG_SYS_MAXARGS, do_showvar,
	      "print local hushshell variables",
	      "\n    - print values of all hushshell variables\n"
	      "showvar name ...\n"
	      "    - print value of hushshell variable 'name'");
