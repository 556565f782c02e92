// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The block and network device models, driven through the real virtio-mmio
 * transport and virtqueues by the test virtio driver: the models later
 * issues' drivers (virtio-blk, virtio-net) will be tested against.
 */
#include <asm/os.h>
#include <dm.h>
#include <string.h>
#include <test/ut.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "test-drivers.h"

#define BLK	0x10000a00
#define NET	0x10000c00

static int start_test_dev(phys_addr_t base, struct udevice **vdevp)
{
	struct virtio_dev_priv *uc;
	struct udevice *dev;
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "virtio_mmio@%llx",
		 (unsigned long long)base);
	ret = uclass_get_device_by_name(UCLASS_VIRTIO, name, &dev);
	if (ret)
		return ret;
	uc = dev_get_uclass_priv(dev);
	*vdevp = uc->vdev;
	return uc->vdev ? device_probe(uc->vdev) : -ENOENT;
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

static int virtio_test_net_model(struct unit_test_state *uts)
{
	static const u8 frame[60] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				      0x52, 0x54, 0x00, 0xab, 0xcd, 0xef,
				      0x08, 0x06, 1, 2, 3, 4 };
	u8 hdr[10] = { 0 }, rxbuf[1600], got_frame[1600];
	struct virtio_test_priv *priv;
	struct udevice *vdev;
	unsigned int len;
	u8 mac[6];
	long n;
	int peer;

	/* The peer: 127.0.0.1:47102, talking to the model's port 47101 */
	peer = os_udp_open(47102, 47101);
	ut_assert(peer >= 0);
	ut_assertok(start_test_dev(NET, &vdev));
	priv = dev_get_priv(vdev);
	ut_assertok(virtio_cread(vdev, 0, mac, 6));
	ut_asserteq(0xef, mac[5]);
	/* Transmit: legacy header of 10 bytes, then the frame */
	{
		struct virtio_sg sg[2] = { { hdr, 10 },
					   { (void *)frame, sizeof(frame) } };

		ut_assertok(virtqueue_add(priv->vqs[1], sg, 2, 0, hdr));
		ut_assertok(virtqueue_kick(priv->vqs[1]));
		ut_assertok(virtqueue_poll(priv->vqs[1], 100000));
		ut_asserteq_ptr(hdr, virtqueue_get_buf(priv->vqs[1], &len));
	}
	n = os_udp_recv(peer, got_frame, sizeof(got_frame));
	ut_asserteq(sizeof(frame), n);
	ut_asserteq_mem(frame, got_frame, sizeof(frame));
	/* Receive: the peer's datagram lands in a posted buffer */
	{
		struct virtio_sg sg = { rxbuf, sizeof(rxbuf) };

		ut_assertok(virtqueue_add(priv->vqs[0], &sg, 0, 1, rxbuf));
		ut_assertok(virtqueue_kick(priv->vqs[0]));
		ut_assert(!virtqueue_has_used(priv->vqs[0]));
		ut_asserteq(sizeof(frame), os_udp_send(peer, frame,
						       sizeof(frame)));
		ut_assertok(virtqueue_poll(priv->vqs[0], 1000000));
		ut_asserteq_ptr(rxbuf, virtqueue_get_buf(priv->vqs[0], &len));
		ut_asserteq(10 + sizeof(frame), len);
		ut_asserteq_mem(frame, rxbuf + 10, sizeof(frame));
	}
	os_close(peer);
	return 0;
}
UNIT_TEST(virtio_test_net_model, UTF_DM, virtio);
