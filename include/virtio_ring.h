// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Virtqueues: the split ring of VIRTIO 1.2 section 2.7, behind a small
 * token-based API every virtio driver uses:
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
 * Drivers never see descriptors or ring indices, so a packed ring can be
 * added behind the same calls. The device is untrusted: every used id,
 * length and index is checked; a violation marks the queue broken, is
 * reported once, and every later call fails with -EIO.
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

/** struct virtio_sg - one piece of a buffer: device-readable or writable */
struct virtio_sg {
	void *addr;
	size_t length;
};

/* Driver-private state of a descriptor chain, never shared with the device */
struct vring_desc_state {
	void *token;		/* non-NULL: this index heads a live chain */
	void *indirect;		/* indirect table to free, or NULL */
	u32 in_len;		/* bytes the device may write */
	u16 ndescs;		/* ring descriptors the chain uses */
	u16 next;		/* shadow of desc.next: free list and chains */
};

/**
 * struct virtqueue - one split virtqueue
 * @index: queue number on the device
 * @num: queue size (power of two)
 * @desc_pa/@avail_pa/@used_pa: physical addresses the transport programs
 * @broken: set on the first device misbehaviour; all calls then fail
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
	bool event_idx;
	bool indirect;
	bool legacy;		/* a legacy device (virtqueue_get_buf()) */
	bool broken;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	void *ring_mem;
	size_t ring_size;
	phys_addr_t desc_pa, avail_pa, used_pa;
	struct vring_desc_state *state;
	u64 kicks;		/* notifications sent (statistics) */
	u64 nudges;		/* of which sent after waiting in vain */
	struct poll_pace idle;	/* polls that found nothing, in a row */
	u32 nudge_us;		/* wait before the next re-notification */
};

/**
 * vring_create() - allocate a zeroed split ring of @num entries
 * @vdev: the virtio device driver's device (for messages)
 * @index: queue number
 * @num: queue size, a power of two up to 32768
 * @event_idx/@indirect: the negotiated ring features
 * Return: the queue, or NULL (-ENOMEM) with a message
 */
struct virtqueue *vring_create(struct udevice *vdev, unsigned int index,
			       unsigned int num, bool event_idx,
			       bool indirect);
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
 * @avail_idx: the driver's available index
 * @used_idx: the device's used index, as read now
 * @last_used: the used buffers the driver has taken
 * @avail_event: with @event_idx, the avail_event the device last named
 */
struct virtqueue_info {
	unsigned int index;
	unsigned int num;
	unsigned int num_free;
	u16 avail_idx;
	u16 used_idx;
	u16 last_used;
	u16 avail_event;
	bool event_idx;
	bool broken;
	u64 kicks;
	u64 nudges;
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
