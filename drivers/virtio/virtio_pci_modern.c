// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio-pci transport, modern interface (VIRTIO 1.2 §4.1): the structures
 * the vendor-specific capabilities locate (common configuration,
 * notifications, ISR, device configuration) in BARs mapped by the PCI
 * layer. Drives modern-only devices (PCI device IDs 0x1040 + type) and
 * transitional ones (0x1000..0x103f) that have the modern capabilities;
 * the others are virtio_pci_legacy.c's. Register-level primitives only: the
 * virtio uclass runs the protocol.
 */
#define LOG_CATEGORY "virtio"

#include <asm/io.h>
#include <dm.h>
#include <pci.h>
#include <stdio.h>
#include <string.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "virtio_pci_common.h"

/* Queues whose notification address is kept */
#define VP_MAX_QUEUES	16

struct virtio_pci_priv {
	void *common;
	void *isr;
	void *device;		/* device configuration, or NULL */
	u32 device_len;
	void *notify;
	u32 notify_len;
	u32 notify_mult;
	u16 num_queues;
	u32 notify_off[VP_MAX_QUEUES];	/* bytes into the notify structure */
};

static const char *const cap_names[] = {
	[VIRTIO_PCI_CAP_COMMON_CFG] = "common configuration",
	[VIRTIO_PCI_CAP_NOTIFY_CFG] = "notification",
	[VIRTIO_PCI_CAP_ISR_CFG] = "ISR status",
	[VIRTIO_PCI_CAP_DEVICE_CFG] = "device configuration",
	[VIRTIO_PCI_CAP_PCI_CFG] = "PCI configuration access",
};

static u32 vp_read(struct virtio_pci_priv *priv, unsigned int off, int size)
{
	return virtio_pci_read(priv->common, off, size);
}

static void vp_write(struct virtio_pci_priv *priv, unsigned int off, u32 val,
		     int size)
{
	virtio_pci_write(priv->common, off, val, size);
}

/*
 * Map the structure capability @type locates, checking it lies inside its
 * BAR and is at least @min bytes. A missing one is -ENOENT, silently.
 */
static int map_cap(struct udevice *dev, struct virtio_pci_caps *caps, u8 type,
		   u32 min, void **ptrp)
{
	const char *name = cap_names[type];
	struct virtio_pci_cap_info *cap;
	int ret;

	ret = virtio_pci_get_cap(caps, type, &cap);
	if (ret == -EIO)
		dev_err(dev, "%s capability at %#x is malformed\n", name,
			cap->pos);
	if (ret)
		return ret;
	if (cap->length < min) {
		dev_err(dev, "%s structure is %u bytes, less than %u\n", name,
			cap->length, min);
		return -EIO;
	}
	ret = dm_pci_map_bar(dev, cap->bar, cap->offset, cap->length, ptrp);
	if (ret == -ENOSPC)
		return ret;	/* no address: enumeration said why */
	if (ret) {
		dev_err(dev, "%s structure (BAR%u, %#x bytes at %#x) is outside its BAR\n",
			name, cap->bar, cap->length, cap->offset);
		return -EIO;
	}
	return 0;
}

static int map_required(struct udevice *dev, struct virtio_pci_caps *caps,
			u8 type, u32 min, void **ptrp)
{
	int ret = map_cap(dev, caps, type, min, ptrp);

	if (ret == -ENOENT) {
		dev_err(dev, "no %s capability\n", cap_names[type]);
		return -EIO;
	}
	return ret;
}

static int vp_get_status(struct udevice *dev, u8 *statusp)
{
	*statusp = vp_read(dev_get_priv(dev), VPCI_STATUS, 1);
	return 0;
}

static int vp_set_status(struct udevice *dev, u8 status)
{
	vp_write(dev_get_priv(dev), VPCI_STATUS, status, 1);
	return 0;
}

static int vp_get_features(struct udevice *dev, u64 *featuresp)
{
	struct virtio_pci_priv *priv = dev_get_priv(dev);

	vp_write(priv, VPCI_DFSELECT, 1, 4);
	*featuresp = (u64)vp_read(priv, VPCI_DF, 4) << 32;
	vp_write(priv, VPCI_DFSELECT, 0, 4);
	*featuresp |= vp_read(priv, VPCI_DF, 4);
	return 0;
}

static int vp_set_features(struct udevice *dev, u64 features)
{
	struct virtio_pci_priv *priv = dev_get_priv(dev);

	vp_write(priv, VPCI_GFSELECT, 1, 4);
	vp_write(priv, VPCI_GF, features >> 32, 4);
	vp_write(priv, VPCI_GFSELECT, 0, 4);
	vp_write(priv, VPCI_GF, (u32)features, 4);
	return 0;
}

