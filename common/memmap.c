// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Range checks for memory commands and loads (see include/memmap.h). */
#include <asm/io.h>
#include <dm/ofnode.h>
#include <errno.h>
#include <global_data.h>
#include <libfdt.h>
#include <memmap.h>
#include <stdio.h>

static bool inside(phys_addr_t addr, u64 len, phys_addr_t base, u64 size)
{
	return addr >= base && len <= size && addr - base <= size - len;
}

static bool overlaps(phys_addr_t addr, u64 len, phys_addr_t base, u64 size)
{
	return addr < base + size && base < addr + len;
}

bool mem_in_ram(phys_addr_t addr, u64 len)
{
	return inside(addr, len, gd->ram_base, gd->ram_size);
}

/* Inside the 'reg' window of some DT node, or one of its bus windows? */
static bool in_device_window(phys_addr_t addr, u64 len)
{
	const void *fdt = gd->fdt_blob;
	int off;

	for (off = fdt_next_node(fdt, -1, NULL); off >= 0;
	     off = fdt_next_node(fdt, off, NULL)) {
		ofnode node = offset_to_ofnode(off);
		u64 base, size;

		for (int i = 0; i < 16; i++) {
			if (ofnode_get_addr_size_index(node, i, &base, &size))
				break;
			if (inside(addr, len, base, size))
				return true;
		}
		/* Bus windows (PCIe memory and I/O) count too */
		for (int i = 0; i < 16; i++) {
			if (ofnode_get_range_index(node, i, &base, &size))
				break;
			if (inside(addr, len, base, size))
				return true;
		}
	}
	return false;
}

const char *mem_reserved_name(phys_addr_t addr, u64 len)
{
	phys_addr_t fdt = (phys_addr_t)(uintptr_t)gd->fdt_blob;

	if (overlaps(addr, len, gd->reloc_addr, gd->reloc_end - gd->reloc_addr))
		return "Ember's code, data, heap and stack";
	if (overlaps(addr, len, fdt, fdt_totalsize(gd->fdt_blob)))
		return "the control device tree";
	return NULL;
}

u64 mem_load_room(phys_addr_t addr, const char **stopp)
{
	phys_addr_t fdt = (phys_addr_t)(uintptr_t)gd->fdt_blob;
	u64 room;

	*stopp = "the end of RAM";
	if (mem_check_load(addr, 1))
		return 0;
	room = gd->ram_base + gd->ram_size - addr;
	if (gd->reloc_addr > addr && gd->reloc_addr - addr < room) {
		room = gd->reloc_addr - addr;
		*stopp = mem_reserved_name(gd->reloc_addr, 1);
	}
	if (fdt > addr && fdt - addr < room) {
		room = fdt - addr;
		*stopp = mem_reserved_name(fdt, 1);
	}
	return room;
}

int mem_check_read(phys_addr_t addr, u64 len)
{
	phys_addr_t base;
	u64 size;

	if (len && addr + len - 1 < addr)
		return -EFAULT;
	if (arch_mem_hole(addr, len, &base, &size))
		return -EFAULT;
	if (mem_in_ram(addr, len) || in_device_window(addr, len))
		return 0;
	return -EFAULT;
}

int mem_check_load(phys_addr_t addr, u64 len)
{
	if (len && addr + len - 1 < addr)
		return -EFAULT;
	if (!mem_in_ram(addr, len))
		return -EFAULT;
	return mem_reserved_name(addr, len) ? -EBUSY : 0;
}

int mem_check_write(phys_addr_t addr, u64 len)
{
	int ret = mem_check_load(addr, len);

	if (ret == -EFAULT && in_device_window(addr, len))
		return 0;
	return ret;
}

int mem_read(phys_addr_t addr, int size, u64 *valp)
{
	return arch_probe_read(map_sysmem(addr, size), size, valp);
}

int mem_write(phys_addr_t addr, int size, u64 val)
{
	return arch_probe_write(map_sysmem(addr, size), size, val);
}

void mem_report(const char *what, phys_addr_t addr, u64 len, int err)
{
	phys_addr_t base;
	const char *hole;
	u64 size;

	hole = err == -EFAULT ? arch_mem_hole(addr, len, &base, &size) : NULL;
	if (hole)
		printf("%s: %#llx..%#llx includes %s (%#llx..%#llx), which is not mapped\n",
		       what, (unsigned long long)addr,
		       (unsigned long long)(addr + len - 1), hole,
		       (unsigned long long)base,
		       (unsigned long long)(base + size - 1));
	else if (err == -EBUSY)
		printf("%s: %#llx..%#llx would overwrite %s\n", what,
		       (unsigned long long)addr,
		       (unsigned long long)(addr + len - 1),
		       mem_reserved_name(addr, len));
	else
		printf("%s: %#llx..%#llx is outside RAM (%#llx..%#llx) and device windows\n",
		       what, (unsigned long long)addr,
		       (unsigned long long)(addr + len - 1),
		       (unsigned long long)gd->ram_base,
		       (unsigned long long)(gd->ram_base + gd->ram_size - 1));
}
