// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Writing a file on FAT12/16/32 (fatwrite, save): created in an existing
 * directory, or written over from a position inside it. The volume is as
 * hostile as when it is read: the FAT in use is read whole and every
 * chain walked on it is bounded and range-checked before anything is
 * written. Nothing reaches the disk until all is decided (the clusters,
 * the directory slots); then the data, the zeroed clusters a directory
 * grows by, every FAT copy (or only the active one, where FAT32 says so),
 * the directory entries and FAT32's FSInfo, in that order. A failure
 * after the first write leaves what was written (no journal): said.
 *
 * Names: a long name (§7) is written unless the name is already a valid
 * upper-case 8.3 name; its 8.3 alias is the name's letters upper-cased,
 * cut to six, then "~N" (the lowest N from 1 to 99 that no entry of the
 * directory has).
 */
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
/* A path's directory part at most */
#define FAT_PATH_MAX		1024
/* "~1" to "~99" */
#define FAT_TAIL_MAX		99

static const u8 lfn_unit_off[LFN_CHARS] = {
	1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30,
};

/* struct fat_w - a write being prepared: the FAT in memory */
struct fat_w {
	struct fat_vol *v;
	const char *path;
	u8 *fat;		/* the FAT in use, whole */
	u64 lo, hi;		/* its bytes changed: [lo, hi) */
	u32 hint;		/* where the search for free clusters goes on */
};

