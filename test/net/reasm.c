// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * IPv4 reassembly: in and out of order, overlaps, holes, and the bounds on
 * size and on the number of pieces.
 */
#include <errno.h>
#include <net.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>
#include "../../net/net_core.h"

static u8 payload[CONFIG_NET_REASM_MAX + 64];

static int add(struct net_if *nif, u32 off, u32 len, bool more, u16 id)
{
	struct ipv4_hdr h = {
		.hlen = IP_HLEN, .proto = IP_PROTO_UDP, .more_frags = more,
		.total = IP_HLEN + len, .id = id, .frag_off = off,
		.src = 0x0a000202, .dst = 0x0a00020f,
	};

	return ipv4_reasm_add(nif, &h, payload + off);
}

static struct net_if *new_if(void)
{
	for (u32 i = 0; i < sizeof(payload); i++)
		payload[i] = i * 7 + (i >> 8);
	return calloc(1, sizeof(struct net_if));
}

static int net_test_reasm_order(struct unit_test_state *uts)
{
	struct net_if *nif = new_if();

	ut_assertnonnull(nif);
	/* In order */
	ut_asserteq(0, add(nif, 0, 1480, true, 1));
	ut_asserteq(0, add(nif, 1480, 1480, true, 1));
	ut_asserteq(3000, add(nif, 2960, 40, false, 1));
	ut_asserteq_mem(payload, reasm_buf(&nif->reasm), 3000);
	/* Last piece first, then a hole filled last */
	ut_asserteq(0, add(nif, 2960, 40, false, 2));
	ut_asserteq(0, add(nif, 0, 1480, true, 2));
	ut_asserteq(3000, add(nif, 1480, 1480, true, 2));
	ut_asserteq_mem(payload, reasm_buf(&nif->reasm), 3000);
	/* The sum taken while copying is the sum of the whole */
	ut_asserteq(net_checksum(payload, 3000, 0),
		    net_checksum(NULL, 0, nif->reasm.sum));
	free(nif);
	return 0;
}
UNIT_TEST(net_test_reasm_order, 0, net);

/* A reassembled UDP datagram is checked with the sum taken while copying */
static int net_test_reasm_udp_sum(struct unit_test_state *uts)
{
	struct net_if *nif = new_if();
	u32 src = 0x0a000202, dst = 0x0a00020f;
	struct udp_hdr u;
	u8 ph[12];
	u16 sum;

	ut_assertnonnull(nif);
	/* A 3000-byte UDP datagram in payload: header, then the pattern */
	net_put16(payload, 69);
	net_put16(payload + 2, 5000);
	net_put16(payload + 4, 3000);
	net_put16(payload + 6, 0);
	net_put32(ph, src);
	net_put32(ph + 4, dst);
	ph[8] = 0;
	ph[9] = IP_PROTO_UDP;
	net_put16(ph + 10, 3000);
	sum = net_checksum(payload, 3000, net_checksum_add(ph, 12, 0));
	net_put16(payload + 6, sum);
	ut_asserteq(0, add(nif, 0, 1480, true, 7));
	ut_asserteq(3000, add(nif, 1480, 1520, false, 7));
	ut_assertok(udp_parse(src, dst, reasm_buf(&nif->reasm), 3000, &u,
			      &nif->reasm.sum, false));
	ut_asserteq(2992, u.len);
	/* One byte changed on the way: refused */
	payload[2000] ^= 0x10;
	ut_asserteq(0, add(nif, 0, 1480, true, 8));
	ut_asserteq(3000, add(nif, 1480, 1520, false, 8));
	ut_asserteq(-EINVAL, udp_parse(src, dst, reasm_buf(&nif->reasm), 3000,
				       &u, &nif->reasm.sum, false));
	free(nif);
	return 0;
}
UNIT_TEST(net_test_reasm_udp_sum, 0, net);

static int net_test_reasm_bad(struct unit_test_state *uts)
{
	struct net_if *nif = new_if();

	ut_assertnonnull(nif);
	/* Overlap drops the datagram */
	ut_asserteq(0, add(nif, 0, 1480, true, 3));
	ut_asserteq(-EINVAL, add(nif, 8, 16, true, 3));
	ut_asserteq(0, add(nif, 1480, 40, false, 3));	/* starts afresh */
	/* A middle piece not a multiple of 8 */
	ut_asserteq(-EINVAL, add(nif, 0, 100, true, 4));
	/* Data beyond the end already known */
	ut_asserteq(0, add(nif, 800, 200, false, 5));
	ut_asserteq(-EINVAL, add(nif, 992, 16, true, 5));
	/* Two different ends */
	ut_asserteq(0, add(nif, 800, 200, false, 6));
	ut_asserteq(-EINVAL, add(nif, 1000, 8, false, 6));
	/* An end before data already received */
	ut_asserteq(0, add(nif, 800, 200, true, 7));
	ut_asserteq(-EINVAL, add(nif, 0, 8, false, 7));
	ut_asserteq(0, add(nif, 1600, 80, true, 13));
	ut_asserteq(-EINVAL, add(nif, 0, 1200, false, 13));
	/* Empty pieces */
	ut_asserteq(-EINVAL, add(nif, 0, 0, true, 8));
	free(nif);
	return 0;
}
UNIT_TEST(net_test_reasm_bad, 0, net);

static int net_test_reasm_limits(struct unit_test_state *uts)
{
	struct net_if *nif = new_if();
	u32 max = CONFIG_NET_REASM_MAX & ~7;

	ut_assertnonnull(nif);
	/* Larger than the buffer */
	ut_asserteq(-EMSGSIZE, add(nif, max, 16, false, 9));
	ut_asserteq(0, add(nif, 0, 8, true, 10));
	ut_asserteq(-EMSGSIZE, add(nif, max - 8, 16, true, 10));
	/* Exactly the buffer fits (in pieces an IPv4 header can describe) */
	ut_asserteq(0, add(nif, 0, max / 16 * 8, true, 11));
	ut_asserteq(0, add(nif, max / 16 * 8, max - max / 16 * 8 - 8, true,
			   11));
	ut_asserteq(max, add(nif, max - 8, 8, false, 11));
	/* Too many pieces */
	for (int i = 0; i < CONFIG_NET_REASM_PIECES; i++)
		ut_asserteq(0, add(nif, i * 8, 8, true, 12));
	ut_asserteq(-E2BIG, add(nif, CONFIG_NET_REASM_PIECES * 8, 8, true,
				12));
	free(nif);
	return 0;
}
UNIT_TEST(net_test_reasm_limits, 0, net);
