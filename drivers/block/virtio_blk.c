// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio block device (VIRTIO 1.2 §5.2): one request queue; the disk is a
 * block device ("virtio <n>", include/blk.h) made at probe, when its size
 * is known.
 *
 * Requests go through the engine the virtio disks share
 * (drivers/block/virtio_disk.h: slots, batching of notifications, naps,
 * timeouts): a read, write, flush or get-ID is a job whose requests are
 * each a header, the caller's buffer in one or more pieces (the device's
 * SIZE_MAX and SEG_MAX allowing), and a status byte. Data moves straight
 * between the device and the caller's buffer (no copy). The status byte
 * starts as VBLK_S_UNSET, a value no device writes, so a request the
 * device answered without writing its status is an error even where the
 * used length cannot tell (legacy interfaces, whose used lengths the spec
 * asks drivers to ignore: §5.2.6.3).
 *
 * The device is untrusted: besides the engine's checks, a used length
 * short of the status byte (modern interfaces) and a status that is not
 * OK, IOERR or UNSUPP are errors, reported once per call with the
 * device's name.
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
#include "virtio_disk.h"

#define VBLK_MAX_SEGS	8		/* data pieces in one request */
#define VBLK_S_UNSET	0xff		/* the status before the device's */

/** struct vblk_req - the driver's part of a request slot */
struct vblk_req {
	struct virtio_blk_req_hdr hdr;
	u8 status;	/* the byte the device writes last */
};

struct virtio_blk_priv {
	struct virtio_disk vd;	/* first: the engine's state */
	struct udevice *blk;
	u32 seg_size;		/* bytes in one data piece */
	u32 req_max;		/* data bytes in one request */
	u8 id[VIRTIO_BLK_ID_BYTES];
	struct vblk_req req[VDISK_SLOTS];
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

/* Post slot @s: 0, -ENOSPC (ring full), ... */
static int post(struct virtio_disk *vd, struct vdisk_job *job,
		struct vdisk_slot *s)
{
	struct virtio_blk_priv *priv = container_of(vd, struct virtio_blk_priv,
						    vd);
	struct vblk_req *r = &priv->req[s - vd->slot];
	struct virtio_sg sg[VBLK_MAX_SEGS + 2];
	u32 len = s->req.len;
	unsigned int n = 0, out;
	u8 *buf = s->req.buf;

	r->hdr.type = cpu_to_le32(s->req.op);
	r->hdr.reserved = 0;
	r->hdr.sector = cpu_to_le64(s->req.block *
				    (job->blksz / VIRTIO_BLK_SECTOR));
	r->status = VBLK_S_UNSET;
	sg[n++] = (struct virtio_sg){ &r->hdr, sizeof(r->hdr) };
	for (u32 off = 0; off < len; off += priv->seg_size)
		sg[n++] = (struct virtio_sg){ buf + off,
					      min(priv->seg_size, len - off) };
	sg[n++] = (struct virtio_sg){ &r->status, 1 };
	/* The data is the device's to write for a read and an ID */
	out = s->req.op == VIRTIO_BLK_T_OUT || !len ? n - 1 : 1;
	return virtqueue_add(vd->vq, sg, out, n - out, s);
}

/* A request came back with @used bytes written: 0 or what went wrong */
static int done(struct virtio_disk *vd, struct vdisk_job *job,
		struct vdisk_slot *s, u32 used)
{
	struct virtio_blk_priv *priv = container_of(vd, struct virtio_blk_priv,
						    vd);
	struct vblk_req *r = &priv->req[s - vd->slot];
	struct udevice *dev = vd->dev;
	u32 type = s->req.op;
	bool data_in = type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_GET_ID;
	u32 want = (data_in ? s->req.len : 0) + 1;

	/* A legacy device's used length is not to be trusted (§5.2.6.3) */
	if (!virtio_is_legacy(dev) && used < want) {
		dev_err(dev, "used length %u does not cover the status byte (%u expected) %s %u bytes at sector %llu\n",
			used, want, type_name(type), s->req.len,
			(unsigned long long)le64_to_cpu(r->hdr.sector));
		return -EIO;
	}
	switch (r->status) {
	case VIRTIO_BLK_S_OK:
		return 0;
	case VIRTIO_BLK_S_UNSUPP:
		if (type != VIRTIO_BLK_T_GET_ID)
			dev_err(dev, "device does not support %s\n",
				type_name(type));
		return -ENOSYS;
	case VIRTIO_BLK_S_IOERR:
		if (type != VIRTIO_BLK_T_GET_ID)
			dev_err(dev, "I/O error %s %u bytes at sector %llu\n",
				type_name(type), s->req.len,
				(unsigned long long)le64_to_cpu(r->hdr.sector));
		return -EIO;
	default:
		dev_err(dev, "bad status %#x %s %u bytes at sector %llu\n",
			r->status, type_name(type), s->req.len,
			(unsigned long long)le64_to_cpu(r->hdr.sector));
		return -EIO;
	}
}

static const struct vdisk_ops vblk_ops = {
	.post = post,
	.done = done,
	.op_name = type_name,
};

/* A job of @type on @dev's disk that moves bytes, to be filled in */
static struct vdisk_job bytes_job(struct udevice *dev, u32 type)
{
	struct virtio_blk_priv *priv = dev_get_priv(dev);
	u32 blksz = priv->blk ? blk_get_desc(priv->blk)->blksz :
		    VDISK_BLKSZ_MIN;

