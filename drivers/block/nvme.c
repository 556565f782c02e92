// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * NVM Express controllers on PCI (NVMe Base Specification 2.0, the NVM
 * Command Set 1.0), as QEMU's 'nvme' device and the disks of most clouds'
 * VMs are: every active namespace Ember can use is a block device
 * "nvme <n>" (include/blk.h), made when the controller probes. This half
 * brings the controller up and runs its admin commands; the I/O is
 * nvme_io.c.
 *
 * Bring-up (§3.5.1): the controller is disabled (CC.EN 0, CSTS.RDY 0 in at
 * most CAP.TO), given its admin queues (AQA, ASQ, ACQ) and enabled with
 * 4 KiB pages and 64/16-byte queue entries (RDY 1 in CAP.TO); then
 * Identify Controller (serial, model, firmware, MDTS, entry sizes,
 * shutdown latency, the namespace count, the write cache), Set Features
 * Number of Queues (one pair; a refusal is not fatal), one I/O completion
 * queue and one I/O submission queue, and last the active namespace list
 * and Identify Namespace for each. Interrupts stay masked: completions are
 * polled.
 *
 * The controller is untrusted: an admin completion must carry its
 * command's ID on the admin queue; Identify data is checked before use
 * (entry sizes, block sizes of 512 bytes to 64 KiB that a command can
 * move, metadata-free formats, sizes that fit 64 bits of bytes, an
 * increasing namespace list); a fault (a timeout, a fatal status, a
 * completion not ours) disables the controller, which takes back every
 * command it held, and it is brought up again before the next command.
 * A controller that does not stop when disabled is cut off from memory
 * (bus mastering off) and not used again until it is removed, and the
 * memory it was given is never freed.
 */
#define LOG_CATEGORY "nvme"

#include <blk.h>
#include <byteorder.h>
#include <dm.h>
#include <errno.h>
#include <heap.h>
#include <pci.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "nvme_priv.h"

DM_DRIVER_REF(nvme_blk);	/* nvme_io.c */

#define NVME_NS_MAX		16	/* namespaces made block devices */
#define NVME_CID_ADMIN		0xa000	/* admin command ids start here */
#define NVME_SHUTDOWN_MIN_MS	5000	/* CC.SHN: waited for at least ... */
#define NVME_SHUTDOWN_MAX_MS	60000	/* ... and at most */

_Static_assert(sizeof(struct nvme_sqe) == 1 << NVME_SQE_SHIFT, "SQE");
_Static_assert(sizeof(struct nvme_cqe) == 1 << NVME_CQE_SHIFT, "CQE");
_Static_assert(sizeof(struct nvme_id_ctrl) == NVME_ID_SIZE, "id ctrl");
_Static_assert(sizeof(struct nvme_id_ns) == NVME_ID_SIZE, "id ns");
_Static_assert(offsetof(struct nvme_id_ctrl, mdts) == 77, "MDTS");
_Static_assert(offsetof(struct nvme_id_ctrl, rtd3e) == 88, "RTD3E");
_Static_assert(offsetof(struct nvme_id_ctrl, sqes) == 512, "SQES");
_Static_assert(offsetof(struct nvme_id_ctrl, nn) == 516, "NN");
_Static_assert(offsetof(struct nvme_id_ctrl, vwc) == 525, "VWC");
_Static_assert(offsetof(struct nvme_id_ns, flbas) == 26, "FLBAS");
_Static_assert(offsetof(struct nvme_id_ns, nsattr) == 99, "NSATTR");
_Static_assert(offsetof(struct nvme_id_ns, lbaf) == 128, "LBAF");

static void wr32(struct nvme_priv *p, u32 reg, u32 val)
{
	writel(val, p->regs + reg);
}

static u64 rd64(struct nvme_priv *p, u32 reg)
{
	/* Two halves, low first: some controllers take no 64-bit access */
	return nvme_rd32(p, reg) | (u64)nvme_rd32(p, reg + 4) << 32;
}

static void wr64(struct nvme_priv *p, u32 reg, u64 val)
{
	wr32(p, reg, (u32)val);
	wr32(p, reg + 4, val >> 32);
}

