// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Virtqueues: the calls drivers make (include/virtio_ring.h), what both
 * ring types share (checks of what the device hands back, re-notifying a
 * device that seems to have missed a notification), and the split ring
 * (VIRTIO 1.2 §2.7); the packed ring is virtio_ring_packed.c.
 *
 * The split ring's memory is laid out the legacy way (descriptors,
 * available ring, used ring on the next page), which also satisfies the
 * modern alignment rules, so one layout serves every transport. Free
 * descriptors and chains are tracked in driver-private state; the
 * device's copies are written, never trusted.
 */
#define LOG_CATEGORY "virtio"

#include <asm/io.h>
#include <byteorder.h>
#include <dm.h>
#include <heap.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "virtio_ring_priv.h"

static size_t avail_end(unsigned int num)
{
	/* flags, idx, ring[num], used_event */
	return sizeof(struct vring_desc) * num + sizeof(__le16) * (3 + num);
}

static size_t ring_bytes(unsigned int num)
{
	return ALIGN(avail_end(num), VIRTIO_LEGACY_ALIGN) +
	       ALIGN(sizeof(__le16) * 3 + sizeof(struct vring_used_elem) * num,
		     VIRTIO_LEGACY_ALIGN);
}

/* The split ring's three parts in @vq->ring_mem */
static void split_init(struct virtqueue *vq)
{
	unsigned int num = vq->num;

	vq->desc = vq->ring_mem;
	vq->avail = (void *)((u8 *)vq->ring_mem + sizeof(struct vring_desc) * num);
	vq->used = (void *)((u8 *)vq->ring_mem +
			    ALIGN(avail_end(num), VIRTIO_LEGACY_ALIGN));
	vq->desc_pa = map_to_sysmem(vq->desc);
	vq->avail_pa = map_to_sysmem(vq->avail);
	vq->used_pa = map_to_sysmem(vq->used);
}

struct virtqueue *vring_create(struct udevice *vdev, unsigned int index,
			       unsigned int num, u64 features)
{
	bool packed = features & BIT_ULL(VIRTIO_F_RING_PACKED);
	struct virtqueue *vq = calloc(1, sizeof(*vq));
	size_t size = packed ? vring_packed_bytes(num) : ring_bytes(num);

	if (!vq)
		goto nomem;
	vq->ring_mem = dma_alloc(size, VIRTIO_LEGACY_ALIGN);
	vq->state = calloc(num, sizeof(*vq->state));
	if (!vq->ring_mem || !vq->state)
		goto nomem;
	memset(vq->ring_mem, 0, size);
	INIT_LIST_HEAD(&vq->list);
	vq->vdev = vdev;
	vq->index = index;
	vq->num = num;
	vq->num_free = num;
	vq->ring_size = size;
	vq->event_idx = features & BIT_ULL(VIRTIO_F_RING_EVENT_IDX);
	vq->indirect = features & BIT_ULL(VIRTIO_F_RING_INDIRECT_DESC);
	vq->packed = packed;
	vq->idle = POLL_PACE(PACE_RING);
	vq->nudge_us = CONFIG_VIRTIO_NUDGE_US;
	/* Split: free descriptors; packed: free buffer ids */
	for (unsigned int i = 0; i < num; i++)
		vq->state[i].next = i + 1;
	if (packed)
		vring_packed_init(vq);
	else
		split_init(vq);
	/* We poll: no used buffer notifications until a nap asks for one */
	virtqueue_disable_cb(vq);
	return vq;
nomem:
	dev_err(vdev, "no memory for queue %u (%u entries)\n", index, num);
	if (vq) {
		dma_free(vq->ring_mem);
		free(vq->state);
	}
	free(vq);
	return NULL;
}

void vring_destroy(struct virtqueue *vq)
{
	if (!vq)
		return;
	for (unsigned int i = 0; i < vq->num; i++)
		dma_free(vq->state[i].indirect);
	free(vq->state);
	dma_free(vq->ring_mem);
	free(vq);
}

void vring_set_broken(struct virtqueue *vq, const char *fmt, ...)
{
	char msg[120];
	va_list ap;

	if (vq->broken)
		return;
	vq->broken = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dev_err(vq->vdev, "queue %u: %s; queue disabled\n", vq->index, msg);
}

static void fill_desc(struct vring_desc *d, const struct virtio_sg *sg,
		      u16 flags, u16 next)
{
	d->addr = cpu_to_le64(map_to_sysmem(sg->addr));
	d->len = cpu_to_le32(sg->length);
	d->flags = cpu_to_le16(flags);
	d->next = cpu_to_le16(next);
}

