// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Shared between the PCI uclass (pci-uclass.c) and enumeration (pci_enum.c) */
#ifndef __PCI_INTERNAL_H
#define __PCI_INTERNAL_H

#include <pci.h>
#include <types.h>

struct udevice;

/** pci_is_controller() - whether bus device @bus is a host controller */
bool pci_is_controller(const struct udevice *bus);

/**
 * pci_read_host_dt() - read 'ranges' and 'bus-range' of host controller
 * @bus into its struct pci_bus_plat
 * Return: 0; -EINVAL, -EOVERFLOW or -ERANGE (with a message) for a
 * missing or malformed property
 */
int pci_read_host_dt(struct udevice *bus);

/**
 * pci_enumerate() - number the buses behind host controller @ctlr, bind a
 * device for each function, size and place the BARs, program bridges
 * Return: 0; a device whose resources did not fit is reported and marked
 * (pci_child_plat.resource_err), not fatal
 */
int pci_enumerate(struct udevice *ctlr);

/**
 * pci_walk_capabilities() - the bounded capability walk, silent
 * @start: 0 for the first capability, else the offset of the previous one
 * @whyp: on -EIO, what was wrong
 * Return: offset of capability @cap_id, -ENOENT, -EINVAL (bad @start) or
 * -EIO (the list is malformed)
 */
int pci_walk_capabilities(const struct udevice *bus, pci_dev_t bdf,
			  int start, int cap_id, const char **whyp);

#endif
