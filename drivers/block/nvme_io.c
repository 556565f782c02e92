// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * NVMe I/O: the block device of a namespace ("nvme <n>") reads, writes,
 * flushes and streams through its controller's I/O queue pair (the
 * controller half is nvme.c; doc/develop/storage.md).
 *
 * A call is a job, in the shape virtio-blk's is: its bytes cut into
 * commands of at most xfer_max bytes, up to NVME_SLOTS of them in flight
 * (never more than the I/O queue holds), each slot with its own PRP list
 * (the pages after the first: 512 KiB is 129 pages at most, a list of
 * 1 KiB that never crosses a page). A streamed read asks its source for
 * the next piece whenever a slot is free. The doorbell is written after
 * the first command to an idle queue and after the last of a pass: each
 * write is a trap into QEMU, and more of them made loads slower
 * (doc/performance.md). Data moves straight between the controller and
 * the caller's buffer, except where the buffer is not 4-byte aligned (a
 * PRP's offset must be): that job, or that piece of a stream, goes
 * through a 64 KiB bounce buffer, a command at a time.
 *
 * The controller is untrusted. A completion must name a busy slot with
 * the generation the slot's command went out with, on the I/O queue; a
 * status other than success fails the call with the status named; a
 * controller that completes nothing for timeout_ms, or whose CSTS shows a
 * fatal status or no answer (read while waiting), is disabled at once
 * and the call fails. The first error is said once; every other command
 * still out is waited for, or dropped with the controller, before the
 * call returns.
 */
#define LOG_CATEGORY "nvme"

#include <blk.h>
#include <byteorder.h>
#include <dm.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "nvme_priv.h"

/**
 * struct nvme_job - one call: commands still to submit, and how it goes
 * @lba: where the next command starts; @buf, @left: its bytes still to go
 * @src: where the pieces after this one come from, for a streamed read;
 *	@src_end: it said there are no more
 * @started: a command was submitted (a flush has no bytes: one command)
 * @in_flight: its commands the controller holds
 * @err: the first error (later commands are still taken back)
 */
struct nvme_job {
	struct udevice *blk;
	u8 opcode;
	u64 lba;
	u8 *buf;
	u64 left;
	struct blk_src *src;
	bool src_end;
	bool started;
	unsigned int in_flight;
	int err;
};

static const char *opcode_name(u8 op)
{
	switch (op) {
	case NVME_CMD_READ:
		return "reading";
	case NVME_CMD_WRITE:
		return "writing";
	default:
		return "flushing";
	}
}

/* Whether @job has a command still to submit */
static bool more(const struct nvme_job *job)
{
	return job->left || (job->src && !job->src_end) || !job->started;
}

/*
 * The data pointer of @len bytes at @buf: PRP1 the first page, PRP2 the
 * second or the slot's list of every page after the first
 */
static void set_prps(struct nvme_slot *s, struct nvme_sqe *cmd, u8 *buf,
		     u32 len)
{
	u64 addr = map_to_sysmem(buf);
	u32 first = NVME_PAGE_SIZE - (addr & (NVME_PAGE_SIZE - 1));
	u64 page = (addr & ~(u64)(NVME_PAGE_SIZE - 1)) + NVME_PAGE_SIZE;
	u32 n = 0;

	cmd->prp1 = cpu_to_le64(addr);
	if (len <= first)
		return;
	if (len - first <= NVME_PAGE_SIZE) {
		cmd->prp2 = cpu_to_le64(page);
		return;
	}
	for (u32 done = first; done < len; done += NVME_PAGE_SIZE)
		s->prp[n++] = cpu_to_le64(page + (u64)(done - first));
	cmd->prp2 = cpu_to_le64(map_to_sysmem(s->prp));
}

