// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The sandbox's bus: readl()/writel() to a window claimed by a device model
 * go to that model's register file; RAM is memory; anything else is an
 * empty bus (reads 0, writes are dropped), as a missing device would be.
 */
#include <asm/io.h>
#include <compiler.h>
#include <dm.h>
#include <errno.h>
#include <global_data.h>
#include <memmap.h>
#include <string.h>

#define MAX_WINDOWS 64

struct mmio_window {
	phys_addr_t base;
	phys_size_t size;
	const struct sandbox_mmio_ops *ops;
	void *ctx;
};

/* Barriers executed, by kind (asm/io.h) */
unsigned long sandbox_barriers[SB_COUNT];

static struct mmio_window windows[MAX_WINDOWS];
static int num_windows;

int sandbox_mmio_add(phys_addr_t base, phys_size_t size,
		     const struct sandbox_mmio_ops *ops, void *ctx)
{
	/* Empty, wrapping, or over RAM (where it would never be seen) */
	if (!size || base + size - 1 < base)
		return -EINVAL;
	if (base < gd->ram_base + gd->ram_size && gd->ram_base < base + size)
		return -EBUSY;
	for (int i = 0; i < num_windows; i++) {
		struct mmio_window *w = &windows[i];

		if (base < w->base + w->size && w->base < base + size)
			return -EBUSY;
	}
	if (num_windows == MAX_WINDOWS)
		return -ENOSPC;
	windows[num_windows++] = (struct mmio_window){ base, size, ops, ctx };
	return 0;
}

int sandbox_mmio_add_dt(struct udevice *dev,
			const struct sandbox_mmio_ops *ops, void *ctx,
			phys_addr_t *basep)
{
	u32 v[2];
	int ret;

	for (int i = 0; i < 2; i++) {
		ret = ofnode_read_u32_index(dev_ofnode(dev), "ember,window", i,
					    &v[i]);
		if (ret) {
			dev_err(dev, "ember,window needs 2 cells: %d\n", ret);
			return ret;
		}
	}
	ret = sandbox_mmio_add(v[0], v[1], ops, ctx);
	if (ret) {
		dev_err(dev, "cannot claim its window: %d\n", ret);
		return ret;
	}
	*basep = v[0];
	return 0;
}

void sandbox_mmio_remove(phys_addr_t base)
{
	for (int i = 0; i < num_windows; i++) {
		if (windows[i].base == base) {
			windows[i] = windows[--num_windows];
			return;
		}
	}
}

void sandbox_mmio_poll(void)
{
	for (int i = 0; i < num_windows; i++) {
		if (windows[i].ops->poll)
			windows[i].ops->poll(windows[i].ctx);
	}
}

static struct mmio_window *find_window(phys_addr_t addr)
{
	for (int i = 0; i < num_windows; i++) {
		if (addr - windows[i].base < windows[i].size)
			return &windows[i];
	}
	return NULL;
}

/* Outside RAM, where no model answers, the bus reads 0 and drops writes */
static bool is_ram(phys_addr_t pa)
{
	return pa - gd->ram_base < gd->ram_size;
}

u64 sandbox_read(const volatile void *addr, int size)
{
	phys_addr_t pa = (phys_addr_t)(uintptr_t)addr;
	struct mmio_window *w = find_window(pa);

	if (w)
		return w->ops->read(w->ctx, pa - w->base, size);
	if (!is_ram(pa))
		return 0;
	switch (size) {
	case 1:
		return *(const volatile u8 *)addr;
	case 2:
		return *(const volatile u16 *)addr;
	case 4:
		return *(const volatile u32 *)addr;
	default:
		return *(const volatile u64 *)addr;
	}
}

void sandbox_write(volatile void *addr, u64 val, int size)
{
	phys_addr_t pa = (phys_addr_t)(uintptr_t)addr;
	struct mmio_window *w = find_window(pa);

	if (w) {
		w->ops->write(w->ctx, pa - w->base, val, size);
		return;
	}
	if (!is_ram(pa))
		return;
	switch (size) {
	case 1:
		*(volatile u8 *)addr = val;
		break;
	case 2:
		*(volatile u16 *)addr = val;
		break;
	case 4:
		*(volatile u32 *)addr = val;
		break;
	default:
		*(volatile u64 *)addr = val;
		break;
	}
}

/* Nothing faults here: models answer, and the bus reads 0 elsewhere */
int arch_probe_read(const volatile void *addr, int size, u64 *valp)
{
	*valp = sandbox_read(addr, size);
	return 0;
}

int arch_probe_write(volatile void *addr, int size, u64 val)
{
	sandbox_write(addr, val, size);
	return 0;
}

const char *arch_mem_hole(phys_addr_t addr, u64 len, phys_addr_t *basep,
			  u64 *sizep)
{
	return NULL;
}
