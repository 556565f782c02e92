// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * SHA-1 and SHA-256 (FIPS 180-4, 6.1 and 6.2), and MD5 (RFC 1321). All
 * take the message in 64-byte blocks, padded with 0x80, zeros and its
 * length in bits (sha_update(), sha_final()); they differ in the state
 * (four, five or eight 32-bit words), in what a block does to it, and in
 * byte order: MD5's length, words and digest are little-endian.
 */
#include <byteorder.h>
#include <hash.h>
#include <lib.h>
#include <string.h>

static const u32 k256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define S0(x)		(ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22))
#define S1(x)		(ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25))
#define CH(x, y, z)	((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z)	(((x) & (y)) | ((z) & ((x) | (y))))

/*
 * One round, the eight working variables named by their place in it: the
 * caller passes them turned by one each round, so that nothing is moved
 * (FIPS 180-4 6.2.2 step 3, with Ch and Maj in fewer operations)
 */
#define ROUND(a, b, c, d, e, f, g, h, t) do {				\
		u32 t1 = h + S1(e) + CH(e, f, g) + k256[t] + w[t];	\
		d += t1;						\
		h = t1 + S0(a) + MAJ(a, b, c);				\
	} while (0)

/*
 * Unrolled eight rounds at a time: under QEMU's TCG every guest
 * instruction costs, and the variables' moves were a fifth of them
 */
static void sha256_block(u32 *h, const u8 *p)
{
	u32 w[64], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4],
	    f = h[5], g = h[6], hh = h[7];

	for (int t = 0; t < 16; t++)
		w[t] = get_unaligned_be32(p + 4 * t);
	for (int t = 16; t < 64; t++) {
		u32 s0 = ror32(w[t - 15], 7) ^ ror32(w[t - 15], 18) ^
			 w[t - 15] >> 3;
		u32 s1 = ror32(w[t - 2], 17) ^ ror32(w[t - 2], 19) ^
			 w[t - 2] >> 10;

		w[t] = w[t - 16] + s0 + w[t - 7] + s1;
	}
	for (int t = 0; t < 64; t += 8) {
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

/* One 64-byte block at @p into state @h */
typedef void (*sha_block_fn)(u32 *h, const u8 *p);

/* The state @iv (@words words), nothing fed yet */
static void sha_start(struct sha_ctx *c, const u32 *iv, int words)
{
	memcpy(c->h, iv, words * sizeof(*iv));
	c->len = 0;
}

static void sha_update(struct sha_ctx *c, const void *data, size_t len,
		       sha_block_fn block)
{
	const u8 *p = data;
	size_t have = c->len % 64;

	c->len += len;
	if (have) {
		size_t take = len < 64 - have ? len : 64 - have;

		memcpy(c->buf + have, p, take);
		p += take;
		len -= take;
		if (have + take < 64)
			return;
		block(c->h, c->buf);
	}
	for (; len >= 64; p += 64, len -= 64)
		block(c->h, p);
	memcpy(c->buf, p, len);
}

/* The padding and length; then @words words of state (@le: MD5's order) */
static void sha_final(struct sha_ctx *c, sha_block_fn block, int words,
		      bool le, u8 *out)
{
	u64 bits = c->len * 8;
	size_t have = c->len % 64;

	c->buf[have++] = 0x80;
	if (have > 56) {
		memset(c->buf + have, 0, 64 - have);
		block(c->h, c->buf);
		have = 0;
	}
	memset(c->buf + have, 0, 56 - have);
	if (le) {
		put_unaligned_le32(bits, c->buf + 56);
		put_unaligned_le32(bits >> 32, c->buf + 60);
	} else {
		put_unaligned_be32(bits >> 32, c->buf + 56);
		put_unaligned_be32(bits, c->buf + 60);
	}
	block(c->h, c->buf);
	for (int i = 0; i < words; i++) {
		if (le)
			put_unaligned_le32(c->h[i], out + 4 * i);
		else
			put_unaligned_be32(c->h[i], out + 4 * i);
	}
}

static void sha1_block(u32 *h, const u8 *p)
{
	u32 w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];

	for (int t = 0; t < 16; t++)
		w[t] = get_unaligned_be32(p + 4 * t);
	for (int t = 16; t < 80; t++)
		w[t] = rol32(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	for (int t = 0; t < 80; t++) {
		u32 f, k, tmp;

		if (t < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (t < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (t < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		tmp = rol32(a, 5) + f + e + k + w[t];
		e = d;
		d = c;
		c = rol32(b, 30);
		b = a;
		a = tmp;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void sha1_init(struct sha_ctx *c)
{
	static const u32 iv[5] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0,
	};

	sha_start(c, iv, ARRAY_SIZE(iv));
}

void sha1_update(struct sha_ctx *c, const void *data, size_t len)
{
	sha_update(c, data, len, sha1_block);
}

void sha1_final(struct sha_ctx *c, u8 out[20])
{
	sha_final(c, sha1_block, 5, false, out);
}

void sha256_init(struct sha_ctx *c)
{
	static const u32 iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	sha_start(c, iv, ARRAY_SIZE(iv));
}

void sha256_update(struct sha_ctx *c, const void *data, size_t len)
{
	sha_update(c, data, len, sha256_block);
}

void sha256_final(struct sha_ctx *c, u8 out[32])
{
	sha_final(c, sha256_block, 8, false, out);
}

/* MD5: T[i] is the integer part of 2^32 * |sin(i + 1)| (RFC 1321, 3.4) */
static const u32 md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
	0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
	0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
	0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* Each round's four shifts, by step within the round */
static const u8 md5_s[4][4] = {
	{ 7, 12, 17, 22 }, { 5, 9, 14, 20 }, { 4, 11, 16, 23 }, { 6, 10, 15, 21 },
};

static void md5_block(u32 *h, const u8 *p)
{
	u32 x[16], a = h[0], b = h[1], c = h[2], d = h[3];

	for (int i = 0; i < 16; i++)
		x[i] = get_unaligned_le32(p + 4 * i);
	for (int i = 0; i < 64; i++) {
		int round = i / 16;
		u32 f, k, tmp;

		/* The round's function, and which word each step takes */
		if (round == 0) {
			f = (b & c) | (~b & d);
			k = i;
		} else if (round == 1) {
			f = (b & d) | (c & ~d);
			k = 5 * i + 1;
		} else if (round == 2) {
			f = b ^ c ^ d;
			k = 3 * i + 5;
		} else {
			f = c ^ (b | ~d);
			k = 7 * i;
		}
		tmp = d;
		d = c;
		c = b;
		b += rol32(a + f + md5_t[i] + x[k % 16], md5_s[round][i % 4]);
		a = tmp;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
}

void md5_init(struct sha_ctx *c)
{
	static const u32 iv[4] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
	};

	sha_start(c, iv, ARRAY_SIZE(iv));
}

void md5_update(struct sha_ctx *c, const void *data, size_t len)
{
	sha_update(c, data, len, md5_block);
}

void md5_final(struct sha_ctx *c, u8 out[16])
{
	sha_final(c, md5_block, 4, true, out);
}
