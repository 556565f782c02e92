// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox model of a virtio-mmio device (version 1 or 2), for unit tests:
 * a register file the real virtio_mmio.c driver talks to through readl()/
 * writel() (routed here by arch/sandbox/mmio.c), and the device side of
 * split virtqueues. The entropy backend fills writable buffers with a
 * deterministic stream. Faults are switched on by tests
 * (asm/virtio_emul.h).
 */
#include <asm/io.h>
#include <asm/virtio_emul.h>
#include <byteorder.h>
#include <dm.h>
#include <string.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "virtio_mmio_regs.h"

#define EMUL_QUEUES	2
#define EMUL_QUEUE_MAX	64
#define EMUL_VENDOR	0x554d4245	/* "EBMU" */

struct emul_queue {
	u32 num;
	u32 pfn;
	u32 align;
	u32 ready;
	u64 desc, driver, device;
	u16 last_avail;
};

struct virtio_emul {
	phys_addr_t base;
	u64 size;
	u32 version;
	u32 device_id;
	u64 offered;
	u32 dev_sel, drv_sel;
	u64 driver_features;
	u32 page_size;
	u32 status;
	u32 queue_sel;
	u32 generation;
	struct emul_queue q[EMUL_QUEUES];
	u32 faults;
	u32 short_len;
	bool no_notify;
	bool deferred;
	u64 rng_pos;
	struct virtio_emul_stats stats;
};

u8 sandbox_virtio_emul_rng_byte(u64 n)
{
	return (u8)((n * 0x9e3779b97f4a7c15ULL) >> 56) ^ (u8)n;
}

static bool modern(struct virtio_emul *e)
{
	return e->version == 2;
}

