// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Parsers of the network stack against truncated and malformed input:
 * IPv4 and UDP headers, checksums, ARP, DHCP replies and TFTP OACKs, and
 * whole frames of random bytes through net_rx_frame().
 */
#include <dm.h>
#include <errno.h>
#include <net.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>
#include "../../net/net_core.h"

/* A valid IPv4 + UDP datagram 10.0.2.2:69 -> 10.0.2.15:1234, "hello" */
static int make_udp(u8 *p, int fix_sum)
{
	static const u8 payload[] = "hello";
	int ulen = UDP_HLEN + 5, sum;

	memset(p, 0, IP_HLEN + ulen);
	p[0] = 0x45;
	net_put16(p + 2, IP_HLEN + ulen);
	p[8] = 64;
	p[9] = IP_PROTO_UDP;
	net_put32(p + 12, 0x0a000202);
	net_put32(p + 16, 0x0a00020f);
	net_put16(p + 10, net_checksum(p, IP_HLEN, 0));
	net_put16(p + 20, 69);
	net_put16(p + 22, 1234);
	net_put16(p + 24, ulen);
	memcpy(p + 28, payload, 5);
	if (fix_sum) {
		u8 ph[12] = { 10, 0, 2, 2, 10, 0, 2, 15, 0, IP_PROTO_UDP };

		net_put16(ph + 10, ulen);
		sum = net_checksum(p + 20, ulen, net_checksum_add(ph, 12, 0));
		net_put16(p + 26, sum);
	}
	return IP_HLEN + ulen;
}

static int net_test_checksum(struct unit_test_state *uts)
{
	/* RFC 1071 §3's example: sum 0xddf2, checksum its complement */
	static const u8 data[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
				   0xf6, 0xf7 };

	ut_asserteq(0xffff & ~0xddf2, net_checksum(data, sizeof(data), 0));
	ut_asserteq(0xffff, net_checksum(data, 0, 0));
	/* Odd length: the last byte is padded with zero */
	ut_asserteq(0xffff & ~0x0100, net_checksum(data + 1, 1, 0));
	return 0;
}
UNIT_TEST(net_test_checksum, 0, net);

static int net_test_ipv4_parse(struct unit_test_state *uts)
{
	struct ipv4_hdr h;
	u8 p[64];
	int len = make_udp(p, 1);

	ut_assertok(ipv4_parse(p, len, &h));
	ut_asserteq(IP_PROTO_UDP, h.proto);
	ut_asserteq(0x0a000202, h.src);
	ut_asserteq(len, h.total);
	/* Truncated at every length */
	for (int n = 0; n < len; n++)
		ut_asserteq(-EINVAL, ipv4_parse(p, n, &h));
	/* Bad version, header length, total length, checksum */
	p[0] = 0x65;
	ut_asserteq(-EINVAL, ipv4_parse(p, len, &h));
	p[0] = 0x44;
	ut_asserteq(-EINVAL, ipv4_parse(p, len, &h));
	p[0] = 0x4f;
	ut_asserteq(-EINVAL, ipv4_parse(p, len, &h));
	make_udp(p, 1);
	net_put16(p + 2, 19);
	ut_asserteq(-EINVAL, ipv4_parse(p, len, &h));
	make_udp(p, 1);
	p[8] = 1;	/* TTL changed: checksum wrong */
	ut_asserteq(-EINVAL, ipv4_parse(p, len, &h));
	return 0;
}
UNIT_TEST(net_test_ipv4_parse, 0, net);

