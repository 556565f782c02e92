// SPDX-License-Identifier: Apache-2.0 OR MIT
/* System reset and power-off uclass. */
#ifndef __SYSRESET_H
#define __SYSRESET_H

#include <compiler.h>

struct udevice;

enum sysreset_t {
	SYSRESET_WARM,		/* reset the CPU, keep the rest (if possible) */
	SYSRESET_COLD,		/* reset the machine */
	SYSRESET_POWER_OFF,	/* turn it off */
};

/**
 * struct sysreset_ops - a reset driver's operations
 * @request: do it; returns only on failure: -ENOSYS when this device
 *           cannot do @type, another errno when it tried and failed
 */
struct sysreset_ops {
	int (*request)(struct udevice *dev, enum sysreset_t type);
};

/**
 * sysreset_walk() - ask every sysreset device in turn to do @type
 * Return: only on failure, -ENOSYS when no device could
 */
int sysreset_walk(enum sysreset_t type);

#endif
