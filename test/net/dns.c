// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * DNS messages (net/dns.c): the query's bytes and the host names it
 * accepts; replies for the query 0xbeef "www.example.com" A: plain and
 * several A records, CNAME chains (long, too long, looping), compression
 * pointers that go forward, loop, repeat too often or make too long a
 * name, every prefix of a valid reply, replies not ours (id, question,
 * QR, opcode), each RCODE, TC, and A records of the wrong length. Then
 * dns_resolve() without a network: an address literal, a bad name, no
 * server.
 */
#include <env.h>
#include <errno.h>
#include <net.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>
#include "../../net/dns.h"

#define ID		0xbeef
#define NAME		"www.example.com"
#define FLAGS_OK	0x8180		/* QR, RD, RA; NOERROR */
#define TYPE_OTHER	99		/* a type the parser skips */
#define RR_FIXED	10		/* type, class, TTL, rdlength */

static const u8 q_www[] = "\3www\7example\3com";	/* NUL: the root */
static const u8 ptr_q[] = { 0xc0, 12 };			/* to the question */
static const u8 addr1[] = { 192, 0, 2, 1 }, addr2[] = { 192, 0, 2, 2 };

struct msg {
	u8 b[2048];
	int len;
};

static void put(struct msg *m, const void *p, int n)
{
	memcpy(m->b + m->len, p, n);
	m->len += n;
}

static void put16(struct msg *m, u16 v)
{
	net_put16(m->b + m->len, v);
	m->len += 2;
}

/* The header (@flags, one question, @an answers) and the question */
static void begin(struct msg *m, u16 flags, u16 an)
{
	m->len = 0;
	put16(m, ID);
	put16(m, flags);
	put16(m, 1);
	put16(m, an);
	put16(m, 0);
	put16(m, 0);
	put(m, q_www, sizeof(q_www));
	put16(m, DNS_TYPE_A);
	put16(m, DNS_CLASS_IN);
}

static void add_rr(struct msg *m, const void *owner, int olen, u16 type,
		   const void *rdata, int rdlen)
{
	put(m, owner, olen);
	put16(m, type);
	put16(m, DNS_CLASS_IN);
	put16(m, 0);
	put16(m, 300);			/* TTL */
	put16(m, rdlen);
	put(m, rdata, rdlen);
}

/* "a.b.c" as labels into @w; its length */
static int wire(u8 *w, const char *dotted)
{
	int n = 0;

	while (*dotted) {
		const char *dot = strchr(dotted, '.');
		int l = dot ? dot - dotted : (int)strlen(dotted);

		w[n++] = l;
		memcpy(w + n, dotted, l);
		n += l;
		dotted += l + (dot ? 1 : 0);
	}
	w[n++] = 0;
	return n;
}

/* Parse @m for ID and NAME from an allocation of exactly its size */
static int parse(const struct msg *m, u32 *ipp, const char **whyp)
{
	u8 *copy = malloc(m->len ? m->len : 1);
	int ret;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, m->b, m->len);
	ret = dns_reply_parse(copy, m->len, ID, NAME, ipp, whyp);
	free(copy);
	return ret;
}

static int dns_test_query(struct unit_test_state *uts)
{
	static const u8 expect[] = {
		0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
		3, 'w', 'w', 'w', 7, 'E', 'x', 'a', 'm', 'p', 'l', 'e',
		3, 'c', 'o', 'm', 0,
		0x00, 0x01, 0x00, 0x01,
	};
	u8 buf[DNS_QUERY_MAX];

	ut_asserteq(sizeof(expect),
		    dns_query_build(buf, sizeof(buf), 0x1234, "www.Example.com",
				    DNS_TYPE_A));
	ut_asserteq_mem(expect, buf, sizeof(expect));
	/* The root written out is the same name */
	memset(buf, 0xaa, sizeof(buf));
	ut_asserteq(sizeof(expect),
		    dns_query_build(buf, sizeof(buf), 0x1234,
				    "www.Example.com.", DNS_TYPE_A));
	ut_asserteq_mem(expect, buf, sizeof(expect));
	/* The buffer: exactly enough, one byte short */
	ut_asserteq(sizeof(expect), dns_query_build(buf, sizeof(expect), 0x1234,
						    "www.Example.com", 1));
	ut_asserteq(-EOVERFLOW, dns_query_build(buf, sizeof(expect) - 1, 0x1234,
						"www.Example.com", 1));
	ut_asserteq(-EINVAL, dns_query_build(buf, sizeof(buf), 1, "a.b", 0));
	return 0;
}
UNIT_TEST(dns_test_query, 0, dns);

