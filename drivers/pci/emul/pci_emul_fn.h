// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The sandbox PCI model's functions (pci_emul_fn.c), for pci_ecam_emul.c */
#ifndef __PCI_EMUL_FN_H
#define __PCI_EMUL_FN_H

#include <dm/ofnode.h>
#include <pci.h>
#include <types.h>

struct udevice;

/** struct sandbox_pci_fn - one function of the model */
struct sandbox_pci_fn {
	const char *name;
	ofnode node;
	struct sandbox_pci_fn *up;	/* bridge above; NULL: root bus */
	u8 devfn;
	bool bridge;
	bool absent;			/* not plugged in (ember,absent) */
	u8 cfg[PCI_CFG_SPACE_SIZE];
	u64 bar_size[PCI_STD_NUM_BARS];
	u8 next_cap;			/* where the next capability goes */
	u8 last_cap;			/* the last one, 0 when none */
	u8 first_cap;
	struct udevice *model;
};

/** emul_cfg_get() - @size bytes of configuration space at @off */
u32 emul_cfg_get(const struct sandbox_pci_fn *f, uint off, int size);
/** emul_cfg_write() - a host write: only writable bits change */
void emul_cfg_write(struct sandbox_pci_fn *f, uint reg, u32 val, int size);
bool emul_bar_is_io(const struct sandbox_pci_fn *f, int i);
int emul_num_bars(const struct sandbox_pci_fn *f);
/** emul_bar_addr() - bus address BAR @i holds */
u64 emul_bar_addr(const struct sandbox_pci_fn *f, int i);
/** emul_bridge_forwards() - does bridge @b pass @addr to its bus? */
bool emul_bridge_forwards(const struct sandbox_pci_fn *b, bool io, u64 addr);
/** emul_fn_parse() - a plain function from its DT node; 0 or errno */
int emul_fn_parse(struct udevice *dev, struct sandbox_pci_fn *f);

#endif