/* Queue the next command of @job in free slot @i */
static void post(struct nvme_priv *p, struct nvme_job *job, int i)
{
	struct nvme_ns *ns = dev_get_plat(job->blk);
	struct nvme_slot *s = &p->slot[i];
	u32 len = min_t(u64, job->left, p->xfer_max);
	struct nvme_sqe cmd = {
		.opcode = job->opcode,
		.nsid = cpu_to_le32(ns->nsid),
	};

	s->cid = (u16)(p->gen++ << NVME_SLOT_BITS) | i;
	cmd.cid = cpu_to_le16(s->cid);
	if (len) {
		set_prps(s, &cmd, job->buf, len);
		cmd.cdw10 = cpu_to_le32((u32)job->lba);
		cmd.cdw11 = cpu_to_le32(job->lba >> 32);
		cmd.cdw12 = cpu_to_le32((len >> ns->lba_shift) - 1);
	}
	s->busy = true;
	s->opcode = job->opcode;
	s->lba = job->lba;
	s->len = len;
	nvme_queue_cmd(&p->io, &cmd);
	if (len) {	/* a flush has no buffer: NULL + 0 is not C */
		job->lba += len >> ns->lba_shift;
		job->buf += len;
		job->left -= len;
	}
	job->started = true;
	job->in_flight++;
}

/* The next piece of a streamed read: 1, 0 at the source's end, or -errno */
static int pull(struct nvme_job *job)
{
	struct nvme_ns *ns = dev_get_plat(job->blk);
	struct blk_vec vec;
	int ret;

	do {	/* the uclass leaves empty pieces out; never post one */
		ret = job->src->next(job->src, &vec);
		if (ret <= 0)
			return ret;
	} while (!vec.count);
	if (vec.count > (~0ULL >> ns->lba_shift))
		return -ERANGE;
	job->lba = vec.start;
	job->left = vec.count << ns->lba_shift;
	job->buf = vec.buf;
	return 1;
}

/* Queue what the free slots take; ring after the first to an idle queue */
static void fill(struct nvme_priv *p, struct nvme_job *job)
{
	bool idle = !job->in_flight;

	for (int i = 0; i < p->io_depth - 1 && more(job) && !job->err; i++) {
		if (p->slot[i].busy)
			continue;
		if (!job->left && job->src) {
			int ret = pull(job);

			if (ret <= 0) {
				job->err = ret;
				job->src_end = true;
				break;
			}
		}
		post(p, job, i);
		if (idle) {
			nvme_ring_sq(&p->io);
			idle = false;
		}
	}
	nvme_ring_sq(&p->io);	/* nothing when nothing is new */
}

/* The first failed status of @job, said */
static int failed(struct udevice *dev, struct nvme_job *job,
		  const struct nvme_slot *s, u16 status)
{
	if (s->opcode == NVME_CMD_FLUSH)
		dev_err(dev, "flushing: %s (type %u, code %#x)\n",
			nvme_status_name(status), NVME_STATUS_SCT(status),
			NVME_STATUS_SC(status));
	else
		dev_err(dev, "%s %u bytes at block %llu: %s (type %u, code %#x)\n",
			opcode_name(s->opcode), s->len,
			(unsigned long long)s->lba, nvme_status_name(status),
			NVME_STATUS_SCT(status), NVME_STATUS_SC(status));
	if (NVME_STATUS_SCT(status) == NVME_SCT_GENERIC &&
	    NVME_STATUS_SC(status) == NVME_SC_LBA_RANGE)
		return -ERANGE;
	if (NVME_STATUS_SCT(status) == NVME_SCT_GENERIC &&
	    NVME_STATUS_SC(status) == NVME_SC_NS_WRITE_PROTECTED)
		return -EROFS;
	return -EIO;
}

/*
 * Take back what completed: 1 when something did, 0 when nothing, or
 * -EIO for a completion that names no command of ours (said; the
 * controller is disabled, which drops the others)
 */
