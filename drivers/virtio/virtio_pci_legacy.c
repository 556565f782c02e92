// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio-pci transport, legacy interface (VIRTIO 1.2 §4.1.4.10 and
 * §4.1.5.1.1.1): the register block in I/O BAR 0 of a transitional device
 * (PCI device ID 0x1000..0x103f) that has no modern capabilities, such as
 * QEMU's with disable-modern=on. 32 feature bits, a fixed queue size, the
 * queue located by its 4096-byte page number, device configuration at
 * offset 20 (MSI-X is never enabled). Register-level primitives only: the
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

struct virtio_pci_legacy_priv {
	void *base;
	u64 size;
};

static u32 vpl_read(struct virtio_pci_legacy_priv *priv, unsigned int off,
		    int size)
{
	return virtio_pci_read(priv->base, off, size);
}

static void vpl_write(struct virtio_pci_legacy_priv *priv, unsigned int off,
		      u32 val, int size)
{
	virtio_pci_write(priv->base, off, val, size);
}

static int vpl_get_status(struct udevice *dev, u8 *statusp)
{
	*statusp = vpl_read(dev_get_priv(dev), VPCI_LEGACY_STATUS, 1);
	return 0;
}

static int vpl_set_status(struct udevice *dev, u8 status)
{
	vpl_write(dev_get_priv(dev), VPCI_LEGACY_STATUS, status, 1);
	return 0;
}

static int vpl_get_features(struct udevice *dev, u64 *featuresp)
{
	*featuresp = vpl_read(dev_get_priv(dev), VPCI_LEGACY_HOST_FEATURES, 4);
	return 0;
}

static int vpl_set_features(struct udevice *dev, u64 features)
{
	if (features >> 32)
		return -EINVAL;	/* the legacy interface has 32 bits */
	vpl_write(dev_get_priv(dev), VPCI_LEGACY_GUEST_FEATURES, features, 4);
	return 0;
}

static int check_config(struct virtio_pci_legacy_priv *priv,
			unsigned int offset, unsigned int len)
{
	u64 room = priv->size - VPCI_LEGACY_CONFIG;

	if (offset > room || len > room - offset)
		return -EINVAL;
	return 0;
}

/* Any width is allowed (§4.1.4.10); the natural one is used when aligned */
static int vpl_get_config(struct udevice *dev, unsigned int offset, void *buf,
			  unsigned int len)
{
	struct virtio_pci_legacy_priv *priv = dev_get_priv(dev);
	unsigned int off = VPCI_LEGACY_CONFIG + offset;
	int ret = check_config(priv, offset, len);
	u32 v;

	if (ret)
		return ret;
	if ((len == 2 || len == 4) && !(offset & (len - 1))) {
		v = vpl_read(priv, off, len);
		memcpy(buf, &v, len);
		return 0;
	}
	for (unsigned int i = 0; i < len; i++)
		((u8 *)buf)[i] = vpl_read(priv, off + i, 1);
	return 0;
}

static int vpl_set_config(struct udevice *dev, unsigned int offset,
			  const void *buf, unsigned int len)
{
	struct virtio_pci_legacy_priv *priv = dev_get_priv(dev);
	unsigned int off = VPCI_LEGACY_CONFIG + offset;
	int ret = check_config(priv, offset, len);
	u32 v = 0;

	if (ret)
		return ret;
	if ((len == 2 || len == 4) && !(offset & (len - 1))) {
		memcpy(&v, buf, len);
		vpl_write(priv, off, v, len);
		return 0;
	}
	for (unsigned int i = 0; i < len; i++)
		vpl_write(priv, off + i, ((const u8 *)buf)[i], 1);
	return 0;
}

static int vpl_queue_max(struct udevice *dev, unsigned int index,
			 unsigned int *maxp)
{
	struct virtio_pci_legacy_priv *priv = dev_get_priv(dev);

	if (index > 0xffff)
		return -ENOENT;
	vpl_write(priv, VPCI_LEGACY_QUEUE_SEL, index, 2);
	/* A queue in use cannot be set up again */
	if (vpl_read(priv, VPCI_LEGACY_QUEUE_PFN, 4)) {
		dev_err(dev, "queue %u is already in use\n", index);
		return -EBUSY;
	}
	/* 0 means no such queue; the device dictates the size */
	*maxp = vpl_read(priv, VPCI_LEGACY_QUEUE_SIZE, 2);
	return 0;
}

