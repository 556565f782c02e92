// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The virtio uclass.
 *
 * A transport (virtio-mmio, virtio-pci) is a UCLASS_VIRTIO device that only
 * moves bits: it implements struct virtio_transport_ops. When it probes it
 * reads the device ID; the uclass then finds the virtio driver that drives
 * that ID and binds its device under the transport. Before that device
 * probes, the uclass runs the spec's initialisation (VIRTIO 1.2 §3.1.1):
 * reset, ACKNOWLEDGE, DRIVER, feature negotiation, FEATURES_OK and its
 * read-back; after it probed, DRIVER_OK. On failure it sets FAILED. On
 * remove it resets the device. Device drivers never write the status.
 *
 * A device driver lives in its function's folder and uclass
 * (drivers/rng/virtio_rng.c is a UCLASS_RNG driver) and declares itself to
 * virtio with VIRTIO_DRIVER(): the IDs it drives, the device-specific
 * features it can use, and optional hooks around DRIVER_OK.
 */
#ifndef __VIRTIO_H
#define __VIRTIO_H

#include <irq.h>
#include <linker_lists.h>
#include <linux/list.h>
#include <types.h>
#include <virtio_ids.h>

struct driver;
struct udevice;
struct virtqueue;

/* Device status bits (§2.1) */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE	1
#define VIRTIO_CONFIG_S_DRIVER		2
#define VIRTIO_CONFIG_S_DRIVER_OK	4
#define VIRTIO_CONFIG_S_FEATURES_OK	8
#define VIRTIO_CONFIG_S_NEEDS_RESET	0x40
#define VIRTIO_CONFIG_S_FAILED		0x80

/* Transport and ring feature bits (§6) */
#define VIRTIO_F_NOTIFY_ON_EMPTY	24	/* legacy */
#define VIRTIO_F_ANY_LAYOUT		27	/* legacy */
#define VIRTIO_F_RING_INDIRECT_DESC	28
#define VIRTIO_F_RING_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32
#define VIRTIO_F_ACCESS_PLATFORM	33
#define VIRTIO_F_RING_PACKED		34
#define VIRTIO_F_IN_ORDER		35
#define VIRTIO_F_ORDER_PLATFORM		36
#define VIRTIO_F_SR_IOV			37
#define VIRTIO_F_NOTIFICATION_DATA	38
#define VIRTIO_F_NOTIF_CONFIG_DATA	39
#define VIRTIO_F_RING_RESET		40

/*
 * Device-specific feature bits are 0..23 and, from 50, the rest of the 64
 * Ember negotiates (VIRTIO 1.2 §6): a driver's feature table and names
 * use any of them; the others are the core's
 */
#define VIRTIO_DEV_FEATURE_BITS		24
#define VIRTIO_DEV_FEATURE_HIGH		50
#define VIRTIO_FEATURE_BITS		64

/** virtio_is_device_feature() - whether @bit is a device-specific bit */
static inline bool virtio_is_device_feature(unsigned int bit)
{
	return bit < VIRTIO_DEV_FEATURE_BITS ||
	       (bit >= VIRTIO_DEV_FEATURE_HIGH && bit < VIRTIO_FEATURE_BITS);
}

/** Largest queue size Ember uses, whatever the device allows */
#define VIRTIO_MAX_QUEUE_SIZE		256

/**
 * struct virtio_transport_ops - what a transport implements
 *
 * Every op is mandatory unless marked optional; the uclass checks at
 * probe, so callers never test for NULL. All return 0 or a negative errno.
 *
 * @get_status/@set_status: the device status byte (the uclass resets a
 *                          device by writing 0 and polling for 0)
 * @get_features: the 64 feature bits the device offers (legacy: 32)
 * @set_features: the bits the driver accepts
 * @get_config/@set_config: device-specific configuration space, byte-wise
 *                          in device order; -EINVAL beyond its end
 * @generation: configuration generation counter (optional: legacy
 *              transports have none)
 * @queue_max: largest size of queue @index; -ENOENT when it does not exist
 * @setup_vq: program queue vq->index (size, addresses) and enable it
 * @del_vq: disable the queue (the device must stop using its memory)
 * @notify: tell the device queue @vq has new buffers
 * @describe: one-line description of where the device is, for messages
 *            and 'virtio info' ("mmio@0x0a003e00", "pci 00:02.0")
 * @ack_irq: (optional) read the device's interrupt status and clear it,
 *           so its interrupt line drops; a transport that has it and whose
 *           interrupt can be enabled as a wake-up can nap (virtio_nap())
 * @irq_wake: (optional) enable the device's interrupt as a wake-up
 *            (include/irq.h); without it, entry 0 of 'interrupts' in the
 *            transport's DT node (irq_wake_enable())
 */
