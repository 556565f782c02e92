// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * arch_boot_linux() for aarch64: quiesce the devices, then linux.S.
 * arch_go(): call a standalone program in RAM.
 */
#include <asm/cache.h>
#include <boot.h>
#include <dm/root.h>
#include <global_data.h>
#include <stdio.h>

void __noreturn arm_enter_linux(phys_addr_t entry, phys_addr_t fdt);

int arch_boot_linux(phys_addr_t entry, phys_addr_t fdt)
{
	printf("\nStarting kernel at EL%d ...\n\n", gd->current_el);
	dm_remove_all();	/* virtio devices reset, nothing DMAs */
	arm_enter_linux(entry, fdt);
}

int arch_go(phys_addr_t entry, int argc, char *const argv[], ulong *rcp)
{
	ulong (*fn)(int argc, char *const argv[]) = (void *)entry;

	/* What was written there reaches the instruction fetches */
	flush_dcache_all();
	invalidate_icache_all();
	*rcp = fn(argc, argv);
	return 0;
}
