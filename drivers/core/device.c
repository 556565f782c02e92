// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Devices: bind, probe, remove, unbind. The core owns every per-device
 * allocation a driver or uclass declares, so driver error paths cannot leak.
 */
#define LOG_CATEGORY "dm"

#include <dm.h>
#include <stdlib.h>
#include <string.h>

enum uclass_id device_get_uclass_id(const struct udevice *dev)
{
	return dev->uclass->uc_drv->id;
}

/* Allocate @size zeroed bytes into *@p; a zero size leaves *@p NULL. */
static int alloc_data(void **p, int size)
{
	*p = NULL;
	if (size <= 0)
		return 0;
	*p = calloc(1, size);
	return *p ? 0 : -ENOMEM;
}

static void free_data(void **p)
{
	free(*p);
	*p = NULL;
}

static int parent_child_size(const struct udevice *dev, bool plat)
{
	const struct udevice *parent = dev->parent;
	int size;

	if (!parent)
		return 0;
	size = plat ? parent->driver->per_child_plat_size :
		      parent->driver->per_child_size;
	if (!size && !plat)
		size = parent->uclass->uc_drv->per_child_size;
	return size;
}

static void free_bind_data(struct udevice *dev)
{
	if (dev->flags & DM_FLAG_NAME_ALLOCED)
		free((void *)dev->name);
	if (dev->flags & DM_FLAG_PLAT_ALLOCED)
		free(dev->plat);
	free(dev->uclass_plat);
	free(dev->parent_plat);
	free(dev);
}

static int bind_hooks(struct udevice *dev)
{
	int ret;

	if (dev->driver->bind) {
		ret = dev->driver->bind(dev);
		if (ret)
			return ret;
	}
	if (dev->parent && dev->parent->driver->child_post_bind) {
		ret = dev->parent->driver->child_post_bind(dev);
		if (ret)
			return ret;
	}
	if (dev->parent && dev->parent->uclass->uc_drv->child_post_bind) {
		ret = dev->parent->uclass->uc_drv->child_post_bind(dev);
		if (ret)
			return ret;
	}
	if (dev->uclass->uc_drv->post_bind)
		return dev->uclass->uc_drv->post_bind(dev);
	return 0;
}

static int bind_common(struct udevice *parent, const struct driver *drv,
		       const char *name, void *plat, ulong driver_data,
		       ofnode node, struct udevice **devp)
{
	struct udevice *dev;
	struct uclass *uc;
	int ret;

	if (devp)
		*devp = NULL;
	ret = uclass_get(drv->id, &uc);
	if (ret) {
		log_err("%s: driver %s names a uclass with no driver (%d)\n",
			name, drv->name, drv->id);
		return ret;
	}
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	INIT_LIST_HEAD(&dev->child_head);
	INIT_LIST_HEAD(&dev->sibling_node);
	INIT_LIST_HEAD(&dev->uclass_node);
	dev->driver = drv;
	dev->name = name;
	dev->node = node;
	dev->driver_data = driver_data;
	dev->parent = parent;
	dev->uclass = uc;
	dev->seq = -1;
	dev->plat = plat;
	if (!plat) {
		ret = alloc_data(&dev->plat, drv->plat_size);
		if (dev->plat)
			dev->flags |= DM_FLAG_PLAT_ALLOCED;
	}
	if (!ret)
		ret = alloc_data(&dev->uclass_plat,
				 uc->uc_drv->per_device_plat_size);
	if (!ret)
		ret = alloc_data(&dev->parent_plat,
				 parent_child_size(dev, true));
	if (ret) {
		free_bind_data(dev);
		return ret;
	}
	if (parent)
		list_add_tail(&dev->sibling_node, &parent->child_head);
	uclass_bind_device(dev);
	dev->flags |= DM_FLAG_BOUND;

	ret = bind_hooks(dev);
	if (ret) {
		log_debug("%s: bind failed: %d\n", name, ret);
		uclass_unbind_device(dev);
		list_del_init(&dev->sibling_node);
		free_bind_data(dev);
		return ret;
	}
	if (devp)
		*devp = dev;
	return 0;
}

int device_bind(struct udevice *parent, const struct driver *drv,
		const char *name, void *plat, ofnode node,
		struct udevice **devp)
{
	return bind_common(parent, drv, name, plat, 0, node, devp);
}

int device_bind_with_data(struct udevice *parent, const struct driver *drv,
			  const char *name, ulong driver_data, ofnode node,
			  struct udevice **devp)
{
	return bind_common(parent, drv, name, NULL, driver_data, node, devp);
}

int device_set_name(struct udevice *dev, const char *name)
{
	char *copy = strdup(name);

	if (!copy)
		return -ENOMEM;
	if (dev->flags & DM_FLAG_NAME_ALLOCED)
		free((void *)dev->name);
	dev->name = copy;
	dev->flags |= DM_FLAG_NAME_ALLOCED;
	return 0;
}

static void free_probe_data(struct udevice *dev)
{
	free_data(&dev->priv);
	free_data(&dev->uclass_priv);
	free_data(&dev->parent_priv);
}

