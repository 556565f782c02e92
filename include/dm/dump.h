// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Listings of the driver model, for the 'dm' command, in U-Boot's shapes. */
#ifndef __DM_DUMP_H
#define __DM_DUMP_H

struct udevice;

/** dm_dump_tree() - every device as a tree, with its uclass and driver */
void dm_dump_tree(void);
void dm_dump_uclass(void);
/** dm_dump_drivers() - every driver, its uclass id and name, its devices */
void dm_dump_drivers(void);
/** dm_dump_compat() - every driver and its compatible strings, if any */
void dm_dump_compat(void);
/**
 * dm_dump_static() - the devices bound from static platform data: the
 * header only, as Ember has none
 */
void dm_dump_static(void);
/**
 * dm_dump_devres() - every device, each followed by the memory the core
 * allocated for it and frees on its own (Ember's counterpart of devres)
 */
void dm_dump_devres(void);
void dm_dump_device(const struct udevice *dev);
/**
 * dm_find_device_by_name() - any bound device called @name
 * Return: the device, or NULL
 */
struct udevice *dm_find_device_by_name(const char *name);

#endif
