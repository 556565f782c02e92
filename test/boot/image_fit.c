// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * FIT parsing (boot/image_fit.c) on trees built here with libfdt's
 * sequential writer: where data is (in the tree, past it by offset or
 * position), each bound, each malformed property, configurations and the
 * images they name, hashes; and the dates and names iminfo shows.
 */
#include <byteorder.h>
#include <errno.h>
#include <image.h>
#include <lib.h>
#include <libfdt.h>
#include <string.h>
#include <test/ut.h>

#define TREE	4096	/* room for the tree; external data after it */

static u8 fit[TREE + 64] __aligned(8);

static void be32_prop(void *t, const char *name, u32 v)
{
	fdt32_t c = cpu_to_fdt32(v);

	fdt_property(t, name, &c, sizeof(c));
}

/* One image node: @data or, with @ext_size, data past the tree */
static void image(void *t, const char *name, const char *data,
		  const char *ext, u32 ext_val, u32 ext_size)
{
	u8 crc[4];

	fdt_begin_node(t, name);
	fdt_property_string(t, "type", "kernel");
	fdt_property_string(t, "arch", "arm64");
	if (data) {
		fdt_property(t, "data", data, strlen(data));
		fdt_begin_node(t, "hash-1");
		fdt_property_string(t, "algo", "crc32");
		put_unaligned_be32(crc32(0, data, strlen(data)), crc);
		fdt_property(t, "value", crc, 4);
		fdt_end_node(t);
		fdt_begin_node(t, "hash-2");
		fdt_property_string(t, "algo", "crc16-ccitt");
		fdt_property(t, "value", crc, 4);
		fdt_end_node(t);
	} else if (ext) {
		be32_prop(t, ext, ext_val);
		be32_prop(t, "data-size", ext_size);
	}
	fdt_end_node(t);
}

/* The test FIT, packed; its tree's size rounded up to 4 */
static u32 build(void)
{
	void *t = fit;

	memset(fit, 0, sizeof(fit));
	fdt_create(t, TREE);
	fdt_finish_reservemap(t);
	fdt_begin_node(t, "");
	fdt_begin_node(t, "images");
	image(t, "k", "kernel!", NULL, 0, 0);
	image(t, "off", NULL, "data-offset", 4, 8);
	image(t, "pos", NULL, "data-position", 16, 4);
	image(t, "none", NULL, NULL, 0, 0);
	fdt_begin_node(t, "short");
	fdt_property(t, "data-size", "ab", 2);
	fdt_property(t, "data-offset", "\0\0\0\0", 4);
	fdt_end_node(t);
	fdt_begin_node(t, "load");
	fdt_property(t, "data", "x", 1);
	fdt_property(t, "load", "\0\0\0\0\x40\0\0\0", 8);
	fdt_property(t, "entry", "\x40\0\0\0", 4);
	fdt_end_node(t);
	fdt_end_node(t);
	fdt_begin_node(t, "configurations");
	fdt_property_string(t, "default", "c1");
	fdt_begin_node(t, "c1");
	fdt_property_string(t, "kernel", "k");
	fdt_property(t, "fdt", "gone\0k", 7);
	fdt_end_node(t);
	fdt_end_node(t);
	fdt_end_node(t);
	fdt_finish(t);
	return (fdt_totalsize(fit) + 3) & ~3U;
}

