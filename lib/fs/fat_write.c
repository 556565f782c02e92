// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Changing a FAT12/16/32 volume: a file written (save, fatwrite), created
 * in an existing directory or written over from a position inside it; a
 * file or an empty directory removed (fatrm); a directory made
 * (fatmkdir). The volume is as hostile as when it is read: the part of
 * the FAT in use is read into memory and every chain walked on it is
 * bounded and range-checked before anything is written. Nothing reaches
 * the disk until all is decided and read (the clusters, the directory
 * slots, the entry written over, FSInfo). A write then puts down the
 * zeroed clusters a directory grows by, the data, every FAT copy (or
 * only the active one, where FAT32 says so), the directory entries and
 * FAT32's FSInfo, in that order; a removal marks the entry deleted
 * before the FAT frees its clusters. fs.c flushes the disk after each.
 * A failure after the first write leaves what was written (no journal):
 * said.
 *
 * Names: a long name (§7) is written unless the name is an 8.3 name
 * whose base and extension are each in one case (lower case kept in
 * DIR_NTRes, as Windows NT, Linux and mtools do); its 8.3 alias is the
 * name's characters
 * upper-cased ('_' for those 8.3 cannot hold), cut to six, then "~N"
 * (the lowest N from 1 to 99 that no entry of the directory has).
 */
#include <byteorder.h>
#include <dm.h>
#include <errno.h>
#include <fs.h>
#include <rtc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fat_priv.h"

/* §6: the 8.3 entry's fields (fat_dir.c reads them) */
#define DIR_NAME	0
#define DIR_ATTR	11
#define DIR_NT_RES	12
#define DIR_CRT_TIME	14
#define DIR_CRT_DATE	16
#define DIR_LST_ACC	18
#define DIR_FST_CLUS_HI	20
#define DIR_WRT_TIME	22
#define DIR_WRT_DATE	24
#define DIR_FST_CLUS_LO	26
#define DIR_FILE_SIZE	28
#define DIR_FREE	0xe5
#define DIR_END		0x00
/* DIR_NTRes: the base's and the extension's letters are lower case */
#define NT_LOWER_BASE	0x08
#define NT_LOWER_EXT	0x10

/* §7 */
#define LDIR_ORD	0
#define LDIR_ATTR	11
#define LDIR_CHKSUM	13
#define LDIR_LAST	0x40
#define LFN_CHARS	13

/* §5: FSInfo */
#define FSI_LEAD_SIG	0
#define FSI_STRUC_SIG	484
#define FSI_FREE_COUNT	488
#define FSI_NXT_FREE	492
#define FSI_TRAIL_SIG	508

/* The FAT read whole for a write: at most this many bytes */
#define FAT_WRITE_FAT_MAX	(16 << 20)
/* A path at most */
#define FAT_PATH_MAX		1024
/* "~1" to "~99" */
#define FAT_TAIL_MAX		99

static const u8 lfn_unit_off[LFN_CHARS] = {
	1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30,
};

struct fw_dir;

/* struct fat_w - a write: the FAT in memory, and the plan made on it */
struct fat_w {
	struct fat_vol *v;
	const char *path;
	u8 *fat;		/* the part of the FAT in use */
	u64 fat_len;		/* its bytes, whole sectors */
	u64 lo, hi;		/* its bytes changed: [lo, hi) */
	u32 hint;		/* where the search for free clusters goes on */
	u32 allocated;		/* clusters allocated */
	/* The file */
	struct fat_node *old;	/* the entry there; nslots 0: none */
	u8 old_e[32];		/* its 8.3 entry, read while planning */
	u64 keep;		/* clusters kept before the position */
	u32 first;		/* the file's first cluster after the write */
	u32 last_kept;		/* the last kept, 0: none */
	u32 added;		/* the first allocated for it, 0: none */
	/* A new entry */
	struct fw_dir *d;
	u8 attr;		/* its attribute: 0, a file (archive) */
	u8 nt;			/* its DIR_NTRes: the 8.3 name's case */
	u8 raw[11];		/* its 8.3 name */
	u16 units[FAT_NAME_MAX];	/* its long name */
	int nunits, nlfn;	/* nlfn: 0 without a long name */
	u32 grown;		/* the first cluster the directory grows by */
	/* FAT32's FSInfo sector, when it has the signatures */
	u8 fsi[512];
	bool has_fsi;
};

static u32 fw_get(const struct fat_w *w, u32 cl)
{
	const u8 *p;

	switch (w->v->bits) {
	case 32:
		return fat_le32(w->fat + (u64)cl * 4) & 0x0fffffff;
	case 16:
		return fat_le16(w->fat + (u64)cl * 2);
	default:
		p = w->fat + cl + cl / 2;
		return cl & 1 ? fat_le16(p) >> 4 : fat_le16(p) & 0xfff;
	}
}

static void fw_set(struct fat_w *w, u32 cl, u32 val)
{
	u64 off;
	u8 *p;

	switch (w->v->bits) {
	case 32:
		off = (u64)cl * 4;
		p = w->fat + off;
		/* §4: the top four bits are reserved and kept */
		put_unaligned_le32((fat_le32(p) & 0xf0000000) |
				   (val & 0x0fffffff), p);
		break;
	case 16:
		off = (u64)cl * 2;
		put_unaligned_le16(val, w->fat + off);
		break;
	default:
		off = cl + cl / 2;
		p = w->fat + off;
		if (cl & 1)
			put_unaligned_le16((fat_le16(p) & 0x000f) | (val << 4),
					   p);
		else
			put_unaligned_le16((fat_le16(p) & 0xf000) |
					   (val & 0xfff), p);
	}
	w->lo = min_t(u64, w->lo, off);
	w->hi = max_t(u64, w->hi, off + (w->v->bits == 32 ? 4 : 2));
}

