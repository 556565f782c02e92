// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ext2/3/4, read-only: the on-disk structures and what the two halves of
 * the reader share - lib/fs/ext4.c (the volume: superblock, group
 * descriptors, inodes, the metadata cache, checksums) and
 * lib/fs/ext4_file.c (extents and block maps, directories, path lookup
 * and symlinks, the ls/size/read operations).
 */
#ifndef __EXT4_PRIV_H
#define __EXT4_PRIV_H

#include <compiler.h>
#include <fs.h>
#include <types.h>

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
#define EXT4_DIR_BUFS		8	/* directory blocks kept */
#define EXT4_PATH_MAX		4096
#define JBD2_MAGIC		0xc03b3998	/* the journal's blocks */

/* s_feature_compat */
#define COMPAT_HAS_JOURNAL	0x4
#define COMPAT_DIR_INDEX	0x20
#define COMPAT_SPARSE_SUPER2	0x200
/* s_feature_incompat */
#define INCOMPAT_FILETYPE	0x2
#define INCOMPAT_RECOVER	0x4
#define INCOMPAT_META_BG	0x10
#define INCOMPAT_64BIT		0x80
#define INCOMPAT_CSUM_SEED	0x2000
#define INCOMPAT_LARGEDIR	0x4000
/* s_feature_ro_compat */
#define RO_COMPAT_SPARSE_SUPER	0x1
#define RO_COMPAT_GDT_CSUM	0x10
#define RO_COMPAT_METADATA_CSUM	0x400

/* s_flags: how the directory hashes take bytes of 128 and above */
#define EXT4_FLAGS_SIGNED_HASH	0x1
#define EXT4_FLAGS_UNSIGNED_HASH 0x2

/* bg_flags */
#define BG_INODE_UNINIT		0x1

/* i_mode */
#define S_IFMT			0xf000
#define S_IFLNK			0xa000
#define S_IFREG			0x8000
#define S_IFDIR			0x4000
/* i_flags */
#define EXT4_INDEX_FL		0x1000	/* an htree directory */
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
	u8 pad4[0xe0 - 0x78];
	__le32 journal_inum;		/* 0xe0 */
	u8 pad4b[0xec - 0xe4];
	__le32 hash_seed[4];		/* 0xec: the directory hashes' */
	u8 pad4c[0xfe - 0xfc];
	__le16 desc_size;		/* 0xfe */
	u8 pad5[0x104 - 0x100];
	__le32 first_meta_bg;		/* 0x104 */
	u8 pad6[0x150 - 0x108];
	__le32 blocks_count_hi;		/* 0x150 */
	u8 pad7[0x160 - 0x154];
	__le32 flags;			/* 0x160 */
	u8 pad7b[0x175 - 0x164];
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
BUILD_BUG_ON(offsetof(struct ext4_sb, journal_inum) != 0xe0);
BUILD_BUG_ON(offsetof(struct ext4_sb, hash_seed) != 0xec);
BUILD_BUG_ON(offsetof(struct ext4_sb, flags) != 0x160);
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

/** struct ext4_jmap - a block whose newest copy is in the journal's log */
struct ext4_jmap {
	u64 blk;		/* the filesystem's block */
	u64 jblk;		/* where its copy is (a block of the partition) */
	bool escape;		/* the copy's first 4 bytes stand for the magic */
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
	/*
	 * dir_index: htree directories are looked up by the names' hashes
	 * (lib/fs/ext4_dx.c), with this seed, at most @dx_levels index
	 * levels deep (3 with large_dir), the bytes of names unsigned or
	 * signed; @dx_warned: a bad index was said (once a volume)
	 */
	bool dx;
	bool dx_unsigned;
	bool dx_warned;
	u8 dx_levels;
	u32 dx_seed[4];
	struct {
		u64 blk;
		u64 used;	/* 0: empty; else when last used */
		u8 *data;
		/* Checked whole as an extent node of inode ext_ino (0:
		 * not checked), ext_depth deep: not checked again */
		u32 ext_ino;
		int ext_depth;
	} cache[EXT4_CACHE_BLOCKS];
	u64 tick;
	/*
	 * While a file's blocks stream: a block not in the cache is not
	 * read but refused (-EAGAIN, @would_read set)
	 */
	bool no_io;
	bool would_read;
	/*
	 * The directory blocks read last (@blk 0: none), kept for the
	 * volume's life (one command): a load looks its path up twice
	 */
	struct {
		u8 *data;
		u64 blk, used;
	} dir[EXT4_DIR_BUFS];
	const u8 *dirbuf;	/* the one being scanned */
	/*
	 * The journal replayed in memory (lib/fs/ext4_journal.c): sorted
	 * by blk, one entry a block; @jbuf holds a block read through it
	 */
	struct ext4_jmap *jmap;
	u32 jmap_n;
	u8 *jbuf;
	char path[EXT4_PATH_MAX + 1];	/* the path being resolved */
};

