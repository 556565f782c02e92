// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * A test-only virtio driver (sandbox) for a device type no real driver
 * takes (VIRTIO_TEST_ID), so unit tests can drive a model's queues through
 * the real transport and ring code with a driver table of their choosing
 * (sandbox_virtio_emul_set_device_id() gives a model that type). It sets
 * up two queues and does nothing else. (Entropy, network and block models
 * are driven by their real drivers.)
 */
#include <asm/io.h>
#include <asm/virtio_emul.h>
#include <dm.h>
#include <stdio.h>
#include <string.h>
#include <test/ut.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "test-drivers.h"

int virtio_test_start(const char *model, struct udevice **transportp,
		      struct udevice **vdevp)
{
	struct udevice *emul = sandbox_virtio_emul_get(model);
	struct virtio_dev_priv *uc;
	struct udevice *dev;
	int ret;

	ret = emul ? sandbox_virtio_emul_transport(emul, &dev) : -ENOENT;
	if (!ret)
		ret = device_probe(dev);
	if (ret)
		return ret;
	if (transportp)
		*transportp = dev;
	uc = dev_get_uclass_priv(dev);
	if (!uc->vdev)
		return -ENOENT;
	*vdevp = uc->vdev;
	return device_probe(uc->vdev);
}

struct virtqueue *virtio_test_first_vq(struct udevice *vdev)
{
	return list_first_entry(&virtio_get_priv(vdev)->vqs, struct virtqueue,
				list);
}

int virtio_test_ack_once(struct unit_test_state *uts, struct udevice *emul,
			 struct udevice *vdev, u32 isr, u32 isr_after)
{
	struct virtqueue *vq = virtio_test_first_vq(vdev);
	static u8 a[8];
	struct virtio_sg s = { a, sizeof(a) };
	unsigned int len;

	sandbox_virtio_emul_set_deferred(emul, true);
	ut_assert(virtqueue_enable_cb(vq));
	ut_assertok(virtqueue_add(vq, &s, 0, 1, a));
	ut_assertok(virtqueue_kick(vq));
	sandbox_virtio_emul_complete(emul);
	ut_asserteq(isr, sandbox_virtio_emul_isr(emul));
	ut_assertok(virtio_ack_irq(vdev));
	ut_asserteq(isr_after, sandbox_virtio_emul_isr(emul));
	virtqueue_disable_cb(vq);
	ut_asserteq_ptr(a, virtqueue_get_buf(vq, &len));
	ut_asserteq(0, sandbox_virtio_emul_stats(emul)->violations);
	return 0;
}

int virtio_test_ring_barriers(struct unit_test_state *uts,
			      struct udevice *emul, struct virtqueue *vq)
{
	static u8 a[8];
	struct virtio_sg s = { a, sizeof(a) };
	unsigned long before[SB_COUNT];
	unsigned int len;

	sandbox_virtio_emul_set_deferred(emul, true);
	sandbox_virtio_emul_set_no_notify(emul, true);
	memcpy(before, sandbox_barriers, sizeof(before));
	ut_assertok(virtqueue_add(vq, &s, 0, 1, a));
	ut_assert(sandbox_barriers[SB_WMB] > before[SB_WMB]);
	ut_assertok(virtqueue_kick(vq));	/* suppressed: no register write */
	ut_assert(sandbox_barriers[SB_MB] > before[SB_MB]);
	sandbox_virtio_emul_complete(emul);
	memcpy(before, sandbox_barriers, sizeof(before));
	ut_asserteq_ptr(a, virtqueue_get_buf(vq, &len));
	ut_assert(sandbox_barriers[SB_RMB] > before[SB_RMB]);
	return 0;
}

/*
 * Used buffer notifications (§2.7.7, §2.7.10, §2.8.10), as the model counts
 * them: none while suppressed (as the ring starts), one for the next buffer
 * used after virtqueue_enable_cb(), which says not to wait when one is used
 * already, and none again after virtqueue_disable_cb()
 */
int virtio_test_ring_interrupts(struct unit_test_state *uts,
				struct udevice *emul, struct virtqueue *vq)
{
	struct virtio_emul_stats *st = sandbox_virtio_emul_stats(emul);
	static u8 a[8], b[8], c[8];
	struct virtio_sg sa = { a, sizeof(a) }, sb = { b, sizeof(b) },
			 sc = { c, sizeof(c) };
	unsigned int len, before = st->interrupts;

