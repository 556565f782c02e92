// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The ARP cache against strangers (net/arp.c, net/ping.c), through the
 * real path to a UDP socket playing the link: the entries the operation
 * resolved for itself stay while others' requests come and go, the one
 * being waited for always finds a slot, and an echo request is answered
 * to the MAC it came from without entering the cache. The receive path
 * cannot wait for ARP, so what it finds there decides whether a TFTP ACK
 * leaves at all.
 */
#include <asm/os.h>
#include <errno.h>
#include <net.h>
#include <string.h>
#include <test/ut.h>
#include "../../net/net_core.h"
#include "rig.h"

#define ME		0xc0a80732	/* 192.168.7.50 */
#define SERVER		0xc0a80701	/* 192.168.7.1 */
#define STRANGER	0xc0a80764	/* 192.168.7.100, and on */
#define ARP_OP_REQUEST	1
#define ARP_OP_REPLY	2

/* A MAC of host number @n: locally administered, unicast */
static void host_mac(u8 *mac, u32 n)
{
	static const u8 base[ETH_ALEN] = { 0x02, 0xaa, 0, 0, 0, 0 };

	memcpy(mac, base, ETH_ALEN);
	net_put32(mac + 2, n);
}

/* An ARP @op from @sip at @smac to us, as a whole frame into @f */
static int arp_frame(struct net_if *nif, u8 *f, u16 op, u32 sip,
		     const u8 *smac)
{
	u8 *p = f + ETH_HLEN;

	memcpy(f, op == ARP_OP_REQUEST ? (const u8 *)"\xff\xff\xff\xff\xff\xff" :
	       nif->mac, ETH_ALEN);
	memcpy(f + ETH_ALEN, smac, ETH_ALEN);
	net_put16(f + 12, ETH_P_ARP);
	net_put16(p, 1);
	net_put16(p + 2, ETH_P_IP);
	p[4] = ETH_ALEN;
	p[5] = 4;
	net_put16(p + 6, op);
	memcpy(p + 8, smac, ETH_ALEN);
	net_put32(p + 14, sip);
	memcpy(p + 18, op == ARP_OP_REPLY ? nif->mac : (const u8 *)"\0\0\0\0\0\0",
	       ETH_ALEN);
	net_put32(p + 24, ME);
	return ETH_HLEN + 28;
}

/* An ICMP echo request from @sip at @smac to us, ident @id */
static int echo_frame(struct net_if *nif, u8 *f, u32 sip, const u8 *smac,
		      u16 id)
{
	u8 *ip = f + ETH_HLEN, *icmp = ip + IP_HLEN;

	memcpy(f, nif->mac, ETH_ALEN);
	memcpy(f + ETH_ALEN, smac, ETH_ALEN);
	net_put16(f + 12, ETH_P_IP);
	memset(ip, 0, IP_HLEN + 8);
	ip[0] = 0x45;
	net_put16(ip + 2, IP_HLEN + 8);
	ip[8] = 64;
	ip[9] = IP_PROTO_ICMP;
	net_put32(ip + 12, sip);
	net_put32(ip + 16, ME);
	net_put16(ip + 10, net_checksum(ip, IP_HLEN, 0));
	icmp[0] = 8;
	net_put16(icmp + 4, id);
	net_put16(icmp + 2, net_checksum(icmp, 8, 0));
	return ETH_HLEN + IP_HLEN + 8;
}

/*
 * Resolve @ip outside the receive path, its reply already on the way:
 * the way the operation learns its server
 */
static int resolve_answered(struct unit_test_state *uts, struct net_if *nif,
			    int peer, u32 ip, const u8 *mac)
{
	u8 f[64], got[ETH_ALEN];
	int n = arp_frame(nif, f, ARP_OP_REPLY, ip, mac);

	ut_asserteq(n, os_udp_send(peer, f, n));
	ut_assertok(arp_resolve(nif, ip, got));
	ut_asserteq_mem(mac, got, ETH_ALEN);
	return 0;
}

/* What the receive path finds for @ip: 0 with *@mac, or -EBUSY */
static int lookup_in_rx(struct net_if *nif, u32 ip, u8 *mac)
{
	int ret;

	nif->in_rx = true;
	ret = arp_resolve(nif, ip, mac);
	nif->in_rx = false;
	return ret;
}

/* Stranger @i (STRANGER + @i at host MAC 100 + @i) asks for us, or pings */
static void from_stranger(struct net_if *nif, u8 *f, u32 i, bool echo)
{
	u8 smac[ETH_ALEN];

	host_mac(smac, 100 + i);
	net_rx_frame(nif, f, echo ? echo_frame(nif, f, STRANGER + i, smac, i) :
		     arp_frame(nif, f, ARP_OP_REQUEST, STRANGER + i, smac), 0);
}

/* The stack at ME/24, no gateway, its SERVER resolved at host MAC 1 */
static int rig_up(struct unit_test_state *uts, struct net_if **nifp,
		  int *peerp)
{
	u8 mac[ETH_ALEN];

	ut_assertok(net_rig_up(uts, nifp, peerp));
	(*nifp)->ip = ME;
	(*nifp)->mask = 0xffffff00;
	(*nifp)->gw = 0;
	host_mac(mac, 1);
	ut_assertok(resolve_answered(uts, *nifp, *peerp, SERVER, mac));
	return 0;
}

