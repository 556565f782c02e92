// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ext2/3/4 (lib/fs/ext4.c) on images made by mkfs.ext4 -d and checked in
 * small (test/lib/fs_ext4_img.h, written by fs_ext4_img.py): extents and
 * extent trees, block maps to triple indirect, metadata_csum, htree
 * directories, revision 0 without file types, fast, slow, absolute and
 * looping symlinks, sparse files; then the same images corrupted in
 * memory, each defect an error with one message, never a read outside
 * the image.
 */
#include <boot.h>
#include <byteorder.h>
#include <errno.h>
#include <fs.h>
#include <lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>
#include "fs_watch.h"
#include "fs_ext4_img.h"
#include "fs_ext4_dx.h"
#include "../../lib/fs/ext4_priv.h"

#define HELLO		"hello, ember\n"
#define SB		1024		/* the superblock's offset */
#define SUB_FILES	200

struct img {
	u8 *buf;
	u64 size;
	int bad_reads;		/* reads outside the image, or while its
				 * stream's source is asked: must stay 0 */
	int reads;		/* the others */
	struct fs_io io;
	struct fs_vol *vol;
};

static int img_read(const struct fs_io *io, u64 off, void *buf, size_t len)
{
	struct img *m = io->priv;

	if (fs_watch.streaming || off > m->size || len > m->size - off) {
		m->bad_reads++;
		return -EIO;
	}
	memcpy(buf, m->buf + off, len);
	m->reads++;
	return 0;
}

/* Unpack an image; the filesystem is not opened yet */
static int img_load(struct img *m, const struct ext4_img *src)
{
	size_t len;

	memset(m, 0, sizeof(*m));
	m->buf = malloc(src->size);
	if (!m->buf || !IS_ENABLED(CONFIG_GZIP))
		return -ENOMEM;
	if (boot_gunzip(m->buf, src->size, src->gz, src->gz_len, &len) ||
	    len != src->size)
		return -EINVAL;
	m->size = src->size;
	m->io.size = src->size;
	m->io.read = img_read;
	m->io.priv = m;
	m->io.name = "img";
	return 0;
}

static int img_open(struct img *m)
{
	if (m->vol)
		fs_type_ext4.close(m->vol);
	m->vol = NULL;
	return fs_type_ext4.open(&m->io, &m->vol);
}

static void img_free(struct img *m)
{
	if (m->vol)
		fs_type_ext4.close(m->vol);
	free(m->buf);
}

static u8 pattern(u64 i, int seed)
{
	return i * 7 + (i >> 8) + seed;
}

static bool is_pattern(const u8 *p, u64 len, int seed)
{
	for (u64 i = 0; i < len; i++) {
		if (p[i] != pattern(i, seed))
			return false;
	}
	return true;
}

static bool is_zero(const u8 *p, u64 len)
{
	return !len || (!p[0] && !memcmp(p, p + 1, len - 1));
}

struct ls_acc {
	int n, dirs, links;
	int stop_after;
	char names[4096];	/* " name name ... " */
};

static int ls_fn(void *ctx, const struct fs_dirent *d)
{
	struct ls_acc *a = ctx;
	size_t pos = strlen(a->names);

	a->n++;
	a->dirs += d->type == FS_DT_DIR;
	a->links += d->type == FS_DT_LNK;
	if (pos + strlen(d->name) + 2 < sizeof(a->names))
		snprintf(a->names + pos, sizeof(a->names) - pos, "%s%s ",
			 pos ? "" : " ", d->name);
	return a->stop_after && a->n >= a->stop_after;
}

static int ls(struct img *m, const char *path, struct ls_acc *a)
{
	memset(a, 0, sizeof(*a));
	return fs_type_ext4.ls(m->vol, path, ls_fn, a);
}

static bool listed(struct ls_acc *a, const char *name)
{
	char want[64];

	snprintf(want, sizeof(want), " %s ", name);
	return strstr(a->names, want);
}

