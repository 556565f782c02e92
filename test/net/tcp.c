// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * TCP's receive path (net/tcp.c): segments built here, checksums right
 * unless a test spoils one, fed to tcp_input() for a connection set up by
 * hand in each state; what it decides (state, error, bytes handed over,
 * what it owes: an ACK, a RST) is read back. tcp_input() never sends, so
 * no device is needed.
 */
#include <errno.h>
#include <net.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>
#include "../../net/net_core.h"
#include "../../net/tcp.h"
#include "rig.h"

#define OPT_SACK_KIND	5

#define ME	0x0a00020f	/* 10.0.2.15 */
#define PEER	0x0a000202	/* 10.0.2.2 */
#define LPORT	50000
#define RPORT	80
#define F_FIN	0x01
#define F_SYN	0x02
#define F_RST	0x04
#define F_ACK	0x10

/* What the consumer was handed */
struct sink {
	u8 data[8192];
	u32 len;
	int fail_after;		/* >0: fail once this many bytes came */
};

static int sink_recv(void *ctx, const u8 *data, size_t len)
{
	struct sink *s = ctx;

	if (s->len + len > sizeof(s->data))
		return -E2BIG;
	memcpy(s->data + s->len, data, len);
	s->len += len;
	if (s->fail_after && s->len >= (u32)s->fail_after)
		return -ENOSPC;
	return 0;
}

/* A segment PEER:RPORT -> ME:LPORT; @opt of @optlen bytes (a multiple of 4) */
static int seg(u8 *p, u32 seq, u32 ack, u8 flags, u16 win, const u8 *opt,
	       int optlen, const void *data, int len)
{
	int hlen = 20 + optlen;
	u8 ph[12];
	u32 sum;

	memset(p, 0, hlen);
	net_put16(p, RPORT);
	net_put16(p + 2, LPORT);
	net_put32(p + 4, seq);
	net_put32(p + 8, ack);
	p[12] = (hlen / 4) << 4;
	p[13] = flags;
	net_put16(p + 14, win);
	if (optlen)
		memcpy(p + 20, opt, optlen);
	if (len)
		memcpy(p + hlen, data, len);
	net_put32(ph, PEER);
	net_put32(ph + 4, ME);
	ph[8] = 0;
	ph[9] = 6;
	net_put16(ph + 10, hlen + len);
	sum = net_checksum_add(ph, sizeof(ph), 0);
	net_put16(p + 16, net_checksum(p, hlen + len, sum));
	return hlen + len;
}

/* A connection in SYN-SENT, as tcp_connect() leaves it, without sending */
static void conn_syn_sent(struct tcp_conn *c, struct sink *s, u32 iss)
{
	memset(c, 0, sizeof(*c));
	memset(s, 0, sizeof(*s));
	c->dst = PEER;
	c->lport = LPORT;
	c->rport = RPORT;
	c->iss = iss;
	c->snd_una = iss;
	c->snd_nxt = iss + 1;
	c->rcv_wnd = 1 << 20;
	c->rcv_wscale = 4;
	c->mss = 536;
	c->rto_us = 1000000;
	c->recv = sink_recv;
	c->ctx = s;
	c->state = TCP_SYN_SENT;
}

/*
 * ... then ESTABLISHED with the peer's ISN @irs: its MSS @mss, SACK and
 * window 65535 << 7
 */
static int conn_open(struct unit_test_state *uts, struct tcp_conn *c,
		     struct sink *s, u32 iss, u32 irs, u16 mss)
{
	u8 opt[] = { 2, 4, mss >> 8, mss & 0xff, 1, 1, 4, 2, 1, 3, 3, 7 };
	u8 p[128];
	int n;

	conn_syn_sent(c, s, iss);
	n = seg(p, irs, iss + 1, F_SYN | F_ACK, 65535, opt, sizeof(opt), NULL,
		0);
	tcp_input(c, PEER, ME, p, n, false);
	ut_asserteq(TCP_ESTABLISHED, c->state);
	c->ack_now = false;
	ut_asserteq(mss, c->mss);
	return 0;
}

static int conn_established(struct unit_test_state *uts, struct tcp_conn *c,
			    struct sink *s, u32 iss, u32 irs)
{
	return conn_open(uts, c, s, iss, irs, 1460);
}

