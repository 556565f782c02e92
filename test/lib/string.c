// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * memcpy() and memset() against byte-wise references at every source and
 * destination alignment and many lengths: the word paths must neither
 * miss a byte nor touch one outside the range.
 */
#include <string.h>
#include <test/ut.h>

#define SPAN	300
#define GUARD	16

static u8 pattern(unsigned int i)
{
	return (u8)(i * 37 + 11);
}

static int lib_test_memcpy_alignment(struct unit_test_state *uts)
{
	static u8 src[SPAN + 2 * GUARD] __aligned(8);
	static u8 dst[SPAN + 2 * GUARD] __aligned(8);
	static const unsigned int lens[] = {
		0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100,
		255, 256, 257,
	};

	for (unsigned int i = 0; i < sizeof(src); i++)
		src[i] = pattern(i);
	for (unsigned int so = 0; so < 8; so++) {
		for (unsigned int dof = 0; dof < 8; dof++) {
			for (unsigned int k = 0; k < ARRAY_SIZE(lens); k++) {
				unsigned int n = lens[k];
				u8 *d = dst + GUARD + dof;
				const u8 *s = src + GUARD + so;

				memset(dst, 0xa5, sizeof(dst));
				ut_asserteq_ptr(d, memcpy(d, s, n));
				for (unsigned int i = 0; i < sizeof(dst); i++) {
					u8 want = dst + i >= d && dst + i < d + n ?
						  s[dst + i - d] : 0xa5;

					ut_asserteq(want, dst[i]);
				}
			}
		}
	}
	return 0;
}
UNIT_TEST(lib_test_memcpy_alignment, 0, lib);

static int lib_test_memset_alignment(struct unit_test_state *uts)
{
	static u8 buf[SPAN + 2 * GUARD] __aligned(8);

	for (unsigned int off = 0; off < 8; off++) {
		for (unsigned int n = 0; n < 70; n++) {
			memset(buf, 0x5a, sizeof(buf));
			memset(buf + GUARD + off, 0xc3, n);
			for (unsigned int i = 0; i < sizeof(buf); i++) {
				bool in = i >= GUARD + off && i < GUARD + off + n;

				ut_asserteq(in ? 0xc3 : 0x5a, buf[i]);
			}
		}
	}
	return 0;
}
UNIT_TEST(lib_test_memset_alignment, 0, lib);
