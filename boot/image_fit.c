// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * FIT images (include/image.h): the tree checked once as a whole, then its
 * configurations, images and hashes read from it. A FIT comes from a
 * disk or the network: every string is checked for its end, every
 * number for its length, and data kept past the tree (mkimage -E) for
 * lying inside the bytes that may be read.
 */
#include <byteorder.h>
#include <errno.h>
#include <image.h>
#include <libfdt.h>
#include <string.h>

int fit_check(const void *buf, size_t avail)
{
	if (avail < sizeof(struct fdt_header))
		return -EFAULT;
	if (fdt_magic(buf) != FDT_MAGIC)
		return -ENOEXEC;
	if (fdt_totalsize(buf) > avail)
		return -EFAULT;
	/* Versions before 16: see fdt_valid_at() */
	if (fdt_check_header(buf) || fdt_version(buf) < 16 ||
	    fdt_check_full(buf, fdt_totalsize(buf)))
		return -EINVAL;
	return fdt_path_offset(buf, FIT_IMAGES) < 0 ? -ENOENT : 0;
}

/* Property @name of @node as a string ended inside it, or NULL */
static const char *prop_str(const void *fit, int node, const char *name)
{
	int len;
	const char *s = fdt_getprop(fit, node, name, &len);

	return s && len > 0 && !s[len - 1] ? s : NULL;
}

/* A cell or two (#address-cells 1 or 2): 0, -ENOENT, -EINVAL */
static int prop_addr(const void *fit, int node, const char *name, u64 *v)
{
	int len;
	const u8 *p = fdt_getprop(fit, node, name, &len);

	if (!p)
		return -ENOENT;
	if (len == 4)
		*v = get_unaligned_be32(p);
	else if (len == 8)
		*v = get_unaligned_be64(p);
	else
		return -EINVAL;
	return 0;
}

int fit_conf(const void *fit, const char *name, const char **namep)
{
	int confs = fdt_path_offset(fit, FIT_CONFS), node;

	if (confs < 0)
		return -ENOENT;
	if (!name)
		name = prop_str(fit, confs, "default");
	if (!name)
		return -ENOENT;
	node = fdt_subnode_offset(fit, confs, name);
	if (node < 0)
		return -ENOENT;
	*namep = fdt_get_name(fit, node, NULL);
	return node;
}

int fit_image_node(const void *fit, const char *name)
{
	int images = fdt_path_offset(fit, FIT_IMAGES), node;

	if (images < 0)
		return -ENOENT;
	node = fdt_subnode_offset(fit, images, name);
	return node < 0 ? -ENOENT : node;
}

int fit_conf_image(const void *fit, int conf, const char *prop, int index,
		   const char **namep)
{
	const char *name = fdt_stringlist_get(fit, conf, prop, index, NULL);
	int node;

	if (!name)
		return -ENOENT;
	*namep = name;
	node = fit_image_node(fit, name);
	return node < 0 ? -ENODEV : node;
}

/* The string property @name for @field: its number, -1 unknown/missing */
static int prop_id(const void *fit, int node, const char *name,
		   enum image_field field, const char **strp)
{
	const char *s = prop_str(fit, node, name);

	*strp = s ? s : "";
	return s ? image_id(field, s) : -1;
}

/* Where the data is, inside @avail: 0, -ENODATA, -EFAULT, -EINVAL */
static int image_data(const void *fit, size_t avail, int node,
		      struct fit_img *img)
{
	u64 size, pos, off;
	int len, ret;
	const u8 *p = fdt_getprop(fit, node, "data", &len);

	if (p) {
		img->data = p;
		img->size = len;
		return 0;
	}
	ret = prop_addr(fit, node, "data-size", &size);
	if (ret)
		return ret == -ENOENT ? -ENODATA : ret;
	ret = prop_addr(fit, node, "data-position", &pos);
	if (ret == -ENOENT) {
		/* From the end of the tree, rounded up to 4 bytes */
		ret = prop_addr(fit, node, "data-offset", &off);
		if (ret)
			return ret == -ENOENT ? -ENODATA : ret;
		pos = ((u64)fdt_totalsize(fit) + 3) / 4 * 4;
		if (off > avail)
			return -EFAULT;
		pos += off;
	} else if (ret) {
		return ret;
	}
	if (pos > avail || size > avail - pos)
		return -EFAULT;
	img->data = (const u8 *)fit + pos;
	img->size = size;
	return 0;
}

int fit_image_get(const void *fit, size_t avail, int node,
		  struct fit_img *img)
{
	int ret;

	memset(img, 0, sizeof(*img));
	img->node = node;
	img->name = fdt_get_name(fit, node, NULL);
	img->desc = prop_str(fit, node, "description");
	img->type = prop_id(fit, node, "type", IMAGE_TYPE, &img->type_str);
	img->os = prop_id(fit, node, "os", IMAGE_OS, &img->os_str);
	img->arch = prop_id(fit, node, "arch", IMAGE_ARCH, &img->arch_str);
	img->comp = prop_id(fit, node, "compression", IMAGE_COMP,
			    &img->comp_str);
	if (!*img->comp_str) {
		img->comp = IH_COMP_NONE;
		img->comp_str = "none";
	}
	ret = prop_addr(fit, node, "load", &img->load);
	if (ret == -EINVAL)
		return ret;
	img->has_load = !ret;
	ret = prop_addr(fit, node, "entry", &img->entry);
	if (ret == -EINVAL)
		return ret;
	img->has_entry = !ret;
	return image_data(fit, avail, node, img);
}

int fit_hash_next(const void *fit, const struct fit_img *img, int prev,
		  struct fit_hash *h)
{
	int node = prev < 0 ? fdt_first_subnode(fit, img->node) :
			      fdt_next_subnode(fit, prev);

	for (; node >= 0; node = fdt_next_subnode(fit, node)) {
		h->name = fdt_get_name(fit, node, NULL);
		if (h->name && !strncmp(h->name, "hash", 4))
			break;
	}
	if (node < 0)
		return -ENOENT;
	h->algo_str = prop_str(fit, node, "algo");
	h->value = fdt_getprop(fit, node, "value", &h->len);
	if (!h->algo_str || !h->value)
		return -EINVAL;
	h->algo = hash_lookup(h->algo_str);
	return node;
}

int fit_hash_check(const struct fit_img *img, const struct fit_hash *h)
{
	u8 digest[HASH_MAX_DIGEST];
	struct hash_ctx c;

	if (!h->algo)
		return -ENOSYS;
	if (h->len != (int)h->algo->size)
		return -EINVAL;
	h->algo->init(&c);
	h->algo->update(&c, img->data, img->size);
	h->algo->final(&c, digest);
	return memcmp(digest, h->value, h->len) ? -EBADMSG : 0;
}
