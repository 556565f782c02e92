// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio block device (VIRTIO 1.2 §5.2): one request queue; the disk is a
 * block device ("virtio <n>", include/blk.h) made at probe, when its size
 * is known.
 *
 * A read, write, flush or get-ID is a job: its bytes are cut into requests
 * of at most req_max bytes (whole blocks; the device's SIZE_MAX and
 * SEG_MAX allowing), each a header, the caller's buffer in one or more
 * pieces, and a status byte. Up to VBLK_SLOTS requests are in flight at
 * once; each one that comes back has its status checked and frees its
 * slot for the next. The device is notified after the first request
 * posted to an idle queue, so that it starts at once, then after every
 * VBLK_KICK_EVERY-th (a quarter of the slots) and after the last one
 * posted: a full window reaches it as four batches of 8 MiB (QEMU merges
 * the contiguous requests of a batch into one read, and reads batches on
 * separate threads). Fewer, larger batches make a cold load wait less for
 * QEMU (under TCG each batch it has not had before costs it a new
 * coroutine stack, which waits while guest memory is faulted in); two
 * were slower again where the host backs guest memory slowly
 * (doc/performance.md). The driver waits for no notification, as the
 * device suppresses the ones it does not want. While at least
 * VBLK_NAP_MIN bytes are out the driver naps (virtio_nap(): WFI until the
 * device's interrupt) where the transport can; it polls for less (a
 * wake-up costs about 100 us under QEMU, more than a small request takes)
 * and elsewhere. Data moves straight between the device and the
 * caller's buffer (no copy: a disk is read at the speed the device
 * gives). The status byte starts as VBLK_S_UNSET, a value no device
 * writes, so a request the device answered without writing its status is
 * an error even where the used length cannot tell (legacy interfaces,
 * whose used lengths the spec asks drivers to ignore: §5.2.6.3).
 *
 * The device is untrusted: the ring checks ids and lengths; here a used
 * length short of the status byte (modern interfaces), a status that is
 * not OK, IOERR or UNSUPP, and a device that completes nothing for
 * timeout_ms are errors, reported once per call with the device's name. A
 * request that timed out stays the device's (only a reset takes it back,
 * and the uclass resets the device when the driver goes): its slot is
 * marked stale and dropped if it ever comes back, and the disk refuses new
 * requests while the device still holds one.
 */
#define LOG_CATEGORY "virtio-blk"

#include <blk.h>
#include <byteorder.h>
#include <dm.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <virtio.h>
#include <virtio_blk.h>
#include <virtio_ring.h>

#define VBLK_SLOTS	64		/* requests in flight at most */
#define VBLK_KICK_EVERY	(VBLK_SLOTS / 4)	/* requests in one notification */
#define VBLK_MAX_SEGS	8		/* data pieces in one request */
#define VBLK_REQ_MAX	(512 * 1024)	/* data bytes in one request */
#define VBLK_NAP_US	CONFIG_VIRTIO_NUDGE_US	/* a nap at most */
#define VBLK_NAP_MIN	VBLK_REQ_MAX	/* bytes out worth a nap */
#define VBLK_S_UNSET	0xff		/* the status before the device's */
#define VBLK_BLKSZ_MIN	512
#define VBLK_BLKSZ_MAX	65536

/**
 * struct vblk_req - one request slot
 * @hdr: the header the device reads
 * @status: the byte the device writes last
 * @type: VIRTIO_BLK_T_*
 * @len: data bytes
 * @busy: posted, not taken back
 * @stale: posted by a call that timed out: dropped when it comes back
 */
struct vblk_req {
	struct virtio_blk_req_hdr hdr;
	u8 status;
	u32 type;
	u32 len;
	bool busy;
	bool stale;
};

/**
 * struct vblk_job - one call: the bytes still to post, and how it goes
 * @sector: where the next request starts (512-byte units)
 * @left: bytes not yet posted, from @buf on
 * @src: where the pieces after this one come from, for a streamed read;
 *	@src_end: it said there are no more
 * @started: a request was posted (a flush has no bytes: one request; a
 *	streamed read starts with it set, and may post none)
 * @in_flight: its requests the device holds; @in_bytes: their data bytes
 * @err: the first error (later requests are still taken back)
 */
