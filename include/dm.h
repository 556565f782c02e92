// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Everything a driver needs from the driver model. */
#ifndef __DM_H
#define __DM_H

#include <dm/device.h>
#include <dm/ofnode.h>
#include <dm/root.h>
#include <dm/uclass.h>
#include <errno.h>
#include <log.h>

/** dev_read_addr_size_index() - 'reg' entry @index of @dev, translated */
static inline int dev_read_addr_size_index(const struct udevice *dev,
					   int index, u64 *addrp, u64 *sizep)
{
	return ofnode_get_addr_size_index(dev->node, index, addrp, sizep);
}

static inline int dev_read_u32(const struct udevice *dev, const char *name,
			       u32 *valp)
{
	return ofnode_read_u32(dev->node, name, valp);
}

static inline const char *dev_read_string(const struct udevice *dev,
					  const char *name)
{
	return ofnode_read_string(dev->node, name);
}

#endif
