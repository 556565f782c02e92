// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * imxtract addr part [dest] | imxtract addr uname [dest]: one part of a
 * legacy multi-file (or script) image, or one image of a FIT, by name;
 * copied to dest, or inflated there when it is gzip data, as U-Boot's
 * imxtract. Checked first: the header, the CRC or the hashes (unless
 * $verify is 'n'), every length; the destination must be RAM a load may
 * take, and an inflated part must fit before the first reserved region
 * and must not run over its own compressed data.
 */
#include <asm/io.h>
#include <boot.h>
#include <byteorder.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <image.h>
#include <limits.h>
#include <memmap.h>
#include <stdio.h>
#include <string.h>

/* What was found: @data, @len bytes, compressed as @comp (IH_COMP_*) */
struct ximg_part {
	const u8 *data;
	u32 len;
	int comp;
	const char *comp_str;	/* for a FIT: the compression's name */
	char what[48];		/* "part 1", "'kernel-1'" */
};

static int from_legacy(ulong addr, const void *buf, size_t avail,
		       const char *arg, bool copy, struct ximg_part *p)
{
	struct legacy_img img;
	ulong part = 0;
	int ret;

	if (arg && cmd_parse_ulong(arg, 16, "imxtract", &part))
		return -EINVAL;
	printf("## Copying part %lu from legacy image at %08lx ...\n", part,
	       addr);
	ret = legacy_img_check(buf, avail, &img);
	if (ret) {
		printf("%s\n", legacy_img_error(ret));
		return ret;
	}
	if (img.type != IH_TYPE_MULTI && img.type != IH_TYPE_SCRIPT) {
		printf("Wrong Image Type for imxtract command: %s\n",
		       image_name(IMAGE_TYPE, img.type));
		return -EINVAL;
	}
	if (img.comp != IH_COMP_NONE && !copy) {
		printf("Must specify load address for imxtract command with compressed image\n");
		return -EINVAL;
	}
	ret = image_verify_legacy(&img, "   ", false);
	if (ret)
		return ret;
	ret = part > UINT_MAX ? -ENOENT :
	      legacy_multi_part(&img, part, &p->data, &p->len);
	if (ret == -ENOENT)
		printf("Bad Image Part: the image has no part %lu\n", part);
	else if (ret)
		printf("imxtract: the image's list of parts runs past its data\n");
	if (ret)
		return ret;
	p->comp = img.comp;
	p->comp_str = image_name(IMAGE_COMP, img.comp);
	snprintf(p->what, sizeof(p->what), "part %lu", part);
	return 0;
}

static int from_fit(ulong addr, const void *buf, size_t avail,
		    const char *name, bool copy, struct ximg_part *p)
{
	struct fit_img img;
	int node, ret;

	if (!name) {
		printf("No FIT subimage unit name\n");
		return -EINVAL;
	}
	printf("## Copying '%s' subimage from FIT image at %08lx ...\n", name,
	       addr);
	ret = (addr & 7) ? -EINVAL : fit_check(buf, avail);
	if (ret) {
		printf("Bad FIT image format: %s\n",
		       ret == -ENOENT ? "a device tree without /images" :
		       ret == -EFAULT ? "it runs past the end of RAM" :
		       (addr & 7) ? "not 8-byte aligned" : "a broken tree");
		return ret;
	}
	node = fit_image_node(buf, name);
	if (node < 0) {
		printf("Can't find '%s' FIT subimage\n", name);
		return -ENOENT;
	}
	ret = fit_image_get(buf, avail, node, &img);
	if (ret) {
		printf("imxtract: '%s': %s\n", name, fit_image_error(ret));
		return ret;
	}
	if (img.comp != IH_COMP_NONE && !copy) {
		printf("Must specify load address for imxtract command with compressed image\n");
		return -EINVAL;
	}
	ret = fit_verify_asked(buf, &img);
	if (ret)
		return ret;
	if (img.size > UINT_MAX) {
		printf("imxtract: '%s': %llu bytes, more than imxtract takes\n",
		       name, (unsigned long long)img.size);
		return -EOVERFLOW;
	}
	p->data = img.data;
	p->len = img.size;
	p->comp = img.comp;
	p->comp_str = img.comp_str;
	snprintf(p->what, sizeof(p->what), "'%s'", name);
	return 0;
}

