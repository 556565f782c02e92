// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Checking a device tree in memory before any use (lib/fdt_valid.c). */
#ifndef __FDT_VALID_H
#define __FDT_VALID_H

#include <types.h>

#define FDT_VALID_MIN_VERSION	16	/* older DTs are refused */

/**
 * fdt_valid_at() - the device tree at @addr, if it is one: its header
 * (version 16 or later), its whole size inside memory that may be read,
 * and its structure
 * (fdt_check_full(): tags, nesting, names and string offsets) checked.
 * Memory may change under a saved address (a load over it): whoever keeps
 * an address calls this again before each use.
 * Return: the DT, or NULL
 */
const void *fdt_valid_at(phys_addr_t addr);

#endif