static u32 fw_eoc(const struct fat_w *w)
{
	return w->v->bits == 12 ? 0xfff : w->v->bits == 16 ? 0xffff :
				      0x0fffffff;
}

static bool fw_is_eoc(const struct fat_w *w, u32 val)
{
	return val >= (w->v->bits == 12 ? 0xff8 : w->v->bits == 16 ? 0xfff8 :
					      0x0ffffff8);
}

/*
 * The cluster after @cl on the chain of @what: 0 at its end; -EBADMSG for
 * a link to a free, reserved, bad or out-of-range cluster (said)
 */
static int fw_next(const struct fat_w *w, u32 cl, const char *what, u32 *nextp)
{
	u32 val = fw_get(w, cl);

	if (fw_is_eoc(w, val)) {
		*nextp = 0;
		return 0;
	}
	if (!fat_cluster_ok(w->v, val))
		return fat_bad(w->v, "'%s': cluster %#x links to %#x, not a cluster of the file",
			       what, cl, val);
	*nextp = val;
	return 0;
}

/* Set the chain from @first free; it was walked whole (bounded) before */
static void fw_free_chain(struct fat_w *w, u32 first)
{
	for (u32 n = 0; first && n < w->v->nclusters; n++) {
		u32 val = fw_get(w, first);

		fw_set(w, first, 0);
		first = fw_is_eoc(w, val) || !fat_cluster_ok(w->v, val) ? 0 :
									  val;
	}
}

/*
 * Chain @n free clusters after @prev (0: a new chain), the last one
 * ending it, the first in *@firstp (0 when @n is 0); -ENOSPC when the
 * volume has fewer free (nothing changed then)
 */
static int fw_alloc(struct fat_w *w, u32 n, u32 prev, u32 *firstp)
{
	u32 nc = w->v->nclusters, found = 0, cl, last = prev;

	*firstp = 0;
	if (!n)
		return 0;
	/* Count first, so that a full volume changes nothing */
	for (u32 i = 0; i < nc && found < n; i++)
		found += !fw_get(w, i + 2);
	if (found < n) {
		printf("%s: FAT: the volume has %u free clusters of %u bytes, '%s' needs %u\n",
		       w->v->name, found, w->v->clsize, w->path, n);
		return -ENOSPC;
	}
	cl = w->hint;
	for (u32 got = 0; got < n; cl++) {
		if (!fat_cluster_ok(w->v, cl))
			cl = 2;
		if (fw_get(w, cl))
			continue;
		if (last)
			fw_set(w, last, cl);
		if (!got)
			*firstp = cl;
		fw_set(w, cl, fw_eoc(w));
		last = cl;
		got++;
	}
	w->hint = cl;
	w->allocated += n;
	return 0;
}

/* The @idx-th cluster (from 0) of the chain from @first, or its last */
static int fw_walk(const struct fat_w *w, u32 first, u64 idx, const char *what,
		   u32 *clp)
{
	u32 cl = first, next;
	int ret;

	for (u64 i = 0; i < idx; i++) {
		if (i >= w->v->nclusters)
			return fat_bad(w->v, "'%s': its chain loops", what);
		ret = fw_next(w, cl, what, &next);
		if (ret)
			return ret;
		if (!next)
			return fat_bad(w->v, "'%s': its chain ends after %llu clusters, short of its size",
				       what, (unsigned long long)i + 1);
		cl = next;
	}
	*clp = cl;
	return 0;
}

/* Check the whole chain from @first: in range, ending, not looping */
static int fw_check_chain(const struct fat_w *w, u32 first, const char *what)
{
	u32 cl = first, next = 0;
	int ret;

	for (u32 i = 0; cl; i++) {
		if (i >= w->v->nclusters)
			return fat_bad(w->v, "'%s': its chain loops", what);
		ret = fw_next(w, cl, what, &next);
		if (ret)
			return ret;
		cl = next;
	}
	return 0;
}

static int fw_write(struct fat_w *w, u64 off, const void *buf, size_t len)
{
	return w->v->io->write(w->v->io, off, buf, len);
}

/* The changed bytes of the FAT, whole sectors, to each copy written */
static int fw_flush_fat(struct fat_w *w)
{
	struct fat_vol *v = w->v;
	u64 lo = ALIGN_DOWN(w->lo, v->bps);
	u64 hi = min_t(u64, ALIGN(w->hi, v->bps), w->fat_len);
	int ret = 0;

	if (w->hi <= w->lo)
		return 0;
	for (u32 i = 0; !ret && i < v->nfats; i++) {
		u64 base = v->fat0_off + i * v->fat_size;

		if (!v->mirrored && base != v->fat_off)
			continue;
		ret = fw_write(w, base + lo, w->fat + lo, hi - lo);
	}
	return ret;
}

