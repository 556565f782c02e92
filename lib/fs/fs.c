// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The filesystem layer: which filesystem a partition holds (FAT, then
 * ext4), a partition of a block device as a struct fs_io whose reads stay
 * inside it, and the helpers behind ls, load, size and fstype that print
 * what went wrong in one place.
 */
#include <blk.h>
#include <errno.h>
#include <fs.h>
#include <memmap.h>
#include <part.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <asm/io.h>

/*
 * The filesystems in the order they are tried; NULL for one not compiled
 * in (the conditional folds at compile time: no reference remains)
 */
static const struct fs_type *const fs_types[] = {
	IS_ENABLED(CONFIG_FS_FAT) ? &fs_type_fat : NULL,
	IS_ENABLED(CONFIG_FS_EXT4) ? &fs_type_ext4 : NULL,
};

const struct fs_type *fs_type_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++) {
		const struct fs_type *t = fs_types[i];

		if (t && !strcmp(t->name, name))
			return t;
	}
	return NULL;
}

const char *fs_type_names(void)
{
	static char names[32];
	size_t n = 0;

	if (names[0])
		return names;
	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++) {
		/* snprintf() says what it would write: stop once full */
		if (fs_types[i] && n < sizeof(names))
			n += snprintf(names + n, sizeof(names) - n, "%s%s",
				      n ? ", " : "", fs_types[i]->name);
	}
	return names;
}

int fs_open_io(const struct fs_io *io, const struct fs_type **typep,
	       struct fs_vol **volp)
{
	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++) {
		const struct fs_type *t = fs_types[i];
		int ret;

		if (!t)
			continue;
		ret = t->open(io, volp);
		if (ret == -ENODEV)
			continue;
		if (!ret)
			*typep = t;
		return ret;
	}
	return -ENODEV;
}

/* A read or write of the partition: bounded to it, a device error said */
static int fs_blk_rw(const struct fs_io *io, u64 off, void *rbuf,
		     const void *wbuf, size_t len)
{
	const char *what = wbuf ? "write" : "read";
	struct fs_mount *m = io->priv;
	int ret;

	if (off > io->size || len > io->size - off) {
		printf("%s: %s of %#zx bytes at %#llx is past the partition's end (%#llx)\n",
		       m->name, what, len, (unsigned long long)off,
		       (unsigned long long)io->size);
		return -ERANGE;
	}
	ret = wbuf ? blk_write_bytes(m->blk, m->start + off, wbuf, len) :
		     blk_read_bytes(m->blk, m->start + off, rbuf, len);
	if (ret)
		printf("%s: cannot %s %#zx bytes at %#llx: %s\n", m->name, what,
		       len, (unsigned long long)off,
		       ret == -EROFS ? "the disk is read-only" :
		       errno_str(ret));
	return ret;
}

static int fs_blk_read(const struct fs_io *io, u64 off, void *buf, size_t len)
{
	return fs_blk_rw(io, off, buf, NULL, len);
}

static int fs_blk_write(const struct fs_io *io, u64 off, const void *buf,
			size_t len)
{
	return fs_blk_rw(io, off, NULL, buf, len);
}

/*
 * A stream of the partition's pieces fed to the block device: a piece
 * that is not whole blocks of the disk, or that the source must read
 * something for first (FS_SRC_WAIT), ends the device's stream there
 */
struct fs_feed {
	struct blk_src bsrc;
	const struct fs_io *io;
	struct fs_src *src;
	struct fs_iov first;	/* a piece already had: fed before asking */
	bool have_first;
	int why;		/* why the device's stream ended: FS_SRC_* */
	int err;		/* the source's error, said by it */
	u8 *bounce;		/* one block: a file's last bytes, read with */
	struct fs_iov tail;	/* the stream, copied to tail.buf after it */
};

/*
 * The whole blocks of the disk @iov starts with, into *@vec, and @iov
 * left with the rest (a file's last bytes): whether it starts on a
 * block, inside the partition, with at least one whole block
 */
static bool fs_blk_piece(const struct fs_io *io, struct fs_iov *iov,
			 struct blk_vec *vec)
{
	struct fs_mount *m = io->priv;
	u32 bs = blk_get_desc(m->blk)->blksz;
	u64 off = m->start + iov->off, whole = iov->len / bs * bs;

	if (iov->off > io->size || iov->len > io->size - iov->off ||
	    off % bs || !whole)
		return false;
	*vec = (struct blk_vec){ off / bs, whole / bs, iov->buf };
	iov->off += whole;
	iov->buf = (u8 *)iov->buf + whole;
	iov->len -= whole;
	return true;
}

/* Whether the device's stream can take @iov, or the start of it */
static bool fs_blk_whole(const struct fs_io *io, const struct fs_iov *iov)
{
	struct fs_iov rest = *iov;
	struct blk_vec vec;

	return fs_blk_piece(io, &rest, &vec);
}

/*
 * A piece shorter than a block that starts on one (a file's last bytes):
 * its whole block into the bounce buffer as part of the stream, instead
 * of a request of its own after it. One per stream.
 */
