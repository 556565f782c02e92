// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The part of virtio over PCI (VIRTIO 1.2 §4.1) both transports use: the
 * modern one to find its structures, the legacy one to know a transitional
 * device has none. See virtio_pci_common.h.
 */
#define LOG_CATEGORY "virtio"

#include <asm/io.h>
#include <dm.h>
#include <pci.h>
#include <stdio.h>
#include <string.h>
#include "virtio_pci_common.h"

static u32 cfg_read(const struct udevice *bus, pci_dev_t bdf, uint off,
		    int size)
{
	ulong v;

	pci_bus_read_config(bus, bdf, off, &v, size);
	return v;
}

/* Fill @cap from the capability at @pos, unless it is malformed */
static void read_cap(const struct udevice *bus, pci_dev_t bdf, int pos,
		     u8 bar, struct virtio_pci_cap_info *cap)
{
	u8 len = cfg_read(bus, bdf, pos + PCI_CAP_LIST_NEXT + 1, 1);

	cap->pos = pos;
	cap->bar = bar;
	cap->cap_len = len;
	cap->malformed = len < sizeof(struct virtio_pci_cap) ||
			 pos + len > PCI_CFG_SPACE_SIZE;
	if (cap->malformed)
		return;
	cap->offset = cfg_read(bus, bdf, pos +
			       offsetof(struct virtio_pci_cap, offset), 4);
	cap->length = cfg_read(bus, bdf, pos +
			       offsetof(struct virtio_pci_cap, length), 4);
}

int virtio_pci_read_caps(const struct udevice *bus,
			 const struct pci_child_plat *plat,
			 struct virtio_pci_caps *caps)
{
	pci_dev_t bdf = plat->bdf;
	int pos = 0;

	memset(caps, 0, sizeof(*caps));
	for (int n = 0; n < PCI_CAP_MAX; n++) {
		struct virtio_pci_cap_info *cap;
		u8 type, bar;

		pos = pci_bus_find_next_capability(bus, plat, pos,
						   PCI_CAP_ID_VNDR);
		if (pos == -ENOENT)
			return 0;
		if (pos < 0)
			return pos;
		type = cfg_read(bus, bdf,
				pos + offsetof(struct virtio_pci_cap, cfg_type),
				1);
		bar = cfg_read(bus, bdf,
			       pos + offsetof(struct virtio_pci_cap, bar), 1);
		/* §4.1.4.1: the first usable one of each type counts */
		if (type < VIRTIO_PCI_CAP_COMMON_CFG ||
		    type > VIRTIO_PCI_CAP_DEVICE_CFG || bar >= PCI_STD_NUM_BARS)
			continue;
		cap = &caps->cap[type];
		if (cap->pos)
			continue;
		read_cap(bus, bdf, pos, bar, cap);
		if (type == VIRTIO_PCI_CAP_NOTIFY_CFG && !cap->malformed &&
		    cap->cap_len >= sizeof(struct virtio_pci_notify_cap))
			caps->notify_mult = cfg_read(bus, bdf, pos +
				offsetof(struct virtio_pci_notify_cap,
					 notify_off_multiplier), 4);
	}
	return -EIO;	/* the list changed into a loop */
}

int virtio_pci_get_cap(struct virtio_pci_caps *caps, u8 type,
		       struct virtio_pci_cap_info **capp)
{
	struct virtio_pci_cap_info *cap = &caps->cap[type];

	*capp = cap;
	if (!cap->pos)
		return -ENOENT;
	return cap->malformed ? -EIO : 0;
}

u32 virtio_pci_read(void *base, unsigned int off, int size)
{
	u8 *p = (u8 *)base + off;

	return size == 1 ? readb(p) : size == 2 ? readw(p) : readl(p);
}

void virtio_pci_write(void *base, unsigned int off, u32 val, int size)
{
	u8 *p = (u8 *)base + off;

	if (size == 1)
		writeb(val, p);
	else if (size == 2)
		writew(val, p);
	else
		writel(val, p);
}

int virtio_pci_describe(struct udevice *dev, char *buf, int size)
{
	pci_dev_t bdf = dm_pci_get_bdf(dev);

	snprintf(buf, size, "pci %02x:%02x.%x", PCI_BUS(bdf), PCI_DEV(bdf),
		 PCI_FUNC(bdf));
	return 0;
}