static int net_test_tcp_syn_sent(struct unit_test_state *uts)
{
	static const u8 opt[] = { 2, 4, 0x05, 0xb4, 1, 1, 4, 2, 1, 3, 3, 7 };
	struct tcp_conn c;
	struct sink s;
	u8 p[128];
	int n;

	/* An ACK of something else: a RST at its sequence, nothing more */
	conn_syn_sent(&c, &s, 1000);
	n = seg(p, 5000, 1234, F_SYN | F_ACK, 1000, NULL, 0, NULL, 0);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(TCP_SYN_SENT, c.state);
	ut_assert(c.rst_now);
	ut_asserteq(1234, c.rst_seq);
	/* A RST without an ACK, or with a wrong one: ignored */
	conn_syn_sent(&c, &s, 1000);
	n = seg(p, 0, 0, F_RST, 0, NULL, 0, NULL, 0);
	tcp_input(&c, PEER, ME, p, n, false);
	n = seg(p, 0, 7, F_RST | F_ACK, 0, NULL, 0, NULL, 0);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(TCP_SYN_SENT, c.state);
	ut_asserteq(0, c.err);
	/* A RST acknowledging our SYN: refused */
	n = seg(p, 0, 1001, F_RST | F_ACK, 0, NULL, 0, NULL, 0);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(TCP_CLOSED, c.state);
	ut_asserteq(-ECONNREFUSED, c.err);
	ut_assert(!c.rst_now);
	/* A SYN without our ACK (simultaneous open): not taken */
	conn_syn_sent(&c, &s, 1000);
	n = seg(p, 5000, 0, F_SYN, 1000, opt, sizeof(opt), NULL, 0);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(TCP_SYN_SENT, c.state);
	/* The SYN-ACK: its options taken, bounded */
	n = seg(p, 5000, 1001, F_SYN | F_ACK, 29200, opt, sizeof(opt), NULL,
		0);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(TCP_ESTABLISHED, c.state);
	ut_asserteq(5001, c.rcv_nxt);
	ut_asserteq(1001, c.snd_una);
	ut_asserteq(1460, c.mss);
	ut_asserteq(7, c.snd_wscale);
	ut_asserteq(29200, c.snd_wnd);	/* a SYN's window: not scaled */
	ut_assert(c.peer_sack && c.peer_ws);
	ut_asserteq(4, c.rcv_wscale);
	ut_assert(c.ack_now);
	/* Without window scaling from the peer, none from us either */
	conn_syn_sent(&c, &s, 1000);
	n = seg(p, 5000, 1001, F_SYN | F_ACK, 29200, NULL, 0, NULL, 0);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(TCP_ESTABLISHED, c.state);
	ut_asserteq(0, c.rcv_wscale);
	ut_asserteq(536, c.mss);
	ut_assert(!c.peer_sack);
	return 0;
}
UNIT_TEST(net_test_tcp_syn_sent, 0, net);

/*
 * Segments not for this connection, or damaged: counted and dropped,
 * whether or not the device vouched for the checksum; with it vouched for
 * (ETH_RX_CSUM_OK), only the checksum is not checked again
 */
static int net_test_tcp_not_ours(struct unit_test_state *uts)
{
	struct tcp_conn c;
	struct sink s;
	u8 p[128];
	int n;

	ut_assertok(conn_established(uts, &c, &s, 1000, 5000));
	n = seg(p, 5001, 1001, F_ACK, 100, NULL, 0, "abc", 3);
	p[20] ^= 1;				/* checksum */
	tcp_input(&c, PEER, ME, p, n, false);
	p[20] ^= 1;
	for (int ok = 0; ok < 2; ok++) {
		tcp_input(&c, PEER + 1, ME, p, n, ok);	/* another host */
		net_put16(p + 2, LPORT + 1);		/* another port */
		tcp_input(&c, PEER, ME, p, n, ok);
		net_put16(p + 2, LPORT);
		tcp_input(&c, PEER, ME, p, 19, ok);	/* too short */
		p[12] = 0x40;				/* data offset 16 */
		tcp_input(&c, PEER, ME, p, n, ok);
		p[12] = 0x50;
	}
	ut_asserteq(9, c.rx_bad);
	ut_asserteq(0, s.len);
	ut_asserteq(TCP_ESTABLISHED, c.state);
	p[20] ^= 1;
	tcp_input(&c, PEER, ME, p, n, true);
	ut_asserteq(9, c.rx_bad);
	ut_asserteq(3, s.len);
	return 0;
}
UNIT_TEST(net_test_tcp_not_ours, 0, net);

