// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ICMP (RFC 792): answers echo requests to our address and sends our own
 * echo requests for 'ping'.
 */
#define LOG_CATEGORY "icmp"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include "net_core.h"

#define ICMP_ECHO_REPLY		0
#define ICMP_ECHO_REQUEST	8
#define ICMP_HLEN		8
#define PING_ID			0x454d	/* "EM" */
#define PING_DATA		32

struct ping_op {
	u32 dst;
	u16 seq;
	bool answered;
};

static void echo_reply(struct net_if *nif, const struct ipv4_hdr *h,
		       const u8 *msg, int len)
{
	u8 *p = nif->reply + ETH_HLEN + IP_HLEN;

	/* No answer to a group MAC: no host sends from one */
	if (len > ETH_MTU - IP_HLEN || h->dst != nif->ip ||
	    (nif->rx_src[0] & 1))
		return;
	memcpy(p, msg, len);
	p[0] = ICMP_ECHO_REPLY;
	net_put16(p + 2, 0);
	net_put16(p + 2, net_checksum(p, len, 0));
	/*
	 * On the link: back to the MAC it came from, as U-Boot answers,
	 * without an entry a flood of sources would push others out of the
	 * ARP cache with. Off the link: through the gateway, if there is one
	 */
	if (!((h->src ^ nif->ip) & nif->mask))
		net_send_ip_mac(nif, nif->reply, nif->rx_src, h->src,
				IP_PROTO_ICMP, len);
	else
		net_send_ip(nif, nif->reply, h->src, IP_PROTO_ICMP, len);
}

void icmp_rx(struct net_if *nif, const struct ipv4_hdr *h, const u8 *msg,
	     int len)
{
	if (len < ICMP_HLEN || net_checksum(msg, len, 0)) {
		nif->rx_dropped++;
		return;
	}
	if (msg[0] == ICMP_ECHO_REQUEST)
		echo_reply(nif, h, msg, len);
	else if (nif->icmp_rx)
		nif->icmp_rx(nif->ctx, h->src, msg, len);
}

static void ping_rx(void *ctx, u32 src, const u8 *msg, int len)
{
	struct ping_op *op = ctx;

	if (msg[0] == ICMP_ECHO_REPLY && src == op->dst &&
	    net_get16(msg + 4) == PING_ID && net_get16(msg + 6) == op->seq)
		op->answered = true;
}

static int ping_send(struct net_if *nif, struct ping_op *op)
{
	u8 *p = nif->tx + ETH_HLEN + IP_HLEN;

	p[0] = ICMP_ECHO_REQUEST;
	p[1] = 0;
	net_put16(p + 2, 0);
	net_put16(p + 4, PING_ID);
	net_put16(p + 6, ++op->seq);
	for (int i = 0; i < PING_DATA; i++)
		p[ICMP_HLEN + i] = 'a' + i % 26;
	net_put16(p + 2, net_checksum(p, ICMP_HLEN + PING_DATA, 0));
	return net_send_ip(nif, nif->tx, op->dst, IP_PROTO_ICMP,
			   ICMP_HLEN + PING_DATA);
}

static bool ping_done(void *ctx)
{
	struct ping_op *op = ctx;

	return op->answered;
}

int net_ping(u32 dst, unsigned int timeout_ms)
{
	struct ping_op op = { .dst = dst };
	struct net_if *nif;
	int ret;

	ret = net_start(&nif);
	if (ret)
		return ret;
	if (!nif->ip) {
		printf("ping: no IP address ('ipaddr' is not set)\n");
		net_stop(nif);
		return -EINVAL;
	}
	nif->icmp_rx = ping_rx;
	nif->ctx = &op;
	ret = ping_send(nif, &op);
	if (!ret)
		ret = net_wait(nif, ping_done, &op, timeout_ms * 1000ULL);
	net_stop(nif);
	return ret;
}
