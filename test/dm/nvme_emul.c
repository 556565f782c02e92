// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The sandbox's NVMe controller model (drivers/block/emul/nvme_emul*.c,
 * asm/nvme_emul.h) driven by hand, straight from NVMe 2.0, with no
 * driver: the function "nvme" of dts/sandbox.dts (00:0a.0), its BAR 0
 * written and read here, queues and buffers in DMA memory. Enable with
 * the admin queues, Identify, queue creation and its errors, Write and
 * Read with PRP lists (one chained), PRPs and addresses refused, the CQ
 * phase across wraps and a full CQ, completions late and reversed, the
 * faults, and the lies a test can ask for (Identify pages, completion
 * entries changed). It is the model's own check; the driver's tests are
 * elsewhere. After every DM test, no NVMe model may have seen a broken
 * rule (the UT_CHECK below); a test that breaks one on purpose clears
 * the statistics.
 */
#include <asm/io.h>
#include <asm/nvme_emul.h>
#include <byteorder.h>
#include <dm.h>
#include <errno.h>
#include <heap.h>
#include <nvme.h>
#include <pci.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>
#include <time.h>

#define MODEL		"nvme"
#define PS		NVME_PAGE_SIZE
#define MEM_SIZE	(48 * PS)
/* Pages of the test's DMA memory */
#define ASQ_PG		0
#define ACQ_PG		1
#define IOSQ_PG		2
#define IOCQ_PG		3
#define LIST_PG		4	/* and 5: PRP list pages */
#define ID_PG		6
#define WBUF_PG		8	/* 16 pages written from */
#define RBUF_PG		24	/* 16 pages read into */
#define MAX_POLLS	1000

#define ST(sct, sc)	NVME_STATUS(NVME_SCT_##sct, NVME_SC_##sc)

/**
 * struct rig - the controller as a hand-written driver holds it: queue
 * index 0 the admin pair, 1 the I/O pair (QID 1)
 */
struct rig {
	struct udevice *emul;
	struct udevice *fn;
	u8 *regs;
	u8 *mem;
	struct nvme_emul_stats *stats;
	u32 sq_tail[2], sq_size[2];
	u32 cq_head[2], cq_size[2];
	bool phase[2];
	u16 cid;
	struct nvme_cqe cqe;	/* the last completion */
};

static u8 *page(struct rig *r, int pg)
{
	return r->mem + pg * PS;
}

static u64 bus(const void *p)
{
	return map_to_sysmem(p);
}

/* The function, decoding and mastering, with no driver holding it */
static int rig_start(struct unit_test_state *uts, struct rig *r)
{
	void *regs;

	memset(r, 0, sizeof(*r));
	r->emul = sandbox_nvme_emul_get(MODEL);
	ut_assertnonnull(r->emul);
	ut_assertok(sandbox_nvme_emul_function(r->emul, &r->fn));
	if (device_active(r->fn))
		ut_assertok(device_remove(r->fn));
	ut_assertok(dm_pci_clrset_config16(r->fn, PCI_COMMAND, 0,
					   PCI_COMMAND_MEMORY |
					   PCI_COMMAND_MASTER));
	ut_assertok(dm_pci_map_bar(r->fn, 0, 0, NVME_REG_DBS + 0x100, &regs));
	r->regs = regs;
	r->mem = dma_alloc(MEM_SIZE, PS);
	ut_assertnonnull(r->mem);
	memset(r->mem, 0, MEM_SIZE);
	r->stats = sandbox_nvme_emul_stats(r->emul);
	memset(r->stats, 0, sizeof(*r->stats));
	return 0;
}

static void rig_stop(struct rig *r)
{
	writel(0, r->regs + NVME_REG_CC);
	for (int i = 0; i < MAX_POLLS && readl(r->regs + NVME_REG_CSTS) &
	     NVME_CSTS_RDY; i++)
		cpu_relax();
	dma_free(r->mem);
}

/* Polls until CSTS.RDY is @rdy; Return: how many, or -ETIMEDOUT */
static int wait_ready(struct rig *r, bool rdy)
{
	for (int i = 0; i < MAX_POLLS; i++) {
		if (!!(readl(r->regs + NVME_REG_CSTS) & NVME_CSTS_RDY) == rdy)
			return i;
		cpu_relax();
	}
	return -ETIMEDOUT;
}

/* §3.5.1: admin queues of @sqn and @cqn entries, then CC.EN */
static void enable(struct rig *r, u32 sqn, u32 cqn)
{
	/* Fresh queues: no stale entry may look posted */
	memset(page(r, ASQ_PG), 0, 4 * PS);
	memset(r->sq_tail, 0, sizeof(r->sq_tail));
	memset(r->cq_head, 0, sizeof(r->cq_head));
	writel(NVME_AQA(sqn, cqn), r->regs + NVME_REG_AQA);
	writeq(bus(page(r, ASQ_PG)), r->regs + NVME_REG_ASQ);
	writeq(bus(page(r, ACQ_PG)), r->regs + NVME_REG_ACQ);
	r->sq_size[0] = sqn;
	r->cq_size[0] = cqn;
	r->phase[0] = true;
	writel(NVME_CC_EN | NVME_CC_IOSQES(NVME_SQE_SHIFT) |
	       NVME_CC_IOCQES(NVME_CQE_SHIFT), r->regs + NVME_REG_CC);
}

static int start(struct unit_test_state *uts, struct rig *r)
{
	ut_assertok(rig_start(uts, r));
	enable(r, 8, 8);
	ut_assert(wait_ready(r, true) >= 0);
	return 0;
}

static u8 *sq_mem(struct rig *r, int q)
{
	return page(r, q ? IOSQ_PG : ASQ_PG);
}

static struct nvme_cqe *cq_entry(struct rig *r, int q, u32 i)
{
	return (struct nvme_cqe *)page(r, q ? IOCQ_PG : ACQ_PG) + i;
}

/* Put @s in queue @q's next slot (with the next CID); ring when @ring */
static u16 submit(struct rig *r, int q, struct nvme_sqe *s, bool ring)
{
	s->cid = cpu_to_le16(++r->cid);
	memcpy(sq_mem(r, q) + (r->sq_tail[q] << NVME_SQE_SHIFT), s,
	       sizeof(*s));
	r->sq_tail[q] = (r->sq_tail[q] + 1) % r->sq_size[q];
	if (ring)
		writel(r->sq_tail[q], r->regs + NVME_SQ_TDBL(q, 0));
	return r->cid;
}

