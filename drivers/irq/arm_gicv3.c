// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Arm GICv3 (Generic Interrupt Controller architecture v3: a distributor,
 * one redistributor per CPU, and the CPU interface's system registers),
 * for wake-up events only (include/irq.h), as arm_gic.c does for a GICv2.
 * Probing finds this CPU's redistributor (by its affinity in GICR_TYPER)
 * and wakes it, turns on the system-register interface, lets priorities
 * below GIC_PMR_OPEN through and enables group 1 in the CPU interface and
 * the distributor (with affinity routing, the only mode QEMU's GICv3 has).
 * wake_enable() puts one interrupt in group 1 with priority GIC_WAKE_PRIO,
 * routes an SPI to this CPU with the trigger the DT names, and enables
 * it; its enable bit is read back, since from the non-secure side a
 * secure interrupt's bits read as zero and ignore writes. Nothing is ever
 * acknowledged. At removal (before an OS boots) what was enabled here is
 * disabled and cleared, and the controls are put back as they were found;
 * the system-register interface stays on, as an OS wants it.
 *
 * DT: reg = <distributor>, <redistributors> (the first redistributor
 * region; #redistributor-regions past 1 are not searched); specifiers as
 * a GICv2's (#interrupt-cells = 3).
 */
#define LOG_CATEGORY "gic"

#include <asm/io.h>
#include <asm/system.h>
#include <dm.h>
#include <irq.h>
#include <stdio.h>
#include <time.h>
#include "arm_gic_regs.h"

/* Distributor, beyond the GICv2 registers arm_gic_regs.h names */
#define GICD_IGROUPR		0x080
#define GICD_IROUTER		0x6000		/* 64 bits per SPI, by INTID */
#define GICD_CTLR_GRP1		BIT(1)		/* EnableGrp1(NS/A) */
#define GICD_CTLR_ARE		BIT(4)		/* ARE(_NS): affinity routing */
#define GICD_CTLR_RWP		BIT(31)		/* a CTLR write in progress */
#define GICD_V3_SIZE		0x10000

/* Redistributor: RD_base, then SGI_base 64 KiB on */
#define GICR_TYPER		0x008		/* 64 bits */
#define GICR_WAKER		0x014
#define GICR_TYPER_VLPIS	BIT(1)		/* GICv4: two more frames */
#define GICR_TYPER_LAST		BIT(4)
#define GICR_WAKER_SLEEP	BIT(1)		/* ProcessorSleep */
#define GICR_WAKER_ASLEEP	BIT(2)		/* ChildrenAsleep */
#define GICR_SGI		0x10000
#define GICR_FRAME		0x20000		/* RD_base + SGI_base */
#define GICR_FRAME_VLPI		0x40000		/* ... + VLPI frames */

/* CPU interface system registers (by encoding: any assembler takes them) */
#define ICC_SRE_EL1		S3_0_C12_C12_5
#define ICC_SRE_EL2		S3_4_C12_C9_5
#define ICC_PMR_EL1		S3_0_C4_C6_0
#define ICC_IGRPEN1_EL1		S3_0_C12_C12_7
#define ICC_SRE_SRE		BIT(0)
#define ICC_SRE_ENABLE		BIT(3)		/* EL2: lets EL1 use its SRE */

#define GICV3_WAIT_US		10000		/* RWP, ChildrenAsleep */

struct arm_gicv3_priv {
	u8 *dist;
	u8 *rd;			/* this CPU's redistributor, RD_base */
	u32 nids;
	u64 router;		/* GICD_IROUTER's value for this CPU */
	u32 dctlr, waker;	/* as found, put back at removal */
	u64 pmr, igrpen1;
	u32 enabled[GIC_MAX_IDS / 32 + 1];	/* enabled here */
};

/*
 * Where @id's registers are: an SGI's or PPI's in the redistributor's SGI
 * frame, an SPI's in the distributor (the same offsets in both)
 */
static u8 *banks(struct arm_gicv3_priv *priv, u32 id)
{
	return id < GIC_SPI_BASE ? priv->rd + GICR_SGI : priv->dist;
}

/* The bank of one-bit-per-INTID register @reg holding @id */
static u8 *bank(struct arm_gicv3_priv *priv, u32 reg, u32 id)
{
	return banks(priv, id) + reg + id / 32 * 4;
}

static void set_bit_at(struct arm_gicv3_priv *priv, u32 reg, u32 id)
{
	writel(BIT(id % 32), bank(priv, reg, id));
}

static int wait_rwp(struct udevice *dev, struct arm_gicv3_priv *priv)
{
	if (poll_timeout_us(!(readl(priv->dist + GICD_CTLR) & GICD_CTLR_RWP),
			    GICV3_WAIT_US)) {
		dev_err(dev, "distributor still busy (GICD_CTLR.RWP) after %u us\n",
			GICV3_WAIT_US);
		return -ETIMEDOUT;
	}
	return 0;
}

static int arm_gicv3_wake_enable(struct udevice *dev, const u32 *spec,
				 int cells, struct irq_wake *w)
{
	struct arm_gicv3_priv *priv = dev_get_priv(dev);
	u8 *reg;
	u32 id;
	int ret;

	ret = gic_spec_id(dev, spec, cells, priv->nids, &id);
	if (ret)
		return ret;
	reg = bank(priv, GICD_IGROUPR, id);
	writel(readl(reg) | BIT(id % 32), reg);
	writeb(GIC_WAKE_PRIO, banks(priv, id) + GICD_IPRIORITYR + id);
	if (id >= GIC_SPI_BASE) {
		writeq(priv->router, priv->dist + GICD_IROUTER + id * 8);
		gic_set_trigger(priv->dist, id, spec[2]);
	}
	return gic_enable(dev, banks(priv, id), id, priv->enabled, w);
}

static void arm_gicv3_wake_clear(struct udevice *dev,
				 const struct irq_wake *w)
{
	set_bit_at(dev_get_priv(dev), GICD_ICPENDR, w->id);
}

/*
 * No wait for GICD_CTLR.RWP after a disable: until it takes effect a
 * pending line can only end a WFI early, and the waiter looks again
 */
static void arm_gicv3_wake_set(struct udevice *dev, const struct irq_wake *w,
			       bool on)
{
	set_bit_at(dev_get_priv(dev), on ? GICD_ISENABLER : GICD_ICENABLER,
		   w->id);
}

/*
 * The redistributor in [@base, @base + @size) of the CPU whose MPIDR is
 * @mpidr: -ENODEV if none
 */
static int find_rd(struct udevice *dev, struct arm_gicv3_priv *priv,
		   u8 *base, u64 size, u64 mpidr)
{
	u32 aff = (mpidr >> 8 & 0xff000000) | (mpidr & 0xffffff);
	u64 off = 0, typer;

	while (off + GICR_FRAME <= size) {
		typer = readq(base + off + GICR_TYPER);
		if ((u32)(typer >> 32) == aff) {
			priv->rd = base + off;
			return 0;
		}
		if (typer & GICR_TYPER_LAST)
			break;
		off += typer & GICR_TYPER_VLPIS ? GICR_FRAME_VLPI : GICR_FRAME;
	}
	dev_err(dev, "no redistributor for this CPU (affinity %#x)\n", aff);
	return -ENODEV;
}

/*
 * The system-register interface on, at this EL: false if the CPU has none
 * (ID_AA64PFR0_EL1.GIC) or it stays off
 */
static bool sre_on(void)
{
	if (!(read_sysreg(id_aa64pfr0_el1) >> 24 & 0xf))
		return false;
	if (current_el() == 2) {
		write_sysreg(read_sysreg(ICC_SRE_EL2) | ICC_SRE_SRE |
			     ICC_SRE_ENABLE, ICC_SRE_EL2);
		isb();
		return read_sysreg(ICC_SRE_EL2) & ICC_SRE_SRE;
	}
	write_sysreg(read_sysreg(ICC_SRE_EL1) | ICC_SRE_SRE, ICC_SRE_EL1);
	isb();
	return read_sysreg(ICC_SRE_EL1) & ICC_SRE_SRE;
}

static int arm_gicv3_probe(struct udevice *dev)
{
	struct arm_gicv3_priv *priv = dev_get_priv(dev);
	u64 mpidr = read_sysreg(mpidr_el1), rd_size;
	u8 *rd_base;
	int ret;

	ret = gic_map(dev, "redistributors", GICD_V3_SIZE, GICR_FRAME,
		      &priv->dist, &rd_base, &rd_size, &priv->nids);
	if (ret)
		return ret;
	ret = find_rd(dev, priv, rd_base, rd_size, mpidr);
	if (ret)
		return ret;
	if (!sre_on()) {
		dev_warn(dev, "the CPU interface's system registers stay off: no naps, waits poll\n");
		return -EIO;
	}
	priv->router = (mpidr & 0xff00000000ULL) | (mpidr & 0xffffff);
	/* The redistributor awake: it forwards to the CPU interface */
	priv->waker = readl(priv->rd + GICR_WAKER);
	writel(priv->waker & ~GICR_WAKER_SLEEP, priv->rd + GICR_WAKER);
	if (poll_timeout_us(!(readl(priv->rd + GICR_WAKER) &
			      GICR_WAKER_ASLEEP), GICV3_WAIT_US)) {
		dev_err(dev, "redistributor still asleep after %u us\n",
			GICV3_WAIT_US);
		return -ETIMEDOUT;
	}
	priv->pmr = read_sysreg(ICC_PMR_EL1);
	priv->igrpen1 = read_sysreg(ICC_IGRPEN1_EL1);
	write_sysreg(GIC_PMR_OPEN, ICC_PMR_EL1);
	write_sysreg(1, ICC_IGRPEN1_EL1);
	isb();
	priv->dctlr = readl(priv->dist + GICD_CTLR);
	writel(priv->dctlr | GICD_CTLR_ARE, priv->dist + GICD_CTLR);
	ret = wait_rwp(dev, priv);
	if (ret)
		return ret;
	writel(priv->dctlr | GICD_CTLR_ARE | GICD_CTLR_GRP1,
	       priv->dist + GICD_CTLR);
	return wait_rwp(dev, priv);
}

static int arm_gicv3_remove(struct udevice *dev)
{
	struct arm_gicv3_priv *priv = dev_get_priv(dev);
	int ret;

	for (u32 i = 0; i < ARRAY_SIZE(priv->enabled); i++) {
		u32 bits = priv->enabled[i];

		if (!bits)
			continue;
		writel(bits, bank(priv, GICD_ICENABLER, i * 32));
		writel(bits, bank(priv, GICD_ICPENDR, i * 32));
		priv->enabled[i] = 0;
	}
	/* Affinity routing stays: it may not be turned off once on */
	writel(priv->dctlr | (readl(priv->dist + GICD_CTLR) & GICD_CTLR_ARE),
	       priv->dist + GICD_CTLR);
	ret = wait_rwp(dev, priv);
	write_sysreg(priv->igrpen1, ICC_IGRPEN1_EL1);
	write_sysreg(priv->pmr, ICC_PMR_EL1);
	isb();
	writel(priv->waker, priv->rd + GICR_WAKER);
	return ret;
}

static const struct irq_ops arm_gicv3_ops = {
	.wake_enable = arm_gicv3_wake_enable,
	.wake_clear = arm_gicv3_wake_clear,
	.wake_set = arm_gicv3_wake_set,
};

static const struct udevice_id arm_gicv3_ids[] = {
	{ .compatible = "arm,gic-v3" },
	{ }
};

EMBER_DRIVER(arm_gicv3) = {
	.name = "arm_gicv3",
	.id = UCLASS_IRQ,
	.of_match = arm_gicv3_ids,
	.probe = arm_gicv3_probe,
	.remove = arm_gicv3_remove,
	.ops = &arm_gicv3_ops,
	.priv_size = sizeof(struct arm_gicv3_priv),
};
