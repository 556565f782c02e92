// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ext2, ext3 and ext4, read-only. The layout is the one the Linux
 * kernel's Documentation/filesystems/ext4/ describes ("ondisk"): the
 * superblock at byte 1024, group descriptors, inodes, extent trees or
 * classic block maps, linear directories (htree leaves are plain
 * directories, so a linear scan finds every name) and symlinks.
 *
 * Everything read is hostile. Every block number is checked against the
 * filesystem, whose size was checked against the partition; extent trees
 * are at most EXT4_EXT_MAX_DEPTH deep and each level must be one less
 * deep than its parent, so a tree cannot loop; directories are no bigger
 * than the filesystem; symlinks are followed at most FS_MAX_SYMLINKS
 * deep. A violation is -EBADMSG with one message naming it.
 *
 * metadata_csum: the superblock, group descriptors, inodes, extent
 * blocks and directory leaf blocks that carry a checksum tail are
 * verified (htree index blocks are not: a linear scan does not use
 * them). GDT_CSUM's crc16 is not verified.
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

#define EXT4_SB_OFFSET		1024
#define EXT4_MAGIC		0xef53
#define EXT4_ROOT_INO		2
#define EXT4_GOOD_OLD_ISIZE	128
#define EXT4_N_BLOCKS		15	/* i_block: 12 direct, 3 indirect */
#define EXT4_NDIR_BLOCKS	12
#define EXT4_EXT_MAGIC		0xf30a
#define EXT4_EXT_MAX_DEPTH	5
#define EXT4_EXT_INIT_MAX	32768	/* ee_len above it: unwritten */
#define EXT4_NAME_MAX		255
#define EXT4_SYMLINK_MAX	4095
#define EXT4_FAST_LINK_MAX	(EXT4_N_BLOCKS * 4)
#define EXT4_CACHE_BLOCKS	8
#define EXT4_PATH_MAX		4096

/* s_feature_compat */
#define COMPAT_SPARSE_SUPER2	0x200
/* s_feature_incompat */
#define INCOMPAT_FILETYPE	0x2
#define INCOMPAT_RECOVER	0x4
#define INCOMPAT_META_BG	0x10
#define INCOMPAT_64BIT		0x80
#define INCOMPAT_CSUM_SEED	0x2000
/* s_feature_ro_compat */
#define RO_COMPAT_SPARSE_SUPER	0x1
#define RO_COMPAT_GDT_CSUM	0x10
#define RO_COMPAT_METADATA_CSUM	0x400

/* bg_flags */
#define BG_INODE_UNINIT		0x1

/* i_mode */
#define S_IFMT			0xf000
#define S_IFLNK			0xa000
#define S_IFREG			0x8000
#define S_IFDIR			0x4000
/* i_flags */
#define EXT4_HUGE_FILE_FL	0x40000
#define EXT4_EXTENTS_FL		0x80000
#define EXT4_INLINE_DATA_FL	0x10000000
#define EXT4_REFUSED_FL		0x40000800	/* casefold, encrypt */

/* Directory blocks of metadata_csum filesystems end in this entry */
#define EXT4_DIR_TAIL_SIZE	12
#define EXT4_DIR_TAIL_TYPE	0xde

/* The incompatible features: what each is, and whether we can read it */
static const struct {
	u32 bit;
	const char *name;
	bool read;
} ext4_incompat[] = {
	{ 0x1, "compression", false },
	{ 0x2, "filetype", true },
	{ 0x4, "needs_recovery", true },
	{ 0x8, "journal_dev", false },
	{ 0x10, "meta_bg", true },
	{ 0x40, "extent", true },
	{ 0x80, "64bit", true },
	{ 0x100, "mmp", true },
	{ 0x200, "flex_bg", true },
	{ 0x400, "ea_inode", true },
	{ 0x1000, "dirdata", false },
	{ 0x2000, "metadata_csum_seed", true },
	{ 0x4000, "large_dir", true },
	{ 0x8000, "inline_data", false },
	{ 0x10000, "encrypt", false },
	{ 0x20000, "casefold", false },
};

