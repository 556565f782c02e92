// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Enumeration behind a host controller, depth first, in one pass:
 *
 *   - every function found gets a device (pci-uclass.c and PCI_DRIVER());
 *   - its BARs are sized (PCI 3.0 §6.2.5.1: write all ones, read back the
 *     writable bits) with decoding off, and each is placed at the next
 *     naturally aligned address of the window it belongs in;
 *   - a bridge gets the next bus number; its windows start at the parent's
 *     next free address (rounded to the window granule: 4 KiB for I/O,
 *     1 MiB for memory), its secondary bus is enumerated, and the windows
 *     then end at the granule after the last BAR placed behind it.
 *
 * Windows of the host bridge: I/O; memory (non-prefetchable, below 4 GiB);
 * prefetchable (a prefetchable window of 'ranges', else a 64-bit one).
 * 64-bit prefetchable BARs go in the prefetchable window, 32-bit ones only
 * when it lies below 4 GiB; every other memory BAR goes in the memory
 * window, as bridges forward non-prefetchable memory below 4 GiB only.
 * A BAR that does not fit is reported and leaves its function disabled.
 */
#define LOG_CATEGORY "pci"

#include <dm.h>
#include <pci.h>
#include <stdio.h>
#include <string.h>
#include "pci_internal.h"

#define SZ_4G		(1ULL << 32)
#define SZ_64K		0x10000ULL
#define IO_GRANULE	0x1000ULL	/* bridge I/O windows */
#define MEM_GRANULE	0x100000ULL	/* bridge memory windows */
#define IO_FIRST	0x1000ULL	/* I/O port 0 is never handed out */
#define MAX_DEPTH	16		/* bridges below bridges */

/**
 * struct pci_window - free space of one window during enumeration
 * @base: where the window (a bridge's: as opened) starts
 * @start: the next free bus address
 * @end: one past its last address
 */
struct pci_window {
	u64 base;
	u64 start;
	u64 end;
	bool valid;
	const char *name;
};

struct pci_windows {
	struct pci_window io, mem, pref;
};

struct pci_enum {
	struct udevice *ctlr;
	int next_busno;
	int last_busno;
	int depth;
};

DM_DRIVER_REF(pci_bridge);
DM_DRIVER_REF(pci_generic);

static void scan_bus(struct pci_enum *e, struct udevice *bus, int busno,
		     struct pci_windows *w);

static void window_set(struct pci_window *w, const char *name, u64 start,
		       u64 end)
{
	w->name = name;
	w->base = start;
	w->start = start;
	w->end = end;
	w->valid = true;
}

static void host_windows(const struct pci_bus_plat *host,
			 struct pci_windows *w)
{
	const struct pci_region *high = NULL;

	memset(w, 0, sizeof(*w));
	for (int i = 0; i < host->region_count; i++) {
		const struct pci_region *r = &host->regions[i];
		u64 end = r->bus_start + r->size;

		if (r->flags & PCI_REGION_IO) {
			if (!w->io.valid)
				window_set(&w->io, "I/O",
					   max(r->bus_start, IO_FIRST), end);
		} else if (r->flags & PCI_REGION_PREFETCH) {
			if (!w->pref.valid)
				window_set(&w->pref, "prefetchable",
					   r->bus_start, end);
		} else if (end <= SZ_4G && !w->mem.valid) {
			window_set(&w->mem, "memory", r->bus_start, end);
		} else if (!high) {
			high = r;
		}
	}
	if (!w->pref.valid && high)
		window_set(&w->pref, "prefetchable", high->bus_start,
			   high->bus_start + high->size);
}

static struct pci_window *window_for(struct pci_windows *w,
				     const struct pci_bar *bar)
{
	if (bar->flags & PCI_BAR_IO)
		return w->io.valid ? &w->io : NULL;
	if (bar->flags & PCI_BAR_PREFETCH && w->pref.valid &&
	    (bar->flags & PCI_BAR_MEM64 || w->pref.end <= SZ_4G))
		return &w->pref;
	return w->mem.valid ? &w->mem : NULL;
}

