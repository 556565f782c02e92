// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The block uclass, on the sandbox's host-file block device. */
#include <asm/os.h>
#include <blk.h>
#include <command.h>
#include <errno.h>
#include <string.h>
#include <test/ut.h>

#define IMG	"/tmp/ember-ut-blk-host.img"
#define SIZE	4096

static int blk_test_host(struct unit_test_state *uts)
{
	static u8 img[SIZE], buf[SIZE];
	struct udevice *blk;
	struct blk_desc *d;

	for (int i = 0; i < SIZE; i++)
		img[i] = i * 7 + (i >> 8);
	ut_assertok(os_write_file(IMG, img, SIZE));
	ut_asserteq(0, run_command("host bind 0 " IMG, 0));
	ut_assertok(blk_get_by_name("host", 0, &blk));
	d = blk_get_desc(blk);
	ut_asserteq(512, d->blksz);
	ut_asserteq(SIZE / 512, d->lba);
	ut_asserteq(-ENODEV, blk_get_by_name("host", 1, &blk));
	ut_assertok(blk_get_by_name("host", 0, &blk));
	/* Whole blocks, and bytes at any offset through the bounce buffer */
	ut_asserteq(2, blk_read(blk, 3, 2, buf));
	ut_assert(!memcmp(buf, img + 3 * 512, 1024));
	ut_assertok(blk_read_bytes(blk, 100, buf, 1500));
	ut_assert(!memcmp(buf, img + 100, 1500));
	ut_assertok(blk_read_bytes(blk, SIZE - 1, buf, 1));
	ut_asserteq(img[SIZE - 1], buf[0]);
	/* Nothing past the end, however it is asked */
	ut_asserteq(-ERANGE, blk_read(blk, 7, 2, buf));
	ut_asserteq(-ERANGE, blk_read(blk, ~0ULL, 2, buf));
	ut_asserteq(-ERANGE, blk_read_bytes(blk, SIZE - 1, buf, 2));
	ut_asserteq(-ERANGE, blk_read_bytes(blk, ~0ULL - 1, buf, 4));
	ut_asserteq(0, blk_read(blk, 8, 0, buf));
	/* A vectored read, through a driver without read_vec: one by one */
	{
		struct blk_vec vec[] = {
			{ 6, 2, buf }, { 0, 0, NULL }, { 1, 1, buf + 1024 },
		};

		memset(buf, 0, 1536);
		ut_assertok(blk_read_vec(blk, vec, 3));
		ut_assert(!memcmp(buf, img + 6 * 512, 1024));
		ut_assert(!memcmp(buf + 1024, img + 512, 512));
		vec[2].start = 7;
		vec[2].count = 2;
		ut_asserteq(-ERANGE, blk_read_vec(blk, vec, 3));
	}
	/* Writes reach the file */
	memset(buf, 0xa5, 512);
	ut_asserteq(1, blk_write(blk, 1, 1, buf));
	ut_assertok(blk_read_bytes(blk, 512, img, 512));
	ut_assert(!memcmp(img, buf, 512));
	/* Read-only: refused before the driver */
	ut_asserteq(0, run_command("host bind -r 0 " IMG, 0));
	ut_assertok(blk_get_by_name("host", 0, &blk));
	ut_asserteq(-EROFS, blk_write(blk, 1, 1, buf));
	ut_asserteq(0, run_command("host unbind 0", 0));
	ut_asserteq(-ENODEV, blk_get_by_name("host", 0, &blk));
	/* Files that are not a disk */
	ut_assertok(os_write_file(IMG, img, 100));
	ut_asserteq(1, run_command("host bind 0 " IMG, 0));
	ut_assert_nextline("host: '" IMG "' is 100 bytes: not a whole number of 512-byte blocks");
	ut_asserteq(1, run_command("host bind 0 /nonexistent/file", 0));
	ut_assert_nextline("host: cannot open '/nonexistent/file': ENOENT");
	ut_asserteq(1, run_command("host bind 9 " IMG, 0));
	ut_assert_nextline("host: device number 9 out of range (0-7)");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(blk_test_host, UTF_DM | UTF_CONSOLE, blk);
