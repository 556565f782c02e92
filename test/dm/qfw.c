// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * fw_cfg tests: the qfw uclass, the MMIO driver and the 'qfw' command
 * against the sandbox's register model (dts/sandbox.dts, asm/qfw_emul.h)
 * at 0x1a000000. Every test starts with a fresh driver model, and so with
 * the model as each start holds it: DMA offered, 2 CPUs, no files, no
 * kernel.
 */
#include <asm/io.h>
#include <asm/qfw_emul.h>
#include <command.h>
#include <dm.h>
#include <env.h>
#include <qfw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>

#define EMUL		"qfw-emul"
#define KADDR		0x44000000UL
#define IADDR		0x45000000UL

/* The fw_cfg device and its model, both probed; the model's counts zeroed */
static int start(struct udevice **devp, struct udevice **emulp)
{
	*emulp = sandbox_qfw_emul_get(EMUL);
	if (!*emulp || qfw_get(devp))
		return -ENODEV;
	memset(sandbox_qfw_emul_stats(*emulp), 0,
	       sizeof(struct qfw_emul_stats));
	return 0;
}

/* The driver probed again, after a fault the probe sees */
static int reprobe(struct udevice *dev)
{
	int ret = device_remove(dev);

	return ret ? ret : device_probe(dev);
}

static void pattern(u8 *p, size_t len, u8 seed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = seed + i * 7 + (i >> 8);
}

/* An item read by DMA in one request, and past its end as zeros */
static int qfw_test_read_dma(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	u8 want[5000], got[5008];

	ut_assertok(start(&dev, &emul));
	ut_assert(((struct qfw_uc_priv *)dev_get_uclass_priv(dev))->dma);
	pattern(want, sizeof(want), 3);
	ut_assertok(sandbox_qfw_emul_set(emul, QFW_KERNEL_DATA, want,
					 sizeof(want)));
	memset(got, 0xee, sizeof(got));
	ut_assertok(qfw_read(dev, QFW_KERNEL_DATA, got, sizeof(got)));
	ut_asserteq_mem(want, got, sizeof(want));
	for (size_t i = sizeof(want); i < sizeof(got); i++)
		ut_asserteq(0, got[i]);
	ut_asserteq(1, sandbox_qfw_emul_stats(emul)->dma);
	ut_asserteq(0, sandbox_qfw_emul_stats(emul)->data_reads);
	ut_asserteq(0, sandbox_qfw_emul_stats(emul)->violations);
	return 0;
}
UNIT_TEST(qfw_test_read_dma, UTF_DM | UTF_CONSOLE, qfw);

