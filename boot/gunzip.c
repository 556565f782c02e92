// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * gzip (RFC 1952) decompression for Image.gz, unzip and gzwrite, with
 * Debian's zlib. zlib allocates its state (about 7 KiB plus a 32 KiB window)
 * through the hooks below, which use Ember's heap.
 */
#define Z_SOLO		/* no <sys/types.h> or <unistd.h>: Ember has none */
#include <blk.h>
#include <boot.h>
#include <byteorder.h>
#include <command.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

#ifdef CONFIG_CMD_GZWRITE
/* Block @at of @blk, @n of them from @buf: 0, or -errno after saying so */
static int gzw_put(struct udevice *blk, const char *name, u64 at, u64 n,
		   const void *buf)
{
	long done = blk_write(blk, at, n, buf);

	if (done == (long)n)
		return 0;
	printf("gzwrite: %s: cannot write blocks %#llx+%#llx: %s\n", name,
	       (unsigned long long)at, (unsigned long long)n,
	       done < 0 ? errno_str(done) : "short write");
	return done < 0 ? (int)done : -EIO;
}

/* The last @n bytes, less than a block, over block @at's first bytes */
static int gzw_put_tail(struct udevice *blk, const char *name, u64 at,
			const u8 *data, size_t n, u8 *b)
{
	long got = blk_read(blk, at, 1, b);

	if (got != 1) {
		printf("gzwrite: %s: cannot read block %#llx to keep what follows the image in it: %s\n",
		       name, (unsigned long long)at,
		       got < 0 ? errno_str(got) : "short read");
		return got < 0 ? (int)got : -EIO;
	}
	memcpy(b, data, n);
	return gzw_put(blk, name, at, 1, b);
}

static int gzw_check(struct udevice *blk, const char *name, size_t len,
		     const u8 *src, u64 wbuf, u64 offs, u64 *wantp)
{
	const struct blk_desc *d = blk_get_desc(blk);
	/* The size, saturated: a device may report any number of blocks */
	u64 cap = d->lba > ~0ULL / d->blksz ? ~0ULL : d->lba * d->blksz;
	u32 isize;

	if (len < GZIP_MIN_LEN || !boot_is_gzip(src, len)) {
		printf("gzwrite: no gzip data (at least %u bytes, 1f 8b) there\n",
		       GZIP_MIN_LEN);
		return -EINVAL;
	}
	if (!wbuf || wbuf % d->blksz || wbuf > GZWRITE_WBUF_MAX) {
		printf("gzwrite: buffer size %#llx: a multiple of %s's block size (%#x), at most %#x\n",
		       (unsigned long long)wbuf, name, (u32)d->blksz,
		       GZWRITE_WBUF_MAX);
		return -EINVAL;
	}
	if (offs > cap) {
		printf("gzwrite: offset %#llx is past the end of %s (%#llx bytes)\n",
		       (unsigned long long)offs, name,
		       (unsigned long long)cap);
		return -ERANGE;
	}
	if (offs % d->blksz) {
		printf("gzwrite: offset %#llx is not a block boundary of %s (%#x-byte blocks)\n",
		       (unsigned long long)offs, name, (u32)d->blksz);
		return -EINVAL;
	}
	/* The trailer's size is the output's modulo 4 GiB */
	isize = get_unaligned_le32(src + len - 4);
	if (!*wantp) {
		*wantp = isize;
	} else if ((u32)*wantp != isize) {
		printf("gzwrite: size %#llx does not match the gzip trailer's %#x (the size modulo 4 GiB)\n",
		       (unsigned long long)*wantp, isize);
		return -EINVAL;
	}
	if (*wantp > cap - offs) {
		printf("gzwrite: the image inflates to %#llx bytes, past the end of %s (%#llx bytes from %#llx)\n",
		       (unsigned long long)*wantp, name,
		       (unsigned long long)(cap - offs),
		       (unsigned long long)offs);
		return -ENOSPC;
	}
	return 0;
}

/*
 * Inflate into @buf until it is full, the stream ends, or the input runs
 * out, feeding zlib at most 4 GiB of input at a time (its counts are 32
 * bits): zlib's last answer
 */
