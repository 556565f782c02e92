// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * MBR (DOS) partition tables: the four primary entries of block 0, and
 * behind an extended entry (types 0x05, 0x0f, 0x85) a chain of EBRs, each
 * holding one logical partition (its start relative to that EBR) and a
 * link to the next EBR (relative to the extended partition's start).
 * Numbering as Linux and U-Boot: primaries 1-4 by slot, logicals from 5.
 *
 * Nothing on the disk is trusted: an entry past the end of the disk is
 * reported and left out, an EBR outside its extended partition is not
 * read, and the chain stops at a loop or after PART_DOS_MAX_EBR links.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "part_priv.h"

/* One 16-byte entry, decoded */
struct mbr_entry {
	u8 boot;
	u8 type;
	u32 start;	/* relative, see above */
	u32 size;
};

static void mbr_entry(const u8 *blk, int i, struct mbr_entry *e)
{
	const u8 *p = blk + MBR_TABLE_OFFSET + i * MBR_ENTRY_SIZE;

	e->boot = p[0];
	e->type = p[4];
	e->start = part_le32(p + 8);
	e->size = part_le32(p + 12);
}

static bool is_extended(u8 type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

/* Blocks @start.. + @size inside the disk? If not, say so */
static bool in_disk(const struct part_io *io, int num, u64 start, u64 size)
{
	if (start < io->lba && size <= io->lba - start)
		return true;
	printf("%s: MBR: partition %d (start %llu, %llu sectors) goes past the end of the disk (%llu sectors): ignored\n",
	       part_io_name(io), num, (unsigned long long)start,
	       (unsigned long long)size, (unsigned long long)io->lba);
	return false;
}

static int add_entry(const struct part_io *io, struct part_table *t,
		     int num, const struct mbr_entry *m, u64 start)
{
	struct part_entry *e;

	if (!in_disk(io, num, start, m->size))
		return 0;
	e = part_table_add(t, num);
	if (!e) {
		printf("%s: MBR: more than %d partitions: the rest ignored\n",
		       part_io_name(io), PART_MAX_ENTRIES);
		return -ENOSPC;
	}
	e->container = is_extended(m->type);
	e->info.start = start;
	e->info.size = m->size;
	e->info.blksz = io->blksz;
	e->info.sys_ind = m->type;
	e->info.bootable = m->boot == 0x80;
	snprintf(e->info.uuid, sizeof(e->info.uuid), "%08x-%02x", t->disk_sig,
		 num & 0xff);
	return 0;
}

/* Has the chain been at @lba before? */
static bool seen(const u64 *visited, int n, u64 lba)
{
	for (int i = 0; i < n; i++) {
		if (visited[i] == lba)
			return true;
	}
	return false;
}

/* The EBR at @ebr into @buf: 0, -EBADMSG (no signature) or the read's
 * error, each printed */
static int read_ebr(const struct part_io *io, u64 ebr, u8 *buf)
{
	const char *name = part_io_name(io);
	int ret = io->read(io, ebr, 1, buf);

	if (ret) {
		printf("%s: MBR: cannot read the EBR at sector %llu: %d (%s)\n",
		       name, (unsigned long long)ebr, ret, errno_str(ret));
		return ret;
	}
	if (buf[MBR_SIG_OFFSET] != 0x55 || buf[MBR_SIG_OFFSET + 1] != 0xaa) {
		printf("%s: MBR: bad EBR signature 0x%02x%02x at sector %llu: chain ends\n",
		       name, buf[MBR_SIG_OFFSET], buf[MBR_SIG_OFFSET + 1],
		       (unsigned long long)ebr);
		return -EBADMSG;
	}
	return 0;
}

/*
 * The logical partitions of the extended partition at @ext (@ext_size
 * blocks), numbered from *@nump. Problems in the chain are reported and
 * end it; what came before stays.
 */
static int read_chain(const struct part_io *io, struct part_table *t,
		      u64 ext, u64 ext_size, u8 *buf, u64 *visited, int *nump)
{
	const char *name = part_io_name(io);
	u64 ebr = ext;
	int hops;

	for (hops = 0; hops < PART_DOS_MAX_EBR; hops++) {
		struct mbr_entry link = { 0 };
		int ret;

		if (ebr < ext || ebr - ext >= ext_size || ebr >= io->lba) {
			printf("%s: MBR: EBR at sector %llu is outside its extended partition (%llu + %llu): chain ends\n",
			       name, (unsigned long long)ebr,
			       (unsigned long long)ext,
			       (unsigned long long)ext_size);
			return 0;
		}
		if (seen(visited, hops, ebr)) {
			printf("%s: MBR: EBR chain loops back to sector %llu: chain ends\n",
			       name, (unsigned long long)ebr);
			return 0;
		}
		visited[hops] = ebr;
		ret = read_ebr(io, ebr, buf);
		if (ret)
			return ret == -EBADMSG ? 0 : ret;
		for (int i = 0; i < 4; i++) {
			struct mbr_entry m;

			mbr_entry(buf, i, &m);
			if (!m.type || !m.size)
				continue;
			if (is_extended(m.type)) {
				if (!link.type)
					link = m;
				continue;
			}
			ret = add_entry(io, t, (*nump)++, &m, ebr + m.start);
			if (ret)
				return ret;
		}
		if (!link.type)
			return 0;
		ebr = ext + link.start;
	}
	printf("%s: MBR: more than %d EBRs: chain ends\n", name,
	       PART_DOS_MAX_EBR);
	return 0;
}

int part_dos_read(const struct part_io *io, const u8 *mbr,
		  struct part_table *t)
{
	struct mbr_entry m[4];
	u64 *visited;
	int num = 5, ret = 0;
	u8 *buf;

	t->disk_sig = part_le32(mbr + MBR_DISK_SIG_OFFSET);
	for (int i = 0; i < 4; i++) {
		mbr_entry(mbr, i, &m[i]);
		if (!m[i].type || !m[i].size)
			continue;
		ret = add_entry(io, t, i + 1, &m[i], m[i].start);
		if (ret)
			return ret;
	}
	buf = malloc(io->blksz);
	visited = malloc(PART_DOS_MAX_EBR * sizeof(*visited));
	if (!buf || !visited) {
		ret = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < 4 && !ret; i++) {
		if (!m[i].type || !m[i].size || !is_extended(m[i].type))
			continue;
		/* A container past the disk was reported above */
		if (m[i].start >= io->lba || m[i].size > io->lba - m[i].start)
			continue;
		ret = read_chain(io, t, m[i].start, m[i].size, buf, visited,
				 &num);
	}
	/* A full table was reported; what it holds is still good */
	if (ret == -ENOSPC)
		ret = 0;
out:
	free(visited);
	free(buf);
	return ret;
}

void part_dos_print(const struct part_table *t)
{
	printf("Part\tStart Sector\tNum Sectors\tUUID\t\tType\n");
	for (int i = 0; i < t->count; i++) {
		const struct part_entry *e = &t->entry[i];

		printf("%3d\t%-10llu\t%-10llu\t%s\t%02x%s%s\n", e->num,
		       (unsigned long long)e->info.start,
		       (unsigned long long)e->info.size, e->info.uuid,
		       e->info.sys_ind, e->container ? " Extd" : "",
		       e->info.bootable ? " Boot" : "");
	}
}
