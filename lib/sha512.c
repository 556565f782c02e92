// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * SHA-512 and SHA-384 (FIPS 180-4, 6.4 and 6.5): 128-byte blocks of
 * 64-bit words, padded with 0x80, zeros and a 128-bit length in bits.
 * SHA-384 is SHA-512 from other initial values, its digest cut to six
 * words. The constants are the first 64 bits of the fractional parts of
 * the cube roots (K) and square roots (the initial values) of the first
 * primes, as 4.2.3 and 5.3.4-5.3.5 define them.
 */
#include <byteorder.h>
#include <hash.h>
#include <lib.h>
#include <string.h>

static const u64 k512[80] = {
	0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL,
	0xe9b5dba58189dbbcULL, 0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL,
	0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL, 0xd807aa98a3030242ULL,
	0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
	0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL,
	0xc19bf174cf692694ULL, 0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL,
	0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL, 0x2de92c6f592b0275ULL,
	0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
	0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL,
	0xbf597fc7beef0ee4ULL, 0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL,
	0x06ca6351e003826fULL, 0x142929670a0e6e70ULL, 0x27b70a8546d22ffcULL,
	0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
	0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL,
	0x92722c851482353bULL, 0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL,
	0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL, 0xd192e819d6ef5218ULL,
	0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
	0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL,
	0x34b0bcb5e19b48a8ULL, 0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL,
	0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL, 0x748f82ee5defb2fcULL,
	0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
	0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL,
	0xc67178f2e372532bULL, 0xca273eceea26619cULL, 0xd186b8c721c0c207ULL,
	0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL, 0x06f067aa72176fbaULL,
	0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
	0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL,
	0x431d67c49c100d4cULL, 0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL,
	0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

#define S0(x)		(ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39))
#define S1(x)		(ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41))
#define CH(x, y, z)	((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z)	(((x) & (y)) | ((z) & ((x) | (y))))

/* One round, the variables passed turned by one each time (as SHA-256's) */
#define ROUND(a, b, c, d, e, f, g, h, t) do {				\
		u64 t1 = h + S1(e) + CH(e, f, g) + k512[t] + w[t];	\
		d += t1;						\
		h = t1 + S0(a) + MAJ(a, b, c);				\
	} while (0)

static void sha512_block(u64 *h, const u8 *p)
{
	u64 w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4],
	    f = h[5], g = h[6], hh = h[7];

	for (int t = 0; t < 16; t++)
		w[t] = get_unaligned_be64(p + 8 * t);
	for (int t = 16; t < 80; t++) {
		u64 s0 = ror64(w[t - 15], 1) ^ ror64(w[t - 15], 8) ^
			 w[t - 15] >> 7;
		u64 s1 = ror64(w[t - 2], 19) ^ ror64(w[t - 2], 61) ^
			 w[t - 2] >> 6;

		w[t] = w[t - 16] + s0 + w[t - 7] + s1;
	}
	for (int t = 0; t < 80; t += 8) {
		ROUND(a, b, c, d, e, f, g, hh, t);
		ROUND(hh, a, b, c, d, e, f, g, t + 1);
		ROUND(g, hh, a, b, c, d, e, f, t + 2);
		ROUND(f, g, hh, a, b, c, d, e, t + 3);
		ROUND(e, f, g, hh, a, b, c, d, t + 4);
		ROUND(d, e, f, g, hh, a, b, c, t + 5);
		ROUND(c, d, e, f, g, hh, a, b, t + 6);
		ROUND(b, c, d, e, f, g, hh, a, t + 7);
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
}

static const u64 iv512[8] = {
	0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL,
	0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
	0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
	0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static const u64 iv384[8] = {
	0xcbbb9d5dc1059ed8ULL, 0x629a292a367cd507ULL,
	0x9159015a3070dd17ULL, 0x152fecd8f70e5939ULL,
	0x67332667ffc00b31ULL, 0x8eb44a8768581511ULL,
	0xdb0c2e0d64f98fa7ULL, 0x47b5481dbefa4fa4ULL,
};

static void sha512_start(struct sha512_ctx *c, const u64 iv[8])
{
	memcpy(c->h, iv, sizeof(c->h));
	c->len = 0;
}

void sha512_init(struct sha512_ctx *c)
{
	sha512_start(c, iv512);
}

void sha384_init(struct sha512_ctx *c)
{
	sha512_start(c, iv384);
}

void sha512_update(struct sha512_ctx *c, const void *data, size_t len)
{
	const u8 *p = data;
	size_t have = c->len % 128;

	c->len += len;
	if (have) {
		size_t take = len < 128 - have ? len : 128 - have;

		memcpy(c->buf + have, p, take);
		p += take;
		len -= take;
		if (have + take < 128)
			return;
		sha512_block(c->h, c->buf);
	}
	for (; len >= 128; p += 128, len -= 128)
		sha512_block(c->h, p);
	memcpy(c->buf, p, len);
}

/* The padding and the length; then @words words of the state */
static void sha512_finish(struct sha512_ctx *c, int words, u8 *out)
{
	size_t have = c->len % 128;

	c->buf[have++] = 0x80;
	if (have > 112) {
		memset(c->buf + have, 0, 128 - have);
		sha512_block(c->h, c->buf);
		have = 0;
	}
	memset(c->buf + have, 0, 112 - have);
	/* The length in bits, 128 of them: the bytes fed times 8 */
	put_unaligned_be64(c->len >> 61, c->buf + 112);
	put_unaligned_be64(c->len << 3, c->buf + 120);
	sha512_block(c->h, c->buf);
	for (int i = 0; i < words; i++)
		put_unaligned_be64(c->h[i], out + 8 * i);
}

void sha512_final(struct sha512_ctx *c, u8 out[64])
{
	sha512_finish(c, 8, out);
}

void sha384_final(struct sha512_ctx *c, u8 out[48])
{
	sha512_finish(c, 6, out);
}
