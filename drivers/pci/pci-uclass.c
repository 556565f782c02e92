// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The PCI uclass: configuration access routed to the host controller,
 * the bounded capability walk, BAR-to-CPU translation through the host
 * bridge's 'ranges', enabling a function when its driver probes, and the
 * pci_bridge and pci_generic drivers. Enumeration is in pci_enum.c.
 */
#define LOG_CATEGORY "pci"

#include <asm/io.h>
#include <dm.h>
#include <libfdt.h>
#include <pci.h>
#include <string.h>
#include "pci_internal.h"

/* A walk longer than PCI_CAP_MAX entries means the list loops */
BUILD_BUG_ON(PCI_CAP_MAX != (PCI_CFG_SPACE_SIZE - PCI_CAP_FIRST) / 4);

static bool is_pci_bus(const struct udevice *dev)
{
	return dev && device_get_uclass_id(dev) == UCLASS_PCI;
}

bool pci_is_controller(const struct udevice *bus)
{
	return !is_pci_bus(dev_get_parent(bus));
}

struct udevice *pci_get_controller(const struct udevice *dev)
{
	struct pci_bus_plat *plat;

	if (!is_pci_bus(dev))
		dev = dev_get_parent(dev);
	plat = dev_get_uclass_plat(dev);
	return plat->ctlr;
}

struct pci_child_plat *dm_pci_get_plat(const struct udevice *dev)
{
	return dev_get_parent_plat(dev);
}

pci_dev_t dm_pci_get_bdf(const struct udevice *dev)
{
	return dm_pci_get_plat(dev)->bdf;
}

bool device_is_pci_bridge(const struct udevice *dev)
{
	return is_pci_bus(dev) && !pci_is_controller(dev);
}

static int check_access(uint offset, int size)
{
	if ((size != 1 && size != 2 && size != 4) || offset & (size - 1) ||
	    offset >= 4096)
		return -EINVAL;
	return 0;
}

int pci_bus_read_config(const struct udevice *bus, pci_dev_t bdf, uint offset,
			ulong *valuep, int size)
{
	struct udevice *ctlr = pci_get_controller(bus);
	const struct dm_pci_ops *ops = ctlr->driver->ops;
	int ret = check_access(offset, size);

	*valuep = ~0UL;
	if (ret)
		return ret;
	*valuep = ~0UL >> (8 * (sizeof(ulong) - size));
	return ops->read_config(ctlr, bdf, offset, valuep, size);
}

int pci_bus_write_config(struct udevice *bus, pci_dev_t bdf, uint offset,
			 ulong value, int size)
{
	struct udevice *ctlr = pci_get_controller(bus);
	const struct dm_pci_ops *ops = ctlr->driver->ops;
	int ret = check_access(offset, size);

	if (ret)
		return ret;
	return ops->write_config(ctlr, bdf, offset, value, size);
}

static int dev_read(const struct udevice *dev, uint offset, ulong *valuep,
		    int size)
{
	return pci_bus_read_config(dev_get_parent(dev), dm_pci_get_bdf(dev),
				   offset, valuep, size);
}

static int dev_write(struct udevice *dev, uint offset, ulong value, int size)
{
	return pci_bus_write_config(dev_get_parent(dev), dm_pci_get_bdf(dev),
				    offset, value, size);
}

int dm_pci_read_config8(const struct udevice *dev, uint offset, u8 *valuep)
{
	ulong v;
	int ret = dev_read(dev, offset, &v, 1);

	*valuep = v;
	return ret;
}

int dm_pci_read_config16(const struct udevice *dev, uint offset, u16 *valuep)
{
	ulong v;
	int ret = dev_read(dev, offset, &v, 2);

	*valuep = v;
	return ret;
}

int dm_pci_read_config32(const struct udevice *dev, uint offset, u32 *valuep)
{
	ulong v;
	int ret = dev_read(dev, offset, &v, 4);

	*valuep = v;
	return ret;
}

int dm_pci_write_config8(struct udevice *dev, uint offset, u8 value)
{
	return dev_write(dev, offset, value, 1);
}

int dm_pci_write_config16(struct udevice *dev, uint offset, u16 value)
{
	return dev_write(dev, offset, value, 2);
}

int dm_pci_write_config32(struct udevice *dev, uint offset, u32 value)
{
	return dev_write(dev, offset, value, 4);
}

int dm_pci_clrset_config16(struct udevice *dev, uint offset, u16 clr,
			   u16 set)
{
	u16 v;
	int ret = dm_pci_read_config16(dev, offset, &v);

	if (!ret)
		ret = dm_pci_write_config16(dev, offset, (v & ~clr) | set);
	return ret;
}

