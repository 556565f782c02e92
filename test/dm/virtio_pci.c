// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio-pci tests: the real modern and legacy transports against the
 * virtio-pci function models of the sandbox's PCI model (dts/sandbox.dts):
 * 01:01.0 legacy ("virtio-rng-legacy", behind the bridge), 00:02.0 modern
 * ("virtio-rng-modern"), 00:04.0 transitional ("virtio-rng-transitional").
 * PCI-specific: IDs, describe, capabilities; what every transport shares
 * is in virtio_transport.c.
 */
#include <asm/gic_emul.h>
#include <asm/pci_emul.h>
#include <asm/virtio_emul.h>
#include <dm.h>
#include <stdio.h>
#include <pci.h>
#include <rng.h>
#include <test/ut.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "test-drivers.h"

/* Vendor capability fields (VIRTIO 1.2 §4.1.4) */
#define CAP_CFG_TYPE	3
#define CAP_BAR		4
#define CAP_OFFSET	8
#define CAP_LENGTH	12
#define CAP_COMMON	1
#define CAP_NOTIFY	2

static struct udevice *transport(int bus, int dev, int fn)
{
	struct udevice *d;

	/* The host enumerated when it was bound */
	if (pci_find_device_by_bdf(PCI_BDF(bus, dev, fn), &d))
		return NULL;
	return d;
}

/* Probe the transport and its device driver */
static int start(struct udevice *dev, struct udevice **vdevp)
{
	struct virtio_dev_priv *uc;
	int ret = device_probe(dev);

	if (ret)
		return ret;
	uc = dev_get_uclass_priv(dev);
	if (!uc->vdev)
		return -ENOENT;
	*vdevp = uc->vdev;
	return device_probe(uc->vdev);
}

static int virtio_pci_test_transports(struct unit_test_state *uts)
{
	static const struct {
		int bus, dev;
		const char *where;
		bool legacy;
	} t[] = {
		{ 1, 1, "pci 01:01.0", true },
		{ 0, 2, "pci 00:02.0", false },
		{ 0, 4, "pci 00:04.0", false },
	};
	const struct virtio_transport_ops *ops;
	struct virtio_dev_priv *uc;
	struct udevice *dev, *vdev;
	char where[32];
	u8 buf[64];

	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++) {
		dev = transport(t[i].bus, t[i].dev, 0);
		ut_assertnonnull(dev);
		ut_assertok(start(dev, &vdev));
		uc = dev_get_uclass_priv(dev);
		ut_asserteq_str("pci", uc->transport);
		ut_asserteq(t[i].legacy, uc->legacy);
		ut_asserteq(VIRTIO_ID_RNG, uc->device);
		ut_asserteq(0x1af4, uc->vendor);
		ut_asserteq(VIRTIO_STATE_READY, uc->state);
		ut_asserteq(!t[i].legacy,
			    virtio_has_feature(vdev, VIRTIO_F_VERSION_1));
		ops = dev->driver->ops;
		ut_assertok(ops->describe(dev, where, sizeof(where)));
		ut_asserteq_str(t[i].where, where);
		/* The model's entropy stream, from its start */
		ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
		for (unsigned int k = 0; k < sizeof(buf); k++)
			ut_asserteq(sandbox_virtio_emul_rng_byte(k), buf[k]);
	}
	return 0;
}
UNIT_TEST(virtio_pci_test_transports, UTF_DM, virtio_pci);

#if IS_ENABLED(CONFIG_ARM_GIC_SANDBOX_EMUL)
/*
 * INTx: the ISR status, set by a notification, is cleared by its read
 * (virtio_ack_irq()), every cause at once (§4.1.4.5, §4.1.5.4), legacy
 * and modern alike. The INTx is routed at the first nap (SPI 5 for both:
 * 00:02.0's INTA, and 01:01.0's, which is INTB at bridge 00:01.0), and
 * the nap still says to poll: the sandbox has no timer to end one. The
 * end of the wait (virtio_nap_end()) disables it and clears the status
 * once.
 */