static int window_alloc(struct pci_window *w, u64 size, u64 *addrp)
{
	u64 addr = ALIGN(w->start, size);

	if (addr < w->start || addr > w->end || size > w->end - addr)
		return -ENOSPC;
	*addrp = addr;
	w->start = addr + size;
	return 0;
}

/* A bridge's window, carved from its parent's free space */
static void window_open(struct pci_window *c, const struct pci_window *p,
			bool implemented, u64 granule, u64 limit)
{
	c->name = p->name;
	c->valid = p->valid && implemented;
	c->end = min(p->end, limit);
	c->base = ALIGN(p->start, granule);
	if (c->base < p->start || c->base > c->end)
		c->base = c->end;	/* nothing left */
	c->start = c->base;
}

/*
 * Close a bridge's window after its bus was enumerated. Return whether
 * anything was placed in it, and its inclusive range; the parent's free
 * space then starts at the granule after it.
 */
static bool window_close(struct pci_window *c, struct pci_window *p,
			 u64 granule, u64 *basep, u64 *limitp)
{
	if (!c->valid || c->start == c->base)
		return false;
	*basep = c->base;
	*limitp = ALIGN(c->start, granule) - 1;
	p->start = *limitp + 1;
	return true;
}

static u32 probe_bar(struct udevice *bus, pci_dev_t bdf, uint off)
{
	ulong orig, mask;

	pci_bus_read_config(bus, bdf, off, &orig, 4);
	pci_bus_write_config(bus, bdf, off, 0xffffffff, 4);
	pci_bus_read_config(bus, bdf, off, &mask, 4);
	pci_bus_write_config(bus, bdf, off, orig, 4);
	return mask;
}

/* Size BAR @i into @bar; return the slots it takes (2 for 64-bit) */
static int size_bar(struct udevice *bus, pci_dev_t bdf, int i, int nbars,
		    struct pci_bar *bar)
{
	uint off = PCI_BASE_ADDRESS_0 + 4 * i;
	u32 lo = probe_bar(bus, bdf, off);
	u64 mask;

	if (!lo || lo == 0xffffffff)
		return 1;		/* not implemented */
	if (lo & PCI_BASE_ADDRESS_SPACE_IO) {
		mask = lo & PCI_BASE_ADDRESS_IO_MASK;
		if (!(mask & 0xffff0000))
			mask |= 0xffff0000;	/* a 16-bit I/O decoder */
		bar->flags = PCI_BAR_IO;
		bar->size = (u32)(~mask + 1);
		return 1;
	}
	if (lo & PCI_BASE_ADDRESS_MEM_PREFETCH)
		bar->flags = PCI_BAR_PREFETCH;
	if ((lo & PCI_BASE_ADDRESS_MEM_TYPE_MASK) != PCI_BASE_ADDRESS_MEM_TYPE_64) {
		bar->size = (u32)(~(lo & PCI_BASE_ADDRESS_MEM_MASK) + 1);
		return 1;
	}
	if (i + 1 >= nbars)
		return 1;		/* no upper half: unusable */
	mask = (u64)probe_bar(bus, bdf, off + 4) << 32 |
	       (lo & PCI_BASE_ADDRESS_MEM_MASK);
	bar->flags |= PCI_BAR_MEM64;
	bar->size = ~mask + 1;
	return 2;
}

static const char *bar_kind(const struct pci_bar *b)
{
	if (b->flags & PCI_BAR_IO)
		return "I/O";
	if (b->flags & PCI_BAR_MEM64)
		return b->flags & PCI_BAR_PREFETCH ? "64-bit pref" : "64-bit";
	return b->flags & PCI_BAR_PREFETCH ? "32-bit pref" : "32-bit";
}