	return (struct vdisk_job){
		.next = vdisk_next_bytes, .op = type, .blksz = blksz,
		.req_max = priv->req_max,
	};
}

/* @len bytes at block @block */
static int transfer(struct udevice *dev, u32 type, u64 block, void *buf,
		    u64 len)
{
	struct virtio_blk_priv *priv = dev_get_priv(dev);
	struct vdisk_job job = bytes_job(dev, type);

	job.block = block;
	job.buf = buf;
	job.left = len;
	return vdisk_run(&priv->vd, &job);
}

static struct udevice *vdev_of(struct udevice *blk)
{
	return dev_get_parent(blk);
}

static long virtio_blk_read(struct udevice *blk, u64 start, u64 count,
			    void *buf)
{
	u64 len;
	int ret = vdisk_blocks(blk_get_desc(blk)->blksz, count, &len);

	if (!ret)
		ret = transfer(vdev_of(blk), VIRTIO_BLK_T_IN, start, buf, len);
	return ret ? ret : (long)count;
}

/*
 * A streamed read, all in one job: up to VDISK_SLOTS requests in flight
 * across its pieces, the source asked for the next whenever a slot is free
 */
static int virtio_blk_read_stream(struct udevice *blk, struct blk_src *src)
{
	struct udevice *dev = vdev_of(blk);
	struct virtio_blk_priv *priv = dev_get_priv(dev);
	struct vdisk_job job = bytes_job(dev, VIRTIO_BLK_T_IN);

	job.src = src;
	return vdisk_run(&priv->vd, &job);
}

static long virtio_blk_write(struct udevice *blk, u64 start, u64 count,
			     const void *buf)
{
	struct udevice *dev = vdev_of(blk);
	u64 len;
	int ret;

	/* The uclass refuses first; never let a write reach an RO device */
	if (virtio_has_feature(dev, VIRTIO_BLK_F_RO))
		return -EROFS;
	ret = vdisk_blocks(blk_get_desc(blk)->blksz, count, &len);
	if (!ret)
		ret = transfer(dev, VIRTIO_BLK_T_OUT, start, (void *)buf, len);
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

	*blkszp = VDISK_BLKSZ_MIN;
	if (!virtio_has_feature(dev, VIRTIO_BLK_F_BLK_SIZE))
		return 0;
	ret = virtio_cread_u32(dev, offsetof(struct virtio_blk_config,
					     blk_size), &v);
	if (ret)
		return ret;
	if (v < VDISK_BLKSZ_MIN || v > VDISK_BLKSZ_MAX || (v & (v - 1)))
		dev_warn(dev, "blk_size %u is not a power of two from %u to %u: using %u\n",
			 v, VDISK_BLKSZ_MIN, VDISK_BLKSZ_MAX, VDISK_BLKSZ_MIN);
	else
		*blkszp = v;
	return 0;
}

/*
 * How requests are cut: pieces of at most size_max bytes (SIZE_MAX), at
 * most seg_max of them (SEG_MAX; data pieces, as Linux counts them), never
 * more than the ring takes in one chain, and at most VDISK_REQ_MAX bytes
 * in all, in whole blocks (a device with 4 KiB blocks refuses less).
 */
static int read_limits(struct udevice *dev, u32 blksz)
{
	struct virtio_blk_priv *priv = dev_get_priv(dev);
	u32 size_max = VDISK_REQ_MAX, seg_max = VBLK_MAX_SEGS;
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
		size_max = size_max ?: VDISK_REQ_MAX;
		seg_max = seg_max ?: VBLK_MAX_SEGS;
	}
	priv->seg_size = min_t(u32, size_max, VDISK_REQ_MAX);
	priv->req_max = vdisk_limits(priv->seg_size,
				     min(min_t(u32, seg_max, VBLK_MAX_SEGS),
					 virtqueue_get_vring_size(priv->vd.vq) - 2),
				     blksz);
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

	priv->vd.dev = dev;
	priv->vd.ops = &vblk_ops;
	priv->vd.timeout_ms = vdisk_timeout(dev, CONFIG_VIRTIO_BLK_TIMEOUT_MS);
	ret = virtio_find_vqs(dev, 1, &priv->vd.vq);
	if (ret)
		return ret;
	if (virtqueue_get_vring_size(priv->vd.vq) < 3) {
		dev_err(dev, "a queue of %u cannot hold a request\n",
			virtqueue_get_vring_size(priv->vd.vq));
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
	return ret == -ETIMEDOUT || virtqueue_is_broken(priv->vd.vq) ? ret : 0;
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
	.plat_size = sizeof(struct vdisk_plat),
};

int virtio_blk_set_timeout(struct udevice *vdev, unsigned int timeout_ms)
{
	return vdisk_set_timeout(vdev, DM_DRIVER_GET(virtio_blk), timeout_ms);
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
 * device, in the order of the transports, so the disks are numbered so.
 * One whose probe failed (said then) is tried again by 'virtio scan' only,
 * not by every lookup, as the NVMe and SCSI scans do.
 */
static int virtio_blk_scan(void)
{
	struct udevice *dev;
	int found = 0;

	for (uclass_first_device(UCLASS_VIRTIO, &dev); dev;
	     uclass_next_device(&dev)) {
		struct virtio_dev_priv *uc = dev_get_uclass_priv(dev);
		struct udevice *vdev = uc->vdev;

		if (vdev && vdev->driver == DM_DRIVER_GET(virtio_blk) &&
		    !(vdev->flags & DM_FLAG_PROBE_FAILED) && !device_probe(vdev))
			found++;
	}
	return found;
}

BLK_IF(virtio) = {
	.name = "virtio",
	.scan = virtio_blk_scan,
};
