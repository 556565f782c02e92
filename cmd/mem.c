// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Memory commands: md, mw, cp, cmp, base, mm, nm, loop, random, crc32,
 * hash. Addresses and counts are hex.
 */
#include <asm/io.h>
#include <byteorder.h>
#include <cli.h>
#include <command.h>
#include <ctype.h>
#include <env.h>
#include <errno.h>
#include <hash.h>
#include <lib.h>
#include <memmap.h>
#include <rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* base: the offset added to the addresses of md, mw, cp, cmp, mm and nm */
static ulong mem_base;

/* An address of md, mw, cp, cmp, mm or nm: @arg plus the base */
static int parse_addr(const char *arg, const char *cmd, ulong *addrp)
{
	ulong addr;

	if (parse_hex(arg, cmd, &addr))
		return -EINVAL;
	if (addr > ~0UL - mem_base) {
		printf("%s: address 0x%lx plus the base 0x%lx is past the end of the address space\n",
		       cmd, addr, mem_base);
		return -ERANGE;
	}
	*addrp = addr + mem_base;
	return 0;
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
		if (parse_addr(argv[1], "md", &addr) ||
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
	if (parse_addr(argv[1], "mw", &addr) || parse_hex(argv[2], "mw", &val) ||
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
	if (parse_addr(argv[1], "cp", &src) || parse_addr(argv[2], "cp", &dst) ||
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
	if (parse_addr(argv[1], "cmp", &a) || parse_addr(argv[2], "cmp", &b) ||
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

static int do_base(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	ulong base;

	if (argc > 2)
		return CMD_RET_USAGE;
	if (argc == 2) {
		if (parse_hex(argv[1], "base", &base))
			return CMD_RET_FAILURE;
		mem_base = base;
	}
	printf("Base Address: 0x%08lx\n", mem_base);
	return CMD_RET_SUCCESS;
}

EMBER_CMD(base, 2, do_base, "print or set address offset",
	  "\n"
	  "    - print address offset for memory commands\n"
	  "base off\n"
	  "    - set address offset for memory commands to 'off'");

/* Where mm or nm stopped, and its size: an empty line goes on from there */
static struct {
	ulong addr;
	int size;
} mm_last = { 0, 4 };

/* @line without the blanks at either end (cut in place) */
static char *skip_blanks(char *line)
{
	size_t n;

	while (*line == ' ')
		line++;
	n = strlen(line);
	while (n && line[n - 1] == ' ')
		line[--n] = '\0';
	return line;
}

/*
 * The value typed at mm's prompt: 1 to write *@valp (a hex number, 0x
 * allowed), 0 when the line ends the session (any other line that does
 * not start with a decimal digit), -EINVAL when it starts like a number
 * but is none, or does not fit in @size (said; the same address is asked
 * again). U-Boot writes what a line starts with: "end" writes 0xe
 */
static int mm_value(const char *cmd, char *line, int size, u64 *valp)
{
	unsigned long long v;
	int ret;

	line = skip_blanks(line);
	ret = str_to_u64(line, 16, &v);
	if (ret == -ERANGE) {
		printf("%s: '%s' is larger than 64 bits\n", cmd, line);
		return -EINVAL;
	}
	if (ret) {
		/* "q", "end": the end; "1g", "0xz": a value mistyped */
		if (!isdigit((unsigned char)*line))
			return 0;
		printf("%s: '%s' is not a hex number\n", cmd, line);
		return -EINVAL;
	}
	if (size < 8 && v >> (size * 8)) {
		printf("%s: value 0x%llx does not fit in a %s\n", cmd, v,
		       size_names[size]);
		return -EINVAL;
	}
	*valp = v;
	return 1;
}

/*
 * mm (@step: the address moves on after each item) and nm (it stays): the
 * item shown, then a line typed for it. A hex value is written, an empty
 * line keeps the item, '-' goes back one (mm), anything else or Ctrl-C ends
 */
static int mod_mem(const char *cmd, bool step, int flag, int argc,
		   char *const argv[])
{
	ulong addr = mm_last.addr;
	int size = mm_last.size;
	char line[CONFIG_SYS_CBSIZE];

	if (argc != 2)
		return CMD_RET_USAGE;
	if (!(flag & CMD_FLAG_REPEAT)) {
		size = data_size(argv[0]);
		if (!size)
			return CMD_RET_USAGE;
		if (parse_addr(argv[1], cmd, &addr))
			return CMD_RET_FAILURE;
	}
	mm_last.size = size;
	for (;;) {
		char prompt[48];
		u64 v;
		int len, ret;

		mm_last.addr = addr;
		if (check_range(cmd, addr, 1, size, false) ||
		    access_sized(cmd, addr, size, &v, false))
			return CMD_RET_FAILURE;
		snprintf(prompt, sizeof(prompt), "%08lx: %0*llx ? ", addr,
			 size * 2, (unsigned long long)v);
		len = cli_readline(prompt, line, sizeof(line));
		if (len == -EINTR)
			return CMD_RET_SUCCESS;
		if (len < 0) {
			printf("%s: the line is longer than %d bytes\n", cmd,
			       CONFIG_SYS_CBSIZE - 1);
			continue;
		}
		if (!len || !strcmp(skip_blanks(line), "-")) {
			if (step)
				addr += len ? -size : size;
			continue;
		}
		ret = mm_value(cmd, line, size, &v);
		if (!ret)
			return CMD_RET_SUCCESS;
		if (ret < 0 || check_range(cmd, addr, 1, size, true))
			continue;
		if (access_sized(cmd, addr, size, &v, true))
			return CMD_RET_FAILURE;
		if (step)
			addr += size;
	}
}

static int do_mm(struct cmd_tbl *cmdtp, int flag, int argc,
		 char *const argv[])
{
	return mod_mem("mm", true, flag, argc, argv);
}

EMBER_CMD_REP(mm, 2, do_mm, "memory modify (auto-incrementing address)",
	      "[.b, .w, .l, .q] address\n"
	      "    - at each item, type a hex value to write it, Enter to\n"
	      "      skip it, '-' to go back one, anything else to stop");

static int do_nm(struct cmd_tbl *cmdtp, int flag, int argc,
		 char *const argv[])
{
	return mod_mem("nm", false, flag, argc, argv);
}

EMBER_CMD_REP(nm, 2, do_nm, "memory modify (constant address)",
	      "[.b, .w, .l, .q] address\n"
	      "    - type hex values to write them, Enter to read again,\n"
	      "      anything else to stop");

/* Accesses between two looks for Ctrl-C in loop */
#define LOOP_CTRLC_EVERY	0x10000

/* loop: read @count items at @addr over and over, until Ctrl-C */
static int do_loop(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	int size = data_size(argv[0]);
	struct poll_pace pace;
	ulong addr, count;

	if (argc != 3 || !size)
		return CMD_RET_USAGE;
	if (parse_hex(argv[1], "loop", &addr) ||
	    parse_hex(argv[2], "loop", &count))
		return CMD_RET_FAILURE;
	if (!count) {
		puts("loop: a count of 0 reads nothing\n");
		return CMD_RET_FAILURE;
	}
	if (check_range("loop", addr, count, size, false))
		return CMD_RET_FAILURE;
	/* Ctrl-C looked for every so many reads, whatever the count */
	pace = POLL_PACE(LOOP_CTRLC_EVERY);
	for (ulong i = 0;; i = i + 1 < count ? i + 1 : 0) {
		u64 v;

		if (access_sized("loop", addr + i * size, size, &v, false))
			return CMD_RET_FAILURE;
		if (pace_ctrlc(&pace)) {
			puts("<INTERRUPT>\n");
			return CMD_RET_FAILURE;
		}
	}
}

EMBER_CMD(loop, 3, do_loop, "infinite loop on address range",
	  "[.b, .w, .l, .q] address number_of_objects\n"
	  "    - read the objects over and over (for a scope or a bus\n"
	  "      analyser) until Ctrl-C");

/* Bytes made at a time for a device window */
#define RANDOM_CHUNK	256

/*
 * random addr len [seed]: pseudo-random bytes, the same ones for the same
 * seed (hex); without one, from the generator an RNG device seeded
 */
static int do_random(struct cmd_tbl *cmdtp, int flag, int argc,
		     char *const argv[])
{
	struct rand_stream seeded;
	ulong addr, len, seed = 0;
	u8 buf[RANDOM_CHUNK];

	if (argc < 3 || argc > 4)
		return CMD_RET_USAGE;
	if (parse_hex(argv[1], "random", &addr) ||
	    parse_hex(argv[2], "random", &len) ||
	    (argc == 4 && parse_hex(argv[3], "random", &seed)))
		return CMD_RET_FAILURE;
	if (check_range("random", addr, len, 1, true))
		return CMD_RET_FAILURE;
	if (argc == 4)
		rand_stream_init(&seeded, seed);
	for (ulong done = 0; done < len;) {
		ulong n = min_t(ulong, len - done, sizeof(buf));
		bool ram = mem_in_ram(addr + done, n);
		void *to = ram ? map_sysmem(addr + done, n) : buf;

		if (argc == 4)
			rand_stream_bytes(&seeded, to, n);
		else
			rand_bytes(to, n);
		for (ulong i = 0; !ram && i < n; i++) {
			u64 v = buf[i];

			if (access_sized("random", addr + done + i, 1, &v,
					 true))
				return CMD_RET_FAILURE;
		}
		done += n;
	}
	printf("%lu bytes filled with random data\n", len);
	return CMD_RET_SUCCESS;
}

EMBER_CMD(random, 4, do_random, "fill memory with random pattern",
	  "<addr> <len> [<seed>]\n"
	  "    - fill 'len' bytes at 'addr' with pseudo-random data (not for\n"
	  "      keys); the same hex 'seed' gives the same bytes");

/*
 * The digest @algo of @len bytes at @addr into @out: RAM in one go, a
 * device window byte by byte, through mem_read()
 */
static int digest_range(const char *cmd, const struct hash_algo *algo,
			ulong addr, ulong len, u8 *out)
{
	struct hash_ctx c;

	algo->init(&c);
	if (mem_in_ram(addr, len)) {
		algo->update(&c, map_sysmem(addr, len), len);
	} else {
		for (ulong i = 0; i < len; i++) {
			u64 v;
			u8 b;

			if (access_sized(cmd, addr + i, 1, &v, false))
				return -EFAULT;
			b = v;
			algo->update(&c, &b, 1);
		}
	}
	algo->final(&c, out);
	return 0;
}

static int do_crc32(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	ulong addr, len, store;
	u8 digest[4];
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
	if (digest_range("crc32", hash_lookup("crc32"), addr, len, digest))
		return CMD_RET_FAILURE;
	crc = get_unaligned_be32(digest);
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

/* "sha256 for 40200000 ... 402001ff ==> <digest>", without a newline */
static void hash_show(const struct hash_algo *algo, ulong addr, ulong len,
		      const u8 *digest)
{
	printf("%s for %08lx ... %08lx ==> ", algo->name, addr,
	       len ? addr + len - 1 : addr);
	for (u32 i = 0; i < algo->size; i++)
		printf("%02x", digest[i]);
}

/* @hex, exactly 2 * @size hex digits, into @out: 0 or -EINVAL */
static int hash_parse(const char *hex, u32 size, u8 *out)
{
	if (strlen(hex) != 2 * size)
		return -EINVAL;
	for (u32 i = 0; i < 2 * size; i++) {
		int d = hex_digit(hex[i]);

		if (d < 0)
			return -EINVAL;
		out[i / 2] = i % 2 ? out[i / 2] | d : d << 4;
	}
	return 0;
}

/* A digest's @size bytes at "*addr" (@arg): read into, or written from, @buf */
static int hash_mem(const char *arg, u32 size, u8 *buf, bool write)
{
	ulong at;

	if (parse_hex(arg + 1, "hash", &at) ||
	    check_range("hash", at, size, 1, write))
		return -EINVAL;
	for (u32 i = 0; i < size; i++) {
		u64 v = buf[i];

		if (access_sized("hash", at + i, 1, &v, write))
			return -EFAULT;
		buf[i] = v;
	}
	return 0;
}

/*
 * The digest to check against: "*addr" (its bytes in memory), the hex
 * digits themselves, or the name of a variable holding them
 */
static int hash_expected(const struct hash_algo *algo, const char *arg,
			 u8 *out)
{
	const char *hex = arg;

	if (*arg == '*')
		return hash_mem(arg, algo->size, out, false);
	if (strlen(arg) != 2 * algo->size) {
		hex = env_get(arg);
		if (!hex || strlen(hex) != 2 * algo->size) {
			printf("hash: expected %u hex digits in $%s\n",
			       2 * algo->size, arg);
			return -EINVAL;
		}
	}
	if (hash_parse(hex, algo->size, out)) {
		printf("hash: '%s' is not a %s digest\n", hex, algo->name);
		return -EINVAL;
	}
	return 0;
}

/* Store @digest: at "*addr" in memory, else as hex in the variable @arg */
static int hash_store(const struct hash_algo *algo, const char *arg,
		      u8 *digest)
{
	char hex[2 * HASH_MAX_DIGEST + 1];

	if (*arg == '*')
		return hash_mem(arg, algo->size, digest, true);
	for (u32 i = 0; i < algo->size; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	return env_set(arg, hex) ? -EINVAL : 0;
}

static int do_hash(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	u8 digest[HASH_MAX_DIGEST], want[HASH_MAX_DIGEST];
	const struct hash_algo *algo;
	bool verify = false;
	ulong addr, len;

	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verify = true;
		argc--;
		argv++;
	}
	if (argc < 4 || argc > 5 || (verify && argc != 5))
		return CMD_RET_USAGE;
	algo = hash_lookup(argv[1]);
	if (!algo) {
		printf("hash: unknown algorithm '%s' (%s)\n", argv[1],
		       hash_names());
		return CMD_RET_FAILURE;
	}
	if (parse_hex(argv[2], "hash", &addr) ||
	    parse_hex(argv[3], "hash", &len) ||
	    check_range("hash", addr, len, 1, false))
		return CMD_RET_FAILURE;
	/* Where the digest goes, checked before the work */
	if (!verify && argc == 5 && *argv[4] == '*') {
		ulong at;

		if (parse_hex(argv[4] + 1, "hash", &at) ||
		    check_range("hash", at, algo->size, 1, true))
			return CMD_RET_FAILURE;
	}
	if (digest_range("hash", algo, addr, len, digest))
		return CMD_RET_FAILURE;
	if (verify) {
		if (hash_expected(algo, argv[4], want))
			return CMD_RET_FAILURE;
		if (!memcmp(digest, want, algo->size))
			return CMD_RET_SUCCESS;
		hash_show(algo, addr, len, digest);
		printf(" != ");
		for (u32 i = 0; i < algo->size; i++)
			printf("%02x", want[i]);
		printf(" ** ERROR **\n");
		return CMD_RET_FAILURE;
	}
	hash_show(algo, addr, len, digest);
	printf("\n");
	if (argc == 5 && hash_store(algo, argv[4], digest))
		return CMD_RET_FAILURE;
	return CMD_RET_SUCCESS;
}

EMBER_CMD(hash, 6, do_hash, "compute hash message digest",
	  "algorithm address count [[*]hash_dest]\n"
	  "    - compute message digest [save to env var / *address]\n"
	  "hash -v algorithm address count [*]hash\n"
	  "    - verify message digest of memory area to immediate value,\n"
	  "      env var or *address\n"
	  "algorithms: sha1 sha256 sha384 sha512 crc32 md5");
