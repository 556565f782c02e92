// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ext2/3/4 (lib/fs/ext4.c) on an image in memory: open it, list / and
 * its subdirectories, read the first files of / and of the subdirectory
 * with the most names (symlinks followed, the reads bounded) whole and
 * from an offset, and look names up in that subdirectory that are not
 * there (through its htree index when it has one: lib/fs/ext4_dx.c).
 * The image is in an allocation of exactly its size, and a read the
 * filesystem asks for past its end stops the run: ext4.c checks every
 * block against the filesystem, and the filesystem against the
 * partition, before it reads.
 *
 * Input: a flags byte (bit 0 clears metadata_csum, so that mutated
 * metadata is parsed past its checksums; bit 1 puts the superblock's
 * checksum right, and the checks below it still run); the image size in
 * 64 KiB units less one (64 KiB to 4 MiB); then records of a 16-bit
 * big-endian 1 KiB block number and a chunk (fuzz_chunk()) that lands
 * there. What no record covers is zero: an image of mostly empty blocks
 * is a few KiB of input, and mutations land on its metadata.
 */
#include <byteorder.h>
#include <fs.h>
#include <lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

#define SB		1024
#define MAX_FILES	8
#define MAX_READ	(256 * 1024)
#define SIZE_UNIT	(64 * 1024)

struct image {
	u8 *buf;
	size_t size;
};

static int image_read(const struct fs_io *io, u64 off, void *buf,
		      size_t len)
{
	const struct image *im = io->priv;

	if (off > im->size || len > im->size - off)
		fuzz_fail();
	memcpy(buf, im->buf + off, len);
	return 0;
}

/* Lay the records out in a zeroed image of the size the input says */
static bool unpack(struct fuzz_in *in, struct image *im)
{
	const u8 *chunk;
	size_t len;

	im->size = (fuzz_u8(in) % 64 + 1) * SIZE_UNIT;
	im->buf = calloc(1, im->size);
	if (!im->buf)
		return false;
	while (in->left >= 2) {
		size_t off = (size_t)fuzz_u8(in) << 8;

		off = (off | fuzz_u8(in)) << 10;
		chunk = fuzz_chunk(in, &len);
		if (!chunk || off >= im->size)
			continue;
		memcpy(im->buf + off, chunk, min(len, im->size - off));
	}
	return true;
}

static void fix_super(u8 *buf, size_t size, u8 flags)
{
	u8 *sb = buf + SB;
	u32 v;

	if (size < SB + 1024)
		return;
	if (flags & 1) {
		memcpy(&v, sb + 0x64, 4);
		v = cpu_to_le32(le32_to_cpu(v) & ~0x400);	/* metadata_csum */
		memcpy(sb + 0x64, &v, 4);
	}
	if (flags & 2) {
		v = cpu_to_le32(~crc32c(0, sb, 0x3fc));
		memcpy(sb + 0x3fc, &v, 4);
	}
}

struct names {
	int n;
	char path[MAX_FILES][300];
	enum fs_dirent_type type[MAX_FILES];
};

static int collect(void *ctx, const struct fs_dirent *d)
{
	struct names *nm = ctx;

	if (strnlen(d->name, sizeof(d->name)) >= sizeof(d->name))
		fuzz_fail();	/* a name without its NUL */
	if (!strcmp(d->name, ".") || !strcmp(d->name, ".."))
		return 0;
	snprintf(nm->path[nm->n], sizeof(nm->path[0]), "/%s", d->name);
	nm->type[nm->n] = d->type;
	return ++nm->n == MAX_FILES;
}

/* Read @path whole (bounded) and from its middle, into exact buffers */
static void read_file(struct fs_vol *vol, const char *path)
{
	u64 size, act;
	u8 *buf;

	if (fs_type_ext4.size(vol, path, &size))
		return;
	size = min_t(u64, size, MAX_READ);
	buf = malloc(size ? size : 1);
	if (!buf)
		return;
	if (!fs_type_ext4.read(vol, path, 0, buf, size, &act) && act > size)
		fuzz_fail();
	if (!fs_type_ext4.read(vol, path, size / 2 + 1, buf, size / 3, &act) &&
	    act > size / 3)
		fuzz_fail();
	free(buf);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct image im = { 0 };
	struct fs_io io = {
		.read = image_read, .priv = &im, .name = "fuzz",
	};
	struct names root = { 0 }, sub = { 0 }, other;
	const char *subdir = NULL;
	struct fs_vol *vol;
	u8 flags;

	fuzz_init();
	flags = fuzz_u8(&in);
	if (!unpack(&in, &im))
		return 0;
	io.size = im.size;
	fix_super(im.buf, im.size, flags);
	if (fs_type_ext4.open(&io, &vol)) {
		free(im.buf);
		return 0;
	}
	{
		char uuid[FS_UUID_LEN];

		if (fs_type_ext4.uuid(vol, uuid) || strlen(uuid) != 36)
			__builtin_trap();	/* 8-4-4-4-12 digits, always */
	}
	fs_type_ext4.ls(vol, "/", collect, &root);
	/* Of the subdirectories, the one with the most names: in the seeds
	 * the indexed one, not the empty lost+found */
	for (int i = 0; i < root.n; i++) {
		if (root.type[i] != FS_DT_DIR) {
			read_file(vol, root.path[i]);
			continue;
		}
		memset(&other, 0, sizeof(other));
		fs_type_ext4.ls(vol, root.path[i], collect, &other);
		if (!subdir || other.n > sub.n) {
			subdir = root.path[i];
			sub = other;
		}
	}
	for (int i = 0; i < sub.n; i++) {
		char path[600];

		snprintf(path, sizeof(path), "%s%s", subdir, sub.path[i]);
		read_file(vol, path);
	}
	if (subdir) {
		static const char *const absent[] = {
			"/an_empty_file_", "/an_empty_file_40", "/\xe9t\xe9",
		};
		char path[600];
		u64 len;

		for (size_t i = 0; i < ARRAY_SIZE(absent); i++) {
			snprintf(path, sizeof(path), "%s%s", subdir, absent[i]);
			fs_type_ext4.size(vol, path, &len);
		}
	}
	fs_type_ext4.close(vol);
	free(im.buf);
	return 0;
}
