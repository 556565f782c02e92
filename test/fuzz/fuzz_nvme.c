// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The NVMe driver (drivers/block/nvme.c) on a hostile controller: the
 * sandbox's model (asm/nvme_emul.h, the "nvme" function, 00:0a.0)
 * answers Identify with the input's pages and writes the completion
 * entries the input changes, repeats or leaves out; the real driver
 * probes it (failing cleanly, or making its disks), then every disk it
 * made is read at its start and near its end, written and flushed, and
 * read as a stream of pieces (blk_read_vec()).
 *
 * What must hold: a call returns its count (0 for the others) or one of
 * -EIO, -ETIMEDOUT, -ERANGE, -EROFS; a failed probe leaves no disk; disks have
 * block sizes of 512 bytes to 64 KiB, namespaces in increasing order up
 * to NN, 16 at most; a read that succeeded holds the namespace's bytes
 * and a write that succeeded put its own there; after a call nothing is
 * left in flight, and after removal the controller is disabled; the
 * model counted no broken rule (PRPs, registers, doorbells, CIDs) and no
 * DMA it could not do. Buffers are the host's heap, each exactly its
 * size, so the sanitizer sees any DMA past one.
 *
 * Data is not checked after a forged completion (nvme_emul_stats.forged:
 * an entry naming another command still in flight, or success for a
 * command that failed): a driver has no way to tell it from the truth,
 * so it may return success with data not moved, and the model may still
 * move the data of a command the driver took for done, later, into a
 * buffer the call no longer owns. That lasts until the controller is
 * next disabled (the model then drops what it held); until then, calls
 * may also leave commands in flight. Buffers live until the controller
 * is removed at the end of the input, so such late DMA lands in memory
 * still allocated. Other lies cannot make a call succeed with wrong data
 * and are checked: an entry for a command not in flight, on another
 * queue, with an error status, with the other phase tag, written twice
 * or never must end the call in an error.
 *
 * Input: a flags byte (bit 0: completions a few polls late; bit 1: the
 * ones due together newest first; bit 2: no volatile write cache; bits
 * 3-4: MDTS 5, none, 1 or 3; bit 5: I/O queues of 4 entries; bit 6:
 * buffers not 4-byte aligned; bit 7: longer transfers), then the
 * Identify Controller page and the active namespace list (chunks:
 * fuzz.h; empty: the model's own), a count (modulo 9) of Identify
 * Namespace pages and the pages, each for the NSID at its index in the
 * list chunk (else its index + 1), then up to NVME_EMUL_MAX_TAMPERS
 * lies, 4 bytes each: the completion entry's number (0: the first of
 * the probe), the kind (enum nvme_emul_tamper_kind, modulo their
 * number) and a 16-bit little-endian value.
 */
#include <asm/nvme_emul.h>
#include <blk.h>
#include <byteorder.h>
#include <dm.h>
#include <errno.h>
#include <nvme.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

#define MODEL		"nvme"
#define TIMEOUT_MS	20	/* a command's time (the probe's: Kconfig) */
#define NS_PAGES	8	/* Identify Namespace pages in an input */
#define MAX_DISKS	16	/* the driver's NVME_NS_MAX */
/* Bytes one call moves at most: more than the driver's command does */
#define XFER_MAX	(576 * 1024)
#define MAX_BUFS	(MAX_DISKS * 8)
#define MAX_WRITES	MAX_DISKS

/* What one input's run holds */
struct run {
	struct udevice *emul;
	struct nvme_emul_stats *st;
	u8 flags;
	u32 forged;		/* st->forged, last seen */
	u32 disables;		/* st->disables when it moved */
	bool tainted;		/* the model may hold commands forged done */
	void *bufs[MAX_BUFS];
	unsigned int nr_bufs;
	struct { u32 nsid; u64 off, len; } writes[MAX_WRITES];
	unsigned int nr_writes;
};

