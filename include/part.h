// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Partition tables: MBR (DOS, with extended partitions) and GPT (both
 * headers, their CRCs, the entries' CRC). The parsers read the disk
 * through struct part_io only, so that they run on a block device, on an
 * image in memory (tests) or on fuzzer input alike, and treat every byte
 * as hostile.
 *
 * A table is read whole, once, into a struct part_table (part_read_table());
 * the per-partition calls below read it again each time, so a command that
 * looks at several partitions reads the table itself and prints any warning
 * (a damaged primary GPT, an entry past the disk) once.
 */
#ifndef __PART_H
#define __PART_H

#include <types.h>

struct udevice;

#define PART_NAME_MAX	37	/* a GPT name (36 UTF-16 units) as ASCII */
#define UUID_STR_LEN	36
#define PART_IO_NAME_MAX	24

/*
 * The most partitions a table holds: GPT headers announcing more entries
 * are refused; DOS stops following the EBR chain when the table is full.
 */
#define PART_MAX_ENTRIES	128
/* The most EBRs followed on a DOS disk (a chain may hold empty ones) */
#define PART_DOS_MAX_EBR	256
/* GPT entry sizes accepted: 128 x 2^n bytes up to this */
#define PART_GPT_MAX_ENTRY_SIZE	1024

/** struct part_io - how a parser reads the disk */
struct part_io {
	u32 blksz;		/* bytes per block: a power of two, >= 512 */
	u64 lba;		/* blocks on the disk */
	/* Read @count blocks at @start: 0 or -errno */
	int (*read)(const struct part_io *io, u64 start, u64 count,
		    void *buf);
	void *priv;
	/* The disk in messages ("host 0"); "" prints as "disk" */
	char name[PART_IO_NAME_MAX];
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
	/*
	 * DOS: the active flag (0x80). GPT: the legacy BIOS bootable
	 * attribute, or the EFI system partition type, as U-Boot has it
	 */
	bool bootable;
};

/** struct part_entry - one row of a table */
struct part_entry {
	int num;		/* partition number, 1-based */
	/*
	 * A primary DOS extended partition, holding the logical ones:
	 * listed with U-Boot's "Extd" and, as in U-Boot, a partition
	 * part_table_info() returns like any other
	 */
	bool container;
	u64 attrs;		/* GPT attributes */
	struct disk_partition info;
};

/** struct part_table - a disk's partition table, as read */
struct part_table {
	enum part_type type;
	u32 disk_sig;		/* DOS disk signature (MBR offset 440) */
	char disk_guid[UUID_STR_LEN + 1];	/* GPT disk GUID */
	u64 header_lba;		/* GPT: the header used (1, or the backup) */
	int count;		/* rows in @entry, in ascending @num order */
	struct part_entry entry[PART_MAX_ENTRIES];
};

/**
 * part_read_table() - read and check the partition table behind @io
 * @tablep: receives the table, allocated: free() it
 * Prints, naming the disk, what it repairs or ignores (a damaged primary
 * GPT read from its backup, entries past the disk, an EBR loop).
 * Return: 0; -ENODEV no partition table (quiet); -EBADMSG a table too
 * corrupt to use, backup included (printed); -EINVAL a block size under
 * 512, over 64 KiB or not a power of two (printed); -ENOMEM; the read's
 * error (printed)
 */
int part_read_table(const struct part_io *io, struct part_table **tablep);

/**
 * part_table_info() - partition @part (1-based) of table @t
 * Return: 0, or -ENOENT (no such partition)
 */
int part_table_info(const struct part_table *t, int part,
		    struct disk_partition *info);

/**
 * part_print_table() - the rows of @t in U-Boot's shape for its type, from
 * the column headings on ("Part\tStart Sector..." or "Part\tStart LBA...")
 */
void part_print_table(const struct part_table *t);

/**
 * part_type_name() - "DOS", "EFI", or "UNKNOWN"
 */
const char *part_type_name(enum part_type type);

/**
 * part_get_info_io() - partition @part (1-based) of the disk behind @io
 * @typep: receives the table's type (may be NULL)
 * Return: 0; -ENOENT no such partition; -ENODEV no partition table;
 * -EBADMSG a table that is corrupt beyond what its backup repairs; the
 * read's error
 */
int part_get_info_io(const struct part_io *io, int part,
		     struct disk_partition *info, enum part_type *typep);

/**
 * part_io_init_blk() - @io reading block device @blk (probed), named as its
 * interface and number ("host 0") in messages
 */
void part_io_init_blk(struct part_io *io, struct udevice *blk);

/** part_get_info() - the same on a block device */
int part_get_info(struct udevice *blk, int part, struct disk_partition *info);

/**
 * part_print() - 'part list' / 'virtio part' output for a block device, in
 * U-Boot's shape: a blank line, "Partition Map for VirtIO device 0  --
 * Partition Type: EFI", a blank line, then part_print_table().
 * Return: 0 or -errno (printed; no table: "## Unknown partition table on
 * virtio 0", -ENODEV)
 */
int part_print(struct udevice *blk);

/**
 * part_print_io() - the same for the disk behind @io, with @if_name and
 * @devnum for the heading (the fuzz harness's path)
 */
int part_print_io(const struct part_io *io, const char *if_name, int devnum);

/**
 * blk_get_device_by_str() - the block device named by U-Boot's "<if>
 * <dev>": @dev_str a hexadecimal number ("0", "1a"), as U-Boot reads it
 * Return: 0 with *@blkp probed; -EINVAL a bad number, -ENOENT no such
 * device, or the probe's error: each printed
 */
int blk_get_device_by_str(const char *if_name, const char *dev_str,
			  struct udevice **blkp);

/**
 * blk_get_device_part_str() - resolve U-Boot's "<if> <dev>[:<part>]"
 * ("virtio", "0:1") as U-Boot does: the device and partition numbers are
 * hexadecimal.
 *  - "0:1": partition 1 (-ENOENT when it does not exist);
 *  - "0" or "0:": partition 1 when the disk has a table, else the whole
 *    disk (part 0);
 *  - "0:0": the whole disk, table or not;
 *  - "0:auto": the first bootable partition, else the first one there is;
 *  - "" or "-": the variable 'bootdevice' holds the string.
 * The whole disk comes as *@partp 0 and an @info covering the disk, named
 * "Whole Disk".
 * Return: 0 or -errno: -EINVAL (bad device or partition number), -ENOENT
 * (no such device or partition, or a partition asked of a disk without a
 * table), -EBADMSG (a corrupt table), each printed with what was wrong
 */
int blk_get_device_part_str(const char *if_name, const char *dev_part,
			    struct udevice **blkp, int *partp,
			    struct disk_partition *info);

#endif
