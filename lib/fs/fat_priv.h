// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * FAT, private to lib/fs/fat*.c: an open volume, cluster chains and
 * decoded directory entries. References are to Microsoft's "FAT32 File
 * System Specification" (version 1.03): its sections 3 (the BPB), 4 (the
 * FAT), 6 (directories) and 7 (long names).
 */
#ifndef __FAT_PRIV_H
#define __FAT_PRIV_H

#include <compiler.h>
#include <types.h>

struct fs_io;
struct fs_vol;

#define FAT_DIRENT_SIZE		32
#define FAT_NAME_MAX		255	/* bytes of a name, UTF-8 */
/* §6: a directory holds at most 65536 entries (2 MiB) */
#define FAT_DIR_MAX_BYTES	(65536 * FAT_DIRENT_SIZE)
#define FAT_DIR_CHUNK		32768	/* a directory's read at most */
#define FAT_DIR_BUFS		4	/* directory reads kept */
#define FAT_LFN_MAX_ENTRIES	20	/* §7: 255 UTF-16 units, 13 a entry */

/* §6 DIR_Attr */
#define FAT_ATTR_READ_ONLY	0x01
#define FAT_ATTR_HIDDEN		0x02
#define FAT_ATTR_SYSTEM		0x04
#define FAT_ATTR_VOLUME_ID	0x08
#define FAT_ATTR_DIRECTORY	0x10
#define FAT_ATTR_ARCHIVE	0x20
#define FAT_ATTR_LONG_NAME	0x0f	/* under mask 0x3f */

/** struct fat_vol - an open FAT volume (what fs_vol is for FAT) */
struct fat_vol {
	const struct fs_io *io;
	const char *name;	/* the partition, for messages */
	u8 bits;		/* 12, 16 or 32: the FAT type */
	u32 bps;		/* bytes per sector */
	u32 clsize;		/* bytes per cluster */
	u32 nclusters;		/* data clusters: numbers 2..nclusters + 1 */
	u64 fat_off;		/* byte offset of the FAT in use */
	u64 fat_size;		/* its bytes */
	u64 root_off;		/* FAT12/16: the fixed root directory */
	u32 root_size;		/* its bytes */
	u32 root_cluster;	/* FAT32: the root directory's first cluster */
	u32 nfats;		/* BPB_NumFATs */
	u64 fat0_off;		/* byte offset of the first FAT */
	bool mirrored;		/* every FAT is written, not just the active */
	u64 fsinfo_off;		/* FAT32: the FSInfo sector, 0: none */
	u32 serial;		/* the volume serial number (BS_VolID) */
	bool has_serial;	/* with an extended boot signature */
	char label[12];		/* BS_VolLab, printable; "" without one */
	u64 data_off;		/* byte offset of cluster 2 */
	u8 *cache;		/* a window of the FAT */
	u64 cache_off;		/* its offset within the FAT */
	u32 cache_len;		/* 0: empty */
	u32 cache_cap;		/* the bytes @cache holds */
	/* Directory reads, the last few kept: a path is looked up twice
	 * by a load (its size, then its read) */
	struct fat_dir_buf {
		u8 *data;	/* dir_cap bytes */
		u64 off;	/* what it holds */
		u32 len;	/* 0: nothing */
		u32 used;	/* when last used: the oldest goes first */
	} dir[FAT_DIR_BUFS];
	u32 dir_cap;		/* a cluster, at most FAT_DIR_CHUNK */
	u32 dir_tick;
};

/*
 * struct fat_chain - a walk along a cluster chain. Each walk is bounded
 * by the number of clusters and watches for a cycle (Brent's method: the
 * cluster at each power-of-two step is remembered, and meeting it again
 * is a loop), so a chain that loops is found within a few times its
 * length, with no memory per cluster.
 */
struct fat_chain {
	u32 cur;		/* the cluster we are at */
	u32 steps;		/* links followed */
	u32 mark;		/* the remembered cluster */
	u32 power;
	u32 lam;
};

/**
 * struct fat_node - a directory entry, decoded; the root is cluster 0
 * with FAT_ATTR_DIRECTORY
 */
