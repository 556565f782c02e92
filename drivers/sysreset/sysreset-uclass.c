// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Sysreset uclass: reset and power-off through whichever device can. */
#include <dm.h>
#include <stdio.h>
#include <sysreset.h>

int sysreset_walk(enum sysreset_t type)
{
	struct udevice *dev;
	int ret = -ENOSYS;

	for (uclass_first_device(UCLASS_SYSRESET, &dev); dev;
	     uclass_next_device(&dev)) {
		const struct sysreset_ops *ops = dev->driver->ops;

		ret = ops->request(dev, type);
		if (ret != -ENOSYS)
			dev_err(dev, "%s failed: %d\n",
				type == SYSRESET_POWER_OFF ? "power-off" :
				"reset",
				ret);
	}
	return ret;
}

UCLASS_DRIVER(sysreset) = {
	.name = "sysreset",
	.id = UCLASS_SYSRESET,
};