static u8 read8(const struct udevice *bus, pci_dev_t bdf, uint offset)
{
	ulong v;

	pci_bus_read_config(bus, bdf, offset, &v, 1);
	return v;
}

int pci_walk_capabilities(const struct udevice *bus, pci_dev_t bdf,
			  int start, int cap_id, const char **whyp)
{
	ulong status;
	u8 pos;

	if (start) {
		if (start < PCI_CAP_FIRST || start > PCI_CFG_SPACE_SIZE - 4)
			return -EINVAL;
		pos = read8(bus, bdf, start + PCI_CAP_LIST_NEXT);
	} else {
		pci_bus_read_config(bus, bdf, PCI_STATUS, &status, 2);
		if (status == 0xffff || !(status & PCI_STATUS_CAP_LIST))
			return -ENOENT;
		pos = read8(bus, bdf, PCI_CAPABILITY_LIST);
	}
	/* The low two bits of each pointer are reserved (PCI 3.0 §6.7) */
	for (int n = 0; n < PCI_CAP_MAX; n++) {
		u8 id;

		pos &= ~3;
		if (!pos)
			return -ENOENT;
		if (pos < PCI_CAP_FIRST) {
			*whyp = "points into the header";
			return -EIO;
		}
		id = read8(bus, bdf, pos);
		if (id == cap_id)
			return pos;
		pos = read8(bus, bdf, pos + PCI_CAP_LIST_NEXT);
	}
	*whyp = "does not end (it loops)";
	return -EIO;
}

int pci_bus_find_next_capability(const struct udevice *bus,
				 const struct pci_child_plat *plat, int start,
				 int cap_id)
{
	const char *why;

	if (plat->cap_err)
		return plat->cap_err;
	return pci_walk_capabilities(bus, plat->bdf, start, cap_id, &why);
}

int dm_pci_find_next_capability(struct udevice *dev, int start, int cap_id)
{
	struct pci_child_plat *plat = dm_pci_get_plat(dev);
	const char *why = "";
	int ret;

	if (plat->cap_err)
		return plat->cap_err;
	ret = pci_walk_capabilities(dev_get_parent(dev), plat->bdf, start,
				    cap_id, &why);
	if (ret == -EIO) {
		/* It changed since enumeration: say so, once */
		dev_err(dev, "capability list %s\n", why);
		plat->cap_err = ret;
	}
	return ret;
}

int dm_pci_find_capability(struct udevice *dev, int cap_id)
{
	return dm_pci_find_next_capability(dev, 0, cap_id);
}

int dm_pci_bus_to_phys(const struct udevice *dev, u64 bus_addr, u64 len,
		       u32 flags, phys_addr_t *physp)
{
	struct pci_bus_plat *host = dev_get_uclass_plat(pci_get_controller(dev));
	u32 space = flags & PCI_REGION_IO ? PCI_REGION_IO : PCI_REGION_MEM;

	for (int i = 0; i < host->region_count; i++) {
		const struct pci_region *r = &host->regions[i];
		u64 off = bus_addr - r->bus_start;

		if (!(r->flags & space) || bus_addr < r->bus_start ||
		    off > r->size || len > r->size - off)
			continue;
		*physp = r->phys_start + off;
		return 0;
	}
	return -ERANGE;
}

int dm_pci_map_bar(struct udevice *dev, int bar, u64 offset, u64 len,
		   void **ptrp)
{
	struct pci_child_plat *plat = dm_pci_get_plat(dev);
	const struct pci_bar *b;
	phys_addr_t phys;
	int ret;

	if (bar < 0 || bar >= PCI_STD_NUM_BARS || !plat->bars[bar].size)
		return -EINVAL;
	b = &plat->bars[bar];
	if (!(b->flags & PCI_BAR_ASSIGNED))
		return -ENOSPC;
	if (offset > b->size || len > b->size - offset)
		return -ERANGE;
	ret = dm_pci_bus_to_phys(dev, b->bus_addr + offset, len,
				 b->flags & PCI_BAR_IO ? PCI_REGION_IO :
							 PCI_REGION_MEM,
				 &phys);
	if (!ret)
		*ptrp = map_sysmem(phys, len);
	return ret;
}

/* Numbers of 1 or 2 cells from a DT property */
static u64 read_cells(const fdt32_t *p, int n)
{
	u64 v = 0;

	while (n--)
		v = v << 32 | fdt32_to_cpu(*p++);
	return v;
}

/*
 * One 'ranges' entry (IEEE 1275 PCI binding): phys.hi is
 * npt000ss bbbbbbbb dddddfff rrrrrrrr, where ss is the space (0 config,
 * 1 I/O, 2 32-bit memory, 3 64-bit memory) and p says prefetchable.
 */
