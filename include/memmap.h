// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The memory map: which physical ranges a command or a load may touch.
 * RAM holds, besides free space, Ember's own image, heap and stack
 * (gd->reloc_addr..gd->reloc_end) and the control DT: loads and memory
 * writes must never land there. Device windows come from the DT's 'reg'.
 * Holes the architecture leaves unmapped (the stack guard page) are
 * refused to reads too. Accesses to device windows go through
 * mem_read()/mem_write(), which survive a device refusing the access.
 */
#ifndef __MEMMAP_H
#define __MEMMAP_H

#include <types.h>

/**
 * mem_check_read() - may [@addr, @addr + @len) be read?
 * Return: 0 when it lies in RAM or in one device window, -EFAULT otherwise
 */
int mem_check_read(phys_addr_t addr, u64 len);
/**
 * mem_check_write() - may it be written by a memory command?
 * Return: 0; -EFAULT outside RAM and device windows; -EBUSY when it
 * overlaps a reserved region (see mem_reserved_name())
 */
int mem_check_write(phys_addr_t addr, u64 len);
/**
 * mem_check_load() - may a file be loaded there? As mem_check_write() but
 * RAM only.
 */
int mem_check_load(phys_addr_t addr, u64 len);
/**
 * mem_load_room() - how many bytes from @addr a load may take: up to the
 * first reserved region or the end of RAM, whichever comes first (named
 * in *@stopp); 0 where no load may start
 */
u64 mem_load_room(phys_addr_t addr, const char **stopp);
/** mem_in_ram() - whether the range lies in RAM */
bool mem_in_ram(phys_addr_t addr, u64 len);
/**
 * mem_read() - read the @size-byte (1, 2, 4, 8) value at @addr, aligned,
 * in RAM or a device window that mem_check_read() accepted
 * Return: 0, or -EFAULT when the access faulted (a device that does not
 * take an access of that width, or nothing there): nothing crashes
 */
int mem_read(phys_addr_t addr, int size, u64 *valp);
/** mem_write() - the same for a write of @val */
int mem_write(phys_addr_t addr, int size, u64 val);

/* Architecture hooks */
/**
 * arch_probe_read() / arch_probe_write() - one access of @size bytes that
 * returns -EFAULT instead of crashing when it faults (0 otherwise)
 */
int arch_probe_read(const volatile void *addr, int size, u64 *valp);
int arch_probe_write(volatile void *addr, int size, u64 val);
/**
 * arch_mem_hole() - the unmapped region the range touches (its name, base
 * and size), or NULL
 */
const char *arch_mem_hole(phys_addr_t addr, u64 len, phys_addr_t *basep,
			  u64 *sizep);

/** mem_reserved_name() - the reserved region overlapping the range, or NULL */
const char *mem_reserved_name(phys_addr_t addr, u64 len);
/**
 * mem_report() - print why a range was refused ("<what>: ...") for the
 * error mem_check_*() returned
 */
void mem_report(const char *what, phys_addr_t addr, u64 len, int err);

#endif
