// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox virtio device models: the transport-independent device side
 * (status, features, split-ring processing, faults), and the test hooks
 * (asm/virtio_emul.h) of every model in UCLASS_VIRTIO_EMUL. See
 * virtio_emul_core.h.
 */
#include <asm/io.h>
#include <byteorder.h>
#include <dm.h>
#include <stdio.h>
#include <string.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "virtio_emul_core.h"

static const struct emul_backend *const backends[] = {
	&emul_rng_backend,
	&emul_blk_backend,
	&emul_net_backend,
	&emul_scsi_backend,
};

int emul_init(struct virtio_emul *e, const char *name, ofnode node)
{
	e->name = name;
	e->device_id = ofnode_read_u32_default(node, "ember,device-id", 0);
	e->version = ofnode_read_u32_default(node, "ember,version", 2);
	e->page_size = 4096;
	e->offered = BIT_ULL(VIRTIO_F_RING_INDIRECT_DESC) |
		     BIT_ULL(VIRTIO_F_RING_EVENT_IDX);
	/* As QEMU's: a legacy device also offers ANY_LAYOUT (§6.3) */
	if (e->version == 2)
		e->offered |= BIT_ULL(VIRTIO_F_VERSION_1);
	else
		e->offered |= BIT_ULL(VIRTIO_F_ANY_LAYOUT);
	for (unsigned int i = 0; i < ARRAY_SIZE(backends); i++) {
		if (backends[i]->device_id == e->device_id)
			e->backend = backends[i];
	}
	if (!e->backend)
		return 0;	/* an empty slot, or a device with no function */
	e->offered |= e->backend->features;
	return e->backend->init ? e->backend->init(e, node) : 0;
}

void emul_destroy(struct virtio_emul *e)
{
	if (e->backend && e->backend->destroy)
		e->backend->destroy(e);
}

static void reset(struct virtio_emul *e)
{
	e->stats.resets++;
	e->status = 0;
	e->isr = 0;
	e->driver_features = 0;
	memset(e->q, 0, sizeof(e->q));
}

void emul_write_status(struct virtio_emul *e, u32 val)
{
	if (e->stats.status_writes < ARRAY_SIZE(e->stats.status_log))
		e->stats.status_log[e->stats.status_writes] = val;
	e->stats.status_writes++;
	if (!val) {
		reset(e);
		if (e->faults & EMUL_FAULT_RESET_STUCK)
			e->status = VIRTIO_CONFIG_S_ACKNOWLEDGE;
		return;
	}
	/* Legacy devices have no FEATURES_OK: DRIVER_OK ends negotiation */
	if (val & (e->version == 1 ? VIRTIO_CONFIG_S_DRIVER_OK :
				     VIRTIO_CONFIG_S_FEATURES_OK) &&
	    !(e->status & (VIRTIO_CONFIG_S_FEATURES_OK |
			   VIRTIO_CONFIG_S_DRIVER_OK)))
		emul_check_features(e);
	/* FEATURES_OK sticks only for a subset of what was offered */
	if ((val & VIRTIO_CONFIG_S_FEATURES_OK) &&
	    ((e->faults & EMUL_FAULT_REFUSE_FEATURES) ||
	     (e->driver_features & ~e->offered)))
		val &= ~VIRTIO_CONFIG_S_FEATURES_OK;
	e->status = val;
	e->stats.driver_features = e->driver_features;
}

u32 emul_read_status(struct virtio_emul *e)
{
	return e->status;
}

u8 emul_config(struct virtio_emul *e, unsigned int off)
{
	u8 v = e->backend && e->backend->config ? e->backend->config(e, off) :
						  0;

	if (e->faults & EMUL_FAULT_CONFIG_TEAR)
		v ^= (u8)++e->generation;	/* changed, as a device says */
	return v;
}

void emul_config_write(struct virtio_emul *e, unsigned int off, u32 val,
		       int size)
{
	if (e->backend && e->backend->config_write)
		e->backend->config_write(e, off, val, size);
}

unsigned int emul_queues(struct virtio_emul *e)
{
	return e->backend && e->backend->queues ? e->backend->queues :
						  EMUL_QUEUES_DEFAULT;
}

bool emul_queue_live(struct virtio_emul *e, struct emul_queue *q)
{
	return q->num && (e->version == 2 ? q->ready : q->pfn);
}

