// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio-mmio register layout (VIRTIO 1.2 §4.2.2; legacy §4.2.4). The
 * struct documents the layout; offsets come from it and are checked at
 * compile time against the specification's numbers.
 */
#ifndef __VIRTIO_MMIO_REGS_H
#define __VIRTIO_MMIO_REGS_H

#include <compiler.h>
#include <stddef.h>
#include <types.h>

#define VIRTIO_MMIO_MAGIC_VALUE	0x74726976	/* "virt" */
#define VIRTIO_MMIO_PAGE_SIZE	4096		/* legacy GuestPageSize */

struct virtio_mmio_regs {
	u32 magic;			/* 0x000 R */
	u32 version;			/* 0x004 R: 1 legacy, 2 modern */
	u32 device_id;			/* 0x008 R: 0 = empty slot */
	u32 vendor_id;			/* 0x00c R */
	u32 device_features;		/* 0x010 R */
	u32 device_features_sel;	/* 0x014 W */
	u32 pad0[2];
	u32 driver_features;		/* 0x020 W */
	u32 driver_features_sel;	/* 0x024 W */
	u32 guest_page_size;		/* 0x028 W (legacy) */
	u32 pad1;
	u32 queue_sel;			/* 0x030 W */
	u32 queue_num_max;		/* 0x034 R */
	u32 queue_num;			/* 0x038 W */
	u32 queue_align;		/* 0x03c W (legacy) */
	u32 queue_pfn;			/* 0x040 RW (legacy) */
	u32 queue_ready;		/* 0x044 RW */
	u32 pad2[2];
	u32 queue_notify;		/* 0x050 W */
	u32 pad3[3];
	u32 interrupt_status;		/* 0x060 R */
	u32 interrupt_ack;		/* 0x064 W */
	u32 pad4[2];
	u32 status;			/* 0x070 RW */
	u32 pad5[3];
	u32 queue_desc_low;		/* 0x080 W */
	u32 queue_desc_high;		/* 0x084 W */
	u32 pad6[2];
	u32 queue_driver_low;		/* 0x090 W: available ring */
	u32 queue_driver_high;		/* 0x094 W */
	u32 pad7[2];
	u32 queue_device_low;		/* 0x0a0 W: used ring */
	u32 queue_device_high;		/* 0x0a4 W */
	u32 pad8[21];
	u32 config_generation;		/* 0x0fc R */
	u8 config[];			/* 0x100 */
};

enum virtio_mmio_reg {
	VIRTIO_MMIO_MAGIC = offsetof(struct virtio_mmio_regs, magic),
	VIRTIO_MMIO_VERSION = offsetof(struct virtio_mmio_regs, version),
	VIRTIO_MMIO_DEVICE_ID = offsetof(struct virtio_mmio_regs, device_id),
	VIRTIO_MMIO_VENDOR_ID = offsetof(struct virtio_mmio_regs, vendor_id),
	VIRTIO_MMIO_DEVICE_FEATURES =
		offsetof(struct virtio_mmio_regs, device_features),
	VIRTIO_MMIO_DEVICE_FEATURES_SEL =
		offsetof(struct virtio_mmio_regs, device_features_sel),
	VIRTIO_MMIO_DRIVER_FEATURES =
		offsetof(struct virtio_mmio_regs, driver_features),
	VIRTIO_MMIO_DRIVER_FEATURES_SEL =
		offsetof(struct virtio_mmio_regs, driver_features_sel),
	VIRTIO_MMIO_GUEST_PAGE_SIZE =
		offsetof(struct virtio_mmio_regs, guest_page_size),
	VIRTIO_MMIO_QUEUE_SEL = offsetof(struct virtio_mmio_regs, queue_sel),
	VIRTIO_MMIO_QUEUE_NUM_MAX =
		offsetof(struct virtio_mmio_regs, queue_num_max),
	VIRTIO_MMIO_QUEUE_NUM = offsetof(struct virtio_mmio_regs, queue_num),
	VIRTIO_MMIO_QUEUE_ALIGN =
		offsetof(struct virtio_mmio_regs, queue_align),
	VIRTIO_MMIO_QUEUE_PFN = offsetof(struct virtio_mmio_regs, queue_pfn),
	VIRTIO_MMIO_QUEUE_READY =
		offsetof(struct virtio_mmio_regs, queue_ready),
	VIRTIO_MMIO_QUEUE_NOTIFY =
		offsetof(struct virtio_mmio_regs, queue_notify),
	VIRTIO_MMIO_INTERRUPT_STATUS =
		offsetof(struct virtio_mmio_regs, interrupt_status),
	VIRTIO_MMIO_INTERRUPT_ACK =
		offsetof(struct virtio_mmio_regs, interrupt_ack),
	VIRTIO_MMIO_STATUS = offsetof(struct virtio_mmio_regs, status),
	VIRTIO_MMIO_QUEUE_DESC_LOW =
		offsetof(struct virtio_mmio_regs, queue_desc_low),
	VIRTIO_MMIO_QUEUE_DESC_HIGH =
		offsetof(struct virtio_mmio_regs, queue_desc_high),
	VIRTIO_MMIO_QUEUE_DRIVER_LOW =
		offsetof(struct virtio_mmio_regs, queue_driver_low),
	VIRTIO_MMIO_QUEUE_DRIVER_HIGH =
		offsetof(struct virtio_mmio_regs, queue_driver_high),
	VIRTIO_MMIO_QUEUE_DEVICE_LOW =
		offsetof(struct virtio_mmio_regs, queue_device_low),
	VIRTIO_MMIO_QUEUE_DEVICE_HIGH =
		offsetof(struct virtio_mmio_regs, queue_device_high),
	VIRTIO_MMIO_CONFIG_GENERATION =
		offsetof(struct virtio_mmio_regs, config_generation),
	VIRTIO_MMIO_CONFIG = offsetof(struct virtio_mmio_regs, config),
};

/* InterruptStatus bits (§4.2.2): used buffers, configuration change */
#define VIRTIO_MMIO_INT_VRING	BIT(0)
#define VIRTIO_MMIO_INT_CONFIG	BIT(1)
#define VIRTIO_MMIO_INT_DEFINED	(VIRTIO_MMIO_INT_VRING | VIRTIO_MMIO_INT_CONFIG)

/* The specification's offsets */
BUILD_BUG_ON(VIRTIO_MMIO_GUEST_PAGE_SIZE != 0x028);
BUILD_BUG_ON(VIRTIO_MMIO_QUEUE_PFN != 0x040);
BUILD_BUG_ON(VIRTIO_MMIO_QUEUE_NOTIFY != 0x050);
BUILD_BUG_ON(VIRTIO_MMIO_STATUS != 0x070);
BUILD_BUG_ON(VIRTIO_MMIO_QUEUE_DEVICE_HIGH != 0x0a4);
BUILD_BUG_ON(VIRTIO_MMIO_CONFIG_GENERATION != 0x0fc);
BUILD_BUG_ON(VIRTIO_MMIO_CONFIG != 0x100);

#endif