static int gzw_fill(z_stream *s, u8 *buf, u64 wbuf, const u8 **inp,
		    size_t *leftp)
{
	int r;

	s->next_out = buf;
	s->avail_out = wbuf;
	do {
		if (!s->avail_in && *leftp) {
			s->next_in = (Bytef *)*inp;
			s->avail_in = min_t(size_t, *leftp, UINT_MAX);
			*inp += s->avail_in;
			*leftp -= s->avail_in;
		}
		r = inflate(s, Z_NO_FLUSH);
	} while (r == Z_OK && s->avail_out && (s->avail_in || *leftp));
	return r;
}

int gzip_write_blk(struct udevice *blk, const char *name, const void *src,
		   size_t len, u64 wbuf, u64 offs, u64 want)
{
	u32 bs = blk_get_desc(blk)->blksz;
	z_stream s = { .zalloc = gz_alloc, .zfree = gz_free };
	u64 at = offs / bs, total = 0;
	const u8 *in = src;
	size_t left = len;
	int r = Z_OK, ret, round = 0;
	const char *why = NULL;
	bool wrote = false;
	u8 *buf, *last;

	ret = gzw_check(blk, name, len, src, wbuf, offs, &want);
	if (ret)
		return ret;
	buf = malloc(wbuf);
	last = malloc(bs);
	/* Window bits 15 + 16: gzip wrapper only, checked CRC and length */
	if (!buf || !last || inflateInit2(&s, MAX_WBITS + 16) != Z_OK) {
		printf("gzwrite: no memory for a %#llx-byte buffer and zlib's state\n",
		       (unsigned long long)wbuf);
		free(buf);
		free(last);
		return -ENOMEM;
	}
	printf("\n");
	while (!ret && r != Z_STREAM_END) {
		size_t n, whole;

		r = gzw_fill(&s, buf, wbuf, &in, &left);
		n = wbuf - s.avail_out;
		whole = n / bs * bs;
		/* A buffer zlib found wrong is not written */
		if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR) {
			why = r == Z_MEM_ERROR ? "out of memory" :
			      "corrupt gzip data, or a CRC or length that does not match";
			ret = r == Z_MEM_ERROR ? -ENOMEM : -EBADMSG;
			break;
		}
		if (n > want - total) {
			why = "more data than the size expected";
			ret = -EOVERFLOW;
			break;
		}
		if (whole)
			ret = gzw_put(blk, name, at, whole / bs, buf);
		if (ret)
			break;
		wrote |= whole;
		at += whole / bs;
		total += whole;
		/* A buffer not filled, and no end: the input ran out first */
		if (r != Z_STREAM_END && n < wbuf) {
			why = "truncated gzip data";
			ret = -EBADMSG;
			break;
		}
		if (n > whole) {
			ret = gzw_put_tail(blk, name, at, buf + whole,
					   n - whole, last);
			if (ret)
				break;
			wrote = true;
			total += n - whole;
		}
		if (!(++round & 3))
			printf("%llu/%llu\r", (unsigned long long)total,
			       (unsigned long long)want);
		if (r != Z_STREAM_END && ctrlc()) {
			why = "interrupted";
			ret = -EINTR;
		}
	}
	if (!ret && total != want) {
		why = "fewer bytes than the size expected";
		ret = -EBADMSG;
	}
	/* Whatever was written reaches the disk, also after an error */
	if (wrote) {
		int fl = blk_flush(blk);

		if (fl)
			printf("gzwrite: %s: cannot flush: %s\n", name,
			       errno_str(fl));
		if (!ret)
			ret = fl;
	}
	if (!ret)
		printf("\n\t%llu bytes, crc 0x%08lx\n",
		       (unsigned long long)total, s.adler);
	else
		printf("\n\tuncompressed %llu of %llu\n",
		       (unsigned long long)total, (unsigned long long)want);
	if (why)
		printf("gzwrite: %s: %s after %#llx bytes; the blocks before hold what was written\n",
		       name, why, (unsigned long long)total);
	if (!ret && (s.avail_in || left))
		printf("gzwrite: %llu bytes after the gzip stream ignored\n",
		       (unsigned long long)(s.avail_in + left));
	inflateEnd(&s);
	free(buf);
	free(last);
	return ret;
}
#endif
