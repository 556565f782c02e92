// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The environment in flash on the sandbox's flash model: saved and loaded
 * back, and no acknowledged save lost to a power cut at any operation of
 * the next save, to bits that decay, to erases and programs that fail.
 */
#include <asm/flash_emul.h>
#include <byteorder.h>
#include <flash.h>
#include <lib.h>
#include <stdlib.h>
#include <env.h>
#include <errno.h>
#include <string.h>
#include <test/ut.h>

/* The flash model's offsets start at its first bank (dts/sandbox.dts) */
#define FLASH_BASE	0x08000000

/* A reboot: power back, the environment loaded from flash */
static int reboot(struct udevice *emul)
{
	sandbox_flash_emul_power_restore(emul);
	env_set_default();
	return env_load();
}

static u32 ops(struct udevice *emul)
{
	struct flash_emul_stats *st = sandbox_flash_emul_stats(emul);

	return st->programs + st->erases;
}

/* 'foo' as saved: "A"..., or NULL (the defaults have none) */
static const char *foo(void)
{
	return env_get("foo");
}

static int save(const char *value)
{
	env_set("foo", value);
	return env_save();
}

static int env_test_flash_save_load(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_flash_emul_get("flash-emul");

	ut_assertnonnull(emul);
	/* Erased flash: no copy holds, the defaults stay */
	ut_asserteq(-EBADMSG, reboot(emul));
	ut_assert(!foo());
	ut_assertok(save("one"));
	ut_assertok(save("two"));
	env_set("foo", "changed");
	ut_assertok(reboot(emul));
	ut_asserteq_str("two", foo());
	/* The whole environment is the saved one, not merged with defaults */
	ut_assertok(env_set("bootdelay", NULL));
	ut_assertok(save("three"));
	ut_assertok(reboot(emul));
	ut_assert(!env_get("bootdelay"));
	ut_assertok(env_erase());
	ut_asserteq(-EBADMSG, reboot(emul));
	ut_assertnonnull(env_get("bootdelay"));
	env_set_default();
	return 0;
}
UNIT_TEST(env_test_flash_save_load, UTF_DM, env);

/*
 * A power cut after @k operations of the save of "new", with "old" saved
 * before: after the reboot the environment is the old or the new one,
 * and the new one when the save said OK.
 */
static int cut_at(struct unit_test_state *uts, struct udevice *emul, u32 k,
		  const char *old, const char *new)
{
	int ret;

	env_set("foo", new);
	sandbox_flash_emul_power_cut(emul, k);
	ret = env_save();
	ut_assertok(reboot(emul));
	if (!ret)
		ut_asserteq_str(new, foo());
	else
		ut_assert(!strcmp(foo(), old) || !strcmp(foo(), new));
	return 0;
}

static int env_test_flash_power_cut(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_flash_emul_get("flash-emul");
	char old[12], new[12];
	u32 n, before;

	ut_assertnonnull(emul);
	/* How many operations one save takes (values of the sweep's length) */
	ut_assertok(save("a0000"));
	before = ops(emul);
	ut_assertok(save("b0000"));
	n = ops(emul) - before;
	/* The erase, the words holding data (not the 0xff padding), 2 flags */
	ut_assert(n > 3 && n < CONFIG_ENV_SIZE / 4 / 8);
	/*
	 * A cut at every operation of a save, and none (k = n): twice, so
	 * that the save cut short targets either copy
	 */
	for (int round = 0; round < 2; round++) {
		for (u32 k = 0; k <= n; k++) {
			snprintf(old, sizeof(old), "o%d%03u", round, k);
			snprintf(new, sizeof(new), "n%d%03u", round, k);
			ut_assertok(save(old));		/* acknowledged */
			ut_assertok(cut_at(uts, emul, k, old, new));
		}
		ut_assertok(save("flip"));
	}
	ut_assertnonnull(strstr(uts->console, "Failed ("));
	ut_asserteq(0, sandbox_flash_emul_stats(emul)->violations);
	env_set_default();
	return 0;
}
UNIT_TEST(env_test_flash_power_cut, UTF_DM | UTF_CONSOLE, env);

