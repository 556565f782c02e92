// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * TCP, the client half (see net/tcp.h and doc/develop/net.md). Segments
 * are parsed and checked in tcp_input(), which runs inside net_poll() and
 * never sends: what it owes (an ACK, a challenge ACK, a RST) is noted and
 * sent by the loop around net_poll() once the frames waiting are handled,
 * so a burst of data is acknowledged once. Sequence numbers compare
 * modulo 2^32.
 */
#define LOG_CATEGORY "tcp"

#include <errno.h>
#include <rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tcp.h"

#define TCP_HLEN	20
#define TCP_FIN		0x01
#define TCP_SYN		0x02
#define TCP_RST		0x04
#define TCP_PSH		0x08
#define TCP_ACK		0x10

#define OPT_END		0
#define OPT_NOP		1
#define OPT_MSS		2
#define OPT_WS		3
#define OPT_SACK_OK	4
#define OPT_SACK	5
/* A SACK option of @n blocks, with the two NOPs that align it */
#define SACK_OPT_LEN(n)	(4 + 8 * (n))

#define TCP_WS_MAX	14		/* RFC 7323 §2.3 */
#define TCP_MSS_MIN	64		/* below it a peer's MSS is refused */
#define TCP_MSS_DEFAULT	536		/* without the option (RFC 9293) */
#define TCP_RTO_INIT_US	1000000ULL	/* RFC 6298 (2.1) */
#define TCP_RTO_MIN_US	200000ULL
#define TCP_RTO_MAX_US	60000000ULL
#define TCP_RTX_MAX	8		/* retransmissions of one thing */
#define TCP_OOO_BYTES	(2 * 1024 * 1024)	/* out of order, kept */
#define TCP_PORT_FIRST	49152		/* RFC 6335's dynamic ports */
#define TCP_CLOSE_US	1000000ULL	/* the FIN exchange at the end */

static u32 min3_u32(u32 a, u32 b, u32 c)
{
	return min(min(a, b), c);
}

static bool seq_lt(u32 a, u32 b) { return (s32)(a - b) < 0; }
static bool seq_le(u32 a, u32 b) { return (s32)(a - b) <= 0; }
static bool seq_gt(u32 a, u32 b) { return (s32)(a - b) > 0; }
static bool seq_ge(u32 a, u32 b) { return (s32)(a - b) >= 0; }

/* The window we offer, as the header carries it */
static u16 wnd_field(const struct tcp_conn *c, bool syn)
{
	u32 w = syn ? c->rcv_wnd : c->rcv_wnd >> c->rcv_wscale;

	return min_t(u32, w, 0xffff);
}

/* What we offer in bytes: what the field says, scaled back */
static u32 rcv_window(const struct tcp_conn *c)
{
	return (u32)wnd_field(c, false) << c->rcv_wscale;
}

/*
 * SACK blocks: a D-SACK block first when data came twice (RFC 2883),
 * then the runs the out-of-order segments form (RFC 2018 §4), the one
 * holding the latest arrival first, then the others from the lowest,
 * @max in all. Return: the count
 */
int tcp_sack_blocks(const struct tcp_conn *c, u32 blk[][2], int max)
{
	u32 runs[TCP_OOO_MAX][2];
	int nruns = 0, latest = 0, n = 0;

	if (c->dsack_now && max > 0) {
		blk[n][0] = c->dsack[0];
		blk[n++][1] = c->dsack[1];
	}

	for (unsigned int i = 0; i < c->nooo; i++) {
		u32 s = c->ooo[i].seq, e = s + c->ooo[i].len;

		if (nruns && seq_le(s, runs[nruns - 1][1])) {
			if (seq_gt(e, runs[nruns - 1][1]))
				runs[nruns - 1][1] = e;
		} else {
			runs[nruns][0] = s;
			runs[nruns++][1] = e;
		}
		if (c->ooo[i].seq == c->ooo_last)
			latest = nruns - 1;
	}
	if (!nruns || n >= max)
		return n;
	blk[n][0] = runs[latest][0];
	blk[n++][1] = runs[latest][1];
	for (int i = 0; i < nruns && n < max; i++) {
		if (i == latest)
			continue;
		blk[n][0] = runs[i][0];
		blk[n++][1] = runs[i][1];
	}
	return n;
}

