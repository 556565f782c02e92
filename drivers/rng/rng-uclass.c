// SPDX-License-Identifier: Apache-2.0 OR MIT
/* RNG uclass. */
#include <dm.h>
#include <rng.h>

int dm_rng_read(struct udevice *dev, void *buf, size_t len)
{
	const struct dm_rng_ops *ops = dev->driver->ops;

	if (!buf && len)
		return -EINVAL;
	if (!len)
		return 0;
	return ops->read(dev, buf, len);
}

UCLASS_DRIVER(rng) = {
	.name = "rng",
	.id = UCLASS_RNG,
	.flags = DM_UC_FLAG_SEQ_ALIAS,
};
