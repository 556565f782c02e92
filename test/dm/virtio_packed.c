// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Packed virtqueues (VIRTIO 1.2 §2.8): the real ring code and virtio-rng
 * driver against the device side of the sandbox models
 * (drivers/virtio/emul/virtio_emul_packed.c), over virtio-mmio version 2
 * and modern virtio-pci. Negotiation, a stream over many laps of the ring,
 * chains and indirect tables across the ring's end, notification
 * suppression both ways, the untrusted-device checks, and a device that
 * waits for a notification it never asked for. Each test ends with the
 * models' protocol checker having counted nothing.
 */
#include <asm/virtio_emul.h>
#include <dm.h>
#include <rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "test-drivers.h"

#define RING_FEATURES	(BIT_ULL(VIRTIO_F_VERSION_1) | \
			 BIT_ULL(VIRTIO_F_RING_EVENT_IDX) | \
			 BIT_ULL(VIRTIO_F_RING_INDIRECT_DESC))

static const char *const models[] = {
	"emul-rng-modern",	/* virtio-mmio version 2 */
	"virtio-rng-modern",	/* virtio-pci, modern */
};

/* PACKED_TEST(name, flags): name(uts, model) once per transport */
#define PACKED_CASE(_name, _flags, _i, _suffix)				\
	static int virtio_packed_##_name##_##_suffix(			\
		struct unit_test_state *uts)				\
	{								\
		return _name(uts, models[_i]);				\
	}								\
	UNIT_TEST(virtio_packed_##_name##_##_suffix, _flags, virtio_packed)
#define PACKED_TEST(_name, _flags)					\
	PACKED_CASE(_name, _flags, 0, mmio);				\
	PACKED_CASE(_name, _flags, 1, pci)

/* Have @model offer @features and the packed ring; start its rng on it */
static int start_packed(struct unit_test_state *uts, const char *model,
			u64 features, struct udevice **vdevp,
			struct virtqueue **vqp)
{
	struct udevice *emul = sandbox_virtio_emul_get(model);

	ut_assertnonnull(emul);
	sandbox_virtio_emul_set_features(emul, features |
					 BIT_ULL(VIRTIO_F_RING_PACKED));
	ut_assertok(virtio_test_start(model, NULL, vdevp));
	*vqp = virtio_test_first_vq(*vdevp);
	ut_assert((*vqp)->packed);
	ut_assert(virtio_has_feature(*vdevp, VIRTIO_F_RING_PACKED));
	return 0;
}

static struct virtio_emul_stats *stats(const char *model)
{
	return sandbox_virtio_emul_stats(sandbox_virtio_emul_get(model));
}

static bool expect_stream(const u8 *buf, size_t len, u64 from)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != sandbox_virtio_emul_rng_byte(from + i))
			return false;
	}
	return true;
}

/* Negotiated when offered; the entropy stream arrives whole, lap after lap */
static int stream(struct unit_test_state *uts, const char *model)
{
	struct virtqueue_info info;
	struct virtqueue *vq;
	struct udevice *vdev;
	u8 *buf = malloc(65536);
	u64 at = 0;

	ut_assertnonnull(buf);
	ut_assertok(start_packed(uts, model, RING_FEATURES, &vdev, &vq));
	ut_assertok(dm_rng_read(vdev, buf, 100));
	ut_assert(expect_stream(buf, 100, at));
	at += 100;
	/* 16 buffers of 4 KiB per read: 8 reads go round a 64-entry ring */
	for (int i = 0; i < 8; i++, at += 65536) {
		ut_assertok(dm_rng_read(vdev, buf, 65536));
		ut_assert(expect_stream(buf, 65536, at));
	}
	ut_assert(stats(model)->buffers > 2 * vq->num);
	virtqueue_get_info(vq, &info);
	ut_assert(info.packed);
	/* Used descriptors without WRITE, as QEMU writes them: the same */
	sandbox_virtio_emul_set_faults(sandbox_virtio_emul_get(model),
				       EMUL_FAULT_USED_NO_WRITE);
	ut_assertok(dm_rng_read(vdev, buf, 65536));
	ut_assert(expect_stream(buf, 65536, at));
	ut_asserteq(0, stats(model)->violations);
	free(buf);
	return 0;
}
PACKED_TEST(stream, UTF_DM);

