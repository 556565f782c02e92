// SPDX-License-Identifier: Apache-2.0 OR MIT
/* lib/rand.c: bounds, and numbers that are not all the same. */
#include <rand.h>
#include <string.h>
#include <test/ut.h>

static int lib_test_rand_below(struct unit_test_state *uts)
{
	u32 seen = 0;

	ut_asserteq(0, rand_below(0));
	ut_asserteq(0, rand_below(1));
	/* 2000 draws below 8 stay below 8 and hit every value */
	for (int i = 0; i < 2000; i++) {
		u32 v = rand_below(8);

		ut_assert(v < 8);
		seen |= 1 << v;
	}
	ut_asserteq(0xff, seen);
	return 0;
}
UNIT_TEST(lib_test_rand_below, 0, lib);

static int lib_test_rand_bytes(struct unit_test_state *uts)
{
	u8 a[37], b[37], zero[37] = { 0 };

	memset(a, 0, sizeof(a));
	rand_bytes(a, sizeof(a));
	rand_bytes(b, sizeof(b));
	ut_assert(memcmp(a, zero, sizeof(a)));
	ut_assert(memcmp(a, b, sizeof(a)));
	ut_assert(rand_u32() != rand_u32() || rand_u32() != rand_u32());
	/* The sandbox has an RNG device: it seeded the generator */
	ut_assert(rand_seeded_from_device());
	return 0;
}
UNIT_TEST(lib_test_rand_bytes, 0, lib);
