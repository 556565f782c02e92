// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox virtio device models: the device side of a packed virtqueue
 * (VIRTIO 1.2 §2.8), used when the driver accepted VIRTIO_F_RING_PACKED.
 *
 * The device reads available descriptors in ring order from last_avail,
 * serves each buffer through the backend, and writes one used descriptor
 * per buffer at used_pos, then skips the buffer's other descriptors. It
 * writes its device area (event suppression) after each pass: DISABLE
 * when the test asked for no notifications, else the descriptor it wants
 * a notification for (with RING_EVENT_IDX) or ENABLE.
 *
 * It also polices the driver, counting each broken rule in
 * stats.violations: the driver area's flags; a chain whose later
 * descriptors are not yet available when its first one is (§2.8.17); a
 * chain longer than the queue; readable pieces after writable ones;
 * indirect descriptors without the feature, with NEXT, or with flags
 * other than WRITE in their table (§2.8.19).
 *
 * Faults: EMUL_FAULT_USED_ID and _USED_LEN as on the split ring;
 * EMUL_FAULT_USED_JUMP hands every buffer of a pass back with the first
 * one's id, so that buffer comes back twice (or more); with
 * EMUL_FAULT_STALE_EVENT the device asks for a notification at a
 * descriptor already made available, then waits for one;
 * EMUL_FAULT_USED_NO_WRITE leaves WRITE out of used descriptors, as QEMU
 * does.
 */
#include <asm/io.h>
#include <byteorder.h>
#include <dm.h>
#include <stdio.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "virtio_emul_core.h"

#define DESC_SIZE	sizeof(struct vring_packed_desc)

static bool is_avail(struct vring_packed_desc *d, bool wrap)
{
	u16 flags = le16_to_cpu(READ_ONCE(d->flags));

	return !!(flags & VRING_PACKED_DESC_F_AVAIL) == wrap &&
	       !!(flags & VRING_PACKED_DESC_F_USED) != wrap;
}

static void advance(struct emul_queue *q, u16 *pos, bool *flip,
		    unsigned int by)
{
	*pos += by;
	while (*pos >= q->num) {
		*pos -= q->num;
		*flip = !*flip;
	}
}

/* An indirect table: pieces with WRITE as their only flag (§2.8.19) */
static void collect_table(struct virtio_emul *e, struct emul_chain *c,
			  u16 flags, u64 addr, u32 len)
{
	struct vring_packed_desc *table = map_sysmem(addr, 0);

	if (!(e->driver_features & BIT_ULL(VIRTIO_F_RING_INDIRECT_DESC)) ||
	    flags & VRING_DESC_F_NEXT || !len || len % DESC_SIZE) {
		emul_chain_violation(e, c, "indirect descriptor without the feature, with NEXT or of a bad length");
		return;
	}
	c->indirect = true;
	for (u32 i = 0; i < len / DESC_SIZE; i++) {
		u16 f = le16_to_cpu(table[i].flags);

		if (f & ~VRING_DESC_F_WRITE)
			emul_chain_violation(e, c, "a flag other than WRITE in an indirect table");
		emul_seg_add(e, c, le64_to_cpu(table[i].addr),
			     le32_to_cpu(table[i].len), f & VRING_DESC_F_WRITE);
	}
}

/*
 * The buffer whose first descriptor is at @pos: its pieces into @c, its
 * id into @idp; Return: the ring descriptors it takes
 */
static u32 collect(struct virtio_emul *e, struct emul_queue *q,
		   struct vring_packed_desc *ring, u16 pos, bool flip,
		   struct emul_chain *c, u16 *idp)
{
	u32 n = 0;

	for (;;) {
		struct vring_packed_desc *d = &ring[pos];
		u16 flags = le16_to_cpu(READ_ONCE(d->flags));

		n++;
		*idp = le16_to_cpu(d->id);
		if (flags & VRING_DESC_F_INDIRECT)
			collect_table(e, c, flags, le64_to_cpu(d->addr),
				      le32_to_cpu(d->len));
		else
			emul_seg_add(e, c, le64_to_cpu(d->addr),
				     le32_to_cpu(d->len),
				     flags & VRING_DESC_F_WRITE);
		if (!(flags & VRING_DESC_F_NEXT))
			return n;
		advance(q, &pos, &flip, 1);
		/* The rest of the chain is available with its first (§2.8.17) */
		if (n >= q->num || !is_avail(&ring[pos], !flip)) {
			emul_chain_violation(e, c, "a chain made available before its end, or longer than the queue");
			return n;
		}
	}
}

static void put_used(struct virtio_emul *e, struct emul_queue *q,
		     struct vring_packed_desc *ring, u16 id, u32 len, u32 room)
{
	struct vring_packed_desc *d = &ring[q->used_pos];
	u16 flags = q->used_flip ? 0 : VRING_PACKED_DESC_F_AVAIL |
				       VRING_PACKED_DESC_F_USED;

	d->id = cpu_to_le16(e->faults & EMUL_FAULT_USED_ID ? q->num + 5 : id);
	d->len = cpu_to_le32(e->faults & EMUL_FAULT_USED_LEN ? room + 1 : len);
	/* §2.8.3: WRITE in a used descriptor says the device wrote data */
	if (room && !(e->faults & EMUL_FAULT_USED_NO_WRITE))
		flags |= VRING_DESC_F_WRITE;
	wmb();
	WRITE_ONCE(d->flags, cpu_to_le16(flags));
	e->stats.buffers++;
}

