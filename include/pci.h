// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * PCI: the bus uclass, configuration space, capabilities and BARs.
 *
 * A host controller (drivers/pci/pcie_ecam_generic.c) is a UCLASS_PCI
 * device bound from the DT that only moves configuration cycles: it
 * implements struct dm_pci_ops. When it probes, the uclass reads the DT's
 * 'bus-range' and 'ranges', then enumerates every bus behind it
 * (drivers/pci/pci_enum.c): it numbers the buses, sizes each BAR and places
 * it in a window of 'ranges', programs the bridges, and binds one device per
 * function under the device of the bus it sits on:
 *
 *   - a PCI-to-PCI bridge is a UCLASS_PCI device (driver pci_bridge) whose
 *     children are the functions on its secondary bus;
 *   - a function whose IDs match a PCI_DRIVER() table (and its optional
 *     match hook) is bound to that driver;
 *   - any other function is bound to pci_generic (UCLASS_PCI_GENERIC).
 *
 * Memory/I-O decoding and bus mastering are enabled just before a
 * function's driver probes, and turned off again after it is removed;
 * pci_generic functions are never enabled. Every PCI function carries a
 * struct pci_child_plat (its parent_plat).
 *
 * Errors: -ENOENT no such device or capability; -EIO the device's
 * configuration space is malformed (a capability list that loops or points
 * into the header, a BAR with an impossible size); -ENOSPC a BAR did not
 * fit its window or bus numbers ran out; -ERANGE an address or length
 * outside a BAR or window; -EINVAL bad arguments.
 */
#ifndef __PCI_H
#define __PCI_H

#include <dm/ofnode.h>
#include <linker_lists.h>
#include <types.h>

struct driver;
struct udevice;

/* Bus/device/function, as the PCI "routing ID": bus[15:8] dev[7:3] fn[2:0] */
typedef u32 pci_dev_t;

#define PCI_BDF(b, d, f)	((pci_dev_t)(((b) << 8) | ((d) << 3) | (f)))
#define PCI_BUS(bdf)		(((bdf) >> 8) & 0xff)
#define PCI_DEV(bdf)		(((bdf) >> 3) & 0x1f)
#define PCI_FUNC(bdf)		((bdf) & 7)

#define PCI_MAX_DEVICES		32
#define PCI_MAX_FUNCTIONS	8
#define PCI_CFG_SPACE_SIZE	256
#define PCI_STD_NUM_BARS	6	/* type 0 header; a bridge has 2 */
#define PCI_BRIDGE_NUM_BARS	2

/* Configuration header registers (PCI Local Bus 3.0 §6.1), both types */
enum pci_cfg_reg {
	PCI_VENDOR_ID		= 0x00,	/* 16 */
	PCI_DEVICE_ID		= 0x02,	/* 16 */
	PCI_COMMAND		= 0x04,	/* 16 */
	PCI_STATUS		= 0x06,	/* 16 */
	PCI_REVISION_ID		= 0x08,	/* 8 */
	PCI_CLASS_PROG		= 0x09,	/* 8: programming interface */
	PCI_CLASS_DEVICE	= 0x0a,	/* 16: class and sub-class */
	PCI_CACHE_LINE_SIZE	= 0x0c,	/* 8 */
	PCI_LATENCY_TIMER	= 0x0d,	/* 8 */
	PCI_HEADER_TYPE		= 0x0e,	/* 8 */
	PCI_BIST		= 0x0f,	/* 8 */
	PCI_BASE_ADDRESS_0	= 0x10,	/* 32 each, 6 (type 0) or 2 (type 1) */
	/* type 0 */
	PCI_CARDBUS_CIS		= 0x28,	/* 32 */
	PCI_SUBSYSTEM_VENDOR_ID	= 0x2c,	/* 16 */
	PCI_SUBSYSTEM_ID	= 0x2e,	/* 16 */
	PCI_ROM_ADDRESS		= 0x30,	/* 32 */
	PCI_CAPABILITY_LIST	= 0x34,	/* 8: first capability */
	PCI_INTERRUPT_LINE	= 0x3c,	/* 8 */
	PCI_INTERRUPT_PIN	= 0x3d,	/* 8 */
	PCI_MIN_GNT		= 0x3e,	/* 8 */
	PCI_MAX_LAT		= 0x3f,	/* 8 */
	/* type 1 (PCI-to-PCI Bridge 1.2 §3.2) */
	PCI_PRIMARY_BUS		= 0x18,	/* 8 */
	PCI_SECONDARY_BUS	= 0x19,	/* 8 */
	PCI_SUBORDINATE_BUS	= 0x1a,	/* 8 */
	PCI_SEC_LATENCY_TIMER	= 0x1b,	/* 8 */
	PCI_IO_BASE		= 0x1c,	/* 8: addr[15:12] in [7:4] */
	PCI_IO_LIMIT		= 0x1d,	/* 8 */
	PCI_SEC_STATUS		= 0x1e,	/* 16 */
	PCI_MEMORY_BASE		= 0x20,	/* 16: addr[31:20] in [15:4] */
	PCI_MEMORY_LIMIT	= 0x22,	/* 16 */
	PCI_PREF_MEMORY_BASE	= 0x24,	/* 16: addr[31:20] in [15:4] */
	PCI_PREF_MEMORY_LIMIT	= 0x26,	/* 16 */
	PCI_PREF_BASE_UPPER32	= 0x28,	/* 32 */
	PCI_PREF_LIMIT_UPPER32	= 0x2c,	/* 32 */
	PCI_IO_BASE_UPPER16	= 0x30,	/* 16 */
	PCI_IO_LIMIT_UPPER16	= 0x32,	/* 16 */
	PCI_ROM_ADDRESS1	= 0x38,	/* 32 */
	PCI_BRIDGE_CONTROL	= 0x3e,	/* 16 */
};

