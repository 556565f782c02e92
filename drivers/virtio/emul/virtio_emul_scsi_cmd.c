// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The sandbox virtio-scsi model's logical units (virtio_emul_scsi.c has
 * the controller): the commands a disk or CD-ROM answers, as SPC-4 and
 * SBC-3 describe them. INQUIRY (standard data; "EMBER" units), TEST UNIT
 * READY, REQUEST SENSE, REPORT LUNS, READ CAPACITY (10) and (16), MODE
 * SENSE (6) and (10) (a header only, WP for a write-protected unit),
 * READ and WRITE (10) and (16), SYNCHRONIZE CACHE (10); anything else
 * ends CHECK CONDITION, ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE.
 * Sense data is fixed-format. A unit without a medium or becoming ready
 * answers NOT READY; a write-protected one refuses writes with DATA
 * PROTECT. The residual is the data room (or data out) not used.
 */
#include <byteorder.h>
#include <dm.h>
#include <errno.h>
#include <scsi.h>
#include <string.h>
#include <virtio.h>
#include <virtio_scsi.h>
#include "virtio_emul_core.h"
#include "virtio_emul_scsi.h"

#define SENSE_FIXED_LEN		18
#define ASC_UNRECOVERED_READ	0x11

static u64 get_be(const u8 *p, unsigned int bytes)
{
	u64 v = 0;

	for (unsigned int i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	return v;
}

static void put_be(u8 *p, u64 v, unsigned int bytes)
{
	for (unsigned int i = 0; i < bytes; i++)
		p[i] = v >> (8 * (bytes - 1 - i));
}

unsigned int scsi_emul_cdb_len(u8 op)
{
	switch (op >> 5) {
	case 0:
		return 6;
	case 1:
	case 2:
		return 10;
	case 4:
		return 16;
	case 5:
		return 12;
	default:
		return 6;	/* vendor-specific groups: no length known */
	}
}

static bool is_rw(u8 op, bool *b16p, bool *writep)
{
	*b16p = op == SCSI_READ_16 || op == SCSI_WRITE_16;
	*writep = op == SCSI_WRITE_10 || op == SCSI_WRITE_16;
	return op == SCSI_READ_10 || op == SCSI_READ_16 ||
	       op == SCSI_WRITE_10 || op == SCSI_WRITE_16;
}

/* A READ or WRITE CDB's LBA and block count */
static void rw_args(const u8 *cdb, bool b16, u64 *lbap, u64 *countp)
{
	*lbap = get_be(cdb + 2, b16 ? 8 : 4);
	*countp = get_be(cdb + (b16 ? 10 : 7), b16 ? 4 : 2);
}

bool scsi_emul_transfer(const struct scsi_emul_unit *u, const u8 *cdb,
			u64 *bytesp, bool *outp)
{
	bool b16, write;
	u64 lba, count;

	*outp = false;
	if (is_rw(cdb[0], &b16, &write)) {
		if (!u)
			return false;
		rw_args(cdb, b16, &lba, &count);
		*bytesp = count * u->o->blk_size;
		*outp = write;
		return true;
	}
	switch (cdb[0]) {
	case SCSI_TEST_UNIT_READY:
	case SCSI_SYNCHRONIZE_CACHE_10:
		*bytesp = 0;
		return true;
	case SCSI_INQUIRY:
		*bytesp = get_be(cdb + 3, 2);
		return true;
	case SCSI_REQUEST_SENSE:
	case SCSI_MODE_SENSE_6:
		*bytesp = cdb[4];
		return true;
	case 0x5a:	/* MODE SENSE (10) */
		*bytesp = get_be(cdb + 7, 2);
		return true;
	case SCSI_READ_CAPACITY_10:
		*bytesp = 8;
		return true;
	case SCSI_SERVICE_ACTION_IN_16:
		*bytesp = get_be(cdb + 10, 4);
		return true;
	case SCSI_REPORT_LUNS:
		*bytesp = get_be(cdb + 6, 4);
		return true;
	default:
		return false;
	}
}

/* CHECK CONDITION with fixed-format sense @key/@asc/@ascq */
static void check_condition(struct virtio_emul_scsi_answer *a, u8 key,
			    u8 asc, u8 ascq)
{
	a->status = SCSI_STATUS_CHECK_CONDITION;
	memset(a->sense, 0, sizeof(a->sense));
	a->sense[0] = SCSI_SENSE_FIXED_CURRENT;
	a->sense[2] = key;
	a->sense[7] = SENSE_FIXED_LEN - 8;
	a->sense[12] = asc;
	a->sense[13] = ascq;
	a->sense_len = SENSE_FIXED_LEN;
}

/* Data in from s->data: @len bytes of it, cut to @alloc and the room */
static void data_in(struct scsi_emul *s, struct virtio_emul_scsi_answer *a,
		    u32 len, u64 alloc)
{
	a->data = s->data;
	a->data_len = min_t(u64, min_t(u64, len, alloc), a->room);
}

static void inquiry(struct scsi_emul *s, struct scsi_emul_unit *u,
		    const u8 *cdb, struct virtio_emul_scsi_answer *a)
{
	u8 *d = s->data;

	s->stats.inquiries++;
	if (cdb[1] & 1) {	/* EVPD: no pages */
		check_condition(a, SCSI_SK_ILLEGAL_REQUEST,
				SCSI_ASC_INVALID_FIELD_IN_CDB, 0);
		return;
	}
	memset(d, 0, SCSI_INQUIRY_LEN);
	if (!u) {
		d[0] = SCSI_QUAL_NONE << 5 | SCSI_TYPE_NONE;
	} else {
		d[0] = u->o->cdrom ? SCSI_TYPE_CDROM : SCSI_TYPE_DISK;
		d[1] = u->o->cdrom ? 0x80 : 0;	/* RMB */
	}
	d[2] = 5;			/* SPC-3 */
	d[3] = 2;			/* the data's format */
	d[4] = SCSI_INQUIRY_LEN - 5;
	d[7] = 0x02;			/* CmdQue */
	memcpy(d + 8, "EMBER   ", 8);
	memcpy(d + 16, u && u->o->cdrom ? "EMBER CD-ROM    " :
					  "EMBER HARDDISK  ", 16);
	memcpy(d + 32, "1.0 ", 4);
	data_in(s, a, SCSI_INQUIRY_LEN, get_be(cdb + 3, 2));
}

/* The LUNs of @target's units; EMUL_FAULT_SCSI_LUNS_* */
static void report_luns(struct virtio_emul *e, struct scsi_emul *s,
			u8 target, const u8 *cdb,
			struct virtio_emul_scsi_answer *a)
{
	bool dup = e->faults & EMUL_FAULT_SCSI_LUNS_DUP;
	u32 n = 0;

	s->stats.report_luns++;
	memset(s->data, 0, SCSI_EMUL_DATA);
	for (unsigned int i = 0; i < VIRTIO_EMUL_SCSI_UNITS; i++) {
		const struct virtio_emul_scsi_unit *o = s->unit[i].o;

		if (!o->present || o->target != target)
			continue;
		for (int k = 0; k < (dup ? 2 : 1); k++, n++) {
			u8 *p = s->data + 8 + 8 * n;

			p[0] = o->lun < 256 ? 0 : 0x40 | (o->lun >> 8);
			p[1] = o->lun & 0xff;
		}
	}
	put_be(s->data, e->faults & EMUL_FAULT_SCSI_LUNS_HUGE ? 0xfffffff8 :
			8 * n, 4);
	data_in(s, a, 8 + 8 * n, get_be(cdb + 6, 4));
}

/* READ CAPACITY (10), or (16) when @b16 */
static void read_capacity(struct virtio_emul *e, struct scsi_emul *s,
			  struct scsi_emul_unit *u, const u8 *cdb, bool b16,
			  struct virtio_emul_scsi_answer *a)
{
	u64 last = u->size / u->o->blk_size - 1;
	u32 blksz = u->o->blk_size;

	s->stats.read_caps++;
	if (e->faults & EMUL_FAULT_SCSI_CAP_BLKSZ)
		blksz = s->opts.cap_blk_size;
	memset(s->data, 0, 32);
	if (b16) {
		if ((cdb[1] & 0x1f) != SCSI_SAI_READ_CAPACITY_16) {
			check_condition(a, SCSI_SK_ILLEGAL_REQUEST,
					SCSI_ASC_INVALID_OPCODE, 0);
			return;
		}
		put_be(s->data, last, 8);
		put_be(s->data + 8, blksz, 4);
		data_in(s, a, 32, get_be(cdb + 10, 4));
		return;
	}
	if (last > 0xffffffff || e->faults & EMUL_FAULT_SCSI_CAP16)
		last = 0xffffffff;
	put_be(s->data, last, 4);
	put_be(s->data + 4, blksz, 4);
	data_in(s, a, 8, 8);
}

/* MODE SENSE (6) or (10): the header alone, WP where write-protected */
static void mode_sense(struct scsi_emul *s, struct scsi_emul_unit *u,
		       const u8 *cdb, struct virtio_emul_scsi_answer *a)
{
	bool wp = u->o->read_only || u->o->cdrom;

	s->stats.mode_senses++;
	memset(s->data, 0, 8);
	if (cdb[0] == SCSI_MODE_SENSE_6) {
		s->data[0] = 3;
		s->data[2] = wp ? SCSI_MODE_HDR_WP : 0;
		data_in(s, a, 4, cdb[4]);
	} else {
		s->data[1] = 6;
		s->data[3] = wp ? SCSI_MODE_HDR_WP : 0;
		data_in(s, a, 8, get_be(cdb + 7, 2));
	}
}

/* READ or WRITE (10) or (16) */
static void read_write(struct virtio_emul *e, struct scsi_emul *s,
		       struct scsi_emul_unit *u, struct emul_chain *c,
		       const struct scsi_view *v, bool b16, bool write,
		       struct virtio_emul_scsi_answer *a)
{
	u32 room = write ? v->out : v->in;
	u64 lba, count, bytes, blocks = u->size / u->o->blk_size;
	int ret;

	rw_args(v->req.cdb, b16, &lba, &count);
	if (write)
		s->stats.writes++;
	else
		s->stats.reads++;
	bytes = count * u->o->blk_size;
	a->residual = room;
	if (lba > blocks || count > blocks - lba) {
		check_condition(a, SCSI_SK_ILLEGAL_REQUEST,
				SCSI_ASC_LBA_OUT_OF_RANGE, 0);
		return;
	}
	if (write && (u->o->read_only || u->o->cdrom)) {
		check_condition(a, SCSI_SK_DATA_PROTECT,
				SCSI_ASC_WRITE_PROTECTED, 0);
		return;
	}
	if (bytes > room) {
		a->response = VIRTIO_SCSI_S_OVERRUN;
		return;
	}
	if (!write && e->faults & EMUL_FAULT_SCSI_MEDIUM &&
	    s->opts.medium_error_lba >= lba &&
	    s->opts.medium_error_lba - lba < count) {
		check_condition(a, SCSI_SK_MEDIUM_ERROR, ASC_UNRECOVERED_READ, 0);
		a->sense[0] |= 0x80;	/* VALID: the information field */
		put_be(a->sense + 3, s->opts.medium_error_lba, 4);
		return;
	}
	ret = scsi_emul_medium(u, c, !write, write ? v->hdr :
			       VIRTIO_SCSI_RESP_BYTES(s->sense_size), bytes,
			       lba * u->o->blk_size);
	if (ret) {
		check_condition(a, write ? SCSI_SK_MEDIUM_ERROR :
				SCSI_SK_MEDIUM_ERROR, write ? 0x0c :
				ASC_UNRECOVERED_READ, 0);
		return;
	}
	s->stats.max_bytes = max_t(u64, s->stats.max_bytes, bytes);
	a->residual = room - bytes;
	if (!write)
		a->data_len = bytes;	/* in the chain, a->data NULL */
}

/* NOT READY for a unit without a medium: 0 when it has one */
static bool no_medium(struct scsi_emul_unit *u,
		      struct virtio_emul_scsi_answer *a)
{
	if (!u->o->no_medium)
		return false;
	check_condition(a, SCSI_SK_NOT_READY, SCSI_ASC_MEDIUM_NOT_PRESENT, 0);
	return true;
}

static void test_unit_ready(struct scsi_emul *s, struct scsi_emul_unit *u,
			    struct virtio_emul_scsi_answer *a)
{
	s->stats.turs++;
	if (no_medium(u, a))
		return;
	if (u->turs < u->o->not_ready) {
		u->turs++;
		check_condition(a, SCSI_SK_NOT_READY, SCSI_ASC_NOT_READY, 1);
	}
}

/* Commands that need a unit with its medium */
static void medium_command(struct virtio_emul *e, struct scsi_emul *s,
			   struct scsi_emul_unit *u, struct emul_chain *c,
			   const struct scsi_view *v,
			   struct virtio_emul_scsi_answer *a)
{
	const u8 *cdb = v->req.cdb;
	bool b16, write;

	if (no_medium(u, a))
		return;
	if (is_rw(cdb[0], &b16, &write)) {
		read_write(e, s, u, c, v, b16, write, a);
		return;
	}
	switch (cdb[0]) {
	case SCSI_READ_CAPACITY_10:
	case SCSI_SERVICE_ACTION_IN_16:
		read_capacity(e, s, u, cdb, cdb[0] != SCSI_READ_CAPACITY_10, a);
		break;
	case SCSI_SYNCHRONIZE_CACHE_10:
		s->stats.syncs++;
		break;
	default:
		s->stats.unknown++;
		check_condition(a, SCSI_SK_ILLEGAL_REQUEST,
				SCSI_ASC_INVALID_OPCODE, 0);
		break;
	}
}

void scsi_emul_command(struct virtio_emul *e, struct scsi_emul *s,
		       struct scsi_emul_unit *u, u8 target,
		       struct emul_chain *c, const struct scsi_view *v,
		       struct virtio_emul_scsi_answer *a)
{
	const u8 *cdb = v->req.cdb;

	if (!(e->faults & EMUL_FAULT_SCSI_UA)) {
		for (unsigned int i = 0; i < VIRTIO_EMUL_SCSI_UNITS; i++)
			s->unit[i].ua_given = false;
	} else if (u && !u->ua_given && cdb[0] != SCSI_INQUIRY &&
		   cdb[0] != SCSI_REPORT_LUNS) {
		/* SPC-4 §5.14: INQUIRY and REPORT LUNS do not clear it */
		u->ua_given = true;
		check_condition(a, SCSI_SK_UNIT_ATTENTION,
				SCSI_ASC_RESET_OCCURRED, 0);
		a->residual = v->in + v->out;
		return;
	}
	a->residual = v->in + v->out;	/* nothing moved, unless said */
	switch (cdb[0]) {
	case SCSI_INQUIRY:
		inquiry(s, u, cdb, a);
		break;
	case SCSI_REPORT_LUNS:
		report_luns(e, s, target, cdb, a);
		break;
	case SCSI_REQUEST_SENSE:
		memset(s->data, 0, SENSE_FIXED_LEN);
		s->data[0] = SCSI_SENSE_FIXED_CURRENT;
		s->data[7] = SENSE_FIXED_LEN - 8;
		data_in(s, a, SENSE_FIXED_LEN, cdb[4]);
		break;
	default:
		if (!u) {
			a->response = VIRTIO_SCSI_S_INCORRECT_LUN;
			break;
		}
		if (cdb[0] == SCSI_TEST_UNIT_READY)
			test_unit_ready(s, u, a);
		else if (cdb[0] == SCSI_MODE_SENSE_6 || cdb[0] == 0x5a)
			mode_sense(s, u, cdb, a);
		else
			medium_command(e, s, u, c, v, a);
		break;
	}
	if (a->data)
		a->residual = v->in - a->data_len;
}