static const char *admin_name(u8 op)
{
	switch (op) {
	case NVME_ADMIN_IDENTIFY:
		return "Identify";
	case NVME_ADMIN_CREATE_CQ:
		return "Create I/O CQ";
	case NVME_ADMIN_CREATE_SQ:
		return "Create I/O SQ";
	case NVME_ADMIN_SET_FEATURES:
		return "Set Features";
	default:
		return "admin command";
	}
}

const char *nvme_status_name(u16 status)
{
	u32 sct = NVME_STATUS_SCT(status), sc = NVME_STATUS_SC(status);

	if (sct == NVME_SCT_GENERIC) {
		switch (sc) {
		case NVME_SC_INVALID_OPCODE:
			return "invalid opcode";
		case NVME_SC_INVALID_FIELD:
			return "invalid field";
		case NVME_SC_DATA_XFER_ERROR:
			return "data transfer error";
		case NVME_SC_INTERNAL:
			return "internal error";
		case NVME_SC_INVALID_NS:
			return "invalid namespace";
		case NVME_SC_NS_WRITE_PROTECTED:
			return "namespace is write protected";
		case NVME_SC_LBA_RANGE:
			return "LBA out of range";
		case NVME_SC_CAP_EXCEEDED:
			return "capacity exceeded";
		case NVME_SC_NS_NOT_READY:
			return "namespace not ready";
		}
	} else if (sct == NVME_SCT_MEDIA) {
		switch (sc) {
		case NVME_SC_WRITE_FAULT:
			return "write fault";
		case NVME_SC_READ_ERROR:
			return "unrecovered read error";
		}
	}
	return "error";
}

/*
 * Wait (bounded by CAP.TO) for CSTS.RDY to be @rdy, or for a fatal status
 * or no answer while enabling: 0, -ETIMEDOUT or -EIO, with CSTS in *@csts
 */
static int wait_ready(struct nvme_priv *p, bool rdy, u32 *csts)
{
	int ret;

	ret = poll_timeout_us((*csts = nvme_rd32(p, NVME_REG_CSTS),
			       *csts == ~0U ||
			       !!(*csts & NVME_CSTS_RDY) == rdy ||
			       (rdy && (*csts & NVME_CSTS_CFS))),
			      p->ready_ms * 1000ULL);
	if (*csts == ~0U || (rdy && (*csts & NVME_CSTS_CFS)))
		return -EIO;
	return ret;
}

int nvme_disable(struct udevice *dev)
{
	struct nvme_priv *p = dev_get_priv(dev);
	u32 cc, csts;
	int ret;

	p->down = true;
	for (int i = 0; i < NVME_SLOTS; i++)
		p->slot[i].busy = false;
	if (p->dead)
		return -EIO;
	cc = nvme_rd32(p, NVME_REG_CC);
	if (cc != ~0U && (cc & NVME_CC_EN))
		wr32(p, NVME_REG_CC, cc & ~NVME_CC_EN);
	ret = wait_ready(p, false, &csts);
	if (!ret)
		return 0;
	/* It may still write where it was told: cut it off, keep its memory */
	dm_pci_clrset_config16(dev, PCI_COMMAND, PCI_COMMAND_MASTER, 0);
	p->dead = true;
	if (csts == ~0U)
		dev_err(dev, "controller does not answer (CSTS reads all ones): bus mastering off, not used again\n");
	else
		dev_err(dev, "controller did not stop in %u ms (CSTS %#x): bus mastering off, not used again\n",
			p->ready_ms, csts);
	return ret;
}

int nvme_check_alive(struct udevice *dev, const char *what, unsigned int out)
{
	struct nvme_priv *p = dev_get_priv(dev);
	u32 csts = nvme_rd32(p, NVME_REG_CSTS);

	if (csts != ~0U && !(csts & NVME_CSTS_CFS))
		return 0;
	if (csts == ~0U)
		dev_err(dev, "controller stopped answering %s (%u out)\n", what,
			out);
	else
		dev_err(dev, "controller fatal status (CSTS %#x) %s (%u out): controller reset\n",
			csts, what, out);
	nvme_disable(dev);
	return -EIO;
}

