// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * pci: list PCI functions and show their configuration, as U-Boot does.
 *   pci                 list the functions of every bus
 *   pci header b.d.f    show the configuration header of one function
 *   pci bar b.d.f       show its BARs as assigned
 *   pci regions         show the host bridges' windows
 * A b.d.f is hexadecimal: 00.02.00, 0.2.0 or 00:02.0.
 */
#include <command.h>
#include <ctype.h>
#include <dm.h>
#include <pci.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One field of a configuration header: name, offset, width */
struct hdr_field {
	const char *name;
	u8 offset;
	u8 size;
};

static const struct hdr_field common_fields[] = {
	{ "vendor ID", PCI_VENDOR_ID, 2 },
	{ "device ID", PCI_DEVICE_ID, 2 },
	{ "command register", PCI_COMMAND, 2 },
	{ "status register", PCI_STATUS, 2 },
	{ "revision ID", PCI_REVISION_ID, 1 },
	{ "programming interface", PCI_CLASS_PROG, 1 },
	{ "sub class code", PCI_CLASS_DEVICE, 1 },
	{ "class code", PCI_CLASS_DEVICE + 1, 1 },
	{ "cache line", PCI_CACHE_LINE_SIZE, 1 },
	{ "latency time", PCI_LATENCY_TIMER, 1 },
	{ "header type", PCI_HEADER_TYPE, 1 },
	{ "BIST", PCI_BIST, 1 },
	{ "base address 0", PCI_BASE_ADDRESS_0, 4 },
	{ "base address 1", PCI_BASE_ADDRESS_0 + 4, 4 },
};

static const struct hdr_field normal_fields[] = {
	{ "base address 2", PCI_BASE_ADDRESS_0 + 8, 4 },
	{ "base address 3", PCI_BASE_ADDRESS_0 + 12, 4 },
	{ "base address 4", PCI_BASE_ADDRESS_0 + 16, 4 },
	{ "base address 5", PCI_BASE_ADDRESS_0 + 20, 4 },
	{ "cardBus CIS pointer", PCI_CARDBUS_CIS, 4 },
	{ "sub system vendor ID", PCI_SUBSYSTEM_VENDOR_ID, 2 },
	{ "sub system ID", PCI_SUBSYSTEM_ID, 2 },
	{ "expansion ROM base address", PCI_ROM_ADDRESS, 4 },
	{ "capabilities pointer", PCI_CAPABILITY_LIST, 1 },
	{ "interrupt line", PCI_INTERRUPT_LINE, 1 },
	{ "interrupt pin", PCI_INTERRUPT_PIN, 1 },
	{ "min Grant", PCI_MIN_GNT, 1 },
	{ "max Latency", PCI_MAX_LAT, 1 },
};

static const struct hdr_field bridge_fields[] = {
	{ "primary bus number", PCI_PRIMARY_BUS, 1 },
	{ "secondary bus number", PCI_SECONDARY_BUS, 1 },
	{ "subordinate bus number", PCI_SUBORDINATE_BUS, 1 },
	{ "secondary latency timer", PCI_SEC_LATENCY_TIMER, 1 },
	{ "IO base", PCI_IO_BASE, 1 },
	{ "IO limit", PCI_IO_LIMIT, 1 },
	{ "secondary status", PCI_SEC_STATUS, 2 },
	{ "memory base", PCI_MEMORY_BASE, 2 },
	{ "memory limit", PCI_MEMORY_LIMIT, 2 },
	{ "prefetch memory base", PCI_PREF_MEMORY_BASE, 2 },
	{ "prefetch memory limit", PCI_PREF_MEMORY_LIMIT, 2 },
	{ "prefetch memory base upper", PCI_PREF_BASE_UPPER32, 4 },
	{ "prefetch memory limit upper", PCI_PREF_LIMIT_UPPER32, 4 },
	{ "IO base upper 16 bits", PCI_IO_BASE_UPPER16, 2 },
	{ "IO limit upper 16 bits", PCI_IO_LIMIT_UPPER16, 2 },
	{ "capabilities pointer", PCI_CAPABILITY_LIST, 1 },
	{ "expansion ROM base address", PCI_ROM_ADDRESS1, 4 },
	{ "interrupt line", PCI_INTERRUPT_LINE, 1 },
	{ "interrupt pin", PCI_INTERRUPT_PIN, 1 },
	{ "bridge control", PCI_BRIDGE_CONTROL, 2 },
};