/*
 * The most data a segment sent now may carry: the peer's MSS less the
 * options it carries (RFC 6691, RFC 9293 §3.7.1), which are the SACK
 * blocks an ACK carries now
 */
static u32 seg_room(const struct tcp_conn *c)
{
	u32 blk[TCP_SACK_MAX][2];
	int n = c->peer_sack ? tcp_sack_blocks(c, blk, TCP_SACK_MAX) : 0;

	return c->mss - (n ? SACK_OPT_LEN(n) : 0);
}

/* Every MSS taken leaves room for data beside the most SACK blocks */
BUILD_BUG_ON(TCP_MSS_MIN <= SACK_OPT_LEN(TCP_SACK_MAX));

/* Send one segment: @flags, sequence @seq, @len bytes of @data */
static int tcp_xmit(struct tcp_conn *c, u8 flags, u32 seq, const u8 *data,
		    u32 len)
{
	u8 *p = c->nif->tx + ETH_HLEN + IP_HLEN, *o = p + TCP_HLEN;
	u32 blk[TCP_SACK_MAX][2];
	int hlen, n;

	if (flags & TCP_SYN) {
		/* MSS, SACK-permitted, window scale: 12 bytes */
		*o++ = OPT_MSS;
		*o++ = 4;
		net_put16(o, CONFIG_NET_RX_MTU - IP_HLEN - TCP_HLEN);
		o += 2;
		*o++ = OPT_NOP;
		*o++ = OPT_NOP;
		*o++ = OPT_SACK_OK;
		*o++ = 2;
		*o++ = OPT_NOP;
		*o++ = OPT_WS;
		*o++ = 3;
		*o++ = c->rcv_wscale;
	} else if ((flags & TCP_ACK) && c->peer_sack &&
		   (n = tcp_sack_blocks(c, blk, TCP_SACK_MAX))) {
		*o++ = OPT_NOP;
		*o++ = OPT_NOP;
		*o++ = OPT_SACK;
		*o++ = SACK_OPT_LEN(n) - 2;
		for (int i = 0; i < n; i++, o += 8) {
			net_put32(o, blk[i][0]);
			net_put32(o + 4, blk[i][1]);
		}
		c->sacks_sent++;
		c->dsacks_sent += c->dsack_now;
		c->dsack_now = false;	/* each duplicate reported once */
	}
	hlen = o - p;
	if (len > (u32)(ETH_MTU - IP_HLEN - hlen))
		return -EMSGSIZE;
	net_put16(p, c->lport);
	net_put16(p + 2, c->rport);
	net_put32(p + 4, seq);
	net_put32(p + 8, flags & TCP_ACK ? c->rcv_nxt : 0);
	p[12] = (hlen / 4) << 4;
	p[13] = flags;
	net_put16(p + 14, flags & TCP_RST ? 0 : wnd_field(c, flags & TCP_SYN));
	net_put16(p + 16, 0);
	net_put16(p + 18, 0);
	if (len)
		memcpy(p + hlen, data, len);
	net_put16(p + 16, net_checksum(p, hlen + len,
				       net_pseudo_sum(c->nif->ip, c->dst,
						      IP_PROTO_TCP, hlen + len)));
	return net_send_ip(c->nif, c->nif->tx, c->dst, IP_PROTO_TCP,
			   hlen + len);
}

/* Restart the retransmission timer: one RTO from now, jittered */
static void rtx_arm(struct tcp_conn *c)
{
	c->rtx_at = timer_get_us() + net_jitter_us(c->rto_us, 10);
}

