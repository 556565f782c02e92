// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio entropy device (VIRTIO 1.2 §5.4): one request queue of
 * device-writable buffers. A read posts up to VRNG_SLOTS buffers at once
 * (one kick for all), collects them as the device fills them, re-posts what
 * came back short, and gives up after VRNG_TIMEOUT_US without progress.
 * The device writes into bounce slots in the driver's private data, never
 * into the caller's buffer, so a buffer the device still holds after a
 * timeout cannot corrupt anything; the uclass resets the device before that
 * memory is freed.
 */
#define LOG_CATEGORY "rng"

#include <dm.h>
#include <rng.h>
#include <string.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>

#define VRNG_SLOTS	16
#define VRNG_SLOT_SIZE	4096
#define VRNG_TIMEOUT_US	(CONFIG_VIRTIO_RNG_TIMEOUT_MS * 1000ULL)

struct vrng_slot {
	u8 *data;
	size_t want;		/* bytes asked for */
	size_t dst;		/* where they go in the caller's buffer */
	bool busy;		/* posted to the device */
	bool stale;		/* left behind by an earlier, failed read */
};

struct virtio_rng_priv {
	struct virtqueue *vq;
	struct vrng_slot slot[VRNG_SLOTS];
	u8 bounce[VRNG_SLOTS][VRNG_SLOT_SIZE];
};

static int post(struct virtio_rng_priv *priv, struct vrng_slot *s,
		size_t dst, size_t want)
{
	struct virtio_sg sg = { s->data, want };
	int ret = virtqueue_add(priv->vq, &sg, 0, 1, s);

	if (!ret) {
		s->busy = true;
		s->stale = false;
		s->want = want;
		s->dst = dst;
	}
	return ret;
}

/* Post fresh requests for the bytes from *next on; returns how many */
static int fill_ring(struct virtio_rng_priv *priv, size_t *next, size_t len)
{
	int posted = 0;

	for (int i = 0; i < VRNG_SLOTS && *next < len; i++) {
		struct vrng_slot *s = &priv->slot[i];
		size_t n = min_t(size_t, len - *next, VRNG_SLOT_SIZE);

		if (s->busy || post(priv, s, *next, n))
			continue;
		*next += n;
		posted++;
	}
	return posted;
}

static int virtio_rng_read(struct udevice *dev, void *buf, size_t len)
{
	struct virtio_rng_priv *priv = dev_get_priv(dev);
	size_t next = 0, done = 0;
	u64 last_progress = timer_get_us();
	int ret;

	while (done < len) {
		struct vrng_slot *s;
		unsigned int got;

		if (fill_ring(priv, &next, len))
			virtqueue_kick(priv->vq);
		ret = virtqueue_poll(priv->vq, 1000);
		if (ret == -EIO)
			return ret;
		while ((s = virtqueue_get_buf(priv->vq, &got))) {
			s->busy = false;
			if (s->stale || !got)
				continue;
			memcpy((u8 *)buf + s->dst, s->data, got);
			done += got;
			last_progress = timer_get_us();
			/* A short answer: ask again for the rest */
			if (got < s->want && !post(priv, s, s->dst + got,
						   s->want - got))
				virtqueue_kick(priv->vq);
		}
		if (virtqueue_is_broken(priv->vq))
			return -EIO;
		if (timer_get_us() - last_progress > VRNG_TIMEOUT_US) {
			dev_err(dev, "device gave no entropy for %u ms (%zu of %zu bytes)\n",
				CONFIG_VIRTIO_RNG_TIMEOUT_MS, done, len);
			for (int i = 0; i < VRNG_SLOTS; i++)
				priv->slot[i].stale = priv->slot[i].busy;
			return -ETIMEDOUT;
		}
	}
	return 0;
}

static int virtio_rng_probe(struct udevice *dev)
{
	struct virtio_rng_priv *priv = dev_get_priv(dev);

	for (int i = 0; i < VRNG_SLOTS; i++)
		priv->slot[i].data = priv->bounce[i];
	return virtio_find_vqs(dev, 1, &priv->vq);
}

static const struct dm_rng_ops virtio_rng_ops = {
	.read = virtio_rng_read,
};

EMBER_DRIVER(virtio_rng) = {
	.name = "virtio-rng",
	.id = UCLASS_RNG,
	.probe = virtio_rng_probe,
	.priv_size = sizeof(struct virtio_rng_priv),
	.ops = &virtio_rng_ops,
};

static const u32 virtio_rng_ids[] = { VIRTIO_ID_RNG, 0 };
static const int virtio_rng_features[] = { -1 };

VIRTIO_DRIVER(virtio_rng) = {
	.name = "virtio-rng",
	.ids = virtio_rng_ids,
	.features = virtio_rng_features,
	.driver = DM_DRIVER_GET(virtio_rng),
};
