// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox model of a virtio block device (ID 2, VIRTIO 1.2 §5.2), the
 * backend the virtio-mmio and virtio-pci models put behind their registers.
 *
 * Its disk is a host file - the Nth --virtio-blk[-ro] option for a node
 * with 'ember,disk = <N>' (asm/sandbox.h), else 'ember,file' - or memory:
 * 'ember,sectors' 512-byte sectors (8192, 4 MiB, by default) of zeroes.
 * What it offers (struct virtio_emul_blk_opts) comes from the node and can
 * be changed by a test before the driver probes: RO, BLK_SIZE (always;
 * any value), SIZE_MAX, SEG_MAX (14 by default), FLUSH (unless
 * ember,no-flush), GEOMETRY and TOPOLOGY (as QEMU offers them). It serves
 * reads, writes, flushes and GET_ID (its serial), in any layout of the
 * pieces a modern device must take; other types end UNSUPP.
 *
 * Faults (asm/virtio_emul.h): EMUL_FAULT_BLK_IOERR, _UNSUPP, _SHORT_USED,
 * _BAD_STATUS, and the core's EMUL_FAULT_SILENT (nothing completes).
 *
 * The checker holds the driver to §5.2.6.1 and §5.2.6.4: a header of 16
 * readable bytes and a status byte last; data in the direction of the
 * request; read and write data a multiple of 512 bytes and inside the
 * capacity; a flush at sector 0 with no data; GET_ID data of 20 bytes;
 * on a legacy interface without ANY_LAYOUT, header and status in pieces of
 * their own. Ember's own rule too: no write reaches a device that offered
 * RO. Configuration fields are read at their width and only when their
 * feature is offered (§2.5.1).
 */
#include <asm/os.h>
#include <asm/sandbox.h>
#include <byteorder.h>
#include <dm.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <virtio.h>
#include <virtio_blk.h>
#include "virtio_emul_core.h"

#define SECTOR		VIRTIO_BLK_SECTOR
#define HDR_LEN		sizeof(struct virtio_blk_req_hdr)
#define DEF_SECTORS	8192
#define DEF_SEG_MAX	(EMUL_MAX_SEGS - 2)
/* The feature bits the options decide */
#define OPT_FEATURES	(BIT(VIRTIO_BLK_F_SIZE_MAX) | \
			 BIT(VIRTIO_BLK_F_SEG_MAX) | BIT(VIRTIO_BLK_F_RO) | \
			 BIT(VIRTIO_BLK_F_FLUSH))
#define FIXED_FEATURES	(BIT(VIRTIO_BLK_F_GEOMETRY) | \
			 BIT(VIRTIO_BLK_F_BLK_SIZE) | BIT(VIRTIO_BLK_F_TOPOLOGY))

struct blk_state {
	u8 *image;		/* the disk in memory, or NULL: @fd */
	int fd;
	u64 size;		/* bytes, whole sectors */
	struct virtio_emul_blk_opts opts;
	struct virtio_emul_blk_stats stats;
	u32 notifies;		/* e->stats.notifies at the batch's start */
	u32 batch;		/* requests served since then */
};

/* A request, as the device reads its chain */
struct blk_view {
	u32 type;
	u64 sector;
	u32 rd;			/* device-readable bytes */
	u32 wr;			/* device-writable bytes, status included */
	u32 data;		/* data bytes */
};

static struct blk_state *state(struct virtio_emul *e)
{
	return e->backend == &emul_blk_backend ? e->be : NULL;
}

static u64 features(const struct virtio_emul_blk_opts *o)
{
	return FIXED_FEATURES | (o->size_max ? BIT(VIRTIO_BLK_F_SIZE_MAX) : 0) |
	       (o->seg_max ? BIT(VIRTIO_BLK_F_SEG_MAX) : 0) |
	       (o->read_only ? BIT(VIRTIO_BLK_F_RO) : 0) |
	       (o->no_flush ? 0 : BIT(VIRTIO_BLK_F_FLUSH));
}

/* The disk's bytes [@pos, @pos + @len): 0, -ERANGE or -EIO */
static int medium_rw(struct blk_state *b, u64 pos, u8 *buf, u32 len,
		     bool write)
{
	return os_medium_rw(b->image, b->fd, b->size, pos, buf, len, write);
}

/*
 * Bytes [@from, @from + @len) of the readable (or @writable) part of @c
 * and the disk from @pos on: copied one way or the other, piece by piece.
 * Return: 0, or medium_rw()'s error; *@piecesp: the pieces touched
 */
