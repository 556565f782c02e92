// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Partition tables on disks crafted in memory: MBR primaries, extended
 * partitions and their EBR chains (loops, links outside the container,
 * entries past the disk), GPT good, GPT with a damaged primary (header
 * CRC, entries' CRC) read from its backup with a warning, both damaged,
 * and headers announcing absurd entry counts or sizes.
 */
#include <errno.h>
#include <lib.h>
#include <part.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>

#define BLK		512
#define DISK_LBA	128		/* 64 KiB: GPT fits, backup included */

static u8 disk[DISK_LBA * BLK];

struct mem_disk {
	u8 *img;
	int fail_lba;		/* a read touching it fails: -1 none */
	bool oob;		/* a read past the disk was asked for */
	int reads;		/* reads asked for */
};

static int mem_read(const struct part_io *io, u64 start, u64 count,
		    void *buf)
{
	struct mem_disk *m = io->priv;

	m->reads++;
	/* The parsers must never ask for blocks past the disk */
	if (start > io->lba || count > io->lba - start) {
		m->oob = true;
		return -ERANGE;
	}
	if (m->fail_lba >= 0 && (u64)m->fail_lba >= start &&
	    (u64)m->fail_lba < start + count)
		return -EIO;
	memcpy(buf, m->img + start * io->blksz, count * io->blksz);
	return 0;
}

static struct mem_disk mem;

static void io_init(struct part_io *io, u64 lba)
{
	memset(io, 0, sizeof(*io));
	mem.img = disk;
	mem.fail_lba = -1;
	mem.oob = false;
	mem.reads = 0;
	io->blksz = BLK;
	io->lba = lba;
	io->read = mem_read;
	io->priv = &mem;
	strcpy(io->name, "mem 0");
}

static void put_le32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

static void put_le64(u8 *p, u64 v)
{
	put_le32(p, v);
	put_le32(p + 4, v >> 32);
}

/* MBR-style entry @i of the sector at @lba */
static void mbr_set(u64 lba, int i, u8 boot, u8 type, u32 start, u32 size)
{
	u8 *p = disk + lba * BLK + 446 + 16 * i;

	p[0] = boot;
	p[4] = type;
	put_le32(p + 8, start);
	put_le32(p + 12, size);
	disk[lba * BLK + 510] = 0x55;
	disk[lba * BLK + 511] = 0xaa;
}

static void mbr_init(void)
{
	memset(disk, 0, sizeof(disk));
	put_le32(disk + 440, 0xcafef00d);
	disk[510] = 0x55;
	disk[511] = 0xaa;
}

static int read_table(struct unit_test_state *uts, struct part_io *io,
		      struct part_table **tp)
{
	ut_assertok(part_read_table(io, tp));
	ut_assertnonnull(*tp);
	ut_assert(!mem.oob);
	return 0;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int part_test_mbr_primaries(struct unit_test_state *uts)
{
	struct disk_partition info;
	struct part_table *t;
	enum part_type type;
	struct part_io io;

	mbr_init();
	mbr_set(0, 0, 0x00, 0x83, 2, 10);
	mbr_set(0, 1, 0x80, 0x0c, 12, 20);
	mbr_set(0, 3, 0x00, 0x82, 40, 88);	/* slot 3 empty: no 3 */
	io_init(&io, DISK_LBA);
	ut_assertok(read_table(uts, &io, &t));
	ut_asserteq(PART_TYPE_DOS, t->type);
	ut_asserteq(3, t->count);
	ut_asserteq(1, t->entry[0].num);
	ut_asserteq(2, t->entry[1].num);
	ut_asserteq(4, t->entry[2].num);
	free(t);

	ut_assertok(part_get_info_io(&io, 2, &info, &type));
	ut_asserteq(PART_TYPE_DOS, type);
	ut_asserteq(12, info.start);
	ut_asserteq(20, info.size);
	ut_asserteq(BLK, info.blksz);
	ut_asserteq(0x0c, info.sys_ind);
	ut_assert(info.bootable);
	ut_asserteq_str("cafef00d-02", info.uuid);
	ut_asserteq_str("", info.name);
	ut_asserteq_str("", info.type_guid);
	ut_assertok(part_get_info_io(&io, 4, &info, NULL));
	ut_asserteq(40, info.start);
	ut_asserteq(88, info.size);		/* ends exactly at the end */
	ut_assert(!info.bootable);
	ut_asserteq(-ENOENT, part_get_info_io(&io, 3, &info, NULL));
	ut_asserteq(-ENOENT, part_get_info_io(&io, 5, &info, NULL));
	ut_asserteq(-ENOENT, part_get_info_io(&io, 0, &info, NULL));
	return 0;
}
UNIT_TEST(part_test_mbr_primaries, 0, part);

static int part_test_mbr_print(struct unit_test_state *uts)
{
	struct part_io io;

	mbr_init();
	mbr_set(0, 0, 0x80, 0x83, 2, 10);
	mbr_set(0, 1, 0x00, 0x05, 20, 100);
	mbr_set(20, 0, 0, 0x83, 1, 9);		/* logical 5 at 21 */
	io_init(&io, DISK_LBA);
	ut_console_reset(uts);
	ut_assertok(part_print_io(&io, "virtio", 0));
	ut_assert_nextline("");
	ut_assert_nextline("Partition Map for VirtIO device 0  --   Partition Type: DOS");
	ut_assert_nextline("");
	ut_assert_nextline("Part\tStart Sector\tNum Sectors\tUUID\t\tType");
	ut_assert_nextline("  1\t2         \t10        \tcafef00d-01\t83 Boot");
	ut_assert_nextline("  2\t20        \t100       \tcafef00d-02\t05 Extd");
	ut_assert_nextline("  5\t21        \t9         \tcafef00d-05\t83");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(part_test_mbr_print, UTF_CONSOLE, part);

/* An extended partition at 20 holding three logicals in an EBR chain */
static void chain3(void)
{
	mbr_init();
	mbr_set(0, 0, 0x00, 0x83, 2, 10);
	mbr_set(0, 1, 0x00, 0x0f, 20, 100);
	mbr_set(20, 0, 0x00, 0x83, 2, 8);	/* 5: 22..29 */
	mbr_set(20, 1, 0x00, 0x05, 10, 20);	/* next EBR at 20 + 10 */
	mbr_set(30, 0, 0x80, 0x07, 4, 16);	/* 6: 34..49 */
	mbr_set(30, 1, 0x00, 0x05, 40, 50);	/* next at 60 */
	mbr_set(60, 0, 0x00, 0x82, 1, 59);	/* 7: 61..119 */
}

static int part_test_mbr_logical(struct unit_test_state *uts)
{
	struct disk_partition info;
	struct part_table *t;
	struct part_io io;

	chain3();
	io_init(&io, DISK_LBA);
	ut_assertok(read_table(uts, &io, &t));
	ut_asserteq(5, t->count);
	ut_asserteq(2, t->entry[1].num);
	ut_assert(t->entry[1].container);
	ut_asserteq(5, t->entry[2].num);
	ut_asserteq(6, t->entry[3].num);
	ut_asserteq(7, t->entry[4].num);
	free(t);
	ut_assertok(part_get_info_io(&io, 5, &info, NULL));
	ut_asserteq(22, info.start);
	ut_asserteq(8, info.size);
	ut_assertok(part_get_info_io(&io, 6, &info, NULL));
	ut_asserteq(34, info.start);
	ut_asserteq(16, info.size);
	ut_assert(info.bootable);
	ut_asserteq(0x07, info.sys_ind);
	ut_asserteq_str("cafef00d-06", info.uuid);
	ut_assertok(part_get_info_io(&io, 7, &info, NULL));
	ut_asserteq(61, info.start);
	ut_asserteq(59, info.size);
	/* The container itself, as U-Boot has it */
	ut_assertok(part_get_info_io(&io, 2, &info, NULL));
	ut_asserteq(20, info.start);
	ut_asserteq(-ENOENT, part_get_info_io(&io, 8, &info, NULL));
	return 0;
}
UNIT_TEST(part_test_mbr_logical, 0, part);

static int part_test_mbr_ebr_loop(struct unit_test_state *uts)
{
	struct part_table *t;
	struct part_io io;

	chain3();
	mbr_set(60, 1, 0x00, 0x05, 10, 20);	/* 7 links back to 30 */
	io_init(&io, DISK_LBA);
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	ut_assert_nextline("mem 0: MBR: EBR chain loops back to sector 30: chain ends");
	ut_assert_console_end();
	ut_asserteq(5, t->count);		/* 1, 2, 5, 6, 7 */
	ut_asserteq(7, t->entry[4].num);
	free(t);

	/* An EBR linking to itself */
	chain3();
	mbr_set(20, 1, 0x00, 0x05, 0, 20);
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	ut_assert_nextline("mem 0: MBR: EBR chain loops back to sector 20: chain ends");
	ut_asserteq(3, t->count);
	free(t);
	return 0;
}
UNIT_TEST(part_test_mbr_ebr_loop, UTF_CONSOLE, part);

/* A chain longer than the table: it stops when the table is full */
static int part_test_mbr_long_chain(struct unit_test_state *uts)
{
	struct part_table *t;
	struct part_io io;
	int n = DISK_LBA - 2;

	mbr_init();
	mbr_set(0, 0, 0x00, 0x05, 1, DISK_LBA - 1);
	/* One EBR per block, each with two one-block logicals: 252 */
	for (int i = 0; i < n; i++) {
		mbr_set(1 + i, 0, 0, 0x83, 1, 1);
		mbr_set(1 + i, 2, 0, 0x83, 1, 1);
		if (i < n - 1)
			mbr_set(1 + i, 1, 0, 0x05, i + 1, 1);
	}
	io_init(&io, DISK_LBA);
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	ut_assert_nextline("mem 0: MBR: more than 128 partitions: the rest ignored");
	ut_assert_console_end();
	ut_asserteq(PART_MAX_ENTRIES, t->count);
	ut_asserteq(PART_MAX_ENTRIES + 3, t->entry[PART_MAX_ENTRIES - 1].num);
	free(t);
	return 0;
}
UNIT_TEST(part_test_mbr_long_chain, UTF_CONSOLE, part);

static int part_test_mbr_past_end(struct unit_test_state *uts)
{
	struct disk_partition info;
	struct part_table *t;
	struct part_io io;

	mbr_init();
	mbr_set(0, 0, 0x00, 0x83, 2, 10);
	mbr_set(0, 1, 0x00, 0x83, 100, 29);	/* one block too many */
	mbr_set(0, 2, 0x00, 0x83, 0xffffffff, 0xffffffff);
	mbr_set(0, 3, 0x00, 0x05, 120, 0x1000);	/* a container too */
	io_init(&io, DISK_LBA);
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	ut_assert_nextline("mem 0: MBR: partition 2 (start 100, 29 sectors) goes past the end of the disk (128 sectors): ignored");
	ut_assert_nextline("mem 0: MBR: partition 3 (start 4294967295, 4294967295 sectors) goes past the end of the disk (128 sectors): ignored");
	ut_assert_nextline("mem 0: MBR: partition 4 (start 120, 4096 sectors) goes past the end of the disk (128 sectors): ignored");
	ut_assert_console_end();
	ut_asserteq(1, t->count);
	free(t);

	/* Logicals past the end, and an EBR link leaving its container */
	chain3();
	mbr_set(30, 0, 0x00, 0x07, 4, 1000);	/* 6: too long */
	mbr_set(30, 1, 0x00, 0x05, 100, 50);	/* next at 120: outside */
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	ut_assert_nextline("mem 0: MBR: partition 6 (start 34, 1000 sectors) goes past the end of the disk (128 sectors): ignored");
	ut_assert_nextline("mem 0: MBR: EBR at sector 120 is outside its extended partition (20 + 100): chain ends");
	ut_assert_console_end();
	ut_asserteq(3, t->count);		/* 1, 2, 5 */
	free(t);
	ut_asserteq(-ENOENT, part_get_info_io(&io, 6, &info, NULL));
	return 0;
}
UNIT_TEST(part_test_mbr_past_end, UTF_CONSOLE, part);

static int part_test_mbr_bad_ebr(struct unit_test_state *uts)
{
	struct part_table *t;
	struct part_io io;

	chain3();
	disk[30 * BLK + 510] = 0;
	io_init(&io, DISK_LBA);
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	ut_assert_nextline("mem 0: MBR: bad EBR signature 0x00aa at sector 30: chain ends");
	ut_asserteq(3, t->count);
	free(t);

	/* A read error in the chain is the table's error */
	chain3();
	mem.fail_lba = 60;
	ut_console_reset(uts);
	ut_asserteq(-EIO, part_read_table(&io, &t));
	ut_assert_nextline("mem 0: MBR: cannot read the EBR at sector 60: -5 (EIO)");
	return 0;
}
UNIT_TEST(part_test_mbr_bad_ebr, UTF_CONSOLE, part);

static int part_test_no_table(struct unit_test_state *uts)
{
	struct disk_partition info;
	struct part_table *t;
	enum part_type type;
	struct part_io io;

	memset(disk, 0, sizeof(disk));
	io_init(&io, DISK_LBA);
	ut_asserteq(-ENODEV, part_get_info_io(&io, 1, &info, &type));
	ut_asserteq(PART_TYPE_UNKNOWN, type);
	/* A boot flag other than 0 and 0x80: boot code, not a table */
	mbr_init();
	mbr_set(0, 0, 0x12, 0x83, 2, 10);
	ut_asserteq(-ENODEV, part_read_table(&io, &t));
	/* A disk of no blocks, and odd block sizes */
	io.lba = 0;
	ut_asserteq(-ENODEV, part_read_table(&io, &t));
	io.lba = DISK_LBA;
	io.blksz = 256;
	ut_asserteq(-EINVAL, part_read_table(&io, &t));
	io.blksz = 1000;
	ut_asserteq(-EINVAL, part_read_table(&io, &t));
	/* Block 0 unreadable */
	io_init(&io, DISK_LBA);
	mem.fail_lba = 0;
	ut_console_reset(uts);
	ut_asserteq(-EIO, part_read_table(&io, &t));
	ut_assert_nextline("mem 0: cannot read block 0: -5 (EIO)");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(part_test_no_table, UTF_CONSOLE, part);

/* GPT */

#define GPT_ENTRIES	128
#define GPT_ARRAY_BLKS	(GPT_ENTRIES * 128 / BLK)	/* 32 */
#define GPT_FIRST	(2 + GPT_ARRAY_BLKS)		/* 34 */
#define GPT_LAST	(DISK_LBA - 2 - GPT_ARRAY_BLKS)	/* 94 */

/* EFI system partition type, and Linux filesystem type */
static const u8 esp[16] = {
	0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
	0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b,
};
static const u8 linux_fs[16] = {
	0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47,
	0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4,
};

static void gpt_entry(u8 *arr, int i, const u8 *type, u8 guid_byte,
		      u64 start, u64 end, u64 attrs, const char *name)
{
	u8 *p = arr + i * 128;

	memcpy(p, type, 16);
	for (int k = 0; k < 16; k++)
		p[16 + k] = guid_byte + k;
	put_le64(p + 32, start);
	put_le64(p + 40, end);
	put_le64(p + 48, attrs);
	for (int k = 0; name[k] && k < 36; k++)
		p[56 + 2 * k] = name[k];
}

/* Header at @lba describing entries at @elba, CRCs computed */
static void gpt_header(u64 lba, u64 alt, u64 elba, u32 num, u32 size)
{
	u8 *h = disk + lba * BLK;
	u32 bytes = num * size;

	memset(h, 0, BLK);
	memcpy(h, "EFI PART", 8);
	put_le32(h + 8, 0x00010000);
	put_le32(h + 12, 92);
	put_le64(h + 24, lba);
	put_le64(h + 32, alt);
	put_le64(h + 40, GPT_FIRST);
	put_le64(h + 48, GPT_LAST);
	for (int k = 0; k < 16; k++)
		h[56 + k] = 0xa0 + k;
	put_le64(h + 72, elba);
	put_le32(h + 80, num);
	put_le32(h + 84, size);
	put_le32(h + 88, crc32(0, disk + elba * BLK,
			       bytes <= sizeof(disk) - elba * BLK ? bytes : 0));
	put_le32(h + 16, crc32(0, h, 92));
}

/* Recompute the header CRC at @lba after changing a field */
static void gpt_rehash(u64 lba)
{
	u8 *h = disk + lba * BLK;

	put_le32(h + 16, 0);
	put_le32(h + 16, crc32(0, h, 92));
}

/* A protective MBR, two partitions, both headers and arrays */
static void gpt_init(void)
{
	u8 *arr = disk + 2 * BLK;

	memset(disk, 0, sizeof(disk));
	mbr_set(0, 0, 0, 0xee, 1, DISK_LBA - 1);
	gpt_entry(arr, 0, esp, 0x10, GPT_FIRST, 49, 0, "EFI system");
	gpt_entry(arr, 2, linux_fs, 0x20, 50, GPT_LAST, 1ULL << 60 | 1,
		  "rootfs");
	memcpy(disk + (GPT_LAST + 1) * BLK, arr, GPT_ARRAY_BLKS * BLK);
	gpt_header(1, DISK_LBA - 1, 2, GPT_ENTRIES, 128);
	gpt_header(DISK_LBA - 1, 1, GPT_LAST + 1, GPT_ENTRIES, 128);
}

static int check_gpt(struct unit_test_state *uts, struct part_io *io)
{
	struct disk_partition info;
	enum part_type type;

	ut_assertok(part_get_info_io(io, 1, &info, &type));
	ut_asserteq(PART_TYPE_EFI, type);
	ut_asserteq(GPT_FIRST, info.start);
	ut_asserteq(49 - GPT_FIRST + 1, info.size);
	ut_asserteq_str("EFI system", info.name);
	ut_asserteq_str("c12a7328-f81f-11d2-ba4b-00a0c93ec93b",
			info.type_guid);
	ut_asserteq_str("13121110-1514-1716-1819-1a1b1c1d1e1f", info.uuid);
	ut_assert(info.bootable);		/* the ESP type */
	ut_asserteq(0, info.sys_ind);
	ut_asserteq(-ENOENT, part_get_info_io(io, 2, &info, NULL));
	ut_assertok(part_get_info_io(io, 3, &info, NULL));
	ut_asserteq(50, info.start);
	ut_asserteq(GPT_LAST - 50 + 1, info.size);
	ut_asserteq_str("rootfs", info.name);
	ut_asserteq_str("0fc63daf-8483-4772-8e79-3d69d8477de4",
			info.type_guid);
	ut_assert(!info.bootable);
	ut_asserteq(-ENOENT, part_get_info_io(io, 4, &info, NULL));
	ut_asserteq(-ENOENT, part_get_info_io(io, 129, &info, NULL));
	return 0;
}

static int part_test_gpt_good(struct unit_test_state *uts)
{
	struct part_table *t;
	struct part_io io;

	gpt_init();
	io_init(&io, DISK_LBA);
	ut_console_reset(uts);
	ut_assertok(check_gpt(uts, &io));
	ut_assert_console_end();
	/* The MBR, the header and its entries: one read of the disk's head */
	mem.reads = 0;
	ut_assertok(read_table(uts, &io, &t));
	ut_asserteq(1, mem.reads);
	ut_asserteq(1, t->header_lba);
	ut_asserteq_str("a3a2a1a0-a5a4-a7a6-a8a9-aaabacadaeaf", t->disk_guid);
	ut_asserteq(1ULL << 60 | 1, t->entry[1].attrs);
	free(t);

	ut_console_reset(uts);
	ut_assertok(part_print_io(&io, "host", 1));
	ut_assert_nextline("");
	ut_assert_nextline("Partition Map for HOST device 1  --   Partition Type: EFI");
	ut_assert_nextline("");
	ut_assert_nextline("Part\tStart LBA\tEnd LBA\t\tName");
	ut_assert_nextline("\tAttributes");
	ut_assert_nextline("\tType GUID");
	ut_assert_nextline("\tPartition GUID");
	ut_assert_nextline("  1\t0x00000022\t0x00000031\t\"EFI system\"");
	ut_assert_nextline("\tattrs:\t0x0000000000000000");
	ut_assert_nextline("\ttype:\tc12a7328-f81f-11d2-ba4b-00a0c93ec93b");
	ut_assert_nextline("\tguid:\t13121110-1514-1716-1819-1a1b1c1d1e1f");
	ut_assert_nextline("  3\t0x00000032\t0x0000005e\t\"rootfs\"");
	ut_assert_nextline("\tattrs:\t0x1000000000000001");
	ut_assert_nextline("\ttype:\t0fc63daf-8483-4772-8e79-3d69d8477de4");
	ut_assert_nextline("\tguid:\t23222120-2524-2726-2829-2a2b2c2d2e2f");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(part_test_gpt_good, UTF_CONSOLE, part);

static int part_test_gpt_names(struct unit_test_state *uts)
{
	struct disk_partition info;
	struct part_io io;
	u8 *p;

	gpt_init();
	p = disk + 2 * BLK + 56;
	/* Non-ASCII and control units print as '.'; all 36 units used */
	for (int k = 0; k < 36; k++) {
		p[2 * k] = 'a' + k % 26;
		p[2 * k + 1] = 0;
	}
	p[2] = 0xe9;			/* U+00E9 */
	p[5] = 0x04;			/* U+0462 */
	p[6] = 0x07;			/* BEL */
	gpt_header(1, DISK_LBA - 1, 2, GPT_ENTRIES, 128);
	io_init(&io, DISK_LBA);
	ut_assertok(part_get_info_io(&io, 1, &info, NULL));
	ut_asserteq_str("a...efghijklmnopqrstuvwxyzabcdefghij", info.name);
	return 0;
}
UNIT_TEST(part_test_gpt_names, 0, part);

static int part_test_gpt_backup_hdr_crc(struct unit_test_state *uts)
{
	struct part_table *t;
	struct part_io io;

	gpt_init();
	disk[BLK + 40] ^= 1;			/* FirstUsableLBA, CRC now wrong */
	io_init(&io, DISK_LBA);
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	ut_asserteq(DISK_LBA - 1, t->header_lba);
	ut_asserteq(2, t->count);
	free(t);
	ut_assert(ut_console_line(uts, (char[256]){ 0 }, 256));
	ut_console_reset(uts);
	ut_assertok(check_gpt(uts, &io));
	/* One warning per table read, naming both CRCs */
	for (int i = 0; i < 5; i++) {
		char line[256];

		ut_assert(ut_console_line(uts, line, sizeof(line)));
		ut_assert(starts(line, "mem 0: Invalid GPT at LBA 1 (header CRC is 0x"));
		ut_assert(strstr(line, "): Using Backup GPT at LBA 127"));
	}
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(part_test_gpt_backup_hdr_crc, UTF_CONSOLE, part);

static int part_test_gpt_backup_entries_crc(struct unit_test_state *uts)
{
	struct part_table *t;
	struct part_io io;
	char line[256];

	gpt_init();
	disk[2 * BLK + 32] ^= 0x40;		/* partition 1's start */
	io_init(&io, DISK_LBA);
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	ut_asserteq(DISK_LBA - 1, t->header_lba);
	ut_asserteq(GPT_FIRST, t->entry[0].info.start);
	free(t);
	ut_assert(ut_console_line(uts, line, sizeof(line)));
	ut_assert(starts(line, "mem 0: Invalid GPT at LBA 1 (entries' CRC is 0x"));
	ut_assert(strstr(line, "): Using Backup GPT at LBA 127"));
	ut_assert_console_end();

	/* The primary's MyLBA wrong, CRC right */
	gpt_init();
	put_le64(disk + BLK + 24, 2);
	gpt_rehash(1);
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	free(t);
	ut_assert_nextline("mem 0: Invalid GPT at LBA 1 (MyLBA is 2): Using Backup GPT at LBA 127");

	/* The primary unreadable */
	gpt_init();
	mem.fail_lba = 1;
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	free(t);
	ut_assert_nextline("mem 0: Invalid GPT at LBA 1 (cannot read it: -5 (EIO)): Using Backup GPT at LBA 127");

	/* Its entries unreadable: the read of the disk's head fails too, and
	 * each part is read by itself */
	gpt_init();
	mem.fail_lba = 10;
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	free(t);
	ut_assert_nextline("mem 0: Invalid GPT at LBA 1 (cannot read its entries: -5 (EIO)): Using Backup GPT at LBA 127");
	return 0;
}
UNIT_TEST(part_test_gpt_backup_entries_crc, UTF_CONSOLE, part);

/* A backup not at the last LBA: found through the primary's AlternateLBA
 * when the primary's own header is sound, and only then */
static void gpt_alt_layout(void)
{
	u8 *arr = disk + 2 * BLK;

	gpt_init();
	/* Usable 34..93, backup entries at 94..125, its header at 126 */
	put_le64(arr + 128 * 2 + 40, GPT_LAST - 1);
	memset(disk + (GPT_LAST + 1) * BLK, 0, (GPT_ARRAY_BLKS + 1) * BLK);
	memcpy(disk + GPT_LAST * BLK, arr, GPT_ARRAY_BLKS * BLK);
	gpt_header(DISK_LBA - 2, 1, GPT_LAST, GPT_ENTRIES, 128);
	put_le64(disk + (DISK_LBA - 2) * BLK + 48, GPT_LAST - 1);
	gpt_rehash(DISK_LBA - 2);
	gpt_header(1, DISK_LBA - 2, 2, GPT_ENTRIES, 128);
	put_le64(disk + BLK + 48, GPT_LAST - 1);
	gpt_rehash(1);
}

static int part_test_gpt_alternate_lba(struct unit_test_state *uts)
{
	struct part_table *t;
	struct part_io io;
	char line[256];

	gpt_alt_layout();
	io_init(&io, DISK_LBA);
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));	/* the primary is good */
	ut_asserteq(1, t->header_lba);
	free(t);
	ut_assert_console_end();

	/* The primary's entries damaged, its header sound: AlternateLBA */
	disk[2 * BLK + 32] ^= 0x40;
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	ut_asserteq(DISK_LBA - 2, t->header_lba);
	ut_asserteq(GPT_LAST - 1 - 50 + 1, t->entry[1].info.size);
	free(t);
	ut_assert(ut_console_line(uts, line, sizeof(line)));
	ut_assert(starts(line, "mem 0: Invalid GPT at LBA 1 (entries' CRC is 0x"));
	ut_assert(strstr(line, "): Using Backup GPT at LBA 126"));
	ut_assert_console_end();

	/* The primary's header damaged: its AlternateLBA is not believed */
	gpt_alt_layout();
	disk[BLK + 40] ^= 1;
	ut_console_reset(uts);
	ut_asserteq(-EBADMSG, part_read_table(&io, &t));
	ut_assert(ut_console_line(uts, line, sizeof(line)));
	ut_assert(strstr(line, "Invalid Backup GPT at LBA 127 (no GPT signature)"));
	return 0;
}
UNIT_TEST(part_test_gpt_alternate_lba, UTF_CONSOLE, part);

static int part_test_gpt_both_bad(struct unit_test_state *uts)
{
	struct disk_partition info;
	struct part_io io;
	char line[256];

	gpt_init();
	disk[BLK + 40] ^= 1;
	disk[(GPT_LAST + 1) * BLK + 32] ^= 1;	/* backup entries' CRC */
	io_init(&io, DISK_LBA);
	ut_console_reset(uts);
	ut_asserteq(-EBADMSG, part_get_info_io(&io, 1, &info, NULL));
	ut_assert(ut_console_line(uts, line, sizeof(line)));
	ut_assert(starts(line, "mem 0: Invalid GPT at LBA 1 (header CRC is 0x"));
	ut_assert(strstr(line, "), Invalid Backup GPT at LBA 127 (entries' CRC is 0x"));
	ut_assert_console_end();

	/* A protective MBR and no GPT at all */
	memset(disk, 0, sizeof(disk));
	mbr_set(0, 0, 0, 0xee, 1, DISK_LBA - 1);
	ut_console_reset(uts);
	ut_asserteq(-EBADMSG, part_get_info_io(&io, 1, &info, NULL));
	ut_assert_nextline("mem 0: Invalid GPT at LBA 1 (no GPT signature), Invalid Backup GPT at LBA 127 (no GPT signature)");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(part_test_gpt_both_bad, UTF_CONSOLE, part);

/* Both headers saying the same absurd thing, CRCs right: refused */
static int absurd(struct unit_test_state *uts, int off, u64 val, int len,
		  const char *why)
{
	struct part_table *t;
	struct part_io io;
	char line[256], want[160];

	gpt_init();
	for (u64 lba = 1; lba < DISK_LBA; lba += DISK_LBA - 2) {
		if (len == 4)
			put_le32(disk + lba * BLK + off, val);
		else
			put_le64(disk + lba * BLK + off, val);
		gpt_rehash(lba);
	}
	io_init(&io, DISK_LBA);
	ut_console_reset(uts);
	ut_asserteq(-EBADMSG, part_read_table(&io, &t));
	ut_assert(ut_console_line(uts, line, sizeof(line)));
	snprintf(want, sizeof(want), "mem 0: Invalid GPT at LBA 1 (%s", why);
	if (!starts(line, want))
		UT_FAIL("got \"%s\", want \"%s...\"", line, want);
	return 0;
}

static int part_test_gpt_absurd(struct unit_test_state *uts)
{
	ut_assertok(absurd(uts, 80, 100000, 4, "100000 entries of 128 bytes"));
	ut_assertok(absurd(uts, 80, 0xffffffff, 4,
			   "4294967295 entries of 128 bytes"));
	ut_assertok(absurd(uts, 80, 129, 4, "129 entries of 128 bytes"));
	ut_assertok(absurd(uts, 84, 0, 4, "128 entries of 0 bytes"));
	ut_assertok(absurd(uts, 84, 130, 4, "128 entries of 130 bytes"));
	ut_assertok(absurd(uts, 84, 384, 4, "128 entries of 384 bytes"));
	ut_assertok(absurd(uts, 84, 0x80000000, 4,
			   "128 entries of 2147483648 bytes"));
	ut_assertok(absurd(uts, 12, 91, 4, "header size 91"));
	ut_assertok(absurd(uts, 12, 513, 4, "header size 513"));
	ut_assertok(absurd(uts, 72, 1ULL << 62, 8, "entries at LBA"));
	ut_assertok(absurd(uts, 72, DISK_LBA - 10, 8, "entries at LBA"));
	ut_assertok(absurd(uts, 48, DISK_LBA, 8, "usable LBAs"));
	ut_assertok(absurd(uts, 40, 100, 8, "usable LBAs"));
	ut_assertok(absurd(uts, 48, ~0ULL, 8, "usable LBAs"));
	return 0;
}
UNIT_TEST(part_test_gpt_absurd, UTF_CONSOLE, part);

/* Entries outside the usable LBAs are reported and left out */
static int part_test_gpt_entry_outside(struct unit_test_state *uts)
{
	struct part_table *t;
	struct part_io io;
	u8 *arr = disk + 2 * BLK;

	gpt_init();
	gpt_entry(arr, 3, linux_fs, 0x30, 60, 50, 0, "backwards");
	gpt_entry(arr, 4, linux_fs, 0x40, 2, 40, 0, "over the array");
	gpt_entry(arr, 5, linux_fs, 0x50, 90, ~0ULL, 0, "huge");
	gpt_header(1, DISK_LBA - 1, 2, GPT_ENTRIES, 128);
	io_init(&io, DISK_LBA);
	ut_console_reset(uts);
	ut_assertok(read_table(uts, &io, &t));
	ut_assert_nextline("mem 0: GPT: partition 4 (LBA 60-50) is outside the usable LBAs 34-94: ignored");
	ut_assert_nextline("mem 0: GPT: partition 5 (LBA 2-40) is outside the usable LBAs 34-94: ignored");
	ut_assert_nextline("mem 0: GPT: partition 6 (LBA 90-18446744073709551615) is outside the usable LBAs 34-94: ignored");
	ut_assert_console_end();
	ut_asserteq(2, t->count);
	free(t);
	return 0;
}
UNIT_TEST(part_test_gpt_entry_outside, UTF_CONSOLE, part);

/* Bigger entries (256 bytes) and fewer of them are fine */
static int part_test_gpt_entry_size(struct unit_test_state *uts)
{
	struct disk_partition info;
	struct part_io io;
	u8 arr[4 * 256] = { 0 };

	gpt_init();
	gpt_entry(arr, 2, linux_fs, 0x70, 40, 41, 1ULL << 2, "legacy");
	memset(disk + 2 * BLK, 0, GPT_ARRAY_BLKS * BLK);
	memcpy(disk + 2 * BLK, arr, sizeof(arr));
	gpt_header(1, DISK_LBA - 1, 2, 4, 256);
	io_init(&io, DISK_LBA);
	/* Entry 3 of 128-byte entries is entry 2 of 256-byte ones: 2 */
	ut_assertok(part_get_info_io(&io, 2, &info, NULL));
	ut_asserteq(40, info.start);
	ut_asserteq(2, info.size);
	ut_assert(info.bootable);	/* the legacy BIOS bootable bit */
	ut_asserteq(-ENOENT, part_get_info_io(&io, 1, &info, NULL));
	return 0;
}
UNIT_TEST(part_test_gpt_entry_size, 0, part);

/* A disk too small to hold even the headers */
static int part_test_gpt_tiny(struct unit_test_state *uts)
{
	struct part_table *t;
	struct part_io io;

	for (u64 lba = 1; lba < 4; lba++) {
		gpt_init();
		io_init(&io, lba);
		ut_console_reset(uts);
		ut_asserteq(-EBADMSG, part_read_table(&io, &t));
		ut_assert(!mem.oob);
	}
	return 0;
}
UNIT_TEST(part_test_gpt_tiny, UTF_CONSOLE, part);

/* An endless chain of empty EBRs, made up as it is read */
static int chain_read(const struct part_io *io, u64 start, u64 count,
		      void *buf)
{
	int *reads = io->priv;
	u8 *b = buf;

	if (start + count > io->lba)
		return -ERANGE;
	for (u64 k = start; k < start + count; k++, b += BLK) {
		memset(b, 0, BLK);
		b[446 + 4] = 0x05;
		put_le32(b + 446 + 8, 1);		/* MBR: at 1 */
		put_le32(b + 446 + 12, io->lba - 1);
		if (k) {
			memset(b + 446, 0, 16);
			b[446 + 16 + 4] = 0x05;		/* link to k + 1 */
			put_le32(b + 446 + 16 + 8, k);
			put_le32(b + 446 + 16 + 12, 1);
		}
		b[510] = 0x55;
		b[511] = 0xaa;
		(*reads)++;
	}
	return 0;
}

static int part_test_mbr_ebr_bound(struct unit_test_state *uts)
{
	struct part_io io = {
		.blksz = BLK, .lba = 100000, .read = chain_read, .name = "long",
	};
	struct part_table *t;
	int reads = 0;

	io.priv = &reads;
	ut_console_reset(uts);
	ut_assertok(part_read_table(&io, &t));
	ut_assert_nextline("long: MBR: more than 256 EBRs: chain ends");
	ut_assert_console_end();
	ut_asserteq(1, t->count);
	ut_asserteq(1 + PART_DOS_MAX_EBR, reads);
	free(t);
	return 0;
}
UNIT_TEST(part_test_mbr_ebr_bound, UTF_CONSOLE, part);
