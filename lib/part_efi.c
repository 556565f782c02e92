// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * GPT (UEFI 2.x §5.3): the primary header at LBA 1 and its entries, else
 * the backup header at the disk's last LBA (or where the primary's
 * AlternateLBA says, when the primary's own CRC held) with a warning.
 * A header is used only when everything checks: signature, size, CRC32
 * (with its CRC field zeroed), MyLBA, the usable range inside the disk,
 * the entry count and size bounded, the entries array inside the disk
 * and outside the usable range, and the entries' CRC32.
 */
#include <errno.h>
#include <lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "part_priv.h"

/* Header fields (byte offsets) */
enum {
	GPT_SIG		= 0,	/* "EFI PART" */
	GPT_HDR_SIZE	= 12,	/* u32 */
	GPT_HDR_CRC	= 16,	/* u32 */
	GPT_MY_LBA	= 24,	/* u64 */
	GPT_ALT_LBA	= 32,	/* u64 */
	GPT_FIRST_LBA	= 40,	/* u64: first usable */
	GPT_LAST_LBA	= 48,	/* u64: last usable */
	GPT_DISK_GUID	= 56,	/* 16 bytes */
	GPT_ENTRY_LBA	= 72,	/* u64 */
	GPT_NUM_ENTRIES	= 80,	/* u32 */
	GPT_ENTRY_SIZE	= 84,	/* u32 */
	GPT_ENTRY_CRC	= 88,	/* u32 */
	GPT_HDR_MIN	= 92,	/* the header's size in UEFI 2.x */
};

/* Entry fields */
enum {
	GPTE_TYPE	= 0,	/* type GUID, all zero: unused */
	GPTE_GUID	= 16,	/* unique GUID */
	GPTE_START	= 32,	/* u64: first LBA */
	GPTE_END	= 40,	/* u64: last LBA, inclusive */
	GPTE_ATTRS	= 48,	/* u64 */
	GPTE_NAME	= 56,	/* 36 UTF-16LE units */
	GPTE_NAME_UNITS	= 36,
};

#define GPT_ATTR_LEGACY_BOOT	(1ULL << 2)

/* The EFI system partition's type, C12A7328-F81F-11D2-BA4B-00A0C93EC93B */
static const u8 esp_type[16] = {
	0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
	0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b,
};

/** struct gpt - one header and its entries, checked */
struct gpt {
	u8 *hdr;		/* io->blksz bytes */
	u8 *entries;		/* num * size bytes */
	u64 lba;		/* where the header was read */
	u64 first, last;	/* usable LBAs */
	u32 num, size;
	bool hdr_crc_ok;	/* its AlternateLBA can be believed */
};

/* A GUID as U-Boot prints it: the first three fields little-endian */
static void guid_str(const u8 *g, char *out)
{
	snprintf(out, UUID_STR_LEN + 1,
		 "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 part_le32(g), g[4] | g[5] << 8, g[6] | g[7] << 8, g[8], g[9],
		 g[10], g[11], g[12], g[13], g[14], g[15]);
}

/* The name, UTF-16LE to ASCII: what is not printable ASCII becomes '.' */
static void name_str(const u8 *p, char *out)
{
	int i;

	for (i = 0; i < GPTE_NAME_UNITS; i++) {
		u16 c = p[2 * i] | p[2 * i + 1] << 8;

		if (!c)
			break;
		out[i] = c >= 0x20 && c < 0x7f ? c : '.';
	}
	out[i] = '\0';
}

static bool blocks_overlap(u64 a, u64 a_end, u64 b, u64 b_end)
{
	return a <= b_end && b <= a_end;
}

/* The entries array: a bounded count and size, inside the disk, clear of
 * the usable LBAs and of the header */
static int check_array(const struct part_io *io, struct gpt *g, char *why,
		       size_t whylen)
{
	u64 elba = part_le64(g->hdr + GPT_ENTRY_LBA), eblocks, end;

	g->num = part_le32(g->hdr + GPT_NUM_ENTRIES);
	g->size = part_le32(g->hdr + GPT_ENTRY_SIZE);
	if (g->num > PART_MAX_ENTRIES || g->size < 128 || g->size % 128 ||
	    g->size > PART_GPT_MAX_ENTRY_SIZE ||
	    (g->size & (g->size - 1))) {
		snprintf(why, whylen, "%u entries of %u bytes", g->num,
			 g->size);
		return -EBADMSG;
	}
	eblocks = ((u64)g->num * g->size + io->blksz - 1) / io->blksz;
	end = elba + eblocks - 1;
	if (elba < 2 || elba >= io->lba || eblocks > io->lba - elba ||
	    (eblocks && (blocks_overlap(elba, end, g->first, g->last) ||
			 blocks_overlap(elba, end, g->lba, g->lba)))) {
		snprintf(why, whylen, "entries at LBA %llu (%llu blocks)",
			 (unsigned long long)elba, (unsigned long long)eblocks);
		return -EBADMSG;
	}
	return 0;
}

