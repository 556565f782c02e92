// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * part: disk partitions, with U-Boot's syntax and output. Device and
 * partition numbers are hexadecimal, as in U-Boot; <part> in start, size,
 * number and name is a number (decimal, or 0x... hex) or a GPT name.
 *   part list <if> <dev> [-bootable] [varname]
 *   part uuid <if> <dev>[:<part>] [varname]
 *   part type <if> <dev>[:<part>] [varname]
 *   part start|size|number|name <if> <dev> <part> [varname]
 *   part types
 */
#include <blk.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <part.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The table of 'if dev'. Problems are printed, but for a disk without a
 * table (-ENODEV): say so when @loud
 */
static int read_table(const char *if_name, const char *dev_str, bool loud,
		      struct part_table **tp)
{
	struct udevice *blk;
	struct part_io io;
	int ret = blk_get_device_by_str(if_name, dev_str, &blk);

	if (ret)
		return ret;
	part_io_init_blk(&io, blk);
	ret = part_read_table(&io, tp);
	if (ret == -ENODEV && loud)
		printf("%s: no partition table\n", io.name);
	return ret;
}

/* Print @val, or set variable @var (when not NULL) to it */
static int put(const char *var, const char *val)
{
	if (!var) {
		printf("%s\n", val);
		return CMD_RET_SUCCESS;
	}
	if (env_set(var, val)) {
		printf("part: cannot set '%s'\n", var);
		return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

/* The numbers of the (bootable) partitions, in hex, space-separated */
static int list_to_var(const char *if_name, const char *dev_str,
		       bool bootable, const char *var)
{
	char buf[PART_MAX_ENTRIES * 3 + 1] = "";
	struct part_table *t;
	size_t len = 0;
	int ret = read_table(if_name, dev_str, false, &t);

	/* As U-Boot: a disk without a table has no partitions to list */
	if (ret == -ENODEV)
		return env_set(var, NULL) ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
	if (ret)
		return CMD_RET_FAILURE;
	for (int i = 0; i < t->count; i++) {
		const struct part_entry *e = &t->entry[i];

		if (bootable && !e->info.bootable)
			continue;
		len += snprintf(buf + len, sizeof(buf) - len, "%s%x",
				len ? " " : "", e->num);
	}
	free(t);
	return put(var, buf);
}

static int part_list(int argc, char *const argv[])
{
	const char *var = NULL;
	bool bootable = false;
	struct udevice *blk;

	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "-bootable")) {
			bootable = true;
		} else if (argv[i][0] == '-') {
			printf("part: unknown option '%s'\n", argv[i]);
			return CMD_RET_USAGE;
		} else if (i == argc - 1) {
			var = argv[i];
		} else {
			return CMD_RET_USAGE;
		}
	}
	if (var)
		return list_to_var(argv[1], argv[2], bootable, var);
	if (blk_get_device_by_str(argv[1], argv[2], &blk))
		return CMD_RET_FAILURE;
	return part_print(blk) ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

/* part uuid / part type: <if> <dev>[:<part>] [varname] */
static int part_devpart(int argc, char *const argv[])
{
	struct disk_partition info;
	struct udevice *blk;
	char val[UUID_STR_LEN + 1];
	int part;

	if (blk_get_device_part_str(argv[1], argv[2], &blk, &part, &info))
		return CMD_RET_FAILURE;
	/* As U-Boot: a whole disk has no UUID or type */
	if (!part) {
		printf("%s %s: the whole disk, not a partition\n", argv[1],
		       argv[2]);
		return CMD_RET_FAILURE;
	}
	if (!strcmp(argv[0], "uuid"))
		snprintf(val, sizeof(val), "%s", info.uuid);
	else if (info.type_guid[0])
		snprintf(val, sizeof(val), "%s", info.type_guid);
	else
		snprintf(val, sizeof(val), "%02x", info.sys_ind);
	return put(argc > 3 ? argv[3] : NULL, val);
}

/* <part>: a number (decimal or 0x...), else a GPT partition name */
static const struct part_entry *find_part(const struct part_table *t,
					  const char *arg)
{
	unsigned long long num;
	bool by_num = !str_to_u64(arg, 0, &num);

	for (int i = 0; i < t->count; i++) {
		const struct part_entry *e = &t->entry[i];

		if (by_num ? (unsigned long long)e->num == num :
			     !strcmp(e->info.name, arg))
			return e;
	}
	return NULL;
}

/* part start / size / number / name: <if> <dev> <part> [varname] */
static int part_field(int argc, char *const argv[])
{
	const struct part_entry *e;
	struct part_table *t;
	char val[PART_NAME_MAX + 20];
	int ret = CMD_RET_SUCCESS;

	if (read_table(argv[1], argv[2], true, &t))
		return CMD_RET_FAILURE;
	e = find_part(t, argv[3]);
	if (!e) {
		printf("%s %s: no partition '%s'\n", argv[1], argv[2], argv[3]);
		ret = CMD_RET_FAILURE;
	} else if (!strcmp(argv[0], "start")) {
		snprintf(val, sizeof(val), "%llx",
			 (unsigned long long)e->info.start);
	} else if (!strcmp(argv[0], "size")) {
		snprintf(val, sizeof(val), "%llx",
			 (unsigned long long)e->info.size);
	} else if (!strcmp(argv[0], "number")) {
		snprintf(val, sizeof(val), "0x%x", e->num);
	} else {
		snprintf(val, sizeof(val), "%s", e->info.name);
	}
	free(t);
	if (ret)
		return ret;
	return put(argc > 4 ? argv[4] : NULL, val);
}

static int part_types(int argc, char *const argv[])
{
	const char *sep = "";

	printf("Supported partition tables:");
	if (IS_ENABLED(CONFIG_EFI_PARTITION)) {
		printf(" EFI");
		sep = ",";
	}
	if (IS_ENABLED(CONFIG_DOS_PARTITION))
		printf("%s DOS", sep);
	printf("\n");
	return CMD_RET_SUCCESS;
}

static const struct cmd_sub part_subs[] = {
	{ "list", 3, 5, part_list },
	{ "uuid", 3, 4, part_devpart },
	{ "type", 3, 4, part_devpart },
	{ "start", 4, 5, part_field },
	{ "size", 4, 5, part_field },
	{ "number", 4, 5, part_field },
	{ "name", 4, 5, part_field },
	{ "types", 1, 1, part_types },
};

static int do_part(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	return cmd_dispatch_sub(part_subs, ARRAY_SIZE(part_subs), argc, argv);
}

EMBER_CMD(part, 6, do_part, "disk partition related commands",
	  "list <interface> <dev> [-bootable] [varname]\n"
	  "    - print a device's partition table, or set varname to the\n"
	  "      numbers of its (bootable) partitions\n"
	  "part uuid <interface> <dev>[:<part>] [varname]\n"
	  "    - print or set varname to a partition's UUID\n"
	  "part type <interface> <dev>[:<part>] [varname]\n"
	  "    - print or set varname to its type GUID (DOS: type byte)\n"
	  "part start <interface> <dev> <part> [varname]\n"
	  "    - print or set varname to its start (blocks, hex)\n"
	  "part size <interface> <dev> <part> [varname]\n"
	  "    - print or set varname to its size (blocks, hex)\n"
	  "part number <interface> <dev> <part> [varname]\n"
	  "    - print or set varname to its number (0x...)\n"
	  "part name <interface> <dev> <part> [varname]\n"
	  "    - print or set varname to its name\n"
	  "part types\n"
	  "    - list the partition table types supported\n"
	  "<part> is a number or a GPT partition name");
