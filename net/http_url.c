// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * http:// URLs (RFC 3986) for 'wget': splitting one, resolving a
 * redirect's Location against the URL requested (§5.2), and writing the
 * GET request (RFC 9112 §3, RFC 9110 §7.2).
 *
 * Accepted: "http://" (any case), a host that is a DNS name (letters,
 * digits, '-', '_', dots; no empty label but a final dot) or a dotted
 * IPv4 address (four decimal octets, no leading zeros), an optional port
 * 1..65535 (empty means 80), then a path and query of RFC 3986's
 * characters, '%' followed by two hex digits included. The fragment is
 * dropped and dot segments are removed (§5.2.4). Refused: other schemes,
 * https:// among them (no TLS), user info, IPv6 and other bracketed
 * literals, percent-encoded hosts, spaces and control or non-ASCII bytes
 * anywhere, and hosts or paths longer than their buffers.
 */
#include <ctype.h>
#include <errno.h>
#include <http.h>
#include <net.h>
#include <stdio.h>
#include <string.h>

/* RFC 3986 §2.2 and §2.3, with the ':' '@' '/' '?' a path and query hold */
static bool is_path_char(int c)
{
	return isalnum(c) || (c && strchr("-._~!$&'()*+,;=:@/?", c));
}

static bool is_host_char(int c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.';
}

/* @s holds only path and query characters, '%' with two hex digits */
static bool valid_path(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (n - i < 3 || !isxdigit(s[i + 1]) ||
			    !isxdigit(s[i + 2]))
				return false;
			i += 2;
		} else if (!is_path_char((u8)s[i])) {
			return false;
		}
	}
	return true;
}

/*
 * RFC 3986 §5.2.4 on an absolute path of @n bytes, in place: "." segments
 * go, ".." takes the segment before it with it. The result is never
 * longer than the input; its length is returned.
 */
static size_t remove_dots(char *p, size_t n)
{
	size_t in = 0, out = 0;

	while (in < n) {	/* p[in] is the '/' before a segment */
		size_t s = in + 1, e = s;
		bool last;

		while (e < n && p[e] != '/')
			e++;
		last = e == n;
		if (e - s == 1 && p[s] == '.') {
			/* nothing */
		} else if (e - s == 2 && p[s] == '.' && p[s + 1] == '.') {
			while (out > 0 && p[--out] != '/')
				;
		} else {
			memmove(p + out, p + in, e - in);
			out += e - in;
			last = false;
		}
		if (last)
			p[out++] = '/';	/* "/a/." is "/a/" */
		in = e;
	}
	if (!out)
		p[out++] = '/';
	return out;
}

/* Dot segments out of @u's path, the query after it kept */
static void normalise(struct http_url *u)
{
	char *q = strchr(u->path, '?');
	size_t plen = q ? (size_t)(q - u->path) : strlen(u->path);
	size_t qlen = strlen(u->path + plen);
	size_t n = remove_dots(u->path, plen);

	memmove(u->path + n, u->path + plen, qlen + 1);
}

/*
 * @u->path = the first @plen bytes already in @u->path, then @rest
 * (@rlen bytes, checked here); @plen + @rlen must start with '/'
 */
static int set_path(struct http_url *u, size_t plen, const char *rest,
		    size_t rlen)
{
	if (rlen >= sizeof(u->path) - plen)
		return -ENAMETOOLONG;
	if (!valid_path(rest, rlen))
		return -EINVAL;
	memcpy(u->path + plen, rest, rlen);
	u->path[plen + rlen] = '\0';
	normalise(u);
	return 0;
}

/*
 * Four decimal octets without leading zeros (RFC 3986 §3.2.2 dec-octet):
 * string_to_ip()'s dotted quad, with no octet starting with a 0 that is
 * not the octet itself
 */
static int parse_ipv4(const char *s, u32 *ipp)
{
	for (const char *p = s; *p; p++)
		if (*p == '0' && (p == s || p[-1] == '.') && isdigit(p[1]))
			return -EINVAL;
	return string_to_ip(s, ipp);
}

/* The host of @n bytes at @s into @u: a name or an IPv4 address */
static int parse_host(const char *s, size_t n, struct http_url *u)
{
	bool numeric = true;
	size_t label = 0;

	if (!n)
		return -EINVAL;
	if (s[0] == '[')
		return -EPROTONOSUPPORT;	/* IPv6 or IPvFuture */
	if (n >= sizeof(u->host))
		return -ENAMETOOLONG;
	for (size_t i = 0; i < n; i++) {
		if (!is_host_char((u8)s[i]))
			return -EINVAL;
		if (s[i] == '.') {
			if (!label)	/* a leading dot or two in a row */
				return -EINVAL;
			label = 0;
		} else if (++label > 63) {
			return -EINVAL;
		}
		if (!isdigit(s[i]) && s[i] != '.')
			numeric = false;
		u->host[i] = tolower(s[i]);
	}
	u->host[n] = '\0';
	u->has_ip = numeric;
	if (numeric)
		return parse_ipv4(u->host, &u->ip);
	u->ip = 0;
	return 0;
}

/* Digits of a port; empty is the default */
static int parse_port(const char *s, size_t n, u16 *portp)
{
	u32 v = 0;

	if (!n) {
		*portp = HTTP_PORT;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (!isdigit(s[i]))
			return -EINVAL;
		v = v * 10 + s[i] - '0';
		if (v > 65535)
			return -ERANGE;
	}
	if (!v)
		return -ERANGE;
	*portp = v;
	return 0;
}

