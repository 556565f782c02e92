// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * FAT12/16/32 volumes (lib/fs/fat*.c): open (the BPB), list the root and
 * the first subdirectory, size and read the first files found, whole and
 * from an offset, and look up paths with '.' and '..', through a struct
 * fs_io over the input. Then writes (fat_write_file()): a new file in
 * the root, one with a long name in the subdirectory (which may grow),
 * the first file written over from its middle, a directory made and a
 * file written in it, both removed and the directory made again, the
 * last file and the first subdirectory removed (fatrm); each on a volume
 * opened again, and the volume opened and
 * walked once more after them. Writes
 * land in an overlay over the input, which must stay inside the image.
 *
 * Input: a sparse image, so that a FAT32 volume (33 MiB at the least)
 * fits in a few KiB: 4 bytes big-endian, the image size in 512-byte
 * sectors (at most 64 MiB); then records of a 4-byte big-endian byte
 * offset and a chunk (fuzz_chunk()) that lands there. Bytes no record
 * covers read as zero; a later record overwrites an earlier one.
 */
#include <errno.h>
#include <fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

#define MAX_SECTORS	(64 << 11)	/* 64 MiB */
#define MAX_RECORDS	512
#define MAX_FILES	4
#define MAX_READ	(256 << 10)
#define MAX_WRITES	4096		/* writes kept in the overlay */
#define MAX_WRITTEN	(32 << 20)	/* and their bytes */

struct record {
	u64 off;
	const u8 *data;
	size_t len;
	bool owned;	/* a write's copy, freed at the end */
};

struct image {
	struct record rec[MAX_RECORDS + MAX_WRITES];
	int count;
	size_t written;
};

static u32 get_be32(struct fuzz_in *in)
{
	u32 v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 8 | fuzz_u8(in);
	return v;
}

static int image_read(const struct fs_io *io, u64 off, void *buf, size_t len)
{
	const struct image *img = io->priv;

	if (off > io->size || len > io->size - off)
		fuzz_fail();	/* the driver must keep to the partition */
	memset(buf, 0, len);
	for (int i = 0; i < img->count; i++) {
		const struct record *r = &img->rec[i];
		u64 a = max_t(u64, off, r->off);
		u64 b = min_t(u64, off + len, r->off + r->len);

		if (a < b)
			memcpy((u8 *)buf + (a - off), r->data + (a - r->off),
			       b - a);
	}
	return 0;
}

