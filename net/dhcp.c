// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * DHCP client (RFC 2131, options from RFC 2132): DISCOVER, OFFER, REQUEST,
 * ACK, with CONFIG_NET_DHCP_TRIES tries whose timeout doubles from one
 * second, each moved at random by up to half (RFC 2131 §4.1, so that a
 * fleet started together does not retry in step). The transaction ID is
 * random (lib/rand.c). A NAK starts again from DISCOVER. Replies are
 * checked for our transaction ID and hardware address, and options are
 * read within the message's length only. An offer must name its server
 * and give an address a host can have; the ACK must come from that server
 * for that address (dhcp_check_lease()). Offers refused are reported, at
 * most a few a second (net_remote_msg()).
 */
#define LOG_CATEGORY "dhcp"

#include <env.h>
#include <rand.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "net_core.h"

#define BOOTP_SERVER	67
#define BOOTP_CLIENT	68
#define BOOTP_FIXED	236
#define DHCP_MAGIC	0x63825363
#define DHCP_MIN_LEN	(BOOTP_FIXED + 4)

#define OPT_PAD		0
#define OPT_MASK	1
#define OPT_ROUTER	3
#define OPT_DNS		6
#define OPT_REQ_IP	50
#define OPT_TYPE	53
#define OPT_SERVER_ID	54
#define OPT_PARAMS	55
#define OPT_MAX_SIZE	57
#define OPT_TFTP_NAME	66
#define OPT_BOOTFILE	67
#define OPT_END		255

enum { DHCPDISCOVER = 1, DHCPOFFER, DHCPREQUEST, DHCPDECLINE, DHCPACK,
       DHCPNAK };

struct dhcp_op {
	struct net_if *nif;
	u32 xid;
	u8 want;		/* DHCPOFFER or DHCPACK */
	u8 waiting;		/* what the current exchange waits for */
	bool got;
	struct dhcp_lease lease;
};

static u8 *put_opt(u8 *p, u8 code, const void *data, u8 len)
{
	*p++ = code;
	*p++ = len;
	memcpy(p, data, len);
	return p + len;
}

static int dhcp_send(struct dhcp_op *op, u8 type)
{
	static const u8 params[] = { OPT_MASK, OPT_ROUTER, OPT_DNS,
				     OPT_TFTP_NAME, OPT_BOOTFILE };
	struct net_if *nif = op->nif;
	u8 *m = nif->tx + NET_UDP_OFF, *p, v[4];

	memset(m, 0, DHCP_MIN_LEN);
	m[0] = 1;			/* BOOTREQUEST */
	m[1] = 1;			/* Ethernet */
	m[2] = ETH_ALEN;
	net_put32(m + 4, op->xid);
	net_put16(m + 10, 0x8000);	/* broadcast replies: no address yet */
	memcpy(m + 28, nif->mac, ETH_ALEN);
	net_put32(m + BOOTP_FIXED, DHCP_MAGIC);
	p = put_opt(m + DHCP_MIN_LEN, OPT_TYPE, &type, 1);
	net_put16(v, 576);
	p = put_opt(p, OPT_MAX_SIZE, v, 2);
	p = put_opt(p, OPT_PARAMS, params, sizeof(params));
	if (type == DHCPREQUEST) {
		net_put32(v, op->lease.yiaddr);
		p = put_opt(p, OPT_REQ_IP, v, 4);
		net_put32(v, op->lease.server_id);
		p = put_opt(p, OPT_SERVER_ID, v, 4);
	}
	*p++ = OPT_END;
	while (p - m < 300)
		*p++ = OPT_PAD;		/* BOOTP's minimum size */
	return net_send_udp(nif, IP_BCAST, BOOTP_CLIENT, BOOTP_SERVER, p - m);
}

static void read_opt(struct dhcp_lease *l, u8 code, const u8 *v, u8 len)
{
	u32 *ip = NULL;

	switch (code) {
	case OPT_TYPE:
		l->type = len ? v[0] : 0;
		return;
	case OPT_MASK:
		ip = &l->mask;
		break;
	case OPT_ROUTER:
		ip = &l->router;
		break;
	case OPT_DNS:
		ip = &l->dns;
		break;
	case OPT_SERVER_ID:
		ip = &l->server_id;
		break;
	case OPT_TFTP_NAME: {
		char name[16] = "";

		memcpy(name, v, min_t(u8, len, sizeof(name) - 1));
		if (len < sizeof(name))
			string_to_ip(name, &l->tftp_ip);
		return;
	}
	case OPT_BOOTFILE:
		memcpy(l->bootfile, v, min_t(u8, len, sizeof(l->bootfile) - 1));
		l->bootfile[min_t(u8, len, sizeof(l->bootfile) - 1)] = 0;
		return;
	}
	if (ip && len >= 4)
		*ip = net_get32(v);
}

int dhcp_parse(const u8 *m, int len, u32 xid, const u8 *mac,
	       struct dhcp_lease *l)
{
	const u8 *p = m + DHCP_MIN_LEN, *end = m + len;

	if (len < DHCP_MIN_LEN || m[0] != 2 || m[1] != 1 || m[2] != ETH_ALEN ||
	    net_get32(m + 4) != xid || memcmp(m + 28, mac, ETH_ALEN) ||
	    net_get32(m + BOOTP_FIXED) != DHCP_MAGIC)
		return -EINVAL;
	memset(l, 0, sizeof(*l));
	l->yiaddr = net_get32(m + 16);
	l->siaddr = net_get32(m + 20);
	memcpy(l->bootfile, m + 108, 127);	/* BOOTP 'file' */
	while (p < end && *p != OPT_END) {
		if (*p == OPT_PAD) {
			p++;
			continue;
		}
		if (end - p < 2 || end - p - 2 < p[1])
			return -EINVAL;
		read_opt(l, p[0], p + 2, p[1]);
		p += 2 + p[1];
	}
	return l->type ? 0 : -EINVAL;
}

