// SPDX-License-Identifier: Apache-2.0 OR MIT
/* State shared by the whole loader, set up during start-up. */
#ifndef __GLOBAL_DATA_H
#define __GLOBAL_DATA_H

#include <types.h>

struct udevice;

/* gd->flags */
#define GD_FLG_DM_READY		BIT(0)	/* driver model is up */
#define GD_FLG_CONSOLE_READY	BIT(1)	/* console device in use */
#define GD_FLG_SILENT		BIT(2)	/* console output suppressed */
#define GD_FLG_CTRLC		BIT(3)	/* Ctrl-C seen while busy */

/**
 * struct global_data - loader-wide state
 * @fdt_blob: control DT
 * @ram_base/@ram_size: the RAM bank Ember loads into
 * @reloc_addr: where Ember's image runs (qemu_arm64: top of RAM)
 * @reloc_end: end of Ember's image, bss, heap and stack
 * @cur_serial: the console device
 */
struct global_data {
	const void *fdt_blob;
	phys_addr_t ram_base;
	phys_size_t ram_size;
	phys_addr_t reloc_addr;
	phys_addr_t reloc_end;
	phys_addr_t heap_start;
	phys_size_t heap_size;
	struct udevice *dm_root;
	struct udevice *cur_serial;
	struct udevice *timer;
	u64 boot_time_us;
	u32 flags;
	int log_level;
	int current_el;
};

extern struct global_data *gd;

#endif
