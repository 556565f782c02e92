// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Partition tables: MBR (DOS, with extended partitions) and GPT (both
 * headers, their CRCs, the entries' CRC). The parsers read the disk
 * through struct part_io only, so that they run on a block device, on an
 * image in memory (tests) or on fuzzer input alike, and treat every byte
 * as hostile.
 */
#ifndef __PART_H
#define __PART_H

#include <types.h>

struct udevice;

#define PART_NAME_MAX	37	/* a GPT name (36 UTF-16 units) as ASCII */
#define UUID_STR_LEN	36

/** struct part_io - how a parser reads the disk */
struct part_io {
	u32 blksz;		/* bytes per block */
	u64 lba;		/* blocks on the disk */
	/* Read @count blocks at @start: 0 or -errno */
	int (*read)(const struct part_io *io, u64 start, u64 count,
		    void *buf);
	void *priv;
};

enum part_type { PART_TYPE_UNKNOWN, PART_TYPE_DOS, PART_TYPE_EFI };

/** struct disk_partition - one partition, in blocks of the disk */
struct disk_partition {
	u64 start;		/* first block */
	u64 size;		/* blocks */
	u32 blksz;
	char name[PART_NAME_MAX];	/* GPT name, or "" */
	char uuid[UUID_STR_LEN + 1];	/* GPT unique GUID, or the DOS
					   "xxxxxxxx-NN" disk id form */
	char type_guid[UUID_STR_LEN + 1];	/* GPT type GUID, or "" */
	u8 sys_ind;		/* DOS type byte (0 for GPT) */
	bool bootable;		/* DOS active flag / GPT legacy BIOS bootable */
};

/**
 * part_get_info_io() - partition @part (1-based) of the disk behind @io
 * @typep: receives the table's type (may be NULL)
 * Return: 0; -ENOENT no such partition; -ENODEV no partition table;
 * -EBADMSG a table that is corrupt beyond what its backup repairs; the
 * read's error
 */
int part_get_info_io(const struct part_io *io, int part,
		     struct disk_partition *info, enum part_type *typep);

/** part_get_info() - the same on a block device */
int part_get_info(struct udevice *blk, int part, struct disk_partition *info);

/**
 * part_print() - 'part list' / 'virtio part' output for a block device, in
 * U-Boot's shape. Return: 0 or -errno (printed)
 */
int part_print(struct udevice *blk);

/**
 * blk_get_device_part_str() - resolve U-Boot's "<if> <dev>[:<part>]"
 * ("virtio", "0:1"): the block device, probed, and the partition (@part 0
 * with *@partp 0 when the string names a whole disk without a table:
 * info covers the disk). With no ":part", the first bootable partition,
 * else partition 1, as U-Boot does.
 * Return: 0 or -errno, printed with what was wrong
 */
int blk_get_device_part_str(const char *if_name, const char *dev_part,
			    struct udevice **blkp, int *partp,
			    struct disk_partition *info);

#endif