/*
 * What follows "http://" or "//": authority, path, query, of @n bytes (the
 * fragment already cut off)
 */
static int parse_hier(const char *s, size_t n, struct http_url *u)
{
	size_t alen = 0, hlen;
	const char *colon;
	int ret;

	while (alen < n && s[alen] != '/' && s[alen] != '?')
		alen++;
	if (memchr(s, '@', alen))
		return -EINVAL;	/* user info: never sent in the clear */
	colon = alen && s[0] != '[' ? memchr(s, ':', alen) : NULL;
	hlen = colon ? (size_t)(colon - s) : alen;
	ret = parse_host(s, hlen, u);
	if (ret)
		return ret;
	ret = parse_port(s + hlen + 1, colon ? alen - hlen - 1 : 0, &u->port);
	if (ret)
		return ret;
	u->path[0] = '/';
	if (alen < n && s[alen] == '/')
		return set_path(u, 0, s + alen, n - alen);
	return set_path(u, 1, s + alen, n - alen);
}

/* @s starts with "scheme:" (RFC 3986 §3.1); its length without ':' or 0 */
static size_t scheme_len(const char *s)
{
	size_t i;

	if (!isalpha(s[0]))
		return 0;
	for (i = 1; isalnum(s[i]) || s[i] == '+' || s[i] == '-' ||
		    s[i] == '.'; i++)
		;
	return s[i] == ':' ? i : 0;
}

/* Bytes of @s before its fragment, or -ENAMETOOLONG */
static int ref_len(const char *s, size_t *lenp)
{
	size_t n = strnlen(s, HTTP_URL_MAX);

	if (n >= HTTP_URL_MAX)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '#') {
			n = i;
			break;
		}
	}
	*lenp = n;
	return 0;
}

int http_url_parse(const char *url, struct http_url *u)
{
	struct http_url t;
	size_t n, slen;
	int ret;

	ret = ref_len(url, &n);
	if (ret)
		return ret;
	slen = scheme_len(url);
	if (!slen)
		return -EINVAL;
	if (slen != 4 || strncasecmp(url, "http", 4))
		return -EPROTONOSUPPORT;
	if (n < 7 || url[5] != '/' || url[6] != '/')
		return -EINVAL;
	ret = parse_hier(url + 7, n - 7, &t);
	if (ret)
		return ret;
	*u = t;
	return 0;
}

int http_url_resolve(const struct http_url *base, const char *ref,
		     struct http_url *out)
{
	struct http_url t = *base;
	size_t n, keep;
	int ret;

	ret = ref_len(ref, &n);
	if (ret)
		return ret;
	if (scheme_len(ref))
		return http_url_parse(ref, out);
	if (n >= 2 && ref[0] == '/' && ref[1] == '/') {
		ret = parse_hier(ref + 2, n - 2, &t);
	} else if (!n) {
		ret = 0;	/* the same resource */
	} else if (ref[0] == '/') {
		ret = set_path(&t, 0, ref, n);
	} else {
		/* "?query" keeps the path, "x" replaces its last segment */
		keep = strcspn(t.path, "?");
		if (ref[0] != '?') {
			while (keep > 0 && t.path[keep - 1] != '/')
				keep--;
		}
		ret = set_path(&t, keep, ref, n);
	}
	if (ret)
		return ret;
	*out = t;
	return 0;
}

const char *http_url_error(int err)
{
	switch (err) {
	case -EPROTONOSUPPORT:
		return "only http:// URLs to a name or IPv4 address (no TLS)";
	case -ERANGE:
		return "port out of range (1-65535)";
	case -ENAMETOOLONG:
		return "URL, host or path too long";
	default:
		return "not an http://host[:port]/path URL";
	}
}

int http_url_format(char *buf, size_t size, const struct http_url *u)
{
	char port[8] = "";
	int n;

	if (u->port != HTTP_PORT)
		snprintf(port, sizeof(port), ":%u", u->port);
	n = snprintf(buf, size, "http://%s%s%s", u->host, port, u->path);
	if (n < 0 || (size_t)n >= size) {
		if (size)
			buf[0] = '\0';
		return -ENOSPC;
	}
	return n;
}

/* What may go on a request line or in Host: no space, control, non-ASCII */
static bool request_safe(const char *s, size_t max, bool host)
{
	size_t n = strnlen(s, max);

	if (!n || n == max)
		return false;
	for (size_t i = 0; i < n; i++) {
		u8 c = s[i];

		if (host ? !is_host_char(c) : c <= ' ' || c >= 0x7f || c == '#')
			return false;
	}
	return true;
}

int http_request_build(char *buf, size_t size, const struct http_url *u)
{
	char port[8] = "";
	int n;

	if (!request_safe(u->host, sizeof(u->host), true) ||
	    !request_safe(u->path, sizeof(u->path), false) ||
	    u->path[0] != '/' || !u->port)
		return -EINVAL;
	if (u->port != HTTP_PORT)
		snprintf(port, sizeof(port), ":%u", u->port);
	n = snprintf(buf, size,
		     "GET %s HTTP/1.1\r\n"
		     "Host: %s%s\r\n"
		     "User-Agent: Ember\r\n"
		     "Accept: */*\r\n"
		     "Connection: close\r\n"
		     "\r\n", u->path, u->host, port);
	if (n < 0 || (size_t)n >= size) {
		if (size)
			buf[0] = '\0';
		return -ENOSPC;
	}
	return n;
}
