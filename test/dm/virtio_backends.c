// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The block device model, driven through the real virtio-mmio transport and
 * virtqueues by the test virtio driver: the model a later virtio-blk driver
 * will be tested against. The network model is tested with the real
 * virtio-net driver in test/net/virtio_net.c.
 */
#include <asm/virtio_emul.h>
#include <dm.h>
#include <string.h>
#include <test/ut.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "test-drivers.h"

#define BLK	"emul-blk"

/* The test driver on the transport of model @name, probed */
static int start_test_dev(const char *name, struct udevice **vdevp)
{
	return virtio_test_start(name, NULL, vdevp);
}

/* One block request: header, data, status; returns the status byte */
static int blk_request(struct virtqueue *vq, u32 type, u64 sector, u8 *data,
		       u32 len)
{
	struct { u32 type, reserved; u64 sector; } hdr = { type, 0, sector };
	u8 status = 0xff;
	struct virtio_sg sg[3] = {
		{ &hdr, sizeof(hdr) }, { data, len }, { &status, 1 }
	};
	unsigned int got;
	int ret;

	/* A read makes the data device-writable, a write device-readable */
	ret = type == 0 ? virtqueue_add(vq, sg, 1, 2, &hdr) :
			  virtqueue_add(vq, sg, 2, 1, &hdr);
	if (!ret)
		ret = virtqueue_kick(vq);
	if (!ret)
		ret = virtqueue_poll(vq, 100000);
	if (!ret && virtqueue_get_buf(vq, &got) != &hdr)
		ret = -EIO;
	return ret ? ret : status;
}

static int virtio_test_blk_model(struct unit_test_state *uts)
{
	struct virtio_test_priv *priv;
	struct udevice *vdev;
	u8 buf[512], back[512];
	u64 capacity;

	ut_assertok(start_test_dev(BLK, &vdev));
	priv = dev_get_priv(vdev);
	ut_assertok(virtio_cread_u64(vdev, 0, &capacity));
	ut_asserteq(64, capacity);
	ut_asserteq(0, blk_request(priv->vqs[0], 0, 3, buf, sizeof(buf)));
	for (int i = 0; i < 512; i++)
		ut_asserteq((u8)(3 ^ i), buf[i]);
	memset(buf, 0xa5, sizeof(buf));
	ut_asserteq(0, blk_request(priv->vqs[0], 1, 63, buf, sizeof(buf)));
	ut_asserteq(0, blk_request(priv->vqs[0], 0, 63, back, sizeof(back)));
	ut_asserteq_mem(buf, back, sizeof(buf));
	/* Past the end: an I/O error status, not a crash */
	ut_asserteq(1, blk_request(priv->vqs[0], 0, 64, buf, sizeof(buf)));
	return 0;
}
UNIT_TEST(virtio_test_blk_model, UTF_DM, virtio);

/*
 * A driver's table may name device bits from the high range (50..63):
 * offered, they are negotiated like the low ones (VIRTIO 1.2 §6)
 */
static int virtio_test_high_device_bits(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_virtio_emul_get(BLK);
	struct udevice *vdev;
	u64 f;

	sandbox_virtio_emul_set_features(emul, BIT_ULL(VIRTIO_F_VERSION_1) |
					 BIT_ULL(55) | BIT_ULL(56) | BIT(5));
	ut_assertok(start_test_dev(BLK, &vdev));
	f = virtio_get_priv(vdev)->features;
	ut_assert(f & BIT_ULL(55));		/* in the driver's table */
	ut_assert(!(f & BIT_ULL(56)));		/* not in it */
	ut_assert(f & BIT(5));
	ut_asserteq(true, virtio_is_device_feature(55));
	ut_asserteq(false, virtio_is_device_feature(33));
	return 0;
}
UNIT_TEST(virtio_test_high_device_bits, UTF_DM, virtio);
