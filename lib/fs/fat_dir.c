// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * FAT directories: walking the entries of the fixed root (FAT12/16) or of
 * a cluster chain, decoding 8.3 names and VFAT long names, and looking a
 * path up. A long name is used only when its entries come in order with
 * one checksum that matches its 8.3 entry (§7); anything else falls back
 * to the 8.3 name, as the specification asks.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fat_priv.h"

/* §6: the 8.3 entry */
#define DIR_NAME	0
#define DIR_ATTR	11
#define DIR_NT_RES	12
#define DIR_FST_CLUS_HI	20
#define DIR_FST_CLUS_LO	26
#define DIR_FILE_SIZE	28
#define DIR_FREE	0xe5	/* DIR_Name[0]: deleted */
#define DIR_END		0x00	/* DIR_Name[0]: no entry after this one */
#define DIR_KANJI_E5	0x05	/* DIR_Name[0]: stands for 0xe5 */
/* DIR_NTRes: Windows NT's lower-case flags, which mtools writes too */
#define NT_LOWER_BASE	0x08
#define NT_LOWER_EXT	0x10

/* §7: the long-name entry */
#define LDIR_ORD	0
#define LDIR_TYPE	12
#define LDIR_CHKSUM	13
#define LDIR_FST_CLUS_LO 26
#define LDIR_LAST	0x40
#define LFN_CHARS	13	/* UTF-16 units per entry */
#define LFN_MAX_ENTRIES	FAT_LFN_MAX_ENTRIES

/* Where the 13 units of a long-name entry are */
static const u8 lfn_unit_off[LFN_CHARS] = {
	1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30,
};

/* struct fat_lfn - a long name being gathered, last part first */
struct fat_lfn {
	u16 units[LFN_MAX_ENTRIES * LFN_CHARS];
	u64 slot[LFN_MAX_ENTRIES];	/* where its entries are, in order */
	u8 nslots;
	u8 count;	/* entries of the name; 0: none (or a broken one) */
	u8 next;	/* the sequence number expected next */
	u8 csum;	/* the checksum every entry carries */
};

struct fat_dir_iter {
	struct fat_vol *v;
	struct fat_lfn lfn;
	struct fat_node node;
	int (*fn)(void *ctx, const struct fat_node *n);
	/* Instead of @fn: every slot, raw, the end marker no end */
	int (*raw)(void *ctx, u64 off, const u8 *e);
	void *ctx;
	u32 last;	/* the chain's cluster being walked */
	bool end;	/* the end-of-directory entry was seen */
};

/* §7.2: the checksum of the 11-byte 8.3 name */
u8 fat_name_csum(const u8 *name)
{
	u8 sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (u8)(((sum & 1) << 7) + (sum >> 1) + name[i]);
	return sum;
}

static void fat_lfn_add(struct fat_lfn *l, const u8 *e)
{
	u8 ord = e[LDIR_ORD] & ~LDIR_LAST;

	if (!ord || ord > LFN_MAX_ENTRIES || e[LDIR_TYPE] ||
	    fat_le16(e + LDIR_FST_CLUS_LO)) {
		l->count = 0;
		return;
	}
	if (e[LDIR_ORD] & LDIR_LAST) {
		l->count = ord;
		l->next = ord;
		l->csum = e[LDIR_CHKSUM];
	}
	if (!l->count || ord != l->next || e[LDIR_CHKSUM] != l->csum) {
		l->count = 0;
		return;
	}
	for (int i = 0; i < LFN_CHARS; i++)
		l->units[(ord - 1) * LFN_CHARS + i] =
			fat_le16(e + lfn_unit_off[i]);
	l->next = ord - 1;
}