static int dns_test_names(struct unit_test_state *uts)
{
	static const char *const bad[] = {
		"", ".", "..", "a..b", ".a", "a b", "a.b c", "-a.com", "a-.com",
		"a.-b", "1.2.3.4", "10.0.2.15", "a.123", "a/b", "a:80", "a@b",
		"caf\xc3\xa9.example", "a.b..", "a\\.b",
	};
	static const char *const good[] = {
		"a", "a.b", "host_1.lab", "_sip._udp.example", "x-y.z",
		"1a.b2", "123.a1", "a.1b", "EXAMPLE.COM", "localhost.",
	};
	u8 buf[DNS_QUERY_MAX + 64];
	char name[300];

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		if (dns_query_build(buf, sizeof(buf), 1, bad[i], 1) != -EINVAL)
			UT_FAIL("'%s' taken as a host name", bad[i]);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(good); i++) {
		if (dns_query_build(buf, sizeof(buf), 1, good[i], 1) <= 0)
			UT_FAIL("'%s' refused as a host name", good[i]);
	}
	/* Labels: 63 characters, not 64 */
	memset(name, 'a', 63);
	strcpy(name + 63, ".com");
	ut_asserteq(DNS_HLEN + 64 + 5 + 4,
		    dns_query_build(buf, sizeof(buf), 1, name, 1));
	memset(name, 'a', 64);
	strcpy(name + 64, ".com");
	ut_asserteq(-ENAMETOOLONG, dns_query_build(buf, sizeof(buf), 1, name, 1));
	/* Names: 253 characters (and a final dot), not 254 */
	for (int i = 0; i < 253; i++)
		name[i] = i % 2 ? '.' : 'a';
	name[253] = 0;
	ut_asserteq(DNS_QUERY_MAX, dns_query_build(buf, sizeof(buf), 1, name, 1));
	strcpy(name + 253, ".");
	ut_asserteq(DNS_QUERY_MAX, dns_query_build(buf, sizeof(buf), 1, name, 1));
	strcpy(name + 253, "b");
	ut_asserteq(-ENAMETOOLONG, dns_query_build(buf, sizeof(buf), 1, name, 1));
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	ut_asserteq(-ENAMETOOLONG, dns_query_build(buf, sizeof(buf), 1, name, 1));
	return 0;
}
UNIT_TEST(dns_test_names, 0, dns);

static int dns_test_reply_a(struct unit_test_state *uts)
{
	const char *why = NULL;
	struct msg m;
	u32 ip = 0;

	begin(&m, FLAGS_OK, 1);
	add_rr(&m, ptr_q, 2, DNS_TYPE_A, addr1, 4);
	ut_assertok(parse(&m, &ip, &why));
	ut_asserteq(0xc0000201, ip);
	/* The name asked in another case; the question in another case */
	ut_assertok(dns_reply_parse(m.b, m.len, ID, "WWW.example.COM.", &ip,
				    &why));
	m.b[13] = 'W';
	ut_assertok(parse(&m, &ip, &why));
	/* Several: the first; other types and classes before it skipped */
	begin(&m, FLAGS_OK, 4);
	add_rr(&m, ptr_q, 2, 28, "0123456789abcdef", 16);	/* AAAA */
	add_rr(&m, ptr_q, 2, DNS_TYPE_A, addr2, 4);
	m.b[m.len - 4 - 2 - 4 - 1] = 3;			/* class CH */
	add_rr(&m, ptr_q, 2, DNS_TYPE_A, addr1, 4);
	add_rr(&m, ptr_q, 2, DNS_TYPE_A, addr2, 4);
	ut_assertok(parse(&m, &ip, &why));
	ut_asserteq(0xc0000201, ip);
	/* The owner written out in full, in upper case */
	begin(&m, FLAGS_OK, 1);
	add_rr(&m, "\3WWW\7EXAMPLE\3COM", 17, DNS_TYPE_A, addr2, 4);
	ut_assertok(parse(&m, &ip, &why));
	ut_asserteq(0xc0000202, ip);
	/* Authority and additional sections are not read */
	net_put16(m.b + 8, 1);
	net_put16(m.b + 10, 7);
	put(&m, "\xc0", 1);
	ut_assertok(parse(&m, &ip, &why));
	return 0;
}
UNIT_TEST(dns_test_reply_a, 0, dns);