static inline struct ext4_vol *to_ext4(struct fs_vol *vol)
{
	return (struct ext4_vol *)vol;
}

/* lib/fs/ext4.c */
/** ext4_log() - say something about the filesystem, naming the partition */
void __printf(3, 4) ext4_log(const struct fs_io *io, int level,
			     const char *fmt, ...);
/** ext4_corrupt() - say what is corrupt, naming the partition: -EBADMSG */
int __printf(2, 3) ext4_corrupt(const struct ext4_vol *v, const char *fmt,
				...);
/** ext4_fail() - say why the reader cannot go on: @err */
int __printf(3, 4) ext4_fail(const struct ext4_vol *v, int err,
			     const char *fmt, ...);
/** ext4_crc() - ext4's crc32c, chained through @seed */
u32 ext4_crc(u32 seed, const void *buf, size_t len);
/** ext4_bread() - block @blk through the metadata cache */
int ext4_bread(struct ext4_vol *v, u64 blk, const u8 **datap);
/** ext4_cache_get() - the same: the cache slot holding it, or -errno */
int ext4_cache_get(struct ext4_vol *v, u64 blk);
/** ext4_read_inode() - inode @ino, checked */
int ext4_read_inode(struct ext4_vol *v, u32 ino, struct ext4_inode *in);
/**
 * ext4_read_block() - block @blk of the filesystem into @buf (v->bs
 * bytes), from the journal's log when it holds a newer copy: 0 or -errno
 */
int ext4_read_block(struct ext4_vol *v, u64 blk, void *buf);

/* lib/fs/ext4_journal.c */
/**
 * ext4_journal_replay() - when the filesystem needs recovery, replay its
 * journal's committed transactions into v->jmap, as Linux would at mount
 * but in memory only. A journal that cannot be replayed is said, and the
 * filesystem read as it is.
 * Return: 0, or -errno when the disk or memory failed (said)
 */
int ext4_journal_replay(struct ext4_vol *v);
/** ext4_jmap_find() - the first block of v->jmap at or after @blk, or NULL */
const struct ext4_jmap *ext4_jmap_find(const struct ext4_vol *v, u64 blk);

/* lib/fs/ext4_file.c */
/**
 * ext4_dir_read() - directory block @lblk of @dir into v->dirbuf, not
 * checked yet: 0, -ENOENT for a hole, or -errno (said)
 */
int ext4_dir_read(struct ext4_vol *v, const struct ext4_inode *dir,
		  u64 lblk);
/**
 * ext4_dir_find() - @name (@len bytes) in the directory block in
 * v->dirbuf, block @lblk of @dir, its checksum tail (when it has one) and
 * entries checked: 1 and *@inop, 0 when not there, or -EBADMSG (said)
 */
int ext4_dir_find(struct ext4_vol *v, const struct ext4_inode *dir, u64 lblk,
		  const char *name, u32 len, u32 *inop);

/* lib/fs/ext4_dx.c */
/**
 * ext4_dx_hash() - the hash of @name (@len bytes) that htree directories
 * are sorted by: @version is the dx root's hash version, unsigned ones
 * (3..5) included; @seed the superblock's (all zero: the default)
 * Return: the hash (bit 0 clear), or 1 for a version not known
 */
u32 ext4_dx_hash(u8 version, const char *name, u32 len, const u32 seed[4]);
/**
 * ext4_dx_find() - look @name up in htree directory @dir by its hash,
 * as Linux does: 1 and *@inop, 0 when not there, or -errno (said). An
 * index that cannot be used (said once a volume) sets *@linear: the
 * caller reads the directory linearly instead, as Linux falls back to.
 */
int ext4_dx_find(struct ext4_vol *v, const struct ext4_inode *dir,
		 const char *name, u32 len, u32 *inop, bool *linear);

/**
 * ext4_map() - where block @lblk of @in is: *@pblkp (0 for a hole) and
 * how many blocks from there are contiguous, *@countp
 */
int ext4_map(struct ext4_vol *v, const struct ext4_inode *in, u64 lblk,
	     u64 *pblkp, u64 *countp);
/* the fs_type operations */
int ext4_ls(struct fs_vol *vol, const char *path,
	    int (*fn)(void *ctx, const struct fs_dirent *d), void *ctx);
int ext4_size(struct fs_vol *vol, const char *path, u64 *sizep);
int ext4_read(struct fs_vol *vol, const char *path, u64 off, void *buf,
	      u64 len, u64 *actp);

#endif
