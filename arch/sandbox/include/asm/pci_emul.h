// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The sandbox's PCI model (drivers/pci/pci_ecam_emul.c): an ECAM host
 * bridge and the functions behind it, answering the real ECAM driver and
 * PCI uclass at register level. A DT node
 *
 *   compatible = "sandbox,pci-ecam-emul";
 *   ember,ecam = <cpu size>;                  configuration space
 *   ember,io = <cpu bus-hi bus-lo size>;      what the host's 'ranges' map
 *   ember,mem = <cpu bus-hi bus-lo size>;
 *   ember,pref = <cpu bus-hi bus-lo size>;
 *
 * has one subnode per function, on the root bus or, nested in a bridge's
 * node, on that bridge's secondary bus:
 *
 *   ember,devfn = <dev fn>;
 *   ember,id = <vendor device>;               ember,class = <0x020000>;
 *   ember,subsys = <vendor device>;           (optional)
 *   ember,bridge;                             a type 1 header
 *   ember,barN = <flags size>;                flags: the BAR's low bits
 *   ember,caps = <id ...>;                    empty capabilities to list
 *   ember,absent;                             not plugged in until a test
 *                                             says so (with what is below)
 *
 * A function node with a 'compatible' is bound as a function model (e.g.
 * "sandbox,virtio-pci-emul"): a device whose driver ops are
 * struct sandbox_pci_fn_ops; it fills the function's configuration space
 * itself and answers accesses to its BARs.
 */
#ifndef __ASM_PCI_EMUL_H
#define __ASM_PCI_EMUL_H

#include <types.h>

struct sandbox_pci_fn;
struct udevice;

/**
 * struct sandbox_pci_fn_ops - a function model
 * @setup: fill in IDs, BARs and capabilities (sandbox_pci_fn_*())
 * @bar_read/@bar_write: an access of @size bytes at @offset of BAR @bar
 * @poll: make progress on its own (optional)
 * @cfg_write: the host wrote @size bytes of configuration space at @reg
 *	(optional; the writable bits are updated already)
 */
struct sandbox_pci_fn_ops {
	int (*setup)(struct udevice *model, struct sandbox_pci_fn *fn);
	u64 (*bar_read)(struct udevice *model, int bar, u64 offset, int size);
	void (*bar_write)(struct udevice *model, int bar, u64 offset, u64 val,
			  int size);
	void (*poll)(struct udevice *model);
	void (*cfg_write)(struct udevice *model, uint reg, int size);
};

/* For function models' setup */
/** sandbox_pci_fn_set_ids() - vendor, device, class, subsystem IDs */
void sandbox_pci_fn_set_ids(struct sandbox_pci_fn *fn, u16 vendor, u16 device,
			    u32 class, u16 subsys_vendor, u16 subsys_device);
/** sandbox_pci_fn_set_bar() - BAR @bar decodes @size bytes; 0 or -EINVAL */
int sandbox_pci_fn_set_bar(struct sandbox_pci_fn *fn, int bar, u32 flags,
			   u64 size);
/**
 * sandbox_pci_fn_add_cap() - append a capability of @len bytes (its ID in
 * @cap[0]; the next pointer is filled in)
 * Return: its offset, or -ENOSPC
 */
int sandbox_pci_fn_add_cap(struct sandbox_pci_fn *fn, const void *cap,
			   int len);
/** sandbox_pci_fn_peek() - config byte @offset as it is (0 past the end) */
u8 sandbox_pci_fn_peek(const struct sandbox_pci_fn *fn, uint offset);
/** sandbox_pci_fn_poke() - change read-only config byte @offset */
void sandbox_pci_fn_poke(struct sandbox_pci_fn *fn, uint offset, u8 val);
/**
 * sandbox_pci_fn_bdf() - where the host finds @fn: its bus is the one the
 * host gave the bridge above it (bus 0 on the root bus)
 */
u32 sandbox_pci_fn_bdf(const struct sandbox_pci_fn *fn);

/* Test hooks */
enum pci_emul_fault {
	PCI_EMUL_FAULT_CAP_LOOP	= 1 << 0,	/* last capability -> first */
	PCI_EMUL_FAULT_CAP_HEADER = 1 << 1,	/* list starts in the header */
};

/** sandbox_pci_emul_get() - the (first) PCI model, or NULL */
struct udevice *sandbox_pci_emul_get(void);
/**
 * sandbox_pci_emul_set_fault() - break function @name (its DT node name)
 * Return: 0 or -ENOENT
 */
int sandbox_pci_emul_set_fault(struct udevice *emul, const char *name,
			       u32 faults);
/** sandbox_pci_emul_set_bar() - resize a BAR of function @name; 0/errno */
int sandbox_pci_emul_set_bar(struct udevice *emul, const char *name, int bar,
			     u32 flags, u64 size);
/**
 * sandbox_pci_emul_config() - config byte @offset of function @name as the
 * model holds it (what the host programmed), or -ENOENT
 */
int sandbox_pci_emul_config(struct udevice *emul, const char *name,
			    uint offset);
/**
 * sandbox_pci_emul_set_present() - plug function @name in or out (an
 * absent bridge hides what is behind it)
 * Return: 0 or -ENOENT
 */
int sandbox_pci_emul_set_present(struct udevice *emul, const char *name,
				 bool present);
/**
 * sandbox_pci_emul_poke() - overwrite config byte @offset of function
 * @name, read-only or not (to break a capability)
 * Return: 0 or -ENOENT
 */
int sandbox_pci_emul_poke(struct udevice *emul, const char *name,
			  uint offset, u8 val);

#endif
