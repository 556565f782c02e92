// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Listings of the driver model, for the 'dm' command. */
#ifndef __DM_DUMP_H
#define __DM_DUMP_H

struct udevice;

void dm_dump_tree(void);
void dm_dump_uclass(void);
void dm_dump_drivers(void);
void dm_dump_compat(void);
void dm_dump_device(const struct udevice *dev);
/**
 * dm_find_device_by_name() - any bound device called @name
 * Return: the device, or NULL
 */
struct udevice *dm_find_device_by_name(const char *name);

#endif
