// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ext2/3/4, read-only: files and directories - extent trees and classic
 * block maps to blocks, directory blocks (their checksum tails), path
 * lookup with symlinks, and the ls, size and read operations. The volume
 * (superblock, descriptors, inodes, cache) is in ext4.c.
 */
#include <byteorder.h>
#include <compiler.h>
#include <errno.h>
#include <fs.h>
#include <lib.h>
#include <log.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ext4_priv.h"

/*
 * Check the extent node @node of @size bytes, @depth deep (-1: the root,
 * any depth up to the maximum), whole: its header, its checksum (a block)
 * and its entries' order (indexes strictly rising; extents not empty and
 * not overlapping), so that a lookup in it may search
 */
static int ext4_ext_check(struct ext4_vol *v, const struct ext4_inode *in,
			  const void *node, u32 size, int depth)
{
	const struct ext4_ext_header *h = node;
	u32 entries = le16_to_cpu(h->entries), max = le16_to_cpu(h->max);
	u32 d = le16_to_cpu(h->depth), tail = sizeof(*h) + 12 * max;
	u64 prev_end = 0;

	if (le16_to_cpu(h->magic) != EXT4_EXT_MAGIC)
		return ext4_corrupt(v, "inode %u: bad extent magic %#x", in->ino,
				    le16_to_cpu(h->magic));
	if (d > EXT4_EXT_MAX_DEPTH)
		return ext4_corrupt(v, "inode %u: extent tree %u deep (at most %u)",
				    in->ino, d, EXT4_EXT_MAX_DEPTH);
	if (depth >= 0 && d != (u32)depth)
		return ext4_corrupt(v, "inode %u: extent node of depth %u, expected %d",
				    in->ino, d, depth);
	if (!max || tail > size || entries > max || (!entries && d))
		return ext4_corrupt(v, "inode %u: extent node with %u of %u entries",
				    in->ino, entries, max);
	if (v->csum && depth >= 0) {
		u32 crc = ext4_crc(in->seed, node, tail);

		if (tail + 4 > size)
			return ext4_corrupt(v, "inode %u: no room for the extent block checksum",
					    in->ino);
		if (crc != le32_to_cpu(*(const __le32 *)((const u8 *)node + tail)))
			return ext4_corrupt(v, "inode %u: extent block checksum mismatch",
					    in->ino);
	}
	if (d) {
		const struct ext4_ext_idx *ix = (const void *)(h + 1);

		for (u32 i = 1; i < entries; i++) {
			if (le32_to_cpu(ix[i].block) <= le32_to_cpu(ix[i - 1].block))
				return ext4_corrupt(v, "inode %u: extent index out of order",
						    in->ino);
		}
		return 0;
	}
	for (u32 i = 0; i < entries; i++) {
		const struct ext4_extent *ex = (const void *)(h + 1);
		u64 first = le32_to_cpu(ex[i].block);
		u32 len = le16_to_cpu(ex[i].len);

		if (len > EXT4_EXT_INIT_MAX)
			len -= EXT4_EXT_INIT_MAX;
		if (!len || first < prev_end)
			return ext4_corrupt(v, "inode %u: extent at block %llu empty or out of order",
					    in->ino, (unsigned long long)first);
		prev_end = first + len;
	}
	return 0;
}

/*
 * In the leaf @h, checked (its subtree ends before block @end), find
 * @lblk: the extent holding it or the hole it is in
 */
