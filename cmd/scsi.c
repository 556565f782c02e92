// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * scsi: U-Boot's command for SCSI disks ("scsi 0", "scsi 1" ..., the
 * units of virtio-scsi controllers: drivers/block/virtio_scsi.c): reset,
 * scan, info, and the block subcommands device, part, read and write
 * (cmd/blk_common.c).
 */
#include <blk.h>
#include <blk_cmd.h>
#include <command.h>
#include <stdio.h>
#include <virtio_scsi.h>

static struct blk_cmd disks = { .if_name = "scsi" };

/*
 * Every controller reset and probed again (U-Boot's scan finds disks
 * added since), its disks listed as U-Boot's scan lists them
 */
static int scsi_scan_cmd(int argc, char *const argv[])
{
	int found;

	printf("scanning bus for devices...\n");
	if (virtio_scsi_reset())
		return CMD_RET_FAILURE;
	virtio_scsi_scan(true);		/* each failure said */
	found = blk_cmd_list(&disks, blk_cmd_last(&disks), "  ");
	printf("Found %d device(s).\n", found);
	return CMD_RET_SUCCESS;
}

/* The same, as U-Boot says it after its bus reset */
static int scsi_reset_cmd(int argc, char *const argv[])
{
	printf("\nReset SCSI\n");
	return scsi_scan_cmd(argc, argv);
}
/* 'scsi info': every disk, as U-Boot lists them */
static int scsi_info_cmd(int argc, char *const argv[])
{
	int last = blk_cmd_last(&disks);

	if (last < 0) {
		printf("no scsi devices available\n");
		return CMD_RET_FAILURE;
	}
	blk_cmd_list(&disks, last, "");
	return CMD_RET_SUCCESS;
}

static int scsi_device(int argc, char *const argv[])
{
	return blk_cmd_device(&disks, argc, argv);
}

static int scsi_part(int argc, char *const argv[])
{
	return blk_cmd_part(&disks, argc, argv);
}

static int scsi_rw(int argc, char *const argv[])
{
	return blk_cmd_rw(&disks, argc, argv);
}

static const struct cmd_sub scsi_subs[] = {
	{ "reset", 1, 1, scsi_reset_cmd },
	{ "scan", 1, 1, scsi_scan_cmd },
	{ "info", 1, 1, scsi_info_cmd },
	{ "device", 1, 2, scsi_device },
	{ "dev", 1, 2, scsi_device },
	{ "part", 1, 2, scsi_part },
	{ "read", 4, 4, scsi_rw },
	{ "write", 4, 4, scsi_rw },
};

static int do_scsi(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	return cmd_dispatch_sub(scsi_subs, ARRAY_SIZE(scsi_subs), argc, argv);
}

EMBER_CMD_REP(scsi, 5, do_scsi, "SCSI sub-system",
	  "reset - reset SCSI controller\n"
	  "scsi info  - show available SCSI devices\n"
	  "scsi scan  - (re-)scan SCSI bus\n"
	  "scsi device [dev] - show or set current device\n"
	  "scsi part [dev] - print partition table of one or all SCSI devices\n"
	  "scsi read addr blk# cnt - read `cnt' blocks starting at block `blk#'\n"
	  "     to memory address `addr'\n"
	  "scsi write addr blk# cnt - write `cnt' blocks starting at block\n"
	  "     `blk#' from memory address `addr'");