/* FAT32's FSInfo, read while planning: kept only with its signatures */
static int fw_fsinfo_read(struct fat_w *w)
{
	struct fat_vol *v = w->v;
	u32 next;
	int ret;

	if (!v->fsinfo_off)
		return 0;
	ret = fat_read(v, v->fsinfo_off, w->fsi, sizeof(w->fsi));
	if (ret)
		return ret;
	/* Not an FSInfo sector: left alone, as its readers leave it */
	w->has_fsi = fat_le32(w->fsi + FSI_LEAD_SIG) == 0x41615252 &&
		     fat_le32(w->fsi + FSI_STRUC_SIG) == 0x61417272 &&
		     fat_le32(w->fsi + FSI_TRAIL_SIG) == 0xaa550000;
	/* Its hint, where it is one, is where allocation starts */
	next = fat_le32(w->fsi + FSI_NXT_FREE);
	if (w->has_fsi && fat_cluster_ok(v, next))
		w->hint = next;
	return 0;
}

/* FSInfo with the free count and the next free cluster, as they are */
static int fw_fsinfo_write(struct fat_w *w)
{
	struct fat_vol *v = w->v;
	u32 free = 0;

	if (!w->has_fsi)
		return 0;
	for (u32 i = 0; i < v->nclusters; i++)
		free += !fw_get(w, i + 2);
	put_unaligned_le32(free, w->fsi + FSI_FREE_COUNT);
	/* Nothing allocated: its hint stays as it was */
	if (w->allocated)
		put_unaligned_le32(fat_cluster_ok(v, w->hint) ? w->hint : 2,
				   w->fsi + FSI_NXT_FREE);
	return fw_write(w, v->fsinfo_off, w->fsi, sizeof(w->fsi));
}

/* ------------------------------------------------------------- names */

/* §6.1: the characters an 8.3 name may hold (besides letters and digits) */
static bool sname_char_ok(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("$%'-_@~`!(){}^#&", c));
}

/*
 * @name as UTF-16 into @units: false for invalid UTF-8, a character a
 * long name may not hold (§7: control characters, " * / : < > ? \ |),
 * more than 255 units, or a name ending in a dot or a space
 */
static bool name_utf16(const char *name, u16 *units, int *np)
{
	const u8 *p = (const u8 *)name;
	int n = 0;

	while (*p) {
		u32 c = *p++;
		int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

		if ((c >= 0x80 && c < 0xc0) || c >= 0xf8)
			return false;
		if (more)
			c &= 0x3f >> more;
		for (; more; more--, p++) {
			if ((*p & 0xc0) != 0x80)
				return false;
			c = c << 6 | (*p & 0x3f);
		}
		if (c < 0x20 || c == 0x7f || (c < 0x80 && strchr("\"*/:<>?\\|", c)) ||
		    (c >= 0xd800 && c < 0xe000) || c > 0x10ffff)
			return false;
		if (c >= 0x10000) {
			if (n + 2 > FAT_NAME_MAX)
				return false;
			c -= 0x10000;
			units[n++] = 0xd800 | c >> 10;
			units[n++] = 0xdc00 | (c & 0x3ff);
		} else {
			if (n + 1 > FAT_NAME_MAX)
				return false;
			units[n++] = c;
		}
	}
	*np = n;
	return n && units[n - 1] != '.' && units[n - 1] != ' ';
}

/*
 * One part of an 8.3 name (base or extension), upper-cased into @raw:
 * false when a character is not allowed or the part mixes cases; *@lower
 * when its letters are lower case (Windows NT's flag, which Linux and
 * mtools write and read too)
 */
static bool part_83(const char *p, size_t n, u8 *raw, bool *lower)
{
	bool up = false, low = false;

	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		low |= c >= 'a' && c <= 'z';
		up |= c >= 'A' && c <= 'Z';
		c = c >= 'a' && c <= 'z' ? c - 32 : c;
		if (!sname_char_ok(c))
			return false;
		raw[i] = c;
	}
	*lower = low;
	return !(up && low);
}

/*
 * Whether @name needs no long name: an 8.3 name whose base and extension
 * are each in one case; its 11 bytes into @raw, *@ntp the lower-case
 * flags for DIR_NTRes ("boot.scr" is BOOT.SCR, both parts lower)
 */
static bool name_is_83(const char *name, u8 raw[11], u8 *ntp)
{
	const char *dot = strrchr(name, '.');
	size_t base = dot ? (size_t)(dot - name) : strlen(name);
	size_t ext = dot ? strlen(dot + 1) : 0;
	bool lb, le = false;

	if (!base || base > 8 || ext > 3 || (dot && !ext))
		return false;
	memset(raw, ' ', 11);
	if (!part_83(name, base, raw, &lb) ||
	    (ext && !part_83(dot + 1, ext, raw + 8, &le)))
		return false;
	*ntp = (lb ? NT_LOWER_BASE : 0) | (le ? NT_LOWER_EXT : 0);
	return raw[0] != DIR_FREE;
}

/* A name's character in its alias: upper case, '_' where 8.3 has none */
static char alias_char(char c)
{
	c = c >= 'a' && c <= 'z' ? c - 32 : c;
	return sname_char_ok(c) ? c : '_';
}

/*
 * The alias's base and extension: the name's characters upper-cased, '_'
 * for those 8.3 names cannot hold (bytes of UTF-8 too), spaces and the
 * base's dots left out (§7's numeric-tail method, without its code page)
 */
