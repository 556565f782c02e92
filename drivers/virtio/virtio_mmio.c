// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio-mmio transport, version 1 (legacy) and 2 (modern), VIRTIO 1.2
 * §4.2. Register-level primitives only: the virtio uclass runs the protocol.
 */
#define LOG_CATEGORY "virtio"

#include <asm/io.h>
#include <dm.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "virtio_mmio_regs.h"

/* Time a device may take to drop a queue */
#define MMIO_TIMEOUT_US	100000

struct virtio_mmio_priv {
	void *base;
	phys_addr_t phys;
	u64 size;
	int version;
};

static u32 mmio_read32(struct virtio_mmio_priv *priv, unsigned int off)
{
	return readl((u8 *)priv->base + off);
}

static void mmio_write32(struct virtio_mmio_priv *priv, unsigned int off,
			 u32 val)
{
	writel(val, (u8 *)priv->base + off);
}

static int mmio_get_status(struct udevice *dev, u8 *statusp)
{
	*statusp = mmio_read32(dev_get_priv(dev), VIRTIO_MMIO_STATUS);
	return 0;
}

static int mmio_set_status(struct udevice *dev, u8 status)
{
	mmio_write32(dev_get_priv(dev), VIRTIO_MMIO_STATUS, status);
	return 0;
}

static int mmio_get_features(struct udevice *dev, u64 *featuresp)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);
	u64 f;

	mmio_write32(priv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	f = (u64)mmio_read32(priv, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	mmio_write32(priv, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	f |= mmio_read32(priv, VIRTIO_MMIO_DEVICE_FEATURES);
	/* A legacy interface has 32 feature bits */
	*featuresp = priv->version == 1 ? (u32)f : f;
	return 0;
}

static int mmio_set_features(struct udevice *dev, u64 features)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);

	mmio_write32(priv, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	mmio_write32(priv, VIRTIO_MMIO_DRIVER_FEATURES, features >> 32);
	mmio_write32(priv, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	mmio_write32(priv, VIRTIO_MMIO_DRIVER_FEATURES, (u32)features);
	return 0;
}

static int check_config(struct udevice *dev, unsigned int offset,
			unsigned int len)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);
	u64 room = priv->size - VIRTIO_MMIO_CONFIG;

	if (offset > room || len > room - offset)
		return -EINVAL;
	return 0;
}

/* §4.2.2.2: fields are accessed with their own width */
static int mmio_get_config(struct udevice *dev, unsigned int offset,
			   void *buf, unsigned int len)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);
	int ret = check_config(dev, offset, len);

	if (!ret)
		virtio_config_io_read((u8 *)priv->base + VIRTIO_MMIO_CONFIG +
				      offset, buf, len);
	return ret;
}

static int mmio_set_config(struct udevice *dev, unsigned int offset,
			   const void *buf, unsigned int len)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);
	int ret = check_config(dev, offset, len);

	if (!ret)
		virtio_config_io_write((u8 *)priv->base + VIRTIO_MMIO_CONFIG +
				       offset, buf, len);
	return ret;
}

static int mmio_generation(struct udevice *dev, u32 *counterp)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);

	/* Version 1 has none: the uclass reads until two reads agree */
	if (priv->version == 1)
		return -ENOSYS;
	*counterp = mmio_read32(priv, VIRTIO_MMIO_CONFIG_GENERATION);
	return 0;
}

static int mmio_queue_max(struct udevice *dev, unsigned int index,
			  unsigned int *maxp)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);

	mmio_write32(priv, VIRTIO_MMIO_QUEUE_SEL, index);
	/* A queue in use cannot be set up again */
	if (mmio_read32(priv, priv->version == 1 ? VIRTIO_MMIO_QUEUE_PFN :
						    VIRTIO_MMIO_QUEUE_READY)) {
		dev_err(dev, "queue %u is already in use\n", index);
		return -EBUSY;
	}
	*maxp = mmio_read32(priv, VIRTIO_MMIO_QUEUE_NUM_MAX);
	return 0;
}

static void write64(struct virtio_mmio_priv *priv, unsigned int low, u64 val)
{
	mmio_write32(priv, low, (u32)val);
	mmio_write32(priv, low + 4, val >> 32);
}

