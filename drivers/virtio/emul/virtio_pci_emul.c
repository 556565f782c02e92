// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox model of a virtio-pci function, a function model of the PCI
 * model (drivers/pci/pci_ecam_emul.c, asm/pci_emul.h). It presents, as
 * QEMU does:
 *
 *   ember,version = <2>              modern only: ID 0x1040 + type,
 *                                    revision 1, capabilities, BAR 4
 *   ember,version = <1>              legacy only: transitional ID, I/O BAR 0
 *   ember,version = <2> + ember,transitional   both interfaces
 *
 * Modern: BAR 4 (64-bit, prefetchable, 16 KiB) holds the common
 * configuration at 0x0000, ISR at 0x1000, device configuration at 0x2000
 * and notifications at 0x3000 (queue N at 0x3000 + 4 N). The device behind
 * either interface is virtio_emul_core.c, so the virtio_emul test hooks
 * (asm/virtio_emul.h) work on this model's device too.
 *
 * The model polices the driver (§4.1.3.1, §4.1.4.3.2, §4.1.4.4,
 * §4.1.4.10): each field of either interface accessed at its own width,
 * no writes to read-only fields, a queue's size and addresses left alone
 * while it is enabled, a split queue's size a power of two, and each
 * notification a 16-bit write of the queue's index at that queue's notify
 * address. With ember,odd-caps it also offers what the driver must skip
 * or accept (§4.1.4): a capability of a reserved type, a common
 * configuration capability in a reserved BAR ahead of the real one, and a
 * device configuration capability longer than its structure.
 */
#include <asm/pci_emul.h>
#include <asm/virtio_emul.h>
#include <byteorder.h>
#include <dm.h>
#include <pci.h>
#include <string.h>
#include <virtio.h>
#include "virtio_emul_core.h"
#include "../virtio_pci_regs.h"

#define MODERN_BAR	4
#define MODERN_SIZE	0x4000
#define COMMON_OFF	0x0000
#define ISR_OFF		0x1000
#define DEVICE_OFF	0x2000
#define NOTIFY_OFF	0x3000
#define REGION_LEN	0x1000
#define NOTIFY_MULT	4
#define LEGACY_BAR	0
#define LEGACY_SIZE	0x80

struct vpci_emul {
	struct virtio_emul e;	/* first: see virtio_emul_core.c */
	struct sandbox_pci_fn *fn;
	bool modern_if;
	bool legacy_if;
	u32 dev_sel, drv_sel;
	u16 queue_sel;
	struct emul_queue none;	/* a queue the device does not have */
};

BUILD_BUG_ON(offsetof(struct vpci_emul, e) != 0);

/* The selected queue; one the device does not have reads 0, keeps nothing */
static struct emul_queue *sel_queue(struct vpci_emul *m)
{
	if (m->queue_sel < emul_queues(&m->e))
		return &m->e.q[m->queue_sel];
	memset(&m->none, 0, sizeof(m->none));
	return &m->none;
}

static void set_half(u64 *v, bool high, u32 val)
{
	*v = high ? (*v & 0xffffffffULL) | (u64)val << 32 :
		    (*v & ~0xffffffffULL) | val;
}

/* A field of a register block: its offset, width, and whether read-only */
struct vpci_field {
	u8 off;
	u8 width;
	bool ro;
};

static const struct vpci_field common_fields[] = {
	{ VPCI_DFSELECT, 4 }, { VPCI_DF, 4, true }, { VPCI_GFSELECT, 4 },
	{ VPCI_GF, 4 }, { VPCI_MSIX_CONFIG, 2 }, { VPCI_NUM_QUEUES, 2, true },
	{ VPCI_STATUS, 1 }, { VPCI_CFG_GENERATION, 1, true },
	{ VPCI_Q_SELECT, 2 }, { VPCI_Q_SIZE, 2 }, { VPCI_Q_MSIX, 2 },
	{ VPCI_Q_ENABLE, 2 }, { VPCI_Q_NOFF, 2, true },
	{ VPCI_Q_DESCLO, 4 }, { VPCI_Q_DESCHI, 4 }, { VPCI_Q_AVAILLO, 4 },
	{ VPCI_Q_AVAILHI, 4 }, { VPCI_Q_USEDLO, 4 }, { VPCI_Q_USEDHI, 4 },
};

