// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The sandbox's NVMe controller model, shared between its files:
 * nvme_emul.c (the PCI function, registers, doorbells, test hooks),
 * nvme_emul_queue.c (commands taken, completed, in which order),
 * nvme_emul_cmd.c (admin and NVM commands), nvme_emul_dma.c (reaching
 * host memory, PRPs), nvme_emul_ns.c (namespaces and their backing) and
 * nvme_emul_tamper.c (the lies a test asks for). See asm/nvme_emul.h.
 */
#ifndef __NVME_EMUL_PRIV_H
#define __NVME_EMUL_PRIV_H

#include <asm/nvme_emul.h>
#include <dm/ofnode.h>
#include <nvme.h>
#include <types.h>

struct sandbox_pci_fn;
struct udevice;

#define NVME_EMUL_BAR_SIZE	0x4000
#define NVME_EMUL_QUEUES	(NVME_EMUL_MAX_IOQ + 1)	/* the admin pair too */
#define NVME_EMUL_PENDING	256	/* commands taken, not yet completed */
#define NVME_EMUL_SHOWN		8	/* violations printed, at most */
#define NVME_EMUL_MAX_BYTES	(256ULL << 20)	/* a namespace in memory */
#define NVME_EMUL_MPSMAX	4	/* pages up to 64 KiB */
#define NVME_EMUL_PAGE_MAX	(NVME_PAGE_SIZE << NVME_EMUL_MPSMAX)

/**
 * struct nvme_emul_queue - one SQ or CQ as the controller holds it
 * @base: its memory (bus address); @size: entries, 0 when it does not
 *	exist
 * @head: SQ: the next entry to take; CQ: the host's head (doorbell)
 * @tail: SQ: the host's tail (doorbell); CQ: where the next entry goes
 * @cqid: SQ: the CQ its completions go to
 * @sqs: CQ: the SQs that complete into it
 * @phase: CQ: the phase tag being written (flips at each wrap)
 * @full: CQ: a completion is waiting for room (counted once)
 */
struct nvme_emul_queue {
	u64 base;
	u32 size;
	u32 head;
	u32 tail;
	u16 cqid;
	u16 sqs;
	bool phase;
	bool full;
};

/**
 * struct nvme_emul_cmd - a command taken from a SQ, until it completes
 * @sqe: the entry, as taken (the host may reuse the slot)
 * @seq: arrival order
 * @due: the poll count from which it may complete
 * @faulty: the test's faults apply to it
 * @conflict: its CID was in flight on its SQ already when it was taken
 * @named: a forged completion named it, so the host may reuse its CID
 *	(not the host's fault: no violation)
 */
struct nvme_emul_cmd {
	struct nvme_sqe sqe;
	u16 sqid;
	bool used;
	bool faulty;
	bool conflict;
	bool named;
	u32 seq;
	u32 due;
};

/**
 * struct nvme_emul_ns - a namespace's medium: @image in memory, or the
 * host file @fd; @bytes of either; @disk its --nvme index, or -1
 */
struct nvme_emul_ns {
	u8 *image;
	int fd;
	int disk;
	u64 bytes;
};

/**
 * struct nvme_emul_id - an Identify page a test set: @page (NULL: the
 * slot is free), its @cns and, for CNS 0, @nsid; what the model takes
 * from it: CNS 0, the namespace's @lbads (0: no usable format) and
 * @blocks; CNS 1, @mdts
 */
struct nvme_emul_id {
	u8 *page;
	u8 cns;
	u32 nsid;
	u8 lbads;
	u64 blocks;
	u8 mdts;
};