#define PCI_COMMAND_IO		0x1	/* decode I/O space */
#define PCI_COMMAND_MEMORY	0x2	/* decode memory space */
#define PCI_COMMAND_MASTER	0x4	/* bus mastering (DMA) */
#define PCI_COMMAND_INTX_DISABLE 0x400	/* INTx not asserted */
#define PCI_STATUS_CAP_LIST	0x10	/* a capability list exists */

#define PCI_HEADER_TYPE_MASK	0x7f
#define PCI_HEADER_TYPE_NORMAL	0
#define PCI_HEADER_TYPE_BRIDGE	1
#define PCI_HEADER_MULTI_FUNC	0x80

/* BAR low bits */
#define PCI_BASE_ADDRESS_SPACE_IO	0x1
#define PCI_BASE_ADDRESS_MEM_TYPE_MASK	0x6
#define PCI_BASE_ADDRESS_MEM_TYPE_64	0x4
#define PCI_BASE_ADDRESS_MEM_PREFETCH	0x8
#define PCI_BASE_ADDRESS_IO_MASK	(~0x3U)
#define PCI_BASE_ADDRESS_MEM_MASK	(~0xfU)

/* Bridge window registers: low nibble says 16/32-bit I/O, 32/64-bit pref */
#define PCI_IO_RANGE_TYPE_MASK		0x0f
#define PCI_IO_RANGE_TYPE_32		0x01
#define PCI_PREF_RANGE_TYPE_MASK	0x0f
#define PCI_PREF_RANGE_TYPE_64		0x01

/* Capability IDs */
#define PCI_CAP_ID_PM		0x01
#define PCI_CAP_ID_MSI		0x05
#define PCI_CAP_ID_VNDR		0x09
#define PCI_CAP_ID_EXP		0x10
#define PCI_CAP_ID_MSIX		0x11
#define PCI_CAP_LIST_NEXT	1	/* offset of the next pointer */
#define PCI_CAP_FIRST		0x40	/* capabilities live in 0x40..0xff, */
#define PCI_CAP_MAX		48	/* dword aligned: at most 48 of them */

/* struct pci_bar.flags */
#define PCI_BAR_IO		BIT(0)	/* I/O space (else memory) */
#define PCI_BAR_MEM64		BIT(1)	/* 64-bit memory BAR: uses two slots */
#define PCI_BAR_PREFETCH	BIT(2)	/* prefetchable memory */
#define PCI_BAR_ASSIGNED	BIT(3)	/* placed in a window and programmed */

/**
 * struct pci_bar - one implemented BAR of a function
 * @bus_addr: address on the PCI bus (valid when PCI_BAR_ASSIGNED)
 * @size: bytes decoded, a power of two; 0 when the BAR is not implemented
 */
struct pci_bar {
	u64 bus_addr;
	u64 size;
	u32 flags;
};

/**
 * struct pci_child_plat - what enumeration found about a function
 * @bdf: where it is
 * @class: class code (class << 16 | sub-class << 8 | prog-if)
 * @header_type: without the multi-function bit
 * @bars: BARs by index (the upper half of a 64-bit BAR has size 0)
 * @resource_err: 0, or -ENOSPC when a BAR did not fit (a bridge: no bus
 *                number left), -EIO when a BAR is malformed; the function
 *                is then left disabled and its driver's probe fails
 * @cap_err: 0, or -EIO when the capability list is malformed (reported
 *           once, at enumeration)
 */