/*
 * Chains of three pieces across the ring's end at every offset, then a
 * full ring where the last buffers go through indirect tables
 */
static int chains(struct unit_test_state *uts, const char *model)
{
	struct udevice *emul = sandbox_virtio_emul_get(model), *vdev;
	static u8 a[8], b[16], c[32], one[64][4];
	struct virtio_sg sg[3] = { { a, 8 }, { b, 16 }, { c, 32 } };
	static struct virtio_sg many[65];
	struct virtqueue *vq;
	unsigned int len, i;

	ut_assertok(start_packed(uts, model, RING_FEATURES, &vdev, &vq));
	ut_asserteq(64, vq->num);
	sandbox_virtio_emul_set_deferred(emul, true);
	for (i = 0; i < 2 * vq->num; i++) {
		ut_assertok(virtqueue_add(vq, sg, 1, 2, a));
		ut_assertok(virtqueue_kick(vq));
		sandbox_virtio_emul_complete(emul);
		ut_asserteq_ptr(a, virtqueue_get_buf(vq, &len));
		ut_asserteq(48, len);
		ut_asserteq(64, vq->num_free);
	}
	ut_asserteq(3, stats(model)->max_chain);
	ut_asserteq(0, stats(model)->indirect);
	/* Fill the ring: 62 single pieces, then two chains go indirect */
	for (i = 0; i < 62; i++) {
		struct virtio_sg s = { one[i], 4 };

		ut_assertok(virtqueue_add(vq, &s, 0, 1, one[i]));
	}
	ut_assertok(virtqueue_add(vq, sg, 0, 3, b));
	ut_assertok(virtqueue_add(vq, sg, 0, 3, c));
	ut_asserteq(0, vq->num_free);
	ut_asserteq(-ENOSPC, virtqueue_add(vq, sg, 0, 3, a));
	ut_assertok(virtqueue_kick(vq));
	ut_asserteq(64, virtqueue_device_holds(vq));
	sandbox_virtio_emul_complete(emul);
	ut_asserteq(0, virtqueue_device_holds(vq));
	ut_asserteq(2, stats(model)->indirect);
	for (i = 0; i < 62; i++)
		ut_asserteq_ptr(one[i], virtqueue_get_buf(vq, &len));
	ut_asserteq_ptr(b, virtqueue_get_buf(vq, &len));
	ut_asserteq(56, len);
	ut_asserteq_ptr(c, virtqueue_get_buf(vq, &len));
	ut_asserteq_ptr(NULL, virtqueue_get_buf(vq, &len));
	ut_asserteq(64, vq->num_free);
	ut_asserteq(0, vq->in_flight);
	/* Bad requests: empty, or longer than the queue even indirect */
	ut_asserteq(-EINVAL, virtqueue_add(vq, sg, 0, 0, a));
	for (i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = (struct virtio_sg){ a, 1 };
	ut_asserteq(-EINVAL, virtqueue_add(vq, many, 0, vq->num + 1, a));
	ut_asserteq(0, stats(model)->violations);
	return 0;
}
PACKED_TEST(chains, UTF_DM);

/* A device that breaks the rules: reported once, then -EIO */
static int broken(struct unit_test_state *uts, const char *model, u32 fault,
		  const char *what)
{
	struct udevice *vdev;
	struct virtqueue *vq;
	char want[160];
	u8 buf[64];

	ut_assertok(start_packed(uts, model, RING_FEATURES, &vdev, &vq));
	sandbox_virtio_emul_set_faults(sandbox_virtio_emul_get(model), fault);
	ut_asserteq(-EIO, dm_rng_read(vdev, buf, sizeof(buf)));
	snprintf(want, sizeof(want), "%s: queue 0: %s; queue disabled",
		 vdev->name, what);
	ut_assert_nextline(want);
	ut_assert(virtqueue_is_broken(vq));
	ut_asserteq(-EIO, dm_rng_read(vdev, buf, sizeof(buf)));
	ut_assert_console_end();
	return 0;
}

static int used_len(struct unit_test_state *uts, const char *model)
{
	return broken(uts, model, EMUL_FAULT_USED_LEN,
		      "used length 65 is larger than the 64 bytes posted");
}
PACKED_TEST(used_len, UTF_DM | UTF_CONSOLE);

static int used_id(struct unit_test_state *uts, const char *model)
{
	return broken(uts, model, EMUL_FAULT_USED_ID,
		      "used id 69 is not a buffer in flight (size 64)");
}
PACKED_TEST(used_id, UTF_DM | UTF_CONSOLE);

/* Two buffers handed back with one id: the second time it is not in flight */
static int used_twice(struct unit_test_state *uts, const char *model)
{
	struct udevice *emul = sandbox_virtio_emul_get(model), *vdev;
	static u8 a[4], b[4];
	struct virtio_sg sa = { a, 4 }, sb = { b, 4 };
	struct virtqueue *vq;
	unsigned int len;
	char want[160];

	ut_assertok(start_packed(uts, model, RING_FEATURES, &vdev, &vq));
	sandbox_virtio_emul_set_deferred(emul, true);
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_USED_JUMP);
	ut_assertok(virtqueue_add(vq, &sa, 0, 1, a));
	ut_assertok(virtqueue_add(vq, &sb, 0, 1, b));
	ut_assertok(virtqueue_kick(vq));
	sandbox_virtio_emul_complete(emul);
	ut_asserteq_ptr(a, virtqueue_get_buf(vq, &len));
	ut_asserteq_ptr(NULL, virtqueue_get_buf(vq, &len));
	snprintf(want, sizeof(want),
		 "%s: queue 0: used id 0 is not a buffer in flight (size 64); queue disabled",
		 vdev->name);
	ut_assert_nextline(want);
	ut_assert(virtqueue_is_broken(vq));
	ut_asserteq(-EIO, virtqueue_add(vq, &sa, 0, 1, a));
	ut_assert_console_end();
	return 0;
}
PACKED_TEST(used_twice, UTF_DM | UTF_CONSOLE);