/**
 * struct nvme_emul - the controller
 * @cc/@csts/@aqa/@asq/@acq/@intms: registers
 * @page_size: CC.MPS's page, fixed at enable
 * @ready_wait: polls left before CSTS.RDY follows CC.EN
 * @shn_wait: polls left before CSTS.SHST says the shutdown is done
 * @nsqa/@ncqa: I/O queues allocated (Number of Queues), 1-based
 * @wce: the volatile write cache is enabled
 * @taken: commands taken since enable (the faults' @after)
 * @dma_fd: the scratch file that checks copies outside RAM, or -1
 * @bounce: a page (the largest, 64 KiB) between a file and host memory
 * @id: Identify pages a test set (sandbox_nvme_emul_set_identify())
 * @tamper/@nr_tampers: its lies about completion entries
 * @entries: completion entries due since the lies were set (@nth)
 */
struct nvme_emul {
	const char *name;
	struct sandbox_pci_fn *fn;
	struct nvme_emul_opts opts;
	u32 faults;
	u32 fault_after;
	u32 cc, csts, aqa, intms;
	u64 asq, acq;
	u32 page_size;
	u32 ready_wait;
	u32 shn_wait;
	struct nvme_emul_queue sq[NVME_EMUL_QUEUES];
	struct nvme_emul_queue cq[NVME_EMUL_QUEUES];
	u16 nsqa, ncqa;
	bool wce;
	struct nvme_emul_cmd cmd[NVME_EMUL_PENDING];
	u32 inflight;
	u32 seq;
	u32 taken;
	u32 polls;
	struct nvme_emul_ns ns[NVME_EMUL_MAX_NS];
	int dma_fd;
	u8 *bounce;
	struct nvme_emul_id id[NVME_EMUL_MAX_ID];
	struct nvme_emul_tamper tamper[NVME_EMUL_MAX_TAMPERS];
	u32 nr_tampers;
	u32 entries;
	struct nvme_emul_stats stats;
};

/** nvme_emul_running() - enabled, ready, not failed: taking commands */
static inline bool nvme_emul_running(const struct nvme_emul *m)
{
	return (m->cc & NVME_CC_EN) && (m->csts & NVME_CSTS_RDY) &&
	       !(m->csts & NVME_CSTS_CFS);
}

/* nvme_emul.c */
/**
 * nvme_emul_violation() - the driver broke @rule: count it (as a PRP
 * rule when @prp) and say so the first NVME_EMUL_SHOWN times
 */
void nvme_emul_violation(struct nvme_emul *m, const char *rule, bool prp);

/* nvme_emul_queue.c */
/**
 * nvme_emul_run() - take what the SQs hold; complete what is due, at a
 * poll (@from_poll) or, without delay or reversed order, at once
 */
void nvme_emul_run(struct nvme_emul *m, bool from_poll);
/**
 * nvme_emul_abort_sq() - SQ @qid is being deleted: complete what it still
 * has with Command Aborted due to SQ Deletion
 */
void nvme_emul_abort_sq(struct nvme_emul *m, u16 qid);
/** nvme_emul_outstanding() - whether SQ @sqid has command @cid in flight */
bool nvme_emul_outstanding(struct nvme_emul *m, u16 sqid, u16 cid);
/** nvme_emul_find() - SQ @sqid's command @cid in flight, or NULL */
struct nvme_emul_cmd *nvme_emul_find(struct nvme_emul *m, u16 sqid, u16 cid);

/* nvme_emul_cmd.c: each returns a status, NVME_STATUS() with DNR */
u16 nvme_emul_admin(struct nvme_emul *m, struct nvme_emul_cmd *c, u32 *dw0p);
u16 nvme_emul_io(struct nvme_emul *m, struct nvme_emul_cmd *c, u32 *dw0p);

/* nvme_emul_dma.c */
/**
 * nvme_emul_dma() - copy @len bytes between host memory at bus address
 * @addr and @buf: to the host when @to_host. Never faults: an address
 * the sandbox cannot reach (or DMA with bus mastering off) is counted
 * and refused.
 * Return: 0, or -EFAULT
 */
int nvme_emul_dma(struct nvme_emul *m, u64 addr, void *buf, u32 len,
		  bool to_host);
