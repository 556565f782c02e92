// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * fw_cfg over MMIO ("qemu,fw-cfg-mmio"), as Arm's virt machine has it
 * (QEMU's docs/specs/fw_cfg.rst): a data register at 0, a 16-bit selector
 * at 8 and, where the window reaches it, a 64-bit DMA address register at
 * 16; the selector and DMA registers are big-endian, the data register
 * gives the item's bytes in order whatever its width.
 *
 * Probe checks the "QEMU" signature and reads the feature bits; reads go
 * by DMA when the device offers it (one request of up to 2 GiB per read,
 * the device copies while the register write traps, then clears the
 * request's control word or sets its error bit), else 8 bytes per access
 * through the data register. A request that never completes leaves the
 * device unused from then on (it may still write into the buffer it was
 * given): every later read fails, and the uclass's callers leave the
 * buffers they gave it allocated. The request itself is in the driver's
 * data, freed if the device is removed: QEMU completes every request
 * while its register write traps, so none is ever outstanding then.
 */
#define LOG_CATEGORY "qfw"

#include <asm/io.h>
#include <byteorder.h>
#include <dm.h>
#include <qfw.h>
#include <string.h>
#include <time.h>

#define QFW_REG_DATA		0x00
#define QFW_REG_SELECT		0x08
#define QFW_REG_DMA		0x10
#define QFW_DMA_WINDOW		0x18	/* the window that has the DMA register */

#define QFW_DMA_SIGNATURE	0x51454d5520434647ULL	/* "QEMU CFG" */
#define QFW_DMA_ERROR		0x01
#define QFW_DMA_READ		0x02
#define QFW_DMA_SELECT		0x08
#define QFW_DMA_CHUNK		0x80000000U

#define QFW_TIMEOUT_US		(CONFIG_QFW_TIMEOUT_MS * 1000ULL)

/* A DMA request: every field big-endian */
struct qfw_dma {
	__be32 control;
	__be32 length;
	__be64 address;
} __aligned(16);

/*
 * @dma: the request the device reads, here rather than on a stack that a
 * late completion could write into; @stuck: a request never completed,
 * so the device may still write: no more requests
 */
struct qfw_mmio_priv {
	void *base;
	struct qfw_dma dma;
	bool stuck;
};

static void qfw_select(struct qfw_mmio_priv *priv, u16 select)
{
	writew(cpu_to_be16(select), priv->base + QFW_REG_SELECT);
}

/* Through the data register: 8 bytes an access, then the rest by bytes */
static void qfw_read_data(struct qfw_mmio_priv *priv, u8 *buf, size_t len)
{
	size_t i = 0;

	for (; len - i >= 8; i += 8) {
		u64 v = readq(priv->base + QFW_REG_DATA);

		memcpy(buf + i, &v, 8);
	}
	for (; i < len; i++)
		buf[i] = readb(priv->base + QFW_REG_DATA);
}

static int qfw_dma_one(struct udevice *dev, u16 select, u32 control,
		       void *buf, u32 len)
{
	struct qfw_mmio_priv *priv = dev_get_priv(dev);
	struct qfw_dma *d = &priv->dma;
	u32 c = 0;
	int ret;

	d->control = cpu_to_be32(control | QFW_DMA_READ);
	d->length = cpu_to_be32(len);
	d->address = cpu_to_be64(map_to_sysmem(buf));
	writeq(cpu_to_be64(map_to_sysmem(d)), priv->base + QFW_REG_DMA);
	ret = poll_timeout_us((c = be32_to_cpu(READ_ONCE(d->control)),
			       !c || (c & QFW_DMA_ERROR)), QFW_TIMEOUT_US);
	rmb();
	if (ret) {
		priv->stuck = true;
		dev_err(dev, "DMA read of item %#x (%#x bytes) not done after %d ms (control %#x): no more requests\n",
			select, len, CONFIG_QFW_TIMEOUT_MS, c);
		return ret;
	}
	if (c) {
		dev_err(dev, "DMA read of item %#x (%#x bytes) failed: control %#x\n",
			select, len, c);
		return -EIO;
	}
	return 0;
}

static int qfw_mmio_read(struct udevice *dev, u16 select, void *buf,
			 size_t len)
{
	struct qfw_uc_priv *uc = dev_get_uclass_priv(dev);
	struct qfw_mmio_priv *priv = dev_get_priv(dev);
	u32 control = (u32)select << 16 | QFW_DMA_SELECT;
	u8 *p = buf;
	int ret;

	if (!uc->dma) {
		qfw_select(priv, select);
		qfw_read_data(priv, buf, len);
		return 0;
	}
	if (priv->stuck) {
		dev_err(dev, "a DMA request never completed: no more reads\n");
		return -EIO;
	}
	/* The first request selects the item, the others go on from there */
	while (len) {
		u32 n = len > QFW_DMA_CHUNK ? QFW_DMA_CHUNK : len;

		ret = qfw_dma_one(dev, select, control, p, n);
		if (ret)
			return ret;
		control = 0;
		p += n;
		len -= n;
	}
	return 0;
}

static int qfw_mmio_probe(struct udevice *dev)
{
	struct qfw_uc_priv *uc = dev_get_uclass_priv(dev);
	struct qfw_mmio_priv *priv = dev_get_priv(dev);
	u64 base, size, sig;
	u8 id[4], magic[4];
	int ret;

	ret = dev_read_addr_size_index(dev, 0, &base, &size);
	if (ret || size < QFW_REG_SELECT + 2) {
		dev_err(dev, "needs a 'reg' window of at least 10 bytes\n");
		return -EINVAL;
	}
	priv->base = map_sysmem(base, size);
	qfw_select(priv, QFW_SIGNATURE);
	qfw_read_data(priv, magic, sizeof(magic));
	if (memcmp(magic, "QEMU", 4)) {
		dev_err(dev, "no fw_cfg here: signature %02x %02x %02x %02x, not \"QEMU\"\n",
			magic[0], magic[1], magic[2], magic[3]);
		return -EIO;
	}
	qfw_select(priv, QFW_ID);
	qfw_read_data(priv, id, sizeof(id));
	if (!(id[0] & QFW_ID_DMA) || size < QFW_DMA_WINDOW)
		return 0;
	sig = be64_to_cpu(readq(priv->base + QFW_REG_DMA));
	if (sig != QFW_DMA_SIGNATURE) {
		dev_warn(dev, "offers DMA, but its DMA register reads %#llx: reading through the data register\n",
			 (unsigned long long)sig);
		return 0;
	}
	uc->dma = true;
	return 0;
}

static const struct qfw_ops qfw_mmio_ops = {
	.read = qfw_mmio_read,
};

static const struct udevice_id qfw_mmio_ids[] = {
	{ .compatible = "qemu,fw-cfg-mmio" },
	{ }
};

EMBER_DRIVER(qfw_mmio) = {
	.name = "qfw_mmio",
	.id = UCLASS_QFW,
	.of_match = qfw_mmio_ids,
	.probe = qfw_mmio_probe,
	.priv_size = sizeof(struct qfw_mmio_priv),
	.ops = &qfw_mmio_ops,
};
