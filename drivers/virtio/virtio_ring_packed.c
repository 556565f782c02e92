// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Packed virtqueues (VIRTIO 1.2 §2.8), behind the same calls as the split
 * ring (virtio_ring.c dispatches here when VIRTIO_F_RING_PACKED was
 * negotiated).
 *
 * One ring of descriptors is shared both ways: the driver makes a buffer
 * available by writing its descriptors at the next positions, with the
 * AVAIL flag equal to its wrap counter and USED the opposite; the device
 * hands a buffer back by writing one used descriptor (AVAIL and USED both
 * equal to its own wrap counter) carrying the buffer id, at the position
 * where its next used descriptor goes, then skipping as many positions as
 * that buffer took. The driver therefore keeps, per buffer id, how many
 * descriptors it used (vring_desc_state.ndescs) and polls the one position
 * last_used_idx.
 *
 * The device is untrusted, as with the split ring: the id must be a buffer
 * in flight (so no buffer comes back twice), the length no more than the
 * buffer could take. The driver area asks for no interrupts (we poll);
 * the device area is read, never trusted, to decide whether to notify.
 */
#define LOG_CATEGORY "virtio"

#include <asm/io.h>
#include <byteorder.h>
#include <dm.h>
#include <heap.h>
#include <string.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "virtio_ring_priv.h"

size_t vring_packed_bytes(unsigned int num)
{
	/* Descriptors (16-byte aligned), then the two 4-byte areas */
	return sizeof(struct vring_packed_desc) * num +
	       2 * sizeof(struct vring_packed_event);
}

void vring_packed_init(struct virtqueue *vq)
{
	vq->pdesc = vq->ring_mem;
	vq->driver_event = (void *)(vq->pdesc + vq->num);
	vq->device_event = vq->driver_event + 1;
	vq->desc_pa = map_to_sysmem(vq->pdesc);
	vq->avail_pa = map_to_sysmem(vq->driver_event);
	vq->used_pa = map_to_sysmem(vq->device_event);
	/* §2.8.1: both wrap counters start at 1 */
	vq->avail_wrap = true;
	vq->used_wrap = true;
}

/* AVAIL and USED as the driver writes them on its current lap */
static u16 avail_flags(bool wrap)
{
	return wrap ? VRING_PACKED_DESC_F_AVAIL : VRING_PACKED_DESC_F_USED;
}

static void fill(struct vring_packed_desc *d, const void *addr, u32 len,
		 u16 id)
{
	d->addr = cpu_to_le64(map_to_sysmem(addr));
	d->len = cpu_to_le32(len);
	d->id = cpu_to_le16(id);
}

/* The next ring position, turning the wrap counter at the end */
static void advance(struct virtqueue *vq, u16 *pos, bool *wrap,
		    unsigned int by)
{
	*pos += by;
	if (*pos >= vq->num) {
		*pos -= vq->num;
		*wrap = !*wrap;
	}
}

/*
 * The whole buffer in an indirect table: only WRITE is valid there, and
 * the table is what the ring descriptor points at (§2.8.7, §2.8.19)
 */
static struct vring_packed_desc *make_table(const struct virtio_sg *sg,
					    unsigned int out,
					    unsigned int total)
{
	struct vring_packed_desc *table = vring_table(total);

	if (!table)
		return NULL;
	for (unsigned int i = 0; i < total; i++) {
		fill(&table[i], sg[i].addr, sg[i].length, 0);
		table[i].flags = cpu_to_le16(i >= out ? VRING_DESC_F_WRITE : 0);
	}
	return table;
}

int vring_packed_add(struct virtqueue *vq, const struct virtio_sg *sg,
		     unsigned int out, unsigned int total, u32 in_len,
		     void *token)
{
	u16 id = vq->free_head, pos = vq->avail_idx, first_flags = 0;
	struct vring_desc_state *st = &vq->state[id];
	struct vring_packed_desc *table = NULL;
	bool wrap = vq->avail_wrap;
	unsigned int ndescs = total;

	/* As the split ring: indirect only when the ring lacks the room */
	if (total > 1 && vq->indirect && vq->num_free < total) {
		table = make_table(sg, out, total);
		if (!table)
			return -ENOMEM;
		ndescs = 1;
	} else if (vq->num_free < total) {
		return -ENOSPC;
	}
	for (unsigned int i = 0; i < ndescs; i++) {
		struct vring_packed_desc *d = &vq->pdesc[pos];
		u16 flags = avail_flags(wrap);

		if (table) {
			fill(d, table, total * sizeof(*table), id);
			flags |= VRING_DESC_F_INDIRECT;
		} else {
			fill(d, sg[i].addr, sg[i].length, id);
			flags |= (i >= out ? VRING_DESC_F_WRITE : 0) |
				 (i + 1 < ndescs ? VRING_DESC_F_NEXT : 0);
		}
		/* §2.8.21: the first descriptor is made available last */
		if (i)
			WRITE_ONCE(d->flags, cpu_to_le16(flags));
		else
			first_flags = flags;
		advance(vq, &pos, &wrap, 1);
	}
	/* §2.8.21.1.1: everything written before the flags expose it */
	wmb();
	WRITE_ONCE(vq->pdesc[vq->avail_idx].flags, cpu_to_le16(first_flags));
	vq->free_head = st->next;
	*st = (struct vring_desc_state){ .token = token, .indirect = table,
					 .in_len = in_len, .ndescs = ndescs };
	vq->avail_idx = pos;
	vq->avail_wrap = wrap;
	vq->avail_count += ndescs;
	vq->num_free -= ndescs;
	return 0;
}

