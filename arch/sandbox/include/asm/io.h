// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Register and memory access on sandbox. Physical addresses equal host
 * addresses: RAM is mapped at CONFIG_SANDBOX_RAM_BASE. Accesses to a window
 * claimed by a device model (sandbox_mmio_add()) are routed to the model;
 * everything else is plain memory.
 */
#ifndef __ASM_IO_H
#define __ASM_IO_H

#include <types.h>

struct udevice;

/**
 * struct sandbox_mmio_ops - a device model's register file
 * @read: value of the @size-byte register at @offset
 * @write: store @val into the @size-byte register at @offset
 * @poll: let the model make progress on its own (deliver input); called
 *        from every wait loop through cpu_relax() (optional)
 */
struct sandbox_mmio_ops {
	u64 (*read)(void *ctx, ulong offset, int size);
	void (*write)(void *ctx, ulong offset, u64 val, int size);
	void (*poll)(void *ctx);
};

/**
 * sandbox_mmio_add() - route [@base, @base + @size) to a model
 * Return: 0, -EINVAL when it is empty or wraps, -EBUSY when it overlaps a
 * window or RAM, -ENOSPC when the table is full
 */
int sandbox_mmio_add(phys_addr_t base, phys_size_t size,
		     const struct sandbox_mmio_ops *ops, void *ctx);
/**
 * sandbox_mmio_add_dt() - route the window of @dev's DT property
 * 'ember,window = <base size>' to a model, as sandbox_mmio_add(); its base
 * in *@basep (for sandbox_mmio_remove())
 * Return: 0, or the error of the property or of sandbox_mmio_add(), said
 * with @dev's name
 */
int sandbox_mmio_add_dt(struct udevice *dev,
			const struct sandbox_mmio_ops *ops, void *ctx,
			phys_addr_t *basep);
/** sandbox_mmio_remove() - drop the window starting at @base */
void sandbox_mmio_remove(phys_addr_t base);

/** sandbox_mmio_poll() - run every model's poll op */
void sandbox_mmio_poll(void);

u64 sandbox_read(const volatile void *addr, int size);
void sandbox_write(volatile void *addr, u64 val, int size);

#define readb(a)	((u8)sandbox_read(a, 1))
#define readw(a)	((u16)sandbox_read(a, 2))
#define readl(a)	((u32)sandbox_read(a, 4))
#define readq(a)	((u64)sandbox_read(a, 8))
#define writeb(v, a)	sandbox_write(a, (u8)(v), 1)
#define writew(v, a)	sandbox_write(a, (u16)(v), 2)
#define writel(v, a)	sandbox_write(a, (u32)(v), 4)
#define writeq(v, a)	sandbox_write(a, (u64)(v), 8)

/*
 * Barriers, each also counted in sandbox_barriers[], so that unit tests can
 * show the ring code orders its memory accesses where the specification
 * asks (VIRTIO 1.2 §2.7.13, §2.8.21)
 */
enum sandbox_barrier { SB_MB, SB_RMB, SB_WMB, SB_COUNT };
extern unsigned long sandbox_barriers[SB_COUNT];

#define mb()	(sandbox_barriers[SB_MB]++, \
		 __atomic_thread_fence(__ATOMIC_SEQ_CST))
#define rmb()	(sandbox_barriers[SB_RMB]++, \
		 __atomic_thread_fence(__ATOMIC_ACQUIRE))
#define wmb()	(sandbox_barriers[SB_WMB]++, \
		 __atomic_thread_fence(__ATOMIC_RELEASE))

static inline void *map_sysmem(phys_addr_t paddr, phys_size_t len)
{
	return (void *)(uintptr_t)paddr;
}

static inline phys_addr_t map_to_sysmem(const void *ptr)
{
	return (phys_addr_t)(uintptr_t)ptr;
}

static inline void unmap_sysmem(const void *vaddr)
{
}

/* Memory is coherent with the device models: nothing to do. */
static inline void flush_dcache_range(ulong start, ulong end) { }
static inline void invalidate_dcache_range(ulong start, ulong end) { }

#endif
