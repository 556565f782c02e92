// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * FAT12/16/32: the boot sector's BPB, the FAT and its cluster chains,
 * reading files, and the fs_type ops (directories and names are in
 * fat_dir.c, writing in fat_write.c). Every field read from the volume is hostile: the BPB is
 * checked whole before use, every cluster number is range-checked, and
 * every walk along a chain is bounded, so that a corrupt volume gives
 * -EBADMSG with one line saying what is wrong.
 */
#include <errno.h>
#include <fs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fat_priv.h"

#define FAT_CACHE_SIZE	65536	/* the FAT window: holds 2 sectors or more */
#define FAT_WINDOW_MAX	(1 << 20)	/* the window read for a file at most */
#define FAT_PIECE_MAX	(1 << 20)	/* a piece of a file's read at most */

/* §3.1 and §3.2: offsets in the boot sector */
#define BS_JMP_BOOT	0
#define BS_OEM_NAME	3
#define BPB_BYTS_PER_SEC 11
#define BPB_SEC_PER_CLUS 13
#define BPB_RSVD_SEC_CNT 14
#define BPB_NUM_FATS	16
#define BPB_ROOT_ENT_CNT 17
#define BPB_TOT_SEC16	19
#define BPB_MEDIA	21
#define BPB_FAT_SZ16	22
#define BPB_TOT_SEC32	32
#define BPB_FAT_SZ32	36
#define BPB_EXT_FLAGS	40
#define BPB_FS_VER	42
#define BPB_ROOT_CLUS	44
#define BPB_FS_INFO	48
#define BS_SIGNATURE	510

/* §3.5: the FAT type is decided by the count of clusters alone */
#define FAT12_MAX_CLUSTERS	4084
#define FAT16_MAX_CLUSTERS	65524
#define FAT32_MAX_CLUSTERS	0x0ffffff4

struct fat_vol *fat_from_vol(struct fs_vol *vol)
{
	return (struct fat_vol *)vol;
}