static int ext4_map_leaf(struct ext4_vol *v, const struct ext4_inode *in,
			 const struct ext4_ext_header *h, u32 lblk, u64 end,
			 u64 *pblkp, u64 *countp)
{
	const struct ext4_extent *ex = (const void *)(h + 1);
	u32 lo = 0, hi = le16_to_cpu(h->entries);
	u64 first, start;
	u32 len;

	/* The first extent that starts after @lblk: ex[lo] */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (le32_to_cpu(ex[mid].block) <= lblk)
			lo = mid + 1;
		else
			hi = mid;
	}
	*pblkp = 0;
	*countp = (lo < le16_to_cpu(h->entries) ?
		   min_t(u64, end, le32_to_cpu(ex[lo].block)) : end) - lblk;
	if (!lo)
		return 0;
	ex += lo - 1;	/* the last one starting at or before @lblk */
	first = le32_to_cpu(ex->block);
	start = le32_to_cpu(ex->start_lo) | (u64)le16_to_cpu(ex->start_hi) << 32;
	len = le16_to_cpu(ex->len);
	if (len > EXT4_EXT_INIT_MAX)
		len -= EXT4_EXT_INIT_MAX;
	if (lblk >= first + len)
		return 0;	/* in the hole after it */
	if (!start || start >= v->blocks || v->blocks - start < len)
		return ext4_corrupt(v, "inode %u: extent of %u blocks at block %llu past the end",
				    in->ino, len, (unsigned long long)start);
	*pblkp = le16_to_cpu(ex->len) > EXT4_EXT_INIT_MAX ? 0 :
		 start + (lblk - first);
	*countp = min(end, first + len) - lblk;
	return 0;
}

/*
 * Map logical block @lblk through the extent tree: *@pblkp its block (0:
 * a hole or unwritten, read as zeros) and *@countp how many blocks from
 * @lblk on are mapped the same way (contiguous, or holes). A node below
 * the root is checked once while it stays in the cache.
 */
static int ext4_map_extents(struct ext4_vol *v, const struct ext4_inode *in,
			    u32 lblk, u64 *pblkp, u64 *countp)
{
	const struct ext4_ext_header *h = (const void *)in->block;
	u64 end = 1ULL << 32;	/* first block past this subtree */
	int depth = -1, slot = -1, ret;

	for (;;) {
		const struct ext4_ext_idx *ix = (const void *)(h + 1);
		int i;
		u64 child;

		if (slot < 0 || v->cache[slot].ext_ino != in->ino ||
		    v->cache[slot].ext_depth != depth) {
			ret = ext4_ext_check(v, in, h, slot < 0 ?
					     sizeof(in->block) : v->bs, depth);
			if (ret)
				return ret;
			if (slot >= 0) {
				v->cache[slot].ext_ino = in->ino;
				v->cache[slot].ext_depth = depth;
			}
		}
		depth = le16_to_cpu(h->depth);
		if (!depth)
			return ext4_map_leaf(v, in, h, lblk, end, pblkp, countp);
		/* The last index at or before @lblk */
		for (i = le16_to_cpu(h->entries) - 1;
		     i >= 0 && le32_to_cpu(ix[i].block) > lblk; i--)
			;
		if (i < 0) {
			*pblkp = 0;
			*countp = le32_to_cpu(ix[0].block) - lblk;
			return 0;
		}
		if (i + 1 < le16_to_cpu(h->entries))
			end = le32_to_cpu(ix[i + 1].block);
		child = le32_to_cpu(ix[i].leaf_lo) |
			(u64)le16_to_cpu(ix[i].leaf_hi) << 32;
		slot = ext4_cache_get(v, child);
		if (slot < 0)
			return slot;
		h = (const void *)v->cache[slot].data;
		depth--;
	}
}

/*
 * The same through a classic block map: 12 direct blocks, then single,
 * double and triple indirect blocks; a 0 pointer is a hole as big as
 * what it would point to
 */
