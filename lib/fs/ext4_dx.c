// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ext4 htree (dir_index) directories, looked up by a name's hash, as the
 * kernel's Documentation/filesystems/ext4/directory.rst lays them out.
 *
 * Block 0 of an htree directory is its root: the "." and ".." entries,
 * whose ".." spans the rest of the block so that a linear reader skips
 * what follows, then the root's info (hash version, index levels) and an
 * array of (hash, block) entries sorted by hash; entry 0 holds the
 * array's limit and count instead of a hash and covers every hash below
 * entry 1's. Interior index blocks ("nodes") hold one empty entry that
 * spans the block, then the same array. The leaves are ordinary
 * directory blocks, holding the names whose hashes fall in their range.
 * An entry's hash with bit 0 set says the names of that hash continue
 * from the block before (a collision across leaves).
 *
 * Everything read is hostile: the root's info, each array's limit (the
 * one the block size gives) and count, the blocks it points to (inside
 * the directory, not a hole) and, with metadata_csum, each index block's
 * checksum tail are checked; the walk is at most dx_levels deep and
 * visits at most as many leaves as the directory has blocks. An index
 * that does not hold up is not an error: Linux then reads the directory
 * linearly, and so does Ember. A checksum that does not match is one, as
 * in Linux.
 */
#include <byteorder.h>
#include <compiler.h>
#include <errno.h>
#include <fs.h>
#include <lib.h>
#include <log.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "ext4_priv.h"

/* Hash versions (the root's; +3: the unsigned-byte variant) */
enum {
	DX_LEGACY, DX_HALF_MD4, DX_TEA,
	DX_LEGACY_U, DX_HALF_MD4_U, DX_TEA_U,
};

#define DX_ROOT_ENTRIES		32	/* ".", "..", then the info */
#define DX_NODE_ENTRIES		8	/* one empty entry */
#define DX_INFO_LEN		8
#define DX_TAIL_SIZE		8	/* metadata_csum: reserved, crc */
#define DX_BLOCK_MASK		0x0fffffff
#define DX_MAX_LEVELS		3
#define DX_BAD			1	/* the index does not hold up */

struct dx_entry {
	__le32 hash;			/* entry 0: limit, count (le16 each) */
	__le32 block;			/* logical block of the directory */
};

struct dx_root_info {
	__le32 reserved_zero;
	u8 hash_version;
	u8 info_length;
	u8 indirect_levels;
	u8 unused_flags;
};

/* A level of the walk: which block, its array, the entry followed */
struct dx_frame {
	u64 lblk;
	u32 off;		/* of the array in the block */
	u32 count;
	u32 at;
};

/* --- The hashes (e2fsprogs' and Linux's fs/ext4/hash.c compute them) */

/* The name's bytes as @n words: big-endian in groups of 4, padded with
 * its length; a byte taken signed or unsigned as @uns says */
static void dx_words(const u8 *s, u32 len, u32 *w, int n, bool uns)
{
	u32 pad = len | len << 8, val, take = min_t(u32, len, n * 4);
	int k = 0;

	pad |= pad << 16;		/* the length, in each byte */
	val = pad;

	for (u32 i = 0; i < take; i++) {
		u32 c = uns ? s[i] : (u32)(s32)(s8)s[i];

		val = c + (val << 8);
		if (i % 4 == 3) {
			w[k++] = val;
			val = pad;
		}
	}
	if (k < n)
		w[k++] = val;
	while (k < n)
		w[k++] = pad;
}

/* MD4's three rounds of eight steps, with half its input (8 words) */
static void dx_half_md4(u32 h[4], const u32 in[8])
{
	static const u8 order[3][8] = {
		{ 0, 1, 2, 3, 4, 5, 6, 7 },
		{ 1, 3, 5, 7, 0, 2, 4, 6 },
		{ 3, 7, 2, 6, 1, 5, 0, 4 },
	};
	static const u8 shift[3][4] = {
		{ 3, 7, 11, 19 }, { 3, 5, 9, 13 }, { 3, 9, 11, 15 },
	};
	static const u32 k[3] = { 0, 0x5a827999, 0x6ed9eba1 };
	u32 r[4] = { h[0], h[1], h[2], h[3] };

	for (int round = 0; round < 3; round++) {
		for (int step = 0; step < 8; step++) {
			/* The word changed goes a, d, c, b, a ... */
			int t = (4 - step % 4) % 4;
			u32 x = r[(t + 1) % 4], y = r[(t + 2) % 4];
			u32 z = r[(t + 3) % 4], f;

			if (round == 0)
				f = z ^ (x & (y ^ z));
			else if (round == 1)
				f = (x & y) + ((x ^ y) & z);
			else
				f = x ^ y ^ z;
			r[t] = rol32(r[t] + f + in[order[round][step]] +
				     k[round], shift[round][step % 4]);
		}
	}
	for (int i = 0; i < 4; i++)
		h[i] += r[i];
}

