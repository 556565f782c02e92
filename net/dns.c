// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * DNS client (RFC 1035): the IPv4 address (type A) of a host name, asked
 * of the server in 'dnsip' (DHCP option 6), then of 'dnsip2' when set,
 * over UDP only.
 *
 * dns_query_build() and dns_reply_parse() are pure (net/dns.h): the
 * reply is untrusted, and every label, pointer, record and length in it
 * is checked against the message before it is read. CNAME chains inside
 * the reply are followed, DNS_CNAME_MAX hops at most, a loop being an
 * error of its own.
 *
 * dns_resolve() sends the queries. Against spoofed answers (RFC 5452
 * §9.1): each query has a random id, the lookup a random source port in
 * 49152..65535 (both from lib/rand.c), and a datagram is taken only when
 * it comes from port 53 of a server we asked, to our port, with the id we
 * sent that server and our question. Anything else is dropped and counted,
 * and the count is printed once at the end. Tries go to each server in
 * turn, DNS_TRIES each at most, the wait doubling from one second and
 * moved at random by a quarter (so a fleet does not retry in step), all of
 * it within DNS_TOTAL_US. A server that answers with an error (SERVFAIL,
 * REFUSED ...), a truncated or a malformed reply is not asked again; "no
 * such name" (NXDOMAIN) and "no address" are answers, and end the lookup.
 */
#define LOG_CATEGORY "dns"

#include <ctype.h>
#include <env.h>
#include <errno.h>
#include <net.h>
#include <rand.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "dns.h"
#include "net_core.h"

/* Header flags (RFC 1035 §4.1.1): byte 2, then byte 3 */
#define DNS_QR			0x80
#define DNS_OPCODE		0x78
#define DNS_TC			0x02
#define DNS_RD			0x01
#define DNS_RCODE		0x0f
#define DNS_RCODE_NXDOMAIN	3
#define DNS_RR_FIXED		10	/* type, class, TTL, rdlength */

#define DNS_SERVERS		2	/* 'dnsip', 'dnsip2' */
#define DNS_TRIES		3	/* queries to each server at most */
#define DNS_FIRST_US		1000000ULL	/* the first wait, then doubled */
#define DNS_TOTAL_US		5000000ULL	/* every try together */
#define DNS_SENDS_MAX		(DNS_SERVERS * DNS_TRIES)
#define DNS_PORT_FIRST		49152	/* dynamic ports (RFC 6335 §6) */

static bool host_char(char c)
{
	/* Underscores are not in RFC 1123 host names, but in real ones */
	return isalnum(c) || c == '-' || c == '_';
}

/*
 * @name as labels (RFC 1035 §3.1) into @w (DNS_WIRE_MAX bytes), checked
 * as dns_query_build() says. Return: the length, 0 included, or errno
 */
static int name_to_wire(const char *name, u8 *w)
{
	size_t len = strnlen(name, DNS_NAME_MAX + 2), i = 0, n = 0;
	bool digits;

	if (len && name[len - 1] == '.')
		len--;			/* the root, written out */
	if (len > DNS_NAME_MAX)
		return -ENAMETOOLONG;
	if (!len)
		return -EINVAL;
	for (;;) {
		const char *label = name + i;
		size_t l = 0;

		digits = true;
		while (i + l < len && label[l] != '.') {
			if (!host_char(label[l]))
				return -EINVAL;
			digits &= isdigit(label[l]) != 0;
			l++;
		}
		if (!l || label[0] == '-' || label[l - 1] == '-')
			return -EINVAL;
		if (l > DNS_LABEL_MAX)
			return -ENAMETOOLONG;
		w[n++] = l;
		memcpy(w + n, label, l);
		n += l;
		i += l;
		if (i == len)
			break;
		i++;			/* the dot: another label must follow */
	}
	/* An all-digit last label is an address, not a name (RFC 1123) */
	if (digits)
		return -EINVAL;
	w[n++] = 0;
	return n;
}

