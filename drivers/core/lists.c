// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Binding devices from the device tree: a node is bound when it is enabled
 * and one of its 'compatible' strings (most specific first) names a driver.
 */
#define LOG_CATEGORY "dm"

#include <dm.h>
#include <string.h>

const struct driver *lists_driver_lookup_name(const char *name)
{
	ll_foreach(struct driver, drv, driver) {
		if (!strcmp(drv->name, name))
			return drv;
	}
	return NULL;
}

static const struct driver *match_compatible(const char *compat,
					     const struct udevice_id **idp)
{
	ll_foreach(struct driver, drv, driver) {
		const struct udevice_id *id;

		for (id = drv->of_match; id && id->compatible; id++) {
			if (!strcmp(id->compatible, compat)) {
				*idp = id;
				return drv;
			}
		}
	}
	return NULL;
}

int lists_bind_fdt(struct udevice *parent, ofnode node, struct udevice **devp)
{
	const struct udevice_id *id;
	const char *compat;
	int ret;

	if (devp)
		*devp = NULL;
	if (!ofnode_is_enabled(node))
		return 0;
	for (int i = 0;
	     !ofnode_read_string_index(node, "compatible", i, &compat); i++) {
		const struct driver *drv = match_compatible(compat, &id);

		if (!drv)
			continue;
		ret = device_bind_with_data(parent, drv, ofnode_get_name(node),
					    id->data, node, devp);
		if (ret && ret != -ENODEV)
			log_err("%s: cannot bind driver %s: error %d\n",
				ofnode_get_name(node), drv->name, ret);
		return ret;
	}
	return -ENOENT;
}

int device_bind_children(struct udevice *dev)
{
	int ret, first = 0;
	ofnode node;

	for (node = ofnode_first_subnode(dev->node); ofnode_valid(node);
	     node = ofnode_next_subnode(node)) {
		ret = lists_bind_fdt(dev, node, NULL);
		/* No driver for a node is normal; other errors are counted */
		if (ret && ret != -ENOENT && !first)
			first = ret;
	}
	return first;
}
