// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Partition tables: which kind a disk has, the table read once into a
 * struct part_table, U-Boot's "<if> <dev>[:<part>]" names, and the
 * listing 'part list' and 'virtio part' print. The readers themselves are
 * part_dos.c (MBR and EBR chains) and part_efi.c (GPT).
 */
#include <blk.h>
#include <byteorder.h>
#include <env.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "part_priv.h"

const char *part_io_name(const struct part_io *io)
{
	return io->name[0] ? io->name : "disk";
}

struct part_entry *part_table_add(struct part_table *t, int num)
{
	struct part_entry *e;

	if (t->count >= PART_MAX_ENTRIES)
		return NULL;
	e = &t->entry[t->count++];
	memset(e, 0, sizeof(*e));
	e->num = num;
	return e;
}

const char *part_type_name(enum part_type type)
{
	switch (type) {
	case PART_TYPE_DOS:
		return "DOS";
	case PART_TYPE_EFI:
		return "EFI";
	default:
		return "UNKNOWN";
	}
}

/* An MBR: the signature, and each entry's boot flag 0 or 0x80 (else boot
 * code or a filesystem starts at block 0, not a table) */
/*
 * A FAT boot sector ends in 0x55AA too, and on a volume made without a
 * partition table (mkfs.vfat on a whole disk) its partition-entry bytes
 * are code or zeros: its filesystem-type string says it is no MBR
 */
static bool fat_boot_sector(const u8 *mbr)
{
	return !memcmp(mbr + 0x36, "FAT", 3) || !memcmp(mbr + 0x52, "FAT32", 5);
}

static bool mbr_valid(const u8 *mbr, bool *protectivep)
{
	*protectivep = false;
	if (mbr[MBR_SIG_OFFSET] != 0x55 || mbr[MBR_SIG_OFFSET + 1] != 0xaa)
		return false;
	if (fat_boot_sector(mbr))
		return false;
	for (int i = 0; i < 4; i++) {
		const u8 *e = mbr + MBR_TABLE_OFFSET + i * MBR_ENTRY_SIZE;

		if (e[0] & 0x7f)
			return false;
		if (e[4] == MBR_TYPE_GPT)
			*protectivep = true;
	}
	return true;
}

/*
 * The head of a disk: block 0 (the MBR) and, where GPT puts them, the
 * primary header (LBA 1) and its entries (16 KiB from LBA 2), read in one
 * request rather than three; the table readers' reads that fall inside it
 * are served from memory, any other goes to the disk.
 */
#define PART_HEAD_BYTES		16384

struct part_head {
	struct part_io io;		/* what the table readers are given */
	const struct part_io *disk;
	u64 count;			/* blocks held */
	u8 *buf;
};

static int head_read(const struct part_io *io, u64 start, u64 count,
		     void *buf)
{
	const struct part_head *h = container_of(io, struct part_head, io);

	if (start < h->count && count <= h->count - start) {
		memcpy(buf, h->buf + start * io->blksz, count * io->blksz);
		return 0;
	}
	return h->disk->read(h->disk, start, count, buf);
}

/* Block 0 and as much of the head as the disk gives in one read: 0, or
 * the error reading block 0 alone (printed) */
static int head_load(const struct part_io *io, struct part_head *h)
{
	int ret;

	h->io = *io;
	h->io.read = head_read;
	h->disk = io;
	h->count = min_t(u64, io->lba, 2 + PART_HEAD_BYTES / io->blksz);
	h->buf = malloc(h->count * io->blksz);
	if (!h->buf)
		return -ENOMEM;
	ret = io->read(io, 0, h->count, h->buf);
	if (ret && h->count > 1) {
		/* Something past block 0 may be what fails: the readers
		 * meet it, and say so, where it matters */
		h->count = 1;
		ret = io->read(io, 0, 1, h->buf);
	}
	if (ret)
		printf("%s: cannot read block 0: %d (%s)\n", part_io_name(io),
		       ret, errno_str(ret));
	return ret;
}

