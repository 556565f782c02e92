// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * NOR flash tests: the real flash uclass and cfi_flash driver against the
 * sandbox's model (dts/sandbox.dts, asm/flash_emul.h): two banks of 1 MiB
 * at 0x08000000 and 0x08100000, each a 32-bit bus of two x16 devices with
 * 32 KiB blocks, so 64 KiB erase blocks. Every test starts with a fresh
 * driver model, and so with an erased flash (the model keeps its contents
 * in memory unless --flash names a file). A "reboot" restores the power
 * and probes the driver again; the contents stay.
 */
#include <asm/flash_emul.h>
#include <asm/io.h>
#include <dm.h>
#include <flash.h>
#include <stdio.h>
#include <string.h>
#include <test/ut.h>
#include <time.h>

#define EMUL		"flash-emul"
#define NAME		"flash@8000000"
#define BASE		0x08000000ULL
#define BANK		0x100000ULL
#define SIZE		0x200000ULL
#define BLOCK		0x10000U
#define WORD_US		1024		/* the model's CFI: 2^(5 + 5) us */
#define ERASE_US	64000		/* 2^(4 + 2) ms */

static const u8 ones[4] = { 0xff, 0xff, 0xff, 0xff };

/* The flash device and its model, both probed */
static int start(struct udevice **devp, struct udevice **emulp)
{
	u64 off;

	*emulp = sandbox_flash_emul_get(EMUL);
	if (!*emulp)
		return -ENODEV;
	return flash_get_by_addr(BASE, devp, &off);
}

/* As start(), with the block at @block erased */
static int start_erased(struct udevice **devp, struct udevice **emulp,
			u64 block)
{
	int ret = start(devp, emulp);

	return ret ? ret : flash_erase(*devp, block, BLOCK);
}

/* Power back on and probe the driver afresh: what a reboot does */
static int reboot(struct udevice *dev, struct udevice *emul)
{
	int ret;

	sandbox_flash_emul_power_restore(emul);
	ret = device_remove(dev);
	return ret ? ret : device_probe(dev);
}

/* [@off, @off + @len) of the model's contents are all @val */
static bool stored_all(struct udevice *emul, u64 off, u64 len, u8 val)
{
	u64 size;
	const u8 *data = sandbox_flash_emul_data(emul, &size);

	for (u64 i = off; i < off + len; i++) {
		if (data[i] != val)
			return false;
	}
	return true;
}

static void pattern(u8 *buf, size_t len, u8 seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = seed + i * 7 + 1;
}

static int flash_test_probe(struct unit_test_state *uts)
{
	const struct flash_info *info;
	struct udevice *dev, *other, *emul;
	u8 word[4];
	u64 off;

	ut_assertnonnull(emul = sandbox_flash_emul_get(EMUL));
	ut_assertok(flash_get_by_addr(BASE + BANK + 0x10, &dev, &off));
	ut_asserteq_str(NAME, dev->name);
	ut_asserteq(BANK + 0x10, off);
	info = flash_get_info(dev);
	ut_asserteq(SIZE, info->size);
	ut_asserteq(BLOCK, info->erase_size);
	ut_asserteq(4, info->bank_width);
	ut_asserteq(-ENODEV, flash_get_by_addr(BASE + SIZE, &other, &off));
	ut_asserteq(-ENODEV, flash_get_by_addr(BASE - 1, &other, &off));
	/* The query left both banks in read-array mode, touching nothing */
	ut_assertok(flash_read(dev, BANK - 4, word, 4));
	ut_assert(word[0] == 0xff && !memcmp(word, word + 1, 3));
	ut_asserteq(0, sandbox_flash_emul_stats(emul)->programs);
	ut_asserteq(0, sandbox_flash_emul_stats(emul)->erases);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_probe, UTF_DM | UTF_CONSOLE, flash);