int dns_query_build(u8 *buf, size_t size, u16 id, const char *name,
		    u16 qtype)
{
	u8 wire[DNS_WIRE_MAX];
	int n = name_to_wire(name, wire);
	size_t len;

	if (n < 0)
		return n;
	if (!qtype)
		return -EINVAL;
	len = DNS_HLEN + n + 4;
	if (size < len)
		return -EOVERFLOW;
	memset(buf, 0, DNS_HLEN);
	net_put16(buf, id);
	buf[2] = DNS_RD;		/* a standard query, recursion desired */
	net_put16(buf + 4, 1);		/* QDCOUNT */
	memcpy(buf + DNS_HLEN, wire, n);
	net_put16(buf + DNS_HLEN + n, qtype);
	net_put16(buf + DNS_HLEN + n + 2, DNS_CLASS_IN);
	return len;
}

/* A reply being read: its bytes, and why it was found malformed */
struct dns_msg {
	const u8 *p;
	size_t len;
	const char *why;
};

static int bad(struct dns_msg *m, const char *why)
{
	m->why = why;
	return -EBADMSG;
}

/*
 * The name at *@offp into @out (DNS_WIRE_MAX bytes: labels, letters in
 * lower case, uncompressed) and its length into *@outlenp; *@offp moves
 * past it where it is written (past its first pointer, if any). A pointer
 * must go to an earlier place than every part of the name read so far,
 * and not into the header: each one goes further back, and there are
 * DNS_PTR_MAX at most. Return: 0 or -EBADMSG
 */
static int name_read(struct dns_msg *m, size_t *offp, u8 *out,
		     size_t *outlenp)
{
	size_t off = *offp, start = off, end = 0, n = 0;
	unsigned int ptrs = 0;
	u8 c;

	do {
		if (off >= m->len)
			return bad(m, "a name runs past the end");
		c = m->p[off];
		if ((c & 0xc0) == 0xc0) {	/* a pointer (§4.1.4) */
			size_t to;

			if (off + 1 >= m->len)
				return bad(m, "a name runs past the end");
			to = (c & 0x3f) << 8 | m->p[off + 1];
			if (!end)
				end = off + 2;
			if (++ptrs > DNS_PTR_MAX)
				return bad(m, "too many compression pointers in a name");
			if (to < DNS_HLEN || to >= start)
				return bad(m, "a compression pointer that does not point back");
			off = start = to;
			continue;
		}
		if (c & 0xc0)
			return bad(m, "a label of a reserved type");
		if (c > m->len - off - 1)
			return bad(m, "a label runs past the end");
		if (n + 1 + c > DNS_WIRE_MAX)
			return bad(m, "a name longer than 255 bytes");
		out[n++] = c;
		for (unsigned int i = 1; i <= c; i++)
			out[n++] = tolower(m->p[off + i]);
		off += 1 + c;
	} while (c);
	*offp = end ? end : off;
	*outlenp = n;
	return 0;
}

/* A resource record's fixed part (RFC 1035 §4.1.3) */
struct dns_rr {
	u16 type, class, rdlen;
	size_t rdata;		/* its offset */
};

/* The record at *@offp: its owner into @owner, *@offp past its data */
static int rr_read(struct dns_msg *m, size_t *offp, u8 *owner,
		   size_t *ownlenp, struct dns_rr *rr)
{
	size_t off = *offp;

	if (name_read(m, &off, owner, ownlenp))
		return -EBADMSG;
	if (m->len - off < DNS_RR_FIXED)
		return bad(m, "a record runs past the end");
	rr->type = net_get16(m->p + off);
	rr->class = net_get16(m->p + off + 2);
	rr->rdlen = net_get16(m->p + off + 8);
	rr->rdata = off + DNS_RR_FIXED;
	if (rr->rdlen > m->len - rr->rdata)
		return bad(m, "a record's data runs past the end");
	*offp = rr->rdata + rr->rdlen;
	return 0;
}

/* Every record of the answer section, checked before any is used */
static int answers_check(struct dns_msg *m, size_t off, unsigned int count)
{
	u8 name[DNS_WIRE_MAX];
	struct dns_rr rr;
	size_t n;

	for (unsigned int i = 0; i < count; i++) {
		if (rr_read(m, &off, name, &n, &rr))
			return -EBADMSG;
		if (rr.class != DNS_CLASS_IN)
			continue;
		if (rr.type == DNS_TYPE_A && rr.rdlen != 4)
			return bad(m, "an A record whose data is not 4 bytes");
		if (rr.type == DNS_TYPE_CNAME) {
			size_t at = rr.rdata;

			if (name_read(m, &at, name, &n))
				return -EBADMSG;
			if (at != rr.rdata + rr.rdlen)
				return bad(m, "a CNAME whose data is not one name");
		}
	}
	return 0;
}