static const struct uclass_driver *parent_uc_drv(const struct udevice *dev)
{
	return dev->parent ? dev->parent->uclass->uc_drv : NULL;
}

static int probe_driver(struct udevice *dev)
{
	const struct driver *drv = dev->driver;
	const struct uclass_driver *puc = parent_uc_drv(dev);
	int ret;

	if (dev->parent && dev->parent->driver->child_pre_probe) {
		ret = dev->parent->driver->child_pre_probe(dev);
		if (ret)
			return ret;
	}
	if (drv->of_to_plat) {
		ret = drv->of_to_plat(dev);
		if (ret)
			return ret;
	}
	if (drv->probe) {
		ret = drv->probe(dev);
		if (ret)
			return ret;
	}
	ret = uclass_post_probe_device(dev);
	if (!ret && puc && puc->child_post_probe)
		ret = puc->child_post_probe(dev);
	return ret;
}

static int probe_hooks(struct udevice *dev)
{
	const struct uclass_driver *puc = parent_uc_drv(dev);
	int ret;

	ret = uclass_pre_probe_device(dev);
	if (ret)
		return ret;
	ret = probe_driver(dev);
	/* The parent's uclass prepared this child: let it undo that */
	if (ret && puc && puc->child_pre_probe && puc->child_post_remove) {
		dev->probe_err = ret;
		puc->child_post_remove(dev);
	}
	return ret;
}

int device_probe(struct udevice *dev)
{
	int ret;

	if (!dev)
		return -EINVAL;
	if (device_active(dev))
		return 0;
	if (dev->parent) {
		ret = device_probe(dev->parent);
		if (ret)
			return ret;
		/* Probing the parent may have probed us */
		if (device_active(dev))
			return 0;
	}
	ret = alloc_data(&dev->priv, dev->driver->priv_size);
	if (!ret)
		ret = alloc_data(&dev->uclass_priv,
				 dev->uclass->uc_drv->per_device_size);
	if (!ret)
		ret = alloc_data(&dev->parent_priv,
				 parent_child_size(dev, false));
	if (!ret) {
		/* Active during probe, so children bound by it can probe */
		dev->flags |= DM_FLAG_ACTIVATED;
		ret = probe_hooks(dev);
	}
	dev->probe_err = ret;
	if (ret) {
		dev->flags &= ~DM_FLAG_ACTIVATED;
		dev->flags |= DM_FLAG_PROBE_FAILED;
		/* Children a failed probe left behind are not usable. */
		struct udevice *child, *n;

		device_foreach_child_safe(child, n, dev) {
			device_remove(child);
			device_unbind(child);
		}
		free_probe_data(dev);
		log_debug("%s: probe failed: %d\n", dev->name, ret);
		return ret;
	}
	dev->flags &= ~DM_FLAG_PROBE_FAILED;
	return 0;
}

int device_remove(struct udevice *dev)
{
	struct udevice *child, *n;
	int ret = 0, err;

	if (!device_active(dev))
		return 0;
	list_for_each_entry_reverse_safe(child, n, &dev->child_head,
					 sibling_node) {
		err = device_remove(child);
		if (err && !ret)
			ret = err;
	}
	err = uclass_pre_remove_device(dev);
	if (err && !ret)
		ret = err;
	if (parent_uc_drv(dev) && parent_uc_drv(dev)->child_pre_remove)
		parent_uc_drv(dev)->child_pre_remove(dev);
	if (dev->driver->remove) {
		err = dev->driver->remove(dev);
		if (err && !ret)
			ret = err;
	}
	if (dev->parent && dev->parent->driver->child_post_remove)
		dev->parent->driver->child_post_remove(dev);
	if (parent_uc_drv(dev) && parent_uc_drv(dev)->child_post_remove)
		parent_uc_drv(dev)->child_post_remove(dev);
	/* A device is never left half-removed: its probe data goes. */
	free_probe_data(dev);
	dev->flags &= ~DM_FLAG_ACTIVATED;
	if (ret)
		log_debug("%s: remove: %d\n", dev->name, ret);
	return ret;
}

int device_unbind(struct udevice *dev)
{
	struct udevice *child, *n;
	int ret = 0, err;

	if (!dev)
		return -EINVAL;
	if (device_active(dev))
		return -EBUSY;
	list_for_each_entry_reverse_safe(child, n, &dev->child_head,
					 sibling_node) {
		err = device_unbind(child);
		if (err && !ret)
			ret = err;
	}
	if (ret)
		return ret;
	if (dev->driver->unbind) {
		ret = dev->driver->unbind(dev);
		if (ret)
			return ret;
	}
	uclass_unbind_device(dev);
	list_del_init(&dev->sibling_node);
	free_bind_data(dev);
	return 0;
}

int device_find_child_by_name(struct udevice *parent, const char *name,
			      struct udevice **devp)
{
	struct udevice *child;

	device_foreach_child(child, parent) {
		if (!strcmp(child->name, name)) {
			*devp = child;
			return 0;
		}
	}
	return -ENOENT;
}

struct udevice *device_find_first_child(struct udevice *parent)
{
	if (list_empty(&parent->child_head))
		return NULL;
	return list_first_entry(&parent->child_head, struct udevice,
				sibling_node);
}
