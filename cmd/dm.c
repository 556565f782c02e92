// SPDX-License-Identifier: Apache-2.0 OR MIT
/* dm: show the driver model's devices, uclasses and drivers. */
#include <command.h>
#include <dm/dump.h>
#include <stdio.h>
#include <string.h>

/* The listings that take no argument, by sub-command name */
static const struct {
	const char *name;
	void (*dump)(void);
} dm_listings[] = {
	{ "tree", dm_dump_tree },
	{ "uclass", dm_dump_uclass },
	{ "drivers", dm_dump_drivers },
	{ "compat", dm_dump_compat },
	{ "static", dm_dump_static },
	{ "devres", dm_dump_devres },
};

static int dm_list(int argc, char *const argv[])
{
	for (size_t i = 0; i < ARRAY_SIZE(dm_listings); i++)
		if (!strcmp(argv[0], dm_listings[i].name))
			dm_listings[i].dump();
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
	{ "tree", 1, 1, dm_list },
	{ "uclass", 1, 1, dm_list },
	{ "drivers", 1, 1, dm_list },
	{ "compat", 1, 1, dm_list },
	{ "static", 1, 1, dm_list },
	{ "devres", 1, 1, dm_list },
	{ "info", 2, 2, dm_info },
};

static int do_dm(struct cmd_tbl *cmdtp, int flag, int argc,
		 char *const argv[])
{
	return cmd_dispatch_sub(dm_subs, ARRAY_SIZE(dm_subs), argc, argv);
}

EMBER_CMD_REP(dm, 3, do_dm, "Driver model low level access",
	  "tree          Dump tree of driver model devices ('+' = probed)\n"
	  "dm uclass        Dump list of instances for each uclass\n"
	  "dm drivers       Dump list of drivers with uclass and devices\n"
	  "dm compat        Dump list of drivers with compatibility strings\n"
	  "dm static        Dump list of drivers with static platform data\n"
	  "dm devres        Dump the memory the core owns for each device\n"
	  "dm info <name>   Show one device");
