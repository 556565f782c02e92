// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Timer uclass: a free-running counter turned into microseconds. */
#include <dm.h>
#include <global_data.h>
#include <time.h>

int timer_init(void)
{
	struct udevice *dev;
	int ret = uclass_first_device(UCLASS_TIMER, &dev);

	if (ret)
		return ret;
	gd->timer = dev;
	return 0;
}

u64 timer_get_us(void)
{
	struct udevice *dev = gd->timer;
	const struct timer_ops *ops;
	struct timer_dev_priv *uc_priv;
	u64 count;

	if (!dev)
		return arch_timer_early_us();
	ops = dev->driver->ops;
	uc_priv = dev_get_uclass_priv(dev);
	count = ops->get_count(dev);
	/* Split to avoid overflowing count * 1e6 */
	return count / uc_priv->clock_rate * 1000000 +
	       count % uc_priv->clock_rate * 1000000 / uc_priv->clock_rate;
}

ulong get_timer(ulong base)
{
	return timer_get_us() / 1000 - base;
}

/* Longer naps are several: the product below stays far from overflow */
#define TIMER_NAP_MAX_US	1000000

int timer_nap(u64 max_us)
{
	struct udevice *dev = gd->timer;
	const struct timer_ops *ops;
	struct timer_dev_priv *uc_priv;

	if (!dev)
		return -ENOSYS;
	ops = dev->driver->ops;
	if (!ops->nap)
		return -ENOSYS;
	uc_priv = dev_get_uclass_priv(dev);
	max_us = min_t(u64, max_us, TIMER_NAP_MAX_US);
	return ops->nap(dev, max_t(u64, max_us * uc_priv->clock_rate / 1000000,
				   1));
}

void udelay(ulong usec)
{
	u64 end = timer_get_us() + usec;

	while (timer_get_us() < end)
		cpu_relax();
}

void mdelay(ulong msec)
{
	udelay(msec * 1000);
}

static int timer_post_probe(struct udevice *dev)
{
	struct timer_dev_priv *uc_priv = dev_get_uclass_priv(dev);

	if (!uc_priv->clock_rate) {
		dev_err(dev, "timer has no clock rate\n");
		return -EINVAL;
	}
	return 0;
}

UCLASS_DRIVER(timer) = {
	.name = "timer",
	.id = UCLASS_TIMER,
	.post_probe = timer_post_probe,
	.per_device_size = sizeof(struct timer_dev_priv),
};