/** struct ext4_sb - the superblock fields read, at their offsets */
struct ext4_sb {
	__le32 inodes_count;		/* 0x00 */
	__le32 blocks_count_lo;		/* 0x04 */
	u8 pad0[0x14 - 0x08];
	__le32 first_data_block;	/* 0x14 */
	__le32 log_block_size;		/* 0x18 */
	__le32 log_cluster_size;	/* 0x1c */
	__le32 blocks_per_group;	/* 0x20 */
	__le32 clusters_per_group;	/* 0x24 */
	__le32 inodes_per_group;	/* 0x28 */
	u8 pad1[0x38 - 0x2c];
	__le16 magic;			/* 0x38 */
	u8 pad2[0x4c - 0x3a];
	__le32 rev_level;		/* 0x4c */
	u8 pad3[0x58 - 0x50];
	__le16 inode_size;		/* 0x58 */
	__le16 block_group_nr;		/* 0x5a */
	__le32 feature_compat;		/* 0x5c */
	__le32 feature_incompat;	/* 0x60 */
	__le32 feature_ro_compat;	/* 0x64 */
	u8 uuid[16];			/* 0x68 */
	u8 pad4[0xfe - 0x78];
	__le16 desc_size;		/* 0xfe */
	u8 pad5[0x104 - 0x100];
	__le32 first_meta_bg;		/* 0x104 */
	u8 pad6[0x150 - 0x108];
	__le32 blocks_count_hi;		/* 0x150 */
	u8 pad7[0x175 - 0x154];
	u8 checksum_type;		/* 0x175 */
	u8 pad8[0x24c - 0x176];
	__le32 backup_bgs[2];		/* 0x24c */
	u8 pad9[0x270 - 0x254];
	__le32 checksum_seed;		/* 0x270 */
	u8 pad10[0x3fc - 0x274];
	__le32 checksum;		/* 0x3fc */
};
BUILD_BUG_ON(offsetof(struct ext4_sb, magic) != 0x38);
BUILD_BUG_ON(offsetof(struct ext4_sb, feature_compat) != 0x5c);
BUILD_BUG_ON(offsetof(struct ext4_sb, desc_size) != 0xfe);
BUILD_BUG_ON(offsetof(struct ext4_sb, blocks_count_hi) != 0x150);
BUILD_BUG_ON(offsetof(struct ext4_sb, checksum_type) != 0x175);
BUILD_BUG_ON(offsetof(struct ext4_sb, checksum_seed) != 0x270);
BUILD_BUG_ON(sizeof(struct ext4_sb) != 1024);

/** struct ext4_gd - a group descriptor (32 bytes, or 64 with 64bit) */
struct ext4_gd {
	__le32 block_bitmap_lo;		/* 0x00 */
	__le32 inode_bitmap_lo;		/* 0x04 */
	__le32 inode_table_lo;		/* 0x08 */
	__le16 free_blocks_lo;		/* 0x0c */
	__le16 free_inodes_lo;		/* 0x0e */
	__le16 used_dirs_lo;		/* 0x10 */
	__le16 flags;			/* 0x12 */
	u8 pad0[0x1c - 0x14];
	__le16 itable_unused_lo;	/* 0x1c */
	__le16 checksum;		/* 0x1e */
	u8 pad1[0x28 - 0x20];
	__le32 inode_table_hi;		/* 0x28 */
	u8 pad2[0x32 - 0x2c];
	__le16 itable_unused_hi;	/* 0x32 */
	u8 pad3[0x40 - 0x34];
};
BUILD_BUG_ON(offsetof(struct ext4_gd, checksum) != 0x1e);
BUILD_BUG_ON(offsetof(struct ext4_gd, inode_table_hi) != 0x28);
BUILD_BUG_ON(offsetof(struct ext4_gd, itable_unused_hi) != 0x32);
BUILD_BUG_ON(sizeof(struct ext4_gd) != 64);

