// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * unzip: gzip streams made here of stored deflate blocks (RFC 1951
 * §3.2.4), inflated whole; and what it refuses: no gzip data, a
 * destination too small, output that would overtake the compressed data,
 * compressed data that runs into the destination, corrupt data, memory it
 * may not touch.
 */
#include <asm/io.h>
#include <command.h>
#include <env.h>
#include <global_data.h>
#include <lib.h>
#include <stdio.h>
#include <string.h>
#include <test/ut.h>

#define SRC_OFF		0x1000000	/* from the start of RAM */
#define DST_OFF		0x1800000
#define DATA_LEN	100000		/* two stored blocks */
#define STORED_MAX	65535

static const char *const usage[] = {
	"unzip - unzip a memory region",
	"",
	"Usage:",
	"unzip srcaddr dstaddr [dstsize]",
};

/* @len bytes of @data as a gzip stream of stored blocks at @out; its length */
static size_t make_gz(u8 *out, const u8 *data, size_t len)
{
	static const u8 head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	u32 crc = crc32(0, data, len);
	size_t n = sizeof(head);

	memcpy(out, head, n);
	for (size_t off = 0; off < len || !off;) {
		size_t k = len - off < STORED_MAX ? len - off : STORED_MAX;

		out[n++] = off + k == len;	/* BFINAL, BTYPE 00 */
		out[n++] = k;
		out[n++] = k >> 8;
		out[n++] = ~k;
		out[n++] = ~k >> 8;
		memcpy(out + n, data + off, k);
		n += k;
		off += k;
		if (!len)
			break;
	}
	for (int i = 0; i < 4; i++)
		out[n++] = crc >> (8 * i);
	for (int i = 0; i < 4; i++)
		out[n++] = len >> (8 * i);
	return n;
}

/* The gzip of DATA_LEN bytes of a pattern at @src; its length */
static size_t put_gz(phys_addr_t src, u8 *data)
{
	for (size_t i = 0; i < DATA_LEN; i++)
		data[i] = i * 7 + (i >> 9);
	return make_gz(map_sysmem(src, DATA_LEN + 64), data, DATA_LEN);
}

static int unzip_ok(struct unit_test_state *uts)
{
	unsigned long long src = gd->ram_base + SRC_OFF;
	unsigned long long dst = gd->ram_base + DST_OFF;
	static u8 data[DATA_LEN];
	size_t gz = put_gz(src, data);

	ut_assert(gz > DATA_LEN);
	memset(map_sysmem(dst, DATA_LEN), 0, DATA_LEN);
	ut_asserteq(0, ut_run_commandf("unzip %llx %llx", src, dst));
	ut_assert_nextline("Uncompressed size: 100000 = 0x186A0");
	ut_assert_console_end();
	ut_asserteq_mem(data, map_sysmem(dst, DATA_LEN), DATA_LEN);
	ut_asserteq_str("186a0", env_get("filesize"));
	/* dstsize exactly enough, and an empty stream */
	ut_asserteq(0, ut_run_commandf("unzip %llx %llx %x", src, dst, DATA_LEN));
	ut_assert_nextline("Uncompressed size: 100000 = 0x186A0");
	make_gz(map_sysmem(src, 64), data, 0);
	ut_asserteq(0, ut_run_commandf("unzip %llx %llx", src, dst));
	ut_assert_nextline("Uncompressed size: 0 = 0x0");
	ut_asserteq_str("0", env_get("filesize"));
	ut_assert_console_end();
	return 0;
}

static int unzip_refused(struct unit_test_state *uts)
{
	unsigned long long src = gd->ram_base + SRC_OFF;
	unsigned long long dst = gd->ram_base + DST_OFF;
	unsigned long long ram_end = gd->ram_base + gd->ram_size;
	unsigned long long reloc = gd->reloc_addr;
	static u8 data[DATA_LEN];
	size_t gz = put_gz(src, data);
	u8 *p = map_sysmem(src, gz);

	env_set("filesize", "7");
	ut_asserteq(1, ut_run_commandf("unzip %llx %llx %x", src, dst,
				       DATA_LEN - 1));
	ut_assert_nextlinef("unzip: the data inflates past 0x1869f bytes at 0x%llx, up to dstsize",
			    dst);
	/* Below the compressed data, with less room than the output needs */
	ut_asserteq(1, ut_run_commandf("unzip %llx %llx", src, src - 0x1000));
	ut_assert_nextlinef("unzip: the data inflates past 0x1000 bytes at 0x%llx, up to the compressed data",
			    src - 0x1000);
	ut_asserteq(0, memcmp(p, "\x1f\x8b", 2));	/* the input is intact */
	/* Above it, inside it */
	ut_asserteq(1, ut_run_commandf("unzip %llx %llx", src, src + 0x1000));
	ut_assert_nextlinef("unzip: the compressed data at 0x%llx runs into the destination at 0x%llx",
			    src, src + 0x1000);
	ut_asserteq(1, ut_run_commandf("unzip %llx %llx", src, src));
	ut_assert_nextline("unzip: the destination is the compressed data itself");
	/* Corrupt: the CRC */
	p[gz - 8] ^= 0xff;
	ut_asserteq(1, ut_run_commandf("unzip %llx %llx", src, dst));
	ut_assert_nextlinef("unzip: cannot inflate the data at 0x%llx: corrupt gzip data",
			    src);
	p[gz - 8] ^= 0xff;
	/* Not gzip; not in RAM; a destination in Ember's own memory */
	ut_asserteq(1, ut_run_commandf("unzip %llx %llx", dst + 1, src));
	ut_assert_nextlinef("unzip: no gzip data at 0x%llx", dst + 1);
	ut_asserteq(1, ut_run_commandf("unzip %llx %llx", ram_end, dst));
	ut_assert_nextlinef("unzip: %#llx..%#llx is outside RAM (%#llx..%#llx) and device windows",
			    ram_end, ram_end + 1,
			    (unsigned long long)gd->ram_base, ram_end - 1);
	ut_asserteq(1, ut_run_commandf("unzip %llx %llx", src, reloc));
	ut_assert_nextlinef("unzip: %#llx..%#llx would overwrite Ember's code, data, heap and stack",
			    reloc, reloc);
	ut_asserteq(1, run_command("unzip 12x 0", 0));
	ut_assert_nextline("unzip: invalid number '12x'");
	ut_asserteq(1, run_command("unzip 0", 0));
	for (unsigned int i = 0; i < ARRAY_SIZE(usage); i++)
		ut_assert_nextline(usage[i]);
	ut_assert_console_end();
	/* Nothing it refused touched 'filesize' */
	ut_asserteq_str("7", env_get("filesize"));
	return 0;
}

static int cmd_test_unzip(struct unit_test_state *uts)
{
	ut_assertok(unzip_ok(uts));
	ut_assertok(unzip_refused(uts));
	return 0;
}
UNIT_TEST(cmd_test_unzip, UTF_CONSOLE, cmd);