static void alias_parts(const char *name, char base[7], char ext[4])
{
	const char *dot = strrchr(name, '.');
	int nb = 0, ne = 0;

	if (dot == name)
		dot = NULL;
	for (const char *p = name; *p && p != dot && nb < 6; p++)
		if (*p != ' ' && *p != '.')
			base[nb++] = alias_char(*p);
	for (const char *p = dot ? dot + 1 : ""; *p && ne < 3; p++)
		if (*p != ' ')
			ext[ne++] = alias_char(*p);
	if (!nb)
		base[nb++] = 'X';
	base[nb] = ext[ne] = '\0';
}

/* The 11 bytes of "BASE~N.EXT" */
static void alias_raw(const char *base, const char *ext, int n, u8 raw[11])
{
	char tail[4];
	int tl = snprintf(tail, sizeof(tail), "~%d", n);
	int bl = min_t(int, strlen(base), 8 - tl);

	memset(raw, ' ', 11);
	memcpy(raw, base, bl);
	memcpy(raw + bl, tail, tl);
	memcpy(raw + 8, ext, strlen(ext));
}

/* What a walk of the parent directory gathers for a new entry */
struct fw_dir {
	char base[7], ext[4];		/* the alias's, "" without one */
	bool tail_used[FAT_TAIL_MAX + 1];
	u64 run[FAT_LFN_MAX_ENTRIES + 1];	/* free slots in a row */
	int nrun, want;
	bool ended;			/* past the end marker: all free */
	bool run_past_end;		/* the run takes a slot past it */
	bool have_after;		/* the slot after the run: */
	u64 after;			/* where, */
	u8 after_byte;			/* its first byte */
	u64 slots;			/* slots walked */
};

/* An 8.3 entry of the alias's shape ("BASE~N.EXT"): its ~N is taken */
static void fw_dir_tail(struct fw_dir *d, const u8 *e)
{
	int n = 0, t = 7, i;
	u8 raw[11];

	/* The tail is the last '~' (a name may hold others: "~TMPFI~1") */
	while (t >= 0 && e[t] != '~')
		t--;
	if (t < 0)
		return;
	for (i = t + 1; i < 8 && e[i] >= '0' && e[i] <= '9'; i++)
		n = n * 10 + e[i] - '0';
	if (n < 1 || n > FAT_TAIL_MAX)
		return;
	alias_raw(d->base, d->ext, n, raw);
	if (!memcmp(raw, e, 11))
		d->tail_used[n] = true;
}

static int fw_dir_slot(void *ctx, u64 off, const u8 *e)
{
	struct fw_dir *d = ctx;

	d->slots++;
	if (d->nrun == d->want && !d->have_after) {
		d->have_after = true;
		d->after = off;
		d->after_byte = e[DIR_NAME];
	}
	if (e[DIR_NAME] == DIR_END)
		d->ended = true;
	if (d->ended || e[DIR_NAME] == DIR_FREE) {
		if (d->nrun < d->want) {
			d->run[d->nrun++] = off;
			d->run_past_end |= d->ended;
		}
		return 0;
	}
	if (d->nrun < d->want) {
		d->nrun = 0;
		d->run_past_end = false;
	}
	if (d->base[0] && (e[DIR_ATTR] & 0x3f) != FAT_ATTR_LONG_NAME)
		fw_dir_tail(d, e);
	return 0;
}

#if IS_ENABLED(CONFIG_RTC)
/* The real-time clock's date and time: 0, or -errno without one */
static int fat_clock(struct rtc_time *tm)
{
	struct udevice *dev;
	int ret = rtc_get_device(&dev);

	return ret ? ret : dm_rtc_get(dev, tm);
}
#else
static int fat_clock(struct rtc_time *tm)
{
	return -ENODEV;
}
#endif

/* The time now as FAT stores it (§6.3), 1980-01-01 without a clock */
static void fat_now(u16 *datep, u16 *timep)
{
	struct rtc_time tm;

	*datep = 0x21;
	*timep = 0;
	if (fat_clock(&tm) || tm.tm_year < 1980 || tm.tm_year > 2107)
		return;
	*datep = (tm.tm_year - 1980) << 9 | tm.tm_mon << 5 | tm.tm_mday;
	*timep = tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2;
}

static void entry_set(u8 *e, const struct fat_w *w, u32 first, u32 size)
{
	u16 date, time;

	fat_now(&date, &time);
	if (!(e[DIR_ATTR] & FAT_ATTR_DIRECTORY))
		e[DIR_ATTR] |= FAT_ATTR_ARCHIVE;
	put_unaligned_le16(time, e + DIR_WRT_TIME);
	put_unaligned_le16(date, e + DIR_WRT_DATE);
	put_unaligned_le16(date, e + DIR_LST_ACC);
	put_unaligned_le16(first, e + DIR_FST_CLUS_LO);
	put_unaligned_le16(w->v->bits == 32 ? first >> 16 : 0,
			   e + DIR_FST_CLUS_HI);
	put_unaligned_le32(size, e + DIR_FILE_SIZE);
}

/*
 * A new entry: its long name's slots (if any), then the 8.3 one; and
 * where it took the directory's end marker, a new one after it
 */
