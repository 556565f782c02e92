// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Uclasses: all devices of one kind, with one interface.
 *
 * 'find' functions look devices up without probing; 'get' functions probe
 * the device they return. Both return 0 or a negative errno:
 * -ENODEV  there is no (further) device
 * other    the probe failed, with the device's own error
 */
#ifndef __DM_UCLASS_H
#define __DM_UCLASS_H

#include <dm/uclass-id.h>
#include <linker_lists.h>
#include <linux/list.h>
#include <types.h>

struct udevice;

/**
 * struct uclass_driver - the behaviour shared by a uclass's devices
 * @post_bind/@pre_unbind: around bind/unbind of each device (optional)
 * @pre_probe/@post_probe: around each device's probe (optional)
 * @pre_remove: before each device's remove (optional)
 * @child_post_bind/@child_pre_probe/@child_post_probe: for children of this
 *	uclass's devices
 * @child_pre_remove: a child is about to be removed (before its driver's
 *	remove: e.g. stop the hardware that writes into its memory)
 * @child_post_remove: a child was removed, or its probe failed after
 *	@child_pre_probe ran (then dev->probe_err holds the error)
 * @per_device_size: bytes of uclass_priv per device, at probe
 * @per_device_plat_size: bytes of uclass_plat per device, at bind
 * @per_child_size: default per_child_size for the devices' drivers
 */
struct uclass_driver {
	const char *name;
	enum uclass_id id;
	int (*post_bind)(struct udevice *dev);
	int (*pre_unbind)(struct udevice *dev);
	int (*pre_probe)(struct udevice *dev);
	int (*post_probe)(struct udevice *dev);
	int (*pre_remove)(struct udevice *dev);
	int (*child_post_bind)(struct udevice *dev);
	int (*child_pre_probe)(struct udevice *dev);
	int (*child_post_probe)(struct udevice *dev);
	void (*child_pre_remove)(struct udevice *dev);
	void (*child_post_remove)(struct udevice *dev);
	int per_device_size;
	int per_device_plat_size;
	int per_child_size;
	u32 flags;
};

/* uclass_driver flags */
#define DM_UC_FLAG_SEQ_ALIAS	BIT(0)	/* number devices from /aliases */

#define UCLASS_DRIVER(__name) \
	ll_entry_declare(struct uclass_driver, __name, uclass_driver)

/** struct uclass - the live uclass: its driver and its devices in order */
struct uclass {
	const struct uclass_driver *uc_drv;
	struct list_head dev_head;
	struct list_head sibling_node;
};

/** uclass_get() - the uclass for @id, created on first use; 0 or -EINVAL */
int uclass_get(enum uclass_id id, struct uclass **ucp);
const char *uclass_get_name(enum uclass_id id);
/** uclass_get_by_name() - uclass id from its name, or UCLASS_INVALID */
enum uclass_id uclass_get_by_name(const char *name);

int uclass_find_first_device(enum uclass_id id, struct udevice **devp);
int uclass_find_next_device(struct udevice **devp);
int uclass_find_device_by_seq(enum uclass_id id, int seq,
			      struct udevice **devp);
/**
 * uclass_find_device_by_name() - the device of uclass @id named @name,
 * without probing it
 * Return: 0; -ENOENT when no device has that name
 */
int uclass_find_device_by_name(enum uclass_id id, const char *name,
			       struct udevice **devp);

/** uclass_get_device() - @index'th device (in bind order), probed */
int uclass_get_device(enum uclass_id id, int index, struct udevice **devp);
int uclass_get_device_by_seq(enum uclass_id id, int seq,
			     struct udevice **devp);
/**
 * uclass_get_device_by_name() - as uclass_find_device_by_name(), probed
 * Return: 0; -ENOENT when no device has that name; the probe's error
 */
int uclass_get_device_by_name(enum uclass_id id, const char *name,
			      struct udevice **devp);
/**
 * uclass_first_device() - first device that probes successfully
 * Devices whose probe fails are skipped; *devp is NULL when none is left.
 * Return: 0, or -ENODEV when no device probed
 */
int uclass_first_device(enum uclass_id id, struct udevice **devp);
/** uclass_next_device() - next device after *devp that probes; as above */
int uclass_next_device(struct udevice **devp);
/** uclass_probe_all() - probe every device; returns the first error */
int uclass_probe_all(enum uclass_id id);
int uclass_id_count(enum uclass_id id);

#define uclass_foreach_dev(dev, uc) \
	list_for_each_entry(dev, &(uc)->dev_head, uclass_node)

/* For the core: */
int uclass_bind_device(struct udevice *dev);
int uclass_unbind_device(struct udevice *dev);
int uclass_pre_probe_device(struct udevice *dev);
int uclass_post_probe_device(struct udevice *dev);
int uclass_pre_remove_device(struct udevice *dev);
struct list_head *uclass_root(void);

#endif
