// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Identity-mapped translation tables, 4 KiB granule, built from the DT:
 *
 * - device windows: the 'reg' of every memory-mapped node (children of the
 *   root, and of buses with 'ranges', translated through them) and every
 *   non-empty 'ranges' window (PCIe I/O and MMIO, simple-bus windows), as
 *   Device-nGnRnE, execute-never. This covers the flash at 0, the GIC, the
 *   UARTs, virtio-mmio and the PCIe ECAM and windows (also the high ones
 *   at 0x40_1000_0000 and 0x80_0000_0000 on QEMU virt);
 * - RAM banks from the /memory nodes, as Normal write-back cacheable,
 *   inner shareable, mapped after the devices so they win any overlap;
 * - the page below the stack left unmapped, so a stack overflow faults.
 *
 * Blocks of 1 GiB and 2 MiB are used wherever the range allows, pages
 * elsewhere. The address space size follows ID_AA64MMFR0_EL1.PARange
 * (capped at 48 bits, the 4 KiB granule's limit without FEAT_LPA2).
 * Tables come from a static pool of CONFIG_ARM_MMU_TABLES pages.
 *
 * This runs after relocation, before the MMU is on: the flash copy is no
 * longer executed, so flash is mapped execute-never like any device.
 */
#include <asm/cache.h>
#include <asm/system.h>
#include <debug_uart.h>
#include <errno.h>
#include <libfdt.h>
#include <string.h>
#include "arm64.h"

#define PTES_PER_TABLE		512
#define MAX_DEPTH		16

/* Descriptor bits (VMSAv8-64 stage 1) */
#define PTE_VALID		BIT_ULL(0)
#define PTE_TYPE_MASK		3ULL
#define PTE_TYPE_BLOCK		1ULL		/* levels 1, 2 */
#define PTE_TYPE_TABLE		3ULL		/* levels 0..2 */
#define PTE_TYPE_PAGE		3ULL		/* level 3 */
#define PTE_ATTRINDX(n)		((u64)(n) << 2)
#define PTE_AP1			BIT_ULL(6)	/* EL0 access; RES1 at EL2/EL3 */
#define PTE_SH_INNER		(3ULL << 8)
#define PTE_AF			BIT_ULL(10)
#define PTE_PXN			BIT_ULL(53)	/* EL1 regime only */
#define PTE_UXN			BIT_ULL(54)	/* XN at EL2/EL3 */
#define PTE_ADDR_MASK		0x0000fffffffff000ULL

/* MAIR attribute indexes and their encodings */
#define MT_DEVICE_NGNRNE	0
#define MT_NORMAL		1
#define MT_NORMAL_NC		2
#define MAIR_VALUE		((0x00ULL << (8 * MT_DEVICE_NGNRNE)) | \
				 (0xffULL << (8 * MT_NORMAL)) | \
				 (0x44ULL << (8 * MT_NORMAL_NC)))

/* TCR_ELx fields shared by all ELs for TTBR0 */
#define TCR_T0SZ(bits)		((u64)(64 - (bits)))
#define TCR_IRGN0_WBWA		(1ULL << 8)
#define TCR_ORGN0_WBWA		(1ULL << 10)
#define TCR_SH0_INNER		(3ULL << 12)
#define TCR_TG0_4K		(0ULL << 14)
#define TCR_EL1_EPD1		BIT_ULL(23)
#define TCR_EL1_IPS(ps)		((u64)(ps) << 32)
#define TCR_EL2_RES1		(BIT_ULL(31) | BIT_ULL(23))
#define TCR_EL2_PS(ps)		((u64)(ps) << 16)

static u64 tables[CONFIG_ARM_MMU_TABLES][PTES_PER_TABLE]
	__aligned(ARM_PAGE_SIZE);
static unsigned int tables_used;
static unsigned int pa_bits;
static int start_level;
static u64 attr_normal;
static u64 attr_device;

static unsigned int level_shift(int level)
{
	return 12 + 9 * (3 - level);
}

static u64 *table_alloc(void)
{
	u64 *table;

	if (tables_used == ARRAY_SIZE(tables))
		return NULL;
	table = tables[tables_used++];
	memset(table, 0, sizeof(tables[0]));
	return table;
}

