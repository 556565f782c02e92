// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Pseudo-random numbers for protocol identifiers and timing (lib/rand.c):
 * DHCP transaction IDs, TFTP ports, retransmission jitter, random MAC
 * addresses. Seeded on first use from the first RNG device that answers
 * (virtio-rng on QEMU), mixed with the clock. Without an RNG device the
 * clock is the only seed, and the numbers are only as unpredictable as
 * the boot time. Not a cryptographic generator: do not make keys with it.
 */
#ifndef __RAND_H
#define __RAND_H

#include <stddef.h>
#include <types.h>

/** rand_bytes() - fill @len bytes */
void rand_bytes(void *buf, size_t len);
/** rand_u32() - 32 random bits */
u32 rand_u32(void);
/** rand_below() - uniform in [0, @n) (0 when @n is 0) */
u32 rand_below(u32 n);
/** rand_seeded_from_device() - whether an RNG device gave the seed */
bool rand_seeded_from_device(void);

#endif