struct vblk_job {
	u32 type;
	u64 sector;
	u8 *buf;
	u64 left;
	struct blk_src *src;
	bool src_end;
	bool started;
	unsigned int in_flight;
	u64 in_bytes;
	int err;
};

/* Whether @job has a request still to post */
static bool more(const struct vblk_job *job)
{
	return job->left || (job->src && !job->src_end) || !job->started;
}

struct virtio_blk_priv {
	struct virtqueue *vq;
	struct udevice *blk;
	u32 seg_size;		/* bytes in one data piece */
	u32 max_segs;		/* data pieces in one request */
	u32 req_max;		/* data bytes in one request */
	u32 timeout_ms;
	unsigned int stale;	/* requests that timed out, still out */
	u8 id[VIRTIO_BLK_ID_BYTES];
	struct vblk_req req[VBLK_SLOTS];
};

static const char *type_name(u32 type)
{
	switch (type) {
	case VIRTIO_BLK_T_IN:
		return "reading";
	case VIRTIO_BLK_T_OUT:
		return "writing";
	case VIRTIO_BLK_T_FLUSH:
		return "flushing";
	default:
		return "asking its ID";
	}
}

/* Post the next request of @job in slot @r; 0, -ENOSPC (ring full), ... */
static int post(struct virtio_blk_priv *priv, struct vblk_job *job,
		struct vblk_req *r)
{
	struct virtio_sg sg[VBLK_MAX_SEGS + 2];
	unsigned int n = 0, out;
	u32 len;
	int ret;

	len = min_t(u64, job->left, priv->req_max);

	r->hdr.type = cpu_to_le32(job->type);
	r->hdr.reserved = 0;
	r->hdr.sector = cpu_to_le64(job->sector);
	r->status = VBLK_S_UNSET;
	sg[n++] = (struct virtio_sg){ &r->hdr, sizeof(r->hdr) };
	for (u32 off = 0; off < len; off += priv->seg_size)
		sg[n++] = (struct virtio_sg){ job->buf + off,
					      min(priv->seg_size, len - off) };
	sg[n++] = (struct virtio_sg){ &r->status, 1 };
	/* The data is the device's to write for a read and an ID */
	out = job->type == VIRTIO_BLK_T_OUT || !len ? n - 1 : 1;
	ret = virtqueue_add(priv->vq, sg, out, n - out, r);
	if (ret)
		return ret;
	r->type = job->type;
	r->len = len;
	r->busy = true;
	r->stale = false;
	if (len) {	/* a flush has no buffer: NULL + 0 is not C */
		job->sector += len / VIRTIO_BLK_SECTOR;
		job->buf += len;
		job->left -= len;
	}
	job->started = true;
	job->in_flight++;
	job->in_bytes += len;
	return 0;
}

/* @count blocks of @blk from block @start: the sectors and bytes */
static int blocks_to_bytes(struct udevice *blk, u64 start, u64 count,
			   u64 *sectorp, u64 *lenp)
{
	struct blk_desc *d = blk_get_desc(blk);
	u32 spb = d->blksz / VIRTIO_BLK_SECTOR;

	if (count > ~0ULL / d->blksz || start > ~0ULL / spb)
		return -ERANGE;
	*sectorp = start * spb;
	*lenp = count * d->blksz;
	return 0;
}

/*
 * The next piece of a streamed read into @job: 1, 0 at the source's end,
 * or -errno (the source's, or -ERANGE for a piece past what a request
 * can say)
 */
static int pull(struct virtio_blk_priv *priv, struct vblk_job *job)
{
	struct blk_vec vec;
	int ret;

	do {
		ret = job->src->next(job->src, &vec);
		if (ret <= 0)
			return ret;
		ret = blocks_to_bytes(priv->blk, vec.start, vec.count,
				      &job->sector, &job->left);
		if (ret)
			return ret;
	} while (!job->left);
	job->buf = vec.buf;
	return 1;
}

/*
 * Post what the free slots and the ring take (a streamed read's source
 * asked for its next piece as a slot needs one), notifying as the file's
 * header says
 */