static const struct vpci_field legacy_fields[] = {
	{ VPCI_LEGACY_HOST_FEATURES, 4, true },
	{ VPCI_LEGACY_GUEST_FEATURES, 4 }, { VPCI_LEGACY_QUEUE_PFN, 4 },
	{ VPCI_LEGACY_QUEUE_SIZE, 2, true }, { VPCI_LEGACY_QUEUE_SEL, 2 },
	{ VPCI_LEGACY_QUEUE_NOTIFY, 2 }, { VPCI_LEGACY_STATUS, 1 },
	{ VPCI_LEGACY_ISR, 1, true },
};

/* One field, at its width, written only if writable: else a violation */
static bool field_ok(struct virtio_emul *e, const struct vpci_field *f,
		     unsigned int n, u64 off, int size, bool write)
{
	for (unsigned int i = 0; i < n; i++) {
		if (f[i].off != off)
			continue;
		if (size != f[i].width) {
			emul_violation(e, "a register accessed at another width");
			return false;
		}
		if (write && f[i].ro) {
			emul_violation(e, "a write to a read-only register");
			return false;
		}
		return true;
	}
	emul_violation(e, "an access to no register");
	return false;
}

static u64 common_read(struct vpci_emul *m, u64 off)
{
	struct virtio_emul *e = &m->e;
	struct emul_queue *q = sel_queue(m);
	bool exists = m->queue_sel < emul_queues(e);

	switch (off) {
	case VPCI_DFSELECT:
		return m->dev_sel;
	case VPCI_DF:
		return m->dev_sel > 1 ? 0 : (u32)(e->offered >> (32 * m->dev_sel));
	case VPCI_GFSELECT:
		return m->drv_sel;
	case VPCI_GF:
		return m->drv_sel > 1 ? 0 :
		       (u32)(e->driver_features >> (32 * m->drv_sel));
	case VPCI_MSIX_CONFIG:
	case VPCI_Q_MSIX:
		return 0xffff;		/* no vector */
	case VPCI_NUM_QUEUES:
		return emul_queues(e);
	case VPCI_STATUS:
		return emul_read_status(e);
	case VPCI_CFG_GENERATION:
		if (e->faults & EMUL_FAULT_CONFIG_GEN)
			return (u8)++e->generation;
		return (u8)e->generation;
	case VPCI_Q_SELECT:
		return m->queue_sel;
	case VPCI_Q_SIZE:
		return !exists ? 0 : q->num ? q->num : EMUL_QUEUE_MAX;
	case VPCI_Q_ENABLE:
		return exists ? q->ready : 0;
	case VPCI_Q_NOFF:
		return m->queue_sel;
	case VPCI_Q_DESCLO ... VPCI_Q_USEDHI:
		return 0;	/* write-only in this model */
	default:
		return 0;
	}
}

