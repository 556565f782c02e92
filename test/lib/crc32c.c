// SPDX-License-Identifier: Apache-2.0 OR MIT
/* crc32c(): the check value, RFC 3720's vectors (B.4), chaining. */
#include <lib.h>
#include <string.h>
#include <test/ut.h>

static int lib_test_crc32c(struct unit_test_state *uts)
{
	u8 buf[32];

	ut_asserteq(0xe3069283, crc32c(0, "123456789", 9));
	ut_asserteq(0, crc32c(0, "", 0));
	/* RFC 3720 B.4 (its bytes are the CRC's, little-endian) */
	memset(buf, 0, sizeof(buf));
	ut_asserteq(0x8a9136aa, crc32c(0, buf, sizeof(buf)));
	memset(buf, 0xff, sizeof(buf));
	ut_asserteq(0x62a8ab43, crc32c(0, buf, sizeof(buf)));
	for (int i = 0; i < 32; i++)
		buf[i] = i;
	ut_asserteq(0x46dd794e, crc32c(0, buf, sizeof(buf)));
	for (int i = 0; i < 32; i++)
		buf[i] = 31 - i;
	ut_asserteq(0x113fdb5c, crc32c(0, buf, sizeof(buf)));
	/* In pieces, as in one */
	ut_asserteq(0xe3069283, crc32c(crc32c(0, "1234", 4), "56789", 5));
	return 0;
}
UNIT_TEST(lib_test_crc32c, 0, lib);
