// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Shared by the partition table readers (lib/part.c, part_dos.c,
 * part_efi.c): what each table type provides, and the helpers they share.
 */
#ifndef __PART_PRIV_H
#define __PART_PRIV_H

#include <part.h>
#include <types.h>

#define MBR_SIG_OFFSET		510
#define MBR_DISK_SIG_OFFSET	440
#define MBR_TABLE_OFFSET	446
#define MBR_ENTRY_SIZE		16
#define MBR_TYPE_GPT		0xee	/* a protective MBR's one entry */

/* Little-endian fields at any alignment */
static inline u32 part_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static inline u64 part_le64(const u8 *p)
{
	return part_le32(p) | (u64)part_le32(p + 4) << 32;
}

/** part_io_name() - the disk's name for messages */
const char *part_io_name(const struct part_io *io);

/**
 * part_table_add() - the next row of @t, zeroed, numbered @num
 * Return: the row, or NULL when the table is full
 */
struct part_entry *part_table_add(struct part_table *t, int num);

/**
 * part_dos_read() - the MBR in @mbr (block 0, io->blksz bytes, signature
 * checked) and its EBR chains into @t. Return: 0 or -errno
 */
int part_dos_read(const struct part_io *io, const u8 *mbr,
		  struct part_table *t);
/** part_dos_print() - the rows of a DOS table */
void part_dos_print(const struct part_table *t);

/**
 * part_efi_read() - the GPT of a disk whose MBR is protective: the
 * primary, else the backup (with a warning), into @t.
 * Return: 0, -EBADMSG (both damaged: printed), or -errno
 */
int part_efi_read(const struct part_io *io, struct part_table *t);
/** part_efi_print() - the rows of an EFI table */
void part_efi_print(const struct part_table *t);

#endif
