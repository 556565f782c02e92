// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The protocol checker of the sandbox's virtio models fires: each test
 * breaks one rule the way a faulty driver would - by hand, at the
 * registers or in the ring memory - and expects the model to count it and
 * say so, naming itself. (Every other driver-model test ends with the
 * count at 0: the UT_CHECK in virtio_test_driver.c.) Each test clears the
 * count it caused.
 */
#include <asm/io.h>
#include <asm/os.h>
#include <asm/virtio_emul.h>
#include <byteorder.h>
#include <dm.h>
#include <heap.h>
#include <net.h>
#include <pci.h>
#include <rng.h>
#include <stdio.h>
#include <string.h>
#include <test/ut.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "test-drivers.h"
#include "../../drivers/virtio/virtio_mmio_regs.h"
#include "../../drivers/virtio/virtio_pci_regs.h"

#define MMIO		"emul-rng-modern"
#define MMIO_BASE	0x10000000
#define PCI		"virtio-rng-modern"
#define PCI_COMMON	0x0000		/* the PCI model's layout in BAR 4 */
#define PCI_NOTIFY	0x3000

/*
 * The model counted @n violations, and said the first as "<model>: virtio
 * protocol violation: @rule"; the count is cleared
 */
static int expect_violation(struct unit_test_state *uts, const char *model,
			    u32 n, const char *rule)
{
	struct virtio_emul_stats *st =
		sandbox_virtio_emul_stats(sandbox_virtio_emul_get(model));
	char want[200];

	ut_asserteq(n, st->violations);
	snprintf(want, sizeof(want), "%s: virtio protocol violation: %s",
		 model, rule);
	ut_assert_nextline(want);
	st->violations = 0;
	return 0;
}

static void *mmio_reg(unsigned int off)
{
	return map_sysmem(MMIO_BASE + off, 4);
}

/* §4.2.2.2: 32-bit aligned accesses, directions, registers of the version */
static int virtio_checker_mmio_access(struct unit_test_state *uts)
{
	struct udevice *vdev;

	ut_assertok(virtio_test_start(MMIO, NULL, &vdev));
	(void)readw(mmio_reg(VIRTIO_MMIO_STATUS));
	ut_assertok(expect_violation(uts, MMIO, 1,
		"a control register access not 32 bits wide and aligned"));
	(void)readl(mmio_reg(VIRTIO_MMIO_QUEUE_NOTIFY));
	ut_assertok(expect_violation(uts, MMIO, 1,
		"a read of a write-only register"));
	writel(0, mmio_reg(VIRTIO_MMIO_DEVICE_ID));
	ut_assertok(expect_violation(uts, MMIO, 1,
		"a write to a read-only register"));
	(void)readl(mmio_reg(VIRTIO_MMIO_QUEUE_PFN));	/* legacy only */
	ut_assertok(expect_violation(uts, MMIO, 1,
		"an access to a register the version does not have"));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_checker_mmio_access, UTF_DM | UTF_CONSOLE, virtio_checker);

/* §4.2.2.2: a ready queue's registers stay; features are selected first */
static int virtio_checker_mmio_queue(struct unit_test_state *uts)
{
	struct udevice *vdev;

	ut_assertok(virtio_test_start(MMIO, NULL, &vdev));
	writel(0, mmio_reg(VIRTIO_MMIO_QUEUE_SEL));
	writel(16, mmio_reg(VIRTIO_MMIO_QUEUE_NUM));
	ut_assertok(expect_violation(uts, MMIO, 1,
		"a queue register written while the queue is ready"));
	writel(0, mmio_reg(VIRTIO_MMIO_STATUS));	/* reset */
	(void)readl(mmio_reg(VIRTIO_MMIO_DEVICE_FEATURES));
	ut_assertok(expect_violation(uts, MMIO, 1,
		"DeviceFeatures read before DeviceFeaturesSel was written"));
	writel(1, mmio_reg(VIRTIO_MMIO_QUEUE_SEL));
	writel(4096, mmio_reg(VIRTIO_MMIO_QUEUE_NUM));
	ut_assertok(expect_violation(uts, MMIO, 1,
		"QueueNum above QueueNumMax"));
	/* §3.1.1: no notification before DRIVER_OK */
	writel(0, mmio_reg(VIRTIO_MMIO_QUEUE_NOTIFY));
	ut_assertok(expect_violation(uts, MMIO, 1,
		"a notification before DRIVER_OK or to a queue not set up"));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_checker_mmio_queue, UTF_DM | UTF_CONSOLE, virtio_checker);

