// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * bdinfo: the board's memory layout and state, in U-Boot's shape: one
 * '<name padded to 12>= <value>' line per field, addresses and sizes as
 * 0x and 16 hex digits on 64-bit boards. -m prints the RAM bank only, -e
 * the network lines only, -a (or nothing) everything.
 */
#include <asm/io.h>
#include <command.h>
#include <env.h>
#include <global_data.h>
#include <init.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

/* An address or size, as wide as the board's addresses */
static void print_num(const char *name, unsigned long long value)
{
	printf("%-12s= 0x%0*llx\n", name, 2 * (int)sizeof(ulong), value);
}

static void print_str(const char *name, const char *value)
{
	printf("%-12s= %s\n", name, value);
}

static void print_dram(void)
{
	print_num("DRAM bank", 0);
	print_num("-> start", gd->ram_base);
	print_num("-> size", gd->ram_size);
}

static void print_eth(void)
{
	const char *mac = env_get("ethaddr");
	const char *ip = env_get("ipaddr");

	print_str("ethaddr", mac ? mac : "(not set)");
	print_str("IP addr", ip ? ip : "<NULL>");
}

static void print_all(void)
{
	print_dram();
	print_num("relocaddr", gd->reloc_addr);
	print_num("reloc end", gd->reloc_end);
	printf("%-12s= %u-bit\n", "Build", (unsigned int)sizeof(void *) * 8);
	print_eth();
	print_num("fdt_blob", map_to_sysmem(gd->fdt_blob));
	print_num("fdt_size", fdt_totalsize(gd->fdt_blob));
	print_num("malloc base", gd->heap_start);
	print_num("malloc size", gd->heap_size);
	print_num("loadaddr", env_get_hex("loadaddr", 0));
	arch_print_bdinfo();
}

static int do_bdinfo(struct cmd_tbl *cmdtp, int flag, int argc,
		     char *const argv[])
{
	if (argc == 1 || !strcmp(argv[1], "-a"))
		print_all();
	else if (!strcmp(argv[1], "-m"))
		print_dram();
	else if (!strcmp(argv[1], "-e"))
		print_eth();
	else
		return CMD_RET_USAGE;
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(bdinfo, 2, do_bdinfo, "print Board Info structure",
	  "[-a | -e | -m] - everything, the network only, or the RAM only");
