// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Cache and MMU maintenance on aarch64 (arch/arm/cache.S, arch/arm/mmu.c).
 * The range operations for drivers are declared in asm/io.h.
 */
#ifndef __ASM_CACHE_H
#define __ASM_CACHE_H

#include <types.h>

/**
 * flush_dcache_all() - clean and invalidate every data cache level up to
 * the point of coherency, by set/way
 *
 * Set/way operations act on this CPU's caches only and are not safe while
 * another agent may allocate lines; Ember runs on one CPU and uses this only
 * just before turning the caches off (mmu_disable_and_clean()), which is
 * the case the architecture allows it for. Drivers sharing buffers with
 * devices use flush_dcache_range() instead.
 */
void flush_dcache_all(void);

/** invalidate_dcache_all() - drop all data cache lines by set/way (reset) */
void invalidate_dcache_all(void);

/** invalidate_icache_all() - invalidate the instruction cache to PoU */
void invalidate_icache_all(void);

/**
 * mmu_disable_and_clean() - leave the CPU as an OS expects at entry
 *
 * Turns the data cache and MMU off, then cleans and invalidates all data
 * caches (so everything written while the caches were on, including a
 * loaded kernel, is in RAM), invalidates the instruction cache and the TLBs.
 * After this, code runs from the identity map with caches off; the
 * exception vectors stay in place.
 */
void mmu_disable_and_clean(void);

/**
 * dcache_line_size() - smallest data cache line, from CTR_EL0
 * Return: bytes
 */
unsigned int dcache_line_size(void);

#endif
