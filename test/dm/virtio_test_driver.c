// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * A test-only virtio driver (sandbox) for the device type Ember has no
 * driver for yet (block), so unit tests can drive the block model's queues
 * through the real transport and ring code. It sets up two queues and does
 * nothing else. (The network model is driven by drivers/net/virtio_net.c.)
 */
#include <asm/virtio_emul.h>
#include <dm.h>
#include <stdio.h>
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

static const u32 virtio_test_ids[] = { VIRTIO_ID_BLOCK, 0 };
/* MAC, STATUS, and a device bit from the high range (VIRTIO 1.2 §6) */
static const int virtio_test_features[] = { 5, 16, 55, -1 };

VIRTIO_DRIVER(virtio_test) = {
	.name = "virtio-test",
	.ids = virtio_test_ids,
	.features = virtio_test_features,
	.driver = DM_DRIVER_GET(virtio_test),
};
