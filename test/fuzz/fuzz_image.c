// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Legacy U-Boot script images ('source'): the header, its CRCs and the
 * length list in front of the script (legacy_script_find()), with and
 * without the data's CRC checked (verify=n). Running the script found is
 * the shell harness's part. And every part of a multi-file image
 * (legacy_multi_part(), imxtract), whatever its type.
 *
 * Input: the image. The first byte picks verify (bit 0); the CRCs the
 * harness cannot be expected to guess are put right when bit 1 is set.
 */
#include <byteorder.h>
#include <errno.h>
#include <image.h>
#include <lib.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

static volatile u8 sink;	/* the parts' ends are read */

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct legacy_img_hdr *h;
	struct legacy_img img;
	const char *text;
	size_t len;
	u8 *buf;

	fuzz_init();
	if (size < 1)
		return 0;
	/* An exact-size copy: ASan sees any read past the image */
	buf = malloc(size - 1 ? size - 1 : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	h = (void *)buf;
	if ((data[0] & 2) && size - 1 >= sizeof(*h)) {
		u32 dsize = be32_to_cpu(h->ih_size);

		if (dsize <= size - 1 - sizeof(*h))
			h->ih_dcrc = cpu_to_be32(crc32(0, h + 1, dsize));
		h->ih_hcrc = 0;
		h->ih_hcrc = cpu_to_be32(crc32(0, h, sizeof(*h)));
	}
	if (!legacy_script_find(buf, size - 1, data[0] & 1, &text, &len)) {
		/* The script lies inside the image */
		if (text < (char *)buf || text + len > (char *)buf + size - 1)
			__builtin_trap();
	}
	if (!legacy_img_check(buf, size - 1, &img)) {
		const u8 *part;
		u32 plen;

		/* Each part inside the data, until there are no more */
		for (unsigned int i = 0; i < 1024; i++) {
			int ret = legacy_multi_part(&img, i, &part, &plen);

			if (ret == -ENOENT || ret == -EINVAL)
				break;
			if (ret || part < img.data || plen > img.size ||
			    part - img.data > img.size - plen)
				__builtin_trap();
			if (plen)
				sink ^= part[0] ^ part[plen - 1];
		}
	}
	free(buf);
	return 0;
}
