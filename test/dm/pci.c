// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * PCI tests: the real ECAM driver, PCI uclass and enumeration against the
 * sandbox's PCI model (dts/sandbox.dts, asm/pci_emul.h):
 *   00:00.0 host bridge          00:01.0 bridge to bus 1
 *   01:00.0 "nic": BAR0 mem 128K, BAR2 I/O 32, BAR3 64-bit pref 1M
 *   01:01.0 virtio-rng, legacy (I/O BAR0)
 *   00:02.0 virtio-rng, modern   00:04.0 virtio-rng, transitional
 *   00:03.0 "multi0": BAR0 mem 4K, BAR2 64-bit pref 2M; caps PM, MSI
 *   00:03.1 "multi1": BAR0 I/O 256, BAR1 32-bit pref 16K
 *   00:06.0, 00:07.0, 00:08.0 virtio-blk: modern, legacy, transitional
 *   00:0b.0 virtio-scsi, transitional
 * INTx: slot S's pin P to SPI 3 + (S + P - 1) % 4 of the GICv2 model.
 * Windows: I/O bus 0 (CPU 0x30800000, 64K), memory bus 0x81000000 (CPU
 * 0x31000000, 16M), prefetchable bus 0x1_0000_0000 (CPU 0x34000000, 64M).
 */
#include <asm/io.h>
#include <asm/gic_emul.h>
#include <asm/pci_emul.h>
#include <dm.h>
#include <irq.h>
#include <pci.h>
#include <test/ut.h>

#define IO_BUS		0x0ULL
#define IO_CPU		0x30800000ULL
#define MEM_BUS		0x81000000ULL
#define MEM_CPU		0x31000000ULL
#define MEM_SIZE	0x1000000ULL
#define PREF_BUS	0x100000000ULL
#define PREF_CPU	0x34000000ULL
#define PREF_SIZE	0x4000000ULL
#define MIB		0x100000ULL

static int get_host(struct udevice **devp)
{
	return uclass_get_device(UCLASS_PCI, 0, devp);
}

/*
 * The host enumerated when it was bound; after the model changed, take it
 * down (which unbinds its functions) and bring it up again.
 */
static int reenumerate(struct udevice **devp)
{
	int ret = get_host(devp);

	if (!ret)
		ret = device_remove(*devp);
	return ret ? ret : device_probe(*devp);
}

static struct udevice *fn_at(int bus, int dev, int fn)
{
	struct udevice *d;

	return pci_find_device_by_bdf(PCI_BDF(bus, dev, fn), &d) ? NULL : d;
}

static bool in_window(const struct pci_bar *b, u64 start, u64 size)
{
	return b->flags & PCI_BAR_ASSIGNED && b->bus_addr >= start &&
	       b->bus_addr + b->size <= start + size &&
	       !(b->bus_addr & (b->size - 1));
}

static int pci_test_enumerate(struct unit_test_state *uts)
{
	static const pci_dev_t present[] = {
		PCI_BDF(0, 0, 0), PCI_BDF(0, 1, 0), PCI_BDF(1, 0, 0),
		PCI_BDF(1, 1, 0), PCI_BDF(0, 2, 0), PCI_BDF(0, 3, 0),
		PCI_BDF(0, 3, 1), PCI_BDF(0, 4, 0),
	};
	struct udevice *host, *bridge, *dev;
	struct pci_bus_plat *bp;

	ut_assertok(get_host(&host));
	ut_assert_console_end();
	for (unsigned int i = 0; i < ARRAY_SIZE(present); i++) {
		ut_assertnonnull(fn_at(PCI_BUS(present[i]), PCI_DEV(present[i]),
				       PCI_FUNC(present[i])));
	}
	ut_asserteq(-ENOENT, pci_find_device_by_bdf(PCI_BDF(0, 5, 0), &dev));
	ut_asserteq(-ENOENT, pci_find_device_by_bdf(PCI_BDF(2, 0, 0), &dev));
	/* The bridge is a bus with the functions of bus 1 as children */
	bridge = fn_at(0, 1, 0);
	ut_assert(device_is_pci_bridge(bridge));
	ut_asserteq_ptr(bridge, dev_get_parent(fn_at(1, 1, 0)));
	bp = dev_get_uclass_plat(bridge);
	ut_asserteq(1, bp->busno);
	ut_asserteq(1, bp->sub_busno);
	ut_asserteq_ptr(host, pci_get_controller(fn_at(1, 0, 0)));
	/* IDs and class as the model has them */
	dev = fn_at(0, 3, 1);
	ut_asserteq(0x1234, dm_pci_get_plat(dev)->vendor);
	ut_asserteq(0x0002, dm_pci_get_plat(dev)->device);
	ut_asserteq(0x0c0330, dm_pci_get_plat(dev)->class);
	ut_asserteq(PCI_BDF(0, 3, 1), dm_pci_get_bdf(dev));
	return 0;
}
UNIT_TEST(pci_test_enumerate, UTF_DM | UTF_CONSOLE, pci);