/*
 * The first A record of @name (@len bytes of labels) among the @count
 * answers at @off, checked, or of the name its CNAME chain leads to. The
 * first CNAME of each name is the one followed, so a name seen twice is
 * a record taken twice: that is how a loop is found.
 */
static int answers_find(struct dns_msg *m, size_t start, unsigned int count,
			const u8 *name, size_t len, u32 *ipp,
			const char **whyp)
{
	size_t followed[DNS_CNAME_MAX], cur_len = len;
	u8 cur[DNS_WIRE_MAX], owner[DNS_WIRE_MAX];

	memcpy(cur, name, len);
	for (unsigned int hop = 0; hop <= DNS_CNAME_MAX; hop++) {
		size_t off = start, cname = 0, record = 0, olen;
		struct dns_rr rr;

		for (unsigned int i = 0; i < count; i++) {
			size_t at = off;

			if (rr_read(m, &off, owner, &olen, &rr))
				return -EBADMSG;	/* checked: cannot be */
			if (rr.class != DNS_CLASS_IN || olen != cur_len ||
			    memcmp(owner, cur, olen))
				continue;
			if (rr.type == DNS_TYPE_A) {
				*ipp = net_get32(m->p + rr.rdata);
				return 0;
			}
			if (rr.type == DNS_TYPE_CNAME && !cname) {
				cname = rr.rdata;
				record = at;
			}
		}
		if (!cname) {
			*whyp = hop ? "the name its CNAME chain leads to has no IPv4 address in the answer" :
				      "the name has no IPv4 address (no A record)";
			return -ENOENT;
		}
		for (unsigned int j = 0; j < hop; j++) {
			if (followed[j] == record) {
				*whyp = "a CNAME loop";
				return -EBADMSG;
			}
		}
		if (hop == DNS_CNAME_MAX)
			break;
		followed[hop] = record;
		if (name_read(m, &cname, cur, &cur_len))
			return -EBADMSG;	/* checked: cannot be */
	}
	*whyp = "a CNAME chain longer than 8 hops";
	return -E2BIG;
}

/* RCODE (RFC 1035 §4.1.1): 0, or errno with *@whyp */
static int rcode_error(unsigned int rcode, const char **whyp)
{
	static const char *const names[] = {
		[1] = "the server could not read the query (FORMERR)",
		[2] = "the server failed (SERVFAIL)",
		[3] = "no such name (NXDOMAIN)",
		[4] = "the server does not do this kind of query (NOTIMP)",
		[5] = "the server refused the query (REFUSED)",
	};

	if (!rcode)
		return 0;
	*whyp = rcode < ARRAY_SIZE(names) ? names[rcode] :
		"the server answered with an unknown error code";
	return rcode == DNS_RCODE_NXDOMAIN ? -ENOENT : -ECONNREFUSED;
}

int dns_reply_parse(const u8 *msg, size_t len, u16 id, const char *name,
		    u32 *ipp, const char **whyp)
{
	struct dns_msg m = { msg, len, NULL };
	u8 want[DNS_WIRE_MAX], got[DNS_WIRE_MAX];
	size_t off = DNS_HLEN, glen;
	int wlen, ret;

	*whyp = "not an answer to our query";
	wlen = name_to_wire(name, want);
	if (wlen < 0)
		return -EINVAL;
	for (int i = 0; i < wlen; i++)
		want[i] = tolower(want[i]);
	/* Ours: the id, a response, a standard query, our one question */
	if (len < DNS_HLEN || net_get16(msg) != id || !(msg[2] & DNS_QR) ||
	    (msg[2] & DNS_OPCODE) || net_get16(msg + 4) != 1)
		return -EINVAL;
	if (name_read(&m, &off, got, &glen) || glen != (size_t)wlen ||
	    memcmp(got, want, wlen) || len - off < 4 ||
	    net_get16(msg + off) != DNS_TYPE_A ||
	    net_get16(msg + off + 2) != DNS_CLASS_IN)
		return -EINVAL;
	off += 4;
	if (msg[2] & DNS_TC) {
		*whyp = "the answer was truncated (TC), and Ember has no DNS over TCP";
		return -EMSGSIZE;
	}
	ret = rcode_error(msg[3] & DNS_RCODE, whyp);
	if (ret)
		return ret;
	ret = answers_check(&m, off, net_get16(msg + 6));
	if (ret) {
		*whyp = m.why;
		return ret;
	}
	ret = answers_find(&m, off, net_get16(msg + 6), want, wlen, ipp, whyp);
	if (ret == -EBADMSG && m.why)
		*whyp = m.why;
	return ret;
}

