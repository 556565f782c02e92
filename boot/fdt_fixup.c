// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The device tree handed to the kernel: /chosen (bootargs, initrd, random
 * seeds) and /memory for the RAM Ember knows about. The properties are
 * those of the DT spec's /chosen node and Linux's DT bindings
 * (linux,initrd-start/end, rng-seed, kaslr-seed).
 */
#include <boot.h>
#include <byteorder.h>
#include <dm.h>
#include <env.h>
#include <errno.h>
#include <global_data.h>
#include <libfdt.h>
#include <rng.h>
#include <stdio.h>
#include <string.h>

#define SEED_MAX	512

static int fdt_err(int err)
{
	return err == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
}

static int chosen_offset(void *fdt)
{
	int off = fdt_path_offset(fdt, "/chosen");

	if (off == -FDT_ERR_NOTFOUND)
		off = fdt_add_subnode(fdt, 0, "chosen");
	return off;
}

int boot_fdt_seed(void *fdt, const char *name, int len)
{
	struct udevice *dev;
	u8 buf[SEED_MAX];
	int off, ret;

	if (len <= 0 || len > SEED_MAX)
		return -EINVAL;
	ret = uclass_first_device(UCLASS_RNG, &dev);
	if (ret)
		return ret;
	ret = dm_rng_read(dev, buf, len);
	if (ret)
		return ret;
	off = chosen_offset(fdt);
	if (off < 0)
		return fdt_err(off);
	ret = fdt_setprop(fdt, off, name, buf, len);
	memset(buf, 0, sizeof(buf));
	return ret ? fdt_err(ret) : 0;
}

static int set_initrd(void *fdt, int chosen, const struct boot_fdt_args *args)
{
	int ret;

	if (!args->initrd_end) {
		fdt_delprop(fdt, chosen, "linux,initrd-start");
		fdt_delprop(fdt, chosen, "linux,initrd-end");
		return 0;
	}
	ret = fdt_setprop_u64(fdt, chosen, "linux,initrd-start",
			      args->initrd_start);
	if (!ret)
		ret = fdt_setprop_u64(fdt, chosen, "linux,initrd-end",
				      args->initrd_end);
	return ret;
}

/* Encode @val in @cells 32-bit big-endian cells at @p */
static int put_cells(fdt32_t *p, int cells, u64 val)
{
	if (cells == 2) {
		p[0] = cpu_to_fdt32(val >> 32);
		p[1] = cpu_to_fdt32((u32)val);
	} else {
		p[0] = cpu_to_fdt32((u32)val);
	}
	return cells;
}

/* The first memory node's 'reg' becomes Ember's RAM bank */
static int set_memory(void *fdt)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
	char name[32];
	fdt32_t reg[4];
	int off, n;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return -FDT_ERR_BADNCELLS;
	off = fdt_node_offset_by_prop_value(fdt, -1, "device_type",
					    "memory", sizeof("memory"));
	if (off == -FDT_ERR_NOTFOUND) {
		snprintf(name, sizeof(name), "memory@%llx",
			 (unsigned long long)gd->ram_base);
		off = fdt_add_subnode(fdt, 0, name);
		if (off < 0)
			return off;
		n = fdt_setprop_string(fdt, off, "device_type", "memory");
		if (n)
			return n;
	} else if (off < 0) {
		return off;
	}
	n = put_cells(reg, ac, gd->ram_base);
	n += put_cells(reg + n, sc, gd->ram_size);
	return fdt_setprop(fdt, off, "reg", reg, n * sizeof(fdt32_t));
}

static void set_seeds(void *fdt, int chosen)
{
	const char *what = "rng-seed";
	int ret;

	ret = boot_fdt_seed(fdt, "rng-seed", CONFIG_BOOT_RNG_SEED_SIZE);
	if (!ret) {
		what = "kaslr-seed";
		ret = boot_fdt_seed(fdt, "kaslr-seed", 8);
	}
	if (!ret)
		return;
	/* Re-read: adding properties may have moved /chosen */
	chosen = fdt_path_offset(fdt, "/chosen");
	printf("booti: warning: no %s from an RNG (%s): %s\n", what,
	       ret == -ENODEV ? "no RNG device" : errno_str(ret),
	       chosen >= 0 && fdt_getprop(fdt, chosen, "rng-seed", NULL) ?
	       "keeping the DT's rng-seed" : "the kernel gets no seed");
}

static bool seed_wanted(const struct boot_fdt_args *args)
{
	const char *v = env_get("rngseed");

	if (!args->seed || !IS_ENABLED(CONFIG_BOOT_FDT_RNG_SEED))
		return false;
	return !v || !(v[0] == 'n' || v[0] == '0');
}

int boot_fdt_fixup(void *fdt, const struct boot_fdt_args *args)
{
	int chosen, ret;

	chosen = chosen_offset(fdt);
	if (chosen < 0)
		return fdt_err(chosen);
	ret = 0;
	if (args->bootargs)
		ret = fdt_setprop_string(fdt, chosen, "bootargs",
					 args->bootargs);
	if (!ret)
		ret = set_initrd(fdt, chosen, args);
	if (!ret)
		ret = set_memory(fdt);
	if (ret)
		return fdt_err(ret);
	if (seed_wanted(args))
		set_seeds(fdt, chosen);
	return 0;
}
