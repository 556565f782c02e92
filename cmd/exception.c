// SPDX-License-Identifier: Apache-2.0 OR MIT
/* exception: fault on purpose, to test the crash dump. */
#include <command.h>
#include <init.h>
#include <stdio.h>

static int do_exception(struct cmd_tbl *cmdtp, int flag, int argc,
			char *const argv[])
{
	if (argc != 2)
		return CMD_RET_USAGE;
	if (arch_trigger_exception(argv[1])) {
		printf("exception: unknown kind '%s' (known: %s)\n", argv[1],
		       arch_exception_kinds());
		return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

EMBER_CMD(exception, 2, do_exception, "trigger an exception (test the crash dump)",
	  "<kind>\n    - kinds depend on the architecture: see the error for an unknown kind");
