// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The legacy U-Boot image format ("uImage", mkimage -T ...): a 64-byte
 * big-endian header, then the data. Ember reads its script images
 * (mkimage -T script), which 'source' runs.
 */
#ifndef __IMAGE_H
#define __IMAGE_H

#include <types.h>

#define IH_MAGIC	0x27051956
#define IH_NMLEN	32
#define IH_TYPE_SCRIPT	6

struct legacy_img_hdr {
	__be32 ih_magic;
	__be32 ih_hcrc;		/* CRC-32 of the header, this field 0 */
	__be32 ih_time;
	__be32 ih_size;		/* bytes of data after the header */
	__be32 ih_load;
	__be32 ih_ep;
	__be32 ih_dcrc;		/* CRC-32 of the data */
	u8 ih_os;
	u8 ih_arch;
	u8 ih_type;
	u8 ih_comp;
	u8 ih_name[IH_NMLEN];
};

/**
 * legacy_script_find() - the script text in a legacy script image
 * @buf: the image; @avail bytes of it may be read
 * @verify: check the data's CRC too
 * @textp, @lenp: receive the script's first byte and its length
 *
 * The data of a script image is a multi-file list: big-endian 32-bit
 * lengths ended by a zero one, then the files; the script is the first.
 * Every length is checked against the image and @avail.
 *
 * Return: 0; -ENOEXEC not a legacy image (magic); -EBADMSG bad header CRC;
 * -EFAULT the data runs past @avail; -EIO bad data CRC; -EPROTO not a
 * script; -EINVAL a length list without its end or pointing outside the
 * data; -ENODATA an empty script
 */
int legacy_script_find(const void *buf, size_t avail, bool verify,
		       const char **textp, size_t *lenp);

#endif