static bool posted(struct rig *r, int q)
{
	u16 st = le16_to_cpu(READ_ONCE(cq_entry(r, q, r->cq_head[q])->status));

	return (st & NVME_CQE_PHASE) == r->phase[q];
}

/* The next completion of queue @q into r->cqe, its head released */
static int reap(struct rig *r, int q)
{
	int i;

	for (i = 0; i < MAX_POLLS && !posted(r, q); i++)
		cpu_relax();
	if (i == MAX_POLLS)
		return -ETIMEDOUT;
	r->cqe = *cq_entry(r, q, r->cq_head[q]);
	if (++r->cq_head[q] == r->cq_size[q]) {
		r->cq_head[q] = 0;
		r->phase[q] = !r->phase[q];
	}
	writel(r->cq_head[q], r->regs + NVME_CQ_HDBL(q, 0));
	return 0;
}

/* Submit @s and wait: its status without phase and DNR, or 0xffff */
static u16 run(struct rig *r, int q, struct nvme_sqe *s)
{
	u16 cid = submit(r, q, s, true);

	if (reap(r, q) || le16_to_cpu(r->cqe.cid) != cid)
		return 0xffff;
	return le16_to_cpu(r->cqe.status) & ~(NVME_CQE_PHASE | NVME_STATUS_DNR);
}

static u16 identify(struct rig *r, u32 cns, u32 nsid)
{
	struct nvme_sqe s = {
		.opcode = NVME_ADMIN_IDENTIFY,
		.nsid = cpu_to_le32(nsid),
		.prp1 = cpu_to_le64(bus(page(r, ID_PG))),
		.cdw10 = cpu_to_le32(cns),
	};

	return run(r, 0, &s);
}

static u16 create(struct rig *r, u8 op, u16 qid, u32 size, u32 cdw11)
{
	struct nvme_sqe s = {
		.opcode = op,
		.prp1 = cpu_to_le64(bus(page(r, op == NVME_ADMIN_CREATE_SQ ?
					     IOSQ_PG : IOCQ_PG))),
		.cdw10 = cpu_to_le32(NVME_QUEUE_CDW10(qid, size)),
		.cdw11 = cpu_to_le32(cdw11),
	};

	return run(r, 0, &s);
}

static u16 admin(struct rig *r, u8 op, u32 cdw10, u32 cdw11)
{
	struct nvme_sqe s = {
		.opcode = op,
		.cdw10 = cpu_to_le32(cdw10),
		.cdw11 = cpu_to_le32(cdw11),
	};

	return run(r, 0, &s);
}

/* I/O queue pair 1: a CQ of @cqn entries, a SQ of @sqn */
static int io_queues(struct unit_test_state *uts, struct rig *r, u32 sqn,
		     u32 cqn)
{
	ut_asserteq(0, create(r, NVME_ADMIN_CREATE_CQ, 1, cqn, NVME_QUEUE_PC));
	ut_asserteq(0, create(r, NVME_ADMIN_CREATE_SQ, 1, sqn,
			      NVME_QUEUE_PC | NVME_SQ_CQID(1)));
	r->sq_size[1] = sqn;
	r->cq_size[1] = cqn;
	r->phase[1] = true;
	return 0;
}

/*
 * PRPs for @len bytes at @addr (host pages of 4 KiB), a list in the list
 * pages from @list_off when more than two pages are needed
 */
static void prps(struct rig *r, u64 addr, u32 len, u32 list_off,
		 struct nvme_sqe *s)
{
	u64 first = PS - (addr & (PS - 1)), next = (addr | (PS - 1)) + 1;
	__le64 *list = (__le64 *)(page(r, LIST_PG) + list_off);

	s->prp1 = cpu_to_le64(addr);
	if (len <= first)
		return;
	if (len - first <= PS) {
		s->prp2 = cpu_to_le64(next);
		return;
	}
	s->prp2 = cpu_to_le64(bus(list));
	for (u32 i = 0; first + i * PS < len; i++)
		list[i] = cpu_to_le64(next + i * PS);
}

static void rw_cmd(struct nvme_sqe *s, u8 op, u32 nsid, u64 lba, u32 n)
{
	memset(s, 0, sizeof(*s));
	s->opcode = op;
	s->nsid = cpu_to_le32(nsid);
	s->cdw10 = cpu_to_le32((u32)lba);
	s->cdw11 = cpu_to_le32(lba >> 32);
	s->cdw12 = cpu_to_le32(n - 1);
}

static void pattern(u8 *p, u32 len, u8 seed)
{
	for (u32 i = 0; i < len; i++)
		p[i] = (u8)(i * 7 + (i >> 9) + seed);
}

