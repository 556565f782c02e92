// SPDX-License-Identifier: Apache-2.0 OR MIT
/* reset and poweroff */
#include <command.h>
#include <dm/root.h>
#include <stdio.h>
#include <sysreset.h>

static int do_sysreset(enum sysreset_t type)
{
	int ret;

	puts(type == SYSRESET_COLD ? "resetting ...\n" : "poweroff ...\n");
	dm_remove_all();
	ret = sysreset_walk(type);
	printf("%s failed: no device could do it (%d)\n",
	       type == SYSRESET_COLD ? "reset" : "poweroff", ret);
	return CMD_RET_FAILURE;
}

static int do_reset(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	return do_sysreset(SYSRESET_COLD);
}

EMBER_CMD(reset, 1, do_reset, "Perform RESET of the CPU", "");

static int do_poweroff(struct cmd_tbl *cmdtp, int flag, int argc,
		       char *const argv[])
{
	return do_sysreset(SYSRESET_POWER_OFF);
}

EMBER_CMD(poweroff, 1, do_poweroff, "Perform POWEROFF of the device", "");
