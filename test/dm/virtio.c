// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Virtio core tests: the real virtio-mmio driver, virtqueue code and
 * virtio-rng driver against the sandbox device models (dts/sandbox.dts),
 * named by their DT nodes: a modern and a legacy rng, an empty slot, a
 * balloon (no driver), a block device and a legacy network device (both
 * with the test driver, test/dm/virtio_backends.c). Each model's transport
 * is the one at the model's window (sandbox_virtio_emul_transport()).
 * 'virtio scan' also finds the three virtio-pci functions of the PCI model
 * (test/dm/virtio_pci.c). What every transport must do alike is tested
 * over all five in test/dm/virtio_transport.c.
 */
#include <asm/virtio_emul.h>
#include <console.h>
#include <dm.h>
#include <rng.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "test-drivers.h"

#define MODERN	"emul-rng-modern"
#define LEGACY	"emul-rng-legacy"
#define EMPTY	"emul-empty"
#define BALLOON	"emul-balloon"

static struct udevice *model(const char *name)
{
	return sandbox_virtio_emul_get(name);
}

/* The virtio-mmio transport the model @name answers */
static int find_transport(const char *name, struct udevice **devp)
{
	struct udevice *emul = model(name);

	return emul ? sandbox_virtio_emul_transport(emul, devp) : -ENOENT;
}

/* Probe the transport of model @name and its device driver */
static int start(const char *name, struct udevice **vdevp)
{
	return virtio_test_start(name, NULL, vdevp);
}

static bool expect_stream(const u8 *buf, size_t len, u64 from)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != sandbox_virtio_emul_rng_byte(from + i))
			return false;
	}
	return true;
}

static int virtio_test_scan(struct unit_test_state *uts)
{
	struct udevice *dev;
	struct virtio_dev_priv *uc;

	/*
	 * Nine virtio-mmio slots, one empty, and seven virtio-pci functions
	 * (three entropy sources, three disks, a SCSI host)
	 */
	ut_asserteq(15, virtio_scan());
	/* The empty slot stays unprobed and says nothing */
	ut_assertok(find_transport(EMPTY, &dev));
	ut_assert(!device_active(dev));
	ut_asserteq(-ENODEV, dev->probe_err);
	ut_assert_console_end();
	/* An ID with no driver is listed, not failed */
	ut_assertok(find_transport(BALLOON, &dev));
	uc = dev_get_uclass_priv(dev);
	ut_asserteq(VIRTIO_STATE_NO_DRIVER, uc->state);
	ut_asserteq(5, uc->device);
	ut_assert(uc->vdev == NULL);
	/* A second scan changes nothing */
	ut_asserteq(15, virtio_scan());
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_test_scan, UTF_DM | UTF_CONSOLE, virtio);

static int virtio_test_negotiation(struct unit_test_state *uts)
{
	struct udevice *dev, *vdev;
	u64 ring = BIT_ULL(VIRTIO_F_RING_INDIRECT_DESC) |
		   BIT_ULL(VIRTIO_F_RING_EVENT_IDX);

	/* Offered bits the driver does not know are not accepted */
	sandbox_virtio_emul_set_features(model(MODERN),
					 ring | BIT_ULL(VIRTIO_F_VERSION_1) |
					 BIT(3) | BIT_ULL(VIRTIO_F_IN_ORDER));
	ut_assertok(start(MODERN, &vdev));
	ut_asserteq(ring | BIT_ULL(VIRTIO_F_VERSION_1),
		    virtio_get_priv(vdev)->features);
	ut_assert(virtio_has_feature(vdev, VIRTIO_F_VERSION_1));
	ut_assert(!virtio_has_feature(vdev, VIRTIO_F_IN_ORDER));
	ut_assert(!virtio_is_legacy(vdev));
	/* Legacy: never VERSION_1, 32 bits only; ANY_LAYOUT (§6.3) */
	ut_assertok(start(LEGACY, &vdev));
	ut_asserteq(ring | BIT_ULL(VIRTIO_F_ANY_LAYOUT),
		    virtio_get_priv(vdev)->features);
	ut_assert(virtio_is_legacy(vdev));
	/* No ANY_LAYOUT from a modern device: the bit is not one there */
	ut_assertok(find_transport(MODERN, &dev));
	ut_assertok(device_remove(dev));
	sandbox_virtio_emul_set_features(model(MODERN),
					 ring | BIT_ULL(VIRTIO_F_VERSION_1) |
					 BIT_ULL(VIRTIO_F_ANY_LAYOUT));
	ut_assertok(start(MODERN, &vdev));
	ut_assert(!virtio_has_feature(vdev, VIRTIO_F_ANY_LAYOUT));
	return 0;
}
UNIT_TEST(virtio_test_negotiation, UTF_DM, virtio);