static void queue_init(struct nvme_priv *p, struct nvme_queue *q, u16 qid,
		       u16 depth)
{
	q->qid = qid;
	q->depth = depth;
	q->sq_tail = 0;
	q->db_tail = 0;
	q->cq_head = 0;
	q->phase = 1;
	memset(q->sq, 0, (size_t)depth << NVME_SQE_SHIFT);
	memset(q->cq, 0, (size_t)depth << NVME_CQE_SHIFT);
	q->sq_db = p->regs + NVME_SQ_TDBL(qid, p->dstrd);
	q->cq_db = p->regs + NVME_CQ_HDBL(qid, p->dstrd);
}

void nvme_queue_cmd(struct nvme_queue *q, const struct nvme_sqe *cmd)
{
	memcpy(&q->sq[q->sq_tail], cmd, sizeof(*cmd));
	if (++q->sq_tail == q->depth)
		q->sq_tail = 0;
}

void nvme_ring_sq(struct nvme_queue *q)
{
	if (q->sq_tail == q->db_tail)
		return;
	q->db_tail = q->sq_tail;
	writel(q->sq_tail, q->sq_db);	/* after the entries: writel's barrier */
}

struct nvme_cqe *nvme_cq_peek(struct nvme_queue *q)
{
	struct nvme_cqe *e = &q->cq[q->cq_head];

	if ((le16_to_cpu(READ_ONCE(e->status)) & NVME_CQE_PHASE) != q->phase)
		return NULL;
	rmb();		/* the rest of the entry after its phase */
	return e;
}

void nvme_cq_pop(struct nvme_queue *q)
{
	if (++q->cq_head == q->depth) {
		q->cq_head = 0;
		q->phase ^= 1;
	}
}

void nvme_cq_release(struct nvme_queue *q)
{
	writel(q->cq_head, q->cq_db);
}

/*
 * An admin command, waited for (at most timeout_ms): 0 with its DW0 in
 * *@dw0 (may be NULL), or -errno, said. With @statusp, a failed status
 * (-EIO) is left to the caller to say, in *@statusp (0 otherwise).
 */
