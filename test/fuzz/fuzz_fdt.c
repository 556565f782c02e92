// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Device trees from outside (loaded files, the DT handed to booti): the
 * check every use goes through (fdt_valid_at()), then what is done to a
 * DT that passed it - booti's fix-ups for the kernel (bootargs, initrd,
 * seeds, /chosen made if missing) and the fdt command printing it.
 *
 * Input: the DT itself.
 */
#include <asm/io.h>
#include <boot.h>
#include <command.h>
#include <fdt_valid.h>
#include <libfdt.h>
#include <string.h>
#include "fuzz.h"

#define DT_ADDR		0x45000000
#define DT_MAX		0x10000
#define COPY_ADDR	0x46000000

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct boot_fdt_args args = {
		.bootargs = "console=ttyAMA0 root=/dev/vda",
		.initrd_start = 0x48000000,
		.initrd_end = 0x48100000,
		.seed = true,
	};
	void *copy = map_sysmem(COPY_ADDR, 2 * DT_MAX);
	const void *fdt;

	fuzz_init();
	if (size > DT_MAX)
		size = DT_MAX;
	memset(map_sysmem(DT_ADDR, DT_MAX), 0, DT_MAX);
	memcpy(map_sysmem(DT_ADDR, size), data, size);
	fdt = fdt_valid_at(DT_ADDR);
	if (!fdt)
		return 0;
	if (!fdt_open_into(fdt, copy, 2 * DT_MAX))
		boot_fdt_fixup(copy, &args);
	run_command("fdt addr 45000000; fdt print / ; fdt list /chosen", 0);
	return 0;
}