static void common_write(struct vpci_emul *m, u64 off, u32 val)
{
	struct virtio_emul *e = &m->e;
	struct emul_queue *q = sel_queue(m);

	/* §4.1.4.3.2: the queue is set up before it is enabled */
	if (q->ready && off >= VPCI_Q_SIZE && off != VPCI_Q_MSIX &&
	    off != VPCI_Q_ENABLE)
		emul_violation(e, "a queue register written while the queue is enabled");
	if (off == VPCI_Q_SIZE &&
	    (e->driver_features & BIT_ULL(VIRTIO_F_RING_PACKED) ? !val :
	     !val || val & (val - 1)))
		emul_violation(e, "a queue size of 0, or not a power of two for a split ring");
	if (off == VPCI_Q_ENABLE && val != 1)
		emul_violation(e, "queue_enable written with other than 1");
	switch (off) {
	case VPCI_DFSELECT:
		m->dev_sel = val;
		break;
	case VPCI_GFSELECT:
		m->drv_sel = val;
		break;
	case VPCI_GF:
		if (emul_driver_features(e) && m->drv_sel <= 1)
			set_half(&e->driver_features, m->drv_sel, val);
		break;
	case VPCI_STATUS:
		emul_write_status(e, val);
		break;
	case VPCI_Q_SELECT:
		m->queue_sel = val;
		break;
	case VPCI_Q_SIZE:
		q->num = val <= EMUL_QUEUE_MAX ? val : 0;
		break;
	case VPCI_Q_ENABLE:
		q->ready = val & 1;
		if (q->ready)
			emul_queue_enable(e, q);
		break;
	case VPCI_Q_DESCLO:
	case VPCI_Q_DESCHI:
		set_half(&q->desc, off == VPCI_Q_DESCHI, val);
		break;
	case VPCI_Q_AVAILLO:
	case VPCI_Q_AVAILHI:
		set_half(&q->driver, off == VPCI_Q_AVAILHI, val);
		break;
	case VPCI_Q_USEDLO:
	case VPCI_Q_USEDHI:
		set_half(&q->device, off == VPCI_Q_USEDHI, val);
		break;
	}
}

static u64 config_read(struct virtio_emul *e, u64 off, int size)
{
	u64 v = 0;

	for (int i = size - 1; i >= 0; i--)
		v = v << 8 | emul_config(e, off + i);
	return v;
}

/* §4.1.4.5: the ISR status, cleared by its read (INTx drops) */
static u8 isr_read(struct virtio_emul *e)
{
	u8 v = e->isr;

	e->isr = 0;
	return v;
}

static u64 modern_read(struct vpci_emul *m, u64 off, int size)
{
	struct virtio_emul *e = &m->e;

	e->version = 2;
	if (off < COMMON_OFF + REGION_LEN)
		return field_ok(e, common_fields, ARRAY_SIZE(common_fields),
				off - COMMON_OFF, size, false) ?
		       common_read(m, off - COMMON_OFF) : 0;
	if (off < ISR_OFF + REGION_LEN)
		return off == ISR_OFF && size == 1 ? isr_read(e) : 0;
	if (off < DEVICE_OFF + REGION_LEN)
		return emul_config_access_ok(e, off - DEVICE_OFF, size, false) ?
		       config_read(e, off - DEVICE_OFF, size) : 0;
	emul_violation(e, "a read of the notification region");
	return 0;
}

/*
 * §4.1.4.4: queue N is notified by writing N, 16 bits wide, at its
 * notify_off (here N) times the multiplier into the notification region
 */
static void notify_write(struct vpci_emul *m, u64 off, u64 val, int size)
{
	if (size != 2 || off != val * NOTIFY_MULT)
		emul_violation(&m->e, "a notification not 16 bits of the queue index at its address");
	emul_notify(&m->e, val);
}

static void modern_write(struct vpci_emul *m, u64 off, u64 val, int size)
{
	struct virtio_emul *e = &m->e;

	e->version = 2;
	if (off < COMMON_OFF + REGION_LEN) {
		if (field_ok(e, common_fields, ARRAY_SIZE(common_fields),
			     off - COMMON_OFF, size, true))
			common_write(m, off - COMMON_OFF, val);
	} else if (off >= NOTIFY_OFF) {
		notify_write(m, off - NOTIFY_OFF, val, size);
	} else if (off >= DEVICE_OFF) {
		if (emul_config_access_ok(e, off - DEVICE_OFF, size, true))
			emul_config_write(e, off - DEVICE_OFF, val, size);
	} else {
		emul_violation(e, "a write to the ISR region");
	}
}