/*
 * Send what is not sent yet of the request (and our FIN after it), from
 * snd_nxt, within the peer's window and MSS
 */
static int tcp_output(struct tcp_conn *c)
{
	u32 data0 = c->iss + 1, sent = c->snd_nxt - data0;
	int ret;

	while (sent < c->tx_len) {
		u32 room = c->snd_una + c->snd_wnd - c->snd_nxt;
		u32 n = min3_u32(c->tx_len - sent, seg_room(c), room);

		if (!n || seq_lt(c->snd_una + c->snd_wnd, c->snd_nxt))
			break;	/* the window is shut: the timer probes */
		ret = tcp_xmit(c, TCP_ACK | TCP_PSH, c->snd_nxt,
			       c->tx_data + sent, n);
		if (ret)
			return ret;
		if (!c->rtt_start) {
			c->rtt_start = timer_get_us();
			c->rtt_seq = c->snd_nxt + n;
		}
		c->snd_nxt += n;
		sent += n;
		if (!c->rtx_at)
			rtx_arm(c);
	}
	if (c->fin_queued && sent == c->tx_len &&
	    c->snd_nxt == data0 + c->tx_len) {
		ret = tcp_xmit(c, TCP_FIN | TCP_ACK, c->snd_nxt, NULL, 0);
		if (ret)
			return ret;
		c->snd_nxt++;
		if (!c->rtx_at)
			rtx_arm(c);
	}
	return 0;
}

/* Resend the oldest thing not acknowledged: the SYN, data or the FIN */
static int tcp_retransmit(struct tcp_conn *c)
{
	u32 data0 = c->iss + 1, off;

	c->rtx_segs++;
	c->rtt_start = 0;	/* Karn: no sample from a retransmission */
	if (c->state == TCP_SYN_SENT)
		return tcp_xmit(c, TCP_SYN, c->iss, NULL, 0);
	off = c->snd_una - data0;
	if (off < c->tx_len) {
		u32 n = min3_u32(c->tx_len - off, seg_room(c),
			     c->snd_nxt - c->snd_una);

		/* A shut window: one byte probes it (RFC 9293 §3.8.6.1) */
		return tcp_xmit(c, TCP_ACK | TCP_PSH, c->snd_una,
				c->tx_data + off, max(n, 1U));
	}
	if (c->snd_una != c->snd_nxt)	/* only our FIN is out */
		return tcp_xmit(c, TCP_FIN | TCP_ACK, c->snd_una, NULL, 0);
	return 0;
}

/* An RTT sample (RFC 6298 §2) */
static void rtt_sample(struct tcp_conn *c, u64 r)
{
	if (!c->srtt_us) {
		c->srtt_us = r;
		c->rttvar_us = r / 2;
	} else {
		u64 d = c->srtt_us > r ? c->srtt_us - r : r - c->srtt_us;

		c->rttvar_us = (3 * c->rttvar_us + d) / 4;
		c->srtt_us = (7 * c->srtt_us + r) / 8;
	}
	c->rto_us = clamp(c->srtt_us + max_t(u64, 1000, 4 * c->rttvar_us),
			  TCP_RTO_MIN_US, TCP_RTO_MAX_US);
}

static void tcp_fail(struct tcp_conn *c, int err, bool rst)
{
	if (!c->err)
		c->err = err;
	c->rst_now = rst && c->state != TCP_CLOSED &&
		     c->state != TCP_SYN_SENT;
	c->rst_seq = c->snd_nxt;
	c->state = TCP_CLOSED;
}

/*
 * [@seq, @end) came a second time: the next ACK says so in a D-SACK block
 * (RFC 2883), which lets the sender see that it retransmitted what was
 * only late, and allow for reordering (Linux widens its RACK window).
 * A later duplicate before that ACK replaces this one.
 */