static int ext4_map_blockmap(struct ext4_vol *v, const struct ext4_inode *in,
			     u32 lblk, u64 *pblkp, u64 *countp)
{
	const __le32 *ptrs = in->block;
	u64 per = v->bs / 4, rel = lblk, span = 1, first, c;
	u32 n = EXT4_NDIR_BLOCKS, idx = lblk, ptr;
	int level = 0, ret;

	if (rel >= EXT4_NDIR_BLOCKS) {
		rel -= EXT4_NDIR_BLOCKS;
		for (level = 1; rel >= span * per; level++) {
			rel -= span * per;
			span *= per;
			if (level == 3)
				return ext4_corrupt(v, "inode %u: block %u past the largest file",
						    in->ino, lblk);
		}
		span *= per;
		ptr = le32_to_cpu(in->block[EXT4_NDIR_BLOCKS + level - 1]);
		for (; level; level--) {
			const u8 *blk;

			if (!ptr) {
				*pblkp = 0;
				*countp = span - rel;
				return 0;
			}
			ret = ext4_bread(v, ptr, &blk);
			if (ret)
				return ret;
			ptrs = (const __le32 *)blk;
			n = per;
			span /= per;
			idx = rel / span;
			rel %= span;
			ptr = le32_to_cpu(ptrs[idx]);
		}
	}
	first = le32_to_cpu(ptrs[idx]);
	for (c = 1; idx + c < n; c++) {
		u64 p = le32_to_cpu(ptrs[idx + c]);

		if (first ? p != first + c : p != 0)
			break;
	}
	if (first && (first >= v->blocks || v->blocks - first < c))
		return ext4_corrupt(v, "inode %u: block %llu past the end",
				    in->ino, (unsigned long long)first);
	*pblkp = first;
	*countp = c;
	return 0;
}

int ext4_map(struct ext4_vol *v, const struct ext4_inode *in, u64 lblk,
	     u64 *pblkp, u64 *countp)
{
	if (lblk >= 1ULL << 32)
		return ext4_corrupt(v, "inode %u: block %llu past the largest file",
				    in->ino, (unsigned long long)lblk);
	if (in->flags & EXT4_EXTENTS_FL)
		return ext4_map_extents(v, in, lblk, pblkp, countp);
	return ext4_map_blockmap(v, in, lblk, pblkp, countp);
}

/**
 * struct ext4_feed - a file's data as the source of a stream: each run of
 * contiguous blocks a piece, mapped while the pieces before are read;
 * holes zeroed on the way
 */
struct ext4_feed {
	struct fs_src src;
	struct ext4_vol *v;
	const struct ext4_inode *in;
	u64 off, len;
	u8 *dst;
};

/*
 * The run of @count blocks from @pblk, when the journal holds a newer
 * copy of one: the first such block read and copied now (1), or the run
 * cut short before it (0); FS_SRC_WAIT while the stream is busy
 */
static int ext4_feed_journal(struct ext4_feed *fd, u64 pblk, u64 *count)
{
	struct ext4_vol *v = fd->v;
	const struct ext4_jmap *m = ext4_jmap_find(v, pblk);
	u32 skip = fd->off & (v->bs - 1);
	u64 bytes;
	int ret;

	if (!m || m->blk - pblk >= *count)
		return 0;
	if (m->blk > pblk) {
		*count = m->blk - pblk;
		return 0;
	}
	if (fd->src.in_stream)
		return FS_SRC_WAIT;
	ret = ext4_read_block(v, pblk, v->jbuf);
	if (ret)
		return ret;
	bytes = min_t(u64, fd->len, v->bs - skip);
	memcpy(fd->dst, v->jbuf + skip, bytes);
	fd->dst += bytes;
	fd->off += bytes;
	fd->len -= bytes;
	return 1;
}

static int ext4_feed_next(struct fs_src *src, struct fs_iov *iov)
{
	struct ext4_feed *fd = container_of(src, struct ext4_feed, src);
	struct ext4_vol *v = fd->v;
	int ret;

	while (fd->len) {
		u32 skip = fd->off & (v->bs - 1);
		u64 pblk, count, bytes;

		/* An extent or indirect block not in the cache: not now */
		v->no_io = src->in_stream;
		v->would_read = false;
		ret = ext4_map(v, fd->in, fd->off >> v->log_bs, &pblk, &count);
		v->no_io = false;
		if (ret && v->would_read)
			return FS_SRC_WAIT;
		if (ret)
			return ret;
		if (pblk && v->jmap_n) {
			ret = ext4_feed_journal(fd, pblk, &count);
			if (ret < 0 || ret == FS_SRC_WAIT)
				return ret;
			if (ret)	/* a block from the journal, copied */
				continue;
		}
		bytes = min(fd->len, (count << v->log_bs) - skip);
		if (pblk)
			*iov = (struct fs_iov){ (pblk << v->log_bs) + skip,
						fd->dst, bytes };
		else
			memset(fd->dst, 0, bytes);
		fd->dst += bytes;
		fd->off += bytes;
		fd->len -= bytes;
		if (pblk)
			return FS_SRC_PIECE;
	}
	return FS_SRC_END;
}