/* §4.1.4.10: the legacy register block of I/O BAR 0 */
static u64 legacy_read(struct vpci_emul *m, u64 off, int size)
{
	struct virtio_emul *e = &m->e;
	bool exists = m->queue_sel < emul_queues(e);

	e->version = 1;
	if (off >= VPCI_LEGACY_CONFIG)
		return emul_config_access_width_ok(e, off - VPCI_LEGACY_CONFIG,
						   size, false, false) ?
		       config_read(e, off - VPCI_LEGACY_CONFIG, size) : 0;
	if (!field_ok(e, legacy_fields, ARRAY_SIZE(legacy_fields), off, size,
		      false))
		return 0;
	switch (off) {
	case VPCI_LEGACY_HOST_FEATURES:
		return (u32)e->offered;
	case VPCI_LEGACY_GUEST_FEATURES:
		return (u32)e->driver_features;
	case VPCI_LEGACY_QUEUE_PFN:
		return exists ? sel_queue(m)->pfn : 0;
	case VPCI_LEGACY_QUEUE_SIZE:
		return exists ? EMUL_QUEUE_MAX : 0;
	case VPCI_LEGACY_QUEUE_SEL:
		return m->queue_sel;
	case VPCI_LEGACY_STATUS:
		return emul_read_status(e);
	case VPCI_LEGACY_ISR:
		return isr_read(e);
	default:
		return 0;
	}
}

static void legacy_write(struct vpci_emul *m, u64 off, u32 val, int size)
{
	struct virtio_emul *e = &m->e;
	struct emul_queue *q = sel_queue(m);

	e->version = 1;
	if (off >= VPCI_LEGACY_CONFIG) {
		if (emul_config_access_width_ok(e, off - VPCI_LEGACY_CONFIG,
						size, true, false))
			emul_config_write(e, off - VPCI_LEGACY_CONFIG, val,
					  size);
		return;
	}
	if (!field_ok(e, legacy_fields, ARRAY_SIZE(legacy_fields), off, size,
		      true))
		return;
	switch (off) {
	case VPCI_LEGACY_GUEST_FEATURES:
		if (emul_driver_features(e))
			e->driver_features = val;
		break;
	case VPCI_LEGACY_QUEUE_PFN:
		/* The size is the device's; the used ring is page aligned */
		q->num = EMUL_QUEUE_MAX;
		q->align = 1 << VPCI_LEGACY_PFN_SHIFT;
		q->pfn = val;
		if (val)
			emul_queue_enable(e, q);
		break;
	case VPCI_LEGACY_QUEUE_SEL:
		m->queue_sel = val;
		break;
	case VPCI_LEGACY_QUEUE_NOTIFY:
		emul_notify(e, val);
		break;
	case VPCI_LEGACY_STATUS:
		emul_write_status(e, val);
		break;
	}
}

static u64 vpci_bar_read(struct udevice *dev, int bar, u64 off, int size)
{
	struct vpci_emul *m = dev_get_priv(dev);

	if (bar == MODERN_BAR && m->modern_if)
		return modern_read(m, off, size);
	if (bar == LEGACY_BAR && m->legacy_if)
		return legacy_read(m, off, size);
	return 0;
}

static void vpci_bar_write(struct udevice *dev, int bar, u64 off, u64 val,
			   int size)
{
	struct vpci_emul *m = dev_get_priv(dev);

	if (bar == MODERN_BAR && m->modern_if)
		modern_write(m, off, val, size);
	else if (bar == LEGACY_BAR && m->legacy_if)
		legacy_write(m, off, val, size);
}

/*
 * §4.1.4: the driver writes no field of a virtio capability (the PCI
 * configuration access capability excepted, which Ember does not use)
 */
