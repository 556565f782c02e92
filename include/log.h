// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Logging. Messages at a level above CONFIG_LOG_MAX_LEVEL compile to nothing;
 * the rest are printed when at or below the run-time level (gd->log_level,
 * set by the 'loglevel' environment variable). Errors and warnings go to
 * the console with the device name first when there is one:
 *   dev_err(dev, "device refused features %#llx\n", f);
 *   -> "virtio-mmio@a000e00: device refused features 0x..."
 * A file may define LOG_CATEGORY before including this header; debug lines
 * then carry it as a prefix.
 */
#ifndef __LOG_H
#define __LOG_H

#include <compiler.h>

struct udevice;

enum log_level {
	LOGL_EMERG = 0,
	LOGL_ALERT,
	LOGL_CRIT,
	LOGL_ERR,
	LOGL_WARNING,
	LOGL_NOTICE,
	LOGL_INFO,
	LOGL_DEBUG,
	LOGL_DEBUG_CONTENT,
	LOGL_DEBUG_IO,
};

#ifndef LOG_CATEGORY
#define LOG_CATEGORY NULL
#endif

void _log(int level, const char *cat, const char *fmt, ...) __printf(3, 4);
void _dev_log(int level, const struct udevice *dev, const char *fmt, ...)
	__printf(3, 4);

#define log(level, fmt, ...) do {					\
	if ((level) <= CONFIG_LOG_MAX_LEVEL)				\
		_log(level, LOG_CATEGORY, fmt, ##__VA_ARGS__);		\
} while (0)

#define log_err(fmt, ...)	log(LOGL_ERR, fmt, ##__VA_ARGS__)
#define log_warning(fmt, ...)	log(LOGL_WARNING, fmt, ##__VA_ARGS__)
#define log_info(fmt, ...)	log(LOGL_INFO, fmt, ##__VA_ARGS__)
#define log_debug(fmt, ...)	log(LOGL_DEBUG, fmt, ##__VA_ARGS__)
#define debug(fmt, ...)		log_debug(fmt, ##__VA_ARGS__)

#define dev_log(level, dev, fmt, ...) do {				\
	if ((level) <= CONFIG_LOG_MAX_LEVEL)				\
		_dev_log(level, dev, fmt, ##__VA_ARGS__);		\
} while (0)

#define dev_err(dev, fmt, ...)	dev_log(LOGL_ERR, dev, fmt, ##__VA_ARGS__)
#define dev_warn(dev, fmt, ...)	dev_log(LOGL_WARNING, dev, fmt, ##__VA_ARGS__)
#define dev_info(dev, fmt, ...)	dev_log(LOGL_INFO, dev, fmt, ##__VA_ARGS__)
#define dev_dbg(dev, fmt, ...)	dev_log(LOGL_DEBUG, dev, fmt, ##__VA_ARGS__)

#endif
