// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * nvme: U-Boot's command for NVMe disks ("nvme 0", "nvme 1" ...,
 * drivers/block/nvme.c): scan, info, detail, and the block subcommands
 * device, part, read and write (cmd/blk_common.c).
 */
#include <blk.h>
#include <blk_cmd.h>
#include <command.h>
#include <dm.h>
#include <nvme.h>
#include <stdio.h>

static struct blk_cmd disks = { .if_name = "nvme" };

/* Every controller, those that failed before tried again */
static int nvme_scan_cmd(int argc, char *const argv[])
{
	return nvme_scan(true) < 0 ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

/* 'nvme info': every disk, as U-Boot lists them */
static int nvme_info_cmd(int argc, char *const argv[])
{
	int last = blk_cmd_last(&disks);

	if (last < 0) {
		printf("no nvme devices available\n");
		return CMD_RET_FAILURE;
	}
	blk_cmd_list(&disks, last, "");
	return CMD_RET_SUCCESS;
}

/* 'nvme detail': the current disk's controller and namespace */
static int nvme_detail_cmd(int argc, char *const argv[])
{
	struct nvme_info info;
	struct udevice *blk;
	struct blk_desc *d;

	if (blk_get_by_name(disks.if_name, disks.cur, &blk) ||
	    nvme_get_info(blk, &info)) {
		printf("no nvme device %d\n", disks.cur);
		return CMD_RET_FAILURE;
	}
	d = blk_get_desc(blk);
	printf("Blk device %d: %s, namespace %u of %u\n", disks.cur,
	       info.ctrl->name, info.nsid, info.nn);
	printf("\tModel: %s\n\tSerial: %s\n\tFirmware: %s\n", info.mn,
	       info.sn, info.fr);
	printf("\tVersion: %u.%u.%u\n", info.version >> 16,
	       (info.version >> 8) & 0xff, info.version & 0xff);
	printf("\tPCI vendor: %#06x\n", info.vid);
	printf("\tVolatile write cache: %s\n", info.vwc ? "yes" : "no");
	printf("\tLargest transfer: %u KiB\n", info.xfer_max / 1024);
	printf("\tI/O queue: %u entries\n", info.io_depth);
	printf("\tBlocks: %llu of %u bytes\n", (unsigned long long)d->lba,
	       d->blksz);
	return CMD_RET_SUCCESS;
}

static int nvme_device(int argc, char *const argv[])
{
	return blk_cmd_device(&disks, argc, argv);
}

static int nvme_part(int argc, char *const argv[])
{
	return blk_cmd_part(&disks, argc, argv);
}

static int nvme_rw(int argc, char *const argv[])
{
	return blk_cmd_rw(&disks, argc, argv);
}

static const struct cmd_sub nvme_subs[] = {
	{ "scan", 1, 1, nvme_scan_cmd },
	{ "info", 1, 1, nvme_info_cmd },
	{ "detail", 1, 1, nvme_detail_cmd },
	{ "device", 1, 2, nvme_device },
	{ "dev", 1, 2, nvme_device },
	{ "part", 1, 2, nvme_part },
	{ "read", 4, 4, nvme_rw },
	{ "write", 4, 4, nvme_rw },
};

static int do_nvme(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	return cmd_dispatch_sub(nvme_subs, ARRAY_SIZE(nvme_subs), argc, argv);
}

EMBER_CMD_REP(nvme, 5, do_nvme, "NVM Express sub-system",
	  "scan - scan NVMe devices\n"
	  "nvme detail - show details of current NVMe device\n"
	  "nvme info - show all available NVMe devices\n"
	  "nvme device [dev] - show or set current NVMe device\n"
	  "nvme part [dev] - print partition table of one or all NVMe devices\n"
	  "nvme read addr blk# cnt - read `cnt' blocks starting at block\n"
	  "     `blk#' to memory address `addr'\n"
	  "nvme write addr blk# cnt - write `cnt' blocks starting at block\n"
	  "     `blk#' from memory address `addr'");