/* Enumerate (once); a failing host bridge reported why */
static void enumerate(void)
{
	pci_probe_all();
}

static void list_bus(struct udevice *bus)
{
	struct pci_bus_plat *bp = dev_get_uclass_plat(bus);
	struct udevice *dev;

	printf("Scanning PCI devices on bus %d\n", bp->busno);
	printf("BusDevFun  VendorId   DeviceId   Device Class       Sub-Class\n");
	printf("_____________________________________________________________\n");
	device_foreach_child(dev, bus) {
		struct pci_child_plat *p = dm_pci_get_plat(dev);

		printf("%02x.%02x.%02x   0x%04x     0x%04x     %-23s 0x%02x\n",
		       PCI_BUS(p->bdf), PCI_DEV(p->bdf), PCI_FUNC(p->bdf),
		       p->vendor, p->device, pci_class_name(p->class),
		       (p->class >> 8) & 0xff);
	}
}

static int do_pci_list(void)
{
	struct udevice *bus;
	int ret, n = 0;

	enumerate();
	for (ret = uclass_find_first_device(UCLASS_PCI, &bus); !ret;
	     ret = uclass_find_next_device(&bus)) {
		struct pci_bus_plat *bp = dev_get_uclass_plat(bus);

		if (!device_active(pci_get_controller(bus)) || bp->busno < 0)
			continue;
		if (n++)
			printf("\n");
		list_bus(bus);
	}
	if (!n)
		printf("No PCI bus\n");
	return CMD_RET_SUCCESS;
}

/* "b.d.f" or "bb:dd.f", hexadecimal; 0 or -EINVAL */
static int parse_bdf(const char *arg, pci_dev_t *bdfp)
{
	static const ulong limits[3] = { 0xff, 0x1f, 0x7 };
	ulong v[3];
	const char *p = arg;
	char *end;

	for (int i = 0; i < 3; i++) {
		if (!isxdigit((unsigned char)*p))
			return -EINVAL;
		v[i] = strtoul(p, &end, 16);
		if (v[i] > limits[i] || end - p > 2)
			return -EINVAL;
		if (i < 2 && *end != '.' && !(i == 0 && *end == ':'))
			return -EINVAL;
		p = end + (i < 2);
	}
	if (*end)
		return -EINVAL;
	*bdfp = PCI_BDF(v[0], v[1], v[2]);
	return 0;
}