#define FLAG_LATE	0x01
#define FLAG_REVERSE	0x02
#define FLAG_NO_VWC	0x04
#define FLAG_MDTS(f)	(((f) >> 3) & 3)
#define FLAG_SMALL_Q	0x20
#define FLAG_ODD	0x40
#define FLAG_LONG	0x80

static u8 want[XFER_MAX];

/* The byte at @off of namespace @nsid at the start of every input */
static u8 pattern(u64 off, u32 nsid)
{
	return (u8)(off >> 9) ^ (u8)(off * 7) ^ (u8)(nsid * 0x35);
}

static void fill(struct run *r, u32 nsid, u64 off, u64 len)
{
	u64 size;
	u8 *data;

	if (sandbox_nvme_emul_ns_data(r->emul, nsid, &data, &size))
		return;
	for (u64 i = off; i < off + len && i < size; i++)
		data[i] = pattern(i, nsid);
}

/* A buffer of exactly @len bytes, at an odd address when @odd */
static u8 *buf_alloc(struct run *r, u64 len, bool odd)
{
	u8 *p;

	if (r->nr_bufs == MAX_BUFS)
		fuzz_fail();
	p = malloc(len + odd);
	if (!p)
		fuzz_fail();
	r->bufs[r->nr_bufs++] = p;
	memset(p, 0xa5, len + odd);
	return p + odd;
}

static bool errno_ok(long ret)
{
	/* -EROFS: a write-protected namespace, or the status saying so */
	return ret == -EIO || ret == -ETIMEDOUT || ret == -ERANGE ||
	       ret == -EROFS;
}

/* Before a call: whether nothing forged earlier can still move data */
static bool op_start(struct run *r)
{
	if (r->st->forged != r->forged) {
		r->forged = r->st->forged;
		r->tainted = true;
		r->disables = r->st->disables;
	} else if (r->tainted && r->st->disables != r->disables) {
		r->tainted = false;	/* disabled since: nothing held */
	}
	return !r->tainted;
}

/* After it: whether its outcome can be checked (nothing forged) */
static bool op_end(struct run *r, bool clean)
{
	if (!clean || r->st->forged != r->forged)
		return false;
	if (sandbox_nvme_emul_inflight(r->emul))
		fuzz_fail();	/* a call returned with commands out */
	return true;
}

/* The namespace's bytes at @off must be @buf's */
static void check_data(struct run *r, u32 nsid, u64 off, const u8 *buf,
		       u64 len)
{
	if (len > XFER_MAX ||
	    sandbox_nvme_emul_ns_rw(r->emul, nsid, off, want, len, false) ||
	    memcmp(buf, want, len))
		fuzz_fail();
}

static void read_at(struct run *r, struct udevice *blk, u32 nsid, u64 start,
		    u64 count, bool odd)
{
	u32 blksz = blk_get_desc(blk)->blksz;
	u8 *buf = buf_alloc(r, count * blksz, odd);
	bool clean = op_start(r);
	long ret = blk_read(blk, start, count, buf);

	if (ret != (long)count && !errno_ok(ret))
		fuzz_fail();
	if (op_end(r, clean) && ret == (long)count)
		check_data(r, nsid, start * blksz, buf, count * blksz);
}

static void write_at(struct run *r, struct udevice *blk, u32 nsid,
		     u64 start, u64 count, bool odd)
{
	u32 blksz = blk_get_desc(blk)->blksz;
	u64 len = count * blksz;
	u8 *buf = buf_alloc(r, len, odd);
	bool clean;
	long ret;
	int err;

	for (u64 i = 0; i < len; i++)
		buf[i] = (u8)(i * 13 + nsid);
	if (r->nr_writes < MAX_WRITES) {
		r->writes[r->nr_writes].nsid = nsid;
		r->writes[r->nr_writes].off = start * blksz;
		r->writes[r->nr_writes++].len = len;
	}
	clean = op_start(r);
	ret = blk_write(blk, start, count, buf);
	if (ret != (long)count && !errno_ok(ret))
		fuzz_fail();
	if (op_end(r, clean) && ret == (long)count)
		check_data(r, nsid, start * blksz, buf, len);
	clean = op_start(r);
	err = blk_flush(blk);
	if (err && !errno_ok(err))
		fuzz_fail();
	op_end(r, clean);
}

