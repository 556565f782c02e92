// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * TCP, the client half Ember needs (RFC 9293): one connection at a time,
 * opened actively, a small request sent, a large answer received straight
 * to the consumer in order. Window scaling (RFC 7323), SACK on receive
 * (RFC 2018), retransmission timers (RFC 6298), initial sequence numbers
 * and ports from lib/rand.c (RFC 6528), hostile segments answered or
 * dropped as RFC 9293 and RFC 5961 say. See doc/develop/net.md.
 */
#ifndef __NET_TCP_H
#define __NET_TCP_H

#include <types.h>
#include "net_core.h"

#define TCP_OOO_MAX	256	/* out-of-order segments kept at most */
#define TCP_SACK_MAX	4	/* SACK blocks sent (36 option bytes: all that fit) */
#define TCP_TX_MAX	2048	/* bytes of a request (HTTP's fit) */

enum tcp_state {
	TCP_CLOSED, TCP_SYN_SENT, TCP_ESTABLISHED, TCP_FIN_WAIT_1,
	TCP_FIN_WAIT_2, TCP_CLOSE_WAIT, TCP_CLOSING, TCP_LAST_ACK,
	TCP_TIME_WAIT,
};

/**
 * typedef tcp_recv_fn - in-order bytes for the consumer: 0, or -errno to
 * end the connection (it is reset, and tcp_run() returns that error)
 */
typedef int (*tcp_recv_fn)(void *ctx, const u8 *data, size_t len);

/** struct tcp_ooo - one out-of-order segment kept for later */
struct tcp_ooo {
	u32 seq;
	u32 len;
	u8 *data;
};

/**
 * struct tcp_conn - one connection. Sequence numbers are compared modulo
 * 2^32 (seq_lt() ...). Every field the peer influences is checked before
 * use.
 */
struct tcp_conn {
	struct net_if *nif;
	u32 dst;
	u16 lport, rport;
	enum tcp_state state;
	int err;			/* why it ended, or 0 */
	/* send */
	u32 iss, snd_una, snd_nxt;
	u32 snd_wnd;			/* the peer's window, scaled */
	u32 max_wnd;			/* the largest it offered */
	u8 snd_wscale;			/* the peer's shift; 0 without WS */
	bool peer_sack, peer_ws;
	u16 mss;			/* what the peer takes */
	u8 tx_data[TCP_TX_MAX];		/* the request, until acknowledged */
	u32 tx_len;			/* its bytes */
	bool fin_queued;		/* we close after the request */
	u32 dup_acks;
	bool fast_rtx;			/* three duplicate ACKs came */
	bool rst_now;			/* a RST is owed, at rst_seq */
	u32 rst_seq;
	/* retransmission (RFC 6298) */
	u64 rto_us, srtt_us, rttvar_us;
	u64 rtx_at;			/* when to retransmit; 0: nothing out */
	u64 rtt_start;			/* the timed send; 0: none */
	u32 rtt_seq;
	unsigned int rtx_count;
	/* receive */
	u32 irs, rcv_nxt;
	u32 rcv_wnd;			/* what we offer, before scaling */
	u8 rcv_wscale;
	bool fin_rcvd;
	bool ack_now;			/* an ACK is owed */
	struct tcp_ooo ooo[TCP_OOO_MAX];
	unsigned int nooo;
	u64 ooo_bytes;			/* their bytes */
	u32 ooo_last;			/* the latest kept, for SACK */
	u32 dsack[2];			/* data received twice (RFC 2883) */
	bool dsack_now;			/* ... for the next ACK to report */
	u64 last_rx_us;			/* progress, for the idle bound */
	tcp_recv_fn recv;
	void *ctx;
	/* statistics, for messages and tests */
	u32 rx_segs, rx_bad, rx_ooo, rtx_segs, sacks_sent, dsacks_sent;
};

/**
 * tcp_connect() - open a connection to @dst:@port (SYN with MSS, window
 * scale and SACK-permitted; retransmitted with back-off) and wait until
 * it is established, at most @timeout_us
 * @window: the receive window to offer (bytes; up to 1 GiB)
 * Return: 0, -ECONNREFUSED (RST), -ETIMEDOUT, -EINTR (Ctrl-C), or the
 * device's error; said once
 */
int tcp_connect(struct tcp_conn *c, struct net_if *nif, u32 dst, u16 port,
		u32 window, tcp_recv_fn recv, void *ctx, u64 timeout_us);

/**
 * tcp_send() - queue @len bytes (the request: at most TCP_TX_MAX in all)
 * and send them; they are retransmitted until acknowledged
 * Return: 0, -EMSGSIZE, -ENOTCONN
 */
int tcp_send(struct tcp_conn *c, const void *data, size_t len);

/**
 * tcp_run() - receive until the peer closes (its FIN, every byte before it
 * handed to recv), until @done(@ctx) is true, or until an error; @idle_us
 * without progress is -ETIMEDOUT. Return: 0 or -errno
 */
int tcp_run(struct tcp_conn *c, bool (*done)(void *ctx), u64 idle_us);

/**
 * tcp_close() - end the connection: FIN when it is healthy (the peer's
 * ACK awaited a little), RST when @abort or it is not
 */
void tcp_close(struct tcp_conn *c, bool abort);

/**
 * tcp_input() - one received segment (the IP payload, @len bytes, from
 * @src to @dst; @csum_ok: its checksum was vouched for, see
 * ETH_RX_CSUM_OK): what net's IP layer calls through nif->tcp_rx; exposed
 * for the unit tests
 */
void tcp_input(void *ctx, u32 src, u32 dst, const u8 *seg, int len,
	       bool csum_ok);

/**
 * tcp_sack_blocks() - the SACK blocks an ACK carries now: first a D-SACK
 * block for data that came twice, if any is still to be reported (RFC
 * 2883 §4); then the runs of the out-of-order segments kept, the one
 * holding the latest arrival first (RFC 2018 §4), then the others from
 * the lowest; at most @max. Return: their count. Exposed for the unit
 * tests.
 */
int tcp_sack_blocks(const struct tcp_conn *c, u32 blk[][2], int max);

#endif