/*
 * §2.8.21.2: whether the device wants a notification for what was made
 * available since the last one. With RING_EVENT_IDX the device area may
 * name one descriptor (offset and wrap counter); it wants a notification
 * when that descriptor was among those just made available.
 */
bool vring_packed_need_kick(struct virtqueue *vq)
{
	u16 flags = le16_to_cpu(READ_ONCE(vq->device_event->flags)) & 3;
	u16 off_wrap, added = vq->avail_count - vq->kicked_idx;
	int event;

	if (flags == VRING_PACKED_EVENT_DISABLE)
		return false;
	if (flags != VRING_PACKED_EVENT_DESC || !vq->event_idx)
		return true;	/* ENABLE, or what a device may not say */
	off_wrap = le16_to_cpu(READ_ONCE(vq->device_event->off_wrap));
	event = off_wrap & ~VRING_PACKED_EVENT_WRAP;
	/* On the lap before ours: count it a ring behind */
	if (!(off_wrap & VRING_PACKED_EVENT_WRAP) != !vq->avail_wrap)
		event -= vq->num;
	/* Made available: positions avail_idx - added up to avail_idx - 1 */
	return (u16)(vq->avail_idx - event - 1) < added;
}

/* Whether the descriptor at @pos is used on the lap of @wrap */
static bool is_used(struct virtqueue *vq, u16 pos, bool wrap)
{
	u16 flags = le16_to_cpu(READ_ONCE(vq->pdesc[pos].flags));
	bool avail = flags & VRING_PACKED_DESC_F_AVAIL;
	bool used = flags & VRING_PACKED_DESC_F_USED;

	return avail == wrap && used == wrap;
}

bool vring_packed_has_used(struct virtqueue *vq)
{
	return vq->in_flight && is_used(vq, vq->last_used_idx, vq->used_wrap);
}

void vring_packed_detach(struct virtqueue *vq, u16 id)
{
	struct vring_desc_state *st = &vq->state[id];

	vq->num_free += st->ndescs;
	dma_free(st->indirect);
	*st = (struct vring_desc_state){ .next = vq->free_head };
	vq->free_head = id;
}

void *vring_packed_get_buf(struct virtqueue *vq, u32 *lenp)
{
	struct vring_packed_desc *d = &vq->pdesc[vq->last_used_idx];
	void *token;
	u32 id;

	if (!vring_packed_has_used(vq)) {
		vring_idle(vq);
		return NULL;
	}
	vring_progress(vq);
	/* The id and length only after the flags that say they are there */
	rmb();
	id = le16_to_cpu(READ_ONCE(d->id));
	/*
	 * §2.8.4 makes len reserved in a used descriptor without WRITE, but
	 * QEMU never sets WRITE there (Linux reads len regardless): so len
	 * counts for a buffer with writable pieces, and is still checked
	 * against them; for one without, it is 0 whatever it says
	 */
	*lenp = id < vq->num && vq->state[id].in_len ?
		le32_to_cpu(READ_ONCE(d->len)) : 0;
	token = vring_check_used(vq, id, lenp);
	if (!token)
		return NULL;
	advance(vq, &vq->last_used_idx, &vq->used_wrap, vq->state[id].ndescs);
	vring_packed_detach(vq, id);
	return token;
}

/*
 * Buffers the device still holds: those in flight less the used ones
 * waiting at last_used_idx and after it (each skips its buffer's
 * descriptors). A descriptor naming no buffer in flight ends the count:
 * vring_packed_get_buf() says what is wrong with it.
 */
unsigned int vring_packed_device_holds(struct virtqueue *vq)
{
	unsigned int held = vq->in_flight;
	u16 pos = vq->last_used_idx;
	bool wrap = vq->used_wrap;

	while (held && is_used(vq, pos, wrap)) {
		u16 id = le16_to_cpu(READ_ONCE(vq->pdesc[pos].id));

		if (id >= vq->num || !vq->state[id].token)
			break;
		held--;
		advance(vq, &pos, &wrap, vq->state[id].ndescs);
	}
	return held;
}

void vring_packed_get_info(struct virtqueue *vq, struct virtqueue_info *info)
{
	info->packed = true;
	info->avail_wrap = vq->avail_wrap;
	info->used_wrap = vq->used_wrap;
	info->used_idx = vq->last_used_idx;
	info->last_used = 0;
	info->device_event = le16_to_cpu(READ_ONCE(vq->device_event->flags));
	if (vq->event_idx)
		info->avail_event = le16_to_cpu(READ_ONCE(
					vq->device_event->off_wrap));
}