/* The ring: flags under EVENT_IDX, piece order, chain length, freed rings */
static int virtio_checker_split_ring(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_virtio_emul_get(MMIO), *vdev;
	static u8 a[8], b[8];
	struct virtio_sg sg[2] = { { a, 8 }, { b, 8 } };
	struct vring_desc *table;
	struct virtqueue *vq;
	unsigned int len;

	ut_assertok(virtio_test_start(MMIO, NULL, &vdev));
	vq = virtio_test_first_vq(vdev);
	ut_assert(vq->event_idx && !vq->packed);
	sandbox_virtio_emul_set_deferred(emul, true);
	/* §2.7.7.1: avail flags 0 under RING_EVENT_IDX */
	vq->avail->flags = cpu_to_le16(VRING_AVAIL_F_NO_INTERRUPT);
	ut_assertok(virtqueue_add(vq, sg, 0, 1, a));
	ut_assertok(virtqueue_kick(vq));
	sandbox_virtio_emul_complete(emul);
	ut_asserteq_ptr(a, virtqueue_get_buf(vq, &len));
	ut_assertok(expect_violation(uts, MMIO, 1,
		"avail flags not 0 under RING_EVENT_IDX, or reserved bits set"));
	vq->avail->flags = 0;
	/* §2.7.4.2: a readable piece after a writable one */
	ut_assertok(virtqueue_add(vq, sg, 1, 1, a));
	vq->desc[vq->avail->ring[(vq->avail_idx - 1) & (vq->num - 1)]].flags |=
		cpu_to_le16(VRING_DESC_F_WRITE);
	vq->desc[le16_to_cpu(vq->desc[vq->avail->ring[(vq->avail_idx - 1) &
			     (vq->num - 1)]].next)].flags &=
		~cpu_to_le16(VRING_DESC_F_WRITE);
	ut_assertok(virtqueue_kick(vq));
	sandbox_virtio_emul_complete(emul);
	ut_asserteq_ptr(a, virtqueue_get_buf(vq, &len));
	ut_assertok(expect_violation(uts, MMIO, 1,
		"a readable piece after a writable one"));
	/* §2.7.5.3.1: an indirect table longer than the queue */
	table = dma_alloc((vq->num + 1) * sizeof(*table), 16);
	ut_assertnonnull(table);
	for (unsigned int i = 0; i <= vq->num; i++) {
		table[i].addr = cpu_to_le64(map_to_sysmem(b));
		table[i].len = cpu_to_le32(1);
		table[i].flags = cpu_to_le16(VRING_DESC_F_WRITE |
			(i < vq->num ? VRING_DESC_F_NEXT : 0));
		table[i].next = cpu_to_le16(i + 1);
	}
	ut_assertok(virtqueue_add(vq, sg, 0, 1, b));
	{
		u16 head = le16_to_cpu(vq->avail->ring[(vq->avail_idx - 1) &
						       (vq->num - 1)]);

		vq->desc[head].addr = cpu_to_le64(map_to_sysmem(table));
		vq->desc[head].len = cpu_to_le32((vq->num + 1) * 16);
		vq->desc[head].flags = cpu_to_le16(VRING_DESC_F_INDIRECT);
	}
	ut_assertok(virtqueue_kick(vq));
	sandbox_virtio_emul_complete(emul);
	ut_assertok(expect_violation(uts, MMIO, 1,
		"a chain longer than the queue"));
	/* Ring memory given back while the device may still use it */
	sandbox_virtio_emul_memory_freed(vq->avail, 2);
	ut_assertok(expect_violation(uts, MMIO, 1,
		"ring memory freed while the device may use it"));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_checker_split_ring, UTF_DM | UTF_CONSOLE, virtio_checker);

/* §2.8.14: the driver area's flags are ENABLE, DISABLE or, with EVENT_IDX, DESC */
static int virtio_checker_packed_ring(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_virtio_emul_get(MMIO), *vdev;
	struct virtqueue *vq;
	u8 buf[16];

	sandbox_virtio_emul_set_features(emul,
					 BIT_ULL(VIRTIO_F_VERSION_1) |
					 BIT_ULL(VIRTIO_F_RING_PACKED));
	ut_assertok(virtio_test_start(MMIO, NULL, &vdev));
	vq = virtio_test_first_vq(vdev);
	ut_assert(vq->packed && !vq->event_idx);
	vq->driver_event->flags = cpu_to_le16(VRING_PACKED_EVENT_DESC);
	ut_assertok(dm_rng_read(vdev, buf, sizeof(buf)));
	ut_assertok(expect_violation(uts, MMIO, 1,
		"driver area flags reserved, or DESC without RING_EVENT_IDX"));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_checker_packed_ring, UTF_DM | UTF_CONSOLE, virtio_checker);

