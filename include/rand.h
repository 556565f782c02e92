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

/**
 * struct rand_stream - a generator of its own, the same numbers for the
 * same seed: the 'random' command's
 */
struct rand_stream {
	u64 s[4];
};

/** rand_stream_init() - start @r from @seed */
void rand_stream_init(struct rand_stream *r, u64 seed);
/** rand_stream_bytes() - fill @len bytes from @r */
void rand_stream_bytes(struct rand_stream *r, void *buf, size_t len);

/** rand_bytes() - fill @len bytes */
void rand_bytes(void *buf, size_t len);
/** rand_u32() - 32 random bits */
u32 rand_u32(void);
/** rand_below() - uniform in [0, @n) (0 when @n is 0) */
u32 rand_below(u32 n);
/** rand_seeded_from_device() - whether an RNG device gave the seed */
bool rand_seeded_from_device(void);

#endif