/* §4.1.5.1.1.1: the ring is where its page number says, used ring aligned */
static int vpl_setup_vq(struct udevice *dev, struct virtqueue *vq)
{
	struct virtio_pci_legacy_priv *priv = dev_get_priv(dev);
	u64 pfn = vq->desc_pa >> VPCI_LEGACY_PFN_SHIFT;

	if (vq->desc_pa & (VIRTIO_LEGACY_ALIGN - 1) || pfn > 0xffffffffULL) {
		dev_err(dev, "queue %u at %#llx cannot be given to a legacy device\n",
			vq->index, (unsigned long long)vq->desc_pa);
		return -ERANGE;
	}
	vpl_write(priv, VPCI_LEGACY_QUEUE_SEL, vq->index, 2);
	if (vpl_read(priv, VPCI_LEGACY_QUEUE_SIZE, 2) != vq->num) {
		dev_err(dev, "queue %u: the device's size is fixed\n",
			vq->index);
		return -EINVAL;
	}
	vpl_write(priv, VPCI_LEGACY_QUEUE_PFN, pfn, 4);
	return 0;
}

static int vpl_del_vq(struct udevice *dev, struct virtqueue *vq)
{
	struct virtio_pci_legacy_priv *priv = dev_get_priv(dev);

	vpl_write(priv, VPCI_LEGACY_QUEUE_SEL, vq->index, 2);
	vpl_write(priv, VPCI_LEGACY_QUEUE_PFN, 0, 4);
	return 0;
}

static int vpl_notify(struct udevice *dev, struct virtqueue *vq)
{
	/* Ring updates must reach memory before the device looks */
	wmb();
	vpl_write(dev_get_priv(dev), VPCI_LEGACY_QUEUE_NOTIFY, vq->index, 2);
	return 0;
}

/* §4.1.4.10: the legacy ISR field, cleared by the read, as the modern */
static int vpl_ack_irq(struct udevice *dev)
{
	vpl_read(dev_get_priv(dev), VPCI_LEGACY_ISR, 1);
	return 0;
}

static int vpl_probe(struct udevice *dev)
{
	struct virtio_pci_legacy_priv *priv = dev_get_priv(dev);
	struct virtio_dev_priv *uc = dev_get_uclass_priv(dev);
	struct pci_child_plat *plat = dm_pci_get_plat(dev);
	const struct pci_bar *bar = &plat->bars[0];
	int ret;

	/* §4.1.4.10: the legacy registers are the first I/O region, BAR 0 */
	if (!(bar->flags & PCI_BAR_IO) || bar->size < VPCI_LEGACY_CONFIG) {
		dev_err(dev, "BAR0 is not an I/O region of %d bytes or more\n",
			VPCI_LEGACY_CONFIG);
		return -EIO;
	}
	ret = dm_pci_map_bar(dev, 0, 0, bar->size, &priv->base);
	if (ret)
		return ret;	/* no address: enumeration said why */
	priv->size = bar->size;
	/* §4.1.2.3: the subsystem device ID is the virtio device ID */
	uc->device = plat->subsys_device;
	uc->vendor = plat->subsys_vendor;
	uc->legacy = true;
	uc->transport = "pci";
	return 0;
}

/* A transitional device without modern capabilities (§4.1.5.1.1) */
static int vpl_match(const struct udevice *bus,
		     const struct pci_child_plat *plat)
{
	struct virtio_pci_caps caps;
	struct virtio_pci_cap_info *cap;

	if (virtio_pci_read_caps(bus, plat, &caps) ||
	    virtio_pci_get_cap(&caps, VIRTIO_PCI_CAP_COMMON_CFG,
			       &cap) != -ENOENT)
		return -ENODEV;
	return 0;
}

static const struct virtio_transport_ops virtio_pci_legacy_ops = {
	.get_status = vpl_get_status,
	.set_status = vpl_set_status,
	.get_features = vpl_get_features,
	.set_features = vpl_set_features,
	.get_config = vpl_get_config,
	.set_config = vpl_set_config,
	.queue_max = vpl_queue_max,
	.setup_vq = vpl_setup_vq,
	.del_vq = vpl_del_vq,
	.notify = vpl_notify,
	.describe = virtio_pci_describe,
	.ack_irq = vpl_ack_irq,
	.irq_wake = pci_irq_wake,
};

EMBER_DRIVER(virtio_pci_legacy) = {
	.name = "virtio-pci-legacy",
	.id = UCLASS_VIRTIO,
	.probe = vpl_probe,
	.priv_size = sizeof(struct virtio_pci_legacy_priv),
	.ops = &virtio_pci_legacy_ops,
};

static const struct pci_device_id virtio_pci_legacy_ids[] = {
	{ PCI_DEVICE_RANGE(VIRTIO_PCI_VENDOR_ID, VIRTIO_PCI_TRANS_FIRST,
			   VIRTIO_PCI_TRANS_LAST) },
	{ }
};

PCI_DRIVER(virtio_pci_legacy) = {
	.ids = virtio_pci_legacy_ids,
	.driver = DM_DRIVER_GET(virtio_pci_legacy),
	.match = vpl_match,
};