/* A write: a record of its own over what is there (-EIO past the caps) */
static int image_write(const struct fs_io *io, u64 off, const void *buf,
		       size_t len)
{
	struct image *img = io->priv;
	struct record *r;
	u8 *copy;

	if (off > io->size || len > io->size - off)
		fuzz_fail();	/* the driver must keep to the partition */
	if (img->count == MAX_RECORDS + MAX_WRITES ||
	    len > MAX_WRITTEN - img->written)
		return -EIO;
	copy = malloc(len ? len : 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	r = &img->rec[img->count++];
	r->off = off;
	r->data = copy;
	r->len = len;
	r->owned = true;
	img->written += len;
	return 0;
}

struct names {
	char file[MAX_FILES][256];
	int nfiles;
	char dir[256];
};

static int collect(void *ctx, const struct fs_dirent *d)
{
	struct names *n = ctx;

	if (strnlen(d->name, sizeof(d->name)) >= sizeof(d->name))
		fuzz_fail();
	if (d->type == FS_DT_DIR && !n->dir[0] && strcmp(d->name, ".") &&
	    strcmp(d->name, ".."))
		strcpy(n->dir, d->name);
	else if (d->type == FS_DT_REG && n->nfiles < MAX_FILES)
		strcpy(n->file[n->nfiles++], d->name);
	return 0;
}

/* Size and read one file: whole (bounded) into an exact-size buffer,
 * then a part from a third of the way in */
static void read_file(struct fs_vol *vol, const char *path)
{
	u64 size, act, len;
	u8 *buf;

	if (fs_type_fat.size(vol, path, &size))
		return;
	len = min_t(u64, size, MAX_READ);
	buf = malloc(len ? len : 1);
	if (!buf)
		return;
	if (!fs_type_fat.read(vol, path, 0, buf, len, &act) && act != len)
		fuzz_fail();
	if (!fs_type_fat.read(vol, path, size / 3, buf, len / 2, &act) &&
	    act > len / 2)
		fuzz_fail();
	free(buf);
}

static void walk(struct fs_vol *vol, struct names *rootp, struct names *subp)
{
	struct names root = { 0 }, sub = { 0 };
	char path[600];
	u64 size;

	if (fs_type_fat.ls(vol, "/", collect, &root))
		return;
	for (int i = 0; i < root.nfiles; i++) {
		snprintf(path, sizeof(path), "/%s", root.file[i]);
		read_file(vol, path);
	}
	if (!root.dir[0])
		return;
	if (fs_type_fat.ls(vol, root.dir, collect, &sub))
		return;
	for (int i = 0; i < sub.nfiles; i++) {
		snprintf(path, sizeof(path), "%s/./%s", root.dir, sub.file[i]);
		read_file(vol, path);
	}
	snprintf(path, sizeof(path), "/%s/../%s", root.dir, root.dir);
	fs_type_fat.size(vol, path, &size);
	if (rootp)
		*rootp = root;
	if (subp)
		*subp = sub;
}

static u8 wdata[20000];

enum { OP_WRITE, OP_MKDIR, OP_UNLINK };

/* One change on the volume opened afresh (a write leaves caches stale) */
static void change(const struct fs_io *io, int op, const char *path, u64 pos,
		   u64 len)
{
	struct fs_vol *vol;
	int ret;

	if (fs_type_fat.open(io, &vol))
		return;
	ret = op == OP_WRITE ? fs_type_fat.write(vol, path, pos, wdata, len) :
	      op == OP_MKDIR ? fs_type_fat.mkdir(vol, path) :
			       fs_type_fat.unlink(vol, path);
	/* Only the errors fs.h lists */
	if (ret && ret != -ENOENT && ret != -ENOTDIR && ret != -EISDIR &&
	    ret != -EINVAL && ret != -ENOSPC && ret != -EOVERFLOW &&
	    ret != -EROFS && ret != -EBADMSG && ret != -EIO &&
	    ret != -ENAMETOOLONG && ret != -ENOMEM && ret != -EEXIST &&
	    ret != -ENOTEMPTY)
		fuzz_fail();
	fs_type_fat.close(vol);
}

static void write_one(const struct fs_io *io, const char *path, u64 pos,
		      u64 len)
{
	change(io, OP_WRITE, path, pos, len);
}

static void writes(const struct fs_io *io, const struct names *root)
{
	char path[600];
	u64 size;
	struct fs_vol *vol;

	for (size_t i = 0; i < sizeof(wdata); i++)
		wdata[i] = i * 7;
	write_one(io, "/FUZZ.BIN", 0, 3000);
	if (root->dir[0]) {
		snprintf(path, sizeof(path), "/%s/A long name, written.bin",
			 root->dir);
		write_one(io, path, 0, 100);
	}
	if (root->nfiles && !fs_type_fat.open(io, &vol)) {
		snprintf(path, sizeof(path), "/%s", root->file[0]);
		size = 0;
		fs_type_fat.size(vol, path, &size);
		fs_type_fat.close(vol);
		write_one(io, path, size / 2, sizeof(wdata));
	}
	change(io, OP_MKDIR, "/New Directory", 0, 0);
	write_one(io, "/New Directory/in it", 0, 10);
	change(io, OP_UNLINK, "/New Directory", 0, 0);	/* not empty */
	change(io, OP_UNLINK, "/New Directory/in it", 0, 0);
	change(io, OP_UNLINK, "/New Directory/", 0, 0);
	change(io, OP_MKDIR, "/New Directory", 0, 0);
	if (root->nfiles) {
		snprintf(path, sizeof(path), "/%s", root->file[root->nfiles - 1]);
		change(io, OP_UNLINK, path, 0, 0);
	}
	if (root->dir[0]) {
		snprintf(path, sizeof(path), "/%s", root->dir);
		change(io, OP_UNLINK, path, 0, 0);
	}
	if (!fs_type_fat.open(io, &vol)) {
		walk(vol, NULL, NULL);
		fs_type_fat.close(vol);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct image *img;
	struct fs_vol *vol;
	struct fs_io io = { 0 };
	u32 sectors;

	fuzz_init();
	sectors = get_be32(&in);
	if (!sectors || sectors > MAX_SECTORS)
		return 0;
	img = calloc(1, sizeof(*img));
	if (!img)
		return 0;
	while (in.left && img->count < MAX_RECORDS) {
		struct record *r = &img->rec[img->count];

		r->off = get_be32(&in);
		r->data = fuzz_chunk(&in, &r->len);
		if (!r->data)
			break;
		img->count++;
	}
	io.size = (u64)sectors * 512;
	io.read = image_read;
	io.write = image_write;
	io.priv = img;
	io.name = "fuzz";
	if (!fs_type_fat.open(&io, &vol)) {
		struct names root = { 0 };
		char uuid[FS_UUID_LEN];

		if (!fs_type_fat.uuid(vol, uuid) && strlen(uuid) != 9)
			__builtin_trap();	/* XXXX-XXXX, whatever the serial */
		walk(vol, &root, NULL);
		fs_type_fat.close(vol);
		writes(&io, &root);
	}
	for (int i = 0; i < img->count; i++)
		if (img->rec[i].owned)
			free((void *)img->rec[i].data);
	free(img);
	return 0;
}
