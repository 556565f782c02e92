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
 * The script in the FIT @buf: image @sub, configuration @conf's 'script',
 * or, with neither, the default configuration's (without configurations:
 * the image /images names as its 'default'), its hashes checked unless
 * $verify is 'n'. 0, or an error said here.
 */
static int fit_script(ulong addr, const void *buf, size_t avail,
		      const char *conf, const char *sub, const char **textp,
		      size_t *lenp)
{
	struct fit_img img;
	const char *name = sub;
	int node, ret;

	ret = (addr & 7) ? -EINVAL : fit_check(buf, avail);
	if (ret) {
		printf("source: no FIT at 0x%lx: %s\n", addr,
		       (addr & 7) ? "not 8-byte aligned" :
		       ret == -ENOENT ? "a device tree without /images" :
		       ret == -EFAULT ? "it runs past the end of RAM" :
		       "a broken device tree");
		return ret;
	}
	if (sub) {
		node = fit_image_node(buf, sub);
	} else if (conf || fdt_path_offset(buf, FIT_CONFS) >= 0) {
		node = fit_conf(buf, conf, &name);
		if (node < 0) {
			printf("source: no configuration '%s' in the FIT\n",
			       conf ? conf : "(default)");
			return -EINVAL;
		}
		node = fit_conf_image(buf, node, "script", 0, &name);
		if (node == -ENOENT) {
			printf("source: configuration '%s' names no script\n",
			       name);
			return -EINVAL;
		}
	} else {
		name = fdt_getprop(buf, fdt_path_offset(buf, FIT_IMAGES),
				   "default", &ret);
		if (!name || ret < 1 || name[ret - 1]) {
			printf("source: the FIT has no configurations and no default image: name one (source <addr>:<image>)\n");
			return -EINVAL;
		}
		node = fit_image_node(buf, name);
	}
	if (node < 0) {
		printf("source: no image '%s' in the FIT\n", name);
		return -EINVAL;
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
	if (env_get_yesno("verify")) {
		ret = fit_verify_image(buf, &img,
				       "   Verifying Hash Integrity ... ");
		if (ret)
			return ret;
	}
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
	} else if (conf || sub) {
		printf("source: no FIT at 0x%lx for '%c%s'\n", addr,
		       conf ? '#' : ':', conf ? conf : sub);
		return CMD_RET_FAILURE;
	} else {
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
	char *end;

	if (n) {
		addr = strtoul(arg, &end, 16);
		if (end != arg + n) {
			printf("source: invalid address in '%s'\n", arg);
			return CMD_RET_FAILURE;
		}
	}
	if (arg[n] && !arg[n + 1]) {
		printf("source: nothing after '%c' in '%s'\n", arg[n], arg);
		return CMD_RET_FAILURE;
	}
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