struct pci_child_plat {
	pci_dev_t bdf;
	u16 vendor;
	u16 device;
	u16 subsys_vendor;
	u16 subsys_device;
	u32 class;
	u8 revision;
	u8 header_type;
	struct pci_bar bars[PCI_STD_NUM_BARS];
	int resource_err;
	int cap_err;
};

/* struct pci_region.flags: decoded from phys.hi of a 'ranges' entry */
#define PCI_REGION_IO		BIT(0)
#define PCI_REGION_MEM		BIT(1)
#define PCI_REGION_MEM64	BIT(2)	/* a 64-bit memory window ('ss' = 3) */
#define PCI_REGION_PREFETCH	BIT(3)

#define PCI_MAX_REGIONS		8

/** struct pci_region - one window of the host bridge ('ranges' entry) */
struct pci_region {
	u64 bus_start;
	phys_addr_t phys_start;
	u64 size;
	u32 flags;
};

/**
 * struct pci_bus_plat - the uclass's data for every bus device (host
 * controller or bridge), kept from bind to unbind
 * @ctlr: the host controller at the top
 * @busno: number of the bus this device's children are on
 * @sub_busno: highest bus number behind it
 * @regions: host controller only: its windows, from 'ranges'
 * @first_busno/@last_busno: host controller only: 'bus-range'
 */
struct pci_bus_plat {
	struct udevice *ctlr;
	int busno;
	int sub_busno;
	struct pci_region regions[PCI_MAX_REGIONS];
	int region_count;
	int first_busno;
	int last_busno;
};

/**
 * struct dm_pci_ops - what a host controller implements
 * @read_config: read @size (1, 2 or 4) bytes at @offset of function @bdf;
 *	a function or bus that does not answer reads as all ones
 * @write_config: write them; writes nobody answers are dropped
 * Both return 0 or -EINVAL (bad offset or size).
 */
struct dm_pci_ops {
	int (*read_config)(const struct udevice *ctlr, pci_dev_t bdf,
			   uint offset, ulong *valuep, int size);
	int (*write_config)(struct udevice *ctlr, pci_dev_t bdf, uint offset,
			    ulong value, int size);
};

/**
 * struct pci_device_id - IDs a PCI driver drives
 * @vendor: vendor ID, or PCI_ANY_ID; 0 ends a table
 * @device: device ID (the first of a range), or PCI_ANY_ID
 * @device_last: last device ID of a range, or 0 for @device alone
 * @class/@class_mask: class code bits that must match (mask 0: any class)
 * @driver_data: becomes the device's driver_data
 */
struct pci_device_id {
	u32 vendor;
	u32 device;
	u32 device_last;
	u32 class;
	u32 class_mask;
	ulong driver_data;
};

#define PCI_ANY_ID	(~0U)

#define PCI_DEVICE(v, d)	.vendor = (v), .device = (d)
#define PCI_DEVICE_RANGE(v, first, last) \
	.vendor = (v), .device = (first), .device_last = (last)
#define PCI_DEVICE_CLASS(c, mask) \
	.vendor = PCI_ANY_ID, .device = PCI_ANY_ID, .class = (c), \
	.class_mask = (mask)

/**
 * struct pci_driver - a driver's PCI declaration, next to its EMBER_DRIVER()
 * @ids: the IDs it drives, ending with an entry whose vendor is 0
 * @driver: the driver bound to matching functions
 * @match: optional finer check, before the device is bound: 0 to take the
 *	function, -ENODEV to leave it to the next matching driver. It may
 *	read the function's configuration space through @bus and @plat->bdf
 *	(e.g. with pci_bus_find_next_capability()). The device's parent_plat
 *	is filled in after the driver's bind hook, so a PCI driver's bind hook
 *	must not look at it.
 */
struct pci_driver {
	const struct pci_device_id *ids;
	const struct driver *driver;
	int (*match)(const struct udevice *bus,
		     const struct pci_child_plat *plat);
};

#define PCI_DRIVER(__name) \
	ll_entry_declare(struct pci_driver, __name, pci_driver)

/**
 * pci_bus_read_config() - read config space of function @bdf through the
 * host controller above bus device @bus
 * @size: 1, 2 or 4, and @offset aligned to it, below 4096
 * Return: 0 or -EINVAL
 */
int pci_bus_read_config(const struct udevice *bus, pci_dev_t bdf, uint offset,
			ulong *valuep, int size);
int pci_bus_write_config(struct udevice *bus, pci_dev_t bdf, uint offset,
			 ulong value, int size);

