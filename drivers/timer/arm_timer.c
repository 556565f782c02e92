// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Arm generic timer (architected counter), DT compatible "arm,armv8-timer".
 * The count is the virtual counter CNTVCT_EL0, which equals the physical
 * one when Ember runs at EL2 (start.S zeroes CNTVOFF_EL2) and is what a
 * hypervisor lets an EL1 guest read. The rate comes from CNTFRQ_EL0, or
 * from the node's 'clock-frequency' when firmware left CNTFRQ_EL0 zero.
 */
#include <asm/system.h>
#include <dm.h>
#include <time.h>

static u64 arm_timer_get_count(struct udevice *dev)
{
	/* Without the isb the read may be taken early, out of order. */
	isb();
	return read_sysreg(cntvct_el0);
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
};