static int entry_write_new(struct fat_w *w, u32 first, u32 size)
{
	const struct fw_dir *d = w->d;
	u8 csum = fat_name_csum(w->raw), e[FAT_DIRENT_SIZE];
	u16 date, time;
	int ret;

	/*
	 * Slots past the old end may hold anything: the end is marked again
	 * after the run, first (unseen until the run is written)
	 */
	if (d->run_past_end && d->have_after && d->after_byte != DIR_END) {
		u8 end = DIR_END;

		ret = fw_write(w, d->after, &end, 1);
		if (ret)
			return ret;
	}
	for (int i = 0; i < w->nlfn; i++) {
		int ord = w->nlfn - i;

		memset(e, 0, sizeof(e));
		e[LDIR_ORD] = ord | (i ? 0 : LDIR_LAST);
		e[LDIR_ATTR] = FAT_ATTR_LONG_NAME;
		e[LDIR_CHKSUM] = csum;
		for (int k = 0; k < LFN_CHARS; k++) {
			int u = (ord - 1) * LFN_CHARS + k;

			/* After the name: one NUL, then 0xffff (§7) */
			put_unaligned_le16(u < w->nunits ? w->units[u] :
					   u == w->nunits ? 0 : 0xffff,
					   e + lfn_unit_off[k]);
		}
		ret = fw_write(w, d->run[i], e, sizeof(e));
		if (ret)
			return ret;
	}
	memset(e, 0, sizeof(e));
	memcpy(e, w->raw, 11);
	e[DIR_ATTR] = w->attr;
	e[DIR_NT_RES] = w->nlfn ? 0 : w->nt;
	fat_now(&date, &time);
	put_unaligned_le16(time, e + DIR_CRT_TIME);
	put_unaligned_le16(date, e + DIR_CRT_DATE);
	entry_set(e, w, first, size);
	return fw_write(w, d->run[w->nlfn], e, sizeof(e));
}

/* ------------------------------------------------------------- writing */

/* @len bytes of @buf to the chain from @cl, starting @skip bytes in */
static int fw_data(struct fat_w *w, u32 cl, u32 skip, const u8 *buf, u64 len)
{
	struct fat_vol *v = w->v;
	int ret;

	while (len) {
		/* A run of clusters that follow each other on the disk */
		u64 run = v->clsize - skip;
		u32 last = cl, next;

		for (;;) {
			ret = fw_next(w, last, w->path, &next);
			if (ret)
				return ret;
			if (run >= len || next != last + 1)
				break;
			run += v->clsize;
			last = next;
		}
		run = min_t(u64, run, len);
		ret = fw_write(w, fat_cluster_off(v, cl) + skip, buf, run);
		if (ret)
			return ret;
		buf += run;
		len -= run;
		skip = 0;
		cl = next;
		if (len && !cl)
			return fat_bad(v, "'%s': its chain ended while writing",
				       w->path);
	}
	return 0;
}

/* The clusters of the new chain from @cl, zeroed on the disk */
static int fw_zero_chain(struct fat_w *w, u32 cl)
{
	u8 *zero = calloc(1, w->v->clsize);
	int ret = zero ? 0 : -ENOMEM;

	if (!zero)
		printf("%s: FAT: out of memory\n", w->v->name);
	for (; !ret && fat_cluster_ok(w->v, cl); cl = fw_get(w, cl))
		ret = fw_write(w, fat_cluster_off(w->v, cl), zero,
			       w->v->clsize);
	free(zero);
	return ret;
}

/*
 * @path copied into @buf (trailing slashes dropped: "dir/" is "dir", as
 * U-Boot reads it) and split there into its directory and last component
 */
static int split_path(const char *path, char *buf, size_t size,
		      const char **dirp, const char **leafp)
{
	size_t len = strlen(path);
	char *slash;

	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len >= size)
		return -ENAMETOOLONG;
	memcpy(buf, path, len);
	buf[len] = '\0';
	slash = strrchr(buf, '/');
	if (!slash) {
		*dirp = "";
		*leafp = buf;
		return 0;
	}
	*slash = '\0';
	*dirp = buf;
	*leafp = slash + 1;
	return 0;
}

/*
 * The file's clusters: @w->old (found, or none) checked against @pos,
 * the clusters before @pos kept, the rest of its chain freed and those
 * the write needs allocated, all in the FAT in memory
 */
static int fw_plan_clusters(struct fat_w *w, u64 pos, u64 size)
{
	struct fat_vol *v = w->v;
	struct fat_node *old = w->old;
	u32 tail = 0;
	int ret;

	if (pos > old->size) {
		printf("%s: '%s': position %#llx is past its end (%#x bytes)\n",
		       v->name, w->path, (unsigned long long)pos, old->size);
		return -EINVAL;
	}
	w->keep = DIV_ROUND_UP(pos, v->clsize);
	if (old->cluster) {
		ret = fw_check_chain(w, old->cluster, w->path);
		if (!ret && w->keep)
			ret = fw_walk(w, old->cluster, w->keep - 1, w->path,
				      &w->last_kept);
		if (ret)
			return ret;
		if (w->keep) {
			/* The chain was checked: the link is a cluster or 0 */
			fw_next(w, w->last_kept, w->path, &tail);
			fw_set(w, w->last_kept, fw_eoc(w));
		} else {
			tail = old->cluster;
		}
		fw_free_chain(w, tail);
	} else if (w->keep) {
		return fat_bad(v, "'%s': %u bytes but no first cluster",
			       w->path, old->size);
	}
	ret = fw_alloc(w, DIV_ROUND_UP(size, v->clsize) - w->keep,
		       w->last_kept, &w->added);
	if (ret)
		return ret;
	w->first = w->keep ? old->cluster : w->added;
	return 0;
}