/* The function named by @arg: CMD_RET_USAGE for a bad b.d.f */
static int get_function(const char *arg, struct udevice **devp)
{
	pci_dev_t bdf;

	if (parse_bdf(arg, &bdf))
		return CMD_RET_USAGE;
	enumerate();
	if (pci_find_device_by_bdf(bdf, devp)) {
		printf("No PCI device at %02x.%02x.%02x\n", PCI_BUS(bdf),
		       PCI_DEV(bdf), PCI_FUNC(bdf));
		return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

static void show_fields(struct udevice *dev, const struct hdr_field *f,
			int n)
{
	for (int i = 0; i < n; i++) {
		u32 v = 0;
		u16 w;
		u8 b;

		if (f[i].size == 1) {
			dm_pci_read_config8(dev, f[i].offset, &b);
			v = b;
		} else if (f[i].size == 2) {
			dm_pci_read_config16(dev, f[i].offset, &w);
			v = w;
		} else {
			dm_pci_read_config32(dev, f[i].offset, &v);
		}
		printf("  %-28s= 0x%0*x\n", f[i].name, f[i].size * 2, v);
	}
}

static int do_pci_header(int argc, char *const argv[])
{
	struct udevice *dev;
	int ret = get_function(argv[1], &dev);

	if (ret)
		return ret;
	show_fields(dev, common_fields, ARRAY_SIZE(common_fields));
	if (dm_pci_get_plat(dev)->header_type == PCI_HEADER_TYPE_BRIDGE)
		show_fields(dev, bridge_fields, ARRAY_SIZE(bridge_fields));
	else
		show_fields(dev, normal_fields, ARRAY_SIZE(normal_fields));
	return CMD_RET_SUCCESS;
}

static int do_pci_bar(int argc, char *const argv[])
{
	struct udevice *dev;
	struct pci_child_plat *p;
	int ret = get_function(argv[1], &dev);

	if (ret)
		return ret;
	p = dm_pci_get_plat(dev);
	printf("ID   Base                Size                Width  Type\n");
	printf("----------------------------------------------------------\n");
	for (int i = 0; i < PCI_STD_NUM_BARS; i++) {
		const struct pci_bar *b = &p->bars[i];

		if (!b->size)
			continue;
		printf(" %d   ", i);
		if (b->flags & PCI_BAR_ASSIGNED)
			printf("0x%016llx  ", (unsigned long long)b->bus_addr);
		else
			printf("%-18s  ", "unassigned");
		printf("0x%016llx  %-5d  %s%s\n", (unsigned long long)b->size,
		       b->flags & PCI_BAR_MEM64 ? 64 : 32,
		       b->flags & PCI_BAR_IO ? "I/O" : "MEM",
		       b->flags & PCI_BAR_PREFETCH ? " Prefetchable" : "");
	}
	return CMD_RET_SUCCESS;
}

static void show_regions(struct udevice *ctlr)
{
	struct pci_bus_plat *bp = dev_get_uclass_plat(ctlr);

	printf("%s: buses %02x-%02x\n", ctlr->name, bp->first_busno,
	       bp->last_busno);
	printf("#   Bus start          Phys start         Size               Flags\n");
	for (int i = 0; i < bp->region_count; i++) {
		const struct pci_region *r = &bp->regions[i];

		printf("%-3d 0x%016llx 0x%016llx 0x%016llx %s%s%s\n", i,
		       (unsigned long long)r->bus_start,
		       (unsigned long long)r->phys_start,
		       (unsigned long long)r->size,
		       r->flags & PCI_REGION_IO ? "io" : "mem",
		       r->flags & PCI_REGION_MEM64 ? "64" : "",
		       r->flags & PCI_REGION_PREFETCH ? " pref" : "");
	}
}

static int do_pci_regions(int argc, char *const argv[])
{
	struct udevice *bus;
	int ret, n = 0;

	enumerate();
	for (ret = uclass_find_first_device(UCLASS_PCI, &bus); !ret;
	     ret = uclass_find_next_device(&bus)) {
		if (bus != pci_get_controller(bus) || !device_active(bus))
			continue;
		show_regions(bus);
		n++;
	}
	if (!n)
		printf("No PCI bus\n");
	return CMD_RET_SUCCESS;
}

static const struct cmd_sub pci_subs[] = {
	{ "header", 2, 2, do_pci_header },
	{ "bar", 2, 2, do_pci_bar },
	{ "regions", 1, 1, do_pci_regions },
};

static int do_pci(struct cmd_tbl *cmdtp, int flag, int argc,
		  char *const argv[])
{
	if (argc == 1)
		return do_pci_list();
	return cmd_dispatch_sub(pci_subs, ARRAY_SIZE(pci_subs), argc, argv);
}

EMBER_CMD_REP(pci, 3, do_pci, "list and access PCI configuration space",
	  "- list the functions on every PCI bus\n"
	  "pci header b.d.f - show the configuration header of a function\n"
	  "pci bar b.d.f - show the BARs of a function\n"
	  "pci regions - show the windows of the host bridges");