static int assign_bar(struct udevice *dev, int i, struct pci_windows *w)
{
	struct pci_bar *b = &dm_pci_get_plat(dev)->bars[i];
	struct pci_window *win = window_for(w, b);
	uint off = PCI_BASE_ADDRESS_0 + 4 * i;
	u64 addr;

	if (b->size & (b->size - 1)) {
		dev_err(dev, "BAR%d reads back an impossible size mask\n", i);
		return -EIO;
	}
	if (!win || window_alloc(win, b->size, &addr)) {
		dev_err(dev, "BAR%d (%s, %#llx bytes): no room in the %s window\n",
			i, bar_kind(b), (unsigned long long)b->size,
			win ? win->name : b->flags & PCI_BAR_IO ? "I/O" :
			"memory");
		return -ENOSPC;
	}
	dm_pci_write_config32(dev, off, (u32)addr);
	if (b->flags & PCI_BAR_MEM64)
		dm_pci_write_config32(dev, off + 4, addr >> 32);
	b->bus_addr = addr;
	b->flags |= PCI_BAR_ASSIGNED;
	return 0;
}

static void assign_bars(struct udevice *dev, struct pci_windows *w)
{
	struct pci_child_plat *plat = dm_pci_get_plat(dev);

	for (int i = 0; i < PCI_STD_NUM_BARS; i++) {
		int ret;

		if (!plat->bars[i].size)
			continue;
		ret = assign_bar(dev, i, w);
		if (ret && !plat->resource_err)
			plat->resource_err = ret;
	}
}

/* Does the bridge implement a window register? Writable bits say so. */
static u16 probe_window(struct udevice *bridge, uint off, int size)
{
	ulong v;
	struct udevice *bus = dev_get_parent(bridge);
	pci_dev_t bdf = dm_pci_get_bdf(bridge);

	pci_bus_write_config(bus, bdf, off, size == 1 ? 0xf0 : 0xfff0, size);
	pci_bus_read_config(bus, bdf, off, &v, size);
	return v;
}

static void bridge_open(struct udevice *bridge, struct pci_windows *p,
			struct pci_windows *c)
{
	u16 io = probe_window(bridge, PCI_IO_BASE, 1);
	u16 pref = probe_window(bridge, PCI_PREF_MEMORY_BASE, 2);
	bool io32 = (io & PCI_IO_RANGE_TYPE_MASK) == PCI_IO_RANGE_TYPE_32;
	bool pref64 = (pref & PCI_PREF_RANGE_TYPE_MASK) ==
		      PCI_PREF_RANGE_TYPE_64;

	window_open(&c->io, &p->io, io & 0xf0, IO_GRANULE,
		    io32 ? SZ_4G : SZ_64K);
	window_open(&c->mem, &p->mem, true, MEM_GRANULE, SZ_4G);
	window_open(&c->pref, &p->pref, pref & 0xfff0, MEM_GRANULE,
		    pref64 ? ~0ULL : SZ_4G);
	if (c->pref.base >= c->pref.end)
		c->pref.valid = false;	/* its prefetchables go to memory */
}

/* Program the windows; an unused one is closed (base above limit) */
static void bridge_close(struct udevice *bridge, struct pci_windows *p,
			 struct pci_windows *c)
{
	u64 base = 0xfff00000, limit = 0xfffff;

	if (c->io.valid || p->io.valid) {
		if (!window_close(&c->io, &p->io, IO_GRANULE, &base, &limit)) {
			base = 0xf000;
			limit = 0xfff;
		}
		dm_pci_write_config8(bridge, PCI_IO_BASE, (base >> 8) & 0xf0);
		dm_pci_write_config8(bridge, PCI_IO_LIMIT, (limit >> 8) & 0xf0);
		dm_pci_write_config16(bridge, PCI_IO_BASE_UPPER16, base >> 16);
		dm_pci_write_config16(bridge, PCI_IO_LIMIT_UPPER16, limit >> 16);
	}
	base = 0xfff00000;
	limit = 0xfffff;
	window_close(&c->mem, &p->mem, MEM_GRANULE, &base, &limit);
	dm_pci_write_config16(bridge, PCI_MEMORY_BASE, (base >> 16) & 0xfff0);
	dm_pci_write_config16(bridge, PCI_MEMORY_LIMIT, (limit >> 16) & 0xfff0);
	base = 0xfff00000;
	limit = 0xfffff;
	window_close(&c->pref, &p->pref, MEM_GRANULE, &base, &limit);
	dm_pci_write_config16(bridge, PCI_PREF_MEMORY_BASE,
			      (base >> 16) & 0xfff0);
	dm_pci_write_config16(bridge, PCI_PREF_MEMORY_LIMIT,
			      (limit >> 16) & 0xfff0);
	dm_pci_write_config32(bridge, PCI_PREF_BASE_UPPER32, base >> 32);
	dm_pci_write_config32(bridge, PCI_PREF_LIMIT_UPPER32, limit >> 32);
}