/* 16 cycles of TEA with the 4 words as its key, into h[0], h[1] */
static void dx_tea(u32 h[4], const u32 in[4])
{
	u32 x = h[0], y = h[1], sum = 0;

	for (int i = 0; i < 16; i++) {
		sum += 0x9e3779b9;
		x += ((y << 4) + in[0]) ^ (y + sum) ^ ((y >> 5) + in[1]);
		y += ((x << 4) + in[2]) ^ (x + sum) ^ ((x >> 5) + in[3]);
	}
	h[0] += x;
	h[1] += y;
}

static u32 dx_legacy(const u8 *s, u32 len, bool uns)
{
	u32 h0 = 0x12a3fe2d, h1 = 0x37abe8f9, h;

	for (u32 i = 0; i < len; i++) {
		u32 c = uns ? s[i] : (u32)(s32)(s8)s[i];

		h = h1 + (h0 ^ (c * 7152373U));
		if (h & 0x80000000)
			h -= 0x7fffffff;
		h1 = h0;
		h0 = h;
	}
	return h0 << 1;
}

u32 ext4_dx_hash(u8 version, const char *name, u32 len, const u32 seed[4])
{
	static const u32 dflt[4] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
	};
	const u8 *s = (const u8 *)name;
	bool uns = version >= DX_LEGACY_U;
	u32 h[4], in[8], hash;

	memcpy(h, seed[0] | seed[1] | seed[2] | seed[3] ? seed : dflt,
	       sizeof(h));
	switch (version) {
	case DX_LEGACY:
	case DX_LEGACY_U:
		hash = dx_legacy(s, len, uns);
		break;
	case DX_HALF_MD4:
	case DX_HALF_MD4_U:
		for (u32 done = 0; done < len; done += 32) {
			dx_words(s + done, len - done, in, 8, uns);
			dx_half_md4(h, in);
		}
		hash = h[1];
		break;
	case DX_TEA:
	case DX_TEA_U:
		for (u32 done = 0; done < len; done += 16) {
			dx_words(s + done, len - done, in, 4, uns);
			dx_tea(h, in);
		}
		hash = h[0];
		break;
	default:
		return 1;	/* no hash has bit 0 set */
	}
	hash &= ~1U;
	/* The kernel keeps the largest hash for the end of a directory */
	return hash == 0xfffffffe ? 0xfffffffc : hash;
}

/* --- The index */

static u32 dx_get32(const u8 *b, u32 off)
{
	return le32_to_cpu(*(const __le32 *)(b + off));
}

/* Entry @i of @fr's array, in v->dirbuf */
static const struct dx_entry *dx_at(const struct ext4_vol *v,
				    const struct dx_frame *fr, u32 i)
{
	return (const void *)(v->dirbuf + fr->off + i * sizeof(struct dx_entry));
}

/* Say once a volume why @dir's index is not used */
static void __printf(3, 4) dx_bad(struct ext4_vol *v,
				  const struct ext4_inode *dir,
				  const char *fmt, ...)
{
	char why[120];
	va_list ap;

	if (v->dx_warned)
		return;
	v->dx_warned = true;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	ext4_log(v->io, LOGL_WARNING,
		 "directory inode %u: bad htree index (%s): reading it linearly",
		 dir->ino, why);
}

/*
 * Index block @raw (an entry's block field; 0: the root) of @dir into
 * v->dirbuf and @fr, checked. Return: 0, DX_BAD when it does not hold up
 * (said: read linearly), or -errno (said)
 */
