// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The request engine of the virtio disks (virtio_disk.h): jobs of
 * requests in slots, posted as room allows, checked as they come back,
 * waited for with a bound.
 */
#include <dm.h>
#include <stdio.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "virtio_disk.h"

#define VDISK_NAP_US	CONFIG_VIRTIO_NUDGE_US	/* a nap at most */

int vdisk_blocks(u32 blksz, u64 count, u64 *lenp)
{
	if (!blksz || count > ~0ULL / blksz)
		return -ERANGE;
	*lenp = count * blksz;
	return 0;
}

int vdisk_set_timeout(struct udevice *vdev, const struct driver *drv,
		      unsigned int timeout_ms)
{
	struct vdisk_plat *plat = dev_get_plat(vdev);
	struct virtio_disk *vd = dev_get_priv(vdev);

	if (vdev->driver != drv || !plat)
		return -EINVAL;
	plat->timeout_ms = timeout_ms;
	if (vd)
		vd->timeout_ms = timeout_ms;
	return 0;
}

u32 vdisk_timeout(struct udevice *vdev, u32 default_ms)
{
	struct vdisk_plat *plat = dev_get_plat(vdev);

	return plat->timeout_ms ? plat->timeout_ms : default_ms;
}

u32 vdisk_limits(u32 seg_size, u32 segs, u32 blksz)
{
	u64 max = min_t(u64, (u64)seg_size * segs, VDISK_REQ_MAX);

	return max / blksz * blksz;
}

/*
 * The next piece of a streamed read into @job: 1, 0 at the source's end,
 * or -errno (the source's, or -ERANGE for a piece too large to say)
 */
static int pull(struct vdisk_job *job)
{
	struct blk_vec vec;
	int ret;

	do {
		ret = job->src->next(job->src, &vec);
		if (ret <= 0)
			return ret;
		ret = vdisk_blocks(job->blksz, vec.count, &job->left);
		if (ret)
			return ret;
	} while (!job->left);
	job->block = vec.start;
	job->buf = vec.buf;
	return 1;
}

int vdisk_next_bytes(struct virtio_disk *vd, struct vdisk_job *job,
		     struct vdisk_req *req)
{
	u32 len;
	int ret;

	if (!job->left) {
		if (job->src) {
			ret = pull(job);
			if (ret <= 0)
				return ret;
		} else if (job->started) {
			return 0;
		}
	}
	len = min_t(u64, job->left, job->req_max);
	*req = (struct vdisk_req){
		.op = job->op, .block = job->block, .buf = job->buf, .len = len,
	};
	if (len) {	/* a flush has no buffer: NULL + 0 is not C */
		job->block += len / job->blksz;
		job->buf += len;
		job->left -= len;
	}
	job->started = true;
	return 1;
}

/* Whether @job has a request still to post */
static bool more(const struct vdisk_job *job)
{
	return job->retrying || job->have_held || !job->end;
}

/* Whether the device takes another request of @job now */
static bool room(const struct vdisk_job *job)
{
	return !job->err && (!job->max_in_flight ||
			     job->in_flight < job->max_in_flight);
}

/* Post @s (its request set): 0, -ENOSPC, or -errno into the job */
static int post_slot(struct virtio_disk *vd, struct vdisk_job *job,
		     struct vdisk_slot *s)
{
	int ret = vd->ops->post(vd, job, s);

	if (ret == -ENOSPC)
		return ret;
	if (ret) {
		job->err = ret;
		return ret;
	}
	s->busy = true;
	s->stale = false;
	job->in_flight++;
	job->in_bytes += s->req.len;
	return 0;
}

/*
 * Post what the free slots and the ring take, the next request described
 * as a slot needs one, notifying as the header says
 */