static void fill(struct virtio_blk_priv *priv, struct vblk_job *job)
{
	bool idle = !job->in_flight;
	unsigned int posted = 0;

	for (int i = 0; i < VBLK_SLOTS && more(job) && !job->err; i++) {
		struct vblk_req *r = &priv->req[i];
		int ret;

		if (r->busy)
			continue;
		if (!job->left && job->src) {
			ret = pull(priv, job);
			if (ret <= 0) {
				job->err = ret;
				job->src_end = true;
				break;
			}
		}
		ret = post(priv, job, r);
		if (ret == -ENOSPC)
			break;
		if (ret) {
			job->err = ret;
			break;
		}
		if (++posted % VBLK_KICK_EVERY == 0 || (idle && posted == 1))
			virtqueue_kick(priv->vq);
	}
	virtqueue_kick(priv->vq);	/* nothing when nothing is new */
}

/* A request came back with @used bytes written: 0 or what went wrong */
static int check_done(struct udevice *dev, struct vblk_req *r, u32 used)
{
	bool data_in = r->type == VIRTIO_BLK_T_IN ||
		       r->type == VIRTIO_BLK_T_GET_ID;
	u32 want = (data_in ? r->len : 0) + 1;

	/* A legacy device's used length is not to be trusted (§5.2.6.3) */
	if (!virtio_is_legacy(dev) && used < want) {
		dev_err(dev, "used length %u does not cover the status byte (%u expected) %s %u bytes at sector %llu\n",
			used, want, type_name(r->type), r->len,
			(unsigned long long)le64_to_cpu(r->hdr.sector));
		return -EIO;
	}
	switch (r->status) {
	case VIRTIO_BLK_S_OK:
		return 0;
	case VIRTIO_BLK_S_UNSUPP:
		if (r->type != VIRTIO_BLK_T_GET_ID)
			dev_err(dev, "device does not support %s\n",
				type_name(r->type));
		return -ENOSYS;
	case VIRTIO_BLK_S_IOERR:
		if (r->type != VIRTIO_BLK_T_GET_ID)
			dev_err(dev, "I/O error %s %u bytes at sector %llu\n",
				type_name(r->type), r->len,
				(unsigned long long)le64_to_cpu(r->hdr.sector));
		return -EIO;
	default:
		dev_err(dev, "bad status %#x %s %u bytes at sector %llu\n",
			r->status, type_name(r->type), r->len,
			(unsigned long long)le64_to_cpu(r->hdr.sector));
		return -EIO;
	}
}

/* Take back whatever the device used: stale slots freed, the others checked */
static void reap(struct udevice *dev, struct vblk_job *job, bool *progress)
{
	struct virtio_blk_priv *priv = dev_get_priv(dev);
	struct vblk_req *r;
	unsigned int used;

	while ((r = virtqueue_get_buf(priv->vq, &used))) {
		r->busy = false;
		*progress = true;
		if (r->stale) {
			r->stale = false;
			priv->stale--;
			continue;
		}
		job->in_flight--;
		job->in_bytes -= r->len;
		/* One message per call: the first error's */
		if (!job->err)
			job->err = check_done(dev, r, used);
	}
}

/* Nothing came back in time: the requests out stay the device's */
static int timed_out(struct udevice *dev, struct vblk_job *job)
{
	struct virtio_blk_priv *priv = dev_get_priv(dev);
	int ret = virtio_check_status(dev);

	for (int i = 0; i < VBLK_SLOTS; i++) {
		if (priv->req[i].busy && !priv->req[i].stale) {
			priv->req[i].stale = true;
			priv->stale++;
		}
	}
	if (ret)
		return ret;	/* DEVICE_NEEDS_RESET, said */
	dev_err(dev, "device completed nothing in %u ms %s (%u in flight)\n",
		priv->timeout_ms, type_name(job->type), job->in_flight);
	return -ETIMEDOUT;
}

/*
 * Run @job to its end: post, wait (bounded: timeout_ms without a request
 * coming back), check, post more. Every request posted is taken back, or
 * left stale after a timeout, before this returns.
 */
