// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Filesystems: FAT12/16/32 (with long names; files written too) and
 * ext2/3/4 (read-only). A filesystem is opened on a partition through
 * struct fs_io; every
 * structure it reads is hostile (sizes, offsets, links, loops) and is
 * checked before use: a corrupt filesystem gives an error, never a crash,
 * a hang or a read outside the caller's buffer.
 */
#ifndef __FS_H
#define __FS_H

#include <types.h>

/** struct fs_iov - one piece of a read: @len bytes at @off */
struct fs_iov {
	u64 off;
	void *buf;
	size_t len;
};

/* What struct fs_src's next() says */
enum {
	FS_SRC_END,	/* no more pieces */
	FS_SRC_PIECE,	/* *iov is the next piece */
	FS_SRC_WAIT,	/* it must read first: ask again when nothing is in flight */
};

/**
 * struct fs_src - where the pieces of a streamed read come from: a
 * filesystem's walk along a file (its cluster chain, its extents), asked
 * for the next piece while the pieces before are still being read
 * @next: the next piece into *@iov, FS_SRC_*, or -errno (the source's
 *	own error, said by it)
 * @in_stream: set while reads are in flight. The source must not read
 *	through the fs_io then (the device is busy with the stream): it
 *	answers FS_SRC_WAIT instead, and is asked again once they are done,
 *	with @in_stream clear; it never answers FS_SRC_WAIT then.
 */
struct fs_src {
	int (*next)(struct fs_src *src, struct fs_iov *iov);
	bool in_stream;
};

/** struct fs_io - how a filesystem reads (and writes) its partition */
struct fs_io {
	u64 size;		/* bytes in the partition */
	/* Read @len bytes at byte @off of the partition: 0 or -errno */
	int (*read)(const struct fs_io *io, u64 off, void *buf, size_t len);
	/* Write them: 0 or -errno (said); NULL where nothing may be written */
	int (*write)(const struct fs_io *io, u64 off, const void *buf,
		     size_t len);
	/*
	 * Read every piece @src gives, with their requests overlapping:
	 * 0 or -errno. May be NULL (see fs_read_stream()).
	 */
	int (*stream)(const struct fs_io *io, struct fs_src *src);
	void *priv;
	/*
	 * What the partition is called in messages ("host 0:1"), or NULL.
	 * Addition for the FAT and ext4 drivers: a corrupt filesystem is
	 * reported as "<name>: FAT: <what is wrong>".
	 */
	const char *name;
};

/**
 * fs_read_stream() - every piece @src gives, through @io: its stream when
 * it has one, else each piece through its read as it comes, the next
 * asked for with @in_stream set as a device's stream would.
 * Return: 0, the source's error, or the read's (said)
 */
int fs_read_stream(const struct fs_io *io, struct fs_src *src);

enum fs_dirent_type { FS_DT_REG, FS_DT_DIR, FS_DT_LNK, FS_DT_OTHER };

/** struct fs_dirent - one directory entry, for ls */
struct fs_dirent {
	char name[256];
	enum fs_dirent_type type;
	u64 size;
};

struct fs_vol;	/* an open filesystem (each type's own) */

#define FS_UUID_LEN	37	/* an ext4 UUID's 36 characters and a NUL */
#define FS_DESC_LEN	32	/* fs_type.describe()'s words and a NUL */

/** struct fs_type - one filesystem implementation */
struct fs_type {
	const char *name;	/* "fat", "ext4": what fstype prints */
	/* Recognise and open: 0, -ENODEV (not this type), -EBADMSG... */
	int (*open)(const struct fs_io *io, struct fs_vol **volp);
	void (*close)(struct fs_vol *vol);
	/*
	 * Call @fn for each entry of directory @path ("/" or "/boot/x"):
	 * 0, -ENOENT, -ENOTDIR, -EBADMSG; @fn returning non-zero stops it.
	 * @fn may not use @vol: a lookup could evict the directory
	 * buffer the walk is still reading
	 */
	int (*ls)(struct fs_vol *vol, const char *path,
		  int (*fn)(void *ctx, const struct fs_dirent *d), void *ctx);
	/*
	 * Size of the file @path (symlinks followed): 0 or -errno (-EISDIR
	 * when @path is a directory: 'size' then sets 0, as U-Boot does)
	 */
	int (*size)(struct fs_vol *vol, const char *path, u64 *sizep);
	/*
	 * Read at most @len bytes from @off of file @path into @buf;
	 * *@actp the bytes read (0 when @off is at or past the end).
	 * -EISDIR for a directory, -ELOOP when symlinks go more than
	 * FS_MAX_SYMLINKS deep.
	 */
	int (*read)(struct fs_vol *vol, const char *path, u64 off, void *buf,
		    u64 len, u64 *actp);
	/*
	 * The volume's UUID as Linux's blkid writes it (for root=UUID=):
	 * ext4's 36 characters in lower case, FAT's volume serial number as
	 * XXXX-XXXX. 0, or -ENOENT when the volume has none (quietly)
	 */
	int (*uuid)(struct fs_vol *vol, char buf[FS_UUID_LEN]);
	/*
	 * Optional: the volume in a few words, for fatinfo's "Filesystem:"
	 * line: FAT's type and label, 'FAT32 "MYDISK     "'
	 */
	void (*describe)(struct fs_vol *vol, char buf[FS_DESC_LEN]);
	/*
	 * Optional: write @len bytes of @buf as file @path from byte @pos
	 * (at most its size: 0 for a new file), which then ends there; the
	 * file is created in its directory when it is not there. 0, or
	 * -ENOENT/-ENOTDIR (the directory), -EISDIR, -EINVAL (@pos past
	 * the end, a name the filesystem cannot hold: said), -ENOSPC,
	 * -EOVERFLOW, -EROFS, -ENAMETOOLONG, -ENOMEM, -EBADMSG (said) or
	 * the write's error
	 */
	int (*write)(struct fs_vol *vol, const char *path, u64 pos,
		     const void *buf, u64 len);
	/*
	 * Optional: remove file @path, or directory @path when it is empty
	 * (-ENOTEMPTY, said); create directory @path (-EEXIST when the
	 * name is taken, said). Otherwise the errors of @write
	 */
	int (*unlink)(struct fs_vol *vol, const char *path);
	int (*mkdir)(struct fs_vol *vol, const char *path);
};

