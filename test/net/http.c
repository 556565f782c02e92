// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The HTTP/1.1 response parser (net/http.c) without a network: responses
 * fed whole and in pieces of every size from 1 byte (which must not
 * change the outcome), each way of delimiting a body, 1xx, 204 and 304,
 * and each refusal with its errno and reason. The buffer has guard bytes
 * after its end, so a byte stored past @max shows.
 */
#include <errno.h>
#include <http.h>
#include <string.h>
#include <test/ut.h>

#define BUF_MAX		4096
#define GUARD		64
#define POISON		0xa5

static struct http_resp resp, resp2;
static u8 buf[BUF_MAX + GUARD], buf2[BUF_MAX + GUARD];

/*
 * A fresh parser over buf (@max bytes of room), fed @len bytes of @text
 * in pieces of @step bytes (0: all at once), then the close when @eof.
 * Return: the bytes consumed in all, or the first error
 */
static int run_in(struct http_resp *r, u8 *b, const char *text, size_t len,
		  u64 max, size_t step, bool eof)
{
	size_t off = 0;
	int n;

	memset(b, POISON, BUF_MAX + GUARD);
	http_resp_init(r, b, max);
	while (off < len) {
		size_t piece = step ? min(step, len - off) : len - off;

		n = http_resp_feed(r, text + off, piece);
		if (n < 0)
			return n;
		off += n;
		if ((size_t)n < piece)
			break;	/* the response ended */
	}
	if (eof) {
		n = http_resp_eof(r);
		if (n)
			return n;
	}
	return off;
}

static int run(const char *text, u64 max, size_t step, bool eof)
{
	return run_in(&resp, buf, text, strlen(text), max, step, eof);
}

/* Nothing at or past @from in buf was written */
static bool untouched_from(size_t from)
{
	for (size_t i = from; i < sizeof(buf); i++) {
		if (buf[i] != POISON)
			return false;
	}
	return true;
}

static int http_test_content_length(struct unit_test_state *uts)
{
	const char *text = "HTTP/1.1 200 OK\r\nServer: test\r\n"
			   "Content-Length: 5\r\n\r\nhello";
	u64 len;

	ut_asserteq(strlen(text), run(text, BUF_MAX, 0, false));
	ut_assert(http_resp_done(&resp));
	ut_assert(http_resp_head_done(&resp));
	ut_asserteq(200, http_resp_status(&resp));
	ut_assert(http_resp_length(&resp, &len));
	ut_asserteq(5, len);
	ut_assert(!http_resp_chunked(&resp));
	ut_asserteq(5, http_resp_received(&resp));
	ut_asserteq_mem("hello", buf, 5);
	ut_assert(untouched_from(5));
	ut_assert(!http_resp_will_close(&resp));
	ut_asserteq_ptr(NULL, http_resp_location(&resp));
	ut_asserteq_ptr(NULL, http_resp_error(&resp));
	ut_assertok(http_resp_eof(&resp));
	/* Another feed takes nothing */
	ut_asserteq(0, http_resp_feed(&resp, "x", 1));
	return 0;
}
UNIT_TEST(http_test_content_length, 0, http);

/* Bytes after the response are left, the count says so */
static int http_test_trailing_bytes(struct unit_test_state *uts)
{
	const char *head = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
	char text[128];

	snprintf(text, sizeof(text), "%sHTTP/1.1 200 OK\r\n", head);
	ut_asserteq(strlen(head), run(text, BUF_MAX, 0, false));
	ut_assert(http_resp_done(&resp));
	ut_asserteq(2, http_resp_received(&resp));
	ut_assert(untouched_from(2));
	return 0;
}
UNIT_TEST(http_test_trailing_bytes, 0, http);