/* The table entry @pte (at @level) points to, made from a block if need be */
static u64 *next_table(u64 *pte, int level)
{
	u64 desc = *pte;
	u64 *table;
	int i;

	if ((desc & PTE_TYPE_MASK) == PTE_TYPE_TABLE)
		return (u64 *)(uintptr_t)(desc & PTE_ADDR_MASK);

	table = table_alloc();
	if (!table)
		return NULL;
	if (desc & PTE_VALID) {
		u64 sub = 1ULL << level_shift(level + 1);
		u64 attrs = desc & ~(PTE_ADDR_MASK | PTE_TYPE_MASK);
		u64 type = level + 1 == 3 ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK;

		for (i = 0; i < PTES_PER_TABLE; i++)
			table[i] = ((desc & PTE_ADDR_MASK) + i * sub) | attrs |
				   type;
	}
	*pte = (uintptr_t)table | PTE_TYPE_TABLE;
	return table;
}

/*
 * Map [@addr, @addr + @size) (page aligned) with @attrs in @table at
 * @level, or unmap it when @attrs is 0.
 */
static int map_level(u64 *table, int level, u64 addr, u64 size, u64 attrs)
{
	u64 block = 1ULL << level_shift(level);

	while (size) {
		u64 *pte = &table[(addr >> level_shift(level)) %
				  PTES_PER_TABLE];
		u64 chunk = block - (addr & (block - 1));
		int ret;

		if (chunk > size)
			chunk = size;
		if (chunk == block && (level >= 1 || !attrs)) {
			if (!attrs)
				*pte = 0;
			else
				*pte = addr | attrs | (level == 3 ?
					PTE_TYPE_PAGE : PTE_TYPE_BLOCK);
		} else {
			u64 *next = next_table(pte, level);

			if (!next)
				return -ENOMEM;
			ret = map_level(next, level + 1, addr, chunk, attrs);
			if (ret)
				return ret;
		}
		addr += chunk;
		size -= chunk;
	}
	return 0;
}

static void warn_range(const char *what, u64 base, u64 size)
{
	debug_uart_puts("Ember: MMU: ");
	debug_uart_puts(what);
	debug_uart_puts(" 0x");
	debug_uart_puthex(base, 12);
	debug_uart_puts(" size 0x");
	debug_uart_puthex(size, 12);
	debug_uart_puts("\n");
}

static int map_region(u64 base, u64 size, u64 attrs)
{
	u64 limit = 1ULL << pa_bits;
	u64 end;

	if (!size)
		return 0;
	end = ALIGN(base + size, ARM_PAGE_SIZE);
	base = ALIGN_DOWN(base, ARM_PAGE_SIZE);
	if (base >= limit || end > limit || end < base) {
		warn_range("beyond the address space, not mapped:", base, size);
		return 0;
	}
	return map_level(tables[0], start_level, base, end - base, attrs);
}

static u64 read_cells(const fdt32_t *cell, int count)
{
	u64 val = 0;

	while (count--)
		val = (val << 32) | fdt32_to_cpu(*cell++);
	return val;
}

static bool prop_is(const void *fdt, int node, const char *name,
		    const char *val)
{
	int len;
	const char *p = fdt_getprop(fdt, node, name, &len);

	return p && len == (int)strlen(val) + 1 && !memcmp(p, val, len);
}

/*
 * Translate @addr, an address on the bus formed by the children of @bus,
 * into a CPU address through the 'ranges' of @bus and its ancestors
 * (@parents[d] is the node at depth d on the way down to @bus).
 * Return: 0, or -ERANGE when some bus on the way is not memory mapped or
 * no window holds the address
 */
