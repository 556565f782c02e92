// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Register and memory access on aarch64. Physical and virtual addresses
 * are equal (identity map), so map_sysmem() is a cast.
 *
 * Ordering follows the Linux convention drivers expect: readX() is followed
 * by a read barrier, so that later reads of memory the device wrote (after
 * it reported completion through the register) see the new data; writeX()
 * is preceded by a write barrier, so that memory the CPU filled (ring
 * descriptors, buffers) is visible to the device before the register write
 * that tells it to look. The raw accesses are single ldr/str instructions
 * without write-back addressing, which a hypervisor can emulate.
 */
#ifndef __ASM_IO_H
#define __ASM_IO_H

#include <types.h>

/* Full, read and write barriers, for ordering against devices. */
#define mb()		__asm__ __volatile__("dsb sy" : : : "memory")
#define rmb()		__asm__ __volatile__("dsb ld" : : : "memory")
#define wmb()		__asm__ __volatile__("dsb st" : : : "memory")

/* Barriers ordering normal memory with device (DMA) observers. */
#define __io_rmb()	__asm__ __volatile__("dmb oshld" : : : "memory")
#define __io_wmb()	__asm__ __volatile__("dmb oshst" : : : "memory")

static inline u8 __raw_readb(const volatile void *addr)
{
	u8 val;

	__asm__ __volatile__("ldrb %w0, [%1]" : "=r" (val) : "r" (addr));
	return val;
}

static inline u16 __raw_readw(const volatile void *addr)
{
	u16 val;

	__asm__ __volatile__("ldrh %w0, [%1]" : "=r" (val) : "r" (addr));
	return val;
}

static inline u32 __raw_readl(const volatile void *addr)
{
	u32 val;

	__asm__ __volatile__("ldr %w0, [%1]" : "=r" (val) : "r" (addr));
	return val;
}

static inline u64 __raw_readq(const volatile void *addr)
{
	u64 val;

	__asm__ __volatile__("ldr %0, [%1]" : "=r" (val) : "r" (addr));
	return val;
}

static inline void __raw_writeb(u8 val, volatile void *addr)
{
	__asm__ __volatile__("strb %w0, [%1]" : : "rZ" (val), "r" (addr));
}

static inline void __raw_writew(u16 val, volatile void *addr)
{
	__asm__ __volatile__("strh %w0, [%1]" : : "rZ" (val), "r" (addr));
}

static inline void __raw_writel(u32 val, volatile void *addr)
{
	__asm__ __volatile__("str %w0, [%1]" : : "rZ" (val), "r" (addr));
}

static inline void __raw_writeq(u64 val, volatile void *addr)
{
	__asm__ __volatile__("str %x0, [%1]" : : "rZ" (val), "r" (addr));
}

#define readb(a)	({ u8 __v = __raw_readb(a); __io_rmb(); __v; })
#define readw(a)	({ u16 __v = __raw_readw(a); __io_rmb(); __v; })
#define readl(a)	({ u32 __v = __raw_readl(a); __io_rmb(); __v; })
#define readq(a)	({ u64 __v = __raw_readq(a); __io_rmb(); __v; })
#define writeb(v, a)	({ __io_wmb(); __raw_writeb((v), (a)); })
#define writew(v, a)	({ __io_wmb(); __raw_writew((v), (a)); })
#define writel(v, a)	({ __io_wmb(); __raw_writel((v), (a)); })
#define writeq(v, a)	({ __io_wmb(); __raw_writeq((v), (a)); })

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

/**
 * flush_dcache_range() - clean and invalidate [@start, @end) to the point
 * of coherency, so that a device or a later non-cacheable reader sees it
 * @start: first byte
 * @end: byte after the last
 */
void flush_dcache_range(ulong start, ulong end);

/**
 * invalidate_dcache_range() - drop cached copies of [@start, @end) so that
 * the next reads fetch what a device wrote. Partial cache lines at either
 * end are cleaned and invalidated instead, so bytes next to the range are
 * never lost.
 * @start: first byte
 * @end: byte after the last
 */
void invalidate_dcache_range(ulong start, ulong end);

#endif