static int http_test_chunked(struct unit_test_state *uts)
{
	const char *text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
			   "\r\n5\r\nhello\r\n6;name=value;x\r\n world\r\n"
			   "A \r\n0123456789\r\n000\r\nX-Sum: 1\r\n"
			   "Other: 2\r\n\r\n";
	u64 len;

	ut_asserteq(strlen(text), run(text, BUF_MAX, 0, false));
	ut_assert(http_resp_done(&resp));
	ut_asserteq(200, http_resp_status(&resp));
	ut_assert(!http_resp_length(&resp, &len));
	ut_assert(http_resp_chunked(&resp));
	ut_asserteq(21, http_resp_received(&resp));
	ut_asserteq_mem("hello world0123456789", buf, 21);
	ut_assert(untouched_from(21));
	return 0;
}
UNIT_TEST(http_test_chunked, 0, http);

/* A chunk size split across feeds, one hex digit at a time */
static int http_test_chunk_size_split(struct unit_test_state *uts)
{
	static const char *const pieces[] = {
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n",
		"1", "0", ";", "e", "\r", "\n", "0123456789abcdef", "\r",
		"\n", "0", "\r", "\n", "\r", "\n",
	};

	memset(buf, POISON, sizeof(buf));
	http_resp_init(&resp, buf, BUF_MAX);
	for (unsigned int i = 0; i < ARRAY_SIZE(pieces); i++) {
		ut_assert(!http_resp_done(&resp));
		ut_asserteq(strlen(pieces[i]),
			    http_resp_feed(&resp, pieces[i], strlen(pieces[i])));
	}
	ut_assert(http_resp_done(&resp));
	ut_asserteq(16, http_resp_received(&resp));
	ut_asserteq_mem("0123456789abcdef", buf, 16);
	return 0;
}
UNIT_TEST(http_test_chunk_size_split, 0, http);

static int http_test_close_delimited(struct unit_test_state *uts)
{
	const char *text = "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n"
			   "\r\nuntil the end";
	u64 len;

	ut_asserteq(strlen(text), run(text, BUF_MAX, 0, false));
	ut_assert(!http_resp_done(&resp));
	ut_assert(http_resp_head_done(&resp));
	ut_assert(!http_resp_length(&resp, &len));
	ut_assert(http_resp_will_close(&resp));
	ut_assertok(http_resp_eof(&resp));
	ut_assert(http_resp_done(&resp));
	ut_asserteq(13, http_resp_received(&resp));
	ut_asserteq_mem("until the end", buf, 13);
	/* An empty body, closed at once */
	ut_asserteq(19, run("HTTP/1.0 200 OK\r\n\r\n", BUF_MAX, 0, true));
	ut_assert(http_resp_done(&resp));
	ut_asserteq(0, http_resp_received(&resp));
	return 0;
}
UNIT_TEST(http_test_close_delimited, 0, http);

static int http_test_connection(struct unit_test_state *uts)
{
	ut_assert(run("HTTP/1.1 200 OK\r\nConnection: Upgrade, CLOSE\r\n"
		      "Content-Length: 0\r\n\r\n", BUF_MAX, 0, false) > 0);
	ut_assert(http_resp_done(&resp));
	ut_assert(http_resp_will_close(&resp));
	/* HTTP/1.0 closes unless it says keep-alive */
	ut_assert(run("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n",
		      BUF_MAX, 0, false) > 0);
	ut_assert(http_resp_will_close(&resp));
	ut_assert(run("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n"
		      "Content-Length: 0\r\n\r\n", BUF_MAX, 0, false) > 0);
	ut_assert(!http_resp_will_close(&resp));
	return 0;
}
UNIT_TEST(http_test_connection, 0, http);