/**
 * typedef nvme_emul_piece - one piece of a transfer: @n bytes at host
 * address @addr, @off bytes into the transfer; Return: a status
 */
typedef u16 (*nvme_emul_piece)(struct nvme_emul *m, u64 addr, u64 off,
			       u32 n, void *ctx);
/**
 * nvme_emul_prp() - walk the PRPs of a transfer of @len bytes (§4.1.1),
 * checking each entry, and hand each piece to @piece (none: only check)
 * Return: a status: 0, PRP Offset Invalid, Data Transfer Error, or
 * @piece's
 */
u16 nvme_emul_prp(struct nvme_emul *m, u64 prp1, u64 prp2, u64 len,
		  nvme_emul_piece piece, void *ctx);
/** nvme_emul_dma_init() / _exit() - the scratch file behind nvme_emul_dma() */
void nvme_emul_dma_init(struct nvme_emul *m);
void nvme_emul_dma_exit(struct nvme_emul *m);

/* nvme_emul_ns.c */
/** nvme_emul_ns_init() - options and namespaces from DT node @node */
int nvme_emul_ns_init(struct nvme_emul *m, ofnode node);
/** nvme_emul_ns_apply() - make the namespaces what @opts says; 0/errno */
int nvme_emul_ns_apply(struct nvme_emul *m, struct nvme_emul_opts *opts);
void nvme_emul_ns_free(struct nvme_emul *m);
/** nvme_emul_ns_bytes() - namespace @i's size in bytes */
u64 nvme_emul_ns_bytes(struct nvme_emul *m, unsigned int i);
/**
 * nvme_emul_ns_rw() - @len bytes of namespace @i at byte @pos to or from
 * @buf, model memory. Return: 0, -ERANGE, -EIO
 */
int nvme_emul_ns_rw(struct nvme_emul *m, unsigned int i, u64 pos, void *buf,
		    u32 len, bool write);
/**
 * nvme_emul_ns_dma() - @len bytes of namespace @i at byte @pos to or from
 * host memory at @addr (a Read when @to_host)
 * Return: 0, or -EFAULT (the address), -EIO (the medium)
 */
int nvme_emul_ns_dma(struct nvme_emul *m, unsigned int i, u64 pos, u64 addr,
		     u32 len, bool to_host);

/* nvme_emul_tamper.c */
/** NVME_EMUL_LIE() - enum nvme_emul_tamper_kind @kind as a bit */
#define NVME_EMUL_LIE(kind)	(1U << NVME_EMUL_TAMPER_##kind)
/**
 * nvme_emul_lie() - the entry due next (number m->entries), *@e as the
 * model makes it for command @c with @status (no phase): the test's CID,
 * SQ ID and status lies for it applied to *@e, counted
 * Return: the other lies that name it, NVME_EMUL_LIE() bits (PHASE,
 * DUP, DROP, CFS); 0 for none
 */
u32 nvme_emul_lie(struct nvme_emul *m, const struct nvme_emul_cmd *c,
		  u16 status, struct nvme_cqe *e);
/**
 * nvme_emul_id_page() - the page a test set for Identify @cns (of @nsid
 * for CNS 0), or NULL
 */
const u8 *nvme_emul_id_page(struct nvme_emul *m, u8 cns, u32 nsid);
/**
 * nvme_emul_ns_geometry() - namespace @i's block size (2^*@lbadsp bytes)
 * and size in blocks (within its medium) as Identify says them, a test's
 * page or the options. Return: false when its format is not usable
 */
bool nvme_emul_ns_geometry(struct nvme_emul *m, unsigned int i, u8 *lbadsp,
			   u64 *blocksp);
/** nvme_emul_mdts() - the MDTS Identify Controller says (20 at most) */
u8 nvme_emul_mdts(struct nvme_emul *m);
/** nvme_emul_lies_free() - the test's pages freed, its lies gone */
void nvme_emul_lies_free(struct nvme_emul *m);

#endif
