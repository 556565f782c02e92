// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * xoshiro256** (Blackman and Vigna), seeded through splitmix64 from an RNG
 * device and the clock on first use. See include/rand.h.
 */
#include <dm.h>
#include <rand.h>
#include <rng.h>
#include <string.h>
#include <time.h>

static u64 state[4];
static bool seeded, from_device;

static u64 splitmix64(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static u64 rotl(u64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static void seed(void)
{
	u64 dev[4] = { 0 }, mix = timer_get_us();
	struct udevice *rng;

	if (IS_ENABLED(CONFIG_DM_RNG) &&
	    !uclass_first_device(UCLASS_RNG, &rng) && rng &&
	    !dm_rng_read(rng, dev, sizeof(dev)))
		from_device = true;
	for (int i = 0; i < 4; i++) {
		mix ^= dev[i];
		state[i] = splitmix64(&mix);
	}
	seeded = true;
}

static u64 next(void)
{
	u64 result, t;

	if (!seeded)
		seed();
	result = rotl(state[1] * 5, 7) * 9;
	t = state[1] << 17;
	state[2] ^= state[0];
	state[3] ^= state[1];
	state[1] ^= state[2];
	state[0] ^= state[3];
	state[2] ^= t;
	state[3] = rotl(state[3], 45);
	return result;
}

void rand_bytes(void *buf, size_t len)
{
	u8 *p = buf;

	while (len) {
		u64 v = next();
		size_t n = len < sizeof(v) ? len : sizeof(v);

		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
}

u32 rand_u32(void)
{
	return next() >> 32;
}

u32 rand_below(u32 n)
{
	/* The high bits, scaled: bias below 2^-32 */
	return n ? (u32)(((next() >> 32) * (u64)n) >> 32) : 0;
}

bool rand_seeded_from_device(void)
{
	if (!seeded)
		seed();
	return from_device;
}