static int chain_rw(struct blk_state *b, struct emul_chain *c, bool writable,
		    u32 from, u32 len, u64 pos, u32 *piecesp)
{
	u32 start = 0, pieces = 0;	/* @start: where the piece begins */
	int ret = 0;

	for (int i = 0; i < c->n && len && !ret; i++) {
		struct emul_seg *s = &c->seg[i];
		u32 skip, n;

		if (s->write != writable)
			continue;
		start += s->len;
		if (start <= from)
			continue;
		/* @from is at or past the piece's beginning */
		skip = s->len - (start - from);
		n = min(s->len - skip, len);
		ret = medium_rw(b, pos, s->p + skip, n, !writable);
		pos += n;
		from += n;
		len -= n;
		pieces++;
	}
	*piecesp = pieces;
	return ret;
}

/* Byte @off of the writable part of @c, or NULL */
static u8 *writable_byte(struct emul_chain *c, u32 off)
{
	for (int i = 0; i < c->n; i++) {
		if (!c->seg[i].write)
			continue;
		if (off < c->seg[i].len)
			return c->seg[i].p + off;
		off -= c->seg[i].len;
	}
	return NULL;
}

/* Read the request: false when it has no header or no status byte */
static bool view(struct emul_chain *c, struct blk_view *v)
{
	struct virtio_blk_req_hdr hdr;
	u32 at = 0;

	memset(v, 0, sizeof(*v));
	for (int i = 0; i < c->n; i++) {
		struct emul_seg *s = &c->seg[i];

		if (s->write) {
			v->wr += s->len;
			continue;
		}
		for (u32 k = 0; k < s->len && at < HDR_LEN; k++)
			((u8 *)&hdr)[at++] = s->p[k];
		v->rd += s->len;
	}
	if (v->rd < HDR_LEN || !v->wr)
		return false;
	v->type = le32_to_cpu(hdr.type);
	v->sector = le64_to_cpu(hdr.sector);
	v->data = v->type == VIRTIO_BLK_T_OUT ? v->rd - HDR_LEN : v->wr - 1;
	return true;
}

/* Whether the data of a read or write lies inside the disk */
static bool in_range(struct blk_state *b, const struct blk_view *v)
{
	return v->sector <= b->size / SECTOR &&
	       v->data <= b->size - v->sector * SECTOR;
}

/* §5.2.6.1, §5.2.6.4: what every request must be, checked when posted */
static void blk_check(struct virtio_emul *e, unsigned int q,
		      struct emul_chain *c)
{
	struct blk_state *b = e->be;
	struct blk_view v;
	bool rw;

	if (!view(c, &v)) {
		emul_violation(e, "a block request without its 16-byte header or its status byte");
		return;
	}
	if (e->version == 1 &&
	    !(e->driver_features & BIT_ULL(VIRTIO_F_ANY_LAYOUT)) &&
	    (c->seg[0].len != HDR_LEN || c->seg[c->n - 1].len != 1))
		emul_violation(e, "a legacy block request whose header or status shares a piece, without ANY_LAYOUT");
	rw = v.type == VIRTIO_BLK_T_IN || v.type == VIRTIO_BLK_T_OUT;
	if (rw && (v.type == VIRTIO_BLK_T_IN ? v.rd != HDR_LEN : v.wr != 1))
		emul_violation(e, "block data in the wrong direction for the request");
	if (rw && v.data % SECTOR)
		emul_violation(e, "read or write data not a multiple of 512 bytes");
	if (rw && !in_range(b, &v))
		emul_violation(e, "a read or write beyond the capacity");
	if (v.type == VIRTIO_BLK_T_OUT && b->opts.read_only)
		emul_violation(e, "a write to a device that offered RO");
	if (v.type == VIRTIO_BLK_T_FLUSH &&
	    (v.sector || v.rd != HDR_LEN || v.wr != 1))
		emul_violation(e, "a flush with a sector or with data");
	if (v.type == VIRTIO_BLK_T_GET_ID &&
	    (v.rd != HDR_LEN || v.data != VIRTIO_BLK_ID_BYTES))
		emul_violation(e, "a GET_ID whose data is not 20 writable bytes");
}