static bool fs_blk_tail(struct fs_feed *f, struct blk_vec *vec)
{
	struct fs_mount *m = f->io->priv;
	u32 bs = blk_get_desc(m->blk)->blksz;
	const struct fs_iov *iov = &f->first;

	/* The partition is whole blocks: the block lies inside it */
	if (f->tail.len || !iov->len || iov->len >= bs ||
	    iov->off > f->io->size || iov->len > f->io->size - iov->off ||
	    (m->start + iov->off) % bs)
		return false;
	if (!f->bounce)
		f->bounce = malloc(bs);
	if (!f->bounce)
		return false;
	*vec = (struct blk_vec){ (m->start + iov->off) / bs, 1, f->bounce };
	f->tail = *iov;
	f->have_first = false;
	return true;
}

static int fs_feed_next(struct blk_src *bsrc, struct blk_vec *vec)
{
	struct fs_feed *f = container_of(bsrc, struct fs_feed, bsrc);
	int ret = FS_SRC_PIECE;

	if (f->have_first)
		f->have_first = false;
	else
		ret = f->src->next(f->src, &f->first);
	if (ret < 0) {
		f->err = ret;
		return ret;
	}
	f->why = ret;
	if (ret != FS_SRC_PIECE)
		return 0;
	if (fs_blk_piece(f->io, &f->first, vec)) {
		f->have_first = f->first.len;	/* its last bytes, next */
		return 1;
	}
	if (fs_blk_tail(f, vec))
		return 1;
	f->have_first = true;	/* read by itself, after */
	return 0;
}

/*
 * The source is asked with in_stream clear first, for the first piece
 * (it may read what it needs to find it: a filesystem's map of the file),
 * then while the device reads. A piece that is not whole blocks is read
 * by itself (fs_blk_read()), between two streams of the device, unless
 * it is a file's last bytes (fs_blk_tail()).
 */
static int fs_blk_streams(struct fs_feed *f)
{
	const struct fs_io *io = f->io;
	struct fs_src *src = f->src;
	struct fs_mount *m = io->priv;
	u64 from;
	int ret;

	src->in_stream = false;
	ret = src->next(src, &f->first);
	for (;;) {
		if (ret < 0)
			return ret;
		if (ret == FS_SRC_END)
			return 0;
		if (ret != FS_SRC_PIECE)
			return -EINVAL;	/* FS_SRC_WAIT with nothing in flight */
		if (!fs_blk_whole(io, &f->first)) {
			ret = fs_blk_read(io, f->first.off, f->first.buf,
					  f->first.len);
			if (ret)
				return ret;
			ret = src->next(src, &f->first);
			continue;
		}
		from = f->first.off;
		f->have_first = true;
		f->why = FS_SRC_END;
		f->err = 0;
		src->in_stream = true;
		ret = blk_read_stream(m->blk, &f->bsrc);
		src->in_stream = false;
		if (ret) {
			if (ret != f->err)
				printf("%s: cannot read the pieces from %#llx on: %s\n",
				       m->name, (unsigned long long)from,
				       errno_str(ret));
			return ret;
		}
		if (f->tail.len) {
			memcpy(f->tail.buf, f->bounce, f->tail.len);
			f->tail.len = 0;
		}
		if (f->have_first)
			ret = FS_SRC_PIECE;	/* a piece the device cannot take */
		else if (f->why == FS_SRC_WAIT)
			ret = src->next(src, &f->first);
		else
			return 0;
	}
}

static int fs_blk_stream(const struct fs_io *io, struct fs_src *src)
{
	struct fs_feed f = { .bsrc = { fs_feed_next }, .io = io, .src = src };
	int ret = fs_blk_streams(&f);

	free(f.bounce);
	return ret;
}

int fs_read_stream(const struct fs_io *io, struct fs_src *src)
{
	struct fs_iov iov;
	int ret;

	if (io->stream)
		return io->stream(io, src);
	/* Each piece read as it comes, the next asked for as a device would */
	src->in_stream = false;
	ret = src->next(src, &iov);
	while (ret == FS_SRC_PIECE) {
		ret = io->read(io, iov.off, iov.buf, iov.len);
		if (ret)
			return ret;
		src->in_stream = true;
		ret = src->next(src, &iov);
		src->in_stream = false;
		if (ret == FS_SRC_WAIT)
			ret = src->next(src, &iov);
	}
	return ret == FS_SRC_WAIT ? -EINVAL : ret;
}

int fs_mount(const char *if_name, const char *dev_part,
	     const struct fs_type *want, struct fs_mount **mp)
{
	struct disk_partition info;
	struct fs_mount *m;
	int ret;

	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	ret = blk_get_device_part_str(if_name, dev_part, &m->blk, &m->part,
				      &info);
	if (ret) {
		free(m);
		return ret;
	}
	if (m->part)
		snprintf(m->name, sizeof(m->name), "%s %x:%x", if_name,
			 blk_get_desc(m->blk)->devnum, m->part);
	else
		snprintf(m->name, sizeof(m->name), "%s %x", if_name,
			 blk_get_desc(m->blk)->devnum);
	m->start = info.start * info.blksz;
	m->io.size = info.size * info.blksz;
	m->io.read = fs_blk_read;
	m->io.write = fs_blk_write;
	m->io.stream = fs_blk_stream;
	m->io.priv = m;
	m->io.name = m->name;
	if (want) {
		ret = want->open(&m->io, &m->vol);
		m->type = want;
	} else {
		ret = fs_open_io(&m->io, &m->type, &m->vol);
	}
	if (ret) {
		free(m);
		return ret;
	}
	*mp = m;
	return 0;
}

