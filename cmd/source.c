// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * source: run a script image made by 'mkimage -T script' (the legacy
 * U-Boot image format), after checking its header and data CRCs; or a
 * FIT's script image, after checking its hashes.
 */
#include <asm/io.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <global_data.h>
#include <image.h>
#include <libfdt.h>
#include <memmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *source_error(int err)
{
	switch (err) {
	case -ENOEXEC:
		return "Wrong image format for \"source\" command";
	case -EBADMSG:
		return "Bad header crc";
	case -EIO:
		return "Bad data crc";
	case -EPROTO:
		return "Bad image type";
	case -ENODATA:
		return "Empty Script";
	case -EFAULT:
		return "source: the image's data runs past the end of RAM";
	default:
		return "source: the image's length list is broken";
	}
}

/*
 * Configuration @conf's script (NULL: the default configuration's): its
 * node, or a negative error, said only when @conf was named
 */
static int conf_script(const void *buf, const char *conf, const char **namep)
{
	int node = fit_conf(buf, conf, namep);

	if (node < 0) {
		if (conf)
			printf("source: no configuration '%s' in the FIT\n", conf);
		return -EINVAL;
	}
	node = fit_conf_image(buf, node, "script", 0, namep);
	if (node == -ENOENT && conf)
		printf("source: configuration '%s' names no script\n", conf);
	else if (node < 0 && conf)
		printf("source: no image '%s' in the FIT\n", *namep);
	return node < 0 ? -EINVAL : node;
}

/*
 * The script in the FIT @buf, as U-Boot finds it: image @sub, or
 * configuration @conf's 'script'; with neither named (both NULL, or
 * empty), the default configuration's, and failing that the image
 * /images names as its 'default'. Its hashes are checked unless $verify
 * is 'n'. 0, or an error said here.
 */
static int fit_script(ulong addr, const void *buf, size_t avail,
		      const char *conf, const char *sub, const char **textp,
		      size_t *lenp)
{
	struct fit_img img;
	const char *name = sub;
	int node = -ENOENT, ret;

	ret = (addr & 7) ? -EINVAL : fit_check(buf, avail);
	if (ret) {
		printf("source: no FIT at 0x%lx: %s\n", addr,
		       (addr & 7) ? "not 8-byte aligned" :
		       ret == -ENOENT ? "a device tree without /images" :
		       ret == -EFAULT ? "it runs past the end of RAM" :
		       "a broken device tree");
		return ret;
	}
	if (sub && *sub) {
		node = fit_image_node(buf, sub);
		if (node < 0) {
			printf("source: no image '%s' in the FIT\n", sub);
			return -EINVAL;
		}
	} else if (conf && *conf) {
		node = conf_script(buf, conf, &name);
		if (node < 0)
			return node;
	} else if (!sub) {
		node = conf_script(buf, NULL, &name);
	}
	if (node < 0) {
		name = fdt_getprop(buf, fdt_path_offset(buf, FIT_IMAGES),
				   "default", &ret);
		if (!name || ret < 1 || name[ret - 1]) {
			printf("source: the FIT has no default configuration with a script and no default image: name one (source <addr>:<image>)\n");
			return -EINVAL;
		}
		node = fit_image_node(buf, name);
		if (node < 0) {
			printf("source: no image '%s' in the FIT\n", name);
			return -EINVAL;
		}
	}
	ret = fit_image_get(buf, avail, node, &img);
	if (ret) {
		printf("source: image '%s': %s\n", img.name,
		       fit_image_error(ret));
		return ret;
	}
	if (img.type != IH_TYPE_SCRIPT || img.comp != IH_COMP_NONE) {
		printf("source: image '%s' is not an uncompressed script (type '%s', compression '%s')\n",
		       img.name, img.type_str, img.comp_str);
		return -EINVAL;
	}
	ret = fit_verify_asked(buf, &img);
	if (ret)
		return ret;
	if (!img.size) {
		printf("Empty Script\n");
		return -ENODATA;
	}
	*textp = (const char *)img.data;
	*lenp = img.size;
	return 0;
}

/*
 * Run the script at @addr: a legacy script image, or a FIT's (@conf after
 * '#', @sub after ':', or neither); the script's status
 */
static int source_at(ulong addr, const char *conf, const char *sub)
{
	const char *text;
	size_t avail, len;
	const void *buf = image_map(addr, "source", &avail);
	char *copy;
	int ret;

	if (!buf)
		return CMD_RET_FAILURE;
	if (image_format(buf) == IMAGE_FDT) {
		if (fit_script(addr, buf, avail, conf, sub, &text, &len))
			return CMD_RET_FAILURE;
	} else {
		/* A name after ':' or '#' is ignored here, as by U-Boot */
		ret = legacy_script_find(buf, avail,
					 env_get_yesno("verify") != 0, &text,
					 &len);
		if (ret) {
			printf("%s\n", source_error(ret));
			return CMD_RET_FAILURE;
		}
	}
	if (len > CONFIG_CMD_SOURCE_MAX) {
		printf("source: a script of %zu bytes is too large (at most %d)\n",
		       len, CONFIG_CMD_SOURCE_MAX);
		return CMD_RET_FAILURE;
	}
	/* The script may overwrite its own image while it runs */
	copy = strndup(text, len);
	if (!copy) {
		printf("source: out of memory for a script of %zu bytes\n", len);
		return CMD_RET_FAILURE;
	}
	ret = cli_run_in_line(copy, 0);
	free(copy);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int do_source(struct cmd_tbl *cmdtp, int flag, int argc,
		     char *const argv[])
{
	ulong addr = env_get_hex("loadaddr", CONFIG_SYS_LOAD_ADDR);
	const char *conf = NULL, *sub = NULL, *arg = argc == 2 ? argv[1] : "";
	size_t n = strcspn(arg, ":#");

	if (n) {
		char *num = strndup(arg, n);
		int ret = num ? cmd_parse_ulong(num, 16, "source", &addr) :
				-ENOMEM;

		free(num);
		if (ret)
			return CMD_RET_FAILURE;
	}
	/* Nothing after ':' or '#': the default, as in U-Boot */
	if (arg[n] == '#')
		conf = arg + n + 1;
	else if (arg[n] == ':')
		sub = arg + n + 1;
	printf("## Executing script at %08lx\n", addr);
	return source_at(addr, conf, sub);
}

EMBER_CMD(source, 2, do_source, "run script from memory",
	  "[addr][:image | #config]\n"
	  "    - run the script image (mkimage -T script) at 'addr', or the\n"
	  "      script of a FIT there: its image 'image', configuration\n"
	  "      'config''s, or its default one's (default: $loadaddr)");
