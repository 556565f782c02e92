// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The NVMe model's commands, executed when they complete (nvme_emul.c
 * decides when): the admin commands of NVMe 2.0 §5 it knows - Identify
 * (CNS 0, 1, 2), Create and Delete I/O Submission and Completion Queue,
 * Get and Set Features (Number of Queues, Volatile Write Cache) - and the
 * NVM command set's Read, Write and Flush. Each returns the completion's
 * status with the command-specific codes the specification gives; DNR is
 * set where a retry cannot succeed. Data moves by PRPs, checked whole
 * before anything moves, so a refused transfer changes nothing.
 */
#include <byteorder.h>
#include <compiler.h>
#include <errno.h>
#include <string.h>
#include "nvme_emul_priv.h"


#define MODEL_NAME	"Ember sandbox NVMe"
#define FIRMWARE	"1.0"
#define SUBSYS_VENDOR	0x1af4	/* QEMU's */

static u16 generic(u8 sc)
{
	return NVME_STATUS(NVME_SCT_GENERIC, sc) | NVME_STATUS_DNR;
}

static u16 specific(u8 sc)
{
	return NVME_STATUS(NVME_SCT_CMD_SPECIFIC, sc) | NVME_STATUS_DNR;
}

/* A transfer the host's memory refused: worth retrying, so no DNR */
static u16 xfer_error(void)
{
	return NVME_STATUS(NVME_SCT_GENERIC, NVME_SC_DATA_XFER_ERROR);
}

static bool fault(struct nvme_emul *m, const struct nvme_emul_cmd *c,
		  u32 which)
{
	return c->faulty && (m->faults & which);
}

/* Space-padded ASCII, as Identify's strings are */
static void pad(char *dst, const char *src, size_t len)
{
	size_t n = strnlen(src, len);

	memcpy(dst, src, n);
	memset(dst + n, ' ', len - n);
}

static u16 to_host_piece(struct nvme_emul *m, u64 addr, u64 off, u32 n,
			 void *ctx)
{
	return nvme_emul_dma(m, addr, (u8 *)ctx + off, n, true) ?
	       xfer_error() : 0;
}

/* @len bytes of @buf to the command's data pointer */
static u16 send(struct nvme_emul *m, const struct nvme_sqe *s,
		const void *buf, u32 len)
{
	u64 prp1 = le64_to_cpu(s->prp1), prp2 = le64_to_cpu(s->prp2);
	u16 st = nvme_emul_prp(m, prp1, prp2, len, NULL, NULL);

	return st ? st : nvme_emul_prp(m, prp1, prp2, len, to_host_piece,
				       (void *)buf);
}

static void id_ctrl(struct nvme_emul *m, const struct nvme_emul_cmd *c,
		    struct nvme_id_ctrl *id)
{
	u32 nn = m->opts.nr_ns;

	if (fault(m, c, NVME_EMUL_FAULT_NN_ZERO))
		nn = 0;
	if (fault(m, c, NVME_EMUL_FAULT_NN_MAX))
		nn = 0xffffffff;
	id->vid = cpu_to_le16(0x1b36);
	id->ssvid = cpu_to_le16(SUBSYS_VENDOR);
	pad(id->sn, m->opts.serial, sizeof(id->sn));
	pad(id->mn, MODEL_NAME, sizeof(id->mn));
	pad(id->fr, FIRMWARE, sizeof(id->fr));
	id->mdts = m->opts.mdts;
	id->ver = cpu_to_le32(NVME_VS_1_4);
	id->sqes = NVME_SQE_SHIFT << 4 | NVME_SQE_SHIFT;
	id->cqes = NVME_CQE_SHIFT << 4 | NVME_CQE_SHIFT;
	id->nn = cpu_to_le32(nn);
	if (m->opts.vwc)
		id->vwc = NVME_CTRL_VWC_PRESENT | NVME_CTRL_VWC_FLUSH_ALL;
}

