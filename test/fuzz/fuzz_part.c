// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Partition tables (lib/part*.c): the MBR and its EBR chains, the GPT's
 * headers, entries and backup, read from a disk image in memory through
 * a struct part_io, then every partition looked up and the table printed
 * as 'part list' does.
 *
 * Input: a flags byte, then the disk image (padded with zeros to a whole
 * block). Flags: bit 0, the harness puts the CRCs of both GPT headers and
 * their entries right, so that mutations get past them; bit 1, 4096-byte
 * blocks instead of 512.
 *
 * The disk's read function traps on a read past the disk: the parsers
 * must check every block number before they ask for it.
 */
#include <errno.h>
#include <lib.h>
#include <part.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

struct img {
	u8 *p;
	size_t len;
};

static int img_read(const struct part_io *io, u64 start, u64 count,
		    void *buf)
{
	const struct img *img = io->priv;

	if (start > io->lba || count > io->lba - start ||
	    count > img->len / io->blksz)
		fuzz_fail();
	memcpy(buf, img->p + start * io->blksz, count * io->blksz);
	return 0;
}

static u32 le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static u64 le64(const u8 *p)
{
	return le32(p) | (u64)le32(p + 4) << 32;
}

static void set_le32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

/* The GPT header at block @lba: its entries' CRC, then its own, put right
 * where they can be computed inside the image */
static void fix_gpt(const struct img *img, u32 blksz, u64 lba)
{
	u64 blocks = img->len / blksz, elba, bytes;
	u8 *h;
	u32 hsize;

	if (lba >= blocks)
		return;
	h = img->p + lba * blksz;
	hsize = le32(h + 12);
	if (memcmp(h, "EFI PART", 8) || hsize < 92 || hsize > blksz)
		return;
	elba = le64(h + 72);
	bytes = (u64)le32(h + 80) * le32(h + 84);
	if (elba < blocks && bytes <= (blocks - elba) * blksz)
		set_le32(h + 88, crc32(0, img->p + elba * blksz, bytes));
	set_le32(h + 16, 0);
	set_le32(h + 16, crc32(0, h, hsize));
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct disk_partition info;
	struct part_table *t;
	struct part_io io = { .read = img_read };
	struct img img;
	int last = 0;

	fuzz_init();
	if (size < 1)
		return 0;
	io.blksz = data[0] & 2 ? 4096 : 512;
	io.lba = (size - 1 + io.blksz - 1) / io.blksz;
	strcpy(io.name, "fuzz 0");
	/* An exact-size copy: ASan sees any access past the disk */
	img.len = io.lba * io.blksz;
	img.p = calloc(1, img.len ? img.len : 1);
	if (!img.p)
		return 0;
	memcpy(img.p, data + 1, size - 1);
	io.priv = &img;
	if (data[0] & 1) {
		fix_gpt(&img, io.blksz, 1);
		if (io.lba)
			fix_gpt(&img, io.blksz, io.lba - 1);
	}

	if (!part_read_table(&io, &t)) {
		if (t->count < 0 || t->count > PART_MAX_ENTRIES)
			fuzz_fail();
		for (int i = 0; i < t->count; i++) {
			const struct disk_partition *d = &t->entry[i].info;

			/* Every partition lies on the disk, in order */
			if (d->start >= io.lba || d->size > io.lba - d->start ||
			    t->entry[i].num <= last ||
			    strnlen(d->name, PART_NAME_MAX) >= PART_NAME_MAX)
				fuzz_fail();
			last = t->entry[i].num;
		}
		for (int n = 0; n <= last + 1; n++)
			part_table_info(t, n, &info);
		part_print_table(t);
		free(t);
	}
	/* The per-partition and printing entry points, as commands use them */
	for (int n = 1; n <= 4; n++)
		part_get_info_io(&io, n, &info, NULL);
	if (last > 4)
		part_get_info_io(&io, last, &info, NULL);
	part_print_io(&io, "virtio", 0);
	free(img.p);
	return 0;
}
