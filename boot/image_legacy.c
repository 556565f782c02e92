// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Legacy U-Boot images: the header and both CRCs; the parts of a multi-file
 * or script image.
 */
#include <asm/io.h>
#include <byteorder.h>
#include <env.h>
#include <errno.h>
#include <global_data.h>
#include <image.h>
#include <lib.h>
#include <memmap.h>
#include <string.h>

const void *image_map(phys_addr_t addr, const char *what, size_t *availp)
{
	phys_addr_t hole;
	u64 avail, size;
	int ret = mem_check_read(addr, IMAGE_MIN_HEADER);

	if (ret || !mem_in_ram(addr, IMAGE_MIN_HEADER)) {
		mem_report(what, addr, IMAGE_MIN_HEADER, ret ? ret : -EFAULT);
		return NULL;
	}
	/* Up to the end of RAM, or to a hole in it (the stack's guard page) */
	avail = gd->ram_base + gd->ram_size - addr;
	if (arch_mem_hole(addr, avail, &hole, &size))
		avail = hole - addr;
	*availp = avail;
	return map_sysmem(addr, avail);
}

int legacy_img_check(const void *buf, size_t avail, struct legacy_img *img)
{
	struct legacy_img_hdr hdr;
	u32 hcrc;

	if (avail < sizeof(hdr))
		return -EFAULT;
	memcpy(&hdr, buf, sizeof(hdr));
	if (be32_to_cpu(hdr.ih_magic) != IH_MAGIC)
		return -ENOEXEC;
	hcrc = be32_to_cpu(hdr.ih_hcrc);
	hdr.ih_hcrc = 0;
	if (crc32(0, &hdr, sizeof(hdr)) != hcrc)
		return -EBADMSG;
	img->size = be32_to_cpu(hdr.ih_size);
	if (img->size > avail - sizeof(hdr))
		return -EFAULT;
	img->data = (const u8 *)buf + sizeof(hdr);
	img->time = be32_to_cpu(hdr.ih_time);
	img->load = be32_to_cpu(hdr.ih_load);
	img->ep = be32_to_cpu(hdr.ih_ep);
	img->dcrc = be32_to_cpu(hdr.ih_dcrc);
	img->os = hdr.ih_os;
	img->arch = hdr.ih_arch;
	img->type = hdr.ih_type;
	img->comp = hdr.ih_comp;
	memcpy(img->name, hdr.ih_name, IH_NMLEN);
	img->name[IH_NMLEN] = '\0';
	return 0;
}

int legacy_img_verify(const struct legacy_img *img)
{
	return crc32(0, img->data, img->size) == img->dcrc ? 0 : -EIO;
}

int legacy_multi_part(const struct legacy_img *img, unsigned int part,
		      const u8 **datap, u32 *lenp)
{
	u64 at, n = 0;

	/* The length list and its end: the parts follow it */
	for (;; n++) {
		if ((n + 1) * 4 > img->size)
			return -EINVAL;
		if (!get_unaligned_be32(img->data + n * 4))
			break;
	}
	if (part >= n)
		return -ENOENT;
	at = (n + 1) * 4;
	/* Each part before it padded to 4 bytes, as mkimage writes them */
	for (unsigned int i = 0; i < part; i++)
		at += ALIGN((u64)get_unaligned_be32(img->data + i * 4), 4);
	*lenp = get_unaligned_be32(img->data + part * 4);
	if (at > img->size || *lenp > img->size - at)
		return -EINVAL;
	*datap = img->data + at;
	return 0;
}

int legacy_script_find(const void *buf, size_t avail, bool verify,
		       const char **textp, size_t *lenp)
{
	struct legacy_img img;
	const u8 *text;
	u32 len;
	int ret;

	ret = legacy_img_check(buf, avail, &img);
	if (ret)
		return ret;
	if (verify && legacy_img_verify(&img))
		return -EIO;
	if (img.type != IH_TYPE_SCRIPT)
		return -EPROTO;
	ret = legacy_multi_part(&img, 0, &text, &len);
	if (ret)
		return ret == -ENOENT ? -ENODATA : ret;
	*textp = (const char *)text;
	*lenp = len;
	return 0;
}

ulong image_load_addr(void)
{
	return env_get_hex("fileaddr", env_get_hex("loadaddr",
						   CONFIG_SYS_LOAD_ADDR));
}
