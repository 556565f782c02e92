// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Filesystems, read-only: FAT12/16/32 (with long names) and ext2/3/4. A
 * filesystem is opened on a partition through struct fs_io; every
 * structure it reads is hostile (sizes, offsets, links, loops) and is
 * checked before use: a corrupt filesystem gives an error, never a crash,
 * a hang or a read outside the caller's buffer.
 */
#ifndef __FS_H
#define __FS_H

#include <types.h>

/** struct fs_io - how a filesystem reads its partition */
struct fs_io {
	u64 size;		/* bytes in the partition */
	/* Read @len bytes at byte @off of the partition: 0 or -errno */
	int (*read)(const struct fs_io *io, u64 off, void *buf, size_t len);
	void *priv;
};

enum fs_dirent_type { FS_DT_REG, FS_DT_DIR, FS_DT_LNK, FS_DT_OTHER };

/** struct fs_dirent - one directory entry, for ls */
struct fs_dirent {
	char name[256];
	enum fs_dirent_type type;
	u64 size;
};

struct fs_vol;	/* an open filesystem (each type's own) */

/** struct fs_type - one filesystem implementation */
struct fs_type {
	const char *name;	/* "fat", "ext4": what fstype prints */
	/* Recognise and open: 0, -ENODEV (not this type), -EBADMSG... */
	int (*open)(const struct fs_io *io, struct fs_vol **volp);
	void (*close)(struct fs_vol *vol);
	/*
	 * Call @fn for each entry of directory @path ("/" or "/boot/x"):
	 * 0, -ENOENT, -ENOTDIR, -EBADMSG; @fn returning non-zero stops it
	 */
	int (*ls)(struct fs_vol *vol, const char *path,
		  int (*fn)(void *ctx, const struct fs_dirent *d), void *ctx);
	/* Size of the file @path (symlinks followed): 0 or -errno */
	int (*size)(struct fs_vol *vol, const char *path, u64 *sizep);
	/*
	 * Read at most @len bytes from @off of file @path into @buf;
	 * *@actp the bytes read. -EISDIR for a directory, -ELOOP when
	 * symlinks go more than FS_MAX_SYMLINKS deep.
	 */
	int (*read)(struct fs_vol *vol, const char *path, u64 off, void *buf,
		    u64 len, u64 *actp);
};

#define FS_MAX_SYMLINKS	8

extern const struct fs_type fs_type_fat, fs_type_ext4;

/**
 * fs_open_io() - open whichever filesystem is on @io (FAT, then ext4)
 * Return: 0 with *@typep and *@volp, -ENODEV when none is recognised
 */
int fs_open_io(const struct fs_io *io, const struct fs_type **typep,
	       struct fs_vol **volp);

#endif
