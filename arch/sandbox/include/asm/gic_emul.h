// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The sandbox's GICv2 register model (drivers/irq/emul/gic_emul.c): what
 * the arm_gic driver wrote, for test/dm/irq.c.
 */
#ifndef __ASM_GIC_EMUL_H
#define __ASM_GIC_EMUL_H

#include <types.h>

struct udevice;

/**
 * struct sandbox_gic_state - the registers as the driver left them
 * @dctlr/@cctlr/@pmr: GICD_CTLR, GICC_CTLR, GICC_PMR
 * @enabled: the enable bits, one per ID (ISENABLER sets, ICENABLER clears)
 * @cleared: every ICPENDR bit ever written
 * @prio/@target: GICD_IPRIORITYR, GICD_ITARGETSR (IDs 32 and up), by ID
 * @cfg: GICD_ICFGR words (2 bits per ID; words 0 and 1 are read-only)
 * @locked: IDs whose enable bits ignore writes, as a group 0 (secure)
 *	interrupt's do when the non-secure side writes them (set by tests)
 */
struct sandbox_gic_state {
	u32 dctlr, cctlr, pmr;
	u32 locked[32];
	u32 enabled[32];
	u32 cleared[32];
	u8 prio[1024];
	u8 target[1024];
	u32 cfg[64];
};

/** sandbox_gic_emul_get() - the model whose DT node is @name, probed */
struct udevice *sandbox_gic_emul_get(const char *name);
struct sandbox_gic_state *sandbox_gic_emul_state(struct udevice *emul);

#endif
