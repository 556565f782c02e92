// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * http:// URLs (net/http_url.c): splitting, every refusal, redirect
 * targets resolved against a base as RFC 3986 §5.4 works them out (for
 * http, without fragments), and the GET request written from a URL.
 */
#include <errno.h>
#include <http.h>
#include <string.h>
#include <test/ut.h>

static struct http_url url, url2;

static int http_test_url_parse(struct unit_test_state *uts)
{
	ut_assertok(http_url_parse("http://example.com", &url));
	ut_asserteq_str("example.com", url.host);
	ut_asserteq(80, url.port);
	ut_assert(!url.has_ip);
	ut_asserteq_str("/", url.path);

	ut_assertok(http_url_parse("HTTP://Boot.Example.COM:8080/a/b?x=1&y#frag",
				   &url));
	ut_asserteq_str("boot.example.com", url.host);
	ut_asserteq(8080, url.port);
	ut_asserteq_str("/a/b?x=1&y", url.path);

	ut_assertok(http_url_parse("http://192.168.7.1/Image", &url));
	ut_assert(url.has_ip);
	ut_asserteq(0xc0a80701, url.ip);
	ut_asserteq_str("192.168.7.1", url.host);
	ut_asserteq_str("/Image", url.path);

	ut_assertok(http_url_parse("http://0.0.0.0:65535", &url));
	ut_asserteq(0, url.ip);
	ut_asserteq(65535, url.port);

	/* An empty port is the default one; a query without a path */
	ut_assertok(http_url_parse("http://h:/x", &url));
	ut_asserteq(80, url.port);
	ut_assertok(http_url_parse("http://h?q=/a", &url));
	ut_asserteq_str("/?q=/a", url.path);
	ut_assertok(http_url_parse("http://h#only-a-fragment", &url));
	ut_asserteq_str("/", url.path);
	ut_assertok(http_url_parse("http://h:0080", &url));
	ut_asserteq(80, url.port);

	/* Dot segments go, the query keeps its own */
	ut_assertok(http_url_parse("http://h/a/./b/../c/..?p=/./..", &url));
	ut_asserteq_str("/a/?p=/./..", url.path);
	ut_assertok(http_url_parse("http://h/../../x", &url));
	ut_asserteq_str("/x", url.path);
	ut_assertok(http_url_parse("http://h//a//b/", &url));
	ut_asserteq_str("//a//b/", url.path);

	/* What RFC 3986 allows in a path, percent-encoding included */
	ut_assertok(http_url_parse("http://h/~u/a-b_c.d!$&'()*+,;=:@%2F%7e",
				   &url));
	ut_asserteq_str("/~u/a-b_c.d!$&'()*+,;=:@%2F%7e", url.path);
	/* A trailing dot, a label of 63, an underscore */
	ut_assertok(http_url_parse("http://my_host.example./", &url));
	ut_asserteq_str("my_host.example.", url.host);
	ut_assertok(http_url_parse("http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				   "aaaaaaaaaaaaaaaaaaaaaaaaaaa.b/", &url));
	return 0;
}
UNIT_TEST(http_test_url_parse, 0, http);

static const struct {
	const char *url;
	int err;
} bad_urls[] = {
	{ "https://example.com/", -EPROTONOSUPPORT },
	{ "HTTPS://example.com/", -EPROTONOSUPPORT },
	{ "ftp://example.com/", -EPROTONOSUPPORT },
	{ "tftp://example.com/x", -EPROTONOSUPPORT },
	{ "httpx://h/", -EPROTONOSUPPORT },
	{ "http://[::1]/", -EPROTONOSUPPORT },
	{ "http://[v1.x]:80/", -EPROTONOSUPPORT },
	{ "", -EINVAL },
	{ "example.com/x", -EINVAL },
	{ "/x", -EINVAL },
	{ "http:", -EINVAL },
	{ "http:/h/x", -EINVAL },
	{ "http:h/x", -EINVAL },
	{ "http://", -EINVAL },
	{ "http:///x", -EINVAL },
	{ "http://:80/", -EINVAL },
	{ "http://user@h/", -EINVAL },
	{ "http://user:pass@h/", -EINVAL },
	{ "http://@h/", -EINVAL },
	{ "http://h:8a/", -EINVAL },
	{ "http://h:1:2/", -EINVAL },
	{ "http://h:-1/", -EINVAL },
	{ "http://h:0/", -ERANGE },
	{ "http://h:65536/", -ERANGE },
	{ "http://h:99999999999999999999999/", -ERANGE },
	{ "http://h a/", -EINVAL },
	{ "http://h%41/", -EINVAL },
	{ "http://h!/", -EINVAL },
	{ "http://.h/", -EINVAL },
	{ "http://./", -EINVAL },
	{ "http://a..b/", -EINVAL },
	{ "http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaa.b/", -EINVAL },
	{ "http://256.1.1.1/", -EINVAL },
	{ "http://1.2.3/", -EINVAL },
	{ "http://1.2.3.4.5/", -EINVAL },
	{ "http://01.2.3.4/", -EINVAL },
	{ "http://1.2.3.4./", -EINVAL },
	{ "http://h/a b", -EINVAL },
	{ "http://h/a\tb", -EINVAL },
	{ "http://h/a\r\nHost: evil", -EINVAL },
	{ "http://h/\x7f", -EINVAL },
	{ "http://h/caf\xc3\xa9", -EINVAL },
	{ "http://h/%zz", -EINVAL },
	{ "http://h/%4", -EINVAL },
	{ "http://h/a\"b", -EINVAL },
	{ "http://h/a<b>", -EINVAL },
	{ "http://h/a\\b", -EINVAL },
	{ "http://h/?q=a{b}", -EINVAL },
};

static int http_test_url_refused(struct unit_test_state *uts)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(bad_urls); i++) {
		int ret;

		memset(&url, 0x5a, sizeof(url));
		memcpy(&url2, &url, sizeof(url));
		ret = http_url_parse(bad_urls[i].url, &url);
		if (ret != bad_urls[i].err)
			printf("URL %u '%s': %d\n", i, bad_urls[i].url, ret);
		ut_asserteq(bad_urls[i].err, ret);
		/* Left alone */
		ut_asserteq_mem(&url2, &url, sizeof(url));
	}
	ut_assertnonnull(http_url_error(-EPROTONOSUPPORT));
	ut_assert(strstr(http_url_error(-EPROTONOSUPPORT), "TLS"));
	return 0;
}
UNIT_TEST(http_test_url_refused, 0, http);

