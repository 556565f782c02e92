// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox model of a virtio SCSI host (ID 8, VIRTIO 1.2 §5.6), the
 * backend the virtio-mmio and virtio-pci models put behind their
 * registers: three queues (control, event, one request queue), the
 * configuration of §5.6.4 (sense_size and cdb_size driver-writable), and
 * up to VIRTIO_EMUL_SCSI_UNITS logical units (virtio_emul_scsi_cmd.c
 * answers their commands).
 *
 * Units: one per --virtio-scsi[-ro] option (asm/sandbox.h) at target 0,
 * LUN 0, 1, 2 ... for a node with 'ember,scsi-disks', none otherwise;
 * a test sets others (struct virtio_emul_scsi_opts: in-memory media,
 * other targets and LUNs, 4 KiB blocks, write-protected, CD-ROMs with or
 * without a medium, units becoming ready) before the driver probes.
 *
 * A request (§5.6.6.1) is read in any layout of its pieces: the header
 * with cdb_size bytes of CDB and the data out, readable; the response
 * with sense_size bytes of sense and the data in, writable. A request to
 * a target without units ends BAD_TARGET; one to an absent LUN of a
 * present target is answered INQUIRY qualifier 3 (as QEMU), REPORT LUNS,
 * or INCORRECT_LUN. The control queue answers task management functions
 * (FUNCTION_COMPLETE) and asynchronous notification queries (no events);
 * the event queue holds its buffers until a test sends an event.
 *
 * Faults (asm/virtio_emul.h): EMUL_FAULT_SCSI_*, and the core's
 * (EMUL_FAULT_SILENT, _SHORT, _USED_LEN ...). A tamper hook sees, and may
 * change, every answer before it is written (the fuzzer's way in).
 *
 * The checker holds the driver to §5.6.6.1: the header whole (cdb_size
 * of CDB, no more, no less, before the data out), the response writable
 * whole, data one way only without INOUT, in the direction of the
 * command and of the CDB's transfer length, reads and writes inside the
 * unit's capacity, no write to a write-protected unit, a CDB that fits
 * cdb_size, and tags unique among the requests in flight; event buffers
 * writable and of event_info_size bytes; control requests whole.
 */
#include <asm/os.h>
#include <asm/sandbox.h>
#include <byteorder.h>
#include <dm.h>
#include <errno.h>
#include <scsi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <virtio.h>
#include <virtio_ids.h>
#include <virtio_scsi.h>
#include "virtio_emul_core.h"
#include "virtio_emul_scsi.h"

#define DEF_MEDIUM	(4 << 20)	/* an in-memory medium: 4 MiB */
#define EVENT_BYTES	sizeof(struct virtio_scsi_event)
#define TMF_BYTES	sizeof(struct virtio_scsi_ctrl_tmf_req)
#define AN_BYTES	16	/* type, lun, event_requested */

static struct scsi_emul *state(struct virtio_emul *e)
{
	return e->backend == &emul_scsi_backend ? e->be : NULL;
}

u32 scsi_emul_chain_copy(struct emul_chain *c, bool writable, u32 off,
			 void *buf, u32 len, bool to_chain)
{
	u8 *b = buf;
	u32 done = 0;

	for (int i = 0; i < c->n && done < len; i++) {
		struct emul_seg *s = &c->seg[i];
		u32 n;

		if (s->write != writable)
			continue;
		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = min(s->len - off, len - done);
		if (to_chain)
			memcpy(s->p + off, b + done, n);
		else
			memcpy(b + done, s->p + off, n);
		done += n;
		off = 0;
	}
	return done;
}

int scsi_emul_medium(struct scsi_emul_unit *u, struct emul_chain *c,
		     bool writable, u32 from, u32 len, u64 pos)
{
	int ret = 0;

	for (int i = 0; i < c->n && len && !ret; i++) {
		struct emul_seg *s = &c->seg[i];
		u32 n;

		if (s->write != writable)
			continue;
		if (from >= s->len) {
			from -= s->len;
			continue;
		}
		n = min(s->len - from, len);
		ret = os_medium_rw(u->image, u->fd, u->size, pos, s->p + from,
				   n, !writable);
		pos += n;
		len -= n;
		from = 0;
	}
	return ret;
}

/* Read the request's shape and header: false without a whole header */
static bool view(struct scsi_emul *s, struct emul_chain *c,
		 struct scsi_view *v)
{
	memset(v, 0, sizeof(*v));
	v->hdr = VIRTIO_SCSI_REQ_BYTES(s->cdb_size);
	for (int i = 0; i < c->n; i++) {
		if (c->seg[i].write)
			v->wr += c->seg[i].len;
		else
			v->rd += c->seg[i].len;
	}
	v->out = v->rd > v->hdr ? v->rd - v->hdr : 0;
	v->in = v->wr > VIRTIO_SCSI_RESP_BYTES(s->sense_size) ?
		v->wr - VIRTIO_SCSI_RESP_BYTES(s->sense_size) : 0;
	return scsi_emul_chain_copy(c, false, 0, &v->req,
				    min_t(u32, v->hdr, sizeof(v->req)),
				    false) == min_t(u32, v->hdr,
						    sizeof(v->req));
}

/*
 * The unit at @lun (§5.6.6.1: 1, target, a single-level LUN), or NULL;
 * *@targetp: whether any unit is at that target
 */
static struct scsi_emul_unit *find_unit(struct scsi_emul *s, const u8 *lun,
					bool *targetp)
{
	unsigned int n = (lun[2] & 0x3f) << 8 | lun[3];
	struct scsi_emul_unit *found = NULL;

	*targetp = false;
	if (lun[0] != 1 || lun[1] > s->opts.max_target || lun[4] || lun[5] ||
	    lun[6] || lun[7])
		return NULL;
	for (unsigned int i = 0; i < VIRTIO_EMUL_SCSI_UNITS; i++) {
		struct scsi_emul_unit *u = &s->unit[i];

		if (!u->o->present || u->o->target != lun[1])
			continue;
		*targetp = true;
		if (u->o->lun == n && (lun[2] >> 6) <= 1 && !found)
			found = u;
	}
	return found;
}

static bool tag_in_flight(struct scsi_emul *s, u64 tag, bool drop)
{
	for (unsigned int i = 0; i < s->ntags; i++) {
		if (s->tags[i] != tag)
			continue;
		if (drop)
			s->tags[i] = s->tags[--s->ntags];
		return true;
	}
	return false;
}

/*
 * A violation of a rule the driver follows by what the units told it
 * (their block sizes, capacities, write protection): counted apart too,
 * as a device that lied can lead a driver to break it
 */
static void told_violation(struct virtio_emul *e, struct scsi_emul *s,
			   const char *rule)
{
	s->stats.told_violations++;
	emul_violation(e, rule);
}

/* §5.6.6.1: what every command request must be, checked when posted */
static void req_check(struct virtio_emul *e, struct scsi_emul *s,
		      struct emul_chain *c)
{
	struct scsi_emul_unit *u;
	struct scsi_view v;
	bool target, out;
	u64 bytes, tag;
	u8 op;

	if (!view(s, c, &v) || v.rd < v.hdr) {
		emul_violation(e, "a SCSI request without its header and cdb_size bytes of CDB");
		return;
	}
	if (v.wr < VIRTIO_SCSI_RESP_BYTES(s->sense_size)) {
		emul_violation(e, "a SCSI request without room for its response and sense_size bytes of sense");
		return;
	}
	if (v.out && v.in &&
	    !(e->driver_features & BIT_ULL(VIRTIO_SCSI_F_INOUT)))
		emul_violation(e, "SCSI data both ways without INOUT");
	op = v.req.cdb[0];
	if (scsi_emul_cdb_len(op) > s->cdb_size) {
		emul_violation(e, "a CDB longer than cdb_size");
		return;		/* the rest of it is not there */
	}
	u = find_unit(s, v.req.lun, &target);
	if (scsi_emul_transfer(u, v.req.cdb, &bytes, &out)) {
		if ((out && v.in) || (!out && v.out))
			emul_violation(e, "SCSI data in the wrong direction for the command");
		else if (bytes != (out ? v.out : v.in))
			told_violation(e, s, "a CDB's transfer length that is not the request's data bytes");
	}
	if (u && (op == SCSI_READ_10 || op == SCSI_READ_16 ||
		  op == SCSI_WRITE_10 || op == SCSI_WRITE_16)) {
		bool b16 = op == SCSI_READ_16 || op == SCSI_WRITE_16;
		u64 lba = 0, count = 0;

		for (int i = 0; i < (b16 ? 8 : 4); i++)
			lba = lba << 8 | v.req.cdb[2 + i];
		for (int i = 0; i < (b16 ? 4 : 2); i++)
			count = count << 8 | v.req.cdb[(b16 ? 10 : 7) + i];
		if (lba > u->size / u->o->blk_size ||
		    count > u->size / u->o->blk_size - lba)
			told_violation(e, s, "a SCSI read or write beyond the unit's capacity");
		if (out && (u->o->read_only || u->o->cdrom))
			told_violation(e, s, "a SCSI write to a write-protected unit");
	}
	if (s->resets != e->stats.resets) {
		s->resets = e->stats.resets;
		s->ntags = 0;
	}
	tag = le64_to_cpu(v.req.id);
	if (tag_in_flight(s, tag, false))
		emul_violation(e, "a SCSI tag already in flight");
	else if (s->ntags < ARRAY_SIZE(s->tags))
		s->tags[s->ntags++] = tag;
	s->stats.max_in_flight = max(s->stats.max_in_flight, s->ntags);
}

static void scsi_check(struct virtio_emul *e, unsigned int q,
		       struct emul_chain *c)
{
	struct scsi_emul *s = e->be;
	struct scsi_view v;

	if (q >= VIRTIO_SCSI_VQ_REQUEST) {
		req_check(e, s, c);
		return;
	}
	view(s, c, &v);
	if (q == VIRTIO_SCSI_VQ_EVENT && (v.rd || v.wr < EVENT_BYTES))
		emul_violation(e, "a SCSI event buffer not event_info_size writable bytes");
	if (q == VIRTIO_SCSI_VQ_CONTROL && (v.rd < AN_BYTES || !v.wr))
		emul_violation(e, "a SCSI control request not whole");
}

/* Faults that replace or change the answer (not the units' own) */
static void faults(struct virtio_emul *e, struct scsi_emul *s,
		   struct virtio_emul_scsi_answer *a, u32 moved)
{
	if (e->faults & EMUL_FAULT_SCSI_BUSY) {
		a->status = SCSI_STATUS_BUSY;
		a->sense_len = 0;
	}
	if (e->faults & EMUL_FAULT_SCSI_SENSE_LONG) {
		a->status = SCSI_STATUS_CHECK_CONDITION;
		memset(a->sense, 0, sizeof(a->sense));
		a->sense[0] = SCSI_SENSE_FIXED_CURRENT;
		a->sense[2] = SCSI_SK_HARDWARE_ERROR;
		a->sense[7] = 10;
		a->sense_len = s->sense_size + 8;
	}
	if (e->faults & EMUL_FAULT_SCSI_RESIDUAL)
		a->residual = moved + a->residual + 1;
	if (e->faults & EMUL_FAULT_SCSI_RESPONSE)
		a->response = s->opts.response;
}

/* Write the answer: the response, then the data in. Bytes written. */
static int answer(struct scsi_emul *s, struct emul_chain *c,
		  struct virtio_emul_scsi_answer *a)
{
	u32 resp_len = VIRTIO_SCSI_RESP_BYTES(s->sense_size);
	struct virtio_scsi_cmd_resp r = { 0 };
	u32 done, data = 0;

	r.sense_len = cpu_to_le32(a->sense_len);
	r.residual = cpu_to_le32(a->residual);
	r.status = a->status;
	r.response = a->response;
	memcpy(r.sense, a->sense, min_t(u32, a->sense_len, sizeof(r.sense)));
	done = scsi_emul_chain_copy(c, true, 0, &r, min_t(u32, resp_len,
							  sizeof(r)), true);
	if (a->data && a->data_len)
		data = scsi_emul_chain_copy(c, true, resp_len, a->data,
					    min(a->data_len, a->room), true);
	else if (!a->data)
		data = a->data_len;	/* a read: in the chain already */
	return done < resp_len ? done : resp_len + data;
}

static int req_process(struct virtio_emul *e, struct scsi_emul *s,
		       struct emul_chain *c)
{
	struct virtio_emul_scsi_answer a = { .response = VIRTIO_SCSI_S_OK };
	struct scsi_emul_unit *u;
	struct scsi_view v;
	bool target;

	if (!view(s, c, &v))
		return 0;	/* nothing to answer */
	tag_in_flight(s, le64_to_cpu(v.req.id), true);
	if (v.wr < offsetof(struct virtio_scsi_cmd_resp, sense))
		return 0;	/* nothing to answer with */
	s->stats.commands++;
	if (s->notifies != e->stats.notifies) {
		s->notifies = e->stats.notifies;
		s->batch = 0;
	}
	s->stats.max_batch = max(s->stats.max_batch, ++s->batch);
	a.cdb = v.req.cdb;
	a.target = v.req.lun[1];
	a.lun = (v.req.lun[2] & 0x3f) << 8 | v.req.lun[3];
	a.room = min_t(u32, v.in, SCSI_EMUL_DATA);
	u = find_unit(s, v.req.lun, &target);
	if (!target) {
		s->stats.bad_target++;
		a.response = VIRTIO_SCSI_S_BAD_TARGET;
		a.residual = v.in + v.out;
	} else {
		scsi_emul_command(e, s, u, a.target, c, &v, &a);
	}
	/* §5.6.6.1: sense_len is what was written, cut to sense_size */
	a.sense_len = min(a.sense_len, s->sense_size);
	faults(e, s, &a, a.data_len);
	if (s->tamper)
		s->tamper(s->tamper_ctx, &a);
	if (a.data)
		a.data_len = min(a.data_len, a.room);
	s->stats.max_bytes = max(s->stats.max_bytes, a.data_len);
	return answer(s, c, &a);
}

/* §5.6.6.2: task management functions and notification queries */
static int ctrl_process(struct virtio_emul *e, struct scsi_emul *s,
			struct emul_chain *c)
{
	struct virtio_scsi_ctrl_tmf_req tmf = { 0 };
	u8 resp[5] = { 0 };	/* AN: event_actual, response */
	u32 type;
	bool target;

	s->stats.tmfs++;
	scsi_emul_chain_copy(c, false, 0, &tmf, sizeof(tmf), false);
	type = le32_to_cpu(tmf.type);
	if (type == VIRTIO_SCSI_T_TMF) {
		find_unit(s, tmf.lun, &target);
		resp[0] = target ? VIRTIO_SCSI_S_OK : VIRTIO_SCSI_S_BAD_TARGET;
		return scsi_emul_chain_copy(c, true, 0, resp, 1, true);
	}
	if (type == VIRTIO_SCSI_T_AN_QUERY || type == VIRTIO_SCSI_T_AN_SUBSCRIBE)
		return scsi_emul_chain_copy(c, true, 0, resp, 5, true);
	return 0;
}

/* §5.6.6.3: buffers held until there is an event */
static int event_process(struct scsi_emul *s, struct emul_chain *c)
{
	struct virtio_scsi_event ev = { 0 };

	if (!s->event_pending)
		return -EAGAIN;
	s->event_pending = false;
	ev.event = cpu_to_le32(s->event);
	memcpy(ev.lun, s->event_lun, sizeof(ev.lun));
	return scsi_emul_chain_copy(c, true, 0, &ev, sizeof(ev), true);
}

static int scsi_process(struct virtio_emul *e, unsigned int q,
			struct emul_chain *c)
{
	struct scsi_emul *s = e->be;

	if (q == VIRTIO_SCSI_VQ_CONTROL)
		return ctrl_process(e, s, c);
	if (q == VIRTIO_SCSI_VQ_EVENT)
		return event_process(s, c);
	return req_process(e, s, c);
}

/* §5.6.4 */
static void config_of(struct scsi_emul *s, struct virtio_scsi_config *cfg)
{
	cfg->num_queues = cpu_to_le32(1);
	cfg->seg_max = cpu_to_le32(s->opts.seg_max);
	cfg->max_sectors = cpu_to_le32(s->opts.max_sectors);
	cfg->cmd_per_lun = cpu_to_le32(s->opts.cmd_per_lun);
	cfg->event_info_size = cpu_to_le32(EVENT_BYTES);
	cfg->sense_size = cpu_to_le32(s->sense_size);
	cfg->cdb_size = cpu_to_le32(s->cdb_size);
	cfg->max_channel = 0;
	cfg->max_target = cpu_to_le16(s->opts.max_target);
	cfg->max_lun = cpu_to_le32(s->opts.max_lun);
}

static u8 scsi_config(struct virtio_emul *e, unsigned int off)
{
	struct virtio_scsi_config cfg;

	config_of(e->be, &cfg);
	return off < sizeof(cfg) ? ((u8 *)&cfg)[off] : 0;
}

static u8 scsi_config_width(struct virtio_emul *e, unsigned int off)
{
	if (off >= sizeof(struct virtio_scsi_config))
		return 0;
	return off >= 28 && off < 32 ? 2 : 4;
}

static bool scsi_config_writable(struct virtio_emul *e, unsigned int off)
{
	return off == offsetof(struct virtio_scsi_config, sense_size) ||
	       off == offsetof(struct virtio_scsi_config, cdb_size);
}

/* §5.6.4: the driver may set sense_size and cdb_size */
static void scsi_config_write(struct virtio_emul *e, unsigned int off,
			      u32 val, int size)
{
	struct scsi_emul *s = e->be;

	if (size != 4)
		return;
	if (off == offsetof(struct virtio_scsi_config, sense_size))
		s->sense_size = min_t(u32, val, VIRTIO_SCSI_SENSE_DEFAULT);
	else if (off == offsetof(struct virtio_scsi_config, cdb_size))
		s->cdb_size = min_t(u32, val, VIRTIO_SCSI_CDB_DEFAULT);
}

static void close_units(struct scsi_emul *s)
{
	for (unsigned int i = 0; i < VIRTIO_EMUL_SCSI_UNITS; i++) {
		struct scsi_emul_unit *u = &s->unit[i];

		if (u->fd >= 0)
			os_close(u->fd);
		free(u->image);
		*u = (struct scsi_emul_unit){ .o = &s->opts.unit[i], .fd = -1 };
	}
}

/* Each unit's medium: its --virtio-scsi file, or memory */
static int open_units(struct virtio_emul *e, struct scsi_emul *s)
{
	struct sandbox_state *st = sandbox_state();

	close_units(s);
	for (unsigned int i = 0; i < VIRTIO_EMUL_SCSI_UNITS; i++) {
		struct scsi_emul_unit *u = &s->unit[i];
		struct virtio_emul_scsi_unit *o = u->o;
		unsigned long long size;

		if (!o->present)
			continue;
		if (!o->blk_size)
			o->blk_size = o->cdrom ? 2048 : 512;
		if (o->disk >= 0 && o->disk < st->num_virtio_scsi) {
			o->read_only |= st->virtio_scsi_ro[o->disk];
			u->fd = os_open_rw(st->virtio_scsi[o->disk],
					   !o->read_only && !o->cdrom, &size);
			if (u->fd < 0) {
				printf("%s: cannot open %s: %s\n", e->name,
				       st->virtio_scsi[o->disk],
				       errno_str(u->fd));
				return u->fd;
			}
			u->size = ALIGN_DOWN((u64)size, (u64)o->blk_size);
			continue;
		}
		if (!o->blocks)
			o->blocks = DEF_MEDIUM / o->blk_size ?: 1;
		u->size = (u64)o->blocks * o->blk_size;
		u->image = calloc(1, u->size);
		if (!u->image)
			return -ENOMEM;
	}
	return 0;
}

static void read_opts(ofnode node, struct virtio_emul_scsi_opts *o)
{
	struct sandbox_state *st = sandbox_state();

	memset(o, 0, sizeof(*o));
	o->max_target = ofnode_read_u32_default(node, "ember,max-target", 255);
	o->max_lun = ofnode_read_u32_default(node, "ember,max-lun", 16383);
	o->seg_max = ofnode_read_u32_default(node, "ember,seg-max",
					     EMUL_MAX_SEGS - 2);
	o->max_sectors = ofnode_read_u32_default(node, "ember,max-sectors",
						 0xffff);
	o->cmd_per_lun = ofnode_read_u32_default(node, "ember,cmd-per-lun",
						 128);
	o->cdb_size = VIRTIO_SCSI_CDB_DEFAULT;
	o->sense_size = VIRTIO_SCSI_SENSE_DEFAULT;
	o->medium_error_lba = ~0ULL;
	for (int i = 0; i < VIRTIO_EMUL_SCSI_UNITS; i++) {
		o->unit[i].disk = -1;
		if (!ofnode_has_property(node, "ember,scsi-disks") ||
		    i >= st->num_virtio_scsi)
			continue;
		o->unit[i].present = true;
		o->unit[i].lun = i;
		o->unit[i].disk = i;
	}
}

static int scsi_init(struct virtio_emul *e, ofnode node)
{
	struct scsi_emul *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	e->be = s;
	for (unsigned int i = 0; i < VIRTIO_EMUL_SCSI_UNITS; i++)
		s->unit[i] = (struct scsi_emul_unit){ .o = &s->opts.unit[i],
						      .fd = -1 };
	read_opts(node, &s->opts);
	s->cdb_size = s->opts.cdb_size;
	s->sense_size = s->opts.sense_size;
	return open_units(e, s);
}

static void scsi_destroy(struct virtio_emul *e)
{
	struct scsi_emul *s = e->be;

	if (s)
		close_units(s);
	free(s);
	e->be = NULL;
}

const struct emul_backend emul_scsi_backend = {
	.device_id = VIRTIO_ID_SCSI,
	.queues = 3,
	.init = scsi_init,
	.destroy = scsi_destroy,
	.config = scsi_config,
	.config_width = scsi_config_width,
	.config_writable = scsi_config_writable,
	.config_write = scsi_config_write,
	.process = scsi_process,
	.check = scsi_check,
};

int emul_scsi_get_opts(struct virtio_emul *e,
		       struct virtio_emul_scsi_opts *opts)
{
	struct scsi_emul *s = state(e);

	if (!s)
		return -ENODEV;
	*opts = s->opts;
	return 0;
}

int emul_scsi_set_opts(struct virtio_emul *e,
		       const struct virtio_emul_scsi_opts *opts)
{
	struct scsi_emul *s = state(e);

	if (!s)
		return -ENODEV;
	s->opts = *opts;
	s->cdb_size = min_t(u32, opts->cdb_size, VIRTIO_SCSI_CDB_DEFAULT);
	s->sense_size = min_t(u32, opts->sense_size, VIRTIO_SCSI_SENSE_DEFAULT);
	return open_units(e, s);
}

struct virtio_emul_scsi_stats *emul_scsi_stats(struct virtio_emul *e)
{
	struct scsi_emul *s = state(e);

	return s ? &s->stats : NULL;
}

int emul_scsi_rw(struct virtio_emul *e, unsigned int unit, u64 off,
		 void *buf, u32 len, bool write)
{
	struct scsi_emul *s = state(e);
	struct scsi_emul_unit *u;

	if (!s || unit >= VIRTIO_EMUL_SCSI_UNITS || !s->opts.unit[unit].present)
		return -ENODEV;
	u = &s->unit[unit];
	return os_medium_rw(u->image, u->fd, u->size, off, buf, len, write);
}

int emul_scsi_set_tamper(struct virtio_emul *e, virtio_emul_scsi_tamper fn,
			 void *ctx)
{
	struct scsi_emul *s = state(e);

	if (!s)
		return -ENODEV;
	s->tamper = fn;
	s->tamper_ctx = ctx;
	return 0;
}

int emul_scsi_event(struct virtio_emul *e, u32 event, const u8 lun[8])
{
	struct scsi_emul *s = state(e);
	bool sent;

	if (!s)
		return -ENODEV;
	s->event_pending = true;
	s->event = event;
	memcpy(s->event_lun, lun, sizeof(s->event_lun));
	emul_process_queue(e, VIRTIO_SCSI_VQ_EVENT);
	sent = !s->event_pending;
	s->event_pending = false;
	return sent ? 0 : -ENOENT;
}
