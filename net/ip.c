// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * IPv4 (RFC 791) and UDP (RFC 768): header checks, reassembly of
 * fragments into one bounded buffer, and sending.
 *
 * Reassembly keeps one datagram at a time: at most CONFIG_NET_REASM_MAX
 * payload bytes and CONFIG_NET_REASM_PIECES fragments, and it is dropped
 * when it is older than CONFIG_NET_REASM_TIMEOUT_MS or a piece overlaps
 * one already received. The pieces received are kept as ranges (at most
 * CONFIG_NET_REASM_PIECES): with overlaps refused, the datagram is complete
 * exactly when the bytes received add up to its length.
 */
#define LOG_CATEGORY "ip"

#include <compiler.h>
#include <string.h>
#include <time.h>
#include "net_core.h"

#define IP_DF		0x4000
#define IP_MF		0x2000
#define IP_TTL		64

int ipv4_parse(const u8 *p, int len, struct ipv4_hdr *h)
{
	u16 flags;

	if (len < IP_HLEN || p[0] >> 4 != 4)
		return -EINVAL;
	h->hlen = (p[0] & 0xf) * 4;
	h->total = net_get16(p + 2);
	if (h->hlen < IP_HLEN || h->hlen > len || h->total < h->hlen ||
	    h->total > len)
		return -EINVAL;
	if (net_checksum(p, h->hlen, 0))
		return -EINVAL;
	h->id = net_get16(p + 4);
	flags = net_get16(p + 6);
	h->more_frags = flags & IP_MF;
	h->frag_off = (flags & 0x1fff) * 8;
	h->ttl = p[8];
	h->proto = p[9];
	h->src = net_get32(p + 12);
	h->dst = net_get32(p + 16);
	return 0;
}

static int reasm_start(struct net_if *nif, const struct ipv4_hdr *h)
{
	struct ip_reasm *r = &nif->reasm;

	r->active = true;
	r->src = h->src;
	r->dst = h->dst;
	r->id = h->id;
	r->proto = h->proto;
	r->total = 0;
	r->have = 0;
	r->max_end = 0;
	r->pieces = 0;
	r->sum = 0;
	r->start_us = timer_get_us();
	return 0;
}

static bool reasm_same(const struct ip_reasm *r, const struct ipv4_hdr *h)
{
	return r->active && r->src == h->src && r->dst == h->dst &&
	       r->id == h->id && r->proto == h->proto;
}

int ipv4_reasm_add(struct net_if *nif, const struct ipv4_hdr *h,
		   const u8 *data)
{
	struct ip_reasm *r = &nif->reasm;
	u32 len = h->total - h->hlen, off = h->frag_off, end = off + len;

	/*
	 * A datagram left incomplete too long starts over. A piece that
	 * carries on exactly where the last one ended is taken to belong to
	 * it (the UDP checksum catches a mix-up), so the clock, each read a
	 * trap in QEMU, is read only for pieces out of order.
	 */
	if (!reasm_same(r, h) || (off != r->max_end &&
	    timer_get_us() - r->start_us > CONFIG_NET_REASM_TIMEOUT_MS * 1000ULL))
		reasm_start(nif, h);
	/* Every piece but the last is a multiple of 8 bytes (RFC 791) */
	if (!len || (h->more_frags && len % 8) || (r->total && end > r->total) ||
	    (!h->more_frags && (r->total || end < r->max_end))) {
		r->active = false;
		return -EINVAL;
	}
	if (end > CONFIG_NET_REASM_MAX || r->pieces >= CONFIG_NET_REASM_PIECES) {
		r->active = false;
		return end > CONFIG_NET_REASM_MAX ? -EMSGSIZE : -E2BIG;
	}
	for (u32 i = 0; i < r->pieces; i++) {
		if (off < r->piece[i].end && end > r->piece[i].off) {
			r->active = false;	/* overlap: drop it all */
			return -EINVAL;
		}
	}
	r->piece[r->pieces].off = off;
	r->piece[r->pieces].end = end;
	r->pieces++;
	/* Pieces start at even offsets: their sums add up to the whole's */
	r->sum += net_copy_checksum(reasm_buf(r) + off, data, len);
	r->have += len;
	r->max_end = max(r->max_end, end);
	if (!h->more_frags)
		r->total = end;
	if (!r->total || r->have != r->total)
		return 0;
	r->active = false;
	return r->total;
}

/*
 * @csum_ok: the device vouched for the TCP or UDP checksum: only ever for
 * a datagram that came whole in one frame
 */
static void deliver(struct net_if *nif, const struct ipv4_hdr *h,
		    const u8 *data, int len, const u32 *data_sum, bool csum_ok)
{
	struct udp_hdr u;

	if (h->proto == IP_PROTO_ICMP) {
		icmp_rx(nif, h, data, len);
	} else if (h->proto == IP_PROTO_TCP && nif->tcp_rx) {
		nif->tcp_rx(nif->ctx, h->src, h->dst, data, len, csum_ok);
	} else if (h->proto == IP_PROTO_UDP && nif->udp_rx &&
		   !udp_parse(h->src, h->dst, data, len, &u, data_sum, csum_ok)) {
		/*
		 * Nothing is learnt from a datagram: a stale or forged one
		 * would poison the ARP cache (only ARP teaches it)
		 */
		nif->udp_rx(nif->ctx, h->src, &u, data + UDP_HLEN);
	} else {
		nif->rx_dropped++;
	}
}