/* Give the bridge a bus number, enumerate behind it, program it */
static void scan_bridge(struct pci_enum *e, struct udevice *bridge,
			struct pci_windows *w)
{
	struct pci_child_plat *plat = dm_pci_get_plat(bridge);
	struct pci_bus_plat *bus = dev_get_uclass_plat(bridge);
	struct pci_windows cw;
	int sec;

	bus->busno = -1;
	if (e->next_busno > e->last_busno || e->depth >= MAX_DEPTH) {
		if (e->depth >= MAX_DEPTH)
			dev_err(bridge, "bridges nested deeper than %d\n",
				MAX_DEPTH);
		else
			dev_err(bridge, "no bus number left for its secondary bus (bus-range ends at %d)\n",
				e->last_busno);
		plat->resource_err = -ENOSPC;
		dm_pci_write_config32(bridge, PCI_PRIMARY_BUS, 0);
		return;
	}
	sec = e->next_busno++;
	bus->busno = sec;
	/* Until its bus is enumerated, it forwards up to the last number */
	dm_pci_write_config8(bridge, PCI_PRIMARY_BUS, PCI_BUS(plat->bdf));
	dm_pci_write_config8(bridge, PCI_SECONDARY_BUS, sec);
	dm_pci_write_config8(bridge, PCI_SUBORDINATE_BUS, e->last_busno);
	bridge_open(bridge, w, &cw);
	e->depth++;
	scan_bus(e, bridge, sec, &cw);
	e->depth--;
	bus->sub_busno = e->next_busno - 1;
	dm_pci_write_config8(bridge, PCI_SUBORDINATE_BUS, bus->sub_busno);
	bridge_close(bridge, w, &cw);
}

static void read_header(struct udevice *bus, pci_dev_t bdf,
			struct pci_child_plat *p)
{
	ulong v;

	memset(p, 0, sizeof(*p));
	p->bdf = bdf;
	pci_bus_read_config(bus, bdf, PCI_VENDOR_ID, &v, 4);
	p->vendor = v;
	p->device = v >> 16;
	pci_bus_read_config(bus, bdf, PCI_REVISION_ID, &v, 4);
	p->revision = v;
	p->class = v >> 8;
	pci_bus_read_config(bus, bdf, PCI_HEADER_TYPE, &v, 1);
	p->header_type = v & PCI_HEADER_TYPE_MASK;
	if (p->header_type == PCI_HEADER_TYPE_NORMAL) {
		pci_bus_read_config(bus, bdf, PCI_SUBSYSTEM_VENDOR_ID, &v, 4);
		p->subsys_vendor = v;
		p->subsys_device = v >> 16;
	}
}

static bool id_matches(const struct pci_device_id *id,
		       const struct pci_child_plat *p)
{
	u32 last = id->device_last ? id->device_last : id->device;

	return (id->vendor == PCI_ANY_ID || id->vendor == p->vendor) &&
	       (id->device == PCI_ANY_ID ||
		(p->device >= id->device && p->device <= last)) &&
	       !((id->class ^ p->class) & id->class_mask);
}

