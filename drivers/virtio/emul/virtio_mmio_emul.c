// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox model of a virtio-mmio transport (version 1 or 2): the register
 * file the real virtio_mmio.c driver talks to through readl()/writel()
 * (routed here by arch/sandbox/mmio.c). The device behind it (status,
 * rings, function, faults) is virtio_emul_core.c with a backend. Test
 * hooks: asm/virtio_emul.h.
 *
 * The model polices the driver (§4.2.2.2, §4.2.3): every access to a
 * control register is 32 bits wide and aligned, reads only readable and
 * writes only writable registers of the model's version, device
 * configuration fields are accessed at their own width, a feature word is
 * selected before it is read or written, QueueNum is at most QueueNumMax,
 * and a queue's registers stay untouched while it is ready. Each broken
 * rule is an emul_violation().
 */
#include <asm/io.h>
#include <asm/virtio_emul.h>
#include <dm.h>
#include <string.h>
#include <virtio.h>
#include "virtio_emul_core.h"
#include "../virtio_mmio_regs.h"

struct mmio_emul {
	struct virtio_emul e;	/* first: see virtio_emul_core.c */
	phys_addr_t base;
	u64 size;
	u32 dev_sel, drv_sel;
	u32 queue_sel;
	bool dev_sel_set, drv_sel_set;	/* written since the last reset */
	bool absent;	/* DeviceID read as 0: nothing else may be touched */
	struct emul_queue none;	/* a queue the device does not have */
};

/* Register directions (Table 4.1 and §4.2.4): bit 0 read, bit 1 write */
enum { R = 1, W = 2, RW = 3 };
/* Present in version 1 only (L), version 2 only (M), or both (0) */
enum { ANY = 0, L = 4, M = 8 };

static const u8 regs[VIRTIO_MMIO_CONFIG / 4] = {
	[VIRTIO_MMIO_MAGIC / 4] = R,
	[VIRTIO_MMIO_VERSION / 4] = R,
	[VIRTIO_MMIO_DEVICE_ID / 4] = R,
	[VIRTIO_MMIO_VENDOR_ID / 4] = R,
	[VIRTIO_MMIO_DEVICE_FEATURES / 4] = R,
	[VIRTIO_MMIO_DEVICE_FEATURES_SEL / 4] = W,
	[VIRTIO_MMIO_DRIVER_FEATURES / 4] = W,
	[VIRTIO_MMIO_DRIVER_FEATURES_SEL / 4] = W,
	[VIRTIO_MMIO_GUEST_PAGE_SIZE / 4] = W | L,
	[VIRTIO_MMIO_QUEUE_SEL / 4] = W,
	[VIRTIO_MMIO_QUEUE_NUM_MAX / 4] = R,
	[VIRTIO_MMIO_QUEUE_NUM / 4] = W,
	[VIRTIO_MMIO_QUEUE_ALIGN / 4] = W | L,
	[VIRTIO_MMIO_QUEUE_PFN / 4] = RW | L,
	[VIRTIO_MMIO_QUEUE_READY / 4] = RW | M,
	[VIRTIO_MMIO_QUEUE_NOTIFY / 4] = W,
	[VIRTIO_MMIO_INTERRUPT_STATUS / 4] = R,
	[VIRTIO_MMIO_INTERRUPT_ACK / 4] = W,
	[VIRTIO_MMIO_STATUS / 4] = RW,
	[VIRTIO_MMIO_QUEUE_DESC_LOW / 4] = W | M,
	[VIRTIO_MMIO_QUEUE_DESC_HIGH / 4] = W | M,
	[VIRTIO_MMIO_QUEUE_DRIVER_LOW / 4] = W | M,
	[VIRTIO_MMIO_QUEUE_DRIVER_HIGH / 4] = W | M,
	[VIRTIO_MMIO_QUEUE_DEVICE_LOW / 4] = W | M,
	[VIRTIO_MMIO_QUEUE_DEVICE_HIGH / 4] = W | M,
	[VIRTIO_MMIO_CONFIG_GENERATION / 4] = R | M,
};