static void fill(struct virtio_disk *vd, struct vdisk_job *job)
{
	bool idle = !job->in_flight;
	unsigned int posted = 0;

	for (int i = 0; i < VDISK_SLOTS && job->retrying && room(job); i++) {
		struct vdisk_slot *s = &vd->slot[i];

		if (!s->retry)
			continue;
		if (post_slot(vd, job, s))
			break;
		s->retry = false;
		job->retrying--;
		posted++;
	}
	for (int i = 0; i < VDISK_SLOTS && more(job) && room(job); i++) {
		struct vdisk_slot *s = &vd->slot[i];
		int ret;

		if (s->busy || s->retry)
			continue;
		if (job->retrying)
			break;	/* the ring is full */
		if (!job->have_held) {
			ret = job->next(vd, job, &job->held);
			if (ret <= 0) {
				job->err = ret;
				job->end = true;
				break;
			}
			job->have_held = true;
		}
		s->req = job->held;
		s->tries = 0;
		if (post_slot(vd, job, s))
			break;
		job->have_held = false;
		if (++posted % VDISK_KICK_EVERY == 0 || (idle && posted == 1))
			virtqueue_kick(vd->vq);
	}
	virtqueue_kick(vd->vq);	/* nothing when nothing is new */
}

/* Take back whatever the device used: stale slots freed, the others checked */
static void reap(struct virtio_disk *vd, struct vdisk_job *job,
		 bool *progress)
{
	struct vdisk_slot *s;
	unsigned int used;
	int ret;

	while ((s = virtqueue_get_buf(vd->vq, &used))) {
		s->busy = false;
		*progress = true;
		if (s->stale) {
			s->stale = false;
			vd->stale--;
			continue;
		}
		job->in_flight--;
		job->in_bytes -= s->req.len;
		/* One message per call: the first error's */
		if (job->err)
			continue;
		ret = vd->ops->done(vd, job, s, used);
		if (ret == -EAGAIN && vdisk_may_retry(job, s)) {
			s->tries++;
			job->retries++;
			job->retrying++;
			s->retry = true;
			continue;
		}
		/* Out of tries: done() said what the device kept saying */
		job->err = ret == -EAGAIN ? -EIO : ret;
	}
}

/* Nothing came back in time: the requests out stay the device's */
static int timed_out(struct virtio_disk *vd, struct vdisk_job *job)
{
	int ret = virtio_check_status(vd->dev);

	for (int i = 0; i < VDISK_SLOTS; i++) {
		if (vd->slot[i].busy && !vd->slot[i].stale) {
			vd->slot[i].stale = true;
			vd->stale++;
		}
	}
	if (ret)
		return ret;	/* DEVICE_NEEDS_RESET, said */
	dev_err(vd->dev, "device completed nothing in %u ms %s (%u in flight)\n",
		vd->timeout_ms, vd->ops->op_name(job->op), job->in_flight);
	return -ETIMEDOUT;
}

static int run_job(struct virtio_disk *vd, struct vdisk_job *job)
{
	struct poll_pace pace = POLL_PACE(PACE_RING);
	u64 timeout_us = vd->timeout_ms * 1000ULL;
	bool progress = false;

	if (virtqueue_is_broken(vd->vq))
		return -EIO;	/* said by the ring when it broke */
	reap(vd, job, &progress);	/* stale ones that came back since */
	if (vd->stale) {
		dev_err(vd->dev, "device still holds %u timed-out request%s: not used until it is reset\n",
			vd->stale, vd->stale == 1 ? "" : "s");
		return -EIO;
	}
	do {
		if (!job->err)
			fill(vd, job);
		if (!job->in_flight)
			break;
		progress = false;
		reap(vd, job, &progress);
		if (progress) {
			pace_restart(&pace);
			continue;
		}
		if (virtqueue_is_broken(vd->vq))
			return -EIO;	/* said by the ring */
		if (pace_elapsed(&pace, timeout_us))
			return timed_out(vd, job);
		if (job->in_bytes >= VDISK_NAP_MIN &&
		    virtio_nap(vd->dev, vd->vq, VDISK_NAP_US))
			pace_slept(&pace);
		else
			cpu_relax();
	} while (more(job) || job->in_flight);
	if (!job->err && more(job))
		job->err = -ENOSPC;	/* nothing could be posted */
	return job->err;
}

/* ... then nothing left pending of its naps (virtio_nap_end()) */
int vdisk_run(struct virtio_disk *vd, struct vdisk_job *job)
{
	int ret = run_job(vd, job);

	/* Requests waiting to be posted again go with the job */
	for (int i = 0; i < VDISK_SLOTS; i++)
		vd->slot[i].retry = false;

	virtio_nap_end(vd->dev);
	return ret;
}
