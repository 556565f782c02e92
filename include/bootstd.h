// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Standard boot, in the shape of U-Boot's bootstd (boot/bootstd.c): where
 * an OS can come from (bootdevs: QEMU's fw_cfg, each block device, each
 * Ethernet interface), how it is found there (bootmeths: an
 * extlinux.conf, a boot script, a pxelinux.cfg, QEMU's -kernel), and what
 * a scan found (bootflows: a bootdev, a partition, a bootmeth and the file
 * it read). The commands bootdev, bootmeth and bootflow (cmd/bootflow.c)
 * are U-Boot's.
 *
 * Bootflows keep names (the interface and number of a disk, the name of
 * an interface), never device pointers: a disk can be unbound ('host
 * unbind') between a scan and a boot, and is then looked up again and not
 * found.
 */
#ifndef __BOOTSTD_H
#define __BOOTSTD_H

#include <types.h>

struct udevice;
struct fs_mount;

#define BOOTDEV_NAME_MAX	48
#define BOOTDEV_MAX		32	/* bootdevs listed or scanned at most */
#define BOOTFLOW_MAX		256	/* bootflows a scan keeps at most */
#define BOOTMETH_MAX		8	/* room for every bootmeth */
#define BOOTFLOW_FNAME_MAX	256
/* The largest boot script a bootflow reads (an extlinux.conf: 64 KiB) */
#define BOOTFLOW_SCRIPT_MAX	(1024 * 1024)
/* The files all the bootflows of a scan hold, at most */
#define BOOTFLOW_BYTES_MAX	(4 * 1024 * 1024)

/* What a bootdev is: which bootmeths apply to it */
enum bootdev_kind {
	BOOTDEV_QFW,		/* QEMU's fw_cfg: -kernel, -initrd, -append */
	BOOTDEV_BLK,		/* a block device: partitions, filesystems */
	BOOTDEV_ETH,		/* an Ethernet interface: DHCP, TFTP, HTTP */
};

/** struct bootdev - one place an OS can come from */
struct bootdev {
	enum bootdev_kind kind;
	struct udevice *dev;	/* the fw_cfg, block or Ethernet device */
	const char *uclass;	/* its media's kind: "qfw", "virtio", "ethernet" */
	char name[BOOTDEV_NAME_MAX];	/* "virtio-blk#4.bootdev" */
};

/* How far a bootflow got: U-Boot's states and names */
enum bootflow_state {
	BOOTFLOWST_MEDIA,	/* the device, or its partition table, failed */
	BOOTFLOWST_PART,	/* a partition without a filesystem */
	BOOTFLOWST_FS,		/* a filesystem without the file */
	BOOTFLOWST_FILE,	/* the file, unreadable or too large */
	BOOTFLOWST_READY,	/* the file read: it can be booted */
};

struct bootflow;

/** struct bootmeth - one way of finding and booting an OS */
struct bootmeth {
	const char *name;	/* "extlinux" */
	const char *desc;	/* for 'bootmeth list' */
	enum bootdev_kind kind;	/* the bootdevs it looks at */
	/*
	 * Look for a bootflow on @bd (@m: the partition's filesystem, for
	 * BOOTDEV_BLK): fill in @bf's state, err, fname, buf and size.
	 * What went wrong is left in @bf (err, state), said only when it is
	 * the device's own failure (an I/O error)
	 */
	void (*find)(const struct bootdev *bd, struct fs_mount *m,
		     struct bootflow *bf);
	/* Boot @bf: returns only on failure, -errno (said) */
	int (*boot)(struct bootflow *bf);
};

/** struct bootflow - what a scan found: one row of 'bootflow list' */
struct bootflow {
	const struct bootmeth *meth;
	enum bootflow_state state;
	int err;		/* 0 when ready, else why not: -errno */
	char bootdev[BOOTDEV_NAME_MAX];
	const char *uclass;
	char if_name[16];	/* a disk's interface ("virtio"), else "" */
	int devnum;		/* its number */
	char blk_name[BOOTDEV_NAME_MAX];	/* its block device, else "" */
	char dev_name[BOOTDEV_NAME_MAX];	/* the bootdev's device */
	int part;		/* its partition; 0: the whole disk, or none */
	char name[BOOTDEV_NAME_MAX + 16];	/* "<bootdev>.part_1" */
	char fname[BOOTFLOW_FNAME_MAX];	/* the file found, or "" */
	char *buf;		/* its bytes, NUL-ended (malloc()ed), or NULL */
	size_t size;		/* its size (the kernel's, for qfw) */
	/* pxe: what DHCP set is still this interface's (scan -b) */
	bool net_fresh;
};

/**
 * bootdev_collect() - the bootdevs, in the order of $boot_targets when it
 * is set (labels: "qfw", "virtio", "virtio1", "host0", "net", "dhcp",
 * "pxe", "ethernet"; an unknown one is said and skipped), else fw_cfg,
 * then the block devices, then the Ethernet interfaces. Block interfaces
 * are scanned (their storage devices probed) first, so that their disks
 * are there.
 * @bds: BOOTDEV_MAX entries
 * Return: how many
 */
int bootdev_collect(struct bootdev *bds);

/**
 * bootdev_find() - bootdev @spec among @bds: its sequence number (in
 * hexadecimal, as listed), its name, or a label of $boot_targets' kind
 * that names one device ("virtio0")
 * Return: its index, or -ENODEV
 */
int bootdev_find(const struct bootdev *bds, int n, const char *spec);

/** bootmeth_all() - every bootmeth, in its default order: *@np of them */
const struct bootmeth *const *bootmeth_all(int *np);

/**
 * bootmeth_ordered() - the bootmeths to use, in $bootmeths' order (names
 * separated by spaces; unset or empty: all, in the default order)
 * @out: BOOTMETH_MAX entries
 * Return: how many, or -ENOENT for a name that is none (said)
 */
int bootmeth_ordered(const struct bootmeth **out);

/** bootmeth_find() - the bootmeth named @name, or NULL */
const struct bootmeth *bootmeth_find(const char *name);

/* Flags of bootflow_scan() */
#define BOOTFLOWF_ALL		BIT(0)	/* keep the ones that failed too */
#define BOOTFLOWF_BOOT		BIT(1)	/* boot each ready one as found */
#define BOOTFLOWF_LIST		BIT(2)	/* list them as they are found */
#define BOOTFLOWF_ERRORS	BIT(3)	/* with LIST: why each one failed */

/**
 * bootflow_scan() - forget the bootflows found before, then scan @bds
 * (every bootdev when @only is -1, else @bds[@only]) with each bootmeth
 * of its kind: each partition of a disk (those flagged bootable when any
 * is, else all; the whole disk when it has no partition table), the
 * interface of a network bootdev, the fw_cfg device.
 * Ctrl-C stops the scan. The files the bootflows hold are at most
 * BOOTFLOW_BYTES_MAX in all.
 * Return: 0; -EINTR (Ctrl-C); -EBUSY within a scan or a boot (from a boot
 * script: said); -EINVAL, a bad $bootmeths (said); with BOOTFLOWF_BOOT,
 * "No bootflow booted" said and -ENOENT when no bootflow was tried or the
 * last boot's error, or 0 when one returned success (the sandbox's booti:
 * the scan boots no more)
 */
int bootflow_scan(const struct bootdev *bds, int n, int only, unsigned int flags);

/**
 * bootstd_busy() - a scan or a boot is running: what would pull a disk
 * from under it (the sandbox's 'host unbind') refuses
 */
#ifdef CONFIG_BOOTSTD
bool bootstd_busy(void);
#else
static inline bool bootstd_busy(void) { return false; }
#endif

/**
 * bootflow_scan_allowed() - 0, or -EBUSY (said) within a scan or a boot,
 * from which no scan may start
 */
int bootflow_scan_allowed(void);

/** bootflow_clear() - forget the bootflows kept, freeing their files */
void bootflow_clear(void);

/** bootflow_count() - the bootflows kept by the last scan */
int bootflow_count(void);
/** bootflow_get() - bootflow @seq of the last scan, or NULL */
struct bootflow *bootflow_get(int seq);
/**
 * bootflow_find() - the bootflow @spec names: its sequence number (in
 * hexadecimal, as listed) or its name. Return: its seq, or -ENOENT
 */
int bootflow_find(const char *spec);

/** bootflow_state_name() - "media", "part", "fs", "file", "ready" */
const char *bootflow_state_name(enum bootflow_state state);

/**
 * bootflow_boot() - boot @bf with its bootmeth, after "** Booting bootflow
 * '<name>' with <bootmeth>"
 * Return: only on failure: -EINVAL (not ready), or the bootmeth's error
 * ("Boot failed (err=...)" said); 0 when the boot returned success (the
 * sandbox's booti, which stops before the jump)
 */
int bootflow_boot(struct bootflow *bf);

/*
 * bootflow_list_header() / _row() / _footer(): U-Boot's table; @seq -1
 * for a bootflow that was not kept (BOOTFLOW_MAX)
 */
void bootflow_list_header(void);
void bootflow_list_row(int seq, const struct bootflow *bf, bool errors);
void bootflow_list_footer(void);

/** bootflow_error_text() - why @bf is not ready, as U-Boot's -e says it */
const char *bootflow_error_text(const struct bootflow *bf);

#endif