static int net_test_udp_parse(struct unit_test_state *uts)
{
	struct udp_hdr u;
	u8 p[64];
	int len = make_udp(p, 1);
	u32 s = 0x0a000202, d = 0x0a00020f;

	ut_assertok(udp_parse(s, d, p + 20, len - 20, &u, NULL, false));
	ut_asserteq(69, u.sport);
	ut_asserteq(1234, u.dport);
	ut_asserteq(5, u.len);
	for (int n = 0; n < len - 20; n++) {
		ut_asserteq(-EINVAL, udp_parse(s, d, p + 20, n, &u, NULL, false));
		ut_asserteq(-EINVAL, udp_parse(s, d, p + 20, n, &u, NULL, true));
	}
	/* Wrong source address: the pseudo-header checksum fails */
	ut_asserteq(-EINVAL, udp_parse(s + 1, d, p + 20, len - 20, &u, NULL, false));
	/* ... unless the device vouched for it (ETH_RX_CSUM_OK) */
	ut_assertok(udp_parse(s + 1, d, p + 20, len - 20, &u, NULL, true));
	/* No checksum at all is allowed */
	make_udp(p, 0);
	ut_assertok(udp_parse(s + 1, d, p + 20, len - 20, &u, NULL, false));
	/* Length field too small or beyond the datagram, vouched for or not */
	for (int ok = 0; ok < 2; ok++) {
		net_put16(p + 24, 7);
		ut_asserteq(-EINVAL, udp_parse(s, d, p + 20, len - 20, &u,
					       NULL, ok));
		net_put16(p + 24, 14);
		ut_asserteq(-EINVAL, udp_parse(s, d, p + 20, len - 20, &u,
					       NULL, ok));
	}
	return 0;
}
UNIT_TEST(net_test_udp_parse, 0, net);

static int net_test_ip_strings(struct unit_test_state *uts)
{
	char buf[16];
	u8 mac[6];
	u32 ip;

	ut_assertok(string_to_ip("10.0.2.15", &ip));
	ut_asserteq(0x0a00020f, ip);
	ut_asserteq_str("10.0.2.15", ip_to_string(ip, buf));
	ut_asserteq(-EINVAL, string_to_ip("10.0.2", &ip));
	ut_asserteq(-EINVAL, string_to_ip("10.0.2.256", &ip));
	ut_asserteq(-EINVAL, string_to_ip("10.0.2.1.", &ip));
	ut_asserteq(-EINVAL, string_to_ip("1000.0.2.1", &ip));
	ut_asserteq(-EINVAL, string_to_ip("", &ip));
	ut_assertok(eth_parse_mac("52:54:00:ab:CD:ef", mac));
	ut_asserteq(0xcd, mac[4]);
	ut_asserteq(-EINVAL, eth_parse_mac("52:54:00:ab:cd", mac));
	ut_asserteq(-EINVAL, eth_parse_mac("52:54:00:ab:cd:ef:", mac));
	ut_asserteq(-EINVAL, eth_parse_mac("5g:54:00:ab:cd:ef", mac));
	return 0;
}
UNIT_TEST(net_test_ip_strings, 0, net);

static int make_dhcp(u8 *m, u32 xid, const u8 *mac)
{
	u8 *p = m + 240;

	memset(m, 0, 300);
	m[0] = 2;
	m[1] = 1;
	m[2] = 6;
	net_put32(m + 4, xid);
	net_put32(m + 16, 0x0a00020f);
	memcpy(m + 28, mac, 6);
	net_put32(m + 236, 0x63825363);
	*p++ = 53, *p++ = 1, *p++ = 2;			/* OFFER */
	*p++ = 1, *p++ = 4, *p++ = 255, *p++ = 255, *p++ = 255, *p++ = 0;
	*p++ = 54, *p++ = 4, *p++ = 10, *p++ = 0, *p++ = 2, *p++ = 2;
	*p++ = 67, *p++ = 4, memcpy(p, "boot", 4), p += 4;
	*p++ = 6, *p++ = 12;				/* three servers */
	for (int i = 1; i <= 12; i++)
		*p++ = i;
	*p++ = 255;
	return p - m;
}

