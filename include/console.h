// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The console: serial device once it is up, the debug UART before. */
#ifndef __CONSOLE_H
#define __CONSOLE_H

#include <stdbool.h>
#include <stdio.h>

/** console_init() - switch output to the console device; 0 or errno */
int console_init(void);
/** console_record_*() - capture console output (for unit tests) */
void console_record_start(char *buf, int size);
/** console_record_pause() - let output through to the console meanwhile */
void console_record_pause(bool pause);
/** console_record_stop() - end capture; returns bytes captured */
int console_record_stop(void);

#endif