int part_read_table(const struct part_io *io, struct part_table **tablep)
{
	struct part_head head = { 0 };
	struct part_table *t;
	bool protective;
	int ret;

	*tablep = NULL;
	if (io->blksz < 512 || (io->blksz & (io->blksz - 1)) ||
	    io->blksz > 65536) {
		printf("%s: block size %u: no partition table can be read\n",
		       part_io_name(io), io->blksz);
		return -EINVAL;
	}
	if (!io->lba)
		return -ENODEV;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	ret = head_load(io, &head);
	if (ret)
		goto out;
	if (!mbr_valid(head.buf, &protective)) {
		ret = -ENODEV;
		goto out;
	}
	if (protective && IS_ENABLED(CONFIG_EFI_PARTITION)) {
		t->type = PART_TYPE_EFI;
		ret = part_efi_read(&head.io, t);
	} else if (IS_ENABLED(CONFIG_DOS_PARTITION)) {
		t->type = PART_TYPE_DOS;
		ret = part_dos_read(&head.io, head.buf, t);
	} else {
		ret = -ENODEV;
	}
out:
	free(head.buf);
	if (ret)
		free(t);
	else
		*tablep = t;
	return ret;
}

int part_table_info(const struct part_table *t, int part,
		    struct disk_partition *info)
{
	for (int i = 0; i < t->count; i++) {
		const struct part_entry *e = &t->entry[i];

		if (e->num == part) {
			*info = e->info;
			return 0;
		}
	}
	return -ENOENT;
}

void part_print_table(const struct part_table *t)
{
	if (t->type == PART_TYPE_EFI && IS_ENABLED(CONFIG_EFI_PARTITION))
		part_efi_print(t);
	else if (t->type == PART_TYPE_DOS && IS_ENABLED(CONFIG_DOS_PARTITION))
		part_dos_print(t);
}

int part_get_info_io(const struct part_io *io, int part,
		     struct disk_partition *info, enum part_type *typep)
{
	struct part_table *t;
	int ret = part_read_table(io, &t);

	if (typep)
		*typep = ret ? PART_TYPE_UNKNOWN : t->type;
	if (ret)
		return ret;
	ret = part_table_info(t, part, info);
	free(t);
	return ret;
}

/* Block devices */

static int blk_io_read(const struct part_io *io, u64 start, u64 count,
		       void *buf)
{
	long got = blk_read(io->priv, start, count, buf);

	if (got < 0)
		return got;
	return got == (long)count ? 0 : -EIO;
}

void part_io_init_blk(struct part_io *io, struct udevice *blk)
{
	struct blk_desc *d = blk_get_desc(blk);

	memset(io, 0, sizeof(*io));
	io->blksz = d->blksz;
	io->lba = d->lba;
	io->read = blk_io_read;
	io->priv = blk;
	snprintf(io->name, sizeof(io->name), "%s %d", d->if_name, d->devnum);
}

int part_get_info(struct udevice *blk, int part, struct disk_partition *info)
{
	struct part_io io;

	part_io_init_blk(&io, blk);
	return part_get_info_io(&io, part, info, NULL);
}

/* The interface as U-Boot's heading spells it */
static const char *if_heading(const char *if_name)
{
	static const char *const names[][2] = {
		{ "virtio", "VirtIO" }, { "host", "HOST" }, { "mmc", "MMC" },
		{ "usb", "USB" }, { "scsi", "SCSI" }, { "sata", "SATA" },
		{ "ide", "IDE" }, { "nvme", "NVMe" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(names[i][0], if_name))
			return names[i][1];
	}
	return if_name;
}

int part_print_io(const struct part_io *io, const char *if_name, int devnum)
{
	struct part_table *t;
	int ret = part_read_table(io, &t);

	if (ret == -ENODEV)
		printf("## Unknown partition table on %s\n", part_io_name(io));
	if (ret)
		return ret;
	printf("\nPartition Map for %s device %d  --   Partition Type: %s\n\n",
	       if_heading(if_name), devnum, part_type_name(t->type));
	part_print_table(t);
	free(t);
	return 0;
}

int part_print(struct udevice *blk)
{
	struct blk_desc *d = blk_get_desc(blk);
	struct part_io io;

	part_io_init_blk(&io, blk);
	return part_print_io(&io, d->if_name, d->devnum);
}

/* "<if> <dev>[:<part>]" */

/* A hexadecimal number, as U-Boot reads device and partition numbers */
static int parse_hex(const char *s, int *valp)
{
	unsigned long long v;

	if (str_to_u64(s, 16, &v) || v > INT_MAX)
		return -EINVAL;
	*valp = v;
	return 0;
}

