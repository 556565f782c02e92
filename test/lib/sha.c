// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * SHA-1, SHA-256 and MD5 (lib/sha.c): FIPS 180-4's examples (the empty
 * message, "abc", the 448-bit one, a million 'a's), each also fed in
 * pieces that end on both sides of the 64-byte blocks and of the last
 * block's 56 bytes, and RFC 1321's test suite for MD5; SHA-384 and
 * SHA-512 (lib/sha512.c) on the same messages and the 896-bit one, in
 * pieces around their 128-byte blocks and 112 bytes; hash_lookup() by
 * name.
 */
#include <hash.h>
#include <lib.h>
#include <stdio.h>
#include <string.h>
#include <test/ut.h>

#define ABC448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define ABC896 "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn" \
	"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"

static const struct {
	const char *msg;	/* NULL: a million 'a's */
	const char *sha1, *sha256, *md5;
} vectors[] = {
	{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	  "d41d8cd98f00b204e9800998ecf8427e" },
	{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	  "900150983cd24fb0d6963f7d28e17f72" },
	{ ABC448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	  "8215ef0796a20bcaaae116d3876c664a" },
	{ NULL, "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
	  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	  "7707d6ae4e027c70eea2a935c2296f21" },
};

/* SHA-384 and SHA-512 of the messages above and the 896-bit one */
static const struct {
	const char *msg;	/* NULL: a million 'a's */
	const char *sha384, *sha512;
} vectors512[] = {
	{ "",
	  "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
	  "274edebfe76f65fbd51ad2f14898b95b",
	  "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
	  "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e" },
	{ "abc",
	  "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
	  "8086072ba1e7cc2358baeca134c825a7",
	  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f" },
	{ ABC896,
	  "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
	  "fcc7c71a557e2db966c3e9fa91746039",
	  "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
	  "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909" },
	{ NULL,
	  "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b"
	  "07b8b3dc38ecc4ebae97ddd87f3d8985",
	  "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
	  "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b" },
};

/* RFC 1321, A.5 */
static const struct {
	const char *msg, *md5;
} md5_suite[] = {
	{ "a", "0cc175b9c0f1b6a831c399e269772661" },
	{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
	{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
	  "d174ab98d277d9f5a5611c2c9f419d9f" },
	{ "1234567890123456789012345678901234567890"
	  "1234567890123456789012345678901234567890",
	  "57edf4a22be3c955ac49da2e2107b67a" },
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
	const struct hash_algo *md5 = hash_lookup("md5");
	char hex[2 * HASH_MAX_DIGEST + 1];

	ut_assertnonnull(sha1);
	ut_assertnonnull(sha256);
	ut_assertnonnull(md5);
	ut_assert(!hash_lookup("sha224"));
	ut_asserteq_str("sha1 sha256 sha384 sha512 crc32 md5", hash_names());
	ut_asserteq(20, sha1->size);
	ut_asserteq(32, sha256->size);
	ut_asserteq(16, md5->size);
	for (size_t v = 0; v < ARRAY_SIZE(vectors); v++) {
		for (size_t p = 0; p < ARRAY_SIZE(pieces); p++) {
			digest_hex(sha1, vectors[v].msg, pieces[p], hex);
			ut_asserteq_str(vectors[v].sha1, hex);
			digest_hex(sha256, vectors[v].msg, pieces[p], hex);
			ut_asserteq_str(vectors[v].sha256, hex);
			digest_hex(md5, vectors[v].msg, pieces[p], hex);
			ut_asserteq_str(vectors[v].md5, hex);
		}
	}
	for (size_t v = 0; v < ARRAY_SIZE(md5_suite); v++) {
		digest_hex(md5, md5_suite[v].msg, 7, hex);
		ut_asserteq_str(md5_suite[v].md5, hex);
	}
	return 0;
}
UNIT_TEST(lib_test_sha, 0, lib);

static int lib_test_sha512(struct unit_test_state *uts)
{
	static const size_t pieces[] = {
		1000000, 1, 111, 112, 113, 127, 128, 129, 999,
	};
	const struct hash_algo *sha384 = hash_lookup("sha384");
	const struct hash_algo *sha512 = hash_lookup("sha512");
	char hex[2 * HASH_MAX_DIGEST + 1];

	ut_assertnonnull(sha384);
	ut_assertnonnull(sha512);
	ut_asserteq(48, sha384->size);
	ut_asserteq(64, sha512->size);
	for (size_t v = 0; v < ARRAY_SIZE(vectors512); v++) {
		for (size_t p = 0; p < ARRAY_SIZE(pieces); p++) {
			digest_hex(sha384, vectors512[v].msg, pieces[p], hex);
			ut_asserteq_str(vectors512[v].sha384, hex);
			digest_hex(sha512, vectors512[v].msg, pieces[p], hex);
			ut_asserteq_str(vectors512[v].sha512, hex);
		}
	}
	return 0;
}
UNIT_TEST(lib_test_sha512, 0, lib);

static int lib_test_crc32_digest(struct unit_test_state *uts)
{
	char hex[2 * HASH_MAX_DIGEST + 1];

	/* crc32 as the digest of 4 bytes, big-endian */
	digest_hex(hash_lookup("crc32"), "123456789", 4, hex);
	ut_asserteq_str("cbf43926", hex);
	return 0;
}
UNIT_TEST(lib_test_crc32_digest, 0, lib);
