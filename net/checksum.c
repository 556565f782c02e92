// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The Internet checksum (RFC 1071), a leaf of the stack: ip.c, udp and
 * ICMP call it, and it calls nothing back. Word-wise, and fused with the
 * copy for received data (net_copy_checksum()).
 */
#include <string.h>
#include "net_core.h"

/*
 * RFC 1071 sums are independent of byte order (§2(B)): add the data as
 * little-endian words into 64 bits, fold, then swap the 16-bit result into
 * network order. Eight bytes a step (two 32-bit halves, so the 64-bit sum
 * cannot overflow for any datagram) once the pointer is aligned.
 */
u32 net_checksum_add(const void *data, int len, u32 sum)
{
	const u8 *p = data;
	u64 acc = 0;

	if (len > 1 && ((uintptr_t)p & 1)) {
		/* Odd start: the byte-wise way keeps the pairing right */
		for (; len > 1; len -= 2, p += 2)
			sum += p[0] << 8 | p[1];
		return len > 0 ? sum + (p[0] << 8) : sum;
	}
	if (len > 1 && ((uintptr_t)p & 2)) {
		acc += *(const u16 *)p;
		p += 2;
		len -= 2;
	}
	if (len >= 4 && ((uintptr_t)p & 4)) {
		acc += *(const u32 *)p;
		p += 4;
		len -= 4;
	}
	for (; len >= 16; len -= 16, p += 16) {
		u64 a = *(const u64 *)p, b = *(const u64 *)(p + 8);

		acc += (u32)a + (a >> 32) + (u32)b + (b >> 32);
	}
	for (; len >= 4; len -= 4, p += 4)
		acc += *(const u32 *)p;
	if (len >= 2) {
		acc += *(const u16 *)p;
		p += 2;
		len -= 2;
	}
	if (len)
		acc += *p;	/* low byte in memory order: high byte on the wire */
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return sum + __builtin_bswap16((u16)acc);
}

u32 net_copy_checksum(void *dst, const void *src, int len)
{
	const u8 *s = src;
	u8 *d = dst;
	u64 acc = 0;

	/* Both ends must reach 8-byte alignment together, from an even start */
	if (len < 16 || ((uintptr_t)s & 1) || (((uintptr_t)s ^ (uintptr_t)d) & 7)) {
		memcpy(dst, src, len);
		return net_checksum_add(src, len, 0);
	}
	if ((uintptr_t)s & 2) {
		*(u16 *)d = *(const u16 *)s;
		acc += *(const u16 *)s;
		s += 2;
		d += 2;
		len -= 2;
	}
	if ((uintptr_t)s & 4) {
		*(u32 *)d = *(const u32 *)s;
		acc += *(const u32 *)s;
		s += 4;
		d += 4;
		len -= 4;
	}
	for (; len >= 16; len -= 16, s += 16, d += 16) {
		u64 a = *(const u64 *)s, b = *(const u64 *)(s + 8);

		*(u64 *)d = a;
		*(u64 *)(d + 8) = b;
		acc += (u32)a + (a >> 32) + (u32)b + (b >> 32);
	}
	memcpy(d, s, len);
	acc += __builtin_bswap16(net_checksum_add(s, len, 0));
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return __builtin_bswap16((u16)acc);
}

u16 net_checksum(const void *data, int len, u32 sum)
{
	sum = net_checksum_add(data, len, sum);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}
