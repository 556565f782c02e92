// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The block subcommands storage commands share, in the shapes of U-Boot's
 * blk_common_cmd(): '<if> device [n]', '<if> part [n]', '<if> read|write
 * addr blk# cnt', and the "Device <n>: ..." list of 'info', for the disks
 * of one interface ("virtio", "nvme": include/blk.h).
 */
#include <asm/io.h>
#include <blk.h>
#include <blk_cmd.h>
#include <command.h>
#include <errno.h>
#include <memmap.h>
#include <part.h>
#include <stdio.h>
#include <string.h>

/* Disk @n of @bc, probed (the disks are looked for first): 0 or -ENODEV */
static int get_disk(const struct blk_cmd *bc, int n, struct udevice **blkp)
{
	return blk_get_by_name(bc->if_name, n, blkp);
}

int blk_cmd_last(const struct blk_cmd *bc)
{
	blk_scan_if(bc->if_name);
	return blk_find_max_devnum(bc->if_name);
}

int blk_cmd_list(const struct blk_cmd *bc, int last, const char *indent)
{
	struct udevice *blk;
	int listed = 0;

	for (int n = 0; n <= last; n++) {
		if (get_disk(bc, n, &blk))
			continue;
		printf("%sDevice %d: ", indent, n);
		blk_show_desc(blk);
		listed++;
	}
	return listed;
}

/* A disk number (decimal, as U-Boot's device and part take it) */
static int parse_disk(const char *arg, const char *what, int *np)
{
	ulong n;

	if (cmd_parse_ulong(arg, 10, what, &n))
		return -EINVAL;
	*np = n > 0x7fffffff ? 0x7fffffff : n;
	return 0;
}

int blk_cmd_device(struct blk_cmd *bc, int argc, char *const argv[])
{
	const char *ifn = bc->if_name;
	char what[32];
	struct udevice *blk;
	int n;

	if (argc == 1) {
		if (get_disk(bc, bc->cur, &blk)) {
			printf("\nno %s devices available\n", ifn);
			return CMD_RET_FAILURE;
		}
		printf("\n%s device %d: ", ifn, bc->cur);
		blk_show_desc(blk);
		return CMD_RET_SUCCESS;
	}
	snprintf(what, sizeof(what), "%s device", ifn);
	if (parse_disk(argv[1], what, &n))
		return CMD_RET_FAILURE;
	printf("\nDevice %d: ", n);
	if (get_disk(bc, n, &blk)) {
		printf("unknown device\n");
		return CMD_RET_FAILURE;
	}
	blk_show_desc(blk);
	bc->cur = n;
	printf("... is now current device\n");
	return CMD_RET_SUCCESS;
}

int blk_cmd_part(struct blk_cmd *bc, int argc, char *const argv[])
{
	const char *ifn = bc->if_name;
	struct disk_partition info;
	struct udevice *blk;
	int n, shown = 0, last;
	char what[32];

	snprintf(what, sizeof(what), "%s part", ifn);
	if (argc == 2) {
		if (parse_disk(argv[1], what, &n))
			return CMD_RET_FAILURE;
		if (get_disk(bc, n, &blk)) {
			printf("\n%s device %d not available\n", ifn, n);
			return CMD_RET_FAILURE;
		}
		if (!IS_ENABLED(CONFIG_PARTITIONS)) {
			printf("%s: partition tables are not built in\n", what);
			return CMD_RET_FAILURE;
		}
		return part_print(blk) ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
	}
	last = IS_ENABLED(CONFIG_PARTITIONS) ? blk_cmd_last(bc) : -ENODEV;
	for (n = 0; n <= last; n++) {
		/* Disks without a table are left out, quietly */
		if (get_disk(bc, n, &blk) ||
		    part_get_info(blk, 1, &info) == -ENODEV)
			continue;
		if (shown++)
			printf("\n");
		part_print(blk);
	}
	if (!shown)
		printf("\nno %s partition table available\n", ifn);
	return CMD_RET_SUCCESS;
}

/*
 * The memory of a read (@load: a load, checked as tftpboot's) or a write
 * (read by the device: RAM only, no device window)
 */
static int check_memory(const char *what, phys_addr_t addr, u64 len,
			bool load)
{
	int ret;

	if (!len)
		return 0;
	ret = load ? mem_check_load(addr, len) : mem_check_read(addr, len);
	if (!ret && !load && !mem_in_ram(addr, len)) {
		printf("%s: %#llx..%#llx is not RAM: a device cannot read it\n",
		       what, (unsigned long long)addr,
		       (unsigned long long)(addr + len - 1));
		return -EFAULT;
	}
	if (ret)
		mem_report(what, addr, len, ret);
	return ret;
}

int blk_cmd_rw(struct blk_cmd *bc, int argc, char *const argv[])
{
	bool write = !strcmp(argv[0], "write");
	const char *ifn = bc->if_name;
	ulong addr, start, cnt;
	struct blk_desc *d;
	struct udevice *blk;
	char what[32];
	long done;

	snprintf(what, sizeof(what), "%s %s", ifn, write ? "write" : "read");
	if (cmd_parse_ulong(argv[1], 16, what, &addr) ||
	    cmd_parse_ulong(argv[2], 16, what, &start) ||
	    cmd_parse_ulong(argv[3], 16, what, &cnt))
		return CMD_RET_FAILURE;
	if (get_disk(bc, bc->cur, &blk)) {
		printf("%s: no %s device %d\n", what, ifn, bc->cur);
		return CMD_RET_FAILURE;
	}
	d = blk_get_desc(blk);
	if (start > d->lba || cnt > d->lba - start) {
		printf("%s: blocks %#lx+%#lx are past the end of the device (%#llx blocks)\n",
		       what, start, cnt, (unsigned long long)d->lba);
		return CMD_RET_FAILURE;
	}
	if (check_memory(what, addr, (u64)cnt * d->blksz, !write))
		return CMD_RET_FAILURE;
	if (write) {
		done = blk_write(blk, start, cnt, map_sysmem(addr, 0));
		if (done == (long)cnt && blk_flush(blk))
			done = 0;
	} else {
		done = blk_read(blk, start, cnt, map_sysmem(addr, 0));
	}
	if (done == -EROFS)
		printf("%s: %s device %d is read-only\n", what, ifn, bc->cur);
	printf("\n%s: device %d block # %lu, count %lu ... %ld blocks %s: %s\n",
	       what, bc->cur, start, cnt, done < 0 ? 0 : done,
	       write ? "written" : "read",
	       done == (long)cnt ? "OK" : "ERROR");
	return done == (long)cnt ? CMD_RET_SUCCESS : CMD_RET_FAILURE;
}