/* Three pieces: at the start, in the middle (odd when asked), the end */
static void read_vec(struct run *r, struct udevice *blk, u32 nsid, u64 lba,
		     u64 most)
{
	u32 blksz = blk_get_desc(blk)->blksz;
	struct blk_vec vec[3];
	bool clean;
	int ret;

	vec[0].count = min_t(u64, 3, lba);
	vec[0].start = 0;
	vec[1].count = min_t(u64, r->flags & FLAG_LONG ? most / 4 : 9, lba);
	vec[1].start = (lba - vec[1].count) / 2;
	vec[2].count = min_t(u64, 2, lba);
	vec[2].start = lba - vec[2].count;
	for (int i = 0; i < 3; i++)
		vec[i].buf = buf_alloc(r, vec[i].count * blksz,
				       i == 1 && (r->flags & FLAG_ODD));
	clean = op_start(r);
	ret = blk_read_vec(blk, vec, 3);
	if (ret && !errno_ok(ret))
		fuzz_fail();
	if (op_end(r, clean) && !ret) {
		for (int i = 0; i < 3; i++)
			check_data(r, nsid, vec[i].start * blksz, vec[i].buf,
				   vec[i].count * blksz);
	}
}

/* One disk the driver made: what it says of itself, then I/O */
static void disk(struct run *r, struct udevice *blk, u32 *lastp)
{
	struct blk_desc *d = blk_get_desc(blk);
	struct nvme_info info;
	u64 most, n;

	if (strcmp(d->if_name, "nvme") || d->blksz < 512 ||
	    d->blksz > 65536 || (d->blksz & (d->blksz - 1)) || !d->lba ||
	    nvme_get_info(blk, &info) || info.nsid <= *lastp ||
	    info.nsid > info.nn || device_probe(blk))
		fuzz_fail();
	*lastp = info.nsid;
	most = XFER_MAX / d->blksz;
	n = min_t(u64, r->flags & FLAG_LONG ? most : 8, d->lba);
	read_at(r, blk, info.nsid, 0, n, r->flags & FLAG_ODD);
	n = min_t(u64, 8, d->lba);
	read_at(r, blk, info.nsid, d->lba - n, n, false);
	n = min_t(u64, r->flags & FLAG_LONG ? most / 8 : 4, d->lba);
	write_at(r, blk, info.nsid, d->lba > 16 + n ? 16 : 0, n,
		 r->flags & FLAG_ODD);
	read_vec(r, blk, info.nsid, d->lba, most);
}

/* The model's options for this input, from its node's */
static void set_opts(struct run *r)
{
	static const u8 mdts[] = { 5, 0, 1, 3 };
	static struct nvme_emul_opts node;
	static bool have;
	struct nvme_emul_opts o;

	if (!have) {
		sandbox_nvme_emul_opts(r->emul, &node);
		have = true;
		for (u32 nsid = 1; nsid <= node.nr_ns; nsid++)
			fill(r, nsid, 0, ~0ULL >> 1);
	}
	o = node;
	o.cpl_delay = r->flags & FLAG_LATE ? 2 : 0;
	o.reverse = r->flags & FLAG_REVERSE;
	o.vwc = !(r->flags & FLAG_NO_VWC);
	o.mdts = mdts[FLAG_MDTS(r->flags)];
	if (r->flags & FLAG_SMALL_Q)
		o.mqes = 3;
	if (sandbox_nvme_emul_set_opts(r->emul, &o))
		fuzz_fail();
}

