// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The used side of both rings against a device that writes anything. A
 * virtio-rng queue (the sandbox's modern model, set to complete nothing by
 * itself) gets some buffers made available; then the input is written
 * over what the device writes - the split ring's used index and entries,
 * or the packed ring's descriptors - as a hostile device could, and the
 * driver takes what it finds. It must take only buffers in flight, each
 * once, and mark the queue broken on anything else.
 *
 * Input: a byte: bit 7 chooses the packed ring, the rest is the number of
 * buffers to make available. Then rounds, each writing then taking: split,
 * the used index (16 bits) and used entries (id, len: 32 bits each);
 * packed, descriptors from the next used position on (id 16 bits, len 32,
 * flags 16).
 */
#include <asm/virtio_emul.h>
#include <dm.h>
#include <stdlib.h>
#include <string.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "fuzz.h"

#define ROUNDS	4

static u32 get(struct fuzz_in *in, int bytes)
{
	u32 v = 0;

	for (int i = 0; i < bytes; i++)
		v = v << 8 | fuzz_u8(in);
	return v;
}

/* One round on the split ring: the used index and entries, as given */
static void split_round(struct virtqueue *vq, struct fuzz_in *in)
{
	u16 idx = get(in, 2);

	for (unsigned int i = 0; i < vq->num && in->left >= 8; i++) {
		vq->used->ring[i].id = get(in, 4);
		vq->used->ring[i].len = get(in, 4);
	}
	vq->used->idx = idx;
}

/* One round on the packed ring: descriptors from the next used one on */
static void packed_round(struct virtqueue *vq, struct fuzz_in *in)
{
	for (unsigned int i = 0; i < vq->num && in->left >= 8; i++) {
		struct vring_packed_desc *d =
			&vq->pdesc[(vq->last_used_idx + i) % vq->num];

		d->id = get(in, 2);
		d->len = get(in, 4);
		d->flags = get(in, 2);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static u8 bufs[64][16];
	static u64 offered;
	struct fuzz_in in = { data, size };
	struct udevice *emul, *dev = NULL, *vdev;
	struct virtio_dev_priv *uc;
	struct virtqueue *vq;
	unsigned int n;
	u8 first;

	fuzz_init();
	emul = sandbox_virtio_emul_get("emul-rng-modern");
	if (!emul || sandbox_virtio_emul_transport(emul, &dev))
		fuzz_fail();
	if (!offered)
		offered = sandbox_virtio_emul_features(emul);
	first = fuzz_u8(&in);
	/* A fresh device and queue, of the ring asked for, for every input */
	device_remove(dev);
	sandbox_virtio_emul_set_features(emul, offered | (first & 0x80 ?
					 BIT_ULL(VIRTIO_F_RING_PACKED) : 0));
	sandbox_virtio_emul_set_deferred(emul, true);
	if (device_probe(dev))
		fuzz_fail();
	uc = dev_get_uclass_priv(dev);
	vdev = uc->vdev;
	if (!vdev || device_probe(vdev))
		fuzz_fail();
	vq = list_first_entry(&uc->vqs, struct virtqueue, list);
	if (vq->packed != !!(first & 0x80))
		fuzz_fail();
	n = (first & 0x7f) % (vq->num < 64 ? vq->num : 64);
	for (unsigned int i = 0; i < n; i++) {
		struct virtio_sg sg = { bufs[i], sizeof(bufs[i]) };

		if (virtqueue_add(vq, &sg, 0, 1, bufs[i]))
			break;
	}
	for (int r = 0; r < ROUNDS && in.left; r++) {
		unsigned int len;

		if (vq->packed)
			packed_round(vq, &in);
		else
			split_round(vq, &in);
		for (unsigned int i = 0; i <= vq->num; i++)
			if (!virtqueue_get_buf(vq, &len))
				break;
	}
	sandbox_virtio_emul_set_deferred(emul, false);
	return 0;
}
