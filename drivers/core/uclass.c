// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Uclasses: created on first use from their uclass_driver, they keep their
 * devices in bind order and number them (sequence numbers, /aliases first).
 */
#define LOG_CATEGORY "dm"

#include <dm.h>
#include <stdlib.h>
#include <string.h>

static LIST_HEAD(uclass_list);

struct list_head *uclass_root(void)
{
	return &uclass_list;
}

static const struct uclass_driver *lookup_uclass_driver(enum uclass_id id)
{
	ll_foreach(struct uclass_driver, uc_drv, uclass_driver) {
		if (uc_drv->id == id)
			return uc_drv;
	}
	return NULL;
}

static struct uclass *uclass_find(enum uclass_id id)
{
	struct uclass *uc;

	list_for_each_entry(uc, &uclass_list, sibling_node) {
		if (uc->uc_drv->id == id)
			return uc;
	}
	return NULL;
}

int uclass_get(enum uclass_id id, struct uclass **ucp)
{
	const struct uclass_driver *uc_drv;
	struct uclass *uc = uclass_find(id);

	*ucp = NULL;
	if (!uc) {
		uc_drv = lookup_uclass_driver(id);
		if (!uc_drv)
			return -EINVAL;
		uc = calloc(1, sizeof(*uc));
		if (!uc)
			return -ENOMEM;
		uc->uc_drv = uc_drv;
		INIT_LIST_HEAD(&uc->dev_head);
		list_add_tail(&uc->sibling_node, &uclass_list);
	}
	*ucp = uc;
	return 0;
}

const char *uclass_get_name(enum uclass_id id)
{
	const struct uclass_driver *uc_drv = lookup_uclass_driver(id);

	return uc_drv ? uc_drv->name : "?";
}

enum uclass_id uclass_get_by_name(const char *name)
{
	ll_foreach(struct uclass_driver, uc_drv, uclass_driver) {
		if (!strcmp(uc_drv->name, name))
			return uc_drv->id;
	}
	return UCLASS_INVALID;
}

static bool seq_in_use(struct uclass *uc, int seq)
{
	struct udevice *dev;

	uclass_foreach_dev(dev, uc) {
		if (dev->seq == seq)
			return true;
	}
	return false;
}

/*
 * A device named by alias <uclass-name>N gets N; the others get the next
 * number above both every alias of that stem and every number in use, so a
 * device bound later with an alias never finds its number taken.
 */
static int assign_seq(struct udevice *dev)
{
	struct uclass *uc = dev->uclass;
	const char *stem = uc->uc_drv->name;
	struct udevice *other;
	int seq, next;

	if ((uc->uc_drv->flags & DM_UC_FLAG_SEQ_ALIAS) &&
	    ofnode_valid(dev->node) &&
	    !ofnode_get_alias_seq(stem, dev->node, &seq) &&
	    !seq_in_use(uc, seq))
		return seq;
	next = 0;
	if (uc->uc_drv->flags & DM_UC_FLAG_SEQ_ALIAS)
		next = ofnode_get_alias_max(stem) + 1;
	uclass_foreach_dev(other, uc) {
		if (other != dev && other->seq >= next)
			next = other->seq + 1;
	}
	return next;
}

int uclass_bind_device(struct udevice *dev)
{
	list_add_tail(&dev->uclass_node, &dev->uclass->dev_head);
	dev->seq = assign_seq(dev);
	return 0;
}

int uclass_unbind_device(struct udevice *dev)
{
	const struct uclass_driver *uc_drv = dev->uclass->uc_drv;

	if (uc_drv->pre_unbind)
		uc_drv->pre_unbind(dev);
	list_del_init(&dev->uclass_node);
	return 0;
}

int uclass_pre_probe_device(struct udevice *dev)
{
	const struct uclass_driver *uc_drv = dev->uclass->uc_drv;
	int ret;

	if (uc_drv->pre_probe) {
		ret = uc_drv->pre_probe(dev);
		if (ret)
			return ret;
	}
	if (dev->parent && dev->parent->uclass->uc_drv->child_pre_probe)
		return dev->parent->uclass->uc_drv->child_pre_probe(dev);
	return 0;
}