/* 100 Continue and 103 Early Hints are skipped, their fields forgotten */
static int http_test_interim(struct unit_test_state *uts)
{
	const char *text = "HTTP/1.1 100 Continue\r\n\r\n"
			   "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n"
			   "Content-Length: 9\r\nLocation: /x\r\n\r\n"
			   "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
	char many[512] = "";

	ut_asserteq(strlen(text), run(text, BUF_MAX, 0, false));
	ut_assert(http_resp_done(&resp));
	ut_asserteq(200, http_resp_status(&resp));
	ut_asserteq_ptr(NULL, http_resp_location(&resp));
	ut_asserteq_mem("hi", buf, 2);
	/* The status is 0 while only a 1xx has come */
	ut_asserteq(25, run("HTTP/1.1 100 Continue\r\n\r\n", BUF_MAX, 0,
			    false));
	ut_asserteq(0, http_resp_status(&resp));
	ut_assert(!http_resp_head_done(&resp));
	/* HTTP_MAX_INTERIM of them, then one more */
	for (int i = 0; i < HTTP_MAX_INTERIM; i++)
		strcat(many, "HTTP/1.1 100 Continue\r\n\r\n");
	strcat(many, "HTTP/1.1 204 No Content\r\n\r\n");
	ut_asserteq(strlen(many), run(many, BUF_MAX, 0, false));
	ut_asserteq(204, http_resp_status(&resp));
	many[0] = '\0';
	for (int i = 0; i <= HTTP_MAX_INTERIM; i++)
		strcat(many, "HTTP/1.1 100 Continue\r\n\r\n");
	ut_asserteq(-EMSGSIZE, run(many, BUF_MAX, 0, false));
	ut_asserteq_str("too many 1xx responses", http_resp_error(&resp));
	/* We asked for no upgrade */
	ut_asserteq(-EBADMSG, run("HTTP/1.1 101 Switching Protocols\r\n"
				  "Upgrade: h2c\r\n\r\n", BUF_MAX, 0, false));
	return 0;
}
UNIT_TEST(http_test_interim, 0, http);

/* 204 and 304 end at the empty line, whatever the fields say */
static int http_test_no_body(struct unit_test_state *uts)
{
	const char *text = "HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n"
			   "\r\n";
	char more[128];
	u64 len = 1;

	ut_asserteq(strlen(text), run(text, 0, 0, false));
	ut_assert(http_resp_done(&resp));
	ut_asserteq(204, http_resp_status(&resp));
	ut_assert(http_resp_length(&resp, &len));
	ut_asserteq(0, len);
	snprintf(more, sizeof(more), "%snot a body", text);
	ut_asserteq(strlen(text), run(more, BUF_MAX, 0, false));
	ut_assert(untouched_from(0));
	text = "HTTP/1.1 304 Not Modified\r\nContent-Length: 99999\r\n"
	       "Transfer-Encoding: chunked\r\n\r\n";
	ut_asserteq(strlen(text), run(text, 10, 0, false));
	ut_assert(http_resp_done(&resp));
	ut_asserteq(304, http_resp_status(&resp));
	ut_assert(!http_resp_chunked(&resp));
	return 0;
}
UNIT_TEST(http_test_no_body, 0, http);

static int http_test_location(struct unit_test_state *uts)
{
	static char text[HTTP_URL_MAX + 256];
	int n;

	ut_assert(run("HTTP/1.1 301 Moved\r\nLocation:  http://h/new \t\r\n"
		      "Location: http://h/new\r\nContent-Length: 3\r\n\r\nabc",
		      BUF_MAX, 0, false) > 0);
	ut_assert(http_resp_done(&resp));
	ut_asserteq(301, http_resp_status(&resp));
	ut_asserteq_str("http://h/new", http_resp_location(&resp));
	ut_asserteq(-EBADMSG, run("HTTP/1.1 302 Found\r\nLocation: /a\r\n"
				  "Location: /b\r\n\r\n", BUF_MAX, 0, false));
	ut_asserteq_str("Location values disagree", http_resp_error(&resp));
	/* The longest Location kept, then one byte more */
	n = snprintf(text, sizeof(text), "HTTP/1.1 302 Found\r\nLocation: /");
	memset(text + n, 'a', HTTP_URL_MAX - 2);
	strcpy(text + n + HTTP_URL_MAX - 2, "\r\n\r\n");
	ut_asserteq(strlen(text), run(text, BUF_MAX, 0, true));
	ut_asserteq(HTTP_URL_MAX - 1, strlen(http_resp_location(&resp)));
	memset(text + n, 'a', HTTP_URL_MAX - 1);
	strcpy(text + n + HTTP_URL_MAX - 1, "\r\n\r\n");
	ut_asserteq(-EMSGSIZE, run(text, BUF_MAX, 0, false));
	ut_asserteq_str("Location too long", http_resp_error(&resp));
	return 0;
}
UNIT_TEST(http_test_location, 0, http);

