// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Uclass identifiers: one per kind of device. */
#ifndef __DM_UCLASS_ID_H
#define __DM_UCLASS_ID_H

enum uclass_id {
	UCLASS_ROOT = 0,
	UCLASS_SIMPLE_BUS,	/* a bus whose children are in the DT */
	UCLASS_NOP,		/* binds children, does nothing itself */
	UCLASS_SERIAL,		/* console UARTs */
	UCLASS_TIMER,		/* free-running counters */
	UCLASS_IRQ,		/* interrupt controllers (wake-up events) */
	UCLASS_SYSRESET,	/* reset and power-off */
	UCLASS_VIRTIO,		/* virtio transports */
	UCLASS_VIRTIO_DEV,	/* virtio device drivers (children of transports) */
	UCLASS_PCI,		/* PCI buses */
	UCLASS_PCI_GENERIC,	/* PCI devices with no driver */
	UCLASS_ETH,		/* ethernet controllers */
	UCLASS_RNG,		/* random number generators */
	UCLASS_BLK,		/* block devices */
	UCLASS_FLASH,		/* NOR flash (memory-mapped, CFI) */
	UCLASS_QFW,		/* QEMU's firmware configuration device */
	UCLASS_RTC,		/* real-time clocks */
	UCLASS_NVME,		/* NVMe controllers (their namespaces: UCLASS_BLK) */
	UCLASS_TEST,		/* unit-test devices (sandbox) */
	UCLASS_TEST_BUS,	/* unit-test bus (sandbox) */
	UCLASS_VIRTIO_EMUL,	/* virtio device models (sandbox) */
	UCLASS_PCI_EMUL,	/* PCI host models (sandbox) */
	UCLASS_FLASH_EMUL,	/* NOR flash models (sandbox) */
	UCLASS_IRQ_EMUL,	/* interrupt controller models (sandbox) */
	UCLASS_QFW_EMUL,	/* fw_cfg models (sandbox) */
	UCLASS_RTC_EMUL,	/* real-time clock models (sandbox) */
	UCLASS_COUNT,
	UCLASS_INVALID = -1,
};

#endif
