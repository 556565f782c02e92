// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Test hooks of the driver-model test drivers (test/dm/test-drivers.c). */
#ifndef __TEST_DM_TEST_DRIVERS_H
#define __TEST_DM_TEST_DRIVERS_H

#include <types.h>

struct udevice;

#define DM_TEST_LOG_MAX	64

/** struct dm_test_log - probe/remove events in the order they happened */
struct dm_test_log {
	int count;
	const char *event[DM_TEST_LOG_MAX];
	const char *dev[DM_TEST_LOG_MAX];
};

struct dm_test_plat {
	u32 value;
	u32 probe_error;
};

struct dm_test_priv {
	int marker;
	int ping;
};

struct dm_test_parent_data {
	int marker;
};

struct dm_test_uc_priv {
	int marker;
};

struct dm_test_ops {
	int (*ping)(struct udevice *dev, int in, int *outp);
};

struct dm_test_log *dm_test_log(void);

struct virtqueue;

/** struct virtio_test_priv - the test virtio driver's queues */
struct virtio_test_priv {
	struct virtqueue *vqs[2];
};

/**
 * virtio_test_start() - probe the transport the sandbox virtio model
 * @model (its DT node name) answers, then the device driver on it
 * @transportp: the transport (may be NULL)
 * @vdevp: the device driver's device
 * Return: 0, -ENOENT when there is no such model, transport or driver, or
 * the probe's error
 */
int virtio_test_start(const char *model, struct udevice **transportp,
		      struct udevice **vdevp);
/** virtio_test_first_vq() - the first queue of @vdev */
struct virtqueue *virtio_test_first_vq(struct udevice *vdev);

#endif