/* Config access to a PCI function's own space; 0 or -EINVAL */
int dm_pci_read_config8(const struct udevice *dev, uint offset, u8 *valuep);
int dm_pci_read_config16(const struct udevice *dev, uint offset, u16 *valuep);
int dm_pci_read_config32(const struct udevice *dev, uint offset, u32 *valuep);
int dm_pci_write_config8(struct udevice *dev, uint offset, u8 value);
int dm_pci_write_config16(struct udevice *dev, uint offset, u16 value);
int dm_pci_write_config32(struct udevice *dev, uint offset, u32 value);
/** dm_pci_clrset_config16() - read-modify-write; 0 or -EINVAL */
int dm_pci_clrset_config16(struct udevice *dev, uint offset, u16 clr,
			   u16 set);

/** dm_pci_get_plat() - enumeration data of PCI function @dev */
struct pci_child_plat *dm_pci_get_plat(const struct udevice *dev);

/** dm_pci_get_bdf() - bus/device/function of PCI function @dev */
pci_dev_t dm_pci_get_bdf(const struct udevice *dev);

/**
 * dm_pci_find_next_capability() - next capability @cap_id after the one at
 * @start (0: from the first). The walk is bounded: at most 48 entries, each
 * dword-aligned within 0x40..0xff.
 * Return: its offset; -ENOENT when there is none; -EIO (with a message)
 * when the list loops or points into the header
 */
int dm_pci_find_next_capability(struct udevice *dev, int start, int cap_id);
/** dm_pci_find_capability() - first capability @cap_id; as above */
int dm_pci_find_capability(struct udevice *dev, int cap_id);
/**
 * pci_bus_find_next_capability() - as dm_pci_find_next_capability(), for
 * the function @plat describes on bus device @bus (before it is bound, for
 * struct pci_driver's match); never prints: a malformed list was reported
 * at enumeration and gives -EIO
 */
int pci_bus_find_next_capability(const struct udevice *bus,
				 const struct pci_child_plat *plat, int start,
				 int cap_id);

/**
 * dm_pci_map_bar() - CPU pointer to [@offset, @offset + @len) of BAR @bar
 * Return: 0; -EINVAL for a BAR that is not implemented; -ENOSPC when it
 * was not assigned; -ERANGE when the range is not inside the BAR or the BAR
 * not inside a window of the host bridge
 */
int dm_pci_map_bar(struct udevice *dev, int bar, u64 offset, u64 len,
		   void **ptrp);
/**
 * dm_pci_bus_to_phys() - CPU address of PCI bus address @bus_addr
 * @flags: PCI_REGION_IO or PCI_REGION_MEM: the space it is in
 * Return: 0, or -ERANGE when no window holds all of [@bus_addr, +@len)
 */
int dm_pci_bus_to_phys(const struct udevice *dev, u64 bus_addr, u64 len,
		       u32 flags, phys_addr_t *physp);

/** pci_get_controller() - the host controller above PCI device @dev */
struct udevice *pci_get_controller(const struct udevice *dev);

struct irq_wake;

/**
 * pci_irq_wake() - enable PCI function @dev's INTx as a wake-up source
 * (include/irq.h): its Interrupt Pin, rotated by the slot at each bridge
 * above it, looked up in the host controller's 'interrupt-map'; INTx is
 * then no longer disabled in its Command register
 * Return: 0; -ENOENT when it has no pin or the controller no map or no
 * entry for it (waits poll); -EINVAL, said here, for a pin past INTD or a
 * malformed map; or irq_wake_enable_at()'s error
 */
int pci_irq_wake(struct udevice *dev, struct irq_wake *w);

/**
 * pci_irq_map() - look @key (phys.hi, phys.mid, phys.lo, pin) up in
 * @node's 'interrupt-map', masked by its 'interrupt-map-mask' (all ones
 * without it): the interrupt controller node into *@parentp and its
 * specifier into @spec (up to IRQ_MAX_CELLS), *@cellsp cells of it
 * Return: 0; -ENOENT when @node has no map or no entry matches; -EINVAL,
 * said here, when @node's cells are not 3 and 1 or an entry before the
 * match is short or names no controller with valid cells
 */
int pci_irq_map(ofnode node, const u32 key[4], ofnode *parentp, u32 *spec,
		u32 *cellsp);

/**
 * pci_probe_all() - probe every host controller, which enumerates its
 * buses; a controller already probed is left as it is
 * Return: 0, or the first controller's error
 */
int pci_probe_all(void);

/**
 * pci_find_device_by_bdf() - the PCI function at @bdf, among enumerated
 * buses, without probing it
 * Return: 0 or -ENOENT
 */
int pci_find_device_by_bdf(pci_dev_t bdf, struct udevice **devp);

/** pci_class_name() - name of the class in @class (bits 23:16) */
const char *pci_class_name(u32 class);

/** device_is_pci_bridge() - whether @dev is a PCI-to-PCI bridge */
bool device_is_pci_bridge(const struct udevice *dev);

#endif
