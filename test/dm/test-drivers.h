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

/* The device type of the test virtio driver: unassigned in VIRTIO 1.2 */
#define VIRTIO_TEST_ID	63

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

struct unit_test_state;
/**
 * virtio_test_ack_once() - one buffer on @vdev's first queue, with a
 * notification asked for, completed by model @emul (its notifications
 * deferred): its interrupt status reads @isr, virtio_ack_irq() leaves
 * @isr_after, the buffer comes back and the model saw no violation.
 * 0 or a failure.
 */
int virtio_test_ack_once(struct unit_test_state *uts, struct udevice *emul,
			 struct udevice *vdev, u32 isr, u32 isr_after);
/**
 * virtio_test_ring_barriers() - posting, notifying and taking a buffer on
 * @vq (of model @emul) each pass a barrier of their kind (VIRTIO 1.2
 * §2.7.13, §2.8.21; counted on the sandbox, asm/io.h). 0 or a failure.
 */
int virtio_test_ring_interrupts(struct unit_test_state *uts,
				struct udevice *emul, struct virtqueue *vq);
int virtio_test_ring_barriers(struct unit_test_state *uts,
			      struct udevice *emul, struct virtqueue *vq);
/**
 * virtio_test_ring_no_indirect() - @vq, without RING_INDIRECT_DESC, never
 * builds an indirect table: a buffer the ring has no room for is -ENOSPC
 * (§2.7.5.3.1, §2.8.19). 0 or a failure.
 */
int virtio_test_ring_no_indirect(struct unit_test_state *uts,
				 struct udevice *emul, struct virtqueue *vq);

/**
 * virtio_test_assert_line() - the next console line is "<@dev's name>:
 * @what", a message the driver of @dev printed. 0 or a failure.
 */
int virtio_test_assert_line(struct unit_test_state *uts, struct udevice *dev,
			    const char *what);

#endif