/* Whether the driver may make this access; a violation if not */
static bool access_ok(struct mmio_emul *m, ulong off, int size, bool write)
{
	struct virtio_emul *e = &m->e;
	u8 reg;

	if (off >= VIRTIO_MMIO_CONFIG)
		return emul_config_access_ok(e, off - VIRTIO_MMIO_CONFIG, size,
					     write);
	reg = regs[off / 4];
	/* §4.2.3.1.1: a slot that said "no device" is left alone */
	if (m->absent && off != VIRTIO_MMIO_MAGIC &&
	    off != VIRTIO_MMIO_VERSION && off != VIRTIO_MMIO_DEVICE_ID) {
		emul_violation(e, "a register of an empty slot (DeviceID 0) touched");
		return false;
	}
	if (size != 4 || off % 4) {
		emul_violation(e, "a control register access not 32 bits wide and aligned");
		return false;
	}
	if (!reg || (reg & L && e->version != 1) ||
	    (reg & M && e->version == 1)) {
		emul_violation(e, "an access to a register the version does not have");
		return false;
	}
	if (!(reg & (write ? W : R))) {
		emul_violation(e, write ? "a write to a read-only register" :
				  "a read of a write-only register");
		return false;
	}
	return true;
}

BUILD_BUG_ON(offsetof(struct mmio_emul, e) != 0);

/* The selected queue; one the device does not have reads 0, keeps nothing */
static struct emul_queue *sel_queue(struct mmio_emul *m)
{
	if (m->queue_sel < emul_queues(&m->e))
		return &m->e.q[m->queue_sel];
	memset(&m->none, 0, sizeof(m->none));
	return &m->none;
}

static u64 mmio_emul_read(void *ctx, ulong off, int size)
{
	struct mmio_emul *m = ctx;
	struct virtio_emul *e = &m->e;
	u64 v = 0;

	if (!access_ok(m, off, size, false))
		return 0;
	if (off >= VIRTIO_MMIO_CONFIG) {
		for (int i = size - 1; i >= 0; i--)
			v = v << 8 | emul_config(e, off - VIRTIO_MMIO_CONFIG + i);
		return v;
	}
	switch (off) {
	case VIRTIO_MMIO_MAGIC:
		return e->faults & EMUL_FAULT_BAD_MAGIC ? 0x12345678 :
		       VIRTIO_MMIO_MAGIC_VALUE;
	case VIRTIO_MMIO_VERSION:
		return e->version;
	case VIRTIO_MMIO_DEVICE_ID:
		m->absent = !e->device_id;
		return e->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return EMUL_VENDOR;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		if (!m->dev_sel_set)
			emul_violation(e, "DeviceFeatures read before DeviceFeaturesSel was written");
		return m->dev_sel > 1 ? 0 : (u32)(e->offered >> (32 * m->dev_sel));
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return m->queue_sel < emul_queues(e) ? EMUL_QUEUE_MAX : 0;
	case VIRTIO_MMIO_QUEUE_PFN:
		return sel_queue(m)->pfn;
	case VIRTIO_MMIO_QUEUE_READY:
		sel_queue(m)->retiring = false;
		return sel_queue(m)->ready;
	case VIRTIO_MMIO_STATUS:
		return emul_read_status(e);
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return e->isr;
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

static void queue_write(struct mmio_emul *m, ulong off, u32 val)
{
	struct emul_queue *q = sel_queue(m);

	/* §4.2.2.2: a ready queue's size and addresses stay as they are */
	if (q->ready && off != VIRTIO_MMIO_QUEUE_READY)
		emul_violation(&m->e, "a queue register written while the queue is ready");
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM:
		if (val > EMUL_QUEUE_MAX)
			emul_violation(&m->e, "QueueNum above QueueNumMax");
		q->num = val <= EMUL_QUEUE_MAX ? val : 0;
		break;
	case VIRTIO_MMIO_QUEUE_ALIGN:
		q->align = val;
		break;
	case VIRTIO_MMIO_QUEUE_PFN:
		q->pfn = val;
		if (val)
			emul_queue_enable(&m->e, q);
		break;
	case VIRTIO_MMIO_QUEUE_READY:
		q->retiring = q->ready && !(val & 1);
		q->ready = val & 1;
		if (q->ready)
			emul_queue_enable(&m->e, q);
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
	}
}

static void mmio_emul_write(void *ctx, ulong off, u64 val, int size)
{
	struct mmio_emul *m = ctx;
	struct virtio_emul *e = &m->e;

	if (!access_ok(m, off, size, true))
		return;
	if (off >= VIRTIO_MMIO_CONFIG) {
		emul_config_write(e, off - VIRTIO_MMIO_CONFIG, val, size);
		return;
	}
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		m->dev_sel = val;
		m->dev_sel_set = true;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		m->drv_sel = val;
		m->drv_sel_set = true;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (!m->drv_sel_set)
			emul_violation(e, "DriverFeatures written before DriverFeaturesSel");
		if (emul_driver_features(e) && m->drv_sel <= 1)
			set_half(&e->driver_features, m->drv_sel, val);
		break;
	case VIRTIO_MMIO_GUEST_PAGE_SIZE:
		e->page_size = val;
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		m->queue_sel = val;
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		emul_notify(e, val);
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		/* §4.2.2.2: only events that have a meaning */
		if (val & ~VIRTIO_MMIO_INT_DEFINED)
			emul_violation(e, "InterruptACK with undefined bits");
		e->isr &= ~(u32)val;
		break;
	case VIRTIO_MMIO_STATUS:
		emul_write_status(e, val);
		if (!val)
			m->dev_sel_set = m->drv_sel_set = false;
		break;
	default:
		queue_write(m, off, val);
		break;
	}
}