static int nvme_emul_test_identify(struct unit_test_state *uts)
{
	struct nvme_id_ctrl *ctrl;
	struct nvme_id_ns *ns;
	__le32 *list;
	struct rig r;
	u64 cap;

	ut_assertok(rig_start(uts, &r));
	cap = readq(r.regs + NVME_REG_CAP);
	ut_asserteq(255, NVME_CAP_MQES(cap));
	ut_assert(cap & NVME_CAP_CQR);
	ut_assert(cap & NVME_CAP_CSS_NVM);
	ut_asserteq(2, NVME_CAP_TO(cap));
	ut_asserteq(0, NVME_CAP_DSTRD(cap));
	ut_asserteq(0, NVME_CAP_MPSMIN(cap));
	ut_asserteq(4, NVME_CAP_MPSMAX(cap));
	ut_asserteq((u32)cap, readl(r.regs + NVME_REG_CAP));
	ut_asserteq(NVME_VS_1_4, readl(r.regs + NVME_REG_VS));
	/* Ready only after a few polls (ember,ready-delay) */
	enable(&r, 8, 8);
	ut_asserteq(0, readl(r.regs + NVME_REG_CSTS) & NVME_CSTS_RDY);
	ut_assert(wait_ready(&r, true) > 0);
	ut_asserteq(1, r.stats->enables);

	ut_asserteq(0, identify(&r, NVME_ID_CNS_CTRL, 0));
	ctrl = (struct nvme_id_ctrl *)page(&r, ID_PG);
	ut_asserteq(0x1b36, le16_to_cpu(ctrl->vid));
	ut_asserteq_mem("EMBER-NVME-10.0     ", ctrl->sn, 20);
	ut_asserteq_mem("Ember sandbox NVMe  ", ctrl->mn, 20);
	ut_asserteq(5, ctrl->mdts);
	ut_asserteq(2, le32_to_cpu(ctrl->nn));
	ut_asserteq(NVME_CTRL_VWC_PRESENT | NVME_CTRL_VWC_FLUSH_ALL, ctrl->vwc);
	ut_asserteq(0x66, ctrl->sqes);
	ut_asserteq(0x44, ctrl->cqes);
	/* Namespace 1: 512-byte blocks; 2: 4096, format 1 in use */
	ns = (struct nvme_id_ns *)page(&r, ID_PG);
	ut_asserteq(0, identify(&r, NVME_ID_CNS_NS, 1));
	ut_asserteq(8192, le64_to_cpu(ns->nsze));
	ut_asserteq(9, ns->lbaf[NVME_NS_FLBAS_INDEX(ns->flbas)].lbads);
	ut_asserteq(0, identify(&r, NVME_ID_CNS_NS, 2));
	ut_asserteq(1024, le64_to_cpu(ns->ncap));
	ut_asserteq(1, NVME_NS_FLBAS_INDEX(ns->flbas));
	ut_asserteq(12, ns->lbaf[1].lbads);
	list = (__le32 *)page(&r, ID_PG);
	ut_asserteq(0, identify(&r, NVME_ID_CNS_NS_LIST, 0));
	ut_asserteq(1, le32_to_cpu(list[0]));
	ut_asserteq(2, le32_to_cpu(list[1]));
	ut_asserteq(0, le32_to_cpu(list[2]));
	ut_asserteq(0, identify(&r, NVME_ID_CNS_NS_LIST, 1));
	ut_asserteq(2, le32_to_cpu(list[0]));
	ut_asserteq(0, le32_to_cpu(list[1]));
	/* What it refuses */
	ut_asserteq(ST(GENERIC, INVALID_NS), identify(&r, NVME_ID_CNS_NS, 3));
	ut_asserteq(ST(GENERIC, INVALID_NS), identify(&r, NVME_ID_CNS_NS, 0));
	ut_asserteq(ST(GENERIC, INVALID_FIELD), identify(&r, 0x55, 0));
	ut_asserteq(ST(GENERIC, INVALID_OPCODE), admin(&r, 0x7f, 0, 0));
	ut_asserteq(4, r.stats->errors);
	ut_asserteq(8, r.stats->admin[NVME_ADMIN_IDENTIFY]);
	/* CC.EN cleared: RDY follows, a few polls later */
	writel(0, r.regs + NVME_REG_CC);
	ut_assert(wait_ready(&r, false) > 0);
	ut_asserteq(1, r.stats->disables);
	rig_stop(&r);
	return 0;
}
UNIT_TEST(nvme_emul_test_identify, UTF_DM, nvme_emul);

static int nvme_emul_test_queues(struct unit_test_state *uts)
{
	struct rig r;

	ut_assertok(start(uts, &r));
	/* Number of Queues: at most ember,io-queues (4), 0-based */
	ut_asserteq(0, admin(&r, NVME_ADMIN_SET_FEATURES, NVME_FEAT_NUM_QUEUES,
			     0x00020001));
	ut_asserteq(0x00020001, le32_to_cpu(r.cqe.dw0));
	ut_asserteq(0, admin(&r, NVME_ADMIN_GET_FEATURES, NVME_FEAT_NUM_QUEUES,
			     0));
	ut_asserteq(0x00020001, le32_to_cpu(r.cqe.dw0));
	ut_asserteq(0, admin(&r, NVME_ADMIN_GET_FEATURES, NVME_FEAT_VWC, 0));
	ut_asserteq(1, le32_to_cpu(r.cqe.dw0));
	/* Create I/O CQ: QID 0, beyond what was allocated, size, PC */
	ut_asserteq(ST(CMD_SPECIFIC, QID_INVALID),
		    create(&r, NVME_ADMIN_CREATE_CQ, 0, 16, NVME_QUEUE_PC));
	ut_asserteq(ST(CMD_SPECIFIC, QID_INVALID),
		    create(&r, NVME_ADMIN_CREATE_CQ, 4, 16, NVME_QUEUE_PC));
	ut_asserteq(ST(CMD_SPECIFIC, QSIZE_INVALID),
		    create(&r, NVME_ADMIN_CREATE_CQ, 1, 257, NVME_QUEUE_PC));
	ut_asserteq(ST(CMD_SPECIFIC, QSIZE_INVALID),
		    create(&r, NVME_ADMIN_CREATE_CQ, 1, 1, NVME_QUEUE_PC));
	ut_asserteq(ST(GENERIC, INVALID_FIELD),
		    create(&r, NVME_ADMIN_CREATE_CQ, 1, 16, 0));
	ut_asserteq(ST(CMD_SPECIFIC, INVALID_VECTOR),
		    create(&r, NVME_ADMIN_CREATE_CQ, 1, 16,
			   NVME_QUEUE_PC | NVME_CQ_IEN | 3 << 16));
	ut_asserteq(0, create(&r, NVME_ADMIN_CREATE_CQ, 1, 256, NVME_QUEUE_PC));
	ut_asserteq(ST(CMD_SPECIFIC, QID_INVALID),
		    create(&r, NVME_ADMIN_CREATE_CQ, 1, 16, NVME_QUEUE_PC));
	/* Create I/O SQ: its CQ must exist */
	ut_asserteq(ST(CMD_SPECIFIC, CQ_INVALID),
		    create(&r, NVME_ADMIN_CREATE_SQ, 1, 16,
			   NVME_QUEUE_PC | NVME_SQ_CQID(2)));
	ut_asserteq(ST(CMD_SPECIFIC, CQ_INVALID),
		    create(&r, NVME_ADMIN_CREATE_SQ, 1, 16, NVME_QUEUE_PC));
	ut_asserteq(0, create(&r, NVME_ADMIN_CREATE_SQ, 1, 16,
			      NVME_QUEUE_PC | NVME_SQ_CQID(1)));
	/* Too late to change the number of queues */
	ut_asserteq(ST(GENERIC, CMD_SEQ_ERROR),
		    admin(&r, NVME_ADMIN_SET_FEATURES, NVME_FEAT_NUM_QUEUES, 0));
	/* A CQ goes only after its SQs */
	ut_asserteq(ST(CMD_SPECIFIC, QDEL_INVALID),
		    admin(&r, NVME_ADMIN_DELETE_CQ, 1, 0));
	ut_asserteq(0, admin(&r, NVME_ADMIN_DELETE_SQ, 1, 0));
	ut_asserteq(ST(CMD_SPECIFIC, QID_INVALID),
		    admin(&r, NVME_ADMIN_DELETE_SQ, 1, 0));
	ut_asserteq(0, admin(&r, NVME_ADMIN_DELETE_CQ, 1, 0));
	ut_asserteq(ST(CMD_SPECIFIC, QID_INVALID),
		    admin(&r, NVME_ADMIN_DELETE_CQ, 0, 0));
	rig_stop(&r);
	return 0;
}
UNIT_TEST(nvme_emul_test_queues, UTF_DM, nvme_emul);

