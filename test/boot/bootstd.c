// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Standard boot (boot/bootstd.c) on the sandbox's host-file disks: the
 * order of bootdevs ($boot_targets) and bootmeths ($bootmeths), which
 * partitions a scan looks at, the states and names of what it keeps. The
 * bootflows that reach 'ready' (real filesystems made by Debian's tools)
 * are in test/py/tests/test_bootflow.py.
 */
#include <asm/os.h>
#include <bootstd.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <string.h>
#include <test/ut.h>

#define IMG	"/tmp/ember-ut-bootstd.img"
#define SECTS	2048

/* An MBR disk of SECTS sectors: partitions 1 and 2, neither formatted */
static int write_mbr(bool boot1, bool boot2)
{
	static u8 img[SECTS * 512];
	const struct { bool boot; u8 type; u32 start, size; } p[] = {
		{ boot1, 0x83, 64, 256 }, { boot2, 0x0c, 512, 256 },
	};

	memset(img, 0, sizeof(img));
	for (int i = 0; i < 2; i++) {
		u8 *e = img + 446 + 16 * i;

		e[0] = p[i].boot ? 0x80 : 0;
		e[4] = p[i].type;
		for (int b = 0; b < 4; b++) {
			e[8 + b] = p[i].start >> (8 * b);
			e[12 + b] = p[i].size >> (8 * b);
		}
	}
	img[510] = 0x55;
	img[511] = 0xaa;
	return os_write_file(IMG, img, sizeof(img));
}

/* Scan host 0 alone with @flags: the number of bootflows kept */
static int scan_host(unsigned int flags)
{
	struct bootdev bds[BOOTDEV_MAX];
	int n = bootdev_collect(bds), i = bootdev_find(bds, n, "host0");

	if (i < 0)
		return i;
	i = bootflow_scan(bds, n, i, flags);
	return i ? i : bootflow_count();
}

static int boot_test_bootstd_parts(struct unit_test_state *uts)
{
	struct bootflow *bf;

	ut_assertok(write_mbr(false, false));
	ut_asserteq(0, run_command("host bind 0 " IMG, 0));
	/* Nothing is ready: without -a nothing is kept */
	ut_asserteq(0, scan_host(0));
	/* With it: both partitions, each with extlinux then script */
	ut_asserteq(4, scan_host(BOOTFLOWF_ALL));
	bf = bootflow_get(0);
	ut_asserteq_str("extlinux", bf->meth->name);
	ut_asserteq(BOOTFLOWST_PART, bf->state);
	ut_asserteq(-ENODEV, bf->err);
	ut_asserteq(1, bf->part);
	ut_asserteq_str("host", bf->if_name);
	ut_asserteq_str("No filesystem found", bootflow_error_text(bf));
	ut_asserteq(0, strncmp(bf->name + strlen(bf->bootdev), ".part_1", 8));
	ut_asserteq_str("script", bootflow_get(1)->meth->name);
	ut_asserteq(2, bootflow_get(3)->part);
	/* A partition's bootflows share its name: the first is chosen */
	ut_asserteq(2, bootflow_find(bootflow_get(3)->name));
	ut_asserteq(3, bootflow_find("3"));
	ut_asserteq(-ENOENT, bootflow_find("4"));
	/* Not ready: not booted */
	ut_asserteq(-EINVAL, bootflow_boot(bf));
	ut_assert_nextline("Bootflow 'host0.bootdev.part_1' is not ready: No filesystem found");

	/* One partition flagged bootable: only it is looked at */
	ut_assertok(write_mbr(false, true));
	ut_asserteq(2, scan_host(BOOTFLOWF_ALL));
	ut_asserteq(2, bootflow_get(0)->part);
	ut_asserteq(2, bootflow_get(1)->part);

	/* No partition table: the whole disk, named so */
	ut_assertok(os_write_file(IMG, (u8[512]){ 0 }, 512));
	ut_asserteq(0, run_command("host bind 0 " IMG, 0));
	ut_asserteq(2, scan_host(BOOTFLOWF_ALL));
	bf = bootflow_get(0);
	ut_asserteq(0, bf->part);
	ut_asserteq_str("host0.bootdev.whole", bf->name);

	/* $bootmeths: only script */
	ut_assertok(env_set("bootmeths", "script"));
	ut_asserteq(1, scan_host(BOOTFLOWF_ALL));
	ut_asserteq_str("script", bootflow_get(0)->meth->name);
	ut_assertok(env_set("bootmeths", NULL));
	ut_asserteq(0, run_command("host unbind 0", 0));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(boot_test_bootstd_parts, UTF_DM | UTF_CONSOLE, boot);

static int boot_test_bootstd_order(struct unit_test_state *uts)
{
	const struct bootmeth *bm[BOOTMETH_MAX];
	struct bootdev bds[BOOTDEV_MAX];
	int n, nall;

	bootmeth_all(&nall);
	ut_asserteq(nall, bootmeth_ordered(bm));
	ut_asserteq_str("extlinux", bm[0]->name);
	/* A name twice counts once, where it came first */
	ut_assertok(env_set("bootmeths", " script extlinux  script "));
	ut_asserteq(2, bootmeth_ordered(bm));
	ut_asserteq_str("script", bm[0]->name);
	ut_asserteq_str("extlinux", bm[1]->name);
	/* Every one, then one again: no more than there are */
	ut_assertok(env_set("bootmeths", "qfw pxe script extlinux qfw pxe"));
	ut_asserteq(nall, bootmeth_ordered(bm));
	ut_asserteq_str("qfw", bm[0]->name);
	ut_assertok(env_set("bootmeths", " script extlinux  script "));
	ut_asserteq(2, bootmeth_ordered(bm));
	ut_asserteq_str("script", bm[0]->name);
	ut_asserteq_str("extlinux", bm[1]->name);
	ut_assertok(env_set("bootmeths", "extlinux efi"));
	ut_asserteq(-ENOENT, bootmeth_ordered(bm));
	ut_assert_nextline("Unknown bootmeth 'efi' in bootmeths");
	ut_assertok(env_set("bootmeths", NULL));

	/* $boot_targets: its order; labels of no kind said and skipped */
	ut_assertok(write_mbr(false, false));
	ut_asserteq(0, run_command("host bind 0 " IMG, 0));
	ut_asserteq(0, run_command("host bind 1 " IMG, 0));
	ut_assertok(env_set("boot_targets", "host1 bogus qfw host virtio9 net"));
	n = bootdev_collect(bds);
	ut_assert_nextline("Unknown label 'bogus' in boot_targets: skipped");
	ut_assert(n >= 4);
	ut_asserteq(BOOTDEV_BLK, bds[0].kind);
	ut_asserteq_str("host", bds[0].uclass);
	ut_asserteq(BOOTDEV_QFW, bds[1].kind);
	ut_asserteq_str("fw-cfg@1a000000.bootdev", bds[1].name);
	ut_asserteq(BOOTDEV_BLK, bds[2].kind);	/* host 0: host 1 came before */
	ut_asserteq(BOOTDEV_ETH, bds[3].kind);
	ut_asserteq(BOOTDEV_ETH, bds[n - 1].kind);
	ut_asserteq(0, bootdev_find(bds, n, "host1"));
	ut_asserteq(2, bootdev_find(bds, n, "host0"));
	ut_asserteq(1, bootdev_find(bds, n, "qfw"));
	ut_asserteq(1, bootdev_find(bds, n, "1"));
	ut_asserteq(1, bootdev_find(bds, n, bds[1].name));
	ut_asserteq(-ENODEV, bootdev_find(bds, n, "40"));
	ut_asserteq(-ENODEV, bootdev_find(bds, n, "host7"));
	ut_asserteq(-ENODEV, bootdev_find(bds, n, "nosuch"));
	ut_asserteq(-ENODEV, bootdev_find(bds, n, "host123456"));
	/* Without it: fw_cfg, the disks, the interfaces */
	ut_assertok(env_set("boot_targets", NULL));
	n = bootdev_collect(bds);
	ut_asserteq(BOOTDEV_QFW, bds[0].kind);
	ut_asserteq(BOOTDEV_BLK, bds[1].kind);
	ut_asserteq(BOOTDEV_ETH, bds[n - 1].kind);
	ut_asserteq(0, run_command("host unbind 0", 0));
	ut_asserteq(0, run_command("host unbind 1", 0));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(boot_test_bootstd_order, UTF_DM | UTF_CONSOLE, boot);
