// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ext2, ext3 and ext4, read-only. The layout is the one the Linux
 * kernel's Documentation/filesystems/ext4/ describes ("ondisk"): the
 * superblock at byte 1024, group descriptors, inodes, extent trees or
 * classic block maps, directories (htree ones looked up by hash:
 * lib/fs/ext4_dx.c; listed linearly, their leaves being plain directory
 * blocks) and symlinks.
 *
 * Everything read is hostile. Every block number is checked against the
 * filesystem, whose size was checked against the partition; extent trees
 * are at most EXT4_EXT_MAX_DEPTH deep and each level must be one less
 * deep than its parent, so a tree cannot loop; directories are no bigger
 * than the filesystem; symlinks are followed at most FS_MAX_SYMLINKS
 * deep. A violation is -EBADMSG with one message naming it.
 *
 * A filesystem that needs recovery is read through its journal, replayed
 * in memory (lib/fs/ext4_journal.c): every block read goes through
 * ext4_read_block().
 *
 * metadata_csum: the superblock, group descriptors, inodes, extent
 * blocks, directory leaf blocks that carry a checksum tail and htree
 * index blocks are verified. GDT_CSUM's crc16 is not verified.
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

/* Say once, naming the partition, what is wrong */
static void ext4_vlog(const struct fs_io *io, int level, const char *fmt,
		      va_list ap)
{
	char msg[200];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	log(level, "%s%sext4: %s\n", io->name ? io->name : "",
	    io->name ? ": " : "", msg);
}

void __printf(3, 4) ext4_log(const struct fs_io *io, int level,
			     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ext4_vlog(io, level, fmt, ap);
	va_end(ap);
}

