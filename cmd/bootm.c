// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * bootm [addr[#conf] | [addr]:kernel] [ramdisk | - ] [fdt]: boot U-Boot's
 * image formats (boot/bootm.c). iminfo [addr ...]: show and check them.
 * An address left out is the image address: where the last load put a
 * file ($fileaddr), else $loadaddr.
 */
#include <asm/io.h>
#include <boot.h>
#include <command.h>
#include <errno.h>
#include <global_data.h>
#include <image.h>
#include <libfdt.h>
#include <memmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * "[addr][#conf | :name]" or "-" into @a; @def the address when none is
 * given. 0, or -EINVAL after saying why.
 */
static int parse_arg(const char *s, ulong def, bool dash, struct bootm_arg *a)
{
	size_t n = strcspn(s, "#:");
	char *end;

	*a = (struct bootm_arg){ .given = true, .addr = def };
	if (dash && !strcmp(s, "-")) {
		a->none = true;
		return 0;
	}
	if (n) {
		a->addr = strtoul(s, &end, 16);
		if (end != s + n) {
			printf("bootm: bad address in '%s'\n", s);
			return -EINVAL;
		}
	}
	if (!s[n])
		return 0;
	if (!s[n + 1]) {
		printf("bootm: nothing after '%c' in '%s'\n", s[n], s);
		return -EINVAL;
	}
	if (s[n] == ':') {
		a->sub = s + n + 1;
		return 0;
	}
	a->conf = s + n + 1;
	if (strchr(a->conf, '#')) {
		printf("bootm: '%s': extra configurations (overlays) are not supported\n",
		       s);
		return -EINVAL;
	}
	return 0;
}

