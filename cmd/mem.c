// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Memory commands: md, mw, cp, cmp, crc32. Addresses and counts are hex. */
#include <asm/io.h>
#include <byteorder.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <lib.h>
#include <memmap.h>
#include <stdio.h>
#include <string.h>

#define MD_DEFAULT_COUNT	0x40

static const char *const size_names[] = {
	[1] = "byte", [2] = "halfword", [4] = "word", [8] = "double word",
};

/* Data size from the .b/.w/.l/.q suffix of argv[0]; 0 when invalid */
static int data_size(const char *arg)
{
	int size = cmd_get_data_size(arg, 4);

	if (size < 0) {
		printf("%s: unknown data size suffix (use .b, .w, .l or .q)\n",
		       arg);
		return 0;
	}
	return size;
}

static int parse_hex(const char *arg, const char *what, ulong *valp)
{
	return cmd_parse_ulong(arg, 16, what, valp);
}

/* Check that @count items of @size at @addr fit and may be accessed */
static int check_range(const char *cmd, ulong addr, ulong count, int size,
		       bool write)
{
	u64 len;
	int ret;

	if (count > ~0UL / size) {
		printf("%s: count 0x%lx is too large\n", cmd, count);
		return -ERANGE;
	}
	len = (u64)count * size;
	if (addr % size) {
		printf("%s: address 0x%lx is not aligned to %d bytes\n", cmd,
		       addr, size);
		return -EINVAL;
	}
	ret = write ? mem_check_write(addr, len) : mem_check_read(addr, len);
	if (ret)
		mem_report(cmd, addr, len, ret);
	return ret;
}

/* One access through mem_read()/mem_write(): a refused one is reported */
static int access_sized(const char *cmd, ulong addr, int size, u64 *valp,
			bool write)
{
	int ret = write ? mem_write(addr, size, *valp) :
			  mem_read(addr, size, valp);

	if (ret)
		printf("%s: the %s %s at 0x%lx faulted: the device there does not take that access\n",
		       cmd, size_names[size], write ? "write" : "read", addr);
	return ret;
}

/* Where md stopped, and its size and count: a repeat goes on from there */
static struct {
	ulong addr, count;
	int size;
} md_last = { 0, MD_DEFAULT_COUNT, 4 };

