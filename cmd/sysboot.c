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

static int do_sysboot(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	struct syslinux_files files = { syslinux_disk_getfile };
	const char *filename = env_get("bootfile");
	bool menu_only = argc > 1 && !strcmp(argv[1], "-p");
	struct syslinux_disk disk;
	char *bootdir;
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
	disk = (struct syslinux_disk){ argv[1], argv[2] };
	files.ctx = &disk;
	files.scratch = addr + SYSLINUX_MAX_TEXT;	/* includes */
	/* Relative paths are from the configuration's directory */
	bootdir = syslinux_bootdir(filename);
	if (!bootdir) {
		printf("sysboot: out of memory\n");
		return CMD_RET_FAILURE;
	}
	files.bootdir = bootdir;
	printf("Retrieving file: %s\n", filename);
	ret = syslinux_disk_getfile(&disk, filename, addr, &size);
	if (ret)
		printf("Error reading config file\n");
	else
		ret = syslinux_boot_text(map_sysmem(addr, size), size,
					 filename, &files, menu_only);
	free(bootdir);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD(sysboot, 7, do_sysboot,
	  "command to get and boot from syslinux files",
	  "[-p] <interface> <dev[:part]> <any|fat|ext2|ext4> [addr] [filename]\n"
	  "    - load and parse syslinux menu file 'filename' from ext2, ext4\n"
	  "      or fat filesystem on 'dev' on 'interface' to address 'addr'\n"
	  "      (-p: print the menu only)");