static int virtio_test_no_version_1(struct unit_test_state *uts)
{
	struct udevice *dev, *vdev;

	sandbox_virtio_emul_set_features(model(MODERN),
					 BIT_ULL(VIRTIO_F_RING_EVENT_IDX));
	ut_asserteq(-EIO, start(MODERN, &vdev));
	ut_assert_nextline("virtio_mmio@10000000: modern device does not offer VERSION_1 (features 0x20000000)");
	ut_assert_console_end();
	ut_assertok(find_transport(MODERN, &dev));
	ut_asserteq(VIRTIO_STATE_FAILED,
		    ((struct virtio_dev_priv *)dev_get_uclass_priv(dev))->state);
	/* FAILED was written; the other devices still work */
	ut_assert(sandbox_virtio_emul_stats(model(MODERN))->
		  status_log[3] & VIRTIO_CONFIG_S_FAILED);
	ut_assertok(start(LEGACY, &vdev));
	return 0;
}
UNIT_TEST(virtio_test_no_version_1, UTF_DM | UTF_CONSOLE, virtio);

static int virtio_test_bad_magic(struct unit_test_state *uts)
{
	struct udevice *dev;

	sandbox_virtio_emul_set_faults(model(MODERN),
				       EMUL_FAULT_BAD_MAGIC);
	ut_assertok(find_transport(MODERN, &dev));
	ut_asserteq(-EIO, device_probe(dev));
	ut_assert_nextline("virtio_mmio@10000000: bad magic value 0x12345678");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_test_bad_magic, UTF_DM | UTF_CONSOLE, virtio);

/* §4.2.2.2: a device of an unknown version is left alone, with a message */
static int virtio_test_unknown_version(struct unit_test_state *uts)
{
	struct udevice *dev;

	sandbox_virtio_emul_set_version(model(MODERN), 3);
	ut_assertok(find_transport(MODERN, &dev));
	ut_asserteq(-EIO, device_probe(dev));
	ut_assert_nextline("virtio_mmio@10000000: unknown version 3");
	ut_assert_console_end();
	ut_asserteq(0, sandbox_virtio_emul_stats(model(MODERN))->status_writes);
	return 0;
}
UNIT_TEST(virtio_test_unknown_version, UTF_DM | UTF_CONSOLE, virtio);

/* A configuration read is at most what a second read can check (64) */
static int virtio_test_cread_too_long(struct unit_test_state *uts)
{
	struct udevice *vdev;
	u8 buf[65];

	ut_assertok(start(LEGACY, &vdev));
	ut_asserteq(-EINVAL, virtio_cread(vdev, 0, buf, sizeof(buf)));
	ut_assert_nextline("virtio_mmio@10000200: configuration read of 65 bytes at 0 is too long");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_test_cread_too_long, UTF_DM | UTF_CONSOLE, virtio);

static int read_rng(const char *name, u8 *buf, size_t len)
{
	struct udevice *vdev;
	int ret = start(name, &vdev);

	return ret ? ret : dm_rng_read(vdev, buf, len);
}

static int virtio_test_rng_exact(struct unit_test_state *uts)
{
	u8 buf[100];
	u8 *big = malloc(65536);

	ut_assertnonnull(big);
	ut_assertok(read_rng(MODERN, buf, 1));
	ut_assert(expect_stream(buf, 1, 0));
	ut_assertok(read_rng(MODERN, buf, sizeof(buf)));
	ut_assert(expect_stream(buf, sizeof(buf), 1));
	/* 64 KiB: split into many buffers in flight, few notifications */
	ut_assertok(read_rng(MODERN, big, 65536));
	ut_assert(expect_stream(big, 65536, 101));
	ut_assert(sandbox_virtio_emul_stats(model(MODERN))->
		  buffers >= 16 + 2);
	ut_assertok(read_rng(LEGACY, big, 65536));
	ut_assert(expect_stream(big, 65536, 0));
	free(big);
	return 0;
}
UNIT_TEST(virtio_test_rng_exact, UTF_DM, virtio);

