// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio over PCI (VIRTIO 1.2 §4.1): the vendor-specific capabilities, the
 * modern common configuration structure, and the legacy I/O BAR layout.
 * The structs document the layouts; offsets come from them and are checked
 * at compile time against the specification's numbers.
 */
#ifndef __VIRTIO_PCI_REGS_H
#define __VIRTIO_PCI_REGS_H

#include <compiler.h>
#include <pci.h>
#include <stddef.h>
#include <types.h>

#define VIRTIO_PCI_VENDOR_ID		0x1af4
#define VIRTIO_PCI_TRANS_FIRST		0x1000	/* transitional IDs */
#define VIRTIO_PCI_TRANS_LAST		0x103f
#define VIRTIO_PCI_MODERN_FIRST		0x1040	/* 0x1040 + device ID */
#define VIRTIO_PCI_MODERN_LAST		0x107f

/* cfg_type of a virtio capability (§4.1.4) */
enum virtio_pci_cap_type {
	VIRTIO_PCI_CAP_COMMON_CFG	= 1,
	VIRTIO_PCI_CAP_NOTIFY_CFG	= 2,
	VIRTIO_PCI_CAP_ISR_CFG		= 3,
	VIRTIO_PCI_CAP_DEVICE_CFG	= 4,
	VIRTIO_PCI_CAP_PCI_CFG		= 5,
};

/* §4.1.4: a vendor-specific (0x09) capability locating one structure */
struct virtio_pci_cap {
	u8 cap_vndr;		/* 0x00: PCI_CAP_ID_VNDR */
	u8 cap_next;		/* 0x01 */
	u8 cap_len;		/* 0x02: this capability's length */
	u8 cfg_type;		/* 0x03: enum virtio_pci_cap_type */
	u8 bar;			/* 0x04: 0..5 */
	u8 id;			/* 0x05 */
	u8 padding[2];		/* 0x06 */
	__le32 offset;		/* 0x08: within the BAR */
	__le32 length;		/* 0x0c: of the structure */
};

/* §4.1.4.4: the notification capability adds a multiplier */
struct virtio_pci_notify_cap {
	struct virtio_pci_cap cap;
	__le32 notify_off_multiplier;	/* 0x10 */
};

/* §4.1.4.3: the common configuration structure */
struct virtio_pci_common_cfg {
	__le32 device_feature_select;	/* 0x00 RW */
	__le32 device_feature;		/* 0x04 R */
	__le32 driver_feature_select;	/* 0x08 RW */
	__le32 driver_feature;		/* 0x0c RW */
	__le16 config_msix_vector;	/* 0x10 RW */
	__le16 num_queues;		/* 0x12 R */
	u8 device_status;		/* 0x14 RW */
	u8 config_generation;		/* 0x15 R */
	__le16 queue_select;		/* 0x16 RW */
	__le16 queue_size;		/* 0x18 RW */
	__le16 queue_msix_vector;	/* 0x1a RW */
	__le16 queue_enable;		/* 0x1c RW */
	__le16 queue_notify_off;	/* 0x1e R */
	__le32 queue_desc_lo;		/* 0x20 RW */
	__le32 queue_desc_hi;		/* 0x24 RW */
	__le32 queue_driver_lo;		/* 0x28 RW: available ring */
	__le32 queue_driver_hi;		/* 0x2c RW */
	__le32 queue_device_lo;		/* 0x30 RW: used ring */
	__le32 queue_device_hi;		/* 0x34 RW */
};

