// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The NVMe driver's own declarations, shared by its controller half
 * (nvme.c: registers, admin commands, bring-up, namespaces) and its I/O
 * half (nvme_io.c: jobs, PRPs, the block device's operations).
 */
#ifndef __NVME_PRIV_H
#define __NVME_PRIV_H

#include <asm/io.h>
#include <nvme.h>
#include <types.h>

struct udevice;

#define NVME_ADMIN_DEPTH	8	/* admin queue entries */
#define NVME_IO_DEPTH		64	/* I/O queue entries at most */
#define NVME_SLOTS		(NVME_IO_DEPTH - 1)	/* commands in flight */
#define NVME_SLOT_BITS		6	/* a CID's slot; above it, a generation */
#define NVME_XFER_MAX		(512 * 1024)	/* data bytes in one command */
#define NVME_PRP_ENTRIES	(NVME_XFER_MAX / NVME_PAGE_SIZE)
#define NVME_PRP_LIST_BYTES	(NVME_PRP_ENTRIES * 8)
#define NVME_LBADS_MIN		9	/* blocks of 512 bytes ... */
#define NVME_LBADS_MAX		16	/* ... to 64 KiB */
#define NVME_BOUNCE_SIZE	(1U << NVME_LBADS_MAX)	/* a block at least */
#define NVME_IO_QID		1

_Static_assert(NVME_SLOTS < (1 << NVME_SLOT_BITS), "slots in a CID");
_Static_assert(NVME_PRP_LIST_BYTES <= NVME_PAGE_SIZE, "PRP list");

/** struct nvme_queue - a submission queue and its completion queue */
struct nvme_queue {
	struct nvme_sqe *sq;
	struct nvme_cqe *cq;
	u16 qid;
	u16 depth;		/* entries in each */
	u16 sq_tail;
	u16 db_tail;		/* the tail the doorbell last said */
	u16 cq_head;
	u16 phase;		/* the phase tag of a new completion */
	void *sq_db;		/* its doorbells in BAR0 */
	void *cq_db;
};

/**
 * struct nvme_slot - one I/O command slot
 * @prp: its PRP list (1 KiB inside one page)
 * @cid: the command ID it went out with: its index, and a generation above
 *	NVME_SLOT_BITS, so that a late or repeated completion for an earlier
 *	command in the slot is not taken for this one
 * @busy: submitted, not completed
 * @opcode, @lba, @len: what it asked, for messages
 */
struct nvme_slot {
	__le64 *prp;
	u16 cid;
	bool busy;
	u8 opcode;
	u64 lba;
	u32 len;
};

/** struct nvme_ns - a namespace: the plat of its block device */
struct nvme_ns {
	u32 nsid;
	u32 lba_shift;
};

/**
 * struct nvme_priv - a controller
 * @regs: BAR0; @cap: CAP; @dstrd: doorbell stride
 * @ready_ms: CAP.TO, for CC.EN changes; @shutdown_ms: for CC.SHN
 * @timeout_ms: a command's time to complete (CONFIG_NVME_TIMEOUT_MS)
 * @xfer_max: data bytes in one command (MDTS and NVME_XFER_MAX)
 * @io_depth: I/O queue entries
 * @down: disabled after a fault: brought up again before the next command
 * @dead: did not stop when disabled: bus mastering is off, and it is not
 *	used (nor its memory freed) until it is removed
 * @busy: a job or admin command is running (no call nests in another)
 * @gen: the next generation of I/O command IDs
 * @next_admin_cid: the next admin command's id
 */
struct nvme_priv {
	void *regs;
	u64 cap;
	u32 dstrd;
	u32 ready_ms;
	u32 shutdown_ms;
	u32 timeout_ms;
	u32 xfer_max;
	u16 io_depth;
	bool down;
	bool dead;
	bool busy;
	bool vwc;
	u16 vid;
	u16 gen;
	u16 next_admin_cid;
	u32 nn;
	char sn[21];
	char mn[41];
	char fr[9];
	struct nvme_queue admin;
	struct nvme_queue io;
	void *id_buf;		/* one page for Identify data */
	void *bounce;		/* for unaligned buffers: NVME_BOUNCE_SIZE */
	void *prp_pages;	/* the slots' PRP lists */
	struct nvme_slot slot[NVME_SLOTS];
};

static inline u32 nvme_rd32(struct nvme_priv *p, u32 reg)
{
	return readl(p->regs + reg);
}

/* Put @cmd at the tail of @q (the doorbell is rung by nvme_ring_sq()) */
void nvme_queue_cmd(struct nvme_queue *q, const struct nvme_sqe *cmd);
/* Tell the controller of the commands queued, if there are new ones */
void nvme_ring_sq(struct nvme_queue *q);
/* The next completion of @q, or NULL; nvme_cq_pop() then takes it */
struct nvme_cqe *nvme_cq_peek(struct nvme_queue *q);
void nvme_cq_pop(struct nvme_queue *q);
/* Tell the controller of the completions taken */
void nvme_cq_release(struct nvme_queue *q);

/*
 * nvme_disable() - CC.EN 0: the controller drops every queue and command
 * (0); one that does not stop is said, cut off from memory and dead
 * (-ETIMEDOUT or -EIO)
 */
int nvme_disable(struct udevice *dev);
/*
 * nvme_ensure_up() - before a command: 0 when the controller is up (one a
 * fault took down is brought up again), -EIO when it is dead (said)
 */
int nvme_ensure_up(struct udevice *dev);
/*
 * nvme_check_alive() - CSTS read while waiting: 0, or -EIO (said with
 * @what, the controller disabled) for a fatal status or no answer
 */
int nvme_check_alive(struct udevice *dev, const char *what,
		     unsigned int out);
/* What a completion's status says, named where Ember knows it */
const char *nvme_status_name(u16 status);

#endif