static int virtio_pci_test_ack_irq(struct unit_test_state *uts)
{
	static const struct {
		int bus, dev;
		const char *model;
	} t[] = {
		{ 1, 1, "virtio-rng-legacy" },
		{ 0, 2, "virtio-rng-modern" },
	};
	struct sandbox_gic_state *gic =
		sandbox_gic_emul_state(sandbox_gic_emul_get("gic-emul"));
	struct udevice *emul, *vdev;
	struct virtqueue *vq;

	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++) {
		emul = sandbox_virtio_emul_get(t[i].model);
		ut_assertnonnull(emul);
		ut_assertok(start(transport(t[i].bus, t[i].dev, 0), &vdev));
		sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_ISR_JUNK);
		ut_assertok(virtio_test_ack_once(uts, emul, vdev, 0x81, 0));
		vq = virtio_test_first_vq(vdev);
		gic->enabled[37 / 32] = 0;
		ut_assert(!virtio_nap(vdev, vq, 1000));
		ut_asserteq(0, vq->naps);
		ut_assert(gic->enabled[37 / 32] & (1U << (37 % 32)));
		/*
		 * A nap was tried: the end of the wait clears what is pending
		 * (once: a status raised after it is left to the next wait)
		 */
		sandbox_virtio_emul_isr_raise(emul);
		virtio_nap_end(vdev);
		ut_asserteq(0, sandbox_virtio_emul_isr(emul));
		/* ... and disables the INTx: raised later, it wakes nobody */
		ut_assert(!(gic->enabled[37 / 32] & (1U << (37 % 32))));
		sandbox_virtio_emul_isr_raise(emul);
		virtio_nap_end(vdev);
		ut_asserteq(1, sandbox_virtio_emul_isr(emul) & 1);
		ut_assert(!(gic->enabled[37 / 32] & (1U << (37 % 32))));
	}
	return 0;
}
UNIT_TEST(virtio_pci_test_ack_irq, UTF_DM, virtio_pci);
#endif

/*
 * Offset of the first virtio capability of @type in a BAR that exists (the
 * one the driver uses: virtio-rng-modern also has one in a reserved BAR
 * ahead of it), or 0
 */
static int find_vcap(struct udevice *dev, int type)
{
	u8 t, bar;

	for (int pos = dm_pci_find_capability(dev, PCI_CAP_ID_VNDR); pos > 0;
	     pos = dm_pci_find_next_capability(dev, pos, PCI_CAP_ID_VNDR)) {
		if (!dm_pci_read_config8(dev, pos + CAP_CFG_TYPE, &t) &&
		    !dm_pci_read_config8(dev, pos + CAP_BAR, &bar) &&
		    t == type && bar <= 5)
			return pos;
	}
	return 0;
}

static int poke32(struct udevice *emul, const char *name, int off, u32 v)
{
	for (int i = 0; i < 4; i++) {
		int ret = sandbox_pci_emul_poke(emul, name, off + i,
						v >> (8 * i));

		if (ret)
			return ret;
	}
	return 0;
}

/* A structure that reaches past the end of its BAR is refused */
static int virtio_pci_test_cap_outside_bar(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_pci_emul_get();
	struct udevice *dev = transport(0, 2, 0);
	int pos;

	ut_assertnonnull(dev);
	pos = find_vcap(dev, CAP_NOTIFY);
	ut_assert(pos > 0);
	ut_assertok(poke32(emul, "virtio-rng-modern", pos + CAP_LENGTH,
			   0x2000));
	ut_asserteq(-EIO, device_probe(dev));
	ut_assert_nextline("pci_00:02.0: notification structure (BAR4, 0x2000 bytes at 0x3000) is outside its BAR");
	ut_assert_console_end();
	/* The same for an offset beyond the BAR */
	dev = transport(0, 4, 0);
	pos = find_vcap(dev, CAP_COMMON);
	ut_assertok(poke32(emul, "virtio-rng-transitional", pos + CAP_OFFSET,
			   0x10000));
	ut_asserteq(-EIO, device_probe(dev));
	ut_assert_nextline("pci_00:04.0: common configuration structure (BAR4, 0x1000 bytes at 0x10000) is outside its BAR");
	ut_assert_console_end();
	/* The other transports are unaffected */
	ut_assertok(device_probe(transport(1, 1, 0)));
	return 0;
}
UNIT_TEST(virtio_pci_test_cap_outside_bar, UTF_DM | UTF_CONSOLE, virtio_pci);

/* A capability running past the end of configuration space */
static int virtio_pci_test_cap_too_long(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_pci_emul_get();
	struct udevice *dev = transport(0, 2, 0);
	int pos = find_vcap(dev, CAP_COMMON);
	char want[100];

	ut_assert(pos > 0);
	ut_assertok(sandbox_pci_emul_poke(emul, "virtio-rng-modern", pos + 2,
					  0xf0));
	ut_asserteq(-EIO, device_probe(dev));
	snprintf(want, sizeof(want),
		 "pci_00:02.0: common configuration capability at %#x is malformed",
		 pos);
	ut_assert_nextline(want);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_pci_test_cap_too_long, UTF_DM | UTF_CONSOLE, virtio_pci);