static void put16(u8 *p, u16 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(u8 *p, u32 v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

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
		put32(p, (fat_le32(p) & 0xf0000000) | (val & 0x0fffffff));
		break;
	case 16:
		off = (u64)cl * 2;
		put16(w->fat + off, val);
		break;
	default:
		off = cl + cl / 2;
		p = w->fat + off;
		if (cl & 1)
			put16(p, (fat_le16(p) & 0x000f) | (val << 4));
		else
			put16(p, (fat_le16(p) & 0xf000) | (val & 0xfff));
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
	u32 cl = first, next;
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
	u64 hi = min_t(u64, ALIGN(w->hi, v->bps), v->fat_size);
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

/* FAT32's FSInfo: the free count and the next free cluster, as they are */
static int fw_fsinfo(struct fat_w *w)
{
	struct fat_vol *v = w->v;
	u8 fsi[512];
	u32 free = 0;
	int ret;

	if (!v->fsinfo_off)
		return 0;
	ret = fat_read(v, v->fsinfo_off, fsi, sizeof(fsi));
	if (ret)
		return ret;
	/* Not an FSInfo sector: left alone, as its readers leave it */
	if (fat_le32(fsi + FSI_LEAD_SIG) != 0x41615252 ||
	    fat_le32(fsi + FSI_STRUC_SIG) != 0x61417272 ||
	    fat_le32(fsi + FSI_TRAIL_SIG) != 0xaa550000)
		return 0;
	for (u32 i = 0; i < v->nclusters; i++)
		free += !fw_get(w, i + 2);
	put32(fsi + FSI_FREE_COUNT, free);
	put32(fsi + FSI_NXT_FREE, fat_cluster_ok(v, w->hint) ? w->hint : 2);
	return fw_write(w, v->fsinfo_off, fsi, sizeof(fsi));
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

/* Whether @name is a valid upper-case 8.3 name: its 11 bytes into @raw */
static bool name_is_83(const char *name, u8 raw[11])
{
	const char *dot = strrchr(name, '.');
	size_t base = dot ? (size_t)(dot - name) : strlen(name);
	size_t ext = dot ? strlen(dot + 1) : 0;

	if (!base || base > 8 || ext > 3 || (dot && !ext))
		return false;
	memset(raw, ' ', 11);
	for (size_t i = 0; i < base; i++) {
		if (!sname_char_ok(name[i]))
			return false;
		raw[i] = name[i];
	}
	for (size_t i = 0; i < ext; i++) {
		if (!sname_char_ok(dot[1 + i]))
			return false;
		raw[8 + i] = dot[1 + i];
	}
	return raw[0] != DIR_FREE;
}

/* The alias's base and extension: the name's 8.3 characters, upper case */
static void alias_parts(const char *name, char base[7], char ext[4])
{
	const char *dot = strrchr(name, '.');
	int nb = 0, ne = 0;

	if (dot == name)
		dot = NULL;
	for (const char *p = name; *p && p != dot && nb < 6; p++) {
		char c = *p >= 'a' && *p <= 'z' ? *p - 32 : *p;

		if (sname_char_ok(c))
			base[nb++] = c;
	}
	for (const char *p = dot ? dot + 1 : ""; *p && ne < 3; p++) {
		char c = *p >= 'a' && *p <= 'z' ? *p - 32 : *p;

		if (sname_char_ok(c))
			ext[ne++] = c;
	}
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
};

static int fw_dir_slot(void *ctx, u64 off, const u8 *e)
{
	struct fw_dir *d = ctx;

	if (e[DIR_NAME] == DIR_END)
		d->ended = true;
	if (d->ended || e[DIR_NAME] == DIR_FREE) {
		if (d->nrun < d->want)
			d->run[d->nrun++] = off;
		return 0;
	}
	if (d->nrun < d->want)
		d->nrun = 0;
	/* An 8.3 name of the alias's shape: its ~N is taken */
	if (d->base[0] && (e[DIR_ATTR] & 0x3f) != FAT_ATTR_LONG_NAME) {
		for (int n = 1; n <= FAT_TAIL_MAX; n++) {
			u8 raw[11];

			alias_raw(d->base, d->ext, n, raw);
			if (!memcmp(raw, e, 11))
				d->tail_used[n] = true;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ the entry */

/* The time now as FAT stores it (§6.3), 1980-01-01 without a clock */
static void fat_now(u16 *datep, u16 *timep)
{
	*datep = 0x21;
	*timep = 0;
#if IS_ENABLED(CONFIG_RTC)
	{
		struct rtc_time tm;
		struct udevice *dev;

		if (rtc_get_device(&dev) || dm_rtc_get(dev, &tm) ||
		    tm.tm_year < 1980 || tm.tm_year > 2107)
			return;
		*datep = (tm.tm_year - 1980) << 9 | tm.tm_mon << 5 |
			 tm.tm_mday;
		*timep = tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2;
	}
#endif
}

static void entry_set(u8 *e, const struct fat_w *w, u32 first, u32 size)
{
	u16 date, time;

	fat_now(&date, &time);
	e[DIR_ATTR] |= FAT_ATTR_ARCHIVE;
	put16(e + DIR_WRT_TIME, time);
	put16(e + DIR_WRT_DATE, date);
	put16(e + DIR_LST_ACC, date);
	put16(e + DIR_FST_CLUS_LO, first);
	put16(e + DIR_FST_CLUS_HI, w->v->bits == 32 ? first >> 16 : 0);
	put32(e + DIR_FILE_SIZE, size);
}

/* A new entry: its long name's slots (if any), then the 8.3 one */
static int entry_write_new(struct fat_w *w, const struct fw_dir *d,
			   const u8 raw[11], const u16 *units, int nunits,
			   int nlfn, u32 first, u32 size)
{
	u8 csum = fat_name_csum(raw), e[FAT_DIRENT_SIZE];
	u16 date, time;
	int ret;

	for (int i = 0; i < nlfn; i++) {
		int ord = nlfn - i;

		memset(e, 0, sizeof(e));
		e[LDIR_ORD] = ord | (i ? 0 : LDIR_LAST);
		e[LDIR_ATTR] = FAT_ATTR_LONG_NAME;
		e[LDIR_CHKSUM] = csum;
		for (int k = 0; k < LFN_CHARS; k++) {
			int u = (ord - 1) * LFN_CHARS + k;

			/* After the name: one NUL, then 0xffff (§7) */
			put16(e + lfn_unit_off[k], u < nunits ? units[u] :
				       u == nunits ? 0 : 0xffff);
		}
		ret = fw_write(w, d->run[i], e, sizeof(e));
		if (ret)
			return ret;
	}
	memset(e, 0, sizeof(e));
	memcpy(e, raw, 11);
	fat_now(&date, &time);
	put16(e + DIR_CRT_TIME, time);
	put16(e + DIR_CRT_DATE, date);
	entry_set(e, w, first, size);
	return fw_write(w, d->run[nlfn], e, sizeof(e));
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

/* Split @path into its directory and its last component (in @leaf) */
static int split_path(const char *path, char *dir, size_t dsize,
		      const char **leafp)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	if (n >= dsize)
		return -ENAMETOOLONG;
	memcpy(dir, path, n);
	dir[n] = '\0';
	*leafp = slash ? slash + 1 : path;
	return 0;
}

static int fat_write_prepared(struct fat_w *w, const char *leaf,
			      struct fat_node *dir, u64 pos, const u8 *buf,
			      u64 len);

int fat_write_file(struct fs_vol *vol, const char *path, u64 pos,
		   const void *buf, u64 len)
{
	struct fat_vol *v = fat_from_vol(vol);
	struct fat_w w = { .v = v, .path = path, .lo = ~0ULL, .hint = 2 };
	char dirpath[FAT_PATH_MAX];
	struct fat_node *dir;
	const char *leaf;
	int ret = 0;

	if (!v->io->write) {
		printf("%s: FAT: cannot be written\n", v->name);
		return -EROFS;
	}
	if (split_path(path, dirpath, sizeof(dirpath), &leaf)) {
		printf("%s: '%s': the directory's path is too long\n", v->name,
		       path);
		return -ENAMETOOLONG;
	}
	if (!*leaf || !strcmp(leaf, ".") || !strcmp(leaf, ".."))
		return -EISDIR;
	if (v->fat_size > FAT_WRITE_FAT_MAX) {
		printf("%s: FAT: its FAT (%llu bytes) is larger than the %u a write reads whole\n",
		       v->name, (unsigned long long)v->fat_size,
		       FAT_WRITE_FAT_MAX);
		return -ENOMEM;
	}
	dir = malloc(sizeof(*dir));
	w.fat = malloc(v->fat_size);
	if (!dir || !w.fat) {
		printf("%s: FAT: out of memory\n", v->name);
		ret = -ENOMEM;
	}
	if (!ret)
		ret = fat_lookup(v, dirpath, dir);
	if (!ret && !fat_is_dir(dir))
		ret = -ENOTDIR;
	if (!ret)
		ret = fat_read(v, v->fat_off, w.fat, v->fat_size);
	if (!ret)
		ret = fat_write_prepared(&w, leaf, dir, pos, buf, len);
	free(w.fat);
	free(dir);
	return ret;
}

static int fat_write_prepared(struct fat_w *w, const char *leaf,
			      struct fat_node *dir, u64 pos, const u8 *buf,
			      u64 len)
{
	struct fat_vol *v = w->v;
	u64 size = pos + len, keep, need;
	u32 first = 0, last_kept = 0, tail = 0, added, dlast = 0;
	struct fat_node *old;
	struct fw_dir *d;
	u16 units[FAT_NAME_MAX];
	int nunits, nlfn = 0, ret;
	u8 raw[11];

	if (!name_utf16(leaf, units, &nunits)) {
		printf("%s: '%s': not a name a FAT volume can hold\n", v->name,
		       leaf);
		return -EINVAL;
	}
	if (size > 0xffffffffULL || size < pos) {
		printf("%s: '%s': %#llx bytes at %#llx would pass FAT's 4 GiB - 1\n",
		       v->name, w->path, (unsigned long long)len,
		       (unsigned long long)pos);
		return -EOVERFLOW;
	}
	old = malloc(sizeof(*old));
	d = calloc(1, sizeof(*d));
	if (!old || !d) {
		printf("%s: FAT: out of memory\n", v->name);
		ret = -ENOMEM;
		goto out;
	}
	ret = fat_lookup_in(v, dir, leaf, old);
	if (ret == -ENOENT) {
		old->nslots = 0;
		old->size = 0;
		old->cluster = 0;
		ret = 0;
	} else if (!ret && fat_is_dir(old)) {
		ret = -EISDIR;
	} else if (!ret && (old->attr & FAT_ATTR_READ_ONLY)) {
		printf("%s: '%s' is read-only\n", v->name, w->path);
		ret = -EROFS;
	}
	if (ret)
		goto out;
	if (pos > old->size) {
		printf("%s: '%s': position %#llx is past its end (%#x bytes)\n",
		       v->name, w->path, (unsigned long long)pos, old->size);
		ret = -EINVAL;
		goto out;
	}
	/* The clusters before @pos stay; the rest of the chain goes */
	keep = DIV_ROUND_UP(pos, v->clsize);
	need = DIV_ROUND_UP(size, v->clsize) - keep;
	if (old->cluster) {
		ret = fw_check_chain(w, old->cluster, w->path);
		if (!ret && keep)
			ret = fw_walk(w, old->cluster, keep - 1, w->path,
				      &last_kept);
		if (ret)
			goto out;
		if (keep) {
			ret = fw_next(w, last_kept, w->path, &tail);
			fw_set(w, last_kept, fw_eoc(w));
		} else {
			tail = old->cluster;
		}
		fw_free_chain(w, tail);
	} else if (keep) {
		ret = fat_bad(v, "'%s': %u bytes but no first cluster",
			      w->path, old->size);
		goto out;
	}
	ret = fw_alloc(w, need, last_kept, &added);
	if (ret)
		goto out;
	first = keep ? old->cluster : added;
	/* A new entry: its slots, the directory grown for them if need be */
	if (!old->nslots) {
		if (!name_is_83(leaf, raw))
			nlfn = DIV_ROUND_UP(nunits, LFN_CHARS);
		d->want = nlfn + 1;
		if (nlfn)
			alias_parts(leaf, d->base, d->ext);
		ret = fat_dir_walk_raw(v, dir, fw_dir_slot, d, &dlast);
		if (ret)
			goto out;
		if (nlfn) {
			int n = 1;

			while (n <= FAT_TAIL_MAX && d->tail_used[n])
				n++;
			if (n > FAT_TAIL_MAX) {
				printf("%s: '%s': no free 8.3 alias (%s~1 to ~%d are taken)\n",
				       v->name, w->path, d->base, FAT_TAIL_MAX);
				ret = -ENOSPC;
				goto out;
			}
			alias_raw(d->base, d->ext, n, raw);
		}
		if (d->nrun < d->want) {
			u32 per = v->clsize / FAT_DIRENT_SIZE, grow, cl;

			if (!dlast) {
				printf("%s: the root directory is full\n",
				       v->name);
				ret = -ENOSPC;
				goto out;
			}
			grow = DIV_ROUND_UP(d->want - d->nrun, per);
			ret = fw_alloc(w, grow, dlast, &cl);
			if (ret)
				goto out;
			cl = fw_get(w, dlast);
			/* The slots go on into the new clusters */
			for (u32 k = 0; d->nrun < d->want; k++) {
				u32 c = cl;

				for (u32 j = 0; j < k / per; j++)
					c = fw_get(w, c);
				d->run[d->nrun++] = fat_cluster_off(v, c) +
						    (u64)(k % per) *
						    FAT_DIRENT_SIZE;
			}
			/* Zeroed before the FAT links them in */
			ret = fw_zero_chain(w, cl);
			if (ret)
				goto out;
		}
	}
	/* The data, from @pos: into the last kept cluster, then the new */
	if (len) {
		u32 start = keep && pos % v->clsize ? last_kept : added;

		ret = fw_data(w, start, pos % v->clsize, buf, len);
		if (ret)
			goto out;
	}
	ret = fw_flush_fat(w);
	if (ret)
		goto out;
	if (old->nslots) {
		u8 e[FAT_DIRENT_SIZE];
		u64 at = old->slot[old->nslots - 1];

		ret = fat_read(v, at, e, sizeof(e));
		if (!ret) {
			entry_set(e, w, size ? first : 0, size);
			ret = fw_write(w, at, e, sizeof(e));
		}
	} else {
		ret = entry_write_new(w, d, raw, units, nunits, nlfn,
				      size ? first : 0, size);
	}
	if (!ret)
		ret = fw_fsinfo(w);
out:
	free(old);
	free(d);
	return ret;
}
