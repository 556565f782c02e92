// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The request engine of the virtio disks (virtio-blk, virtio-scsi): one
 * request queue, up to VDISK_SLOTS requests in flight, each in a slot
 * that the driver pairs with its own header and status buffers.
 *
 * A job is one call: a read, a write, a flush, or a series of commands.
 * Its requests come from its next() (vdisk_next_bytes() for a job that
 * moves bytes: cut into requests of at most req_max bytes, whole blocks,
 * from a buffer or a streamed read's source), are posted by the driver's
 * post() whenever a slot and the ring have room, and are checked by the
 * driver's done() as they come back; the first error ends the job once
 * every request posted has come back. The device is notified after the
 * first request posted to an idle queue, so that it starts at once, then
 * after every VDISK_KICK_EVERY-th (a quarter of the slots) and after the
 * last one posted: a full window reaches it as four batches of 8 MiB
 * (QEMU merges the contiguous requests of a batch into one read, and
 * reads batches on separate threads; doc/performance.md). While at least
 * VDISK_NAP_MIN bytes are out the engine naps (virtio_nap(): WFI until the
 * device's interrupt) where the transport can; it polls for less.
 *
 * The device is untrusted: the ring checks ids and lengths; done() checks
 * what the device wrote; a device that completes nothing for timeout_ms
 * fails the job. A request that timed out stays the device's (only a
 * reset takes it back, and the uclass resets the device when the driver
 * goes): its slot is marked stale and dropped if it ever comes back, and
 * the disk refuses new jobs while the device still holds one.
 */
#ifndef __VIRTIO_DISK_H
#define __VIRTIO_DISK_H

#include <blk.h>
#include <types.h>

struct driver;
struct udevice;
struct virtqueue;
struct virtio_disk;
struct vdisk_job;

#define VDISK_SLOTS		64	/* requests in flight at most */
#define VDISK_KICK_EVERY	(VDISK_SLOTS / 4)	/* requests a notification */
#define VDISK_REQ_MAX		(512 * 1024)	/* data bytes in one request */
#define VDISK_NAP_MIN		VDISK_REQ_MAX	/* bytes out worth a nap */
#define VDISK_BLKSZ_MIN		512
#define VDISK_BLKSZ_MAX		65536
#define VDISK_RETRIES		8	/* times a request is posted again */
#define VDISK_JOB_RETRIES	(4 * VDISK_SLOTS)	/* ... and a job's at most */

/**
 * struct vdisk_req - one request, as the driver posts it
 * @op: the driver's operation code (virtio-blk: VIRTIO_BLK_T_*)
 * @block: the first block (in the job's @blksz units)
 * @buf: @len data bytes (NULL when 0)
 */
struct vdisk_req {
	u32 op;
	u64 block;
	void *buf;
	u32 len;
};

/**
 * struct vdisk_slot - a request slot
 * @req: what was posted in it
 * @busy: posted, not taken back
 * @stale: posted by a job that timed out: dropped when it comes back
 * @retry: came back asking to be posted again (done() said -EAGAIN)
 * @tries: times its request was posted again
 */
struct vdisk_slot {
	struct vdisk_req req;
	bool busy;
	bool stale;
	bool retry;
	u8 tries;
};

/** struct vdisk_ops - what a virtio disk driver gives the engine */
struct vdisk_ops {
	/*
	 * Post slot @s's request (@s->req) on the queue with @s as its
	 * cookie: 0, -ENOSPC when the ring has no room (tried again later),
	 * or -errno
	 */
	int (*post)(struct virtio_disk *vd, struct vdisk_job *job,
		    struct vdisk_slot *s);
	/*
	 * @s came back, @used bytes written: 0, -EAGAIN to have it posted
	 * again (a SCSI unit attention) where vdisk_may_retry() allows, or
	 * -errno (said, or kept for the caller to say)
	 */
	int (*done)(struct virtio_disk *vd, struct vdisk_job *job,
		    struct vdisk_slot *s, u32 used);
	/* what @op does, for messages: "reading" */
	const char *(*op_name)(u32 op);
};

/**
 * struct virtio_disk - the engine's state, one per request queue
 * @dev: the virtio device
 * @stale: requests that timed out, still out
 */
struct virtio_disk {
	struct udevice *dev;
	struct virtqueue *vq;
	const struct vdisk_ops *ops;
	u32 timeout_ms;
	unsigned int stale;
	struct vdisk_slot slot[VDISK_SLOTS];
};

/**
 * struct vdisk_job - one call
 * @next: describe the next request into *@req: 1, 0 when there are no
 *	more, or -errno
 * @ctx: the driver's, for post() and done() (virtio-scsi: the unit)
 * @max_in_flight: requests the device takes at once (0: VDISK_SLOTS)
 * For jobs that move bytes (vdisk_next_bytes()):
 * @op: the operation of every request
 * @blksz: bytes a block; @req_max: data bytes a request at most (whole
 *	blocks)
 * @block: where the next request starts; @buf, @left: the bytes not yet
 *	posted; @src: where the pieces after them come from, for a streamed
 *	read; @started: a request was described (a flush has no bytes: one)
 * The engine's:
 * @held: a request described but not posted (the ring was full)
 * @end: next() said there are no more
 * @retries: requests posted again; @retrying: slots waiting for it
 * @in_flight: requests the device holds; @in_bytes: their data bytes
 * @err: the first error (later requests are still taken back)
 */
struct vdisk_job {
	int (*next)(struct virtio_disk *vd, struct vdisk_job *job,
		    struct vdisk_req *req);
	void *ctx;
	unsigned int max_in_flight;
	u32 op;
	u32 blksz;
	u32 req_max;
	u64 block;
	u8 *buf;
	u64 left;
	struct blk_src *src;
	bool started;
	struct vdisk_req held;
	bool have_held;
	bool end;
	unsigned int retries;
	unsigned int retrying;
	unsigned int in_flight;
	u64 in_bytes;
	int err;
};

/**
 * vdisk_may_retry() - whether @s, back, may be posted again: VDISK_RETRIES
 * times a request, VDISK_JOB_RETRIES a job
 */
static inline bool vdisk_may_retry(const struct vdisk_job *job,
				   const struct vdisk_slot *s)
{
	return s->tries < VDISK_RETRIES && job->retries < VDISK_JOB_RETRIES;
}

/** vdisk_next_bytes() - next() of a job that moves bytes (above) */
int vdisk_next_bytes(struct virtio_disk *vd, struct vdisk_job *job,
		     struct vdisk_req *req);

/**
 * vdisk_run() - run @job to its end: post, wait (bounded: timeout_ms
 * without a request coming back), check, post more. Every request posted
 * is taken back, or left stale after a timeout, before this returns.
 * Return: 0, the first error of done(), next() or post(), -ETIMEDOUT, the
 * device's DEVICE_NEEDS_RESET error, -EIO (a broken ring, or stale
 * requests still out: said)
 */
int vdisk_run(struct virtio_disk *vd, struct vdisk_job *job);

/**
 * struct vdisk_plat - the plat of a virtio disk driver's device
 * @timeout_ms: what vdisk_set_timeout() set (0: the Kconfig default),
 *	taken by probe (so that it bounds the probe's own commands too)
 */
struct vdisk_plat {
	u32 timeout_ms;
};

/**
 * vdisk_set_timeout() - the test hook of both drivers: the timeout of
 * @vdev, from its next probe on and now if it is probed (its driver's priv
 * starts with its struct virtio_disk, its plat is a struct vdisk_plat)
 * Return: 0, or -EINVAL when @vdev is not bound to driver @drv
 */
int vdisk_set_timeout(struct udevice *vdev, const struct driver *drv,
		      unsigned int timeout_ms);

/** vdisk_timeout() - @vdev's timeout at probe: set, else @default_ms */
u32 vdisk_timeout(struct udevice *vdev, u32 default_ms);

/**
 * vdisk_blocks() - @count blocks of @blksz bytes: *@lenp bytes
 * Return: 0, or -ERANGE when that does not fit in 64 bits
 */
int vdisk_blocks(u32 blksz, u64 count, u64 *lenp);

/**
 * vdisk_limits() - data bytes a request at most: @seg_size bytes a piece,
 * @segs pieces (at most VDISK_REQ_MAX), in whole blocks of @blksz
 * Return: that, or 0 when not one block fits
 */
u32 vdisk_limits(u32 seg_size, u32 segs, u32 blksz);

#endif
