// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * QEMU's firmware configuration device (fw_cfg): numbered items (the
 * kernel, initrd and command line given to QEMU with -kernel, -initrd and
 * -append, the number of CPUs, ...) and named files, read by their
 * selector. The uclass is UCLASS_QFW; its only driver today is the MMIO
 * interface of Arm's virt machine (drivers/qfw/qfw_mmio.c), read by DMA
 * where QEMU offers it. doc/usage/qfw.md has the command.
 */
#ifndef __QFW_H
#define __QFW_H

#include <types.h>

struct udevice;

/* Selectors of the items Ember reads (QEMU's docs/specs/fw_cfg.rst) */
#define QFW_SIGNATURE		0x0000	/* "QEMU" */
#define QFW_ID			0x0001	/* le32: QFW_ID_* */
#define QFW_NB_CPUS		0x0005	/* le16 */
#define QFW_KERNEL_SIZE		0x0008	/* le32 */
#define QFW_INITRD_SIZE		0x000b	/* le32 */
#define QFW_KERNEL_DATA		0x0011
#define QFW_INITRD_DATA		0x0012
#define QFW_CMDLINE_SIZE	0x0014	/* le32, the NUL included */
#define QFW_CMDLINE_DATA	0x0015
#define QFW_FILE_DIR		0x0019	/* be32 count, then struct qfw_file */

#define QFW_ID_TRADITIONAL	0x01	/* the data register */
#define QFW_ID_DMA		0x02	/* the DMA interface */

#define QFW_NAME_LEN		56
/* Files Ember lists at most: QEMU's machines have 32 slots, or 4096 */
#define QFW_FILES_MAX		4096

/** struct qfw_file - an entry of the file directory, decoded */
struct qfw_file {
	u32 size;
	u16 select;
	char name[QFW_NAME_LEN];	/* NUL-terminated, others than
					 * printable ASCII shown as '?' */
};

/**
 * struct qfw_ops - what a fw_cfg driver implements
 * @read: select item @select and read its first @len bytes into @buf:
 *        0, or -EIO (the device reported an error) or -ETIMEDOUT, said
 *        by the driver. An item shorter than @len reads as zeros past its
 *        end, as QEMU's device gives them.
 */
struct qfw_ops {
	int (*read)(struct udevice *dev, u16 select, void *buf, size_t len);
};

/** struct qfw_uc_priv - what the uclass keeps for a device */
struct qfw_uc_priv {
	bool dma;		/* reads go by DMA */
};

/**
 * qfw_get() - the first fw_cfg device, probed
 * Return: 0, -ENODEV (none: QEMU always has one, other machines have
 * not), or its probe's error (said by the probe)
 */
int qfw_get(struct udevice **devp);

/** qfw_read() - item @select's first @len bytes: see struct qfw_ops */
int qfw_read(struct udevice *dev, u16 select, void *buf, size_t len);

/** qfw_read_u32() - a little-endian 32-bit item (a size) */
int qfw_read_u32(struct udevice *dev, u16 select, u32 *valp);

/**
 * qfw_files() - the file directory, in QEMU's order: *@filesp (free() it)
 * and *@countp entries
 * Return: 0, -ENOMEM, -EIO (a count over QFW_FILES_MAX: said), or the
 * read's error
 */
int qfw_files(struct udevice *dev, struct qfw_file **filesp, u32 *countp);

#endif