static int add_region(struct udevice *bus, struct pci_bus_plat *plat,
		      const fdt32_t *e, int pna, int ns)
{
	u32 hi = fdt32_to_cpu(e[0]);
	struct pci_region *r = &plat->regions[plat->region_count];
	u32 space = (hi >> 24) & 3;

	if (space == 0)
		return 0;
	if (plat->region_count == PCI_MAX_REGIONS) {
		dev_err(bus, "more than %d windows in 'ranges'\n",
			PCI_MAX_REGIONS);
		return -EOVERFLOW;
	}
	r->bus_start = read_cells(e + 1, 2);
	r->phys_start = read_cells(e + 3, pna);
	r->size = read_cells(e + 3 + pna, ns);
	r->flags = space == 1 ? PCI_REGION_IO : PCI_REGION_MEM;
	if (space == 3)
		r->flags |= PCI_REGION_MEM64;
	if (hi & 0x40000000)
		r->flags |= PCI_REGION_PREFETCH;
	if (!r->size || r->bus_start + r->size - 1 < r->bus_start ||
	    r->phys_start + r->size - 1 < r->phys_start) {
		dev_err(bus, "bad window %d in 'ranges'\n", plat->region_count);
		return -ERANGE;
	}
	plat->region_count++;
	return 0;
}

/*
 * 'ranges' (child address 3 cells, the parent's address cells, our size
 * cells) and 'bus-range'. The parent's addresses are taken as CPU
 * addresses: host bridges sit at the root or under 1:1 buses.
 */
int pci_read_host_dt(struct udevice *bus)
{
	struct pci_bus_plat *plat = dev_get_uclass_plat(bus);
	ofnode node = dev_ofnode(bus);
	int na = ofnode_read_u32_default(node, "#address-cells", 3);
	int ns = ofnode_read_u32_default(node, "#size-cells", 2);
	const fdt32_t *ranges;
	int pna, pns, len, entry, ret;
	u32 first, last;

	ret = ofnode_read_cells(node, &pna, &pns);
	if (ret)
		return ret;
	ranges = ofnode_get_property(node, "ranges", &len);
	entry = (na + pna + ns) * 4;
	if (!ranges || na != 3 || pna < 1 || pna > 2 || ns < 1 || ns > 2 ||
	    !len || len % entry) {
		dev_err(bus, "missing or malformed 'ranges'\n");
		return -EINVAL;
	}
	plat->region_count = 0;
	for (; len >= entry; len -= entry, ranges += entry / 4) {
		ret = add_region(bus, plat, ranges, pna, ns);
		if (ret)
			return ret;
	}
	if (ofnode_read_u32_index(node, "bus-range", 0, &first) ||
	    ofnode_read_u32_index(node, "bus-range", 1, &last)) {
		first = 0;
		last = 0xff;
	}
	if (first > last || last > 0xff) {
		dev_err(bus, "bad 'bus-range' <%u %u>\n", first, last);
		return -EINVAL;
	}
	plat->first_busno = first;
	plat->last_busno = last;
	plat->busno = first;
	return 0;
}

/* Decoding the function needs: what its assigned BARs say */
static u16 decode_bits(const struct pci_child_plat *plat)
{
	u16 bits = 0;

	for (int i = 0; i < PCI_STD_NUM_BARS; i++) {
		if (!(plat->bars[i].flags & PCI_BAR_ASSIGNED))
			continue;
		bits |= plat->bars[i].flags & PCI_BAR_IO ? PCI_COMMAND_IO :
							   PCI_COMMAND_MEMORY;
	}
	return bits;
}

/*
 * A function's driver is about to probe: enable what it decodes, and bus
 * mastering. Bridges forward both spaces. A function whose BARs did not
 * all fit stays off (enumeration said why).
 */
static int pci_child_pre_probe(struct udevice *dev)
{
	struct pci_child_plat *plat = dm_pci_get_plat(dev);
	u16 bits;

	if (device_get_uclass_id(dev) == UCLASS_PCI_GENERIC)
		return 0;
	if (plat->resource_err)
		return plat->resource_err;
	bits = device_is_pci_bridge(dev) ?
	       PCI_COMMAND_IO | PCI_COMMAND_MEMORY : decode_bits(plat);
	return dm_pci_clrset_config16(dev, PCI_COMMAND, 0,
				      bits | PCI_COMMAND_MASTER);
}