static int net_test_dhcp_parse(struct unit_test_state *uts)
{
	static const u8 mac[6] = { 0x52, 0x54, 0, 1, 2, 3 };
	struct dhcp_lease l;
	u8 m[300];
	int len = make_dhcp(m, 0x1234, mac);

	ut_assertok(dhcp_parse(m, len, 0x1234, mac, &l));
	ut_asserteq(2, l.type);
	ut_asserteq(0x0a00020f, l.yiaddr);
	ut_asserteq(0xffffff00, l.mask);
	ut_asserteq(0x0a000202, l.server_id);
	ut_asserteq_str("boot", l.bootfile);
	ut_asserteq(0x01020304, l.dns);		/* the first two DNS servers */
	ut_asserteq(0x05060708, l.dns2);
	ut_asserteq(-EINVAL, dhcp_parse(m, len, 0x1235, mac, &l));
	/* Cut anywhere inside the options: never read beyond the length */
	for (int n = 0; n < 243; n++)
		ut_asserteq(-EINVAL, dhcp_parse(m, n, 0x1234, mac, &l));
	for (int n = 243; n < len - 1; n++)
		dhcp_parse(m, n, 0x1234, mac, &l);
	/* An option whose length runs past the end */
	m[len - 20] = 200;
	ut_asserteq(-EINVAL, dhcp_parse(m, len, 0x1234, mac, &l));
	return 0;
}
UNIT_TEST(net_test_dhcp_parse, 0, net);

static int net_test_tftp_oack(struct unit_test_state *uts)
{
	static const u8 ok[] = "blksize\0" "1024\0" "tsize\0" "12345\0"
			       "windowsize\0" "4";
	static const u8 big[] = "blksize\0" "9000";
	static const u8 unasked[] = "foo\0" "1";
	static const u8 unterminated[] = { 'b', 'l', 'k' };
	u32 blk = 1468, win = 8;
	bool has = false;
	u64 tsize = 0;

	ut_assertok(tftp_parse_oack(ok, sizeof(ok), &blk, &win, &tsize, &has));
	ut_asserteq(1024, blk);
	ut_asserteq(4, win);
	ut_asserteq(true, has);
	ut_asserteq(12345, tsize);
	for (int n = 1; n < (int)sizeof(ok) - 1; n++) {
		blk = 1468;
		win = 8;
		/* Truncated: an error or fewer options, never a crash */
		tftp_parse_oack(ok, n, &blk, &win, &tsize, &has);
		ut_assert(blk <= 1468 && win <= 8);
	}
	blk = 1468;
	ut_asserteq(-EINVAL, tftp_parse_oack(big, sizeof(big), &blk, &win,
					     &tsize, &has));
	blk = 1468;
	ut_asserteq(-EINVAL, tftp_parse_oack(unasked, sizeof(unasked), &blk,
					     &win, &tsize, &has));
	blk = 1468;
	ut_asserteq(-EINVAL, tftp_parse_oack(unterminated,
					     sizeof(unterminated), &blk, &win,
					     &tsize, &has));
	return 0;
}
UNIT_TEST(net_test_tftp_oack, 0, net);

static void count_udp(void *ctx, u32 src_ip, const struct udp_hdr *u,
		      const u8 *data)
{
	(*(int *)ctx)++;
}

/* What reaches TCP: bit 0 a segment, bit 1 one with csum_ok */
static void note_tcp(void *ctx, u32 src_ip, u32 dst_ip, const u8 *seg,
		     int len, bool csum_ok)
{
	*(int *)ctx |= 1 | csum_ok << 1;
}

/* The datagram of make_udp() in a frame to @nif, fragmented at @frag */
static int udp_frame(u8 *frame, int frag, bool more, bool bad_sum)
{
	u8 *ip = frame + ETH_HLEN;
	int len = make_udp(ip, 1), end;

	memset(frame, 0xff, ETH_HLEN);
	net_put16(frame + 12, ETH_P_IP);
	if (bad_sum)
		ip[IP_HLEN + 6] ^= 0x5a;
	if (!frag && !more)
		return ETH_HLEN + len;
	/* One piece of it: bytes [frag, frag + 8) or [frag, end) */
	end = more ? frag + 8 : len - IP_HLEN;
	memmove(ip + IP_HLEN, ip + IP_HLEN + frag, end - frag);
	net_put16(ip + 2, IP_HLEN + end - frag);
	net_put16(ip + 6, (more ? 0x2000 : 0) | frag / 8);
	net_put16(ip + 10, 0);
	net_put16(ip + 10, net_checksum(ip, IP_HLEN, 0));
	return ETH_HLEN + IP_HLEN + end - frag;
}

