// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * DNS messages (RFC 1035 §4), the pure half of net/dns.c: a query built
 * and a reply read, with no network and no state, so that unit tests and
 * the fuzz harness drive exactly what dns_resolve() (include/net.h) uses.
 * See doc/develop/net.md, "DNS".
 */
#ifndef __NET_DNS_H
#define __NET_DNS_H

#include <stddef.h>
#include <types.h>

#define DNS_PORT		53
#define DNS_HLEN		12	/* the header (RFC 1035 §4.1.1) */
#define DNS_NAME_MAX		253	/* a host name as text, no final dot */
#define DNS_WIRE_MAX		255	/* the same as labels (§2.3.4) */
#define DNS_LABEL_MAX		63
/* A query: header, the name as labels, QTYPE and QCLASS */
#define DNS_QUERY_MAX		(DNS_HLEN + DNS_WIRE_MAX + 4)
#define DNS_CNAME_MAX		8	/* CNAME hops followed in a reply */
#define DNS_PTR_MAX		16	/* compression pointers in one name */

#define DNS_TYPE_A		1
#define DNS_TYPE_CNAME		5
#define DNS_CLASS_IN		1

/**
 * dns_query_build() - write a standard query (recursion desired) with id
 * @id for @name and type @qtype into @buf
 *
 * @name is a host name: at most DNS_NAME_MAX characters (a final '.' is
 * allowed and not counted), labels of 1 to DNS_LABEL_MAX letters, digits,
 * hyphens and underscores, none starting or ending with a hyphen, and a
 * last label that is not all digits (so a dotted IPv4 address is never
 * sent as a name: RFC 1123 §2.1, RFC 3696 §2).
 *
 * Return: the query's length, or -EINVAL (not a valid host name, or a
 * @qtype of 0), -ENAMETOOLONG (the name or one label too long),
 * -EOVERFLOW (@size too small; DNS_QUERY_MAX always suffices)
 */
int dns_query_build(u8 *buf, size_t size, u16 id, const char *name,
		    u16 qtype);

/**
 * dns_reply_parse() - read the answer to the type A query with id @id for
 * @name from the @len bytes at @msg
 *
 * The reply must have @id, QR set, opcode 0, one question, and that
 * question must be @name (letters compared without case), type A, class
 * IN. Then TC and RCODE are looked at, and the answer section is walked:
 * the first A record (class IN, 4 bytes of data) of @name, or of the name
 * a CNAME chain from @name leads to, at most DNS_CNAME_MAX hops. Every
 * name is checked: labels of at most 63 bytes, at most 255 bytes in all,
 * compression pointers (at most DNS_PTR_MAX) only to an earlier place
 * than any part of the name read so far, and never into the header. The
 * authority and additional sections are not read. Nothing outside the
 * @len bytes is read.
 *
 * @ipp: the address, on success
 * @whyp: on error, why, as a static string (never NULL then)
 * Return: 0; -EINVAL, not an answer to this query (drop it and keep
 * waiting); -ENOENT, the name does not exist (NXDOMAIN) or has no
 * address; -ECONNREFUSED, the server answered with an error (SERVFAIL,
 * REFUSED, FORMERR, NOTIMP or another RCODE); -EMSGSIZE, the reply was
 * truncated (TC: no TCP fallback); -EBADMSG, the reply is malformed (a
 * bad name, a record past the end, an A record that is not 4 bytes, a
 * CNAME loop); -E2BIG, a CNAME chain longer than DNS_CNAME_MAX
 */
int dns_reply_parse(const u8 *msg, size_t len, u16 id, const char *name,
		    u32 *ipp, const char **whyp);

#endif