/*
 * The LBA formats offered: 512 and 4096 bytes, and the namespace's own
 * when it is neither; FLBAS picks the namespace's (so a driver that reads
 * format 0 regardless is caught)
 */
static void id_ns(struct nvme_emul *m, const struct nvme_emul_cmd *c,
		  unsigned int i, struct nvme_id_ns *id)
{
	u64 blocks = m->opts.ns[i].blocks;
	u8 lbads = m->opts.ns[i].lbads;
	u8 n = 2, used;

	id->lbaf[0].lbads = 9;
	id->lbaf[1].lbads = 12;
	used = lbads == 9 ? 0 : lbads == 12 ? 1 : n++;
	id->lbaf[used].lbads = lbads;
	if (fault(m, c, NVME_EMUL_FAULT_LBADS_SMALL))
		id->lbaf[used].lbads = 3;
	if (fault(m, c, NVME_EMUL_FAULT_LBADS_LARGE))
		id->lbaf[used].lbads = 40;
	if (fault(m, c, NVME_EMUL_FAULT_NSZE_ZERO))
		blocks = 0;
	id->nsze = cpu_to_le64(blocks);
	id->ncap = cpu_to_le64(blocks);
	id->nuse = cpu_to_le64(blocks);
	id->nlbaf = n - 1;
	id->flbas = used;
	if (m->opts.ns[i].wp)
		id->nsattr = NVME_NSATTR_WP;
}

static u16 identify(struct nvme_emul *m, const struct nvme_emul_cmd *c)
{
	union {
		struct nvme_id_ctrl ctrl;
		struct nvme_id_ns ns;
		__le32 list[NVME_ID_NS_LIST_MAX];
	} id;
	u32 nsid = le32_to_cpu(c->sqe.nsid);
	u8 cns = le32_to_cpu(c->sqe.cdw10) & 0xff;
	const u8 *page = nvme_emul_id_page(m, cns, nsid);
	unsigned int n = 0;

	if (page)	/* a test's (nvme_emul_tamper.c) */
		return send(m, &c->sqe, page, NVME_ID_SIZE);
	memset(&id, 0, sizeof(id));
	switch (cns) {
	case NVME_ID_CNS_NS:
		if (!nsid || nsid > m->opts.nr_ns)
			return generic(NVME_SC_INVALID_NS);
		id_ns(m, c, nsid - 1, &id.ns);
		break;
	case NVME_ID_CNS_CTRL:
		id_ctrl(m, c, &id.ctrl);
		break;
	case NVME_ID_CNS_NS_LIST:
		/* Active NSIDs above @nsid, ascending */
		if (nsid >= NVME_NSID_ALL - 1)
			return generic(NVME_SC_INVALID_NS);
		for (u32 i = nsid + 1; i <= m->opts.nr_ns; i++)
			id.list[n++] = cpu_to_le32(i);
		break;
	default:
		return generic(NVME_SC_INVALID_FIELD);
	}
	return send(m, &c->sqe, &id, sizeof(id));
}

/* What every queue creation checks alike; Return: a status */
static u16 queue_ok(struct nvme_emul *m, const struct nvme_sqe *s,
		    u32 entry_shift, u32 cc_shift, const char *what)
{
	u32 size = (le32_to_cpu(s->cdw10) >> 16) + 1;

	if (size < 2 || size > m->opts.mqes + 1U)
		return specific(NVME_SC_QSIZE_INVALID);
	if (!(le32_to_cpu(s->cdw11) & NVME_QUEUE_PC))
		return generic(NVME_SC_INVALID_FIELD);	/* CAP.CQR */
	if (cc_shift != entry_shift) {
		nvme_emul_violation(m, what, false);
		return generic(NVME_SC_INVALID_FIELD);
	}
	if (le64_to_cpu(s->prp1) & (m->page_size - 1)) {
		nvme_emul_violation(m, "an I/O queue not page aligned", true);
		return generic(NVME_SC_PRP_OFFSET_INVALID);
	}
	return 0;
}