void emul_ring_addrs(struct virtio_emul *e, struct emul_queue *q,
		       struct vring_desc **desc, struct vring_avail **avail,
		       struct vring_used **used)
{
	if (e->version == 2) {
		*desc = map_sysmem(q->desc, 0);
		*avail = map_sysmem(q->driver, 0);
		*used = map_sysmem(q->device, 0);
	} else {
		u64 base = (u64)q->pfn * e->page_size;
		u64 avail_end = base + 16 * q->num + 2 * (3 + q->num);

		*desc = map_sysmem(base, 0);
		*avail = map_sysmem(base + 16 * q->num, 0);
		*used = map_sysmem(ALIGN(avail_end, (u64)q->align), 0);
	}
}

void emul_seg_add(struct virtio_emul *e, struct emul_chain *c, u64 addr,
		  u32 len, bool write)
{
	struct emul_seg *s;

	/* §2.7.4.2, §2.8.17: the writable pieces come after the readable */
	if (!write && c->in_room)
		emul_chain_violation(e, c, "a readable piece after a writable one");
	c->descs++;
	if (write)
		c->in_room += len;
	if (c->n == EMUL_MAX_SEGS)
		return;		/* counted, not served */
	s = &c->seg[c->n++];
	s->p = map_sysmem(addr, 0);
	s->len = len;
	s->write = write;
}

/*
 * An indirect descriptor (split ring): only with the feature, never with
 * NEXT, never inside a table, and pointing at whole descriptors
 * (§2.7.5.3.1)
 */
static bool indirect_ok(struct virtio_emul *e, struct emul_chain *c,
			u16 flags, u32 len, bool in_table)
{
	bool ok = e->driver_features & BIT_ULL(VIRTIO_F_RING_INDIRECT_DESC) &&
		  !(flags & VRING_DESC_F_NEXT) && !in_table && len &&
		  !(len % sizeof(struct vring_desc));

	if (!ok)
		emul_chain_violation(e, c, "indirect descriptor without the feature, with NEXT, nested or of a bad length");
	return ok;
}

/*
 * Collect the chain at @head of @table (@count entries): at most @count
 * descriptors, so a loop ends as a violation, as does a NEXT pointing out
 * of the table
 */
static void collect(struct virtio_emul *e, struct vring_desc *table,
		    u32 count, u16 head, struct emul_chain *c, bool in_table)
{
	u16 idx = head;

	for (u32 n = 0; n < count; n++) {
		struct vring_desc *d = &table[idx];
		u16 flags = le16_to_cpu(d->flags);
		u32 len = le32_to_cpu(d->len);

		if (flags & VRING_DESC_F_INDIRECT) {
			if (!indirect_ok(e, c, flags, len, in_table))
				return;
			c->indirect = true;
			collect(e, map_sysmem(le64_to_cpu(d->addr), 0),
				len / sizeof(*d), 0, c, true);
			return;
		}
		emul_seg_add(e, c, le64_to_cpu(d->addr), len,
			     flags & VRING_DESC_F_WRITE);
		if (!(flags & VRING_DESC_F_NEXT))
			return;
		idx = le16_to_cpu(d->next);
		if (idx >= count) {
			emul_chain_violation(e, c, "NEXT points outside the table");
			return;
		}
	}
	emul_chain_violation(e, c, "a chain that loops");
}

/* EMUL_FAULT_SHORT: offer the backend at most short_len writable bytes */
static void shorten(struct virtio_emul *e, struct emul_chain *c)
{
	u32 left = e->short_len;

	if (!(e->faults & EMUL_FAULT_SHORT))
		return;
	for (int i = 0; i < c->n; i++) {
		if (!c->seg[i].write)
			continue;
		c->seg[i].len = min(c->seg[i].len, left);
		left -= c->seg[i].len;
	}
	c->in_room = min(c->in_room, e->short_len);
}

int emul_serve(struct virtio_emul *e, unsigned int q, struct emul_chain *c)
{
	c->posted = c->in_room;
	shorten(e, c);
	e->stats.max_chain = max_t(u32, e->stats.max_chain, c->descs);
	return e->backend->process(e, q, c);
}

static void complete(struct virtio_emul *e, struct emul_queue *q,
		     struct vring_used *used, u16 head, u32 len, u32 room)
{
	u16 uidx = le16_to_cpu(used->idx);