/* Append code point @c as UTF-8: false when it does not fit */
static bool put_utf8(char *out, size_t size, size_t *op, u32 c)
{
	u8 b[4];
	int n;

	if (c < 0x80) {
		b[0] = c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = 0xc0 | c >> 6;
		b[1] = 0x80 | (c & 0x3f);
		n = 2;
	} else if (c < 0x10000) {
		b[0] = 0xe0 | c >> 12;
		b[1] = 0x80 | (c >> 6 & 0x3f);
		b[2] = 0x80 | (c & 0x3f);
		n = 3;
	} else {
		b[0] = 0xf0 | c >> 18;
		b[1] = 0x80 | (c >> 12 & 0x3f);
		b[2] = 0x80 | (c >> 6 & 0x3f);
		b[3] = 0x80 | (c & 0x3f);
		n = 4;
	}
	if (*op + n >= size)
		return false;
	memcpy(out + *op, b, n);
	*op += n;
	return true;
}

/*
 * The gathered long name as UTF-8 in @out: false when it cannot be one
 * (empty, a lone surrogate, a control character or '/', too long)
 */
static bool fat_lfn_name(const struct fat_lfn *l, char *out, size_t size)
{
	int units = l->count * LFN_CHARS;
	size_t o = 0;

	for (int i = 0; i < units && l->units[i]; i++) {
		u32 c = l->units[i];

		if (c >= 0xd800 && c < 0xdc00 && i + 1 < units &&
		    l->units[i + 1] >= 0xdc00 && l->units[i + 1] < 0xe000) {
			c = 0x10000 + ((c - 0xd800) << 10) +
			    (l->units[++i] - 0xdc00);
		} else if (c >= 0xd800 && c < 0xe000) {
			return false;
		}
		if (c < 0x20 || c == '/' || !put_utf8(out, size, &o, c))
			return false;
	}
	out[o] = 0;
	return o > 0;
}

static char fat_sname_char(u8 c)
{
	return c < 0x20 || c >= 0x7f ? '?' : c;
}

/* §6.1: "NAME.EXT" in sname; name with the NT lower-case flags applied */
static void fat_short_name(const u8 *e, struct fat_node *n)
{
	int blen = 8, elen = 3, o = 0;
	u8 lc = e[DIR_NT_RES];

	while (blen && e[DIR_NAME + blen - 1] == ' ')
		blen--;
	while (elen && e[DIR_NAME + 8 + elen - 1] == ' ')
		elen--;
	for (int i = 0; i < blen; i++) {
		u8 c = i || e[DIR_NAME] != DIR_KANJI_E5 ? e[DIR_NAME + i] : 0xe5;

		n->sname[o] = fat_sname_char(c);
		n->name[o] = lc & NT_LOWER_BASE ? tolower(n->sname[o]) :
						  n->sname[o];
		o++;
	}
	if (elen) {
		n->sname[o] = n->name[o] = '.';
		o++;
	}
	for (int i = 0; i < elen; i++) {
		n->sname[o] = fat_sname_char(e[DIR_NAME + 8 + i]);
		n->name[o] = lc & NT_LOWER_EXT ? tolower(n->sname[o]) :
						 n->sname[o];
		o++;
	}
	n->sname[o] = n->name[o] = 0;
}

/* One 32-byte entry at @off: gather, skip, or hand a decoded one to fn */
static int fat_dir_entry(struct fat_dir_iter *it, u64 off, const u8 *e)
{
	struct fat_node *n = &it->node;
	struct fat_lfn *l = &it->lfn;
	u8 attr = e[DIR_ATTR];
	bool lfn_ok;

	if (e[DIR_NAME] == DIR_END) {
		it->end = true;
		return 0;
	}
	if (e[DIR_NAME] == DIR_FREE) {
		l->count = 0;
		return 0;
	}
	if ((attr & 0x3f) == FAT_ATTR_LONG_NAME) {
		fat_lfn_add(l, e);
		/* The slots of the name being gathered (a new one restarts) */
		if (e[LDIR_ORD] & LDIR_LAST)
			l->nslots = 0;
		if (l->nslots < LFN_MAX_ENTRIES)
			l->slot[l->nslots++] = off;
		return 0;
	}
	lfn_ok = l->count && !l->next && l->csum == fat_name_csum(e);
	if (attr & FAT_ATTR_VOLUME_ID) {
		l->count = 0;
		return 0;
	}
	fat_short_name(e, n);
	if (lfn_ok && !fat_lfn_name(l, n->name, sizeof(n->name)))
		fat_short_name(e, n);	/* one too long to hold: the 8.3 */
	l->count = 0;
	if (!n->name[0])
		return 0;
	n->attr = attr;
	n->cluster = fat_le16(e + DIR_FST_CLUS_LO);
	if (it->v->bits == 32)
		n->cluster |= (u32)fat_le16(e + DIR_FST_CLUS_HI) << 16;
	n->size = fat_le32(e + DIR_FILE_SIZE);
	n->nslots = 0;
	/* The long name's slots go with the entry, its name used or not */
	if (lfn_ok)
		for (; n->nslots < l->nslots; n->nslots++)
			n->slot[n->nslots] = l->slot[n->nslots];
	n->slot[n->nslots++] = off;
	return it->fn(it->ctx, n);
}