/*
 * A new entry's slots in @dir: the first free run of them, else the
 * directory grown by clusters (in the FAT in memory; zeroed at commit),
 * and its 8.3 alias when it has a long name
 */
static int fw_plan_entry(struct fat_w *w, const struct fat_node *dir,
			 const char *leaf)
{
	struct fat_vol *v = w->v;
	struct fw_dir *d = w->d;
	u32 per = v->clsize / FAT_DIRENT_SIZE, dlast = 0, grow, cl;
	int n = 1, ret;

	if (!name_is_83(leaf, w->raw, &w->nt))
		w->nlfn = DIV_ROUND_UP(w->nunits, LFN_CHARS);
	d->want = w->nlfn + 1;
	if (w->nlfn)
		alias_parts(leaf, d->base, d->ext);
	ret = fat_dir_walk_raw(v, dir, fw_dir_slot, d, &dlast);
	if (ret)
		return ret;
	if (w->nlfn) {
		while (n <= FAT_TAIL_MAX && d->tail_used[n])
			n++;
		if (n > FAT_TAIL_MAX) {
			printf("%s: '%s': no free 8.3 alias (%s~1 to ~%d are taken)\n",
			       v->name, w->path, d->base, FAT_TAIL_MAX);
			return -ENOSPC;
		}
		alias_raw(d->base, d->ext, n, w->raw);
	}
	if (d->nrun == d->want)
		return 0;
	if (!dlast && d->want == 1) {
		printf("%s: the root directory is full\n", v->name);
		return -ENOSPC;
	}
	if (!dlast) {
		printf("%s: the root directory has no %d free entries in a row for '%s'\n",
		       v->name, d->want, w->path);
		return -ENOSPC;
	}
	grow = DIV_ROUND_UP(d->want - d->nrun, per);
	/* §6: a directory holds at most 65536 entries */
	if ((d->slots + (u64)grow * per) * FAT_DIRENT_SIZE >
	    FAT_DIR_MAX_BYTES) {
		printf("%s: '%s': its directory is full (65536 entries)\n",
		       v->name, w->path);
		return -ENOSPC;
	}
	ret = fw_alloc(w, grow, dlast, &w->grown);
	if (ret)
		return ret;
	/* The slots go on into the new clusters */
	for (u32 k = 0; d->nrun < d->want; k++) {
		cl = w->grown;
		for (u32 j = 0; j < k / per; j++)
			cl = fw_get(w, cl);
		d->run[d->nrun++] = fat_cluster_off(v, cl) +
				    (u64)(k % per) * FAT_DIRENT_SIZE;
	}
	return 0;
}

/* The plan carried out: the disk written, in the order at the top */
static int fw_commit(struct fat_w *w, u64 pos, const u8 *buf, u64 len)
{
	struct fat_vol *v = w->v;
	u32 size = pos + len, first = size ? w->first : 0;
	int ret = 0;

	if (w->grown)
		ret = fw_zero_chain(w, w->grown);
	if (!ret && len)
		ret = fw_data(w, w->keep && pos % v->clsize ? w->last_kept :
							    w->added,
			      pos % v->clsize, buf, len);
	if (!ret)
		ret = fw_flush_fat(w);
	if (!ret && w->old->nslots) {
		entry_set(w->old_e, w, first, size);
		ret = fw_write(w, w->old->slot[w->old->nslots - 1], w->old_e,
			       sizeof(w->old_e));
	} else if (!ret) {
		ret = entry_write_new(w, first, size);
	}
	if (!ret)
		ret = fw_fsinfo_write(w);
	return ret;
}

/* @leaf as a new entry's name: UTF-16 in @w, or -EINVAL (said) */
static int fw_check_name(struct fat_w *w, const char *leaf)
{
	if (strlen(leaf) > FAT_NAME_MAX ||
	    !name_utf16(leaf, w->units, &w->nunits)) {
		printf("%s: '%s': not a name a FAT volume can hold\n",
		       w->v->name, leaf);
		return -EINVAL;
	}
	return 0;
}

/* Everything decided and read for writing @leaf in @dir, then done */
static int fw_plan_commit(struct fat_w *w, const struct fat_node *dir,
			  const char *leaf, u64 pos, const u8 *buf, u64 len)
{
	struct fat_vol *v = w->v;
	u64 size = pos + len;
	int ret;

	ret = fw_check_name(w, leaf);
	if (ret)
		return ret;
	if (size > 0xffffffffULL || size < pos) {
		printf("%s: '%s': %#llx bytes at %#llx would pass FAT's 4 GiB - 1\n",
		       v->name, w->path, (unsigned long long)len,
		       (unsigned long long)pos);
		return -EOVERFLOW;
	}
	ret = fat_lookup_in(v, dir, leaf, w->old);
	if (ret == -ENOENT) {
		memset(w->old, 0, sizeof(*w->old));
		ret = 0;
	} else if (!ret && fat_is_dir(w->old)) {
		ret = -EISDIR;
	} else if (!ret && (w->old->attr & FAT_ATTR_READ_ONLY)) {
		printf("%s: '%s' is read-only\n", v->name, w->path);
		ret = -EROFS;
	} else if (!ret) {
		ret = fat_read(v, w->old->slot[w->old->nslots - 1], w->old_e,
			       sizeof(w->old_e));
	}
	if (!ret)
		ret = fw_fsinfo_read(w);
	if (!ret)
		ret = fw_plan_clusters(w, pos, size);
	if (!ret && !w->old->nslots)
		ret = fw_plan_entry(w, dir, leaf);
	return ret ? ret : fw_commit(w, pos, buf, len);
}