	sandbox_virtio_emul_set_deferred(emul, true);
	ut_assertok(virtqueue_add(vq, &sa, 0, 1, a));
	ut_assertok(virtqueue_kick(vq));
	sandbox_virtio_emul_complete(emul);
	ut_asserteq(before, st->interrupts);
	ut_assert(!virtqueue_enable_cb(vq));	/* a is used: do not wait */
	virtqueue_disable_cb(vq);
	ut_asserteq_ptr(a, virtqueue_get_buf(vq, &len));

	ut_assert(virtqueue_enable_cb(vq));
	ut_assertok(virtqueue_add(vq, &sb, 0, 1, b));
	ut_assertok(virtqueue_kick(vq));
	sandbox_virtio_emul_complete(emul);
	ut_asserteq(before + 1, st->interrupts);
	virtqueue_disable_cb(vq);
	ut_asserteq_ptr(b, virtqueue_get_buf(vq, &len));

	for (int i = 0; i < 3; i++) {
		ut_assertok(virtqueue_add(vq, &sc, 0, 1, c));
		ut_assertok(virtqueue_kick(vq));
		sandbox_virtio_emul_complete(emul);
		ut_asserteq_ptr(c, virtqueue_get_buf(vq, &len));
	}
	ut_asserteq(before + 1, st->interrupts);
	ut_asserteq(0, st->violations);
	return 0;
}

int virtio_test_ring_no_indirect(struct unit_test_state *uts,
				 struct udevice *emul, struct virtqueue *vq)
{
	static u8 one[64][4], b[8];
	struct virtio_sg sg[3] = { { b, 2 }, { b + 2, 2 }, { b + 4, 2 } };

	ut_assert(!vq->indirect && vq->num <= ARRAY_SIZE(one));
	sandbox_virtio_emul_set_deferred(emul, true);
	for (unsigned int i = 0; i < vq->num - 2; i++) {
		struct virtio_sg s = { one[i], 4 };

		ut_assertok(virtqueue_add(vq, &s, 0, 1, one[i]));
	}
	ut_asserteq(-ENOSPC, virtqueue_add(vq, sg, 0, 3, b));
	ut_assertok(virtqueue_add(vq, sg, 0, 2, b));
	ut_assertok(virtqueue_kick(vq));
	sandbox_virtio_emul_complete(emul);
	ut_asserteq(0, sandbox_virtio_emul_stats(emul)->indirect);
	return 0;
}

int virtio_test_assert_line(struct unit_test_state *uts, struct udevice *dev,
			    const char *what)
{
	char want[200];

	snprintf(want, sizeof(want), "%s: %s", dev->name, what);
	ut_assert_nextline(want);
	return 0;
}

/*
 * After every driver-model test: no virtio model saw the driver break a
 * rule of the protocol (virtio_emul_stats.violations). A test that breaks
 * one on purpose clears the count after checking it.
 */
static int no_protocol_violations(void)
{
	struct udevice *dev;
	int found = 0;

	for (uclass_find_first_device(UCLASS_VIRTIO_EMUL, &dev); dev;
	     uclass_find_next_device(&dev)) {
		u32 n;

		if (!device_active(dev))
			continue;
		n = sandbox_virtio_emul_stats(dev)->violations;
		if (n) {
			printf("\n%s: %u virtio protocol violations\n",
			       dev->name, n);
			found++;
		}
	}
	return found;
}
UT_CHECK(virtio_protocol, no_protocol_violations);

static int virtio_test_probe(struct udevice *dev)
{
	struct virtio_test_priv *priv = dev_get_priv(dev);

	return virtio_find_vqs(dev, 2, priv->vqs);
}

EMBER_DRIVER(virtio_test) = {
	.name = "virtio-test",
	.id = UCLASS_TEST,
	.probe = virtio_test_probe,
	.priv_size = sizeof(struct virtio_test_priv),
};

static const u32 virtio_test_ids[] = { VIRTIO_TEST_ID, 0 };
/* MAC, STATUS, and a device bit from the high range (VIRTIO 1.2 §6) */
static const int virtio_test_features[] = { 5, 16, 55, -1 };

VIRTIO_DRIVER(virtio_test) = {
	.name = "virtio-test",
	.ids = virtio_test_ids,
	.features = virtio_test_features,
	.driver = DM_DRIVER_GET(virtio_test),
};