/* Queue ring addresses, from QueuePFN (v1) or the address registers (v2) */
static void ring_addrs(struct virtio_emul *e, struct emul_queue *q,
		       struct vring_desc **desc, struct vring_avail **avail,
		       struct vring_used **used)
{
	if (modern(e)) {
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

static bool queue_live(struct virtio_emul *e, struct emul_queue *q)
{
	return q->num && (modern(e) ? q->ready : q->pfn);
}

/* Fill the writable parts of one chain; returns bytes written */
static u32 serve_chain(struct virtio_emul *e, struct vring_desc *table,
		       u32 count, u16 head, bool *indirect)
{
	u32 written = 0, limit = e->faults & EMUL_FAULT_SHORT ? e->short_len :
							       ~0U;
	u16 idx = head;

	for (u32 n = 0; n < count; n++) {
		struct vring_desc *d = &table[idx];
		u16 flags = le16_to_cpu(d->flags);

		if (flags & VRING_DESC_F_INDIRECT) {
			*indirect = true;
			return serve_chain(e, map_sysmem(le64_to_cpu(d->addr), 0),
					   le32_to_cpu(d->len) / 16, 0, indirect);
		}
		if (flags & VRING_DESC_F_WRITE) {
			u8 *p = map_sysmem(le64_to_cpu(d->addr), 0);
			u32 len = min(le32_to_cpu(d->len), limit - written);

			for (u32 i = 0; i < len; i++)
				p[i] = sandbox_virtio_emul_rng_byte(e->rng_pos++);
			written += len;
		}
		if (n + 1 > e->stats.max_chain)
			e->stats.max_chain = n + 1;
		if (!(flags & VRING_DESC_F_NEXT))
			break;
		idx = le16_to_cpu(d->next);
		if (idx >= count)
			break;
	}
	return written;
}

static void process_queue(struct virtio_emul *e, unsigned int qi)
{
	struct emul_queue *q = &e->q[qi];
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	__le16 *avail_event;

	if (!queue_live(e, q) || !(e->status & VIRTIO_CONFIG_S_DRIVER_OK))
		return;
	ring_addrs(e, q, &desc, &avail, &used);
	avail_event = (__le16 *)&used->ring[q->num];
	while (q->last_avail != le16_to_cpu(READ_ONCE(avail->idx))) {
		u16 head = le16_to_cpu(avail->ring[q->last_avail % q->num]);
		u16 uidx = le16_to_cpu(used->idx);
		bool indirect = false;
		u32 len = head < q->num ? serve_chain(e, desc, q->num, head,
						      &indirect) : 0;

		q->last_avail++;
		e->stats.buffers++;
		e->stats.indirect += indirect;
		used->ring[uidx % q->num].id = cpu_to_le32(
			e->faults & EMUL_FAULT_USED_ID ? q->num + 5 : head);
		used->ring[uidx % q->num].len = cpu_to_le32(
			e->faults & EMUL_FAULT_USED_LEN ? len + 4096 : len);
		wmb();
		uidx += e->faults & EMUL_FAULT_USED_JUMP ? 10 : 1;
		WRITE_ONCE(used->idx, cpu_to_le16(uidx));
	}
	/* With EVENT_IDX the device names the index it wants a kick at */
	*avail_event = cpu_to_le16(e->no_notify ? q->last_avail + 0x8000 :
				   q->last_avail);
	used->flags = cpu_to_le16(e->no_notify ? VRING_USED_F_NO_NOTIFY : 0);
}

static void notify(struct virtio_emul *e, u32 qi)
{
	e->stats.notifies++;
	if (qi >= EMUL_QUEUES || e->faults & EMUL_FAULT_SILENT)
		return;
	if (e->faults & EMUL_FAULT_NEEDS_RESET) {
		e->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
		return;
	}
	if (!e->deferred)
		process_queue(e, qi);
}

static void reset(struct virtio_emul *e)
{
	e->stats.resets++;
	e->status = 0;
	e->driver_features = 0;
	memset(e->q, 0, sizeof(e->q));
}

static void write_status(struct virtio_emul *e, u32 val)
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
	if ((val & VIRTIO_CONFIG_S_FEATURES_OK) &&
	    ((e->faults & EMUL_FAULT_REFUSE_FEATURES) ||
	     (e->driver_features & ~e->offered)))
		val &= ~VIRTIO_CONFIG_S_FEATURES_OK;
	e->status = val;
	e->stats.driver_features = e->driver_features;
}

static u64 emul_read(void *ctx, ulong off, int size)
{
	struct virtio_emul *e = ctx;
	struct emul_queue *q = &e->q[e->queue_sel % EMUL_QUEUES];

	if (off >= VIRTIO_MMIO_CONFIG) {
		/* Entropy devices have no configuration: reads give 0 */
		return 0;
	}
	switch (off) {
	case VIRTIO_MMIO_MAGIC:
		return e->faults & EMUL_FAULT_BAD_MAGIC ? 0x12345678 :
		       VIRTIO_MMIO_MAGIC_VALUE;
	case VIRTIO_MMIO_VERSION:
		return e->version;
	case VIRTIO_MMIO_DEVICE_ID:
		return e->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return EMUL_VENDOR;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return e->dev_sel > 1 ? 0 : (u32)(e->offered >> (32 * e->dev_sel));
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return e->queue_sel < EMUL_QUEUES ? EMUL_QUEUE_MAX : 0;
	case VIRTIO_MMIO_QUEUE_PFN:
		return q->pfn;
	case VIRTIO_MMIO_QUEUE_READY:
		return q->ready;
	case VIRTIO_MMIO_STATUS:
		return e->status;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		if (e->faults & EMUL_FAULT_CONFIG_GEN)
			return ++e->generation;
		return e->generation;
	default:
		return 0;
	}
}

static void set_half(u64 *v, bool high, u32 val)
{
	*v = high ? (*v & 0xffffffffULL) | (u64)val << 32 :
		    (*v & ~0xffffffffULL) | val;
}

static void emul_write(void *ctx, ulong off, u64 val, int size)
{
	struct virtio_emul *e = ctx;
	struct emul_queue *q = &e->q[e->queue_sel % EMUL_QUEUES];

	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		e->dev_sel = val;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		e->drv_sel = val;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (e->drv_sel <= 1)
			set_half(&e->driver_features, e->drv_sel, val);
		break;
	case VIRTIO_MMIO_GUEST_PAGE_SIZE:
		e->page_size = val;
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		e->queue_sel = val;
		break;
	case VIRTIO_MMIO_QUEUE_NUM:
		q->num = val <= EMUL_QUEUE_MAX ? val : 0;
		break;
	case VIRTIO_MMIO_QUEUE_ALIGN:
		q->align = val;
		break;
	case VIRTIO_MMIO_QUEUE_PFN:
		q->pfn = val;
		break;
	case VIRTIO_MMIO_QUEUE_READY:
		q->ready = val & 1;
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_half(&q->desc, off & 4, val);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_half(&q->driver, off & 4, val);
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		set_half(&q->device, off & 4, val);
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		notify(e, val);
		break;
	case VIRTIO_MMIO_STATUS:
		write_status(e, val);
		break;
	default:
		break;
	}
}