static int do_bootm(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	struct bootm_arg args[3] = {
		{ .addr = image_load_addr() }, { 0 }, { 0 },
	};

	if (argc > 1 && parse_arg(argv[1], args[0].addr, false, &args[0]))
		return CMD_RET_FAILURE;
	/* The others' addresses default to the kernel's */
	for (int i = 2; i < argc; i++)
		if (parse_arg(argv[i], args[0].addr, true, &args[i - 1]))
			return CMD_RET_FAILURE;
	return bootm(args) ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD(bootm, 4, do_bootm, "boot an application image from memory",
	  "[addr [arg ...]]\n"
	  "    - boot the legacy image or FIT at 'addr' (default: the image\n"
	  "      address, $fileaddr or $loadaddr), as an arm64 Linux kernel\n"
	  "bootm [addr]#conf [ramdisk | -] [fdt]\n"
	  "    - a FIT's configuration 'conf' (default: its 'default')\n"
	  "bootm [addr]:kernel [[addr]:ramdisk | addr[:size] | -] [[addr]:fdt | addr]\n"
	  "    - a FIT's images by name, or a legacy ramdisk image, a raw\n"
	  "      initrd of 'size' bytes (hex), a device tree at 'addr'");

/* ------------------------------------------------------------- iminfo */

static void show_conf(const void *fit, int node, int i)
{
	static const struct {
		const char *prop, *label;
	} parts[] = {
		{ "kernel", "Kernel:       " },
		{ "ramdisk", "Init Ramdisk: " },
		{ "fdt", "FDT:          " },
	};
	const char *desc = fdt_getprop(fit, node, "description", NULL), *s;

	printf("    Configuration %d (%s)\n", i, fdt_get_name(fit, node, NULL));
	printf("     Description:  %s\n",
	       desc && fdt_stringlist_count(fit, node, "description") == 1 ?
	       desc : "unavailable");
	for (size_t k = 0; k < ARRAY_SIZE(parts); k++) {
		int n = fdt_stringlist_count(fit, node, parts[k].prop);

		for (int j = 0; j < n; j++) {
			s = fdt_stringlist_get(fit, node, parts[k].prop, j, NULL);
			if (s)
				printf("     %s%s\n", j ? "              " :
				       parts[k].label, s);
		}
	}
}

/* A FIT's contents, then its hashes checked: 0 or errno (said) */
static int fit_info(ulong addr, const void *fit, size_t avail)
{
	int images = fdt_path_offset(fit, FIT_IMAGES);
	int confs = fdt_path_offset(fit, FIT_CONFS);
	const char *desc = fdt_getprop(fit, 0, "description", NULL), *def;
	const fdt32_t *ts;
	struct fit_img img;
	char date[32], lead[96];
	int node, i, len, ret, err = 0;

	printf("   FIT image found\n");
	printf("   FIT description: %s\n",
	       desc && fdt_stringlist_count(fit, 0, "description") == 1 ?
	       desc : "unavailable");
	ts = fdt_getprop(fit, 0, "timestamp", &len);
	if (ts && len == 4)
		printf("   Created:         %s\n",
		       image_date(fdt32_to_cpu(*ts), date));
	i = 0;
	fdt_for_each_subnode(node, fit, images) {
		printf("    Image %d (%s)\n", i++, fdt_get_name(fit, node, NULL));
		ret = fit_image_get(fit, avail, node, &img);
		if (ret) {
			printf("     %s\n", fit_image_error(ret));
			err = ret;
			continue;
		}
		fit_show_image(fit, &img, "     ");
	}
	if (confs >= 0) {
		def = fdt_getprop(fit, confs, "default", NULL);
		if (def && fdt_stringlist_count(fit, confs, "default") == 1)
			printf("    Default Configuration: '%s'\n", def);
		i = 0;
		fdt_for_each_subnode(node, fit, confs)
			show_conf(fit, node, i++);
	}
	printf("## Checking hash(es) for FIT Image at %08lx ...\n", addr);
	i = 0;
	fdt_for_each_subnode(node, fit, images) {
		snprintf(lead, sizeof(lead), "   Hash(es) for Image %d (%s): ",
			 i++, fdt_get_name(fit, node, NULL));
		if (!fit_image_get(fit, avail, node, &img)) {
			ret = fit_verify_image(fit, &img, lead);
			err = err ? err : ret;
		}
	}
	return err;
}

static int image_info(ulong addr)
{
	struct legacy_img img;
	size_t avail;
	const void *buf;
	int ret;

	printf("\n## Checking Image at %08lx ...\n", addr);
	buf = image_map(addr, "iminfo", &avail);
	if (!buf)
		return -EFAULT;
	switch (image_format(buf)) {
	case IMAGE_LEGACY:
		printf("   Legacy image found\n");
		ret = legacy_img_check(buf, avail, &img);
		if (ret) {
			printf("   %s\n", legacy_img_error(ret));
			return ret;
		}
		image_show_legacy(&img, "   ");
		return image_verify_legacy(&img, "   ", true);
	case IMAGE_FDT:
		ret = (addr & 7) ? -EINVAL : fit_check(buf, avail);
		if (!ret)
			return fit_info(addr, buf, avail);
		printf("   %s\n", ret == -ENOENT ? "a device tree, not a FIT" :
		       ret == -EFAULT ? "a FIT running past the end of RAM" :
		       (addr & 7) ? "a FIT not 8-byte aligned" :
		       "a broken FIT");
		return ret;
	default:
		printf("   Unknown image format!\n");
		return -ENOEXEC;
	}
}

static int do_iminfo(struct cmd_tbl *cmdtp, int flag, int argc,
		     char *const argv[])
{
	int ret = 0;
	ulong addr;

	if (argc < 2)
		return image_info(image_load_addr()) ? CMD_RET_FAILURE : 0;
	for (int i = 1; i < argc; i++) {
		if (cmd_parse_ulong(argv[i], 16, "iminfo", &addr))
			return CMD_RET_FAILURE;
		ret |= image_info(addr);
	}
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD(iminfo, CONFIG_SYS_MAXARGS, do_iminfo,
	  "print header information for application image",
	  "[addr ...]\n"
	  "    - show the legacy images and FITs at each 'addr' (default:\n"
	  "      the image address, $fileaddr or $loadaddr) and check their\n"
	  "      checksums and hashes");
