// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Legacy U-Boot script images: the header, both CRCs, the length list. */
#include <byteorder.h>
#include <errno.h>
#include <image.h>
#include <lib.h>
#include <string.h>

static u32 get_be32(const u8 *p)
{
	__be32 v;

	memcpy(&v, p, sizeof(v));
	return be32_to_cpu(v);
}

int legacy_script_find(const void *buf, size_t avail, bool verify,
		       const char **textp, size_t *lenp)
{
	struct legacy_img_hdr hdr;
	const u8 *data = (const u8 *)buf + sizeof(hdr);
	size_t size, pos, first;
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
	size = be32_to_cpu(hdr.ih_size);
	if (size > avail - sizeof(hdr))
		return -EFAULT;
	if (verify && crc32(0, data, size) != be32_to_cpu(hdr.ih_dcrc))
		return -EIO;
	if (hdr.ih_type != IH_TYPE_SCRIPT)
		return -EPROTO;
	/* The length list: its end, then the first file */
	for (pos = 0;; pos += 4) {
		if (pos + 4 > size)
			return -EINVAL;
		if (!get_be32(data + pos))
			break;
	}
	pos += 4;
	first = get_be32(data);
	if (!first)
		return -ENODATA;
	if (first > size - pos)
		return -EINVAL;
	*textp = (const char *)data + pos;
	*lenp = first;
	return 0;
}