void *vring_table(unsigned int n)
{
	void *table = dma_alloc(n * sizeof(struct vring_desc), 16);

	if (table)
		memset(table, 0, n * sizeof(struct vring_desc));
	return table;
}

/* One ring descriptor pointing at a table holding the whole chain */
static int add_indirect(struct virtqueue *vq, const struct virtio_sg *sg,
			unsigned int out, unsigned int total, u16 head)
{
	struct vring_desc *table = vring_table(total);
	struct virtio_sg whole;

	if (!table)
		return -ENOMEM;
	for (unsigned int i = 0; i < total; i++)
		fill_desc(&table[i], &sg[i],
			  (i >= out ? VRING_DESC_F_WRITE : 0) |
			  (i + 1 < total ? VRING_DESC_F_NEXT : 0), i + 1);
	whole.addr = table;
	whole.length = total * sizeof(*table);
	fill_desc(&vq->desc[head], &whole, VRING_DESC_F_INDIRECT, 0);
	vq->state[head].indirect = table;
	vq->state[head].ndescs = 1;
	vq->free_head = vq->state[head].next;
	vq->num_free--;
	return 0;
}

static void add_direct(struct virtqueue *vq, const struct virtio_sg *sg,
		       unsigned int out, unsigned int total, u16 head)
{
	u16 idx = head;

	for (unsigned int i = 0; i < total; i++) {
		u16 next = vq->state[idx].next;

		fill_desc(&vq->desc[idx], &sg[i],
			  (i >= out ? VRING_DESC_F_WRITE : 0) |
			  (i + 1 < total ? VRING_DESC_F_NEXT : 0), next);
		if (i + 1 < total)
			idx = next;
	}
	vq->free_head = vq->state[idx].next;
	vq->state[head].ndescs = total;
	vq->num_free -= total;
}

/* Post a buffer on the split ring: the checks are virtqueue_add()'s */
static int split_add(struct virtqueue *vq, const struct virtio_sg *sg,
		     unsigned int out, unsigned int total, u32 in_len,
		     void *token)
{
	u16 head = vq->free_head;
	int ret;

	if (total > 1 && vq->indirect && vq->num_free < total) {
		ret = add_indirect(vq, sg, out, total, head);
		if (ret)
			return ret;
	} else if (vq->num_free < total) {
		return -ENOSPC;
	} else {
		add_direct(vq, sg, out, total, head);
	}
	vq->state[head].token = token;
	vq->state[head].in_len = in_len;
	/* Descriptors before the ring entry, the entry before the index */
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = cpu_to_le16(head);
	wmb();
	vq->avail_idx++;
	WRITE_ONCE(vq->avail->idx, cpu_to_le16(vq->avail_idx));
	return 0;
}

int virtqueue_add(struct virtqueue *vq, const struct virtio_sg *sg,
		  unsigned int out, unsigned int in, void *token)
{
	unsigned int total = out + in;
	u64 in_len = 0, all_len = 0;
	u16 id;
	int ret;

	if (vq->broken)
		return -EIO;
	/* §2.7.5.3.1: no chain longer than the queue, indirect or not */
	if (!total || !token || total > vq->num)
		return -EINVAL;
	for (unsigned int i = 0; i < total; i++) {
		if (sg[i].length > 0xffffffffU)
			return -EINVAL;
		all_len += sg[i].length;
		if (i >= out)
			in_len += sg[i].length;
	}
	/* §2.7.5.2: 4 GiB in all, what the device reads and writes */
	if (all_len > 0xffffffffU)
		return -EINVAL;
	if (!vq->num_free)
		return -ENOSPC;
	id = vq->free_head;	/* both rings: the buffer's state */
	ret = vq->packed ? vring_packed_add(vq, sg, out, total, in_len, token) :
			   split_add(vq, sg, out, total, in_len, token);
	if (!ret) {
		vq->state[id].len = all_len;
		vq->in_flight++;
	}
	return ret;
}

/* Split ring: whether the device's avail_event or NO_NOTIFY allows one */
static bool split_need_kick(struct virtqueue *vq)
{
	u16 new = vq->avail_idx, old = vq->kicked_idx;

	if (vq->event_idx) {
		/* avail_event sits after the used ring (§2.7.10) */
		u16 event = le16_to_cpu(READ_ONCE(
				*(__le16 *)&vq->used->ring[vq->num]));

		return (u16)(new - event - 1) < (u16)(new - old);
	}
	return !(le16_to_cpu(READ_ONCE(vq->used->flags)) &
		 VRING_USED_F_NO_NOTIFY);
}