enum virtio_pci_common_reg {
	VPCI_DFSELECT = offsetof(struct virtio_pci_common_cfg,
				 device_feature_select),
	VPCI_DF = offsetof(struct virtio_pci_common_cfg, device_feature),
	VPCI_GFSELECT = offsetof(struct virtio_pci_common_cfg,
				 driver_feature_select),
	VPCI_GF = offsetof(struct virtio_pci_common_cfg, driver_feature),
	VPCI_MSIX_CONFIG = offsetof(struct virtio_pci_common_cfg,
				    config_msix_vector),
	VPCI_NUM_QUEUES = offsetof(struct virtio_pci_common_cfg, num_queues),
	VPCI_STATUS = offsetof(struct virtio_pci_common_cfg, device_status),
	VPCI_CFG_GENERATION = offsetof(struct virtio_pci_common_cfg,
				       config_generation),
	VPCI_Q_SELECT = offsetof(struct virtio_pci_common_cfg, queue_select),
	VPCI_Q_SIZE = offsetof(struct virtio_pci_common_cfg, queue_size),
	VPCI_Q_MSIX = offsetof(struct virtio_pci_common_cfg,
			       queue_msix_vector),
	VPCI_Q_ENABLE = offsetof(struct virtio_pci_common_cfg, queue_enable),
	VPCI_Q_NOFF = offsetof(struct virtio_pci_common_cfg, queue_notify_off),
	VPCI_Q_DESCLO = offsetof(struct virtio_pci_common_cfg, queue_desc_lo),
	VPCI_Q_DESCHI = offsetof(struct virtio_pci_common_cfg, queue_desc_hi),
	VPCI_Q_AVAILLO = offsetof(struct virtio_pci_common_cfg,
				  queue_driver_lo),
	VPCI_Q_AVAILHI = offsetof(struct virtio_pci_common_cfg,
				  queue_driver_hi),
	VPCI_Q_USEDLO = offsetof(struct virtio_pci_common_cfg,
				 queue_device_lo),
	VPCI_Q_USEDHI = offsetof(struct virtio_pci_common_cfg,
				 queue_device_hi),
	VPCI_COMMON_LEN = sizeof(struct virtio_pci_common_cfg),
};

/* §4.1.4.10: the legacy interface in I/O BAR 0 (without MSI-X) */
struct virtio_pci_legacy_regs {
	__le32 host_features;		/* 0x00 R: bits 0..31 */
	__le32 guest_features;		/* 0x04 RW */
	__le32 queue_pfn;		/* 0x08 RW: address >> 12 */
	__le16 queue_size;		/* 0x0c R */
	__le16 queue_select;		/* 0x0e RW */
	__le16 queue_notify;		/* 0x10 W */
	u8 status;			/* 0x12 RW */
	u8 isr;				/* 0x13 R: reading clears it */
	u8 config[];			/* 0x14: device configuration */
};

enum virtio_pci_legacy_reg {
	VPCI_LEGACY_HOST_FEATURES = offsetof(struct virtio_pci_legacy_regs,
					     host_features),
	VPCI_LEGACY_GUEST_FEATURES = offsetof(struct virtio_pci_legacy_regs,
					      guest_features),
	VPCI_LEGACY_QUEUE_PFN = offsetof(struct virtio_pci_legacy_regs,
					 queue_pfn),
	VPCI_LEGACY_QUEUE_SIZE = offsetof(struct virtio_pci_legacy_regs,
					  queue_size),
	VPCI_LEGACY_QUEUE_SEL = offsetof(struct virtio_pci_legacy_regs,
					 queue_select),
	VPCI_LEGACY_QUEUE_NOTIFY = offsetof(struct virtio_pci_legacy_regs,
					    queue_notify),
	VPCI_LEGACY_STATUS = offsetof(struct virtio_pci_legacy_regs, status),
	VPCI_LEGACY_ISR = offsetof(struct virtio_pci_legacy_regs, isr),
	VPCI_LEGACY_CONFIG = offsetof(struct virtio_pci_legacy_regs, config),
};

/* The legacy queue address is a page number of 4096-byte pages */
#define VPCI_LEGACY_PFN_SHIFT	12

/* The specification's offsets */
BUILD_BUG_ON(sizeof(struct virtio_pci_cap) != 16);
BUILD_BUG_ON(sizeof(struct virtio_pci_notify_cap) != 20);
BUILD_BUG_ON(VPCI_STATUS != 0x14);
BUILD_BUG_ON(VPCI_Q_SELECT != 0x16);
BUILD_BUG_ON(VPCI_Q_NOFF != 0x1e);
BUILD_BUG_ON(VPCI_Q_USEDHI != 0x34);
BUILD_BUG_ON(VPCI_LEGACY_QUEUE_SIZE != 0x0c);
BUILD_BUG_ON(VPCI_LEGACY_STATUS != 0x12);
BUILD_BUG_ON(VPCI_LEGACY_CONFIG != 20);

#endif