static void dsack_note(struct tcp_conn *c, u32 seq, u32 end)
{
	if (!c->peer_sack || seq == end)
		return;
	c->dsack[0] = seq;
	c->dsack[1] = end;
	c->dsack_now = true;
}

/* Hand @len in-order bytes to the consumer */
static void deliver(struct tcp_conn *c, const u8 *data, u32 len)
{
	int ret = len ? c->recv(c->ctx, data, len) : 0;

	c->rcv_nxt += len;
	c->last_rx_us = timer_get_us();
	if (ret)
		tcp_fail(c, ret, true);
}

static void ooo_drop(struct tcp_conn *c, unsigned int i)
{
	c->ooo_bytes -= c->ooo[i].len;
	free(c->ooo[i].data);
	memmove(&c->ooo[i], &c->ooo[i + 1],
		(c->nooo - i - 1) * sizeof(c->ooo[0]));
	c->nooo--;
}

/* Out-of-order segments that now follow on: delivered, in order */
static void ooo_drain(struct tcp_conn *c)
{
	while (c->nooo && c->state != TCP_CLOSED &&
	       seq_le(c->ooo[0].seq, c->rcv_nxt)) {
		u32 skip = c->rcv_nxt - c->ooo[0].seq;

		if (skip < c->ooo[0].len)
			deliver(c, c->ooo[0].data + skip,
				c->ooo[0].len - skip);
		ooo_drop(c, 0);
	}
}

/*
 * Keep a segment that starts past rcv_nxt (inside the window) for later,
 * sorted; bounded in number and bytes: past either, it is dropped and
 * the peer sends it again
 */
static void ooo_keep(struct tcp_conn *c, u32 seq, const u8 *data, u32 len)
{
	unsigned int i, first = 0;
	u32 covered = seq;
	u8 *copy;

	/* Held already (by one segment or several): a duplicate */
	for (i = 0; i < c->nooo && seq_le(c->ooo[i].seq, covered); i++) {
		u32 end = c->ooo[i].seq + c->ooo[i].len;

		if (seq_gt(end, covered)) {
			if (covered == seq)
				first = i;
			covered = end;
		}
	}
	if (seq_ge(covered, seq + len)) {
		dsack_note(c, seq, seq + len);
		/* RFC 2883 §4 (4): the run holding it is the next block */
		c->ooo_last = c->ooo[first].seq;
		return;
	}
	for (i = 0; i < c->nooo && seq_lt(c->ooo[i].seq, seq); i++)
		;
	if (c->nooo == TCP_OOO_MAX || c->ooo_bytes + len > TCP_OOO_BYTES)
		return;
	copy = malloc(len);
	if (!copy)
		return;
	memcpy(copy, data, len);
	memmove(&c->ooo[i + 1], &c->ooo[i], (c->nooo - i) * sizeof(c->ooo[0]));
	c->ooo[i] = (struct tcp_ooo){ seq, len, copy };
	c->nooo++;
	c->ooo_bytes += len;
	c->ooo_last = seq;
	c->rx_ooo++;
}

/* Options of a SYN: MSS, window scale, SACK-permitted; others skipped */
static void syn_options(struct tcp_conn *c, const u8 *o, int len)
{
	c->mss = TCP_MSS_DEFAULT;
	while (len > 0) {
		u8 kind = o[0], olen;

		if (kind == OPT_END)
			break;
		if (kind == OPT_NOP) {
			o++;
			len--;
			continue;
		}
		if (len < 2 || (olen = o[1]) < 2 || olen > len)
			break;	/* malformed: the rest is ignored */
		if (kind == OPT_MSS && olen == 4)
			c->mss = max_t(u16, net_get16(o + 2), TCP_MSS_MIN);
		else if (kind == OPT_WS && olen == 3)
			c->peer_ws = true, c->snd_wscale =
				min_t(u8, o[2], TCP_WS_MAX);
		else if (kind == OPT_SACK_OK && olen == 2)
			c->peer_sack = true;
		o += olen;
		len -= olen;
	}
	/* Our data goes out in frames of at most ETH_MTU */
	c->mss = min_t(u16, c->mss, ETH_MTU - IP_HLEN - TCP_HLEN);
}

