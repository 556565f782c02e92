// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Formatted output (lib/vsprintf.c) and console character I/O. */
#ifndef __STDIO_H
#define __STDIO_H

#include <compiler.h>
#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int sprintf(char *buf, const char *fmt, ...) __printf(2, 3);
int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list ap);

/* Console I/O (common/console.c) */
void putc(char c);
void puts(const char *s);
int getchar(void);
int tstc(void);

#endif