static int dns_test_reply_no_address(struct unit_test_state *uts)
{
	const char *why = NULL;
	struct msg m;
	u32 ip;

	/* NOERROR and no answer; an A record of another name only */
	begin(&m, FLAGS_OK, 0);
	ut_asserteq(-ENOENT, parse(&m, &ip, &why));
	ut_asserteq_str("the name has no IPv4 address (no A record)", why);
	begin(&m, FLAGS_OK, 1);
	add_rr(&m, "\3ww2\7example\3com", 17, DNS_TYPE_A, addr1, 4);
	ut_asserteq(-ENOENT, parse(&m, &ip, &why));
	/* A CNAME whose target has no A record in the answer */
	begin(&m, FLAGS_OK, 1);
	add_rr(&m, ptr_q, 2, DNS_TYPE_CNAME, "\3cdn\xc0\x10", 6);
	ut_asserteq(-ENOENT, parse(&m, &ip, &why));
	ut_asserteq_str("the name its CNAME chain leads to has no IPv4 address in the answer",
			why);
	return 0;
}
UNIT_TEST(dns_test_reply_no_address, 0, dns);

/*
 * A reply whose CNAME chain goes www -> c1 -> ... -> c<@hops>, then an A
 * record of c<@hops>; the chain's records come in reverse order
 */
static void cname_chain(struct msg *m, int hops)
{
	u8 owner[64], target[64];
	char name[32];
	int olen, tlen;

	begin(m, FLAGS_OK, hops + 1);
	for (int i = hops; i >= 1; i--) {
		snprintf(name, sizeof(name), "c%d.example.com", i);
		tlen = wire(target, name);
		snprintf(name, sizeof(name), "c%d.example.com", i - 1);
		olen = i > 1 ? wire(owner, name) : 0;
		if (i > 1)
			add_rr(m, owner, olen, DNS_TYPE_CNAME, target, tlen);
		else
			add_rr(m, ptr_q, 2, DNS_TYPE_CNAME, target, tlen);
	}
	snprintf(name, sizeof(name), "c%d.example.com", hops);
	olen = wire(owner, name);
	add_rr(m, owner, olen, DNS_TYPE_A, addr2, 4);
}

/* A reply of dnsmasq 2.90 (--cname=alias2.lab,alias.lab and so on) */
static const u8 dnsmasq_alias2[] = {
	0x12, 0x34, 0x85, 0x80, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
	0x06, 'a', 'l', 'i', 'a', 's', '2', 0x03, 'l', 'a', 'b', 0x00,
	0x00, 0x01, 0x00, 0x01,
	0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b,
	0x05, 'a', 'l', 'i', 'a', 's', 0x03, 'l', 'a', 'b', 0x00,
	0xc0, 0x28, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09,
	0x03, 'w', 'w', 'w', 0x03, 'l', 'a', 'b', 0x00,
	0xc0, 0x3f, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
	0xc0, 0xa8, 0x4d, 0x0a,
};

static int dns_test_reply_cname(struct unit_test_state *uts)
{
	const char *why = NULL;
	struct msg m;
	u32 ip = 0;

	/* CNAME then A, compressed as servers do */
	begin(&m, FLAGS_OK, 2);
	add_rr(&m, ptr_q, 2, DNS_TYPE_CNAME, "\3cdn\xc0\x10", 6);
	add_rr(&m, (u8[]){ 0xc0, 45 }, 2, DNS_TYPE_A, addr2, 4);
	ut_assertok(parse(&m, &ip, &why));
	ut_asserteq(0xc0000202, ip);
	/* alias2.lab -> alias.lab -> www.lab, as dnsmasq 2.90 answered */
	ut_assertok(dns_reply_parse(dnsmasq_alias2, sizeof(dnsmasq_alias2),
				    0x1234, "alias2.lab", &ip, &why));
	ut_asserteq(0xc0a84d0a, ip);
	/* Chains of 1 to 8 hops; 9 is too many */
	for (int hops = 1; hops <= DNS_CNAME_MAX; hops++) {
		ip = 0;
		cname_chain(&m, hops);
		ut_assertok(parse(&m, &ip, &why));
		ut_asserteq(0xc0000202, ip);
	}
	cname_chain(&m, DNS_CNAME_MAX + 1);
	ut_asserteq(-E2BIG, parse(&m, &ip, &why));
	ut_asserteq_str("a CNAME chain longer than 8 hops", why);
	/* A CNAME data length that is not the name's */
	begin(&m, FLAGS_OK, 2);
	add_rr(&m, ptr_q, 2, DNS_TYPE_CNAME, "\3cdn\xc0\x10\0", 7);
	add_rr(&m, (u8[]){ 0xc0, 45 }, 2, DNS_TYPE_A, addr2, 4);
	ut_asserteq(-EBADMSG, parse(&m, &ip, &why));
	return 0;
}
UNIT_TEST(dns_test_reply_cname, 0, dns);

