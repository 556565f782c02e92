// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * HTTP/1.1 for 'wget', the parts that need no network: an incremental
 * response parser (RFC 9112) that writes the body straight to the load
 * address, http:// URLs and redirect targets (RFC 3986), and the GET
 * request. The transport (net/tcp.c) feeds the parser whatever arrives,
 * in pieces of any size; 1 byte at a time gives the same result as all
 * at once. Every byte comes from the network and is hostile: lines,
 * header fields, interim responses, lengths and URLs are bounded, and
 * nothing is written past the caller's buffer. doc/develop/net.md says
 * what is accepted and what is refused.
 */
#ifndef __HTTP_H
#define __HTTP_H

#include <types.h>

#define HTTP_PORT		80
#define HTTP_MAX_LINE		8192	/* bytes of a line, its CR LF included */
#define HTTP_MAX_FIELDS		100	/* header (or trailer) fields */
#define HTTP_MAX_INTERIM	8	/* 1xx responses skipped */
#define HTTP_URL_MAX_HOST	254	/* a DNS name (253) and its NUL */
#define HTTP_URL_MAX_PATH	1024	/* path and query, NUL included */
#define HTTP_URL_MAX		2048	/* a URL or a Location, NUL included */
/* The longest request http_request_build() writes, NUL included */
#define HTTP_REQUEST_MAX	(HTTP_URL_MAX_PATH + HTTP_URL_MAX_HOST + 96)

enum http_state {
	HTTP_ST_STATUS,		/* the status line */
	HTTP_ST_FIELDS,		/* header fields, to the empty line */
	HTTP_ST_BODY,		/* Content-Length bytes */
	HTTP_ST_BODY_CLOSE,	/* bytes until the server closes */
	HTTP_ST_CHUNK_SIZE,	/* a chunk-size line */
	HTTP_ST_CHUNK_DATA,	/* a chunk's bytes */
	HTTP_ST_CHUNK_END,	/* the CR LF after them */
	HTTP_ST_TRAILER,	/* trailer fields, to the empty line */
	HTTP_ST_DONE,
	HTTP_ST_ERROR,
};

/**
 * struct http_resp - one response being parsed. Fill it with
 * http_resp_init() and read it through the http_resp_*() functions only.
 * About 10 KiB (the line buffer): keep it off small stacks.
 */
struct http_resp {
	u8 *buf;		/* the body goes here ... */
	u64 max;		/* ... up to this many bytes */
	u64 len;		/* body bytes stored */
	enum http_state state;
	int err;		/* -errno in HTTP_ST_ERROR */
	const char *why;	/* and what was wrong */
	/* the response's head (the last one read, for a 1xx) */
	int status;
	u8 minor;		/* HTTP/1.<minor> */
	bool head_done;		/* the final response's fields are read */
	bool close;		/* Connection: close, or HTTP/1.0 */
	bool keep_alive;	/* Connection: keep-alive */
	bool has_length;	/* Content-Length seen */
	u64 length;		/* its value */
	u8 te_codings;		/* Transfer-Encoding members: all "chunked" */
	bool te_seen;
	bool has_location;
	char location[HTTP_URL_MAX];
	/* the parser */
	u32 fields;		/* in this section */
	u32 interim;		/* 1xx responses skipped */
	u64 chunk_left;		/* of the chunk being read */
	bool cr;		/* HTTP_ST_CHUNK_END: the CR came */
	u32 line_len;
	char line[HTTP_MAX_LINE];
};

/**
 * http_resp_init() - start parsing a response
 * @r: the parser state
 * @buf: where the body goes (the load address)
 * @max: bytes @buf holds: a longer body is refused with -E2BIG, before
 *       any of its bytes is stored when Content-Length says so, and
 *       otherwise (chunked, or until the close) before a byte past @max
 */
void http_resp_init(struct http_resp *r, void *buf, u64 max);

/**
 * http_resp_feed() - parse the next bytes the server sent
 * @r: the parser state
 * @data: the bytes
 * @len: their count; at most INT_MAX are taken in one call
 *
 * Bytes after the end of the response are not consumed: a return value
 * below @len once http_resp_done() is true says the server sent more than
 * one response. After an error every call returns the same error.
 *
 * Return: the bytes consumed, or -EBADMSG (the response is malformed:
 * bad status line or field, obsolete line folding, a bare CR, a bad or
 * overflowing Content-Length or chunk size, disagreeing duplicates,
 * Content-Length with chunked, a transfer coding other than chunked, a
 * 101), -EMSGSIZE (a line, the fields, the 1xx responses or the Location
 * over Ember's bounds), -E2BIG (the body is longer than the buffer: only
 * that). http_resp_error() says which.
 */
int http_resp_feed(struct http_resp *r, const void *data, size_t len);

/**
 * http_resp_eof() - the server closed the connection (a FIN)
 * @r: the parser state
 *
 * A body delimited by the close ends here; any other response that is not
 * complete was cut short.
 *
 * Return: 0 when the response is complete, -ENODATA when it was cut short,
 * or the error the parser already had
 */