/*
 * The device area decides: with EVENT_IDX the device names the descriptor
 * it wants a notification at, or disables them; without, ENABLE/DISABLE
 */
static int suppression(struct unit_test_state *uts, const char *model)
{
	struct udevice *emul = sandbox_virtio_emul_get(model), *vdev, *dev;
	struct virtio_emul_stats *st = stats(model);
	struct virtio_sg s;
	struct virtqueue *vq;
	u8 buf[32];
	u32 before;

	s = (struct virtio_sg){ buf, 4 };
	ut_assertok(start_packed(uts, model, RING_FEATURES, &vdev, &vq));
	ut_assert(vq->event_idx);
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	before = st->notifies;
	ut_asserteq(1, before);
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	ut_asserteq(before + 1, st->notifies);	/* it named the next one */
	sandbox_virtio_emul_set_no_notify(emul, true);
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	ut_asserteq(before + 2, st->notifies);	/* answered, asked for none */
	sandbox_virtio_emul_set_deferred(emul, true);
	ut_assertok(virtqueue_add(vq, &s, 0, 1, buf));
	ut_assertok(virtqueue_kick(vq));
	ut_asserteq(before + 2, st->notifies);

	ut_assertok(virtio_test_start(model, &dev, &vdev));
	ut_assertok(device_remove(dev));
	sandbox_virtio_emul_set_deferred(emul, false);
	sandbox_virtio_emul_set_no_notify(emul, false);
	ut_assertok(start_packed(uts, model, BIT_ULL(VIRTIO_F_VERSION_1),
				 &vdev, &vq));
	ut_assert(!vq->event_idx);
	before = st->notifies;
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	ut_asserteq(before + 2, st->notifies);
	sandbox_virtio_emul_set_no_notify(emul, true);
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	ut_asserteq(before + 3, st->notifies);
	sandbox_virtio_emul_set_deferred(emul, true);
	ut_assertok(virtqueue_add(vq, &s, 0, 1, buf));
	ut_assertok(virtqueue_kick(vq));
	ut_asserteq(before + 3, st->notifies);
	/* Every notification was asked for: none was a re-notification */
	ut_asserteq(0, vq->nudges);
	return 0;
}
PACKED_TEST(suppression, UTF_DM);