static int dx_block(struct ext4_vol *v, const struct ext4_inode *dir,
		    u32 raw, bool root, struct dx_frame *fr)
{
	u64 nblocks = DIV_ROUND_UP(dir->size, v->bs);
	u32 tail = v->csum ? DX_TAIL_SIZE : 0;
	u32 limit, count, crc, zero = 0;
	const u8 *b;
	int ret;

	fr->lblk = raw & DX_BLOCK_MASK;
	fr->off = root ? DX_ROOT_ENTRIES : DX_NODE_ENTRIES;
	if (fr->lblk >= nblocks) {
		dx_bad(v, dir, "block %llu, past the directory's %llu",
		       (unsigned long long)fr->lblk,
		       (unsigned long long)nblocks);
		return DX_BAD;
	}
	ret = ext4_dir_read(v, dir, fr->lblk);
	if (ret == -ENOENT) {
		dx_bad(v, dir, "block %llu is a hole",
		       (unsigned long long)fr->lblk);
		return DX_BAD;
	}
	if (ret)
		return ret;
	b = v->dirbuf;
	limit = le16_to_cpu(*(const __le16 *)(b + fr->off));
	count = le16_to_cpu(*(const __le16 *)(b + fr->off + 2));
	if (limit != (v->bs - fr->off - tail) / sizeof(struct dx_entry) ||
	    !count || count > limit) {
		dx_bad(v, dir, "block %llu: %u entries of %u",
		       (unsigned long long)fr->lblk, count, limit);
		return DX_BAD;
	}
	fr->count = count;
	fr->at = 0;
	if (!tail)
		return 0;
	/* The array's used part, the tail's first word, a zero checksum */
	crc = ext4_crc(dir->seed, b, fr->off + count * sizeof(struct dx_entry));
	crc = ext4_crc(crc, b + fr->off + limit * sizeof(struct dx_entry), 4);
	crc = ext4_crc(crc, &zero, 4);
	if (crc != dx_get32(b, fr->off + limit * sizeof(struct dx_entry) + 4))
		return ext4_corrupt(v, "directory inode %u block %llu: index checksum mismatch",
				    dir->ino, (unsigned long long)fr->lblk);
	return 0;
}

/* The root, checked: its hash version into *@versionp, levels *@levelsp */
static int dx_root(struct ext4_vol *v, const struct ext4_inode *dir,
		   struct dx_frame *fr, u8 *versionp, int *levelsp)
{
	const struct ext4_dirent *dot, *dotdot;
	const struct dx_root_info *info;
	int ret = dx_block(v, dir, 0, true, fr);

	if (ret)
		return ret;
	dot = (const void *)v->dirbuf;
	dotdot = (const void *)(v->dirbuf + 12);
	info = (const void *)(v->dirbuf + 24);
	if (le16_to_cpu(dot->rec_len) != 12 || dot->name_len != 1 ||
	    dot->name[0] != '.' || dotdot->name_len != 2 ||
	    memcmp(dotdot->name, "..", 2)) {
		dx_bad(v, dir, "no \".\" and \"..\" before the root");
		return DX_BAD;
	}
	if (info->reserved_zero || info->info_length != DX_INFO_LEN ||
	    info->hash_version > DX_TEA || (info->unused_flags & 1) ||
	    info->indirect_levels >= v->dx_levels) {
		dx_bad(v, dir, "hash version %u, %u levels below the root, info length %u, flags 0x%02x",
		       info->hash_version, info->indirect_levels,
		       info->info_length, info->unused_flags);
		return DX_BAD;
	}
	*versionp = info->hash_version + (v->dx_unsigned ? DX_LEGACY_U : 0);
	*levelsp = info->indirect_levels;
	return 0;
}

/* The last entry of @fr whose hash is at most @hash (entry 0: below all) */
static u32 dx_search(const struct ext4_vol *v, const struct dx_frame *fr,
		     u32 hash)
{
	u32 lo = 1, hi = fr->count;	/* the answer is in [lo - 1, hi) */

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (le32_to_cpu(dx_at(v, fr, mid)->hash) > hash)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo - 1;
}

/*
 * From level @l (its block in v->dirbuf) down to the leaves, each level's
 * entry for @hash (@first: each level's first entry instead, to go on
 * past a collision)
 */