static int run_job(struct udevice *dev, struct vblk_job *job)
{
	struct virtio_blk_priv *priv = dev_get_priv(dev);
	struct poll_pace pace = POLL_PACE(PACE_RING);
	u64 timeout_us = priv->timeout_ms * 1000ULL;
	bool progress = false;

	if (virtqueue_is_broken(priv->vq))
		return -EIO;	/* said by the ring when it broke */
	reap(dev, job, &progress);	/* stale ones that came back since */
	if (priv->stale) {
		dev_err(dev, "device still holds %u timed-out request%s: not used until it is reset\n",
			priv->stale, priv->stale == 1 ? "" : "s");
		return -EIO;
	}
	do {
		if (!job->err)
			fill(priv, job);
		if (!job->in_flight)
			break;
		progress = false;
		reap(dev, job, &progress);
		if (progress) {
			pace_restart(&pace);
			continue;
		}
		if (virtqueue_is_broken(priv->vq))
			return -EIO;	/* said by the ring */
		if (pace_elapsed(&pace, timeout_us))
			return timed_out(dev, job);
		if (job->in_bytes >= VBLK_NAP_MIN &&
		    virtio_nap(dev, priv->vq, VBLK_NAP_US))
			pace_slept(&pace);
		else
			cpu_relax();
	} while (more(job) || job->in_flight);
	if (!job->err && more(job))
		job->err = -ENOSPC;	/* nothing could be posted */
	return job->err;
}

/* ... then nothing left pending of its naps (virtio_nap_end()) */
static int run(struct udevice *dev, struct vblk_job *job)
{
	int ret = run_job(dev, job);

	virtio_nap_end(dev);
	return ret;
}

static int transfer(struct udevice *dev, u32 type, u64 sector, void *buf,
		    u64 len)
{
	struct vblk_job job = {
		.type = type, .sector = sector, .buf = buf, .left = len,
	};

	return run(dev, &job);
}

static struct udevice *vdev_of(struct udevice *blk)
{
	return dev_get_parent(blk);
}

static long virtio_blk_read(struct udevice *blk, u64 start, u64 count,
			    void *buf)
{
	u64 sector, len;
	int ret = blocks_to_bytes(blk, start, count, &sector, &len);

	if (!ret)
		ret = transfer(vdev_of(blk), VIRTIO_BLK_T_IN, sector, buf, len);
	return ret ? ret : (long)count;
}

/*
 * A streamed read, all in one job: up to VBLK_SLOTS requests in flight
 * across its pieces, the source asked for the next whenever a slot is free
 */
static int virtio_blk_read_stream(struct udevice *blk, struct blk_src *src)
{
	struct vblk_job job = {
		.type = VIRTIO_BLK_T_IN, .src = src, .started = true,
	};

	return run(vdev_of(blk), &job);
}

static long virtio_blk_write(struct udevice *blk, u64 start, u64 count,
			     const void *buf)
{
	struct udevice *dev = vdev_of(blk);
	u64 sector, len;
	int ret;

	/* The uclass refuses first; never let a write reach an RO device */
	if (virtio_has_feature(dev, VIRTIO_BLK_F_RO))
		return -EROFS;
	ret = blocks_to_bytes(blk, start, count, &sector, &len);
	if (!ret)
		ret = transfer(dev, VIRTIO_BLK_T_OUT, sector, (void *)buf, len);
	return ret ? ret : (long)count;
}

