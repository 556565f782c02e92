// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Serial (console) uclass. */
#ifndef __SERIAL_H
#define __SERIAL_H

#include <types.h>

struct udevice;

/**
 * struct dm_serial_ops - what a UART driver implements
 * @putc: send one character; 0, or -EAGAIN when the FIFO is full
 * @getc: receive one character; the character (0..255), or -EAGAIN when
 *        none is waiting
 * @pending: @input true: >0 when a character is waiting, else 0;
 *           @input false: >0 while output is still draining
 */
struct dm_serial_ops {
	int (*putc)(struct udevice *dev, const char ch);
	int (*getc)(struct udevice *dev);
	int (*pending)(struct udevice *dev, bool input);
};

#define serial_get_ops(dev) ((const struct dm_serial_ops *)(dev)->driver->ops)

/** serial_init() - pick the console from /chosen/stdout-path; 0 or errno */
int serial_init(void);
void serial_putc(char ch);
int serial_getc(void);
int serial_tstc(void);

#endif
