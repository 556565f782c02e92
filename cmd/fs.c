// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Filesystem commands with U-Boot's syntax and output: 'ls', 'load',
 * 'cat', 'size', 'fstype', 'fsuuid' and 'fstypes', and the legacy 'fatls',
 * 'fatload', 'fatsize', 'ext4ls', 'ext4load', 'ext4size', 'ext2ls' and
 * 'ext2load', which are the same commands tied to one filesystem type,
 * 'fatinfo', and 'save' and 'fatwrite', which write a file, 'fatrm' and
 * 'fatmkdir' (FAT).
 * Numbers are hexadecimal, as in U-Boot; the work is done in lib/fs/.
 */
#include <blk.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <fs.h>
#include <lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CAT_CHUNK	(64 * 1024)	/* bytes read at a time */

/*
 * Open "<argv[1]> <argv[2]>" (the device may be left out: NULL takes
 * 'bootdevice'); a legacy command ("fatls") asks for its own type
 */
static int cmd_fs_mount(int argc, char *const argv[], struct fs_mount **mp)
{
	const char *dev_part = argc >= 3 ? argv[2] : NULL;
	const struct fs_type *want = NULL;
	int ret;

	if (!strncmp(argv[0], "fat", 3))
		want = fs_type_find("fat");
	else if (!strncmp(argv[0], "ext4", 4) || !strncmp(argv[0], "ext2", 4))
		want = fs_type_find("ext4");
	ret = fs_mount(argv[1], dev_part, want, mp);
	if (ret != -ENODEV)
		return ret;
	printf("%s%s%s: ", argv[1], dev_part ? " " : "",
	       dev_part ? dev_part : "");
	if (want)
		printf("not %s %s filesystem\n",
		       want->name[0] == 'e' ? "an" : "a", want->name);
	else
		printf("no filesystem recognised\n");
	return ret;
}

struct ls_count {
	int files, dirs;
};

/* U-Boot's shape: size right-aligned in 9, or a directory's name and '/' */
static int ls_print(void *ctx, const struct fs_dirent *d)
{
	struct ls_count *c = ctx;

	if (d->type == FS_DT_DIR) {
		printf("            %s/\n", d->name);
		c->dirs++;
	} else if (d->type == FS_DT_LNK) {
		printf("    <SYM>   %s\n", d->name);
		c->files++;
	} else {
		printf(" %8llu   %s\n", (unsigned long long)d->size, d->name);
		c->files++;
	}
	return ctrlc() ? -EINTR : 0;
}

static int do_ls(struct cmd_tbl *cmdtp, int flag, int argc,
		 char *const argv[])
{
	struct ls_count count = { 0 };
	struct fs_mount *m;
	int ret;

	if (argc < 2)
		return CMD_RET_USAGE;
	if (cmd_fs_mount(argc, argv, &m))
		return CMD_RET_FAILURE;
	ret = fs_ls(m, argc >= 4 ? argv[3] : "/", ls_print, &count);
	fs_umount(m);
	if (ret)
		return CMD_RET_FAILURE;
	printf("\n%d file(s), %d dir(s)\n\n", count.files, count.dirs);
	return CMD_RET_SUCCESS;
}

#define LS_HELP "<interface> [<dev[:part]> [directory]]\n" \
	"    - list directory (default /) of partition part (default: the\n" \
	"      first one, or the whole disk) of device dev on interface"

EMBER_CMD_REP(ls, 4, do_ls, "list files in a directory (default /)",
	      LS_HELP);

/* U-Boot's line: "<n> bytes read in <t> ms (<rate>/s)", or written */
static void load_report(u64 len, ulong ms, const char *done)
{
	printf("%llu bytes %s in %lu ms", (unsigned long long)len, done, ms);
	if (ms) {
		puts(" (");
		print_size(len / ms * 1000, "/s");
		puts(")");
	}
	puts("\n");
}

