// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Fixed-width integer types used throughout Ember. */
#ifndef __TYPES_H
#define __TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef unsigned long ulong;
typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned char uchar;
typedef u64 phys_addr_t;
typedef u64 phys_size_t;
typedef long ssize_t;

/* Little-endian fields in memory shared with devices. */
typedef u16 __le16;
typedef u32 __le32;
typedef u64 __le64;
typedef u16 __be16;
typedef u32 __be32;
typedef u64 __be64;

#endif