/* The header's fields, before reading anything it points to */
static int check_header(const struct part_io *io, struct gpt *g,
			char *why, size_t whylen)
{
	const u8 *h = g->hdr;
	u32 hsize = part_le32(h + GPT_HDR_SIZE), crc, want;
	u8 *tmp;

	if (memcmp(h + GPT_SIG, "EFI PART", 8)) {
		snprintf(why, whylen, "no GPT signature");
		return -EBADMSG;
	}
	if (hsize < GPT_HDR_MIN || hsize > io->blksz) {
		snprintf(why, whylen, "header size %u", hsize);
		return -EBADMSG;
	}
	tmp = malloc(hsize);
	if (!tmp)
		return -ENOMEM;
	memcpy(tmp, h, hsize);
	memset(tmp + GPT_HDR_CRC, 0, 4);
	crc = crc32(0, tmp, hsize);
	free(tmp);
	want = part_le32(h + GPT_HDR_CRC);
	if (crc != want) {
		snprintf(why, whylen, "header CRC is 0x%08x, computed 0x%08x",
			 want, crc);
		return -EBADMSG;
	}
	g->hdr_crc_ok = true;
	if (part_le64(h + GPT_MY_LBA) != g->lba) {
		snprintf(why, whylen, "MyLBA is %llu",
			 (unsigned long long)part_le64(h + GPT_MY_LBA));
		return -EBADMSG;
	}
	g->first = part_le64(h + GPT_FIRST_LBA);
	g->last = part_le64(h + GPT_LAST_LBA);
	if (g->first > g->last || g->last >= io->lba ||
	    blocks_overlap(g->first, g->last, g->lba, g->lba)) {
		snprintf(why, whylen, "usable LBAs %llu-%llu on a disk of %llu",
			 (unsigned long long)g->first,
			 (unsigned long long)g->last,
			 (unsigned long long)io->lba);
		return -EBADMSG;
	}
	return check_array(io, g, why, whylen);
}

/* The entries array and its CRC */
static int read_entries(const struct part_io *io, struct gpt *g,
			char *why, size_t whylen)
{
	u64 elba = part_le64(g->hdr + GPT_ENTRY_LBA);
	size_t bytes = (size_t)g->num * g->size;
	u64 eblocks = (bytes + io->blksz - 1) / io->blksz;
	u32 crc, want = part_le32(g->hdr + GPT_ENTRY_CRC);
	u8 *buf;
	int ret;

	if (!eblocks) {
		crc = crc32(0, NULL, 0);
		goto check;
	}
	buf = malloc(eblocks * io->blksz);
	if (!buf)
		return -ENOMEM;
	ret = io->read(io, elba, eblocks, buf);
	if (ret) {
		snprintf(why, whylen, "cannot read its entries: %d (%s)", ret,
			 errno_str(ret));
		free(buf);
		return ret;
	}
	crc = crc32(0, buf, bytes);
	g->entries = buf;
check:
	if (crc != want) {
		snprintf(why, whylen, "entries' CRC is 0x%08x, computed 0x%08x",
			 want, crc);
		return -EBADMSG;
	}
	return 0;
}

/* The header at @lba and its entries, all checked: 0, or -errno + @why */
static int gpt_load(const struct part_io *io, u64 lba, struct gpt *g,
		    char *why, size_t whylen)
{
	int ret;

	memset(g, 0, sizeof(*g));
	g->lba = lba;
	g->hdr = malloc(io->blksz);
	if (!g->hdr)
		return -ENOMEM;
	if (lba >= io->lba) {
		snprintf(why, whylen, "past the end of the disk");
		return -EBADMSG;
	}
	ret = io->read(io, lba, 1, g->hdr);
	if (ret) {
		snprintf(why, whylen, "cannot read it: %d (%s)", ret,
			 errno_str(ret));
		return ret;
	}
	ret = check_header(io, g, why, whylen);
	if (!ret)
		ret = read_entries(io, g, why, whylen);
	return ret;
}

