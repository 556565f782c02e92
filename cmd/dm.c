// SPDX-License-Identifier: Apache-2.0 OR MIT
/* dm: show the driver model's devices, uclasses and drivers. */
#include <command.h>
#include <dm/dump.h>
#include <stdio.h>

static int dm_tree(int argc, char *const argv[])
{
	dm_dump_tree();
	return CMD_RET_SUCCESS;
}

static int dm_uclass(int argc, char *const argv[])
{
	dm_dump_uclass();
	return CMD_RET_SUCCESS;
}

static int dm_drivers(int argc, char *const argv[])
{
	dm_dump_drivers();
	return CMD_RET_SUCCESS;
}

static int dm_compat(int argc, char *const argv[])
{
	dm_dump_compat();
	return CMD_RET_SUCCESS;
}

static int dm_info(int argc, char *const argv[])
{
	struct udevice *dev = dm_find_device_by_name(argv[1]);

	if (!dev) {
		printf("dm info: no device called '%s'\n", argv[1]);
		return CMD_RET_FAILURE;
	}
	dm_dump_device(dev);
	return CMD_RET_SUCCESS;
}

static const struct cmd_sub dm_subs[] = {
	{ "tree", 1, 1, dm_tree },
	{ "uclass", 1, 1, dm_uclass },
	{ "drivers", 1, 1, dm_drivers },
	{ "compat", 1, 1, dm_compat },
	{ "info", 2, 2, dm_info },
};

static int do_dm(struct cmd_tbl *cmdtp, int flag, int argc,
		 char *const argv[])
{
	return cmd_dispatch_sub(dm_subs, ARRAY_SIZE(dm_subs), argc, argv);
}

EMBER_CMD(dm, 3, do_dm, "Driver model low level access",
	  "tree          Dump tree of driver model devices ('*' = activated)\n"
	  "dm uclass        Dump list of instances for each uclass\n"
	  "dm drivers       Dump list of drivers with uclass and compatibles\n"
	  "dm compat        Dump list of drivers with compatibility strings\n"
	  "dm info <name>   Show one device");
