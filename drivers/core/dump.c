// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Listings of devices, uclasses and drivers ('dm' command). */
#include <dm.h>
#include <dm/dump.h>
#include <stdio.h>
#include <string.h>

static void show_device(const struct udevice *dev, char *prefix, int depth,
			bool last)
{
	const struct udevice *child;
	size_t len = strlen(prefix);

	printf(" %-10.10s %3d  [ %c ]   %-20.20s  %s%s%s\n",
	       dev->uclass->uc_drv->name, dev->seq,
	       device_active(dev) ? '+' : ' ', dev->driver->name, prefix,
	       depth ? (last ? "`-- " : "|-- ") : "", dev->name);
	if (depth && len + 5 < 128)
		strcat(prefix, last ? "    " : "|   ");
	device_foreach_child(child, dev)
		show_device(child, prefix, depth + 1,
			    list_is_last(&child->sibling_node,
					 &dev->child_head));
	prefix[len] = '\0';
}

void dm_dump_tree(void)
{
	char prefix[128] = "";

	printf(" Class     Seq    Probed  Driver                Name\n");
	printf("-----------------------------------------------------------\n");
	if (dm_root())
		show_device(dm_root(), prefix, 0, true);
}

void dm_dump_uclass(void)
{
	for (int id = 0; id < UCLASS_COUNT; id++) {
		struct uclass *uc;
		struct udevice *dev;

		if (uclass_get(id, &uc))
			continue;
		printf("uclass %d: %s\n", id, uc->uc_drv->name);
		uclass_foreach_dev(dev, uc)
			printf("  %3d %c %s (driver %s)\n", dev->seq,
			       device_active(dev) ? '*' : ' ', dev->name,
			       dev->driver->name);
		printf("\n");
	}
}

void dm_dump_drivers(void)
{
	printf("%-24s %-14s %s\n", "Driver", "Uclass", "Compatible");
	printf("--------------------------------------------------------------\n");
	ll_foreach(struct driver, drv, driver) {
		const struct udevice_id *id = drv->of_match;

		printf("%-24s %-14s %s\n", drv->name, uclass_get_name(drv->id),
		       id && id->compatible ? id->compatible : "-");
		for (id = id ? id + 1 : NULL; id && id->compatible; id++)
			printf("%-24s %-14s %s\n", "", "", id->compatible);
	}
}

void dm_dump_compat(void)
{
	printf("%-24s %s\n", "Driver", "Compatible");
	printf("--------------------------------------------------------------\n");
	ll_foreach(struct driver, drv, driver) {
		const struct udevice_id *id;

		for (id = drv->of_match; id && id->compatible; id++)
			printf("%-24s %s\n", id == drv->of_match ? drv->name : "",
			       id->compatible);
	}
}

static struct udevice *find_in(struct udevice *dev, const char *name)
{
	struct udevice *child, *found;

	if (!strcmp(dev->name, name))
		return dev;
	device_foreach_child(child, dev) {
		found = find_in(child, name);
		if (found)
			return found;
	}
	return NULL;
}

struct udevice *dm_find_device_by_name(const char *name)
{
	return dm_root() ? find_in(dm_root(), name) : NULL;
}

void dm_dump_device(const struct udevice *dev)
{
	char path[128];

	printf("name:      %s\n", dev->name);
	printf("driver:    %s\n", dev->driver->name);
	printf("uclass:    %s (seq %d)\n", dev->uclass->uc_drv->name, dev->seq);
	printf("parent:    %s\n", dev->parent ? dev->parent->name : "-");
	if (ofnode_valid(dev->node) &&
	    !ofnode_get_path(dev->node, path, sizeof(path)))
		printf("node:      %s\n", path);
	printf("state:     %s\n", device_active(dev) ? "probed" :
	       (dev->flags & DM_FLAG_PROBE_FAILED) ? "probe failed" : "bound");
	if (dev->flags & DM_FLAG_PROBE_FAILED)
		printf("error:     %d (%s)\n", dev->probe_err,
		       errno_str(dev->probe_err));
	printf("priv:      %p\nplat:      %p\n", dev->priv, dev->plat);
}
