// SPDX-License-Identifier: Apache-2.0 OR MIT
/* reset and poweroff */
#include <command.h>
#include <dm/root.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sysreset.h>

static int do_sysreset(enum sysreset_t type)
{
	bool reset = type != SYSRESET_POWER_OFF;
	int ret;

	puts(reset ? "resetting ...\n" : "poweroff ...\n");
	dm_remove_all();
	ret = sysreset_walk(type);
	/* A warm reset where none can be done: a cold one, as U-Boot */
	if (ret == -ENOSYS && type == SYSRESET_WARM)
		ret = sysreset_walk(SYSRESET_COLD);
	printf("%s failed: no device could do it (%d)\n",
	       reset ? "reset" : "poweroff", ret);
	return CMD_RET_FAILURE;
}

static int do_reset(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	bool warm = argc == 2 && !strcmp(argv[1], "-w");

	if (argc == 2 && !warm && strcmp(argv[1], "-c"))
		return CMD_RET_USAGE;
	return do_sysreset(warm ? SYSRESET_WARM : SYSRESET_COLD);
}

EMBER_CMD(reset, 2, do_reset, "Perform RESET of the CPU",
	  "- cold boot without level specifier\n"
	  "reset -c - cold reset\n"
	  "reset -w - warm reset if implemented");

static int do_poweroff(struct cmd_tbl *cmdtp, int flag, int argc,
		       char *const argv[])
{
	return do_sysreset(SYSRESET_POWER_OFF);
}

EMBER_CMD(poweroff, 1, do_poweroff, "Perform POWEROFF of the device", "");