/**
 * struct dns_op - one lookup
 * @err: per server, what ended its part: an error it answered with, or
 *	the ARP failure that kept us from sending to it (@why NULL: said)
 * @sent: the queries sent, by server index and id
 * @cur: the server whose answer is being waited for
 * @done: an answer that ends the lookup came (@result, @ip, @why_done)
 * @ignored: datagrams to our port that were not an answer to us
 */
struct dns_op {
	struct net_if *nif;
	const char *name;
	u32 server[DNS_SERVERS];
	unsigned int nservers;
	int err[DNS_SERVERS];
	const char *why[DNS_SERVERS];
	u16 lport;
	struct {
		u8 server;
		u16 id;
	} sent[DNS_SENDS_MAX];
	unsigned int nsent;
	unsigned int cur;
	bool done;
	int result;
	const char *why_done;
	unsigned int answered_by;
	u32 ip;
	u32 ignored;
	int qlen;
	u8 query[DNS_QUERY_MAX];
};

/* The server a datagram answers, by its source and id; -1: none */
static int dns_sender(const struct dns_op *op, u32 src,
		      const struct udp_hdr *u, const u8 *data)
{
	u16 id;

	if (u->sport != DNS_PORT || u->len < 2)
		return -1;
	id = net_get16(data);
	for (unsigned int i = 0; i < op->nsent; i++) {
		if (op->sent[i].id == id && op->server[op->sent[i].server] == src)
			return op->sent[i].server;
	}
	return -1;
}

static void dns_rx(void *ctx, u32 src, const struct udp_hdr *u,
		   const u8 *data)
{
	struct dns_op *op = ctx;
	const char *why;
	u32 ip = 0;
	int s, ret;

	if (u->dport != op->lport || op->done)
		return;
	s = dns_sender(op, src, u, data);
	if (s < 0) {
		op->ignored++;
		return;
	}
	if (op->err[s])
		return;		/* that server is done */
	ret = dns_reply_parse(data, u->len, net_get16(data), op->name, &ip,
			      &why);
	if (ret == -EINVAL) {
		op->ignored++;
	} else if (!ret || ret == -ENOENT) {
		op->done = true;
		op->result = ret;
		op->ip = ip;
		op->why_done = why;
		op->answered_by = s;
	} else {
		op->err[s] = ret;
		op->why[s] = why;
	}
}

static bool dns_done(void *ctx)
{
	struct dns_op *op = ctx;

	return op->done || op->err[op->cur];
}

/* A query with a new random id to server @s */
static int dns_send(struct dns_op *op, unsigned int s)
{
	u8 *p = op->nif->tx + NET_UDP_OFF;
	u16 id = rand_below(0x10000);

	BUILD_BUG_ON(DNS_QUERY_MAX > NET_UDP_MAX);
	if (op->nsent >= DNS_SENDS_MAX)
		return -E2BIG;
	op->sent[op->nsent].server = s;
	op->sent[op->nsent].id = id;
	op->nsent++;
	memcpy(p, op->query, op->qlen);
	net_put16(p, id);
	return net_send_udp(op->nif, op->server[s], op->lport, DNS_PORT,
			    op->qlen);
}

/*
 * Each server in turn, DNS_TRIES times at most, within DNS_TOTAL_US.
 * Return: the answer's result, -ETIMEDOUT (no answer that ends the
 * lookup), -EINTR, or the device's error
 */
