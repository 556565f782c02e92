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

static struct rand_stream global;
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

/* The state from @dev (zero, or an RNG device's bits) mixed with @mix */
static void stream_seed(struct rand_stream *r, const u64 dev[4], u64 mix)
{
	for (int i = 0; i < 4; i++) {
		mix ^= dev[i];
		r->s[i] = splitmix64(&mix);
	}
}

static void seed(void)
{
	u64 dev[4] = { 0 };
	struct udevice *rng;

	if (IS_ENABLED(CONFIG_DM_RNG) &&
	    !uclass_first_device(UCLASS_RNG, &rng) && rng &&
	    !dm_rng_read(rng, dev, sizeof(dev)))
		from_device = true;
	stream_seed(&global, dev, timer_get_us());
	seeded = true;
}

static u64 stream_next(struct rand_stream *r)
{
	u64 *s = r->s, result, t;

	result = rotl(s[1] * 5, 7) * 9;
	t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

static u64 next(void)
{
	if (!seeded)
		seed();
	return stream_next(&global);
}

void rand_stream_init(struct rand_stream *r, u64 seed)
{
	static const u64 none[4];

	stream_seed(r, none, seed);
}

void rand_stream_bytes(struct rand_stream *r, void *buf, size_t len)
{
	u8 *p = buf;

	while (len) {
		u64 v = stream_next(r);
		size_t n = len < sizeof(v) ? len : sizeof(v);

		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
}

void rand_bytes(void *buf, size_t len)
{
	if (!seeded)
		seed();
	rand_stream_bytes(&global, buf, len);
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