int fat_bad(const struct fat_vol *v, const char *fmt, ...)
{
	va_list ap;

	printf("%s: FAT: ", v->name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	puts("\n");
	return -EBADMSG;
}

int fat_read(const struct fat_vol *v, u64 off, void *buf, size_t len)
{
	return v->io->read(v->io, off, buf, len);
}

bool fat_cluster_ok(const struct fat_vol *v, u32 cl)
{
	return cl >= 2 && cl - 2 < v->nclusters;
}

u64 fat_cluster_off(const struct fat_vol *v, u32 cl)
{
	return v->data_off + (u64)(cl - 2) * v->clsize;
}

/* ------------------------------------------------------------ the FAT */

/* §4: where the entry of cluster @cl is in the FAT, and its width */
static u64 fat_entry_off(const struct fat_vol *v, u32 cl)
{
	return v->bits == 12 ? cl + cl / 2 : (u64)cl * (v->bits / 8);
}

static u32 fat_entry_width(const struct fat_vol *v)
{
	return v->bits == 32 ? 4 : 2;
}

/* Whether the entry of cluster @cl is in the cached window */
static bool fat_entry_cached(const struct fat_vol *v, u32 cl)
{
	u64 off = fat_entry_off(v, cl);

	return v->cache_len && off >= v->cache_off &&
	       off + fat_entry_width(v) <= v->cache_off + v->cache_len;
}

/*
 * Read the window of the FAT from the sector holding byte @off on, @len
 * bytes or as many as the cache holds (at least FAT_CACHE_SIZE), up to
 * the FAT's end
 */
static int fat_window(struct fat_vol *v, u64 off, u64 len)
{
	int ret;

	v->cache_off = ALIGN_DOWN(off, v->bps);
	len = min_t(u64, max_t(u64, len, FAT_CACHE_SIZE), v->cache_cap);
	v->cache_len = min_t(u64, len, v->fat_size - v->cache_off);
	ret = fat_read(v, v->fat_off + v->cache_off, v->cache, v->cache_len);
	if (ret)
		v->cache_len = 0;
	return ret;
}

/* §4: the entry of cluster @cl, from the cached window of the FAT */
static int fat_entry(struct fat_vol *v, u32 cl, u32 *valp)
{
	u64 off = fat_entry_off(v, cl);
	const u8 *p;
	int ret;

	/* fat_open() made sure every cluster's entry lies in the FAT */
	if (!fat_entry_cached(v, cl)) {
		ret = fat_window(v, off, FAT_CACHE_SIZE);
		if (ret)
			return ret;
	}
	p = v->cache + (off - v->cache_off);
	if (v->bits == 32)
		*valp = fat_le32(p) & 0x0fffffff;
	else if (v->bits == 16)
		*valp = fat_le16(p);
	else
		*valp = cl & 1 ? fat_le16(p) >> 4 : fat_le16(p) & 0xfff;
	return 0;
}

void fat_chain_start(struct fat_chain *ch, u32 first)
{
	ch->cur = first;
	ch->mark = first;
	ch->steps = 0;
	ch->power = 1;
	ch->lam = 0;
}

static const char *fat_link_kind(const struct fat_vol *v, u32 val)
{
	u32 bad = v->bits == 12 ? 0xff7 : v->bits == 16 ? 0xfff7 : 0x0ffffff7;

	if (!val)
		return "a free cluster";
	if (val == 1)
		return "a reserved cluster";
	if (val == bad)
		return "a bad cluster";
	return "an out-of-range cluster";
}

int fat_chain_next(struct fat_vol *v, struct fat_chain *ch, const char *what)
{
	u32 eoc = v->bits == 12 ? 0xff8 : v->bits == 16 ? 0xfff8 : 0x0ffffff8;
	u32 next;
	int ret;

	ret = fat_entry(v, ch->cur, &next);
	if (ret)
		return ret;
	if (next >= eoc)
		return 1;
	if (!fat_cluster_ok(v, next))
		return fat_bad(v, "'%s': cluster %#x links to %s (%#x; clusters are 0x2..%#x)",
			       what, ch->cur, fat_link_kind(v, next), next,
			       v->nclusters + 1);
	if (next == ch->mark)
		return fat_bad(v, "'%s': its cluster chain loops (cluster %#x reached again, from %#x)",
			       what, next, ch->cur);
	/* More links than clusters: a loop Brent's method has yet to meet */
	if (++ch->steps >= v->nclusters)
		return fat_bad(v, "'%s': its cluster chain loops (longer than the volume's %u clusters)",
			       what, v->nclusters);
	if (++ch->lam == ch->power) {
		ch->mark = next;
		ch->power <<= 1;
		ch->lam = 0;
	}
	ch->cur = next;
	return 0;
}

/*
 * Follow up to @max links from ch->cur that each go to the next cluster
 * (cur -> cur + 1: the clusters lie one after the other on the disk), as
 * far as the cached window of the FAT holds them: the number followed.
 * FAT16/32 only (0 for FAT12). The same checks as fat_chain_next(), done
 * for the whole stretch at once: the steps are counted against the
 * volume's clusters, and Brent's marks are set where one link at a time
 * would set them. A rising stretch cannot meet itself, so only the mark
 * from before it can be met inside it.
 */
static int fat_chain_skip(struct fat_vol *v, struct fat_chain *ch, u32 max,
			  const char *what)
{
	u32 width = v->bits / 8, mask = v->bits == 32 ? 0x0fffffff : 0xffff;
	u32 k = 0, cl = ch->cur, t;
	const u8 *p, *lim;
	u64 off;

	if (v->bits == 12 || !max || !v->cache_len)
		return 0;
	off = (u64)cl * width;
	if (off < v->cache_off || off + width > v->cache_off + v->cache_len)
		return 0;
	p = v->cache + (off - v->cache_off);
	lim = v->cache + v->cache_len - width;
	/* The links stay within the clusters: cl + k + 1 <= nclusters + 1 */
	max = min(max, v->nclusters - (cl - 1));
	while (k < max && p <= lim &&
	       ((width == 4 ? fat_le32(p) : fat_le16(p)) & mask) == cl + k + 1) {
		k++;
		p += width;
	}
	if (!k)
		return 0;
	if ((u64)ch->steps + k >= v->nclusters)
		return fat_bad(v, "'%s': its cluster chain loops (longer than the volume's %u clusters)",
			       what, v->nclusters);
	t = ch->power - ch->lam;	/* the links before the mark moves */
	if (ch->mark > cl && ch->mark <= cl + min(t, k))
		return fat_bad(v, "'%s': its cluster chain loops (cluster %#x reached again, from %#x)",
			       what, ch->mark, ch->mark - 1);
	ch->steps += k;
	for (u32 left = k; left;) {
		t = min(left, ch->power - ch->lam);
		ch->lam += t;
		left -= t;
		if (ch->lam == ch->power) {
			ch->mark = cl + (k - left);
			ch->power <<= 1;
			ch->lam = 0;
		}
	}
	ch->cur = cl + k;
	return k;
}

/*
 * After a read stopped part-way along a chain of n links: a loop among
 * the clusters read is found by Brent's method within about 3n links, so
 * walk on that far (or to the end) to make sure none was read twice.
 */
static int fat_chain_check_rest(struct fat_vol *v, struct fat_chain *ch,
				const char *what)
{
	u64 limit = 3ULL * ch->steps + 2;
	int ret = 0;

	while (!ret && ch->steps < limit)
		ret = fat_chain_next(v, ch, what);
	return ret < 0 ? ret : 0;
}

/* ----------------------------------------------------------- the BPB */

/* The fields of §3.1/§3.2 as read, before they are checked */
struct fat_bpb {
	u32 bps, spc, rsvd, nfats, root_ents, tot_sec, fat_sz, root_clus;
	u32 fat_sz16;
	u16 ext_flags, fs_ver, fs_info;
	u8 media;
};

static void fat_bpb_get(const u8 *bs, struct fat_bpb *b)
{
	b->bps = fat_le16(bs + BPB_BYTS_PER_SEC);
	b->spc = bs[BPB_SEC_PER_CLUS];
	b->rsvd = fat_le16(bs + BPB_RSVD_SEC_CNT);
	b->nfats = bs[BPB_NUM_FATS];
	b->root_ents = fat_le16(bs + BPB_ROOT_ENT_CNT);
	b->tot_sec = fat_le16(bs + BPB_TOT_SEC16);
	if (!b->tot_sec)
		b->tot_sec = fat_le32(bs + BPB_TOT_SEC32);
	b->media = bs[BPB_MEDIA];
	b->fat_sz16 = fat_le16(bs + BPB_FAT_SZ16);
	b->fat_sz = b->fat_sz16;
	if (!b->fat_sz)
		b->fat_sz = fat_le32(bs + BPB_FAT_SZ32);
	b->ext_flags = fat_le16(bs + BPB_EXT_FLAGS);
	b->fs_ver = fat_le16(bs + BPB_FS_VER);
	b->root_clus = fat_le32(bs + BPB_ROOT_CLUS);
	b->fs_info = fat_le16(bs + BPB_FS_INFO);
}

static bool is_pow2(u32 x)
{
	return x && !(x & (x - 1));
}

/* §3.1: the fields every FAT type has */
static int fat_check_common(struct fat_vol *v, const struct fat_bpb *b)
{
	if (!is_pow2(b->spc))
		return fat_bad(v, "bad BPB: %u sectors per cluster (a power of 2 from 1 to 128)",
			       b->spc);
	if (!b->rsvd)
		return fat_bad(v, "bad BPB: no reserved sectors");
	if (!b->nfats)
		return fat_bad(v, "bad BPB: no FAT");
	if (b->media != 0xf0 && b->media < 0xf8)
		return fat_bad(v, "bad BPB: media type %#x", b->media);
	if (!b->tot_sec)
		return fat_bad(v, "bad BPB: no sectors");
	if ((u64)b->tot_sec * b->bps > v->io->size)
		return fat_bad(v, "bad BPB: %u sectors of %u bytes, more than the partition's %llu bytes",
			       b->tot_sec, b->bps,
			       (unsigned long long)v->io->size);
	if (!b->fat_sz)
		return fat_bad(v, "bad BPB: FAT size 0");
	return 0;
}

/* §3.5: the layout, the count of clusters, the type; then its fields */
static int fat_layout(struct fat_vol *v, const struct fat_bpb *b)
{
	u64 root_secs = DIV_ROUND_UP((u64)b->root_ents * FAT_DIRENT_SIZE,
				     b->bps);
	u64 meta = b->rsvd + (u64)b->nfats * b->fat_sz + root_secs;
	u32 active = 0;
	u64 count;

	if (meta >= b->tot_sec)
		return fat_bad(v, "bad BPB: reserved sectors, FATs and root directory (%llu sectors) fill the volume (%u)",
			       (unsigned long long)meta, b->tot_sec);
	count = (b->tot_sec - meta) / b->spc;
	if (!count || count > FAT32_MAX_CLUSTERS)
		return fat_bad(v, "bad BPB: %llu clusters",
			       (unsigned long long)count);
	v->nclusters = count;
	v->bits = count <= FAT12_MAX_CLUSTERS ? 12 :
		  count <= FAT16_MAX_CLUSTERS ? 16 : 32;
	/*
	 * A departure from §3.5, as Linux and U-Boot make it: a BPB of the
	 * FAT32 shape (no 16-bit FAT size, no fixed root) is FAT32 whatever
	 * its count. mkfs.vfat -F 32 makes such volumes below 65525
	 * clusters (with a warning), and nothing else could read them.
	 */
	if (!b->fat_sz16 && !b->root_ents)
		v->bits = 32;
	if (v->bits == 32) {
		if (b->root_ents)
			return fat_bad(v, "bad BPB: FAT32 with a fixed root directory (%u entries)",
				       b->root_ents);
		if (b->fs_ver)
			return fat_bad(v, "bad BPB: FAT32 version %#x", b->fs_ver);
		/* §3.2 BPB_ExtFlags: bit 7, only the FAT in bits 0-3 is used */
		if (b->ext_flags & 0x80)
			active = b->ext_flags & 0xf;
		if (active >= b->nfats)
			return fat_bad(v, "bad BPB: active FAT %u of %u", active,
				       b->nfats);
		if (!fat_cluster_ok(v, b->root_clus))
			return fat_bad(v, "bad BPB: root cluster %#x (clusters are 0x2..%#x)",
				       b->root_clus, v->nclusters + 1);
		v->root_cluster = b->root_clus;
	} else if (!b->root_ents) {
		return fat_bad(v, "bad BPB: FAT%u without root directory entries",
			       v->bits);
	}
	v->clsize = b->bps * b->spc;
	v->fat_size = (u64)b->fat_sz * b->bps;
	/* Every cluster's entry must lie inside the FAT (§4) */
	if (v->fat_size < DIV_ROUND_UP((count + 2) * v->bits, 8))
		return fat_bad(v, "bad BPB: a FAT of %u sectors is too small for %llu clusters",
			       b->fat_sz, (unsigned long long)count);
	v->fat_off = (b->rsvd + (u64)active * b->fat_sz) * b->bps;
	v->fat0_off = (u64)b->rsvd * b->bps;
	v->nfats = b->nfats;
	v->mirrored = v->bits != 32 || !(b->ext_flags & 0x80);
	/* FAT32's FSInfo sector, inside the reserved ones (§5) */
	if (v->bits == 32 && b->fs_info && b->fs_info < b->rsvd)
		v->fsinfo_off = (u64)b->fs_info * b->bps;
	v->root_off = (b->rsvd + (u64)b->nfats * b->fat_sz) * b->bps;
	v->root_size = b->root_ents * FAT_DIRENT_SIZE;
	v->data_off = meta * b->bps;
	return 0;
}

/*
 * Whether the first sector is a FAT boot sector at all (§3.1): a jump
 * instruction, the signature, not NTFS or exFAT, and a sector size FAT
 * allows. Anything else is -ENODEV, quietly: another filesystem may be
 * there.
 */
static bool fat_is_boot_sector(const u8 *bs)
{
	u32 bps = fat_le16(bs + BPB_BYTS_PER_SEC);

	if (!((bs[BS_JMP_BOOT] == 0xeb && bs[BS_JMP_BOOT + 2] == 0x90) ||
	      bs[BS_JMP_BOOT] == 0xe9))
		return false;
	if (bs[BS_SIGNATURE] != 0x55 || bs[BS_SIGNATURE + 1] != 0xaa)
		return false;
	/* Their boot sectors look alike: named in BS_OEMName */
	if (!memcmp(bs + BS_OEM_NAME, "NTFS    ", 8) ||
	    !memcmp(bs + BS_OEM_NAME, "EXFAT   ", 8))
		return false;
	return is_pow2(bps) && bps >= 512 && bps <= 4096;
}

/*
 * The volume serial number, where the extended boot signature (0x29, or
 * 0x28 without label and type) says it is there: at 36 + 3 on FAT12/16,
 * 64 + 3 on FAT32; the label after it with 0x29 (bytes that would not
 * print shown as '?')
 */
static void fat_serial_get(struct fat_vol *v, const u8 *bs)
{
	const u8 *ext = bs + (v->bits == 32 ? 64 : 36);

	v->has_serial = ext[2] == 0x29 || ext[2] == 0x28;
	if (v->has_serial)
		v->serial = fat_le32(ext + 3);
	v->label[0] = '\0';
	if (ext[2] != 0x29)
		return;
	for (int i = 0; i < 11; i++) {
		u8 c = ext[7 + i];

		v->label[i] = c >= ' ' && c < 0x7f ? c : '?';
	}
	v->label[11] = '\0';
}

static void fat_describe(struct fs_vol *vol, char buf[FS_DESC_LEN])
{
	struct fat_vol *v = fat_from_vol(vol);

	snprintf(buf, FS_DESC_LEN, "FAT%u \"%s\"", v->bits, v->label);
}

static int fat_uuid(struct fs_vol *vol, char buf[FS_UUID_LEN])
{
	struct fat_vol *v = fat_from_vol(vol);

	if (!v->has_serial)
		return -ENOENT;
	snprintf(buf, FS_UUID_LEN, "%04X-%04X", v->serial >> 16,
		 v->serial & 0xffff);
	return 0;
}

static void fat_close(struct fs_vol *vol)
{
	struct fat_vol *v = fat_from_vol(vol);

	if (!v)
		return;
	free(v->cache);
	free(v->dir[0].data);
	free(v);
}

static int fat_open(const struct fs_io *io, struct fs_vol **volp)
{
	struct fat_bpb b;
	struct fat_vol *v;
	u8 bs[512];
	int ret;

	if (io->size < sizeof(bs))
		return -ENODEV;
	ret = io->read(io, 0, bs, sizeof(bs));
	if (ret)
		return ret;
	if (!fat_is_boot_sector(bs))
		return -ENODEV;
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->io = io;
	v->name = io->name ? io->name : "fat";
	fat_bpb_get(bs, &b);
	v->bps = b.bps;
	ret = fat_check_common(v, &b);
	if (!ret)
		ret = fat_layout(v, &b);
	if (!ret)
		fat_serial_get(v, bs);
	if (!ret) {
		v->cache = malloc(FAT_CACHE_SIZE);
		v->cache_cap = FAT_CACHE_SIZE;
		v->dir_cap = max_t(u32, v->bps,
				   min_t(u32, v->clsize, FAT_DIR_CHUNK));
		v->dir[0].data = malloc((size_t)v->dir_cap * FAT_DIR_BUFS);
		for (int i = 1; v->dir[0].data && i < FAT_DIR_BUFS; i++)
			v->dir[i].data = v->dir[0].data + i * v->dir_cap;
		if (!v->cache || !v->dir[0].data) {
			printf("%s: FAT: out of memory\n", v->name);
			ret = -ENOMEM;
		}
	}
	if (ret) {
		fat_close((struct fs_vol *)v);
		return ret;
	}
	*volp = (struct fs_vol *)v;
	return 0;
}

/* ---------------------------------------------------------- reading */

/*
 * Before a file's read: the window of the FAT from its first cluster's
 * entry, as large as a chain of its clusters needs (FAT_WINDOW_MAX at
 * most), so that the walk along a file that is not too fragmented needs
 * no more of the FAT while its clusters are read. The cache grows for it;
 * where it cannot, the window is what it holds.
 */
static int fat_prefetch(struct fat_vol *v, u32 first, u64 clusters)
{
	u64 start = ALIGN_DOWN(fat_entry_off(v, first), v->bps);
	/* Whole sectors: a part of one would be a request of its own */
	u64 len = min_t(u64, ALIGN(fat_entry_off(v, first) - start +
				   clusters * fat_entry_width(v), v->bps),
			FAT_WINDOW_MAX);

	if (fat_entry_cached(v, first) &&
	    v->cache_off + v->cache_len >= min_t(u64, start + len,
						 v->fat_size))
		return 0;
	if (len > v->cache_cap) {
		u8 *bigger = malloc(len);

		if (bigger) {
			free(v->cache);
			v->cache = bigger;
			v->cache_cap = len;
			v->cache_len = 0;
		}
	}
	return fat_window(v, start, len);
}

/**
 * struct fat_feed - a file's read as the source of a stream: the chain
 * walked a stretch at a time while the clusters before are read, each
 * stretch of clusters one after the other on the disk a piece (pieces
 * that also follow each other in memory and on the disk joined, up to
 * FAT_PIECE_MAX)
 * @pos: the file offset of ch.cur's cluster; @at_link: that cluster is
 *	done, its link is to be followed next
 * @off, @end: the bytes wanted; @buf: where byte @off goes
 * @run: the piece being gathered
 */
struct fat_feed {
	struct fs_src src;
	struct fat_vol *v;
	const struct fat_node *f;
	const char *what;
	struct fat_chain ch;
	u64 pos, off, end;
	u8 *buf;
	struct fs_iov run;
	bool at_link, prefetched, checked;
};

/* The piece gathered so far into *@iov: whether there was one */
static bool fat_feed_flush(struct fat_feed *fd, struct fs_iov *iov)
{
	if (!fd->run.len)
		return false;
	*iov = fd->run;
	fd->run.len = 0;
	return true;
}

/*
 * Add [@disk, +@len) of the partition, for file bytes going to @dst:
 * whether that gave *@iov a piece (the one gathered before, which this
 * one does not continue)
 */
static bool fat_feed_add(struct fat_feed *fd, u64 disk, u8 *dst, u64 len,
			 struct fs_iov *iov)
{
	struct fs_iov *r = &fd->run;
	bool gave;

	if (r->len && r->off + r->len == disk &&
	    (u8 *)r->buf + r->len == dst && r->len + len <= FAT_PIECE_MAX) {
		r->len += len;
		return false;
	}
	gave = fat_feed_flush(fd, iov);
	*r = (struct fs_iov){ disk, dst, len };
	return gave;
}

static int fat_feed_next(struct fs_src *src, struct fs_iov *iov)
{
	struct fat_feed *fd = container_of(src, struct fat_feed, src);
	struct fat_vol *v = fd->v;
	int ret;

	if (!fd->prefetched && !src->in_stream) {
		fd->prefetched = true;
		ret = fat_prefetch(v, fd->ch.cur,
				   DIV_ROUND_UP(fd->end, v->clsize));
		if (ret)
			return ret;
	}
	while (fd->pos < fd->end) {
		u64 at = fd->pos, span;
		u32 first;

		if (fd->at_link) {
			/* Its entry needs a read: not while the stream runs */
			if (src->in_stream && !fat_entry_cached(v, fd->ch.cur))
				return fat_feed_flush(fd, iov) ? FS_SRC_PIECE :
								 FS_SRC_WAIT;
			ret = fat_chain_next(v, &fd->ch, fd->what);
			if (ret == 1)
				return fat_bad(v, "'%s': %u bytes, but its cluster chain holds only %llu",
					       fd->what, fd->f->size,
					       (unsigned long long)(fd->ch.steps + 1) *
					       v->clsize);
			if (ret)
				return ret;
			fd->at_link = false;
		}
		/*
		 * This cluster and those after it on the disk, in one go: at
		 * most FAT_PIECE_MAX, so that pieces stay whole requests
		 */
		first = fd->ch.cur;
		ret = fat_chain_skip(v, &fd->ch,
				     min_t(u64, (fd->end - fd->pos - 1) / v->clsize,
					   FAT_PIECE_MAX / v->clsize - 1),
				     fd->what);
		if (ret < 0)
			return ret;
		span = ((u64)ret + 1) * v->clsize;
		fd->pos += span;
		fd->at_link = true;
		if (at + span > fd->off) {
			u64 a = max_t(u64, at, fd->off);
			u64 b = min_t(u64, at + span, fd->end);

			if (fat_feed_add(fd, fat_cluster_off(v, first) + (a - at),
					 fd->buf + (a - fd->off), b - a, iov))
				return FS_SRC_PIECE;
		}
	}
	if (fat_feed_flush(fd, iov))
		return FS_SRC_PIECE;
	/* All given: the chain's rest is checked for loops, reading */
	if (src->in_stream)
		return FS_SRC_WAIT;
	if (!fd->checked) {
		fd->checked = true;
		ret = fat_chain_check_rest(v, &fd->ch, fd->what);
		if (ret)
			return ret;
	}
	return FS_SRC_END;
}

/*
 * Bytes [@off, @off + @len) of file @f, which the caller bounded by its
 * size: its clusters read as one stream, the chain walked as they are read
 */
static int fat_read_chain(struct fat_vol *v, const struct fat_node *f,
			  const char *what, u64 off, u8 *buf, u64 len)
{
	struct fat_feed fd = {
		.src = { fat_feed_next }, .v = v, .f = f, .what = what,
		.off = off, .end = off + len, .buf = buf,
	};

	if (!fat_cluster_ok(v, f->cluster))
		return fat_bad(v, "'%s': first cluster %#x out of range (clusters are 0x2..%#x)",
			       what, f->cluster, v->nclusters + 1);
	fat_chain_start(&fd.ch, f->cluster);
	return fs_read_stream(v->io, &fd.src);
}

/* ---------------------------------------------------------- fs_type */

static void fat_to_dirent(const struct fat_node *n, struct fs_dirent *d)
{
	strlcpy(d->name, n->name, sizeof(d->name));
	d->type = fat_is_dir(n) ? FS_DT_DIR : FS_DT_REG;
	d->size = fat_is_dir(n) ? 0 : n->size;
}

struct fat_ls_ctx {
	int (*fn)(void *ctx, const struct fs_dirent *d);
	void *ctx;
	struct fs_dirent d;
};

static int fat_ls_one(void *ctx, const struct fat_node *n)
{
	struct fat_ls_ctx *c = ctx;

	fat_to_dirent(n, &c->d);
	return c->fn(c->ctx, &c->d);
}

static int fat_ls(struct fs_vol *vol, const char *path,
		  int (*fn)(void *ctx, const struct fs_dirent *d), void *ctx)
{
	struct fat_vol *v = fat_from_vol(vol);
	struct fat_ls_ctx *c;
	struct fat_node dir;
	int ret;

	ret = fat_lookup(v, path, &dir);
	if (ret)
		return ret;
	if (!fat_is_dir(&dir))
		return -ENOTDIR;
	c = malloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->fn = fn;
	c->ctx = ctx;
	ret = fat_dir_walk(v, &dir, fat_ls_one, c);
	free(c);
	return ret;
}

static int fat_size(struct fs_vol *vol, const char *path, u64 *sizep)
{
	struct fat_node f;
	int ret;

	ret = fat_lookup(fat_from_vol(vol), path, &f);
	if (ret)
		return ret;
	if (fat_is_dir(&f))
		return -EISDIR;
	*sizep = f.size;
	return 0;
}

static int fat_read_file(struct fs_vol *vol, const char *path, u64 off,
			 void *buf, u64 len, u64 *actp)
{
	struct fat_vol *v = fat_from_vol(vol);
	struct fat_node f;
	int ret;

	*actp = 0;
	ret = fat_lookup(v, path, &f);
	if (ret)
		return ret;
	if (fat_is_dir(&f))
		return -EISDIR;
	if (off >= f.size || !len)
		return 0;
	len = min_t(u64, len, f.size - off);
	ret = fat_read_chain(v, &f, path, off, buf, len);
	if (!ret)
		*actp = len;
	return ret;
}

const struct fs_type fs_type_fat = {
	.name = "fat",
	.open = fat_open,
	.close = fat_close,
	.ls = fat_ls,
	.size = fat_size,
	.read = fat_read_file,
	.uuid = fat_uuid,
	.describe = fat_describe,
	.write = fat_write_file,
	.unlink = fat_unlink,
	.mkdir = fat_mkdir,
};
