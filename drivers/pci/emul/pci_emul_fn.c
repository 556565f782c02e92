// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox PCI model: one function's configuration space, for the ECAM
 * model (pci_ecam_emul.c). Read-only IDs, class, header type and
 * capability list; writable command register, BARs (only the bits above
 * their size), and a bridge's bus numbers and windows. Function models
 * (asm/pci_emul.h) fill it in with the sandbox_pci_fn_*() calls.
 */
#include <asm/pci_emul.h>
#include <dm.h>
#include <pci.h>
#include <stdio.h>
#include <string.h>
#include "pci_emul_fn.h"

u32 emul_cfg_get(const struct sandbox_pci_fn *f, uint off, int size)
{
	u32 v = 0;

	for (int i = size - 1; i >= 0; i--)
		v = v << 8 | f->cfg[off + i];
	return v;
}

static void cfg_put(struct sandbox_pci_fn *f, uint off, u32 val, int size)
{
	for (int i = 0; i < size; i++)
		f->cfg[off + i] = val >> (8 * i);
}

bool emul_bar_is_io(const struct sandbox_pci_fn *f, int i)
{
	return f->cfg[PCI_BASE_ADDRESS_0 + 4 * i] & PCI_BASE_ADDRESS_SPACE_IO;
}

static bool bar_is_64(const struct sandbox_pci_fn *f, int i)
{
	return !emul_bar_is_io(f, i) &&
	       (f->cfg[PCI_BASE_ADDRESS_0 + 4 * i] &
		PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64;
}

int emul_num_bars(const struct sandbox_pci_fn *f)
{
	return f->bridge ? PCI_BRIDGE_NUM_BARS : PCI_STD_NUM_BARS;
}

/* Writable bits of BAR byte @off: those above the BAR's size */
static u8 bar_wmask(const struct sandbox_pci_fn *f, uint off)
{
	int i = (off - PCI_BASE_ADDRESS_0) / 4;
	int shift = 8 * (off & 3);
	u64 mask;

	if (i > 0 && bar_is_64(f, i - 1) && f->bar_size[i - 1])
		return ~(f->bar_size[i - 1] - 1) >> (32 + shift);
	if (!f->bar_size[i])
		return 0;
	mask = ~(f->bar_size[i] - 1) &
	       (emul_bar_is_io(f, i) ? PCI_BASE_ADDRESS_IO_MASK :
				  PCI_BASE_ADDRESS_MEM_MASK);
	return (u32)mask >> shift;
}

static u8 bridge_wmask(uint off)
{
	switch (off) {
	case PCI_PRIMARY_BUS ... PCI_SEC_LATENCY_TIMER:
	case PCI_PREF_BASE_UPPER32 ... PCI_IO_LIMIT_UPPER16 + 1:
	case PCI_BRIDGE_CONTROL ... PCI_BRIDGE_CONTROL + 1:
		return 0xff;
	case PCI_IO_BASE:
	case PCI_IO_LIMIT:
	case PCI_MEMORY_BASE:
	case PCI_MEMORY_LIMIT:
	case PCI_PREF_MEMORY_BASE:
	case PCI_PREF_MEMORY_LIMIT:
		return 0xf0;	/* the low nibble says 16/32/64-bit */
	case PCI_MEMORY_BASE + 1:
	case PCI_MEMORY_LIMIT + 1:
	case PCI_PREF_MEMORY_BASE + 1:
	case PCI_PREF_MEMORY_LIMIT + 1:
		return 0xff;
	default:
		return 0;
	}
}

static u8 wmask(const struct sandbox_pci_fn *f, uint off)
{
	if (off >= PCI_BASE_ADDRESS_0 &&
	    off < PCI_BASE_ADDRESS_0 + 4 * (uint)emul_num_bars(f))
		return bar_wmask(f, off);
	switch (off) {
	case PCI_COMMAND:
		return PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	case PCI_COMMAND + 1:
		return PCI_COMMAND_INTX_DISABLE >> 8;
	case PCI_CACHE_LINE_SIZE:
	case PCI_LATENCY_TIMER:
	case PCI_INTERRUPT_LINE:
		return 0xff;
	default:
		return f->bridge ? bridge_wmask(off) : 0;
	}
}

void emul_cfg_write(struct sandbox_pci_fn *f, uint reg, u32 val, int size)
{
	for (int i = 0; i < size; i++) {
		u8 m = wmask(f, reg + i);

		f->cfg[reg + i] = (f->cfg[reg + i] & ~m) | ((val >> (8 * i)) & m);
	}
}

static u64 window_base(const struct sandbox_pci_fn *b, uint base_reg,
		       uint upper_reg)
{
	return (u64)(emul_cfg_get(b, base_reg, 2) & 0xfff0) << 16 |
	       (upper_reg ? (u64)emul_cfg_get(b, upper_reg, 4) << 32 : 0);
}

/* Does bridge @b pass the access to @addr down to its secondary bus? */
bool emul_bridge_forwards(const struct sandbox_pci_fn *b, bool io, u64 addr)
{
	u16 cmd = emul_cfg_get(b, PCI_COMMAND, 2);
	u64 base, limit;

	if (io) {
		base = (u64)(b->cfg[PCI_IO_BASE] & 0xf0) << 8 |
		       (u64)emul_cfg_get(b, PCI_IO_BASE_UPPER16, 2) << 16;
		limit = (u64)(b->cfg[PCI_IO_LIMIT] & 0xf0) << 8 | 0xfff |
			(u64)emul_cfg_get(b, PCI_IO_LIMIT_UPPER16, 2) << 16;
		return cmd & PCI_COMMAND_IO && addr >= base && addr <= limit;
	}
	if (!(cmd & PCI_COMMAND_MEMORY))
		return false;
	base = window_base(b, PCI_MEMORY_BASE, 0);
	limit = window_base(b, PCI_MEMORY_LIMIT, 0) | 0xfffff;
	if (addr >= base && addr <= limit)
		return true;
	base = window_base(b, PCI_PREF_MEMORY_BASE, PCI_PREF_BASE_UPPER32);
	limit = window_base(b, PCI_PREF_MEMORY_LIMIT, PCI_PREF_LIMIT_UPPER32) |
		0xfffff;
	return addr >= base && addr <= limit;
}

u64 emul_bar_addr(const struct sandbox_pci_fn *f, int i)
{
	u64 lo = emul_cfg_get(f, PCI_BASE_ADDRESS_0 + 4 * i, 4);

	if (emul_bar_is_io(f, i))
		return lo & PCI_BASE_ADDRESS_IO_MASK;
	lo &= PCI_BASE_ADDRESS_MEM_MASK;
	if (bar_is_64(f, i))
		lo |= (u64)emul_cfg_get(f, PCI_BASE_ADDRESS_0 + 4 * (i + 1), 4) << 32;
	return lo;
}

void sandbox_pci_fn_set_ids(struct sandbox_pci_fn *fn, u16 vendor, u16 device,
			    u32 class, u16 subsys_vendor, u16 subsys_device)
{
	cfg_put(fn, PCI_VENDOR_ID, vendor, 2);
	cfg_put(fn, PCI_DEVICE_ID, device, 2);
	cfg_put(fn, PCI_CLASS_PROG, class, 3);
	if (!fn->bridge) {
		cfg_put(fn, PCI_SUBSYSTEM_VENDOR_ID, subsys_vendor, 2);
		cfg_put(fn, PCI_SUBSYSTEM_ID, subsys_device, 2);
	}
}

int sandbox_pci_fn_set_bar(struct sandbox_pci_fn *fn, int bar, u32 flags,
			   u64 size)
{
	bool is64 = !(flags & PCI_BASE_ADDRESS_SPACE_IO) &&
		    (flags & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
		    PCI_BASE_ADDRESS_MEM_TYPE_64;

	if (bar < 0 || bar + is64 >= emul_num_bars(fn) || (size & (size - 1)))
		return -EINVAL;
	fn->bar_size[bar] = size;
	cfg_put(fn, PCI_BASE_ADDRESS_0 + 4 * bar, size ? flags : 0, 4);
	if (is64) {
		fn->bar_size[bar + 1] = 0;
		cfg_put(fn, PCI_BASE_ADDRESS_0 + 4 * (bar + 1), 0, 4);
	}
	return 0;
}

int sandbox_pci_fn_add_cap(struct sandbox_pci_fn *fn, const void *cap,
			   int len)
{
	int pos = fn->next_cap;

	if (len < 2 || pos + len > PCI_CFG_SPACE_SIZE)
		return -ENOSPC;
	memcpy(&fn->cfg[pos], cap, len);
	fn->cfg[pos + PCI_CAP_LIST_NEXT] = 0;
	if (fn->last_cap)
		fn->cfg[fn->last_cap + PCI_CAP_LIST_NEXT] = pos;
	else
		fn->cfg[PCI_CAPABILITY_LIST] = pos;
	if (!fn->first_cap)
		fn->first_cap = pos;
	fn->cfg[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
	fn->last_cap = pos;
	fn->next_cap = ALIGN(pos + len, 4);
	return pos;
}

u8 sandbox_pci_fn_peek(const struct sandbox_pci_fn *fn, uint offset)
{
	return offset < PCI_CFG_SPACE_SIZE ? fn->cfg[offset] : 0;
}

void sandbox_pci_fn_poke(struct sandbox_pci_fn *fn, uint offset, u8 val)
{
	if (offset < PCI_CFG_SPACE_SIZE)
		fn->cfg[offset] = val;
}

u32 sandbox_pci_fn_bdf(const struct sandbox_pci_fn *fn)
{
	u32 bus = fn->up ? fn->up->cfg[PCI_SECONDARY_BUS] : 0;

	return PCI_BDF(bus, fn->devfn >> 3, fn->devfn & 7);
}

/* A function's own description: IDs, class, BARs, plain capabilities */
int emul_fn_parse(struct udevice *dev, struct sandbox_pci_fn *f)
{
	u32 id[2] = { 0, 0 }, sub[2] = { 0, 0 }, class = 0, v, flags, size;
	char prop[16];
	int ret;

	for (int i = 0; i < 2; i++) {
		ofnode_read_u32_index(f->node, "ember,id", i, &id[i]);
		ofnode_read_u32_index(f->node, "ember,subsys", i, &sub[i]);
	}
	ofnode_read_u32(f->node, "ember,class", &class);
	sandbox_pci_fn_set_ids(f, id[0], id[1], class, sub[0], sub[1]);
	for (int i = 0; i < emul_num_bars(f); i++) {
		snprintf(prop, sizeof(prop), "ember,bar%d", i);
		if (ofnode_read_u32_index(f->node, prop, 0, &flags) ||
		    ofnode_read_u32_index(f->node, prop, 1, &size))
			continue;
		ret = sandbox_pci_fn_set_bar(f, i, flags, size);
		if (ret) {
			dev_err(dev, "%s: bad %s\n", f->name, prop);
			return ret;
		}
	}
	for (int i = 0; !ofnode_read_u32_index(f->node, "ember,caps", i, &v);
	     i++) {
		u8 cap[8] = { v };

		sandbox_pci_fn_add_cap(f, cap, sizeof(cap));
	}
	return 0;
}