/*
 * @len bytes from byte @off of @in's data, as one stream through the
 * fs_io: the requests for one run in flight while the next is mapped
 */
static int ext4_read_data(struct ext4_vol *v, const struct ext4_inode *in,
			  u64 off, void *buf, u64 len)
{
	struct ext4_feed fd = {
		.src = { ext4_feed_next }, .v = v, .in = in, .off = off,
		.len = len, .dst = buf,
	};

	return fs_read_stream(v->io, &fd.src);
}

/* Called for each used directory entry; non-zero stops the walk */
typedef int (*ext4_dirent_fn)(struct ext4_vol *v, void *ctx, u32 ino,
			      const char *name, u32 len);

/* Check the checksum tail of directory block @lblk, when it has one */
static int ext4_dir_csum(struct ext4_vol *v, const struct ext4_inode *dir,
			 u64 lblk)
{
	const u8 *b = v->dirbuf;
	const struct ext4_dirent *t = (const void *)(b + v->bs -
						     EXT4_DIR_TAIL_SIZE);
	u32 crc;

	if (!v->csum || t->inode || t->name_len ||
	    le16_to_cpu(t->rec_len) != EXT4_DIR_TAIL_SIZE ||
	    t->file_type != EXT4_DIR_TAIL_TYPE)
		return 0;
	crc = ext4_crc(dir->seed, b, v->bs - EXT4_DIR_TAIL_SIZE);
	if (crc != le32_to_cpu(*(const __le32 *)(b + v->bs - 4)))
		return ext4_corrupt(v, "directory inode %u block %llu: checksum mismatch",
				    dir->ino, (unsigned long long)lblk);
	return 0;
}

/* The entries of the directory block in v->dirbuf */
static int ext4_dir_block(struct ext4_vol *v, const struct ext4_inode *dir,
			  u64 lblk, ext4_dirent_fn fn, void *ctx)
{
	/* The block scanned: no callback walks a directory (fs_ls()) */
	const u8 *b = v->dirbuf;
	u32 off = 0, rec, nlen;
	int ret;

	ret = ext4_dir_csum(v, dir, lblk);
	if (ret)
		return ret;
	while (off < v->bs) {
		const struct ext4_dirent *de = (const void *)(b + off);

		if (v->bs - off < sizeof(*de))
			return ext4_corrupt(v, "directory inode %u block %llu: entry at %u past the block",
					    dir->ino, (unsigned long long)lblk,
					    off);
		rec = le16_to_cpu(de->rec_len);
		if (v->bs == 65536 && (rec == 0 || rec == 65535))
			rec = 65536;
		nlen = de->name_len;
		if (!(v->incompat & INCOMPAT_FILETYPE))
			nlen |= de->file_type << 8;	/* 16-bit name_len */
		if (rec < 12 || rec % 4 || rec > v->bs - off ||
		    nlen > EXT4_NAME_MAX || sizeof(*de) + nlen > rec ||
		    (de->inode && !nlen))
			return ext4_corrupt(v, "directory inode %u block %llu: bad entry at %u (rec_len %u, name_len %u)",
					    dir->ino, (unsigned long long)lblk,
					    off, rec, nlen);
		if (de->inode) {
			ret = fn(v, ctx, le32_to_cpu(de->inode), de->name, nlen);
			if (ret)
				return ret;
		}
		off += rec;
	}
	return 0;
}

/*
 * Directory block @blk into v->dirbuf: one of the last EXT4_DIR_BUFS read
 * (a load looks its path up twice: for the size, then for the data), or
 * read into the one used longest ago
 */
