// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * gzip (RFC 1952) decompression for Image.gz and unzip, with Debian's
 * zlib. zlib allocates its state (about 7 KiB plus a 32 KiB window)
 * through the hooks below, which use Ember's heap.
 */
#define Z_SOLO		/* no <sys/types.h> or <unistd.h>: Ember has none */
#include <boot.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

static voidpf gz_alloc(voidpf opaque, uInt items, uInt size)
{
	return calloc(items, size);
}

static void gz_free(voidpf opaque, voidpf p)
{
	free(p);
}

bool boot_is_gzip(const void *buf, size_t len)
{
	const u8 *b = buf;

	return len >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

int boot_gunzip(void *dst, size_t dst_len, const void *src, size_t src_len,
		size_t *out_lenp)
{
	z_stream s = {
		.next_in = (Bytef *)src,
		.avail_in = src_len,
		.next_out = dst,
		.avail_out = dst_len,
		.zalloc = gz_alloc,
		.zfree = gz_free,
	};
	int ret;

	/* Window bits 15 + 16: gzip wrapper only, checked CRC and length */
	ret = inflateInit2(&s, MAX_WBITS + 16);
	if (ret != Z_OK)
		return ret == Z_MEM_ERROR ? -ENOMEM : -EINVAL;
	ret = inflate(&s, Z_FINISH);
	*out_lenp = s.total_out;
	inflateEnd(&s);
	if (ret == Z_STREAM_END)
		return 0;
	if (ret == Z_BUF_ERROR && !s.avail_out)
		return -ENOSPC;
	if (ret == Z_BUF_ERROR)
		return -ENODATA;	/* input ended early: truncated */
	return -EBADMSG;	/* corrupt data or check value */
}

void boot_gunzip_report(const char *who, const char *what, phys_addr_t at,
			int err, const char *stop, u64 room)
{
	if (err == -ENOSPC)
		printf("%s: %s inflated at 0x%llx does not fit before %s (0x%llx bytes of room)\n",
		       who, what, (unsigned long long)at, stop,
		       (unsigned long long)room);
	else
		printf("%s: cannot decompress %s at 0x%llx: %s\n",
		       who, what, (unsigned long long)at,
		       err == -ENODATA ? "truncated gzip data" :
		       err == -EBADMSG ? "corrupt or truncated gzip data" :
		       errno_str(err));
}