int uclass_post_probe_device(struct udevice *dev)
{
	const struct uclass_driver *uc_drv = dev->uclass->uc_drv;

	return uc_drv->post_probe ? uc_drv->post_probe(dev) : 0;
}

int uclass_pre_remove_device(struct udevice *dev)
{
	const struct uclass_driver *uc_drv = dev->uclass->uc_drv;

	return uc_drv->pre_remove ? uc_drv->pre_remove(dev) : 0;
}

int uclass_find_first_device(enum uclass_id id, struct udevice **devp)
{
	struct uclass *uc;
	int ret;

	*devp = NULL;
	ret = uclass_get(id, &uc);
	if (ret || list_empty(&uc->dev_head))
		return -ENODEV;
	*devp = list_first_entry(&uc->dev_head, struct udevice, uclass_node);
	return 0;
}

int uclass_find_next_device(struct udevice **devp)
{
	struct udevice *dev = *devp;

	if (list_is_last(&dev->uclass_node, &dev->uclass->dev_head)) {
		*devp = NULL;
		return -ENODEV;
	}
	*devp = list_entry(dev->uclass_node.next, struct udevice, uclass_node);
	return 0;
}

int uclass_find_device_by_seq(enum uclass_id id, int seq,
			      struct udevice **devp)
{
	struct udevice *dev;
	int ret;

	for (ret = uclass_find_first_device(id, &dev); !ret;
	     ret = uclass_find_next_device(&dev)) {
		if (dev->seq == seq) {
			*devp = dev;
			return 0;
		}
	}
	*devp = NULL;
	return -ENODEV;
}

int uclass_find_device_by_name(enum uclass_id id, const char *name,
			       struct udevice **devp)
{
	struct udevice *dev;
	int ret;

	for (ret = uclass_find_first_device(id, &dev); !ret;
	     ret = uclass_find_next_device(&dev)) {
		if (!strcmp(dev->name, name)) {
			*devp = dev;
			return 0;
		}
	}
	*devp = NULL;
	return -ENOENT;		/* a lookup that found nothing: the errno table */
}

static int get_probed(struct udevice *dev, int ret, struct udevice **devp)
{
	*devp = NULL;
	if (ret)
		return ret;
	ret = device_probe(dev);
	if (ret)
		return ret;
	*devp = dev;
	return 0;
}

int uclass_get_device(enum uclass_id id, int index, struct udevice **devp)
{
	struct udevice *dev;
	int ret;

	for (ret = uclass_find_first_device(id, &dev); !ret && index--;
	     ret = uclass_find_next_device(&dev))
		;
	return get_probed(dev, ret, devp);
}

int uclass_get_device_by_seq(enum uclass_id id, int seq,
			     struct udevice **devp)
{
	struct udevice *dev;
	int ret = uclass_find_device_by_seq(id, seq, &dev);

	return get_probed(dev, ret, devp);
}

int uclass_get_device_by_name(enum uclass_id id, const char *name,
			      struct udevice **devp)
{
	struct udevice *dev;
	int ret = uclass_find_device_by_name(id, name, &dev);

	return get_probed(dev, ret, devp);
}

/* From *devp on, the first device that probes; NULL when none is left. */
static int first_probed_from(struct udevice **devp, int ret)
{
	for (; !ret; ret = uclass_find_next_device(devp)) {
		if (!device_probe(*devp))
			return 0;
	}
	*devp = NULL;
	return -ENODEV;
}

int uclass_first_device(enum uclass_id id, struct udevice **devp)
{
	return first_probed_from(devp, uclass_find_first_device(id, devp));
}

int uclass_next_device(struct udevice **devp)
{
	return first_probed_from(devp, uclass_find_next_device(devp));
}

int uclass_probe_all(enum uclass_id id)
{
	struct udevice *dev;
	int ret, first = 0;

	for (ret = uclass_find_first_device(id, &dev); !ret;
	     ret = uclass_find_next_device(&dev)) {
		int err = device_probe(dev);

		if (err && !first)
			first = err;
	}
	return first;
}

int uclass_id_count(enum uclass_id id)
{
	struct udevice *dev;
	int ret, count = 0;

	for (ret = uclass_find_first_device(id, &dev); !ret;
	     ret = uclass_find_next_device(&dev))
		count++;
	return count;
}