/*
 * ETH_RX_CSUM_OK spares the UDP checksum of a datagram that came whole in
 * its frame, never of one put together from fragments: the device spoke
 * for each frame, not for the datagram
 */
static int net_test_rx_csum_ok(struct unit_test_state *uts)
{
	struct net_if *nif = calloc(1, sizeof(*nif));
	u8 frame[128];
	int got = 0, len;

	ut_assertnonnull(nif);
	memset(nif->mac, 0xff, 6);
	nif->ip = 0x0a00020f;
	nif->mask = 0xffffff00;
	nif->udp_rx = count_udp;
	nif->ctx = &got;
	len = udp_frame(frame, 0, false, true);
	net_rx_frame(nif, frame, len, 0);
	ut_asserteq(0, got);
	net_rx_frame(nif, frame, len, ETH_RX_CSUM_OK);
	ut_asserteq(1, got);
	ut_asserteq(0, nif->rx_flags);		/* for that frame only */
	/* In two fragments, each vouched for: the bad sum is seen */
	net_rx_frame(nif, frame, udp_frame(frame, 0, true, true),
		     ETH_RX_CSUM_OK);
	net_rx_frame(nif, frame, udp_frame(frame, 8, false, true),
		     ETH_RX_CSUM_OK);
	ut_asserteq(1, got);
	/* ... and a good one is taken */
	net_rx_frame(nif, frame, udp_frame(frame, 0, true, false), 0);
	net_rx_frame(nif, frame, udp_frame(frame, 8, false, false), 0);
	ut_asserteq(2, got);
	/* TCP is told, for a whole datagram only */
	nif->tcp_rx = note_tcp;
	got = 0;
	len = udp_frame(frame, 0, false, false);
	frame[ETH_HLEN + 9] = IP_PROTO_TCP;
	net_put16(frame + ETH_HLEN + 10, 0);
	net_put16(frame + ETH_HLEN + 10, net_checksum(frame + ETH_HLEN,
						      IP_HLEN, 0));
	net_rx_frame(nif, frame, len, 0);
	ut_asserteq(1, got);
	net_rx_frame(nif, frame, len, ETH_RX_CSUM_OK);
	ut_asserteq(3, got);
	free(nif);
	return 0;
}
UNIT_TEST(net_test_rx_csum_ok, 0, net);

/* Random and truncated frames through the whole receive path */
static int net_test_rx_garbage(struct unit_test_state *uts)
{
	struct net_if *nif = calloc(1, sizeof(*nif));
	u8 frame[PKTBUFSZ];
	u32 seed = 1;

	ut_assertnonnull(nif);
	memset(nif->mac, 0xff, 6);	/* accept every frame */
	nif->ip = 0x0a00020f;
	nif->mask = 0xffffff00;
	for (int i = 0; i < 2000; i++) {
		int len = i % 120;

		for (int k = 0; k < len; k++) {
			seed = seed * 1103515245 + 12345;
			frame[k] = seed >> 16;
		}
		memset(frame, 0xff, 6);
		if (len > 13) {
			frame[12] = 0x08;
			frame[13] = i & 1 ? 0x00 : 0x06;
		}
		if (len > 14)
			frame[14] = i & 2 ? 0x45 : frame[14];
		net_rx_frame(nif, frame, len, i & 4 ? ETH_RX_CSUM_OK : 0);
	}
	ut_asserteq(2000, nif->rx_frames);
	free(nif);
	return 0;
}
UNIT_TEST(net_test_rx_garbage, 0, net);