/*
 * Data in order, out of order (kept, then handed over once the gap
 * fills), duplicated, and past the window; each owes an ACK
 */
static int net_test_tcp_data(struct unit_test_state *uts)
{
	struct tcp_conn c;
	struct sink s;
	u8 p[2048];
	int n;

	ut_assertok(conn_established(uts, &c, &s, 1000, 5000));
	n = seg(p, 5001, 1001, F_ACK, 100, NULL, 0, "hello ", 6);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(6, s.len);
	ut_assert(c.ack_now);
	c.ack_now = false;
	/* "world" and "!!" come before " there " */
	n = seg(p, 5001 + 12, 1001, F_ACK, 100, NULL, 0, "world", 5);
	tcp_input(&c, PEER, ME, p, n, false);
	n = seg(p, 5001 + 17, 1001, F_ACK, 100, NULL, 0, "!!", 2);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(6, s.len);
	ut_asserteq(2, c.nooo);
	ut_assert(c.ack_now);		/* a duplicate ACK, with SACK */
	{
		u32 blk[3][2];

		/* One run: "world!!", the latest arrival in it */
		ut_asserteq(1, tcp_sack_blocks(&c, blk, 3));
		ut_asserteq(5001 + 12, blk[0][0]);
		ut_asserteq(5001 + 19, blk[0][1]);
	}
	/* A repeat of what was delivered: nothing new, an ACK */
	c.ack_now = false;
	n = seg(p, 5001, 1001, F_ACK, 100, NULL, 0, "hello ", 6);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(6, s.len);
	ut_assert(c.ack_now);
	/* The gap, overlapping what came before it: all in order */
	n = seg(p, 5001 + 4, 1001, F_ACK, 100, NULL, 0, "o there ", 8);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(19, s.len);
	ut_asserteq_mem("hello there world!!", s.data, 19);
	ut_asserteq(0, c.nooo);
	ut_asserteq(0, c.ooo_bytes);
	ut_asserteq(5001 + 19, c.rcv_nxt);
	/* Beyond the window: not acceptable, an ACK and nothing kept */
	c.ack_now = false;
	n = seg(p, c.rcv_nxt + (1 << 20) + 100, 1001, F_ACK, 100, NULL, 0,
		"x", 1);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(0, c.nooo);
	ut_assert(c.ack_now);
	/* Straddling the window's right edge: what is inside is kept */
	c.rcv_wnd = 16;
	c.rcv_wscale = 0;
	n = seg(p, c.rcv_nxt, 1001, F_ACK, 100, NULL, 0,
		"0123456789abcdefOUTSIDE", 23);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(35, s.len);
	ut_asserteq_mem("0123456789abcdef", s.data + 19, 16);
	return 0;
}
UNIT_TEST(net_test_tcp_data, 0, net);

/* RST and SYN in a synchronized state (RFC 5961), and bad ACKs */
static int net_test_tcp_blind(struct unit_test_state *uts)
{
	struct tcp_conn c;
	struct sink s;
	u8 p[128];
	int n;

	ut_assertok(conn_established(uts, &c, &s, 1000, 5000));
	/* A RST inside the window but not at rcv_nxt: a challenge ACK */
	n = seg(p, 5001 + 100, 0, F_RST, 0, NULL, 0, NULL, 0);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(TCP_ESTABLISHED, c.state);
	ut_assert(c.ack_now);
	/* Outside it: dropped, no answer */
	c.ack_now = false;
	n = seg(p, 5001 - 100, 0, F_RST, 0, NULL, 0, NULL, 0);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(TCP_ESTABLISHED, c.state);
	ut_assert(!c.ack_now);
	/* A SYN: a challenge ACK, the connection goes on */
	n = seg(p, 5001, 1001, F_SYN | F_ACK, 100, NULL, 0, NULL, 0);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(TCP_ESTABLISHED, c.state);
	ut_assert(c.ack_now);
	/* An ACK of data never sent: an ACK back, its data not taken */
	c.ack_now = false;
	n = seg(p, 5001, 1001 + 50, F_ACK, 100, NULL, 0, "data", 4);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(0, s.len);
	ut_assert(c.ack_now);
	/* No ACK flag: dropped */
	n = seg(p, 5001, 0, 0, 100, NULL, 0, "data", 4);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(0, s.len);
	/* The exact RST: reset */
	n = seg(p, 5001, 0, F_RST, 0, NULL, 0, NULL, 0);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(TCP_CLOSED, c.state);
	ut_asserteq(-ECONNRESET, c.err);
	return 0;
}
UNIT_TEST(net_test_tcp_blind, 0, net);