static int reap(struct udevice *dev, struct nvme_job *job)
{
	struct nvme_priv *p = dev_get_priv(dev);
	struct nvme_queue *q = &p->io;
	struct nvme_cqe *e;
	int got = 0;

	while ((e = nvme_cq_peek(q))) {
		u16 cid = le16_to_cpu(e->cid), status = le16_to_cpu(e->status);
		u16 sqid = le16_to_cpu(e->sq_id);
		u16 i = cid & ((1 << NVME_SLOT_BITS) - 1);
		struct nvme_slot *s = &p->slot[i];

		if (i >= NVME_SLOTS || !s->busy || s->cid != cid ||
		    sqid != q->qid) {
			dev_err(dev, "completion for command %#x on queue %u: not one of ours\n",
				cid, sqid);
			nvme_disable(dev);
			return -EIO;
		}
		nvme_cq_pop(q);
		s->busy = false;
		job->in_flight--;
		got = 1;
		if ((status >> 1) && !job->err)
			job->err = failed(dev, job, s, status);
	}
	if (got)
		nvme_cq_release(q);
	return got;
}

/* Nothing came back in time: disable, so the commands out are dropped */
static int timed_out(struct udevice *dev, struct nvme_job *job)
{
	struct nvme_priv *p = dev_get_priv(dev);

	dev_err(dev, "no command completed in %u ms %s (%u out): controller reset\n",
		p->timeout_ms, opcode_name(job->opcode), job->in_flight);
	nvme_disable(dev);
	return -ETIMEDOUT;
}

/*
 * Run @job to its end (bounded: timeout_ms without a completion; the
 * controller's status looked at every PACE_RING idle passes)
 */
static int run_job(struct udevice *dev, struct nvme_job *job)
{
	struct nvme_priv *p = dev_get_priv(dev);
	struct poll_pace pace = POLL_PACE(PACE_RING);
	unsigned int idle = 0;
	int ret;

	do {
		if (!job->err)
			fill(p, job);
		if (!job->in_flight)
			break;
		ret = reap(dev, job);
		if (ret < 0)
			return ret;
		if (ret) {
			pace_restart(&pace);
			idle = 0;
			continue;
		}
		if (++idle % PACE_RING == 0) {
			ret = nvme_check_alive(dev, opcode_name(job->opcode),
					       job->in_flight);
			if (ret)
				return ret;
		}
		if (pace_elapsed(&pace, p->timeout_ms * 1000ULL))
			return timed_out(dev, job);
		cpu_relax();
	} while (more(job) || job->in_flight);
	return job->err;
}

static int run(struct udevice *dev, struct nvme_job *job)
{
	struct nvme_priv *p = dev_get_priv(dev);
	int ret;

	if (p->busy) {
		dev_err(dev, "%s while another command runs: refused\n",
			opcode_name(job->opcode));
		return -EBUSY;
	}
	ret = nvme_ensure_up(dev);
	if (ret)
		return ret;
	p->busy = true;
	ret = run_job(dev, job);
	p->busy = false;
	return ret;
}

/*
 * A job whose buffer the controller cannot address, NVME_BOUNCE_SIZE
 * (whole blocks) at a time through the bounce buffer
 */
static int run_bounced(struct udevice *dev, struct nvme_job *job)
{
	struct nvme_priv *p = dev_get_priv(dev);
	struct nvme_ns *ns = dev_get_plat(job->blk);
	u8 *buf = job->buf;
	u64 left = job->left;
	int ret = 0;

	while (left && !ret) {
		u32 len = min_t(u64, left, NVME_BOUNCE_SIZE);
		struct nvme_job one = {
			.blk = job->blk, .opcode = job->opcode, .lba = job->lba,
			.buf = p->bounce, .left = len,
		};

		if (job->opcode == NVME_CMD_WRITE)
			memcpy(p->bounce, buf, len);
		ret = run(dev, &one);
		if (!ret && job->opcode == NVME_CMD_READ)
			memcpy(buf, p->bounce, len);
		job->lba += len >> ns->lba_shift;
		buf += len;
		left -= len;
	}
	return ret;
}