static void vpci_cfg_write(struct udevice *dev, uint reg, int size)
{
	struct vpci_emul *m = dev_get_priv(dev);
	u8 type, len;

	for (uint pos = sandbox_pci_fn_peek(m->fn, PCI_CAPABILITY_LIST);
	     pos && pos < PCI_CFG_SPACE_SIZE;
	     pos = sandbox_pci_fn_peek(m->fn, pos + PCI_CAP_LIST_NEXT)) {
		if (sandbox_pci_fn_peek(m->fn, pos) != PCI_CAP_ID_VNDR)
			continue;
		type = sandbox_pci_fn_peek(m->fn, pos + 3);
		len = sandbox_pci_fn_peek(m->fn, pos + 2);
		if (type != VIRTIO_PCI_CAP_PCI_CFG && reg < pos + len &&
		    pos < reg + size)
			emul_violation(&m->e, "a write to a virtio capability");
	}
}

static void vpci_poll(struct udevice *dev)
{
	struct vpci_emul *m = dev_get_priv(dev);

	emul_poll(&m->e);
}

/*
 * A virtio vendor capability: @type's structure in @bar, @extra bytes
 * longer than its structure
 */
static int add_vcap_in(struct sandbox_pci_fn *fn, u8 type, u8 bar,
		       u32 offset, u32 len, u8 extra)
{
	struct {
		struct virtio_pci_notify_cap c;
		u8 more[8];
	} v = {
		.c.cap = {
			.cap_vndr = PCI_CAP_ID_VNDR,
			.cap_len = (type == VIRTIO_PCI_CAP_NOTIFY_CFG ||
				    type == VIRTIO_PCI_CAP_PCI_CFG ? 20 : 16) +
				   extra,
			.cfg_type = type,
			.bar = bar,
			.offset = cpu_to_le32(offset),
			.length = cpu_to_le32(len),
		},
		.c.notify_off_multiplier =
			type == VIRTIO_PCI_CAP_NOTIFY_CFG ? NOTIFY_MULT : 0,
	};

	if (extra > sizeof(v.more))
		return -EINVAL;
	return sandbox_pci_fn_add_cap(fn, &v, v.c.cap.cap_len);
}

static int add_vcap(struct sandbox_pci_fn *fn, u8 type, u32 offset, u32 len)
{
	return add_vcap_in(fn, type,
			   type == VIRTIO_PCI_CAP_PCI_CFG ? 0 : MODERN_BAR,
			   offset, len, 0);
}

/* ember,odd-caps: what a driver must skip, ahead of the real ones */
static int add_odd_caps(struct sandbox_pci_fn *fn)
{
	/* cfg_type 0x2a is reserved; BAR 6 is reserved */
	int ret = add_vcap_in(fn, 0x2a, MODERN_BAR, COMMON_OFF, REGION_LEN, 0);

	if (ret >= 0)
		ret = add_vcap_in(fn, VIRTIO_PCI_CAP_COMMON_CFG, 6, 0,
				  REGION_LEN, 0);
	return ret;
}

/* PCI class of a few virtio device types, as QEMU gives them */
static u32 pci_class(u32 device_id)
{
	switch (device_id) {
	case VIRTIO_ID_NET:
		return 0x020000;
	case VIRTIO_ID_BLOCK:
	case VIRTIO_ID_SCSI:
		return 0x010000;
	default:
		return 0x00ff00;
	}
}

/* §4.1.2.1: transitional IDs of the device types that have one */
static u16 transitional_id(u32 device_id)
{
	static const u8 ids[] = {
		[VIRTIO_ID_NET] = 0x00, [VIRTIO_ID_BLOCK] = 0x01,
		[VIRTIO_ID_BALLOON] = 0x02, [VIRTIO_ID_CONSOLE] = 0x03,
		[VIRTIO_ID_SCSI] = 0x04, [VIRTIO_ID_RNG] = 0x05,
	};

	if (device_id < ARRAY_SIZE(ids))
		return VIRTIO_PCI_TRANS_FIRST + ids[device_id];
	return VIRTIO_PCI_TRANS_FIRST + 0x3f;
}