static int nvme_emul_test_write_read(struct unit_test_state *uts)
{
	u8 *w, *rd, *data, *heap;
	struct nvme_sqe s;
	struct rig r;
	u64 size;

	ut_assertok(start(uts, &r));
	ut_assertok(io_queues(uts, &r, 16, 16));
	w = page(&r, WBUF_PG);
	rd = page(&r, RBUF_PG);
	pattern(w, 16 * PS, 1);
	ut_assertok(sandbox_nvme_emul_ns_data(r.emul, 1, &data, &size));
	ut_asserteq(8192 * 512, size);
	/* 28 blocks from offset 0x200: PRP1's 0xe00 bytes, a list of 3 */
	rw_cmd(&s, NVME_CMD_WRITE, 1, 8, 28);
	prps(&r, bus(w + 0x200), 28 * 512, 0, &s);
	ut_asserteq(0, run(&r, 1, &s));
	ut_asserteq_mem(w + 0x200, data + 8 * 512, 28 * 512);
	ut_asserteq(0, data[8 * 512 - 1]);
	ut_asserteq(0, data[36 * 512]);
	/* Read back from offset 0x400 */
	rw_cmd(&s, NVME_CMD_READ, 1, 8, 28);
	prps(&r, bus(rd + 0x400), 28 * 512, 0, &s);
	ut_asserteq(0, run(&r, 1, &s));
	ut_asserteq_mem(w + 0x200, rd + 0x400, 28 * 512);
	ut_asserteq(r.sq_tail[1], le16_to_cpu(r.cqe.sq_head));
	ut_asserteq(1, le16_to_cpu(r.cqe.sq_id));
	/* Namespace 2, 4 KiB blocks: PRP1 and PRP2, no list */
	ut_assertok(sandbox_nvme_emul_ns_data(r.emul, 2, &data, &size));
	rw_cmd(&s, NVME_CMD_WRITE, 2, 5, 2);
	prps(&r, bus(w), 2 * PS, 0, &s);
	ut_asserteq(0, run(&r, 1, &s));
	ut_asserteq_mem(w, data + 5 * PS, 2 * PS);
	/*
	 * A list from 16 bytes before its page's end: one data entry, then
	 * the last entry chains to the next list page (§4.1.1)
	 */
	pattern(w, 16 * PS, 9);
	rw_cmd(&s, NVME_CMD_WRITE, 2, 100, 5);
	prps(&r, bus(w), 5 * PS, PS - 16, &s);
	((__le64 *)page(&r, LIST_PG))[511] = cpu_to_le64(bus(page(&r, LIST_PG + 1)));
	for (int i = 0; i < 3; i++)
		((__le64 *)page(&r, LIST_PG + 1))[i] = cpu_to_le64(bus(w + (i + 2) * PS));
	ut_asserteq(0, run(&r, 1, &s));
	ut_asserteq_mem(w, data + 100 * PS, 5 * PS);
	/* Host memory outside the sandbox's RAM (the heap) works too */
	heap = malloc(3 * 512);
	ut_assertnonnull(heap);
	rw_cmd(&s, NVME_CMD_READ, 1, 8, 3);
	prps(&r, bus(heap), 3 * 512, 0, &s);
	ut_asserteq(0, run(&r, 1, &s));
	ut_asserteq_mem(rd + 0x400, heap, 3 * 512);
	free(heap);
	/* Flush one namespace, and all (VWC says it may) */
	rw_cmd(&s, NVME_CMD_FLUSH, 1, 0, 1);
	ut_asserteq(0, run(&r, 1, &s));
	rw_cmd(&s, NVME_CMD_FLUSH, NVME_NSID_ALL, 0, 1);
	ut_asserteq(0, run(&r, 1, &s));
	/* Beyond the end; no such namespace; an admin opcode on I/O */
	rw_cmd(&s, NVME_CMD_READ, 1, 8191, 2);
	prps(&r, bus(rd), 1024, 0, &s);
	ut_asserteq(ST(GENERIC, LBA_RANGE), run(&r, 1, &s));
	rw_cmd(&s, NVME_CMD_READ, 3, 0, 1);
	ut_asserteq(ST(GENERIC, INVALID_NS), run(&r, 1, &s));
	rw_cmd(&s, NVME_ADMIN_IDENTIFY, 1, 0, 1);
	ut_asserteq(ST(GENERIC, INVALID_OPCODE), run(&r, 1, &s));
	ut_asserteq(3, r.stats->io[NVME_CMD_WRITE]);
	ut_asserteq(4, r.stats->io[NVME_CMD_READ]);
	ut_asserteq(28 * 512 + 7 * PS, r.stats->bytes_written);
	ut_asserteq(5 * PS, r.stats->max_xfer);
	/* MDTS 5: 128 KiB a command; one block more is refused */
	rw_cmd(&s, NVME_CMD_READ, 1, 0, 257);
	ut_asserteq(ST(GENERIC, INVALID_FIELD), run(&r, 1, &s));
	ut_asserteq(1, r.stats->prp_violations);
	ut_asserteq_str("a transfer larger than MDTS", r.stats->last_violation);
	ut_assert_nextline("nvme: NVMe protocol violation: a transfer larger than MDTS");
	ut_assert_console_end();
	memset(r.stats, 0, sizeof(*r.stats));
	rig_stop(&r);
	return 0;
}
UNIT_TEST(nvme_emul_test_write_read, UTF_DM | UTF_CONSOLE, nvme_emul);

