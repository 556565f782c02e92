// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Number parsing and the heap. */
#ifndef __STDLIB_H
#define __STDLIB_H

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);
long strtol(const char *s, char **end, int base);

/**
 * str_to_u64() - parse a whole string as an unsigned number
 * @s: the string; base 16 also accepts a 0x prefix, base 0 means 10 unless
 *     the string starts with 0x
 * @base: 0, 10 or 16
 * @valp: the value, set only on success
 * Return: 0, -EINVAL when @s is empty or holds a non-digit, -ERANGE when the
 * value does not fit in 64 bits
 */
int str_to_u64(const char *s, int base, unsigned long long *valp);
unsigned long long strtoull(const char *s, char **end, int base);

void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);
void *memalign(size_t align, size_t size);

#endif
