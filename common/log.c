// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Log output: level filter, device or category prefix. */
#include <dm/device.h>
#include <global_data.h>
#include <log.h>
#include <stdarg.h>
#include <stdio.h>

static bool log_wanted(int level)
{
	int max = gd->log_level ? gd->log_level : CONFIG_LOG_DEFAULT_LEVEL;

	return level <= max;
}

void _log(int level, const char *cat, const char *fmt, ...)
{
	va_list ap;

	if (!log_wanted(level))
		return;
	if (cat && level >= LOGL_DEBUG)
		printf("%s: ", cat);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void _dev_log(int level, const struct udevice *dev, const char *fmt, ...)
{
	va_list ap;

	if (!log_wanted(level))
		return;
	if (dev)
		printf("%s: ", dev->name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}
