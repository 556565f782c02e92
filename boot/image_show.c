// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Showing and verifying images as U-Boot's iminfo and bootm show them:
 * the legacy header's fields, a FIT image node's, and the line that says
 * how each hash compared.
 */
#include <asm/io.h>
#include <byteorder.h>
#include <env.h>
#include <errno.h>
#include <image.h>
#include <lib.h>
#include <libfdt.h>
#include <stdio.h>

enum image_format image_format(const void *buf)
{
	if (get_unaligned_be32(buf) == IH_MAGIC)
		return IMAGE_LEGACY;
	return fdt_magic(buf) == FDT_MAGIC ? IMAGE_FDT : IMAGE_UNKNOWN;
}

static void show_size(const char *p, u64 size)
{
	printf("%sData Size:    %llu Bytes = ", p, (unsigned long long)size);
	print_size(size, "\n");
}

const char *legacy_img_error(int err)
{
	return err == -EBADMSG ? "Bad Header Checksum" :
	       "the image runs past the end of RAM";
}

const char *fit_image_error(int err)
{
	return err == -ENODATA ? "no data" :
	       err == -EFAULT ? "its data runs past the end of RAM" :
	       "a malformed load, entry or data-* property";
}

void image_show_legacy(const struct legacy_img *img, const char *p)
{
	char date[32];

	printf("%sImage Name:   %s\n", p, img->name);
	printf("%sCreated:      %s\n", p, image_date(img->time, date));
	printf("%sImage Type:   %s %s %s (%s)\n", p,
	       image_name(IMAGE_ARCH, img->arch), image_name(IMAGE_OS, img->os),
	       image_name(IMAGE_TYPE, img->type),
	       image_name(IMAGE_COMP, img->comp));
	show_size(p, img->size);
	printf("%sLoad Address: %08x\n", p, img->load);
	printf("%sEntry Point:  %08x\n", p, img->ep);
}

int image_verify_legacy(const struct legacy_img *img, const char *p,
			bool always)
{
	if (!always && !env_get_yesno("verify"))
		return 0;
	printf("%sVerifying Checksum ... ", p);
	if (legacy_img_verify(img)) {
		printf("Bad Data CRC\n");
		return -EIO;
	}
	printf("OK\n");
	return 0;
}

static void show_addr(const char *p, const char *what, bool has, u64 v)
{
	if (has)
		printf("%s%s0x%08llx\n", p, what, (unsigned long long)v);
	else
		printf("%s%sunavailable\n", p, what);
}

void fit_show_image(const void *fit, const struct fit_img *img,
		    const char *p)
{
	struct fit_hash h;
	int node = -1;
	const fdt32_t *ts;
	char date[32];
	int len;

	printf("%sDescription:  %s\n", p, img->desc ? img->desc : "unavailable");
	/* As U-Boot: the FIT's own timestamp, for each image */
	ts = fdt_getprop(fit, 0, "timestamp", &len);
	if (ts && len == 4)
		printf("%sCreated:      %s\n", p,
		       image_date(fdt32_to_cpu(*ts), date));
	printf("%sType:         %s\n", p, image_name(IMAGE_TYPE, img->type));
	printf("%sCompression:  %s\n", p, image_name(IMAGE_COMP, img->comp));
	printf("%sData Start:   0x%08llx\n", p,
	       (unsigned long long)map_to_sysmem(img->data));
	show_size(p, img->size);
	printf("%sArchitecture: %s\n", p, image_name(IMAGE_ARCH, img->arch));
	if (img->type == IH_TYPE_KERNEL || img->type == IH_TYPE_KERNEL_NOLOAD ||
	    img->type == IH_TYPE_RAMDISK)
		printf("%sOS:           %s\n", p, image_name(IMAGE_OS, img->os));
	if (img->type != IH_TYPE_FLATDT) {
		show_addr(p, "Load Address: ", img->has_load, img->load);
		show_addr(p, "Entry Point:  ", img->has_entry, img->entry);
	}
	while ((node = fit_hash_next(fit, img, node, &h)) >= 0) {
		printf("%sHash algo:    %s\n", p, h.algo_str);
		printf("%sHash value:   ", p);
		for (int i = 0; i < h.len; i++)
			printf("%02x", h.value[i]);
		printf("\n");
	}
}

static const char *hash_error(int err)
{
	return err == -ENOSYS ? "unsupported hash algorithm" :
	       err == -EINVAL ? "bad hash value length" : "bad hash value";
}

int fit_verify_image(const void *fit, const struct fit_img *img,
		     const char *lead)
{
	struct fit_hash h;
	int node = -1, ret = 0, n = 0;

	printf("%s", lead);
	while ((node = fit_hash_next(fit, img, node, &h)) >= 0) {
		ret = fit_hash_check(img, &h);
		if (ret) {
			printf("%s error!\n   %s for '%s' hash node in '%s' image node\n",
			       h.algo_str, hash_error(ret), h.name, img->name);
			return ret;
		}
		printf("%s+ ", h.algo_str);
		n++;
	}
	if (node == -EINVAL) {
		printf("error!\n   a hash node of '%s' has no algo or no value\n",
		       img->name);
		return -EINVAL;
	}
	printf(n ? "OK\n" : "no hashes: not verified\n");
	return 0;
}

int fit_verify_asked(const void *fit, const struct fit_img *img)
{
	if (!env_get_yesno("verify"))
		return 0;
	return fit_verify_image(fit, img, "   Verifying Hash Integrity ... ");
}