static const struct sandbox_mmio_ops emul_ops = {
	.read = emul_read,
	.write = emul_write,
};

static int emul_probe(struct udevice *dev)
{
	struct virtio_emul *e = dev_get_priv(dev);
	u32 rng_features[] = { VIRTIO_F_RING_INDIRECT_DESC,
			       VIRTIO_F_RING_EVENT_IDX };
	int ret;

	u32 base, size;

	ret = ofnode_read_u32_index(dev->node, "ember,window", 0, &base);
	if (!ret)
		ret = ofnode_read_u32_index(dev->node, "ember,window", 1, &size);
	if (ret) {
		dev_err(dev, "needs ember,window = <base size>\n");
		return ret;
	}
	e->base = base;
	e->size = size;
	e->device_id = ofnode_read_u32_default(dev->node, "ember,device-id", 0);
	e->version = ofnode_read_u32_default(dev->node, "ember,version", 2);
	for (unsigned int i = 0; i < ARRAY_SIZE(rng_features); i++)
		e->offered |= BIT_ULL(rng_features[i]);
	if (modern(e))
		e->offered |= BIT_ULL(VIRTIO_F_VERSION_1);
	e->page_size = VIRTIO_MMIO_PAGE_SIZE;
	return sandbox_mmio_add(e->base, e->size, &emul_ops, e);
}

static int emul_remove(struct udevice *dev)
{
	struct virtio_emul *e = dev_get_priv(dev);

	sandbox_mmio_remove(e->base);
	return 0;
}

struct udevice *sandbox_virtio_emul_find(phys_addr_t base)
{
	struct udevice *dev;
	struct uclass *uc;

	if (uclass_get(UCLASS_NOP, &uc))
		return NULL;
	uclass_foreach_dev(dev, uc) {
		struct virtio_emul *e = dev_get_priv(dev);

		if (device_active(dev) && e && e->base == base &&
		    !strcmp(dev->driver->name, "virtio_mmio_emul"))
			return dev;
	}
	return NULL;
}

static struct virtio_emul *emul(struct udevice *dev)
{
	return dev_get_priv(dev);
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
	for (unsigned int i = 0; i < EMUL_QUEUES; i++)
		process_queue(emul(dev), i);
}

struct virtio_emul_stats *sandbox_virtio_emul_stats(struct udevice *dev)
{
	return &emul(dev)->stats;
}

static const struct udevice_id emul_ids[] = {
	{ .compatible = "sandbox,virtio-mmio-emul" },
	{ }
};

EMBER_DRIVER(virtio_mmio_emul) = {
	.name = "virtio_mmio_emul",
	.id = UCLASS_NOP,
	.of_match = emul_ids,
	.probe = emul_probe,
	.remove = emul_remove,
	.priv_size = sizeof(struct virtio_emul),
	.flags = DM_FLAG_PROBE_AFTER_BIND,
};
