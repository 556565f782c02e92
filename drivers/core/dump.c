// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Listings of devices, uclasses and drivers ('dm' command). */
#include <dm.h>
#include <dm/dump.h>
#include <stdio.h>
#include <string.h>

/*
 * The listings keep U-Boot's column widths (drivers/core/dump.c there), so
 * what people and scripts read from U-Boot reads the same here.
 */

/* Hex digits of an address printed in full: 16 on 64-bit boards */
#define ADDR_DIGITS	(2 * (int)sizeof(void *))

static void show_device(const struct udevice *dev, char *prefix, int depth,
			bool last)
{
	const struct udevice *child;
	size_t len = strlen(prefix);

	printf(" %-10.10s  %3d  [ %c ]   %-20.20s  %s%s%s\n",
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

/*
 * U-Boot's line: the index in the uclass, '*' when probed, the name, the
 * device's address and, once it has one, its sequence number
 */
static void show_uclass_device(const struct udevice *dev, int index)
{
	printf("%-3d %c %s @ %08lx", index, device_active(dev) ? '*' : ' ',
	       dev->name, (ulong)(uintptr_t)dev);
	if (dev->seq >= 0)
		printf(", seq %d", dev->seq);
	printf("\n");
}

void dm_dump_uclass(void)
{
	for (int id = 0; id < UCLASS_COUNT; id++) {
		struct uclass *uc;
		struct udevice *dev;
		int index = 0;

		if (uclass_get(id, &uc))
			continue;
		printf("uclass %d: %s\n", id, uc->uc_drv->name);
		uclass_foreach_dev(dev, uc)
			show_uclass_device(dev, index++);
		printf("\n");
	}
}

/* The devices of @drv, one a line, in the 'Devices' column */
static void show_driver_devices(const struct driver *drv, struct uclass *uc)
{
	const struct udevice *dev;
	int n = 0;

	uclass_foreach_dev(dev, uc) {
		if (dev->driver != drv)
			continue;
		printf("%*s%-25.25s\n", n++ ? 51 : 0, "", dev->name);
	}
	if (!n)
		printf("<none>\n");
}

void dm_dump_drivers(void)
{
	printf("Driver                    uid uclass               Devices\n");
	printf("----------------------------------------------------------\n");
	ll_foreach(struct driver, drv, driver) {
		struct uclass *uc;
		int ret = uclass_get(drv->id, &uc);

		printf("%-25.25s %-3.3d %-20.20s ", drv->name, drv->id,
		       ret ? "<no uclass>" : uc->uc_drv->name);
		if (ret)
			printf("\n");
		else
			show_driver_devices(drv, uc);
	}
}

void dm_dump_compat(void)
{
	printf("Driver                Compatible\n");
	printf("--------------------------------\n");
	ll_foreach(struct driver, drv, driver) {
		const struct udevice_id *id = drv->of_match;

		/* A driver with no compatible string is listed alone */
		printf("%-20.20s", drv->name);
		if (id && id->compatible) {
			printf("  %s", id->compatible);
			id++;
		}
		printf("\n");
		for (; id && id->compatible; id++)
			printf("%-20.20s  %s\n", "", id->compatible);
	}
}

/*
 * Ember binds no device from static platform data (U-Boot's
 * U_BOOT_DRVINFO): each comes from the DT or from the bus that found it.
 * The list is U-Boot's with no entries.
 */
void dm_dump_static(void)
{
	printf("Driver                    Address\n");
	printf("---------------------------------\n");
}

/* One block of memory the core allocated for a device and frees itself */
struct core_alloc {
	const char *what;
	const void *addr;
	size_t size;
	bool probe;		/* allocated at probe, else at bind */
};

/* The parent's per-child private size: its driver's, else its uclass's */
static int parent_priv_size(const struct udevice *dev)
{
	const struct udevice *parent = dev->parent;

	if (!parent)
		return 0;
	if (parent->driver->per_child_size)
		return parent->driver->per_child_size;
	return parent->uclass->uc_drv->per_child_size;
}

static void show_core_allocs(const struct udevice *dev)
{
	const struct uclass_driver *uc_drv = dev->uclass->uc_drv;
	const struct udevice *parent = dev->parent;
	const struct core_alloc allocs[] = {
		{ "plat", dev->flags & DM_FLAG_PLAT_ALLOCED ? dev->plat : NULL,
		  dev->driver->plat_size, false },
		{ "uclass_plat", dev->uclass_plat,
		  uc_drv->per_device_plat_size, false },
		{ "parent_plat", dev->parent_plat,
		  parent ? parent->driver->per_child_plat_size : 0, false },
		{ "name", dev->flags & DM_FLAG_NAME_ALLOCED ? dev->name : NULL,
		  strlen(dev->name) + 1, false },
		{ "priv", dev->priv, dev->driver->priv_size, true },
		{ "uclass_priv", dev->uclass_priv, uc_drv->per_device_size,
		  true },
		{ "parent_priv", dev->parent_priv, parent_priv_size(dev), true },
	};
	const struct udevice *child;

	printf("- %s\n", dev->name);
	for (size_t i = 0; i < ARRAY_SIZE(allocs); i++) {
		const struct core_alloc *a = &allocs[i];

		if (a->addr)
			printf("    %0*lx (%zu byte) %s  %s\n", ADDR_DIGITS,
			       (ulong)(uintptr_t)a->addr, a->size, a->what,
			       a->probe ? "PROBE" : "BIND");
	}
	device_foreach_child(child, dev)
		show_core_allocs(child);
}

void dm_dump_devres(void)
{
	if (dm_root())
		show_core_allocs(dm_root());
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