/* SYN-SENT (RFC 9293 §3.10.7.3) */
static void input_syn_sent(struct tcp_conn *c, u8 flags, u32 seq, u32 ack,
			   u16 win, const u8 *opt, int optlen)
{
	if ((flags & TCP_ACK) && ack != c->iss + 1) {
		if (!(flags & TCP_RST)) {
			c->rst_now = true;	/* <SEQ=SEG.ACK><CTL=RST> */
			c->rst_seq = ack;
		}
		return;
	}
	if (flags & TCP_RST) {
		if (flags & TCP_ACK)
			tcp_fail(c, -ECONNREFUSED, false);
		return;
	}
	/* A SYN without our ACK (a simultaneous open) is not taken */
	if (!(flags & TCP_SYN) || !(flags & TCP_ACK))
		return;
	syn_options(c, opt, optlen);
	if (!c->peer_ws)
		c->rcv_wscale = 0;	/* both or neither (RFC 7323 §2.2) */
	c->irs = seq;
	c->rcv_nxt = seq + 1;
	c->snd_una = ack;
	c->snd_wnd = win;	/* a SYN's window is never scaled */
	c->max_wnd = win;
	if (c->rtt_start)
		rtt_sample(c, timer_get_us() - c->rtt_start);
	c->rtt_start = 0;
	c->rtx_at = 0;
	c->rtx_count = 0;
	c->state = TCP_ESTABLISHED;
	c->ack_now = true;
	c->last_rx_us = timer_get_us();
}

/* RFC 9293 §3.10.7.4's acceptability test, with our window */
static bool seq_acceptable(const struct tcp_conn *c, u32 seq, u32 seglen)
{
	u32 wnd = rcv_window(c), end = c->rcv_nxt + wnd;

	if (!seglen)
		return wnd ? seq_le(c->rcv_nxt, seq) && seq_lt(seq, end) :
			     seq == c->rcv_nxt;
	if (!wnd)
		return false;
	return (seq_le(c->rcv_nxt, seq) && seq_lt(seq, end)) ||
	       (seq_le(c->rcv_nxt, seq + seglen - 1) &&
		seq_lt(seq + seglen - 1, end));
}

/* The ACK field of a segment in a synchronized state: false to drop it */
static bool input_ack(struct tcp_conn *c, u8 flags, u32 ack, u16 win,
		      u32 dlen)
{
	u64 now;

	if (seq_gt(ack, c->snd_nxt)) {
		c->ack_now = true;	/* acknowledges what was never sent */
		return false;
	}
	/* RFC 5961 §5.2: too old to be from this connection's peer */
	if (seq_lt(ack, c->snd_una - c->max_wnd)) {
		c->ack_now = true;
		return false;
	}
	if (seq_gt(ack, c->snd_una)) {
		c->snd_una = ack;
		c->dup_acks = 0;
		now = timer_get_us();
		if (c->rtt_start && seq_ge(ack, c->rtt_seq)) {
			rtt_sample(c, now - c->rtt_start);
			c->rtt_start = 0;
		}
		c->rtx_count = 0;
		c->rtx_at = 0;
		if (c->snd_una != c->snd_nxt)
			rtx_arm(c);
	} else if (ack == c->snd_una && c->snd_una != c->snd_nxt && !dlen &&
		   !(flags & TCP_FIN) && (u32)win << c->snd_wscale ==
		   c->snd_wnd && ++c->dup_acks == 3) {
		c->fast_rtx = true;	/* RFC 5681 §3.2 */
	}
	c->snd_wnd = (u32)win << c->snd_wscale;
	c->max_wnd = max(c->max_wnd, c->snd_wnd);
	/* Our FIN acknowledged */
	if (c->fin_queued && c->snd_una == c->snd_nxt &&
	    c->snd_nxt == c->iss + 1 + c->tx_len + 1) {
		if (c->state == TCP_FIN_WAIT_1)
			c->state = TCP_FIN_WAIT_2;
		else if (c->state == TCP_CLOSING)
			c->state = TCP_TIME_WAIT;
		else if (c->state == TCP_LAST_ACK)
			c->state = TCP_CLOSED;
	}
	return true;
}

