// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The split ring's used side against a device that writes anything. A
 * virtio-rng queue (the sandbox's modern model, set to complete nothing by
 * itself) gets some buffers made available; then the input is written
 * over the used ring - its index and entries - as a hostile device could,
 * and the driver takes what it finds. It must take only buffers in
 * flight, each once, and mark the queue broken on anything else.
 *
 * Input: the number of buffers to make available, then the used index
 * (16 bits), then used entries (id, len: 32 bits each), repeated over
 * rounds: each round writes, then takes.
 */
#include <asm/virtio_emul.h>
#include <dm.h>
#include <stdlib.h>
#include <string.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "fuzz.h"

#define ROUNDS	4

static u32 get32(struct fuzz_in *in)
{
	u32 v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 8 | fuzz_u8(in);
	return v;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static u8 bufs[64][16];
	struct fuzz_in in = { data, size };
	struct udevice *emul, *dev = NULL, *vdev;
	struct virtio_dev_priv *uc;
	struct virtqueue *vq;
	unsigned int n;

	fuzz_init();
	emul = sandbox_virtio_emul_get("emul-rng-modern");
	if (!emul || sandbox_virtio_emul_transport(emul, &dev))
		fuzz_fail();
	/* A fresh device and queue for every input */
	device_remove(dev);
	sandbox_virtio_emul_set_deferred(emul, true);
	if (device_probe(dev))
		fuzz_fail();
	uc = dev_get_uclass_priv(dev);
	vdev = uc->vdev;
	if (!vdev || device_probe(vdev))
		fuzz_fail();
	vq = list_first_entry(&uc->vqs, struct virtqueue, list);
	n = fuzz_u8(&in) % (vq->num < 64 ? vq->num : 64);
	for (unsigned int i = 0; i < n; i++) {
		struct virtio_sg sg = { bufs[i], sizeof(bufs[i]) };

		if (virtqueue_add(vq, &sg, 0, 1, bufs[i]))
			break;
	}
	for (int r = 0; r < ROUNDS && in.left; r++) {
		u16 idx = fuzz_u8(&in) << 8;
		unsigned int len;

		idx |= fuzz_u8(&in);
		for (unsigned int i = 0; i < vq->num && in.left >= 8; i++) {
			vq->used->ring[i].id = get32(&in);
			vq->used->ring[i].len = get32(&in);
		}
		vq->used->idx = idx;
		for (unsigned int i = 0; i <= vq->num; i++)
			if (!virtqueue_get_buf(vq, &len))
				break;
	}
	sandbox_virtio_emul_set_deferred(emul, false);
	return 0;
}
