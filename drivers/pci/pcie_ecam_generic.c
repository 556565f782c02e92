// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Generic ECAM host controller ("pci-host-ecam-generic", as on QEMU's virt
 * machine): configuration space is memory-mapped, 4 KiB per function and
 * 1 MiB per bus, from the first bus of 'bus-range' (PCIe 5.0 §7.2.2). The
 * uclass does everything else (windows, enumeration).
 */
#define LOG_CATEGORY "pci"

#include <asm/io.h>
#include <dm.h>
#include <pci.h>

#define ECAM_BUS_SHIFT	20
#define ECAM_FN_SHIFT	12	/* devfn: dev << 3 | fn */

struct ecam_priv {
	void *base;
	u64 size;
	int first_busno;
};

/* Address of @offset of @bdf, or NULL when the bus is not in the window */
static void *ecam_addr(const struct ecam_priv *priv, pci_dev_t bdf,
		       uint offset)
{
	int bus = PCI_BUS(bdf) - priv->first_busno;
	u64 off;

	if (bus < 0)
		return NULL;
	off = (u64)bus << ECAM_BUS_SHIFT |
	      (u64)(bdf & 0xff) << ECAM_FN_SHIFT | offset;
	if (off >= priv->size)
		return NULL;
	return (u8 *)priv->base + off;
}

static int ecam_read_config(const struct udevice *ctlr, pci_dev_t bdf,
			    uint offset, ulong *valuep, int size)
{
	void *p = ecam_addr(dev_get_priv(ctlr), bdf, offset);

	if (!p)
		return 0;	/* no such bus: reads as all ones */
	switch (size) {
	case 1:
		*valuep = readb(p);
		break;
	case 2:
		*valuep = readw(p);
		break;
	default:
		*valuep = readl(p);
		break;
	}
	return 0;
}

static int ecam_write_config(struct udevice *ctlr, pci_dev_t bdf,
			     uint offset, ulong value, int size)
{
	void *p = ecam_addr(dev_get_priv(ctlr), bdf, offset);

	if (!p)
		return 0;
	switch (size) {
	case 1:
		writeb(value, p);
		break;
	case 2:
		writew(value, p);
		break;
	default:
		writel(value, p);
		break;
	}
	return 0;
}

static int ecam_probe(struct udevice *dev)
{
	struct ecam_priv *priv = dev_get_priv(dev);
	struct pci_bus_plat *bus = dev_get_uclass_plat(dev);
	phys_addr_t addr;
	int ret;

	ret = dev_read_addr_size_index(dev, 0, &addr, &priv->size);
	if (ret) {
		dev_err(dev, "no usable 'reg' (%d)\n", ret);
		return ret;
	}
	if (priv->size < (1 << ECAM_BUS_SHIFT)) {
		dev_err(dev, "ECAM window of %#llx bytes is too small\n",
			(unsigned long long)priv->size);
		return -EINVAL;
	}
	/* 'bus-range' was read by the uclass before this probe */
	priv->first_busno = bus->first_busno;
	if ((u64)(bus->last_busno - bus->first_busno + 1) << ECAM_BUS_SHIFT >
	    priv->size)
		bus->last_busno = bus->first_busno +
				  (priv->size >> ECAM_BUS_SHIFT) - 1;
	priv->base = map_sysmem(addr, priv->size);
	return 0;
}

static const struct dm_pci_ops ecam_ops = {
	.read_config = ecam_read_config,
	.write_config = ecam_write_config,
};

static const struct udevice_id ecam_ids[] = {
	{ .compatible = "pci-host-ecam-generic" },
	{ }
};

EMBER_DRIVER(pcie_ecam_generic) = {
	.name = "pcie_ecam_generic",
	.id = UCLASS_PCI,
	.of_match = ecam_ids,
	.probe = ecam_probe,
	.ops = &ecam_ops,
	.priv_size = sizeof(struct ecam_priv),
	.per_child_plat_size = sizeof(struct pci_child_plat),
	/* The bus is brought up at start-up: its functions bind then */
	.flags = DM_FLAG_PROBE_AFTER_BIND,
};
