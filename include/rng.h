// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Random number generator uclass. */
#ifndef __RNG_H
#define __RNG_H

#include <types.h>

struct udevice;

/**
 * struct dm_rng_ops - what an RNG driver implements
 * @read: fill all @len bytes of @buf; 0, or a negative errno (then the
 *        contents of @buf are undefined and must not be used)
 */
struct dm_rng_ops {
	int (*read)(struct udevice *dev, void *buf, size_t len);
};

/**
 * dm_rng_read() - fill @len bytes from @dev
 * Return: 0 when every byte was filled; -EINVAL for a NULL buffer, or the
 * driver's error (-ETIMEDOUT, -EIO, ...): never fewer bytes silently
 */
int dm_rng_read(struct udevice *dev, void *buf, size_t len);

#endif
