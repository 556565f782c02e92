// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The digests the 'hash' command offers, by name (include/hash.h). */
#include <byteorder.h>
#include <hash.h>
#include <lib.h>
#include <stdio.h>
#include <string.h>

static void crc_init(struct hash_ctx *c)
{
	c->crc = 0;
}

static void crc_update(struct hash_ctx *c, const void *data, size_t len)
{
	c->crc = crc32(c->crc, data, len);
}

/* Big-endian, as U-Boot stores and prints it */
static void crc_final(struct hash_ctx *c, u8 *out)
{
	put_unaligned_be32(c->crc, out);
}

static void sha1_i(struct hash_ctx *c)
{
	sha1_init(&c->sha);
}

static void sha1_u(struct hash_ctx *c, const void *d, size_t n)
{
	sha1_update(&c->sha, d, n);
}

static void sha1_f(struct hash_ctx *c, u8 *out)
{
	sha1_final(&c->sha, out);
}

static void sha256_i(struct hash_ctx *c)
{
	sha256_init(&c->sha);
}

static void sha256_u(struct hash_ctx *c, const void *d, size_t n)
{
	sha256_update(&c->sha, d, n);
}

static void sha256_f(struct hash_ctx *c, u8 *out)
{
	sha256_final(&c->sha, out);
}

static void sha512_i(struct hash_ctx *c)
{
	sha512_init(&c->sha512);
}

static void sha384_i(struct hash_ctx *c)
{
	sha384_init(&c->sha512);
}

static void sha512_u(struct hash_ctx *c, const void *d, size_t n)
{
	sha512_update(&c->sha512, d, n);
}

static void sha512_f(struct hash_ctx *c, u8 *out)
{
	sha512_final(&c->sha512, out);
}

static void sha384_f(struct hash_ctx *c, u8 *out)
{
	sha384_final(&c->sha512, out);
}

static void md5_i(struct hash_ctx *c)
{
	md5_init(&c->sha);
}

static void md5_u(struct hash_ctx *c, const void *d, size_t n)
{
	md5_update(&c->sha, d, n);
}

static void md5_f(struct hash_ctx *c, u8 *out)
{
	md5_final(&c->sha, out);
}

static const struct hash_algo algos[] = {
	{ "sha1", 20, sha1_i, sha1_u, sha1_f },
	{ "sha256", 32, sha256_i, sha256_u, sha256_f },
	{ "sha384", 48, sha384_i, sha512_u, sha384_f },
	{ "sha512", 64, sha512_i, sha512_u, sha512_f },
	{ "crc32", 4, crc_init, crc_update, crc_final },
	{ "md5", 16, md5_i, md5_u, md5_f },
};

const struct hash_algo *hash_lookup(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(algos); i++) {
		if (!strcmp(algos[i].name, name))
			return &algos[i];
	}
	return NULL;
}

const char *hash_names(void)
{
	static char names[64];

	/* The names fit: lib_test_sha checks the whole list */
	if (!names[0]) {
		for (size_t i = 0, pos = 0;
		     i < ARRAY_SIZE(algos) && pos < sizeof(names); i++)
			pos += snprintf(names + pos, sizeof(names) - pos,
					"%s%s", i ? " " : "", algos[i].name);
	}
	return names;
}
