// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The Internet checksum against a plain byte-pair reference, at every
 * start alignment and many lengths, also continued across calls the way
 * the UDP pseudo-header sum is.
 */
#include <string.h>
#include <test/ut.h>
#include "../../net/net_core.h"

static u16 reference(const u8 *p, int len, u32 sum)
{
	for (; len > 1; len -= 2, p += 2)
		sum += p[0] << 8 | p[1];
	if (len > 0)
		sum += p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static int net_test_checksum_alignment(struct unit_test_state *uts)
{
	static u8 buf[1600 + 8] __aligned(8);
	u32 x = 12345;

	for (unsigned int i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245 + 12345;
		buf[i] = x >> 16;
	}
	for (int off = 0; off < 8; off++) {
		for (int len = 0; len <= 80; len++)
			ut_asserteq(reference(buf + off, len, 0),
				    net_checksum(buf + off, len, 0));
		ut_asserteq(reference(buf + off, 1500, 0),
			    net_checksum(buf + off, 1500, 0));
		/* Continued: a 12-byte pseudo header, then the datagram */
		ut_asserteq(reference(buf + off, 12 + 1427, 0),
			    net_checksum(buf + off + 12, 1427,
					 net_checksum_add(buf + off, 12, 0)));
	}
	/* All ones stays all ones in the fold */
	memset(buf, 0xff, 64);
	ut_asserteq(reference(buf, 64, 0), net_checksum(buf, 64, 0));
	/* The largest datagram of all ones: the 64-bit sum must not wrap */
	for (int off = 0; off < 8; off++) {
		static u8 big[65536 + 8] __aligned(8);

		memset(big, 0xff, sizeof(big));
		ut_asserteq(reference(big + off, 65535, 0),
			    net_checksum(big + off, 65535, 0));
	}
	return 0;
}
UNIT_TEST(net_test_checksum_alignment, 0, net);

/* Copying and summing in one pass: the same bytes and the same sum */
static int net_test_copy_checksum(struct unit_test_state *uts)
{
	static u8 src[1600 + 16] __aligned(8), dst[1600 + 16] __aligned(8);
	static const int lens[] = { 0, 1, 2, 15, 16, 17, 31, 33, 100, 1480,
				    1481 };
	u32 x = 777;

	for (unsigned int i = 0; i < sizeof(src); i++) {
		x = x * 1103515245 + 12345;
		src[i] = x >> 16;
	}
	for (int so = 0; so < 8; so++) {
		for (int dof = 0; dof < 8; dof++) {
			for (unsigned int k = 0; k < ARRAY_SIZE(lens); k++) {
				int n = lens[k];
				u32 sum;

				memset(dst, 0xa5, sizeof(dst));
				sum = net_copy_checksum(dst + 8 + dof, src + so, n);
				ut_asserteq_mem(src + so, dst + 8 + dof, n);
				ut_asserteq(0xa5, dst[8 + dof - 1]);
				ut_asserteq(0xa5, dst[8 + dof + n]);
				ut_asserteq(reference(src + so, n, 0),
					    net_checksum(NULL, 0, sum));
			}
		}
	}
	return 0;
}
UNIT_TEST(net_test_copy_checksum, 0, net);
