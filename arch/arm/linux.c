// SPDX-License-Identifier: Apache-2.0 OR MIT
/* arch_boot_linux() for aarch64: quiesce the devices, then linux.S. */
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