/* Read all of @path (at most @max bytes) into a new buffer */
static int slurp(struct img *m, const char *path, u8 **bufp, u64 *lenp)
{
	u64 size;
	int ret;

	ret = fs_type_ext4.size(m->vol, path, &size);
	if (ret)
		return ret;
	*bufp = malloc(size + 1);
	if (!*bufp)
		return -ENOMEM;
	ret = fs_type_ext4.read(m->vol, path, 0, *bufp, size, lenp);
	if (!ret && *lenp != size)
		ret = -EIO;
	if (ret)
		free(*bufp);
	return ret;
}

/* Read all of @path (its first MiB): the error */
static int read_err(struct img *m, const char *path)
{
	u64 size, act;
	u8 *buf;
	int ret;

	ret = fs_type_ext4.size(m->vol, path, &size);
	if (ret)
		return ret;
	size = min_t(u64, size, 1 << 20);
	buf = malloc(size + 1);
	if (!buf)
		return -ENOMEM;
	ret = fs_type_ext4.read(m->vol, path, 0, buf, size, &act);
	free(buf);
	return ret;
}

static bool next_line_starts(struct unit_test_state *uts, const char *start)
{
	char line[256];

	return ut_console_line(uts, line, sizeof(line)) &&
	       !strncmp(line, start, strlen(start));
}

/* What every image holds (fs_ext4_img.py: populate()) */
static int check_tree(struct unit_test_state *uts, struct img *m,
		      int sub_files, u64 big, u64 huge)
{
	struct ls_acc a;
	int reads;
	u8 *buf;
	u64 len;

	ut_assertok(ls(m, "/", &a));
	ut_assert(listed(&a, ".") && listed(&a, "..") &&
		  listed(&a, "hello.txt") && listed(&a, "sub") &&
		  listed(&a, "loop2") && listed(&a, "dangling"));
	ut_asserteq(7, a.links);
	ut_assertok(ls(m, "/sub", &a));
	ut_asserteq(sub_files + 3, a.n);
	ut_assert(listed(&a, "f1") && listed(&a, "deep"));

	/* Looked up again (a load looks twice): only the data is read */
	ut_assertok(fs_type_ext4.size(m->vol, "/hello.txt", &len));
	reads = m->reads;
	ut_assertok(slurp(m, "/hello.txt", &buf, &len));
	ut_asserteq(1, m->reads - reads);
	ut_asserteq(strlen(HELLO), len);
	ut_asserteq_mem(HELLO, buf, len);
	free(buf);
	/* Through a subdirectory: both directories' blocks are kept */
	ut_assertok(fs_type_ext4.size(m->vol, "/sub/f3", &len));
	reads = m->reads;
	ut_assertok(slurp(m, "/sub/f3", &buf, &len));
	ut_asserteq(1, m->reads - reads);
	ut_asserteq_mem("3\n", buf, len);
	free(buf);
	ut_assertok(slurp(m, "/big.bin", &buf, &len));
	ut_asserteq(big, len);
	ut_assert(is_pattern(buf, len, 1));
	free(buf);
	ut_assertok(slurp(m, "/empty", &buf, &len));
	ut_asserteq(0, len);
	free(buf);
	/* Holes read as zeros, around and between the data */
	ut_assertok(slurp(m, "/sparse", &buf, &len));
	ut_asserteq(300004, len);
	ut_assert(is_zero(buf, 100000));
	ut_assert(is_pattern(buf + 100000, 3000, 2));
	ut_assert(is_zero(buf + 103000, 300000 - 103000));
	ut_asserteq_mem("tail", buf + 300000, 4);
	free(buf);
	ut_assertok(slurp(m, "/frag", &buf, &len));
	ut_asserteq((IMG_FRAG_PIECES - 1) * IMG_FRAG_STEP + 1024, len);
	for (int k = 0; k < IMG_FRAG_PIECES; k++) {
		ut_assert(is_pattern(buf + k * IMG_FRAG_STEP, 1024, 3 + k));
		if (k)
			ut_assert(is_zero(buf + k * IMG_FRAG_STEP - 7168, 7168));
	}
	free(buf);
	if (huge) {
		u8 far[16];

		ut_assertok(fs_type_ext4.size(m->vol, "/huge", &len));
		ut_asserteq(huge + 8, len);
		ut_assertok(fs_type_ext4.read(m->vol, "/huge", huge - 4, far,
					      sizeof(far), &len));
		ut_asserteq(12, len);
		ut_asserteq_mem("\0\0\0\0far away", far, 12);
	}
	ut_assertok(slurp(m, sub_files == SUB_FILES ? "/sub/f200" : "/sub/f3",
			  &buf, &len));
	ut_asserteq_mem(sub_files == SUB_FILES ? "200\n" : "3\n", buf, len);
	free(buf);
	ut_asserteq(0, m->bad_reads);
	return 0;
}