/* Hosts, paths and URLs at their bounds and one byte past */
static int http_test_url_bounds(struct unit_test_state *uts)
{
	static char text[HTTP_URL_MAX + 64];
	char *p;

	/* A host of 253 bytes in labels of 63 */
	p = text + sprintf(text, "http://");
	for (int i = 0; i < 4; i++) {
		memset(p, 'a' + i, i < 3 ? 63 : 61);
		p += i < 3 ? 63 : 61;
		if (i < 3)
			*p++ = '.';
	}
	strcpy(p, "/x");
	ut_assertok(http_url_parse(text, &url));
	ut_asserteq(253, strlen(url.host));
	strcpy(p, "b/x");
	ut_asserteq(-ENAMETOOLONG, http_url_parse(text, &url));
	/* A path and query of HTTP_URL_MAX_PATH - 1 bytes */
	p = text + sprintf(text, "http://h/");
	memset(p, 'p', HTTP_URL_MAX_PATH - 2);
	p[HTTP_URL_MAX_PATH - 2] = '\0';
	ut_assertok(http_url_parse(text, &url));
	ut_asserteq(HTTP_URL_MAX_PATH - 1, strlen(url.path));
	strcat(text, "?");
	ut_asserteq(-ENAMETOOLONG, http_url_parse(text, &url));
	/* The whole URL, however long its fragment */
	memset(p, '#', HTTP_URL_MAX);
	p[HTTP_URL_MAX] = '\0';
	ut_asserteq(-ENAMETOOLONG, http_url_parse(text, &url));
	return 0;
}
UNIT_TEST(http_test_url_bounds, 0, http);