static int boot_test_fit(struct unit_test_state *uts)
{
	u32 end = build();
	struct fit_img img;
	struct fit_hash h;
	const char *name;
	int conf, node;

	ut_assert(end + 16 <= sizeof(fit));
	ut_assertok(fit_check(fit, end));
	ut_asserteq(-EFAULT, fit_check(fit, fdt_totalsize(fit) - 1));
	ut_asserteq(-EFAULT, fit_check(fit, 39));
	/* In the tree: its load (two cells) and entry (one), its hashes */
	ut_assertok(fit_image_get(fit, end, fit_image_node(fit, "k"), &img));
	ut_asserteq_mem("kernel!", img.data, 7);
	ut_asserteq(7, img.size);
	ut_asserteq(IH_TYPE_KERNEL, img.type);
	ut_asserteq(IH_ARCH_ARM64, img.arch);
	ut_asserteq(-1, img.os);
	ut_asserteq(IH_COMP_NONE, img.comp);
	ut_assert(!img.has_load);
	node = fit_hash_next(fit, &img, -1, &h);
	ut_assert(node >= 0);
	ut_asserteq_str("hash-1", h.name);
	ut_assertok(fit_hash_check(&img, &h));
	img.size--;
	ut_asserteq(-EBADMSG, fit_hash_check(&img, &h));
	node = fit_hash_next(fit, &img, node, &h);
	ut_asserteq_str("crc16-ccitt", h.algo_str);
	ut_asserteq(-ENOSYS, fit_hash_check(&img, &h));
	ut_asserteq(-ENOENT, fit_hash_next(fit, &img, node, &h));
	ut_assertok(fit_image_get(fit, end, fit_image_node(fit, "load"), &img));
	ut_assert(img.has_load && img.has_entry);
	ut_asserteq(0x40000000, img.load);
	ut_asserteq(0x40000000, img.entry);
	/* Past the tree, by offset and by position: inside what may be read */
	node = fit_image_node(fit, "off");
	ut_asserteq(-EFAULT, fit_image_get(fit, end + 11, node, &img));
	ut_assertok(fit_image_get(fit, end + 12, node, &img));
	ut_asserteq_ptr(fit + end + 4, img.data);
	ut_asserteq(8, img.size);
	node = fit_image_node(fit, "pos");
	ut_asserteq(-EFAULT, fit_image_get(fit, 19, node, &img));
	ut_assertok(fit_image_get(fit, 20, node, &img));
	ut_asserteq_ptr(fit + 16, img.data);
	ut_asserteq(-ENODATA, fit_image_get(fit, end,
					    fit_image_node(fit, "none"), &img));
	ut_asserteq(-EINVAL, fit_image_get(fit, end,
					   fit_image_node(fit, "short"), &img));
	ut_asserteq(-ENOENT, fit_image_node(fit, "missing"));
	/* The default configuration, and what it names */
	conf = fit_conf(fit, NULL, &name);
	ut_assert(conf >= 0);
	ut_asserteq_str("c1", name);
	ut_asserteq(-ENOENT, fit_conf(fit, "c2", &name));
	ut_asserteq(fit_image_node(fit, "k"),
		    fit_conf_image(fit, conf, "kernel", 0, &name));
	ut_asserteq(-ENODEV, fit_conf_image(fit, conf, "fdt", 0, &name));
	ut_asserteq_str("gone", name);
	ut_asserteq(fit_image_node(fit, "k"),
		    fit_conf_image(fit, conf, "fdt", 1, &name));
	ut_asserteq(-ENOENT, fit_conf_image(fit, conf, "ramdisk", 0, &name));
	/* Not a FIT */
	fdt_del_node(fit, fdt_path_offset(fit, FIT_IMAGES));
	ut_asserteq(-ENOENT, fit_check(fit, end));
	fit[0] ^= 1;
	ut_asserteq(-ENOEXEC, fit_check(fit, end));
	return 0;
}
UNIT_TEST(boot_test_fit, 0, boot);

static int boot_test_image_names(struct unit_test_state *uts)
{
	char buf[32];

	ut_asserteq_str("1970-01-01   0:00:00 UTC", image_date(0, buf));
	ut_asserteq_str("2000-02-29  23:59:59 UTC", image_date(951868799, buf));
	ut_asserteq_str("2000-03-01   0:00:00 UTC", image_date(951868800, buf));
	ut_asserteq_str("2026-12-02   8:53:01 UTC",
			image_date(1796201581, buf));
	ut_asserteq_str("2106-02-07   6:28:15 UTC",
			image_date(0xffffffff, buf));
	ut_asserteq_str("AArch64", image_name(IMAGE_ARCH, IH_ARCH_ARM64));
	ut_asserteq_str("Unknown Architecture", image_name(IMAGE_ARCH, 99));
	ut_asserteq_str("uncompressed", image_name(IMAGE_COMP, IH_COMP_NONE));
	ut_asserteq(IH_TYPE_KERNEL_NOLOAD, image_id(IMAGE_TYPE,
						    "kernel_noload"));
	ut_asserteq(-1, image_id(IMAGE_OS, "vxworks"));
	return 0;
}
UNIT_TEST(boot_test_image_names, 0, boot);
