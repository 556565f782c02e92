// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * source: run a script image made by 'mkimage -T script' (the legacy
 * U-Boot image format), after checking its header and data CRCs.
 */
#include <asm/io.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <global_data.h>
#include <image.h>
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

/* Run the script image at @addr; the script's status */
static int source_at(ulong addr)
{
	const char *text;
	size_t avail, len;
	const void *buf = image_map(addr, "source", &avail);
	char *copy;
	int ret;

	if (!buf)
		return CMD_RET_FAILURE;
	ret = legacy_script_find(buf, avail, env_get_yesno("verify") != 0,
				 &text, &len);
	if (ret) {
		printf("%s\n", source_error(ret));
		return CMD_RET_FAILURE;
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

	if (argc == 2) {
		if (argv[1][strcspn(argv[1], ":#")]) {
			printf("source: FIT images are not supported: make the script with 'mkimage -T script'\n");
			return CMD_RET_FAILURE;
		}
		if (cmd_parse_ulong(argv[1], 16, "source", &addr))
			return CMD_RET_FAILURE;
	}
	printf("## Executing script at %08lx\n", addr);
	return source_at(addr);
}

EMBER_CMD(source, 2, do_source, "run script from memory",
	  "[addr]\n"
	  "    - run the script image (mkimage -T script) at 'addr'\n"
	  "      (default: $loadaddr)");
