// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * GICv2 registers (Arm's GIC architecture specification, v2), those the
 * arm_gic driver uses, shared with the sandbox's model of them; and what
 * both GIC drivers (arm_gic, arm_gicv3) share.
 */
#ifndef __ARM_GIC_REGS_H
#define __ARM_GIC_REGS_H

#include <types.h>

/* Distributor */
#define GICD_CTLR	0x000
#define GICD_TYPER	0x004		/* bits 4:0: ITLinesNumber */
#define GICD_ISENABLER	0x100		/* one bit per ID: write 1 to set */
#define GICD_ICENABLER	0x180		/* ... write 1 to clear */
#define GICD_ICPENDR	0x280		/* ... write 1 to clear pending */
#define GICD_IPRIORITYR	0x400		/* one byte per ID */
#define GICD_ITARGETSR	0x800		/* one byte per ID: CPU mask */
#define GICD_ICFGR	0xc00		/* two bits per ID: bit 1 edge */
#define GICD_SIZE	0x1000

/* CPU interface */
#define GICC_CTLR	0x000
#define GICC_PMR	0x004		/* priorities below it are signalled */
#define GICC_SIZE	0x008

#define GIC_PPI_BASE	16
#define GIC_SPI_BASE	32
#define GIC_MAX_IDS	1020		/* 1020-1023 are special */

#define GIC_WAKE_PRIO	0xa0		/* of the interrupts enabled here */
#define GIC_PMR_OPEN	0xf0		/* lets GIC_WAKE_PRIO through */

/* DT specifiers (#interrupt-cells = 3): type, number, flags */
#define GIC_SPEC_SPI	0
#define GIC_SPEC_PPI	1
#define GIC_TRIGGER_EDGE	0x3	/* flag bits: rising or falling */

struct udevice;

/**
 * gic_spec_id() - the INTID DT specifier @spec names (GICv2 and GICv3
 * alike): an SPI or a PPI, below the @nids the distributor implements
 * Return: 0, or -EINVAL with a message naming @dev
 */
int gic_spec_id(struct udevice *dev, const u32 *spec, int cells, u32 nids,
		u32 *idp);

struct irq_wake;

/** gic_set_trigger() - @id edge or level in the ICFGR at @dist, as @flags say */
void gic_set_trigger(u8 *dist, u32 id, u32 flags);

/**
 * gic_enable() - clear @id's pending state and enable it through the
 * ICPENDR and ISENABLER banks at @banks (a distributor's, or for an SGI or
 * PPI on a GICv3 the redistributor's SGI frame), then read the enable bit
 * back; mark it in @enabled and fill @w->id
 * Return: 0, or -EIO with a warning when the bit stays clear
 */
int gic_enable(struct udevice *dev, u8 *banks, u32 id, u32 *enabled,
	       struct irq_wake *w);

/**
 * gic_map() - map @dev's two register windows ('reg' entries 0 and 1: the
 * distributor and @what), of at least @min0 and @min1 bytes, and count
 * the INTIDs the distributor implements (GICD_TYPER, at most GIC_MAX_IDS)
 * Return: 0, or an error said here
 */
int gic_map(struct udevice *dev, const char *what, u64 min0, u64 min1,
	    u8 **distp, u8 **secondp, u64 *second_size, u32 *nidsp);

#endif
