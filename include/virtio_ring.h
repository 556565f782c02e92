// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Virtqueues: the split ring of VIRTIO 1.2 section 2.7 and the packed ring
 * of section 2.8, behind one small token-based API every virtio driver
 * uses (the ring type is the device's business, never the driver's):
 *
 *   virtqueue_add(vq, sg, out, in, token)   post a buffer chain
 *   virtqueue_kick(vq)                       tell the device (if it wants)
 *   virtqueue_poll(vq, timeout_us)           wait for a used buffer
 *   virtqueue_get_buf(vq, &len)              take one back: its token
 *   virtqueue_detach_unused(vq)              reclaim what the device kept
 *
 * Polling for used buffers (virtqueue_get_buf() finding none, or
 * virtqueue_poll()) re-notifies the device when buffers have been in
 * flight for CONFIG_VIRTIO_NUDGE_US without any coming back: a lost
 * notification then costs a millisecond, not the transfer (see
 * doc/develop/virtio.md, "Lost notifications").
 *
 * Drivers never see descriptors or ring indices. The device is untrusted:
 * every used id, length and index is checked; a violation marks the queue
 * broken, is reported once, and every later call fails with -EIO.
 */
#ifndef __VIRTIO_RING_H
#define __VIRTIO_RING_H

#include <linux/list.h>
#include <time.h>
#include <types.h>

struct udevice;

/* Descriptor flags */
#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2
#define VRING_DESC_F_INDIRECT	4
/* avail->flags: we poll, so we never want interrupts */
#define VRING_AVAIL_F_NO_INTERRUPT 1
/* used->flags: the device does not need kicks */
#define VRING_USED_F_NO_NOTIFY	1

/* Alignment of the used ring in the legacy layout (one page) */
#define VIRTIO_LEGACY_ALIGN	4096

/* Packed ring (§2.8.1): a descriptor's state, against the wrap counters */
#define VRING_PACKED_DESC_F_AVAIL	(1 << 7)
#define VRING_PACKED_DESC_F_USED	(1 << 15)
/* Event suppression flags (§2.8.10) */
#define VRING_PACKED_EVENT_ENABLE	0
#define VRING_PACKED_EVENT_DISABLE	1
#define VRING_PACKED_EVENT_DESC		2	/* with RING_EVENT_IDX */
#define VRING_PACKED_EVENT_WRAP		(1 << 15)	/* in off_wrap */

struct vring_desc {
	__le64 addr;
	__le32 len;
	__le16 flags;
	__le16 next;
};

struct vring_avail {
	__le16 flags;
	__le16 idx;
	__le16 ring[];	/* then used_event */
};

struct vring_used_elem {
	__le32 id;
	__le32 len;
};

struct vring_used {
	__le16 flags;
	__le16 idx;
	struct vring_used_elem ring[];	/* then avail_event */
};

/* A packed ring's descriptor, as the driver makes it available (§2.8.13) */
struct vring_packed_desc {
	__le64 addr;
	__le32 len;
	__le16 id;
	__le16 flags;
};

/* The driver and device areas of a packed ring (§2.8.14) */
struct vring_packed_event {
	__le16 off_wrap;	/* with VRING_PACKED_EVENT_DESC */
	__le16 flags;
};

/** struct virtio_sg - one piece of a buffer: device-readable or writable */
struct virtio_sg {
	void *addr;
	size_t length;
};

/*
 * Driver-private state of a buffer, never shared with the device. Split
 * ring: indexed by the chain's head descriptor. Packed ring: indexed by
 * the buffer id, and @next links the free ids.
 */
struct vring_desc_state {
	void *token;		/* non-NULL: a buffer in flight */
	void *indirect;		/* indirect table to free, or NULL */
	u32 in_len;		/* bytes the device may write */
	u32 len;		/* bytes of the whole buffer, read and written */
	u16 ndescs;		/* ring descriptors the buffer uses */
	u16 next;		/* split: shadow of desc.next; packed: free ids */
};

/**
 * struct virtqueue - one virtqueue, split or packed
 * @index: queue number on the device
 * @num: queue size (a power of two for a split ring)
 * @desc_pa/@avail_pa/@used_pa: physical addresses the transport programs:
 *	the descriptor, driver and device areas
 * @broken: set on the first device misbehaviour; all calls then fail
 * @avail_idx/@last_used_idx: split ring: free-running indices; packed
 *	ring: the positions of the next descriptor to make available and
 *	of the next used descriptor, with @avail_wrap and @used_wrap
 * @kicked_idx: split: @avail_idx at the last kick; packed: @avail_count
 * @avail_count: packed: descriptors made available, free-running
 * @in_flight: buffers made available and not taken back
 */
struct virtqueue {
	struct list_head list;
	struct udevice *vdev;
	unsigned int index;
	unsigned int num;
	unsigned int num_free;
	u16 free_head;
	u16 avail_idx;		/* our copy: the device must not change it */
	u16 last_used_idx;
	u16 kicked_idx;		/* avail_idx at the last kick */
	u16 avail_count;
	unsigned int in_flight;
	bool event_idx;
	bool indirect;
	bool packed;		/* VIRTIO_F_RING_PACKED */
	bool avail_wrap;	/* packed: the Driver Ring Wrap Counter */
	bool used_wrap;		/* packed: the wrap counter @last_used_idx has */
	bool legacy;		/* a legacy device (virtqueue_get_buf()) */
	/* used lengths past the writable bytes are cut to them (below) */
	bool loose_len;
	bool broken;
	/* Split ring */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	/* Packed ring */
	struct vring_packed_desc *pdesc;
	struct vring_packed_event *driver_event;
	struct vring_packed_event *device_event;
	void *ring_mem;
	size_t ring_size;
	phys_addr_t desc_pa, avail_pa, used_pa;
	struct vring_desc_state *state;
	u64 kicks;		/* notifications sent (statistics) */
	u64 nudges;		/* of which sent after waiting in vain */
	u64 naps;		/* waits in WFI for a used buffer (statistics) */
	u64 nap_timeouts;	/* of which the timer ended */
	struct poll_pace idle;	/* polls that found nothing, in a row */
	u32 nudge_us;		/* wait before the next re-notification */
};

