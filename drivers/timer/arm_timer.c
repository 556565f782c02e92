// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Arm generic timer (architected counter), DT compatible "arm,armv8-timer".
 * The count is the virtual counter CNTVCT_EL0, which equals the physical
 * one when Ember runs at EL2 (start.S zeroes CNTVOFF_EL2) and is what a
 * hypervisor lets an EL1 guest read. The rate comes from CNTFRQ_EL0, or
 * from the node's 'clock-frequency' when firmware left CNTFRQ_EL0 zero.
 *
 * Naps: the virtual timer (CNTV_*, the node's third interrupt) is armed for
 * the deadline and the CPU waits in WFI, with IRQs masked: a pending
 * interrupt ends the wait without being taken. The timer's interrupt is
 * enabled as a wake-up event at the first nap; where that cannot be done
 * (no interrupt controller driver) the timer does not nap and callers
 * poll, since a WFI with no wake-up it can count on might never end.
 */
#include <asm/system.h>
#include <dm.h>
#include <irq.h>
#include <stdio.h>
#include <time.h>

#define ARM_TIMER_VIRT_IRQ	2	/* of sec-phys, phys, virt, hyp-phys */
#define CNTV_CTL_ENABLE		BIT(0)
#define CNTV_CTL_ISTATUS	BIT(2)

/**
 * struct arm_timer_priv - naps
 * @wake: the virtual timer's interrupt, once enabled as a wake-up event
 * @nap_tried: the first nap tried to enable it; @can_nap: it could
 */
struct arm_timer_priv {
	struct irq_wake wake;
	bool nap_tried;
	bool can_nap;
};

static u64 arm_timer_get_count(struct udevice *dev)
{
	/* Without the isb the read may be taken early, out of order. */
	isb();
	return read_sysreg(cntvct_el0);
}

static int arm_timer_nap(struct udevice *dev, u64 ticks)
{
	struct arm_timer_priv *priv = dev_get_priv(dev);
	u64 ctl;

	if (!priv->nap_tried) {
		/* What went wrong, if anything, is said where it is known */
		priv->can_nap = !irq_wake_enable(dev, ARM_TIMER_VIRT_IRQ,
						 &priv->wake);
		priv->nap_tried = true;
	}
	if (!priv->can_nap || !irq_wake_ready(&priv->wake))
		return -ENOSYS;
	isb();
	write_sysreg(read_sysreg(cntvct_el0) + ticks, cntv_cval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	isb();
	wfi();
	ctl = read_sysreg(cntv_ctl_el0);
	/* Disabled, the timer drops its (level) interrupt */
	write_sysreg(0, cntv_ctl_el0);
	isb();
	irq_wake_clear(&priv->wake);
	return ctl & CNTV_CTL_ISTATUS ? 0 : 1;
}

static int arm_timer_probe(struct udevice *dev)
{
	struct timer_dev_priv *uc_priv = dev_get_uclass_priv(dev);
	u64 rate = read_sysreg(cntfrq_el0) & 0xffffffff;
	u32 freq;

	if (!rate && !dev_read_u32(dev, "clock-frequency", &freq))
		rate = freq;
	if (!rate) {
		dev_err(dev, "CNTFRQ_EL0 is 0 and no clock-frequency given\n");
		return -EINVAL;
	}
	uc_priv->clock_rate = rate;
	return 0;
}

static const struct timer_ops arm_timer_ops = {
	.get_count = arm_timer_get_count,
	.nap = arm_timer_nap,
};

static const struct udevice_id arm_timer_ids[] = {
	{ .compatible = "arm,armv8-timer" },
	{ }
};

EMBER_DRIVER(arm_timer) = {
	.name = "arm_timer",
	.id = UCLASS_TIMER,
	.of_match = arm_timer_ids,
	.probe = arm_timer_probe,
	.ops = &arm_timer_ops,
	.priv_size = sizeof(struct arm_timer_priv),
};