/* FIN: in order it ends the stream; out of order it waits */
static int net_test_tcp_fin(struct unit_test_state *uts)
{
	struct tcp_conn c;
	struct sink s;
	u8 p[128];
	int n;

	ut_assertok(conn_established(uts, &c, &s, 1000, 5000));
	n = seg(p, 5001 + 3, 1001, F_ACK | F_FIN, 100, NULL, 0, "def", 3);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(TCP_ESTABLISHED, c.state);
	ut_assert(!c.fin_rcvd);
	n = seg(p, 5001, 1001, F_ACK, 100, NULL, 0, "abc", 3);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(6, s.len);
	ut_assert(!c.fin_rcvd);		/* its FIN comes again */
	n = seg(p, 5001 + 6, 1001, F_ACK | F_FIN, 100, NULL, 0, NULL, 0);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_assert(c.fin_rcvd);
	ut_asserteq(TCP_CLOSE_WAIT, c.state);
	ut_asserteq(5001 + 7, c.rcv_nxt);
	/* Data after the FIN: nothing new */
	n = seg(p, 5001 + 7, 1001, F_ACK, 100, NULL, 0, "xyz", 3);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(6, s.len);
	return 0;
}
UNIT_TEST(net_test_tcp_fin, 0, net);

/* Sequence numbers that wrap, and a consumer that gives up */
static int net_test_tcp_wrap(struct unit_test_state *uts)
{
	struct tcp_conn c;
	struct sink s;
	u8 p[128];
	int n;

	ut_assertok(conn_established(uts, &c, &s, 0xfffffff0, 0xfffffffa));
	ut_asserteq(0xfffffffb, c.rcv_nxt);
	n = seg(p, 0xfffffffb + 5, 0xfffffff1, F_ACK, 100, NULL, 0, "67890",
		5);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(1, c.nooo);
	n = seg(p, 0xfffffffb, 0xfffffff1, F_ACK, 100, NULL, 0, "12345", 5);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(10, s.len);
	ut_asserteq_mem("1234567890", s.data, 10);
	ut_asserteq(5, c.rcv_nxt);
	/* The consumer's error ends it, with a RST owed */
	s.fail_after = 12;
	n = seg(p, 5, 0xfffffff1, F_ACK, 100, NULL, 0, "abc", 3);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(TCP_CLOSED, c.state);
	ut_asserteq(-ENOSPC, c.err);
	ut_assert(c.rst_now);
	return 0;
}
UNIT_TEST(net_test_tcp_wrap, 0, net);

/*
 * SACK blocks with more runs than an ACK carries: the run of the latest
 * arrival first, wherever it is, then the lowest others (RFC 2018 §4)
 */