/** struct ext4_dinode - an inode's first 0x84 bytes, as on disk */
struct ext4_dinode {
	__le16 mode;			/* 0x00 */
	u8 pad0[0x04 - 0x02];
	__le32 size_lo;			/* 0x04 */
	u8 pad1[0x1a - 0x08];
	__le16 links_count;		/* 0x1a */
	__le32 blocks_lo;		/* 0x1c */
	__le32 flags;			/* 0x20 */
	u8 pad2[0x28 - 0x24];
	__le32 block[EXT4_N_BLOCKS];	/* 0x28 */
	__le32 generation;		/* 0x64 */
	__le32 file_acl_lo;		/* 0x68 */
	__le32 size_hi;			/* 0x6c */
	u8 pad3[0x76 - 0x70];
	__le16 file_acl_hi;		/* 0x76 */
	u8 pad4[0x7c - 0x78];
	__le16 csum_lo;			/* 0x7c */
	u8 pad5[0x80 - 0x7e];
	__le16 extra_isize;		/* 0x80 */
	__le16 csum_hi;			/* 0x82 */
};
BUILD_BUG_ON(offsetof(struct ext4_dinode, block) != 0x28);
BUILD_BUG_ON(offsetof(struct ext4_dinode, size_hi) != 0x6c);
BUILD_BUG_ON(offsetof(struct ext4_dinode, csum_lo) != 0x7c);
BUILD_BUG_ON(sizeof(struct ext4_dinode) != 0x84);

/* Extent tree nodes: a header, then index entries or leaf extents */
struct ext4_ext_header {
	__le16 magic;			/* 0x0 */
	__le16 entries;			/* 0x2 */
	__le16 max;			/* 0x4 */
	__le16 depth;			/* 0x6: 0 for a leaf */
	__le32 generation;		/* 0x8 */
};

struct ext4_ext_idx {
	__le32 block;			/* 0x0: first logical block below */
	__le32 leaf_lo;			/* 0x4: the child node */
	__le16 leaf_hi;			/* 0x8 */
	__le16 unused;			/* 0xa */
};

struct ext4_extent {
	__le32 block;			/* 0x0: first logical block */
	__le16 len;			/* 0x4: above 32768: unwritten */
	__le16 start_hi;		/* 0x6 */
	__le32 start_lo;		/* 0x8 */
};
BUILD_BUG_ON(sizeof(struct ext4_ext_idx) != 12);
BUILD_BUG_ON(sizeof(struct ext4_extent) != 12);

/** struct ext4_dirent - ext4_dir_entry_2 (name_len is 16 bits w/o FILETYPE) */
struct ext4_dirent {
	__le32 inode;			/* 0x0: 0 for an unused entry */
	__le16 rec_len;			/* 0x4 */
	u8 name_len;			/* 0x6 */
	u8 file_type;			/* 0x7 */
	char name[];			/* 0x8 */
};

/** struct ext4_inode - what we keep of an inode */
struct ext4_inode {
	u32 ino;
	u16 mode;
	u32 flags;
	u64 size;
	bool fast_link;		/* a symlink whose target is in block[] */
	u32 seed;		/* metadata_csum: checksum seed of its blocks */
	__le32 block[EXT4_N_BLOCKS];
};

