// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The HTTP/1.1 response parser (RFC 9112, field semantics from RFC 9110),
 * incremental: each call takes what TCP delivered and leaves the parser in
 * a state that the next byte continues. Lines (status, fields, chunk
 * sizes, trailers) are gathered in one bounded buffer; body bytes go
 * straight to the caller's buffer, never past its end.
 *
 * Choices where the RFCs leave one:
 * - A bare LF ends a line as CR LF does (RFC 9112 §2.2 allows it); a CR
 *   anywhere else in a line, and any other control byte but HTAB, is an
 *   error (§2.2, RFC 9110 §5.5).
 * - Obsolete line folding is refused, as is whitespace before the first
 *   field or between a field name and its colon (RFC 9112 §5.1, §5.2).
 * - Content-Length: digits only, a list of equal values ("42, 42") or
 *   equal duplicates taken as one, anything else refused (RFC 9110 §8.6).
 * - Transfer-Encoding: "chunked" once, nothing else: we send no TE, so a
 *   server may not use another coding (RFC 9112 §6.1). With Content-Length
 *   too, or in an HTTP/1.0 response, the framing is an error (§6.1, §6.3).
 * - 1xx responses are skipped (at most HTTP_MAX_INTERIM), except 101: we
 *   asked for no upgrade. 204 and 304 have no body whatever their fields
 *   say (§6.3).
 * - Chunk extensions are ignored; whitespace after a chunk size is
 *   tolerated; trailer fields are checked like header fields, then
 *   dropped (§7.1).
 * - Location is kept as sent (up to HTTP_URL_MAX - 1 bytes); two that
 *   differ are an error.
 * Nothing is printed here: http_resp_error() gives the caller the reason.
 */
#include <compiler.h>
#include <ctype.h>
#include <errno.h>
#include <http.h>
#include <limits.h>
#include <string.h>

#define U64_MAX		(~(u64)0)

static int fail(struct http_resp *r, int err, const char *why)
{
	r->state = HTTP_ST_ERROR;
	r->err = err;
	r->why = why;
	return err;
}

static bool is_ows(int c)
{
	return c == ' ' || c == '\t';
}