static int ext4_dir_get(struct ext4_vol *v, u64 blk)
{
	int slot = 0, ret;

	for (int i = 0; i < EXT4_DIR_BUFS; i++) {
		if (v->dir[i].blk && v->dir[i].blk == blk) {
			slot = i;
			goto found;
		}
		if (v->dir[i].used < v->dir[slot].used)
			slot = i;
	}
	v->dir[slot].blk = 0;
	ret = ext4_read_block(v, blk, v->dir[slot].data);
	if (ret)
		return ret;
	v->dir[slot].blk = blk;
found:
	v->dir[slot].used = ++v->tick;
	v->dirbuf = v->dir[slot].data;
	return 0;
}

/* Walk directory @dir block by block; holes are skipped */
static int ext4_dir_walk(struct ext4_vol *v, const struct ext4_inode *dir,
			 ext4_dirent_fn fn, void *ctx)
{
	u64 nblocks = DIV_ROUND_UP(dir->size, v->bs), lblk = 0;
	u64 pblk, count;
	int ret;

	while (lblk < nblocks) {
		ret = ext4_map(v, dir, lblk, &pblk, &count);
		if (ret)
			return ret;
		count = min(count, nblocks - lblk);
		for (; pblk && count; count--, lblk++, pblk++) {
			ret = ext4_dir_get(v, pblk);
			if (!ret)
				ret = ext4_dir_block(v, dir, lblk, fn, ctx);
			if (ret)
				return ret;
		}
		lblk += count;
	}
	return 0;
}

int ext4_dir_read(struct ext4_vol *v, const struct ext4_inode *dir,
		  u64 lblk)
{
	u64 pblk, count;
	int ret;

	ret = ext4_map(v, dir, lblk, &pblk, &count);
	if (ret)
		return ret;
	return pblk ? ext4_dir_get(v, pblk) : -ENOENT;
}

struct ext4_find {
	const char *name;
	u32 len;
	u32 ino;
};

static int ext4_find_fn(struct ext4_vol *v, void *ctx, u32 ino,
			const char *name, u32 len)
{
	struct ext4_find *f = ctx;

	if (len != f->len || memcmp(name, f->name, len))
		return 0;
	f->ino = ino;
	return 1;
}

int ext4_dir_find(struct ext4_vol *v, const struct ext4_inode *dir, u64 lblk,
		  const char *name, u32 len, u32 *inop)
{
	struct ext4_find f = { .name = name, .len = len };
	int ret = ext4_dir_block(v, dir, lblk, ext4_find_fn, &f);

	if (ret > 0)
		*inop = f.ino;
	return ret;
}

/*
 * @name (@len bytes) in directory @dir: by its hash in an htree
 * directory, else (or when its index cannot be used) block by block.
 * Return: 1 and *@inop, 0 when not there, or -errno (said)
 */
static int ext4_lookup(struct ext4_vol *v, const struct ext4_inode *dir,
		       const char *name, u32 len, u32 *inop)
{
	struct ext4_find f = { .name = name, .len = len };
	bool linear = true;
	int ret;

	/* "." and ".." are the first two entries, outside the index */
	if (v->dx && (dir->flags & EXT4_INDEX_FL) &&
	    !(len <= 2 && !memcmp(name, "..", len))) {
		ret = ext4_dx_find(v, dir, name, len, inop, &linear);
		if (!linear)
			return ret;
	}
	ret = ext4_dir_walk(v, dir, ext4_find_fn, &f);
	if (ret > 0)
		*inop = f.ino;
	return ret;
}

/*
 * Resolve @path from the root into *@in, following every symlink: a
 * link's target replaces the link's name in the path (from the root if
 * it is absolute, else from the link's directory)
 */
static int ext4_resolve(struct ext4_vol *v, const char *path,
			struct ext4_inode *in)
{
	struct ext4_inode dir;
	const char *name;
	int links = 0, ret;
	char *p = v->path;
	size_t rest;
	u32 ino;