static void mmio_emul_poll(void *ctx)
{
	struct mmio_emul *m = ctx;

	emul_poll(&m->e);
}

static const struct sandbox_mmio_ops mmio_emul_ops = {
	.read = mmio_emul_read,
	.write = mmio_emul_write,
	.poll = mmio_emul_poll,
};

/* The virtio-mmio transport whose 'reg' is this model's window */
static int mmio_emul_transport(struct udevice *emul, struct udevice **devp)
{
	struct mmio_emul *m = dev_get_priv(emul);
	struct udevice *dev;
	struct uclass *uc;
	int ret = uclass_get(UCLASS_VIRTIO, &uc);

	if (ret)
		return ret;
	uclass_foreach_dev(dev, uc) {
		u64 addr, size;

		if (!ofnode_get_addr_size_index(dev_ofnode(dev), 0, &addr,
						&size) && addr == m->base) {
			*devp = dev;
			return 0;
		}
	}
	return -ENOENT;
}

static int mmio_emul_probe(struct udevice *dev)
{
	struct mmio_emul *m = dev_get_priv(dev);
	u32 base, size;
	int ret;

	ret = ofnode_read_u32_index(dev->node, "ember,window", 0, &base);
	if (!ret)
		ret = ofnode_read_u32_index(dev->node, "ember,window", 1, &size);
	if (ret) {
		dev_err(dev, "needs ember,window = <base size>\n");
		return ret;
	}
	m->base = base;
	m->size = size;
	ret = emul_init(&m->e, dev->name, dev->node);
	m->e.transport = mmio_emul_transport;
	if (!ret)
		ret = sandbox_mmio_add(m->base, m->size, &mmio_emul_ops, m);
	if (ret) {
		dev_err(dev, "cannot start the model: %d\n", ret);
		emul_destroy(&m->e);
	}
	return ret;
}

static int mmio_emul_remove(struct udevice *dev)
{
	struct mmio_emul *m = dev_get_priv(dev);

	sandbox_mmio_remove(m->base);
	emul_destroy(&m->e);
	return 0;
}

static const struct udevice_id mmio_emul_ids[] = {
	{ .compatible = "sandbox,virtio-mmio-emul" },
	{ }
};

EMBER_DRIVER(virtio_mmio_emul) = {
	.name = "virtio_mmio_emul",
	.id = UCLASS_VIRTIO_EMUL,
	.of_match = mmio_emul_ids,
	.probe = mmio_emul_probe,
	.remove = mmio_emul_remove,
	.priv_size = sizeof(struct mmio_emul),
	.flags = DM_FLAG_PROBE_AFTER_BIND,
};