/* A corrupt structure: -EBADMSG */
int __printf(2, 3) ext4_corrupt(const struct ext4_vol *v,
				       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ext4_vlog(v->io, LOGL_ERR, fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

/* Something we do not implement (a feature) or cannot do: @err */
int __printf(3, 4) ext4_fail(const struct ext4_vol *v, int err,
				    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ext4_vlog(v->io, LOGL_ERR, fmt, ap);
	va_end(ap);
	return err;
}

/* ext4's crc32c: no final inversion, chained through @seed */
u32 ext4_crc(u32 seed, const void *buf, size_t len)
{
	return ~crc32c(~seed, buf, len);
}

static u32 ext4_crc_le32(u32 seed, u32 val)
{
	__le32 v = cpu_to_le32(val);

	return ext4_crc(seed, &v, sizeof(v));
}

int ext4_read_block(struct ext4_vol *v, u64 blk, void *buf)
{
	const struct ext4_jmap *m = v->jmap_n ? ext4_jmap_find(v, blk) : NULL;
	int ret;

	if (!m || m->blk != blk)
		return v->io->read(v->io, blk << v->log_bs, buf, v->bs);
	ret = v->io->read(v->io, m->jblk << v->log_bs, buf, v->bs);
	/* The journal zeroed a copy's first bytes when they were its magic */
	if (!ret && m->escape)
		put_unaligned_be32(JBD2_MAGIC, buf);
	return ret;
}

/* Block @blk through the cache of metadata blocks: its slot */
int ext4_cache_get(struct ext4_vol *v, u64 blk)
{
	int slot = 0, ret;

	if (blk >= v->blocks)
		return ext4_corrupt(v, "block %llu past the end (%llu blocks)",
				    (unsigned long long)blk,
				    (unsigned long long)v->blocks);
	for (int i = 0; i < EXT4_CACHE_BLOCKS; i++) {
		if (v->cache[i].used && v->cache[i].blk == blk) {
			v->cache[i].used = ++v->tick;
			return i;
		}
		if (v->cache[i].used < v->cache[slot].used)
			slot = i;
	}
	if (v->no_io) {
		v->would_read = true;
		return -EAGAIN;
	}
	v->cache[slot].used = 0;
	v->cache[slot].ext_ino = 0;
	ret = ext4_read_block(v, blk, v->cache[slot].data);
	if (ret)
		return ret;
	v->cache[slot].blk = blk;
	v->cache[slot].used = ++v->tick;
	return slot;
}

int ext4_bread(struct ext4_vol *v, u64 blk, const u8 **datap)
{
	int slot = ext4_cache_get(v, blk);

	if (slot < 0)
		return slot;
	*datap = v->cache[slot].data;
	return 0;
}

/* Does group @g hold a copy of the superblock (and descriptors)? */
static bool ext4_has_super(struct ext4_vol *v, u32 g)
{
	if (!g)
		return true;
	if (le32_to_cpu(v->sb.feature_compat) & COMPAT_SPARSE_SUPER2)
		return g == le32_to_cpu(v->sb.backup_bgs[0]) ||
		       g == le32_to_cpu(v->sb.backup_bgs[1]);
	if (g == 1 ||
	    !(le32_to_cpu(v->sb.feature_ro_compat) & RO_COMPAT_SPARSE_SUPER))
		return true;
	for (u32 base = 3; base <= 7; base += 2) {
		u64 p = base;

		while (p < g)
			p *= base;
		if (p == g)
			return true;
	}
	return false;
}

/*
 * Where block @b of the group descriptor table is: after the block that
 * holds the superblock or, with meta_bg, in the first block group of its
 * meta group, after that group's copy of the superblock
 */
static u64 ext4_desc_block(struct ext4_vol *v, u32 b)
{
	u32 first = le32_to_cpu(v->sb.first_data_block);
	u64 sb_block = EXT4_SB_OFFSET >> v->log_bs;
	u32 g;

	if (!(v->incompat & INCOMPAT_META_BG) ||
	    b < le32_to_cpu(v->sb.first_meta_bg))
		return sb_block + 1 + b;
	g = b * (v->bs / v->desc_size);
	if (!g)		/* behind the superblock (in block 1 of 1 KiB ones) */
		return sb_block + 1;
	return first + (u64)g * le32_to_cpu(v->sb.blocks_per_group) +
	       ext4_has_super(v, g);
}

/* The descriptor of group @g, checked; *@itablep its inode table */
static int ext4_get_desc(struct ext4_vol *v, u32 g, struct ext4_gd *gd,
			 u64 *itablep)
{
	u32 per = v->bs / v->desc_size;
	const u8 *blk;
	int ret;

	ret = ext4_bread(v, ext4_desc_block(v, g / per), &blk);
	if (ret)
		return ret;
	memset(gd, 0, sizeof(*gd));
	memcpy(gd, blk + (g % per) * v->desc_size,
	       min_t(u32, v->desc_size, sizeof(*gd)));
	if (v->csum) {
		const u8 *raw = blk + (g % per) * v->desc_size;
		const __le16 zero = 0;
		u32 crc = ext4_crc_le32(v->seed, g);

		crc = ext4_crc(crc, raw, offsetof(struct ext4_gd, checksum));
		crc = ext4_crc(crc, &zero, sizeof(zero));
		crc = ext4_crc(crc, raw + 0x20, v->desc_size - 0x20);
		if ((crc & 0xffff) != le16_to_cpu(gd->checksum))
			return ext4_corrupt(v, "group %u descriptor checksum is %04x, computed %04x",
					    g, le16_to_cpu(gd->checksum),
					    crc & 0xffff);
	}
	*itablep = le32_to_cpu(gd->inode_table_lo);
	if (v->desc_size >= 64)
		*itablep |= (u64)le32_to_cpu(gd->inode_table_hi) << 32;
	if (*itablep == 0 || *itablep >= v->blocks ||
	    v->blocks - *itablep < v->itable_blocks)
		return ext4_corrupt(v, "group %u inode table at block %llu past the end",
				    g, (unsigned long long)*itablep);
	return 0;
}

/* Is inode @idx of group @g's table in use, as its descriptor says? */
static bool ext4_inode_unused(struct ext4_vol *v, const struct ext4_gd *gd,
			      u32 idx)
{
	u32 unused = le16_to_cpu(gd->itable_unused_lo);

	if (!v->uninit_bg)
		return false;
	if (le16_to_cpu(gd->flags) & BG_INODE_UNINIT)
		return true;
	if (v->desc_size >= 64)
		unused |= (u32)le16_to_cpu(gd->itable_unused_hi) << 16;
	return unused <= v->ipg && idx >= v->ipg - unused;
}

static int ext4_inode_csum(struct ext4_vol *v, u32 ino, const u8 *raw,
			   const struct ext4_dinode *d)
{
	const __le16 zero = 0;
	bool hi = v->isz > EXT4_GOOD_OLD_ISIZE &&
		  le16_to_cpu(d->extra_isize) >= 4;
	u32 crc, want = le16_to_cpu(d->csum_lo);

	crc = ext4_crc_le32(v->seed, ino);
	crc = ext4_crc(crc, &d->generation, 4);
	crc = ext4_crc(crc, raw, 0x7c);
	crc = ext4_crc(crc, &zero, 2);
	crc = ext4_crc(crc, raw + 0x7e, 2);
	if (v->isz > EXT4_GOOD_OLD_ISIZE) {
		crc = ext4_crc(crc, raw + 0x80, 2);
		if (hi) {
			crc = ext4_crc(crc, &zero, 2);
			want |= (u32)le16_to_cpu(d->csum_hi) << 16;
		} else {
			crc = ext4_crc(crc, raw + 0x82, 2);
		}
		crc = ext4_crc(crc, raw + 0x84, v->isz - 0x84);
	}
	if (!hi)
		crc &= 0xffff;
	if (crc != want)
		return ext4_corrupt(v, "inode %u checksum is %08x, computed %08x",
				    ino, want, crc);
	return 0;
}

/* The largest file a block map can describe, in blocks */
static u64 ext4_blockmap_max(struct ext4_vol *v)
{
	u64 per = v->bs / 4;

	return EXT4_NDIR_BLOCKS + per + per * per + per * per * per;
}

static int ext4_check_inode(struct ext4_vol *v, struct ext4_inode *in,
			    const struct ext4_dinode *d)
{
	u64 max = in->flags & EXT4_EXTENTS_FL ? 1ULL << 32 :
		  ext4_blockmap_max(v);
	u32 type = in->mode & S_IFMT;

	if (!in->mode || !le16_to_cpu(d->links_count))
		return ext4_corrupt(v, "inode %u is free, but a directory names it",
				    in->ino);
	if (in->flags & (EXT4_REFUSED_FL | EXT4_INLINE_DATA_FL))
		return ext4_corrupt(v, "inode %u has flags %#x this filesystem does not allow",
				    in->ino, in->flags);
	if (in->size > max << v->log_bs ||
	    (type == S_IFDIR && in->size > v->blocks << v->log_bs))
		return ext4_corrupt(v, "inode %u: size %llu too large", in->ino,
				    (unsigned long long)in->size);
	if (type == S_IFLNK) {
		u32 sectors = le32_to_cpu(d->blocks_lo);

		if (le32_to_cpu(d->file_acl_lo) || le16_to_cpu(d->file_acl_hi))
			sectors -= in->flags & EXT4_HUGE_FILE_FL ? 1 :
				   v->bs >> 9;
		in->fast_link = in->size < EXT4_FAST_LINK_MAX && !sectors &&
				!(in->flags & EXT4_EXTENTS_FL);
		if (!in->size || in->size > min_t(u32, v->bs, EXT4_SYMLINK_MAX))
			return ext4_corrupt(v, "inode %u: symlink of %llu bytes",
					    in->ino,
					    (unsigned long long)in->size);
	}
	return 0;
}

/* Inode @ino, checked */
int ext4_read_inode(struct ext4_vol *v, u32 ino, struct ext4_inode *in)
{
	u32 g = (ino - 1) / v->ipg, idx = (ino - 1) % v->ipg;
	struct ext4_dinode d;
	struct ext4_gd gd;
	u64 itable = 0, off;
	const u8 *blk, *raw;
	int ret;

	if (!ino || ino > le32_to_cpu(v->sb.inodes_count))
		return ext4_corrupt(v, "inode %u out of range (1..%u)", ino,
				    le32_to_cpu(v->sb.inodes_count));
	ret = ext4_get_desc(v, g, &gd, &itable);
	if (ret)
		return ret;
	if (ext4_inode_unused(v, &gd, idx))
		return ext4_corrupt(v, "inode %u is in the unused part of group %u",
				    ino, g);
	off = (u64)idx * v->isz;
	ret = ext4_bread(v, itable + (off >> v->log_bs), &blk);
	if (ret)
		return ret;
	raw = blk + (off & (v->bs - 1));
	memset(&d, 0, sizeof(d));
	memcpy(&d, raw, min_t(u32, v->isz, sizeof(d)));
	if (v->isz > EXT4_GOOD_OLD_ISIZE &&
	    EXT4_GOOD_OLD_ISIZE + (u32)le16_to_cpu(d.extra_isize) > v->isz)
		return ext4_corrupt(v, "inode %u: extra size %u too large", ino,
				    le16_to_cpu(d.extra_isize));
	if (v->csum) {
		ret = ext4_inode_csum(v, ino, raw, &d);
		if (ret)
			return ret;
	}
	memset(in, 0, sizeof(*in));
	in->ino = ino;
	in->mode = le16_to_cpu(d.mode);
	in->flags = le32_to_cpu(d.flags);
	in->size = le32_to_cpu(d.size_lo) |
		   (u64)le32_to_cpu(d.size_hi) << 32;
	memcpy(in->block, d.block, sizeof(in->block));
	if (v->csum)
		in->seed = ext4_crc(ext4_crc_le32(v->seed, ino),
				    &d.generation, 4);
	return ext4_check_inode(v, in, &d);
}

/* Refuse incompatible features we cannot read, naming them */
static int ext4_check_features(struct ext4_vol *v)
{
	u32 left = v->incompat;
	char names[200] = "";
	size_t pos = 0;

	for (size_t i = 0; i < ARRAY_SIZE(ext4_incompat); i++) {
		if (!(left & ext4_incompat[i].bit))
			continue;
		left &= ~ext4_incompat[i].bit;
		if (!ext4_incompat[i].read)
			pos += snprintf(names + pos, sizeof(names) - pos,
					" %s", ext4_incompat[i].name);
	}
	if (left)
		snprintf(names + pos, sizeof(names) - pos, " unknown(%#x)", left);
	if (names[0]) {
		return ext4_fail(v, -ENOSYS, "cannot read this filesystem: it uses%s",
				 names);
	}
	return 0;
}

/* metadata_csum: the superblock's own checksum, and the seed */
static int ext4_check_sb_csum(struct ext4_vol *v)
{
	const struct ext4_sb *sb = &v->sb;
	u32 crc;

	if (!(le32_to_cpu(sb->feature_ro_compat) & RO_COMPAT_METADATA_CSUM))
		return 0;
	if (sb->checksum_type != 1)
		return ext4_fail(v, -ENOSYS, "cannot read this filesystem: checksum type %u",
				 sb->checksum_type);
	crc = ext4_crc(~0U, sb, offsetof(struct ext4_sb, checksum));
	if (crc != le32_to_cpu(sb->checksum))
		return ext4_corrupt(v, "superblock checksum is %08x, computed %08x",
				    le32_to_cpu(sb->checksum), crc);
	v->csum = true;
	if (le32_to_cpu(sb->feature_incompat) & INCOMPAT_CSUM_SEED)
		v->seed = le32_to_cpu(sb->checksum_seed);
	else
		v->seed = ext4_crc(~0U, sb->uuid, sizeof(sb->uuid));
	return 0;
}

/* The geometry, every part of it checked against the partition */
static int ext4_check_geometry(struct ext4_vol *v)
{
	const struct ext4_sb *sb = &v->sb;
	u32 log = le32_to_cpu(sb->log_block_size);
	u32 first = le32_to_cpu(sb->first_data_block);
	u32 bpg = le32_to_cpu(sb->blocks_per_group);
	u32 rev = le32_to_cpu(sb->rev_level);
	u64 groups, gdt_blocks;

	if (log > 6)
		return ext4_corrupt(v, "block size 2^(10+%u)", log);
	v->log_bs = 10 + log;
	v->bs = 1U << v->log_bs;
	v->blocks = le32_to_cpu(sb->blocks_count_lo);
	if (v->incompat & INCOMPAT_64BIT)
		v->blocks |= (u64)le32_to_cpu(sb->blocks_count_hi) << 32;
	if (v->blocks > v->io->size >> v->log_bs)
		return ext4_corrupt(v, "%llu blocks of %u bytes: larger than the partition (%llu bytes)",
				    (unsigned long long)v->blocks, v->bs,
				    (unsigned long long)v->io->size);
	if (first >= v->blocks || first > (v->bs == 1024) || !bpg)
		return ext4_corrupt(v, "first data block %u, %u blocks per group",
				    first, bpg);
	if (rev > 1)
		return ext4_corrupt(v, "revision %u", rev);
	v->isz = rev ? le16_to_cpu(sb->inode_size) : EXT4_GOOD_OLD_ISIZE;
	if (v->isz < EXT4_GOOD_OLD_ISIZE || v->isz > v->bs ||
	    (v->isz & (v->isz - 1)))
		return ext4_corrupt(v, "inode size %u", v->isz);
	v->ipg = le32_to_cpu(sb->inodes_per_group);
	groups = DIV_ROUND_UP(v->blocks - first, bpg);
	if (!v->ipg || v->ipg > 8 * v->bs ||
	    groups * v->ipg != le32_to_cpu(sb->inodes_count))
		return ext4_corrupt(v, "%u inodes in %llu groups of %u",
				    le32_to_cpu(sb->inodes_count),
				    (unsigned long long)groups, v->ipg);
	v->itable_blocks = DIV_ROUND_UP((u64)v->ipg * v->isz, v->bs);
	v->desc_size = 32;
	if (v->incompat & INCOMPAT_64BIT) {
		v->desc_size = le16_to_cpu(sb->desc_size);
		if (v->desc_size < 64 || v->desc_size > 1024 ||
		    (v->desc_size & (v->desc_size - 1)))
			return ext4_corrupt(v, "group descriptor size %u",
					    v->desc_size);
	}
	gdt_blocks = DIV_ROUND_UP(groups, v->bs / v->desc_size);
	if (v->incompat & INCOMPAT_META_BG) {
		if (le32_to_cpu(sb->first_meta_bg) > gdt_blocks)
			return ext4_corrupt(v, "first meta group %u of %llu",
					    le32_to_cpu(sb->first_meta_bg),
					    (unsigned long long)gdt_blocks);
		gdt_blocks = le32_to_cpu(sb->first_meta_bg);
	}
	if ((EXT4_SB_OFFSET >> v->log_bs) + 1 + gdt_blocks > v->blocks)
		return ext4_corrupt(v, "%llu group descriptor blocks past the end",
				    (unsigned long long)gdt_blocks);
	return 0;
}

/* The superblock's UUID, 8-4-4-4-12 hex digits, as blkid prints it */
static int ext4_uuid(struct fs_vol *vol, char buf[FS_UUID_LEN])
{
	const u8 *u = to_ext4(vol)->sb.uuid;
	char *p = buf;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		p += snprintf(p, 3, "%02x", u[i]);
	}
	return 0;
}

static void ext4_close(struct fs_vol *vol)
{
	struct ext4_vol *v = to_ext4(vol);

	if (!v)
		return;
	free(v->cache[0].data);
	free(v->dir[0].data);
	free(v->jmap);
	free(v->jbuf);
	free(v);
}

/* The superblock in v->sb, checked, and what it says about the rest */
static int ext4_load_sb(struct ext4_vol *v)
{
	int ret = 0;

	if (le16_to_cpu(v->sb.magic) != EXT4_MAGIC)
		return -ENODEV;
	v->csum = false;	/* a journal's copy may say otherwise */
	v->seed = 0;
	v->incompat = le32_to_cpu(v->sb.feature_incompat);
	v->uninit_bg = le32_to_cpu(v->sb.feature_ro_compat) &
		       (RO_COMPAT_GDT_CSUM | RO_COMPAT_METADATA_CSUM);
	v->dx = le32_to_cpu(v->sb.feature_compat) & COMPAT_DIR_INDEX;
	v->dx_levels = v->incompat & INCOMPAT_LARGEDIR ? 3 : 2;
	/* Neither flag: as Linux on arm64 (whose char is unsigned) takes it */
	v->dx_unsigned = !(le32_to_cpu(v->sb.flags) & EXT4_FLAGS_SIGNED_HASH) ||
			 (le32_to_cpu(v->sb.flags) & EXT4_FLAGS_UNSIGNED_HASH);
	for (int i = 0; i < 4; i++)
		v->dx_seed[i] = le32_to_cpu(v->sb.hash_seed[i]);
	ret = ext4_check_sb_csum(v);
	if (!ret)
		ret = ext4_check_features(v);
	if (!ret)
		ret = ext4_check_geometry(v);
	return ret;
}

/*
 * The journal replayed; when it holds a newer superblock, that one,
 * checked again (its block size must be the one the log was read with)
 */
static int ext4_recover(struct ext4_vol *v)
{
	u64 blk = EXT4_SB_OFFSET >> v->log_bs;
	const struct ext4_jmap *m;
	u32 bs = v->bs;
	int ret;

	ret = ext4_journal_replay(v);
	m = ret ? NULL : ext4_jmap_find(v, blk);
	if (!m || m->blk != blk)
		return ret;
	ret = ext4_read_block(v, blk, v->jbuf);
	if (ret)
		return ret;
	memcpy(&v->sb, v->jbuf + (EXT4_SB_OFFSET & (v->bs - 1)), sizeof(v->sb));
	ret = ext4_load_sb(v);
	if (ret == -ENODEV)
		return ext4_corrupt(v, "the journal's copy of the superblock has no magic");
	if (!ret && v->bs != bs)
		return ext4_corrupt(v, "the journal's copy of the superblock says blocks of %u bytes, not %u",
				    v->bs, bs);
	return ret;
}

static int ext4_open(const struct fs_io *io, struct fs_vol **volp)
{
	struct ext4_inode root;
	struct ext4_vol *v;
	int ret;

	if (io->size < EXT4_SB_OFFSET + sizeof(struct ext4_sb))
		return -ENODEV;
	v = calloc(1, sizeof(*v));
	if (!v) {
		ext4_log(io, LOGL_ERR, "out of memory");
		return -ENOMEM;
	}
	v->io = io;
	ret = io->read(io, EXT4_SB_OFFSET, &v->sb, sizeof(v->sb));
	if (!ret)
		ret = ext4_load_sb(v);
	if (!ret) {
		v->cache[0].data = malloc((size_t)v->bs * EXT4_CACHE_BLOCKS);
		v->dir[0].data = malloc((size_t)v->bs * EXT4_DIR_BUFS);
		v->jbuf = malloc(v->bs);
		if (!v->cache[0].data || !v->dir[0].data || !v->jbuf)
			ret = ext4_fail(v, -ENOMEM, "out of memory");
		for (int i = 1; !ret && i < EXT4_CACHE_BLOCKS; i++)
			v->cache[i].data = v->cache[0].data + i * v->bs;
		for (int i = 1; !ret && i < EXT4_DIR_BUFS; i++)
			v->dir[i].data = v->dir[0].data + i * v->bs;
	}
	if (!ret)
		ret = ext4_recover(v);
	if (!ret)
		ret = ext4_read_inode(v, EXT4_ROOT_INO, &root);
	if (!ret && (root.mode & S_IFMT) != S_IFDIR)
		ret = ext4_corrupt(v, "the root inode is not a directory");
	if (ret) {
		ext4_close((struct fs_vol *)v);
		return ret;
	}
	*volp = (struct fs_vol *)v;
	return 0;
}

const struct fs_type fs_type_ext4 = {
	.name = "ext4",
	.open = ext4_open,
	.close = ext4_close,
	.ls = ext4_ls,
	.size = ext4_size,
	.read = ext4_read,
	.uuid = ext4_uuid,
};
