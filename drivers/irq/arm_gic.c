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

struct arm_gic_priv {
	u8 *dist;
	u8 *cpu;
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
	u8 target;
	u32 id;
	int ret;

	ret = gic_spec_id(dev, spec, cells, priv->nids, &id);
	if (ret)
		return ret;
	writeb(GIC_WAKE_PRIO, dist + GICD_IPRIORITYR + id);
	if (id >= GIC_SPI_BASE) {
		/*
		 * A banked target field reads as this CPU's own bit; on a
		 * uniprocessor GIC (QEMU's -smp 1) all read 0 and ignore
		 * writes, the one CPU being every interrupt's target
		 */
		target = readb(dist + GICD_ITARGETSR);
		writeb(target ?: 1, dist + GICD_ITARGETSR + id);
		gic_set_trigger(dist, id, spec[2]);
	}
	return gic_enable(dev, dist, id, priv->enabled, w);
}

static void arm_gic_wake_clear(struct udevice *dev, const struct irq_wake *w)
{
	gic_set_bit(dev_get_priv(dev), GICD_ICPENDR, w->id);
}

static void arm_gic_wake_set(struct udevice *dev, const struct irq_wake *w,
			     bool on)
{
	gic_set_bit(dev_get_priv(dev), on ? GICD_ISENABLER : GICD_ICENABLER,
		    w->id);
}

static int arm_gic_probe(struct udevice *dev)
{
	struct arm_gic_priv *priv = dev_get_priv(dev);
	u64 cpu_size;
	int ret;

	ret = gic_map(dev, "CPU interface", GICD_SIZE, GICC_SIZE, &priv->dist,
		      &priv->cpu, &cpu_size, &priv->nids);
	if (ret)
		return ret;
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
	.wake_set = arm_gic_wake_set,
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