/* One command against a rule: refused with @status, nothing written */
static int refused(struct unit_test_state *uts, struct rig *r,
		   struct nvme_sqe *s, u16 status, const char *line)
{
	u8 *data;
	u64 size;

	ut_assertok(sandbox_nvme_emul_ns_data(r->emul, 1, &data, &size));
	ut_asserteq(status, run(r, 1, s));
	for (int i = 0; i < 4 * 512; i++)
		ut_asserteq(0, data[i]);
	if (line)
		ut_assert_nextline(line);
	return 0;
}

static int nvme_emul_test_prp_refused(struct unit_test_state *uts)
{
	const u16 offset = ST(GENERIC, PRP_OFFSET_INVALID);
	const u16 xfer = ST(GENERIC, DATA_XFER_ERROR);
	__le64 *list;
	struct nvme_sqe s;
	struct rig r;
	u8 *w;

	ut_assertok(start(uts, &r));
	ut_assertok(io_queues(uts, &r, 16, 16));
	w = page(&r, WBUF_PG);
	list = (__le64 *)page(&r, LIST_PG);
	pattern(w, 4 * PS, 3);
	/* Two pages: the second not page aligned */
	rw_cmd(&s, NVME_CMD_WRITE, 1, 0, 4);
	s.prp1 = cpu_to_le64(bus(w + PS - 512));
	s.prp2 = cpu_to_le64(bus(w + PS + 8));
	ut_assertok(refused(uts, &r, &s, offset,
			    "nvme: NVMe protocol violation: PRP2, the second page, not page aligned"));
	/* PRP1 not dword aligned */
	rw_cmd(&s, NVME_CMD_WRITE, 1, 0, 1);
	s.prp1 = cpu_to_le64(bus(w + 2));
	ut_assertok(refused(uts, &r, &s, offset,
			    "nvme: NVMe protocol violation: PRP1 not dword aligned"));
	/* A list pointer not qword aligned; a list entry with an offset */
	rw_cmd(&s, NVME_CMD_WRITE, 1, 0, 4 * 8);
	prps(&r, bus(w), 4 * PS, 0, &s);
	s.prp2 = cpu_to_le64(le64_to_cpu(s.prp2) + 4);
	ut_assertok(refused(uts, &r, &s, offset,
			    "nvme: NVMe protocol violation: a PRP list pointer not qword aligned"));
	prps(&r, bus(w), 4 * PS, 0, &s);
	list[1] = cpu_to_le64(le64_to_cpu(list[1]) + 0x200);
	ut_assertok(refused(uts, &r, &s, offset,
			    "nvme: NVMe protocol violation: a PRP list entry not page aligned"));
	ut_asserteq(4, r.stats->prp_violations);
	ut_asserteq(0, r.stats->violations);
	/* An address nothing is mapped at: refused, and nothing crashes */
	rw_cmd(&s, NVME_CMD_WRITE, 1, 0, 1);
	s.prp1 = cpu_to_le64(0x1000);
	ut_assertok(refused(uts, &r, &s, xfer,
			    "nvme: NVMe protocol violation: DMA at an address the host cannot reach"));
	rw_cmd(&s, NVME_CMD_READ, 1, 0, 1);
	s.prp1 = cpu_to_le64(0xfffffffffffff000ULL);
	ut_assertok(refused(uts, &r, &s, xfer,
			    "nvme: NVMe protocol violation: DMA at an address the host cannot reach"));
	ut_asserteq(2, r.stats->dma_faults);
	/* Bus mastering off: no DMA, not even for the queues */
	ut_assertok(dm_pci_clrset_config16(r.fn, PCI_COMMAND,
					   PCI_COMMAND_MASTER, 0));
	rw_cmd(&s, NVME_CMD_FLUSH, 1, 0, 1);
	submit(&r, 1, &s, true);
	ut_assert(readl(r.regs + NVME_REG_CSTS) & NVME_CSTS_CFS);
	ut_assert_nextline("nvme: NVMe protocol violation: DMA while bus mastering is off");
	ut_assert_console_end();
	memset(r.stats, 0, sizeof(*r.stats));
	rig_stop(&r);
	ut_asserteq(0, readl(r.regs + NVME_REG_CSTS));
	return 0;
}
UNIT_TEST(nvme_emul_test_prp_refused, UTF_DM | UTF_CONSOLE, nvme_emul);

static int nvme_emul_test_phase(struct unit_test_state *uts)
{
	struct nvme_sqe s;
	struct rig r;

	ut_assertok(start(uts, &r));
	ut_assertok(io_queues(uts, &r, 8, 4));
	/* Ten through a CQ of four: the phase flips at each wrap */
	rw_cmd(&s, NVME_CMD_FLUSH, 1, 0, 1);
	for (int i = 0; i < 10; i++) {
		ut_asserteq(0, run(&r, 1, &s));
		ut_asserteq(i / 4 % 2 == 0,
			    le16_to_cpu(r.cqe.status) & NVME_CQE_PHASE);
	}
	ut_asserteq(true, r.phase[1]);	/* two laps */
	/*
	 * Five at once: three fit (a CQ of four holds three), the rest wait
	 * for the host to release entries
	 */
	for (int i = 0; i < 5; i++)
		submit(&r, 1, &s, i == 4);
	ut_asserteq(2, sandbox_nvme_emul_inflight(r.emul));
	ut_asserteq(1, r.stats->cq_full);
	for (int i = 0; i < 5; i++) {
		ut_assertok(reap(&r, 1));
		ut_asserteq(r.cid - 4 + i, le16_to_cpu(r.cqe.cid));
	}
	ut_asserteq(0, sandbox_nvme_emul_inflight(r.emul));
	ut_asserteq(r.sq_tail[1], le16_to_cpu(r.cqe.sq_head));
	rig_stop(&r);
	return 0;
}
UNIT_TEST(nvme_emul_test_phase, UTF_DM, nvme_emul);