static int dx_descend(struct ext4_vol *v, const struct ext4_inode *dir,
		      struct dx_frame *fr, int l, int levels, u32 hash,
		      bool first)
{
	int ret;

	for (; l < levels; l++) {
		/* v->dirbuf: fr[l]'s block, then each child dx_block() reads */
		ret = dx_block(v, dir,
			       le32_to_cpu(dx_at(v, &fr[l], fr[l].at)->block),
			       false, &fr[l + 1]);
		if (ret)
			return ret;
		for (int k = 0; k <= l; k++) {
			if (fr[k].lblk == fr[l + 1].lblk) {
				dx_bad(v, dir, "block %llu is its own descendant",
				       (unsigned long long)fr[k].lblk);
				return DX_BAD;
			}
		}
		fr[l + 1].at = first ? 0 : dx_search(v, &fr[l + 1], hash);
	}
	return 0;
}

/*
 * The next leaf that may hold names of @hash, after a collision: the next
 * entry of the lowest level that has one, when its hash is @hash (its bit
 * 0 set), then the first entries down from there. *@more: @fr moved there.
 * Return: 0, DX_BAD or -errno, as dx_block()
 */
static int dx_next(struct ext4_vol *v, const struct ext4_inode *dir,
		   struct dx_frame *fr, int levels, u32 hash, bool *more)
{
	int l = levels, ret;

	*more = false;
	while (++fr[l].at >= fr[l].count) {
		if (!l)
			return 0;
		l--;
	}
	ret = ext4_dir_read(v, dir, fr[l].lblk);
	if (ret)
		return ret;
	if ((le32_to_cpu(dx_at(v, &fr[l], fr[l].at)->hash) & ~1U) != hash)
		return 0;
	ret = dx_descend(v, dir, fr, l, levels, hash, true);
	*more = !ret;
	return ret;
}

int ext4_dx_find(struct ext4_vol *v, const struct ext4_inode *dir,
		 const char *name, u32 len, u32 *inop, bool *linear)
{
	u64 nblocks = DIV_ROUND_UP(dir->size, v->bs);
	struct dx_frame fr[DX_MAX_LEVELS];
	int levels = 0, ret;
	bool more = false;
	u8 version = 0;
	u32 hash = 0;

	*linear = false;
	if (len > EXT4_NAME_MAX)
		return 0;
	ret = dx_root(v, dir, &fr[0], &version, &levels);
	if (!ret) {
		hash = ext4_dx_hash(version, name, len, v->dx_seed);
		fr[0].at = dx_search(v, &fr[0], hash);
		ret = dx_descend(v, dir, fr, 0, levels, hash, false);
	}
	/*
	 * Each leaf once at most: a directory has no more. v->dirbuf holds
	 * the lowest index block, fr[levels] (dx_root(), dx_descend() and
	 * dx_next() leave it there)
	 */
	for (u64 n = 0; !ret && n < nblocks; n++) {
		u64 leaf;

		leaf = le32_to_cpu(dx_at(v, &fr[levels],
					 fr[levels].at)->block) & DX_BLOCK_MASK;
		if (leaf >= nblocks) {
			dx_bad(v, dir, "leaf %llu, past the directory's %llu",
			       (unsigned long long)leaf,
			       (unsigned long long)nblocks);
			ret = DX_BAD;
			break;
		}
		ret = ext4_dir_read(v, dir, leaf);
		if (ret == -ENOENT) {
			dx_bad(v, dir, "leaf %llu is a hole",
			       (unsigned long long)leaf);
			ret = DX_BAD;
			break;
		}
		if (!ret)
			ret = ext4_dir_find(v, dir, leaf, name, len, inop);
		if (ret)
			return ret;	/* 1: found */
		ret = dx_next(v, dir, fr, levels, hash, &more);
		if (!ret && !more)
			return 0;
	}
	if (!ret && more) {
		dx_bad(v, dir, "more leaves for one hash than %llu blocks",
		       (unsigned long long)nblocks);
		ret = DX_BAD;
	}
	if (ret == DX_BAD)
		*linear = true;
	return ret == DX_BAD ? 0 : ret;
}