static int translate(const void *fdt, const int *parents, int depth,
		     u64 *addr)
{
	for (; depth > 0; depth--) {
		int bus = parents[depth], up = parents[depth - 1];
		int cna, pna, ns, len, i, step;
		const fdt32_t *ranges;
		bool found = false;

		ranges = fdt_getprop(fdt, bus, "ranges", &len);
		if (!ranges)
			return -ERANGE;
		if (!len)
			continue;	/* identity */
		cna = fdt_address_cells(fdt, bus);
		pna = fdt_address_cells(fdt, up);
		ns = fdt_size_cells(fdt, bus);
		if (cna < 1 || pna < 1 || ns < 0)
			return -ERANGE;
		step = cna + pna + ns;
		len /= sizeof(*ranges);
		for (i = 0; i + step <= len; i += step) {
			u64 child = read_cells(ranges + i, cna);
			u64 base = read_cells(ranges + i + cna, pna);
			u64 size = read_cells(ranges + i + cna + pna, ns);

			if (*addr >= child && *addr - child < size) {
				*addr = base + (*addr - child);
				found = true;
				break;
			}
		}
		if (!found)
			return -ERANGE;
	}
	return 0;
}

/* Map the 'reg' entries of @node, whose parent is @parents[@depth - 1]. */
static int map_node_regs(const void *fdt, int node, const int *parents,
			 int depth)
{
	int parent = parents[depth - 1];
	int na = fdt_address_cells(fdt, parent);
	int ns = fdt_size_cells(fdt, parent);
	const fdt32_t *reg;
	int len, i, ret;

	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || na < 1 || na > 2 || ns < 1 || ns > 2)
		return 0;
	len /= sizeof(*reg);
	for (i = 0; i + na + ns <= len; i += na + ns) {
		u64 addr = read_cells(reg + i, na);
		u64 size = read_cells(reg + i + na, ns);

		if (translate(fdt, parents, depth - 1, &addr))
			continue;
		ret = map_region(addr, size, attr_device);
		if (ret)
			return ret;
	}
	return 0;
}

/* Map the parent side of every window in the 'ranges' of @node. */
static int map_node_ranges(const void *fdt, int node, const int *parents,
			   int depth)
{
	int parent = parents[depth - 1];
	int cna = fdt_address_cells(fdt, node);
	int pna = fdt_address_cells(fdt, parent);
	int ns = fdt_size_cells(fdt, node);
	const fdt32_t *ranges;
	int len, i, ret;

	ranges = fdt_getprop(fdt, node, "ranges", &len);
	if (!ranges || !len || cna < 1 || pna < 1 || pna > 2 || ns < 1 ||
	    ns > 2)
		return 0;
	len /= sizeof(*ranges);
	for (i = 0; i + cna + pna + ns <= len; i += cna + pna + ns) {
		u64 addr = read_cells(ranges + i + cna, pna);
		u64 size = read_cells(ranges + i + cna + pna, ns);

		if (translate(fdt, parents, depth - 1, &addr))
			continue;
		ret = map_region(addr, size, attr_device);
		if (ret)
			return ret;
	}
	return 0;
}

static int map_devices(const void *fdt)
{
	int parents[MAX_DEPTH] = { 0 };
	int node = 0, depth = 0, ret;

	for (;;) {
		node = fdt_next_node(fdt, node, &depth);
		if (node < 0 || depth <= 0)
			return 0;
		if (depth >= MAX_DEPTH)
			continue;
		parents[depth] = node;
		if (depth == 1 && prop_is(fdt, node, "device_type", "memory"))
			continue;
		/* Below a PCI bus, 'reg' holds config-space addresses. */
		if (prop_is(fdt, parents[depth - 1], "device_type", "pci"))
			continue;
		ret = map_node_regs(fdt, node, parents, depth);
		if (!ret)
			ret = map_node_ranges(fdt, node, parents, depth);
		if (ret)
			return ret;
	}
}

static int map_ram(const void *fdt, int *banks)
{
	int na = fdt_address_cells(fdt, 0);
	int ns = fdt_size_cells(fdt, 0);
	int node, ret;

	*banks = 0;
	if (na < 1 || na > 2 || ns < 1 || ns > 2)
		return -EINVAL;
	fdt_for_each_subnode(node, fdt, 0) {
		const fdt32_t *reg;
		int len, i;

		if (!prop_is(fdt, node, "device_type", "memory"))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg)
			continue;
		len /= sizeof(*reg);
		for (i = 0; i + na + ns <= len; i += na + ns) {
			ret = map_region(read_cells(reg + i, na),
					 read_cells(reg + i + na, ns),
					 attr_normal);
			if (ret)
				return ret;
			(*banks)++;
		}
	}
	return *banks ? 0 : -EINVAL;
}