static int check_config(struct virtio_pci_priv *priv, unsigned int offset,
			unsigned int len)
{
	if (!priv->device || offset > priv->device_len ||
	    len > priv->device_len - offset)
		return -EINVAL;
	return 0;
}

/*
 * §4.1.3.1: fields are accessed with their own width (64-bit ones as two
 * 32-bit halves); anything else (a MAC address) byte by byte.
 */
static int vp_get_config(struct udevice *dev, unsigned int offset, void *buf,
			 unsigned int len)
{
	struct virtio_pci_priv *priv = dev_get_priv(dev);
	int ret = check_config(priv, offset, len);

	if (!ret)
		virtio_config_io_read((u8 *)priv->device + offset, buf, len);
	return ret;
}

static int vp_set_config(struct udevice *dev, unsigned int offset,
			 const void *buf, unsigned int len)
{
	struct virtio_pci_priv *priv = dev_get_priv(dev);
	int ret = check_config(priv, offset, len);

	if (!ret)
		virtio_config_io_write((u8 *)priv->device + offset, buf, len);
	return ret;
}

static int vp_generation(struct udevice *dev, u32 *counterp)
{
	*counterp = vp_read(dev_get_priv(dev), VPCI_CFG_GENERATION, 1);
	return 0;
}

static int vp_queue_max(struct udevice *dev, unsigned int index,
			unsigned int *maxp)
{
	struct virtio_pci_priv *priv = dev_get_priv(dev);

	if (index >= priv->num_queues)
		return -ENOENT;
	vp_write(priv, VPCI_Q_SELECT, index, 2);
	/* A queue in use cannot be set up again */
	if (vp_read(priv, VPCI_Q_ENABLE, 2)) {
		dev_err(dev, "queue %u is already in use\n", index);
		return -EBUSY;
	}
	*maxp = vp_read(priv, VPCI_Q_SIZE, 2);
	return 0;
}

static void write64(struct virtio_pci_priv *priv, unsigned int lo, u64 val)
{
	vp_write(priv, lo, (u32)val, 4);
	vp_write(priv, lo + 4, val >> 32, 4);
}

/* §4.1.5.1.3: select, size, addresses, then enable */
static int vp_setup_vq(struct udevice *dev, struct virtqueue *vq)
{
	struct virtio_pci_priv *priv = dev_get_priv(dev);
	u64 off;

	if (vq->index >= VP_MAX_QUEUES) {
		dev_err(dev, "queue %u: only %d queues are supported\n",
			vq->index, VP_MAX_QUEUES);
		return -ENOSPC;
	}
	vp_write(priv, VPCI_Q_SELECT, vq->index, 2);
	/* §4.1.4.4: this queue's notification address, inside the structure */
	off = (u64)vp_read(priv, VPCI_Q_NOFF, 2) * priv->notify_mult;
	if (off + 2 > priv->notify_len) {
		dev_err(dev, "queue %u: notification offset %#llx is outside the %#x-byte structure\n",
			vq->index, (unsigned long long)off, priv->notify_len);
		return -EIO;
	}
	priv->notify_off[vq->index] = off;
	vp_write(priv, VPCI_Q_SIZE, vq->num, 2);
	write64(priv, VPCI_Q_DESCLO, vq->desc_pa);
	write64(priv, VPCI_Q_AVAILLO, vq->avail_pa);
	write64(priv, VPCI_Q_USEDLO, vq->used_pa);
	vp_write(priv, VPCI_Q_ENABLE, 1, 2);
	return 0;
}

/*
 * §4.1.4.3.2: the driver must not write 0 to queue_enable; without
 * VIRTIO_F_RING_RESET only a device reset stops a queue, and the uclass
 * resets the device before it frees queue memory.
 */
static int vp_del_vq(struct udevice *dev, struct virtqueue *vq)
{
	return 0;
}

static int vp_notify(struct udevice *dev, struct virtqueue *vq)
{
	struct virtio_pci_priv *priv = dev_get_priv(dev);

	/* Ring updates must reach memory before the device looks */
	wmb();
	writew(vq->index, (u8 *)priv->notify + priv->notify_off[vq->index]);
	return 0;
}

/* §4.1.4.5: reading the ISR status clears it, and INTx drops */
static int vp_ack_irq(struct udevice *dev)
{
	struct virtio_pci_priv *priv = dev_get_priv(dev);

	(void)readb(priv->isr);
	return 0;
}

static int map_notify(struct udevice *dev, struct virtio_pci_priv *priv,
		      struct virtio_pci_caps *caps)
{
	struct virtio_pci_cap_info *cap = &caps->cap[VIRTIO_PCI_CAP_NOTIFY_CFG];
	int ret;

