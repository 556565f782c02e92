// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * SHA-1 and SHA-256 (lib/sha.c): FIPS 180-4's examples (the empty
 * message, "abc", the 448-bit one, a million 'a's), each also fed in
 * pieces that end on both sides of the 64-byte blocks and of the last
 * block's 56 bytes; hash_lookup() by name.
 */
#include <hash.h>
#include <lib.h>
#include <stdio.h>
#include <string.h>
#include <test/ut.h>

#define ABC448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"

static const struct {
	const char *msg;	/* NULL: a million 'a's */
	const char *sha1, *sha256;
} vectors[] = {
	{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ ABC448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ NULL, "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
	  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
};

/* The digest of the vector's message, fed @piece bytes at a time, in hex */
static void digest_hex(const struct hash_algo *algo, const char *msg,
		       size_t piece, char *hex)
{
	static const char as[1000] = { [0 ... 999] = 'a' };
	size_t len = msg ? strlen(msg) : 1000000;
	u8 out[HASH_MAX_DIGEST];
	struct hash_ctx c;

	algo->init(&c);
	for (size_t off = 0; off < len;) {
		size_t n = len - off < piece ? len - off : piece;

		if (!msg && n > sizeof(as))
			n = sizeof(as);
		algo->update(&c, msg ? msg + off : as, n);
		off += n;
	}
	algo->final(&c, out);
	for (u32 i = 0; i < algo->size; i++)
		snprintf(hex + 2 * i, 3, "%02x", out[i]);
}

static int lib_test_sha(struct unit_test_state *uts)
{
	static const size_t pieces[] = { 1000000, 1, 55, 56, 63, 64, 65, 999 };
	const struct hash_algo *sha1 = hash_lookup("sha1");
	const struct hash_algo *sha256 = hash_lookup("sha256");
	char hex[2 * HASH_MAX_DIGEST + 1];

	ut_assertnonnull(sha1);
	ut_assertnonnull(sha256);
	ut_assert(!hash_lookup("md5"));
	ut_asserteq(20, sha1->size);
	ut_asserteq(32, sha256->size);
	for (size_t v = 0; v < ARRAY_SIZE(vectors); v++) {
		for (size_t p = 0; p < ARRAY_SIZE(pieces); p++) {
			digest_hex(sha1, vectors[v].msg, pieces[p], hex);
			ut_asserteq_str(vectors[v].sha1, hex);
			digest_hex(sha256, vectors[v].msg, pieces[p], hex);
			ut_asserteq_str(vectors[v].sha256, hex);
		}
	}
	/* crc32 as the digest of 4 bytes, big-endian */
	digest_hex(hash_lookup("crc32"), "123456789", 4, hex);
	ut_asserteq_str("cbf43926", hex);
	return 0;
}
UNIT_TEST(lib_test_sha, 0, lib);
