// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Names of virtio device types (VIRTIO 1.2, section 5). Data only. */
#include <compiler.h>
#include <virtio_ids.h>

static const char *const names[] = {
	[VIRTIO_ID_INVALID] = "reserved",
	[VIRTIO_ID_NET] = "network card",
	[VIRTIO_ID_BLOCK] = "block device",
	[VIRTIO_ID_CONSOLE] = "console",
	[VIRTIO_ID_RNG] = "entropy source",
	[VIRTIO_ID_BALLOON] = "memory ballooning (traditional)",
	[VIRTIO_ID_IOMEM] = "ioMemory",
	[VIRTIO_ID_RPMSG] = "rpmsg",
	[VIRTIO_ID_SCSI] = "SCSI host",
	[VIRTIO_ID_9P] = "9P transport",
	[VIRTIO_ID_MAC80211_WLAN] = "mac80211 wlan",
	[VIRTIO_ID_RPROC_SERIAL] = "rproc serial",
	[VIRTIO_ID_CAIF] = "virtio CAIF",
	[VIRTIO_ID_MEMORY_BALLOON] = "memory balloon",
	[VIRTIO_ID_GPU] = "GPU device",
	[VIRTIO_ID_CLOCK] = "timer/clock device",
	[VIRTIO_ID_INPUT] = "input device",
	[VIRTIO_ID_VSOCK] = "socket device",
	[VIRTIO_ID_CRYPTO] = "crypto device",
	[VIRTIO_ID_SIGNAL_DIST] = "signal distribution module",
	[VIRTIO_ID_PSTORE] = "pstore device",
	[VIRTIO_ID_IOMMU] = "IOMMU device",
	[VIRTIO_ID_MEM] = "memory device",
	[VIRTIO_ID_SOUND] = "audio device",
	[VIRTIO_ID_FS] = "file system device",
	[VIRTIO_ID_PMEM] = "PMEM device",
	[VIRTIO_ID_RPMB] = "RPMB device",
	[VIRTIO_ID_MAC80211_HWSIM] = "mac80211 hwsim wireless simulation device",
	[VIRTIO_ID_VIDEO_ENCODER] = "video encoder device",
	[VIRTIO_ID_VIDEO_DECODER] = "video decoder device",
	[VIRTIO_ID_SCMI] = "SCMI device",
	[VIRTIO_ID_NITRO_SEC_MOD] = "NitroSecureModule",
	[VIRTIO_ID_I2C_ADAPTER] = "I2C adapter",
	[VIRTIO_ID_WATCHDOG] = "watchdog",
	[VIRTIO_ID_CAN] = "CAN device",
	[VIRTIO_ID_PARAM_SERV] = "parameter server",
	[VIRTIO_ID_AUDIO_POLICY] = "audio policy device",
	[VIRTIO_ID_BT] = "Bluetooth device",
	[VIRTIO_ID_GPIO] = "GPIO device",
	[VIRTIO_ID_RDMA] = "RDMA device",
};

const char *virtio_id_name(unsigned int id)
{
	if (id < ARRAY_SIZE(names) && names[id])
		return names[id];
	return "unknown";
}