static int vpci_setup(struct udevice *dev, struct sandbox_pci_fn *fn)
{
	struct vpci_emul *m = dev_get_priv(dev);
	u32 id = m->e.device_id;
	int ret = 0;
	bool odd;

	m->fn = fn;
	m->legacy_if = m->e.version == 1 ||
		       ofnode_has_property(dev_ofnode(dev), "ember,transitional");
	m->modern_if = m->e.version == 2;
	sandbox_pci_fn_set_ids(fn, VIRTIO_PCI_VENDOR_ID,
			       m->legacy_if ? transitional_id(id) :
			       VIRTIO_PCI_MODERN_FIRST + id,
			       pci_class(id), VIRTIO_PCI_VENDOR_ID, id);
	sandbox_pci_fn_poke(fn, PCI_REVISION_ID, m->legacy_if ? 0 : 1);
	sandbox_pci_fn_poke(fn, PCI_INTERRUPT_PIN, 1);	/* INTA, as QEMU's */
	if (m->legacy_if)
		ret = sandbox_pci_fn_set_bar(fn, LEGACY_BAR,
					     PCI_BASE_ADDRESS_SPACE_IO,
					     LEGACY_SIZE);
	if (!m->modern_if || ret)
		return ret;
	ret = sandbox_pci_fn_set_bar(fn, MODERN_BAR,
				     PCI_BASE_ADDRESS_MEM_TYPE_64 |
				     PCI_BASE_ADDRESS_MEM_PREFETCH, MODERN_SIZE);
	odd = ofnode_has_property(dev_ofnode(dev), "ember,odd-caps");
	if (!ret && odd)
		ret = add_odd_caps(fn);
	if (ret >= 0)
		ret = add_vcap(fn, VIRTIO_PCI_CAP_COMMON_CFG, COMMON_OFF,
			       REGION_LEN);
	if (ret >= 0)
		ret = add_vcap(fn, VIRTIO_PCI_CAP_ISR_CFG, ISR_OFF, REGION_LEN);
	/* A structure may be longer than its fields (§4.1.4) */
	if (ret >= 0)
		ret = add_vcap_in(fn, VIRTIO_PCI_CAP_DEVICE_CFG, MODERN_BAR,
				  DEVICE_OFF, REGION_LEN, odd ? 8 : 0);
	if (ret >= 0)
		ret = add_vcap(fn, VIRTIO_PCI_CAP_NOTIFY_CFG, NOTIFY_OFF,
			       REGION_LEN);
	if (ret >= 0)
		ret = add_vcap(fn, VIRTIO_PCI_CAP_PCI_CFG, 0, 0);
	return ret < 0 ? ret : 0;
}

/* The PCI function the host found where this model is */
static int vpci_transport(struct udevice *emul, struct udevice **devp)
{
	struct vpci_emul *m = dev_get_priv(emul);

	if (!m->fn)
		return -ENOENT;
	return pci_find_device_by_bdf(sandbox_pci_fn_bdf(m->fn), devp);
}

static int vpci_probe(struct udevice *dev)
{
	struct vpci_emul *m = dev_get_priv(dev);
	int ret = emul_init(&m->e, dev->name, dev_ofnode(dev));

	m->e.transport = vpci_transport;
	if (ret)
		dev_err(dev, "cannot start the model: %d\n", ret);
	return ret;
}

static int vpci_remove(struct udevice *dev)
{
	struct vpci_emul *m = dev_get_priv(dev);

	emul_destroy(&m->e);
	return 0;
}

static const struct sandbox_pci_fn_ops vpci_ops = {
	.setup = vpci_setup,
	.bar_read = vpci_bar_read,
	.bar_write = vpci_bar_write,
	.poll = vpci_poll,
	.cfg_write = vpci_cfg_write,
};

static const struct udevice_id vpci_ids[] = {
	{ .compatible = "sandbox,virtio-pci-emul" },
	{ }
};

EMBER_DRIVER(virtio_pci_emul) = {
	.name = "virtio_pci_emul",
	.id = UCLASS_VIRTIO_EMUL,
	.of_match = vpci_ids,
	.probe = vpci_probe,
	.remove = vpci_remove,
	.priv_size = sizeof(struct vpci_emul),
	.ops = &vpci_ops,
};