static int net_test_arp_kept(struct unit_test_state *uts)
{
	u8 f[64], mac[ETH_ALEN], got[ETH_ALEN];
	struct net_if *nif;
	int peer;

	ut_assertok(rig_up(uts, &nif, &peer));
	host_mac(mac, 1);
	/* Strangers ask for us, twice as many as the cache holds */
	for (u32 i = 0; i < 2 * ARP_CACHE_SIZE; i++)
		from_stranger(nif, f, i, false);
	/* The server's entry is still there for an ACK sent while receiving */
	ut_assertok(lookup_in_rx(nif, SERVER, got));
	ut_asserteq_mem(mac, got, ETH_ALEN);
	/* The latest strangers were learnt, in the slots left */
	ut_assertok(lookup_in_rx(nif, STRANGER + 2 * ARP_CACHE_SIZE - 1, got));
	ut_asserteq(-EBUSY, lookup_in_rx(nif, STRANGER, got));
	/* The server's new MAC replaces the old one in its entry */
	host_mac(mac, 2);
	net_rx_frame(nif, f, arp_frame(nif, f, ARP_OP_REQUEST, SERVER, mac),
		     0);
	ut_assertok(lookup_in_rx(nif, SERVER, got));
	ut_asserteq_mem(mac, got, ETH_ALEN);
	net_rig_down(nif, peer);
	return 0;
}
UNIT_TEST(net_test_arp_kept, 0, net);

static int net_test_arp_all_kept(struct unit_test_state *uts)
{
	u8 f[64], mac[ETH_ALEN], got[ETH_ALEN];
	struct net_if *nif;
	int peer;

	ut_assertok(rig_up(uts, &nif, &peer));
	/* Every slot resolved for the operation's own traffic */
	for (u32 i = 1; i < ARP_CACHE_SIZE; i++) {
		host_mac(mac, 1 + i);
		ut_assertok(resolve_answered(uts, nif, peer, SERVER + i, mac));
	}
	/* A stranger is not learnt then */
	host_mac(mac, 100);
	net_rx_frame(nif, f, arp_frame(nif, f, ARP_OP_REQUEST, STRANGER, mac),
		     0);
	ut_asserteq(-EBUSY, lookup_in_rx(nif, STRANGER, got));
	for (u32 i = 0; i < ARP_CACHE_SIZE; i++)
		ut_assertok(lookup_in_rx(nif, SERVER + i, got));
	/* One more host of our own still gets a slot, at a kept one's cost */
	host_mac(mac, 1 + ARP_CACHE_SIZE);
	ut_assertok(resolve_answered(uts, nif, peer, SERVER + ARP_CACHE_SIZE,
				     mac));
	ut_assertok(lookup_in_rx(nif, SERVER + ARP_CACHE_SIZE, got));
	net_rig_down(nif, peer);
	return 0;
}
UNIT_TEST(net_test_arp_all_kept, 0, net);

/* The next IPv4 frame the stack sent (ARP ones skipped) into @f */
static long next_ip_frame(int peer, u8 *f, unsigned long size)
{
	for (int i = 0; i < 64; i++) {
		long n = net_rig_recv(peer, f, size);

		if (n < 0 || (n >= ETH_HLEN && net_get16(f + 12) == ETH_P_IP))
			return n;
	}
	return -EAGAIN;
}

static int net_test_arp_echo_unlearnt(struct unit_test_state *uts)
{
	u8 f[PKTBUFSZ], mac[ETH_ALEN], got[ETH_ALEN];
	struct net_if *nif;
	long n;
	int peer;

	ut_assertok(rig_up(uts, &nif, &peer));
	host_mac(mac, 1);
	/* Echo requests from more on-link hosts than the cache holds */
	for (u32 i = 0; i < 2 * ARP_CACHE_SIZE; i++) {
		u8 smac[ETH_ALEN];

		from_stranger(nif, f, i, true);
		/* Each answered, to the MAC it came from */
		host_mac(smac, 100 + i);
		n = next_ip_frame(peer, f, sizeof(f));
		ut_assert(n >= ETH_HLEN + IP_HLEN + 8);	/* padded to 60 */
		ut_asserteq(IP_HLEN + 8, net_get16(f + ETH_HLEN + 2));
		ut_asserteq_mem(smac, f, ETH_ALEN);
		ut_asserteq(ME, net_get32(f + ETH_HLEN + 12));
		ut_asserteq(STRANGER + i, net_get32(f + ETH_HLEN + 16));
		ut_asserteq(0, f[ETH_HLEN + IP_HLEN]);
		ut_asserteq(i, net_get16(f + ETH_HLEN + IP_HLEN + 4));
		ut_assertok(net_checksum(f + ETH_HLEN + IP_HLEN, 8, 0));
	}
	/* ... and none of them entered the cache */
	for (u32 i = 0; i < 2 * ARP_CACHE_SIZE; i++)
		ut_asserteq(-EBUSY, lookup_in_rx(nif, STRANGER + i, got));
	ut_assertok(lookup_in_rx(nif, SERVER, got));
	/* A group MAC as the source: no answer */
	mac[0] |= 1;
	net_rx_frame(nif, f, echo_frame(nif, f, STRANGER, mac, 99), 0);
	ut_asserteq(-EAGAIN, next_ip_frame(peer, f, sizeof(f)));
	net_rig_down(nif, peer);
	return 0;
}
UNIT_TEST(net_test_arp_echo_unlearnt, 0, net);
