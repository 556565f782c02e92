// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * fdt_valid_at(): a DT libfdt wrote passes; one of a version before 16 is
 * refused before libfdt's full check, which dereferences NULL for such a
 * DT's root node (libfdt 1.6.1).
 */
#include <asm/io.h>
#include <fdt_valid.h>
#include <global_data.h>
#include <libfdt.h>
#include <test/ut.h>

#define DT_OFF		0x1000000	/* from the start of RAM */
#define DT_SIZE		0x1000

static int lib_test_fdt_valid_version(struct unit_test_state *uts)
{
	phys_addr_t addr = gd->ram_base + DT_OFF;
	void *fdt = map_sysmem(addr, DT_SIZE);

	ut_assertok(fdt_create_empty_tree(fdt, DT_SIZE));
	ut_asserteq(17, fdt_version(fdt));
	ut_asserteq_ptr(fdt, fdt_valid_at(addr));
	fdt_set_version(fdt, 16);
	ut_asserteq_ptr(fdt, fdt_valid_at(addr));
	/*
	 * Versions 15 and 8, readable by a version-2 reader as the header
	 * says: the root node's name is empty, no '/' in it
	 */
	fdt_set_last_comp_version(fdt, 2);
	fdt_set_version(fdt, 15);
	ut_asserteq_ptr(NULL, fdt_valid_at(addr));
	fdt_set_version(fdt, 8);
	ut_asserteq_ptr(NULL, fdt_valid_at(addr));
	return 0;
}
UNIT_TEST(lib_test_fdt_valid_version, 0, lib);
