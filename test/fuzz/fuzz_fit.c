// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * FIT images (bootm, iminfo): fit_check(), then every image node read
 * (fit_image_get(): data in the tree or past it), shown, and its hashes
 * checked; every configuration and the images it names; and the same
 * bytes as a legacy image (legacy_img_check(), its data CRC).
 *
 * Input: a flags byte, then the image. Flags bit 0: each hash value of a
 * known algorithm and the right length is first rewritten to the digest
 * of its image's data, which the check must then accept (the fuzzer
 * cannot be expected to guess a SHA-256); the legacy header's CRCs are
 * put right the same way.
 */
#include <byteorder.h>
#include <errno.h>
#include <image.h>
#include <lib.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

/* Rewrite @img's hashes to match its data */
static void fix_hashes(u8 *fit, const struct fit_img *img)
{
	u8 digest[HASH_MAX_DIGEST];
	struct fit_hash h;
	struct hash_ctx c;
	int node = -1;

	while ((node = fit_hash_next(fit, img, node, &h)) >= 0) {
		if (!h.algo || h.len != (int)h.algo->size)
			continue;
		h.algo->init(&c);
		h.algo->update(&c, img->data, img->size);
		h.algo->final(&c, digest);
		fdt_setprop_inplace(fit, node, "value", digest, h.len);
	}
}

/* Whether fixing @img's hash values cannot have changed its data */
static bool data_apart(const u8 *fit, const struct fit_img *img)
{
	const u8 *tree_end = fit + fdt_totalsize(fit);

	return fdt_getprop(fit, img->node, "data", NULL) ||
	       img->data >= tree_end || img->data + img->size <= fit;
}

static void images(u8 *fit, size_t size, bool fix)
{
	int parent = fdt_path_offset(fit, FIT_IMAGES), node, n = 0, hn;
	struct fit_img img;
	struct fit_hash h;

	fdt_for_each_subnode(node, fit, parent) {
		if (fit_image_get(fit, size, node, &img))
			continue;
		/* The data lies inside the input */
		if (img.data < fit || img.size > size ||
		    img.data > fit + size - img.size)
			__builtin_trap();
		if (fix)
			fix_hashes(fit, &img);
		fit_show_image(fit, &img, " ");
		fit_verify_image(fit, &img, "");
		/* A value just made right must be found right */
		for (hn = -1; fix && data_apart(fit, &img) &&
		     (hn = fit_hash_next(fit, &img, hn, &h)) >= 0;)
			if (h.algo && h.len == (int)h.algo->size &&
			    fit_hash_check(&img, &h))
				__builtin_trap();
		if (++n > 64)
			break;
	}
}

static void confs(const u8 *fit)
{
	static const char *const props[] = { "kernel", "ramdisk", "fdt" };
	int parent = fdt_path_offset(fit, FIT_CONFS), node, n = 0;
	const char *name, *img;

	fit_conf(fit, NULL, &name);
	/* Not -1 into the loop: libfdt would walk the root's subnodes */
	if (parent < 0)
		return;
	fdt_for_each_subnode(node, fit, parent) {
		/*
		 * Found by its name: this node, or an earlier one that name
		 * also names (duplicates, or "c" for "c@1": libfdt's lookup)
		 */
		if (fit_conf(fit, fdt_get_name(fit, node, NULL), &name) < 0)
			__builtin_trap();
		for (size_t p = 0; p < ARRAY_SIZE(props); p++)
			for (int i = 0; i < 4; i++)
				if (fit_conf_image(fit, node, props[p], i,
						   &img) == -ENOENT)
					break;
		if (++n > 64)
			break;
	}
}

static void legacy(u8 *buf, size_t size, bool fix)
{
	struct legacy_img_hdr *h = (void *)buf;
	struct legacy_img img;
	char date[32];

	if (fix && size >= sizeof(*h)) {
		u32 dsize = be32_to_cpu(h->ih_size);

		if (dsize <= size - sizeof(*h))
			h->ih_dcrc = cpu_to_be32(crc32(0, h + 1, dsize));
		h->ih_hcrc = 0;
		h->ih_hcrc = cpu_to_be32(crc32(0, h, sizeof(*h)));
	}
	if (legacy_img_check(buf, size, &img))
		return;
	if (img.data + img.size > buf + size)
		__builtin_trap();
	if (legacy_img_verify(&img) && fix)
		__builtin_trap();
	image_show_legacy(&img, " ");
	image_date(img.time, date);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	bool fix;
	u8 *buf;

	fuzz_init();
	if (size < 1)
		return 0;
	fix = data[0] & 1;
	size--;
	/* An exact-size copy: ASan sees any read past the image */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size);
	if (size >= 4 && image_format(buf) == IMAGE_FDT &&
	    !fit_check(buf, size)) {
		images(buf, size, fix);
		confs(buf);
	}
	legacy(buf, size, fix);
	free(buf);
	return 0;
}