static int nvme_emul_test_order(struct unit_test_state *uts)
{
	struct nvme_emul_opts o;
	struct nvme_sqe s;
	struct rig r;
	u16 first;

	ut_assertok(rig_start(uts, &r));
	sandbox_nvme_emul_opts(r.emul, &o);
	o.reverse = true;
	o.cpl_delay = 3;
	ut_assertok(sandbox_nvme_emul_set_opts(r.emul, &o));
	enable(&r, 8, 8);
	ut_assert(wait_ready(&r, true) >= 0);
	ut_asserteq(-EBUSY, sandbox_nvme_emul_set_opts(r.emul, &o));
	ut_assertok(io_queues(uts, &r, 16, 16));
	/* Three at once: nothing at the doorbell, then newest first */
	rw_cmd(&s, NVME_CMD_FLUSH, 1, 0, 1);
	first = submit(&r, 1, &s, false);
	submit(&r, 1, &s, false);
	submit(&r, 1, &s, true);
	ut_asserteq(3, sandbox_nvme_emul_inflight(r.emul));
	ut_assert(!posted(&r, 1));
	for (int i = 2; i >= 0; i--) {
		ut_assertok(reap(&r, 1));
		ut_asserteq(first + i, le16_to_cpu(r.cqe.cid));
	}
	ut_asserteq(3, r.stats->max_inflight);
	/* A CID still in flight on its SQ: refused, unexecuted */
	first = submit(&r, 1, &s, false);
	r.cid--;
	submit(&r, 1, &s, true);
	ut_assertok(reap(&r, 1));
	ut_asserteq(first, le16_to_cpu(r.cqe.cid));
	ut_asserteq(ST(GENERIC, CMDID_CONFLICT) | NVME_STATUS_DNR,
		    le16_to_cpu(r.cqe.status) & ~NVME_CQE_PHASE);
	ut_assertok(reap(&r, 1));
	ut_asserteq(0, le16_to_cpu(r.cqe.status) & ~NVME_CQE_PHASE);
	ut_asserteq(1, r.stats->violations);
	ut_assert_nextline("nvme: NVMe protocol violation: a CID already outstanding on its SQ");
	ut_assert_console_end();
	memset(r.stats, 0, sizeof(*r.stats));
	rig_stop(&r);
	return 0;
}
UNIT_TEST(nvme_emul_test_order, UTF_DM | UTF_CONSOLE, nvme_emul);

static int nvme_emul_test_faults(struct unit_test_state *uts)
{
	struct nvme_id_ctrl *ctrl;
	struct nvme_id_ns *ns;
	struct nvme_sqe s;
	struct rig r;
	u16 cid;

	ut_assertok(rig_start(uts, &r));
	ctrl = (struct nvme_id_ctrl *)page(&r, ID_PG);
	ns = (struct nvme_id_ns *)page(&r, ID_PG);
	/* Never ready */
	sandbox_nvme_emul_set_faults(r.emul, NVME_EMUL_FAULT_NEVER_READY, 0);
	enable(&r, 8, 8);
	ut_asserteq(-ETIMEDOUT, wait_ready(&r, true));
	writel(0, r.regs + NVME_REG_CC);
	/* Fatal after one command: the second is never completed */
	sandbox_nvme_emul_set_faults(r.emul, NVME_EMUL_FAULT_CFS, 1);
	enable(&r, 8, 8);
	ut_assert(wait_ready(&r, true) >= 0);
	ut_asserteq(0, identify(&r, NVME_ID_CNS_CTRL, 0));
	ut_asserteq(0xffff, identify(&r, NVME_ID_CNS_CTRL, 0));
	ut_assert(readl(r.regs + NVME_REG_CSTS) & NVME_CSTS_CFS);
	writel(0, r.regs + NVME_REG_CC);
	ut_assert(wait_ready(&r, false) >= 0);
	ut_asserteq(0, readl(r.regs + NVME_REG_CSTS) & NVME_CSTS_CFS);
	/* A stray CID on another SQ; Identify's nonsense */
	sandbox_nvme_emul_set_faults(r.emul, NVME_EMUL_FAULT_BAD_CID |
				     NVME_EMUL_FAULT_WRONG_SQID |
				     NVME_EMUL_FAULT_LBADS_LARGE |
				     NVME_EMUL_FAULT_NN_MAX, 0);
	enable(&r, 8, 8);
	ut_assert(wait_ready(&r, true) >= 0);
	cid = submit(&r, 0, &(struct nvme_sqe){
		.opcode = NVME_ADMIN_IDENTIFY,
		.prp1 = cpu_to_le64(bus(ctrl)),
		.cdw10 = cpu_to_le32(NVME_ID_CNS_CTRL) }, true);
	ut_assertok(reap(&r, 0));
	ut_assert(le16_to_cpu(r.cqe.cid) != cid);
	ut_asserteq(1, le16_to_cpu(r.cqe.sq_id));
	ut_asserteq(0xffffffff, le32_to_cpu(ctrl->nn));
	submit(&r, 0, &(struct nvme_sqe){
		.opcode = NVME_ADMIN_IDENTIFY, .nsid = cpu_to_le32(1),
		.prp1 = cpu_to_le64(bus(ns)) }, true);
	ut_assertok(reap(&r, 0));
	ut_asserteq(40, ns->lbaf[NVME_NS_FLBAS_INDEX(ns->flbas)].lbads);
	writel(0, r.regs + NVME_REG_CC);
	ut_assert(wait_ready(&r, false) >= 0);
	/* I/O only: media errors, and a command that never completes */
	sandbox_nvme_emul_set_faults(r.emul, NVME_EMUL_FAULT_IO_ONLY |
				     NVME_EMUL_FAULT_READ_ERROR, 0);
	enable(&r, 8, 8);
	ut_assert(wait_ready(&r, true) >= 0);
	ut_assertok(io_queues(uts, &r, 16, 16));
	rw_cmd(&s, NVME_CMD_READ, 1, 0, 1);
	prps(&r, bus(page(&r, RBUF_PG)), 512, 0, &s);
	ut_asserteq(NVME_STATUS(NVME_SCT_MEDIA, NVME_SC_READ_ERROR),
		    run(&r, 1, &s));
	ut_asserteq(NVME_STATUS(NVME_SCT_MEDIA, NVME_SC_READ_ERROR),
		    r.stats->last_status);
	sandbox_nvme_emul_set_faults(r.emul, NVME_EMUL_FAULT_IO_ONLY |
				     NVME_EMUL_FAULT_SILENT, 0);
	rw_cmd(&s, NVME_CMD_FLUSH, 1, 0, 1);
	ut_asserteq(0xffff, run(&r, 1, &s));
	ut_asserteq(1, sandbox_nvme_emul_inflight(r.emul));
	/* A reset takes it back */
	rig_stop(&r);
	ut_asserteq(0, sandbox_nvme_emul_inflight(r.emul));
	ut_asserteq(0, r.stats->violations + r.stats->prp_violations);
	return 0;
}
UNIT_TEST(nvme_emul_test_faults, UTF_DM, nvme_emul);