/* The directory bytes [@off, @off + @len) (@len at most v->dir_cap):
 * from the buffers if one holds them, else read into the oldest */
static const u8 *fat_dir_get(struct fat_vol *v, u64 off, u32 len, int *err)
{
	struct fat_dir_buf *b = &v->dir[0];

	for (int i = 0; i < FAT_DIR_BUFS; i++) {
		struct fat_dir_buf *d = &v->dir[i];

		if (d->len == len && d->off == off) {
			d->used = ++v->dir_tick;
			return d->data;
		}
		if (d->used < b->used)
			b = d;
	}
	b->len = 0;
	b->used = 0;
	*err = fat_read(v, off, b->data, len);
	if (*err)
		return NULL;
	b->off = off;
	b->len = len;
	b->used = ++v->dir_tick;
	return b->data;
}

/* The entries of @len bytes at @off (at most v->dir_cap) */
static int fat_dir_chunk(struct fat_dir_iter *it, u64 off, u32 len)
{
	int ret = 0;
	const u8 *buf = fat_dir_get(it->v, off, len, &ret);

	for (u32 i = 0; !ret && !it->end && i < len; i += FAT_DIRENT_SIZE)
		ret = it->raw ? it->raw(it->ctx, off + i, buf + i) :
				fat_dir_entry(it, off + i, buf + i);
	return ret;
}

/* FAT12/16's root: a fixed region after the FATs (§6) */
static int fat_dir_root_region(struct fat_dir_iter *it)
{
	struct fat_vol *v = it->v;
	int ret = 0;

	for (u32 off = 0; !ret && !it->end && off < v->root_size;
	     off += v->dir_cap)
		ret = fat_dir_chunk(it, v->root_off + off,
				    min_t(u32, v->dir_cap, v->root_size - off));
	return ret;
}

/* Any other directory: a cluster chain, of at most 65536 entries */
static int fat_dir_chain(struct fat_dir_iter *it, u32 first, const char *what)
{
	struct fat_vol *v = it->v;
	u32 max = max_t(u32, 1, FAT_DIR_MAX_BYTES / v->clsize);
	struct fat_chain ch;
	int ret = 0;

	if (!fat_cluster_ok(v, first))
		return fat_bad(v, "directory '%s': first cluster %#x out of range (clusters are 0x2..%#x)",
			       what, first, v->nclusters + 1);
	fat_chain_start(&ch, first);
	for (;;) {
		u64 base = fat_cluster_off(v, ch.cur);

		it->last = ch.cur;
		for (u32 off = 0; !ret && !it->end && off < v->clsize;
		     off += v->dir_cap)
			ret = fat_dir_chunk(it, base + off,
					    min_t(u32, v->dir_cap,
						  v->clsize - off));
		if (ret || it->end)
			return ret;
		ret = fat_chain_next(v, &ch, what);
		if (ret)
			return ret < 0 ? ret : 0;
		if (ch.steps >= max)
			return fat_bad(v, "directory '%s' is longer than 65536 entries",
				       what);
	}
}

