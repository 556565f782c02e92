// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Devices and drivers.
 *
 * A driver is declared with EMBER_DRIVER(name) = { ... } in its own file;
 * the linker gathers all of them, so nothing else is edited to add one.
 * The core allocates, zeroed, the memory a driver and its uclass declare:
 *   plat_size            per device, before probe, kept until unbind
 *   priv_size            per device, at probe, freed at remove
 *   per_child_size       per child of this (parent) driver, at child probe
 *   per_child_plat_size  per child, at child bind
 * and the uclass's per_device_size / per_device_plat_size likewise.
 */
#ifndef __DM_DEVICE_H
#define __DM_DEVICE_H

#include <dm/ofnode.h>
#include <dm/uclass-id.h>
#include <linker_lists.h>
#include <linux/list.h>
#include <types.h>

struct udevice;
struct uclass;

/* Device flags */
#define DM_FLAG_ACTIVATED	BIT(0)	/* probed and active */
#define DM_FLAG_BOUND		BIT(1)
#define DM_FLAG_NAME_ALLOCED	BIT(2)	/* dev->name is ours to free */
#define DM_FLAG_PROBE_FAILED	BIT(3)	/* last probe failed: see probe_err */
#define DM_FLAG_PLAT_ALLOCED	BIT(4)	/* dev->plat is ours to free */

/* Driver flags */
#define DM_FLAG_PROBE_AFTER_BIND BIT(8)	/* probe as soon as bound */

/** struct udevice_id - a 'compatible' string a driver matches */
struct udevice_id {
	const char *compatible;
	ulong data;
};

/**
 * struct driver - a device driver
 * @name: driver name, shown by 'dm drivers'
 * @id: the uclass it belongs to
 * @of_match: compatible strings, ending with an empty entry (or NULL)
 * @bind: called after the device is bound (optional)
 * @of_to_plat: read the DT into plat before probe (optional)
 * @probe: make the device ready (optional); parents are probed first
 * @remove: quiesce the device (optional); children are removed first
 * @child_post_bind: a child was bound (optional)
 * @child_pre_probe: a child is about to probe (optional)
 * @child_post_remove: a child was removed (optional)
 * @ops: uclass-specific operations
 */
struct driver {
	const char *name;
	enum uclass_id id;
	const struct udevice_id *of_match;
	int (*bind)(struct udevice *dev);
	int (*of_to_plat)(struct udevice *dev);
	int (*probe)(struct udevice *dev);
	int (*remove)(struct udevice *dev);
	int (*unbind)(struct udevice *dev);
	int (*child_post_bind)(struct udevice *dev);
	int (*child_pre_probe)(struct udevice *dev);
	int (*child_post_remove)(struct udevice *dev);
	const void *ops;
	int priv_size;
	int plat_size;
	int per_child_size;
	int per_child_plat_size;
	u32 flags;
};

#define EMBER_DRIVER(__name) ll_entry_declare(struct driver, __name, driver)
#define DM_DRIVER_GET(__name) (&_ll_driver_2_##__name)
#define DM_DRIVER_REF(__name) extern struct driver _ll_driver_2_##__name

/**
 * struct udevice - an instance of a driver
 * @node: DT node, or ofnode_null() for devices bound by code
 * @seq: sequence number in the uclass (from /aliases when one names it)
 * @probe_err: result of the last probe, 0 when it succeeded or never ran
 */
struct udevice {
	const struct driver *driver;
	const char *name;
	void *plat;
	void *parent_plat;
	void *uclass_plat;
	void *priv;
	void *parent_priv;
	void *uclass_priv;
	ulong driver_data;
	struct udevice *parent;
	struct uclass *uclass;
	struct list_head child_head;
	struct list_head sibling_node;
	struct list_head uclass_node;
	ofnode node;
	int seq;
	int probe_err;
	u32 flags;
};

static inline void *dev_get_priv(const struct udevice *dev) { return dev->priv; }
static inline void *dev_get_plat(const struct udevice *dev) { return dev->plat; }
static inline void *dev_get_parent_priv(const struct udevice *dev)
{
	return dev->parent_priv;
}
static inline void *dev_get_parent_plat(const struct udevice *dev)
{
	return dev->parent_plat;
}
static inline void *dev_get_uclass_priv(const struct udevice *dev)
{
	return dev->uclass_priv;
}
static inline void *dev_get_uclass_plat(const struct udevice *dev)
{
	return dev->uclass_plat;
}
static inline struct udevice *dev_get_parent(const struct udevice *dev)
{
	return dev->parent;
}
static inline ofnode dev_ofnode(const struct udevice *dev) { return dev->node; }
static inline ulong dev_get_driver_data(const struct udevice *dev)
{
	return dev->driver_data;
}
static inline bool device_active(const struct udevice *dev)
{
	return dev->flags & DM_FLAG_ACTIVATED;
}
static inline int dev_seq(const struct udevice *dev) { return dev->seq; }
enum uclass_id device_get_uclass_id(const struct udevice *dev);

#define device_foreach_child(pos, parent) \
	list_for_each_entry(pos, &(parent)->child_head, sibling_node)
#define device_foreach_child_safe(pos, n, parent) \
	list_for_each_entry_safe(pos, n, &(parent)->child_head, sibling_node)

/**
 * device_bind() - create a device of @drv under @parent
 * @name: device name (copied when @flags has DM_FLAG_NAME_ALLOCED... use
 *        device_bind_name_alloc for generated names)
 * @plat: platform data given by code, or NULL to have the core allocate
 *        drv->plat_size bytes
 * @node: DT node or ofnode_null()
 * @devp: the new device
 * Return: 0, -ENOMEM, -EINVAL (no such uclass driver), or the bind hooks'
 * error, in which case nothing is left bound
 */
int device_bind(struct udevice *parent, const struct driver *drv,
		const char *name, void *plat, ofnode node,
		struct udevice **devp);
/** device_bind_with_data() - as device_bind(), also setting driver_data */
int device_bind_with_data(struct udevice *parent, const struct driver *drv,
			  const char *name, ulong driver_data, ofnode node,
			  struct udevice **devp);
/** device_set_name() - give a bound device a generated name (copied) */
int device_set_name(struct udevice *dev, const char *name);

/**
 * device_probe() - probe parents, allocate data, call the probe hooks
 * Return: 0 (also when already active), or the first failing errno; the
 * device is left unprobed with its probe-time memory freed
 */
int device_probe(struct udevice *dev);
/** device_remove() - remove children, then the device; 0 or errno */
int device_remove(struct udevice *dev);
/** device_unbind() - unbind children, then the device; it must be removed */
int device_unbind(struct udevice *dev);
/** device_bind_children() - bind the enabled DT children of @dev's node */
int device_bind_children(struct udevice *dev);

/** device_find_child_by_name() - child of @parent; 0 or -ENOENT */
int device_find_child_by_name(struct udevice *parent, const char *name,
			      struct udevice **devp);
/** device_find_first_child() - first child or NULL */
struct udevice *device_find_first_child(struct udevice *parent);

#endif