static int virtio_test_rng_short(struct unit_test_state *uts)
{
	u8 buf[5000];
	struct udevice *emul = model(MODERN);

	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_SHORT);
	sandbox_virtio_emul_set_short(emul, 100);
	/* One buffer in flight: the re-posted rest continues the stream */
	ut_assertok(read_rng(MODERN, buf, 1000));
	ut_assert(expect_stream(buf, 1000, 0));
	ut_asserteq(10, sandbox_virtio_emul_stats(emul)->buffers);
	/* Several in flight: every byte still arrives */
	memset(buf, 0, sizeof(buf));
	ut_assertok(read_rng(MODERN, buf, sizeof(buf)));
	/* 4096 + 904 bytes in 100-byte answers: 41 + 10 buffers */
	ut_asserteq(10 + 41 + 10, sandbox_virtio_emul_stats(emul)->buffers);
	return 0;
}
UNIT_TEST(virtio_test_rng_short, UTF_DM, virtio);

static int virtio_test_rng_silent(struct unit_test_state *uts)
{
	u8 buf[64];
	ulong start_ms = get_timer(0);

	sandbox_virtio_emul_set_faults(model(MODERN),
				       EMUL_FAULT_SILENT);
	ut_asserteq(-ETIMEDOUT, read_rng(MODERN, buf, sizeof(buf)));
	ut_assert(get_timer(start_ms) < CONFIG_VIRTIO_RNG_TIMEOUT_MS + 1000);
	ut_assert_nextline("virtio-rng#0: device gave no entropy for 2000 ms (0 of 64 bytes)");
	return 0;
}
UNIT_TEST(virtio_test_rng_silent, UTF_DM | UTF_CONSOLE, virtio);

static int broken_read(struct unit_test_state *uts, u32 fault,
		       const char *msg)
{
	struct udevice *vdev;
	u8 buf[64];

	ut_assertok(start(MODERN, &vdev));
	sandbox_virtio_emul_set_faults(model(MODERN), fault);
	ut_asserteq(-EIO, dm_rng_read(vdev, buf, sizeof(buf)));
	ut_assert_nextline(msg);
	ut_assert(virtqueue_is_broken(virtio_test_first_vq(vdev)));
	/* Reported once; every later call fails the same way */
	ut_asserteq(-EIO, dm_rng_read(vdev, buf, sizeof(buf)));
	ut_assert_console_end();
	return 0;
}

static int virtio_test_used_len(struct unit_test_state *uts)
{
	return broken_read(uts, EMUL_FAULT_USED_LEN,
			   "virtio-rng#0: queue 0: used length 65 is larger than the 64 bytes posted; queue disabled");
}
UNIT_TEST(virtio_test_used_len, UTF_DM | UTF_CONSOLE, virtio);

/*
 * virtqueue_loose_len(): a length past the writable bytes but inside the
 * buffer is taken as the writable bytes; past the buffer it still breaks
 */
static int virtio_test_loose_len(struct unit_test_state *uts)
{
	static u8 a[8], b[16], c[32];
	struct virtio_sg sg[3] = { { a, 8 }, { b, 16 }, { c, 32 } };
	struct udevice *vdev;
	struct virtqueue *vq;
	unsigned int len;

	ut_assertok(start(MODERN, &vdev));
	vq = virtio_test_first_vq(vdev);
	virtqueue_loose_len(vq);
	sandbox_virtio_emul_set_faults(model(MODERN), EMUL_FAULT_USED_LEN);
	/* 49 of 56 bytes, 48 of them writable */
	ut_assertok(virtqueue_add(vq, sg, 1, 2, a));
	ut_assertok(virtqueue_kick(vq));
	ut_assertok(virtqueue_poll(vq, 100000));
	ut_asserteq_ptr(a, virtqueue_get_buf(vq, &len));
	ut_asserteq(48, len);
	/* 17 of 16 bytes, all writable */
	ut_assertok(virtqueue_add(vq, sg + 1, 0, 1, b));
	ut_assertok(virtqueue_kick(vq));
	ut_assertok(virtqueue_poll(vq, 100000));
	ut_asserteq_ptr(NULL, virtqueue_get_buf(vq, &len));
	ut_assert_nextline("virtio-rng#0: queue 0: used length 17 is larger than the 16 bytes posted; queue disabled");
	ut_assert(virtqueue_is_broken(vq));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_test_loose_len, UTF_DM | UTF_CONSOLE, virtio);