/* §4.1.3.1, §4.1.4.3.2, §4.1.4.4: widths, read-only fields, notify address */
static int virtio_checker_pci(struct unit_test_state *uts)
{
	struct udevice *dev, *vdev;
	u8 *bar;

	ut_assertok(virtio_test_start(PCI, &dev, &vdev));
	ut_assertok(dm_pci_map_bar(dev, 4, 0, 0x4000,
				   (void **)&bar));
	(void)readb(bar + PCI_COMMON + VPCI_NUM_QUEUES);
	ut_assertok(expect_violation(uts, PCI, 1,
		"a register accessed at another width"));
	writew(3, bar + PCI_COMMON + VPCI_NUM_QUEUES);
	ut_assertok(expect_violation(uts, PCI, 1,
		"a write to a read-only register"));
	writew(0, bar + PCI_COMMON + VPCI_Q_SELECT);
	writew(16, bar + PCI_COMMON + VPCI_Q_SIZE);
	ut_assertok(expect_violation(uts, PCI, 1,
		"a queue register written while the queue is enabled"));
	writel(0, bar + PCI_NOTIFY);	/* 32 bits wide */
	ut_assertok(expect_violation(uts, PCI, 1,
		"a notification not 16 bits of the queue index at its address"));
	writew(0, bar + PCI_NOTIFY + 4);	/* queue 1's address */
	ut_assertok(expect_violation(uts, PCI, 1,
		"a notification not 16 bits of the queue index at its address"));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_checker_pci, UTF_DM | UTF_CONSOLE, virtio_checker);

#define NET		"emul-net"		/* legacy virtio-mmio */
#define NET_BASE	0x10000c00
#define NET2		"emul-net-down"		/* modern virtio-mmio */
#define NET2_BASE	0x10000e00
#define EMPTY_BASE	0x10000400

static void *reg_at(phys_addr_t base, unsigned int off)
{
	return map_sysmem(base + off, 4);
}

/* The network model @model started, its receive buffers posted */
static int net_started(struct unit_test_state *uts, const char *model,
		       struct udevice **vdevp)
{
	ut_assertok(virtio_test_start(model, NULL, vdevp));
	ut_assertok(eth_start(*vdevp));
	return 0;
}

/* §3.3.1, §2.8.16: buffers made available stay as they are */
static int virtio_checker_exposed(struct unit_test_state *uts)
{
	struct udevice *emul2 = sandbox_virtio_emul_get(NET2), *vdev;
	struct virtqueue *rxq;

	ut_assertok(net_started(uts, NET, &vdev));
	rxq = virtio_test_first_vq(vdev);
	rxq->desc[0].len = cpu_to_le32(le32_to_cpu(rxq->desc[0].len) - 1);
	writel(0, reg_at(NET_BASE, VIRTIO_MMIO_QUEUE_NOTIFY));
	ut_assertok(expect_violation(uts, NET, 1,
		"a buffer changed while the device owned it"));
	/* The same on a packed ring */
	sandbox_virtio_emul_set_features(emul2,
		sandbox_virtio_emul_features(emul2) |
		BIT_ULL(VIRTIO_F_RING_PACKED));
	ut_assertok(sandbox_virtio_emul_net_link(emul2, true));
	ut_assertok(net_started(uts, NET2, &vdev));
	rxq = virtio_test_first_vq(vdev);
	ut_assert(rxq->packed);
	rxq->pdesc[1].len = cpu_to_le32(le32_to_cpu(rxq->pdesc[1].len) - 1);
	writel(0, reg_at(NET2_BASE, VIRTIO_MMIO_QUEUE_NOTIFY));
	ut_assertok(expect_violation(uts, NET2, 1,
		"a buffer changed while the device owned it"));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_checker_exposed, UTF_DM | UTF_CONSOLE, virtio_checker);

/* Set up queue 0 of the MMIO model by hand, its parts at @mem + @offs */
static void queue_by_hand(u8 *mem, const unsigned int offs[3])
{
	phys_addr_t at[3];

	for (int i = 0; i < 3; i++)
		at[i] = map_to_sysmem(mem + offs[i]);
	writel(0, mmio_reg(VIRTIO_MMIO_STATUS));
	writel(0, mmio_reg(VIRTIO_MMIO_QUEUE_SEL));
	writel(16, mmio_reg(VIRTIO_MMIO_QUEUE_NUM));
	writel(at[0], mmio_reg(VIRTIO_MMIO_QUEUE_DESC_LOW));
	writel(0, mmio_reg(VIRTIO_MMIO_QUEUE_DESC_HIGH));
	writel(at[1], mmio_reg(VIRTIO_MMIO_QUEUE_DRIVER_LOW));
	writel(0, mmio_reg(VIRTIO_MMIO_QUEUE_DRIVER_HIGH));
	writel(at[2], mmio_reg(VIRTIO_MMIO_QUEUE_DEVICE_LOW));
	writel(0, mmio_reg(VIRTIO_MMIO_QUEUE_DEVICE_HIGH));
	writel(1, mmio_reg(VIRTIO_MMIO_QUEUE_READY));
}

