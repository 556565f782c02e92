// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * qfw: QEMU's firmware configuration, with U-Boot's syntax and output:
 *   qfw list                      the named files
 *   qfw cpus                      how many CPUs QEMU was given
 *   qfw load [kaddr [iaddr]]      the -kernel and -initrd files into
 *                                 memory, -append into 'bootargs'
 * Unlike U-Boot's, 'load' checks where it writes (inside RAM, clear of
 * Ember and of each other) and sets 'filesize' to the initrd's size, 0
 * without one, so that 'booti k r:${filesize}' is right either way
 * (doc/usage/qfw.md).
 */
#include <asm/io.h>
#include <byteorder.h>
#include <command.h>
#include <dm.h>
#include <env.h>
#include <memmap.h>
#include <qfw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QFW_CMDLINE_MAX		4096

static int qfw_list(struct udevice *dev)
{
	struct qfw_file *files;
	u32 count;
	int ret;

	ret = qfw_files(dev, &files, &count);
	if (ret)
		return ret;
	printf("    Addr     Size Sel Name\n");
	printf("-------- -------- --- ------------\n");
	for (u32 i = 0; i < count; i++)
		printf("%8x %8x %3x %s\n", 0, files[i].size, files[i].select,
		       files[i].name);
	free(files);
	return 0;
}

static int qfw_cpus(struct udevice *dev)
{
	__le16 n;
	int ret = qfw_read(dev, QFW_NB_CPUS, &n, sizeof(n));

	if (!ret)
		printf("%d cpu(s) online\n", le16_to_cpu(n));
	return ret;
}

/* May @size bytes go to @addr? 0, or -errno (said); @what names them */
static int qfw_check(const char *what, ulong addr, u32 size)
{
	int ret = mem_check_load(addr, size);

	if (ret)
		mem_report(what, addr, size, ret);
	return ret;
}

/* -append, when QEMU was given one: *@sp (free() it), else NULL */
static int qfw_cmdline(struct udevice *dev, char **sp)
{
	u32 size;
	char *s;
	int ret;

	*sp = NULL;
	ret = qfw_read_u32(dev, QFW_CMDLINE_SIZE, &size);
	if (ret || size <= 1)
		return ret;
	/* @size counts the NUL */
	if (size - 1 > QFW_CMDLINE_MAX) {
		printf("qfw load: the command line (-append) has %u characters, more than %u\n",
		       size - 1, QFW_CMDLINE_MAX);
		return -E2BIG;
	}
	s = malloc(size + 1);
	if (!s)
		return -ENOMEM;
	ret = qfw_read(dev, QFW_CMDLINE_DATA, s, size);
	/* A request not completed may still write there: never reused */
	if (ret == -ETIMEDOUT)
		return ret;
	s[size] = '\0';
	if (ret || !*s)
		free(s);
	else
		*sp = s;
	return ret;
}

static int qfw_load(struct udevice *dev, ulong kaddr, ulong iaddr)
{
	char *cmdline = NULL, size[12];
	u32 ksize, isize;
	int ret;

	ret = qfw_read_u32(dev, QFW_KERNEL_SIZE, &ksize);
	if (!ret)
		ret = qfw_read_u32(dev, QFW_INITRD_SIZE, &isize);
	if (ret)
		return ret;
	if (!ksize) {
		printf("qfw load: no kernel: QEMU was started without -kernel\n");
		return -ENOENT;
	}
	ret = qfw_check("qfw load: kernel", kaddr, ksize);
	if (!ret && isize)
		ret = qfw_check("qfw load: initrd", iaddr, isize);
	if (!ret)
		ret = qfw_cmdline(dev, &cmdline);
	if (ret)
		return ret;
	/* Both inside RAM: neither end wraps */
	if (isize && kaddr < iaddr + isize && iaddr < kaddr + ksize) {
		printf("qfw load: the kernel (0x%lx, 0x%x bytes) and the initrd (0x%lx, 0x%x bytes) overlap\n",
		       kaddr, ksize, iaddr, isize);
		free(cmdline);
		return -EINVAL;
	}
	ret = qfw_read(dev, QFW_KERNEL_DATA, map_sysmem(kaddr, ksize), ksize);
	if (!ret && isize)
		ret = qfw_read(dev, QFW_INITRD_DATA, map_sysmem(iaddr, isize),
			       isize);
	/* cmd_env_set() says why a variable cannot be set */
	if (!ret && cmdline && cmd_env_set("bootargs", cmdline))
		ret = -EINVAL;
	free(cmdline);
	if (ret)
		return ret;
	printf("loading kernel to address %lx size %x", kaddr, ksize);
	if (isize)
		printf(" initrd %lx size %x", iaddr, isize);
	printf("\n");
	snprintf(size, sizeof(size), "%x", isize);
	return cmd_env_set("filesize", size) ? -EINVAL : 0;
}

/* The fw_cfg device, probed: 0, or -errno (said) */
static int qfw_dev(struct udevice **devp)
{
	int ret = qfw_get(devp);

	if (ret == -ENODEV)
		printf("QEMU fw_cfg interface not found\n");
	return ret;
}

/* Every failure but memory's was said where it was understood */
static int qfw_result(int ret)
{
	if (ret == -ENOMEM)
		printf("qfw: out of memory\n");
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int qfw_list_sub(int argc, char *const argv[])
{
	struct udevice *dev;

	return qfw_result(qfw_dev(&dev) ?: qfw_list(dev));
}

static int qfw_cpus_sub(int argc, char *const argv[])
{
	struct udevice *dev;

	return qfw_result(qfw_dev(&dev) ?: qfw_cpus(dev));
}

static int qfw_load_sub(int argc, char *const argv[])
{
	ulong kaddr = env_get_hex("loadaddr", CONFIG_SYS_LOAD_ADDR);
	ulong iaddr = env_get_hex("ramdiskaddr",
				  env_get_hex("ramdisk_addr_r",
					      CONFIG_RAMDISK_ADDR_R));
	struct udevice *dev;

	if ((argc > 1 && cmd_parse_ulong(argv[1], 16, "qfw", &kaddr)) ||
	    (argc > 2 && cmd_parse_ulong(argv[2], 16, "qfw", &iaddr)))
		return CMD_RET_FAILURE;
	return qfw_result(qfw_dev(&dev) ?: qfw_load(dev, kaddr, iaddr));
}

static const struct cmd_sub qfw_subs[] = {
	{ "list", 1, 1, qfw_list_sub },
	{ "cpus", 1, 1, qfw_cpus_sub },
	{ "load", 1, 3, qfw_load_sub },
};

static int do_qfw(struct cmd_tbl *cmdtp, int flag, int argc,
		  char *const argv[])
{
	return cmd_dispatch_sub(qfw_subs, ARRAY_SIZE(qfw_subs), argc, argv);
}

EMBER_CMD(qfw, 4, do_qfw, "QEMU firmware interface",
	  "<command>\n"
	  "    - list                             : print firmware(s) currently loaded\n"
	  "    - cpus                             : print online cpu number\n"
	  "    - load <kernel addr> <initrd addr> : load kernel and initrd (if any), and setup for booti");
