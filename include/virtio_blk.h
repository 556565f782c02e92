// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The virtio block device (VIRTIO 1.2 §5.2): its feature bits,
 * configuration layout, request header, types and status codes, shared by
 * the driver (drivers/block/virtio_blk.c) and the sandbox's device model
 * (drivers/virtio/emul/virtio_emul_blk.c); and the driver's test hook.
 *
 * A request is three parts (§5.2.6): the header below (device-readable),
 * the data (device-writable for a read or an ID, device-readable for a
 * write, none for a flush), and one status byte the device writes. Sector
 * numbers are always in 512-byte units, whatever the block size.
 */
#ifndef __VIRTIO_BLK_H
#define __VIRTIO_BLK_H

#include <types.h>

struct udevice;

/* Feature bits (§5.2.3; BARRIER and SCSI only on a legacy interface) */
#define VIRTIO_BLK_F_BARRIER		0
#define VIRTIO_BLK_F_SIZE_MAX		1
#define VIRTIO_BLK_F_SEG_MAX		2
#define VIRTIO_BLK_F_GEOMETRY		4
#define VIRTIO_BLK_F_RO			5
#define VIRTIO_BLK_F_BLK_SIZE		6
#define VIRTIO_BLK_F_SCSI		7
#define VIRTIO_BLK_F_FLUSH		9
#define VIRTIO_BLK_F_TOPOLOGY		10
#define VIRTIO_BLK_F_CONFIG_WCE		11
#define VIRTIO_BLK_F_MQ			12
#define VIRTIO_BLK_F_DISCARD		13
#define VIRTIO_BLK_F_WRITE_ZEROES	14
#define VIRTIO_BLK_F_LIFETIME		15
#define VIRTIO_BLK_F_SECURE_ERASE	16

/*
 * The start of the device configuration (§5.2.4), little-endian (a legacy
 * interface: the guest's order, also little-endian on Ember's boards).
 * Every field but @capacity exists only when its feature is offered.
 */
struct virtio_blk_config {
	__le64 capacity;		/* in 512-byte sectors */
	__le32 size_max;		/* SIZE_MAX: bytes in one data piece */
	__le32 seg_max;			/* SEG_MAX: data pieces in a request */
	__le16 cylinders;		/* GEOMETRY */
	u8 heads;
	u8 sectors;
	__le32 blk_size;		/* BLK_SIZE: the block size */
	u8 physical_block_exp;		/* TOPOLOGY */
	u8 alignment_offset;
	__le16 min_io_size;
	__le32 opt_io_size;
	u8 writeback;			/* CONFIG_WCE */
	u8 unused0;
	__le16 num_queues;		/* MQ */
};

/* Request types (§5.2.6) */
#define VIRTIO_BLK_T_IN			0	/* read */
#define VIRTIO_BLK_T_OUT		1	/* write */
#define VIRTIO_BLK_T_FLUSH		4
#define VIRTIO_BLK_T_GET_ID		8

/* What the device writes in the status byte */
#define VIRTIO_BLK_S_OK			0
#define VIRTIO_BLK_S_IOERR		1
#define VIRTIO_BLK_S_UNSUPP		2

#define VIRTIO_BLK_SECTOR		512
/* A GET_ID request's data: the ID string, NUL-padded (not ended at 20) */
#define VIRTIO_BLK_ID_BYTES		20

/** struct virtio_blk_req_hdr - the device-readable start of a request */
struct virtio_blk_req_hdr {
	__le32 type;
	__le32 reserved;	/* legacy: ioprio */
	__le64 sector;		/* 0 for anything but a read or a write */
};

/**
 * virtio_blk_set_timeout() - test hook: how long the driver of virtio-blk
 * device @vdev waits for a request (CONFIG_VIRTIO_BLK_TIMEOUT_MS until
 * set), so that a test of a device that never answers takes milliseconds
 * Return: 0, or -EINVAL when @vdev is not a virtio-blk device
 */
int virtio_blk_set_timeout(struct udevice *vdev, unsigned int timeout_ms);

#endif