struct virtio_transport_ops {
	int (*get_status)(struct udevice *dev, u8 *statusp);
	int (*set_status)(struct udevice *dev, u8 status);
	int (*get_features)(struct udevice *dev, u64 *featuresp);
	int (*set_features)(struct udevice *dev, u64 features);
	int (*get_config)(struct udevice *dev, unsigned int offset, void *buf,
			  unsigned int len);
	int (*set_config)(struct udevice *dev, unsigned int offset,
			  const void *buf, unsigned int len);
	int (*generation)(struct udevice *dev, u32 *counterp);
	int (*queue_max)(struct udevice *dev, unsigned int index,
			 unsigned int *maxp);
	int (*setup_vq)(struct udevice *dev, struct virtqueue *vq);
	int (*del_vq)(struct udevice *dev, struct virtqueue *vq);
	int (*notify)(struct udevice *dev, struct virtqueue *vq);
	int (*describe)(struct udevice *dev, char *buf, int size);
	int (*ack_irq)(struct udevice *dev);
	int (*irq_wake)(struct udevice *dev, struct irq_wake *w);
};

/**
 * struct virtio_driver - a virtio device driver's declaration
 * @name: shown by 'virtio info'
 * @ids: the device IDs it drives, ending with 0
 * @features: device-specific feature bits (0..23) it can use, ending with
 *            a negative number
 * @feature_deps: { feature, the feature it needs } pairs ending with
 *                { 0, 0 } (optional): a feature offered without the one
 *                it needs is not accepted (§2.2.1)
 * @feature_names: names of device-specific bits for 'virtio info', an
 *                 array of VIRTIO_FEATURE_BITS indexed by bit (optional;
 *                 NULL entries print as bitN)
 * @driver: the driver-model driver bound for the device
 * @pre_ok: called after the driver's probe, before DRIVER_OK (optional)
 * @post_ok: called after DRIVER_OK (optional)
 */
struct virtio_driver {
	const char *name;
	const u32 *ids;
	const int *features;
	const u8 (*feature_deps)[2];
	const char *const *feature_names;
	const struct driver *driver;
	int (*pre_ok)(struct udevice *vdev);
	int (*post_ok)(struct udevice *vdev);
};

#define VIRTIO_DRIVER(__name) \
	ll_entry_declare(struct virtio_driver, __name, virtio_driver)

/* Outcome of a transport's last initialisation, for 'virtio info' */
enum virtio_state {
	VIRTIO_STATE_NEW = 0,	/* found, device driver not probed yet */
	VIRTIO_STATE_NO_DRIVER,	/* no driver for its ID */
	VIRTIO_STATE_READY,	/* DRIVER_OK */
	VIRTIO_STATE_FAILED,	/* initialisation failed: see error */
};

/**
 * struct virtio_dev_priv - the uclass's data for each transport
 * Set by the transport's probe: @device, @vendor, @legacy, @version.
 * Set by the uclass: the rest.
 */
struct virtio_dev_priv {
	u32 device;
	u32 vendor;
	bool legacy;
	int version;		/* MMIO version, or 0 */
	const char *transport;	/* "mmio", "pci" */
	struct udevice *vdev;
	const struct virtio_driver *vdrv;
	u64 offered;
	u64 features;
	struct list_head vqs;
	enum virtio_state state;
	int error;
	struct irq_wake wake;	/* its interrupt, routed at the first nap */
	bool nap_tried;
	bool can_nap;
	bool napped;		/* since the last virtio_nap_end(): enabled */
};

/**
 * struct virtio_info - what 'virtio info' shows about a transport, from
 * virtio_get_info(): facts, for commands to format
 * @where: the transport's description ("mmio@0xa003e00", "pci 00:02.0")
 * @status: the device status byte, as read now
 * @device/@vendor/@legacy: the device's IDs and interface
 * @vdrv: its virtio driver, or NULL (for virtio_feature_name())
 * @state/@error: how its initialisation went
 * @offered: the feature bits the device offered
 * @features: the negotiated feature bits
 * @num_vqs: the number of queues set up
 */
struct virtio_info {
	char where[48];
	u8 status;
	u32 device;
	u32 vendor;
	bool legacy;
	const struct virtio_driver *vdrv;
	enum virtio_state state;
	int error;
	u64 offered;
	u64 features;
	unsigned int num_vqs;
};

/**
 * virtio_get_info() - fill @info about the probed transport @dev
 * Return: 0, or the transport's error reading its status
 */
int virtio_get_info(struct udevice *dev, struct virtio_info *info);