static int admin(struct udevice *dev, struct nvme_sqe *cmd, u32 *dw0,
		 u16 *statusp)
{
	struct nvme_priv *p = dev_get_priv(dev);
	struct nvme_queue *q = &p->admin;
	struct poll_pace pace = POLL_PACE(PACE_RING);
	u16 cid = NVME_CID_ADMIN | (p->next_admin_cid++ & 0xfff);
	const char *name = admin_name(cmd->opcode);
	unsigned int idle = 0;
	struct nvme_cqe *e;
	u16 status;

	if (statusp)
		*statusp = 0;
	cmd->cid = cpu_to_le16(cid);
	nvme_queue_cmd(q, cmd);
	nvme_ring_sq(q);
	while (!(e = nvme_cq_peek(q))) {
		if (++idle % PACE_RING == 0 &&
		    nvme_check_alive(dev, name, 1))
			return -EIO;
		if (pace_elapsed(&pace, p->timeout_ms * 1000ULL)) {
			dev_err(dev, "%s not completed in %u ms: controller reset\n",
				name, p->timeout_ms);
			nvme_disable(dev);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	status = le16_to_cpu(e->status);
	if (le16_to_cpu(e->cid) != cid || le16_to_cpu(e->sq_id) != 0) {
		dev_err(dev, "%s: completion for command %#x on queue %u, not %#x on the admin queue\n",
			name, le16_to_cpu(e->cid), le16_to_cpu(e->sq_id), cid);
		nvme_disable(dev);
		return -EIO;
	}
	if (dw0)
		*dw0 = le32_to_cpu(e->dw0);
	nvme_cq_pop(q);
	nvme_cq_release(q);
	if (statusp)
		*statusp = status >> 1;
	if (status >> 1) {
		if (!statusp)
			dev_err(dev, "%s failed: %s (type %u, code %#x)\n",
				name, nvme_status_name(status),
				NVME_STATUS_SCT(status), NVME_STATUS_SC(status));
		return -EIO;
	}
	return 0;
}

/* Identify @cns (of @nsid) into p->id_buf */
static int identify(struct udevice *dev, u8 cns, u32 nsid, u16 *statusp)
{
	struct nvme_priv *p = dev_get_priv(dev);
	struct nvme_sqe cmd = {
		.opcode = NVME_ADMIN_IDENTIFY,
		.nsid = cpu_to_le32(nsid),
		.prp1 = cpu_to_le64(map_to_sysmem(p->id_buf)),
		.cdw10 = cpu_to_le32(cns),
	};

	memset(p->id_buf, 0, NVME_ID_SIZE);
	return admin(dev, &cmd, NULL, statusp);
}

/* Disabled, given the admin queues, enabled */
static int enable_admin(struct udevice *dev)
{
	struct nvme_priv *p = dev_get_priv(dev);
	u32 csts;
	int ret;

	ret = nvme_disable(dev);
	if (ret)
		return ret;
	queue_init(p, &p->admin, 0, NVME_ADMIN_DEPTH);
	wr32(p, NVME_REG_INTMS, ~0U);	/* polled: no interrupts */
	wr32(p, NVME_REG_AQA, NVME_AQA(NVME_ADMIN_DEPTH, NVME_ADMIN_DEPTH));
	wr64(p, NVME_REG_ASQ, map_to_sysmem(p->admin.sq));
	wr64(p, NVME_REG_ACQ, map_to_sysmem(p->admin.cq));
	wr32(p, NVME_REG_CC, NVME_CC_CSS_NVM | NVME_CC_MPS(0) |
	     NVME_CC_AMS_RR | NVME_CC_IOSQES(NVME_SQE_SHIFT) |
	     NVME_CC_IOCQES(NVME_CQE_SHIFT) | NVME_CC_EN);
	ret = wait_ready(p, true, &csts);
	if (csts == ~0U)
		dev_err(dev, "controller does not answer (CSTS reads all ones)\n");
	else if (ret == -EIO)
		dev_err(dev, "controller fatal status while enabling (CSTS %#x)\n",
			csts);
	else if (ret)
		dev_err(dev, "controller not ready in %u ms (CSTS %#x)\n",
			p->ready_ms, csts);
	return ret;
}

/*
 * Set Features Number of Queues: one pair. A refusal is not fatal; a
 * controller that fails otherwise (said, disabled) is: 0 or -errno
 */
static int set_queues(struct udevice *dev)
{
	struct nvme_sqe cmd = {
		.opcode = NVME_ADMIN_SET_FEATURES,
		.cdw10 = cpu_to_le32(NVME_FEAT_NUM_QUEUES),
		.cdw11 = 0,	/* 0-based: one SQ, one CQ */
	};
	u16 status;
	int ret = admin(dev, &cmd, NULL, &status);

	if (ret == -EIO && status) {
		log_debug("%s: Number of Queues refused: %s\n", dev->name,
			  nvme_status_name(status << 1));
		return 0;
	}
	return ret;
}

/* The I/O queue pair */
static int create_io(struct udevice *dev)
{
	struct nvme_priv *p = dev_get_priv(dev);
	struct nvme_queue *io = &p->io;
	struct nvme_sqe cmd;
	int ret;

	queue_init(p, io, NVME_IO_QID, p->io_depth);
	cmd = (struct nvme_sqe){
		.opcode = NVME_ADMIN_CREATE_CQ,
		.prp1 = cpu_to_le64(map_to_sysmem(io->cq)),
		.cdw10 = cpu_to_le32(NVME_QUEUE_CDW10(io->qid, io->depth)),
		.cdw11 = cpu_to_le32(NVME_QUEUE_PC),
	};
	ret = admin(dev, &cmd, NULL, NULL);
	if (ret)
		return ret;
	cmd = (struct nvme_sqe){
		.opcode = NVME_ADMIN_CREATE_SQ,
		.prp1 = cpu_to_le64(map_to_sysmem(io->sq)),
		.cdw10 = cpu_to_le32(NVME_QUEUE_CDW10(io->qid, io->depth)),
		.cdw11 = cpu_to_le32(NVME_QUEUE_PC | NVME_SQ_CQID(io->qid)),
	};
	ret = admin(dev, &cmd, NULL, NULL);
	if (!ret)
		p->down = false;
	return ret;
}

int nvme_ensure_up(struct udevice *dev)
{
	struct nvme_priv *p = dev_get_priv(dev);
	int ret;

	if (p->dead) {
		dev_err(dev, "controller stopped working earlier: not used\n");
		return -EIO;
	}
	if (!p->down)
		return 0;
	log_debug("%s: bringing the controller up again\n", dev->name);
	ret = enable_admin(dev);
	if (!ret)
		ret = set_queues(dev);
	if (!ret)
		ret = create_io(dev);
	return ret;
}

/* An ASCII field of Identify, printable, without its trailing spaces */
static void copy_ascii(char *to, const char *from, size_t n)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		char c = from[i];

		to[i] = c >= ' ' && c < 0x7f ? c : '?';
		if (c != ' ' && c)
			len = i + 1;
	}
	to[len] = '\0';
}