/* RFC 9110 §5.6.2 tchar: what a field name is made of */
static bool is_tchar(int c)
{
	return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* What a new status line starts from: no fields seen */
static void reset_head(struct http_resp *r)
{
	r->close = false;
	r->keep_alive = false;
	r->has_length = false;
	r->length = 0;
	r->te_codings = 0;
	r->te_seen = false;
	r->has_location = false;
	r->location[0] = '\0';
	r->fields = 0;
}

void http_resp_init(struct http_resp *r, void *buf, u64 max)
{
	/* All but the line buffer, which line_len says is empty */
	memset(r, 0, offsetof(struct http_resp, line));
	r->buf = buf;
	r->max = max;
	r->state = HTTP_ST_STATUS;
}

/*
 * Gather a line. Return 1 when it is complete (in r->line, NUL-terminated,
 * its line end removed, *lenp bytes), 0 when it needs more bytes, or
 * -errno; *usedp says how many of @p were taken either way.
 */
static int take_line(struct http_resp *r, const u8 *p, size_t n,
		     size_t *usedp, size_t *lenp)
{
	/* No need to look further than a line may go */
	const u8 *lf = memchr(p, '\n', min_t(size_t, n,
					     HTTP_MAX_LINE - r->line_len));
	size_t take = lf ? (size_t)(lf - p) : n;
	size_t len;

	/* The line and its LF within HTTP_MAX_LINE, room for the NUL */
	if (take > HTTP_MAX_LINE - 1 - r->line_len)
		return fail(r, -EMSGSIZE, "line too long");
	memcpy(r->line + r->line_len, p, take);
	r->line_len += take;
	*usedp = take + (lf ? 1 : 0);
	if (!lf)
		return 0;
	len = r->line_len;
	r->line_len = 0;
	if (len && r->line[len - 1] == '\r')
		len--;
	r->line[len] = '\0';
	for (size_t i = 0; i < len; i++) {
		u8 c = r->line[i];

		if (c == '\r')
			return fail(r, -EBADMSG, "bare CR in a line");
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return fail(r, -EBADMSG, "control character in a line");
	}
	*lenp = len;
	return 1;
}

/* "HTTP/1.x NNN reason" (RFC 9112 §4) */
static int parse_status(struct http_resp *r, const char *s, size_t n)
{
	int status;

	if (n < 12 || memcmp(s, "HTTP/", 5) || !isdigit(s[5]) || s[6] != '.' ||
	    !isdigit(s[7]) || s[8] != ' ')
		return fail(r, -EBADMSG, "no HTTP status line");
	if (s[5] != '1')
		return fail(r, -EBADMSG, "not an HTTP/1.x response");
	if (!isdigit(s[9]) || !isdigit(s[10]) || !isdigit(s[11]) ||
	    (n > 12 && s[12] != ' '))
		return fail(r, -EBADMSG, "bad status code");
	status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + s[11] - '0';
	if (status < 100 || status > 599)
		return fail(r, -EBADMSG, "status code out of range");
	reset_head(r);
	r->status = status;
	r->minor = s[7] - '0';
	r->state = HTTP_ST_FIELDS;
	return 0;
}

/*
 * The next member of the comma-separated list at *sp (RFC 9110 §5.6.1),
 * without the whitespace around it, empty ones included ("" is one empty
 * member); false at the end. Each call moves past a comma or to the end
 * (*sp NULL), so a loop over it ends.
 */
static bool next_member(const char **sp, const char **mp, size_t *lenp)
{
	const char *s = *sp, *e;

	if (!s)
		return false;
	while (is_ows(*s))
		s++;
	e = strchr(s, ',');
	*sp = e ? e + 1 : NULL;
	if (!e)
		e = s + strlen(s);
	*mp = s;
	while (e > s && is_ows(e[-1]))
		e--;
	*lenp = e - s;
	return true;
}

static int field_length(struct http_resp *r, const char *v)
{
	const char *m;
	size_t len;

	while (next_member(&v, &m, &len)) {
		u64 val = 0;

		if (!len)
			return fail(r, -EBADMSG, "bad Content-Length");
		for (size_t i = 0; i < len; i++) {
			unsigned int d = m[i] - '0';

			if (!isdigit(m[i]))
				return fail(r, -EBADMSG, "bad Content-Length");
			if (val > (U64_MAX - d) / 10)
				return fail(r, -EBADMSG, "Content-Length overflows");
			val = val * 10 + d;
		}
		if (r->has_length && val != r->length)
			return fail(r, -EBADMSG, "Content-Length values disagree");
		r->has_length = true;
		r->length = val;
	}
	return 0;
}

static int field_te(struct http_resp *r, const char *v)
{
	const char *m;
	size_t len;

	r->te_seen = true;
	while (next_member(&v, &m, &len)) {
		if (!len)
			continue;
		if (len != 7 || strncasecmp(m, "chunked", 7))
			return fail(r, -EBADMSG,
				    "transfer coding other than chunked");
		if (r->te_codings++)
			return fail(r, -EBADMSG, "chunked twice");
	}
	return 0;
}

static void field_connection(struct http_resp *r, const char *v)
{
	const char *m;
	size_t len;

	while (next_member(&v, &m, &len)) {
		if (len == 5 && !strncasecmp(m, "close", 5))
			r->close = true;
		if (len == 10 && !strncasecmp(m, "keep-alive", 10))
			r->keep_alive = true;
	}
}

static int field_location(struct http_resp *r, const char *v, size_t n)
{
	if (n >= sizeof(r->location))
		return fail(r, -EMSGSIZE, "Location too long");
	if (r->has_location && strcmp(r->location, v))
		return fail(r, -EBADMSG, "Location values disagree");
	memcpy(r->location, v, n + 1);
	r->has_location = true;
	return 0;
}

/* "name: value" (RFC 9112 §5), a header field or, ignored, a trailer */
static int parse_field(struct http_resp *r, char *s, size_t n, bool trailer)
{
	char *v, *end = s + n;
	size_t i;

	if (is_ows(s[0]))
		return fail(r, -EBADMSG, "obsolete line folding");
	if (++r->fields > HTTP_MAX_FIELDS)
		return fail(r, -EMSGSIZE, "too many header fields");
	for (i = 0; i < n && s[i] != ':'; i++) {
		if (!is_tchar((u8)s[i]))
			return fail(r, -EBADMSG, "bad field name");
	}
	if (!i || i == n)
		return fail(r, -EBADMSG, "field line without a name and colon");
	s[i] = '\0';
	v = s + i + 1;
	while (v < end && is_ows(*v))
		v++;
	while (end > v && is_ows(end[-1]))
		end--;
	*end = '\0';
	if (trailer)
		return 0;
	if (!strcasecmp(s, "content-length"))
		return field_length(r, v);
	if (!strcasecmp(s, "transfer-encoding"))
		return field_te(r, v);
	if (!strcasecmp(s, "location"))
		return field_location(r, v, end - v);
	if (!strcasecmp(s, "connection"))
		field_connection(r, v);
	return 0;
}

/* The empty line after the fields: how the body is framed (§6.3) */
static int end_head(struct http_resp *r)
{
	if (r->status < 200) {
		if (r->status == 101)
			return fail(r, -EBADMSG, "unexpected 101 response");
		if (++r->interim > HTTP_MAX_INTERIM)
			return fail(r, -EMSGSIZE, "too many 1xx responses");
		r->state = HTTP_ST_STATUS;
		return 0;
	}
	r->head_done = true;
	if (!r->minor && !r->keep_alive)
		r->close = true;
	if (r->status == 204 || r->status == 304) {
		r->state = HTTP_ST_DONE;
		return 0;
	}
	if (r->te_seen) {
		if (!r->te_codings)
			return fail(r, -EBADMSG, "empty Transfer-Encoding");
		if (!r->minor)
			return fail(r, -EBADMSG,
				    "Transfer-Encoding in an HTTP/1.0 response");
		if (r->has_length)
			return fail(r, -EBADMSG,
				    "both Content-Length and chunked");
		r->state = HTTP_ST_CHUNK_SIZE;
		return 0;
	}
	if (r->has_length) {
		if (r->length > r->max)
			return fail(r, -E2BIG, "body larger than the buffer");
		r->state = r->length ? HTTP_ST_BODY : HTTP_ST_DONE;
		return 0;
	}
	r->close = true;
	r->state = HTTP_ST_BODY_CLOSE;
	return 0;
}

/* "1*HEXDIG [ BWS ; chunk-ext ]" (§7.1); extensions are ignored */
static int parse_chunk_size(struct http_resp *r, const char *s, size_t n)
{
	u64 size = 0;
	size_t i;

	for (i = 0; i < n && isxdigit(s[i]); i++) {
		if (size >> 60)
			return fail(r, -EBADMSG, "chunk size overflows");
		size = size << 4 | hex_digit(s[i]);
	}
	if (!i)
		return fail(r, -EBADMSG, "bad chunk size");
	while (i < n && is_ows(s[i]))
		i++;
	if (i < n && s[i] != ';')
		return fail(r, -EBADMSG, "bad chunk size");
	if (!size) {
		r->fields = 0;
		r->state = HTTP_ST_TRAILER;
		return 0;
	}
	if (size > r->max - r->len)
		return fail(r, -E2BIG, "body larger than the buffer");
	r->chunk_left = size;
	r->state = HTTP_ST_CHUNK_DATA;
	return 0;
}

static int line_step(struct http_resp *r, const u8 *p, size_t n,
		     size_t *usedp)
{
	size_t len;
	int ret;

	ret = take_line(r, p, n, usedp, &len);
	if (ret <= 0)
		return ret;
	switch (r->state) {
	case HTTP_ST_STATUS:
		return parse_status(r, r->line, len);
	case HTTP_ST_FIELDS:
		return len ? parse_field(r, r->line, len, false) : end_head(r);
	case HTTP_ST_CHUNK_SIZE:
		return parse_chunk_size(r, r->line, len);
	default:	/* HTTP_ST_TRAILER */
		if (len)
			return parse_field(r, r->line, len, true);
		r->state = HTTP_ST_DONE;
		return 0;
	}
}

static void store(struct http_resp *r, const u8 *p, size_t n)
{
	memcpy(r->buf + r->len, p, n);
	r->len += n;
}

/*
 * One step of the parser on @n > 0 bytes: it takes at least one of them
 * (*usedp), or ends in HTTP_ST_DONE or an error
 */
static int step(struct http_resp *r, const u8 *p, size_t n, size_t *usedp)
{
	size_t take;

	switch (r->state) {
	case HTTP_ST_BODY:	/* r->len < r->length <= r->max */
		take = min_t(u64, n, r->length - r->len);
		store(r, p, take);
		if (r->len == r->length)
			r->state = HTTP_ST_DONE;
		*usedp = take;
		return 0;
	case HTTP_ST_BODY_CLOSE:
		if (n > r->max - r->len)
			return fail(r, -E2BIG, "body larger than the buffer");
		store(r, p, n);
		*usedp = n;
		return 0;
	case HTTP_ST_CHUNK_DATA:	/* 0 < chunk_left <= max - len */
		take = min_t(u64, n, r->chunk_left);
		store(r, p, take);
		r->chunk_left -= take;
		if (!r->chunk_left) {
			r->cr = false;
			r->state = HTTP_ST_CHUNK_END;
		}
		*usedp = take;
		return 0;
	case HTTP_ST_CHUNK_END:
		*usedp = 1;
		if (p[0] == '\r' && !r->cr) {
			r->cr = true;
			return 0;
		}
		if (p[0] != '\n')
			return fail(r, -EBADMSG, "chunk longer than its size");
		r->state = HTTP_ST_CHUNK_SIZE;
		return 0;
	default:
		return line_step(r, p, n, usedp);
	}
}

int http_resp_feed(struct http_resp *r, const void *data, size_t len)
{
	const u8 *p = data;
	size_t used = 0, n = 0;
	int ret;

	if (r->state == HTTP_ST_ERROR)
		return r->err;
	if (len > INT_MAX)
		len = INT_MAX;
	/* Bounded by @len: every step takes a byte or stops the loop */
	while (used < len && r->state != HTTP_ST_DONE) {
		ret = step(r, p + used, len - used, &n);
		if (ret)
			return ret;
		used += n;
	}
	return used;
}

int http_resp_eof(struct http_resp *r)
{
	switch (r->state) {
	case HTTP_ST_DONE:
		return 0;
	case HTTP_ST_ERROR:
		return r->err;
	case HTTP_ST_BODY_CLOSE:
		r->state = HTTP_ST_DONE;
		return 0;
	case HTTP_ST_STATUS:
		if (!r->line_len && !r->interim)
			return fail(r, -ENODATA,
				    "connection closed without a response");
		return fail(r, -ENODATA, "connection closed in the header");
	case HTTP_ST_FIELDS:
		return fail(r, -ENODATA, "connection closed in the header");
	default:
		return fail(r, -ENODATA,
			    "connection closed before the end of the body");
	}
}

bool http_resp_length(const struct http_resp *r, u64 *lenp)
{
	if (!r->head_done)
		return false;
	if (r->status == 204 || r->status == 304) {
		*lenp = 0;
		return true;
	}
	if (r->te_seen || !r->has_length)
		return false;
	*lenp = r->length;
	return true;
}

const char *http_resp_location(const struct http_resp *r)
{
	return r->head_done && r->has_location ? r->location : NULL;
}

bool http_resp_will_close(const struct http_resp *r)
{
	return r->close;
}