static int pci_test_drivers(struct unit_test_state *uts)
{
	struct udevice *host;

	ut_assertok(get_host(&host));
	ut_asserteq(UCLASS_PCI_GENERIC,
		    device_get_uclass_id(fn_at(0, 0, 0)));
	ut_asserteq_str("pci_bridge", fn_at(0, 1, 0)->driver->name);
	ut_asserteq_str("pci_generic", fn_at(1, 0, 0)->driver->name);
	/* Transitional with capabilities: modern; without: legacy */
	ut_asserteq_str("virtio-pci-legacy", fn_at(1, 1, 0)->driver->name);
	ut_asserteq_str("virtio-pci-modern", fn_at(0, 2, 0)->driver->name);
	ut_asserteq_str("virtio-pci-modern", fn_at(0, 4, 0)->driver->name);
	ut_asserteq_str("pci_00:03.1", fn_at(0, 3, 1)->name);
	return 0;
}
UNIT_TEST(pci_test_drivers, UTF_DM, pci);

static int pci_test_bar_placement(struct unit_test_state *uts)
{
	struct udevice *host, *emul = sandbox_pci_emul_get();
	struct pci_child_plat *nic, *m1;

	ut_assertok(get_host(&host));
	nic = dm_pci_get_plat(fn_at(1, 0, 0));
	ut_asserteq(0x20000, nic->bars[0].size);
	ut_asserteq(0, nic->bars[0].flags & ~PCI_BAR_ASSIGNED);
	ut_assert(in_window(&nic->bars[0], MEM_BUS, MEM_SIZE));
	ut_asserteq(0x20, nic->bars[2].size);
	ut_asserteq(PCI_BAR_IO | PCI_BAR_ASSIGNED, nic->bars[2].flags);
	ut_assert(in_window(&nic->bars[2], 0x1000, 0xf000));
	ut_asserteq(0x100000, nic->bars[3].size);
	ut_asserteq(PCI_BAR_MEM64 | PCI_BAR_PREFETCH | PCI_BAR_ASSIGNED,
		    nic->bars[3].flags);
	ut_assert(in_window(&nic->bars[3], PREF_BUS, PREF_SIZE));
	ut_asserteq(0, nic->bars[4].size);	/* BAR3's upper half */
	/* What the model holds is what was placed */
	ut_asserteq(nic->bars[3].bus_addr >> 32,
		    sandbox_pci_emul_config(emul, "nic", PCI_BASE_ADDRESS_0 + 16));
	ut_asserteq((nic->bars[0].bus_addr >> 24) & 0xff,
		    sandbox_pci_emul_config(emul, "nic", PCI_BASE_ADDRESS_0 + 3));
	/* A 32-bit prefetchable BAR cannot go above 4 GiB: memory window */
	m1 = dm_pci_get_plat(fn_at(0, 3, 1));
	ut_asserteq(PCI_BAR_PREFETCH | PCI_BAR_ASSIGNED, m1->bars[1].flags);
	ut_assert(in_window(&m1->bars[1], MEM_BUS, MEM_SIZE));
	ut_asserteq(0, m1->resource_err);
	return 0;
}
UNIT_TEST(pci_test_bar_placement, UTF_DM, pci);