/* Data and FIN of an acceptable segment */
static void input_data(struct tcp_conn *c, u8 flags, u32 seq,
		       const u8 *data, u32 dlen)
{
	u32 wnd_end = c->rcv_nxt + rcv_window(c);
	bool open = c->state == TCP_ESTABLISHED ||
		    c->state == TCP_FIN_WAIT_1 || c->state == TCP_FIN_WAIT_2;

	if (dlen && open) {
		/* Nothing past the window's right edge is taken */
		if (seq_gt(seq + dlen, wnd_end)) {
			dlen = wnd_end - seq;
			flags &= ~TCP_FIN;
		}
		if (seq_le(seq, c->rcv_nxt)) {
			u32 skip = c->rcv_nxt - seq;

			dsack_note(c, seq, seq + min(skip, dlen));
			if (skip < dlen) {
				deliver(c, data + skip, dlen - skip);
				ooo_drain(c);
			}
		} else {
			ooo_keep(c, seq, data, dlen);
			flags &= ~TCP_FIN;	/* taken when it comes in order */
		}
		c->ack_now = true;
	} else if (dlen) {
		c->ack_now = true;	/* after the peer's FIN: nothing new */
		return;
	}
	if (!(flags & TCP_FIN) || c->state == TCP_CLOSED ||
	    seq + dlen != c->rcv_nxt || c->fin_rcvd)
		return;
	c->rcv_nxt++;
	c->fin_rcvd = true;
	c->ack_now = true;
	if (c->state == TCP_ESTABLISHED)
		c->state = TCP_CLOSE_WAIT;
	else if (c->state == TCP_FIN_WAIT_1)
		c->state = TCP_CLOSING;
	else if (c->state == TCP_FIN_WAIT_2)
		c->state = TCP_TIME_WAIT;
}

void tcp_input(void *ctx, u32 src, u32 dst, const u8 *p, int len,
	       bool csum_ok)
{
	struct tcp_conn *c = ctx;
	u32 seq, ack, dlen, seglen;
	int doff;
	u8 flags;
	u16 win;

	if (len < TCP_HLEN || src != c->dst || net_get16(p) != c->rport ||
	    net_get16(p + 2) != c->lport ||
	    (!csum_ok &&
	     net_checksum(p, len, net_pseudo_sum(src, dst, IP_PROTO_TCP, len)))) {
		c->rx_bad++;	/* not this connection's, or damaged */
		return;
	}
	doff = (p[12] >> 4) * 4;
	if (doff < TCP_HLEN || doff > len) {
		c->rx_bad++;
		return;
	}
	flags = p[13];
	seq = net_get32(p + 4);
	ack = net_get32(p + 8);
	win = net_get16(p + 14);
	dlen = len - doff;
	c->rx_segs++;
	switch (c->state) {
	case TCP_SYN_SENT:
		input_syn_sent(c, flags, seq, ack, win, p + TCP_HLEN,
			       doff - TCP_HLEN);
		return;
	case TCP_CLOSED:
		return;
	default:
		break;
	}
	seglen = dlen + !!(flags & TCP_SYN) + !!(flags & TCP_FIN);
	if (!seq_acceptable(c, seq, seglen)) {
		if (flags & TCP_RST)
			return;
		c->ack_now = true;
		/* Data we had: reported, if it is from this window's past */
		if (dlen && !(flags & TCP_SYN) &&
		    seq_le(seq + dlen, c->rcv_nxt) &&
		    c->rcv_nxt - seq <= rcv_window(c))
			dsack_note(c, seq, seq + dlen);
		return;
	}
	if (flags & TCP_RST) {
		/* RFC 5961 §3.2: only the exact next sequence resets */
		if (seq == c->rcv_nxt)
			tcp_fail(c, c->fin_rcvd ? 0 : -ECONNRESET, false);
		else
			c->ack_now = true;	/* a challenge ACK */
		return;
	}
	if (flags & TCP_SYN) {
		c->ack_now = true;	/* RFC 5961 §4.2: a challenge ACK */
		return;
	}
	if (!(flags & TCP_ACK) || !input_ack(c, flags, ack, win, dlen))
		return;
	if (c->state == TCP_CLOSED || c->state == TCP_TIME_WAIT)
		return;
	input_data(c, flags, seq, p + doff, dlen);
}

