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
#include <asm/virtio_emul.h>
#include <byteorder.h>
#include <dm.h>
#include <heap.h>
#include <pci.h>
#include <rng.h>
#include <stdio.h>
#include <test/ut.h>
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
