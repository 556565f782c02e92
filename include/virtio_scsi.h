// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The virtio SCSI host device (VIRTIO 1.2 §5.6): its feature bits,
 * configuration layout, request and response headers and response codes,
 * shared by the driver (drivers/block/virtio_scsi.c) and the sandbox's
 * device model (drivers/virtio/emul/virtio_emul_scsi.c); and the driver's
 * test hook. The SCSI commands themselves are in include/scsi.h.
 *
 * Queues: 0 control, 1 event, 2 and on requests. A command request is,
 * in order: struct virtio_scsi_cmd_req with its CDB of cdb_size bytes
 * (device-readable), the data out (a write's), struct virtio_scsi_cmd_resp
 * with sense_size bytes of sense (device-writable), the data in (a read's).
 * cdb_size and sense_size come from the configuration: 32 and 96 after a
 * reset (§5.6.4). Without INOUT a request has data one way at most.
 */
#ifndef __VIRTIO_SCSI_H
#define __VIRTIO_SCSI_H

#include <types.h>

struct udevice;

/* Feature bits (§5.6.3) */
#define VIRTIO_SCSI_F_INOUT		0
#define VIRTIO_SCSI_F_HOTPLUG		1
#define VIRTIO_SCSI_F_CHANGE		2
#define VIRTIO_SCSI_F_T10_PI		3

/* Queues (§5.6.2) */
#define VIRTIO_SCSI_VQ_CONTROL		0
#define VIRTIO_SCSI_VQ_EVENT		1
#define VIRTIO_SCSI_VQ_REQUEST		2

/* The device configuration (§5.6.4), little-endian (legacy: the guest's) */
struct virtio_scsi_config {
	__le32 num_queues;		/* request queues */
	__le32 seg_max;			/* data pieces in one command */
	__le32 max_sectors;		/* a hint: 512-byte sectors a command */
	__le32 cmd_per_lun;
	__le32 event_info_size;
	__le32 sense_size;		/* 96 after a reset; driver-writable */
	__le32 cdb_size;		/* 32 after a reset; driver-writable */
	__le16 max_channel;
	__le16 max_target;		/* at most 255 */
	__le32 max_lun;			/* at most 16383 */
} __packed;

#define VIRTIO_SCSI_CDB_DEFAULT		32
#define VIRTIO_SCSI_SENSE_DEFAULT	96

/*
 * The device-readable start of a command (without T10_PI), @cdb cut to
 * the configuration's cdb_size on the wire: VIRTIO_SCSI_REQ_BYTES(cdb)
 */
struct virtio_scsi_cmd_req {
	u8 lun[8];
	__le64 id;		/* the tag */
	u8 task_attr;		/* VIRTIO_SCSI_S_SIMPLE */
	u8 prio;
	u8 crn;
	u8 cdb[VIRTIO_SCSI_CDB_DEFAULT];
} __packed;

#define VIRTIO_SCSI_REQ_BYTES(cdb_size)		(19 + (cdb_size))

/*
 * The device-writable start of a command's answer, @sense cut to
 * sense_size: VIRTIO_SCSI_RESP_BYTES(sense_size)
 */
struct virtio_scsi_cmd_resp {
	__le32 sense_len;	/* sense bytes written */
	__le32 residual;	/* data bytes not moved */
	__le16 status_qualifier;
	u8 status;		/* the SCSI status (SAM): SCSI_STATUS_* */
	u8 response;		/* VIRTIO_SCSI_S_* */
	u8 sense[VIRTIO_SCSI_SENSE_DEFAULT];
} __packed;

#define VIRTIO_SCSI_RESP_BYTES(sense_size)	(12 + (sense_size))

/* Response codes (§5.6.6.1) */
#define VIRTIO_SCSI_S_OK		0
#define VIRTIO_SCSI_S_OVERRUN		1
#define VIRTIO_SCSI_S_ABORTED		2
#define VIRTIO_SCSI_S_BAD_TARGET	3
#define VIRTIO_SCSI_S_RESET		4
#define VIRTIO_SCSI_S_BUSY		5
#define VIRTIO_SCSI_S_TRANSPORT_FAILURE	6
#define VIRTIO_SCSI_S_TARGET_FAILURE	7
#define VIRTIO_SCSI_S_NEXUS_FAILURE	8
#define VIRTIO_SCSI_S_FAILURE		9
#define VIRTIO_SCSI_S_FUNCTION_SUCCEEDED 10
#define VIRTIO_SCSI_S_FUNCTION_REJECTED	11
#define VIRTIO_SCSI_S_INCORRECT_LUN	12

/* task_attr */
#define VIRTIO_SCSI_S_SIMPLE		0

/* The control queue (§5.6.6.2): a task management function */
#define VIRTIO_SCSI_T_TMF		0
#define VIRTIO_SCSI_T_AN_QUERY		1
#define VIRTIO_SCSI_T_AN_SUBSCRIBE	2
#define VIRTIO_SCSI_T_TMF_LOGICAL_UNIT_RESET	5

struct virtio_scsi_ctrl_tmf_req {
	__le32 type;
	__le32 subtype;
	u8 lun[8];
	__le64 id;
} __packed;

struct virtio_scsi_ctrl_tmf_resp {
	u8 response;
} __packed;

/* The event queue (§5.6.6.3) */
#define VIRTIO_SCSI_T_EVENTS_MISSED	0x80000000
#define VIRTIO_SCSI_T_NO_EVENT		0
#define VIRTIO_SCSI_T_TRANSPORT_RESET	1

struct virtio_scsi_event {
	__le32 event;
	u8 lun[8];
	__le32 reason;
} __packed;

/**
 * virtio_scsi_lun() - the 8-byte address of @target's logical unit @lun
 * (§5.6.6.1: 1, the target, a single-level LUN, four zeroes)
 */
static inline void virtio_scsi_lun(u8 addr[8], unsigned int target,
				   unsigned int lun)
{
	addr[0] = 1;
	addr[1] = target;
	addr[2] = 0x40 | ((lun >> 8) & 0x3f);
	addr[3] = lun & 0xff;
	addr[4] = addr[5] = addr[6] = addr[7] = 0;
}

/**
 * virtio_scsi_scan() - probe every virtio-scsi controller, in the order of
 * the transports, so that their units are numbered "scsi 0", "scsi 1" ...
 * in that order; one whose probe failed before only when @retry
 * Return: the number of units the controllers have
 */
int virtio_scsi_scan(bool retry);

/**
 * virtio_scsi_reset() - remove every virtio-scsi controller (the uclass
 * resets the device), its disks with it, for virtio_scsi_scan() to bring
 * them up again. Return: 0 or the first removal's error
 */
int virtio_scsi_reset(void);

/**
 * virtio_scsi_set_timeout() - test hook: how long the driver of virtio-scsi
 * device @vdev waits for a command (CONFIG_VIRTIO_SCSI_TIMEOUT_MS until set),
 * from its next probe on (the probe's own commands) and now if probed
 * Return: 0, or -EINVAL when @vdev is not a virtio-scsi device
 */
int virtio_scsi_set_timeout(struct udevice *vdev, unsigned int timeout_ms);

#endif