/* Serve @v; Return: the status; *@writtenp: data bytes written */
static u8 serve(struct virtio_emul *e, struct emul_chain *c,
		const struct blk_view *v, u32 *writtenp)
{
	struct blk_state *b = e->be;
	u8 id[VIRTIO_BLK_ID_BYTES] = { 0 };
	u64 pos = v->sector * SECTOR;
	u32 pieces = 0;
	int ret;

	switch (v->type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_OUT:
		if (v->type == VIRTIO_BLK_T_IN)
			b->stats.reads++;
		else
			b->stats.writes++;
		if (!in_range(b, v) || v->data % SECTOR ||
		    (v->type == VIRTIO_BLK_T_OUT && b->opts.read_only))
			return VIRTIO_BLK_S_IOERR;
		if (v->type == VIRTIO_BLK_T_IN)
			ret = chain_rw(b, c, true, 0, v->data, pos, &pieces);
		else
			ret = chain_rw(b, c, false, HDR_LEN, v->data, pos,
				       &pieces);
		b->stats.max_segs = max(b->stats.max_segs, pieces);
		b->stats.max_bytes = max(b->stats.max_bytes, v->data);
		if (ret)
			return VIRTIO_BLK_S_IOERR;
		*writtenp = v->type == VIRTIO_BLK_T_IN ? v->data : 0;
		return VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_FLUSH:
		b->stats.flushes++;
		/* pwrite()s are in the host's cache already */
		return VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_GET_ID:
		b->stats.get_ids++;
		strncpy((char *)id, b->opts.serial, sizeof(id));
		*writtenp = min_t(u32, v->data, sizeof(id));
		for (u32 i = 0; i < *writtenp; i++)
			*writable_byte(c, i) = id[i];
		return VIRTIO_BLK_S_OK;
	default:
		b->stats.others++;
		return VIRTIO_BLK_S_UNSUPP;
	}
}

static int blk_process(struct virtio_emul *e, unsigned int q,
		       struct emul_chain *c)
{
	struct blk_state *b = e->be;
	struct blk_view v;
	u32 written = 0;
	u8 status;

	if (!view(c, &v))
		return 0;	/* no status byte to answer in */
	/* Requests served for one notification: several were in flight */
	if (b->notifies != e->stats.notifies) {
		b->notifies = e->stats.notifies;
		b->batch = 0;
	}
	b->stats.max_batch = max(b->stats.max_batch, ++b->batch);
	if (e->faults & EMUL_FAULT_BLK_IOERR)
		status = VIRTIO_BLK_S_IOERR;
	else if (e->faults & EMUL_FAULT_BLK_UNSUPP)
		status = VIRTIO_BLK_S_UNSUPP;
	else
		status = serve(e, c, &v, &written);
	if (e->faults & EMUL_FAULT_BLK_BAD_STATUS)
		status = 0x55;
	*writable_byte(c, v.wr - 1) = status;
	/* The status is the last byte written: the used length ends there */
	return e->faults & EMUL_FAULT_BLK_SHORT_USED ? written : v.wr;
}

/* §5.2.4: the configuration, as far as the model has it */
static void config_of(struct virtio_emul *e, struct virtio_blk_config *cfg)
{
	struct blk_state *b = e->be;
	u64 sectors = b->size / SECTOR;

	memset(cfg, 0, sizeof(*cfg));
	cfg->capacity = cpu_to_le64(sectors);
	cfg->size_max = cpu_to_le32(b->opts.size_max);
	cfg->seg_max = cpu_to_le32(b->opts.seg_max);
	cfg->cylinders = cpu_to_le16(min_t(u64, sectors / (16 * 63), 0xffff));
	cfg->heads = 16;
	cfg->sectors = 63;
	cfg->blk_size = cpu_to_le32(b->opts.blk_size);
	cfg->min_io_size = cpu_to_le16(1);
}

static u8 blk_config(struct virtio_emul *e, unsigned int off)
{
	struct virtio_blk_config cfg;

	config_of(e, &cfg);
	return off < sizeof(cfg) ? ((u8 *)&cfg)[off] : 0;
}

/* The width of the field at @off, 0 where none is (or not offered) */
static u8 blk_config_width(struct virtio_emul *e, unsigned int off)
{
	static const struct {
		u8 off, end, width, feature;	/* feature 0xff: always */
	} fields[] = {
		{ 0, 8, 8, 0xff },
		{ 8, 12, 4, VIRTIO_BLK_F_SIZE_MAX },
		{ 12, 16, 4, VIRTIO_BLK_F_SEG_MAX },
		{ 16, 18, 2, VIRTIO_BLK_F_GEOMETRY },
		{ 18, 19, 1, VIRTIO_BLK_F_GEOMETRY },
		{ 19, 20, 1, VIRTIO_BLK_F_GEOMETRY },
		{ 20, 24, 4, VIRTIO_BLK_F_BLK_SIZE },
		{ 24, 25, 1, VIRTIO_BLK_F_TOPOLOGY },
		{ 25, 26, 1, VIRTIO_BLK_F_TOPOLOGY },
		{ 26, 28, 2, VIRTIO_BLK_F_TOPOLOGY },
		{ 28, 32, 4, VIRTIO_BLK_F_TOPOLOGY },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(fields); i++) {
		if (off < fields[i].off || off >= fields[i].end)
			continue;
		if (fields[i].feature != 0xff &&
		    !(e->offered & BIT_ULL(fields[i].feature)))
			return 0;
		return fields[i].width;
	}
	return 0;
}

