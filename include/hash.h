// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Message digests (lib/hash.c, lib/sha.c, lib/sha512.c): SHA-1, SHA-256,
 * SHA-384 and SHA-512 as FIPS 180-4 defines them, MD5 as RFC 1321 does,
 * and CRC-32, behind one
 * interface the 'hash' command and FIT hashes use. Each is fed in pieces
 * of any size.
 */
#ifndef __HASH_H
#define __HASH_H

#include <types.h>

#define HASH_MAX_DIGEST		64	/* bytes: SHA-512's */

/** struct sha_ctx - the state of SHA-1 (h[0..4]), SHA-256 or MD5 (h[0..3]) */
struct sha_ctx {
	u32 h[8];
	u64 len;		/* bytes fed */
	u8 buf[64];		/* the block being filled */
};

void sha1_init(struct sha_ctx *c);
void sha1_update(struct sha_ctx *c, const void *data, size_t len);
void sha1_final(struct sha_ctx *c, u8 out[20]);

void sha256_init(struct sha_ctx *c);
void sha256_update(struct sha_ctx *c, const void *data, size_t len);
void sha256_final(struct sha_ctx *c, u8 out[32]);

/* MD5 (RFC 1321), in the same state: h[0..3], little-endian framing */
void md5_init(struct sha_ctx *c);
void md5_update(struct sha_ctx *c, const void *data, size_t len);
void md5_final(struct sha_ctx *c, u8 out[16]);

/** struct sha512_ctx - the state of SHA-512 or SHA-384 */
struct sha512_ctx {
	u64 h[8];
	u64 len;		/* bytes fed */
	u8 buf[128];		/* the block being filled */
};

void sha512_init(struct sha512_ctx *c);
void sha384_init(struct sha512_ctx *c);
/* Both feed the same way */
void sha512_update(struct sha512_ctx *c, const void *data, size_t len);
void sha512_final(struct sha512_ctx *c, u8 out[64]);
void sha384_final(struct sha512_ctx *c, u8 out[48]);

/** struct hash_ctx - the state of any of the digests */
struct hash_ctx {
	union {
		u32 crc;
		struct sha_ctx sha;
		struct sha512_ctx sha512;
	};
};

/** struct hash_algo - a digest, by its name as U-Boot's 'hash' knows it */
struct hash_algo {
	const char *name;
	u32 size;		/* bytes of digest */
	void (*init)(struct hash_ctx *c);
	void (*update)(struct hash_ctx *c, const void *data, size_t len);
	void (*final)(struct hash_ctx *c, u8 *out);
};

/** hash_lookup() - the digest called @name ("sha256"), or NULL */
const struct hash_algo *hash_lookup(const char *name);
/** hash_names() - the digests' names, one space between */
const char *hash_names(void);

#endif