/* RFC 9112 §2.2: a bare LF ends a line; we accept it everywhere */
static int http_test_bare_lf(struct unit_test_state *uts)
{
	const char *text = "HTTP/1.1 200\ncontent-LENGTH: 3, 3\n"
			   "Content-Length:3\n\nabc";

	ut_asserteq(strlen(text), run(text, BUF_MAX, 0, false));
	ut_assert(http_resp_done(&resp));
	ut_asserteq(200, http_resp_status(&resp));
	ut_asserteq_mem("abc", buf, 3);
	text = "HTTP/1.1 200 OK\ntransfer-encoding: CHUNKED\n\n3\nabc\n"
	       "0\n\n";
	ut_asserteq(strlen(text), run(text, BUF_MAX, 0, false));
	ut_assert(http_resp_done(&resp));
	ut_asserteq_mem("abc", buf, 3);
	return 0;
}
UNIT_TEST(http_test_bare_lf, 0, http);

static int http_test_body_limit(struct unit_test_state *uts)
{
	const char *cl = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"
			 "0123456789";
	const char *chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
			      "\r\n\r\n4\r\n0123\r\n7\r\n456789a\r\n0\r\n\r\n";
	const char *close = "HTTP/1.1 200 OK\r\n\r\n0123456789";

	/* Exactly the room, then one byte short of it */
	ut_asserteq(strlen(cl), run(cl, 10, 0, false));
	ut_assert(http_resp_done(&resp));
	ut_asserteq(-E2BIG, run(cl, 9, 0, false));
	ut_asserteq_str("body larger than the buffer", http_resp_error(&resp));
	ut_assert(untouched_from(0));	/* refused before any byte */
	ut_asserteq(-E2BIG, http_resp_feed(&resp, "x", 1));	/* it stays */
	ut_asserteq(-E2BIG, http_resp_eof(&resp));
	/* Chunked: the chunk that does not fit is refused by its size */
	ut_asserteq(strlen(chunked), run(chunked, 11, 1, false));
	ut_assert(http_resp_done(&resp));
	for (size_t step = 0; step < 8; step++) {
		ut_asserteq(-E2BIG, run(chunked, 10, step, false));
		ut_asserteq(4, http_resp_received(&resp));
		ut_assert(untouched_from(4));
	}
	/* Close-delimited: refused at the first byte past the room */
	for (size_t step = 0; step < 8; step++) {
		ut_asserteq(strlen(close), run(close, 10, step, true));
		ut_asserteq(-E2BIG, run(close, 9, step, true));
		ut_assert(http_resp_received(&resp) <= 9);
		ut_assert(untouched_from(9));
	}
	ut_asserteq(-E2BIG, run(close, 0, 0, true));
	ut_assert(untouched_from(0));
	/* The largest Content-Length there is, and past it */
	ut_asserteq(-E2BIG, run("HTTP/1.1 200 OK\r\nContent-Length: "
				"18446744073709551615\r\n\r\n", BUF_MAX, 0,
				false));
	ut_asserteq(-EBADMSG, run("HTTP/1.1 200 OK\r\nContent-Length: "
				  "18446744073709551616\r\n\r\n", BUF_MAX, 0,
				  false));
	ut_asserteq_str("Content-Length overflows", http_resp_error(&resp));
	return 0;
}
UNIT_TEST(http_test_body_limit, 0, http);