/* What tcp_input() noted: sent now, outside the receive path */
static int tcp_flush(struct tcp_conn *c)
{
	int ret = 0;

	if (c->rst_now) {
		c->rst_now = false;
		tcp_xmit(c, TCP_RST, c->rst_seq, NULL, 0);
	}
	if (c->state == TCP_CLOSED || c->state == TCP_SYN_SENT)
		return c->err;
	if (c->fast_rtx) {
		c->fast_rtx = false;
		ret = tcp_retransmit(c);
		if (!ret)
			rtx_arm(c);
	}
	if (!ret)
		ret = tcp_output(c);
	if (!ret && c->ack_now) {
		c->ack_now = false;
		ret = tcp_xmit(c, TCP_ACK, c->snd_nxt, NULL, 0);
	}
	return ret;
}

/* The retransmission timer, when it is due: 0, or -ETIMEDOUT at the end */
static int tcp_timer(struct tcp_conn *c, u64 now)
{
	int ret;

	if (!c->rtx_at || now < c->rtx_at)
		return 0;
	if (c->rtx_count >= TCP_RTX_MAX)
		return -ETIMEDOUT;
	c->rtx_count++;
	c->rto_us = min(c->rto_us * 2, TCP_RTO_MAX_US);	/* back off */
	ret = tcp_retransmit(c);
	rtx_arm(c);
	return ret;
}

/*
 * Poll until @until(c, @ctx) says so, the connection ends, or @timeout_us
 * passes (from the start when @idle is false, else from the last data
 * received). Return: 0 or -errno
 */
static int tcp_loop(struct tcp_conn *c, bool (*until)(struct tcp_conn *c,
						      void *ctx),
		    void *ctx, u64 timeout_us, bool idle)
{
	u64 start = timer_get_us(), now;
	unsigned int passes = 0;
	int ret;

	for (u64 step = 0; step < POLL_MAX_STEPS; step++) {
		ret = net_poll(c->nif);
		if (ret)
			return ret;
		ret = tcp_flush(c);
		if (ret)
			return ret;
		if (until(c, ctx))
			return 0;
		if (c->state == TCP_CLOSED)
			return c->err ? c->err : -ECONNRESET;
		/* The clock only every PACE_NET passes (doc/develop/virtio.md) */
		if (++passes < PACE_NET)
			continue;
		passes = 0;
		now = timer_get_us();
		ret = tcp_timer(c, now);
		if (ret)
			return ret;
		if (now - (idle ? max(start, c->last_rx_us) : start) >
		    timeout_us)
			return -ETIMEDOUT;
	}
	return -ETIMEDOUT;
}

static bool established(struct tcp_conn *c, void *ctx)
{
	return c->state != TCP_SYN_SENT;
}

static const char *ip_str(u32 ip, char *buf)
{
	return ip_to_string(ip, buf);
}