	if (strlen(path) > EXT4_PATH_MAX)
		return ext4_fail(v, -ENAMETOOLONG, "path longer than %u bytes",
				 EXT4_PATH_MAX);
	strcpy(v->path, path);
	ret = ext4_read_inode(v, EXT4_ROOT_INO, in);
	while (!ret) {
		while (*p == '/')
			p++;
		if (!*p)
			return 0;
		if ((in->mode & S_IFMT) != S_IFDIR)
			return -ENOTDIR;
		name = p;
		p += strcspn(p, "/");
		dir = *in;
		ret = ext4_lookup(v, &dir, name, p - name, &ino);
		if (ret <= 0)
			return ret ? ret : -ENOENT;
		ret = ext4_read_inode(v, ino, in);
		if (ret || (in->mode & S_IFMT) != S_IFLNK)
			continue;
		if (++links > FS_MAX_SYMLINKS)
			return -ELOOP;
		rest = strlen(p);
		if (in->size + 1 + rest > EXT4_PATH_MAX)
			return ext4_fail(v, -ENAMETOOLONG, "'%s': longer than %u bytes with symlink inode %u",
					 path, EXT4_PATH_MAX, in->ino);
		memmove(v->path + in->size + 1, p, rest + 1);
		if (in->fast_link)
			memcpy(v->path, in->block, in->size);
		else
			ret = ext4_read_data(v, in, 0, v->path, in->size);
		if (ret)
			return ret;
		if (memchr(v->path, 0, in->size))
			return ext4_corrupt(v, "symlink inode %u holds a NUL",
					    in->ino);
		v->path[in->size] = '/';
		p = v->path;
		if (*p == '/')
			ret = ext4_read_inode(v, EXT4_ROOT_INO, in);
		else
			*in = dir;
	}
	return ret;
}

struct ext4_ls {
	int (*fn)(void *ctx, const struct fs_dirent *d);
	void *ctx;
	struct fs_dirent d;
};

static int ext4_ls_fn(struct ext4_vol *v, void *ctx, u32 ino,
		      const char *name, u32 len)
{
	struct ext4_ls *l = ctx;
	struct ext4_inode in;
	int ret;

	ret = ext4_read_inode(v, ino, &in);
	if (ret)
		return ret;
	memcpy(l->d.name, name, len);
	l->d.name[len] = '\0';
	switch (in.mode & S_IFMT) {
	case S_IFREG:
		l->d.type = FS_DT_REG;
		break;
	case S_IFDIR:
		l->d.type = FS_DT_DIR;
		break;
	case S_IFLNK:
		l->d.type = FS_DT_LNK;
		break;
	default:
		l->d.type = FS_DT_OTHER;
	}
	l->d.size = in.size;
	return l->fn(l->ctx, &l->d);
}

int ext4_ls(struct fs_vol *vol, const char *path,
		   int (*fn)(void *ctx, const struct fs_dirent *d), void *ctx)
{
	struct ext4_vol *v = to_ext4(vol);
	struct ext4_ls l = { .fn = fn, .ctx = ctx };
	struct ext4_inode dir;
	int ret;

	ret = ext4_resolve(v, path, &dir);
	if (ret)
		return ret;
	if ((dir.mode & S_IFMT) != S_IFDIR)
		return -ENOTDIR;
	ret = ext4_dir_walk(v, &dir, ext4_ls_fn, &l);
	return ret < 0 ? ret : 0;
}

/* The regular file (or other non-directory) at @path */
static int ext4_file(struct ext4_vol *v, const char *path,
		     struct ext4_inode *in)
{
	int ret = ext4_resolve(v, path, in);

	if (!ret && (in->mode & S_IFMT) == S_IFDIR)
		return -EISDIR;
	return ret;
}

int ext4_size(struct fs_vol *vol, const char *path, u64 *sizep)
{
	struct ext4_inode in;
	int ret = ext4_file(to_ext4(vol), path, &in);

	if (!ret)
		*sizep = in.size;
	return ret;
}

int ext4_read(struct fs_vol *vol, const char *path, u64 off,
		     void *buf, u64 len, u64 *actp)
{
	struct ext4_vol *v = to_ext4(vol);
	struct ext4_inode in;
	int ret;

	*actp = 0;
	ret = ext4_file(v, path, &in);
	if (ret || off >= in.size)
		return ret;
	len = min(len, in.size - off);
	ret = ext4_read_data(v, &in, off, buf, len);
	if (!ret)
		*actp = len;
	return ret;
}