/*
 * The device area: when the driver is to notify (§2.8.10). @drained: all
 * that was available is served (EMUL_FAULT_STALE_EVENT then parks)
 */
static void set_device_event(struct virtio_emul *e, struct emul_queue *q,
			     struct vring_packed_event *ev, bool drained)
{
	u16 pos = q->last_avail;
	bool flip = q->avail_flip;
	u16 flags = VRING_PACKED_EVENT_ENABLE;

	if (e->no_notify) {
		flags = VRING_PACKED_EVENT_DISABLE;
	} else if (e->driver_features & BIT_ULL(VIRTIO_F_RING_EVENT_IDX)) {
		flags = VRING_PACKED_EVENT_DESC;
		if (e->faults & EMUL_FAULT_STALE_EVENT && drained) {
			/* two behind: a descriptor already made available */
			advance(q, &pos, &flip, q->num - 2);
			q->parked = true;
			e->stats.parked++;
		}
		ev->off_wrap = cpu_to_le16(pos |
				(flip ? 0 : VRING_PACKED_EVENT_WRAP));
	}
	wmb();
	WRITE_ONCE(ev->flags, cpu_to_le16(flags));
}

/* The descriptor at position @slot (and its indirect table) as it is */
static u32 packed_slot_sum(struct virtio_emul *e, struct emul_queue *q,
			   u16 slot)
{
	struct vring_packed_desc *d = map_sysmem(q->desc, 0);
	u32 sum = emul_sum(2166136261U, &d[slot], sizeof(*d));

	if (le16_to_cpu(d[slot].flags) & VRING_DESC_F_INDIRECT)
		sum = emul_sum(sum, map_sysmem(le64_to_cpu(d[slot].addr), 0),
			       min_t(u32, le32_to_cpu(d[slot].len),
				     DESC_SIZE * EMUL_QUEUE_MAX));
	return sum;
}

/* Positions from last_avail on that are available now */
static unsigned int available(struct emul_queue *q,
			      struct vring_packed_desc *ring)
{
	u16 pos = q->last_avail;
	bool flip = q->avail_flip;
	unsigned int n = 0;

	while (n < q->num && is_avail(&ring[pos], !flip)) {
		n++;
		advance(q, &pos, &flip, 1);
	}
	return n;
}

/* A new buffer whose first descriptor is at @slot: noted, then checked */
static unsigned int packed_slot_note(struct virtio_emul *e,
				     struct emul_queue *q, u16 slot)
{
	struct vring_packed_desc *ring = map_sysmem(q->desc, 0);
	struct emul_chain c = { .n = 0 };
	bool flip = q->avail_flip;
	u32 ndescs;
	u16 id;

	/* The wrap counter at @slot: turned if @slot is past the ring's end */
	if (slot < q->last_avail)
		flip = !flip;
	ndescs = collect(e, q, ring, slot, flip, &c, &id);
	for (u32 i = 0; i < ndescs; i++)
		q->slot_sum[(slot + i) % q->num] =
			packed_slot_sum(e, q, (slot + i) % q->num);
	emul_check_chain(e, q, &c);
	return ndescs;
}

void emul_packed_process(struct virtio_emul *e, unsigned int qi)
{
	struct emul_queue *q = &e->q[qi];
	struct vring_packed_desc *ring = map_sysmem(q->desc, 0);
	struct vring_packed_event *drv = map_sysmem(q->driver, 0);
	u16 drv_flags = le16_to_cpu(READ_ONCE(drv->flags));
	bool drained = true, first = true;
	u16 first_id = 0;
	unsigned int done = 0;

	/* §2.8.14: flags 0-2 only; DESC only with RING_EVENT_IDX */
	if (drv_flags > VRING_PACKED_EVENT_DESC ||
	    (drv_flags == VRING_PACKED_EVENT_DESC &&
	     !(e->driver_features & BIT_ULL(VIRTIO_F_RING_EVENT_IDX))))
		emul_violation(e, "driver area flags reserved, or DESC without RING_EVENT_IDX");
	emul_exposed_check(e, q, packed_slot_sum);
	emul_exposed_note(e, q, available(q, ring), packed_slot_note);
	while (is_avail(&ring[q->last_avail], !q->avail_flip)) {
		struct emul_chain c = { .quiet = true };
		u32 ndescs;
		u16 id;
		int len;

		rmb();
		ndescs = collect(e, q, ring, q->last_avail, q->avail_flip, &c,
				 &id);
		len = emul_serve(e, qi, &c);
		if (len == -EAGAIN) {
			drained = false;	/* kept until input arrives */
			break;
		}
		advance(q, &q->last_avail, &q->avail_flip, ndescs);
		emul_exposed_used(q, ndescs);
		e->stats.indirect += c.indirect;
		if (first)
			first_id = id;
		first = false;
		if (e->faults & EMUL_FAULT_USED_JUMP)
			id = first_id;
		put_used(e, q, ring, id, len < 0 ? 0 : len, c.in_room);
		advance(q, &q->used_pos, &q->used_flip, ndescs);
		done++;
	}
	/*
	 * §2.8.10: interrupt unless the driver area says DISABLE (DESC, which
	 * Ember does not use, is taken as ENABLE: a notification too many)
	 */
	if (done && (le16_to_cpu(READ_ONCE(drv->flags)) & 3) !=
		    VRING_PACKED_EVENT_DISABLE)
		emul_interrupt(e);
	set_device_event(e, q, map_sysmem(q->device, 0), drained);
}
