// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ext3/ext4's journal (jbd2), replayed in memory. A filesystem flagged
 * needs_recovery was not unmounted cleanly: the newest metadata of its
 * committed transactions may be only in the journal's log, and what is
 * at home on the disk is older (a directory without the file just
 * written, an inode pointing at blocks since freed). Linux replays the
 * log at mount; so does this reader, but into a table of which block's
 * newest copy is where in the log (v->jmap), never writing the disk.
 * ext4_read_block() reads through the table.
 *
 * The on-disk format is the one the Linux kernel's
 * Documentation/filesystems/ext4/journal.rst describes, all big-endian:
 * a superblock in the journal's first block, then a circular log of
 * transactions, each descriptor blocks (tags naming the filesystem
 * blocks whose copies follow), revoke blocks and a commit block. The
 * log starts at s_start with transaction s_sequence and ends at the
 * first block that is not the next part of it; a transaction without its
 * commit block is not replayed. A block revoked by a transaction is not
 * replayed from that transaction or an earlier one.
 *
 * Everything in the log is hostile. The journal's blocks must be
 * distinct blocks of the filesystem, and a walk reads at most the log's
 * length of them; tags and revoke records stay inside their block; a tag
 * naming a block outside the partition or a checksum mismatch (csum
 * v2/v3) ends the log there, said once; a copy whose own checksum fails
 * is skipped, as Linux skips it. What cannot be replayed at all (an
 * external journal, unknown features, a bad journal superblock, more
 * than EXT4_JNL_RECORDS blocks and revoke records) is said, and the
 * filesystem read as it is.
 */
#include <byteorder.h>
#include <errno.h>
#include <lib.h>
#include <limits.h>
#include <log.h>
#include <stdlib.h>
#include <string.h>
#include "ext4_priv.h"

#define JBD2_DESCRIPTOR		1
#define JBD2_COMMIT		2
#define JBD2_SB_V1		3
#define JBD2_SB_V2		4
#define JBD2_REVOKE		5
/* s_feature_incompat */
#define JBD2_REVOKE_FEAT	0x1
#define JBD2_64BIT		0x2
#define JBD2_ASYNC_COMMIT	0x4
#define JBD2_CSUM_V2		0x8
#define JBD2_CSUM_V3		0x10
#define JBD2_FAST_COMMIT	0x20
#define JBD2_INCOMPAT_KNOWN	0x3f
#define JBD2_CRC32C		4
#define JBD2_FC_DEFAULT		256	/* fast commit blocks when unsaid */
/* tag flags */
#define JBD2_FLAG_ESCAPE	0x1
#define JBD2_FLAG_SAME_UUID	0x2
#define JBD2_FLAG_LAST_TAG	0x8
/*
 * Tags and revoke records kept while the log is read, 32 bytes each;
 * past it, those of the committed transactions are folded to one a block
 */
#define EXT4_JNL_RECORDS	(1U << 17)
/* The log is read ahead this many bytes at a time (at least a block) */
#define JNL_WINDOW		(256 * 1024)
/* Runs of contiguous blocks the journal may be in (16 bytes each) */
#define EXT4_JNL_RUNS		(1U << 16)

struct jbd2_header {
	__be32 magic;
	__be32 type;
	__be32 seq;
};

/** struct jbd2_sb - the journal's superblock, the fields read */
struct jbd2_sb {
	struct jbd2_header h;		/* 0x00 */
	__be32 blocksize;		/* 0x0c */
	__be32 maxlen;			/* 0x10 */
	__be32 first;			/* 0x14 */
	__be32 sequence;		/* 0x18 */
	__be32 start;			/* 0x1c */
	__be32 errnum;			/* 0x20 */
	__be32 feature_compat;		/* 0x24 */
	__be32 feature_incompat;	/* 0x28 */
	__be32 feature_ro_compat;	/* 0x2c */
	u8 uuid[16];			/* 0x30 */
	u8 pad0[0x50 - 0x40];
	u8 checksum_type;		/* 0x50 */
	u8 pad1[3];
	__be32 num_fc_blks;		/* 0x54 */
	u8 pad2[0xfc - 0x58];
	__be32 checksum;		/* 0xfc */
	u8 users[0x400 - 0x100];
};
BUILD_BUG_ON(offsetof(struct jbd2_sb, uuid) != 0x30);
BUILD_BUG_ON(offsetof(struct jbd2_sb, num_fc_blks) != 0x54);
BUILD_BUG_ON(offsetof(struct jbd2_sb, checksum) != 0xfc);
BUILD_BUG_ON(sizeof(struct jbd2_sb) != 1024);