int http_resp_eof(struct http_resp *r);

/** http_resp_done() - the whole response has been read */
static inline bool http_resp_done(const struct http_resp *r)
{
	return r->state == HTTP_ST_DONE;
}

/**
 * http_resp_head_done() - the final (non-1xx) response's status line and
 * header fields have been read: the status, length and Location are known
 */
static inline bool http_resp_head_done(const struct http_resp *r)
{
	return r->head_done;
}

/** http_resp_status() - the final status code, 0 until http_resp_head_done() */
static inline int http_resp_status(const struct http_resp *r)
{
	return r->head_done ? r->status : 0;
}

/**
 * http_resp_length() - the body's length, when the response said it
 * @r: the parser state
 * @lenp: set to the Content-Length (0 for a 204 or 304)
 * Return: true when known, false for a chunked or close-delimited body or
 * before http_resp_head_done()
 */
bool http_resp_length(const struct http_resp *r, u64 *lenp);

/** http_resp_chunked() - the body comes in chunks (no length is known) */
static inline bool http_resp_chunked(const struct http_resp *r)
{
	return r->head_done && r->te_seen && r->status != 204 &&
	       r->status != 304;
}

/** http_resp_received() - body bytes stored in the buffer so far */
static inline u64 http_resp_received(const struct http_resp *r)
{
	return r->len;
}

/**
 * http_resp_location() - the Location field as sent (a URI reference to
 * resolve with http_url_resolve()), or NULL when there was none or before
 * http_resp_head_done()
 */
const char *http_resp_location(const struct http_resp *r);

/**
 * http_resp_will_close() - the server closes the connection after this
 * response: Connection: close, HTTP/1.0 without keep-alive, or a body
 * delimited by the close
 */
bool http_resp_will_close(const struct http_resp *r);

/**
 * http_resp_error() - what was wrong, for a message ("bad chunk size"), or
 * NULL when nothing was
 */
static inline const char *http_resp_error(const struct http_resp *r)
{
	return r->state == HTTP_ST_ERROR ? r->why : NULL;
}

/**
 * struct http_url - an http:// URL, split for the connection and the
 * request: what http_url_parse() and http_url_resolve() return
 */
struct http_url {
	char host[HTTP_URL_MAX_HOST];	/* lower case, no port */
	u16 port;			/* 1..65535 */
	bool has_ip;			/* @host is a dotted IPv4 address */
	u32 ip;				/* then this, most significant octet first */
	char path[HTTP_URL_MAX_PATH];	/* "/..." with the query, no fragment */
};

/**
 * http_url_parse() - split an absolute http:// URL
 * @url: "http://host[:port][/path][?query][#fragment]"; the scheme and
 *       host in any case; host a DNS name or a dotted IPv4 address
 * @u: the result (left alone on error); an empty path is "/", dot
 *     segments are removed, the fragment is dropped
 * Return: 0, -EPROTONOSUPPORT (another scheme such as https://, or an IPv6
 * literal), -EINVAL (not a URL, user info, a bad host, port or character),
 * -ERANGE (port 0 or above 65535), -ENAMETOOLONG (host or path over its
 * bound)
 */
int http_url_parse(const char *url, struct http_url *u);

/**
 * http_url_resolve() - the target of a redirect (RFC 3986 §5.2)
 * @base: the URL that was requested
 * @ref: the Location: an absolute URL, "//host/path", "/path", "path",
 *       "?query" or "" (the fragment is dropped)
 * @out: the result; may be @base; left alone on error
 * Return: 0, or an error of http_url_parse()
 */
int http_url_resolve(const struct http_url *base, const char *ref,
		     struct http_url *out);

/**
 * http_url_error() - a short reason for an error of http_url_parse() or
 * http_url_resolve(), for a message
 */
const char *http_url_error(int err);

/**
 * http_url_format() - write @u back as "http://host[:port]/path"
 * @buf: the output, NUL-terminated
 * @size: its bytes
 * Return: the length written (NUL excluded), or -ENOSPC when it does not
 * fit (@buf then holds an empty string when @size allows)
 */
int http_url_format(char *buf, size_t size, const struct http_url *u);

/**
 * http_request_build() - the GET request for @u:
 * "GET <path> HTTP/1.1", Host (with the port unless 80), User-Agent,
 * Accept and "Connection: close" (one request per connection)
 * @buf: the output, NUL-terminated
 * @size: its bytes
 * @u: the URL; its host and path are checked again, so a hand-filled one
 *     cannot inject a line
 * Return: the request's length (NUL excluded), -EINVAL (a space, control
 * or non-ASCII byte in host or path, a path not starting with "/", an
 * empty host or port 0), -ENOSPC (@size too small)
 */
int http_request_build(char *buf, size_t size, const struct http_url *u);

#endif