#define MINE	600	/* bytes of a page the test gives; the rest zeroes */

/* The test's Identify pages: what Identify answers, and what I/O obeys */
static int lie_identify(struct unit_test_state *uts, struct rig *r)
{
	struct nvme_id_ctrl *ctrl = (struct nvme_id_ctrl *)page(r, ID_PG);
	struct nvme_id_ns *ns = (struct nvme_id_ns *)page(r, ID_PG);
	static struct nvme_id_ctrl mine_ctrl;
	static struct nvme_id_ns mine_ns;
	struct nvme_id_ctrl *my_ctrl = &mine_ctrl;
	struct nvme_id_ns *my_ns = &mine_ns;
	struct nvme_sqe s;
	u8 *data;
	u64 size;

	/* Identify Controller: NN 7, MDTS 1 (8 KiB), the rest zeroes */
	memset(my_ctrl, 0xee, sizeof(*my_ctrl));
	memset(my_ctrl, 0, MINE);
	my_ctrl->nn = cpu_to_le32(7);
	my_ctrl->mdts = 1;
	memcpy(my_ctrl->sn, "LIAR", 4);
	ut_assertok(sandbox_nvme_emul_set_identify(r->emul, NVME_ID_CNS_CTRL,
						   0, my_ctrl, MINE));
	memset(ctrl, 0xff, PS);
	ut_asserteq(0, identify(r, NVME_ID_CNS_CTRL, 0));
	ut_asserteq(7, le32_to_cpu(ctrl->nn));
	ut_asserteq(1, ctrl->mdts);
	ut_asserteq_mem("LIAR", ctrl->sn, 4);
	ut_asserteq(0, le16_to_cpu(ctrl->vid));
	ut_asserteq(0, ctrl->rsvd526[NVME_ID_SIZE - 527]);
	/* Namespace 1 as 16 blocks of 4 KiB; one the model does not have */
	memset(my_ns, 0, sizeof(*my_ns));
	my_ns->nsze = cpu_to_le64(16);
	my_ns->nlbaf = 1;
	my_ns->flbas = 1;
	my_ns->lbaf[1].lbads = 12;
	ut_assertok(sandbox_nvme_emul_set_identify(r->emul, NVME_ID_CNS_NS, 1,
						   my_ns, MINE));
	ut_assertok(sandbox_nvme_emul_set_identify(r->emul, NVME_ID_CNS_NS, 9,
						   my_ns, MINE));
	ut_asserteq(0, identify(r, NVME_ID_CNS_NS, 1));
	ut_asserteq(16, le64_to_cpu(ns->nsze));
	ut_asserteq(0, identify(r, NVME_ID_CNS_NS, 9));
	ut_asserteq(0, identify(r, NVME_ID_CNS_NS, 2));
	ut_asserteq(1024, le64_to_cpu(ns->nsze));	/* the model's */
	ut_asserteq(-EINVAL, sandbox_nvme_emul_set_identify(r->emul, 3, 0,
							    my_ns, 4));

	/* Reads of namespace 1 are in 4 KiB blocks, 8 KiB at most */
	ut_assertok(io_queues(uts, r, 16, 16));
	ut_assertok(sandbox_nvme_emul_ns_data(r->emul, 1, &data, &size));
	pattern(data, 3 * PS, 5);
	rw_cmd(&s, NVME_CMD_READ, 1, 1, 2);
	prps(r, bus(page(r, RBUF_PG)), 2 * PS, 0, &s);
	ut_asserteq(0, run(r, 1, &s));
	ut_asserteq_mem(data + PS, page(r, RBUF_PG), 2 * PS);
	rw_cmd(&s, NVME_CMD_READ, 1, 15, 2);
	ut_asserteq(ST(GENERIC, LBA_RANGE), run(r, 1, &s));
	rw_cmd(&s, NVME_CMD_READ, 9, 0, 1);
	ut_asserteq(ST(GENERIC, INVALID_NS), run(r, 1, &s));
	rw_cmd(&s, NVME_CMD_READ, 1, 0, 3);
	prps(r, bus(page(r, RBUF_PG)), 3 * PS, 0, &s);
	ut_asserteq(ST(GENERIC, INVALID_FIELD), run(r, 1, &s));
	ut_asserteq(1, r->stats->prp_violations);	/* over MDTS */
	ut_assert_nextline("nvme: NVMe protocol violation: a transfer larger than MDTS");
	/* A format the model cannot use: Read ends Invalid Field */
	my_ns->lbaf[1].lbads = 40;
	ut_assertok(sandbox_nvme_emul_set_identify(r->emul, NVME_ID_CNS_NS, 1,
						   my_ns, MINE));
	rw_cmd(&s, NVME_CMD_READ, 1, 0, 1);
	ut_asserteq(ST(GENERIC, INVALID_FIELD), run(r, 1, &s));
	/* Cleared: the model's pages and geometry again */
	sandbox_nvme_emul_clear_identify(r->emul);
	ut_asserteq(0, identify(r, NVME_ID_CNS_NS, 1));
	ut_asserteq(8192, le64_to_cpu(ns->nsze));
	ut_asserteq(ST(GENERIC, INVALID_NS), identify(r, NVME_ID_CNS_NS, 9));
	memset(data, 0, 3 * PS);
	memset(r->stats, 0, sizeof(*r->stats));
	return 0;
}

/* Flush of namespace 1, submitted; Return: its CID */
static u16 flush1(struct rig *r, bool ring)
{
	struct nvme_sqe s;

	rw_cmd(&s, NVME_CMD_FLUSH, 1, 0, 1);
	return submit(r, 1, &s, ring);
}