static void gpt_free(struct gpt *g)
{
	free(g->hdr);
	free(g->entries);
	g->hdr = NULL;
	g->entries = NULL;
}

/* The used entries of @g into @t; those outside the usable LBAs are
 * reported and left out */
static void gpt_fill(const struct part_io *io, const struct gpt *g,
		     struct part_table *t)
{
	static const u8 zero[16];

	t->header_lba = g->lba;
	guid_str(g->hdr + GPT_DISK_GUID, t->disk_guid);
	for (u32 i = 0; i < g->num; i++) {
		const u8 *p = g->entries + (size_t)i * g->size;
		u64 start = part_le64(p + GPTE_START);
		u64 end = part_le64(p + GPTE_END);
		struct part_entry *e;

		if (!memcmp(p + GPTE_TYPE, zero, 16))
			continue;
		if (start > end || start < g->first || end > g->last) {
			printf("%s: GPT: partition %u (LBA %llu-%llu) is outside the usable LBAs %llu-%llu: ignored\n",
			       part_io_name(io), i + 1,
			       (unsigned long long)start,
			       (unsigned long long)end,
			       (unsigned long long)g->first,
			       (unsigned long long)g->last);
			continue;
		}
		/* g->num <= PART_MAX_ENTRIES: there is always room */
		e = part_table_add(t, i + 1);
		e->attrs = part_le64(p + GPTE_ATTRS);
		e->info.start = start;
		e->info.size = end - start + 1;
		e->info.blksz = io->blksz;
		name_str(p + GPTE_NAME, e->info.name);
		guid_str(p + GPTE_GUID, e->info.uuid);
		guid_str(p + GPTE_TYPE, e->info.type_guid);
		e->info.bootable = (e->attrs & GPT_ATTR_LEGACY_BOOT) ||
				   !memcmp(p + GPTE_TYPE, esp_type, 16);
	}
}

int part_efi_read(const struct part_io *io, struct part_table *t)
{
	const char *name = part_io_name(io);
	char why[96], bwhy[96];
	struct gpt g, b;
	u64 alt;
	int ret;

	ret = gpt_load(io, 1, &g, why, sizeof(why));
	if (!ret) {
		gpt_fill(io, &g, t);
		gpt_free(&g);
		return 0;
	}
	if (ret == -ENOMEM)
		goto out;
	/* The backup: at the last LBA, else where a sound primary says */
	alt = io->lba - 1;
	ret = gpt_load(io, alt, &b, bwhy, sizeof(bwhy));
	if (ret && ret != -ENOMEM && g.hdr_crc_ok &&
	    part_le64(g.hdr + GPT_ALT_LBA) != alt &&
	    part_le64(g.hdr + GPT_ALT_LBA) < io->lba &&
	    part_le64(g.hdr + GPT_ALT_LBA) > 1) {
		alt = part_le64(g.hdr + GPT_ALT_LBA);
		gpt_free(&b);
		ret = gpt_load(io, alt, &b, bwhy, sizeof(bwhy));
	}
	if (!ret) {
		printf("%s: Invalid GPT at LBA 1 (%s): Using Backup GPT at LBA %llu\n",
		       name, why, (unsigned long long)alt);
		gpt_fill(io, &b, t);
	} else if (ret != -ENOMEM) {
		printf("%s: Invalid GPT at LBA 1 (%s), Invalid Backup GPT at LBA %llu (%s)\n",
		       name, why, (unsigned long long)alt, bwhy);
		ret = -EBADMSG;
	}
	gpt_free(&b);
out:
	gpt_free(&g);
	return ret;
}

void part_efi_print(const struct part_table *t)
{
	printf("Part\tStart LBA\tEnd LBA\t\tName\n");
	printf("\tAttributes\n\tType GUID\n\tPartition GUID\n");
	for (int i = 0; i < t->count; i++) {
		const struct part_entry *e = &t->entry[i];

		printf("%3d\t0x%08llx\t0x%08llx\t\"%s\"\n", e->num,
		       (unsigned long long)e->info.start,
		       (unsigned long long)(e->info.start + e->info.size - 1),
		       e->info.name);
		printf("\tattrs:\t0x%016llx\n", (unsigned long long)e->attrs);
		printf("\ttype:\t%s\n", e->info.type_guid);
		printf("\tguid:\t%s\n", e->info.uuid);
	}
}
