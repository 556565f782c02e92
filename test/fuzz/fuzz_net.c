// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The network stack on hostile frames: Ethernet dispatch, ARP, IPv4 with
 * reassembly, ICMP (echo answered), UDP, and behind them the DHCP parser
 * and lease checks, or a TFTP transfer's state machine writing to RAM.
 *
 * Input: a mode byte, then frames as fuzz_chunk()s; an empty chunk is a
 * tick of a fake clock: the TFTP transfer's wait runs out (a resend, or
 * the end after too many). Mode bits 0-1: the UDP listener (0 none, 1
 * DHCP, 2 TFTP); bit 2: fix up every IPv4 frame
 * first - its header checksum recomputed, its UDP checksum cleared and,
 * for TFTP, its UDP destination set to the transfer's port - so that
 * inputs reach past the checks as well as into them.
 */
#include <net.h>
#include <stdlib.h>
#include <string.h>
#include "../../net/net_core.h"
#include "fuzz.h"

#define OUR_IP		0xc0a80732	/* 192.168.7.50 */
#define SERVER_IP	0xc0a80701	/* 192.168.7.1 */
#define XID		0x12345678
#define LOAD_ADDR	0x44000000

static struct net_if *nif;
static const u8 server_mac[ETH_ALEN] = { 2, 0xaa, 0xbb, 0xcc, 0xdd, 1 };

static void dhcp_listener(void *ctx, u32 src, const struct udp_hdr *u,
			  const u8 *data)
{
	struct dhcp_lease l, offer;

	if (dhcp_parse(data, u->len, XID, nif->mac, &l) ||
	    dhcp_check_lease(&l, NULL))
		return;
	offer = l;
	dhcp_check_lease(&l, &offer);
}

static void fix_up(u8 *f, size_t len, u16 dport)
{
	size_t ihl;

	if (len < ETH_HLEN + IP_HLEN || net_get16(f + 12) != ETH_P_IP)
		return;
	ihl = (f[ETH_HLEN] & 0xf) * 4;
	if (ihl < IP_HLEN || ETH_HLEN + ihl > len)
		return;
	net_put16(f + ETH_HLEN + 10, 0);
	net_put16(f + ETH_HLEN + 10, net_checksum(f + ETH_HLEN, ihl, 0));
	if (f[ETH_HLEN + 9] != IP_PROTO_UDP || ETH_HLEN + ihl + UDP_HLEN > len)
		return;
	if (dport)
		net_put16(f + ETH_HLEN + ihl + 2, dport);
	net_put16(f + ETH_HLEN + ihl + 6, 0);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static u8 frame[ETH_HLEN + CONFIG_NET_RX_MTU];
	struct fuzz_in in = { data, size };
	struct tftp_op *op = NULL;
	const u8 *p;
	size_t len;
	u8 mode;

	fuzz_init();
	if (!nif && net_start(&nif))
		fuzz_fail();
	mode = fuzz_u8(&in);
	/* A fresh interface state, as net_start() leaves it */
	memset(nif->arp, 0, sizeof(nif->arp));
	/* Known, so that a resend never waits for ARP */
	arp_learn(nif, SERVER_IP, server_mac);
	nif->reasm.active = false;
	nif->ip = OUR_IP;
	nif->mask = 0xffffff00;
	nif->gw = (mode & 8) ? 0xc0a807fe : 0;
	nif->udp_rx = NULL;
	nif->icmp_rx = NULL;
	if ((mode & 3) == 1) {
		nif->udp_rx = dhcp_listener;
	} else if ((mode & 3) == 2) {
		op = tftp_op_new(nif, LOAD_ADDR, SERVER_IP, "boot.bin");
		if (!op)
			fuzz_fail();
		nif->udp_rx = tftp_rx;
		nif->ctx = op;
	}
	while ((p = fuzz_chunk(&in, &len))) {
		/* An empty chunk is the clock: the transfer's wait ran out */
		if (!len) {
			if (op && tftp_timeout(op))
				break;
			continue;
		}
		if (len > sizeof(frame))
			len = sizeof(frame);
		memcpy(frame, p, len);
		if (mode & 4)
			fix_up(frame, len, op ? tftp_op_port(op) : 0);
		/* As a device that vouches for checksums says (mode 16) */
		net_rx_frame(nif, frame, len,
			     (mode & 16) ? ETH_RX_CSUM_OK : 0);
	}
	free(op);
	return 0;
}