/* The driver let go (or failed): no more DMA or decoding */
static void pci_child_post_remove(struct udevice *dev)
{
	if (device_get_uclass_id(dev) == UCLASS_PCI_GENERIC)
		return;
	dm_pci_clrset_config16(dev, PCI_COMMAND, PCI_COMMAND_IO |
			       PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 0);
}

static int pci_post_bind(struct udevice *bus)
{
	struct pci_bus_plat *plat = dev_get_uclass_plat(bus);

	/* Every bus driver carries its children's enumeration data */
	if (bus->driver->per_child_plat_size <
	    (int)sizeof(struct pci_child_plat)) {
		dev_err(bus, "PCI bus driver %s lacks per_child_plat_size\n",
			bus->driver->name);
		return -EINVAL;
	}
	if (pci_is_controller(bus)) {
		plat->ctlr = bus;
		return 0;
	}
	plat->ctlr = pci_get_controller(dev_get_parent(bus));
	return 0;
}

static int pci_pre_probe(struct udevice *bus)
{
	const struct dm_pci_ops *ops = bus->driver->ops;

	if (!pci_is_controller(bus))
		return 0;
	if (!ops || !ops->read_config || !ops->write_config) {
		dev_err(bus, "host driver %s lacks config ops\n",
			bus->driver->name);
		return -ENOSYS;
	}
	return pci_read_host_dt(bus);
}

static int pci_post_probe(struct udevice *bus)
{
	return pci_is_controller(bus) ? pci_enumerate(bus) : 0;
}

/* Forget what enumeration bound, so that a new probe starts afresh */
static int pci_pre_remove(struct udevice *bus)
{
	struct udevice *child, *n;

	if (!pci_is_controller(bus))
		return 0;
	device_foreach_child_safe(child, n, bus)
		device_unbind(child);
	return 0;
}

int pci_probe_all(void)
{
	struct udevice *dev;
	int ret, first = 0;

	for (ret = uclass_find_first_device(UCLASS_PCI, &dev); !ret;
	     ret = uclass_find_next_device(&dev)) {
		if (!pci_is_controller(dev))
			continue;
		ret = device_probe(dev);
		if (ret && !first)
			first = ret;
	}
	return first;
}

int pci_find_device_by_bdf(pci_dev_t bdf, struct udevice **devp)
{
	struct udevice *bus, *child;
	int ret;

	for (ret = uclass_find_first_device(UCLASS_PCI, &bus); !ret;
	     ret = uclass_find_next_device(&bus)) {
		struct pci_bus_plat *plat = dev_get_uclass_plat(bus);

		if (!device_active(pci_get_controller(bus)) ||
		    plat->busno != (int)PCI_BUS(bdf))
			continue;
		device_foreach_child(child, bus) {
			if (dm_pci_get_bdf(child) == bdf) {
				*devp = child;
				return 0;
			}
		}
	}
	*devp = NULL;
	return -ENOENT;
}

static const char *const class_names[] = {
	"Build before PCI Rev2.0", "Mass storage controller",
	"Network controller", "Display controller", "Multimedia device",
	"Memory controller", "Bridge device", "Simple comm. controller",
	"Base system peripheral", "Input device", "Docking station",
	"Processor", "Serial bus controller", "Wireless controller",
	"Intelligent I/O controller", "Satellite comm. controller",
	"Encryption controller", "Signal processing controller",
	"Processing accelerator", "Non-essential instrumentation",
};

const char *pci_class_name(u32 class)
{
	u8 base = class >> 16;

	if (base < ARRAY_SIZE(class_names))
		return class_names[base];
	return base == 0xff ? "Unassigned class" : "Reserved class";
}

UCLASS_DRIVER(pci) = {
	.name = "pci",
	.id = UCLASS_PCI,
	.flags = DM_UC_FLAG_SEQ_ALIAS,
	.post_bind = pci_post_bind,
	.pre_probe = pci_pre_probe,
	.post_probe = pci_post_probe,
	.pre_remove = pci_pre_remove,
	.child_pre_probe = pci_child_pre_probe,
	.child_post_remove = pci_child_post_remove,
	.per_device_plat_size = sizeof(struct pci_bus_plat),
};

/* A PCI-to-PCI bridge: enumeration programmed it; its children are bound */
EMBER_DRIVER(pci_bridge) = {
	.name = "pci_bridge",
	.id = UCLASS_PCI,
	.per_child_plat_size = sizeof(struct pci_child_plat),
};

/* A function no driver claimed: listed, never enabled */
EMBER_DRIVER(pci_generic) = {
	.name = "pci_generic",
	.id = UCLASS_PCI_GENERIC,
};

UCLASS_DRIVER(pci_generic) = {
	.name = "pci_generic",
	.id = UCLASS_PCI_GENERIC,
};