static int flash_test_write_read(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	struct flash_emul_stats *st;
	u8 buf[256], back[256];
	u64 size;

	ut_assertok(start(&dev, &emul));
	st = sandbox_flash_emul_stats(emul);
	pattern(buf, sizeof(buf), 0);
	ut_assertok(flash_erase(dev, BLOCK, BLOCK));
	ut_asserteq(1, st->erases);
	ut_assertok(flash_read(dev, BLOCK, back, sizeof(back)));
	ut_assert(back[0] == 0xff && !memcmp(back, back + 1, sizeof(back) - 1));
	ut_assertok(flash_write(dev, BLOCK, buf, sizeof(buf)));
	ut_asserteq(sizeof(buf) / 4, st->programs);
	ut_assertok(flash_read(dev, BLOCK, back, sizeof(back)));
	ut_asserteq_mem(buf, back, sizeof(buf));
	ut_asserteq_mem(buf, sandbox_flash_emul_data(emul, &size) + BLOCK,
			sizeof(buf));
	/* Any alignment for reads */
	ut_assertok(flash_read(dev, BLOCK + 3, back, 9));
	ut_asserteq_mem(buf + 3, back, 9);
	/* The same words again: nothing to program */
	ut_assertok(flash_write(dev, BLOCK, buf, sizeof(buf)));
	ut_asserteq(sizeof(buf) / 4, st->programs);
	/* Across the two banks: each command goes to its own bank */
	ut_assertok(flash_erase(dev, BANK - BLOCK, 2 * BLOCK));
	ut_assertok(flash_write(dev, BANK - 8, buf, 16));
	ut_assertok(flash_read(dev, BANK - 8, back, 16));
	ut_asserteq_mem(buf, back, 16);
	ut_asserteq_mem(buf, sandbox_flash_emul_data(emul, &size) + BANK - 8,
			16);
	ut_assert(stored_all(emul, BANK + 8, BLOCK - 8, 0xff));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_write_read, UTF_DM | UTF_CONSOLE, flash);

/* Programming only clears bits: a 0 never becomes 1 without an erase */
static int flash_test_zero_to_one(struct unit_test_state *uts)
{
	static const u8 first[4] = { 0xf0, 0xff, 0xff, 0xff };
	static const u8 fewer[4] = { 0x70, 0xff, 0x0f, 0xff };
	struct udevice *dev, *emul;
	u8 back[4];

	ut_assertok(start_erased(&dev, &emul, 0));
	ut_assertok(flash_write(dev, 0x40, first, 4));
	ut_asserteq(-EIO, flash_write(dev, 0x40, ones, 4));
	ut_assert_nextline(NAME ": write at 0x40: 0xffffffff over 0xfffffff0 sets bits that only an erase can set");
	ut_asserteq(1, sandbox_flash_emul_stats(emul)->programs);
	ut_assertok(flash_read(dev, 0x40, back, 4));
	ut_asserteq_mem(first, back, 4);
	/* Clearing more bits is fine */
	ut_assertok(flash_write(dev, 0x40, fewer, 4));
	ut_assertok(flash_read(dev, 0x40, back, 4));
	ut_asserteq_mem(fewer, back, 4);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_zero_to_one, UTF_DM | UTF_CONSOLE, flash);