	ret = map_required(dev, caps, VIRTIO_PCI_CAP_NOTIFY_CFG, 2,
			   &priv->notify);
	if (ret)
		return ret;
	if (cap->cap_len < sizeof(struct virtio_pci_notify_cap)) {
		dev_err(dev, "notification capability at %#x is %u bytes, less than %zu\n",
			cap->pos, cap->cap_len,
			sizeof(struct virtio_pci_notify_cap));
		return -EIO;
	}
	priv->notify_len = cap->length;
	priv->notify_mult = caps->notify_mult;
	return 0;
}

/* The structures the capabilities locate; the device one is optional */
static int map_structures(struct udevice *dev, struct virtio_pci_priv *priv)
{
	struct virtio_pci_caps caps;
	int ret;

	ret = virtio_pci_read_caps(dev_get_parent(dev), dm_pci_get_plat(dev),
				   &caps);
	if (!ret)
		ret = map_required(dev, &caps, VIRTIO_PCI_CAP_COMMON_CFG,
				   VPCI_COMMON_LEN, &priv->common);
	if (!ret)
		ret = map_required(dev, &caps, VIRTIO_PCI_CAP_ISR_CFG, 1,
				   &priv->isr);
	if (!ret)
		ret = map_notify(dev, priv, &caps);
	if (ret)
		return ret;
	ret = map_cap(dev, &caps, VIRTIO_PCI_CAP_DEVICE_CFG, 0, &priv->device);
	if (ret == -ENOENT) {
		priv->device = NULL;	/* a device without configuration */
		return 0;
	}
	priv->device_len = caps.cap[VIRTIO_PCI_CAP_DEVICE_CFG].length;
	return ret;
}

static int vp_modern_probe(struct udevice *dev)
{
	struct virtio_pci_priv *priv = dev_get_priv(dev);
	struct virtio_dev_priv *uc = dev_get_uclass_priv(dev);
	struct pci_child_plat *plat = dm_pci_get_plat(dev);
	int ret;

	ret = map_structures(dev, priv);
	if (ret)
		return ret;
	priv->num_queues = vp_read(priv, VPCI_NUM_QUEUES, 2);
	/* §4.1.2: 0x1040 + type, or a transitional ID: the subsystem ID */
	uc->device = plat->device >= VIRTIO_PCI_MODERN_FIRST ?
		     plat->device - VIRTIO_PCI_MODERN_FIRST :
		     plat->subsys_device;
	uc->vendor = plat->subsys_vendor;
	uc->legacy = false;
	uc->transport = "pci";
	return 0;
}

/* Transitional devices are ours only with the modern capabilities */
static int vp_modern_match(const struct udevice *bus,
			   const struct pci_child_plat *plat)
{
	struct virtio_pci_caps caps;
	struct virtio_pci_cap_info *cap;

	if (plat->device >= VIRTIO_PCI_MODERN_FIRST)
		return 0;
	if (virtio_pci_read_caps(bus, plat, &caps) ||
	    virtio_pci_get_cap(&caps, VIRTIO_PCI_CAP_COMMON_CFG, &cap))
		return -ENODEV;
	return 0;
}

static const struct virtio_transport_ops virtio_pci_modern_ops = {
	.get_status = vp_get_status,
	.set_status = vp_set_status,
	.get_features = vp_get_features,
	.set_features = vp_set_features,
	.get_config = vp_get_config,
	.set_config = vp_set_config,
	.generation = vp_generation,
	.queue_max = vp_queue_max,
	.setup_vq = vp_setup_vq,
	.del_vq = vp_del_vq,
	.notify = vp_notify,
	.describe = virtio_pci_describe,
	.ack_irq = vp_ack_irq,
	.irq_wake = pci_irq_wake,
};

EMBER_DRIVER(virtio_pci_modern) = {
	.name = "virtio-pci-modern",
	.id = UCLASS_VIRTIO,
	.probe = vp_modern_probe,
	.priv_size = sizeof(struct virtio_pci_priv),
	.ops = &virtio_pci_modern_ops,
};

static const struct pci_device_id virtio_pci_modern_ids[] = {
	{ PCI_DEVICE_RANGE(VIRTIO_PCI_VENDOR_ID, VIRTIO_PCI_TRANS_FIRST,
			   VIRTIO_PCI_MODERN_LAST) },
	{ }
};

PCI_DRIVER(virtio_pci_modern) = {
	.ids = virtio_pci_modern_ids,
	.driver = DM_DRIVER_GET(virtio_pci_modern),
	.match = vp_modern_match,
};
