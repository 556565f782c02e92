// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The NVMe model's commands on their way through the controller: taken
 * from a SQ when its tail doorbell moves (copied: the host may reuse the
 * slot), held in the table of commands in flight, then executed
 * (nvme_emul_cmd.c) and completed - at the doorbell write by default, or
 * at a later poll with a completion delay, the ones due at a poll oldest
 * first or, reversed, newest first. A completion waits while its CQ is
 * full: an entry is only written where the host's head doorbell released
 * it, with the phase tag of the lap, the status word last - unless a
 * test's lie (nvme_emul_tamper.c) changes it, writes it twice or not at
 * all.
 */
#include <byteorder.h>
#include <compiler.h>
#include <errno.h>
#include <string.h>
#include "nvme_emul_priv.h"

#define NVME_EMUL_COPIES	4	/* writes of an entry, duplicates too */

struct nvme_emul_cmd *nvme_emul_find(struct nvme_emul *m, u16 sqid, u16 cid)
{
	for (unsigned int i = 0; i < NVME_EMUL_PENDING; i++) {
		struct nvme_emul_cmd *c = &m->cmd[i];

		if (c->used && c->sqid == sqid && le16_to_cpu(c->sqe.cid) == cid)
			return c;
	}
	return NULL;
}

bool nvme_emul_outstanding(struct nvme_emul *m, u16 sqid, u16 cid)
{
	return nvme_emul_find(m, sqid, cid);
}

static bool cq_full(const struct nvme_emul_queue *cq)
{
	return (cq->tail + 1) % cq->size == cq->head;
}

/* NVME_EMUL_FAULT_BAD_CID: a CID not outstanding on SQ @sqid */
static u16 stray_cid(struct nvme_emul *m, u16 sqid, u16 cid)
{
	u16 v = cid ^ 0x8000;

	while (nvme_emul_outstanding(m, sqid, v))
		v++;
	return v;
}

/*
 * @c's completion entry as the model makes it, with @cq's phase tag; then
 * the test's lies for it. Return: the lies left to act on (NVME_EMUL_LIE)
 */
static u32 make_entry(struct nvme_emul *m, struct nvme_emul_cmd *c,
		      struct nvme_emul_queue *cq, u16 status, u32 dw0,
		      struct nvme_cqe *e)
{
	u16 cid = le16_to_cpu(c->sqe.cid), sqid = c->sqid;

	if (c->faulty && (m->faults & NVME_EMUL_FAULT_WRONG_SQID))
		sqid++;
	if (c->faulty && (m->faults & NVME_EMUL_FAULT_BAD_CID))
		cid = stray_cid(m, c->sqid, cid);
	memset(e, 0, sizeof(*e));
	e->dw0 = cpu_to_le32(dw0);
	e->sq_head = cpu_to_le16(m->sq[c->sqid].head);
	e->sq_id = cpu_to_le16(sqid);
	e->cid = cpu_to_le16(cid);
	e->status = cpu_to_le16(status | (cq->phase ? NVME_CQE_PHASE : 0));
	return nvme_emul_lie(m, c, status, e);
}

/* Write @e at @cq's tail (it has room), the status word last: 0/-EFAULT */
static int write_entry(struct nvme_emul *m, struct nvme_emul_queue *cq,
		       const struct nvme_cqe *e)
{
	u64 at = cq->base + ((u64)cq->tail << NVME_CQE_SHIFT);

	if (nvme_emul_dma(m, at, (void *)e, offsetof(struct nvme_cqe, status),
			  true) ||
	    nvme_emul_dma(m, at + offsetof(struct nvme_cqe, status),
			  (void *)&e->status, sizeof(e->status), true)) {
		m->csts |= NVME_CSTS_CFS;	/* its CQ is out of reach */
		return -EFAULT;
	}
	if (++cq->tail == cq->size) {
		cq->tail = 0;
		cq->phase = !cq->phase;
	}
	cq->full = false;
	m->stats.completions++;
	return 0;
}

/*
 * Write @c's completion (its CQ has room), or what the test's lies make
 * of it: a duplicate is the entry made again (with the lies for its own
 * number), written while the CQ has room, NVME_EMUL_COPIES at most
 */
static void post(struct nvme_emul *m, struct nvme_emul_cmd *c, u16 status,
		 u32 dw0)
{
	struct nvme_emul_queue *cq = &m->cq[m->sq[c->sqid].cqid];
	struct nvme_cqe e;

	for (int copy = 0; copy < NVME_EMUL_COPIES; copy++) {
		u32 lies = make_entry(m, c, cq, status, dw0, &e);

		if (lies & NVME_EMUL_LIE(CFS))
			m->csts |= NVME_CSTS_CFS;
		if (lies & (NVME_EMUL_LIE(CFS) | NVME_EMUL_LIE(DROP)))
			break;
		if (lies & NVME_EMUL_LIE(PHASE))
			e.status ^= cpu_to_le16(NVME_CQE_PHASE);
		if (write_entry(m, cq, &e) || !(lies & NVME_EMUL_LIE(DUP)) ||
		    cq_full(cq))
			break;
	}
	if (status) {
		m->stats.errors++;
		m->stats.last_status = status;
		m->stats.last_opcode = c->sqe.opcode;
		m->stats.last_sqid = c->sqid;
	}
}

