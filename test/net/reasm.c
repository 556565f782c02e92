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
	ut_asserteq_mem(payload, nif->reasm.buf, 3000);
	/* Last piece first, then a hole filled last */
	ut_asserteq(0, add(nif, 2960, 40, false, 2));
	ut_asserteq(0, add(nif, 0, 1480, true, 2));
	ut_asserteq(3000, add(nif, 1480, 1480, true, 2));
	ut_asserteq_mem(payload, nif->reasm.buf, 3000);
	free(nif);
	return 0;
}
UNIT_TEST(net_test_reasm_order, 0, net);

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
	/* Exactly the buffer fits */
	ut_asserteq(0, add(nif, 0, max - 8, true, 11));
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