static int virtio_test_used_id(struct unit_test_state *uts)
{
	return broken_read(uts, EMUL_FAULT_USED_ID,
			   "virtio-rng#0: queue 0: used id 69 is not a buffer in flight (size 64); queue disabled");
}
UNIT_TEST(virtio_test_used_id, UTF_DM | UTF_CONSOLE, virtio);

static int virtio_test_used_jump(struct unit_test_state *uts)
{
	return broken_read(uts, EMUL_FAULT_USED_JUMP,
			   "virtio-rng#0: queue 0: used index jumped from 0 to 10; queue disabled");
}
UNIT_TEST(virtio_test_used_jump, UTF_DM | UTF_CONSOLE, virtio);

static int virtio_test_ring_chain_indirect(struct unit_test_state *uts)
{
	struct udevice *vdev, *emul = model(MODERN);
	struct virtio_emul_stats *st = sandbox_virtio_emul_stats(emul);
	static u8 a[8], b[16], c[32], one[64][4];
	struct virtio_sg sg[3] = { { a, 8 }, { b, 16 }, { c, 32 } };
	struct virtqueue *vq;
	unsigned int len, i;
	void *token;

	ut_assertok(start(MODERN, &vdev));
	vq = virtio_test_first_vq(vdev);
	ut_asserteq(64, vq->num);
	/* A chain: one readable and two writable pieces */
	ut_assertok(virtqueue_add(vq, sg, 1, 2, a));
	ut_assertok(virtqueue_kick(vq));
	ut_assertok(virtqueue_poll(vq, 100000));
	ut_asserteq_ptr(a, virtqueue_get_buf(vq, &len));
	ut_asserteq(48, len);
	ut_asserteq(3, st->max_chain);
	ut_asserteq(64, vq->num_free);
	/* Fill the ring, then a 3-piece buffer goes indirect */
	sandbox_virtio_emul_set_deferred(emul, true);
	for (i = 0; i < 62; i++) {
		struct virtio_sg s = { one[i], 4 };

		ut_assertok(virtqueue_add(vq, &s, 0, 1, one[i]));
	}
	ut_assertok(virtqueue_add(vq, sg, 0, 3, b));
	ut_asserteq(1, vq->num_free);
	ut_assertok(virtqueue_add(vq, sg, 0, 3, c));
	ut_asserteq(0, vq->num_free);
	ut_asserteq(-ENOSPC, virtqueue_add(vq, sg, 0, 3, a));
	ut_assertok(virtqueue_kick(vq));
	sandbox_virtio_emul_complete(emul);
	ut_asserteq(2, st->indirect);
	for (i = 0; (token = virtqueue_get_buf(vq, &len)); i++)
		;
	ut_asserteq(64, i);
	ut_asserteq(64, vq->num_free);
	/* Bad requests */
	ut_asserteq(-EINVAL, virtqueue_add(vq, sg, 0, 0, a));
	ut_asserteq(-EINVAL, virtqueue_add(vq, sg, 1, 0, NULL));
	return 0;
}
UNIT_TEST(virtio_test_ring_chain_indirect, UTF_DM, virtio);

static int virtio_test_notify_suppression(struct unit_test_state *uts)
{
	struct udevice *vdev, *emul = model(MODERN);
	struct virtio_emul_stats *st = sandbox_virtio_emul_stats(emul);
	u8 buf[32];
	u32 before;

	struct virtio_sg s = { buf, 4 };
	struct virtqueue *vq;
	struct udevice *dev;

	/* EVENT_IDX: the device names (avail_event) when it wants a kick */
	ut_assertok(start(MODERN, &vdev));
	vq = virtio_test_first_vq(vdev);
	ut_assert(vq->event_idx);
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	before = st->notifies;
	ut_asserteq(1, before);
	sandbox_virtio_emul_set_no_notify(emul, true);
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	ut_asserteq(before + 1, st->notifies);	/* it answered, asked for none */
	sandbox_virtio_emul_set_deferred(emul, true);
	ut_assertok(virtqueue_add(vq, &s, 0, 1, buf));
	ut_assertok(virtqueue_kick(vq));
	ut_asserteq(before + 1, st->notifies);
	/* Every notification was asked for: none was a re-notification */
	ut_asserteq(0, vq->nudges);

	/* Without EVENT_IDX the used ring's NO_NOTIFY flag does the same */
	ut_assertok(find_transport(MODERN, &dev));
	ut_assertok(device_remove(dev));
	sandbox_virtio_emul_set_features(emul, BIT_ULL(VIRTIO_F_VERSION_1));
	sandbox_virtio_emul_set_deferred(emul, false);
	sandbox_virtio_emul_set_no_notify(emul, false);
	ut_assertok(start(MODERN, &vdev));
	vq = virtio_test_first_vq(vdev);
	ut_assert(!vq->event_idx);
	before = st->notifies;
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	ut_asserteq(before + 1, st->notifies);
	sandbox_virtio_emul_set_no_notify(emul, true);
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	ut_asserteq(before + 2, st->notifies);
	sandbox_virtio_emul_set_deferred(emul, true);
	ut_assertok(virtqueue_add(vq, &s, 0, 1, buf));
	ut_assertok(virtqueue_kick(vq));
	ut_asserteq(before + 2, st->notifies);
	ut_asserteq(0, vq->nudges);
	return 0;
}
UNIT_TEST(virtio_test_notify_suppression, UTF_DM, virtio);