/** struct ext4_vol - an open filesystem (what fs_vol is for ext4) */
struct ext4_vol {
	const struct fs_io *io;
	struct ext4_sb sb;
	u32 bs;			/* block size: 1 KiB..64 KiB */
	u32 log_bs;
	u64 blocks;		/* blocks in the filesystem */
	u32 ipg;		/* inodes per group */
	u32 isz;		/* bytes per inode */
	u32 desc_size;
	u32 itable_blocks;	/* inode table blocks of a group */
	u32 incompat;
	bool csum;		/* metadata_csum */
	bool uninit_bg;		/* group descriptors mark unused inodes */
	u32 seed;		/* metadata_csum seed */
	struct {
		u64 blk;
		u64 used;	/* 0: empty; else when last used */
		u8 *data;
	} cache[EXT4_CACHE_BLOCKS];
	u64 tick;
	u8 *dirbuf;		/* the directory block being scanned */
	char path[EXT4_PATH_MAX + 1];	/* the path being resolved */
};

static struct ext4_vol *to_ext4(struct fs_vol *vol)
{
	return (struct ext4_vol *)vol;
}

/* Say once, naming the partition, what is wrong */
static void ext4_vlog(const struct fs_io *io, int level, const char *fmt,
		      va_list ap)
{
	char msg[200];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	log(level, "%s%sext4: %s\n", io->name ? io->name : "",
	    io->name ? ": " : "", msg);
}

static void __printf(3, 4) ext4_log(const struct fs_io *io, int level,
				    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ext4_vlog(io, level, fmt, ap);
	va_end(ap);
}