/* An entry size field (SQES, CQES): @want (2^n) inside its range, or 0 */
static bool entry_size_ok(u8 field, u32 want)
{
	return !field || ((field & 0xf) <= want && (field >> 4) >= want);
}

/* Identify Controller: names, limits, the namespace count, the cache */
static int read_ctrl(struct udevice *dev)
{
	struct nvme_priv *p = dev_get_priv(dev);
	struct nvme_id_ctrl *id = p->id_buf;
	u32 rtd3e_ms;
	int ret = identify(dev, NVME_ID_CNS_CTRL, 0, NULL);

	if (ret)
		return ret;
	if (!entry_size_ok(id->sqes, NVME_SQE_SHIFT) ||
	    !entry_size_ok(id->cqes, NVME_CQE_SHIFT)) {
		dev_err(dev, "controller's queue entries (SQES %#x, CQES %#x) are not 64 and 16 bytes\n",
			id->sqes, id->cqes);
		return -EIO;
	}
	p->vid = le16_to_cpu(id->vid);
	copy_ascii(p->sn, id->sn, sizeof(id->sn));
	copy_ascii(p->mn, id->mn, sizeof(id->mn));
	copy_ascii(p->fr, id->fr, sizeof(id->fr));
	p->nn = le32_to_cpu(id->nn);
	p->vwc = id->vwc & 1;
	p->xfer_max = NVME_XFER_MAX;
	/* MDTS: 2^n pages of CAP.MPSMIN (4 KiB here), 0 for no limit */
	if (id->mdts && id->mdts < 32) {
		u64 max = (u64)NVME_PAGE_SIZE << id->mdts;

		if (max < p->xfer_max)
			p->xfer_max = max;
	}
	rtd3e_ms = le32_to_cpu(id->rtd3e) / 1000;
	p->shutdown_ms = clamp(rtd3e_ms, (u32)NVME_SHUTDOWN_MIN_MS,
			       (u32)NVME_SHUTDOWN_MAX_MS);
	return 0;
}

/* Namespace @nsid as a block device, if it has a usable format */
static int add_ns(struct udevice *dev, u32 nsid)
{
	struct nvme_priv *p = dev_get_priv(dev);
	struct nvme_id_ns *id = p->id_buf;
	struct nvme_lbaf *f;
	struct udevice *blk;
	struct blk_desc *d;
	struct nvme_ns *ns;
	u16 status;
	u64 nsze;
	u32 fmt;
	int ret;

	ret = identify(dev, NVME_ID_CNS_NS, nsid, &status);
	if (ret == -EIO && status) {
		dev_warn(dev, "namespace %u: Identify failed: %s: left out\n",
			 nsid, nvme_status_name(status << 1));
		return 0;
	}
	if (ret)
		return ret;
	nsze = le64_to_cpu(id->nsze);
	fmt = NVME_NS_FLBAS_INDEX(id->flbas);
	if (!nsze)
		return 0;	/* inactive */
	if (fmt > id->nlbaf || fmt >= ARRAY_SIZE(id->lbaf)) {
		dev_warn(dev, "namespace %u: format %u of %u: left out\n",
			 nsid, fmt, id->nlbaf + 1);
		return 0;
	}
	f = &id->lbaf[fmt];
	if (f->lbads < NVME_LBADS_MIN || f->lbads > NVME_LBADS_MAX ||
	    le16_to_cpu(f->ms) || (1U << f->lbads) > p->xfer_max) {
		dev_warn(dev, "namespace %u: blocks of 2^%u bytes with %u bytes of metadata (commands of %u bytes at most): left out\n",
			 nsid, f->lbads, le16_to_cpu(f->ms), p->xfer_max);
		return 0;
	}
	if (nsze > (~0ULL >> f->lbads)) {
		dev_warn(dev, "namespace %u: %llu blocks is more than 64 bits of bytes: left out\n",
			 nsid, (unsigned long long)nsze);
		return 0;
	}
	ret = blk_create(dev, "nvme_blk", "nvme", 1U << f->lbads, nsze,
			 id->nsattr & NVME_NSATTR_WP, &blk);
	if (ret) {
		dev_err(dev, "namespace %u: cannot make its block device: %d\n",
			nsid, ret);
		return ret;
	}
	ns = dev_get_plat(blk);
	ns->nsid = nsid;
	ns->lba_shift = f->lbads;
	/* U-Boot's line for an NVMe disk; the serial is its product */
	d = blk_get_desc(blk);
	snprintf(d->vendor, sizeof(d->vendor), "0x%04x", p->vid);
	snprintf(d->title, sizeof(d->title), "Vendor: %s Rev: %s Prod: %s",
		 d->vendor, p->fr, p->sn);
	return 0;
}