static void set_attrs(unsigned int el)
{
	if (el == 1) {
		attr_normal = PTE_AF | PTE_SH_INNER | PTE_UXN |
			      PTE_ATTRINDX(MT_NORMAL);
		attr_device = PTE_AF | PTE_UXN | PTE_PXN |
			      PTE_ATTRINDX(MT_DEVICE_NGNRNE);
	} else {
		attr_normal = PTE_AF | PTE_SH_INNER | PTE_AP1 |
			      PTE_ATTRINDX(MT_NORMAL);
		attr_device = PTE_AF | PTE_AP1 | PTE_UXN |
			      PTE_ATTRINDX(MT_DEVICE_NGNRNE);
	}
}

static void mmu_enable(unsigned int el, unsigned int ps)
{
	u64 tcr = TCR_T0SZ(pa_bits) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA |
		  TCR_SH0_INNER | TCR_TG0_4K;
	u64 ttbr = (uintptr_t)tables[0];

	/*
	 * Nothing was cached since start.S turned the caches off (cleaning
	 * them if they were on), so dropping every line loses nothing and
	 * makes sure the table walker and the first cached accesses see RAM.
	 */
	invalidate_dcache_all();
	invalidate_icache_all();

	switch (el) {
	case 1:
		write_sysreg(MAIR_VALUE, mair_el1);
		write_sysreg(tcr | TCR_EL1_EPD1 | TCR_EL1_IPS(ps), tcr_el1);
		write_sysreg(ttbr, ttbr0_el1);
		isb();
		__asm__ __volatile__("tlbi vmalle1" : : : "memory");
		break;
	case 2:
		write_sysreg(MAIR_VALUE, mair_el2);
		write_sysreg(tcr | TCR_EL2_RES1 | TCR_EL2_PS(ps), tcr_el2);
		write_sysreg(ttbr, ttbr0_el2);
		isb();
		__asm__ __volatile__("tlbi alle2" : : : "memory");
		break;
	default:
		write_sysreg(MAIR_VALUE, mair_el3);
		write_sysreg(tcr | TCR_EL2_RES1 | TCR_EL2_PS(ps), tcr_el3);
		write_sysreg(ttbr, ttbr0_el3);
		isb();
		__asm__ __volatile__("tlbi alle3" : : : "memory");
		break;
	}
	dsb(sy);
	isb();
	write_sctlr(read_sctlr() | SCTLR_M | SCTLR_C | SCTLR_I);
}

int mmu_setup(const void *fdt, const struct arm_layout *layout)
{
	static const u8 parange_bits[] = { 32, 36, 40, 42, 44, 48 };
	u64 mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	unsigned int ps = mmfr0 & 0xf;
	unsigned int el = current_el();
	int banks, ret;

	if (((mmfr0 >> 28) & 0xf) == 0xf) {
		debug_uart_puts("Ember: MMU: CPU lacks the 4 KiB granule\n");
		return -EINVAL;
	}
	if (ps >= ARRAY_SIZE(parange_bits))
		ps = ARRAY_SIZE(parange_bits) - 1;
	pa_bits = parange_bits[ps];
	start_level = pa_bits > 39 ? 0 : 1;
	set_attrs(el);
	tables_used = 0;
	table_alloc();

	ret = map_devices(fdt);
	if (!ret)
		ret = map_ram(fdt, &banks);
	if (!ret)
		ret = map_region(layout->guard, ARM_PAGE_SIZE, 0);
	if (ret == -ENOMEM) {
		debug_uart_puts("Ember: MMU: all ");
		debug_uart_putdec(ARRAY_SIZE(tables));
		debug_uart_puts(" translation tables used; raise CONFIG_ARM_MMU_TABLES\n");
		return ret;
	}
	if (ret) {
		debug_uart_puts("Ember: MMU: no RAM bank in the device tree\n");
		return ret;
	}
	mmu_enable(el, ps);
	return 0;
}

bool mmu_enabled(void)
{
	return read_sctlr() & SCTLR_M;
}

unsigned int mmu_pa_bits(void)
{
	return pa_bits;
}

unsigned int mmu_tables_used(void)
{
	return tables_used;
}