int blk_get_device_by_str(const char *if_name, const char *dev_str,
			  struct udevice **blkp)
{
	int devnum, ret;

	if (parse_hex(dev_str, &devnum)) {
		printf("%s %s: bad device number\n", if_name, dev_str);
		return -EINVAL;
	}
	ret = blk_get_by_name(if_name, devnum, blkp);
	if (ret == -ENODEV) {
		printf("%s %x: no such device\n", if_name, devnum);
		return -ENOENT;
	}
	if (ret)
		printf("%s %x: cannot start: %d (%s)\n", if_name, devnum, ret,
		       errno_str(ret));
	return ret;
}

static void whole_disk(struct udevice *blk, struct disk_partition *info)
{
	struct blk_desc *d = blk_get_desc(blk);

	memset(info, 0, sizeof(*info));
	info->size = d->lba;
	info->blksz = d->blksz;
	strcpy(info->name, "Whole Disk");
}

/* ":auto": the first bootable partition, else the first there is */
static int pick_auto(const struct part_table *t, int *partp,
		     struct disk_partition *info)
{
	const struct part_entry *first = NULL;

	for (int i = 0; i < t->count; i++) {
		const struct part_entry *e = &t->entry[i];

		if (e->info.bootable) {
			first = e;
			break;
		}
		if (!first)
			first = e;
	}
	if (!first)
		return -ENOENT;
	*partp = first->num;
	*info = first->info;
	return 0;
}

#define PART_UNSET	(-1)
#define PART_AUTO	(-2)

/* Partition @part of @blk (or its whole disk) into @info */
static int resolve_part(struct udevice *blk, const char *spec, int part,
			int *partp, struct disk_partition *info)
{
	struct part_table *t;
	struct part_io io;
	int ret;

	part_io_init_blk(&io, blk);
	if (!io.lba) {
		printf("%s: the disk has no blocks\n", io.name);
		return -ENOENT;
	}
	if (part == 0) {
		*partp = 0;
		whole_disk(blk, info);
		return 0;
	}
	ret = part_read_table(&io, &t);
	if (ret == -ENODEV) {
		if (part > 0) {
			printf("%s: no partition table, so no partition %d\n",
			       io.name, part);
			return -ENOENT;
		}
		*partp = 0;
		whole_disk(blk, info);
		return 0;
	}
	if (ret)
		return ret;
	if (part == PART_AUTO) {
		ret = pick_auto(t, partp, info);
		if (ret)
			printf("%s: no partition to use in the %s table\n",
			       io.name, part_type_name(t->type));
	} else {
		if (part == PART_UNSET)
			part = 1;
		*partp = part;
		ret = part_table_info(t, part, info);
		if (ret)
			printf("%s: no partition %d (%s)\n", io.name, part, spec);
	}
	free(t);
	return ret;
}

int blk_get_device_part_str(const char *if_name, const char *dev_part,
			    struct udevice **blkp, int *partp,
			    struct disk_partition *info)
{
	char dev[24];
	const char *colon, *pstr;
	size_t len;
	int part = PART_UNSET, ret;

	if (!dev_part || !*dev_part || !strcmp(dev_part, "-"))
		dev_part = env_get("bootdevice");
	if (!dev_part || !*dev_part) {
		printf("%s: no device given, and no 'bootdevice' variable\n",
		       if_name);
		return -EINVAL;
	}
	colon = strchr(dev_part, ':');
	len = colon ? (size_t)(colon - dev_part) : strlen(dev_part);
	if (len >= sizeof(dev)) {
		printf("%s %s: bad device number\n", if_name, dev_part);
		return -EINVAL;
	}
	memcpy(dev, dev_part, len);
	dev[len] = '\0';
	pstr = colon ? colon + 1 : "";
	if (!strcmp(pstr, "auto")) {
		part = PART_AUTO;
	} else if (*pstr && parse_hex(pstr, &part)) {
		printf("%s %s: bad partition number '%s'\n", if_name, dev_part,
		       pstr);
		return -EINVAL;
	}
	ret = blk_get_device_by_str(if_name, dev, blkp);
	if (ret)
		return ret;
	return resolve_part(*blkp, dev_part, part, partp, info);
}