/* A run of the journal's blocks, contiguous on the partition */
struct jnl_run {
	u32 lblk, count;
	u64 pblk;
};

/* A tag (a block's copy) or a revoke record, as the log gives it */
struct jnl_rec {
	u64 blk;
	u64 jblk;		/* the copy (a tag); unused for a revoke */
	u32 seq;		/* the transaction */
	u32 order;		/* the tag's place in the log */
	bool escape;
};

struct jnl {
	struct ext4_vol *v;
	struct ext4_inode in;	/* the journal's inode */
	u32 first, end;		/* the log's blocks of the journal */
	u32 incompat;
	u32 tag_size;
	bool csum;		/* csum v2 or v3 */
	u32 seed;
	u64 part_blocks;	/* blocks in the partition */
	u8 *buf;		/* the log block being read */
	u8 *win;		/* JNL_WINDOW bytes of the log, read ahead */
	u32 win_first, win_n;	/* which blocks of the journal it holds */
	struct jnl_run *runs;	/* where the journal is, by lblk */
	u32 nruns;
	struct jnl_rec *tags, *revs;
	u32 ntags, nrevs, tags_cap, revs_cap;
	u32 kept_tags, kept_revs;	/* those of committed transactions */
	u32 order;		/* the next tag's place in the log */
	bool skipped;		/* a copy failed its checksum (said once) */
};