/**
 * vring_create() - allocate a zeroed ring of @num entries
 * @vdev: the virtio device driver's device (for messages)
 * @index: queue number
 * @num: queue size, up to 32768 (a power of two for a split ring)
 * @features: the negotiated feature bits: RING_PACKED chooses the packed
 *	ring; RING_EVENT_IDX and RING_INDIRECT_DESC are used when there
 * Return: the queue, or NULL (-ENOMEM) with a message
 */
struct virtqueue *vring_create(struct udevice *vdev, unsigned int index,
			       unsigned int num, u64 features);
/** vring_destroy() - free a queue the device no longer uses */
void vring_destroy(struct virtqueue *vq);

/**
 * virtqueue_add() - post @out device-readable then @in device-writable
 * pieces of @sg as one buffer
 * @token: returned by virtqueue_get_buf() for this buffer; not NULL
 * Return: 0, -ENOSPC when the ring is full, -EINVAL for an empty or
 * oversized request, -EIO when the queue is broken
 */
int virtqueue_add(struct virtqueue *vq, const struct virtio_sg *sg,
		  unsigned int out, unsigned int in, void *token);
/**
 * struct virtqueue_info - a queue's state, for 'virtio info <n>'
 * @avail_idx: split: the driver's available index; packed: the position
 *	of the next descriptor to make available (@avail_wrap its counter)
 * @used_idx: split: the device's used index, as read now; packed: the
 *	position of the next used descriptor (@used_wrap its counter)
 * @last_used: split: the used buffers the driver has taken
 * @avail_event: with @event_idx, the avail_event the device last named
 *	(packed: the offset and wrap bit of its device area)
 * @device_event: packed: the flags of the device area (ENABLE, DISABLE,
 *	DESC)
 * @in_flight: buffers made available and not taken back
 */
struct virtqueue_info {
	unsigned int index;
	unsigned int num;
	unsigned int num_free;
	unsigned int in_flight;
	u16 avail_idx;
	u16 used_idx;
	u16 last_used;
	u16 avail_event;
	u16 device_event;
	bool event_idx;
	bool packed;
	bool avail_wrap;
	bool used_wrap;
	bool broken;
	u64 kicks;
	u64 nudges;
	u64 naps;
	u64 nap_timeouts;
};

/** virtqueue_get_info() - fill @info with @vq's state */
void virtqueue_get_info(struct virtqueue *vq, struct virtqueue_info *info);

/**
 * virtqueue_kick() - publish added buffers and notify the device unless
 * it suppressed notifications; 0 or the transport's error
 */
int virtqueue_kick(struct virtqueue *vq);
/**
 * virtqueue_get_buf() - the next used buffer
 * @lenp: bytes the device wrote, checked against what was posted
 * Return: the buffer's token, or NULL when none is used (or the queue is
 * broken: see virtqueue_is_broken())
 */
void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *lenp);
/**
 * virtqueue_enable_cb() - ask the device to notify (interrupt) when it
 * uses the next buffer: NO_INTERRUPT cleared, used_event set to the next
 * used entry, or the packed driver area's ENABLE
 * Return: false when a used buffer is there already (no notification may
 * come for it: do not wait), true otherwise
 */
bool virtqueue_enable_cb(struct virtqueue *vq);
/**
 * virtqueue_disable_cb() - suppress used buffer notifications again (the
 * state the ring starts in: Ember polls)
 */
void virtqueue_disable_cb(struct virtqueue *vq);
/** virtqueue_has_used() - true when virtqueue_get_buf() would return one */
bool virtqueue_has_used(struct virtqueue *vq);
/**
 * virtqueue_poll() - wait until a used buffer is there
 * Return: 0, -ETIMEDOUT (with no message: the caller knows what was
 * asked), -EIO when the queue is broken or the device needs a reset
 */
int virtqueue_poll(struct virtqueue *vq, u64 timeout_us);
/**
 * virtqueue_detach_unused() - take back a buffer the device never used;
 * only after the device was reset. Return: its token, or NULL when none.
 */
void *virtqueue_detach_unused(struct virtqueue *vq);
/**
 * virtqueue_loose_len() - take used lengths beyond a buffer's writable
 * bytes, up to its whole length, as those bytes instead of breaking the
 * queue: for a device type whose devices are known to count more (QEMU's
 * virtio-scsi counts a write's data out), and whose driver does not rely
 * on the length. More than the whole buffer still breaks it.
 */
static inline void virtqueue_loose_len(struct virtqueue *vq)
{
	vq->loose_len = true;
}
static inline bool virtqueue_is_broken(const struct virtqueue *vq)
{
	return vq->broken;
}
static inline unsigned int virtqueue_get_vring_size(const struct virtqueue *vq)
{
	return vq->num;
}

/**
 * virtqueue_device_holds() - buffers made available that the device has
 * not used yet, by its used index (clamped: the device is untrusted)
 */
unsigned int virtqueue_device_holds(struct virtqueue *vq);

#endif