/* A corrupt structure: -EBADMSG */
static int __printf(2, 3) ext4_corrupt(const struct ext4_vol *v,
				       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ext4_vlog(v->io, LOGL_ERR, fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

/* Something we do not implement (a feature) or cannot do: @err */
static int __printf(3, 4) ext4_fail(const struct ext4_vol *v, int err,
				    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ext4_vlog(v->io, LOGL_ERR, fmt, ap);
	va_end(ap);
	return err;
}

/* ext4's crc32c: no final inversion, chained through @seed */
static u32 ext4_crc(u32 seed, const void *buf, size_t len)
{
	return ~crc32c(~seed, buf, len);
}

static u32 ext4_crc_le32(u32 seed, u32 val)
{
	__le32 v = cpu_to_le32(val);

	return ext4_crc(seed, &v, sizeof(v));
}

/* Block @blk through the cache of metadata blocks */
static int ext4_bread(struct ext4_vol *v, u64 blk, const u8 **datap)
{
	int slot = 0, ret;

	if (blk >= v->blocks)
		return ext4_corrupt(v, "block %llu past the end (%llu blocks)",
				    (unsigned long long)blk,
				    (unsigned long long)v->blocks);
	for (int i = 0; i < EXT4_CACHE_BLOCKS; i++) {
		if (v->cache[i].used && v->cache[i].blk == blk) {
			v->cache[i].used = ++v->tick;
			*datap = v->cache[i].data;
			return 0;
		}
		if (v->cache[i].used < v->cache[slot].used)
			slot = i;
	}
	v->cache[slot].used = 0;
	ret = v->io->read(v->io, blk << v->log_bs, v->cache[slot].data, v->bs);
	if (ret)
		return ret;
	v->cache[slot].blk = blk;
	v->cache[slot].used = ++v->tick;
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
static int ext4_read_inode(struct ext4_vol *v, u32 ino, struct ext4_inode *in)
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

/*
 * Check the extent node @node of @size bytes, @depth deep (-1: the root,
 * any depth up to the maximum)
 */
static int ext4_ext_check(struct ext4_vol *v, const struct ext4_inode *in,
			  const void *node, u32 size, int depth)
{
	const struct ext4_ext_header *h = node;
	u32 entries = le16_to_cpu(h->entries), max = le16_to_cpu(h->max);
	u32 d = le16_to_cpu(h->depth), tail = sizeof(*h) + 12 * max;

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
	return 0;
}

/*
 * In the leaf @h (its subtree ends before block @end), find @lblk: the
 * extent holding it or the hole it is in
 */
static int ext4_map_leaf(struct ext4_vol *v, const struct ext4_inode *in,
			 const struct ext4_ext_header *h, u32 lblk, u64 end,
			 u64 *pblkp, u64 *countp)
{
	const struct ext4_extent *ex = (const void *)(h + 1);
	u64 prev_end = 0;

	*pblkp = 0;
	*countp = end - lblk;
	for (u32 i = 0; i < le16_to_cpu(h->entries); i++) {
		u64 first = le32_to_cpu(ex[i].block);
		u64 start = le32_to_cpu(ex[i].start_lo) |
			    (u64)le16_to_cpu(ex[i].start_hi) << 32;
		u32 len = le16_to_cpu(ex[i].len);
		bool unwritten = len > EXT4_EXT_INIT_MAX;

		if (unwritten)
			len -= EXT4_EXT_INIT_MAX;
		if (!len || first < prev_end)
			return ext4_corrupt(v, "inode %u: extent at block %llu empty or out of order",
					    in->ino, (unsigned long long)first);
		prev_end = first + len;
		if (lblk < first) {
			*countp = min(end, first) - lblk;
			return 0;
		}
		if (lblk >= first + len)
			continue;
		if (!start || start >= v->blocks || v->blocks - start < len)
			return ext4_corrupt(v, "inode %u: extent of %u blocks at block %llu past the end",
					    in->ino, len,
					    (unsigned long long)start);
		*pblkp = unwritten ? 0 : start + (lblk - first);
		*countp = min(end, first + len) - lblk;
		return 0;
	}
	return 0;
}

/*
 * Map logical block @lblk through the extent tree: *@pblkp its block (0:
 * a hole or unwritten, read as zeros) and *@countp how many blocks from
 * @lblk on are mapped the same way (contiguous, or holes)
 */
static int ext4_map_extents(struct ext4_vol *v, const struct ext4_inode *in,
			    u32 lblk, u64 *pblkp, u64 *countp)
{
	const struct ext4_ext_header *h = (const void *)in->block;
	u32 size = sizeof(in->block);
	u64 end = 1ULL << 32;	/* first block past this subtree */
	int depth = -1, ret;

	for (;;) {
		const struct ext4_ext_idx *ix = (const void *)(h + 1);
		int n = le16_to_cpu(h->entries), i;
		u64 child;

		ret = ext4_ext_check(v, in, h, size, depth);
		if (ret)
			return ret;
		depth = le16_to_cpu(h->depth);
		if (!depth)
			return ext4_map_leaf(v, in, h, lblk, end, pblkp, countp);
		/* The last index at or before @lblk; indexes strictly rise */
		for (i = 1; i < n; i++) {
			if (le32_to_cpu(ix[i].block) <= le32_to_cpu(ix[i - 1].block))
				return ext4_corrupt(v, "inode %u: extent index out of order",
						    in->ino);
		}
		for (i = n - 1; i >= 0 && le32_to_cpu(ix[i].block) > lblk; i--)
			;
		if (i < 0) {
			*pblkp = 0;
			*countp = le32_to_cpu(ix[0].block) - lblk;
			return 0;
		}
		if (i + 1 < n)
			end = le32_to_cpu(ix[i + 1].block);
		child = le32_to_cpu(ix[i].leaf_lo) |
			(u64)le16_to_cpu(ix[i].leaf_hi) << 32;
		ret = ext4_bread(v, child, (const u8 **)&h);
		if (ret)
			return ret;
		size = v->bs;
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

static int ext4_map(struct ext4_vol *v, const struct ext4_inode *in,
		    u64 lblk, u64 *pblkp, u64 *countp)
{
	if (lblk >= 1ULL << 32)
		return ext4_corrupt(v, "inode %u: block %llu past the largest file",
				    in->ino, (unsigned long long)lblk);
	if (in->flags & EXT4_EXTENTS_FL)
		return ext4_map_extents(v, in, lblk, pblkp, countp);
	return ext4_map_blockmap(v, in, lblk, pblkp, countp);
}

/*
 * @len bytes from byte @off of @in's data: each run of contiguous blocks
 * in one read through the fs_io, holes as zeros
 */
static int ext4_read_data(struct ext4_vol *v, const struct ext4_inode *in,
			  u64 off, void *buf, u64 len)
{
	u8 *dst = buf;

	while (len) {
		u32 skip = off & (v->bs - 1);
		u64 pblk, count, n;
		int ret;

		ret = ext4_map(v, in, off >> v->log_bs, &pblk, &count);
		if (ret)
			return ret;
		n = min(len, (count << v->log_bs) - skip);
		if (pblk) {
			ret = v->io->read(v->io, (pblk << v->log_bs) + skip,
					  dst, n);
			if (ret)
				return ret;
		} else {
			memset(dst, 0, n);
		}
		dst += n;
		off += n;
		len -= n;
	}
	return 0;
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
	u32 off = 0, rec, nlen;
	int ret;

	ret = ext4_dir_csum(v, dir, lblk);
	if (ret)
		return ret;
	while (off < v->bs) {
		const struct ext4_dirent *de = (const void *)(v->dirbuf + off);

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
			ret = v->io->read(v->io, pblk << v->log_bs, v->dirbuf,
					  v->bs);
			if (!ret)
				ret = ext4_dir_block(v, dir, lblk, fn, ctx);
			if (ret)
				return ret;
		}
		lblk += count;
	}
	return 0;
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

/*
 * Resolve @path from the root into *@in, following every symlink: a
 * link's target replaces the link's name in the path (from the root if
 * it is absolute, else from the link's directory)
 */
static int ext4_resolve(struct ext4_vol *v, const char *path,
			struct ext4_inode *in)
{
	struct ext4_inode dir;
	struct ext4_find f;
	int links = 0, ret;
	char *p = v->path;
	size_t rest;

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
		f.name = p;
		p += strcspn(p, "/");
		f.len = p - f.name;
		dir = *in;
		ret = ext4_dir_walk(v, &dir, ext4_find_fn, &f);
		if (ret <= 0)
			return ret ? ret : -ENOENT;
		ret = ext4_read_inode(v, f.ino, in);
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

static int ext4_ls(struct fs_vol *vol, const char *path,
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

static int ext4_size(struct fs_vol *vol, const char *path, u64 *sizep)
{
	struct ext4_inode in;
	int ret = ext4_file(to_ext4(vol), path, &in);

	if (!ret)
		*sizep = in.size;
	return ret;
}

static int ext4_read(struct fs_vol *vol, const char *path, u64 off,
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
	if (v->incompat & INCOMPAT_RECOVER)
		ext4_log(v->io, LOGL_WARNING,
			 "the journal needs recovery: reading without its latest changes");
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

static void ext4_close(struct fs_vol *vol)
{
	struct ext4_vol *v = to_ext4(vol);

	if (!v)
		return;
	free(v->cache[0].data);
	free(v->dirbuf);
	free(v);
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
	if (!ret && le16_to_cpu(v->sb.magic) != EXT4_MAGIC)
		ret = -ENODEV;
	v->incompat = le32_to_cpu(v->sb.feature_incompat);
	v->uninit_bg = le32_to_cpu(v->sb.feature_ro_compat) &
		       (RO_COMPAT_GDT_CSUM | RO_COMPAT_METADATA_CSUM);
	if (!ret)
		ret = ext4_check_sb_csum(v);
	if (!ret)
		ret = ext4_check_features(v);
	if (!ret)
		ret = ext4_check_geometry(v);
	if (!ret) {
		v->cache[0].data = malloc((size_t)v->bs * EXT4_CACHE_BLOCKS);
		v->dirbuf = malloc(v->bs);
		if (!v->cache[0].data || !v->dirbuf)
			ret = ext4_fail(v, -ENOMEM, "out of memory");
		for (int i = 1; !ret && i < EXT4_CACHE_BLOCKS; i++)
			v->cache[i].data = v->cache[0].data + i * v->bs;
	}
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
};