	used->ring[uidx % q->num].id = cpu_to_le32(
		e->faults & EMUL_FAULT_USED_ID ? q->num + 5 : head);
	used->ring[uidx % q->num].len = cpu_to_le32(
		e->faults & EMUL_FAULT_USED_LEN ? room + 1 : len);
	wmb();
	uidx += e->faults & EMUL_FAULT_USED_JUMP ? 10 : 1;
	WRITE_ONCE(used->idx, cpu_to_le16(uidx));
	e->stats.buffers++;
}

/* The chain at avail ring entry @slot, as the device would read it */
static u32 split_slot_sum(struct virtio_emul *e, struct emul_queue *q,
			  u16 slot)
{
	struct vring_avail *avail;
	struct vring_used *used;
	struct vring_desc *desc;
	u16 idx;
	u32 sum;

	emul_ring_addrs(e, q, &desc, &avail, &used);
	idx = le16_to_cpu(avail->ring[slot]);
	sum = emul_sum(2166136261U, &avail->ring[slot], 2);
	for (u32 n = 0; idx < q->num && n < q->num; n++) {
		struct vring_desc *d = &desc[idx];
		u16 flags = le16_to_cpu(d->flags);

		sum = emul_sum(sum, d, sizeof(*d));
		if (flags & VRING_DESC_F_INDIRECT)
			sum = emul_sum(sum, map_sysmem(le64_to_cpu(d->addr), 0),
				       min_t(u32, le32_to_cpu(d->len),
					     16 * EMUL_QUEUE_MAX));
		if (!(flags & VRING_DESC_F_NEXT))
			break;
		idx = le16_to_cpu(d->next);
	}
	return sum;
}

/* A new buffer at avail ring entry @slot: noted, then checked */
static unsigned int split_slot_note(struct virtio_emul *e,
				    struct emul_queue *q, u16 slot)
{
	struct emul_chain c = { .n = 0 };
	struct vring_avail *avail;
	struct vring_used *used;
	struct vring_desc *desc;
	u16 head;

	q->slot_sum[slot] = split_slot_sum(e, q, slot);
	emul_ring_addrs(e, q, &desc, &avail, &used);
	head = le16_to_cpu(avail->ring[slot]);
	if (head >= q->num) {
		emul_violation(e, "an available head out of range");
		return 1;
	}
	collect(e, desc, q->num, head, &c, false);
	emul_check_chain(e, q, &c);
	return 1;
}

void emul_interrupt(struct virtio_emul *e)
{
	e->isr |= 1;
	if (e->faults & EMUL_FAULT_ISR_JUNK)
		e->isr |= 0x80;
	e->stats.interrupts++;
}

/*
 * §2.7.7.2, §2.7.10: after used entries @old up to @new, interrupt unless
 * the driver suppressed it: NO_INTERRUPT, or a used_event not among them
 */
static void split_interrupt(struct virtio_emul *e, struct emul_queue *q,
			    struct vring_avail *avail, u16 old, u16 new)
{
	u16 event;

	if (old == new)
		return;
	if (e->driver_features & BIT_ULL(VIRTIO_F_RING_EVENT_IDX)) {
		event = le16_to_cpu(READ_ONCE(avail->ring[q->num]));
		if ((u16)(new - event - 1) < (u16)(new - old))
			emul_interrupt(e);
	} else if (!(READ_ONCE(avail->flags) &
		     cpu_to_le16(VRING_AVAIL_F_NO_INTERRUPT))) {
		emul_interrupt(e);
	}
}