static int do_load(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	ulong addr = env_get_hex("loadaddr", CONFIG_SYS_LOAD_ADDR);
	ulong bytes = 0, pos = 0, start, ms;
	const char *file = argc >= 5 ? argv[4] : env_get("bootfile");
	struct fs_mount *m;
	u64 len;
	int ret;

	if (argc < 2)
		return CMD_RET_USAGE;
	if ((argc >= 4 && cmd_parse_ulong(argv[3], 16, argv[0], &addr)) ||
	    (argc >= 6 && cmd_parse_ulong(argv[5], 16, argv[0], &bytes)) ||
	    (argc >= 7 && cmd_parse_ulong(argv[6], 16, argv[0], &pos)))
		return CMD_RET_FAILURE;
	if (!file || !*file) {
		printf("%s: no file name ('bootfile' is not set)\n", argv[0]);
		return CMD_RET_FAILURE;
	}
	if (cmd_fs_mount(argc, argv, &m))
		return CMD_RET_FAILURE;
	start = get_timer(0);
	ret = fs_load(m, file, addr, pos, bytes, &len);
	ms = get_timer(start);
	fs_umount(m);
	if (ret)
		return CMD_RET_FAILURE;
	load_report(len, ms, "read");
	env_set_hex("fileaddr", addr);
	env_set_hex("filesize", len);
	return CMD_RET_SUCCESS;
}

#define LOAD_HELP "<interface> [<dev[:part]> [<addr> [<filename> [bytes [pos]]]]]\n" \
	"    - load filename (default 'bootfile') to addr (default\n" \
	"      'loadaddr'): bytes of it (0 or none: to the end) from pos;\n" \
	"      sets 'filesize' and 'fileaddr'"

EMBER_CMD(load, 7, do_load, "load a file from a filesystem", LOAD_HELP);

static int do_size(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	struct fs_mount *m;
	u64 size;
	int ret;

	if (argc != 4)
		return CMD_RET_USAGE;
	if (cmd_fs_mount(argc, argv, &m))
		return CMD_RET_FAILURE;
	ret = fs_size(m, argv[3], &size);
	fs_umount(m);
	/* A directory's size is 0, as in U-Boot */
	if (ret == -EISDIR) {
		size = 0;
		ret = 0;
	}
	if (ret)
		return CMD_RET_FAILURE;
	env_set_hex("filesize", size);
	return CMD_RET_SUCCESS;
}

/*
 * A file's bytes to the console as they are, but for the control
 * characters other than tab, newline and carriage return, shown as '.':
 * a file on a disk may not drive the terminal (escape sequences)
 */
static void cat_print(const u8 *p, u64 len)
{
	char line[257];
	size_t n = 0;

	for (u64 i = 0; i < len; i++) {
		u8 c = p[i];

		line[n++] = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
			    c == 0x7f ? '.' : c;
		if (n == sizeof(line) - 1 || i + 1 == len) {
			line[n] = '\0';
			puts(line);
			n = 0;
		}
	}
}