struct fat_node {
	char name[FAT_NAME_MAX + 1];	/* long name, else the 8.3 name */
	char sname[13];			/* the 8.3 name ("NAME.EXT") */
	u8 attr;
	u32 cluster;			/* first cluster, 0: none/the root */
	u32 size;
	/* Where its entries are (writing): the long name's, then the 8.3 */
	u64 slot[FAT_LFN_MAX_ENTRIES + 1];
	u8 nslots;			/* 0 for the root */
};

static inline u16 fat_le16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static inline u32 fat_le32(const u8 *p)
{
	return fat_le16(p) | (u32)fat_le16(p + 2) << 16;
}

static inline bool fat_is_dir(const struct fat_node *n)
{
	return n->attr & FAT_ATTR_DIRECTORY;
}

/** fat_bad() - print "<vol>: FAT: <message>" and return -EBADMSG */
int fat_bad(const struct fat_vol *v, const char *fmt, ...) __printf(2, 3);

/** fat_read() - @len bytes at byte @off of the partition: 0 or -errno */
int fat_read(const struct fat_vol *v, u64 off, void *buf, size_t len);

/** fat_cluster_off() - the byte offset of (valid) cluster @cl */
u64 fat_cluster_off(const struct fat_vol *v, u32 cl);
/** fat_cluster_ok() - whether @cl is a data cluster of the volume */
bool fat_cluster_ok(const struct fat_vol *v, u32 cl);

/** fat_chain_start() - begin a walk at cluster @first (checked by caller) */
void fat_chain_start(struct fat_chain *ch, u32 first);
/**
 * fat_chain_next() - follow the link from ch->cur
 * @what: the file or directory, for messages
 * Return: 0 (ch->cur is the next cluster), 1 (the chain ended there),
 * -EBADMSG (a link to a free, reserved, bad or out-of-range cluster, or a
 * loop: printed) or the read's error
 */
int fat_chain_next(struct fat_vol *v, struct fat_chain *ch, const char *what);

/**
 * fat_dir_walk() - call @fn for each entry of directory @dir (long names
 * joined to their entry; deleted entries, volume labels and broken long
 * names left out), until the end or @fn returns non-zero
 * Return: 0, @fn's value, or -errno (-EBADMSG printed)
 */
int fat_dir_walk(struct fat_vol *v, const struct fat_node *dir,
		 int (*fn)(void *ctx, const struct fat_node *n), void *ctx);

/**
 * fat_dir_walk_raw() - call @fn with the byte offset and bytes of every
 * 32-byte slot of directory @dir, in order, used or free, including those
 * after its end marker, until @fn returns non-zero; *@lastp (chains only)
 * is its last cluster, 0 for FAT12/16's root
 * Return: 0, @fn's value, or -errno (-EBADMSG printed)
 */
int fat_dir_walk_raw(struct fat_vol *v, const struct fat_node *dir,
		     int (*fn)(void *ctx, u64 off, const u8 *e), void *ctx,
		     u32 *lastp);

/** fat_name_csum() - §7.2: the checksum of an 11-byte 8.3 name */
u8 fat_name_csum(const u8 *name);

/*
 * Writing (fat_write.c): fat_write_file(), fat_unlink() and fat_mkdir()
 * are fs_type_fat's write, unlink and mkdir ops.
 * fat_lookup_in() finds @name in directory @dir, as fat_lookup() finds a
 * path's last component.
 */
int fat_write_file(struct fs_vol *vol, const char *path, u64 pos,
		   const void *buf, u64 len);
int fat_unlink(struct fs_vol *vol, const char *path);
int fat_mkdir(struct fs_vol *vol, const char *path);
int fat_lookup_in(struct fat_vol *v, const struct fat_node *dir,
		  const char *name, struct fat_node *np);
struct fat_vol *fat_from_vol(struct fs_vol *vol);

/**
 * fat_lookup() - the entry @path names (the root for "" and "/")
 * Return: 0, -ENOENT, -ENOTDIR, -EBADMSG (printed) or a read's error
 */
int fat_lookup(struct fat_vol *v, const char *path, struct fat_node *np);

#endif