static int dns_test_reply_cname_loop(struct unit_test_state *uts)
{
	const char *why = NULL;
	struct msg m;
	u32 ip;

	/* www -> www */
	begin(&m, FLAGS_OK, 1);
	add_rr(&m, ptr_q, 2, DNS_TYPE_CNAME, ptr_q, 2);
	ut_asserteq(-EBADMSG, parse(&m, &ip, &why));
	ut_asserteq_str("a CNAME loop", why);
	/* www -> a -> b -> www, with an A record for none of them */
	begin(&m, FLAGS_OK, 3);
	add_rr(&m, ptr_q, 2, DNS_TYPE_CNAME, "\1a\xc0\x10", 4);
	add_rr(&m, (u8[]){ 0xc0, 45 }, 2, DNS_TYPE_CNAME, "\1b\xc0\x10", 4);
	add_rr(&m, (u8[]){ 0xc0, 61 }, 2, DNS_TYPE_CNAME, ptr_q, 2);
	ut_asserteq(-EBADMSG, parse(&m, &ip, &why));
	ut_asserteq_str("a CNAME loop", why);
	return 0;
}
UNIT_TEST(dns_test_reply_cname_loop, 0, dns);

/* @m with one more answer: an A record whose owner is @owner */
static int with_owner(struct msg *m, const u8 *owner, int olen)
{
	net_put16(m->b + 6, net_get16(m->b + 6) + 1);
	add_rr(m, owner, olen, DNS_TYPE_A, addr1, 4);
	return m->len;
}

static int dns_test_reply_pointers(struct unit_test_state *uts)
{
	const char *why = NULL;
	struct msg m;
	u8 data[300];
	int base;
	u32 ip;

	/* A pointer forward (to the record's own data), to itself, into the
	 * header, a loop of two, a reserved label type (01, 10)
	 */
	begin(&m, FLAGS_OK, 0);
	with_owner(&m, (u8[]){ 0xc0, 33 + 12 }, 2);
	ut_asserteq(-EBADMSG, parse(&m, &ip, &why));
	ut_asserteq_str("a compression pointer that does not point back", why);
	begin(&m, FLAGS_OK, 0);
	with_owner(&m, (u8[]){ 0xc0, 33 }, 2);
	ut_asserteq(-EBADMSG, parse(&m, &ip, &why));
	ut_asserteq_str("a compression pointer that does not point back", why);
	begin(&m, FLAGS_OK, 0);
	with_owner(&m, (u8[]){ 0xc0, 2 }, 2);
	ut_asserteq(-EBADMSG, parse(&m, &ip, &why));
	ut_asserteq_str("a compression pointer that does not point back", why);
	begin(&m, FLAGS_OK, 0);
	with_owner(&m, (u8[]){ 1, 'x', 0xc0, 33 }, 4);
	ut_asserteq(-EBADMSG, parse(&m, &ip, &why));
	ut_asserteq_str("a compression pointer that does not point back", why);
	for (int t = 0x40; t <= 0x80; t += 0x40) {
		begin(&m, FLAGS_OK, 0);
		with_owner(&m, (u8[]){ t | 1, 'x', 0 }, 3);
		ut_asserteq(-EBADMSG, parse(&m, &ip, &why));
		ut_asserteq_str("a label of a reserved type", why);
	}
	/*
	 * DNS_PTR_MAX pointers in one name, each further back, are taken;
	 * one more is not. The chain sits in a record of a type skipped.
	 */
	for (int extra = 0; extra <= 1; extra++) {
		int n = DNS_PTR_MAX - 1 + extra;

		begin(&m, FLAGS_OK, 1);
		base = m.len + 2 + RR_FIXED;
		for (int i = 0; i < n; i++) {
			data[2 * i] = 0xc0 | (i ? (base + 2 * (i - 1)) >> 8 : 0);
			data[2 * i + 1] = i ? base + 2 * (i - 1) : 12;
		}
		add_rr(&m, ptr_q, 2, TYPE_OTHER, data, 2 * n);
		with_owner(&m, (u8[]){ 0xc0, base + 2 * (n - 1) }, 2);
		ip = 0;
		ut_asserteq(extra ? -EBADMSG : 0, parse(&m, &ip, &why));
		ut_asserteq(extra ? 0 : 0xc0000201, ip);
	}
	ut_asserteq_str("too many compression pointers in a name", why);
	/*
	 * Labels of 63, 63, 63 and @last bytes through a pointer: with the
	 * root's byte, 256 bytes (one too many) for 62, 255 for 61 (a
	 * name, not ours)
	 */
	for (int last = 62; last >= 61; last--) {
		begin(&m, FLAGS_OK, 1);
		base = m.len + 2 + RR_FIXED;
		for (int i = 0; i < 4; i++) {
			data[64 * i] = i < 3 ? 63 : last;
			memset(data + 64 * i + 1, 'a', 63);
		}
		data[64 * 3 + 1 + last] = 0;
		add_rr(&m, ptr_q, 2, TYPE_OTHER, data, 64 * 3 + 2 + last);
		with_owner(&m, (u8[]){ 0xc0 | base >> 8, base & 0xff }, 2);
		ut_asserteq(last == 62 ? -EBADMSG : -ENOENT,
			    parse(&m, &ip, &why));
		if (last == 62)
			ut_asserteq_str("a name longer than 255 bytes", why);
	}
	return 0;
}
UNIT_TEST(dns_test_reply_pointers, 0, dns);