/* @p copied to @dest, or inflated there: its length at @dest in *@lenp */
static int put_part(const struct ximg_part *p, ulong dest, u64 *lenp)
{
	ulong data = map_to_sysmem(p->data);
	const char *stop = "the end of RAM";
	size_t out;
	u64 room;
	int ret;

	switch (p->comp) {
	case IH_COMP_NONE:
		ret = p->len ? mem_check_load(dest, p->len) : 0;
		if (ret) {
			mem_report("imxtract", dest, p->len, ret);
			return ret;
		}
		printf("   Loading %s ... ", p->what);
		memmove(map_sysmem(dest, p->len), p->data, p->len);
		*lenp = p->len;
		break;
	case IH_COMP_GZIP:
		room = mem_load_room(dest, &stop);
		if (!room) {
			mem_report("imxtract", dest, 1, mem_check_load(dest, 1));
			return -EFAULT;
		}
		/* Never over the compressed data, read while written */
		if (dest >= data && dest - data < p->len) {
			printf("imxtract: the destination 0x%lx lies inside the compressed data (0x%lx, 0x%x bytes)\n",
			       dest, data, p->len);
			return -EINVAL;
		}
		if (dest < data && data - dest < room) {
			room = data - dest;
			stop = "the compressed data";
		}
		printf("   Uncompressing %s ... ", p->what);
		/*
		 * The size gzip's trailer records (the part's last 4 bytes):
		 * one larger than the room is refused before anything is
		 * written. A stream whose trailer lies fails its own length
		 * check anyway; data that is not gzip is refused by zlib at
		 * its first bytes.
		 */
		if (p->len >= GZIP_MIN_LEN && boot_is_gzip(p->data, p->len) &&
		    get_unaligned_le32(p->data + p->len - 4) > room)
			ret = -ENOSPC;
		else
			ret = boot_gunzip(map_sysmem(dest, room), room,
					  p->data, p->len, &out);
		if (ret) {
			printf("\n");
			boot_gunzip_report("imxtract", p->what, dest, ret, stop,
					   room);
			return ret;
		}
		*lenp = out;
		break;
	default:
		printf("Unimplemented compression type %s\n", p->comp_str);
		return -ENOSYS;
	}
	printf("OK\n");
	return 0;
}

static int do_imxtract(struct cmd_tbl *cmdtp, int flag, int argc,
		       char *const argv[])
{
	ulong addr = image_load_addr(), dest = 0;
	const char *arg = argc > 2 ? argv[2] : NULL;
	struct ximg_part p = { 0 };
	const void *buf;
	size_t avail;
	u64 len;
	int ret;

	if ((argc > 1 && cmd_parse_ulong(argv[1], 16, "imxtract", &addr)) ||
	    (argc > 3 && cmd_parse_ulong(argv[3], 16, "imxtract", &dest)))
		return CMD_RET_FAILURE;
	buf = image_map(addr, "imxtract", &avail);
	if (!buf)
		return CMD_RET_FAILURE;
	switch (image_format(buf)) {
	case IMAGE_LEGACY:
		ret = from_legacy(addr, buf, avail, arg, argc > 3, &p);
		break;
	case IMAGE_FDT:
		ret = from_fit(addr, buf, avail, arg, argc > 3, &p);
		break;
	default:
		printf("Invalid image type for imxtract: no legacy image or FIT at 0x%lx\n",
		       addr);
		return CMD_RET_FAILURE;
	}
	if (ret)
		return CMD_RET_FAILURE;
	len = p.len;
	if (argc > 3 && put_part(&p, dest, &len))
		return CMD_RET_FAILURE;
	env_set_hex("fileaddr", argc > 3 ? dest : map_to_sysmem(p.data));
	env_set_hex("filesize", len);
	return CMD_RET_SUCCESS;
}

EMBER_CMD(imxtract, 4, do_imxtract, "extract a part of a multi-image",
	  "addr part [dest]\n"
	  "    - extract <part> (hex) of the legacy multi-file or script image\n"
	  "      at <addr> and copy it to <dest>\n"
	  "imxtract addr uname [dest]\n"
	  "    - extract the <uname> image of the FIT at <addr> and copy it to\n"
	  "      <dest>\n"
	  "A gzip part is inflated at <dest>, which it then needs. Without\n"
	  "<dest>, $fileaddr and $filesize are the part where it lies.");