/* Whether directory @n holds anything but its "." and ".." */
static int fw_count_one(void *ctx, const struct fat_node *n)
{
	if (fat_is_dir(n) &&
	    (!strcmp(n->sname, ".") || !strcmp(n->sname, "..")))
		return 0;
	return 1;
}

/* The cluster holding byte @off of the volume, 0 outside the data area */
static u32 fw_cluster_of(const struct fat_vol *v, u64 off)
{
	return off < v->data_off ? 0 : (off - v->data_off) / v->clsize + 2;
}

/*
 * A hostile chain to be freed may run into the directory its entry is in,
 * or FAT32's root: refused, rather than the parent wrecked
 */
static int fw_chain_not_parent(const struct fat_w *w,
			       const struct fat_node *old,
			       const struct fat_node *dir)
{
	struct fat_vol *v = w->v;
	u32 cl = old->cluster, next = 0, slot_cl = 0;

	if (old->nslots)
		slot_cl = fw_cluster_of(v, old->slot[old->nslots - 1]);
	for (u32 i = 0; cl && i < v->nclusters; i++) {
		if ((v->bits == 32 && cl == v->root_cluster) ||
		    cl == slot_cl || cl == dir->cluster)
			return fat_bad(v, "'%s': its chain runs into a directory (cluster %#x)",
				       w->path, cl);
		if (fw_next(w, cl, w->path, &next))
			return -EBADMSG;
		cl = next;
	}
	return 0;
}

/* fatrm: @leaf in @dir, a file or an empty directory, removed */
static int fw_unlink(struct fat_w *w, const struct fat_node *dir,
		     const char *leaf)
{
	struct fat_vol *v = w->v;
	struct fat_node *old = w->old;
	u8 gone = DIR_FREE;
	int ret;

	if (!strcmp(leaf, ".") || !strcmp(leaf, "..")) {
		printf("%s: '%s': '.' and '..' are not removed\n", v->name,
		       w->path);
		return -EINVAL;
	}
	ret = fat_lookup_in(v, dir, leaf, old);
	if (ret)
		return ret;
	if (old->attr & FAT_ATTR_READ_ONLY) {
		printf("%s: '%s' is read-only\n", v->name, w->path);
		return -EROFS;
	}
	if (fat_is_dir(old)) {
		ret = fat_dir_walk(v, old, fw_count_one, NULL);
		if (ret > 0) {
			printf("%s: '%s': the directory is not empty\n",
			       v->name, w->path);
			return -ENOTEMPTY;
		}
		if (ret)
			return ret;
	}
	ret = fw_fsinfo_read(w);
	if (!ret && old->cluster)
		ret = fw_check_chain(w, old->cluster, w->path);
	if (!ret && old->cluster)
		ret = fw_chain_not_parent(w, old, dir);
	if (ret)
		return ret;
	fw_free_chain(w, old->cluster);
	/*
	 * The entry before the FAT: stopped between them, the volume has
	 * lost clusters (fsck takes them back), never an entry on free ones.
	 * The 8.3 entry first: a long name without it is nothing.
	 */
	for (int i = old->nslots - 1; !ret && i >= 0; i--)
		ret = fw_write(w, old->slot[i], &gone, 1);
	if (!ret)
		ret = fw_flush_fat(w);
	return ret ? ret : fw_fsinfo_write(w);
}

/* "." or ".." of a new directory, pointing at @cl */
static void dot_entry(u8 *e, const char *name, u32 cl, bool fat32)
{
	u16 date, time;

	memset(e, 0, FAT_DIRENT_SIZE);
	memset(e, ' ', 11);
	memcpy(e, name, strlen(name));
	e[DIR_ATTR] = FAT_ATTR_DIRECTORY;
	fat_now(&date, &time);
	put_unaligned_le16(time, e + DIR_CRT_TIME);
	put_unaligned_le16(date, e + DIR_CRT_DATE);
	put_unaligned_le16(time, e + DIR_WRT_TIME);
	put_unaligned_le16(date, e + DIR_WRT_DATE);
	put_unaligned_le16(date, e + DIR_LST_ACC);
	put_unaligned_le16(cl, e + DIR_FST_CLUS_LO);
	put_unaligned_le16(fat32 ? cl >> 16 : 0, e + DIR_FST_CLUS_HI);
}

