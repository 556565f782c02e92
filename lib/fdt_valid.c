// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Checking a device tree in memory before any use (see fdt_valid.h). */
#include <asm/io.h>
#include <fdt_valid.h>
#include <libfdt.h>
#include <memmap.h>

const void *fdt_valid_at(phys_addr_t addr)
{
	const void *fdt;

	if (mem_check_read(addr, sizeof(struct fdt_header)))
		return NULL;
	fdt = map_sysmem(addr, 0);
	/*
	 * Versions before 16 are refused before fdt_check_full(): for them
	 * libfdt 1.6.1 (Debian 12's) reads a root node name without a '/' as
	 * NULL, and its check dereferences that (found by the fdt fuzzer).
	 * dtc, QEMU and the kernel write version 17.
	 */
	if (fdt_check_header(fdt) || fdt_version(fdt) < FDT_VALID_MIN_VERSION ||
	    mem_check_read(addr, fdt_totalsize(fdt)) ||
	    fdt_check_full(fdt, fdt_totalsize(fdt)))
		return NULL;
	return fdt;
}
