// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * lib/fs/fat*.c on tiny volumes built here, byte by byte: a FAT12 volume
 * and one with a FAT32-shaped BPB (32 KiB each, 512-byte clusters), files
 * on chains that jump about, long names good and broken, and the damage a
 * hostile volume can do: links out of range or to free clusters, chains
 * that loop or end too soon, a directory that loops, bad BPB fields.
 * Files are also read with the source of the stream watched
 * (fs_watch.h); a FAT16 volume of 40000 clusters, its data made up as it
 * is read, has a file whose chain leaves the window of the FAT the stream
 * starts with.
 */
#include <asm/os.h>
#include <command.h>
#include <errno.h>
#include <fs.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>
#include "fs_watch.h"

#define SECT		512
#define IMG_SECTORS	64
#define ROOT_ENTS	16

/* The layout both shapes share: boot sector, one FAT sector, then ... */
#define FAT_OFF		SECT
/* FAT12: the fixed root (1 sector), then cluster 2 */
#define ROOT12_OFF	(2 * SECT)
#define DATA12_OFF	(3 * SECT)
/* FAT32-shaped: cluster 2 right after the FAT, the root at cluster 2 */
#define DATA32_OFF	(2 * SECT)

struct img {
	u8 b[IMG_SECTORS * SECT];
	int bits;
	struct fs_io io;
	struct fs_vol *vol;
	int reads;		/* reads the volume asked for */
};

static int img_read(const struct fs_io *io, u64 off, void *buf, size_t len)
{
	struct img *m = io->priv;

	m->reads++;
	if (fs_watch.streaming) {
		fs_watch.bad_reads++;
		return -EIO;
	}
	if (off > sizeof(m->b) || len > sizeof(m->b) - off)
		return -ERANGE;
	memcpy(buf, m->b + off, len);
	return 0;
}