int tcp_connect(struct tcp_conn *c, struct net_if *nif, u32 dst, u16 port,
		u32 window, tcp_recv_fn recv, void *ctx, u64 timeout_us)
{
	char a[16];
	int ret;

	memset(c, 0, sizeof(*c));
	c->nif = nif;
	c->dst = dst;
	c->rport = port;
	/* Unpredictable (RFC 6528, RFC 6056): no blind peer can guess them */
	c->lport = TCP_PORT_FIRST + rand_below(65536 - TCP_PORT_FIRST);
	c->iss = rand_u32();
	c->snd_una = c->iss;
	c->snd_nxt = c->iss + 1;
	c->rcv_wnd = clamp(window, 1024U, 1U << 30);
	while (c->rcv_wscale < TCP_WS_MAX &&
	       (c->rcv_wnd >> c->rcv_wscale) > 0xffff)
		c->rcv_wscale++;
	c->mss = TCP_MSS_DEFAULT;
	c->rto_us = TCP_RTO_INIT_US;
	c->recv = recv;
	c->ctx = ctx;
	c->state = TCP_SYN_SENT;
	nif->tcp_rx = tcp_input;
	nif->ctx = c;
	ret = tcp_xmit(c, TCP_SYN, c->iss, NULL, 0);
	if (!ret) {
		c->rtt_start = timer_get_us();
		rtx_arm(c);
		ret = tcp_loop(c, established, NULL, timeout_us, false);
	}
	if (ret == -ECONNREFUSED)
		printf("%s:%u: connection refused\n", ip_str(dst, a), port);
	else if (ret == -ETIMEDOUT)
		printf("%s:%u: no answer to the connection request\n",
		       ip_str(dst, a), port);
	if (ret)
		tcp_close(c, true);
	return ret;
}

int tcp_send(struct tcp_conn *c, const void *data, size_t len)
{
	if (c->state != TCP_ESTABLISHED && c->state != TCP_CLOSE_WAIT)
		return -ENOTCONN;
	if (len > TCP_TX_MAX - c->tx_len || c->fin_queued)
		return -EMSGSIZE;
	memcpy(c->tx_data + c->tx_len, data, len);
	c->tx_len += len;
	return tcp_output(c);
}

struct run_ctx {
	bool (*done)(void *ctx);
};

static bool finished(struct tcp_conn *c, void *ctx)
{
	struct run_ctx *r = ctx;

	return c->fin_rcvd || (r->done && r->done(c->ctx));
}

int tcp_run(struct tcp_conn *c, bool (*done)(void *ctx), u64 idle_us)
{
	struct run_ctx r = { done };

	c->last_rx_us = timer_get_us();
	return tcp_loop(c, finished, &r, idle_us, true);
}

static bool fin_done(struct tcp_conn *c, void *ctx)
{
	return c->state == TCP_CLOSED || c->state == TCP_TIME_WAIT ||
	       c->state == TCP_FIN_WAIT_2;
}

void tcp_close(struct tcp_conn *c, bool abort)
{
	bool healthy = !c->err && (c->state == TCP_ESTABLISHED ||
				   c->state == TCP_CLOSE_WAIT);

	if (!abort && healthy) {
		c->fin_queued = true;
		c->state = c->state == TCP_ESTABLISHED ? TCP_FIN_WAIT_1 :
							 TCP_LAST_ACK;
		if (!tcp_output(c))
			tcp_loop(c, fin_done, NULL, TCP_CLOSE_US, false);
	} else if (c->state != TCP_CLOSED && c->state != TCP_SYN_SENT) {
		tcp_xmit(c, TCP_RST | TCP_ACK, c->snd_nxt, NULL, 0);
	} else if (c->rst_now) {
		tcp_xmit(c, TCP_RST, c->rst_seq, NULL, 0);
	}
	c->rst_now = false;
	c->state = TCP_CLOSED;
	while (c->nooo)
		ooo_drop(c, c->nooo - 1);
	if (c->nif && c->nif->ctx == c) {
		c->nif->tcp_rx = NULL;
		c->nif->ctx = NULL;
	}
}