static int dns_test_reply_truncated(struct unit_test_state *uts)
{
	const char *why = NULL;
	struct msg m, cut;
	u32 ip = 0;

	begin(&m, FLAGS_OK, 2);
	add_rr(&m, ptr_q, 2, DNS_TYPE_CNAME, "\3cdn\xc0\x10", 6);
	add_rr(&m, (u8[]){ 0xc0, 45 }, 2, DNS_TYPE_A, addr2, 4);
	ut_assertok(parse(&m, &ip, &why));
	for (int n = 0; n < m.len; n++) {
		int ret;

		memcpy(cut.b, m.b, n);
		cut.len = n;
		ret = parse(&cut, &ip, &why);
		if (ret != (n < 33 ? -EINVAL : -EBADMSG))
			UT_FAIL("%d of %d bytes: %d (%s)", n, m.len, ret, why);
	}
	return 0;
}
UNIT_TEST(dns_test_reply_truncated, 0, dns);

static int dns_test_reply_not_ours(struct unit_test_state *uts)
{
	const char *why = NULL;
	struct msg m;
	u32 ip;

	begin(&m, FLAGS_OK, 1);
	add_rr(&m, ptr_q, 2, DNS_TYPE_A, addr1, 4);
	ut_asserteq(-EINVAL, dns_reply_parse(m.b, m.len, ID + 1, NAME, &ip,
					     &why));
	ut_asserteq_str("not an answer to our query", why);
	ut_asserteq(-EINVAL, dns_reply_parse(m.b, m.len, ID, "www.example.org",
					     &ip, &why));
	ut_asserteq(-EINVAL, dns_reply_parse(m.b, m.len, ID, "www.example",
					     &ip, &why));
	ut_asserteq(-EINVAL, dns_reply_parse(m.b, m.len, ID, "bad..name",
					     &ip, &why));
	/* QR clear (our own query, echoed), opcode 2 (status) */
	m.b[2] &= ~0x80;
	ut_asserteq(-EINVAL, parse(&m, &ip, &why));
	m.b[2] |= 0x80 | 0x10;
	ut_asserteq(-EINVAL, parse(&m, &ip, &why));
	m.b[2] &= ~0x10;
	/* No question, two questions */
	net_put16(m.b + 4, 0);
	ut_asserteq(-EINVAL, parse(&m, &ip, &why));
	net_put16(m.b + 4, 2);
	ut_asserteq(-EINVAL, parse(&m, &ip, &why));
	net_put16(m.b + 4, 1);
	/* The question's type AAAA, class CH, a label changed */
	net_put16(m.b + 29, 28);
	ut_asserteq(-EINVAL, parse(&m, &ip, &why));
	net_put16(m.b + 29, 1);
	net_put16(m.b + 31, 3);
	ut_asserteq(-EINVAL, parse(&m, &ip, &why));
	net_put16(m.b + 31, 1);
	m.b[14] = 'v';
	ut_asserteq(-EINVAL, parse(&m, &ip, &why));
	m.b[14] = 'w';
	/* The question compressed: nothing is before it to point to */
	m.b[12] = 0xc0;
	m.b[13] = 2;
	ut_asserteq(-EINVAL, parse(&m, &ip, &why));
	m.b[12] = 3;
	m.b[13] = 'w';
	ut_assertok(parse(&m, &ip, &why));
	return 0;
}
UNIT_TEST(dns_test_reply_not_ours, 0, dns);

