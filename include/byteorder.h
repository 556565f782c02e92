// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Byte order. Ember runs little-endian only (aarch64 and x86_64 hosts);
 * the conversions still mark every shared little-endian field.
 */
#ifndef __BYTEORDER_H
#define __BYTEORDER_H

#include <types.h>

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "Ember supports little-endian CPUs only"
#endif

#define cpu_to_le16(x)	((__le16)(u16)(x))
#define cpu_to_le32(x)	((__le32)(u32)(x))
#define cpu_to_le64(x)	((__le64)(u64)(x))
#define le16_to_cpu(x)	((u16)(__le16)(x))
#define le32_to_cpu(x)	((u32)(__le32)(x))
#define le64_to_cpu(x)	((u64)(__le64)(x))
#define cpu_to_be16(x)	((__be16)__builtin_bswap16(x))
#define cpu_to_be32(x)	((__be32)__builtin_bswap32(x))
#define be16_to_cpu(x)	__builtin_bswap16((u16)(x))
#define be32_to_cpu(x)	__builtin_bswap32((u32)(x))
#define cpu_to_be64(x)	((__be64)__builtin_bswap64(x))
#define be64_to_cpu(x)	__builtin_bswap64((u64)(x))

/* Big-endian fields at any alignment */
static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

static inline u32 get_unaligned_le32(const void *p)
{
	const u8 *b = p;

	return (u32)b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0];
}

static inline void put_unaligned_le16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = v;
	b[1] = v >> 8;
}

static inline void put_unaligned_le32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = v;
	b[1] = v >> 8;
	b[2] = v >> 16;
	b[3] = v >> 24;
}

static inline u64 get_unaligned_be64(const void *p)
{
	const u8 *b = p;

	return (u64)get_unaligned_be32(b) << 32 | get_unaligned_be32(b + 4);
}

static inline void put_unaligned_be32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

static inline void put_unaligned_be64(u64 v, void *p)
{
	u8 *b = p;

	put_unaligned_be32(v >> 32, b);
	put_unaligned_be32(v, b + 4);
}

#endif