/* The bridge's windows hold what is behind it, and nothing else */
static int pci_test_bridge_windows(struct unit_test_state *uts)
{
	struct udevice *host, *bridge, *emul = sandbox_pci_emul_get();
	struct pci_child_plat *nic, *m0;
	u64 mem_base, mem_limit, pref_base, io_base, io_limit;
	u16 v16;
	u32 v32;

	ut_assertok(get_host(&host));
	bridge = fn_at(0, 1, 0);

	nic = dm_pci_get_plat(fn_at(1, 0, 0));
	m0 = dm_pci_get_plat(fn_at(0, 3, 0));
	ut_asserteq(0, sandbox_pci_emul_config(emul, "bridge", PCI_PRIMARY_BUS));
	ut_asserteq(1, sandbox_pci_emul_config(emul, "bridge",
					       PCI_SECONDARY_BUS));
	ut_asserteq(1, sandbox_pci_emul_config(emul, "bridge",
					       PCI_SUBORDINATE_BUS));
	ut_assertok(dm_pci_read_config16(bridge, PCI_MEMORY_BASE, &v16));
	mem_base = (u64)(v16 & 0xfff0) << 16;
	ut_assertok(dm_pci_read_config16(bridge, PCI_MEMORY_LIMIT, &v16));
	mem_limit = (u64)(v16 & 0xfff0) << 16 | 0xfffff;
	ut_assert(nic->bars[0].bus_addr >= mem_base &&
		  nic->bars[0].bus_addr + nic->bars[0].size - 1 <= mem_limit);
	ut_assert(m0->bars[0].bus_addr > mem_limit);
	ut_assertok(dm_pci_read_config32(bridge, PCI_PREF_BASE_UPPER32, &v32));
	pref_base = (u64)v32 << 32;
	ut_assertok(dm_pci_read_config16(bridge, PCI_PREF_MEMORY_BASE, &v16));
	ut_asserteq(PCI_PREF_RANGE_TYPE_64, v16 & 0xf);
	pref_base |= (u64)(v16 & 0xfff0) << 16;
	ut_asserteq(nic->bars[3].bus_addr, pref_base);
	ut_assert(m0->bars[2].bus_addr >= pref_base + MIB);
	io_base = (sandbox_pci_emul_config(emul, "bridge", PCI_IO_BASE) &
		   0xf0) << 8;
	io_limit = (sandbox_pci_emul_config(emul, "bridge", PCI_IO_LIMIT) &
		    0xf0) << 8 | 0xfff;
	ut_assert(nic->bars[2].bus_addr >= io_base &&
		  nic->bars[2].bus_addr < io_limit);
	ut_assert(dm_pci_get_plat(fn_at(0, 3, 1))->bars[0].bus_addr > io_limit);
	return 0;
}
UNIT_TEST(pci_test_bridge_windows, UTF_DM, pci);

/* Decoding is on only for functions whose driver probed */
static int pci_test_decode(struct unit_test_state *uts)
{
	struct udevice *host, *dev, *legacy;
	void *regs;
	u16 cmd;

	ut_assertok(get_host(&host));
	ut_assertok(dm_pci_read_config16(fn_at(0, 3, 0), PCI_COMMAND, &cmd));
	ut_asserteq(0, cmd);
	/* Behind a bridge not yet enabled, the BAR does not answer */
	legacy = fn_at(1, 1, 0);
	ut_assertok(dm_pci_map_bar(legacy, 0, 0, 4, &regs));
	ut_asserteq(0xffffffff, readl(regs));
	ut_assertok(device_probe(legacy));
	ut_assertok(dm_pci_read_config16(fn_at(0, 1, 0), PCI_COMMAND, &cmd));
	ut_asserteq(PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER,
		    cmd);
	ut_assertok(dm_pci_read_config16(legacy, PCI_COMMAND, &cmd));
	ut_asserteq(PCI_COMMAND_IO | PCI_COMMAND_MASTER, cmd);
	ut_assert(readl(regs) != 0xffffffff);	/* host features */
	dev = fn_at(0, 2, 0);
	ut_assertok(device_probe(dev));
	ut_assertok(dm_pci_read_config16(dev, PCI_COMMAND, &cmd));
	ut_asserteq(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, cmd);
	/* Removed: no more bus mastering */
	ut_assertok(device_remove(dev));
	ut_assertok(dm_pci_read_config16(dev, PCI_COMMAND, &cmd));
	ut_asserteq(0, cmd);
	return 0;
}
UNIT_TEST(pci_test_decode, UTF_DM, pci);