/* The Identify pages and the lies, from the input */
static void set_lies(struct run *r, struct fuzz_in *in)
{
	struct nvme_emul_tamper t[NVME_EMUL_MAX_TAMPERS];
	const u8 *p, *list = NULL;
	size_t len, list_len = 0;
	unsigned int n = 0, pages;

	p = fuzz_chunk(in, &len);
	if (p && len)
		sandbox_nvme_emul_set_identify(r->emul, NVME_ID_CNS_CTRL, 0, p,
					       len);
	p = fuzz_chunk(in, &len);
	if (p && len) {
		sandbox_nvme_emul_set_identify(r->emul, NVME_ID_CNS_NS_LIST, 0,
					       p, len);
		list = p;
		list_len = len;
	}
	pages = fuzz_u8(in) % (NS_PAGES + 1);
	for (unsigned int i = 0; i < pages; i++) {
		u32 nsid = i + 1;

		p = fuzz_chunk(in, &len);
		if (!p)
			break;
		if (list_len >= 4 * (i + 1) && get_unaligned_le32(list + 4 * i))
			nsid = get_unaligned_le32(list + 4 * i);
		if (len && sandbox_nvme_emul_set_identify(r->emul,
							  NVME_ID_CNS_NS, nsid,
							  p, len))
			fuzz_fail();
	}
	while (in->left >= 4 && n < NVME_EMUL_MAX_TAMPERS) {
		t[n].nth = fuzz_u8(in);
		t[n].kind = fuzz_u8(in) % NVME_EMUL_TAMPER_KINDS;
		t[n].value = fuzz_u8(in);
		t[n].value |= fuzz_u8(in) << 8;
		n++;
	}
	if (sandbox_nvme_emul_set_tampers(r->emul, t, n))
		fuzz_fail();
}

/* The controller removed and the model as the next input expects it */
static void finish(struct run *r, struct udevice *fn)
{
	struct nvme_emul_opts o;

	if (device_active(fn) && device_remove(fn))
		fuzz_fail();
	if (sandbox_nvme_emul_inflight(r->emul))
		fuzz_fail();	/* removed, yet the controller holds commands */
	sandbox_nvme_emul_opts(r->emul, &o);
	if (sandbox_nvme_emul_set_opts(r->emul, &o))
		fuzz_fail();	/* removed (or failed), yet left enabled */
	sandbox_nvme_emul_set_tampers(r->emul, NULL, 0);
	sandbox_nvme_emul_clear_identify(r->emul);
	if (r->st->violations || r->st->prp_violations || r->st->dma_faults)
		fuzz_fail();	/* the driver broke a rule: see the model */
	for (unsigned int i = 0; i < r->nr_writes; i++)
		fill(r, r->writes[i].nsid, r->writes[i].off, r->writes[i].len);
	for (unsigned int i = 0; i < r->nr_bufs; i++)
		free(r->bufs[i]);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct run r;
	struct fuzz_in in = { data, size };
	struct udevice *fn, *blk;
	u32 last = 0;
	int ret;

	fuzz_init();
	memset(&r, 0, sizeof(r));
	r.emul = sandbox_nvme_emul_get(MODEL);
	if (!r.emul || sandbox_nvme_emul_function(r.emul, &fn))
		fuzz_fail();
	if (device_active(fn) && device_remove(fn))
		fuzz_fail();
	r.st = sandbox_nvme_emul_stats(r.emul);
	r.flags = fuzz_u8(&in);
	set_opts(&r);
	memset(r.st, 0, sizeof(*r.st));
	set_lies(&r, &in);
	if (nvme_set_timeout(fn, TIMEOUT_MS))	/* for the probe too */
		fuzz_fail();

	ret = device_probe(fn);
	if (ret) {
		if (ret != -EIO && ret != -ETIMEDOUT)
			fuzz_fail();
		if (blk_find_max_devnum("nvme") != -ENODEV)
			fuzz_fail();	/* failed, yet left a disk */
	} else {
		unsigned int disks = 0;

		device_foreach_child(blk, fn) {
			if (device_get_uclass_id(blk) != UCLASS_BLK ||
			    ++disks > MAX_DISKS)
				fuzz_fail();
			disk(&r, blk, &last);
		}
	}
	finish(&r, fn);
	return 0;
}