struct virtqueue_info;
/**
 * virtio_get_vq_info() - the state of queue number @n (in set-up order,
 * from 0) of the probed transport @dev
 * Return: 0, or -ENOENT past the last queue
 */
int virtio_get_vq_info(struct udevice *dev, unsigned int n,
		       struct virtqueue_info *info);

/** virtio_get_priv() - the transport data behind a device driver's device */
struct virtio_dev_priv *virtio_get_priv(struct udevice *vdev);
/** virtio_has_feature() - whether @bit was negotiated for @vdev */
bool virtio_has_feature(struct udevice *vdev, unsigned int bit);
/** virtio_is_legacy() - whether @vdev runs through a legacy interface */
bool virtio_is_legacy(struct udevice *vdev);

/**
 * virtio_find_vqs() - create and enable the first @nvqs queues of @vdev
 * Return: 0, -ENOENT when the device has fewer queues, -ENOMEM, or the
 * transport's error; on failure no queue is left behind
 */
int virtio_find_vqs(struct udevice *vdev, unsigned int nvqs,
		    struct virtqueue *vqs[]);
/** virtio_notify() - transport notification for @vq (used by the ring) */
int virtio_notify(struct udevice *vdev, struct virtqueue *vq);
/**
 * virtio_nap() - wait for @vq's device to use a buffer: where the
 * transport's interrupt and the timer can wake the CPU, sleep in WFI until
 * the device's interrupt, at most @max_us (timer_nap())
 * Return: true when it waited so or found a used buffer (the caller looks
 * at the ring again), false when it cannot nap here (the caller polls)
 */
bool virtio_nap(struct udevice *vdev, struct virtqueue *vq, u64 max_us);
/**
 * virtio_nap_end() - the driver stops waiting (its naps are over for now):
 * its interrupt is disabled at the controller until its next nap, and the
 * controller's latch and the device's status are cleared, since the edge
 * or the line that ended its last nap, left pending and enabled, would
 * end every other device's nap at once. Cheap when it did not nap.
 */
void virtio_nap_end(struct udevice *vdev);
/**
 * virtio_ack_irq() - read and clear the device's interrupt status (its
 * line drops); -ENOSYS where the transport has no interrupt status op
 */
int virtio_ack_irq(struct udevice *vdev);

/**
 * virtio_cread() - read @len bytes (at most 64) of configuration space at
 * @offset, consistently: retried while the generation counter changes (a
 * legacy interface: until two reads agree)
 * Return: 0, -EIO when it keeps changing, -EINVAL for more than 64 bytes,
 * or the transport's error
 */
int virtio_cread(struct udevice *vdev, unsigned int offset, void *buf,
		 unsigned int len);
int virtio_cwrite(struct udevice *vdev, unsigned int offset, const void *buf,
		  unsigned int len);
/* Typed reads of little-endian configuration fields */
int virtio_cread_u8(struct udevice *vdev, unsigned int offset, u8 *valp);
int virtio_cread_u16(struct udevice *vdev, unsigned int offset, u16 *valp);
int virtio_cread_u32(struct udevice *vdev, unsigned int offset, u32 *valp);
int virtio_cread_u64(struct udevice *vdev, unsigned int offset, u64 *valp);

/**
 * virtio_config_io_read() / virtio_config_io_write() - for transports:
 * access @len bytes of device configuration mapped at @p with each field's
 * own width (8, 16, 32 bits; 64-bit fields as two 32-bit halves; anything
 * else, like a MAC address, byte by byte), as VIRTIO 1.2 §4.1.3.1 and
 * §4.2.2.2 require
 */
void virtio_config_io_read(const void *p, void *buf, unsigned int len);
void virtio_config_io_write(void *p, const void *buf, unsigned int len);

/**
 * virtio_check_status() - report DEVICE_NEEDS_RESET
 * Return: 0, or -EIO (with a message) when the device needs a reset
 */
int virtio_check_status(struct udevice *vdev);

/**
 * virtio_init() - probe every transport, which binds (without probing) the
 * driver of each device found, so RNG, ethernet ... devices exist from
 * start-up and probe on first use. Quiet; cheap (a few register reads per
 * transport).
 * Return: the number of devices found
 */
int virtio_init(void);
/**
 * virtio_scan() - probe every transport and the device driver of each
 * Return: the number of devices found, or a negative errno on a hard error
 */
int virtio_scan(void);

/**
 * virtio_feature_name() - name of a feature bit for 'virtio info':
 * transport bits by name, device bits through @vdrv (may be NULL)
 * Return: the name, or NULL when the bit has none
 */
const char *virtio_feature_name(const struct virtio_driver *vdrv,
				unsigned int bit);

#endif
