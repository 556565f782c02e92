// SPDX-License-Identifier: Apache-2.0 OR MIT
/* reset, poweroff, panic and go */
#include <boot.h>
#include <command.h>
#include <dm/root.h>
#include <errno.h>
#include <memmap.h>
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

/* panic [message]: the message, then a cold reset, as U-Boot's */
static int do_panic(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	printf("%s\n", argc == 2 ? argv[1] : "");
	return do_sysreset(SYSRESET_COLD);
}

EMBER_CMD(panic, 2, do_panic, "Panic with optional message",
	  "[message]\n"
	  "    - print 'message', then reset the board");

/* go addr [arg ...]: call a standalone program; rc 0 is success */
int go_exec(const char *who, bool upper, ulong entry, int argc,
	    char *const argv[])
{
	ulong rc;
	int ret;

	printf(upper ? "## Starting application at 0x%08lX ...\n" :
		       "## Starting application at 0x%08lx ...\n", entry);
	ret = arch_go(entry, argc, argv, &rc);
	if (ret) {
		printf("%s: %s\n", who, ret == -ENOSYS ?
		       "this board cannot run code from its RAM" :
		       errno_str(ret));
		return CMD_RET_FAILURE;
	}
	printf(upper ? "## Application terminated, rc = 0x%lX\n" :
		       "## Application terminated, rc = 0x%lx\n", rc);
	return rc ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int do_go(struct cmd_tbl *cmdtp, int flag, int argc,
		 char *const argv[])
{
	ulong addr;

	if (argc < 2)
		return CMD_RET_USAGE;
	if (cmd_parse_ulong(argv[1], 16, "go", &addr))
		return CMD_RET_FAILURE;
	if (!mem_in_ram(addr, 4) || addr & 3) {
		printf("go: 0x%lx is %s\n", addr,
		       addr & 3 ? "not 4-byte aligned, as code must be" :
		       "not in RAM");
		return CMD_RET_FAILURE;
	}
	if (mem_reserved_name(addr, 4)) {
		printf("go: 0x%lx is inside %s\n", addr,
		       mem_reserved_name(addr, 4));
		return CMD_RET_FAILURE;
	}
	/* The program's argv[0] is its address, as U-Boot passes it */
	return go_exec("go", true, addr, argc - 1, argv + 1);
}

EMBER_CMD(go, CONFIG_SYS_MAXARGS, do_go,
	  "start application at address 'addr'",
	  "addr [arg ...]\n"
	  "    - start application at address 'addr'\n"
	  "      passing 'arg' as arguments");
