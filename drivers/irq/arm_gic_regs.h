// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * GICv2 registers (Arm's GIC architecture specification, v2), those the
 * arm_gic driver uses, shared with the sandbox's model of them.
 */
#ifndef __ARM_GIC_REGS_H
#define __ARM_GIC_REGS_H

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

#endif
