// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Test-only drivers for the driver-model unit tests: "ember,test" devices
 * on "ember,test-bus" buses (dts/sandbox.dts, /test-bus). Each records its
 * probe and remove in a log the tests read through dm_test_log().
 */
#include <dm.h>
#include <string.h>
#include "test-drivers.h"

static struct dm_test_log log_state;

struct dm_test_log *dm_test_log(void)
{
	return &log_state;
}

static void log_event(const char *what, struct udevice *dev)
{
	struct dm_test_log *l = &log_state;

	if (l->count < DM_TEST_LOG_MAX) {
		l->event[l->count] = what;
		l->dev[l->count] = dev->name;
		l->count++;
	}
}

static int test_of_to_plat(struct udevice *dev)
{
	struct dm_test_plat *plat = dev_get_plat(dev);

	plat->value = ofnode_read_u32_default(dev->node, "ember,value", 0);
	plat->probe_error = ofnode_read_u32_default(dev->node,
						    "ember,probe-error", 0);
	return 0;
}

static int test_probe(struct udevice *dev)
{
	struct dm_test_plat *plat = dev_get_plat(dev);
	struct dm_test_priv *priv = dev_get_priv(dev);
	struct dm_test_parent_data *pdata = dev_get_parent_priv(dev);
	struct dm_test_uc_priv *uc = dev_get_uclass_priv(dev);

	log_event("probe", dev);
	/* The core hands us zeroed memory: anything else is a bug */
	if (priv->marker || pdata->marker || uc->marker)
		return -EFAULT;
	if (plat->probe_error)
		return -(int)plat->probe_error;
	priv->marker = 0x5a5a;
	pdata->marker = 0xa5a5;
	uc->marker = 0x1234;
	priv->ping = plat->value * 10;
	return 0;
}

static int test_remove(struct udevice *dev)
{
	log_event("remove", dev);
	return 0;
}

static int test_ping(struct udevice *dev, int in, int *outp)
{
	struct dm_test_priv *priv = dev_get_priv(dev);

	*outp = priv->ping + in;
	return 0;
}

static const struct dm_test_ops test_ops = {
	.ping = test_ping,
};

static const struct udevice_id test_ids[] = {
	{ .compatible = "ember,test", .data = 42 },
	{ }
};

EMBER_DRIVER(test_drv) = {
	.name = "test_drv",
	.id = UCLASS_TEST,
	.of_match = test_ids,
	.of_to_plat = test_of_to_plat,
	.probe = test_probe,
	.remove = test_remove,
	.priv_size = sizeof(struct dm_test_priv),
	.plat_size = sizeof(struct dm_test_plat),
	.ops = &test_ops,
};

UCLASS_DRIVER(test) = {
	.name = "test",
	.id = UCLASS_TEST,
	.flags = DM_UC_FLAG_SEQ_ALIAS,
	.per_device_size = sizeof(struct dm_test_uc_priv),
};

static int test_bus_bind(struct udevice *dev)
{
	device_bind_children(dev);
	return 0;
}

static int test_bus_probe(struct udevice *dev)
{
	log_event("probe", dev);
	return 0;
}

static int test_bus_remove(struct udevice *dev)
{
	log_event("remove", dev);
	return 0;
}

static const struct udevice_id test_bus_ids[] = {
	{ .compatible = "ember,test-bus" },
	{ }
};

EMBER_DRIVER(test_bus_drv) = {
	.name = "test_bus_drv",
	.id = UCLASS_TEST_BUS,
	.of_match = test_bus_ids,
	.bind = test_bus_bind,
	.probe = test_bus_probe,
	.remove = test_bus_remove,
	.per_child_size = sizeof(struct dm_test_parent_data),
};

UCLASS_DRIVER(testbus) = {
	.name = "testbus",
	.id = UCLASS_TEST_BUS,
	.flags = DM_UC_FLAG_SEQ_ALIAS,
};