/* A BAR larger than its window: that function fails, the others work */
static int pci_test_window_full(struct unit_test_state *uts)
{
	struct udevice *host, *dev, *emul = sandbox_pci_emul_get();
	struct pci_child_plat *p;

	ut_assertok(sandbox_pci_emul_set_bar(emul, "virtio-rng-modern", 4,
					     PCI_BASE_ADDRESS_MEM_TYPE_64 |
					     PCI_BASE_ADDRESS_MEM_PREFETCH,
					     2 * PREF_SIZE));
	ut_assertok(sandbox_pci_emul_set_bar(emul, "multi0", 0, 0,
					     2 * MEM_SIZE));
	ut_assertok(reenumerate(&host));
	ut_assert_nextline("pci_00:02.0: BAR4 (64-bit pref, 0x8000000 bytes): no room in the prefetchable window");
	ut_assert_nextline("pci_00:03.0: BAR0 (32-bit, 0x2000000 bytes): no room in the memory window");
	ut_assert_console_end();
	dev = fn_at(0, 2, 0);
	p = dm_pci_get_plat(dev);
	ut_asserteq(-ENOSPC, p->resource_err);
	ut_asserteq(0, p->bars[4].flags & PCI_BAR_ASSIGNED);
	ut_asserteq(-ENOSPC, device_probe(dev));
	ut_asserteq(-ENOSPC, dm_pci_get_plat(fn_at(0, 3, 0))->resource_err);
	/* The rest still fit and work */
	ut_asserteq(0, dm_pci_get_plat(fn_at(0, 3, 1))->resource_err);
	ut_assertok(device_probe(fn_at(0, 4, 0)));
	ut_assertok(device_probe(fn_at(1, 1, 0)));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(pci_test_window_full, UTF_DM | UTF_CONSOLE, pci);

static int pci_test_capabilities(struct unit_test_state *uts)
{
	struct udevice *host, *dev;

	ut_assertok(get_host(&host));
	dev = fn_at(0, 3, 0);
	ut_asserteq(0x40, dm_pci_find_capability(dev, PCI_CAP_ID_PM));
	ut_asserteq(0x48, dm_pci_find_capability(dev, PCI_CAP_ID_MSI));
	ut_asserteq(0x48, dm_pci_find_next_capability(dev, 0x40,
						      PCI_CAP_ID_MSI));
	ut_asserteq(-ENOENT, dm_pci_find_next_capability(dev, 0x48,
							 PCI_CAP_ID_MSI));
	ut_asserteq(-ENOENT, dm_pci_find_capability(dev, PCI_CAP_ID_EXP));
	ut_asserteq(-EINVAL, dm_pci_find_next_capability(dev, 0x10,
							 PCI_CAP_ID_MSI));
	/* No capability list at all */
	ut_asserteq(-ENOENT, dm_pci_find_capability(fn_at(0, 3, 1),
						    PCI_CAP_ID_PM));
	return 0;
}
UNIT_TEST(pci_test_capabilities, UTF_DM, pci);

/* A list that loops, or starts in the header: -EIO, reported once */
static int pci_test_bad_capabilities(struct unit_test_state *uts)
{
	struct udevice *host, *emul = sandbox_pci_emul_get();

	ut_assertok(sandbox_pci_emul_set_fault(emul, "multi0",
					       PCI_EMUL_FAULT_CAP_LOOP));
	ut_assertok(sandbox_pci_emul_set_fault(emul, "multi1",
					       PCI_EMUL_FAULT_CAP_HEADER));
	ut_assertok(reenumerate(&host));
	ut_assert_nextline("pci_00:03.0: capability list does not end (it loops)");
	ut_assert_nextline("pci_00:03.1: capability list points into the header");
	ut_assert_console_end();
	ut_asserteq(-EIO, dm_pci_find_capability(fn_at(0, 3, 0),
						 PCI_CAP_ID_EXP));
	ut_asserteq(-EIO, dm_pci_find_capability(fn_at(0, 3, 1),
						 PCI_CAP_ID_PM));
	ut_assert_console_end();
	/* Siblings are unaffected */
	ut_asserteq(0x40, dm_pci_find_capability(fn_at(1, 0, 0),
						 PCI_CAP_ID_PM));
	return 0;
}
UNIT_TEST(pci_test_bad_capabilities, UTF_DM | UTF_CONSOLE, pci);

/* A list that turns bad after enumeration is reported when walked */
static int pci_test_capabilities_change(struct unit_test_state *uts)
{
	struct udevice *host, *dev, *emul = sandbox_pci_emul_get();

	ut_assertok(get_host(&host));
	dev = fn_at(1, 0, 0);
	ut_assertok(sandbox_pci_emul_set_fault(emul, "nic",
					       PCI_EMUL_FAULT_CAP_LOOP));
	ut_asserteq(-EIO, dm_pci_find_capability(dev, PCI_CAP_ID_VNDR));
	ut_assert_nextline("pci_01:00.0: capability list does not end (it loops)");
	ut_asserteq(-EIO, dm_pci_find_capability(dev, PCI_CAP_ID_PM));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(pci_test_capabilities_change, UTF_DM | UTF_CONSOLE, pci);

static int pci_test_config_access(struct unit_test_state *uts)
{
	struct udevice *host, *dev;
	ulong v;
	u32 v32;
	u16 v16;
	u8 v8;

	ut_assertok(get_host(&host));
	dev = fn_at(0, 3, 0);
	ut_assertok(dm_pci_read_config32(dev, PCI_VENDOR_ID, &v32));
	ut_asserteq(0x00011234, v32);
	ut_assertok(dm_pci_read_config16(dev, PCI_DEVICE_ID, &v16));
	ut_asserteq(0x0001, v16);
	ut_assertok(dm_pci_read_config8(dev, PCI_HEADER_TYPE, &v8));
	ut_asserteq(PCI_HEADER_MULTI_FUNC, v8);
	/* Read-only registers stay */
	ut_assertok(dm_pci_write_config16(dev, PCI_VENDOR_ID, 0xabcd));
	ut_assertok(dm_pci_read_config16(dev, PCI_VENDOR_ID, &v16));
	ut_asserteq(0x1234, v16);
	/* Misaligned, odd-sized or out-of-range accesses are refused */
	ut_asserteq(-EINVAL, dm_pci_read_config32(dev, 2, &v32));
	ut_asserteq(-EINVAL, dm_pci_read_config16(dev, 1, &v16));
	ut_asserteq(-EINVAL, pci_bus_read_config(host, PCI_BDF(0, 3, 0), 0,
						 &v, 3));
	ut_asserteq(-EINVAL, pci_bus_read_config(host, PCI_BDF(0, 3, 0),
						 4096, &v, 4));
	/* Nobody there: all ones */
	ut_assertok(pci_bus_read_config(host, PCI_BDF(0, 9, 0), 0, &v, 4));
	ut_asserteq(0xffffffff, v);
	ut_assertok(pci_bus_read_config(host, PCI_BDF(200, 0, 0), 0, &v, 2));
	ut_asserteq(0xffff, v);
	return 0;
}
UNIT_TEST(pci_test_config_access, UTF_DM, pci);

static int pci_test_translate(struct unit_test_state *uts)
{
	struct udevice *host, *dev;
	phys_addr_t phys;
	void *p;

	ut_assertok(get_host(&host));
	dev = fn_at(1, 0, 0);
	ut_assertok(dm_pci_bus_to_phys(dev, MEM_BUS + 0x10, 4, PCI_REGION_MEM,
				       &phys));
	ut_asserteq(MEM_CPU + 0x10, phys);
	ut_assertok(dm_pci_bus_to_phys(dev, 0x1000, 4, PCI_REGION_IO, &phys));
	ut_asserteq(IO_CPU + 0x1000, phys);
	ut_assertok(dm_pci_bus_to_phys(dev, PREF_BUS + PREF_SIZE - 8, 8,
				       PCI_REGION_MEM, &phys));
	ut_asserteq(PREF_CPU + PREF_SIZE - 8, phys);
	ut_asserteq(-ERANGE, dm_pci_bus_to_phys(dev, PREF_BUS + PREF_SIZE - 8,
						16, PCI_REGION_MEM, &phys));
	ut_asserteq(-ERANGE, dm_pci_bus_to_phys(dev, MEM_BUS, 4,
						PCI_REGION_IO, &phys));
	ut_asserteq(-ERANGE, dm_pci_bus_to_phys(dev, 0x10000000, 4,
						PCI_REGION_MEM, &phys));
	/* BAR mapping: inside the BAR only */
	ut_assertok(dm_pci_map_bar(dev, 3, 0, 0x100000, &p));
	ut_asserteq(PREF_CPU + dm_pci_get_plat(dev)->bars[3].bus_addr -
		    PREF_BUS, map_to_sysmem(p));
	ut_asserteq(-ERANGE, dm_pci_map_bar(dev, 3, 0xffffc, 8, &p));
	ut_asserteq(-ERANGE, dm_pci_map_bar(dev, 3, ~0ULL, 2, &p));
	ut_asserteq(-EINVAL, dm_pci_map_bar(dev, 1, 0, 4, &p));
	ut_asserteq(-EINVAL, dm_pci_map_bar(dev, 6, 0, 4, &p));
	return 0;
}
UNIT_TEST(pci_test_translate, UTF_DM, pci);

/* More bridges than bus numbers: the one left out is reported and off */
static int pci_test_bus_numbers(struct unit_test_state *uts)
{
	struct udevice *host, *last, *emul = sandbox_pci_emul_get();
	struct pci_bus_plat *bp;
	u16 base, limit;

	ut_assertok(sandbox_pci_emul_set_present(emul, "bridge2", true));
	ut_assertok(reenumerate(&host));
	ut_assert_nextline("pci_03:00.0: no bus number left for its secondary bus (bus-range ends at 3)");
	ut_assert_console_end();
	last = fn_at(3, 0, 0);
	ut_assertnonnull(last);
	ut_asserteq(-ENOSPC, dm_pci_get_plat(last)->resource_err);
	ut_asserteq(-ENOSPC, device_probe(last));
	ut_asserteq(0, sandbox_pci_emul_config(emul, "bridge4",
					       PCI_SECONDARY_BUS));
	/* The bridges above cover buses 1-3 */
	bp = dev_get_uclass_plat(fn_at(0, 1, 0));
	ut_asserteq(3, bp->sub_busno);
	ut_asserteq(3, sandbox_pci_emul_config(emul, "bridge",
					       PCI_SUBORDINATE_BUS));
	ut_asserteq(3, sandbox_pci_emul_config(emul, "bridge2",
					       PCI_SUBORDINATE_BUS));
	/* Nothing behind bridge3 was placed: its memory window is closed */
	ut_assertok(dm_pci_read_config16(fn_at(2, 0, 0), PCI_MEMORY_BASE,
					 &base));
	ut_assertok(dm_pci_read_config16(fn_at(2, 0, 0), PCI_MEMORY_LIMIT,
					 &limit));
	ut_assert(base > limit);
	/* The functions found before still work */
	ut_assertok(device_probe(fn_at(1, 1, 0)));
	return 0;
}
UNIT_TEST(pci_test_bus_numbers, UTF_DM | UTF_CONSOLE, pci);

#if IS_ENABLED(CONFIG_ARM_GIC_SANDBOX_EMUL)
/* @id is enabled at the GIC model, level-sensitive */
static int gic_level_on(struct unit_test_state *uts, u32 id)
{
	struct sandbox_gic_state *s =
		sandbox_gic_emul_state(sandbox_gic_emul_get("gic-emul"));

	ut_assert(s->enabled[id / 32] & (1U << (id % 32)));
	ut_assert(!(s->cfg[id / 16] & (2U << (id % 16 * 2))));
	return 0;
}

/*
 * INTx as a wake-up source: a function's pin on the root bus through the
 * host's map (slot masked to its two low bits), one behind the bridge
 * rotated by its slot first; level-sensitive, INTx Disable cleared; none
 * without a pin, an error past INTD
 */
static int pci_test_intx(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_pci_emul_get(), *host;
	struct irq_wake w;

	ut_assertok(get_host(&host));
	/* 00:06.0 INTA: slot 6 is 2 of 4, SPI 3 + 2 (ID 37) */
	ut_assertok(pci_irq_wake(fn_at(0, 6, 0), &w));
	ut_asserteq(37, w.id);
	ut_assertok(gic_level_on(uts, 37));
	/* 00:04.0 INTA: SPI 3 (ID 35) */
	ut_assertok(pci_irq_wake(fn_at(0, 4, 0), &w));
	ut_asserteq(35, w.id);
	ut_assertok(gic_level_on(uts, 35));
	/* 00:07.0 INTA, with INTx disabled: SPI 6 (ID 38), INTx enabled */
	ut_assertok(sandbox_pci_emul_poke(emul, "virtio-blk-legacy",
					  PCI_COMMAND + 1,
					  PCI_COMMAND_INTX_DISABLE >> 8));
	ut_assertok(pci_irq_wake(fn_at(0, 7, 0), &w));
	ut_asserteq(38, w.id);
	ut_asserteq(0, sandbox_pci_emul_config(emul, "virtio-blk-legacy",
					       PCI_COMMAND + 1) &
		    (PCI_COMMAND_INTX_DISABLE >> 8));
	/* 01:01.0 INTA is INTB at bridge 00:01.0: SPI 5 (ID 37), not 4 */
	ut_assertok(pci_irq_wake(fn_at(1, 1, 0), &w));
	ut_asserteq(37, w.id);
	/* No pin: no INTx, nothing said */
	ut_asserteq(-ENOENT, pci_irq_wake(fn_at(0, 3, 0), &w));
	ut_asserteq_ptr(NULL, w.ctrl);
	/* A pin past INTD */
	ut_assertok(sandbox_pci_emul_poke(emul, "multi0", PCI_INTERRUPT_PIN, 5));
	ut_asserteq(-EINVAL, pci_irq_wake(fn_at(0, 3, 0), &w));
	ut_assert_nextline("pci_00:03.0: Interrupt Pin 5 is none of INTA-INTD");
	ut_assertok(sandbox_pci_emul_poke(emul, "multi0", PCI_INTERRUPT_PIN, 0));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(pci_test_intx, UTF_DM | UTF_CONSOLE, pci);
#endif

#if IS_ENABLED(CONFIG_IRQ)
/* One lookup in the map of node @path */
static int map_at(const char *path, u32 hi, u32 pin, ofnode *parentp,
		  u32 *spec, u32 *cellsp)
{
	const u32 key[4] = { hi, 0, 0, pin };

	return pci_irq_map(ofnode_path(path), key, parentp, spec, cellsp);
}

/*
 * 'interrupt-map' read whole (dts/sandbox.dts, irq-map-*): each entry's
 * length from its parent's cells, no mask an exact match, and each
 * malformed map refused with its reason, never read past its end
 */
static int pci_test_irq_map(struct unit_test_state *uts)
{
	u32 spec[IRQ_MAX_CELLS], cells;
	ofnode parent;

	/* An entry before a short one is found; the short one is refused */
	ut_assertok(map_at("/irq-map-short", 0x800, 1, &parent, spec, &cells));
	ut_assert(ofnode_equal(ofnode_path("/interrupt-controller@18000000"),
			       parent));
	ut_asserteq(3, cells);
	ut_asserteq(0, spec[0]);
	ut_asserteq(9, spec[1]);
	ut_asserteq(4, spec[2]);
	ut_asserteq(-EINVAL, map_at("/irq-map-short", 0x1000, 1, &parent,
				    spec, &cells));
	ut_assert_nextline("irq-map-short: 'interrupt-map' entry at cell 10 is short");
	/* Entries of 8 cells (a parent with no address cells), then 10 */
	ut_assertok(map_at("/irq-map-nomask", 0x800, 1, &parent, spec, &cells));
	ut_assert(ofnode_equal(ofnode_path("/irq-nodrv"), parent));
	ut_asserteq(10, spec[1]);
	ut_assertok(map_at("/irq-map-nomask", 0x800, 2, &parent, spec, &cells));
	ut_asserteq(11, spec[1]);
	ut_asserteq(1, spec[2]);
	/* No mask: every bit must match */
	ut_asserteq(-ENOENT, map_at("/irq-map-nomask", 0x900, 1, &parent, spec,
				    &cells));
	ut_asserteq(-ENOENT, map_at("/irq-map-nomask", 0x800, 3, &parent, spec,
				    &cells));
	/* No map */
	ut_asserteq(-ENOENT, map_at("/irq-none", 0x800, 1, &parent, spec,
				    &cells));
	/* Malformed */
	ut_asserteq(-EINVAL, map_at("/irq-map-cells", 0x800, 1, &parent, spec,
				    &cells));
	ut_assert_nextline("irq-map-cells: 'interrupt-map' needs #address-cells 3 and #interrupt-cells 1");
	ut_asserteq(-EINVAL, map_at("/irq-map-phandle", 0x800, 1, &parent,
				    spec, &cells));
	ut_assert_nextline("irq-map-phandle: 'interrupt-map' entry at cell 0 names no node");
	ut_asserteq(-EINVAL, map_at("/irq-map-parent", 0x800, 1, &parent, spec,
				    &cells));
	ut_assert_nextline("irq-map-parent: 'interrupt-map' entry at cell 0: irq-none has no valid #address-cells or #interrupt-cells");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(pci_test_irq_map, UTF_DM | UTF_CONSOLE, pci);
#endif
