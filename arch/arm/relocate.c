// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Moving Ember from flash to the top of RAM. This runs first, straight from
 * start.S, in flash at address 0 with the MMU and caches off:
 *
 * - the image's .data and .bss are in read-only flash (a write there would
 *   be taken as a flash command), so nothing here writes a global variable;
 * - every data access is to Device memory, so it must be aligned (the whole
 *   tree is built with -mstrict-align);
 * - the image is linked at 0 and runs at 0, so the pointers stored in it
 *   (ld --apply-dynamic-relocs) are already right for the flash copy.
 *
 * Errors go to the debug UART and stop the CPU: there is nothing to fall
 * back to without RAM.
 */
#include <asm/system.h>
#include <compiler.h>
#include <debug_uart.h>
#include <errno.h>
#include <libfdt.h>
#include <string.h>
#include "arm64.h"

#define R_AARCH64_RELATIVE	1027

/* An ELF64 relocation with addend, as ld writes them into .rela.dyn */
struct elf64_rela {
	u64 r_offset;
	u64 r_info;
	s64 r_addend;
};

static void __noreturn early_fail(const char *msg, u64 val)
{
	debug_uart_puts("\nEmber: ");
	debug_uart_puts(msg);
	debug_uart_puts(" 0x");
	debug_uart_puthex(val, 16);
	debug_uart_puts("\nEmber stopped before relocation.\n");
	cpu_halt();
}

static u64 read_cells(const fdt32_t *cell, int count)
{
	u64 val = 0;

	while (count--)
		val = (val << 32) | fdt32_to_cpu(*cell++);
	return val;
}

/*
 * find_ram_bank() - the 'reg' entry of a /memory node that holds @addr
 * Return: 0, -EINVAL for unusable root cell counts, -ENOENT when no bank
 * holds @addr
 */
static int find_ram_bank(const void *fdt, ulong addr, u64 *basep, u64 *sizep)
{
	int na = fdt_address_cells(fdt, 0);
	int ns = fdt_size_cells(fdt, 0);
	int node;

	if (na < 1 || na > 2 || ns < 1 || ns > 2)
		return -EINVAL;

	fdt_for_each_subnode(node, fdt, 0) {
		const fdt32_t *reg;
		const char *type;
		int len, i;

		type = fdt_getprop(fdt, node, "device_type", &len);
		if (!type || len != sizeof("memory") || memcmp(type, "memory", len))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg)
			continue;
		len /= sizeof(*reg);
		for (i = 0; i + na + ns <= len; i += na + ns) {
			u64 base = read_cells(reg + i, na);
			u64 size = read_cells(reg + i + na, ns);

			if (addr >= base && addr - base < size) {
				*basep = base;
				*sizep = size;
				return 0;
			}
		}
	}
	return -ENOENT;
}

/* Place Ember's area at the top of the bank; see arm64.h for the picture. */
static void plan_layout(struct arm_layout *l, const void *fdt,
			ulong early_stack_top)
{
	ulong image_size = ALIGN((ulong)(__bss_end - __image_start),
				 ARM_PAGE_SIZE);
	ulong end = l->ram_base + l->ram_size;
	ulong need;

	if (l->ram_base < ARM_DMA_LIMIT && end > ARM_DMA_LIMIT)
		end = ARM_DMA_LIMIT;
	end = ALIGN_DOWN(end, ARM_PAGE_SIZE);
	need = ARM_EXC_STACK_SIZE + CONFIG_ARM_STACK_SIZE + ARM_PAGE_SIZE +
	       CONFIG_SYS_MALLOC_LEN + ALIGN(fdt_totalsize(fdt), ARM_PAGE_SIZE) +
	       image_size + ARM_RELOC_ALIGN;
	if (end - l->ram_base < need ||
	    end - need < ALIGN(early_stack_top, ARM_PAGE_SIZE))
		early_fail("RAM bank too small for Ember, size", l->ram_size);

	l->exc_stack_top = end;
	l->stack_top = end - ARM_EXC_STACK_SIZE;
	l->stack_bottom = l->stack_top - CONFIG_ARM_STACK_SIZE;
	l->guard = l->stack_bottom - ARM_PAGE_SIZE;
	l->heap_size = CONFIG_SYS_MALLOC_LEN;
	l->heap = ALIGN_DOWN(l->guard - l->heap_size, ARM_PAGE_SIZE);
	l->fdt_size = fdt_totalsize(fdt);
	l->fdt = ALIGN_DOWN(l->heap - l->fdt_size, ARM_PAGE_SIZE);
	l->reloc_addr = ALIGN_DOWN(l->fdt - image_size, ARM_RELOC_ALIGN);
	l->image_end = l->reloc_addr + (__image_copy_end - __image_start);
	l->bss_end = l->reloc_addr + (__bss_end - __image_start);
}

/*
 * Fix every pointer in the copy at @dest. The image is linked at 0, so a
 * relocation's offset and addend are offsets into the image.
 */
static void apply_relocs(ulong dest, ulong image_size)
{
	const struct elf64_rela *rel = (const void *)__rel_dyn_start;
	const struct elf64_rela *last = (const void *)__rel_dyn_end;

	for (; rel < last; rel++) {
		u64 val = dest + rel->r_addend;
		ulong place = dest + rel->r_offset;

		if ((u32)rel->r_info != R_AARCH64_RELATIVE)
			early_fail("unsupported relocation type, r_info",
				   rel->r_info);
		if (rel->r_offset > image_size - sizeof(u64))
			early_fail("relocation outside the image, offset",
				   rel->r_offset);
		if (IS_ALIGNED(place, sizeof(u64)))
			*(u64 *)place = val;
		else
			memcpy((void *)place, &val, sizeof(val));
	}
}

/* Documented in arm64.h */
struct reloc_result arm_relocate(ulong fdt_addr, ulong early_stack_top,
				 u64 entry_count, ulong entry_el)
{
	const void *fdt = (const void *)fdt_addr;
	ulong image_size = __image_copy_end - __image_start;
	struct arm_layout layout = { 0 };
	struct reloc_result res;
	u64 base, size;

	if (fdt_check_header(fdt))
		early_fail("no device tree at", fdt_addr);
	if (find_ram_bank(fdt, fdt_addr, &base, &size))
		early_fail("no /memory node covers the device tree at",
			   fdt_addr);

	layout.ram_base = base;
	layout.ram_size = size;
	layout.prev_fdt = fdt_addr;
	layout.entry_count = entry_count;
	layout.entry_el = entry_el;
	plan_layout(&layout, fdt, early_stack_top);

	memcpy((void *)layout.reloc_addr, __image_start, image_size);
	apply_relocs(layout.reloc_addr, image_size);
	memset((void *)(layout.reloc_addr + (__bss_start - __image_start)), 0,
	       __bss_end - __bss_start);
	memcpy((void *)layout.fdt, fdt, layout.fdt_size);

	res.offset = layout.reloc_addr - (ulong)__image_start;
	res.layout = (struct arm_layout *)((ulong)&arm_layout + res.offset);
	*res.layout = layout;
	return res;
}
