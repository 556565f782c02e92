// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * First C code after relocation: running from the copy at the top of RAM
 * with .data and .bss in place, the MMU still off. Fills gd from the layout
 * arm_relocate() chose, turns on the MMU and caches, starts the heap and
 * hands over to the common code.
 */
#include <asm/system.h>
#include <debug_uart.h>
#include <global_data.h>
#include <init.h>
#include <stddef.h>
#include "arm64.h"

/* start.S reads these two fields by offset */
BUILD_BUG_ON(offsetof(struct arm_layout, stack_top) != LAYOUT_STACK_TOP);
BUILD_BUG_ON(offsetof(struct arm_layout, exc_stack_top) != LAYOUT_EXC_STACK_TOP);
/* exceptions.S builds the frame */
BUILD_BUG_ON(sizeof(struct exc_frame) != EXC_FRAME_SIZE);

static struct global_data arm_gd;
struct global_data *gd = &arm_gd;

/* Written by arm_relocate() into the relocated copy, after bss is zeroed */
struct arm_layout arm_layout;

static u64 counter_to_us(u64 count, u64 freq)
{
	if (!freq)
		return 0;
	return count / freq * 1000000 + count % freq * 1000000 / freq;
}

/**
 * arm_init_r() - set up gd, the MMU and the heap, then run ember_main()
 *
 * gd->boot_time_us is the generic counter at Ember's first instruction, in
 * microseconds: timer_get_us() minus it is the time since reset.
 */
void __noreturn arm_init_r(void)
{
	const struct arm_layout *l = &arm_layout;
	int ret;

	gd->fdt_blob = (const void *)l->fdt;
	gd->ram_base = l->ram_base;
	gd->ram_size = l->ram_size;
	gd->reloc_addr = l->reloc_addr;
	gd->reloc_end = l->exc_stack_top;
	gd->heap_start = l->heap;
	gd->heap_size = l->heap_size;
	gd->current_el = current_el();
	gd->boot_time_us = counter_to_us(l->entry_count,
					 read_sysreg(cntfrq_el0));

	ret = mmu_setup(gd->fdt_blob, l);
	if (ret)
		debug_uart_puts("Ember: continuing with the MMU and caches off\n");

	malloc_init((void *)(uintptr_t)gd->heap_start, gd->heap_size);
	ember_main();
}