static int mmio_setup_vq(struct udevice *dev, struct virtqueue *vq)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);

	mmio_write32(priv, VIRTIO_MMIO_QUEUE_SEL, vq->index);
	mmio_write32(priv, VIRTIO_MMIO_QUEUE_NUM, vq->num);
	if (priv->version == 1) {
		/* §4.2.4: page-aligned ring, used ring on the next page */
		u64 pfn = vq->desc_pa / VIRTIO_MMIO_PAGE_SIZE;

		if (pfn > 0xffffffffULL) {
			dev_err(dev, "queue %u above the 16 TiB legacy limit\n",
				vq->index);
			return -ERANGE;
		}
		mmio_write32(priv, VIRTIO_MMIO_QUEUE_ALIGN, VIRTIO_LEGACY_ALIGN);
		mmio_write32(priv, VIRTIO_MMIO_QUEUE_PFN, pfn);
		return 0;
	}
	write64(priv, VIRTIO_MMIO_QUEUE_DESC_LOW, vq->desc_pa);
	write64(priv, VIRTIO_MMIO_QUEUE_DRIVER_LOW, vq->avail_pa);
	write64(priv, VIRTIO_MMIO_QUEUE_DEVICE_LOW, vq->used_pa);
	mmio_write32(priv, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

static int mmio_del_vq(struct udevice *dev, struct virtqueue *vq)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);
	int ret;

	mmio_write32(priv, VIRTIO_MMIO_QUEUE_SEL, vq->index);
	if (priv->version == 1) {
		mmio_write32(priv, VIRTIO_MMIO_QUEUE_PFN, 0);
		return 0;
	}
	mmio_write32(priv, VIRTIO_MMIO_QUEUE_READY, 0);
	ret = poll_timeout_us(!mmio_read32(priv, VIRTIO_MMIO_QUEUE_READY),
			      MMIO_TIMEOUT_US);
	if (ret)
		dev_err(dev, "queue %u did not stop\n", vq->index);
	return ret;
}

static int mmio_notify(struct udevice *dev, struct virtqueue *vq)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);

	/* Ring updates must reach memory before the device looks */
	wmb();
	mmio_write32(priv, VIRTIO_MMIO_QUEUE_NOTIFY, vq->index);
	return 0;
}

static int mmio_describe(struct udevice *dev, char *buf, int size)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);

	snprintf(buf, size, "mmio@%#llx", (unsigned long long)priv->phys);
	return 0;
}

static int virtio_mmio_probe(struct udevice *dev)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);
	struct virtio_dev_priv *uc = dev_get_uclass_priv(dev);
	u32 magic;
	int ret;

	ret = dev_read_addr_size_index(dev, 0, &priv->phys, &priv->size);
	if (ret) {
		dev_err(dev, "no usable 'reg' (%d)\n", ret);
		return ret;
	}
	if (priv->size < VIRTIO_MMIO_CONFIG) {
		dev_err(dev, "register window of %#llx bytes is too small\n",
			(unsigned long long)priv->size);
		return -EINVAL;
	}
	priv->base = map_sysmem(priv->phys, priv->size);
	magic = mmio_read32(priv, VIRTIO_MMIO_MAGIC);
	if (magic != VIRTIO_MMIO_MAGIC_VALUE) {
		dev_err(dev, "bad magic value %#x\n", magic);
		return -EIO;	/* declared in the DT, but broken: loud */
	}
	priv->version = mmio_read32(priv, VIRTIO_MMIO_VERSION);
	if (priv->version != 1 && priv->version != 2) {
		dev_err(dev, "unknown version %d\n", priv->version);
		return -EIO;
	}
	uc->device = mmio_read32(priv, VIRTIO_MMIO_DEVICE_ID);
	if (!uc->device)
		return -ENODEV;		/* an empty slot: say nothing */
	uc->vendor = mmio_read32(priv, VIRTIO_MMIO_VENDOR_ID);
	uc->version = priv->version;
	uc->legacy = priv->version == 1;
	uc->transport = "mmio";
	if (uc->legacy)
		mmio_write32(priv, VIRTIO_MMIO_GUEST_PAGE_SIZE,
			     VIRTIO_MMIO_PAGE_SIZE);
	return 0;
}

/*
 * Its interrupt line drops once every event is acknowledged; bits with no
 * defined meaning are ignored and never written back (§4.2.2.2)
 */
static int mmio_ack_irq(struct udevice *dev)
{
	struct virtio_mmio_priv *priv = dev_get_priv(dev);
	u32 isr = mmio_read32(priv, VIRTIO_MMIO_INTERRUPT_STATUS) &
		  VIRTIO_MMIO_INT_DEFINED;

	if (isr)
		mmio_write32(priv, VIRTIO_MMIO_INTERRUPT_ACK, isr);
	return 0;
}

static const struct virtio_transport_ops virtio_mmio_ops = {
	.get_status = mmio_get_status,
	.set_status = mmio_set_status,
	.get_features = mmio_get_features,
	.set_features = mmio_set_features,
	.get_config = mmio_get_config,
	.set_config = mmio_set_config,
	.generation = mmio_generation,
	.queue_max = mmio_queue_max,
	.setup_vq = mmio_setup_vq,
	.del_vq = mmio_del_vq,
	.notify = mmio_notify,
	.describe = mmio_describe,
	.ack_irq = mmio_ack_irq,
};

static const struct udevice_id virtio_mmio_ids[] = {
	{ .compatible = "virtio,mmio" },
	{ }
};

EMBER_DRIVER(virtio_mmio) = {
	.name = "virtio-mmio",
	.id = UCLASS_VIRTIO,
	.of_match = virtio_mmio_ids,
	.probe = virtio_mmio_probe,
	.priv_size = sizeof(struct virtio_mmio_priv),
	.ops = &virtio_mmio_ops,
};
