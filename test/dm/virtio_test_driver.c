// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * A test-only virtio driver (sandbox) for the device type Ember has no
 * driver for yet (block), so unit tests can drive the block model's queues
 * through the real transport and ring code. It sets up two queues and does
 * nothing else. (The network model is driven by drivers/net/virtio_net.c.)
 */
#include <dm.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "test-drivers.h"

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