/* §2.7.1: ring parts at their alignment; §2.7.10: a zeroed used ring */
static int virtio_checker_queue_setup(struct unit_test_state *uts)
{
	static const unsigned int odd[3] = { 8, 4096, 6144 };
	static const unsigned int even[3] = { 0, 4096, 6144 };
	struct udevice *vdev;
	u8 *mem = dma_alloc(8192, 4096);

	ut_assertnonnull(mem);
	memset(mem, 0, 8192);
	ut_assertok(virtio_test_start(MMIO, NULL, &vdev));
	queue_by_hand(mem, odd);
	ut_assertok(expect_violation(uts, MMIO, 1,
		"a ring part not at its alignment"));
	mem[6144] = 1;		/* used->flags */
	queue_by_hand(mem, even);
	ut_assertok(expect_violation(uts, MMIO, 1,
		"a used ring not zeroed when enabled"));
	writel(0, mmio_reg(VIRTIO_MMIO_STATUS));
	dma_free(mem);
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_checker_queue_setup, UTF_DM | UTF_CONSOLE, virtio_checker);

/* §3.1.1: no feature bits after FEATURES_OK; §2.2.1: none without its base */
static int virtio_checker_features(struct unit_test_state *uts)
{
	struct udevice *vdev;

	ut_assertok(virtio_test_start(MMIO, NULL, &vdev));
	writel(0, mmio_reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL));
	writel(0, mmio_reg(VIRTIO_MMIO_DRIVER_FEATURES));
	ut_assertok(expect_violation(uts, MMIO, 1,
		"feature bits written after FEATURES_OK"));
	/* GUEST_TSO4 without GUEST_CSUM, on the legacy network model */
	ut_assertok(virtio_test_start(NET, NULL, &vdev));
	writel(0, reg_at(NET_BASE, VIRTIO_MMIO_STATUS));
	writel(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER,
	       reg_at(NET_BASE, VIRTIO_MMIO_STATUS));
	writel(0, reg_at(NET_BASE, VIRTIO_MMIO_DRIVER_FEATURES_SEL));
	writel(BIT(7), reg_at(NET_BASE, VIRTIO_MMIO_DRIVER_FEATURES));
	writel(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
	       VIRTIO_CONFIG_S_DRIVER_OK, reg_at(NET_BASE, VIRTIO_MMIO_STATUS));
	ut_assertok(expect_violation(uts, NET, 1,
		"a feature accepted without the feature it needs"));
	writel(0, reg_at(NET_BASE, VIRTIO_MMIO_STATUS));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_checker_features, UTF_DM | UTF_CONSOLE, virtio_checker);

/* §2.5, §4.2.2.2: configuration fields that exist, at their width, read */
static int virtio_checker_config(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_virtio_emul_get(NET), *vdev;

	sandbox_virtio_emul_set_features(emul,
		sandbox_virtio_emul_features(emul) & ~BIT_ULL(16));
	ut_assertok(net_started(uts, NET, &vdev));	/* no STATUS read */
	ut_asserteq(0, sandbox_virtio_emul_stats(emul)->violations);
	(void)readw(reg_at(NET_BASE, VIRTIO_MMIO_CONFIG + 6));
	ut_assertok(expect_violation(uts, NET, 1,
		"an access outside the device's configuration fields"));
	(void)readl(reg_at(NET_BASE, VIRTIO_MMIO_CONFIG));
	ut_assertok(expect_violation(uts, NET, 1,
		"a configuration field accessed at another width"));
	writeb(0, reg_at(NET_BASE, VIRTIO_MMIO_CONFIG));
	ut_assertok(expect_violation(uts, NET, 1,
		"a write to a read-only configuration field"));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_checker_config, UTF_DM | UTF_CONSOLE, virtio_checker);