static int net_test_tcp_sack(struct unit_test_state *uts)
{
	static const u32 order[] = { 100, 300, 500, 700, 900, 301 };
	struct tcp_conn c;
	struct sink s;
	u32 blk[3][2];
	u8 p[128];
	int n;

	ut_assertok(conn_established(uts, &c, &s, 1000, 5000));
	for (unsigned int i = 0; i < ARRAY_SIZE(order); i++) {
		n = seg(p, 5001 + order[i], 1001, F_ACK, 100, NULL, 0, "xx",
			2);
		tcp_input(&c, PEER, ME, p, n, false);
	}
	ut_asserteq(6, c.nooo);
	/* Runs: 100-102, 300-303, 500-502, 700-702, 900-902 */
	ut_asserteq(3, tcp_sack_blocks(&c, blk, 3));
	ut_asserteq(5001 + 300, blk[0][0]);	/* the latest: 301 */
	ut_asserteq(5001 + 303, blk[0][1]);
	ut_asserteq(5001 + 100, blk[1][0]);
	ut_asserteq(5001 + 500, blk[2][0]);
	/* The latest now beyond the third run */
	n = seg(p, 5001 + 901, 1001, F_ACK, 100, NULL, 0, "xx", 2);
	tcp_input(&c, PEER, ME, p, n, false);
	ut_asserteq(3, tcp_sack_blocks(&c, blk, 3));
	ut_asserteq(5001 + 900, blk[0][0]);
	ut_asserteq(5001 + 903, blk[0][1]);
	ut_asserteq(5001 + 100, blk[1][0]);
	ut_asserteq(5001 + 300, blk[2][0]);
	while (c.nooo)
		free(c.ooo[--c.nooo].data);
	return 0;
}
UNIT_TEST(net_test_tcp_sack, 0, net);

/* A data segment from the peer, @data at @seq */
static void feed(struct tcp_conn *c, u32 seq, const char *data)
{
	u8 p[128];
	int n = seg(p, seq, 1001, F_ACK, 100, NULL, 0, data, strlen(data));

	tcp_input(c, PEER, ME, p, n, false);
}

/*
 * Data that comes twice is reported once, in a D-SACK block ahead of the
 * SACK blocks (RFC 2883): wholly old, partly old, held out of order (by
 * one kept segment or by two), with the run holding it next
 */
static int net_test_tcp_dsack(struct unit_test_state *uts)
{
	/*
	 * Each segment in turn; then what is kept, and the next ACK's
	 * blocks, the first a D-SACK block where @dup says so
	 */
	static const struct {
		u32 seq;
		const char *data;
		u32 nooo;
		bool dup;
		int n;
		u32 blk[3][2];
	} steps[] = {
		{ 5001, "hello ", 0, false, 0 },
		{ 5001, "hello ", 0, true, 1, { { 5001, 5007 } } },
		{ 5004, "lo wor", 0, true, 1, { { 5004, 5007 } } }, /* half */
		{ 5020, "AB", 1, false, 1, { { 5020, 5022 } } },
		{ 5022, "CD", 2, false, 1, { { 5020, 5024 } } },
		{ 5030, "EF", 3, false, 2, { { 5030, 5032 }, { 5020, 5024 } } },
		/* Held already; the run holding it next (RFC 2883 §4 (4)) */
		{ 5020, "AB", 3, true, 3,
		  { { 5020, 5022 }, { 5020, 5024 }, { 5030, 5032 } } },
		/* Held by two kept segments together */
		{ 5021, "BC", 3, true, 3,
		  { { 5021, 5023 }, { 5020, 5024 }, { 5030, 5032 } } },
		/* Partly new: kept, not a duplicate */
		{ 5023, "DE", 4, false, 2, { { 5020, 5025 }, { 5030, 5032 } } },
	};
	struct tcp_conn c;
	struct sink s;
	u32 blk[TCP_SACK_MAX][2];

	ut_assertok(conn_established(uts, &c, &s, 1000, 5000));
	for (unsigned int i = 0; i < ARRAY_SIZE(steps); i++) {
		feed(&c, steps[i].seq, steps[i].data);
		ut_assert(c.ack_now);
		c.ack_now = false;
		ut_asserteq(steps[i].nooo, c.nooo);
		/* The ACK sent, as tcp_xmit() does it */
		ut_asserteq(steps[i].n, tcp_sack_blocks(&c, blk, TCP_SACK_MAX));
		c.dsack_now = false;
		for (int b = 0; b < steps[i].n; b++) {
			ut_asserteq(steps[i].blk[b][0], blk[b][0]);
			ut_asserteq(steps[i].blk[b][1], blk[b][1]);
		}
		/* Each duplicate once */
		ut_asserteq(steps[i].n - steps[i].dup,
			    tcp_sack_blocks(&c, blk, TCP_SACK_MAX));
	}
	ut_asserteq(9, s.len);
	ut_asserteq_mem("hello wor", s.data, 9);
	/* Older than a window: acknowledged, not reported */
	feed(&c, c.rcv_nxt - (4 << 20), "xx");
	ut_assert(c.ack_now);
	ut_assert(!c.dsack_now);
	while (c.nooo)
		free(c.ooo[--c.nooo].data);
	/* A peer without SACK hears of no duplicate */
	ut_assertok(conn_established(uts, &c, &s, 1000, 5000));
	c.peer_sack = false;
	feed(&c, 5001, "hello ");
	feed(&c, 5001, "hello ");
	ut_assert(c.ack_now);
	ut_assert(!c.dsack_now);
	return 0;
}
UNIT_TEST(net_test_tcp_dsack, 0, net);


