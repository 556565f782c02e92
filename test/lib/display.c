// SPDX-License-Identifier: Apache-2.0 OR MIT
/* print_size(): U-Boot's units, and its one decimal rounded. */
#include <lib.h>
#include <test/ut.h>

static int lib_test_print_size(struct unit_test_state *uts)
{
	static const struct {
		u64 size;
		const char *shown;
	} cases[] = {
		{ 0, "0 Bytes" },
		{ 1023, "1023 Bytes" },
		{ 1024, "1 KiB" },
		{ 1022661, "998.7 KiB" },	/* 998.69 */
		{ 1048575, "1024 KiB" },	/* 1023.999: rounded up */
		{ 5000, "4.9 KiB" },		/* 4.88 */
		{ 5120 + 51, "5 KiB" },		/* 5.0498 */
		{ 12185704, "11.6 MiB" },
		{ 1ULL << 30, "1 GiB" },
		{ 0xffffffffffffffffULL, "16 EiB" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		print_size(cases[i].size, "\n");
		ut_assert_nextline(cases[i].shown);
	}
	return 0;
}
UNIT_TEST(lib_test_print_size, UTF_CONSOLE, lib);
