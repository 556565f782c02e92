// SPDX-License-Identifier: Apache-2.0 OR MIT
/* coninfo: the console devices, in the shape of U-Boot's list */
#include <command.h>
#include <dm.h>
#include <global_data.h>
#include <stdio.h>

static int do_coninfo(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	struct udevice *dev = gd->cur_serial;

	if (argc != 1)
		return CMD_RET_USAGE;
	puts("List of available devices\n");
	/* One device, the serial console, is stdin, stdout and stderr */
	if (dev)
		printf("|-- %s (IO)\n"
		       "|   |-- stdin\n"
		       "|   |-- stdout\n"
		       "|   |-- stderr\n", dev->name);
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(coninfo, 1, do_coninfo, "print console devices and information",
	      "");
