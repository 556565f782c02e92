// SPDX-License-Identifier: Apache-2.0 OR MIT
/* gzip decompression for Image.gz: good, truncated, corrupt, too big. */
#include <boot.h>
#include <errno.h>
#include <string.h>
#include <test/ut.h>

/* "hello, ember\n" compressed with Python's gzip.compress(..., mtime=0) */
static const u8 hello_gz[] = {
	0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48,
	0xcd, 0xc9, 0xc9, 0xd7, 0x51, 0x48, 0xcd, 0x4d, 0x4a, 0x2d, 0xe2, 0x02,
	0x00, 0x64, 0x5d, 0xaa, 0x83, 0x0d, 0x00, 0x00, 0x00,
};

static int boot_test_gunzip(struct unit_test_state *uts)
{
	u8 in[sizeof(hello_gz)];
	char out[64];
	size_t len;

	ut_assert(boot_is_gzip(hello_gz, sizeof(hello_gz)));
	ut_assert(!boot_is_gzip("AR", 2));
	ut_assertok(boot_gunzip(out, sizeof(out), hello_gz, sizeof(hello_gz),
				&len));
	ut_asserteq(13, len);
	ut_asserteq_mem("hello, ember\n", out, 13);
	/* Output buffer too small */
	ut_asserteq(-ENOSPC, boot_gunzip(out, 5, hello_gz, sizeof(hello_gz),
					 &len));
	/* Truncated input */
	ut_asserteq(-ENODATA, boot_gunzip(out, sizeof(out), hello_gz,
					  sizeof(hello_gz) - 6, &len));
	/* Corrupt CRC */
	memcpy(in, hello_gz, sizeof(in));
	in[sizeof(in) - 6] ^= 0xff;
	ut_asserteq(-EBADMSG, boot_gunzip(out, sizeof(out), in, sizeof(in),
					  &len));
	return 0;
}
UNIT_TEST(boot_test_gunzip, 0, boot);