/*
 * The active namespaces: the controller's list (CNS 2) where it has one,
 * else 1..NN; the first NVME_NS_MAX of them
 */
static int add_namespaces(struct udevice *dev)
{
	struct nvme_priv *p = dev_get_priv(dev);
	u32 list[NVME_NS_MAX], n = 0;
	bool more = false;
	u16 status;
	int ret;

	if (!p->nn)
		return 0;
	ret = identify(dev, NVME_ID_CNS_NS_LIST, 0, &status);
	if (!ret) {
		const __le32 *ids = p->id_buf;
		u32 last = 0;

		for (u32 i = 0; i < NVME_ID_SIZE / 4; i++) {
			u32 id = le32_to_cpu(ids[i]);

			/* An increasing list: anything else is not trusted */
			if (!id || id <= last || id > p->nn)
				break;
			if (n == NVME_NS_MAX) {
				more = true;
				break;
			}
			list[n++] = last = id;
		}
	} else if (ret == -EIO && status) {
		for (u32 id = 1; id <= p->nn && n < NVME_NS_MAX; id++)
			list[n++] = id;
		more = p->nn > NVME_NS_MAX;
	} else {
		return ret;
	}
	if (more)
		dev_warn(dev, "more than %u namespaces: the first %u are disks\n",
			 NVME_NS_MAX, NVME_NS_MAX);
	for (u32 i = 0; i < n; i++) {
		ret = add_ns(dev, list[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* Memory the controller reads and writes: queues, lists, buffers */
static int alloc_queues(struct udevice *dev)
{
	struct nvme_priv *p = dev_get_priv(dev);
	size_t io_sq = (size_t)p->io_depth << NVME_SQE_SHIFT;
	size_t io_cq = (size_t)p->io_depth << NVME_CQE_SHIFT;

	p->admin.sq = dma_alloc(NVME_PAGE_SIZE, NVME_PAGE_SIZE);
	p->admin.cq = dma_alloc(NVME_PAGE_SIZE, NVME_PAGE_SIZE);
	p->io.sq = dma_alloc(ALIGN(io_sq, NVME_PAGE_SIZE), NVME_PAGE_SIZE);
	p->io.cq = dma_alloc(ALIGN(io_cq, NVME_PAGE_SIZE), NVME_PAGE_SIZE);
	p->id_buf = dma_alloc(NVME_ID_SIZE, NVME_PAGE_SIZE);
	p->bounce = dma_alloc(NVME_BOUNCE_SIZE, NVME_PAGE_SIZE);
	p->prp_pages = dma_alloc(NVME_SLOTS * NVME_PRP_LIST_BYTES,
				 NVME_PAGE_SIZE);
	if (!p->admin.sq || !p->admin.cq || !p->io.sq || !p->io.cq ||
	    !p->id_buf || !p->bounce || !p->prp_pages) {
		dev_err(dev, "out of memory for its queues\n");
		return -ENOMEM;
	}
	for (int i = 0; i < NVME_SLOTS; i++)
		p->slot[i].prp = p->prp_pages + i * NVME_PRP_LIST_BYTES;
	return 0;
}

/*
 * The controller's memory freed, once it is disabled; a dead one may
 * still write there, so its memory is kept
 */
static void release(struct udevice *dev)
{
	struct nvme_priv *p = dev_get_priv(dev);
	void **mem[] = {
		(void **)&p->admin.sq, (void **)&p->admin.cq,
		(void **)&p->io.sq, (void **)&p->io.cq, &p->id_buf,
		&p->bounce, &p->prp_pages,
	};

	if (p->regs && p->cap != ~0ULL && !p->dead)
		nvme_disable(dev);
	if (p->dead)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(mem); i++) {
		dma_free(*mem[i]);
		*mem[i] = NULL;
	}
}

/* The namespaces' block devices unbound: 0 or the first error */
static int drop_disks(struct udevice *dev)
{
	struct udevice *child, *n;
	int ret = 0;

	device_foreach_child_safe(child, n, dev) {
		int err = device_unbind(child);

		ret = ret ?: err;
	}
	return ret;
}

/* CAP: what Ember needs of the controller */
static int check_cap(struct udevice *dev)
{
	struct nvme_priv *p = dev_get_priv(dev);
	u64 cap = p->cap;

	if (cap == ~0ULL) {
		dev_err(dev, "controller does not answer (CAP reads all ones)\n");
		return -EIO;
	}
	if (!(cap & NVME_CAP_CSS_NVM)) {
		dev_err(dev, "controller does not support the NVM command set (CAP %#llx)\n",
			(unsigned long long)cap);
		return -ENOSYS;
	}
	if (NVME_CAP_MPSMIN(cap)) {
		dev_err(dev, "controller's pages are at least %u KiB; Ember uses 4 KiB\n",
			4U << NVME_CAP_MPSMIN(cap));
		return -ENOSYS;
	}
	if (NVME_CAP_MQES(cap) < 1) {
		dev_err(dev, "controller's queues hold %u entry\n",
			NVME_CAP_MQES(cap) + 1);
		return -EIO;
	}
	p->dstrd = NVME_CAP_DSTRD(cap);
	p->io_depth = min_t(u32, NVME_CAP_MQES(cap) + 1, NVME_IO_DEPTH);
	/* CAP.TO is in 500 ms units; 0 is taken as the least, one unit */
	p->ready_ms = max_t(u32, NVME_CAP_TO(cap), 1) * 500;
	return 0;
}

/* BAR0: the registers, then as far as the I/O queue's doorbells go */
static int map_regs(struct udevice *dev)
{
	struct nvme_priv *p = dev_get_priv(dev);
	u32 need;
	int ret;

	ret = dm_pci_map_bar(dev, 0, 0, NVME_REG_SIZE, &p->regs);
	if (!ret) {
		p->cap = rd64(p, NVME_REG_CAP);
		ret = check_cap(dev);
		if (ret)
			return ret;
		need = NVME_CQ_HDBL(NVME_IO_QID, p->dstrd) + 4;
		if (need > NVME_REG_SIZE)
			ret = dm_pci_map_bar(dev, 0, 0, need, &p->regs);
	}
	if (ret)
		dev_err(dev, "cannot map BAR0: %d\n", ret);
	return ret;
}

/** struct nvme_plat - what outlives a probe: a test's timeout, or 0 */
struct nvme_plat {
	u32 timeout_ms;
};

static int nvme_probe(struct udevice *dev)
{
	struct nvme_priv *p = dev_get_priv(dev);
	struct nvme_plat *plat = dev_get_plat(dev);
	int ret;

	p->timeout_ms = plat->timeout_ms ?: CONFIG_NVME_TIMEOUT_MS;
	p->dead = false;
	p->busy = false;
	ret = map_regs(dev);
	if (!ret)
		ret = alloc_queues(dev);
	if (!ret)
		ret = enable_admin(dev);
	if (!ret)
		ret = read_ctrl(dev);
	if (!ret)
		ret = set_queues(dev);
	if (!ret)
		ret = create_io(dev);
	if (!ret)
		ret = add_namespaces(dev);
	if (ret) {
		drop_disks(dev);
		release(dev);
	}
	return ret;
}

/*
 * Before an OS runs (or a rescan): the namespaces go; a working
 * controller is told of the shutdown (its cache written out, waited for
 * as long as its RTD3E says, 5 s at least), then disabled, so it holds
 * nothing in Ember's memory
 */
static int nvme_remove(struct udevice *dev)
{
	struct nvme_priv *p = dev_get_priv(dev);
	int ret = drop_disks(dev);

	if (!p->down && !p->dead) {
		u32 cc = nvme_rd32(p, NVME_REG_CC);
		u32 csts = 0;

		wr32(p, NVME_REG_CC, (cc & ~NVME_CC_SHN_MASK) |
		     NVME_CC_SHN_NORMAL);
		if (poll_timeout_us((csts = nvme_rd32(p, NVME_REG_CSTS),
				     (csts & NVME_CSTS_SHST_MASK) ==
				     NVME_CSTS_SHST_DONE || csts == ~0U),
				    p->shutdown_ms * 1000ULL))
			dev_warn(dev, "shutdown not complete in %u ms (CSTS %#x)\n",
				 p->shutdown_ms, csts);
	}
	release(dev);
	return ret;
}

EMBER_DRIVER(nvme) = {
	.name = "nvme",
	.id = UCLASS_NVME,
	.probe = nvme_probe,
	.remove = nvme_remove,
	.priv_size = sizeof(struct nvme_priv),
	.plat_size = sizeof(struct nvme_plat),
};

UCLASS_DRIVER(nvme) = {
	.name = "nvme",
	.id = UCLASS_NVME,
};

static const struct pci_device_id nvme_ids[] = {
	{ PCI_DEVICE_CLASS(NVME_PCI_CLASS, 0xffffff) },
	{ }
};

PCI_DRIVER(nvme) = {
	.ids = nvme_ids,
	.driver = DM_DRIVER_GET(nvme),
};

int nvme_get_info(struct udevice *blk, struct nvme_info *info)
{
	struct udevice *dev = dev_get_parent(blk);
	struct nvme_priv *p;
	struct nvme_ns *ns;

	if (blk->driver != DM_DRIVER_GET(nvme_blk) || !dev ||
	    dev->driver != DM_DRIVER_GET(nvme))
		return -EINVAL;
	p = dev_get_priv(dev);
	ns = dev_get_plat(blk);
	*info = (struct nvme_info){
		.ctrl = dev, .nsid = ns->nsid, .vid = p->vid, .sn = p->sn,
		.mn = p->mn, .fr = p->fr, .nn = p->nn, .vwc = p->vwc,
		.xfer_max = p->xfer_max, .io_depth = p->io_depth,
		.version = nvme_rd32(p, NVME_REG_VS),
	};
	return 0;
}

int nvme_set_timeout(struct udevice *dev, unsigned int timeout_ms)
{
	struct nvme_plat *plat = dev_get_plat(dev);
	struct nvme_priv *p = dev_get_priv(dev);

	if (dev->driver != DM_DRIVER_GET(nvme) || !plat)
		return -EINVAL;
	plat->timeout_ms = timeout_ms;
	if (p)
		p->timeout_ms = timeout_ms;
	return 0;
}

int nvme_scan(bool retry)
{
	struct udevice *dev;
	int last, first = 0;

	pci_probe_all();
	for (uclass_find_first_device(UCLASS_NVME, &dev); dev;
	     uclass_find_next_device(&dev)) {
		int ret;

		if (!retry && (dev->flags & DM_FLAG_PROBE_FAILED))
			continue;	/* said when it failed */
		ret = device_probe(dev);
		if (ret && !first)
			first = ret;
	}
	if (first)
		return first;
	last = blk_find_max_devnum("nvme");
	return last < 0 ? 0 : last + 1;
}

/*
 * "nvme <n>": the PCI buses enumerated, then every controller probed in
 * the order the buses list them, each numbering its namespaces as it
 * does; one whose probe failed is tried again only by 'nvme scan'
 */
static int nvme_scan_found(void)
{
	int last = nvme_scan(false);

	if (last >= 0)
		return last;
	last = blk_find_max_devnum("nvme");
	return last < 0 ? 0 : last + 1;
}

BLK_IF(nvme) = {
	.name = "nvme",
	.scan = nvme_scan_found,
};