static int flash_test_bad_args(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	u8 buf[8] = { 0 };

	ut_assertok(start(&dev, &emul));
	/* Writes: whole words inside the device */
	ut_asserteq(-EINVAL, flash_write(dev, 2, buf, 4));
	ut_asserteq(-EINVAL, flash_write(dev, 0, buf, 3));
	ut_asserteq(-EINVAL, flash_write(dev, SIZE - 4, buf, 8));
	ut_asserteq(-EINVAL, flash_write(dev, SIZE, buf, 4));
	ut_asserteq(-EINVAL, flash_write(dev, ~0ULL - 3, buf, 4));
	ut_asserteq(-EINVAL, flash_write(dev, 0, NULL, 4));
	/* Erases: whole blocks inside the device */
	ut_asserteq(-EINVAL, flash_erase(dev, BLOCK / 2, BLOCK));
	ut_asserteq(-EINVAL, flash_erase(dev, 0, BLOCK + 4));
	ut_asserteq(-EINVAL, flash_erase(dev, SIZE - BLOCK, 2 * BLOCK));
	ut_asserteq(-EINVAL, flash_erase(dev, 0ULL - BLOCK, BLOCK));
	/* Reads: any bytes inside the device */
	ut_asserteq(-EINVAL, flash_read(dev, SIZE - 1, buf, 2));
	ut_asserteq(-EINVAL, flash_read(dev, ~0ULL, buf, 2));
	ut_asserteq(-EINVAL, flash_read(dev, 1, NULL, 2));
	ut_assertok(flash_read(dev, SIZE - 1, buf, 1));
	/* Nothing to do */
	ut_assertok(flash_read(dev, SIZE, buf, 0));
	ut_assertok(flash_erase(dev, SIZE, 0));
	ut_assertok(flash_write(dev, 0, NULL, 0));
	ut_asserteq(0, sandbox_flash_emul_stats(emul)->programs);
	ut_asserteq(0, sandbox_flash_emul_stats(emul)->erases);
	/* A device that is not probed */
	ut_assertok(device_remove(dev));
	ut_asserteq_ptr(NULL, flash_get_info(dev));
	ut_asserteq(-EINVAL, flash_read(dev, 0, buf, 4));
	ut_asserteq(-EINVAL, flash_erase(dev, 0, BLOCK));
	ut_asserteq(-EINVAL, flash_write(dev, 0, buf, 4));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_bad_args, UTF_DM | UTF_CONSOLE, flash);

/* A torn erase: the first half of the block erased, then no power */
static int flash_test_power_cut_erase(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	static u8 zeros[BLOCK];
	u8 buf[16];

	ut_assertok(start_erased(&dev, &emul, 2 * BLOCK));
	ut_assertok(flash_write(dev, 2 * BLOCK, zeros, BLOCK));
	sandbox_flash_emul_power_cut(emul, 0);
	ut_assert(!sandbox_flash_emul_power_is_off(emul));
	ut_asserteq(-ETIMEDOUT, flash_erase(dev, 2 * BLOCK, BLOCK));
	ut_assert_nextline(NAME ": erase at 0x20000: not ready after 64000 us (status 0x0)");
	ut_assert(sandbox_flash_emul_power_is_off(emul));
	ut_asserteq(1, sandbox_flash_emul_stats(emul)->torn);
	/* Without power the bus reads 0 and no write gets through */
	ut_assertok(flash_read(dev, 0, buf, sizeof(buf)));
	ut_assert(!buf[0] && !memcmp(buf, buf + 1, sizeof(buf) - 1));
	ut_asserteq(-ETIMEDOUT, flash_erase(dev, 0, BLOCK));
	ut_assert_nextline(NAME ": erase at 0x0: not ready after 64000 us (status 0x0)");
	ut_assert(sandbox_flash_emul_stats(emul)->ignored >= 4);
	ut_assert(stored_all(emul, 0, BLOCK, 0xff));
	ut_assert(stored_all(emul, 2 * BLOCK, BLOCK / 2, 0xff));
	ut_assert(stored_all(emul, 2 * BLOCK + BLOCK / 2, BLOCK / 2, 0));
	/* After a reboot the device reads what the cut left, and works */
	ut_assertok(reboot(dev, emul));
	ut_assertok(flash_read(dev, 2 * BLOCK + BLOCK / 2 - 8, buf, 16));
	ut_asserteq(0xff, buf[7]);
	ut_asserteq(0, buf[8]);
	ut_assertok(flash_erase(dev, 2 * BLOCK, BLOCK));
	ut_assert(stored_all(emul, 2 * BLOCK, BLOCK, 0xff));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_power_cut_erase, UTF_DM | UTF_CONSOLE, flash);