static int dns_test_reply_errors(struct unit_test_state *uts)
{
	static const struct {
		u8 rcode;
		int err;
		const char *why;
	} cases[] = {
		{ 1, -ECONNREFUSED, "the server could not read the query (FORMERR)" },
		{ 2, -ECONNREFUSED, "the server failed (SERVFAIL)" },
		{ 3, -ENOENT, "no such name (NXDOMAIN)" },
		{ 4, -ECONNREFUSED, "the server does not do this kind of query (NOTIMP)" },
		{ 5, -ECONNREFUSED, "the server refused the query (REFUSED)" },
		{ 9, -ECONNREFUSED, "the server answered with an unknown error code" },
	};
	const char *why = NULL;
	struct msg m;
	u32 ip;

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		begin(&m, FLAGS_OK | cases[i].rcode, 0);
		ut_asserteq(cases[i].err, parse(&m, &ip, &why));
		ut_asserteq_str(cases[i].why, why);
	}
	/* Truncated (TC), even with an address in it */
	begin(&m, FLAGS_OK | 0x0200, 1);
	add_rr(&m, ptr_q, 2, DNS_TYPE_A, addr1, 4);
	ut_asserteq(-EMSGSIZE, parse(&m, &ip, &why));
	ut_asserteq_str("the answer was truncated (TC), and Ember has no DNS over TCP",
			why);
	/* A records of 3 and 5 bytes, of our name or another */
	for (int len = 3; len <= 5; len += 2) {
		begin(&m, FLAGS_OK, 2);
		add_rr(&m, ptr_q, 2, DNS_TYPE_A, "\xc0\0\2\1\1", len);
		add_rr(&m, ptr_q, 2, DNS_TYPE_A, addr1, 4);
		ut_asserteq(-EBADMSG, parse(&m, &ip, &why));
		ut_asserteq_str("an A record whose data is not 4 bytes", why);
		begin(&m, FLAGS_OK, 2);
		add_rr(&m, ptr_q, 2, DNS_TYPE_A, addr1, 4);
		add_rr(&m, "\1x\0", 3, DNS_TYPE_A, "\xc0\0\2\1\1", len);
		ut_asserteq(-EBADMSG, parse(&m, &ip, &why));
	}
	/* More answers announced than there are */
	begin(&m, FLAGS_OK, 2);
	add_rr(&m, ptr_q, 2, DNS_TYPE_A, addr1, 4);
	ut_asserteq(-EBADMSG, parse(&m, &ip, &why));
	ut_asserteq_str("a name runs past the end", why);
	return 0;
}
UNIT_TEST(dns_test_reply_errors, 0, dns);

static int dns_test_resolve_local(struct unit_test_state *uts)
{
	char *saved[2] = { NULL, NULL };
	const char *vars[2] = { "dnsip", "dnsip2" };
	u32 ip = 0;
	int ret;

	/* An address is its own answer: nothing is sent */
	ut_assertok(dns_resolve("10.0.2.15", &ip));
	ut_asserteq(0x0a00020f, ip);
	ut_asserteq(-EINVAL, dns_resolve("no..name", &ip));
	ut_assert_nextline("DNS: 'no..name' is not a valid host name");
	for (int i = 0; i < 2; i++) {
		const char *v = env_get(vars[i]);

		saved[i] = v ? strdup(v) : NULL;
		env_set(vars[i], NULL);
	}
	ret = dns_resolve("www.example.com", &ip);
	for (int i = 0; i < 2; i++) {
		env_set(vars[i], saved[i]);
		free(saved[i]);
	}
	ut_asserteq(-EINVAL, ret);
	ut_assert_nextline("DNS: no server ('dnsip' is not set)");
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(dns_test_resolve_local, UTF_CONSOLE, dns);
