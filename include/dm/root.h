// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The root device and start-up of the driver model. */
#ifndef __DM_ROOT_H
#define __DM_ROOT_H

#include <dm/ofnode.h>

struct udevice;

/** dm_root() - the root device (bound by dm_init), or NULL */
struct udevice *dm_root(void);
/** dm_init_and_scan() - bind the root and every enabled DT node; 0 or errno */
int dm_init_and_scan(void);
/** dm_scan_fdt() - bind the children of the DT root (and simple-buses) */
int dm_scan_fdt(void);
/**
 * dm_remove_all() - remove every device, children first, so that no device
 * is active when an OS takes over (virtio devices are reset)
 */
int dm_remove_all(void);
/** dm_uninit() - remove and unbind everything (tests) */
int dm_uninit(void);

/* lists.c */
struct driver;
/** lists_driver_lookup_name() - the driver called @name, or NULL */
const struct driver *lists_driver_lookup_name(const char *name);
/** lists_bind_fdt() - bind the driver matching @node under @parent */
int lists_bind_fdt(struct udevice *parent, ofnode node, struct udevice **devp);

#endif
