// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * A PCI function's INTx as a wake-up source (include/irq.h): its
 * Interrupt Pin, swizzled across the bridges above it to the root bus
 * (PCI-to-PCI Bridge Architecture 1.2 §9.1), then looked up in the host
 * controller's 'interrupt-map' (Devicetree Specification §2.4.3; PCI Bus
 * Binding to Open Firmware, "interrupt mapping"), whose entry names the
 * interrupt controller and its specifier.
 */
#define LOG_CATEGORY "pci"

#include <dm.h>
#include <irq.h>
#include <pci.h>
#include <stdio.h>
#include "pci_internal.h"

/* A child unit address (phys.hi, phys.mid, phys.lo) and the pin */
#define MAP_KEY_CELLS	4
/* ... then the parent's phandle */
#define MAP_FIXED_CELLS	(MAP_KEY_CELLS + 1)
/* The most address cells an interrupt parent may have here */
#define MAP_PARENT_ADDR_MAX	3

static int map_cell(ofnode node, int i, u32 *v)
{
	return ofnode_read_u32_index(node, "interrupt-map", i, v);
}

int pci_irq_map(ofnode node, const u32 key[MAP_KEY_CELLS], ofnode *parentp,
		u32 *spec, u32 *cellsp)
{
	u32 mask[MAP_KEY_CELLS] = { ~0U, ~0U, ~0U, ~0U }, na, ni, v;
	const char *name = ofnode_get_name(node);
	int len, n, i;

	if (!ofnode_get_property(node, "interrupt-map", &len))
		return -ENOENT;
	if (ofnode_read_u32(node, "#address-cells", &na) || na != 3 ||
	    ofnode_read_u32(node, "#interrupt-cells", &ni) || ni != 1) {
		printf("%s: 'interrupt-map' needs #address-cells 3 and #interrupt-cells 1\n",
		       name);
		return -EINVAL;
	}
	for (i = 0; ofnode_has_property(node, "interrupt-map-mask") &&
		    i < MAP_KEY_CELLS; i++) {
		if (ofnode_read_u32_index(node, "interrupt-map-mask", i,
					  &mask[i])) {
			printf("%s: 'interrupt-map-mask' is not %d cells\n",
			       name, MAP_KEY_CELLS);
			return -EINVAL;
		}
	}
	/* Each entry: at least MAP_FIXED_CELLS, so the walk ends */
	n = len / 4;
	for (i = 0; i < n;) {
		u32 pna = 0, pni;
		ofnode parent;
		bool hit = true;

		if (n - i < MAP_FIXED_CELLS)
			goto short_entry;
		for (int j = 0; j < MAP_KEY_CELLS; j++) {
			if (map_cell(node, i + j, &v))
				goto short_entry;
			hit &= !((v ^ key[j]) & mask[j]);
		}
		if (ofnode_parse_phandle(node, "interrupt-map", i + MAP_KEY_CELLS,
					 &parent)) {
			printf("%s: 'interrupt-map' entry at cell %d names no node\n",
			       name, i);
			return -EINVAL;
		}
		if ((ofnode_has_property(parent, "#address-cells") &&
		     ofnode_read_u32(parent, "#address-cells", &pna)) ||
		    pna > MAP_PARENT_ADDR_MAX || irq_wake_cells(parent, &pni)) {
			printf("%s: 'interrupt-map' entry at cell %d: %s has no valid #address-cells or #interrupt-cells\n",
			       name, i, ofnode_get_name(parent));
			return -EINVAL;
		}
		if ((u32)(n - i - MAP_FIXED_CELLS) < pna + pni)
			goto short_entry;
		if (hit) {
			for (u32 j = 0; j < pni; j++) {
				if (map_cell(node, i + MAP_FIXED_CELLS + pna + j,
					     &spec[j]))
					goto short_entry;
			}
			*parentp = parent;
			*cellsp = pni;
			return 0;
		}
		i += MAP_FIXED_CELLS + pna + pni;
	}
	return -ENOENT;
short_entry:
	printf("%s: 'interrupt-map' entry at cell %d is short\n", name, i);
	return -EINVAL;
}

int pci_irq_wake(struct udevice *dev, struct irq_wake *w)
{
	u32 key[MAP_KEY_CELLS], spec[IRQ_MAX_CELLS], cells;
	struct udevice *fn = dev, *bus;
	ofnode parent;
	u8 pin;
	int ret;

	*w = (struct irq_wake){ 0 };
	ret = dm_pci_read_config8(dev, PCI_INTERRUPT_PIN, &pin);
	if (ret)
		return ret;
	if (!pin)
		return -ENOENT;		/* no INTx */
	if (pin > 4) {
		dev_err(dev, "Interrupt Pin %u is none of INTA-INTD\n", pin);
		return -EINVAL;
	}
	/* Each bridge passes its device's pin on rotated by the slot */
	for (bus = dev_get_parent(dev); !pci_is_controller(bus);
	     bus = dev_get_parent(bus)) {
		pin = (pin - 1 + PCI_DEV(dm_pci_get_bdf(dev))) % 4 + 1;
		dev = bus;
	}
	key[0] = dm_pci_get_bdf(dev) << 8;
	key[1] = 0;
	key[2] = 0;
	key[3] = pin;
	ret = pci_irq_map(dev_ofnode(bus), key, &parent, spec, &cells);
	if (ret)
		return ret;
	ret = dm_pci_clrset_config16(fn, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE,
				     0);
	if (ret)
		return ret;
	return irq_wake_enable_at(parent, spec, cells, w);
}