/* Completion entries changed, repeated, left out; a CFS instead */
static int lie_entries(struct unit_test_state *uts, struct rig *r)
{
	static const struct nvme_emul_tamper lies[] = {
		{ 0, NVME_EMUL_TAMPER_CID, 0x77 },
		{ 0, NVME_EMUL_TAMPER_SQID, 5 },
		{ 1, NVME_EMUL_TAMPER_STATUS, 0 },
		{ 2, NVME_EMUL_TAMPER_DUP, 0 },
		{ 3, NVME_EMUL_TAMPER_STATUS, 0x281 },
		{ 4, NVME_EMUL_TAMPER_DROP, 0 },
		{ 5, NVME_EMUL_TAMPER_PHASE, 0 },
	};
	static const struct nvme_emul_tamper cfs = {
		0, NVME_EMUL_TAMPER_CFS, 0
	}, bad = { 0, NVME_EMUL_TAMPER_KINDS, 0 };
	struct nvme_sqe s;
	u16 cid;

	ut_assertok(io_queues(uts, r, 16, 16));
	ut_assertok(sandbox_nvme_emul_set_tampers(r->emul, lies,
						  ARRAY_SIZE(lies)));
	flush1(r, true);
	ut_assertok(reap(r, 1));
	ut_asserteq(0x77, le16_to_cpu(r->cqe.cid));
	ut_asserteq(5, le16_to_cpu(r->cqe.sq_id));
	/* Success for a read that failed: forged */
	rw_cmd(&s, NVME_CMD_READ, 1, 8191, 2);
	ut_asserteq(0, run(r, 1, &s));
	ut_asserteq(1, r->stats->forged);
	/* Twice, the copy with its own lie; then nothing */
	cid = flush1(r, true);
	ut_assertok(reap(r, 1));
	ut_asserteq(cid, le16_to_cpu(r->cqe.cid));
	ut_asserteq(0, le16_to_cpu(r->cqe.status) & ~NVME_CQE_PHASE);
	ut_assertok(reap(r, 1));
	ut_asserteq(cid, le16_to_cpu(r->cqe.cid));
	ut_asserteq(NVME_STATUS(NVME_SCT_MEDIA, NVME_SC_READ_ERROR),
		    le16_to_cpu(r->cqe.status) & ~NVME_CQE_PHASE);
	flush1(r, true);
	ut_asserteq(-ETIMEDOUT, reap(r, 1));
	ut_asserteq(0, sandbox_nvme_emul_inflight(r->emul));
	/* The other phase: written, yet not posted as the host sees it */
	flush1(r, true);
	ut_assert(!posted(r, 1));
	ut_asserteq(6, r->stats->tampered);
	ut_asserteq(1, r->stats->forged);
	ut_asserteq(0, sandbox_nvme_emul_inflight(r->emul));
	/* A fatal status in place of entry 0 */
	ut_assertok(sandbox_nvme_emul_set_tampers(r->emul, &cfs, 1));
	flush1(r, true);
	ut_assert(readl(r->regs + NVME_REG_CSTS) & NVME_CSTS_CFS);
	ut_assert(!posted(r, 1));
	ut_asserteq(-EINVAL, sandbox_nvme_emul_set_tampers(r->emul, &bad, 1));
	ut_assertok(sandbox_nvme_emul_set_tampers(r->emul, NULL, 0));
	ut_asserteq(0, r->stats->violations + r->stats->prp_violations);
	return 0;
}

/*
 * An entry naming another command still in flight: forged. The host may
 * reuse that command's CID: Command ID Conflict, but not its violation.
 */
static int lie_forged_cid(struct unit_test_state *uts, struct rig *r)
{
	struct nvme_emul_tamper lie = { 0, NVME_EMUL_TAMPER_CID, 0 };
	u16 b;

	ut_assertok(io_queues(uts, r, 16, 16));
	flush1(r, true);		/* a, due a poll before b */
	cpu_relax();
	b = flush1(r, true);
	lie.value = b;
	ut_assertok(sandbox_nvme_emul_set_tampers(r->emul, &lie, 1));
	ut_assertok(reap(r, 1));	/* a's, saying b */
	ut_asserteq(b, le16_to_cpu(r->cqe.cid));
	ut_asserteq(1, r->stats->forged);
	r->cid = b - 1;
	flush1(r, true);		/* b's CID again */
	ut_assertok(reap(r, 1));	/* b's own */
	ut_asserteq(b, le16_to_cpu(r->cqe.cid));
	ut_asserteq(0, le16_to_cpu(r->cqe.status) & ~NVME_CQE_PHASE);
	ut_assertok(reap(r, 1));	/* the reused one's */
	ut_asserteq(ST(GENERIC, CMDID_CONFLICT) | NVME_STATUS_DNR,
		    le16_to_cpu(r->cqe.status) & ~NVME_CQE_PHASE);
	ut_asserteq(0, r->stats->violations);
	ut_assertok(sandbox_nvme_emul_set_tampers(r->emul, NULL, 0));
	return 0;
}

static int nvme_emul_test_lies(struct unit_test_state *uts)
{
	struct nvme_emul_opts o, saved;
	struct rig r;

	ut_assertok(start(uts, &r));
	ut_assertok(lie_identify(uts, &r));
	rig_stop(&r);
	ut_assertok(start(uts, &r));
	ut_assertok(lie_entries(uts, &r));
	rig_stop(&r);

	ut_assertok(rig_start(uts, &r));
	sandbox_nvme_emul_opts(r.emul, &saved);
	o = saved;
	o.cpl_delay = 3;
	o.reverse = false;
	ut_assertok(sandbox_nvme_emul_set_opts(r.emul, &o));
	enable(&r, 8, 8);
	ut_assert(wait_ready(&r, true) >= 0);
	ut_assertok(lie_forged_cid(uts, &r));
	rig_stop(&r);
	ut_assertok(sandbox_nvme_emul_set_opts(r.emul, &saved));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(nvme_emul_test_lies, UTF_DM | UTF_CONSOLE, nvme_emul);

/*
 * After every driver-model test: no NVMe model saw the driver break a
 * rule (nvme_emul_stats.violations, .prp_violations)
 */
static int no_nvme_violations(void)
{
	struct udevice *dev;
	int found = 0;

	for (uclass_find_first_device(UCLASS_PCI_EMUL, &dev); dev;
	     uclass_find_next_device(&dev)) {
		struct nvme_emul_stats *st;

		if (!device_active(dev) || sandbox_nvme_emul_get(dev->name) != dev)
			continue;
		st = sandbox_nvme_emul_stats(dev);
		if (st->violations || st->prp_violations) {
			printf("\n%s: %u NVMe protocol and %u PRP violations (last: %s)\n",
			       dev->name, st->violations, st->prp_violations,
			       st->last_violation);
			found++;
		}
	}
	return found;
}
UT_CHECK(nvme_protocol, no_nvme_violations);