/* fatmkdir: @leaf made in @dir, one zeroed cluster with "." and ".." */
static int fw_mkdir(struct fat_w *w, const struct fat_node *dir,
		    const char *leaf)
{
	struct fat_vol *v = w->v;
	u8 dots[2 * FAT_DIRENT_SIZE];
	int ret;

	ret = !strcmp(leaf, ".") || !strcmp(leaf, "..") ? 0 :
	      fat_lookup_in(v, dir, leaf, w->old);
	if (!ret) {
		printf("%s: '%s' already exists\n", v->name, w->path);
		return -EEXIST;
	}
	if (ret != -ENOENT)
		return ret;
	memset(w->old, 0, sizeof(*w->old));
	ret = fw_check_name(w, leaf);
	if (!ret)
		ret = fw_fsinfo_read(w);
	if (!ret)
		ret = fw_alloc(w, 1, 0, &w->added);
	w->attr = FAT_ATTR_DIRECTORY;
	if (!ret)
		ret = fw_plan_entry(w, dir, leaf);
	if (ret)
		return ret;
	/* The directory's cluster, then as the file's data its two entries */
	if (w->grown)
		ret = fw_zero_chain(w, w->grown);
	if (!ret)
		ret = fw_zero_chain(w, w->added);
	dot_entry(dots, ".", w->added, v->bits == 32);
	/* ".." of a directory in the root is 0, whatever the FAT type */
	dot_entry(dots + FAT_DIRENT_SIZE, "..",
		  v->bits == 32 && dir->cluster == v->root_cluster ? 0 :
		  dir->cluster, v->bits == 32);
	if (!ret)
		ret = fw_write(w, fat_cluster_off(v, w->added), dots,
			       sizeof(dots));
	if (!ret)
		ret = fw_flush_fat(w);
	if (!ret)
		ret = entry_write_new(w, w->added, 0);
	return ret ? ret : fw_fsinfo_write(w);
}

enum fw_op { FW_WRITE, FW_UNLINK, FW_MKDIR };

/*
 * The work every change shares: @path's directory looked up, the FAT in
 * use read, the op done on it; the volume's caches dropped after
 */
static int fat_modify(struct fs_vol *vol, const char *path, enum fw_op op,
		      u64 pos, const void *buf, u64 len)
{
	struct fat_vol *v = fat_from_vol(vol);
	struct fat_w *w;
	char pathbuf[FAT_PATH_MAX];
	const char *dirpath, *leaf;
	struct fat_node *dir;
	u64 fat_len;
	int ret = 0;

	if (!v->io->write) {
		printf("%s: FAT: cannot be written\n", v->name);
		return -EROFS;
	}
	if (split_path(path, pathbuf, sizeof(pathbuf), &dirpath, &leaf)) {
		printf("%s: '%s': the path is too long\n", v->name, path);
		return -ENAMETOOLONG;
	}
	if (!*leaf && op != FW_WRITE) {
		printf("%s: '%s': the root directory is not %s\n", v->name,
		       path, op == FW_MKDIR ? "made" : "removed");
		return op == FW_MKDIR ? -EEXIST : -EINVAL;
	}
	if (!*leaf || (op == FW_WRITE &&
		       (!strcmp(leaf, ".") || !strcmp(leaf, ".."))))
		return -EISDIR;
	/* The FAT's entries in use, whole sectors */
	fat_len = min_t(u64, v->fat_size,
			ALIGN(DIV_ROUND_UP(((u64)v->nclusters + 2) * v->bits,
					   8), v->bps));
	if (fat_len > FAT_WRITE_FAT_MAX) {
		printf("%s: FAT: its FAT (%llu bytes) is larger than the %u a write reads whole\n",
		       v->name, (unsigned long long)fat_len, FAT_WRITE_FAT_MAX);
		return -ENOMEM;
	}
	w = calloc(1, sizeof(*w));
	dir = malloc(sizeof(*dir));
	if (w) {
		w->old = malloc(sizeof(*w->old));
		w->d = calloc(1, sizeof(*w->d));
		w->fat = malloc(fat_len);
	}
	if (!w || !dir || !w->old || !w->d || !w->fat) {
		printf("%s: FAT: out of memory\n", v->name);
		ret = -ENOMEM;
	} else {
		w->v = v;
		w->path = path;
		w->fat_len = fat_len;
		w->lo = ~0ULL;
		w->hint = 2;
		ret = fat_lookup(v, dirpath, dir);
		if (!ret && !fat_is_dir(dir))
			ret = -ENOTDIR;
		if (!ret)
			ret = fat_read(v, v->fat_off, w->fat, fat_len);
		if (!ret && op == FW_WRITE)
			ret = fw_plan_commit(w, dir, leaf, pos, buf, len);
		else if (!ret && op == FW_UNLINK)
			ret = fw_unlink(w, dir, leaf);
		else if (!ret)
			ret = fw_mkdir(w, dir, leaf);
	}
	/* What the volume's caches hold may be stale now */
	v->cache_len = 0;
	for (int i = 0; i < FAT_DIR_BUFS; i++)
		v->dir[i].len = 0;
	if (w) {
		free(w->fat);
		free(w->d);
		free(w->old);
	}
	free(w);
	free(dir);
	return ret;
}

int fat_write_file(struct fs_vol *vol, const char *path, u64 pos,
		   const void *buf, u64 len)
{
	return fat_modify(vol, path, FW_WRITE, pos, buf, len);
}

int fat_unlink(struct fs_vol *vol, const char *path)
{
	return fat_modify(vol, path, FW_UNLINK, 0, NULL, 0);
}

int fat_mkdir(struct fs_vol *vol, const char *path)
{
	return fat_modify(vol, path, FW_MKDIR, 0, NULL, 0);
}