int virtqueue_kick(struct virtqueue *vq)
{
	u16 new = vq->packed ? vq->avail_count : vq->avail_idx;
	bool need;

	if (vq->broken)
		return -EIO;
	if (new == vq->kicked_idx)
		return 0;	/* nothing new */
	/*
	 * What was made available must be visible before we read what the
	 * device wants (§2.7.13.3.1, §2.8.21.3.1)
	 */
	mb();
	need = vq->packed ? vring_packed_need_kick(vq) : split_need_kick(vq);
	vq->kicked_idx = new;
	if (!need)
		return 0;
	vq->kicks++;
	return virtio_notify(vq->vdev, vq);
}

void virtqueue_get_info(struct virtqueue *vq, struct virtqueue_info *info)
{
	*info = (struct virtqueue_info) {
		.index = vq->index,
		.num = vq->num,
		.num_free = vq->num_free,
		.in_flight = vq->in_flight,
		.avail_idx = vq->avail_idx,
		.used_idx = vq->packed ? 0 : le16_to_cpu(READ_ONCE(vq->used->idx)),
		.last_used = vq->last_used_idx,
		.event_idx = vq->event_idx,
		.broken = vq->broken,
		.kicks = vq->kicks,
		.nudges = vq->nudges,
		.naps = vq->naps,
		.nap_timeouts = vq->nap_timeouts,
	};
	if (vq->packed)
		vring_packed_get_info(vq, info);
	else if (vq->event_idx)
		info->avail_event = le16_to_cpu(READ_ONCE(
			*(__le16 *)&vq->used->ring[vq->num]));
}

#define VQ_NUDGE_MAX_US	1000000

/*
 * Nothing came back: if buffers have been in flight for
 * CONFIG_VIRTIO_NUDGE_US since the last progress, notify the device
 * whatever the event index says; then again after twice as long, and so
 * on up to a second (QEMU's virtio-rng, for one, starts a new entropy
 * request on every notification: see doc/develop/virtio.md). The clock is
 * read on the PACE_RING-th empty poll in a row and every PACE_RING-th after
 * it (each read is a trap into QEMU), so a queue that is merely between two
 * buffers pays nothing. A failed notification is not reported here: the
 * driver's own timeout says what went wrong.
 */
void vring_idle(struct virtqueue *vq)
{
	if (vq->num_free == vq->num)
		return;		/* nothing to wait for */
	if (!pace_elapsed(&vq->idle, vq->nudge_us))
		return;
	pace_rearm(&vq->idle);	/* the next nudge is timed from this one */
	/* Twice as long before the next: a slow device is not flooded */
	vq->nudge_us = min_t(u32, vq->nudge_us * 2, VQ_NUDGE_MAX_US);
	vq->nudges++;
	vq->kicks++;
	mb();
	(void)virtio_notify(vq->vdev, vq);
}

void vring_progress(struct virtqueue *vq)
{
	pace_restart(&vq->idle);
	vq->nudge_us = CONFIG_VIRTIO_NUDGE_US;
}

unsigned int virtqueue_device_holds(struct virtqueue *vq)
{
	u16 held;

	if (vq->packed)
		return vring_packed_device_holds(vq);
	held = vq->avail_idx - le16_to_cpu(READ_ONCE(vq->used->idx));
	return min_t(unsigned int, held, vq->num);
}

/* used_event: after the available ring (§2.7.10) */
static __le16 *used_event(struct virtqueue *vq)
{
	return (__le16 *)&vq->avail->ring[vq->num];
}

/* Whether a used buffer waits, without the idle check's side effects */
static bool has_used(struct virtqueue *vq)
{
	return vq->packed ? vring_packed_has_used(vq) :
	       le16_to_cpu(READ_ONCE(vq->used->idx)) != vq->last_used_idx;
}

bool virtqueue_enable_cb(struct virtqueue *vq)
{
	if (vq->packed)
		WRITE_ONCE(vq->driver_event->flags,
			   cpu_to_le16(VRING_PACKED_EVENT_ENABLE));
	else if (vq->event_idx)
		WRITE_ONCE(*used_event(vq), cpu_to_le16(vq->last_used_idx));
	else
		WRITE_ONCE(vq->avail->flags, 0);
	/*
	 * The request must be visible before the used index is read, as
	 * the device writes the index before it reads the request: else
	 * both may miss the other (§2.7.10; see "Lost notifications")
	 */
	mb();
	return !has_used(vq);
}

/*
 * With RING_EVENT_IDX the avail flags stay 0 (§2.7.7.1): used_event names
 * the entry just before the next one used, which the device has passed
 * already, so it interrupts again only a lap (65536 buffers) later
 */