/* §4.2.3.1.1: after DeviceID 0, nothing else of the slot is touched */
static int virtio_checker_empty_slot(struct unit_test_state *uts)
{
	ut_asserteq(0, readl(reg_at(EMPTY_BASE, VIRTIO_MMIO_DEVICE_ID)));
	(void)readl(reg_at(EMPTY_BASE, VIRTIO_MMIO_QUEUE_NUM_MAX));
	ut_assertok(expect_violation(uts, "emul-empty", 1,
		"a register of an empty slot (DeviceID 0) touched"));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_checker_empty_slot, UTF_DM | UTF_CONSOLE, virtio_checker);

/* §2.7.6: the avail index only moves on; §5.1.6.3.1: buffers hold a header */
static int virtio_checker_avail_and_rx(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_virtio_emul_get(MMIO), *vdev;
	static u8 a[8], tiny[4], frame[60];
	struct virtio_sg s = { a, sizeof(a) };
	const struct eth_ops *ops;
	struct virtqueue *vq;
	unsigned int len;
	int peer;
	unsigned int flags;
	u8 *pkt;

	ut_assertok(virtio_test_start(MMIO, NULL, &vdev));
	vq = virtio_test_first_vq(vdev);
	sandbox_virtio_emul_set_deferred(emul, true);
	ut_assertok(virtqueue_add(vq, &s, 0, 1, a));
	ut_assertok(virtqueue_kick(vq));
	sandbox_virtio_emul_complete(emul);
	ut_asserteq_ptr(a, virtqueue_get_buf(vq, &len));
	vq->avail->idx = cpu_to_le16(le16_to_cpu(vq->avail->idx) - 1);
	sandbox_virtio_emul_complete(emul);
	ut_assertok(expect_violation(uts, MMIO, 1,
		"the avail index moved back or past the queue"));
	/*
	 * A 4-byte receive buffer, with MRG_RXBUF, in the room a received
	 * frame leaves while the driver holds it (recv without free_pkt)
	 */
	ut_assertok(net_started(uts, NET, &vdev));
	vq = virtio_test_first_vq(vdev);
	emul = sandbox_virtio_emul_get(NET);
	peer = os_udp_open(0, sandbox_virtio_emul_net_peer(emul, 0));
	ut_assert(peer >= 0);
	ut_assertok(sandbox_virtio_emul_net_peer(emul, os_udp_port(peer)));
	ut_asserteq(sizeof(frame), os_udp_send(peer, frame, sizeof(frame)));
	ops = vdev->driver->ops;
	ut_assertok(poll_timeout_us(ops->recv(vdev, &pkt, &flags) > 0, 1000000));
	os_close(peer);
	s = (struct virtio_sg){ tiny, sizeof(tiny) };
	ut_assertok(virtqueue_add(vq, &s, 0, 1, tiny));
	writel(0, reg_at(NET_BASE, VIRTIO_MMIO_QUEUE_NOTIFY));
	ut_assertok(expect_violation(uts, NET, 1,
		"a receive buffer smaller than the header with MRG_RXBUF"));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_checker_avail_and_rx, UTF_DM | UTF_CONSOLE, virtio_checker);

/*
 * §4.2.2.2: a queue is retired by clearing QueueReady and reading it back
 * before its memory goes; §4.1.4: no virtio capability is written
 */
static int virtio_checker_retire_and_caps(struct unit_test_state *uts)
{
	struct udevice *dev, *vdev;
	struct virtqueue *vq;
	int pos;

	ut_assertok(virtio_test_start(MMIO, NULL, &vdev));
	vq = virtio_test_first_vq(vdev);
	writel(0, mmio_reg(VIRTIO_MMIO_QUEUE_SEL));
	writel(0, mmio_reg(VIRTIO_MMIO_QUEUE_READY));
	sandbox_virtio_emul_memory_freed(vq->desc, 16);
	ut_assertok(expect_violation(uts, MMIO, 1,
		"ring memory freed before QueueReady was read back as 0"));
	ut_asserteq(0, readl(mmio_reg(VIRTIO_MMIO_QUEUE_READY)));
	sandbox_virtio_emul_memory_freed(vq->desc, 16);
	ut_asserteq(0, sandbox_virtio_emul_stats(
			sandbox_virtio_emul_get(MMIO))->violations);
	/* The PCI model's first vendor capability */
	ut_assertok(virtio_test_start(PCI, &dev, &vdev));
	pos = dm_pci_find_capability(dev, PCI_CAP_ID_VNDR);
	ut_assert(pos > 0);
	ut_assertok(dm_pci_write_config8(dev, pos + 4, 0));
	ut_assertok(expect_violation(uts, PCI, 1,
		"a write to a virtio capability"));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_checker_retire_and_caps, UTF_DM | UTF_CONSOLE,
	  virtio_checker);