/*
 * A device that names a descriptor already made available, then waits:
 * the ring's re-notification wakes it and the stream stays whole
 */
static int stale_event(struct unit_test_state *uts, const char *model)
{
	struct virtqueue *vq;
	struct udevice *vdev;
	u8 buf[20000];

	ut_assertok(start_packed(uts, model, RING_FEATURES, &vdev, &vq));
	sandbox_virtio_emul_set_faults(sandbox_virtio_emul_get(model),
				       EMUL_FAULT_STALE_EVENT);
	for (int i = 0; i < 4; i++) {
		ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
		ut_assert(expect_stream(buf, sizeof(buf), i * sizeof(buf)));
	}
	ut_assert(stats(model)->parked > 0);
	ut_assert(vq->nudges > 0);
	ut_asserteq(0, stats(model)->violations);
	return 0;
}
PACKED_TEST(stale_event, UTF_DM);

/* Answers shorter than the buffers: the rest is asked for again */
static int short_answers(struct unit_test_state *uts, const char *model)
{
	struct udevice *emul = sandbox_virtio_emul_get(model), *vdev;
	struct virtqueue *vq;
	u8 buf[5000];

	ut_assertok(start_packed(uts, model, RING_FEATURES, &vdev, &vq));
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_SHORT);
	sandbox_virtio_emul_set_short(emul, 100);
	/* One buffer in flight: the re-posted rest continues the stream */
	ut_assertok(dm_rng_read(vdev, buf, 1000));
	ut_assert(expect_stream(buf, 1000, 0));
	ut_asserteq(10, stats(model)->buffers);
	/* Several in flight: 4096 + 904 bytes in 100-byte answers */
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	ut_asserteq(10 + 41 + 10, stats(model)->buffers);
	ut_asserteq(0, stats(model)->violations);
	return 0;
}
PACKED_TEST(short_answers, UTF_DM);

/*
 * §2.8.21: a write barrier before the flags that make a buffer available,
 * a full one before reading the device area, a read one between a used
 * descriptor's flags and its id (counted on the sandbox, asm/io.h)
 */
static int barriers(struct unit_test_state *uts, const char *model)
{
	struct udevice *vdev;
	struct virtqueue *vq;

	ut_assertok(start_packed(uts, model, RING_FEATURES, &vdev, &vq));
	return virtio_test_ring_barriers(uts, sandbox_virtio_emul_get(model),
					 vq);
}
PACKED_TEST(barriers, UTF_DM);

/* §2.8.10: the driver area's ENABLE and DISABLE */
static int interrupts(struct unit_test_state *uts, const char *model)
{
	struct udevice *vdev;
	struct virtqueue *vq;

	ut_assertok(start_packed(uts, model, RING_FEATURES, &vdev, &vq));
	return virtio_test_ring_interrupts(uts, sandbox_virtio_emul_get(model),
					   vq);
}
PACKED_TEST(interrupts, UTF_DM);

/* §2.8.19: no indirect table unless RING_INDIRECT_DESC was accepted */
static int no_indirect(struct unit_test_state *uts, const char *model)
{
	struct udevice *vdev;
	struct virtqueue *vq;

	ut_assertok(start_packed(uts, model, BIT_ULL(VIRTIO_F_VERSION_1),
				 &vdev, &vq));
	return virtio_test_ring_no_indirect(uts,
					    sandbox_virtio_emul_get(model), vq);
}
PACKED_TEST(no_indirect, UTF_DM);