void virtqueue_disable_cb(struct virtqueue *vq)
{
	if (vq->packed)
		WRITE_ONCE(vq->driver_event->flags,
			   cpu_to_le16(VRING_PACKED_EVENT_DISABLE));
	else if (vq->event_idx)
		WRITE_ONCE(*used_event(vq), cpu_to_le16(vq->last_used_idx - 1));
	else
		WRITE_ONCE(vq->avail->flags,
			   cpu_to_le16(VRING_AVAIL_F_NO_INTERRUPT));
}

bool virtqueue_has_used(struct virtqueue *vq)
{
	bool has = has_used(vq);

	if (!has)
		vring_idle(vq);
	return has;
}

static void detach_chain(struct virtqueue *vq, u16 head)
{
	struct vring_desc_state *st = &vq->state[head];
	u16 last = head;

	for (unsigned int i = 1; i < st->ndescs; i++)
		last = vq->state[last].next;
	vq->state[last].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += st->ndescs;
	dma_free(st->indirect);
	st->indirect = NULL;
	st->token = NULL;
	st->ndescs = 0;
}

void *vring_check_used(struct virtqueue *vq, u32 id, u32 *lenp)
{
	if (id >= vq->num || !vq->state[id].token) {
		vring_set_broken(vq, "used id %u is not a buffer in flight (size %u)",
				 id, vq->num);
		return NULL;
	}
	/*
	 * Legacy devices often report a length for buffers they only read
	 * (the descriptors' size): the spec asks legacy drivers to ignore it
	 * (§2.7.8.2), so for such a buffer it reads as 0. Anything else
	 * beyond what was posted is a broken device.
	 */
	if (*lenp > vq->state[id].in_len && vq->legacy &&
	    !vq->state[id].in_len)
		*lenp = 0;
	if (*lenp > vq->state[id].in_len && vq->loose_len &&
	    *lenp <= vq->state[id].len)
		*lenp = vq->state[id].in_len;
	if (*lenp > vq->state[id].in_len) {
		vring_set_broken(vq, "used length %u is larger than the %u bytes posted",
				 *lenp, vq->state[id].in_len);
		return NULL;
	}
	return vq->state[id].token;
}

/* The next used buffer of the split ring, or NULL */
static void *split_get_buf(struct virtqueue *vq, u32 *lenp)
{
	u16 used_idx, pending, slot;
	void *token;
	u32 id;

	used_idx = le16_to_cpu(READ_ONCE(vq->used->idx));
	pending = used_idx - vq->last_used_idx;
	if (!pending) {
		vring_idle(vq);
		return NULL;
	}
	vring_progress(vq);
	if (pending > vq->in_flight) {
		vring_set_broken(vq, "used index jumped from %u to %u",
				 vq->last_used_idx, used_idx);
		return NULL;
	}
	/* Read the entry only after seeing the index */
	rmb();
	slot = vq->last_used_idx & (vq->num - 1);
	id = le32_to_cpu(READ_ONCE(vq->used->ring[slot].id));
	*lenp = le32_to_cpu(READ_ONCE(vq->used->ring[slot].len));
	token = vring_check_used(vq, id, lenp);
	if (!token)
		return NULL;
	detach_chain(vq, id);
	/*
	 * used_event stays where virtqueue_disable_cb() put it: with
	 * RING_EVENT_IDX it is the only way to ask for no interrupts, and the
	 * device crosses it once every 65536 buffers. Moving it along would
	 * ask QEMU to raise the interrupt line for every buffer.
	 */
	vq->last_used_idx++;
	return token;
}

void *virtqueue_get_buf(struct virtqueue *vq, unsigned int *lenp)
{
	void *token;
	u32 len = 0;

	if (vq->broken)
		return NULL;
	token = vq->packed ? vring_packed_get_buf(vq, &len) :
			     split_get_buf(vq, &len);
	if (!token)
		return NULL;
	vq->in_flight--;
	if (lenp)
		*lenp = len;
	return token;
}

int virtqueue_poll(struct virtqueue *vq, u64 timeout_us)
{
	int ret;

	if (vq->broken)
		return -EIO;
	ret = poll_timeout_us(virtqueue_has_used(vq), timeout_us);
	if (ret) {
		/* Say why if the device gave up */
		if (virtio_check_status(vq->vdev))
			return -EIO;
		return -ETIMEDOUT;
	}
	return 0;
}

void *virtqueue_detach_unused(struct virtqueue *vq)
{
	for (unsigned int i = 0; i < vq->num; i++) {
		void *token = vq->state[i].token;

		if (!token)
			continue;
		if (vq->packed)
			vring_packed_detach(vq, i);
		else
			detach_chain(vq, i);
		vq->in_flight--;
		return token;
	}
	return NULL;
}
