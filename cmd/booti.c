// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * booti <kernel_addr> [initrd_addr:size | -] [fdt_addr]
 * Boot an arm64 Linux Image; the work is in boot/booti.c.
 */
#include <boot.h>
#include <command.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_initrd(const char *arg, ulong *addrp, ulong *sizep)
{
	const char *colon = strchr(arg, ':');
	char *end;

	*addrp = strtoul(arg, &end, 16);
	if (end == arg || end != colon || !colon[1]) {
		printf("booti: initrd must be given as <addr>:<size> (hex), not '%s'\n",
		       arg);
		return -1;
	}
	*sizep = strtoul(colon + 1, &end, 16);
	if (*end || !*sizep) {
		printf("booti: bad initrd size in '%s'\n", arg);
		return -1;
	}
	return 0;
}

static int do_booti(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	ulong kernel, initrd = 0, initrd_size = 0, fdt = 0;

	if (argc < 2)
		return CMD_RET_USAGE;
	if (cmd_parse_ulong(argv[1], 16, "booti: kernel address", &kernel))
		return CMD_RET_FAILURE;
	if (argc > 2 && strcmp(argv[2], "-") &&
	    parse_initrd(argv[2], &initrd, &initrd_size))
		return CMD_RET_FAILURE;
	if (argc > 3 && cmd_parse_ulong(argv[3], 16, "booti: fdt address", &fdt))
		return CMD_RET_FAILURE;
	return booti(kernel, initrd, initrd_size, fdt) ?
		CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD_REP(booti, 4, do_booti, "boot a Linux kernel in 'Image' format",
	  "<kernel_addr> [initrd_addr:size | -] [fdt_addr]\n"
	  "    - boot the arm64 Image at kernel_addr with an optional initrd\n"
	  "      and the DT at fdt_addr (default: the control DT, copied and\n"
	  "      fixed up with bootargs, initrd and random seeds)");