/* §5.2.6.1: sector 0 and no data. Without FLUSH there is nothing to do. */
static int virtio_blk_flush(struct udevice *blk)
{
	struct udevice *dev = vdev_of(blk);

	if (!virtio_has_feature(dev, VIRTIO_BLK_F_FLUSH))
		return 0;
	return transfer(dev, VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
}

static const struct blk_ops virtio_blk_ops = {
	.read = virtio_blk_read,
	.read_stream = virtio_blk_read_stream,
	.write = virtio_blk_write,
	.flush = virtio_blk_flush,
};

EMBER_DRIVER(virtio_blk_blk) = {
	.name = "virtio_blk_blk",
	.id = UCLASS_BLK,
	.ops = &virtio_blk_ops,
};

/* The block size: BLK_SIZE if negotiated and sane (§5.2.5), else 512 */
static int read_blksz(struct udevice *dev, u32 *blkszp)
{
	u32 v;
	int ret;

	*blkszp = VBLK_BLKSZ_MIN;
	if (!virtio_has_feature(dev, VIRTIO_BLK_F_BLK_SIZE))
		return 0;
	ret = virtio_cread_u32(dev, offsetof(struct virtio_blk_config,
					     blk_size), &v);
	if (ret)
		return ret;
	if (v < VBLK_BLKSZ_MIN || v > VBLK_BLKSZ_MAX || (v & (v - 1)))
		dev_warn(dev, "blk_size %u is not a power of two from %u to %u: using %u\n",
			 v, VBLK_BLKSZ_MIN, VBLK_BLKSZ_MAX, VBLK_BLKSZ_MIN);
	else
		*blkszp = v;
	return 0;
}

/*
 * How requests are cut: pieces of at most size_max bytes (SIZE_MAX), at
 * most seg_max of them (SEG_MAX; data pieces, as Linux counts them), never
 * more than the ring takes in one chain, and at most VBLK_REQ_MAX bytes in
 * all, in whole blocks (a device with 4 KiB blocks refuses less).
 */
static int read_limits(struct udevice *dev, u32 blksz)
{
	struct virtio_blk_priv *priv = dev_get_priv(dev);
	u32 size_max = VBLK_REQ_MAX, seg_max = VBLK_MAX_SEGS;
	int ret = 0;

	if (virtio_has_feature(dev, VIRTIO_BLK_F_SIZE_MAX))
		ret = virtio_cread_u32(dev, offsetof(struct virtio_blk_config,
						     size_max), &size_max);
	if (!ret && virtio_has_feature(dev, VIRTIO_BLK_F_SEG_MAX))
		ret = virtio_cread_u32(dev, offsetof(struct virtio_blk_config,
						     seg_max), &seg_max);
	if (ret)
		return ret;
	if (!size_max || !seg_max) {
		dev_warn(dev, "size_max %u, seg_max %u: 0 taken as no limit\n",
			 size_max, seg_max);
		size_max = size_max ?: VBLK_REQ_MAX;
		seg_max = seg_max ?: VBLK_MAX_SEGS;
	}
	priv->seg_size = min_t(u32, size_max, VBLK_REQ_MAX);
	priv->max_segs = min(min_t(u32, seg_max, VBLK_MAX_SEGS),
			     virtqueue_get_vring_size(priv->vq) - 2);
	priv->req_max = min_t(u64, (u64)priv->seg_size * priv->max_segs,
			      VBLK_REQ_MAX) / blksz * blksz;
	if (!priv->req_max) {
		dev_err(dev, "size_max %u and seg_max %u leave no room for one %u-byte block\n",
			size_max, seg_max, blksz);
		return -EIO;
	}
	return 0;
}

static int virtio_blk_probe(struct udevice *dev)
{
	struct virtio_blk_priv *priv = dev_get_priv(dev);
	struct virtio_dev_priv *uc = virtio_get_priv(dev);
	struct blk_desc *d;
	u64 capacity;
	u32 blksz;
	int ret;

	priv->timeout_ms = CONFIG_VIRTIO_BLK_TIMEOUT_MS;
	ret = virtio_find_vqs(dev, 1, &priv->vq);
	if (ret)
		return ret;
	if (virtqueue_get_vring_size(priv->vq) < 3) {
		dev_err(dev, "a queue of %u cannot hold a request\n",
			virtqueue_get_vring_size(priv->vq));
		return -EIO;
	}
	ret = virtio_cread_u64(dev, offsetof(struct virtio_blk_config,
					     capacity), &capacity);
	if (!ret)
		ret = read_blksz(dev, &blksz);
	if (!ret)
		ret = read_limits(dev, blksz);
	if (ret)
		return ret;
	ret = blk_create(dev, "virtio_blk_blk", "virtio", blksz,
			 capacity / (blksz / VIRTIO_BLK_SECTOR),
			 virtio_has_feature(dev, VIRTIO_BLK_F_RO), &priv->blk);
	if (ret) {
		dev_err(dev, "cannot make its block device: %d\n", ret);
		return ret;
	}
	d = blk_get_desc(priv->blk);
	snprintf(d->vendor, sizeof(d->vendor), "%x", uc->vendor);
	snprintf(d->title, sizeof(d->title), "%s VirtIO Block Device",
		 d->vendor);
	return 0;
}

/* The ID string, printable ASCII, as the disk's product name */
static void set_product(struct blk_desc *d, const u8 *id)
{
	unsigned int n = 0;

	while (n < VIRTIO_BLK_ID_BYTES && n + 1 < sizeof(d->product) && id[n]) {
		d->product[n] = id[n] >= ' ' && id[n] < 0x7f ? id[n] : '?';
		n++;
	}
	d->product[n] = '\0';
}

/*
 * After DRIVER_OK (requests are not allowed before it): ask the device's
 * ID. A device that does not support it (UNSUPP) or fails it has no
 * product name; one that does not answer at all fails the probe.
 */
static int virtio_blk_post_ok(struct udevice *dev)
{
	struct virtio_blk_priv *priv = dev_get_priv(dev);
	int ret;

	memset(priv->id, 0, sizeof(priv->id));
	ret = transfer(dev, VIRTIO_BLK_T_GET_ID, 0, priv->id, sizeof(priv->id));
	if (!ret)
		set_product(blk_get_desc(priv->blk), priv->id);
	else
		log_debug("%s: no ID: %d\n", dev->name, ret);
	return ret == -ETIMEDOUT || virtqueue_is_broken(priv->vq) ? ret : 0;
}

/* The device was reset: nothing is in flight. The disk goes with it. */
static int virtio_blk_remove(struct udevice *dev)
{
	struct virtio_blk_priv *priv = dev_get_priv(dev);
	int ret = 0;

	if (priv->blk)
		ret = device_unbind(priv->blk);
	priv->blk = NULL;
	return ret;
}

EMBER_DRIVER(virtio_blk) = {
	.name = "virtio-blk",
	.id = UCLASS_NOP,
	.probe = virtio_blk_probe,
	.remove = virtio_blk_remove,
	.priv_size = sizeof(struct virtio_blk_priv),
};

int virtio_blk_set_timeout(struct udevice *vdev, unsigned int timeout_ms)
{
	struct virtio_blk_priv *priv = dev_get_priv(vdev);

	if (vdev->driver != DM_DRIVER_GET(virtio_blk) || !priv)
		return -EINVAL;
	priv->timeout_ms = timeout_ms;
	return 0;
}

static const u32 virtio_blk_ids[] = { VIRTIO_ID_BLOCK, 0 };
/* TOPOLOGY only tunes request sizes, which are large already: not taken */
static const int virtio_blk_features[] = {
	VIRTIO_BLK_F_SIZE_MAX, VIRTIO_BLK_F_SEG_MAX, VIRTIO_BLK_F_RO,
	VIRTIO_BLK_F_BLK_SIZE, VIRTIO_BLK_F_FLUSH, -1
};

/* §5.2.3, for 'virtio info' */
static const char *const virtio_blk_feature_names[VIRTIO_FEATURE_BITS] = {
	[0] = "BARRIER", [1] = "SIZE_MAX", [2] = "SEG_MAX", [4] = "GEOMETRY",
	[5] = "RO", [6] = "BLK_SIZE", [7] = "SCSI", [9] = "FLUSH",
	[10] = "TOPOLOGY", [11] = "CONFIG_WCE", [12] = "MQ", [13] = "DISCARD",
	[14] = "WRITE_ZEROES", [15] = "LIFETIME", [16] = "SECURE_ERASE",
	[17] = "ZONED",
};

VIRTIO_DRIVER(virtio_blk) = {
	.name = "virtio-blk",
	.ids = virtio_blk_ids,
	.features = virtio_blk_features,
	.feature_names = virtio_blk_feature_names,
	.driver = DM_DRIVER_GET(virtio_blk),
	.post_ok = virtio_blk_post_ok,
};

/*
 * "virtio <n>" for blk_get_by_name() and listings: probe every virtio-blk
 * device, in the order of the transports, so the disks are numbered so
 */
static int virtio_blk_scan(void)
{
	struct udevice *dev;
	int found = 0;

	for (uclass_first_device(UCLASS_VIRTIO, &dev); dev;
	     uclass_next_device(&dev)) {
		struct virtio_dev_priv *uc = dev_get_uclass_priv(dev);

		if (uc->vdev && uc->vdev->driver == DM_DRIVER_GET(virtio_blk) &&
		    !device_probe(uc->vdev))
			found++;
	}
	return found;
}

BLK_IF(virtio) = {
	.name = "virtio",
	.scan = virtio_blk_scan,
};