static void put16(u8 *p, u16 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(u8 *p, u32 v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static u64 cluster_off(const struct img *m, u32 cl)
{
	return (m->bits == 12 ? DATA12_OFF : DATA32_OFF) + (cl - 2) * SECT;
}

static void fat_set(struct img *m, u32 cl, u32 val)
{
	u8 *fat = m->b + FAT_OFF;

	if (m->bits == 32) {
		put32(fat + cl * 4, val);
	} else if (cl & 1) {
		fat[cl * 3 / 2] = (fat[cl * 3 / 2] & 0xf) | (val << 4);
		fat[cl * 3 / 2 + 1] = val >> 4;
	} else {
		fat[cl * 3 / 2] = val;
		fat[cl * 3 / 2 + 1] = (fat[cl * 3 / 2 + 1] & 0xf0) |
				      (val >> 8 & 0xf);
	}
}

static u32 eoc(const struct img *m)
{
	return m->bits == 12 ? 0xfff : 0x0fffffff;
}

/* A volume with an empty root: FAT12, or FAT32-shaped (bits 32) */
static struct img *img_new(int bits)
{
	struct img *m = calloc(1, sizeof(*m));
	u8 *bs;

	if (!m)
		return NULL;
	bs = m->b;
	m->bits = bits;
	bs[0] = 0xeb;
	bs[1] = 0x3c;
	bs[2] = 0x90;
	put16(bs + 11, SECT);
	bs[13] = 1;		/* sectors per cluster */
	put16(bs + 14, 1);	/* reserved sectors */
	bs[16] = 1;		/* FATs */
	put16(bs + 19, IMG_SECTORS);
	bs[21] = 0xf8;
	if (bits == 12) {
		put16(bs + 17, ROOT_ENTS);
		put16(bs + 22, 1);
	} else {
		put32(bs + 36, 1);
		put32(bs + 44, 2);	/* root cluster */
	}
	bs[510] = 0x55;
	bs[511] = 0xaa;
	fat_set(m, 0, bits == 12 ? 0xff8 : 0x0ffffff8);
	fat_set(m, 1, eoc(m));
	if (bits == 32)
		fat_set(m, 2, eoc(m));
	m->io.size = sizeof(m->b);
	m->io.read = img_read;
	m->io.priv = m;
	m->io.name = "ut";
	return m;
}

static u8 *dir_slot(struct img *m, u32 dir_cluster, int i)
{
	u64 off = dir_cluster ? cluster_off(m, dir_cluster) :
		  m->bits == 12 ? ROOT12_OFF : cluster_off(m, 2);

	return m->b + off + i * 32;
}

/* An 8.3 entry ("NAME    EXT") in slot @i of a directory (0: the root) */
static void dirent(struct img *m, u32 dir, int i, const char *name83,
		   u8 attr, u32 cluster, u32 size)
{
	u8 *e = dir_slot(m, dir, i);

	memcpy(e, name83, 11);
	e[11] = attr;
	put16(e + 20, cluster >> 16);
	put16(e + 26, cluster);
	put32(e + 28, size);
}

static u8 name_csum(const char *name83)
{
	u8 sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (u8)(((sum & 1) << 7) + (sum >> 1) + (u8)name83[i]);
	return sum;
}

/* Long-name entry @ord (0x40: the last) holding @part (13 chars max) */
static void lfn(struct img *m, u32 dir, int i, u8 ord, u8 csum,
		const char *part)
{
	static const u8 at[13] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24,
				   28, 30 };
	u8 *e = dir_slot(m, dir, i);
	size_t n = strlen(part);

	e[0] = ord;
	e[11] = 0x0f;
	e[13] = csum;
	for (size_t k = 0; k < 13; k++)
		put16(e + at[k], k < n ? (u8)part[k] : k == n ? 0 : 0xffff);
}

/* File DATA.BIN, 3 clusters on the chain 5 -> 6 -> 9, each filled */
#define DATA_SIZE	(2 * SECT + 300)

static u8 data_byte(u32 i)
{
	return (u8)(i * 7 + i / 251);
}

static void add_data(struct img *m)
{
	static const u32 chain[] = { 5, 6, 9 };

	dirent(m, 0, 0, "DATA    BIN", 0x20, 5, DATA_SIZE);
	for (u32 i = 0; i < DATA_SIZE; i++)
		m->b[cluster_off(m, chain[i / SECT]) + i % SECT] = data_byte(i);
	fat_set(m, 5, 6);
	fat_set(m, 6, 9);
	fat_set(m, 9, eoc(m));
}

static int img_open(struct img *m)
{
	return fs_type_fat.open(&m->io, &m->vol);
}

static void img_free(struct img *m)
{
	if (m && m->vol)
		fs_type_fat.close(m->vol);
	free(m);
}

/* Read @len at @off and compare with the pattern */
static int check_read(struct unit_test_state *uts, struct img *m, u64 off,
		      u64 len, u64 want)
{
	static u8 buf[DATA_SIZE + 16];
	u64 act;

	memset(buf, 0xee, sizeof(buf));
	ut_assertok(fs_type_fat.read(m->vol, "/data.bin", off, buf, len,
				     &act));
	ut_asserteq(want, act);
	for (u64 i = 0; i < act; i++)
		ut_asserteq(data_byte(off + i), buf[i]);
	ut_asserteq(0xee, buf[act]);
	return 0;
}

static int fat_read_shape(struct unit_test_state *uts, int bits,
			  bool stream)
{
	struct img *m = img_new(bits);
	u64 size;

	ut_assertnonnull(m);
	add_data(m);
	m->io.stream = stream ? fs_watch_stream : NULL;
	fs_watch_reset();
	ut_assertok(img_open(m));
	ut_assertok(fs_type_fat.size(m->vol, "DATA.BIN", &size));
	ut_asserteq(DATA_SIZE, size);
	ut_assertok(check_read(uts, m, 0, DATA_SIZE, DATA_SIZE));
	ut_assertok(check_read(uts, m, 0, 100000, DATA_SIZE));
	/* Across both cluster boundaries, from inside a cluster */
	ut_assertok(check_read(uts, m, 500, 600, 600));
	ut_assertok(check_read(uts, m, SECT, SECT + 1, SECT + 1));
	ut_assertok(check_read(uts, m, DATA_SIZE - 1, 10, 1));
	ut_assertok(check_read(uts, m, DATA_SIZE, 10, 0));
	ut_asserteq(0, fs_watch.bad_reads);
	/* 5 -> 6 is one piece, 9 another, for each read that has both */
	if (stream)
		ut_assert(fs_watch.pieces >= 8);
	img_free(m);
	return 0;
}

static int fs_test_fat_read(struct unit_test_state *uts)
{
	for (int stream = 0; stream < 2; stream++) {
		ut_assertok(fat_read_shape(uts, 12, stream));
		ut_assertok(fat_read_shape(uts, 32, stream));
	}
	return 0;
}
UNIT_TEST(fs_test_fat_read, 0, fs);

struct names {
	char buf[512];
};

static int add_name(void *ctx, const struct fs_dirent *d)
{
	struct names *n = ctx;

	strcat(n->buf, d->name);
	strcat(n->buf, d->type == FS_DT_DIR ? "/ " : " ");
	return 0;
}

static int ls_names(struct img *m, const char *path, char *out)
{
	struct names n = { "" };
	int ret = fs_type_fat.ls(m->vol, path, add_name, &n);

	strcpy(out, n.buf);
	return ret;
}

/* A long name in two entries; then three broken ones */
static int fs_test_fat_long_names(struct unit_test_state *uts)
{
	struct img *m = img_new(12);
	u8 sum = name_csum("LONGFI~1TXT");
	char got[512];
	u64 size;

	ut_assertnonnull(m);
	lfn(m, 0, 0, 0x42, sum, "e.txt");
	lfn(m, 0, 1, 0x01, sum, "Long file nam");
	dirent(m, 0, 2, "LONGFI~1TXT", 0x20, 0, 0);
	/* Wrong checksum */
	lfn(m, 0, 3, 0x41, sum ^ 1, "Bad sum");
	dirent(m, 0, 4, "BADSUM  TXT", 0x20, 0, 0);
	/* Out of order: 1 then 2 */
	lfn(m, 0, 5, 0x01, name_csum("ORDER   TXT"), "Or");
	lfn(m, 0, 6, 0x42, name_csum("ORDER   TXT"), "der");
	dirent(m, 0, 7, "ORDER   TXT", 0x20, 0, 0);
	/* A part missing: 3 (last), then 1 */
	lfn(m, 0, 8, 0x43, name_csum("GAP     TXT"), "x");
	lfn(m, 0, 9, 0x01, name_csum("GAP     TXT"), "y");
	dirent(m, 0, 10, "GAP     TXT", 0x20, 0, 0);
	/* Deleted, then a volume label: neither listed */
	dirent(m, 0, 11, "\xe5" "ONE    TXT", 0x20, 0, 0);
	dirent(m, 0, 12, "LABEL      ", 0x08, 0, 0);
	ut_assertok(img_open(m));
	ut_assertok(ls_names(m, "/", got));
	ut_asserteq_str("Long file name.txt BADSUM.TXT ORDER.TXT GAP.TXT ", got);
	/* By long or 8.3 name, in any case */
	ut_assertok(fs_type_fat.size(m->vol, "/LONG FILE NAME.TXT", &size));
	ut_assertok(fs_type_fat.size(m->vol, "/longfi~1.txt", &size));
	ut_asserteq(-ENOENT, fs_type_fat.size(m->vol, "/Bad sum", &size));
	img_free(m);
	return 0;
}
UNIT_TEST(fs_test_fat_long_names, 0, fs);

/* '.', '..', a subdirectory; what is not there or not a directory */
static int fs_test_fat_paths(struct unit_test_state *uts)
{
	struct img *m = img_new(12);
	char got[512];
	u64 size, act;
	u8 buf[4];

	ut_assertnonnull(m);
	add_data(m);
	dirent(m, 0, 1, "SUB        ", 0x10, 20, 0);
	fat_set(m, 20, eoc(m));
	dirent(m, 20, 0, ".          ", 0x10, 20, 0);
	dirent(m, 20, 1, "..         ", 0x10, 0, 0);
	dirent(m, 20, 2, "INNER   TXT", 0x20, 0, 0);
	ut_assertok(img_open(m));
	ut_assertok(ls_names(m, "sub", got));
	ut_asserteq_str("./ ../ INNER.TXT ", got);
	ut_assertok(ls_names(m, "/sub/..", got));
	ut_asserteq_str("DATA.BIN SUB/ ", got);
	ut_assertok(fs_type_fat.size(m->vol, "/sub/../data.bin", &size));
	ut_assertok(fs_type_fat.size(m->vol, "./sub/./inner.txt", &size));
	ut_assertok(fs_type_fat.size(m->vol, "//../data.bin", &size));
	ut_asserteq(DATA_SIZE, size);
	ut_asserteq(-ENOENT, fs_type_fat.size(m->vol, "/nope", &size));
	ut_asserteq(-ENOTDIR, fs_type_fat.size(m->vol, "/data.bin/x", &size));
	ut_asserteq(-ENOTDIR, ls_names(m, "/data.bin", got));
	ut_asserteq(-EISDIR, fs_type_fat.size(m->vol, "/sub", &size));
	ut_asserteq(-EISDIR, fs_type_fat.read(m->vol, "/", 0, buf, 4, &act));
	img_free(m);
	return 0;
}
UNIT_TEST(fs_test_fat_paths, 0, fs);

/*
 * The directories a lookup read are kept (FAT_DIR_BUFS of them): the same
 * path again reads nothing; a path deeper than that reads again, and
 * finds the same
 */
static int fs_test_fat_dir_reads(struct unit_test_state *uts)
{
	static const char *const deep = "/D/D/D/D/D/D/INNER.TXT";
	struct img *m = img_new(12);
	u64 size;

	ut_assertnonnull(m);
	dirent(m, 0, 0, "D          ", 0x10, 20, 0);
	for (u32 cl = 20; cl < 27; cl++)
		fat_set(m, cl, eoc(m));
	for (u32 cl = 20; cl < 26; cl++) {
		if (cl < 25)
			dirent(m, cl, 0, "D          ", 0x10, cl + 1, 0);
		else
			dirent(m, cl, 0, "INNER   TXT", 0x20, 26, 7);
	}
	ut_assertok(img_open(m));
	/* Four directories: the root and three below */
	ut_asserteq(-ENOENT, fs_type_fat.size(m->vol, "/D/D/D/X", &size));
	m->reads = 0;
	ut_asserteq(-ENOENT, fs_type_fat.size(m->vol, "/D/D/D/X", &size));
	ut_asserteq(0, m->reads);
	/* Seven: the three not kept, then all (the oldest go first) */
	for (int i = 0; i < 2; i++) {
		m->reads = 0;
		size = 0;
		ut_assertok(fs_type_fat.size(m->vol, deep, &size));
		ut_asserteq(7, size);
		ut_asserteq(i ? 7 : 3, m->reads);
	}
	img_free(m);
	return 0;
}
UNIT_TEST(fs_test_fat_dir_reads, 0, fs);

/*
 * DATA.BIN's chain damaged by @fix; reading it must fail with @msg, said
 * once, read through the io or streamed
 */
static int damaged(struct unit_test_state *uts, void (*fix)(struct img *m),
		   const char *msg)
{
	static u8 buf[IMG_SECTORS * SECT];
	u64 act;

	for (int stream = 0; stream < 2; stream++) {
		struct img *m = img_new(12);

		ut_assertnonnull(m);
		add_data(m);
		fix(m);
		m->io.stream = stream ? fs_watch_stream : NULL;
		fs_watch_reset();
		ut_assertok(img_open(m));
		ut_console_reset(uts);
		ut_asserteq(-EBADMSG, fs_type_fat.read(m->vol, "/data.bin", 0,
						       buf, sizeof(buf), &act));
		ut_assert_nextline(msg);
		ut_assert_console_end();
		ut_asserteq(0, fs_watch.bad_reads);
		img_free(m);
	}
	return 0;
}

static void fix_loop(struct img *m)
{
	fat_set(m, 6, 5);
}

static void fix_loop_after(struct img *m)
{
	/* The data is all there; the chain goes on past it and loops */
	fat_set(m, 9, 10);
	fat_set(m, 10, 11);
	fat_set(m, 11, 10);
}

static void fix_range(struct img *m)
{
	fat_set(m, 6, 0xf00);
}

static void fix_free(struct img *m)
{
	fat_set(m, 6, 0);
}

static void fix_short(struct img *m)
{
	fat_set(m, 6, eoc(m));
}

static void fix_first(struct img *m)
{
	put16(dir_slot(m, 0, 0) + 26, 63);
}

static void fix_long_loop(struct img *m)
{
	/* A size of more clusters than the volume has, on a chain that
	 * runs through them all and ends in a loop Brent's method has not
	 * met yet when the count runs out */
	put32(dir_slot(m, 0, 0) + 28, 62 * SECT);
	fat_set(m, 9, 10);
	for (u32 c = 10; c < 62; c++)
		fat_set(m, c, c + 1);
	fat_set(m, 62, 61);
}

static int fs_test_fat_bad_chain(struct unit_test_state *uts)
{
	ut_assertok(damaged(uts, fix_loop,
			    "ut: FAT: '/data.bin': its cluster chain loops (cluster 0x6 reached again, from 0x5)"));
	ut_assertok(damaged(uts, fix_loop_after,
			    "ut: FAT: '/data.bin': its cluster chain loops (cluster 0xa reached again, from 0xb)"));
	ut_assertok(damaged(uts, fix_long_loop,
			    "ut: FAT: '/data.bin': its cluster chain loops (longer than the volume's 61 clusters)"));
	ut_assertok(damaged(uts, fix_range,
			    "ut: FAT: '/data.bin': cluster 0x6 links to an out-of-range cluster (0xf00; clusters are 0x2..0x3e)"));
	ut_assertok(damaged(uts, fix_free,
			    "ut: FAT: '/data.bin': cluster 0x6 links to a free cluster (0x0; clusters are 0x2..0x3e)"));
	ut_assertok(damaged(uts, fix_short,
			    "ut: FAT: '/data.bin': 1324 bytes, but its cluster chain holds only 1024"));
	ut_assertok(damaged(uts, fix_first,
			    "ut: FAT: 'DATA.BIN': first cluster 0x3f out of range (clusters are 0x2..0x3e)"));
	return 0;
}
UNIT_TEST(fs_test_fat_bad_chain, UTF_CONSOLE, fs);

/* A full directory cluster that links to itself: no end entry, a loop */
static int fs_test_fat_dir_loop(struct unit_test_state *uts)
{
	struct img *m = img_new(12);
	char got[512];
	u64 size;

	ut_assertnonnull(m);
	dirent(m, 0, 0, "SUB        ", 0x10, 20, 0);
	for (int i = 0; i < SECT / 32; i++) {
		char name[12];

		snprintf(name, sizeof(name), "F%-7dTXT", i);
		dirent(m, 20, i, name, 0x20, 0, 0);
	}
	fat_set(m, 20, 20);
	ut_assertok(img_open(m));
	ut_console_reset(uts);
	ut_asserteq(-EBADMSG, ls_names(m, "/sub", got));
	ut_assert_nextline("ut: FAT: 'SUB': its cluster chain loops (cluster 0x14 reached again, from 0x14)");
	ut_asserteq(-EBADMSG, fs_type_fat.size(m->vol, "/sub/nothing", &size));
	ut_assert_nextline("ut: FAT: 'SUB': its cluster chain loops (cluster 0x14 reached again, from 0x14)");
	ut_assert_console_end();
	img_free(m);
	return 0;
}
UNIT_TEST(fs_test_fat_dir_loop, UTF_CONSOLE, fs);

/* Open a volume whose boot sector @off holds @val (a byte, or 16 bits) */
static int bpb(struct unit_test_state *uts, int off, int size, u32 val,
	       int want, const char *msg)
{
	struct img *m = img_new(12);

	ut_assertnonnull(m);
	if (size == 1)
		m->b[off] = val;
	else
		put16(m->b + off, val);
	ut_console_reset(uts);
	ut_asserteq(want, img_open(m));
	if (msg)
		ut_assert_nextline(msg);
	ut_assert_console_end();
	img_free(m);
	return 0;
}

static int fs_test_fat_bpb(struct unit_test_state *uts)
{
	ut_assertok(bpb(uts, 13, 1, 0, -EBADMSG,
			"ut: FAT: bad BPB: 0 sectors per cluster (a power of 2 from 1 to 128)"));
	ut_assertok(bpb(uts, 13, 1, 3, -EBADMSG,
			"ut: FAT: bad BPB: 3 sectors per cluster (a power of 2 from 1 to 128)"));
	ut_assertok(bpb(uts, 14, 2, 0, -EBADMSG,
			"ut: FAT: bad BPB: no reserved sectors"));
	ut_assertok(bpb(uts, 16, 1, 0, -EBADMSG, "ut: FAT: bad BPB: no FAT"));
	ut_assertok(bpb(uts, 19, 2, 65, -EBADMSG,
			"ut: FAT: bad BPB: 65 sectors of 512 bytes, more than the partition's 32768 bytes"));
	ut_assertok(bpb(uts, 22, 2, 62, -EBADMSG,
			"ut: FAT: bad BPB: reserved sectors, FATs and root directory (64 sectors) fill the volume (64)"));
	ut_assertok(bpb(uts, 17, 2, 0, -EBADMSG,
			"ut: FAT: bad BPB: FAT12 without root directory entries"));
	ut_assertok(bpb(uts, 21, 1, 0x12, -EBADMSG,
			"ut: FAT: bad BPB: media type 0x12"));
	/* Not FAT at all: quiet */
	ut_assertok(bpb(uts, 510, 1, 0, -ENODEV, NULL));
	ut_assertok(bpb(uts, 0, 1, 0, -ENODEV, NULL));
	ut_assertok(bpb(uts, 11, 2, 256, -ENODEV, NULL));
	ut_assertok(bpb(uts, 3, 1, 'N', 0, NULL));
	return 0;
}
UNIT_TEST(fs_test_fat_bpb, UTF_CONSOLE, fs);

/* NTFS's boot sector has the same jump and signature: not FAT */
static int fs_test_fat_not_ntfs(struct unit_test_state *uts)
{
	struct img *m = img_new(12);

	ut_assertnonnull(m);
	memcpy(m->b + 3, "NTFS    ", 8);
	put16(m->b + 14, 0);
	m->b[16] = 0;
	ut_asserteq(-ENODEV, img_open(m));
	img_free(m);
	return 0;
}
UNIT_TEST(fs_test_fat_not_ntfs, 0, fs);

/*
 * A FAT16 volume of 40000 clusters: a FAT of 157 sectors, more than the
 * window a stream starts with; only its first sectors are kept, the data
 * is made up as it is read
 */
#define BIG_CLUSTERS	40000
#define BIG_FAT_SECT	157
#define BIG_ROOT	(1 + BIG_FAT_SECT)	/* the root directory's sector */
#define BIG_DATA	(BIG_ROOT + 1)		/* cluster 2's */
#define BIG_HEAD	(BIG_DATA * SECT)
#define BIG_SIZE	(5 * SECT - 100)

/* BIG.BIN: from the FAT's end to its start and back */
static const u32 big_chain[] = { 39990, 39991, 3, 4, 39995 };

static u8 big_byte(u64 off)
{
	return (u8)(off * 13 + off / 509);
}

static int big_read(const struct fs_io *io, u64 off, void *buf, size_t len)
{
	const u8 *head = io->priv;
	u8 *p = buf;

	if (fs_watch.streaming) {
		fs_watch.bad_reads++;
		return -EIO;
	}
	if (off > io->size || len > io->size - off)
		return -ERANGE;
	for (size_t i = 0; i < len; i++)
		p[i] = off + i < BIG_HEAD ? head[off + i] : big_byte(off + i);
	return 0;
}

static void big_fat_set(u8 *head, u32 cl, u16 val)
{
	put16(head + SECT + cl * 2, val);
}

static u8 *big_new(void)
{
	u8 *bs = calloc(1, BIG_HEAD), *e;

	if (!bs)
		return NULL;
	bs[0] = 0xeb;
	bs[1] = 0x3c;
	bs[2] = 0x90;
	put16(bs + 11, SECT);
	bs[13] = 1;
	put16(bs + 14, 1);
	bs[16] = 1;
	put16(bs + 17, ROOT_ENTS);
	put16(bs + 19, BIG_DATA + BIG_CLUSTERS);
	bs[21] = 0xf8;
	put16(bs + 22, BIG_FAT_SECT);
	bs[510] = 0x55;
	bs[511] = 0xaa;
	big_fat_set(bs, 0, 0xfff8);
	big_fat_set(bs, 1, 0xffff);
	for (u32 i = 0; i < ARRAY_SIZE(big_chain); i++)
		big_fat_set(bs, big_chain[i], i + 1 < ARRAY_SIZE(big_chain) ?
			    big_chain[i + 1] : 0xffff);
	e = bs + BIG_ROOT * SECT;
	memcpy(e, "BIG     BIN", 11);
	e[11] = 0x20;
	put16(e + 26, big_chain[0]);
	put32(e + 28, BIG_SIZE);
	return bs;
}

/*
 * Streamed, the walk stops where the next link's entry is outside the
 * window of the FAT it has (39991 -> 3 and 4 -> 39995), and at the end
 * for the chain's last check: the pieces before are given first, the
 * source answers FS_SRC_WAIT, and it reads the FAT only once asked
 * with in_stream clear; the bytes are the same as read through the io.
 */
static int fs_test_fat_window(struct unit_test_state *uts)
{
	static u8 out[BIG_SIZE + 1];
	struct fs_io io = {
		.size = (u64)(BIG_DATA + BIG_CLUSTERS) * SECT,
		.read = big_read, .name = "ut",
	};
	struct fs_vol *vol;
	u64 act;

	io.priv = big_new();
	ut_assertnonnull(io.priv);
	for (int stream = 0; stream < 2; stream++) {
		io.stream = stream ? fs_watch_stream : NULL;
		fs_watch_reset();
		ut_assertok(fs_type_fat.open(&io, &vol));
		memset(out, 0xee, sizeof(out));
		ut_assertok(fs_type_fat.read(vol, "/big.bin", 0, out,
					     sizeof(out), &act));
		ut_asserteq(BIG_SIZE, act);
		for (u32 i = 0; i < BIG_SIZE; i++)
			ut_asserteq(big_byte(BIG_HEAD + (big_chain[i / SECT] - 2) *
					     SECT + i % SECT), out[i]);
		ut_asserteq(0xee, out[BIG_SIZE]);
		ut_asserteq(0, fs_watch.bad_reads);
		/* 39990-39991, 3, 4, 39995 */
		ut_asserteq(stream ? 4 : 0, fs_watch.pieces);
		ut_asserteq(stream ? 2 : 0, fs_watch.waits);
		fs_type_fat.close(vol);
	}
	free(io.priv);
	return 0;
}
UNIT_TEST(fs_test_fat_window, 0, fs);

/*
 * fs_read_stream() on a partition of a block device (a host file): a
 * scripted source's pieces, which the device's stream takes when they
 * are whole blocks, and reads by themselves between its streams when not
 * (a piece starting inside a block). The last bytes of a piece ending
 * inside a block go in the stream through a bounce block, one per
 * stream; a second such piece is read by itself. A source that must
 * read answers FS_SRC_WAIT in a stream, and is asked again outside it.
 * Its own error is not said again; a device's is.
 */
#define STREAM_IMG	"/tmp/ember-ut-fs-stream.img"

struct script {
	struct fs_src src;
	const struct fs_iov *step;	/* { 0, NULL, 0 }: FS_SRC_WAIT */
	u32 at, n;
	int err;			/* said at the end instead of FS_SRC_END */
	char log[16];			/* 'i' or 'o' for each call */
};

static int script_next(struct fs_src *src, struct fs_iov *iov)
{
	struct script *sc = container_of(src, struct script, src);
	size_t k = strlen(sc->log);

	if (k + 1 < sizeof(sc->log))
		sc->log[k] = src->in_stream ? 'i' : 'o';
	if (sc->at < sc->n && !sc->step[sc->at].buf) {
		if (src->in_stream)
			return FS_SRC_WAIT;
		sc->at++;	/* what it had to read, read */
	}
	if (sc->at == sc->n)
		return sc->err ? sc->err : FS_SRC_END;
	*iov = sc->step[sc->at++];
	return FS_SRC_PIECE;
}

static int fs_test_stream_blk(struct unit_test_state *uts)
{
	static u8 out[8192];
	struct img *m = img_new(12);
	const struct fs_iov steps[] = {
		{ 1024, out, 1024 },		/* whole blocks */
		{ 2148, out + 1024, 300 },	/* from inside a block */
		{ 4096, out + 1324, 1500 },	/* 2 blocks, then 476 bytes */
		{ 8192, out + 2824, 512 },
		{ 9216, out + 3336, 100 },	/* the second short piece */
		{ 512, out + 3436, 1536 },
		{ 0, NULL, 0 },			/* it must read first */
		{ 10240, out + 4972, 1024 },
	};
	struct script sc = { { script_next }, steps, 0, ARRAY_SIZE(steps) };
	struct fs_mount *mnt;
	u32 at = 0;

	ut_assertnonnull(m);
	for (u32 i = DATA12_OFF; i < sizeof(m->b); i++)
		m->b[i] = (u8)(i * 3 + i / 512);
	ut_assertok(os_write_file(STREAM_IMG, m->b, sizeof(m->b)));
	ut_asserteq(0, run_command("host bind 0 " STREAM_IMG, 0));
	ut_assertok(fs_mount("host", "0:0", &fs_type_fat, &mnt));
	memset(out, 0xee, sizeof(out));
	ut_assertok(fs_read_stream(&mnt->io, &sc.src));
	/*
	 * Asked outside a stream (o) for each stream's first piece, inside
	 * (i) for the next: the piece from inside a block ends the first;
	 * the 476 bytes are read in the second, through its one bounce
	 * block, so the 100 bytes end it; the wait ends the third
	 */
	ut_asserteq_str("oioiioioi", sc.log);
	for (u32 i = 0; i < ARRAY_SIZE(steps); i++) {
		for (u32 b = 0; b < steps[i].len; b++)
			ut_asserteq(m->b[steps[i].off + b], out[at + b]);
		at += steps[i].len;
	}
	ut_asserteq(0xee, out[at]);
	ut_assert_console_end();
	/* The source's error: not said again */
	sc = (struct script){ { script_next }, steps, 0, 1, -EBADMSG };
	ut_asserteq(-EBADMSG, fs_read_stream(&mnt->io, &sc.src));
	ut_assert_console_end();
	/* A piece past the partition: refused, said */
	{
		const struct fs_iov past[] = { { sizeof(m->b) - 512, out, 1024 } };

		sc = (struct script){ { script_next }, past, 0, 1 };
		ut_asserteq(-ERANGE, fs_read_stream(&mnt->io, &sc.src));
		ut_assert_nextline("host 0: read of 0x400 bytes at 0x7e00 is past the partition's end (0x8000)");
		ut_assert_console_end();
	}
	fs_umount(mnt);
	ut_asserteq(0, run_command("host unbind 0", 0));
	img_free(m);
	return 0;
}
UNIT_TEST(fs_test_stream_blk, UTF_DM | UTF_CONSOLE, fs);
