// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * What every virtio transport must do the same way, run over one table of
 * transports: virtio-mmio version 2 and 1, and virtio-pci modern, legacy
 * and transitional, each against its virtio-rng model (dts/sandbox.dts).
 * The status handshake, reset on remove, a reset that never completes,
 * refused features, DEVICE_NEEDS_RESET, and configuration reads: the
 * generation counter and the end of the configuration window.
 */
#include <asm/virtio_emul.h>
#include <dm.h>
#include <rng.h>
#include <stdio.h>
#include <test/ut.h>
#include <virtio.h>
#include "test-drivers.h"

/**
 * struct transport_case - one transport under test
 * @model: the model's DT node
 * @legacy: driven through a legacy interface (no FEATURES_OK, no
 *	generation counter)
 * @config_len: bytes of device configuration the transport gives access to
 */
static const struct transport_case {
	const char *model;
	bool legacy;
	unsigned int config_len;
} transports[] = {
	{ "emul-rng-modern", false, 0x100 },	/* 0x200-byte window */
	{ "emul-rng-legacy", true, 0x100 },
	{ "virtio-rng-modern", false, 0x1000 },	/* its structure's length */
	{ "virtio-rng-legacy", true, 0x6c },	/* 0x80-byte BAR0, from 20 */
	{ "virtio-rng-transitional", false, 0x1000 },
};

/*
 * TRANSPORT_TEST(name, flags): name(uts, t) as one unit test per transport,
 * virtio_transport_<name>_<transport>, so a failure names its transport
 */
#define TRANSPORT_CASE(_name, _flags, _i, _suffix)			\
	static int virtio_transport_##_name##_##_suffix(		\
		struct unit_test_state *uts)				\
	{								\
		return _name(uts, &transports[_i]);			\
	}								\
	UNIT_TEST(virtio_transport_##_name##_##_suffix, _flags,	\
		  virtio_transport)
#define TRANSPORT_TEST(_name, _flags)					\
	TRANSPORT_CASE(_name, _flags, 0, mmio2);			\
	TRANSPORT_CASE(_name, _flags, 1, mmio1);			\
	TRANSPORT_CASE(_name, _flags, 2, pci_modern);			\
	TRANSPORT_CASE(_name, _flags, 3, pci_legacy);			\
	TRANSPORT_CASE(_name, _flags, 4, pci_transitional)
BUILD_BUG_ON(ARRAY_SIZE(transports) != 5);

/* The case's transport and model; @vdevp: its driver, probed */
static int start(const struct transport_case *t, struct udevice **devp,
		 struct udevice **vdevp)
{
	return virtio_test_start(t->model, devp, vdevp);
}

static struct udevice *model(const struct transport_case *t)
{
	return sandbox_virtio_emul_get(t->model);
}

/* §3.1.1, then a reset when the driver goes */
static int status_sequence(struct unit_test_state *uts,
			   const struct transport_case *t)
{
	struct virtio_emul_stats *st;
	struct udevice *dev, *vdev;
	u32 resets;

	ut_assertok(start(t, &dev, &vdev));
	st = sandbox_virtio_emul_stats(model(t));
	/* reset, ACK, DRIVER, [FEATURES_OK,] DRIVER_OK */
	ut_asserteq(t->legacy ? 4 : 5, st->status_writes);
	ut_asserteq(0x00, st->status_log[0]);
	ut_asserteq(0x01, st->status_log[1]);
	ut_asserteq(0x03, st->status_log[2]);
	if (t->legacy) {
		ut_asserteq(0x07, st->status_log[3]);
	} else {
		ut_asserteq(0x0b, st->status_log[3]);
		ut_asserteq(0x0f, st->status_log[4]);
	}
	resets = st->resets;
	ut_assertok(device_remove(dev));
	ut_assert(st->resets > resets);
	ut_asserteq(0, st->status_log[st->status_writes - 1]);
	ut_assert(!device_active(dev));
	return 0;
}
TRANSPORT_TEST(status_sequence, UTF_DM);

static int reset_stuck(struct unit_test_state *uts,
		       const struct transport_case *t)
{
	struct udevice *dev, *vdev;

	sandbox_virtio_emul_set_faults(model(t),
				       EMUL_FAULT_RESET_STUCK);
	ut_asserteq(-ETIMEDOUT, start(t, &dev, &vdev));
	ut_assertok(virtio_test_assert_line(uts, dev,
				"device did not reset (status 0x1)"));
	ut_assert_console_end();
	sandbox_virtio_emul_set_faults(model(t), 0);
	return 0;
}
TRANSPORT_TEST(reset_stuck, UTF_DM | UTF_CONSOLE);

