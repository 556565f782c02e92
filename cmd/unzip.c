// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * unzip: inflate the gzip stream at one address to another, as U-Boot's
 * unzip does (boot scripts use it for an Image.gz), and set 'filesize'.
 * Unlike U-Boot's, the output is bounded: by dstsize when given, else by
 * the first reserved region or the end of RAM; and by the compressed data
 * itself, which the output must never overtake. The input is bounded by
 * the end of RAM, and by the destination when that lies above it.
 */
#include <asm/io.h>
#include <boot.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <global_data.h>
#include <memmap.h>
#include <stdio.h>

static int do_unzip(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	ulong src, dst, dst_size = 0;
	const char *stop = "dstsize";
	u64 ram_left, in_len, room;
	size_t out;
	int ret;

	if (argc < 3 || argc > 4)
		return CMD_RET_USAGE;
	if (cmd_parse_ulong(argv[1], 16, "unzip", &src) ||
	    cmd_parse_ulong(argv[2], 16, "unzip", &dst) ||
	    (argc == 4 && cmd_parse_ulong(argv[3], 16, "unzip", &dst_size)))
		return CMD_RET_FAILURE;
	if (!mem_in_ram(src, 2)) {
		mem_report("unzip", src, 2, -EFAULT);
		return CMD_RET_FAILURE;
	}
	if (!boot_is_gzip(map_sysmem(src, 2), 2)) {
		printf("unzip: no gzip data at 0x%lx\n", src);
		return CMD_RET_FAILURE;
	}
	if (dst == src) {
		printf("unzip: the destination is the compressed data itself\n");
		return CMD_RET_FAILURE;
	}
	ram_left = gd->ram_base + gd->ram_size - src;
	in_len = ram_left;
	if (dst > src && dst - src < in_len)
		in_len = dst - src;
	if (argc == 4) {
		room = dst_size;
		ret = mem_check_load(dst, room);
		if (ret) {
			mem_report("unzip", dst, room, ret);
			return CMD_RET_FAILURE;
		}
	} else {
		room = mem_load_room(dst, &stop);
		if (!room) {
			ret = mem_check_load(dst, 1);
			mem_report("unzip", dst, 1, ret);
			return CMD_RET_FAILURE;
		}
	}
	if (dst < src && src - dst < room) {
		room = src - dst;
		stop = "the compressed data";
	}
	ret = boot_gunzip(map_sysmem(dst, room), room, map_sysmem(src, in_len),
			  in_len, &out);
	if (ret == -ENOSPC) {
		printf("unzip: the data inflates past 0x%llx bytes at 0x%lx, up to %s\n",
		       (unsigned long long)room, dst, stop);
	} else if (ret == -ENODATA && in_len < ram_left) {
		printf("unzip: the compressed data at 0x%lx runs into the destination at 0x%lx\n",
		       src, dst);
	} else if (ret) {
		printf("unzip: cannot inflate the data at 0x%lx: %s\n", src,
		       ret == -ENODATA ? "truncated gzip data" :
		       ret == -EBADMSG ? "corrupt gzip data" : errno_str(ret));
	}
	if (ret)
		return CMD_RET_FAILURE;
	printf("Uncompressed size: %zu = 0x%zX\n", out, out);
	return env_set_hex("filesize", out) ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD(unzip, 4, do_unzip, "unzip a memory region",
	  "srcaddr dstaddr [dstsize]");