#if IS_ENABLED(CONFIG_VIRTIO_NET)
/*
 * Data sent while SACK blocks are owed, through the real IP layer and
 * virtio-net to a socket: each segment's data is the peer's MSS less the
 * options it carries (RFC 6691), so none passes the MTU or the peer's
 * MSS, and the request arrives whole and in order. Before, a full-sized
 * segment with SACK blocks was refused (-EMSGSIZE) and the request failed.
 */
static int send_beside_sack(struct unit_test_state *uts, u16 mss)
{
	static const u8 peer_mac[ETH_ALEN] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	static const u32 ooo[] = { 100, 300, 500, 700, 100 };
	const u32 room = mss - 36;	/* NOP, NOP, kind, length, 4 blocks */
	u8 req[TCP_TX_MAX], f[PKTBUFSZ];
	struct net_if *nif;
	struct tcp_conn c;
	struct sink s;
	u32 got = 0;
	int peer, segs = 0;

	for (unsigned int i = 0; i < sizeof(req); i++)
		req[i] = i * 7 + (i >> 8);
	ut_assertok(net_rig_up(uts, &nif, &peer));
	nif->ip = ME;
	nif->mask = 0xffffff00;
	arp_learn(nif, PEER, peer_mac);
	ut_assertok(conn_open(uts, &c, &s, 1000, 5000, mss));
	c.nif = nif;
	/* Four runs held, and one of them twice: a D-SACK block and 3 more */
	for (unsigned int i = 0; i < ARRAY_SIZE(ooo); i++)
		feed(&c, 5001 + ooo[i], "xx");
	ut_asserteq(4, c.nooo);
	ut_assert(c.dsack_now);
	ut_assertok(tcp_send(&c, req, sizeof(req)));
	while (got < sizeof(req)) {
		const u8 *ip = f + ETH_HLEN, *t = ip + IP_HLEN;
		long n = net_rig_recv(peer, f, sizeof(f));
		int iplen, hlen, len;

		ut_assert(n > ETH_HLEN + IP_HLEN + 20);
		ut_asserteq(ETH_P_IP, net_get16(f + 12));
		ut_asserteq(IP_PROTO_TCP, ip[9]);
		iplen = net_get16(ip + 2);
		ut_asserteq(n - ETH_HLEN, iplen);
		ut_assert(iplen <= ETH_MTU);
		hlen = (t[12] >> 4) * 4;
		len = iplen - IP_HLEN - hlen;
		/* Four SACK blocks in each: the D-SACK one only in the first */
		ut_asserteq(20 + 36, hlen);
		ut_asserteq(OPT_SACK_KIND, t[22]);
		ut_asserteq(34, t[23]);
		if (!segs) {
			ut_asserteq(5001 + 100, net_get32(t + 24));
			ut_asserteq(5001 + 102, net_get32(t + 28));
		}
		/* The data: as much as the room allows, at the next offset */
		ut_asserteq(min_t(u32, room, sizeof(req) - got), len);
		ut_asserteq(1001 + got, net_get32(t + 4));
		ut_asserteq_mem(req + got, t + hlen, len);
		got += len;
		segs++;
	}
	ut_asserteq((sizeof(req) + room - 1) / room, segs);
	ut_asserteq(1001 + sizeof(req), c.snd_nxt);
	tcp_close(&c, true);
	net_rig_down(nif, peer);
	return 0;
}

static int net_test_tcp_send_sack(struct unit_test_state *uts)
{
	ut_assertok(send_beside_sack(uts, 1460));
	ut_assertok(send_beside_sack(uts, 536));
	return 0;
}
UNIT_TEST(net_test_tcp_send_sack, 0, net);
#endif
