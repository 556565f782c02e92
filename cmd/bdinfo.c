// SPDX-License-Identifier: Apache-2.0 OR MIT
/* bdinfo: the board's memory layout and state. */
#include <command.h>
#include <env.h>
#include <global_data.h>
#include <init.h>
#include <libfdt.h>
#include <stdio.h>

static void print_num(const char *name, unsigned long long value)
{
	printf("%-12s= 0x%08llx\n", name, value);
}

static int do_bdinfo(struct cmd_tbl *cmdtp, int flag, int argc,
		     char *const argv[])
{
	print_num("DRAM bank", 0);
	print_num("-> start", gd->ram_base);
	print_num("-> size", gd->ram_size);
	print_num("relocaddr", gd->reloc_addr);
	print_num("reloc end", gd->reloc_end);
	print_num("heap start", gd->heap_start);
	print_num("heap size", gd->heap_size);
	print_num("fdt_blob", (unsigned long long)(uintptr_t)gd->fdt_blob);
	print_num("fdt_size", fdt_totalsize(gd->fdt_blob));
	printf("%-12s= %s\n", "ethaddr",
	       env_get("ethaddr") ? env_get("ethaddr") : "(not set)");
	printf("%-12s= %s\n", "IP addr",
	       env_get("ipaddr") ? env_get("ipaddr") : "<NULL>");
	print_num("loadaddr", env_get_hex("loadaddr", 0));
	arch_print_bdinfo();
	return CMD_RET_SUCCESS;
}

EMBER_CMD(bdinfo, 1, do_bdinfo, "print Board Info structure", "");