/* RFC 3986 §5.4's examples (http, without fragments in the results) */
static const struct {
	const char *ref;
	const char *want;
} resolve_cases[] = {
	{ "g", "http://a/b/c/g" },
	{ "./g", "http://a/b/c/g" },
	{ "g/", "http://a/b/c/g/" },
	{ "/g", "http://a/g" },
	{ "//g", "http://g/" },
	{ "?y", "http://a/b/c/d;p?y" },
	{ "g?y", "http://a/b/c/g?y" },
	{ "#s", "http://a/b/c/d;p?q" },
	{ "g#s", "http://a/b/c/g" },
	{ "g?y#s", "http://a/b/c/g?y" },
	{ ";x", "http://a/b/c/;x" },
	{ "g;x", "http://a/b/c/g;x" },
	{ "g;x?y#s", "http://a/b/c/g;x?y" },
	{ "", "http://a/b/c/d;p?q" },
	{ ".", "http://a/b/c/" },
	{ "./", "http://a/b/c/" },
	{ "..", "http://a/b/" },
	{ "../", "http://a/b/" },
	{ "../g", "http://a/b/g" },
	{ "../..", "http://a/" },
	{ "../../", "http://a/" },
	{ "../../g", "http://a/g" },
	{ "../../../g", "http://a/g" },
	{ "../../../../g", "http://a/g" },
	{ "/./g", "http://a/g" },
	{ "/../g", "http://a/g" },
	{ "g.", "http://a/b/c/g." },
	{ ".g", "http://a/b/c/.g" },
	{ "g..", "http://a/b/c/g.." },
	{ "..g", "http://a/b/c/..g" },
	{ "./../g", "http://a/b/g" },
	{ "./g/.", "http://a/b/c/g/" },
	{ "g/./h", "http://a/b/c/g/h" },
	{ "g/../h", "http://a/b/c/h" },
	{ "g;x=1/./y", "http://a/b/c/g;x=1/y" },
	{ "g;x=1/../y", "http://a/b/c/y" },
	{ "g?y/./x", "http://a/b/c/g?y/./x" },
	{ "g?y/../x", "http://a/b/c/g?y/../x" },
	{ "g#s/./x", "http://a/b/c/g" },
	{ "g#s/../x", "http://a/b/c/g" },
	/* Absolute URLs and network-path references */
	{ "http://other:8080/x/../y", "http://other:8080/y" },
	{ "HTTP://Other/", "http://other/" },
	{ "//h:81", "http://h:81/" },
	{ "//10.0.0.2/img?x", "http://10.0.0.2/img?x" },
};

static int http_test_url_resolve(struct unit_test_state *uts)
{
	char text[256];

	ut_assertok(http_url_parse("http://a/b/c/d;p?q", &url2));
	for (unsigned int i = 0; i < ARRAY_SIZE(resolve_cases); i++) {
		memset(&url, 0, sizeof(url));
		ut_assertok(http_url_resolve(&url2, resolve_cases[i].ref,
					     &url));
		ut_assert(http_url_format(text, sizeof(text), &url) > 0);
		if (strcmp(text, resolve_cases[i].want))
			printf("'%s': %s\n", resolve_cases[i].ref, text);
		ut_asserteq_str(resolve_cases[i].want, text);
	}
	/* A relative reference keeps the base's port and address */
	ut_assertok(http_url_parse("http://10.0.0.1:8080/dir/file", &url2));
	ut_assertok(http_url_resolve(&url2, "other", &url));
	ut_asserteq(8080, url.port);
	ut_assert(url.has_ip);
	ut_asserteq(0x0a000001, url.ip);
	ut_asserteq_str("/dir/other", url.path);
	/* In place */
	ut_assertok(http_url_resolve(&url2, "../up?x", &url2));
	ut_asserteq_str("/up?x", url2.path);
	ut_assertok(http_url_resolve(&url2, "//name.example/p", &url2));
	ut_asserteq_str("name.example", url2.host);
	ut_assert(!url2.has_ip);
	ut_asserteq(80, url2.port);
	return 0;
}
UNIT_TEST(http_test_url_resolve, 0, http);

