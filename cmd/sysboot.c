// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * sysboot [-p] <interface> <dev[:part]> <any|fat|ext2|ext4> [addr] [filename]
 * Boot from an extlinux.conf on a disk (U-Boot's syntax): the file is
 * loaded at addr ($pxefile_addr_r), its labels' files from the same
 * partition with 'load'.
 */
#include <asm/io.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslinux.h>
#include <syslinux_boot.h>

struct sysboot {
	const char *if_name, *dev_part;
};

static int sysboot_getfile(void *ctx, const char *path, ulong addr,
			   u64 *sizep)
{
	struct sysboot *sb = ctx;
	char cmd[SYSLINUX_MAX_VALUE + 512];

	if (!cmd_quotable(path) || !cmd_quotable(sb->if_name) ||
	    !cmd_quotable(sb->dev_part)) {
		printf("sysboot: refusing a file name with quotes or control characters\n");
		return -EINVAL;
	}
	if (snprintf(cmd, sizeof(cmd), "load '%s' '%s' %lx '%s'", sb->if_name,
		     sb->dev_part, addr, path) >= (int)sizeof(cmd))
		return -ENAMETOOLONG;
	if (run_command(cmd, 0))
		return -ENOENT;
	*sizep = env_get_hex("filesize", 0);
	return 0;
}

static int do_sysboot(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	struct syslinux_files files = { sysboot_getfile };
	const char *filename = env_get("bootfile");
	bool menu_only = argc > 1 && !strcmp(argv[1], "-p");
	struct syslinux_cfg *cfg;
	struct sysboot sb;
	char *bootdir, *slash;
	ulong addr;
	u64 size;
	int ret;

	if (menu_only) {
		argc--;
		argv++;
	}
	if (argc < 4 || argc > 6)
		return CMD_RET_USAGE;
	if (strcmp(argv[3], "any") && strcmp(argv[3], "fat") &&
	    strcmp(argv[3], "ext2") && strcmp(argv[3], "ext4")) {
		printf("Invalid filesystem: %s\n", argv[3]);
		return CMD_RET_USAGE;
	}
	addr = env_get_hex("pxefile_addr_r", 0);
	if (argc > 4 && cmd_parse_ulong(argv[4], 16, "sysboot", &addr))
		return CMD_RET_FAILURE;
	if (argc > 5)
		filename = argv[5];
	if (!addr || !filename) {
		printf("sysboot: set pxefile_addr_r and bootfile, or give the address and the file\n");
		return CMD_RET_USAGE;
	}
	sb = (struct sysboot){ argv[1], argv[2] };
	files.ctx = &sb;
	files.scratch = addr + SYSLINUX_MAX_TEXT;	/* includes */
	/* Relative paths are from the configuration's directory */
	bootdir = strdup(filename);
	cfg = malloc(sizeof(*cfg));
	if (!bootdir || !cfg) {
		free(bootdir);
		free(cfg);
		return CMD_RET_FAILURE;
	}
	slash = strrchr(bootdir, '/');
	if (slash)
		slash[1] = '\0';
	else
		bootdir[0] = '\0';
	files.bootdir = bootdir;
	printf("Retrieving file: %s\n", filename);
	ret = sysboot_getfile(&sb, filename, addr, &size);
	if (ret) {
		printf("Error reading config file\n");
		goto out;
	}
	ret = syslinux_parse(map_sysmem(addr, size), size, cfg,
			     syslinux_include, &files);
	if (ret)
		printf("%s: %s; booting with what was read before it\n",
		       filename, ret == -E2BIG ? "too large" : errno_str(ret));
	ret = syslinux_boot(cfg, &files, menu_only);
	syslinux_free(cfg);
out:
	free(cfg);
	free(bootdir);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD(sysboot, 7, do_sysboot,
	  "command to get and boot from syslinux files",
	  "[-p] <interface> <dev[:part]> <any|fat|ext2|ext4> [addr] [filename]\n"
	  "    - load and parse syslinux menu file 'filename' from ext2, ext4\n"
	  "      or fat filesystem on 'dev' on 'interface' to address 'addr'\n"
	  "      (-p: print the menu only)");