/* Cut short: each part of a response, then the close */
static int http_test_truncated(struct unit_test_state *uts)
{
	static const struct {
		const char *text;
		const char *why;
	} cases[] = {
		{ "", "connection closed without a response" },
		{ "HTTP/1.1 2", "connection closed in the header" },
		{ "HTTP/1.1 100 Continue\r\n\r\n",
		  "connection closed in the header" },
		{ "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
		  "connection closed in the header" },
		{ "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabcd",
		  "connection closed before the end of the body" },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
		  "connection closed before the end of the body" },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n"
		  "abcde\r\n", "connection closed before the end of the body" },
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n",
		  "connection closed before the end of the body" },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		ut_asserteq(-ENODATA, run(cases[i].text, BUF_MAX, 0, true));
		ut_asserteq_str(cases[i].why, http_resp_error(&resp));
		ut_assert(!http_resp_done(&resp));
	}
	return 0;
}
UNIT_TEST(http_test_truncated, 0, http);

static const struct bad_case {
	const char *text;
	int err;
	const char *why;
} bad_cases[] = {
	{ "HTTP/2 200 OK\r\n", -EBADMSG, "no HTTP status line" },
	{ "HTTP/2.0 200 OK\r\n", -EBADMSG, "not an HTTP/1.x response" },
	{ "http/1.1 200 OK\r\n", -EBADMSG, "no HTTP status line" },
	{ "ICY 200 OK\r\n", -EBADMSG, "no HTTP status line" },
	{ "\r\nHTTP/1.1 200 OK\r\n", -EBADMSG, "no HTTP status line" },
	{ "HTTP/1.1  200 OK\r\n", -EBADMSG, "bad status code" },
	{ "HTTP/1.1 20 OK\r\n", -EBADMSG, "bad status code" },
	{ "HTTP/1.1 2000 OK\r\n", -EBADMSG, "bad status code" },
	{ "HTTP/1.1 099 Low\r\n", -EBADMSG, "status code out of range" },
	{ "HTTP/1.1 600 High\r\n", -EBADMSG, "status code out of range" },
	{ "HTTP/1.1 200 O\rK\r\n", -EBADMSG, "bare CR in a line" },
	{ "HTTP/1.1 200 OK\r\nX: a\rb\r\n", -EBADMSG, "bare CR in a line" },
	{ "HTTP/1.1 200 OK\r\nX: a\x1b\r\n", -EBADMSG,
	  "control character in a line" },
	{ "HTTP/1.1 200 OK\r\nX: \x7f\r\n", -EBADMSG,
	  "control character in a line" },
	{ "HTTP/1.1 200 OK\r\n Leading: space\r\n", -EBADMSG,
	  "obsolete line folding" },
	{ "HTTP/1.1 200 OK\r\nX: a\r\n\tfolded\r\n", -EBADMSG,
	  "obsolete line folding" },
	{ "HTTP/1.1 200 OK\r\nContent-Length : 5\r\n", -EBADMSG,
	  "bad field name" },
	{ "HTTP/1.1 200 OK\r\nBad(name): 5\r\n", -EBADMSG, "bad field name" },
	{ "HTTP/1.1 200 OK\r\nNo colon\r\n", -EBADMSG, "bad field name" },
	{ "HTTP/1.1 200 OK\r\nNocolon\r\n", -EBADMSG,
	  "field line without a name and colon" },
	{ "HTTP/1.1 200 OK\r\n: value\r\n", -EBADMSG,
	  "field line without a name and colon" },
	{ "HTTP/1.1 200 OK\r\nContent-Length: \r\n", -EBADMSG,
	  "bad Content-Length" },
	{ "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n", -EBADMSG,
	  "bad Content-Length" },
	{ "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n", -EBADMSG,
	  "bad Content-Length" },
	{ "HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n", -EBADMSG,
	  "bad Content-Length" },
	{ "HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n", -EBADMSG,
	  "bad Content-Length" },
	{ "HTTP/1.1 200 OK\r\nContent-Length: 5,\r\n", -EBADMSG,
	  "bad Content-Length" },
	{ "HTTP/1.1 200 OK\r\nContent-Length: ,5\r\n", -EBADMSG,
	  "bad Content-Length" },
	{ "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n",
	  -EBADMSG, "Content-Length overflows" },
	{ "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n",
	  -EBADMSG, "Content-Length values disagree" },
	{ "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n", -EBADMSG,
	  "Content-Length values disagree" },
	{ "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
	  "Transfer-Encoding: chunked\r\n\r\n", -EBADMSG,
	  "both Content-Length and chunked" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
	  "Content-Length: 5\r\n\r\n", -EBADMSG,
	  "both Content-Length and chunked" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n", -EBADMSG,
	  "transfer coding other than chunked" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n",
	  -EBADMSG, "transfer coding other than chunked" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked;q=1\r\n", -EBADMSG,
	  "transfer coding other than chunked" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
	  "Transfer-Encoding: chunked\r\n", -EBADMSG, "chunked twice" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: ,\r\n\r\n", -EBADMSG,
	  "empty Transfer-Encoding" },
	{ "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", -EBADMSG,
	  "Transfer-Encoding in an HTTP/1.0 response" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
	  -EBADMSG, "bad chunk size" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nx\r\n",
	  -EBADMSG, "bad chunk size" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n 5\r\n",
	  -EBADMSG, "bad chunk size" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\n",
	  -EBADMSG, "bad chunk size" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\n",
	  -EBADMSG, "bad chunk size" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "10000000000000000\r\n", -EBADMSG, "chunk size overflows" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "0fffffffffffffffff\r\n", -EBADMSG, "chunk size overflows" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "ffffffffffffffff\r\n", -E2BIG, "body larger than the buffer" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "3\r\nabcd\r\n", -EBADMSG, "chunk longer than its size" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "3\r\nabc\r\r\n", -EBADMSG, "chunk longer than its size" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "0\r\nTrailer folded: x\r\n", -EBADMSG, "bad field name" },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "0\r\nT: x\r\n y\r\n", -EBADMSG, "obsolete line folding" },
};

