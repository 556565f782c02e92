// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Block devices (UCLASS_BLK). A storage driver (virtio-blk) creates one
 * block device as its child at probe with blk_create(); users find it by
 * U-Boot's interface name and number ("virtio 0") and read or write whole
 * blocks through it. The uclass checks every range against the device's
 * size and refuses writes to a read-only device before the driver sees
 * them.
 */
#ifndef __BLK_H
#define __BLK_H

#include <linker_lists.h>
#include <types.h>

struct udevice;

#define BLK_NAME_MAX	32
#define BLK_TITLE_MAX	96

/** struct blk_desc - what a block device is (its uclass platform data) */
struct blk_desc {
	const char *if_name;	/* interface: "virtio" */
	int devnum;		/* number within the interface: 0, 1, ... */
	u32 blksz;		/* bytes per block: 512, 4096 */
	u64 lba;		/* number of blocks */
	bool read_only;
	char vendor[BLK_NAME_MAX];	/* e.g. "virtio-blk" */
	char product[BLK_NAME_MAX];	/* serial / id string, may be "" */
	/* What listings print after "Device <n>: " ("": @vendor) */
	char title[BLK_TITLE_MAX];
	/* What listings say after "Type: " (NULL: "Hard Disk") */
	const char *kind;
};

/** struct blk_vec - one piece of a vectored read: @count blocks at @start */
struct blk_vec {
	u64 start;
	u64 count;
	void *buf;
};

/* Pieces in one blk_read_vec() at most */
#define BLK_VEC_MAX	64

/**
 * struct blk_src - where the pieces of a streamed read come from: a
 * filesystem's walk along a file, asked for the next piece whenever the
 * driver has room for another request, so that the walk goes on while the
 * device moves the pieces before
 * @next: the next piece into *@vec: 1; 0 at the end; or -errno, the
 *	source's own error (it said what went wrong)
 */
struct blk_src {
	int (*next)(struct blk_src *src, struct blk_vec *vec);
};

/** struct blk_ops - what a block driver provides */
struct blk_ops {
	/* Read @count blocks from @start into @buf: blocks read or -errno */
	long (*read)(struct udevice *dev, u64 start, u64 count, void *buf);
	/*
	 * Read every piece @src gives, several in flight, until it says
	 * 0 or an error (may be NULL: the uclass reads them one by one):
	 * 0, the source's error, or the driver's. Every request posted is
	 * taken back before this returns. The uclass checks each piece's
	 * range and leaves out empty ones.
	 */
	int (*read_stream)(struct udevice *dev, struct blk_src *src);
	/* Write @count blocks at @start: blocks written or -errno */
	long (*write)(struct udevice *dev, u64 start, u64 count,
		      const void *buf);
	/* Make the writes done so far durable (may be NULL) */
	int (*flush)(struct udevice *dev);
};

/**
 * blk_create() - make the block device of a storage device, as its child
 * @parent: the storage device (virtio-blk); @drv_name: the block driver
 * @if_name: "virtio"; the number is the next free one for @if_name
 * Return: 0 with *@devp bound (not probed), or -errno
 */
int blk_create(struct udevice *parent, const char *drv_name,
	       const char *if_name, u32 blksz, u64 lba, bool read_only,
	       struct udevice **devp);

/** blk_get_desc() - the description of block device @dev */
struct blk_desc *blk_get_desc(struct udevice *dev);

/**
 * blk_get_by_name() - the block device @devnum of @if_name, probed
 * (its parent first). When there is none yet, the interface's devices are
 * looked for first (blk_scan_if()): a virtio disk exists from its driver's
 * probe, and 'virtio 0' works without a 'virtio scan'.
 * Return: 0, -ENODEV (no such device), or the probe's error
 */
int blk_get_by_name(const char *if_name, int devnum, struct udevice **devp);

/**
 * blk_find_max_devnum() - the highest number a block device of @if_name
 * has, without probing or scanning. Return: it, or -ENODEV when none
 */
int blk_find_max_devnum(const char *if_name);

/**
 * blk_read() / blk_write() - @count blocks at @start
 * Return: @count, or -ERANGE (past the end), -EROFS (write to a read-only
 * device), -EINVAL, or the driver's error
 */
long blk_read(struct udevice *dev, u64 start, u64 count, void *buf);
long blk_write(struct udevice *dev, u64 start, u64 count, const void *buf);
/**
 * blk_read_vec() - the @n pieces of @vec (at most BLK_VEC_MAX) as one
 * stream (blk_read_stream()), every piece checked before any is read: for
 * a list known in advance (a filesystem walking a file uses a source)
 * Return: 0, or -ERANGE, -EINVAL (like blk_read()), or the driver's error
 */
int blk_read_vec(struct udevice *dev, const struct blk_vec *vec,
		 unsigned int n);
/**
 * blk_read_stream() - every piece @src gives, in one go where the driver
 * can (struct blk_src)
 * Return: 0, -ERANGE or -EINVAL for a piece (like blk_read(): nothing said),
 * the source's error, or the driver's
 */
int blk_read_stream(struct udevice *dev, struct blk_src *src);
/** blk_flush() - 0, or the driver's error (0 when it has no flush) */
int blk_flush(struct udevice *dev);

/**
 * blk_read_bytes() - @len bytes from byte offset @off (any alignment),
 * through a bounce buffer when needed: what partition and filesystem code
 * uses. Return: 0 or -errno
 */
int blk_read_bytes(struct udevice *dev, u64 off, void *buf, size_t len);
/**
 * blk_write_bytes() - the same for a write: a block written in part is
 * read, merged and written back. Return: 0 or -errno (-EROFS for a
 * read-only disk)
 */
int blk_write_bytes(struct udevice *dev, u64 off, const void *buf,
		    size_t len);

/**
 * struct blk_if - an interface whose block devices appear only when its
 * storage devices probe, declared with BLK_IF() by the storage driver
 * (drivers/block/virtio_blk.c: a virtio disk learns its size at probe)
 * @name: the interface ("virtio")
 * @scan: probe every storage device of the interface, in a stable order
 *	(each gets the next number as it probes). Return: the number of
 *	devices the interface has, or -errno
 */
struct blk_if {
	const char *name;
	int (*scan)(void);
};

#define BLK_IF(__name)	ll_entry_declare(struct blk_if, __name, blk_if)

/** blk_if_declared() - whether a driver declares interface @if_name */
bool blk_if_declared(const char *if_name);

/**
 * blk_scan_if() - run the scan of interface @if_name (struct blk_if):
 * what listings call before showing the devices of an interface
 * Return: what the scan returned, or 0 when @if_name declares none
 */
int blk_scan_if(const char *if_name);

/**
 * blk_show_desc() - what U-Boot prints after "Device <n>: " (its
 * dev_print()): the kind of disk, then indented lines with its type,
 * capacity and serial
 */
void blk_show_desc(struct udevice *blk);

#endif