/* A walk of @dir: decoded entries to @fn, or every slot to @raw */
static int fat_dir_run(struct fat_vol *v, const struct fat_node *dir,
		       int (*fn)(void *ctx, const struct fat_node *n),
		       int (*raw)(void *ctx, u64 off, const u8 *e), void *ctx,
		       u32 *lastp)
{
	struct fat_dir_iter *it;
	int ret;

	it = calloc(1, sizeof(*it));
	if (!it) {
		fat_bad(v, "out of memory");
		return -ENOMEM;
	}
	it->v = v;
	it->fn = fn;
	it->raw = raw;
	it->ctx = ctx;
	if (dir->cluster)
		ret = fat_dir_chain(it, dir->cluster, dir->name);
	else if (v->bits == 32)
		ret = fat_dir_chain(it, v->root_cluster, "/");
	else
		ret = fat_dir_root_region(it);
	if (lastp)
		*lastp = it->last;
	free(it);
	return ret;
}

int fat_dir_walk(struct fat_vol *v, const struct fat_node *dir,
		 int (*fn)(void *ctx, const struct fat_node *n), void *ctx)
{
	return fat_dir_run(v, dir, fn, NULL, ctx, NULL);
}

int fat_dir_walk_raw(struct fat_vol *v, const struct fat_node *dir,
		     int (*fn)(void *ctx, u64 off, const u8 *e), void *ctx,
		     u32 *lastp)
{
	return fat_dir_run(v, dir, NULL, fn, ctx, lastp);
}

/* ------------------------------------------------------------ lookup */

struct fat_find {
	const char *comp;
	size_t len;
	struct fat_node *np;
};

static bool fat_name_eq(const char *name, const char *comp, size_t len)
{
	return strlen(name) == len && !strncasecmp(name, comp, len);
}

static int fat_find_one(void *ctx, const struct fat_node *n)
{
	struct fat_find *f = ctx;

	if (!fat_name_eq(n->name, f->comp, f->len) &&
	    !fat_name_eq(n->sname, f->comp, f->len))
		return 0;
	*f->np = *n;
	return 1;
}

/* An entry found on the way: its first cluster must make sense */
static int fat_check_node(struct fat_vol *v, const struct fat_node *n)
{
	if (fat_is_dir(n) && !n->cluster) {
		/* ".." of a directory in the root points at the root */
		if (!strcmp(n->sname, ".."))
			return 0;
		return fat_bad(v, "directory '%s' has no first cluster",
			       n->name);
	}
	if (!fat_is_dir(n) && !n->cluster && n->size)
		return fat_bad(v, "'%s': %u bytes but no first cluster",
			       n->name, n->size);
	if (n->cluster && !fat_cluster_ok(v, n->cluster))
		return fat_bad(v, "'%s': first cluster %#x out of range (clusters are 0x2..%#x)",
			       n->name, n->cluster, v->nclusters + 1);
	return 0;
}

static void fat_root(struct fat_node *n)
{
	memset(n, 0, sizeof(*n));
	strcpy(n->name, "/");
	n->attr = FAT_ATTR_DIRECTORY;
}

int fat_lookup_in(struct fat_vol *v, const struct fat_node *dir,
		  const char *name, struct fat_node *np)
{
	struct fat_find f = { .comp = name, .len = strlen(name), .np = np };
	int ret = fat_dir_walk(v, dir, fat_find_one, &f);

	if (ret < 0)
		return ret;
	return ret ? fat_check_node(v, np) : -ENOENT;
}

int fat_lookup(struct fat_vol *v, const char *path, struct fat_node *np)
{
	struct fat_node dir;
	struct fat_find f;
	int ret;

	fat_root(np);
	while (*path) {
		f.comp = path;
		f.len = strcspn(path, "/");
		path += f.len;
		path += strspn(path, "/");
		if (!f.len)
			continue;
		if (!fat_is_dir(np))
			return -ENOTDIR;
		if (f.len == 1 && f.comp[0] == '.')
			continue;
		if (f.len == 2 && !strncmp(f.comp, "..", 2) && !np->cluster) {
			fat_root(np);
			continue;
		}
		if (f.len > FAT_NAME_MAX)
			return -ENOENT;
		dir = *np;
		f.np = np;
		ret = fat_dir_walk(v, &dir, fat_find_one, &f);
		if (ret < 0)
			return ret;
		if (!ret)
			return -ENOENT;
		ret = fat_check_node(v, np);
		if (ret)
			return ret;
	}
	return 0;
}