void ipv4_rx(struct net_if *nif, const u8 *p, int len)
{
	struct ipv4_hdr h;
	int ret;

	/*
	 * RFC 1122 §3.2.1.3: a source that cannot be a host (broadcast,
	 * multicast, loopback, this network) is discarded, so nothing is ever
	 * answered to it (ICMP echo to a broadcast, for one: §3.2.2.6)
	 */
	if (ipv4_parse(p, len, &h) || !ip_is_host(h.src) ||
	    ip_is_subnet_bcast(nif, h.src)) {
		nif->rx_dropped++;
		return;
	}
	/* Before we have an address (DHCP) anything unicast to us is ours */
	if (nif->ip && h.dst != nif->ip && h.dst != IP_BCAST &&
	    (h.dst | nif->mask) != IP_BCAST) {
		nif->rx_dropped++;
		return;
	}
	if (!h.more_frags && !h.frag_off) {
		deliver(nif, &h, p + h.hlen, h.total - h.hlen, NULL,
			nif->rx_flags & ETH_RX_CSUM_OK);
		return;
	}
	ret = ipv4_reasm_add(nif, &h, p + h.hlen);
	if (ret > 0)
		deliver(nif, &h, reasm_buf(&nif->reasm), ret, &nif->reasm.sum,
			false);
	else if (ret < 0)
		nif->rx_dropped++;
}

int net_send_ip_mac(struct net_if *nif, u8 *buf, const u8 *mac, u32 dst,
		    u8 proto, int len)
{
	u8 *p = buf + ETH_HLEN;
	static u16 ip_id;

	if (len < 0 || len > ETH_MTU - IP_HLEN)
		return -EMSGSIZE;
	p[0] = 0x45;
	p[1] = 0;
	net_put16(p + 2, IP_HLEN + len);
	net_put16(p + 4, ++ip_id);
	net_put16(p + 6, IP_DF);
	p[8] = IP_TTL;
	p[9] = proto;
	net_put16(p + 10, 0);
	net_put32(p + 12, nif->ip);
	net_put32(p + 16, dst);
	net_put16(p + 10, net_checksum(p, IP_HLEN, 0));
	return net_send_eth(nif, buf, mac, ETH_P_IP, IP_HLEN + len);
}

int net_send_ip(struct net_if *nif, u8 *buf, u32 dst, u8 proto, int len)
{
	u8 mac[ETH_ALEN];
	int ret;

	if (len < 0 || len > ETH_MTU - IP_HLEN)
		return -EMSGSIZE;
	ret = arp_resolve(nif, dst, mac);
	if (ret)
		return ret;
	return net_send_ip_mac(nif, buf, mac, dst, proto, len);
}

u32 net_pseudo_sum(u32 src, u32 dst, u8 proto, int len)
{
	u8 ph[12];

	net_put32(ph, src);
	net_put32(ph + 4, dst);
	ph[8] = 0;
	ph[9] = proto;
	net_put16(ph + 10, len);
	return net_checksum_add(ph, sizeof(ph), 0);
}

int udp_parse(u32 src, u32 dst, const u8 *p, int len, struct udp_hdr *u,
	      const u32 *data_sum, bool csum_ok)
{
	u32 sum;
	u16 ulen;

	if (len < UDP_HLEN)
		return -EINVAL;
	ulen = net_get16(p + 4);
	if (ulen < UDP_HLEN || ulen > len)
		return -EINVAL;
	/* A zero checksum means none was computed (RFC 768) */
	if (net_get16(p + 6) && !csum_ok) {
		sum = net_pseudo_sum(src, dst, IP_PROTO_UDP, ulen);
		if (data_sum && ulen == len) {
			sum += *data_sum;
			while (sum >> 16)
				sum = (sum & 0xffff) + (sum >> 16);
			if (sum != 0xffff)
				return -EINVAL;
		} else if (net_checksum(p, ulen, sum)) {
			return -EINVAL;
		}
	}
	u->sport = net_get16(p);
	u->dport = net_get16(p + 2);
	u->len = ulen - UDP_HLEN;
	return 0;
}

int net_send_udp(struct net_if *nif, u32 dst, u16 sport, u16 dport, int len)
{
	u8 *p = nif->tx + ETH_HLEN + IP_HLEN;
	u16 sum;

	if (len < 0 || len > NET_UDP_MAX)
		return -EMSGSIZE;
	net_put16(p, sport);
	net_put16(p + 2, dport);
	net_put16(p + 4, UDP_HLEN + len);
	net_put16(p + 6, 0);
	sum = net_checksum(p, UDP_HLEN + len,
			   net_pseudo_sum(nif->ip, dst, IP_PROTO_UDP,
					  UDP_HLEN + len));
	net_put16(p + 6, sum ? sum : 0xffff);
	return net_send_ip(nif, nif->tx, dst, IP_PROTO_UDP, UDP_HLEN + len);
}
