// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * What the two virtio-pci transports share (virtio_pci_common.c): one walk
 * of the function's virtio capabilities into a struct, the register
 * accessors, and the "pci BB:DD.F" description.
 */
#ifndef __VIRTIO_PCI_COMMON_H
#define __VIRTIO_PCI_COMMON_H

#include <dm.h>
#include <pci.h>
#include <types.h>
#include "virtio_pci_regs.h"

/**
 * struct virtio_pci_cap_info - one virtio capability, as read and checked
 * @pos: its offset in configuration space; 0 when the function has none
 * @cap_len: the capability's own length (cap_len)
 * @bar: the BAR holding the structure (0..5)
 * @offset: the structure's offset in that BAR
 * @length: the structure's length
 * @malformed: cap_len is too short or runs past configuration space
 */
struct virtio_pci_cap_info {
	int pos;
	u8 cap_len;
	u8 bar;
	u32 offset;
	u32 length;
	bool malformed;
};

/**
 * struct virtio_pci_caps - a function's virtio capabilities, from one walk
 * @cap: by cfg_type, the first one with a usable BAR (§4.1.4.1)
 * @notify_mult: the notification capability's notify_off_multiplier, when
 *	that capability is long enough to hold it
 */
struct virtio_pci_caps {
	struct virtio_pci_cap_info cap[VIRTIO_PCI_CAP_DEVICE_CFG + 1];
	u32 notify_mult;
};

/**
 * virtio_pci_read_caps() - walk the capability list of the function @plat
 * describes, on bus device @bus, once
 * Return: 0; -EIO when the list itself is broken (enumeration reported it)
 */
int virtio_pci_read_caps(const struct udevice *bus,
			 const struct pci_child_plat *plat,
			 struct virtio_pci_caps *caps);

/**
 * virtio_pci_get_cap() - the capability of @type the walk found
 * Return: 0; -ENOENT when there is none; -EIO when it is malformed (silent:
 * the caller knows what it needed it for)
 */
int virtio_pci_get_cap(struct virtio_pci_caps *caps, u8 type,
		       struct virtio_pci_cap_info **capp);

/** virtio_pci_read() - the @size-byte register at @off of @base */
u32 virtio_pci_read(void *base, unsigned int off, int size);

/** virtio_pci_write() - store @val in the @size-byte register at @off */
void virtio_pci_write(void *base, unsigned int off, u32 val, int size);

/** virtio_pci_describe() - "pci BB:DD.F", for both PCI transports */
int virtio_pci_describe(struct udevice *dev, char *buf, int size);

#endif
