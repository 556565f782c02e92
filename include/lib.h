// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Small helpers from lib/ used across Ember. */
#ifndef __LIB_H
#define __LIB_H

#include <compiler.h>
#include <types.h>

/** print_size() - print @size as "512 Bytes", "1 GiB", "1.5 MiB" + @suffix */
void print_size(u64 size, const char *suffix);
/**
 * print_buffer() - hex dump like 'md': @addr is the address shown,
 * @data the bytes, @width 1/2/4/8, @count items, @linelen items a line
 */
void print_buffer(ulong addr, const void *data, int width, int count,
		  int linelen);
/** crc32() - IEEE 802.3 CRC-32 of @len bytes, continuing from @crc */
u32 crc32(u32 crc, const void *buf, size_t len);
/**
 * arch_crc32_available() / arch_crc32() - the CPU's own CRC-32 instructions
 * (arch/arm/crc32.c); crc32() uses them when present
 */
bool arch_crc32_available(void);
u32 arch_crc32(u32 crc, const void *buf, size_t len);
/**
 * crc32c() - CRC-32C (Castagnoli) of @len bytes, continuing from @crc, with
 * crc32()'s conventions: crc32c(0, "123456789", 9) is 0xe3069283, and
 * crc32c(crc32c(0, a, n), b, m) is the CRC of a then b
 */
u32 crc32c(u32 crc, const void *buf, size_t len);
/**
 * sort() - sort @n elements of @size bytes at @base in place, by @cmp
 * (negative, 0 or positive as strcmp()); heapsort: O(n log n) for any
 * input, not stable
 */
void sort(void *base, size_t n, size_t size,
	  int (*cmp)(const void *, const void *));

/* Rotations by @n bits, 0 < @n < the width (the hashes and digests') */
static inline u32 rol32(u32 x, unsigned int n)
{
	return x << n | x >> (32 - n);
}

static inline u32 ror32(u32 x, unsigned int n)
{
	return x >> n | x << (32 - n);
}

static inline u64 ror64(u64 x, unsigned int n)
{
	return x >> n | x << (64 - n);
}

#endif
