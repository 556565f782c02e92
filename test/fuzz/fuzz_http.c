// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * HTTP (include/http.h): the response parser fed a hostile response twice,
 * whole and in pieces whose sizes come from the input, into buffers of
 * exactly the room it was given; both runs must end alike (result,
 * reason, status, body), the body must stay within the room, and a
 * consumed count never exceeds what was fed. A Location that comes is
 * resolved against a base URL and turned into a request. In URL mode,
 * http_url_parse() and http_url_resolve() on a base and a reference, with
 * the same checks on what they return.
 *
 * Input: a mode byte (bit 0: URL mode).
 * Response mode: a byte for the room (times 32 bytes), two bytes that
 * seed the piece sizes (bit 15: pieces up to 1 KiB, else up to 16 bytes),
 * then the response.
 * URL mode: the base URL, a newline, the reference.
 */
#include <compiler.h>
#include <errno.h>
#include <http.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

#define DEFAULT_BASE	"http://base.example:8080/dir/file?q"

static struct http_resp whole, split;
static struct http_url base, url, again;
static char req[4096], text[HTTP_URL_MAX + 32];

static void check_url(const struct http_url *u)
{
	size_t hlen = strnlen(u->host, sizeof(u->host));
	size_t plen = strnlen(u->path, sizeof(u->path));
	int n;

	if (!hlen || hlen == sizeof(u->host) || !u->port || plen == 0 ||
	    plen == sizeof(u->path) || u->path[0] != '/' ||
	    strchr(u->path, '#'))
		fuzz_fail();
	for (size_t i = 0; i < hlen; i++) {
		if (u->host[i] >= 'A' && u->host[i] <= 'Z')
			fuzz_fail();
	}
	/* The request: its own six lines, nothing injected */
	n = http_request_build(req, sizeof(req), u);
	if (n <= 0 || (size_t)n != strlen(req) ||
	    strcmp(req + n - 4, "\r\n\r\n"))
		fuzz_fail();
	for (int i = 0, lines = 0; i < n; i++) {
		u8 c = req[i];

		if (c == '\n' && (i == 0 || req[i - 1] != '\r' || ++lines > 6))
			fuzz_fail();
		if (c == '\r' ? req[i + 1] != '\n' : c < 0x20 && c != '\n')
			fuzz_fail();
	}
	/* Written back and read again, the same URL */
	if (http_url_format(text, sizeof(text), u) <= 0 ||
	    http_url_parse(text, &again) || strcmp(again.host, u->host) ||
	    again.port != u->port || strcmp(again.path, u->path) ||
	    again.has_ip != u->has_ip || again.ip != u->ip)
		fuzz_fail();
}

static void resolve(const char *ref)
{
	int ret = http_url_resolve(&base, ref, &url);

	if (!ret)
		check_url(&url);
	else if (ret > 0 || !http_url_error(ret))
		fuzz_fail();
}

/* A NUL-terminated copy of @len bytes, in an allocation of exactly that */
static char *copy(const u8 *p, size_t len)
{
	char *s = malloc(len + 1);

	if (!s)
		fuzz_fail();
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

static void fuzz_urls(const u8 *p, size_t len)
{
	const u8 *nl = memchr(p, '\n', len);
	size_t blen = nl ? (size_t)(nl - p) : len;
	char *b = copy(p, blen);
	char *ref = copy(nl ? nl + 1 : p, nl ? len - blen - 1 : 0);

	if (!http_url_parse(b, &base))
		check_url(&base);
	else if (http_url_parse(DEFAULT_BASE, &base))
		fuzz_fail();
	resolve(ref);
	if (!http_url_parse(ref, &url))
		check_url(&url);
	free(b);
	free(ref);
}

/* Feed @len bytes to @r: whole when @seed is 0, else in pieces from it */
static int feed(struct http_resp *r, const u8 *p, size_t len, u64 max,
		u32 seed)
{
	size_t off = 0;
	u32 x = seed;
	int n;

	while (off < len) {
		size_t piece = len - off;

		if (seed) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			piece = min_t(size_t, piece, 1 + x % (seed & 0x8000 ?
							       1024 : 16));
		}
		n = http_resp_feed(r, p + off, piece);
		if (n < 0)
			return n;
		if ((size_t)n > piece || http_resp_received(r) > max)
			fuzz_fail();
		off += n;
		if ((size_t)n < piece) {
			if (!http_resp_done(r))
				fuzz_fail();
			break;
		}
	}
	return off;
}

static void same(int a, int b, u8 *buf_a, u8 *buf_b)
{
	if (a != b || http_resp_done(&whole) != http_resp_done(&split) ||
	    http_resp_status(&whole) != http_resp_status(&split))
		fuzz_fail();
	if (a < 0) {
		if (!http_resp_error(&whole) ||
		    strcmp(http_resp_error(&whole), http_resp_error(&split)))
			fuzz_fail();
		return;
	}
	if (http_resp_error(&whole) || http_resp_error(&split) ||
	    http_resp_received(&whole) != http_resp_received(&split) ||
	    memcmp(buf_a, buf_b, http_resp_received(&whole)))
		fuzz_fail();
}

static void fuzz_response(const u8 *p, size_t len)
{
	u64 max = (u64)(len ? p[0] : 0) * 32;
	u32 seed = len >= 3 ? (p[1] << 8 | p[2]) | 1 : 1;
	u8 *buf_a = malloc(max ? max : 1), *buf_b = malloc(max ? max : 1);
	const char *loc;
	int a, b;

	if (!buf_a || !buf_b)
		fuzz_fail();
	p += min_t(size_t, len, 3);
	len -= min_t(size_t, len, 3);
	http_resp_init(&whole, buf_a, max);
	http_resp_init(&split, buf_b, max);
	a = feed(&whole, p, len, max, 0);
	b = feed(&split, p, len, max, seed);
	same(a, b, buf_a, buf_b);
	a = http_resp_eof(&whole);
	b = http_resp_eof(&split);
	same(a, b, buf_a, buf_b);
	if (!a != !http_resp_error(&whole))
		fuzz_fail();
	/* Done: a final status, and the length it said, if it said one */
	if (http_resp_done(&whole)) {
		u64 clen;

		if (http_resp_status(&whole) < 200 ||
		    (http_resp_length(&whole, &clen) &&
		     clen != http_resp_received(&whole)))
			fuzz_fail();
		if (!http_resp_length(&whole, &clen) &&
		    !http_resp_will_close(&whole) && !http_resp_chunked(&whole))
			fuzz_fail();
	}
	loc = http_resp_location(&whole);
	if (loc) {
		if (http_url_parse(DEFAULT_BASE, &base))
			fuzz_fail();
		resolve(loc);
	}
	free(buf_a);
	free(buf_b);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size };
	u8 mode = fuzz_u8(&in);

	fuzz_init();
	if (mode & 1)
		fuzz_urls(in.p, in.left);
	else
		fuzz_response(in.p, in.left);
	return 0;
}