/*
 * Open @src and check what it holds, then again with the source of each
 * file's stream watched: it never reads while asked in the stream, and
 * answers FS_SRC_WAIT where it needs a block it has not got (@waits:
 * whether some file needs one: an indirect block of a block map)
 */
static int tree_test(struct unit_test_state *uts, const struct ext4_img *src,
		     int sub_files, u64 big, u64 huge, bool waits)
{
	struct img m;

	ut_assertok(img_load(&m, src));
	ut_assertok(img_open(&m));
	ut_assertok(check_tree(uts, &m, sub_files, big, huge));
	m.io.stream = fs_watch_stream;
	fs_watch_reset();
	ut_assertok(img_open(&m));
	ut_assertok(check_tree(uts, &m, sub_files, big, huge));
	ut_assert(fs_watch.pieces > 0);
	ut_asserteq(waits, fs_watch.waits > 0);
	img_free(&m);
	return 0;
}

/* 64bit and metadata_csum: what Debian's mkfs.ext4 makes */
static int fs_test_ext4_csum(struct unit_test_state *uts)
{
	ut_asserteq_str("ext4", fs_type_ext4.name);
	return tree_test(uts, &img_csum, SUB_FILES, IMG_CSUM_BIG, 0, false);
}
UNIT_TEST(fs_test_ext4_csum, 0, fs);

/* 32-byte group descriptors, uninit_bg (crc16, not checked) */
static int fs_test_ext4_plain(struct unit_test_state *uts)
{
	return tree_test(uts, &img_plain, SUB_FILES, IMG_PLAIN_BIG, 0, false);
}
UNIT_TEST(fs_test_ext4_plain, 0, fs);

/* Block maps: direct, indirect, double (big.bin) and triple (huge) */
static int fs_test_ext4_ext2(struct unit_test_state *uts)
{
	return tree_test(uts, &img_ext2, SUB_FILES, IMG_EXT2_BIG,
			 IMG_EXT2_HUGE, true);
}
UNIT_TEST(fs_test_ext4_ext2, 0, fs);

/* Revision 0: 128-byte inodes, no features, 16-bit name lengths */
static int fs_test_ext4_rev0(struct unit_test_state *uts)
{
	return tree_test(uts, &img_rev0, 3, IMG_REV0_BIG, 0, true);
}
UNIT_TEST(fs_test_ext4_rev0, 0, fs);

static int fs_test_ext4_symlinks(struct unit_test_state *uts)
{
	struct ls_acc a;
	struct img m;
	u8 *buf;
	u64 len;

	ut_assertok(img_load(&m, &img_csum));
	ut_assertok(img_open(&m));
	/* Fast (in the inode), slow (in a block), absolute, to a directory */
	ut_assertok(slurp(&m, "/link", &buf, &len));
	ut_asserteq_mem(HELLO, buf, len);
	free(buf);
	ut_assertok(slurp(&m, "/slowlink", &buf, &len));
	ut_asserteq_mem(HELLO, buf, len);
	free(buf);
	ut_assertok(slurp(&m, "/sub/deep/../../abslink", &buf, &len));
	ut_asserteq_mem("7\n", buf, len);
	free(buf);
	ut_assertok(slurp(&m, "dirlink/leaf", &buf, &len));
	ut_asserteq_mem("leaf\n", buf, len);
	free(buf);
	ut_assertok(ls(&m, "/dirlink", &a));
	ut_asserteq(3, a.n);
	ut_assert(listed(&a, "leaf"));
	/* Loops end after FS_MAX_SYMLINKS; a link to nothing is absent */
	ut_asserteq(-ELOOP, read_err(&m, "/loop1"));
	ut_asserteq(-ELOOP, ls(&m, "/loop2/x", &a));
	ut_asserteq(-ENOENT, read_err(&m, "/dangling"));
	ut_asserteq(-ENOTDIR, read_err(&m, "/link/x"));
	ut_asserteq(0, m.bad_reads);
	img_free(&m);
	return 0;
}
UNIT_TEST(fs_test_ext4_symlinks, 0, fs);