static u16 create_cq(struct nvme_emul *m, const struct nvme_sqe *s)
{
	u32 cdw10 = le32_to_cpu(s->cdw10), cdw11 = le32_to_cpu(s->cdw11);
	u16 qid = cdw10 & 0xffff;
	u16 st;

	if (!qid || qid > m->ncqa || m->cq[qid].size)
		return specific(NVME_SC_QID_INVALID);
	/* No MSI-X: pin-based interrupts use vector 0 only */
	if (cdw11 & NVME_CQ_IEN && cdw11 >> 16)
		return specific(NVME_SC_INVALID_VECTOR);
	st = queue_ok(m, s, NVME_CQE_SHIFT, NVME_CC_IOCQES_OF(m->cc),
		      "an I/O CQ created while CC.IOCQES is not 4");
	if (st)
		return st;
	m->cq[qid] = (struct nvme_emul_queue){
		.base = le64_to_cpu(s->prp1),
		.size = (cdw10 >> 16) + 1,
		.phase = true,
	};
	return 0;
}

static u16 create_sq(struct nvme_emul *m, const struct nvme_sqe *s)
{
	u32 cdw10 = le32_to_cpu(s->cdw10);
	u16 qid = cdw10 & 0xffff, cqid = le32_to_cpu(s->cdw11) >> 16;
	u16 st;

	if (!qid || qid > m->nsqa || m->sq[qid].size)
		return specific(NVME_SC_QID_INVALID);
	if (!cqid || cqid >= NVME_EMUL_QUEUES || !m->cq[cqid].size)
		return specific(NVME_SC_CQ_INVALID);
	st = queue_ok(m, s, NVME_SQE_SHIFT, NVME_CC_IOSQES_OF(m->cc),
		      "an I/O SQ created while CC.IOSQES is not 6");
	if (st)
		return st;
	m->sq[qid] = (struct nvme_emul_queue){
		.base = le64_to_cpu(s->prp1),
		.size = (cdw10 >> 16) + 1,
		.cqid = cqid,
	};
	m->cq[cqid].sqs++;
	return 0;
}

static u16 delete_queue(struct nvme_emul *m, const struct nvme_sqe *s,
			bool cq)
{
	u16 qid = le32_to_cpu(s->cdw10) & 0xffff;
	struct nvme_emul_queue *q = cq ? &m->cq[qid] : &m->sq[qid];

	if (!qid || qid >= NVME_EMUL_QUEUES || !q->size)
		return specific(NVME_SC_QID_INVALID);
	if (cq && q->sqs)
		return specific(NVME_SC_QDEL_INVALID);
	if (!cq) {
		nvme_emul_abort_sq(m, qid);
		m->cq[q->cqid].sqs--;
	}
	memset(q, 0, sizeof(*q));
	return 0;
}

static bool io_queues_exist(struct nvme_emul *m)
{
	for (unsigned int q = 1; q < NVME_EMUL_QUEUES; q++) {
		if (m->sq[q].size || m->cq[q].size)
			return true;
	}
	return false;
}

/* Number of Queues, as completion dword 0 has it: both 0-based */
static u32 num_queues(u16 nsq, u16 ncq)
{
	return (u32)(ncq - 1) << 16 | (nsq - 1);
}

