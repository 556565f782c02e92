// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Sandbox timer: the host's monotonic clock, counting microseconds. */
#include <asm/os.h>
#include <dm.h>
#include <time.h>

static u64 sandbox_timer_get_count(struct udevice *dev)
{
	return os_get_us();
}

static int sandbox_timer_probe(struct udevice *dev)
{
	struct timer_dev_priv *uc_priv = dev_get_uclass_priv(dev);

	uc_priv->clock_rate = 1000000;
	return 0;
}

static const struct timer_ops sandbox_timer_ops = {
	.get_count = sandbox_timer_get_count,
};

static const struct udevice_id sandbox_timer_ids[] = {
	{ .compatible = "sandbox,timer" },
	{ }
};

EMBER_DRIVER(sandbox_timer) = {
	.name = "sandbox_timer",
	.id = UCLASS_TIMER,
	.of_match = sandbox_timer_ids,
	.probe = sandbox_timer_probe,
	.ops = &sandbox_timer_ops,
};