/* A torn program: the word's low lane (bytes 0 and 1) only */
static int flash_test_power_cut_program(struct unit_test_state *uts)
{
	static const u8 want[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	static const u8 torn[12] = { 1, 2, 3, 4, 5, 6, 0xff, 0xff,
				     0xff, 0xff, 0xff, 0xff };
	struct udevice *dev, *emul;
	u8 back[12];

	ut_assertok(start_erased(&dev, &emul, 0));
	sandbox_flash_emul_power_cut(emul, 1);
	ut_asserteq(-ETIMEDOUT, flash_write(dev, 0x40, want, sizeof(want)));
	ut_assert_nextline(NAME ": program at 0x44: not ready after 1024 us (status 0x0)");
	ut_asserteq(2, sandbox_flash_emul_stats(emul)->programs);
	ut_asserteq(1, sandbox_flash_emul_stats(emul)->torn);
	ut_assertok(reboot(dev, emul));
	ut_assertok(flash_read(dev, 0x40, back, sizeof(back)));
	ut_asserteq_mem(torn, back, sizeof(back));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_power_cut_program, UTF_DM | UTF_CONSOLE, flash);

/*
 * The counters let a test cut the power at every operation of an update
 * in turn, as a test of a save would: here an erase and eight words. Each
 * cut tears exactly one operation and leaves the block either erased in
 * part, or erased and written word by word; the first cut that comes
 * after the last operation lets it all complete.
 */
static int flash_test_power_cut_sweep(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	u8 old[32], new[32], back[32];
	u32 n;

	ut_assertok(start(&dev, &emul));
	pattern(old, sizeof(old), 0x40);
	memset(new, 0, sizeof(new));
	for (n = 0; ; n++) {
		struct flash_emul_stats *st = sandbox_flash_emul_stats(emul);
		u32 ops, torn = st->torn;
		int ret;

		ut_assertok(flash_erase(dev, 0, BLOCK));
		ut_assertok(flash_write(dev, 0, old, sizeof(old)));
		ops = st->erases + st->programs;
		sandbox_flash_emul_power_cut(emul, n);
		ret = flash_erase(dev, 0, BLOCK);
		if (!ret)
			ret = flash_write(dev, 0, new, sizeof(new));
		if (!sandbox_flash_emul_power_is_off(emul)) {
			ut_assertok(ret);
			break;
		}
		ut_asserteq(-ETIMEDOUT, ret);
		ut_asserteq(torn + 1, st->torn);
		ut_asserteq(ops + n + 1, st->erases + st->programs);
		ut_assertok(reboot(dev, emul));
		ut_assertok(flash_read(dev, 0, back, sizeof(back)));
		/* n words were written; the torn one holds its low lane */
		for (u32 i = 0; n && i < sizeof(back); i++) {
			u8 expect = i / 4 < n - 1 || (i / 4 == n - 1 &&
				    i % 4 < 2) ? 0 : 0xff;

			ut_asserteq(expect, back[i]);
		}
		if (!n)
			ut_assert(stored_all(emul, 0, BLOCK / 2, 0xff));
		ut_console_reset(uts);
	}
	ut_asserteq(9, n);
	sandbox_flash_emul_power_restore(emul);
	ut_assertok(flash_read(dev, 0, back, sizeof(back)));
	ut_asserteq_mem(new, back, sizeof(back));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_power_cut_sweep, UTF_DM | UTF_CONSOLE, flash);

static int flash_test_bit_flip(struct unit_test_state *uts)
{
	static const u8 word[4] = { 0x00, 0x11, 0x22, 0x33 };
	struct udevice *dev, *emul;
	u8 back[4];

	ut_assertok(start_erased(&dev, &emul, 0));
	ut_assertok(flash_write(dev, 0x80, word, 4));
	ut_assertok(sandbox_flash_emul_flip_bit(emul, 0x81, 3));
	ut_assertok(flash_read(dev, 0x80, back, 4));
	ut_asserteq(0x19, back[1]);
	/* An erased bit that decayed to 0 cannot be written as 1 */
	ut_assertok(sandbox_flash_emul_flip_bit(emul, 0x102, 0));
	ut_asserteq(-EIO, flash_write(dev, 0x100, ones, 4));
	ut_assert_nextline(NAME ": write at 0x100: 0xffffffff over 0xfffeffff sets bits that only an erase can set");
	ut_asserteq(-EINVAL, sandbox_flash_emul_flip_bit(emul, SIZE, 0));
	ut_asserteq(-EINVAL, sandbox_flash_emul_flip_bit(emul, 0, 8));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_bit_flip, UTF_DM | UTF_CONSOLE, flash);

static int flash_test_erase_fail(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	u8 buf[64];

	ut_assertok(start_erased(&dev, &emul, 3 * BLOCK));
	pattern(buf, sizeof(buf), 3);
	ut_assertok(flash_write(dev, 3 * BLOCK, buf, sizeof(buf)));
	ut_assertok(sandbox_flash_emul_fail_erase(emul, 3 * BLOCK + 100, 1,
						  FLASH_EMUL_ERROR));
	/* A range stops at the block that fails */
	ut_asserteq(-EIO, flash_erase(dev, 2 * BLOCK, 3 * BLOCK));
	ut_assert_nextline(NAME ": erase at 0x30000 failed: erase error (status 0xa000a0)");
	ut_asserteq(3, sandbox_flash_emul_stats(emul)->erases);
	ut_asserteq_mem(buf, sandbox_flash_emul_data(emul, &(u64){0}) +
			3 * BLOCK, sizeof(buf));
	/* The status was cleared: the other blocks still erase */
	ut_assertok(flash_erase(dev, 4 * BLOCK, BLOCK));
	/* An erase that says it worked is checked */
	ut_assertok(sandbox_flash_emul_fail_erase(emul, 3 * BLOCK, BLOCK,
						  FLASH_EMUL_SILENT));
	ut_asserteq(-EIO, flash_erase(dev, 3 * BLOCK, BLOCK));
	ut_assert_nextline(NAME ": erase at 0x30000: byte at 0x30000 reads 0x4 after the erase");
	ut_assertok(sandbox_flash_emul_fail_erase(emul, 0, 0, FLASH_EMUL_WORKS));
	ut_assertok(flash_erase(dev, 3 * BLOCK, BLOCK));
	ut_asserteq(-EINVAL, sandbox_flash_emul_fail_erase(emul, SIZE, 1,
							    FLASH_EMUL_ERROR));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_erase_fail, UTF_DM | UTF_CONSOLE, flash);

static int flash_test_program_fail(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	u8 buf[12], back[12];

	ut_assertok(start_erased(&dev, &emul, 0));
	pattern(buf, sizeof(buf), 0);
	ut_assertok(sandbox_flash_emul_fail_program(emul, 0x84, 4,
						    FLASH_EMUL_ERROR));
	ut_asserteq(-EIO, flash_write(dev, 0x80, buf, sizeof(buf)));
	ut_assert_nextline(NAME ": program at 0x84 failed: program error (status 0x900090)");
	ut_assertok(flash_read(dev, 0x80, back, sizeof(back)));
	ut_asserteq_mem(buf, back, 4);
	ut_assert(stored_all(emul, 0x84, 8, 0xff));
	/* The status was cleared: other words still program */
	ut_assertok(flash_write(dev, 0x88, buf + 8, 4));
	/* A program that says it worked is read back */
	ut_assertok(sandbox_flash_emul_fail_program(emul, 0x84, 4,
						    FLASH_EMUL_SILENT));
	ut_asserteq(-EIO, flash_write(dev, 0x84, buf + 4, 4));
	ut_assert_nextline(NAME ": write at 0x84: programmed 0x322b241d, read back 0xffffffff");
	ut_assertok(sandbox_flash_emul_fail_program(emul, 0, 0,
						    FLASH_EMUL_WORKS));
	ut_assertok(flash_write(dev, 0x84, buf + 4, 4));
	ut_assertok(flash_read(dev, 0x80, back, sizeof(back)));
	ut_asserteq_mem(buf, back, sizeof(back));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_program_fail, UTF_DM | UTF_CONSOLE, flash);

/* A slow chip is waited for; a stuck one costs the bound, no more */
static int flash_test_busy(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	u8 buf[16];
	u64 t;

	ut_assertok(start(&dev, &emul));
	pattern(buf, sizeof(buf), 9);
	sandbox_flash_emul_set_busy(emul, 10);
	ut_assertok(flash_erase(dev, BLOCK, BLOCK));
	ut_assertok(flash_write(dev, BLOCK, buf, sizeof(buf)));
	sandbox_flash_emul_set_busy(emul, FLASH_EMUL_STUCK);
	t = timer_get_us();
	ut_asserteq(-ETIMEDOUT, flash_write(dev, BLOCK + 0x100, buf, 4));
	ut_assert(timer_get_us() - t >= WORD_US);
	ut_assert(timer_get_us() - t < WORD_US + 500000);
	ut_assert_nextline(NAME ": program at 0x10100: not ready after 1024 us (status 0x0)");
	t = timer_get_us();
	ut_asserteq(-ETIMEDOUT, flash_erase(dev, 0, BLOCK));
	ut_assert(timer_get_us() - t >= ERASE_US);
	ut_assert(timer_get_us() - t < ERASE_US + 500000);
	ut_assert_nextline(NAME ": erase at 0x0: not ready after 64000 us (status 0x0)");
	sandbox_flash_emul_set_busy(emul, 0);
	ut_assertok(flash_erase(dev, 0, BLOCK));
	ut_assertok(flash_write(dev, 0, buf, sizeof(buf)));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_busy, UTF_DM | UTF_CONSOLE, flash);

/* Probe the driver again after the model's query table changed */
static int reprobe(struct udevice *dev, struct udevice *emul, uint idx,
		   u8 val)
{
	int ret = device_remove(dev);

	if (!ret)
		ret = sandbox_flash_emul_set_cfi(emul, idx, val);
	return ret ? ret : device_probe(dev);
}

/* What the driver refuses in a query answer, and what it accepts */
static int flash_test_query(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;

	ut_assertok(start(&dev, &emul));
	ut_asserteq(-ENOSYS, reprobe(dev, emul, 0x13, 0x02));
	ut_assert_nextline(NAME ": AMD command set (0x0002): not supported, only Intel's (0x0001, 0x0003)");
	ut_asserteq(-ENOSYS, reprobe(dev, emul, 0x13, 0x07));
	ut_assert_nextline(NAME ": unknown command set 0x0007");
	ut_assertok(reprobe(dev, emul, 0x13, 0x03));
	ut_asserteq(-ENOSYS, reprobe(dev, emul, 0x2c, 2));
	ut_assert_nextline(NAME ": 2 erase block regions: only one uniform region is supported");
	ut_assertok(reprobe(dev, emul, 0x2c, 1));
	ut_asserteq(-EIO, reprobe(dev, emul, 0x27, 20));
	ut_assert_nextline(NAME ": query table does not add up: 16 blocks of 0x8000 bytes in a device of 2^20 bytes");
	/* A smaller chip than its window */
	ut_asserteq(-EIO, reprobe(dev, emul, 0x2d, 7));
	ut_assert_nextline(NAME ": query table does not add up: 8 blocks of 0x8000 bytes in a device of 2^20 bytes");
	ut_asserteq(-EIO, reprobe(dev, emul, 0x27, 18));
	ut_assert_nextline(NAME ": window 0 (0x100000 bytes) does not fit its flash (0x80000 bytes, 0x10000-byte blocks)");
	ut_assertok(sandbox_flash_emul_set_cfi(emul, 0x2d, 15));
	ut_assertok(reprobe(dev, emul, 0x27, 19));
	/* No 'QRY': nothing there, and nothing said */
	ut_asserteq(-ENODEV, reprobe(dev, emul, 0x10, 'X'));
	ut_assertok(sandbox_flash_emul_set_cfi(emul, 0x10, 'Q'));
	ut_asserteq(-EIO, reprobe(dev, emul, 0x11, 'X'));
	ut_assert_nextline(NAME ": window 0: bad CFI signature");
	ut_asserteq(0, sandbox_flash_emul_stats(emul)->programs);
	ut_asserteq(0, sandbox_flash_emul_stats(emul)->erases);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_query, UTF_DM | UTF_CONSOLE, flash);

/* 'reg' windows with a gap between them are refused before any access */
static int flash_test_window_gap(struct unit_test_state *uts)
{
	DM_DRIVER_REF(cfi_flash);
	struct udevice *dev, *found;
	u64 off;

	ut_assertok(device_bind(dm_root(), DM_DRIVER_GET(cfi_flash),
				"flash-gap", NULL, ofnode_path("/flash-gap"),
				&dev));
	ut_asserteq(-EINVAL, device_probe(dev));
	ut_assert_nextline("flash-gap: 'reg' windows are not contiguous: window 1 at 0x8200000, window 0 ends at 0x8100000");
	/* Looking up an address passes it by */
	ut_asserteq(-ENODEV, flash_get_by_addr(0x08200000, &found, &off));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_window_gap, UTF_DM | UTF_CONSOLE, flash);

/* The model polices the bus: what the driver must never do */
static int flash_test_model_rules(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_flash_emul_get(EMUL);
	u8 *bank = map_sysmem(BASE, SIZE);

	ut_assertnonnull(emul);
	writel(0x00e800e8, bank);		/* a buffered write */
	ut_assert_nextline("flash-emul: flash protocol violation: an unknown command (0xe8)");
	writew(0x00ff, bank);
	ut_assert_nextline("flash-emul: flash protocol violation: a write not 32 bits wide and aligned (0x0)");
	writel(0x00ff0070, bank);
	ut_assert_nextline("flash-emul: flash protocol violation: a command not the same in both lanes (0xff0070)");
	writel(0x00200020, bank + BLOCK);
	writel(0x00700070, bank + BLOCK);
	ut_assert_nextline("flash-emul: flash protocol violation: an erase set-up not confirmed (0x700070)");
	/* The refused sequence left an error status and nothing erased */
	ut_asserteq(0x00b000b0, readl(bank + BLOCK));
	ut_asserteq(0, sandbox_flash_emul_stats(emul)->erases);
	ut_asserteq(4, sandbox_flash_emul_stats(emul)->violations);
	sandbox_flash_emul_stats(emul)->violations = 0;
	writel(0x00500050, bank + BLOCK);
	writel(0x00ff00ff, bank + BLOCK);
	ut_asserteq(0xffffffff, readl(bank + BLOCK));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(flash_test_model_rules, UTF_DM | UTF_CONSOLE, flash);

/*
 * After every driver-model test: the flash model saw no access that
 * breaks the protocol (flash_emul_stats.violations)
 */
static int no_flash_violations(void)
{
	struct udevice *dev;
	int found = 0;

	for (uclass_find_first_device(UCLASS_FLASH_EMUL, &dev); dev;
	     uclass_find_next_device(&dev)) {
		u32 n;

		if (!device_active(dev))
			continue;
		n = sandbox_flash_emul_stats(dev)->violations;
		if (n) {
			printf("\n%s: %u flash protocol violations\n",
			       dev->name, n);
			found++;
		}
	}
	return found;
}
UT_CHECK(flash_protocol, no_flash_violations);