static int ring_interrupts(struct unit_test_state *uts, u64 features)
{
	struct udevice *emul = model(MODERN), *vdev;

	sandbox_virtio_emul_set_features(emul, features);
	ut_assertok(start(MODERN, &vdev));
	ut_asserteq(!!(features & BIT_ULL(VIRTIO_F_RING_EVENT_IDX)),
		    virtio_test_first_vq(vdev)->event_idx);
	return virtio_test_ring_interrupts(uts, emul,
					   virtio_test_first_vq(vdev));
}

/* used_event with RING_EVENT_IDX, the NO_INTERRUPT flag without it */
static int virtio_test_interrupts(struct unit_test_state *uts)
{
	ut_assertok(ring_interrupts(uts, BIT_ULL(VIRTIO_F_VERSION_1) |
				    BIT_ULL(VIRTIO_F_RING_EVENT_IDX)));
	return 0;
}
UNIT_TEST(virtio_test_interrupts, UTF_DM, virtio);

static int virtio_test_interrupts_no_event_idx(struct unit_test_state *uts)
{
	ut_assertok(ring_interrupts(uts, BIT_ULL(VIRTIO_F_VERSION_1)));
	return 0;
}
UNIT_TEST(virtio_test_interrupts_no_event_idx, UTF_DM, virtio);

/*
 * The virtio-mmio interrupt status: set by a notification, cleared by
 * virtio_ack_irq() (InterruptACK). No naps on the sandbox's transports,
 * whose nodes name no interrupt: virtio_nap() says to poll.
 */
static int virtio_test_ack_irq(struct unit_test_state *uts)
{
	struct udevice *emul = model(MODERN), *vdev;
	struct virtqueue *vq;

	ut_assertok(start(MODERN, &vdev));
	vq = virtio_test_first_vq(vdev);
	ut_assertok(virtio_test_ack_once(uts, emul, vdev, 1, 0));
	ut_assert(!virtio_nap(vdev, vq, 1000));
	ut_asserteq(0, vq->naps);

	/* A status bit with no meaning is left alone, never acknowledged */
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_ISR_JUNK);
	ut_assertok(virtio_test_ack_once(uts, emul, vdev, 0x81, 0x80));
	return 0;
}
UNIT_TEST(virtio_test_ack_irq, UTF_DM, virtio);

/*
 * §2.7.10: each mode reads only its own field. A device whose other field
 * says the opposite (EMUL_FAULT_MIXED_SIGNALS) still gets exactly the
 * notifications it asked for: one per read, none of them a re-notification
 */
static int mixed_signals(struct unit_test_state *uts, u64 features)
{
	struct udevice *emul = model(MODERN), *vdev;
	struct virtio_emul_stats *st = sandbox_virtio_emul_stats(emul);
	struct virtqueue *vq;
	u8 buf[32];

	sandbox_virtio_emul_set_features(emul, features);
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_MIXED_SIGNALS);
	ut_assertok(start(MODERN, &vdev));
	vq = virtio_test_first_vq(vdev);
	for (int i = 0; i < 5; i++) {
		ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
		ut_asserteq(i + 1, st->notifies);
	}
	ut_asserteq(0, vq->nudges);
	return 0;
}

static int virtio_test_mixed_signals(struct unit_test_state *uts)
{
	ut_assertok(mixed_signals(uts, BIT_ULL(VIRTIO_F_VERSION_1) |
				  BIT_ULL(VIRTIO_F_RING_EVENT_IDX)));
	return 0;
}
UNIT_TEST(virtio_test_mixed_signals, UTF_DM, virtio);