static int do_md(struct cmd_tbl *cmdtp, int flag, int argc,
		 char *const argv[])
{
	ulong addr = md_last.addr, count = md_last.count;
	int size = md_last.size;

	if (argc < 2 || argc > 3)
		return CMD_RET_USAGE;
	/* An empty line repeats 'md': the next rows, as U-Boot */
	if (!(flag & CMD_FLAG_REPEAT)) {
		size = data_size(argv[0]);
		if (!size)
			return CMD_RET_USAGE;
		if (parse_hex(argv[1], "md", &addr) ||
		    (argc == 3 && parse_hex(argv[2], "md", &count)))
			return CMD_RET_FAILURE;
	}
	if (check_range("md", addr, count, size, false))
		return CMD_RET_FAILURE;
	md_last.size = size;
	md_last.count = count;
	/* Line by line through the accessors: device windows too */
	while (count) {
		u8 line[16];
		int n = min_t(ulong, count, 16 / size);

		for (int i = 0; i < n; i++) {
			u64 v;

			if (access_sized("md", addr + i * size, size, &v, false))
				return CMD_RET_FAILURE;
			memcpy(line + i * size, &v, size);
		}
		print_buffer(addr, line, size, n, 16 / size);
		addr += n * size;
		count -= n;
		md_last.addr = addr;
		if (ctrlc()) {
			puts("<INTERRUPT>\n");
			return CMD_RET_FAILURE;
		}
	}
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(md, 3, do_md, "memory display",
	  "[.b, .w, .l, .q] address [# of objects]");

static int do_mw(struct cmd_tbl *cmdtp, int flag, int argc,
		 char *const argv[])
{
	int size = data_size(argv[0]);
	ulong addr, val, count = 1;

	if (argc < 3 || argc > 4 || !size)
		return CMD_RET_USAGE;
	if (parse_hex(argv[1], "mw", &addr) || parse_hex(argv[2], "mw", &val) ||
	    (argc == 4 && parse_hex(argv[3], "mw", &count)))
		return CMD_RET_FAILURE;
	if (size < 8 && val >> (size * 8)) {
		printf("mw: value 0x%lx does not fit in a %s\n", val,
		       size_names[size]);
		return CMD_RET_FAILURE;
	}
	if (check_range("mw", addr, count, size, true))
		return CMD_RET_FAILURE;
	for (ulong i = 0; i < count; i++) {
		u64 v = val;

		if (access_sized("mw", addr + i * size, size, &v, true))
			return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(mw, 4, do_mw, "memory write (fill)",
	  "[.b, .w, .l, .q] address value [count]");

static int do_cp(struct cmd_tbl *cmdtp, int flag, int argc,
		 char *const argv[])
{
	int size = data_size(argv[0]);
	ulong src, dst, count;

	if (argc != 4 || !size)
		return CMD_RET_USAGE;
	if (parse_hex(argv[1], "cp", &src) || parse_hex(argv[2], "cp", &dst) ||
	    parse_hex(argv[3], "cp", &count))
		return CMD_RET_FAILURE;
	if (check_range("cp", src, count, size, false) ||
	    check_range("cp", dst, count, size, true))
		return CMD_RET_FAILURE;
	if (mem_in_ram(src, count * size) && mem_in_ram(dst, count * size)) {
		memmove(map_sysmem(dst, count * size),
			map_sysmem(src, count * size), count * size);
		return CMD_RET_SUCCESS;
	}
	/* A device window on either side: item by item, in the right order */
	for (ulong i = 0; i < count; i++) {
		ulong k = dst > src ? count - 1 - i : i;
		u64 v;

		if (access_sized("cp", src + k * size, size, &v, false) ||
		    access_sized("cp", dst + k * size, size, &v, true))
			return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(cp, 4, do_cp, "memory copy",
	  "[.b, .w, .l, .q] source target count");

static int do_cmp(struct cmd_tbl *cmdtp, int flag, int argc,
		  char *const argv[])
{
	int size = data_size(argv[0]);
	ulong a, b, count, i;

	if (argc != 4 || !size)
		return CMD_RET_USAGE;
	if (parse_hex(argv[1], "cmp", &a) || parse_hex(argv[2], "cmp", &b) ||
	    parse_hex(argv[3], "cmp", &count))
		return CMD_RET_FAILURE;
	if (check_range("cmp", a, count, size, false) ||
	    check_range("cmp", b, count, size, false))
		return CMD_RET_FAILURE;
	for (i = 0; i < count; i++) {
		u64 va, vb;

		if (access_sized("cmp", a + i * size, size, &va, false) ||
		    access_sized("cmp", b + i * size, size, &vb, false))
			return CMD_RET_FAILURE;
		if (va != vb) {
			printf("%s at 0x%08lx (%#0*llx) != %s at 0x%08lx (%#0*llx)\n",
			       size_names[size], a + i * size, size * 2 + 2,
			       (unsigned long long)va, size_names[size],
			       b + i * size, size * 2 + 2,
			       (unsigned long long)vb);
			break;
		}
	}
	printf("Total of %lu %s(s) were the same\n", i, size_names[size]);
	return i == count ? CMD_RET_SUCCESS : CMD_RET_FAILURE;
}

EMBER_CMD_REP(cmp, 4, do_cmp, "memory compare",
	  "[.b, .w, .l, .q] addr1 addr2 count");

/* RAM in one go; a device window byte by byte, through mem_read() */
static int crc32_range(ulong addr, ulong len, u32 *crcp)
{
	u32 crc = 0;

	if (mem_in_ram(addr, len)) {
		*crcp = crc32(0, map_sysmem(addr, len), len);
		return 0;
	}
	for (ulong i = 0; i < len; i++) {
		u64 v;
		u8 b;

		if (access_sized("crc32", addr + i, 1, &v, false))
			return -EFAULT;
		b = v;
		crc = crc32(crc, &b, 1);
	}
	*crcp = crc;
	return 0;
}

static int do_crc32(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	ulong addr, len, store;
	u32 crc;

	if (argc < 3 || argc > 4)
		return CMD_RET_USAGE;
	if (parse_hex(argv[1], "crc32", &addr) ||
	    parse_hex(argv[2], "crc32", &len) ||
	    (argc == 4 && parse_hex(argv[3], "crc32", &store)))
		return CMD_RET_FAILURE;
	if (check_range("crc32", addr, len, 1, false) ||
	    (argc == 4 && check_range("crc32", store, 1, 4, true)))
		return CMD_RET_FAILURE;
	if (crc32_range(addr, len, &crc))
		return CMD_RET_FAILURE;
	printf("crc32 for %08lx ... %08lx ==> %08x\n", addr,
	       len ? addr + len - 1 : addr, crc);
	if (argc == 4) {
		/* Big-endian, as U-Boot stores it (scripts cmp it with data) */
		u64 v = cpu_to_be32(crc);

		if (access_sized("crc32", store, 4, &v, true))
			return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(crc32, 4, do_crc32, "checksum calculation",
	  "address count [addr]\n"
	  "    - compute CRC32 checksum [save at addr]");
