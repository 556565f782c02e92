// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The kernel DT fix-ups: /chosen, /memory and the random seeds. */
#include <boot.h>
#include <env.h>
#include <errno.h>
#include <global_data.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>

#define FDT_SIZE	0x8000

/* A minimal DT: no /chosen, no memory node, 2+2 cells */
static void *make_fdt(void)
{
	void *fdt = calloc(1, FDT_SIZE);

	if (!fdt)
		return NULL;
	fdt_create_empty_tree(fdt, FDT_SIZE);
	fdt_setprop_u32(fdt, 0, "#address-cells", 2);
	fdt_setprop_u32(fdt, 0, "#size-cells", 2);
	return fdt;
}

/* A 64-bit property value: big-endian, maybe only 4-byte aligned */
static u64 get_u64(const void *p)
{
	fdt64_t v;

	memcpy(&v, p, sizeof(v));
	return fdt64_to_cpu(v);
}

static int boot_test_fdt_chosen(struct unit_test_state *uts)
{
	struct boot_fdt_args args = {
		.bootargs = "console=ttyAMA0 quiet",
		.initrd_start = 0x44000000,
		.initrd_end = 0x44100000,
	};
	void *fdt = make_fdt();
	const void *v;
	const char *s;
	int chosen, len;

	ut_assertnonnull(fdt);
	ut_assertok(boot_fdt_fixup(fdt, &args));
	chosen = fdt_path_offset(fdt, "/chosen");
	ut_assert(chosen >= 0);
	s = fdt_getprop(fdt, chosen, "bootargs", &len);
	ut_asserteq_str("console=ttyAMA0 quiet", s);
	v = fdt_getprop(fdt, chosen, "linux,initrd-start", &len);
	ut_asserteq(8, len);
	ut_asserteq(0x44000000, get_u64(v));
	v = fdt_getprop(fdt, chosen, "linux,initrd-end", &len);
	ut_asserteq(0x44100000, get_u64(v));
	/* No seeds asked for */
	ut_assert(!fdt_getprop(fdt, chosen, "rng-seed", NULL));

	/* No initrd now: the old properties go */
	args.initrd_start = args.initrd_end = 0;
	ut_assertok(boot_fdt_fixup(fdt, &args));
	chosen = fdt_path_offset(fdt, "/chosen");
	ut_assert(!fdt_getprop(fdt, chosen, "linux,initrd-start", NULL));
	ut_assert(!fdt_getprop(fdt, chosen, "linux,initrd-end", NULL));
	free(fdt);
	return 0;
}
UNIT_TEST(boot_test_fdt_chosen, 0, boot);

static int boot_test_fdt_memory(struct unit_test_state *uts)
{
	struct boot_fdt_args args = {};
	void *fdt = make_fdt();
	const fdt32_t *reg;
	int node, len;

	ut_assertnonnull(fdt);
	ut_assertok(boot_fdt_fixup(fdt, &args));
	node = fdt_node_offset_by_prop_value(fdt, -1, "device_type",
					     "memory", sizeof("memory"));
	ut_assert(node >= 0);
	reg = fdt_getprop(fdt, node, "reg", &len);
	ut_asserteq(16, len);
	ut_asserteq(gd->ram_base >> 32, fdt32_to_cpu(reg[0]));
	ut_asserteq((u32)gd->ram_base, fdt32_to_cpu(reg[1]));
	ut_asserteq(gd->ram_size >> 32, fdt32_to_cpu(reg[2]));
	ut_asserteq((u32)gd->ram_size, fdt32_to_cpu(reg[3]));
	/* A second run edits the same node */
	ut_assertok(boot_fdt_fixup(fdt, &args));
	ut_asserteq(node, fdt_node_offset_by_prop_value(fdt, -1,
			"device_type", "memory", sizeof("memory")));
	free(fdt);
	return 0;
}
UNIT_TEST(boot_test_fdt_memory, 0, boot);

static int boot_test_fdt_seeds(struct unit_test_state *uts)
{
	struct boot_fdt_args args = { .seed = true };
	void *fdt = make_fdt();
	const void *rng, *kaslr;
	int chosen, len1, len2;

	ut_assertnonnull(fdt);
	ut_assertok(boot_fdt_fixup(fdt, &args));
	chosen = fdt_path_offset(fdt, "/chosen");
	rng = fdt_getprop(fdt, chosen, "rng-seed", &len1);
	kaslr = fdt_getprop(fdt, chosen, "kaslr-seed", &len2);
	ut_assertnonnull(rng);
	ut_assertnonnull(kaslr);
	ut_asserteq(CONFIG_BOOT_RNG_SEED_SIZE, len1);
	ut_asserteq(8, len2);

	/* rngseed=no: an existing seed is kept as it is */
	ut_assertok(fdt_setprop_string(fdt, chosen, "rng-seed", "old"));
	ut_assertok(fdt_delprop(fdt, chosen, "kaslr-seed"));
	ut_assertok(env_set("rngseed", "no"));
	ut_assertok(boot_fdt_fixup(fdt, &args));
	env_set("rngseed", NULL);
	chosen = fdt_path_offset(fdt, "/chosen");
	ut_asserteq_str("old", fdt_getprop(fdt, chosen, "rng-seed", NULL));
	ut_assert(!fdt_getprop(fdt, chosen, "kaslr-seed", NULL));

	/* No room: the seed reports -ENOSPC */
	ut_assertok(fdt_pack(fdt));
	ut_asserteq(-ENOSPC, boot_fdt_seed(fdt, "kaslr-seed", 8));
	free(fdt);
	return 0;
}
UNIT_TEST(boot_test_fdt_seeds, 0, boot);