void emul_process_queue(struct virtio_emul *e, unsigned int qi)
{
	struct emul_queue *q = &e->q[qi];
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	u16 used_old;

	if (qi >= emul_queues(e) || !emul_queue_live(e, q) ||
	    !(e->status & VIRTIO_CONFIG_S_DRIVER_OK) || !e->backend ||
	    q->parked)
		return;
	if (e->driver_features & BIT_ULL(VIRTIO_F_RING_PACKED)) {
		emul_packed_process(e, qi);
		return;
	}
	emul_ring_addrs(e, q, &desc, &avail, &used);
	/* §2.7.7.1: with RING_EVENT_IDX the driver's avail flags are 0 */
	if (e->driver_features & BIT_ULL(VIRTIO_F_RING_EVENT_IDX) ?
	    READ_ONCE(avail->flags) :
	    READ_ONCE(avail->flags) & ~cpu_to_le16(VRING_AVAIL_F_NO_INTERRUPT))
		emul_violation(e, "avail flags not 0 under RING_EVENT_IDX, or reserved bits set");
	/* §2.7.6: the index only moves on, by at most the queue */
	if ((u16)(le16_to_cpu(READ_ONCE(avail->idx)) - q->seen_avail) > q->num)
		emul_violation(e, "the avail index moved back or past the queue");
	q->seen_avail = le16_to_cpu(READ_ONCE(avail->idx));
	emul_exposed_check(e, q, split_slot_sum);
	emul_exposed_note(e, q, (u16)(q->seen_avail - q->last_avail),
			  split_slot_note);
	used_old = le16_to_cpu(used->idx);
	while (q->last_avail != le16_to_cpu(READ_ONCE(avail->idx))) {
		u16 head = le16_to_cpu(avail->ring[q->last_avail % q->num]);
		struct emul_chain c = { .quiet = true };
		int len = 0;

		if (head < q->num) {
			collect(e, desc, q->num, head, &c, false);
			len = emul_serve(e, qi, &c);
			if (len == -EAGAIN)
				break;	/* kept until input arrives */
		}
		q->last_avail++;
		emul_exposed_used(q, 1);
		e->stats.indirect += c.indirect;
		complete(e, q, used, head, len < 0 ? 0 : len, c.in_room);
	}
	split_interrupt(e, q, avail, used_old, le16_to_cpu(used->idx));
	/* With EVENT_IDX the device names the index it wants a kick at */
	*(__le16 *)&used->ring[q->num] =
		cpu_to_le16(e->no_notify ? q->last_avail + 0x8000 :
			    q->last_avail);
	used->flags = cpu_to_le16(e->no_notify ? VRING_USED_F_NO_NOTIFY : 0);
	/* The field of the other mode says the opposite: to be ignored */
	if (e->faults & EMUL_FAULT_MIXED_SIGNALS) {
		if (e->driver_features & BIT_ULL(VIRTIO_F_RING_EVENT_IDX))
			used->flags = cpu_to_le16(VRING_USED_F_NO_NOTIFY);
		else
			*(__le16 *)&used->ring[q->num] =
				cpu_to_le16(q->last_avail + 0x8000);
	}
	if (e->faults & EMUL_FAULT_STALE_EVENT &&
	    q->last_avail == le16_to_cpu(READ_ONCE(avail->idx))) {
		q->parked = true;
		e->stats.parked++;
		*(__le16 *)&used->ring[q->num] = cpu_to_le16(q->last_avail - 2);
	}
}

void emul_notify(struct virtio_emul *e, u32 qi)
{
	e->stats.notifies++;
	/* §3.1.1, §2.9: notifications only to a live queue, after DRIVER_OK */
	if (!(e->status & VIRTIO_CONFIG_S_DRIVER_OK) || qi >= emul_queues(e) ||
	    !emul_queue_live(e, &e->q[qi]))
		emul_violation(e, "a notification before DRIVER_OK or to a queue not set up");
	if (qi >= emul_queues(e) || e->faults & EMUL_FAULT_SILENT)
		return;
	e->q[qi].parked = false;
	if (e->faults & EMUL_FAULT_NEEDS_RESET) {
		e->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
		return;
	}
	if (!e->deferred)
		emul_process_queue(e, qi);
}

void emul_poll(struct virtio_emul *e)
{
	if (e->backend && e->backend->poll && !e->deferred &&
	    !(e->faults & (EMUL_FAULT_SILENT | EMUL_FAULT_NEEDS_RESET))) {
		e->in_poll = true;
		e->backend->poll(e);
		e->in_poll = false;
	}
}

u8 sandbox_virtio_emul_rng_byte(u64 n)
{
	return (u8)((n * 0x9e3779b97f4a7c15ULL) >> 56) ^ (u8)n;
}

/*
 * The test hooks. Every model of UCLASS_VIRTIO_EMUL (virtio_mmio_emul.c,
 * virtio_pci_emul.c) has its struct virtio_emul first in its priv.
 */
struct udevice *sandbox_virtio_emul_get(const char *name)
{
	struct udevice *dev;

	if (uclass_find_device_by_name(UCLASS_VIRTIO_EMUL, name, &dev) ||
	    device_probe(dev))
		return NULL;
	return dev;
}

