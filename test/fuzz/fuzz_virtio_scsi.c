// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The virtio-scsi driver (drivers/block/virtio_scsi.c) on a hostile SCSI
 * host: the sandbox's model (asm/virtio_emul.h, the emul-scsi node on
 * virtio-mmio) serves its units, and the input changes its answers
 * through the model's tamper hook: the response code, the SCSI status,
 * sense data and its length, the residual, the data in (INQUIRY data,
 * REPORT LUNS lists, READ CAPACITY and MODE SENSE answers) byte by byte
 * or whole. The real driver probes the controller (failing cleanly, or
 * making its disks), then every disk it made is read at its start and
 * near its end, written and flushed.
 *
 * What must hold: no crash, no hang (a command's time is 20 ms; the
 * model always answers, so the probe's own timeout never runs); a probe
 * returns 0 or -EIO, -ETIMEDOUT, -ENODEV; a failed probe leaves no disk;
 * a call returns its count (0 for a flush) or one of -EIO, -ETIMEDOUT,
 * -ERANGE, -EROFS, -ENODEV, -ENOSYS; disks are "scsi", 16 at most, with
 * block sizes of 512 bytes to 64 KiB, at least one block, each at a
 * distinct target and LUN; a read that succeeded with no answer changed
 * during it holds the unit's bytes, and such a write put its own there
 * (a changed answer can make a failed command look done: the driver has
 * no way to tell); the model's checker counted no broken rule.
 *
 * Input: a flags byte (bit 0: unit 1 has 4 KiB blocks; bit 1: unit 2 is
 * a CD-ROM; bit 2: unit 0 is write-protected; bit 3: cdb_size 16,
 * sense_size 18; bit 4: max_sectors 8; bit 5: cmd_per_lun 1; bit 6: every
 * unit's first command a unit attention; bit 7: unit 1 at LUN 300 of
 * target 7, not 0:1), then changes of 4 bytes: the answer's number
 * (counted from the probe's first, the INQUIRY of target 0; the probe
 * asks targets 0 to 7 first), the kind (below, modulo their number) and
 * a 16-bit big-endian value; a change of kind DATA is followed by a
 * chunk (fuzz.h), the data in it replaces.
 */
#include <asm/virtio_emul.h>
#include <blk.h>
#include <dm.h>
#include <errno.h>
#include <scsi.h>
#include <stdlib.h>
#include <string.h>
#include <virtio.h>
#include <virtio_scsi.h>
#include "fuzz.h"

#define MODEL		"emul-scsi"
#define TIMEOUT_MS	20
#define MAX_DISKS	16	/* the driver's VSCSI_UNITS */
#define MAX_CHANGES	32
#define UNITS		3
#define BLOCKS		512	/* 512-byte blocks of a unit's medium */
#define XFER_MAX	(64 * 1024)

enum {
	CHANGE_RESPONSE,	/* response = value */
	CHANGE_STATUS,		/* status = value */
	CHANGE_SENSE_LEN,	/* sense_len = value (x 0x10000 if odd) */
	CHANGE_SENSE,		/* CHECK CONDITION: sense[hi] = lo */
	CHANGE_RESIDUAL,	/* residual = value (x 0x10000 if odd) */
	CHANGE_DATA_LEN,	/* data_len = value */
	CHANGE_DATA_BYTE,	/* data[hi] = lo */
	CHANGE_DATA,		/* data = the chunk that follows */
	CHANGE_KINDS
};

struct change {
	u8 nth;
	u8 kind;
	u16 value;
	const u8 *chunk;
	size_t len;
};

/* What one input's run holds */
struct run {
	struct udevice *emul;
	struct virtio_emul_stats *st;
	struct virtio_emul_scsi_stats *sst;
	struct change change[MAX_CHANGES];
	unsigned int changes;
	unsigned int answers;	/* answers the model gave */
	unsigned int changed;	/* answers changed */
	struct virtio_emul_scsi_opts opts;
};

#define FLAG_4K		0x01
#define FLAG_CD		0x02
#define FLAG_RO		0x04
#define FLAG_SMALL_CDB	0x08
#define FLAG_SHORT	0x10
#define FLAG_ONE	0x20
#define FLAG_UA		0x40
#define FLAG_FAR	0x80

static u8 want[XFER_MAX], got[XFER_MAX];

static u8 pattern(u64 off, unsigned int unit)
{
	return (u8)(off >> 9) ^ (u8)(off * 7) ^ (u8)(unit * 0x35);
}

static void apply(struct change *c, struct virtio_emul_scsi_answer *a)
{
	u8 hi = c->value >> 8, lo = c->value;

	switch (c->kind) {
	case CHANGE_RESPONSE:
		a->response = lo;
		break;
	case CHANGE_STATUS:
		a->status = lo;
		break;
	case CHANGE_SENSE_LEN:
		a->sense_len = c->value & 1 ? (u32)c->value << 16 : c->value;
		break;
	case CHANGE_SENSE:
		a->status = SCSI_STATUS_CHECK_CONDITION;
		a->sense[hi % sizeof(a->sense)] = lo;
		a->sense_len = max_t(u32, a->sense_len,
				     hi % sizeof(a->sense) + 1);
		break;
	case CHANGE_RESIDUAL:
		a->residual = c->value & 1 ? (u32)c->value << 16 : c->value;
		break;
	case CHANGE_DATA_LEN:
		if (a->data)
			a->data_len = c->value;
		break;
	case CHANGE_DATA_BYTE:
		if (a->data && hi < a->room) {
			a->data[hi] = lo;
			a->data_len = max_t(u32, a->data_len, hi + 1);
		}
		break;
	case CHANGE_DATA:
		if (a->data) {
			a->data_len = min_t(size_t, c->len, a->room);
			memcpy(a->data, c->chunk, a->data_len);
		}
		break;
	}
}

/* The model's tamper hook: the input's changes of answer r->answers */
static void tamper(void *ctx, struct virtio_emul_scsi_answer *a)
{
	struct run *r = ctx;

	for (unsigned int i = 0; i < r->changes; i++) {
		if (r->change[i].nth == r->answers) {
			apply(&r->change[i], a);
			r->changed++;
		}
	}
	r->answers++;
}

/* The model's units for this input, their media in the pattern */
static void set_opts(struct run *r, u8 flags)
{
	struct virtio_emul_scsi_opts *o = &r->opts;

	if (sandbox_virtio_emul_scsi_opts(r->emul, o))
		fuzz_fail();
	memset(o->unit, 0, sizeof(o->unit));
	o->max_target = 7;
	o->cdb_size = flags & FLAG_SMALL_CDB ? 16 : VIRTIO_SCSI_CDB_DEFAULT;
	o->sense_size = flags & FLAG_SMALL_CDB ? 18 :
			VIRTIO_SCSI_SENSE_DEFAULT;
	o->max_sectors = flags & FLAG_SHORT ? 8 : 0xffff;
	o->cmd_per_lun = flags & FLAG_ONE ? 1 : 128;
	for (int i = 0; i < UNITS; i++) {
		o->unit[i] = (struct virtio_emul_scsi_unit){
			.present = true, .lun = i, .blocks = BLOCKS,
			.disk = -1,
		};
	}
	o->unit[0].read_only = flags & FLAG_RO;
	if (flags & FLAG_4K) {
		o->unit[1].blk_size = 4096;
		o->unit[1].blocks = BLOCKS / 8;
	}
	if (flags & FLAG_FAR) {
		o->unit[1].target = 7;
		o->unit[1].lun = 300;
	}
	if (flags & FLAG_CD) {
		o->unit[2].cdrom = true;
		o->unit[2].blocks = BLOCKS / 4;
	}
	if (sandbox_virtio_emul_scsi_set_opts(r->emul, o))
		fuzz_fail();
	for (int i = 0; i < UNITS; i++) {
		u32 len = BLOCKS * 512;

		for (u32 k = 0; k < len; k += XFER_MAX) {
			for (u32 j = 0; j < XFER_MAX; j++)
				want[j] = pattern(k + j, i);
			if (sandbox_virtio_emul_scsi_rw(r->emul, i, k, want,
							XFER_MAX, true))
				fuzz_fail();
		}
	}
	sandbox_virtio_emul_set_faults(r->emul,
				       flags & FLAG_UA ? EMUL_FAULT_SCSI_UA : 0);
}

static void read_changes(struct run *r, struct fuzz_in *in)
{
	while (in->left >= 4 && r->changes < MAX_CHANGES) {
		struct change *c = &r->change[r->changes++];

		c->nth = fuzz_u8(in);
		c->kind = fuzz_u8(in) % CHANGE_KINDS;
		c->value = fuzz_u8(in) << 8;
		c->value |= fuzz_u8(in);
		if (c->kind == CHANGE_DATA && !fuzz_chunk(in, &c->len))
			c->kind = CHANGE_DATA_LEN;
		else if (c->kind == CHANGE_DATA)
			c->chunk = in->p - c->len;
	}
}

static bool errno_ok(long ret)
{
	return ret == -EIO || ret == -ETIMEDOUT || ret == -ERANGE ||
	       ret == -EROFS || ret == -ENODEV || ret == -ENOSYS;
}

/* The disk's target and LUN, from its title "(target:lun) ..." */
static void address(struct blk_desc *d, unsigned int *targetp,
		    unsigned int *lunp)
{
	const char *p = d->title;
	unsigned int v[2] = { 0, 0 };

	if (*p++ != '(')
		fuzz_fail();
	for (int i = 0; i < 2; i++) {
		if (*p < '0' || *p > '9')
			fuzz_fail();
		while (*p >= '0' && *p <= '9' && v[i] < 100000)
			v[i] = v[i] * 10 + *p++ - '0';
		if (*p++ != (i ? ')' : ':'))
			fuzz_fail();
	}
	*targetp = v[0];
	*lunp = v[1];
}

/* The model's unit at the disk's target and LUN, or -1 */
static int unit_of(struct run *r, struct blk_desc *d)
{
	unsigned int target, lun;

	address(d, &target, &lun);
	for (int i = 0; i < UNITS; i++) {
		if (r->opts.unit[i].target == target &&
		    r->opts.unit[i].lun == lun)
			return i;
	}
	return -1;
}

/* @count blocks at @start: the unit's bytes when nothing was changed */
static void read_at(struct run *r, struct udevice *blk, int u, u64 start,
		    u64 count)
{
	u32 blksz = blk_get_desc(blk)->blksz;
	unsigned int changed = r->changed;
	u64 len = count * blksz;
	long ret;

	if (len > XFER_MAX)
		return;
	ret = blk_read(blk, start, count, got);
	if (ret != (long)count && !errno_ok(ret))
		fuzz_fail();
	if (ret != (long)count || r->changed != changed || u < 0 ||
	    blksz != r->opts.unit[u].blk_size)
		return;
	if (sandbox_virtio_emul_scsi_rw(r->emul, u, start * blksz, want, len,
					false) || memcmp(got, want, len))
		fuzz_fail();
}

static void write_at(struct run *r, struct udevice *blk, int u, u64 start,
		     u64 count)
{
	u32 blksz = blk_get_desc(blk)->blksz;
	unsigned int changed = r->changed;
	u64 len = count * blksz;
	long ret;
	int err;

	if (len > XFER_MAX)
		return;
	for (u64 i = 0; i < len; i++)
		got[i] = (u8)(i * 13 + u);
	ret = blk_write(blk, start, count, got);
	if (ret != (long)count && !errno_ok(ret))
		fuzz_fail();
	if (ret == (long)count && r->changed == changed && u >= 0 &&
	    blksz == r->opts.unit[u].blk_size &&
	    (sandbox_virtio_emul_scsi_rw(r->emul, u, start * blksz, want,
					 len, false) ||
	     memcmp(got, want, len)))
		fuzz_fail();
	err = blk_flush(blk);
	if (err && !errno_ok(err))
		fuzz_fail();
}

/* One disk the driver made: what it says of itself, then I/O */
static void disk(struct run *r, struct udevice *blk, u32 *seen)
{
	struct blk_desc *d = blk_get_desc(blk);
	unsigned int target, lun;
	u64 n;
	int u;

	if (strcmp(d->if_name, "scsi") || d->blksz < 512 ||
	    d->blksz > 65536 || (d->blksz & (d->blksz - 1)) || !d->lba ||
	    device_probe(blk))
		fuzz_fail();
	address(d, &target, &lun);
	if (target > 7 || lun > 16383)
		fuzz_fail();
	for (unsigned int i = 0; i < MAX_DISKS && seen[i]; i++) {
		if (seen[i] == (target << 16 | lun) + 1)
			fuzz_fail();	/* one unit, two disks */
	}
	for (unsigned int i = 0; i < MAX_DISKS; i++) {
		if (!seen[i]) {
			seen[i] = (target << 16 | lun) + 1;
			break;
		}
	}
	u = unit_of(r, d);
	n = min_t(u64, 8, d->lba);
	read_at(r, blk, u, 0, n);
	read_at(r, blk, u, d->lba - n, n);
	n = min_t(u64, 4, d->lba);
	write_at(r, blk, u, d->lba > 16 + n ? 16 : 0, n);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct run r;
	struct fuzz_in in = { data, size };
	struct udevice *dev, *vdev, *blk;
	struct virtio_dev_priv *uc;
	u32 seen[MAX_DISKS] = { 0 };
	unsigned int disks = 0;
	int ret;

	fuzz_init();
	memset(&r, 0, sizeof(r));
	r.emul = sandbox_virtio_emul_get(MODEL);
	if (!r.emul || sandbox_virtio_emul_transport(r.emul, &dev))
		fuzz_fail();
	if (virtio_scsi_reset())
		fuzz_fail();
	r.st = sandbox_virtio_emul_stats(r.emul);
	r.sst = sandbox_virtio_emul_scsi_stats(r.emul);
	set_opts(&r, fuzz_u8(&in));
	read_changes(&r, &in);
	r.st->violations = 0;
	r.sst->told_violations = 0;
	if (sandbox_virtio_emul_scsi_set_tamper(r.emul, tamper, &r))
		fuzz_fail();
	if (device_probe(dev))
		fuzz_fail();
	uc = dev_get_uclass_priv(dev);
	vdev = uc->vdev;
	if (!vdev)
		fuzz_fail();
	ret = device_probe(vdev);
	if (ret) {
		if (ret != -EIO && ret != -ETIMEDOUT && ret != -ENODEV)
			fuzz_fail();
		if (blk_find_max_devnum("scsi") != -ENODEV)
			fuzz_fail();	/* failed, yet left a disk */
	} else {
		if (virtio_scsi_set_timeout(vdev, TIMEOUT_MS))
			fuzz_fail();
		device_foreach_child(blk, vdev) {
			if (device_get_uclass_id(blk) != UCLASS_BLK ||
			    ++disks > MAX_DISKS)
				fuzz_fail();
			disk(&r, blk, seen);
		}
	}
	if (virtio_scsi_reset())
		fuzz_fail();
	sandbox_virtio_emul_scsi_set_tamper(r.emul, NULL, NULL);
	sandbox_virtio_emul_set_faults(r.emul, 0);
	/*
	 * The driver broke a rule (see the model); those it keeps by what
	 * the units say only where no answer was changed
	 */
	if (r.st->violations != r.sst->told_violations ||
	    (r.sst->told_violations && !r.changed))
		fuzz_fail();
	return 0;
}