static int dns_run(struct dns_op *op)
{
	u64 start = timer_get_us();
	unsigned int n = op->nservers;
	int ret;

	for (unsigned int t = 0; t < DNS_TRIES * n && !op->done; t++) {
		unsigned int s = t % n;
		u64 spent = timer_get_us() - start, wait;

		if (op->err[s])
			continue;
		if (spent >= DNS_TOTAL_US)
			break;
		/* RFC 1035 §4.2.1: back off; at random, as RFC 2131 §4.1 */
		wait = min_t(u64, net_jitter_us(DNS_FIRST_US << (t / n), 25),
			     DNS_TOTAL_US - spent);
		op->cur = s;
		ret = dns_send(op, s);
		if (ret == -ETIMEDOUT || ret == -ENETUNREACH) {
			op->err[s] = ret;	/* ARP said why */
			continue;
		}
		if (!ret)
			ret = net_wait(op->nif, dns_done, op, wait);
		if (ret && ret != -ETIMEDOUT)
			return ret;
	}
	return op->done ? op->result : -ETIMEDOUT;
}

/* Say how the lookup ended, when it failed; Return: its errno */
static int dns_report(const struct dns_op *op, int ret)
{
	bool silent = false;
	char ip[16];

	if (op->ignored)
		printf("DNS: %u datagram%s to our port ignored (not from a server asked, or not an answer to our query)\n",
		       op->ignored, op->ignored == 1 ? "" : "s");
	if (ret == -EINTR) {
		printf("DNS: aborted\n");
		return ret;
	}
	if (op->done) {
		if (ret)
			printf("DNS: %s: %s; server %s\n", op->name,
			       op->why_done,
			       ip_to_string(op->server[op->answered_by], ip));
		return ret;
	}
	if (ret != -ETIMEDOUT)
		return ret;	/* the device's error, said where it was seen */
	for (unsigned int s = 0; s < op->nservers; s++) {
		ip_to_string(op->server[s], ip);
		if (!op->err[s]) {
			printf("DNS: no answer from server %s\n", ip);
			silent = true;
			continue;
		}
		if (op->why[s])
			printf("DNS: %s: %s; server %s\n", op->name, op->why[s],
			       ip);
		ret = op->err[s];
	}
	return silent ? -ETIMEDOUT : ret;
}

/* 'dnsip', then 'dnsip2' (when set and different) */
static unsigned int dns_servers(u32 *server)
{
	unsigned int n = 0;

	server[0] = net_env_get_ip("dnsip");
	if (server[0])
		n++;
	server[n] = net_env_get_ip("dnsip2");
	if (server[n] && (!n || server[n] != server[0]))
		n++;
	return n;
}

int dns_resolve(const char *name, u32 *ipp)
{
	struct dns_op op = { .name = name };
	int ret;

	if (!string_to_ip(name, ipp))
		return 0;
	op.qlen = dns_query_build(op.query, sizeof(op.query), 0, name,
				  DNS_TYPE_A);
	if (op.qlen == -ENAMETOOLONG)
		printf("DNS: host name too long (at most %d characters, labels of at most %d)\n",
		       DNS_NAME_MAX, DNS_LABEL_MAX);
	else if (op.qlen < 0)
		printf("DNS: '%s' is not a valid host name\n", name);
	if (op.qlen < 0)
		return op.qlen;
	op.nservers = dns_servers(op.server);
	if (!op.nservers) {
		printf("DNS: no server ('dnsip' is not set)\n");
		return -EINVAL;
	}
	ret = net_start(&op.nif);
	if (ret)
		return ret;
	if (!op.nif->ip) {
		printf("DNS: no IP address ('ipaddr' is not set)\n");
		net_stop(op.nif);
		return -EINVAL;
	}
	net_warn_predictable();		/* before the port and ids are drawn */
	op.lport = DNS_PORT_FIRST + rand_below(0x10000 - DNS_PORT_FIRST);
	op.nif->udp_rx = dns_rx;
	op.nif->ctx = &op;
	ret = dns_run(&op);
	net_stop(op.nif);
	ret = dns_report(&op, ret);
	if (!ret)
		*ipp = op.ip;
	return ret;
}