static int env_test_flash_bit_flips(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_flash_emul_get("flash-emul");
	u64 first = CONFIG_ENV_ADDR - FLASH_BASE;
	u64 second = CONFIG_ENV_ADDR_REDUND - FLASH_BASE;

	ut_assertnonnull(emul);
	ut_assertok(save("old"));	/* first copy */
	ut_assertok(save("new"));	/* second copy, active */
	/* Decay in the active copy: its CRC fails, the older copy is used */
	ut_assertok(sandbox_flash_emul_flip_bit(emul, second + 100, 3));
	ut_assertok(reboot(emul));
	ut_asserteq_str("old", foo());
	/* In both: U-Boot's warning, the defaults */
	ut_assertok(sandbox_flash_emul_flip_bit(emul, first + 5, 0));
	ut_asserteq(-EBADMSG, reboot(emul));
	ut_assert(!foo());
	ut_assertnonnull(strstr(uts->console,
				"*** Warning - bad CRC, using default environment"));
	/* A flipped flags byte only reorders complete copies */
	ut_assertok(save("x"));
	ut_assertok(save("y"));
	ut_assertok(sandbox_flash_emul_flip_bit(emul, first + 4, 7));
	ut_assertok(reboot(emul));
	ut_asserteq_str("y", foo());
	env_set_default();
	return 0;
}
UNIT_TEST(env_test_flash_bit_flips, UTF_DM | UTF_CONSOLE, env);

static int env_test_flash_failures(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_flash_emul_get("flash-emul");
	u64 second = CONFIG_ENV_ADDR_REDUND - FLASH_BASE;

	ut_assertnonnull(emul);
	ut_assertok(save("kept"));
	/* The other copy's erase fails: the save fails, the env is kept */
	ut_assertok(sandbox_flash_emul_fail_erase(emul, second, 1,
						  FLASH_EMUL_ERROR));
	ut_assert(save("lost") < 0);
	ut_assertok(reboot(emul));
	ut_asserteq_str("kept", foo());
	ut_assertok(sandbox_flash_emul_fail_erase(emul, 0, 0, FLASH_EMUL_WORKS));
	/* A program that says done and did nothing: read back, refused */
	ut_assertok(sandbox_flash_emul_fail_program(emul, second + 64, 4,
						    FLASH_EMUL_SILENT));
	ut_assert(save("lost") < 0);
	ut_assertok(reboot(emul));
	ut_asserteq_str("kept", foo());
	ut_assertok(sandbox_flash_emul_fail_program(emul, 0, 0,
						    FLASH_EMUL_WORKS));
	ut_assertok(save("saved"));
	ut_assertok(reboot(emul));
	ut_asserteq_str("saved", foo());
	env_set_default();
	return 0;
}
UNIT_TEST(env_test_flash_failures, UTF_DM | UTF_CONSOLE, env);

/* Write a copy by hand: @data (with its \0\0), the CRC right, @flags */
static int put_copy(struct unit_test_state *uts, phys_addr_t addr,
		    const char *data, size_t len, u8 flags)
{
	u8 *copy = malloc(CONFIG_ENV_SIZE);
	struct udevice *dev;
	__le32 crc;
	u64 off;

	ut_assertnonnull(copy);
	memset(copy, 0xff, CONFIG_ENV_SIZE);
	memcpy(copy + 5, data, len);
	crc = cpu_to_le32(crc32(0, copy + 5, CONFIG_ENV_SIZE - 5));
	memcpy(copy, &crc, 4);
	copy[4] = flags;
	ut_assertok(flash_get_by_addr(addr, &dev, &off));
	ut_assertok(flash_erase(dev, off, CONFIG_ENV_SECT_SIZE));
	ut_assertok(flash_write(dev, off, copy, CONFIG_ENV_SIZE));
	free(copy);
	return 0;
}

/*
 * The active copy holds but cannot be imported (a name with a space, as
 * another tool may write): the defaults are used, and the next save still
 * writes the other copy, so that a cut in it cannot bring back the older,
 * obsolete one
 */
static int env_test_flash_unimportable(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_flash_emul_get("flash-emul");
	static const char bad[] = "bad name=1\0";
	static const char older[] = "foo=older\0";

	ut_assertnonnull(emul);
	ut_assertok(put_copy(uts, CONFIG_ENV_ADDR, bad, sizeof(bad), 0x01));
	ut_assertok(put_copy(uts, CONFIG_ENV_ADDR_REDUND, older, sizeof(older),
			     0x00));
	ut_assert(reboot(emul) < 0);
	ut_assert(!foo());
	env_set("foo", "new");
	sandbox_flash_emul_power_cut(emul, 0);	/* the save's erase */
	ut_assert(env_save() < 0);
	reboot(emul);
	ut_assert(!foo() || !strcmp(foo(), "new"));
	/* Without a cut the save lands in the other copy and wins */
	ut_assertok(save("new"));
	ut_assertok(reboot(emul));
	ut_asserteq_str("new", foo());
	env_set_default();
	return 0;
}
UNIT_TEST(env_test_flash_unimportable, UTF_DM | UTF_CONSOLE, env);