/* Say what is wrong with the journal, or what was done with it */
#define jnl_say(v, level, fmt, ...) \
	ext4_log((v)->io, level, "journal: " fmt, ##__VA_ARGS__)

/* Is transaction @a @b or a later one? (Their numbers wrap.) */
static bool seq_after_eq(u32 a, u32 b)
{
	return (s32)(a - b) >= 0;
}

/* The run holding block @lblk of the journal, or NULL */
static const struct jnl_run *jnl_run_of(const struct jnl *j, u32 lblk)
{
	u32 lo = 0, hi = j->nruns;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct jnl_run *r = &j->runs[mid];

		if (lblk < r->lblk)
			hi = mid;
		else if (lblk - r->lblk >= r->count)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

/* Block @lblk of the journal: where it is on the partition, or 0 */
static u64 jnl_pblk(const struct jnl *j, u32 lblk)
{
	const struct jnl_run *r = jnl_run_of(j, lblk);

	return r ? r->pblk + (lblk - r->lblk) : 0;
}

static int run_cmp(const void *a, const void *b)
{
	const struct jnl_run *x = a, *y = b;

	return x->pblk < y->pblk ? -1 : x->pblk > y->pblk;
}

/*
 * Where the journal's @len blocks are, as runs: 0, 1 when it cannot be
 * replayed (said), or -errno. No two of its blocks may be one block of
 * the partition: each block of the log is then read at most once a walk.
 */
static int jnl_map(struct jnl *j, u32 len)
{
	struct ext4_vol *v = j->v;
	struct jnl_run *by_pblk;
	int ret = 0;

	j->runs = malloc(sizeof(*j->runs) * EXT4_JNL_RUNS);
	if (!j->runs)
		return -ENOMEM;
	for (u32 l = 0; l < len;) {
		u64 pblk, count;

		ret = ext4_map(v, &j->in, l, &pblk, &count);
		if (ret)
			return ret;
		if (!pblk || j->nruns == EXT4_JNL_RUNS) {
			jnl_say(v, LOGL_WARNING, "%s: reading without its latest changes",
				pblk ? "in too many pieces" : "has a hole");
			return 1;
		}
		count = min_t(u64, count, len - l);
		j->runs[j->nruns++] = (struct jnl_run){ l, count, pblk };
		l += count;
	}
	by_pblk = malloc(sizeof(*by_pblk) * (j->nruns ? j->nruns : 1));
	if (!by_pblk)
		return -ENOMEM;
	memcpy(by_pblk, j->runs, sizeof(*by_pblk) * j->nruns);
	sort(by_pblk, j->nruns, sizeof(*by_pblk), run_cmp);
	for (u32 i = 1; i < j->nruns && !ret; i++) {
		if (by_pblk[i - 1].pblk + by_pblk[i - 1].count > by_pblk[i].pblk)
			ret = 1;
	}
	free(by_pblk);
	if (ret)
		jnl_say(v, LOGL_WARNING, "two of its blocks are one block of the disk: reading without its latest changes");
	return ret;
}

/*
 * Block @lblk of the journal, through the window: on a miss, it and the
 * blocks after it that are contiguous on the disk and in the log are read
 * in one request (a log is read in order). *@datap: where it is, valid
 * until the next call. Return: 0, 1 (not mapped) or -errno
 */
static int jnl_block(struct jnl *j, u32 lblk, const u8 **datap)
{
	const struct ext4_vol *v = j->v;
	const struct jnl_run *r;
	u32 n;
	int ret;

	if (lblk >= j->win_first && lblk - j->win_first < j->win_n) {
		*datap = j->win + ((size_t)(lblk - j->win_first) << v->log_bs);
		return 0;
	}
	r = jnl_run_of(j, lblk);
	if (!r)
		return 1;
	n = min_t(u32, r->lblk + r->count - lblk, JNL_WINDOW >> v->log_bs);
	n = min_t(u32, n, lblk < j->end ? j->end - lblk : 1);
	j->win_n = 0;
	ret = v->io->read(v->io, (r->pblk + (lblk - r->lblk)) << v->log_bs,
			  j->win, (size_t)n << v->log_bs);
	if (ret)
		return ret;
	j->win_first = lblk;
	j->win_n = n;
	*datap = j->win;
	return 0;
}

/* Block @lblk of the journal copied into @buf: 0, 1 or -errno */
static int jnl_read(struct jnl *j, u32 lblk, void *buf)
{
	const u8 *data;
	int ret = jnl_block(j, lblk, &data);

	if (!ret)
		memcpy(buf, data, j->v->bs);
	return ret;
}

/* A descriptor or revoke block's tail, or a commit block's checksum */
static bool jnl_csum_ok(struct jnl *j, const u8 *blk, u32 at)
{
	u32 want = get_unaligned_be32(blk + at);
	const __le32 zero = 0;
	u32 crc;

	if (!j->csum)
		return true;
	crc = ext4_crc(j->seed, blk, at);
	crc = ext4_crc(crc, &zero, 4);
	crc = ext4_crc(crc, blk + at + 4, j->v->bs - at - 4);
	return crc == want;
}

/* The block after @pos in the circular log */
static u32 jnl_next(const struct jnl *j, u32 pos)
{
	return pos + 1 >= j->end ? j->first : pos + 1;
}

static int rec_cmp(const void *a, const void *b)
{
	const struct jnl_rec *x = a, *y = b;

	if (x->blk != y->blk)
		return x->blk < y->blk ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/*
 * Fold the records of the committed transactions: of each block, its
 * last copy and the last transaction revoking it are all replay needs
 * (an earlier copy is revoked whenever the last is). The records of the
 * transaction being read follow, in their order.
 */
static void jnl_fold(struct jnl_rec *arr, u32 *n, u32 *kept, bool revokes)
{
	u32 out = 0;

	sort(arr, *kept, sizeof(*arr), rec_cmp);
	for (u32 i = 0; i < *kept; i++) {
		if (!revokes && i + 1 < *kept && arr[i + 1].blk == arr[i].blk)
			continue;	/* a later copy follows */
		if (revokes && out && arr[out - 1].blk == arr[i].blk) {
			if (seq_after_eq(arr[i].seq, arr[out - 1].seq))
				arr[out - 1].seq = arr[i].seq;
			continue;
		}
		arr[out++] = arr[i];
	}
	memmove(arr + out, arr + *kept, (*n - *kept) * sizeof(*arr));
	*n = out + (*n - *kept);
	*kept = out;
}

static int jnl_add(struct jnl *j, struct jnl_rec **arr, u32 *n, u32 *cap,
		   const struct jnl_rec *r)
{
	if (j->ntags + j->nrevs >= EXT4_JNL_RECORDS) {
		jnl_fold(j->tags, &j->ntags, &j->kept_tags, false);
		jnl_fold(j->revs, &j->nrevs, &j->kept_revs, true);
		/* A fold must free a quarter, or folds would never end */
		if (j->ntags + j->nrevs > EXT4_JNL_RECORDS / 4 * 3)
			return -E2BIG;
	}
	if (*n == *cap) {
		u32 more = *cap ? *cap * 2 : 64;
		struct jnl_rec *p = realloc(*arr, more * sizeof(*p));

		if (!p)
			return -ENOMEM;
		*arr = p;
		*cap = more;
	}
	(*arr)[(*n)++] = *r;
	return 0;
}

/*
 * The tags of the descriptor in j->buf, transaction @seq at log block
 * *@posp: each copy that follows checked and kept. *@posp: the last copy;
 * *@ntagsp: how many copies (blocks of the log) there were.
 * Return: 0, 1 when the log ends here (said), -errno
 */
static int jnl_descriptor(struct jnl *j, u32 seq, u32 *posp, u32 *ntagsp)
{
	struct ext4_vol *v = j->v;
	u32 limit = v->bs - (j->csum ? 4 : 0), off = sizeof(struct jbd2_header);
	u32 pos = *posp;
	int ret;

	if (!jnl_csum_ok(j, j->buf, v->bs - 4)) {
		jnl_say(v, LOGL_WARNING, "block %u: descriptor block of transaction %u fails its checksum: the log ends there",
			pos, seq);
		return 1;
	}
	while (off + j->tag_size <= limit) {
		const u8 *t = j->buf + off;
		bool v3 = j->incompat & JBD2_CSUM_V3;
		u32 flags = v3 ? get_unaligned_be32(t + 4) :
			    get_unaligned_be32(t + 4) & 0xffff;
		struct jnl_rec r = { .seq = seq, .order = j->order++ };

		r.blk = get_unaligned_be32(t);
		if (j->incompat & JBD2_64BIT)
			r.blk |= (u64)get_unaligned_be32(t + 8) << 32;
		r.escape = flags & JBD2_FLAG_ESCAPE;
		off += j->tag_size + (flags & JBD2_FLAG_SAME_UUID ? 0 : 16);
		pos = jnl_next(j, pos);
		++*ntagsp;
		if (r.blk >= j->part_blocks) {
			jnl_say(v, LOGL_WARNING, "block %u: transaction %u names block %llu, past the partition: the log ends there",
				pos, seq, (unsigned long long)r.blk);
			return 1;
		}
		r.jblk = jnl_pblk(j, pos);	/* mapped: pos < j->end */
		if (j->csum) {
			__be32 bseq = cpu_to_be32(seq);
			const u8 *data;
			u32 crc, want;

			ret = jnl_block(j, pos, &data);
			if (ret)
				return ret;
			crc = ext4_crc(j->seed, &bseq, sizeof(bseq));
			crc = ext4_crc(crc, data, v->bs);
			want = v3 ? get_unaligned_be32(t + 12) :
				    get_unaligned_be32(t + 4) >> 16;
			if ((v3 ? crc : crc & 0xffff) != want) {
				if (!j->skipped)
					jnl_say(v, LOGL_WARNING, "block %u: the copy of block %llu in transaction %u fails its checksum: not replayed",
						pos, (unsigned long long)r.blk,
						seq);
				j->skipped = true;
				goto next;
			}
		}
		ret = jnl_add(j, &j->tags, &j->ntags, &j->tags_cap, &r);
		if (ret)
			return ret;
next:
		if (flags & JBD2_FLAG_LAST_TAG)
			break;
	}
	*posp = pos;
	return 0;
}

/* The revoke block in j->buf: 0, 1 when the log ends here, -errno */
static int jnl_revoke(struct jnl *j, u32 seq, u32 pos)
{
	struct ext4_vol *v = j->v;
	u32 rsize = j->incompat & JBD2_64BIT ? 8 : 4;
	u32 count = get_unaligned_be32(j->buf + sizeof(struct jbd2_header));
	int ret;

	if (!jnl_csum_ok(j, j->buf, v->bs - 4) || count < 16 ||
	    count > v->bs - (j->csum ? 4 : 0)) {
		jnl_say(v, LOGL_WARNING, "block %u: revoke block of transaction %u is corrupt: the log ends there",
			pos, seq);
		return 1;
	}
	for (u32 off = 16; off + rsize <= count; off += rsize) {
		struct jnl_rec r = { .seq = seq };

		r.blk = get_unaligned_be32(j->buf + off);
		if (rsize == 8)
			r.blk = r.blk << 32 | get_unaligned_be32(j->buf + off + 4);
		ret = jnl_add(j, &j->revs, &j->nrevs, &j->revs_cap, &r);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Walk the log from s_start: every committed transaction's tags and
 * revoke records kept. Return: the transactions committed, or -errno
 */
static int jnl_walk(struct jnl *j, u32 start, u32 seq)
{
	struct ext4_vol *v = j->v;
	u32 pos = start, len = j->end - j->first, txns = 0;
	int ret = 0;

	/* A log longer than the journal has looped */
	for (u64 walked = 0; walked < len; walked++) {
		const struct jbd2_header *h = (const void *)j->buf;
		u32 copies = 0;

		ret = jnl_read(j, pos, j->buf);
		if (ret)
			break;
		if (be32_to_cpu(h->magic) != JBD2_MAGIC ||
		    be32_to_cpu(h->seq) != seq)
			break;
		switch (be32_to_cpu(h->type)) {
		case JBD2_DESCRIPTOR:
			ret = jnl_descriptor(j, seq, &pos, &copies);
			/* The copies are blocks of the log too */
			walked += copies;
			break;
		case JBD2_REVOKE:
			ret = jnl_revoke(j, seq, pos);
			break;
		case JBD2_COMMIT:
			if (!jnl_csum_ok(j, j->buf, 16)) {
				jnl_say(v, LOGL_WARNING, "block %u: commit block of transaction %u fails its checksum: the log ends there",
					pos, seq);
				ret = 1;
				break;
			}
			txns++;
			seq++;
			j->kept_tags = j->ntags;
			j->kept_revs = j->nrevs;
			break;
		default:
			ret = 1;
		}
		if (ret)
			break;
		pos = jnl_next(j, pos);
	}
	if (ret == -E2BIG) {
		/* A part of the log would be a state that never was */
		jnl_say(v, LOGL_WARNING, "more than %u blocks and revoke records: reading without its latest changes",
			EXT4_JNL_RECORDS / 4 * 3);
		return -E2BIG;
	}
	if (ret == -ENOMEM)
		return ext4_fail(v, ret, "out of memory");
	if (ret < 0)
		return ret;
	/* What follows the last commit is not replayed */
	j->ntags = j->kept_tags;
	j->nrevs = j->kept_revs;
	return txns;
}

/* Is the tag @t revoked by its own transaction or a later one? */
static bool jnl_revoked(const struct jnl *j, const struct jnl_rec *t)
{
	u32 lo = 0, hi = j->nrevs;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (j->revs[mid].blk < t->blk)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < j->nrevs && j->revs[lo].blk == t->blk; lo++) {
		if (seq_after_eq(j->revs[lo].seq, t->seq))
			return true;
	}
	return false;
}

/* The map: the newest copy of each block not revoked. Return: its size */
static int jnl_build_map(struct jnl *j)
{
	struct ext4_vol *v = j->v;
	u32 n = 0;

	sort(j->revs, j->nrevs, sizeof(*j->revs), rec_cmp);
	sort(j->tags, j->ntags, sizeof(*j->tags), rec_cmp);
	v->jmap = calloc(j->ntags ? j->ntags : 1, sizeof(*v->jmap));
	if (!v->jmap)
		return -ENOMEM;
	for (u32 i = 0; i < j->ntags; i++) {
		const struct jnl_rec *t = &j->tags[i];

		/* The log's last copy of a block wins: it sorts last */
		if (i + 1 < j->ntags && j->tags[i + 1].blk == t->blk)
			continue;
		/*
		 * A revoke hides the copies of its transaction and earlier
		 * ones; an earlier copy is never newer than the last, so
		 * when the last is revoked so are they
		 */
		if (jnl_revoked(j, t))
			continue;
		v->jmap[n++] = (struct ext4_jmap){ t->blk, t->jblk, t->escape };
	}
	v->jmap_n = n;
	if (n) {	/* kept while the filesystem is open: no more than used */
		struct ext4_jmap *p = realloc(v->jmap, n * sizeof(*p));

		v->jmap = p ? p : v->jmap;
	}
	return n;
}

/* The journal's inode: a file of 2 blocks or more, inside the filesystem */
static int jnl_check_inode(struct jnl *j, u32 ino)
{
	struct ext4_vol *v = j->v;

	if ((j->in.mode & S_IFMT) != S_IFREG || j->in.size < 2 * v->bs ||
	    j->in.size >> v->log_bs > min_t(u64, v->blocks, UINT_MAX))
		return ext4_corrupt(v, "journal inode %u: a %s of %llu bytes",
				    ino, (j->in.mode & S_IFMT) == S_IFREG ?
				    "file" : "non-file",
				    (unsigned long long)j->in.size);
	return 0;
}

/*
 * The journal's superblock, checked: 0, or why the journal cannot be
 * replayed (said), 1. *@startp: where the log starts, 0 when it is empty
 */
static int jnl_open(struct jnl *j, u32 *startp, u32 *seqp)
{
	struct ext4_vol *v = j->v;
	const struct jbd2_sb *s = (const void *)j->buf;
	u32 ino = le32_to_cpu(v->sb.journal_inum);
	u32 type, maxlen, nfc = 0;
	int ret;

	if (!(le32_to_cpu(v->sb.feature_compat) & COMPAT_HAS_JOURNAL)) {
		jnl_say(v, LOGL_WARNING, "needs recovery, but the filesystem has none: reading it as it is");
		return 1;
	}
	if (!ino) {
		jnl_say(v, LOGL_WARNING, "needs recovery from a journal on another device: reading without its latest changes");
		return 1;
	}
	ret = ext4_read_inode(v, ino, &j->in);
	if (!ret)
		ret = jnl_check_inode(j, ino);
	if (!ret)
		ret = jnl_map(j, j->in.size >> v->log_bs);
	if (ret == -EBADMSG) {	/* what is corrupt was said */
		jnl_say(v, LOGL_WARNING, "not replayed: reading without its latest changes");
		return 1;
	}
	if (!ret)
		ret = jnl_read(j, 0, j->buf);
	if (ret)
		return ret;
	type = be32_to_cpu(s->h.type);
	maxlen = be32_to_cpu(s->maxlen);
	j->incompat = type == JBD2_SB_V2 ?
		      be32_to_cpu(s->feature_incompat) : 0;
	j->csum = j->incompat & (JBD2_CSUM_V2 | JBD2_CSUM_V3);
	if (j->incompat & JBD2_FAST_COMMIT) {
		nfc = be32_to_cpu(s->num_fc_blks);
		nfc = nfc ? nfc : JBD2_FC_DEFAULT;
	}
	j->first = be32_to_cpu(s->first);
	j->end = maxlen - min(nfc, maxlen);
	*startp = be32_to_cpu(s->start);
	*seqp = be32_to_cpu(s->sequence);
	if (be32_to_cpu(s->h.magic) != JBD2_MAGIC ||
	    (type != JBD2_SB_V1 && type != JBD2_SB_V2) ||
	    be32_to_cpu(s->blocksize) != v->bs ||
	    maxlen > j->in.size >> v->log_bs || !j->first ||
	    j->first >= j->end ||
	    (*startp && (*startp < j->first || *startp >= j->end))) {
		jnl_say(v, LOGL_WARNING, "its superblock is corrupt: reading without its latest changes");
		return 1;
	}
	if (j->incompat & ~JBD2_INCOMPAT_KNOWN ||
	    (j->incompat & JBD2_CSUM_V2 && j->incompat & JBD2_CSUM_V3) ||
	    (j->csum && s->checksum_type != JBD2_CRC32C)) {
		jnl_say(v, LOGL_WARNING, "features %#x (checksum type %u) cannot be replayed: reading without its latest changes",
			j->incompat, s->checksum_type);
		return 1;
	}
	if (j->csum) {
		const __le32 zero = 0;
		u32 crc = ext4_crc(~0U, s, offsetof(struct jbd2_sb, checksum));

		crc = ext4_crc(crc, &zero, 4);
		crc = ext4_crc(crc, s->users, sizeof(s->users));
		if (crc != be32_to_cpu(s->checksum)) {
			jnl_say(v, LOGL_WARNING, "its superblock fails its checksum: reading without its latest changes");
			return 1;
		}
		j->seed = ext4_crc(~0U, s->uuid, sizeof(s->uuid));
	}
	if (j->incompat & JBD2_CSUM_V3)
		j->tag_size = 16;
	else
		j->tag_size = 8 + (j->incompat & JBD2_CSUM_V2 ? 2 : 0) +
			      (j->incompat & JBD2_64BIT ? 4 : 0);
	return 0;
}

int ext4_journal_replay(struct ext4_vol *v)
{
	struct jnl j = { .v = v, .part_blocks = v->io->size >> v->log_bs };
	u32 start = 0, seq = 0, txns;
	int ret;

	if (!(v->incompat & INCOMPAT_RECOVER))
		return 0;
	j.buf = malloc(v->bs);
	j.win = malloc(max_t(u32, JNL_WINDOW, v->bs));
	if (!j.buf || !j.win) {
		ret = ext4_fail(v, -ENOMEM, "out of memory");
		goto out;
	}
	ret = jnl_open(&j, &start, &seq);
	if (ret == -ENOMEM)
		ret = ext4_fail(v, ret, "out of memory");
	if (ret || !start)	/* cannot, or an empty log */
		goto out;
	ret = jnl_walk(&j, start, seq);
	if (ret == -E2BIG)	/* said: read as it is */
		ret = 0;
	if (ret <= 0)
		goto out;
	if (j.incompat & JBD2_FAST_COMMIT)
		jnl_say(v, LOGL_WARNING, "fast commits are not replayed: reading the last full commit");
	txns = ret;
	ret = jnl_build_map(&j);
	if (ret < 0) {
		ret = ext4_fail(v, ret, "out of memory");
		goto out;
	}
	if (txns)
		jnl_say(v, LOGL_NOTICE, "needs recovery: %u transaction%s (%d blocks) replayed in memory",
			txns, txns == 1 ? "" : "s", ret);
	ret = 0;
out:
	/* What was read before the map is not what the map says */
	for (int i = 0; i < EXT4_CACHE_BLOCKS; i++)
		v->cache[i].used = 0;
	free(j.runs);
	free(j.tags);
	free(j.revs);
	free(j.buf);
	free(j.win);
	return ret > 0 ? 0 : ret;
}

const struct ext4_jmap *ext4_jmap_find(const struct ext4_vol *v, u64 blk)
{
	u32 lo = 0, hi = v->jmap_n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (v->jmap[mid].blk < blk)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < v->jmap_n ? &v->jmap[lo] : NULL;
}