static const struct driver *find_driver(const struct udevice *bus,
					const struct pci_child_plat *p,
					ulong *datap)
{
	*datap = 0;
	if (p->header_type == PCI_HEADER_TYPE_BRIDGE)
		return DM_DRIVER_GET(pci_bridge);
	ll_foreach(struct pci_driver, pdrv, pci_driver) {
		for (const struct pci_device_id *id = pdrv->ids; id->vendor;
		     id++) {
			if (!id_matches(id, p))
				continue;
			if (pdrv->match && pdrv->match(bus, p))
				break;		/* declined: try the next driver */
			*datap = id->driver_data;
			return pdrv->driver;
		}
	}
	return DM_DRIVER_GET(pci_generic);
}

static int bind_function(struct udevice *bus, const struct pci_child_plat *p,
			 struct udevice **devp)
{
	const struct driver *drv;
	char name[24];
	ulong data;
	int ret;

	snprintf(name, sizeof(name), "pci_%02x:%02x.%x", PCI_BUS(p->bdf),
		 PCI_DEV(p->bdf), PCI_FUNC(p->bdf));
	drv = find_driver(bus, p, &data);
	ret = device_bind_with_data(bus, drv, name, data, ofnode_null(), devp);
	if (!ret)
		ret = device_set_name(*devp, name);
	if (ret) {
		dev_err(bus, "%s: cannot bind %s: %d\n", name, drv->name, ret);
		if (*devp)
			device_unbind(*devp);
		return ret;
	}
	memcpy(dm_pci_get_plat(*devp), p, sizeof(*p));
	return 0;
}

static void scan_function(struct pci_enum *e, struct udevice *bus,
			  pci_dev_t bdf, struct pci_windows *w)
{
	struct pci_child_plat p;
	struct udevice *dev;
	const char *why = "";
	int nbars = 0;

	read_header(bus, bdf, &p);
	if (p.header_type == PCI_HEADER_TYPE_NORMAL)
		nbars = PCI_STD_NUM_BARS;
	else if (p.header_type == PCI_HEADER_TYPE_BRIDGE)
		nbars = PCI_BRIDGE_NUM_BARS;
	/* Nothing decodes while BARs are sized and moved */
	pci_bus_write_config(bus, bdf, PCI_COMMAND, 0, 2);
	for (int i = 0; i < nbars;)
		i += size_bar(bus, bdf, i, nbars, &p.bars[i]);
	/* Walk the whole list once (no ID is 0x100): is it sound? */
	if (pci_walk_capabilities(bus, bdf, 0, 0x100, &why) == -EIO)
		p.cap_err = -EIO;
	if (bind_function(bus, &p, &dev))
		return;
	if (p.cap_err)
		dev_err(dev, "capability list %s\n", why);
	assign_bars(dev, w);
	if (p.header_type == PCI_HEADER_TYPE_BRIDGE)
		scan_bridge(e, dev, w);
}

static void scan_bus(struct pci_enum *e, struct udevice *bus, int busno,
		     struct pci_windows *w)
{
	for (int d = 0; d < PCI_MAX_DEVICES; d++) {
		for (int f = 0; f < PCI_MAX_FUNCTIONS; f++) {
			pci_dev_t bdf = PCI_BDF(busno, d, f);
			ulong vendor, type;

			pci_bus_read_config(bus, bdf, PCI_VENDOR_ID, &vendor, 2);
			if (vendor == 0xffff || vendor == 0) {
				if (!f)
					break;	/* no function 0: no device */
				continue;
			}
			pci_bus_read_config(bus, bdf, PCI_HEADER_TYPE, &type, 1);
			scan_function(e, bus, bdf, w);
			if (!f && !(type & PCI_HEADER_MULTI_FUNC))
				break;
		}
	}
}

int pci_enumerate(struct udevice *ctlr)
{
	struct pci_bus_plat *host = dev_get_uclass_plat(ctlr);
	struct pci_enum e = {
		.ctlr = ctlr,
		.next_busno = host->first_busno + 1,
		.last_busno = host->last_busno,
	};
	struct pci_windows w;

	host_windows(host, &w);
	scan_bus(&e, ctlr, host->first_busno, &w);
	host->sub_busno = e.next_busno - 1;
	return 0;
}