static int http_test_url_resolve_refused(struct unit_test_state *uts)
{
	static const struct {
		const char *ref;
		int err;
	} cases[] = {
		{ "https://a/secure", -EPROTONOSUPPORT },
		{ "mailto:x@y", -EPROTONOSUPPORT },
		{ "//user@h/", -EINVAL },
		{ "//[::1]/", -EPROTONOSUPPORT },
		{ "//h:0/", -ERANGE },
		{ "a b", -EINVAL },
		{ "/a\r\nX: y", -EINVAL },
		{ "?%g0", -EINVAL },
		{ "http:relative", -EINVAL },
	};
	static char longref[HTTP_URL_MAX_PATH + 8];

	ut_assertok(http_url_parse("http://a/b/c", &url2));
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		memcpy(&url, &url2, sizeof(url));
		ut_asserteq(cases[i].err,
			    http_url_resolve(&url2, cases[i].ref, &url));
		ut_asserteq_mem(&url2, &url, sizeof(url));
	}
	/* Merged with the base's directory, the path becomes too long */
	memset(longref, 'x', HTTP_URL_MAX_PATH - 4);
	ut_assertok(http_url_resolve(&url2, longref, &url));
	ut_asserteq(HTTP_URL_MAX_PATH - 1, strlen(url.path));
	longref[HTTP_URL_MAX_PATH - 4] = 'x';
	ut_asserteq(-ENAMETOOLONG, http_url_resolve(&url2, longref, &url));
	return 0;
}
UNIT_TEST(http_test_url_resolve_refused, 0, http);

static int http_test_request(struct unit_test_state *uts)
{
	const char *want = "GET /a/b?x=1 HTTP/1.1\r\n"
			   "Host: boot.example\r\n"
			   "User-Agent: Ember\r\n"
			   "Accept: */*\r\n"
			   "Connection: close\r\n"
			   "\r\n";
	char req[256];
	int len = strlen(want);

	ut_assertok(http_url_parse("http://boot.example:80/a/b?x=1#f", &url));
	ut_asserteq(len, http_request_build(req, sizeof(req), &url));
	ut_asserteq_str(want, req);
	/* Exactly big enough, then one byte short */
	ut_asserteq(len, http_request_build(req, len + 1, &url));
	ut_asserteq(-ENOSPC, http_request_build(req, len, &url));
	ut_asserteq_str("", req);
	/* Another port goes in Host */
	ut_assertok(http_url_parse("http://10.0.2.2:8080", &url));
	ut_assert(http_request_build(req, sizeof(req), &url) > 0);
	ut_assert(!strncmp(req, "GET / HTTP/1.1\r\nHost: 10.0.2.2:8080\r\n",
			   37));
	return 0;
}
UNIT_TEST(http_test_request, 0, http);

/* The longest host, port and path fit in HTTP_REQUEST_MAX */
static int http_test_request_max(struct unit_test_state *uts)
{
	static char req[HTTP_REQUEST_MAX];
	int len;

	memset(&url, 0, sizeof(url));
	memset(url.host, 'h', HTTP_URL_MAX_HOST - 1);
	for (int i = 63; i < HTTP_URL_MAX_HOST - 1; i += 64)
		url.host[i] = '.';
	url.port = 65535;
	memset(url.path, 'p', HTTP_URL_MAX_PATH - 1);
	url.path[0] = '/';
	len = http_request_build(req, sizeof(req), &url);
	ut_assert(len > 0);
	ut_asserteq(len, strlen(req));
	ut_assert(len < HTTP_REQUEST_MAX);
	return 0;
}
UNIT_TEST(http_test_request_max, 0, http);

/* A URL filled by hand cannot put a line into the request */
static int http_test_request_refused(struct unit_test_state *uts)
{
	static const struct {
		const char *host;
		const char *path;
		u16 port;
	} cases[] = {
		{ "h", "/a b", 80 },
		{ "h", "/a\r\nX-Evil: 1", 80 },
		{ "h", "/a\x80", 80 },
		{ "h", "/a#frag", 80 },
		{ "h", "a", 80 },
		{ "h", "", 80 },
		{ "", "/", 80 },
		{ "h x", "/", 80 },
		{ "h\r\nX: 1", "/", 80 },
		{ "h:81", "/", 80 },
		{ "h", "/", 0 },
	};
	char req[256];

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&url, 0, sizeof(url));
		strcpy(url.host, cases[i].host);
		strcpy(url.path, cases[i].path);
		url.port = cases[i].port;
		ut_asserteq(-EINVAL, http_request_build(req, sizeof(req), &url));
	}
	/* Not NUL-terminated */
	memset(&url, 'a', sizeof(url));
	url.port = 80;
	url.path[0] = '/';
	url.host[0] = 'h';
	url.host[1] = '\0';
	ut_asserteq(-EINVAL, http_request_build(req, sizeof(req), &url));
	return 0;
}
UNIT_TEST(http_test_request_refused, 0, http);