static struct virtio_emul *emul(struct udevice *dev)
{
	return dev_get_priv(dev);
}

int sandbox_virtio_emul_transport(struct udevice *dev, struct udevice **devp)
{
	if (!device_active(dev) || !emul(dev)->transport)
		return -ENODEV;
	return emul(dev)->transport(dev, devp);
}

void sandbox_virtio_emul_set_faults(struct udevice *dev, u32 faults)
{
	emul(dev)->faults = faults;
}

void sandbox_virtio_emul_set_short(struct udevice *dev, u32 bytes)
{
	emul(dev)->short_len = bytes;
}

void sandbox_virtio_emul_set_features(struct udevice *dev, u64 features)
{
	emul(dev)->offered = features;
}

void sandbox_virtio_emul_set_version(struct udevice *dev, u32 version)
{
	emul(dev)->version = version;
}

void sandbox_virtio_emul_set_device_id(struct udevice *dev, u32 id)
{
	emul(dev)->device_id = id;
}

u64 sandbox_virtio_emul_features(struct udevice *dev)
{
	return emul(dev)->offered;
}

void sandbox_virtio_emul_set_no_notify(struct udevice *dev, bool no_notify)
{
	emul(dev)->no_notify = no_notify;
}

void sandbox_virtio_emul_set_deferred(struct udevice *dev, bool deferred)
{
	emul(dev)->deferred = deferred;
}

void sandbox_virtio_emul_complete(struct udevice *dev)
{
	for (unsigned int i = 0; i < emul_queues(emul(dev)); i++)
		emul_process_queue(emul(dev), i);
}

int sandbox_virtio_emul_net_peer(struct udevice *dev, unsigned int port)
{
	return emul_net_peer(emul(dev), port);
}

int sandbox_virtio_emul_net_link(struct udevice *dev, bool up)
{
	return emul_net_link(emul(dev), up);
}

int sandbox_virtio_emul_blk_opts(struct udevice *dev,
				 struct virtio_emul_blk_opts *opts)
{
	return emul_blk_get_opts(emul(dev), opts);
}

int sandbox_virtio_emul_blk_set_opts(struct udevice *dev,
				     const struct virtio_emul_blk_opts *opts)
{
	return emul_blk_set_opts(emul(dev), opts);
}

struct virtio_emul_blk_stats *sandbox_virtio_emul_blk_stats(struct udevice *dev)
{
	return emul_blk_stats(emul(dev));
}

int sandbox_virtio_emul_blk_rw(struct udevice *dev, u64 off, void *buf,
			       u32 len, bool write)
{
	return emul_blk_rw(emul(dev), off, buf, len, write);
}

int sandbox_virtio_emul_scsi_opts(struct udevice *dev,
				  struct virtio_emul_scsi_opts *opts)
{
	return emul_scsi_get_opts(emul(dev), opts);
}

int sandbox_virtio_emul_scsi_set_opts(struct udevice *dev,
				      const struct virtio_emul_scsi_opts *opts)
{
	return emul_scsi_set_opts(emul(dev), opts);
}

struct virtio_emul_scsi_stats *sandbox_virtio_emul_scsi_stats(struct udevice *dev)
{
	return emul_scsi_stats(emul(dev));
}

int sandbox_virtio_emul_scsi_rw(struct udevice *dev, unsigned int unit,
				u64 off, void *buf, u32 len, bool write)
{
	return emul_scsi_rw(emul(dev), unit, off, buf, len, write);
}

int sandbox_virtio_emul_scsi_set_tamper(struct udevice *dev,
					virtio_emul_scsi_tamper fn, void *ctx)
{
	return emul_scsi_set_tamper(emul(dev), fn, ctx);
}

int sandbox_virtio_emul_scsi_event(struct udevice *dev, u32 event,
				   const u8 lun[8])
{
	return emul_scsi_event(emul(dev), event, lun);
}

struct virtio_emul_stats *sandbox_virtio_emul_stats(struct udevice *dev)
{
	return &emul(dev)->stats;
}

u32 sandbox_virtio_emul_isr(struct udevice *dev)
{
	return emul(dev)->isr;
}

void sandbox_virtio_emul_isr_raise(struct udevice *dev)
{
	emul_interrupt(emul(dev));
}

UCLASS_DRIVER(virtio_emul) = {
	.name = "virtio_emul",
	.id = UCLASS_VIRTIO_EMUL,
};