static int do_cat(struct cmd_tbl *cmdtp, int flag, int argc,
		  char *const argv[])
{
	struct fs_mount *m;
	u64 pos = 0, act;
	u8 *buf, last = 0;
	int ret;

	if (argc != 4)
		return CMD_RET_USAGE;
	buf = malloc(CAT_CHUNK);
	if (!buf) {
		printf("cat: out of memory\n");
		return CMD_RET_FAILURE;
	}
	if (cmd_fs_mount(argc, argv, &m)) {
		free(buf);
		return CMD_RET_FAILURE;
	}
	/* A chunk at a time, to the end or Ctrl-C */
	for (ret = 0; !ret;) {
		ret = fs_read(m, argv[3], pos, buf, CAT_CHUNK, &act);
		if (ret || !act)
			break;
		cat_print(buf, act);
		last = buf[act - 1];
		pos += act;
		if (act < CAT_CHUNK)
			break;
		if (ctrlc()) {
			printf("\ncat: interrupted after %llu bytes\n",
			       (unsigned long long)pos);
			ret = -EINTR;
		}
	}
	/* The prompt on a line of its own */
	if (!ret && pos && last != '\n')
		puts("\n");
	fs_umount(m);
	free(buf);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD(cat, 4, do_cat, "print a file from a filesystem",
	  "<interface> <dev[:part]> <file>\n"
	  "    - print the file's bytes (control characters but tab,\n"
	  "      newline and return shown as '.')");

/* save and fatwrite: <if> <dev[:part]> <addr> <filename> bytes [pos] */
static int do_save(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	ulong addr, bytes, pos = 0, start, ms;
	struct fs_mount *m;
	int ret;

	if (argc < 6 || argc > 7)
		return CMD_RET_USAGE;
	if (cmd_parse_ulong(argv[3], 16, argv[0], &addr) ||
	    cmd_parse_ulong(argv[5], 16, argv[0], &bytes) ||
	    (argc == 7 && cmd_parse_ulong(argv[6], 16, argv[0], &pos)))
		return CMD_RET_FAILURE;
	if (cmd_fs_mount(argc, argv, &m))
		return CMD_RET_FAILURE;
	start = get_timer(0);
	ret = fs_save(m, argv[4], addr, pos, bytes);
	ms = get_timer(start);
	fs_umount(m);
	if (ret)
		return CMD_RET_FAILURE;
	load_report(bytes, ms, "written");
	return CMD_RET_SUCCESS;
}

EMBER_CMD(save, 7, do_save, "save file to a filesystem",
	  "<interface> <dev[:part]> <addr> <filename> bytes [pos]\n"
	  "    - write 'bytes' bytes (hex) from 'addr' as file 'filename':\n"
	  "      from byte 'pos' of it (at most its size; 0 or none: from\n"
	  "      the start), the file then ending after them; created\n"
	  "      when it is not there");

#define SIZE_HELP							\
	"<interface> <dev[:part]> <filename>\n"				\
	"    - set 'filesize' to the size of filename (0 for a directory)"

EMBER_CMD(size, 4, do_size, "find a file's size", SIZE_HELP);

static int do_fstype(struct cmd_tbl *cmdtp, int flag, int argc,
		     char *const argv[])
{
	struct fs_mount *m;

	if (argc < 3 || argc > 4)
		return CMD_RET_USAGE;
	if (cmd_fs_mount(argc, argv, &m))
		return CMD_RET_FAILURE;
	if (argc == 4)
		env_set(argv[3], m->type->name);
	else
		printf("%s\n", m->type->name);
	fs_umount(m);
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(fstype, 4, do_fstype, "name the filesystem on a partition",
	      "<interface> <dev>:<part> [<varname>]\n"
	      "    - print the type (fat, ext4), or set varname to it");

static int do_fsuuid(struct cmd_tbl *cmdtp, int flag, int argc,
		     char *const argv[])
{
	char uuid[FS_UUID_LEN];
	struct fs_mount *m;
	int ret;

	if (argc < 3 || argc > 4)
		return CMD_RET_USAGE;
	if (cmd_fs_mount(argc, argv, &m))
		return CMD_RET_FAILURE;
	ret = m->type->uuid(m->vol, uuid);
	if (ret)
		printf("%s: the %s volume has no UUID (no volume serial number)\n",
		       m->name, m->type->name);
	else if (argc == 4)
		ret = cmd_env_set(argv[3], uuid);
	else
		printf("%s\n", uuid);
	fs_umount(m);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD_REP(fsuuid, 4, do_fsuuid, "Look up a filesystem UUID",
	      "<interface> <dev>:<part> [<varname>]\n"
	      "    - print the UUID (ext4: 8-4-4-4-12 hex digits, FAT: the\n"
	      "      volume serial number, XXXX-XXXX), or set varname to it");

static int do_fstypes(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	const char *names = fs_type_names();

	if (argc != 1)
		return CMD_RET_USAGE;
	printf("Supported filesystems: %s\n", *names ? names : "<none>");
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(fstypes, 1, do_fstypes, "List supported filesystem types", "");

/* The legacy names: the same commands, for one filesystem type each */
#if IS_ENABLED(CONFIG_FS_FAT)
EMBER_CMD_REP(fatls, 4, do_ls, "list files in a directory of a FAT volume",
	      LS_HELP);
EMBER_CMD(fatload, 7, do_load, "load a file from a FAT volume", LOAD_HELP);
EMBER_CMD(fatsize, 4, do_size, "determine a file's size on a FAT volume",
	  SIZE_HELP);
/* fatrm and fatmkdir: <if> <dev[:part]> <path>, silent when done */
static int do_fat_change(struct cmd_tbl *cmdtp, int flag, int argc,
			 char *const argv[])
{
	struct fs_mount *m;
	int ret;

	if (argc != 4)
		return CMD_RET_USAGE;
	if (cmd_fs_mount(argc, argv, &m))
		return CMD_RET_FAILURE;
	/* By the command's name: argv[0] may carry a suffix ("fatrm.x") */
	ret = strcmp(cmdtp->name, "fatrm") ? fs_mkdir(m, argv[3]) :
					     fs_unlink(m, argv[3]);
	fs_umount(m);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

EMBER_CMD(fatrm, 4, do_fat_change, "delete a file",
	  "<interface> <dev[:part]> <filename>\n"
	  "    - delete a file, or an empty directory, from 'dev' on\n"
	  "      'interface'");
EMBER_CMD(fatmkdir, 4, do_fat_change, "create a directory",
	  "<interface> <dev[:part]> <directory>\n"
	  "    - create a directory in 'dev' on 'interface'");
EMBER_CMD(fatwrite, 7, do_save, "write file into a dos filesystem",
	  "<interface> <dev[:part]> <addr> <filename> <bytes> [<offset>]\n"
	  "    - write file 'filename' from the address 'addr' in RAM\n"
	  "      to 'dev' on 'interface' (as save, FAT only)");

/* fatinfo <interface> [<dev[:part]>]: the disk, then the FAT's type and label */
static int do_fatinfo(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	char desc[FS_DESC_LEN];
	struct fs_mount *m;

	if (argc < 2 || argc > 3)
		return CMD_RET_USAGE;
	if (cmd_fs_mount(argc, argv, &m))
		return CMD_RET_FAILURE;
	m->type->describe(m->vol, desc);
	printf("Interface:  %s\n  Device %d: ", blk_get_desc(m->blk)->if_name,
	       blk_get_desc(m->blk)->devnum);
	blk_show_desc(m->blk);
	printf("Filesystem: %s\n", desc);
	fs_umount(m);
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(fatinfo, 3, do_fatinfo, "print information about filesystem",
	      "<interface> [<dev[:part]>]\n"
	      "    - print information about filesystem from 'dev' on\n"
	      "      'interface'");
#endif
#if IS_ENABLED(CONFIG_FS_EXT4)
EMBER_CMD_REP(ext4ls, 4, do_ls, "list files in a directory of an ext4 volume",
	      LS_HELP);
EMBER_CMD(ext4load, 7, do_load, "load a file from an ext4 volume", LOAD_HELP);
EMBER_CMD(ext4size, 4, do_size, "determine a file's size on an ext4 volume",
	  SIZE_HELP);
/* U-Boot's ext2 names: the same reader (ext2, ext3 and ext4) */
EMBER_CMD_REP(ext2ls, 4, do_ls,
	      "list files in a directory of an ext2/3/4 volume", LS_HELP);
EMBER_CMD(ext2load, 7, do_load, "load a file from an ext2/3/4 volume",
	  LOAD_HELP);
#endif
