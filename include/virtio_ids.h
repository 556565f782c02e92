// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Virtio device IDs, from the device-types table of the VIRTIO 1.2
 * specification (section 5). This enum is the only list of device types
 * Ember keeps; drivers name the IDs they drive.
 */
#ifndef __VIRTIO_IDS_H
#define __VIRTIO_IDS_H

enum virtio_id {
	VIRTIO_ID_INVALID	= 0,	/* reserved: an empty slot */
	VIRTIO_ID_NET		= 1,
	VIRTIO_ID_BLOCK		= 2,
	VIRTIO_ID_CONSOLE	= 3,
	VIRTIO_ID_RNG		= 4,	/* entropy source */
	VIRTIO_ID_BALLOON	= 5,	/* traditional memory balloon */
	VIRTIO_ID_IOMEM		= 6,
	VIRTIO_ID_RPMSG		= 7,
	VIRTIO_ID_SCSI		= 8,
	VIRTIO_ID_9P		= 9,
	VIRTIO_ID_MAC80211_WLAN	= 10,
	VIRTIO_ID_RPROC_SERIAL	= 11,
	VIRTIO_ID_CAIF		= 12,
	VIRTIO_ID_MEMORY_BALLOON = 13,
	VIRTIO_ID_GPU		= 16,
	VIRTIO_ID_CLOCK		= 17,	/* timer/clock */
	VIRTIO_ID_INPUT		= 18,
	VIRTIO_ID_VSOCK		= 19,	/* socket device */
	VIRTIO_ID_CRYPTO	= 20,
	VIRTIO_ID_SIGNAL_DIST	= 21,
	VIRTIO_ID_PSTORE	= 22,
	VIRTIO_ID_IOMMU		= 23,
	VIRTIO_ID_MEM		= 24,
	VIRTIO_ID_SOUND		= 25,
	VIRTIO_ID_FS		= 26,
	VIRTIO_ID_PMEM		= 27,
	VIRTIO_ID_RPMB		= 28,
	VIRTIO_ID_MAC80211_HWSIM = 29,
	VIRTIO_ID_VIDEO_ENCODER	= 30,
	VIRTIO_ID_VIDEO_DECODER	= 31,
	VIRTIO_ID_SCMI		= 32,
	VIRTIO_ID_NITRO_SEC_MOD	= 33,
	VIRTIO_ID_I2C_ADAPTER	= 34,
	VIRTIO_ID_WATCHDOG	= 35,
	VIRTIO_ID_CAN		= 36,
	VIRTIO_ID_PARAM_SERV	= 38,
	VIRTIO_ID_AUDIO_POLICY	= 39,
	VIRTIO_ID_BT		= 40,
	VIRTIO_ID_GPIO		= 41,
	VIRTIO_ID_RDMA		= 42,
};

/**
 * virtio_id_name() - the spec's name of a device type, for 'virtio info'
 * Return: e.g. "network card", or "unknown" for an unlisted ID
 */
const char *virtio_id_name(unsigned int id);

#endif