static int fs_test_ext4_paths(struct unit_test_state *uts)
{
	char *longpath;
	struct ls_acc a;
	struct img m;
	u8 buf[32];
	u64 len;

	ut_assertok(img_load(&m, &img_plain));
	ut_assertok(img_open(&m));
	ut_assertok(ls(&m, "", &a));
	ut_assertok(ls(&m, "//sub/./deep/..//", &a));
	ut_asserteq(SUB_FILES + 3, a.n);
	ut_asserteq(3, a.dirs);
	/* ls stops when its function says so */
	memset(&a, 0, sizeof(a));
	a.stop_after = 2;
	ut_assertok(fs_type_ext4.ls(m.vol, "/sub", ls_fn, &a));
	ut_asserteq(2, a.n);
	/* Reads at an offset, past the end, of directories */
	ut_assertok(fs_type_ext4.read(m.vol, "/sub/../hello.txt", 7, buf,
				      sizeof(buf), &len));
	ut_asserteq(6, len);
	ut_asserteq_mem("ember\n", buf, 6);
	ut_assertok(fs_type_ext4.read(m.vol, "/hello.txt", 13, buf, 1, &len));
	ut_asserteq(0, len);
	ut_assertok(fs_type_ext4.read(m.vol, "/hello.txt", ~0ULL, buf, 1,
				      &len));
	ut_asserteq(0, len);
	ut_asserteq(-EISDIR, read_err(&m, "/sub"));
	ut_asserteq(-EISDIR, fs_type_ext4.size(m.vol, "/", &len));
	ut_asserteq(-ENOTDIR, ls(&m, "/hello.txt", &a));
	ut_asserteq(-ENOENT, read_err(&m, "/sub/f201"));
	ut_asserteq(-ENOENT, read_err(&m, "/hello.tx"));
	longpath = malloc(5000);
	ut_assertnonnull(longpath);
	memset(longpath, 'a', 4999);
	longpath[4999] = '\0';
	ut_asserteq(-ENAMETOOLONG, read_err(&m, longpath));
	ut_assert_nextline("img: ext4: path longer than 4096 bytes");
	memset(longpath, '/', 4999);
	memcpy(longpath + 4000, "hello.txt", 10);
	ut_assertok(read_err(&m, longpath));
	free(longpath);
	ut_asserteq(0, m.bad_reads);
	img_free(&m);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(fs_test_ext4_paths, UTF_CONSOLE, fs);

static void put16(struct img *m, u64 off, u16 v)
{
	m->buf[off] = v;
	m->buf[off + 1] = v >> 8;
}

static void put32(struct img *m, u64 off, u32 v)
{
	put16(m, off, v);
	put16(m, off + 2, v >> 16);
}

static u32 get32(struct img *m, u64 off)
{
	return m->buf[off] | m->buf[off + 1] << 8 | m->buf[off + 2] << 16 |
	       (u32)m->buf[off + 3] << 24;
}

/* The offset in the image of @name's entry in the directory block @blk */
static u64 dirent_at(struct img *m, u64 blk, const char *name)
{
	for (u64 off = blk; off < blk + 1024;) {
		u16 rec = m->buf[off + 4] | m->buf[off + 5] << 8;

		if (m->buf[off + 6] == strlen(name) &&
		    !memcmp(m->buf + off + 8, name, strlen(name)))
			return off;
		if (!rec)
			break;
		off += rec;
	}
	return 0;
}

/*
 * Change the image (@off, 16 or 32 bits of @val), open it and expect
 * @err from the open or, when it opens, from reading @path; restore
 */
static int corrupt(struct unit_test_state *uts, struct img *m, u64 off,
		   int bits, u32 val, const char *path, int err)
{
	u8 save[4];
	int ret;

	memcpy(save, m->buf + off, 4);
	if (bits == 16)
		put16(m, off, val);
	else
		put32(m, off, val);
	ret = img_open(m);
	if (!ret)
		ret = read_err(m, path);
	memcpy(m->buf + off, save, 4);
	ut_asserteq(err, ret);
	ut_asserteq(0, m->bad_reads);
	return 0;
}

/* Superblock fields, each checked against the others and the partition */
static int fs_test_ext4_bad_super(struct unit_test_state *uts)
{
	struct img m;

	ut_assertok(img_load(&m, &img_plain));
	ut_assertok(corrupt(uts, &m, SB + 0x38, 16, 0xef54, "/", -ENODEV));
	ut_assertok(corrupt(uts, &m, SB + 0x18, 32, 7, "/", -EBADMSG));
	ut_assert_nextline("img: ext4: block size 2^(10+7)");
	ut_assertok(corrupt(uts, &m, SB + 0x18, 32, 0xffffffff, "/",
			    -EBADMSG));
	ut_assert(next_line_starts(uts, "img: ext4: block size"));
	ut_assertok(corrupt(uts, &m, SB + 0x04, 32, 1025, "/", -EBADMSG));
	ut_assert_nextline("img: ext4: 1025 blocks of 1024 bytes: larger than the partition (1048576 bytes)");
	ut_assertok(corrupt(uts, &m, SB + 0x58, 16, 100, "/", -EBADMSG));
	ut_assert_nextline("img: ext4: inode size 100");
	ut_assertok(corrupt(uts, &m, SB + 0x58, 16, 2048, "/", -EBADMSG));
	ut_assert_nextline("img: ext4: inode size 2048");
	ut_assertok(corrupt(uts, &m, SB + 0x28, 32, 0, "/", -EBADMSG));
	ut_assert_nextline("img: ext4: 256 inodes in 1 groups of 0");
	ut_assertok(corrupt(uts, &m, SB + 0x00, 32, 257, "/", -EBADMSG));
	ut_assert_nextline("img: ext4: 257 inodes in 1 groups of 256");
	ut_assertok(corrupt(uts, &m, SB + 0x20, 32, 0, "/", -EBADMSG));
	ut_assert_nextline("img: ext4: first data block 1, 0 blocks per group");
	ut_assertok(corrupt(uts, &m, SB + 0x14, 32, 5, "/", -EBADMSG));
	ut_assert_nextline("img: ext4: first data block 5, 8192 blocks per group");
	ut_assertok(corrupt(uts, &m, SB + 0x4c, 32, 2, "/", -EBADMSG));
	ut_assert_nextline("img: ext4: revision 2");
	/* A partition too small for the filesystem, or for any */
	m.io.size = m.size / 2;
	ut_asserteq(-EBADMSG, img_open(&m));
	ut_assert(next_line_starts(uts, "img: ext4: 1024 blocks of 1024 bytes: larger"));
	m.io.size = 2047;
	ut_asserteq(-ENODEV, img_open(&m));
	m.io.size = m.size;
	memset(m.buf, 0, m.size);
	ut_asserteq(-ENODEV, img_open(&m));
	ut_asserteq(0, m.bad_reads);
	img_free(&m);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(fs_test_ext4_bad_super, UTF_CONSOLE, fs);

/* Incompatible features we cannot read are named, and refused */
static int fs_test_ext4_features(struct unit_test_state *uts)
{
	struct img m;
	u32 inc;

	ut_assertok(img_load(&m, &img_plain));
	inc = get32(&m, SB + 0x60);
	ut_assertok(corrupt(uts, &m, SB + 0x60, 32, inc | 0x10000, "/",
			    -ENOSYS));
	ut_assert_nextline("img: ext4: cannot read this filesystem: it uses encrypt");
	ut_assertok(corrupt(uts, &m, SB + 0x60, 32, inc | 0x28000, "/",
			    -ENOSYS));
	ut_assert_nextline("img: ext4: cannot read this filesystem: it uses inline_data casefold");
	ut_assertok(corrupt(uts, &m, SB + 0x60, 32, inc | 0x80001009, "/",
			    -ENOSYS));
	ut_assert_nextline("img: ext4: cannot read this filesystem: it uses compression journal_dev dirdata unknown(0x80000000)");
	/*
	 * What we read: needs_recovery (with a warning: this filesystem has
	 * no journal to replay), mmp, large_dir
	 */
	ut_assertok(corrupt(uts, &m, SB + 0x60, 32, inc | 0x4104, "/hello.txt",
			    0));
	ut_assert_nextline("img: ext4: journal: needs recovery, but the filesystem has none: reading it as it is");
	/* An inode flagged encrypted on a filesystem without encryption */
	ut_assertok(corrupt(uts, &m, IMG_PLAIN_HELLO_TXT_INODE + 0x20, 32,
			    0x80800, "/hello.txt", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 18 has flags 0x80800 this filesystem does not allow");
	img_free(&m);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(fs_test_ext4_features, UTF_CONSOLE, fs);

/* Directory entries: lengths, names and inode numbers */
static int fs_test_ext4_bad_dirent(struct unit_test_state *uts)
{
	u64 root = IMG_PLAIN_ROOT_DIR_BLOCK, hello;
	struct img m;

	ut_assertok(img_load(&m, &img_plain));
	hello = dirent_at(&m, root, "hello.txt");
	ut_assert(hello);
	ut_assertok(corrupt(uts, &m, root + 4, 16, 0, "/hello.txt",
			    -EBADMSG));
	ut_assert_nextline("img: ext4: directory inode 2 block 0: bad entry at 0 (rec_len 0, name_len 1)");
	ut_assertok(corrupt(uts, &m, root + 4, 16, 2048, "/hello.txt",
			    -EBADMSG));
	ut_assert_nextline("img: ext4: directory inode 2 block 0: bad entry at 0 (rec_len 2048, name_len 1)");
	ut_assertok(corrupt(uts, &m, root + 4, 16, 13, "/hello.txt",
			    -EBADMSG));
	ut_assert_nextline("img: ext4: directory inode 2 block 0: bad entry at 0 (rec_len 13, name_len 1)");
	ut_assertok(corrupt(uts, &m, root + 6, 16, 0x0200, "/hello.txt",
			    -EBADMSG));
	ut_assert_nextline("img: ext4: directory inode 2 block 0: bad entry at 0 (rec_len 12, name_len 0)");
	ut_assertok(corrupt(uts, &m, hello, 32, 100000, "/hello.txt",
			    -EBADMSG));
	ut_assert_nextline("img: ext4: inode 100000 out of range (1..256)");
	/* A free inode, or one in the unused part of its group's table */
	ut_assertok(corrupt(uts, &m, hello, 32, 255, "/hello.txt", -EBADMSG));
	ut_assert(next_line_starts(uts, "img: ext4: inode 255 is "));
	/* Only what a lookup reaches: the entry for "." is not */
	ut_assertok(corrupt(uts, &m, root, 32, 100000, "/hello.txt", 0));
	/* A directory larger than the filesystem */
	ut_assertok(corrupt(uts, &m, IMG_PLAIN_SUB_INODE + 0x6c, 32, 1,
			    "/sub/f1", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 24: size 4294971392 too large");
	img_free(&m);
	/* Without FILETYPE, name_len has 16 bits: more than a name holds */
	ut_assertok(img_load(&m, &img_rev0));
	ut_assertok(corrupt(uts, &m, IMG_REV0_ROOT_DIR_BLOCK + 4, 32,
			    0x01011000, "/hello.txt", -EBADMSG));
	ut_assert_nextline("img: ext4: directory inode 2 block 0: bad entry at 0 (rec_len 4096, name_len 257)");
	img_free(&m);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(fs_test_ext4_bad_dirent, UTF_CONSOLE, fs);

/* Extent trees: bounds, magic, depth, order, loops; unwritten extents */
static int fs_test_ext4_bad_extents(struct unit_test_state *uts)
{
	u64 root = IMG_PLAIN_FRAG_INODE + 0x28, leaf = IMG_PLAIN_FRAG_LEAF;
	struct img m;
	u8 buf[1024];
	u64 len;

	ut_assertok(img_load(&m, &img_plain));
	ut_assert(leaf);
	/* The root's one index entry points past the end, or at itself */
	ut_assertok(corrupt(uts, &m, root + 12 + 4, 32, 5000, "/frag",
			    -EBADMSG));
	ut_assert_nextline("img: ext4: block 5000 past the end (1024 blocks)");
	ut_assertok(corrupt(uts, &m, leaf + 6, 16, 1, "/frag", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 17: extent node of depth 1, expected 0");
	ut_assertok(corrupt(uts, &m, root + 6, 16, 6, "/frag", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 17: extent tree 6 deep (at most 5)");
	ut_assertok(corrupt(uts, &m, leaf, 16, 0xf30b, "/frag", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 17: bad extent magic 0xf30b");
	ut_assertok(corrupt(uts, &m, root + 2, 16, 5, "/frag", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 17: extent node with 5 of 4 entries");
	ut_assertok(corrupt(uts, &m, leaf + 4, 16, 200, "/frag", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 17: extent node with 12 of 200 entries");
	/* An extent past the end; one out of order */
	ut_assertok(corrupt(uts, &m, leaf + 24 + 8, 32, 1024, "/frag",
			    -EBADMSG));
	ut_assert_nextline("img: ext4: inode 17: extent of 1 blocks at block 1024 past the end");
	ut_assertok(corrupt(uts, &m, leaf + 24, 32, 0, "/frag", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 17: extent at block 0 empty or out of order");
	ut_assertok(corrupt(uts, &m, leaf + 24 + 4, 16, 0, "/frag", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 17: extent at block 8 empty or out of order");
	/* An unwritten extent reads as zeros */
	put16(&m, leaf + 24 + 4, 0x8001);
	ut_assertok(img_open(&m));
	ut_assertok(fs_type_ext4.read(m.vol, "/frag", IMG_FRAG_STEP, buf,
				      sizeof(buf), &len));
	ut_asserteq(sizeof(buf), len);
	ut_assert(is_zero(buf, sizeof(buf)));
	ut_assertok(fs_type_ext4.read(m.vol, "/frag", 2 * IMG_FRAG_STEP, buf,
				      sizeof(buf), &len));
	ut_assert(is_pattern(buf, sizeof(buf), 5));
	/* A size larger than any extent tree describes */
	ut_assertok(corrupt(uts, &m, IMG_PLAIN_BIG_BIN_INODE + 0x6c, 32,
			    0xffffffff, "/big.bin", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 13: size 18446744069414654320 too large");
	ut_asserteq(0, m.bad_reads);
	img_free(&m);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(fs_test_ext4_bad_extents, UTF_CONSOLE, fs);

/* Block maps and symlinks */
static int fs_test_ext4_bad_blockmap(struct unit_test_state *uts)
{
	u64 big = IMG_EXT2_BIG_BIN_INODE, link = IMG_EXT2_LINK_INODE;
	struct img m;

	ut_assertok(img_load(&m, &img_ext2));
	ut_assertok(corrupt(uts, &m, big + 0x28 + 12 * 4, 32, 0x7fffffff,
			    "/big.bin", -EBADMSG));
	ut_assert_nextline("img: ext4: block 2147483647 past the end (1024 blocks)");
	ut_assertok(corrupt(uts, &m, big + 0x28, 32, 1024, "/big.bin",
			    -EBADMSG));
	ut_assert_nextline("img: ext4: inode 13: block 1024 past the end");
	/* Symlink targets: a NUL, no length, longer than a block */
	ut_assertok(corrupt(uts, &m, link + 0x28 + 2, 16, 0, "/link",
			    -EBADMSG));
	ut_assert_nextline("img: ext4: symlink inode 20 holds a NUL");
	ut_assertok(corrupt(uts, &m, link + 4, 32, 0, "/link", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 20: symlink of 0 bytes");
	ut_assertok(corrupt(uts, &m, link + 4, 32, 1025, "/link", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 20: symlink of 1025 bytes");
	ut_asserteq(0, m.bad_reads);
	img_free(&m);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(fs_test_ext4_bad_blockmap, UTF_CONSOLE, fs);

/* ext4's checksums: crc32c with no final inversion, chained */
static u32 csum_crc(u32 seed, const void *buf, size_t len)
{
	return ~crc32c(~seed, buf, len);
}

/* metadata_csum: each checksummed structure, changed by one byte */
static int fs_test_ext4_bad_csum(struct unit_test_state *uts)
{
	u64 sub1 = IMG_CSUM_SUB_DIR_BLOCK1;
	struct img m;
	u32 seed;

	ut_assertok(img_load(&m, &img_csum));
	ut_assertok(corrupt(uts, &m, SB + 0x78, 16, 0x4141, "/", -EBADMSG));
	ut_assert(next_line_starts(uts, "img: ext4: superblock checksum is "));
	ut_assertok(corrupt(uts, &m, 2048 + 0x0c, 16, 0x4141, "/", -EBADMSG));
	ut_assert(next_line_starts(uts, "img: ext4: group 0 descriptor checksum is "));
	ut_assertok(corrupt(uts, &m, IMG_CSUM_HELLO_TXT_INODE + 8, 32, 1,
			    "/hello.txt", -EBADMSG));
	ut_assert(next_line_starts(uts, "img: ext4: inode 18 checksum is "));
	ut_assertok(corrupt(uts, &m, sub1 + 8, 16, 0x4141, "/sub/f1",
			    -EBADMSG));
	ut_assert(next_line_starts(uts, "img: ext4: directory inode 24 block 1: checksum mismatch"));
	ut_assertok(corrupt(uts, &m, IMG_CSUM_FRAG_LEAF + 12 + 8, 16, 0x4141,
			    "/frag", -EBADMSG));
	ut_assert_nextline("img: ext4: inode 17: extent block checksum mismatch");
	/* metadata_csum_seed: the seed moves to the superblock */
	seed = csum_crc(~0U, m.buf + SB + 0x68, 16);
	put32(&m, SB + 0x60, get32(&m, SB + 0x60) | 0x2000);
	put32(&m, SB + 0x270, seed);
	m.buf[SB + 0x68] ^= 0xff;	/* a new UUID */
	put32(&m, SB + 0x3fc, csum_crc(~0U, m.buf + SB, 0x3fc));
	ut_assertok(img_open(&m));
	ut_assertok(check_tree(uts, &m, SUB_FILES, IMG_CSUM_BIG, 0));
	img_free(&m);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(fs_test_ext4_bad_csum, UTF_CONSOLE, fs);

/*
 * The htree hashes (lib/fs/ext4_dx.c) against debugfs's dx_hash: every
 * version, signed and unsigned, a zero seed (the default constants) and
 * another, names across each hash's input blocks and with bytes of 128
 * and above; an unknown version gives 1, which no hash is
 */
static int fs_test_ext4_dx_hash(struct unit_test_state *uts)
{
	static const u32 zero[4];

	for (size_t i = 0; i < ARRAY_SIZE(dx_vectors); i++) {
		u32 h = ext4_dx_hash(dx_vectors[i].version, dx_vectors[i].name,
				     dx_vectors[i].len, dx_vectors[i].seed);

		if (h != dx_vectors[i].hash)
			printf("vector %zu: version %u, %u bytes\n", i,
			       dx_vectors[i].version, dx_vectors[i].len);
		ut_asserteq(dx_vectors[i].hash, h);
	}
	ut_asserteq(1, ext4_dx_hash(6, "a", 1, zero));
	return 0;
}
UNIT_TEST(fs_test_ext4_dx_hash, 0, fs);
