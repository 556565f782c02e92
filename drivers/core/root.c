// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The root of the device tree of devices, and the simple-bus driver that
 * binds a bus node's DT children.
 */
#define LOG_CATEGORY "dm"

#include <dm.h>
#include <global_data.h>

struct udevice *dm_root(void)
{
	return gd->dm_root;
}

static int probe_flagged(struct udevice *dev)
{
	struct udevice *child;
	int ret, first = 0;

	if (dev->driver->flags & DM_FLAG_PROBE_AFTER_BIND) {
		ret = device_probe(dev);
		if (ret)
			first = ret;
	}
	device_foreach_child(child, dev) {
		ret = probe_flagged(child);
		if (ret && !first)
			first = ret;
	}
	return first;
}

int dm_scan_fdt(void)
{
	return device_bind_children(gd->dm_root);
}

int dm_init_and_scan(void)
{
	DM_DRIVER_REF(root_driver);
	int ret;

	if (gd->dm_root)
		return -EALREADY;
	ret = device_bind(NULL, DM_DRIVER_GET(root_driver), "root_driver",
			  NULL, ofnode_root(), &gd->dm_root);
	if (ret)
		return ret;
	ret = device_probe(gd->dm_root);
	if (ret)
		return ret;
	ret = dm_scan_fdt();
	if (ret)
		log_warning("dm: some devices could not be bound (%d)\n", ret);
	probe_flagged(gd->dm_root);
	gd->flags |= GD_FLG_DM_READY;
	return 0;
}

int dm_remove_all(void)
{
	struct udevice *child, *n;
	int ret = 0, err;

	if (!gd->dm_root)
		return 0;
	list_for_each_entry_reverse_safe(child, n, &gd->dm_root->child_head,
					 sibling_node) {
		err = device_remove(child);
		if (err && !ret)
			ret = err;
	}
	return ret;
}

int dm_uninit(void)
{
	int ret;

	if (!gd->dm_root)
		return 0;
	ret = device_remove(gd->dm_root);
	if (!ret)
		ret = device_unbind(gd->dm_root);
	gd->dm_root = NULL;
	gd->flags &= ~GD_FLG_DM_READY;
	return ret;
}

EMBER_DRIVER(root_driver) = {
	.name = "root_driver",
	.id = UCLASS_ROOT,
};

UCLASS_DRIVER(root) = {
	.name = "root",
	.id = UCLASS_ROOT,
};

static int simple_bus_bind(struct udevice *dev)
{
	/* A child that fails to bind was reported; the bus stays. */
	device_bind_children(dev);
	return 0;
}

static const struct udevice_id simple_bus_ids[] = {
	{ .compatible = "simple-bus" },
	{ }
};

EMBER_DRIVER(simple_bus) = {
	.name = "simple_bus",
	.id = UCLASS_SIMPLE_BUS,
	.of_match = simple_bus_ids,
	.bind = simple_bus_bind,
};

UCLASS_DRIVER(simple_bus) = {
	.name = "simple_bus",
	.id = UCLASS_SIMPLE_BUS,
};

UCLASS_DRIVER(nop) = {
	.name = "nop",
	.id = UCLASS_NOP,
};