/* FEATURES_OK that does not stick; a legacy device has no such step */
static int features_refused(struct unit_test_state *uts,
			    const struct transport_case *t)
{
	struct virtio_emul_stats *st;
	struct udevice *dev, *vdev;
	struct virtio_dev_priv *uc;
	u32 failed, ack;

	sandbox_virtio_emul_set_faults(model(t),
				       EMUL_FAULT_REFUSE_FEATURES);
	if (t->legacy) {
		ut_assertok(start(t, &dev, &vdev));
		ut_assert_console_end();
		return 0;
	}
	ut_asserteq(-EIO, start(t, &dev, &vdev));
	ut_assertok(virtio_test_assert_line(uts, dev, "device refused features 0x130000000 (offered 0x130000000)"));
	ut_assert_console_end();
	uc = dev_get_uclass_priv(dev);
	ut_asserteq(VIRTIO_STATE_FAILED, uc->state);
	ut_asserteq(-EIO, uc->error);
	/* FAILED was written last */
	st = sandbox_virtio_emul_stats(model(t));
	failed = st->status_writes - 1;
	ut_assert(st->status_log[failed] & VIRTIO_CONFIG_S_FAILED);
	/* §2.1.2: a new attempt starts with a reset, then ACKNOWLEDGE */
	sandbox_virtio_emul_set_faults(model(t), 0);
	ut_assertok(device_remove(dev));
	ut_assertok(start(t, &dev, &vdev));
	ut_assert(st->status_writes <= ARRAY_SIZE(st->status_log));
	for (ack = failed + 1; ack < st->status_writes; ack++) {
		if (st->status_log[ack] == VIRTIO_CONFIG_S_ACKNOWLEDGE)
			break;
	}
	ut_assert(ack < st->status_writes);
	ut_asserteq(0, st->status_log[ack - 1]);
	return 0;
}
TRANSPORT_TEST(features_refused, UTF_DM | UTF_CONSOLE);

static int needs_reset(struct unit_test_state *uts,
		       const struct transport_case *t)
{
	struct udevice *dev, *vdev;
	char what[64];
	u8 buf[16];

	ut_assertok(start(t, &dev, &vdev));
	sandbox_virtio_emul_set_faults(model(t),
				       EMUL_FAULT_NEEDS_RESET);
	ut_asserteq(-EIO, dm_rng_read(vdev, buf, sizeof(buf)));
	snprintf(what, sizeof(what),
		 "device needs a reset (status %#x)",
		 t->legacy ? 0x47 : 0x4f);
	ut_assertok(virtio_test_assert_line(uts, dev, what));
	ut_assert_console_end();
	return 0;
}
TRANSPORT_TEST(needs_reset, UTF_DM | UTF_CONSOLE);

/*
 * A modern device's generation counter that never settles is an error; a
 * legacy one has none (reads are repeated until two agree). Reads end at
 * the transport's configuration window.
 */
static int config(struct unit_test_state *uts,
		  const struct transport_case *t)
{
	unsigned int last = t->config_len - 4;
	struct udevice *dev, *vdev;
	u32 v;

	ut_assertok(start(t, &dev, &vdev));
	ut_assertok(virtio_cread_u32(vdev, 0, &v));
	ut_assertok(virtio_cread_u32(vdev, last, &v));
	ut_asserteq(-EINVAL, virtio_cread_u32(vdev, last + 1, &v));
	ut_asserteq(-EINVAL, virtio_cread_u32(vdev, t->config_len,
					      &v));
	ut_assert_console_end();
	sandbox_virtio_emul_set_faults(model(t),
				       EMUL_FAULT_CONFIG_GEN);
	if (t->legacy) {
		ut_assertok(virtio_cread_u32(vdev, 0, &v));
		return 0;
	}
	ut_asserteq(-EIO, virtio_cread_u32(vdev, 0, &v));
	ut_assertok(virtio_test_assert_line(uts, dev, "configuration keeps changing at offset 0"));
	ut_assert_console_end();
	return 0;
}
TRANSPORT_TEST(config, UTF_DM | UTF_CONSOLE);

/* The model's protocol checker sees no broken rule in a plain use */
static int no_violations(struct unit_test_state *uts,
			 const struct transport_case *t)
{
	struct udevice *dev, *vdev;
	u8 buf[64];

	ut_assertok(start(t, &dev, &vdev));
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	ut_asserteq(0, sandbox_virtio_emul_stats(model(t))->violations);
	return 0;
}
TRANSPORT_TEST(no_violations, UTF_DM);

/*
 * Configuration that changes under every read: a modern device's counter
 * says so, a legacy one is read until two reads agree (§2.5.2, §2.5.4);
 * either way the read fails after its tries, never returning a torn value
 */
static int config_torn(struct unit_test_state *uts,
		       const struct transport_case *t)
{
	struct udevice *dev, *vdev;
	u32 v;

	ut_assertok(start(t, &dev, &vdev));
	sandbox_virtio_emul_set_faults(model(t), EMUL_FAULT_CONFIG_TEAR);
	ut_asserteq(-EIO, virtio_cread_u32(vdev, 0, &v));
	ut_assertok(virtio_test_assert_line(uts, dev, "configuration keeps changing at offset 0"));
	ut_assert_console_end();
	sandbox_virtio_emul_set_faults(model(t), 0);
	ut_assertok(virtio_cread_u32(vdev, 0, &v));
	return 0;
}
TRANSPORT_TEST(config_torn, UTF_DM | UTF_CONSOLE);