/*
 * Errors, for every op: -ENOENT (no such name), -ENOTDIR (a path goes
 * through a file) and -EISDIR are returned silently, for the caller to
 * report; -EBADMSG (corrupt) and -ENOMEM are printed by the filesystem,
 * once, naming the partition (fs_io.name) and what is wrong; a read error
 * is the fs_io's, which reports it. Each op may be called with @path ""
 * or "/" for the root; '/' separates components, empty ones and "." are
 * skipped, ".." goes up (and stays at the root).
 *
 * Addition for ext4: open() returns -ENOSYS, printed like -EBADMSG, for a
 * filesystem that uses a feature the driver does not read (it names the
 * feature: inline_data, encrypt, casefold...); -ENAMETOOLONG (a path past
 * 4096 bytes once symlinks are expanded) is printed by the filesystem too.
 */

#define FS_MAX_SYMLINKS	8

extern const struct fs_type fs_type_fat, fs_type_ext4;

/** fs_type_names() - the types built in, ", " between: "fat, ext4" */
const char *fs_type_names(void);

/**
 * fs_open_io() - open whichever filesystem is on @io (FAT, then ext4)
 * Return: 0 with *@typep and *@volp, -ENODEV when none is recognised
 */
int fs_open_io(const struct fs_io *io, const struct fs_type **typep,
	       struct fs_vol **volp);

/*
 * Additions: a filesystem on a block device's partition, named as U-Boot
 * names it ("host", "0:1"), with helpers that print what went wrong (what
 * ls, load, size, fstype and sysboot use).
 */
struct udevice;

/** struct fs_mount - an open filesystem on a partition (lib/fs/fs.c) */
struct fs_mount {
	const struct fs_type *type;
	struct fs_vol *vol;
	struct fs_io io;	/* the partition, reads bounded to it */
	struct udevice *blk;
	u64 start;		/* the partition's first byte on @blk */
	int part;		/* 0: the whole disk */
	char name[32];		/* "host 0:1", for messages */
};

/**
 * fs_mount() - open the filesystem on "<@if_name> <@dev_part>"
 * @dev_part: "0", "0:1"... as blk_get_device_part_str() reads it
 * @want: the type to open (fatls, ext4load), or NULL for any
 * Return: 0 with *@mp (free it with fs_umount()); -ENODEV when no (or not
 * that) filesystem is recognised, quietly; otherwise -errno, printed
 */
int fs_mount(const char *if_name, const char *dev_part,
	     const struct fs_type *want, struct fs_mount **mp);
/** fs_umount() - close what fs_mount() opened (NULL is allowed) */
void fs_umount(struct fs_mount *m);

/** fs_type_find() - the filesystem type named @name ("fat"), or NULL */
const struct fs_type *fs_type_find(const char *name);

/**
 * fs_ls() - call @fn for each entry of directory @path; @fn may not use
 * @m (a lookup could evict the directory buffer the walk still reads)
 * Return: 0, @fn's non-zero value, or -errno (printed)
 */
int fs_ls(struct fs_mount *m, const char *path,
	  int (*fn)(void *ctx, const struct fs_dirent *d), void *ctx);
/** fs_size() - size of file @path: 0, -EISDIR (quiet), or -errno (printed) */
int fs_size(struct fs_mount *m, const char *path, u64 *sizep);

/**
 * fs_load() - read file @path into memory at @addr: from byte @pos, at
 * most @max bytes (0: to the end). The whole range is checked with
 * mem_check_load() before a byte is written, as tftpboot does: nothing
 * lands on Ember, its DT or a reserved region.
 * Return: 0 with *@lenp the bytes read; -EINVAL (@pos past the end),
 * mem_check_load()'s error, or the filesystem's: each printed
 */
int fs_load(struct fs_mount *m, const char *path, ulong addr, u64 pos,
	    u64 max, u64 *lenp);
/**
 * fs_save() - write @len bytes from memory at @addr as file @path, from
 * byte @pos (U-Boot's save and fatwrite); the memory is checked as md
 * checks it before anything is written
 * Return: 0, or -errno (printed)
 */
int fs_save(struct fs_mount *m, const char *path, ulong addr, u64 pos,
	    u64 len);
/**
 * fs_unlink() - remove file (or empty directory) @path; fs_mkdir() -
 * create directory @path (fatrm, fatmkdir); the disk flushed after
 * Return: 0, or -errno (printed): -ENOSYS (the filesystem cannot), those
 * of the type's unlink/mkdir op, the flush's
 */
int fs_unlink(struct fs_mount *m, const char *path);
int fs_mkdir(struct fs_mount *m, const char *path);
/**
 * fs_read() - at most @len bytes of file @path from byte @pos into @buf
 * (Ember's own memory): 0 with *@actp the bytes read (0 past the end), or
 * -errno (printed)
 */
int fs_read(struct fs_mount *m, const char *path, u64 pos, void *buf,
	    u64 len, u64 *actp);

#endif