static u16 set_features(struct nvme_emul *m, const struct nvme_sqe *s,
			u32 *dw0p)
{
	u32 cdw10 = le32_to_cpu(s->cdw10), cdw11 = le32_to_cpu(s->cdw11);
	u32 nsq = (cdw11 & 0xffff) + 1, ncq = (cdw11 >> 16) + 1;

	switch (NVME_FEAT_FID(cdw10)) {
	case NVME_FEAT_NUM_QUEUES:
		if (cdw10 & NVME_FEAT_SV)
			return specific(NVME_SC_FEAT_NOT_SAVEABLE);
		if (nsq > 0xffff || ncq > 0xffff)
			return generic(NVME_SC_INVALID_FIELD);
		if (io_queues_exist(m))
			return generic(NVME_SC_CMD_SEQ_ERROR);
		m->nsqa = min_t(u32, nsq, m->opts.io_queues);
		m->ncqa = min_t(u32, ncq, m->opts.io_queues);
		*dw0p = num_queues(m->nsqa, m->ncqa);
		return 0;
	case NVME_FEAT_VWC:
		if (!m->opts.vwc)
			return generic(NVME_SC_INVALID_FIELD);
		if (cdw10 & NVME_FEAT_SV)
			return specific(NVME_SC_FEAT_NOT_SAVEABLE);
		m->wce = cdw11 & 1;
		return 0;
	default:
		return generic(NVME_SC_INVALID_FIELD);
	}
}

/* SEL: 0 current, 1 default, 2 saved (the default), 3 capabilities */
static u16 get_features(struct nvme_emul *m, const struct nvme_sqe *s,
			u32 *dw0p)
{
	u32 cdw10 = le32_to_cpu(s->cdw10);
	u32 sel = NVME_FEAT_SEL(cdw10);
	u16 io = m->opts.io_queues;

	if (sel > 3)
		return generic(NVME_SC_INVALID_FIELD);
	switch (NVME_FEAT_FID(cdw10)) {
	case NVME_FEAT_NUM_QUEUES:
		*dw0p = sel == 3 ? 4 : sel ? num_queues(io, io) :
			num_queues(m->nsqa, m->ncqa);
		return 0;
	case NVME_FEAT_VWC:
		if (!m->opts.vwc)
			return generic(NVME_SC_INVALID_FIELD);
		*dw0p = sel == 3 ? 4 : sel ? 1 : m->wce;
		return 0;
	default:
		return generic(NVME_SC_INVALID_FIELD);
	}
}

u16 nvme_emul_admin(struct nvme_emul *m, struct nvme_emul_cmd *c, u32 *dw0p)
{
	const struct nvme_sqe *s = &c->sqe;

	switch (s->opcode) {
	case NVME_ADMIN_DELETE_SQ:
	case NVME_ADMIN_CREATE_SQ:
	case NVME_ADMIN_DELETE_CQ:
	case NVME_ADMIN_CREATE_CQ:
	case NVME_ADMIN_IDENTIFY:
	case NVME_ADMIN_SET_FEATURES:
	case NVME_ADMIN_GET_FEATURES:
		break;
	default:
		return generic(NVME_SC_INVALID_OPCODE);
	}
	/* No fused operations, no SGLs */
	if (s->flags & (NVME_SQE_FUSE_MASK | NVME_SQE_PSDT_MASK))
		return generic(NVME_SC_INVALID_FIELD);
	switch (s->opcode) {
	case NVME_ADMIN_DELETE_SQ:
		return delete_queue(m, s, false);
	case NVME_ADMIN_CREATE_SQ:
		return create_sq(m, s);
	case NVME_ADMIN_DELETE_CQ:
		return delete_queue(m, s, true);
	case NVME_ADMIN_CREATE_CQ:
		return create_cq(m, s);
	case NVME_ADMIN_IDENTIFY:
		return identify(m, c);
	case NVME_ADMIN_SET_FEATURES:
		return set_features(m, s, dw0p);
	default:
		return get_features(m, s, dw0p);
	}
}

/* A Read's or Write's place: namespace, byte offset, direction */
struct rw_ctx {
	unsigned int ns;
	u64 pos;
	bool read;
};