/* Every refusal, whole and in pieces: the same errno and reason */
static int http_test_refusals(struct unit_test_state *uts)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];

		for (size_t step = 0; step < 4; step++) {
			int ret = run_in(&resp, buf, c->text, strlen(c->text),
					 BUF_MAX, step, false);

			if (ret != c->err)
				printf("case %u in pieces of %u: %d\n", i,
				       (unsigned int)step, ret);
			ut_asserteq(c->err, ret);
			ut_asserteq_str(c->why, http_resp_error(&resp));
			ut_assert(untouched_from(http_resp_received(&resp)));
		}
	}
	/* A NUL in a field */
	ut_asserteq(-EBADMSG, run_in(&resp, buf, "HTTP/1.1 200 OK\r\nX: a\0b"
				     "\r\n\r\n", 27, BUF_MAX, 0, false));
	ut_asserteq_str("control character in a line", http_resp_error(&resp));
	return 0;
}
UNIT_TEST(http_test_refusals, 0, http);

/* The longest line there may be, and one byte more, and with a bare LF */
static int http_test_line_bound(struct unit_test_state *uts)
{
	static char text[HTTP_MAX_LINE + 128];
	const char *start = "HTTP/1.1 204 No Content\r\n";
	size_t n = strlen(start), fill;

	for (int extra = 0; extra < 2; extra++) {
		strcpy(text, start);
		strcpy(text + n, "X-Long: ");
		/* The field line with its CR LF: HTTP_MAX_LINE + extra */
		fill = HTTP_MAX_LINE + extra - strlen("X-Long: ") - 2;
		memset(text + n + 8, 'v', fill);
		strcpy(text + n + 8 + fill, "\r\n\r\n");
		for (size_t step = 0; step < 3; step++) {
			int ret = run(text, BUF_MAX, step * 1000, false);

			if (!extra) {
				ut_asserteq(strlen(text), ret);
				ut_assert(http_resp_done(&resp));
			} else {
				ut_asserteq(-EMSGSIZE, ret);
				ut_asserteq_str("line too long",
						http_resp_error(&resp));
			}
		}
	}
	/* A chunk-size line is bounded the same way */
	strcpy(text, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;");
	n = strlen(text);
	memset(text + n, 'e', HTTP_MAX_LINE);
	text[n + HTTP_MAX_LINE] = '\0';
	ut_asserteq(-EMSGSIZE, run(text, BUF_MAX, 0, false));
	ut_asserteq(-EMSGSIZE, run(text, BUF_MAX, 1, false));
	return 0;
}
UNIT_TEST(http_test_line_bound, 0, http);

/* HTTP_MAX_FIELDS header fields pass, one more does not; trailers too */
static int http_test_field_bound(struct unit_test_state *uts)
{
	static char text[HTTP_MAX_FIELDS * 16 + 256];

	for (int extra = 0; extra < 2; extra++) {
		for (int trailer = 0; trailer < 2; trailer++) {
			int fields = HTTP_MAX_FIELDS + extra - !trailer;
			char *p = text;

			p += sprintf(p, trailer ? "HTTP/1.1 200 OK\r\n"
				     "Transfer-Encoding: chunked\r\n\r\n0\r\n" :
				     "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n");
			for (int i = 0; i < fields; i++)
				p += sprintf(p, "X-%d: %d\r\n", i, i);
			strcpy(p, "\r\n");
			if (!extra) {
				ut_asserteq(strlen(text),
					    run(text, BUF_MAX, 0, false));
				ut_assert(http_resp_done(&resp));
			} else {
				ut_asserteq(-EMSGSIZE,
					    run(text, BUF_MAX, 0, false));
				ut_asserteq_str("too many header fields",
						http_resp_error(&resp));
			}
		}
	}
	return 0;
}
UNIT_TEST(http_test_field_bound, 0, http);

static const char *const split_cases[] = {
	"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	"b;a=b\r\nhello world\r\n1\r\n!\r\n0\r\nT: 1\r\n\r\n",
	"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 302 Found\r\n"
	"Location: /elsewhere\r\nContent-Length: 0\r\n\r\n",
	"HTTP/1.0 200 OK\nServer: x\n\nclose-delimited body",
	"HTTP/1.1 204 No Content\r\n\r\nextra",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	"fff\r\n",
	"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcdX",
	"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot there",
	"HTTP/1.1 200 OK\r\n\r\n0123456789012345678901234567890123456789",
};

/* Every split of a response, down to single bytes, ends the same way */
static int http_test_split_equivalence(struct unit_test_state *uts)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(split_cases); i++) {
		const char *text = split_cases[i];
		size_t len = strlen(text);
		int whole = run_in(&resp2, buf2, text, len, 32, 0, true);

		for (size_t step = 1; step <= len; step++) {
			int ret = run_in(&resp, buf, text, len, 32, step, true);

			ut_asserteq(whole, ret);
			ut_asserteq(http_resp_done(&resp2),
				    http_resp_done(&resp));
			ut_asserteq(http_resp_status(&resp2),
				    http_resp_status(&resp));
			if (ret < 0) {
				ut_asserteq_str(http_resp_error(&resp2),
						http_resp_error(&resp));
				continue;
			}
			ut_asserteq(http_resp_received(&resp2),
				    http_resp_received(&resp));
			ut_asserteq_mem(buf2, buf, sizeof(buf));
		}
	}
	return 0;
}
UNIT_TEST(http_test_split_equivalence, 0, http);