static int virtio_test_mixed_signals_no_event_idx(struct unit_test_state *uts)
{
	ut_assertok(mixed_signals(uts, BIT_ULL(VIRTIO_F_VERSION_1)));
	return 0;
}
UNIT_TEST(virtio_test_mixed_signals_no_event_idx, UTF_DM, virtio);

/*
 * §2.7.13: a write barrier between the descriptors and ring entry and the
 * index that publishes them, a full one before reading what the device
 * wants, a read barrier between the used index and its entry. Counted on
 * the sandbox (asm/io.h), so a lost barrier fails here.
 */
static int virtio_test_barriers(struct unit_test_state *uts)
{
	struct udevice *vdev;

	ut_assertok(start(MODERN, &vdev));
	return virtio_test_ring_barriers(uts, model(MODERN),
					 virtio_test_first_vq(vdev));
}
UNIT_TEST(virtio_test_barriers, UTF_DM, virtio);

/* §2.7.5.3.1: no indirect table unless RING_INDIRECT_DESC was accepted */
static int virtio_test_no_indirect(struct unit_test_state *uts)
{
	struct udevice *vdev;

	sandbox_virtio_emul_set_features(model(MODERN),
					 BIT_ULL(VIRTIO_F_VERSION_1));
	ut_assertok(start(MODERN, &vdev));
	return virtio_test_ring_no_indirect(uts, model(MODERN),
					    virtio_test_first_vq(vdev));
}
UNIT_TEST(virtio_test_no_indirect, UTF_DM, virtio);

/* dm_remove_all() takes every transport down (the models too) */
static int virtio_test_remove_all(struct unit_test_state *uts)
{
	struct udevice *vdev, *dev;

	ut_assertok(start(MODERN, &vdev));
	ut_assertok(find_transport(MODERN, &dev));
	ut_assertok(dm_remove_all());
	ut_assert(!device_active(dev));
	return 0;
}
UNIT_TEST(virtio_test_remove_all, UTF_DM, virtio);

/* §2.7.5.3.1 and §2.7.5.2: a chain is at most the queue's size, through an
 * indirect table too, and at most 4 GiB in all
 */
static int virtio_test_chain_limits(struct unit_test_state *uts)
{
	static u8 bytes[65];
	struct virtio_sg sg[65];
	struct virtqueue *vq;
	struct udevice *vdev;
	unsigned int len;

	ut_assertok(start(MODERN, &vdev));
	vq = virtio_test_first_vq(vdev);
	ut_assert(vq->indirect);
	for (unsigned int i = 0; i < ARRAY_SIZE(sg); i++)
		sg[i] = (struct virtio_sg){ &bytes[i], 1 };
	ut_asserteq(-EINVAL, virtqueue_add(vq, sg, 0, vq->num + 1, bytes));
	ut_assertok(virtqueue_add(vq, sg, 0, vq->num, bytes));
	ut_assertok(virtqueue_kick(vq));
	ut_assertok(virtqueue_poll(vq, 1000000));
	ut_asserteq_ptr(bytes, virtqueue_get_buf(vq, &len));
	/* 4 GiB and one byte, counting what the device reads */
	sg[0] = (struct virtio_sg){ bytes, 0xffffffffU };
	sg[1] = (struct virtio_sg){ bytes, 1 };
	ut_asserteq(-EINVAL, virtqueue_add(vq, sg, 1, 1, bytes));
	return 0;
}
UNIT_TEST(virtio_test_chain_limits, UTF_DM, virtio);

/* The platform features are accepted when a modern device offers them */
static int virtio_test_platform_features(struct unit_test_state *uts)
{
	u64 platform = BIT_ULL(VIRTIO_F_ACCESS_PLATFORM) |
		       BIT_ULL(VIRTIO_F_ORDER_PLATFORM);
	struct udevice *vdev;

	sandbox_virtio_emul_set_features(model(MODERN),
					 BIT_ULL(VIRTIO_F_VERSION_1) |
					 BIT_ULL(VIRTIO_F_RING_EVENT_IDX) |
					 platform);
	ut_assertok(start(MODERN, &vdev));
	ut_asserteq(platform,
		    virtio_get_priv(vdev)->features & platform);
	return 0;
}
UNIT_TEST(virtio_test_platform_features, UTF_DM, virtio);