static u16 rw_piece(struct nvme_emul *m, u64 addr, u64 off, u32 n,
		    void *ctx)
{
	struct rw_ctx *rw = ctx;
	int ret = nvme_emul_ns_dma(m, rw->ns, rw->pos + off, addr, n,
				   rw->read);

	if (ret == -EFAULT)
		return xfer_error();
	if (ret)
		return NVME_STATUS(NVME_SCT_MEDIA, rw->read ?
				   NVME_SC_READ_ERROR : NVME_SC_WRITE_FAULT);
	return 0;
}

static u16 read_write(struct nvme_emul *m, const struct nvme_emul_cmd *c)
{
	const struct nvme_sqe *s = &c->sqe;
	u32 nsid = le32_to_cpu(s->nsid);
	u64 slba = le32_to_cpu(s->cdw10) | (u64)le32_to_cpu(s->cdw11) << 32;
	u64 nlb = (le32_to_cpu(s->cdw12) & 0xffff) + 1, blocks, len;
	u64 prp1 = le64_to_cpu(s->prp1), prp2 = le64_to_cpu(s->prp2);
	struct rw_ctx rw = { .read = s->opcode == NVME_CMD_READ };
	u8 lbads, mdts = nvme_emul_mdts(m);
	u16 st;

	if (!nsid || nsid > m->opts.nr_ns)
		return generic(NVME_SC_INVALID_NS);
	rw.ns = nsid - 1;
	/* As Identify Namespace said, the model's page or a test's */
	if (!nvme_emul_ns_geometry(m, rw.ns, &lbads, &blocks))
		return generic(NVME_SC_INVALID_FIELD);
	if (slba >= blocks || nlb > blocks - slba)
		return generic(NVME_SC_LBA_RANGE);
	len = nlb << lbads;
	rw.pos = slba << lbads;
	if (mdts && len > (u64)NVME_PAGE_SIZE << mdts) {
		nvme_emul_violation(m, "a transfer larger than MDTS", true);
		return generic(NVME_SC_INVALID_FIELD);
	}
	st = nvme_emul_prp(m, prp1, prp2, len, NULL, NULL);
	if (st)
		return st;
	if (!rw.read && m->opts.ns[rw.ns].wp)
		return generic(NVME_SC_NS_WRITE_PROTECTED);
	if (fault(m, c, rw.read ? NVME_EMUL_FAULT_READ_ERROR :
				  NVME_EMUL_FAULT_WRITE_FAULT))
		return NVME_STATUS(NVME_SCT_MEDIA, rw.read ?
				   NVME_SC_READ_ERROR : NVME_SC_WRITE_FAULT);
	st = nvme_emul_prp(m, prp1, prp2, len, rw_piece, &rw);
	if (rw.read)
		m->stats.bytes_read += st ? 0 : len;
	else
		m->stats.bytes_written += st ? 0 : len;
	if (!st)
		m->stats.max_xfer = max_t(u64, m->stats.max_xfer, len);
	return st;
}

/* Flush: one namespace, or all of them where VWC says it may */
static u16 flush(struct nvme_emul *m, u32 nsid)
{
	if (nsid == NVME_NSID_ALL && m->opts.vwc)
		return 0;
	if (!nsid || nsid > m->opts.nr_ns)
		return generic(NVME_SC_INVALID_NS);
	return 0;	/* pwrite()s are in the host's cache already */
}

u16 nvme_emul_io(struct nvme_emul *m, struct nvme_emul_cmd *c, u32 *dw0p)
{
	const struct nvme_sqe *s = &c->sqe;

	if (s->opcode != NVME_CMD_FLUSH && s->opcode != NVME_CMD_READ &&
	    s->opcode != NVME_CMD_WRITE)
		return generic(NVME_SC_INVALID_OPCODE);
	if (s->flags & (NVME_SQE_FUSE_MASK | NVME_SQE_PSDT_MASK))
		return generic(NVME_SC_INVALID_FIELD);
	if (s->opcode == NVME_CMD_FLUSH)
		return flush(m, le32_to_cpu(s->nsid));
	return read_write(m, c);
}