/* A mask is ones, then zeros, and leaves room for hosts */
static bool mask_ok(u32 mask)
{
	u32 host = ~mask;

	return mask && host && !(host & (host + 1));
}

const char *dhcp_check_lease(const struct dhcp_lease *l,
			     const struct dhcp_lease *offer)
{
	u32 host = ~l->mask;

	if (!l->server_id)
		return "no server identifier";
	if (!ip_is_host(l->server_id))
		return "server identifier is not a host address";
	if (!ip_is_host(l->yiaddr))
		return "address is not a host address";
	if (l->mask && !mask_ok(l->mask))
		return "subnet mask is not a valid mask";
	/* The subnet's own address and broadcast address are no host's */
	if (l->mask && host > 1 &&
	    ((l->yiaddr & host) == 0 || (l->yiaddr & host) == host))
		return "address is its subnet's network or broadcast address";
	if (l->router && !ip_is_host(l->router))
		return "router is not a host address";
	if (offer && l->server_id != offer->server_id)
		return "from another server than the offer";
	if (offer && l->yiaddr != offer->yiaddr)
		return "for another address than the offer";
	return NULL;
}

static void dhcp_rx(void *ctx, u32 src, const struct udp_hdr *u,
		    const u8 *data)
{
	struct dhcp_op *op = ctx;
	struct dhcp_lease l;
	const char *why;
	char a[16], b[16];

	if (u->sport != BOOTP_SERVER || u->dport != BOOTP_CLIENT || op->got ||
	    dhcp_parse(data, u->len, op->xid, op->nif->mac, &l))
		return;
	if (l.type == DHCPNAK && op->want == DHCPACK &&
	    l.server_id == op->lease.server_id) {
		printf("DHCP: server refused the address (NAK)\n");
		op->want = DHCPOFFER;	/* start again */
		return;
	}
	if (l.type != op->want)
		return;
	why = dhcp_check_lease(&l, op->want == DHCPACK ? &op->lease : NULL);
	if (why) {
		net_remote_msg(op->nif, "DHCP: %s of %s from %s ignored: %s\n",
			       op->want == DHCPACK ? "ACK" : "OFFER",
			       ip_to_string(l.yiaddr, a), ip_to_string(src, b),
			       why);
		return;
	}
	op->lease = l;
	op->got = true;
}

/* Done: the answer came, or a NAK sent us back to DISCOVER */
static bool dhcp_done(void *ctx)
{
	struct dhcp_op *op = ctx;

	return op->got || op->want != op->waiting;
}

/* One exchange: send @type, wait for op->want; 0, -ETIMEDOUT, -EINTR ... */
static int dhcp_exchange(struct dhcp_op *op, u8 type, u64 us)
{
	int ret;

	op->got = false;
	op->waiting = op->want;
	ret = dhcp_send(op, type);
	if (!ret)
		ret = net_wait(op->nif, dhcp_done, op, us);
	if (ret)
		return ret;
	return op->got ? 0 : -ETIMEDOUT;
}

static void dhcp_apply(const struct dhcp_lease *l, u64 start_us)
{
	char buf[16];
	u32 server = l->tftp_ip ? l->tftp_ip :
		     l->siaddr ? l->siaddr : l->server_id;

	net_env_set_ip("ipaddr", l->yiaddr);
	net_env_set_ip("netmask", l->mask);
	net_env_set_ip("gatewayip", l->router);
	net_env_set_ip("dnsip", l->dns);
	net_env_set_ip("serverip", server);
	if (l->bootfile[0])
		env_set("bootfile", l->bootfile);
	printf("DHCP client bound to address %s (%llu ms)\n",
	       ip_to_string(l->yiaddr, buf),
	       (unsigned long long)(timer_get_us() - start_us) / 1000);
}

static int dhcp_run(struct dhcp_op *op)
{
	int ret = -ETIMEDOUT;

	for (int t = 0; t < CONFIG_NET_DHCP_TRIES; t++) {
		/* RFC 2131 §4.1: randomised exponential back-off */
		u64 us = net_jitter_us(1000000ULL << min(t, 3), 50);

		printf("BOOTP broadcast %d\n", t + 1);	/* as U-Boot */
		op->want = DHCPOFFER;
		ret = dhcp_exchange(op, DHCPDISCOVER, us);
		if (ret == -ETIMEDOUT)
			continue;
		if (ret)
			return ret;
		op->want = DHCPACK;
		ret = dhcp_exchange(op, DHCPREQUEST, us);
		if (ret != -ETIMEDOUT)
			return ret;
	}
	return ret;
}

int net_dhcp(void)
{
	struct dhcp_op op = { 0 };
	u64 start_us = timer_get_us();
	int ret;

	ret = net_start(&op.nif);
	if (ret)
		return ret;
	op.nif->ip = 0;
	/* Unpredictable, so that no other host can answer for the server */
	op.xid = rand_u32();
	op.nif->udp_rx = dhcp_rx;
	op.nif->ctx = &op;
	ret = dhcp_run(&op);
	net_stop(op.nif);
	if (ret == -EINTR)
		printf("DHCP: aborted\n");
	if (ret == -ETIMEDOUT)
		printf("DHCP: no answer after %d tries\n", CONFIG_NET_DHCP_TRIES);
	if (ret)
		return ret;
	dhcp_apply(&op.lease, start_us);
	return 0;
}