static bool addressable(const void *buf)
{
	return !(map_to_sysmem(buf) & 3);
}

static int transfer(struct udevice *blk, u8 opcode, u64 start, u64 count,
		    void *buf)
{
	struct nvme_ns *ns = dev_get_plat(blk);
	struct nvme_job job = {
		.blk = blk, .opcode = opcode, .lba = start, .buf = buf,
	};

	if (count > (~0ULL >> ns->lba_shift))
		return -ERANGE;
	job.left = count << ns->lba_shift;
	if (!addressable(buf))
		return run_bounced(dev_get_parent(blk), &job);
	return run(dev_get_parent(blk), &job);
}

static long nvme_blk_read(struct udevice *blk, u64 start, u64 count,
			  void *buf)
{
	int ret;

	if (!count)
		return 0;
	ret = transfer(blk, NVME_CMD_READ, start, count, buf);
	return ret ? ret : (long)count;
}

static long nvme_blk_write(struct udevice *blk, u64 start, u64 count,
			   const void *buf)
{
	int ret;

	if (!count)
		return 0;
	ret = transfer(blk, NVME_CMD_WRITE, start, count, (void *)buf);
	return ret ? ret : (long)count;
}

/* A source that gives the pieces it was given, but only aligned ones */
struct nvme_aligned_src {
	struct blk_src src;
	struct blk_src *from;
	struct blk_vec held;	/* an unaligned piece, for the caller */
	bool holding;
};

static int aligned_next(struct blk_src *src, struct blk_vec *vec)
{
	struct nvme_aligned_src *a = container_of(src, struct nvme_aligned_src,
						  src);
	int ret = a->from->next(a->from, vec);

	if (ret > 0 && vec->count && !addressable(vec->buf)) {
		a->held = *vec;
		a->holding = true;
		return 0;	/* the stream ends here; the caller reads it */
	}
	return ret;
}

/*
 * A streamed read: the pieces as commands, several in flight; a piece
 * into an unaligned buffer ends one stream, is read bounced, and the
 * next stream goes on from the piece after it
 */
static int nvme_blk_read_stream(struct udevice *blk, struct blk_src *src)
{
	struct nvme_ns *ns = dev_get_plat(blk);
	struct nvme_aligned_src a = { { aligned_next }, src };
	int ret;

	for (;;) {
		struct nvme_job job = {
			.blk = blk, .opcode = NVME_CMD_READ, .src = &a.src,
			.started = true,
		};

		a.holding = false;
		ret = run(dev_get_parent(blk), &job);
		if (ret || !a.holding)
			return ret;
		if (a.held.count > (~0ULL >> ns->lba_shift))
			return -ERANGE;
		job = (struct nvme_job){
			.blk = blk, .opcode = NVME_CMD_READ,
			.lba = a.held.start, .buf = a.held.buf,
			.left = a.held.count << ns->lba_shift,
		};
		ret = run_bounced(dev_get_parent(blk), &job);
		if (ret)
			return ret;
	}
}

/* A Flush of the namespace, where the controller has a volatile cache */
static int nvme_blk_flush(struct udevice *blk)
{
	struct nvme_priv *p = dev_get_priv(dev_get_parent(blk));
	struct nvme_job job = { .blk = blk, .opcode = NVME_CMD_FLUSH };

	if (!p->vwc)
		return 0;
	return run(dev_get_parent(blk), &job);
}

static const struct blk_ops nvme_blk_ops = {
	.read = nvme_blk_read,
	.read_stream = nvme_blk_read_stream,
	.write = nvme_blk_write,
	.flush = nvme_blk_flush,
};

EMBER_DRIVER(nvme_blk) = {
	.name = "nvme_blk",
	.id = UCLASS_BLK,
	.ops = &nvme_blk_ops,
	.plat_size = sizeof(struct nvme_ns),
};
