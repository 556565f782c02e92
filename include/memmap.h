// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The memory map: which physical ranges a command or a load may touch.
 * RAM holds, besides free space, Ember's own image, heap and stack
 * (gd->reloc_addr..gd->reloc_end) and the control DT: loads and memory
 * writes must never land there. Device windows come from the DT's 'reg'.
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
/** mem_reserved_name() - the reserved region overlapping the range, or NULL */
const char *mem_reserved_name(phys_addr_t addr, u64 len);
/**
 * mem_report() - print why a range was refused ("<what>: ...") for the
 * error mem_check_*() returned
 */
void mem_report(const char *what, phys_addr_t addr, u64 len, int err);

#endif