static void retire(struct nvme_emul *m, struct nvme_emul_cmd *c)
{
	c->used = false;
	m->inflight--;
}

void nvme_emul_abort_sq(struct nvme_emul *m, u16 qid)
{
	struct nvme_emul_queue *cq = &m->cq[m->sq[qid].cqid];

	for (unsigned int i = 0; i < NVME_EMUL_PENDING; i++) {
		struct nvme_emul_cmd *c = &m->cmd[i];

		if (!c->used || c->sqid != qid)
			continue;
		if (!cq_full(cq))
			post(m, c, NVME_STATUS(NVME_SCT_GENERIC,
					       NVME_SC_ABORT_SQ_DELETED), 0);
		retire(m, c);
	}
}

/*
 * A command taken: note it. Its CID must not be in flight on its SQ
 * already (§4.2: else it ends Command ID Conflict, unexecuted).
 */
static void accept(struct nvme_emul *m, struct nvme_emul_cmd *c, u16 qid)
{
	struct nvme_emul_cmd *old = nvme_emul_find(m, qid,
						   le16_to_cpu(c->sqe.cid));

	c->conflict = old != NULL;
	/* Not the host's fault when a forged completion named the old one */
	if (old && !old->named)
		nvme_emul_violation(m, "a CID already outstanding on its SQ",
				    false);
	c->named = false;
	c->used = true;
	c->sqid = qid;
	c->seq = m->seq++;
	c->due = m->polls + m->opts.cpl_delay;
	c->faulty = m->taken >= m->fault_after &&
		    (qid || !(m->faults & NVME_EMUL_FAULT_IO_ONLY));
	m->taken++;
	m->inflight++;
	m->stats.commands++;
	(qid ? m->stats.io : m->stats.admin)[c->sqe.opcode]++;
	m->stats.max_inflight = max(m->stats.max_inflight, m->inflight);
	if (c->faulty && (m->faults & NVME_EMUL_FAULT_CFS))
		m->csts |= NVME_CSTS_CFS;
}

static struct nvme_emul_cmd *free_slot(struct nvme_emul *m)
{
	for (unsigned int i = 0; i < NVME_EMUL_PENDING; i++) {
		if (!m->cmd[i].used)
			return &m->cmd[i];
	}
	return NULL;
}

/* Take the entries SQ @qid holds, while there is room for them */
static void take(struct nvme_emul *m, u16 qid)
{
	struct nvme_emul_queue *sq = &m->sq[qid];
	struct nvme_emul_cmd *c;

	while (sq->size && sq->head != sq->tail && nvme_emul_running(m) &&
	       (c = free_slot(m))) {
		if (nvme_emul_dma(m, sq->base + ((u64)sq->head << NVME_SQE_SHIFT),
				  &c->sqe, sizeof(c->sqe), false)) {
			m->csts |= NVME_CSTS_CFS;	/* its SQ is out of reach */
			return;
		}
		sq->head = (sq->head + 1) % sq->size;
		accept(m, c, qid);
	}
}

/* A due command whose CQ has room: the oldest, or with @reverse the newest */
static struct nvme_emul_cmd *next_due(struct nvme_emul *m)
{
	struct nvme_emul_cmd *best = NULL;

	for (unsigned int i = 0; i < NVME_EMUL_PENDING; i++) {
		struct nvme_emul_cmd *c = &m->cmd[i];
		struct nvme_emul_queue *cq = &m->cq[m->sq[c->sqid].cqid];

		if (!c->used || (s32)(m->polls - c->due) < 0 ||
		    (c->faulty && (m->faults & NVME_EMUL_FAULT_SILENT)))
			continue;
		if (cq_full(cq)) {
			m->stats.cq_full += !cq->full;
			cq->full = true;
			continue;
		}
		if (!best || (m->opts.reverse ? c->seq > best->seq :
						c->seq < best->seq))
			best = c;
	}
	return best;
}

/* Execute and complete what is due; Return: how many */
static int complete_due(struct nvme_emul *m)
{
	struct nvme_emul_cmd *c;
	int n = 0;

	while (nvme_emul_running(m) && (c = next_due(m))) {
		u32 dw0 = 0;
		u16 st;

		if (c->conflict)
			st = NVME_STATUS(NVME_SCT_GENERIC,
					 NVME_SC_CMDID_CONFLICT) |
			     NVME_STATUS_DNR;
		else if (c->sqid)
			st = nvme_emul_io(m, c, &dw0);
		else
			st = nvme_emul_admin(m, c, &dw0);
		if (c->used) {		/* Delete SQ may have aborted it */
			post(m, c, st, dw0);
			retire(m, c);
		}
		n++;
	}
	return n;
}

/*
 * Take what the SQs hold and complete what is due, until nothing more
 * is; from a doorbell write only with neither a delay nor a reversed order
 */
void nvme_emul_run(struct nvme_emul *m, bool from_poll)
{
	bool now = from_poll || (!m->opts.cpl_delay && !m->opts.reverse);

	do {
		for (u16 q = 0; q < NVME_EMUL_QUEUES; q++)
			take(m, q);
	} while (now && m->inflight && complete_due(m));
}