/* The host file behind the node, if any, and whether it is read-only */
static const char *host_file(ofnode node, bool *rop)
{
	struct sandbox_state *st = sandbox_state();
	u32 disk;

	*rop = false;
	if (!ofnode_read_u32(node, "ember,disk", &disk) &&
	    disk < (u32)st->num_virtio_blk) {
		*rop = st->virtio_blk_ro[disk];
		return st->virtio_blk[disk];
	}
	return ofnode_read_string(node, "ember,file");
}

static void read_opts(struct virtio_emul *e, ofnode node,
		      struct virtio_emul_blk_opts *o)
{
	const char *serial = ofnode_read_string(node, "ember,serial");

	o->read_only = ofnode_has_property(node, "ember,read-only");
	o->no_flush = ofnode_has_property(node, "ember,no-flush");
	o->blk_size = ofnode_read_u32_default(node, "ember,blk-size", SECTOR);
	o->size_max = ofnode_read_u32_default(node, "ember,size-max", 0);
	o->seg_max = ofnode_read_u32_default(node, "ember,seg-max",
					     DEF_SEG_MAX);
	strncpy(o->serial, serial ? serial : e->name, sizeof(o->serial) - 1);
}

static int blk_init(struct virtio_emul *e, ofnode node)
{
	struct blk_state *b = calloc(1, sizeof(*b));
	unsigned long long size;
	const char *file;
	bool ro;

	if (!b)
		return -ENOMEM;
	e->be = b;
	b->fd = -1;
	read_opts(e, node, &b->opts);
	file = host_file(node, &ro);
	if (file) {
		b->opts.read_only |= ro;
		b->fd = os_open_rw(file, !b->opts.read_only, &size);
		if (b->fd < 0) {
			printf("%s: cannot open %s: %s\n", e->name, file,
			       errno_str(b->fd));
			return b->fd;
		}
		b->size = ALIGN_DOWN(size, SECTOR);
	} else {
		b->size = (u64)ofnode_read_u32_default(node, "ember,sectors",
						       DEF_SECTORS) * SECTOR;
		b->image = calloc(1, b->size ?: 1);
		if (!b->image)
			return -ENOMEM;
	}
	e->offered |= features(&b->opts);
	return 0;
}

static void blk_destroy(struct virtio_emul *e)
{
	struct blk_state *b = e->be;

	if (b && b->fd >= 0)
		os_close(b->fd);
	if (b)
		free(b->image);
	free(b);
	e->be = NULL;
}

const struct emul_backend emul_blk_backend = {
	.device_id = VIRTIO_ID_BLOCK,
	.init = blk_init,
	.destroy = blk_destroy,
	.config = blk_config,
	.config_width = blk_config_width,
	.process = blk_process,
	.check = blk_check,
};

int emul_blk_get_opts(struct virtio_emul *e, struct virtio_emul_blk_opts *opts)
{
	struct blk_state *b = state(e);

	if (!b)
		return -ENODEV;
	*opts = b->opts;
	return 0;
}

int emul_blk_set_opts(struct virtio_emul *e,
		      const struct virtio_emul_blk_opts *opts)
{
	struct blk_state *b = state(e);

	if (!b)
		return -ENODEV;
	b->opts = *opts;
	b->opts.serial[sizeof(b->opts.serial) - 1] = '\0';
	e->offered = (e->offered & ~(u64)OPT_FEATURES) | features(&b->opts);
	return 0;
}

struct virtio_emul_blk_stats *emul_blk_stats(struct virtio_emul *e)
{
	struct blk_state *b = state(e);

	return b ? &b->stats : NULL;
}

int emul_blk_rw(struct virtio_emul *e, u64 off, void *buf, u32 len,
		bool write)
{
	struct blk_state *b = state(e);

	return b ? medium_rw(b, off, buf, len, write) : -ENODEV;
}
