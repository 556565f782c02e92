// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * gzwrite <interface> <dev> <addr> <length> [wbuf [offs [outsize]]]:
 * write a gzip-compressed disk image in memory onto a block device,
 * inflated on the way, as U-Boot's gzwrite (gzip_write_blk()). Numbers
 * are hexadecimal: the device number, the address and length of the
 * compressed image, the write buffer's size (default 1 MiB), the byte
 * offset on the device, and the size the image inflates to (default: the
 * gzip trailer's, which holds it modulo 4 GiB).
 */
#include <asm/io.h>
#include <blk.h>
#include <boot.h>
#include <command.h>
#include <errno.h>
#include <memmap.h>
#include <part.h>
#include <stdio.h>

#define GZWRITE_WBUF	0x100000

static int do_gzwrite(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	ulong addr, len, wbuf = GZWRITE_WBUF, offs = 0, outsize = 0;
	struct udevice *blk;
	char name[32];
	int ret;

	if (argc < 5)
		return CMD_RET_USAGE;
	if (cmd_parse_ulong(argv[3], 16, "gzwrite", &addr) ||
	    cmd_parse_ulong(argv[4], 16, "gzwrite", &len) ||
	    (argc > 5 && cmd_parse_ulong(argv[5], 16, "gzwrite", &wbuf)) ||
	    (argc > 6 && cmd_parse_ulong(argv[6], 16, "gzwrite", &offs)) ||
	    (argc > 7 && cmd_parse_ulong(argv[7], 16, "gzwrite", &outsize)))
		return CMD_RET_FAILURE;
	if (!len) {
		printf("gzwrite: length 0: no image to write\n");
		return CMD_RET_FAILURE;
	}
	ret = mem_check_read(addr, len);
	if (ret) {
		mem_report("gzwrite", addr, len, ret);
		return CMD_RET_FAILURE;
	}
	if (!mem_in_ram(addr, len)) {
		printf("gzwrite: %#lx..%#lx is not RAM\n", addr, addr + len - 1);
		return CMD_RET_FAILURE;
	}
	if (blk_get_device_by_str(argv[1], argv[2], &blk))
		return CMD_RET_FAILURE;
	snprintf(name, sizeof(name), "%s %x", argv[1],
		 blk_get_desc(blk)->devnum);
	if (blk_get_desc(blk)->read_only) {
		printf("gzwrite: %s is read-only\n", name);
		return CMD_RET_FAILURE;
	}
	return gzip_write_blk(blk, name, map_sysmem(addr, len), len, wbuf,
			      offs, outsize) ? CMD_RET_FAILURE :
					       CMD_RET_SUCCESS;
}

EMBER_CMD(gzwrite, 8, do_gzwrite,
	  "unzip and write memory to block device",
	  "<interface> <dev> <addr> length [wbuf=1M [offs=0 [outsize=0]]]\n"
	  "    - write the gzip image at <addr> (<length> bytes) to device\n"
	  "      <dev> on <interface>, inflated; all numbers are hex\n"
	  "    - wbuf: bytes written at a time (a multiple of the block size)\n"
	  "    - offs: the offset on the device, in bytes (a block boundary)\n"
	  "    - outsize: the size it inflates to, checked (default: the\n"
	  "      gzip trailer's, which holds it modulo 4 GiB)");
