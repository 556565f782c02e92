// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ARP for IPv4 over Ethernet (RFC 826): a small round-robin cache, requests
 * with retries, answers to requests for our address. A sender that asks
 * for our address or answers us learns its entry (RFC 826's merge step),
 * bounded by the cache size; a sender whose address or MAC cannot be a
 * host's (broadcast, multicast, loopback, 0.0.0.0, our own) is ignored.
 *
 * Entries the operation resolved for its own traffic (its server, the
 * gateway) are kept: others' requests only take the other slots. The
 * receive path cannot wait for ARP (a TFTP ACK is sent there), so a
 * stranger's requests must never push out the entry it needs.
 */
#define LOG_CATEGORY "arp"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include "net_core.h"

#define ARP_LEN		28
#define ARP_OP_REQUEST	1
#define ARP_OP_REPLY	2

static struct arp_entry *arp_find(struct net_if *nif, u32 ip)
{
	for (int i = 0; i < ARP_CACHE_SIZE; i++) {
		if (nif->arp[i].valid && nif->arp[i].ip == ip)
			return &nif->arp[i];
	}
	return NULL;
}

/*
 * The slot for a new entry: a free one, else the next in turn that is not
 * kept; a kept one only for the address being waited for (@own)
 */
static struct arp_entry *arp_slot(struct net_if *nif, bool own)
{
	struct arp_entry *e;

	for (int i = 0; i < ARP_CACHE_SIZE; i++) {
		if (!nif->arp[i].valid)
			return &nif->arp[i];
	}
	for (int i = 0; i < ARP_CACHE_SIZE; i++) {
		e = &nif->arp[nif->arp_next++ % ARP_CACHE_SIZE];
		if (own || !e->own)
			return e;
	}
	return NULL;
}

void arp_learn(struct net_if *nif, u32 ip, const u8 *mac)
{
	bool own = nif->arp_want && ip == nif->arp_want;
	struct arp_entry *e;

	if (!ip_is_host(ip) || (mac[0] & 1))
		return;
	e = arp_find(nif, ip);
	if (!e) {
		e = arp_slot(nif, own);
		if (!e)
			return;		/* all kept: a stranger is not learnt */
		e->ip = ip;
		e->valid = true;
		e->own = false;
	}
	memcpy(e->mac, mac, ETH_ALEN);
	e->own |= own;
}

/* The cached MAC of @ip; outside the receive path it is kept from then */
static bool arp_lookup(struct net_if *nif, u32 ip, u8 *mac)
{
	struct arp_entry *e = arp_find(nif, ip);

	if (!e)
		return false;
	memcpy(mac, e->mac, ETH_ALEN);
	if (!nif->in_rx)
		e->own = true;
	return true;
}

static int arp_send(struct net_if *nif, u8 *buf, u16 op, const u8 *tha,
		    u32 tpa)
{
	static const u8 bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	u8 *p = buf + ETH_HLEN;

	net_put16(p, 1);		/* Ethernet */
	net_put16(p + 2, ETH_P_IP);
	p[4] = ETH_ALEN;
	p[5] = 4;
	net_put16(p + 6, op);
	memcpy(p + 8, nif->mac, ETH_ALEN);
	net_put32(p + 14, nif->ip);
	memcpy(p + 18, op == ARP_OP_REQUEST ? (const u8 *)"\0\0\0\0\0\0" : tha,
	       ETH_ALEN);
	net_put32(p + 24, tpa);
	return net_send_eth(nif, buf, op == ARP_OP_REQUEST ? bcast : tha,
			    ETH_P_ARP, ARP_LEN);
}

void arp_rx(struct net_if *nif, const u8 *p, int len)
{
	u32 spa, tpa;

	if (len < ARP_LEN || net_get16(p) != 1 ||
	    net_get16(p + 2) != ETH_P_IP || p[4] != ETH_ALEN || p[5] != 4) {
		nif->rx_dropped++;
		return;
	}
	spa = net_get32(p + 14);
	tpa = net_get32(p + 24);
	if (!nif->ip || tpa != nif->ip)
		return;
	/* Not a host's address or MAC (or ours): neither learnt nor answered */
	if (!ip_is_host(spa) || spa == nif->ip ||
	    ip_is_subnet_bcast(nif, spa) || (p[8] & 1)) {
		nif->rx_dropped++;
		return;
	}
	arp_learn(nif, spa, p + 8);
	if (net_get16(p + 6) == ARP_OP_REQUEST)
		arp_send(nif, nif->reply, ARP_OP_REPLY, p + 8, spa);
}

struct arp_wait {
	struct net_if *nif;
	u32 ip;
	u8 *mac;
};

static bool arp_done(void *ctx)
{
	struct arp_wait *w = ctx;

	return arp_lookup(w->nif, w->ip, w->mac);
}

int arp_resolve(struct net_if *nif, u32 ip, u8 mac[ETH_ALEN])
{
	static const char off_link[] =
		"is off-link and 'gatewayip' is not set";
	u32 hop = ip;
	char buf[16];
	int ret;

	if (ip == IP_BCAST || (nif->ip && (ip | nif->mask) == IP_BCAST &&
			       (ip & nif->mask) == (nif->ip & nif->mask))) {
		memset(mac, 0xff, ETH_ALEN);
		return 0;
	}
	if ((ip & nif->mask) != (nif->ip & nif->mask)) {
		if (!nif->gw) {
			ip_to_string(ip, buf);
			/* Answers to remote hosts must not flood the console */
			if (nif->in_rx)
				net_remote_msg(nif, "\nARP: %s %s\n", buf, off_link);
			else
				printf("\nARP: %s %s\n", buf, off_link);
			return -ENETUNREACH;
		}
		hop = nif->gw;
	}
	if (arp_lookup(nif, hop, mac))
		return 0;
	if (nif->in_rx)
		return -EBUSY;	/* no waiting while a frame is handled */
	nif->arp_want = hop;
	for (int tries = 0; tries < ARP_TRIES; tries++) {
		struct arp_wait w = { nif, hop, mac };

		ret = arp_send(nif, nif->reply, ARP_OP_REQUEST, NULL, hop);
		if (!ret)
			ret = net_wait(nif, arp_done, &w,
				       ARP_TIMEOUT_MS * 1000ULL);
		if (ret != -ETIMEDOUT)
			break;
	}
	nif->arp_want = 0;
	if (ret == -ETIMEDOUT)
		printf("\nARP: no answer from %s\n", ip_to_string(hop, buf));
	return ret;
}