/* Without DMA: the data register, 8 bytes an access, then single bytes */
static int qfw_test_read_data_register(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	u8 want[13], got[13];

	ut_assertok(start(&dev, &emul));
	sandbox_qfw_emul_fault(emul, QFW_EMUL_NO_DMA);
	ut_assertok(reprobe(dev));
	ut_assert(!((struct qfw_uc_priv *)dev_get_uclass_priv(dev))->dma);
	pattern(want, sizeof(want), 11);
	ut_assertok(sandbox_qfw_emul_set(emul, QFW_INITRD_DATA, want,
					 sizeof(want)));
	memset(sandbox_qfw_emul_stats(emul), 0, sizeof(struct qfw_emul_stats));
	ut_assertok(qfw_read(dev, QFW_INITRD_DATA, got, sizeof(got)));
	ut_asserteq_mem(want, got, sizeof(want));
	ut_asserteq(0, sandbox_qfw_emul_stats(emul)->dma);
	ut_asserteq(1 + 5, sandbox_qfw_emul_stats(emul)->data_reads);
	ut_asserteq(0, sandbox_qfw_emul_stats(emul)->violations);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(qfw_test_read_data_register, UTF_DM | UTF_CONSOLE, qfw);

/* DMA offered, but its register lacks the signature: the data register */
static int qfw_test_dma_signature(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	u32 n;

	ut_assertok(start(&dev, &emul));
	sandbox_qfw_emul_fault(emul, QFW_EMUL_DMA_SIG_BAD);
	ut_console_reset(uts);
	ut_assertok(reprobe(dev));
	ut_assert_nextline("fw-cfg@1a000000: offers DMA, but its DMA register reads 0x0: reading through the data register");
	ut_assert_console_end();
	ut_assertok(qfw_read_u32(dev, QFW_NB_CPUS, &n));
	ut_asserteq(2, n);
	ut_asserteq(0, sandbox_qfw_emul_stats(emul)->dma);
	return 0;
}
UNIT_TEST(qfw_test_dma_signature, UTF_DM | UTF_CONSOLE, qfw);

/* No "QEMU" signature: the probe fails, and says what it read */
static int qfw_test_bad_signature(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;

	ut_assertok(start(&dev, &emul));
	sandbox_qfw_emul_fault(emul, QFW_EMUL_BAD_MAGIC);
	ut_console_reset(uts);
	ut_asserteq(-EIO, reprobe(dev));
	ut_assert_nextline("fw-cfg@1a000000: no fw_cfg here: signature 51 45 4d 56, not \"QEMU\"");
	ut_assert_console_end();
	/* Each use probes it again, and each probe says why it fails */
	ut_asserteq(-EIO, qfw_get(&dev));
	ut_assert_nextline("fw-cfg@1a000000: no fw_cfg here: signature 51 45 4d 56, not \"QEMU\"");
	ut_asserteq(CMD_RET_FAILURE, run_command("qfw cpus", 0));
	ut_assert_nextline("fw-cfg@1a000000: no fw_cfg here: signature 51 45 4d 56, not \"QEMU\"");
	ut_assert_console_end();
	/* Without one at all */
	ut_assertok(device_unbind(dev));
	ut_asserteq(-ENODEV, qfw_get(&dev));
	ut_asserteq(CMD_RET_FAILURE, run_command("qfw cpus", 0));
	ut_assert_nextline("QEMU fw_cfg interface not found");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(qfw_test_bad_signature, UTF_DM | UTF_CONSOLE, qfw);

/* A request that ends with the error bit, and one that never ends */
static int qfw_test_dma_faults(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;
	u8 buf[16];

	ut_assertok(start(&dev, &emul));
	sandbox_qfw_emul_fault(emul, QFW_EMUL_DMA_ERROR);
	ut_console_reset(uts);
	ut_asserteq(-EIO, qfw_read(dev, QFW_KERNEL_DATA, buf, sizeof(buf)));
	ut_assert_nextline("fw-cfg@1a000000: DMA read of item 0x11 (0x10 bytes) failed: control 0x1");
	ut_assert_console_end();
	sandbox_qfw_emul_fault(emul, QFW_EMUL_DMA_STUCK);
	ut_asserteq(-ETIMEDOUT, qfw_read(dev, QFW_KERNEL_DATA, buf,
					 sizeof(buf)));
	ut_assert_nextlinef("fw-cfg@1a000000: DMA read of item 0x11 (0x10 bytes) not done after %d ms (control 0x11000a): no more requests",
			    CONFIG_QFW_TIMEOUT_MS);
	/* The device may still write: it gets no more requests */
	sandbox_qfw_emul_fault(emul, QFW_EMUL_WORKS);
	ut_asserteq(-EIO, qfw_read(dev, QFW_KERNEL_DATA, buf, sizeof(buf)));
	ut_assert_nextline("fw-cfg@1a000000: a DMA request never completed: no more reads");
	ut_asserteq(2, sandbox_qfw_emul_stats(emul)->dma);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(qfw_test_dma_faults, UTF_DM | UTF_CONSOLE, qfw);

/* The file directory: decoded, names ended; a count past the limit */
static int qfw_test_files(struct unit_test_state *uts)
{
	char long_name[80];
	struct udevice *dev, *emul;
	struct qfw_file *f;
	u32 count;

	ut_assertok(start(&dev, &emul));
	ut_assertok(qfw_files(dev, &f, &count));
	ut_asserteq(0, count);
	ut_asserteq_ptr(NULL, f);
	ut_assertok(sandbox_qfw_emul_add_file(emul, "bootorder", "", 0));
	memset(long_name, 'n', sizeof(long_name));
	long_name[sizeof(long_name) - 1] = '\0';
	ut_assertok(sandbox_qfw_emul_add_file(emul, long_name, "abcd", 4));
	ut_assertok(sandbox_qfw_emul_add_file(emul, "\x1b[2J\tx\x80", "", 0));
	ut_assertok(qfw_files(dev, &f, &count));
	ut_asserteq(3, count);
	ut_asserteq_str("bootorder", f[0].name);
	ut_asserteq(0, f[0].size);
	ut_asserteq(0x20, f[0].select);
	ut_asserteq(QFW_NAME_LEN - 1, strlen(f[1].name));
	ut_asserteq(4, f[1].size);
	ut_asserteq(0x21, f[1].select);
	ut_asserteq_str("?[2J?x?", f[2].name);
	free(f);

	ut_console_reset(uts);
	ut_assertok(run_command("qfw list", 0));
	ut_assert_nextline("    Addr     Size Sel Name");
	ut_assert_nextline("-------- -------- --- ------------");
	ut_assert_nextline("       0        0  20 bootorder");
	ut_assert_nextlinef("       0        4  21 %.55s", long_name);
	ut_assert_nextline("       0        0  22 ?[2J?x?");
	ut_assert_console_end();

	/* More entries than the device holds: the rest read as zeros */
	sandbox_qfw_emul_set_dir_count(emul, 4);
	ut_assertok(qfw_files(dev, &f, &count));
	ut_asserteq(4, count);
	ut_asserteq_str("", f[3].name);
	free(f);
	sandbox_qfw_emul_set_dir_count(emul, QFW_FILES_MAX + 1);
	ut_asserteq(-EIO, qfw_files(dev, &f, &count));
	ut_assert_nextlinef("fw-cfg@1a000000: the file directory says %u files, more than %u",
			    QFW_FILES_MAX + 1, QFW_FILES_MAX);
	ut_asserteq(CMD_RET_FAILURE, run_command("qfw list", 0));
	ut_assert_nextlinef("fw-cfg@1a000000: the file directory says %u files, more than %u",
			    QFW_FILES_MAX + 1, QFW_FILES_MAX);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(qfw_test_files, UTF_DM | UTF_CONSOLE, qfw);

static int qfw_test_cmd_cpus(struct unit_test_state *uts)
{
	struct udevice *dev, *emul;

	ut_assertok(start(&dev, &emul));
	ut_assertok(sandbox_qfw_emul_set(emul, QFW_NB_CPUS, "\x08\x01", 2));
	ut_console_reset(uts);
	ut_assertok(run_command("qfw cpus", 0));
	ut_assert_nextline("264 cpu(s) online");
	/* Abbreviated, as U-Boot takes its sub-commands */
	ut_assertok(run_command("qfw c", 0));
	ut_assert_nextline("264 cpu(s) online");
	ut_asserteq(1, run_command("qfw cpus 1", 0));
	ut_asserteq(1, run_command("qfw nope", 0));
	ut_asserteq(1, run_command("qfw", 0));
	return 0;
}
UNIT_TEST(qfw_test_cmd_cpus, UTF_DM | UTF_CONSOLE, qfw);

/* The kernel, initrd and command line QEMU holds, as 'qfw load' gives them */
static int qfw_setup(struct udevice *emul, const u8 *k, u32 klen,
		     const u8 *i, u32 ilen, const char *cmdline)
{
	int ret;

	ret = sandbox_qfw_emul_set_u32(emul, QFW_KERNEL_SIZE, klen);
	ret = ret ?: sandbox_qfw_emul_set(emul, QFW_KERNEL_DATA, k, klen);
	ret = ret ?: sandbox_qfw_emul_set_u32(emul, QFW_INITRD_SIZE, ilen);
	ret = ret ?: sandbox_qfw_emul_set(emul, QFW_INITRD_DATA, i, ilen);
	if (!ret && cmdline) {
		u32 n = strlen(cmdline) + 1;

		ret = sandbox_qfw_emul_set_u32(emul, QFW_CMDLINE_SIZE, n);
		ret = ret ?: sandbox_qfw_emul_set(emul, QFW_CMDLINE_DATA,
						  cmdline, n);
	}
	return ret;
}

static int qfw_test_cmd_load(struct unit_test_state *uts)
{
	static u8 k[70000], i[3000];
	static char long_line[4097];
	struct udevice *dev, *emul;

	ut_assertok(start(&dev, &emul));
	pattern(k, sizeof(k), 1);
	pattern(i, sizeof(i), 2);
	ut_assertok(qfw_setup(emul, k, sizeof(k), i, sizeof(i),
			      "console=ttyAMA0 root=/dev/vda"));
	ut_assertok(env_set("bootargs", NULL));
	ut_console_reset(uts);
	ut_assertok(ut_run_commandf("qfw load %lx %lx", KADDR, IADDR));
	ut_assert_nextlinef("loading kernel to address %lx size %zx initrd %lx size %zx",
			    KADDR, sizeof(k), IADDR, sizeof(i));
	ut_assert_console_end();
	ut_asserteq_mem(k, map_sysmem(KADDR, sizeof(k)), sizeof(k));
	ut_asserteq_mem(i, map_sysmem(IADDR, sizeof(i)), sizeof(i));
	ut_asserteq_str("console=ttyAMA0 root=/dev/vda", env_get("bootargs"));
	ut_asserteq(sizeof(i), env_get_hex("filesize", 0));

	/* No initrd, no -append: filesize 0, bootargs left alone */
	ut_assertok(qfw_setup(emul, k, 100, NULL, 0, ""));
	ut_assertok(env_set("loadaddr", "46000000"));
	ut_assertok(run_command("qfw load", 0));
	ut_assert_nextline("loading kernel to address 46000000 size 64");
	ut_asserteq(0, env_get_hex("filesize", 1));
	ut_asserteq_str("console=ttyAMA0 root=/dev/vda", env_get("bootargs"));
	ut_assertok(env_set("loadaddr", NULL));

	/* The longest command line Ember takes */
	memset(long_line, 'y', 4096);
	long_line[4096] = '\0';
	ut_assertok(qfw_setup(emul, k, 100, NULL, 0, long_line));
	ut_assertok(ut_run_commandf("qfw load %lx", KADDR));
	ut_assert_nextlinef("loading kernel to address %lx size 64", KADDR);
	ut_asserteq_str(long_line, env_get("bootargs"));
	ut_assertok(env_set("bootargs", NULL));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(qfw_test_cmd_load, UTF_DM | UTF_CONSOLE, qfw);

/* Where 'qfw load' refuses, and says why; nothing is written */
static int qfw_test_cmd_load_refused(struct unit_test_state *uts)
{
	static u8 k[4096], i[4096];
	struct udevice *dev, *emul;
	char *cmdline;

	ut_assertok(start(&dev, &emul));
	ut_assertok(env_set_hex("filesize", 0x1234));
	ut_console_reset(uts);
	ut_asserteq(CMD_RET_FAILURE, run_command("qfw load", 0));
	ut_assert_nextline("qfw load: no kernel: QEMU was started without -kernel");

	pattern(k, sizeof(k), 5);
	pattern(i, sizeof(i), 6);
	ut_assertok(qfw_setup(emul, k, sizeof(k), i, sizeof(i), NULL));
	memset(map_sysmem(KADDR, 0x2000), 0, 0x2000);
	memset(map_sysmem(IADDR, 4), 0, 4);
	ut_asserteq(CMD_RET_FAILURE,
		    ut_run_commandf("qfw load %lx %lx", KADDR, KADDR + 0x800));
	ut_assert_nextlinef("qfw load: the kernel (0x%lx, 0x1000 bytes) and the initrd (0x%lx, 0x1000 bytes) overlap",
			    KADDR, KADDR + 0x800);
	ut_asserteq(0, *(u32 *)map_sysmem(KADDR, 4));
	ut_asserteq(0, *(u32 *)map_sysmem(KADDR + 0x800, 4));
	ut_asserteq(CMD_RET_FAILURE, ut_run_commandf("qfw load 10 %lx", IADDR));
	ut_assert_nextline("qfw load: kernel: 0x10..0x100f is outside RAM (0x40000000..0x4fffffff) and device windows");
	ut_asserteq(0, *(u32 *)map_sysmem(IADDR, 4));
	ut_asserteq(0x1234, env_get_hex("filesize", 0));

	/* A command line longer than Ember takes */
	cmdline = malloc(5000);
	ut_assertnonnull(cmdline);
	memset(cmdline, 'x', 4999);
	cmdline[4999] = '\0';
	ut_assertok(qfw_setup(emul, k, sizeof(k), i, sizeof(i), cmdline));
	free(cmdline);
	ut_asserteq(CMD_RET_FAILURE, ut_run_commandf("qfw load %lx %lx",
						     KADDR, IADDR));
	ut_assert_nextline("qfw load: the command line (-append) has 4999 characters, more than 4096");
	ut_asserteq(0, *(u32 *)map_sysmem(KADDR, 4));
	ut_asserteq(0, *(u32 *)map_sysmem(IADDR, 4));
	ut_asserteq(1, run_command("qfw load 1 2 3", 0));
	ut_console_reset(uts);
	ut_asserteq(1, run_command("qfw load xyz", 0));
	ut_assert_nextline("qfw: invalid number 'xyz'");
	ut_assert_console_end();
	ut_asserteq(0x1234, env_get_hex("filesize", 0));
	return 0;
}
UNIT_TEST(qfw_test_cmd_load_refused, UTF_DM | UTF_CONSOLE, qfw);
