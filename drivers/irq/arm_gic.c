// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Arm GICv2 (Generic Interrupt Controller architecture v2: the
 * distributor and one CPU interface), for wake-up events only
 * (include/irq.h). Probing enables forwarding in both (the interrupts
 * stay disabled); wake_enable() gives one interrupt a priority the CPU
 * interface lets through, this CPU as its target and, for an SPI, the
 * trigger the DT names, then enables it. Nothing is acknowledged: the CPU
 * never takes the interrupt, it only leaves WFI while one is pending. At
 * removal (before an OS boots) the interrupts enabled here are disabled
 * and their pending state cleared, and the controls are put back as they
 * were found.
 *
 * DT specifiers (#interrupt-cells = 3): type (0 SPI, 1 PPI), number (SPI
 * 0-987, PPI 0-15), flags (bits 3:0 the trigger: 1 or 2 edge, 4 or 8
 * level; bits 15:8 a PPI's CPU mask, unused here).
 */
#define LOG_CATEGORY "gic"

#include <asm/io.h>
#include <dm.h>
#include <irq.h>
#include <stdio.h>
#include "arm_gic_regs.h"

#define GIC_WAKE_PRIO	0xa0		/* of the interrupts enabled here */
#define GIC_PMR_OPEN	0xf0		/* lets GIC_WAKE_PRIO through */

#define GIC_SPEC_SPI	0
#define GIC_SPEC_PPI	1
#define GIC_TRIGGER_EDGE	0x3	/* flag bits: rising or falling */

struct arm_gic_priv {
	void *dist;
	void *cpu;
	u32 nids;		/* INTIDs the distributor implements */
	u32 dctlr, cctlr, pmr;	/* as found, put back at removal */
	u32 enabled[GIC_MAX_IDS / 32 + 1];	/* enabled here */
};

static void gic_set_bit(struct arm_gic_priv *priv, u32 reg, u32 id)
{
	writel(BIT(id % 32), (u8 *)priv->dist + reg + id / 32 * 4);
}

static int arm_gic_wake_enable(struct udevice *dev, const u32 *spec,
			       int cells, struct irq_wake *w)
{
	struct arm_gic_priv *priv = dev_get_priv(dev);
	u8 *dist = priv->dist;
	u32 id, cfg;
	u8 target;

	if (cells != 3) {
		dev_err(dev, "#interrupt-cells is %d, not 3\n", cells);
		return -EINVAL;
	}
	if (spec[0] == GIC_SPEC_SPI && spec[1] < GIC_MAX_IDS - GIC_SPI_BASE) {
		id = GIC_SPI_BASE + spec[1];
	} else if (spec[0] == GIC_SPEC_PPI && spec[1] < 16) {
		id = GIC_PPI_BASE + spec[1];
	} else {
		dev_err(dev, "interrupt <%u %u> is neither an SPI (0, below %u) nor a PPI (1, below 16)\n",
			spec[0], spec[1], GIC_MAX_IDS - GIC_SPI_BASE);
		return -EINVAL;
	}
	if (id >= priv->nids) {
		dev_err(dev, "interrupt %u is past the %u the distributor has\n",
			id, priv->nids);
		return -EINVAL;
	}
	writeb(GIC_WAKE_PRIO, dist + GICD_IPRIORITYR + id);
	if (id >= GIC_SPI_BASE) {
		/*
		 * A banked target field reads as this CPU's own bit; on a
		 * uniprocessor GIC (QEMU's -smp 1) all read 0 and ignore
		 * writes, the one CPU being every interrupt's target
		 */
		target = readb(dist + GICD_ITARGETSR);
		writeb(target ?: 1, dist + GICD_ITARGETSR + id);
		cfg = readl(dist + GICD_ICFGR + id / 16 * 4);
		if (spec[2] & GIC_TRIGGER_EDGE)
			cfg |= BIT(id % 16 * 2 + 1);
		else
			cfg &= ~BIT(id % 16 * 2 + 1);
		writel(cfg, dist + GICD_ICFGR + id / 16 * 4);
	}
	gic_set_bit(priv, GICD_ICPENDR, id);
	gic_set_bit(priv, GICD_ISENABLER, id);
	/*
	 * Read back: from the non-secure side a group 0 interrupt's bits
	 * read as zero and ignore writes (QEMU's -M virt,secure=on, where
	 * Ember drops from EL3): such an interrupt would never end a WFI
	 */
	if (!(readl(dist + GICD_ISENABLER + id / 32 * 4) & BIT(id % 32))) {
		dev_warn(dev, "interrupt %u stays disabled (a secure one?): no naps, waits poll\n",
			id);
		return -EIO;
	}
	priv->enabled[id / 32] |= BIT(id % 32);
	w->id = id;
	return 0;
}

static void arm_gic_wake_clear(struct udevice *dev, const struct irq_wake *w)
{
	gic_set_bit(dev_get_priv(dev), GICD_ICPENDR, w->id);
}

static int arm_gic_probe(struct udevice *dev)
{
	struct arm_gic_priv *priv = dev_get_priv(dev);
	u64 addr[2], size[2];
	int ret;

	for (int i = 0; i < 2; i++) {
		ret = dev_read_addr_size_index(dev, i, &addr[i], &size[i]);
		if (ret) {
			dev_err(dev, "no 'reg' entry %d (%s): %d\n", i,
				i ? "CPU interface" : "distributor", ret);
			return ret;
		}
	}
	if (size[0] < GICD_SIZE || size[1] < GICC_SIZE) {
		dev_err(dev, "register windows of %#llx and %#llx bytes are too small\n",
			(unsigned long long)size[0], (unsigned long long)size[1]);
		return -EINVAL;
	}
	priv->dist = map_sysmem(addr[0], size[0]);
	priv->cpu = map_sysmem(addr[1], size[1]);
	priv->nids = min_t(u32, (readl((u8 *)priv->dist + GICD_TYPER) % 32 + 1) * 32,
			   GIC_MAX_IDS);
	priv->dctlr = readl((u8 *)priv->dist + GICD_CTLR);
	priv->cctlr = readl((u8 *)priv->cpu + GICC_CTLR);
	priv->pmr = readl((u8 *)priv->cpu + GICC_PMR);
	/* Forwarding on (group 0, or group 1 as the non-secure side sees it) */
	writel(GIC_PMR_OPEN, (u8 *)priv->cpu + GICC_PMR);
	writel(priv->cctlr | 1, (u8 *)priv->cpu + GICC_CTLR);
	writel(priv->dctlr | 1, (u8 *)priv->dist + GICD_CTLR);
	return 0;
}

static int arm_gic_remove(struct udevice *dev)
{
	struct arm_gic_priv *priv = dev_get_priv(dev);
	u8 *dist = priv->dist;

	for (u32 i = 0; i < ARRAY_SIZE(priv->enabled); i++) {
		if (!priv->enabled[i])
			continue;
		writel(priv->enabled[i], dist + GICD_ICENABLER + i * 4);
		writel(priv->enabled[i], dist + GICD_ICPENDR + i * 4);
		priv->enabled[i] = 0;
	}
	writel(priv->dctlr, dist + GICD_CTLR);
	writel(priv->cctlr, (u8 *)priv->cpu + GICC_CTLR);
	writel(priv->pmr, (u8 *)priv->cpu + GICC_PMR);
	return 0;
}

static const struct irq_ops arm_gic_ops = {
	.wake_enable = arm_gic_wake_enable,
	.wake_clear = arm_gic_wake_clear,
};

static const struct udevice_id arm_gic_ids[] = {
	{ .compatible = "arm,cortex-a15-gic" },
	{ .compatible = "arm,gic-400" },
	{ .compatible = "arm,cortex-a9-gic" },
	{ }
};

EMBER_DRIVER(arm_gic) = {
	.name = "arm_gic",
	.id = UCLASS_IRQ,
	.of_match = arm_gic_ids,
	.probe = arm_gic_probe,
	.remove = arm_gic_remove,
	.ops = &arm_gic_ops,
	.priv_size = sizeof(struct arm_gic_priv),
};
