// SPDX-License-Identifier: Apache-2.0 OR MIT
/* kaslrseed: write 8 random bytes to /chosen/kaslr-seed of the working DT. */
#include <boot.h>
#include <command.h>
#include <errno.h>
#include <fdt_cmd.h>
#include <stdio.h>

static int do_kaslrseed(struct cmd_tbl *cmdtp, int flag, int argc,
			char *const argv[])
{
	void *fdt = fdt_working_writable("kaslrseed");
	int ret;

	if (!fdt)
		return CMD_RET_FAILURE;
	ret = boot_fdt_seed(fdt, "kaslr-seed", 8);
	if (ret == -ENODEV)
		printf("kaslrseed: no RNG device\n");
	else if (ret == -ENOSPC)
		printf("kaslrseed: no room in the device tree (fdt resize)\n");
	else if (ret)
		printf("kaslrseed: reading the RNG failed: %d (%s)\n", ret,
		       errno_str(ret));
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD(kaslrseed, 1, do_kaslrseed,
	  "feed bootloader randomness to the OS: /chosen/kaslr-seed", "\n"
	  "    - write 8 bytes from the first RNG device into the working DT");