void fs_umount(struct fs_mount *m)
{
	if (!m)
		return;
	m->type->close(m->vol);
	free(m);
}

/* What the filesystem returned quietly, said once */
static int fs_report(struct fs_mount *m, const char *path, int err)
{
	switch (err) {
	case -ENOENT:
		printf("%s: '%s': no such file or directory\n", m->name, path);
		break;
	case -ENOTDIR:
		printf("%s: '%s': a component is not a directory\n", m->name,
		       path);
		break;
	case -EISDIR:
		printf("%s: '%s' is a directory\n", m->name, path);
		break;
	case -ELOOP:
		printf("%s: '%s': too many symbolic links\n", m->name, path);
		break;
	default:
		break;
	}
	return err;
}

int fs_ls(struct fs_mount *m, const char *path,
	  int (*fn)(void *ctx, const struct fs_dirent *d), void *ctx)
{
	int ret = m->type->ls(m->vol, path, fn, ctx);

	return ret < 0 ? fs_report(m, path, ret) : ret;
}

int fs_size(struct fs_mount *m, const char *path, u64 *sizep)
{
	int ret = m->type->size(m->vol, path, sizep);

	return ret == -EISDIR ? ret : fs_report(m, path, ret);
}

int fs_load(struct fs_mount *m, const char *path, ulong addr, u64 pos,
	    u64 max, u64 *lenp)
{
	u64 size, len, act;
	void *buf;
	int ret;

	ret = m->type->size(m->vol, path, &size);
	if (ret)
		return fs_report(m, path, ret);
	if (pos > size) {
		printf("%s: '%s': position %#llx is past its end (%#llx bytes)\n",
		       m->name, path, (unsigned long long)pos,
		       (unsigned long long)size);
		return -EINVAL;
	}
	len = size - pos;
	if (max && max < len)
		len = max;
	if (len) {
		ret = mem_check_load(addr, len);
		if (ret) {
			mem_report("load", addr, len, ret);
			return ret;
		}
	}
	buf = map_sysmem(addr, len);
	ret = m->type->read(m->vol, path, pos, buf, len, &act);
	unmap_sysmem(buf);
	if (ret)
		return fs_report(m, path, ret);
	*lenp = act;
	return 0;
}

/* After a change: @ret said, the disk flushed whatever was written */
static int fs_changed(struct fs_mount *m, const char *path, int ret)
{
	int flushed;

	if (ret)
		fs_report(m, path, ret);
	/* Out of the disk's cache, whatever was written, as gzwrite does */
	flushed = blk_flush(m->blk);
	if (flushed)
		printf("%s: cannot flush the disk: %s\n", m->name,
		       errno_str(flushed));
	return ret ? ret : flushed;
}

int fs_save(struct fs_mount *m, const char *path, ulong addr, u64 pos,
	    u64 len)
{
	const void *buf;
	int ret;

	if (!m->type->write) {
		printf("%s: writing to %s is not supported\n", m->name,
		       m->type->name);
		return -ENOSYS;
	}
	if (len) {
		ret = mem_check_read(addr, len);
		if (ret) {
			mem_report("save", addr, len, ret);
			return ret;
		}
		if (!mem_in_ram(addr, len)) {
			printf("save: %#lx..%#llx is not in RAM\n", addr,
			       (unsigned long long)(addr + len - 1));
			return -EFAULT;
		}
	}
	buf = map_sysmem(addr, len);
	ret = m->type->write(m->vol, path, pos, buf, len);
	unmap_sysmem((void *)buf);
	return fs_changed(m, path, ret);
}

/* An op a filesystem may lack: said */
static bool fs_can(struct fs_mount *m, const void *op, const char *what)
{
	if (!op)
		printf("%s: %s on %s is not supported\n", m->name, what,
		       m->type->name);
	return op;
}

int fs_unlink(struct fs_mount *m, const char *path)
{
	if (!fs_can(m, m->type->unlink, "removing"))
		return -ENOSYS;
	return fs_changed(m, path, m->type->unlink(m->vol, path));
}

int fs_mkdir(struct fs_mount *m, const char *path)
{
	if (!fs_can(m, m->type->mkdir, "making a directory"))
		return -ENOSYS;
	return fs_changed(m, path, m->type->mkdir(m->vol, path));
}

int fs_read(struct fs_mount *m, const char *path, u64 pos, void *buf,
	    u64 len, u64 *actp)
{
	int ret = m->type->read(m->vol, path, pos, buf, len, actp);

	return ret ? fs_report(m, path, ret) : 0;
}
