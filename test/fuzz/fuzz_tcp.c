// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * TCP's receive path: tcp_input() on one connection, from SYN-SENT on,
 * fed segments the input describes; they are built with right checksums
 * (a flag spoils one) and with sequence and acknowledgement numbers
 * relative to where the connection stands, so that the in-window cases
 * are reached. tcp_input() never sends, so no device is needed.
 *
 * Input: records of
 *   u8 flags (TCP's: FIN SYN RST PSH ACK; 0x80 spoils the checksum),
 *   s16 seq (from rcv_nxt; from 5000 in SYN-SENT), s16 ack (from snd_nxt),
 *   u16 window, u8 option bytes (at most 40), u8 data bytes, then them.
 *
 * Checked: what reaches the consumer is in order with nothing lost or
 * repeated (each segment's bytes are its sequence numbers' low bytes),
 * the out-of-order store stays within its bounds, sorted.
 */
#include <stdlib.h>
#include <string.h>
#include <net.h>
#include "../../net/tcp.h"
#include "fuzz.h"

#define ME	0x0a00020f
#define PEER	0x0a000202
#define LPORT	50000
#define RPORT	80
#define ISS	1000

struct sink {
	u32 next;	/* the sequence number the next byte must have */
	bool started;
};

static int sink_recv(void *ctx, const u8 *data, size_t len)
{
	struct sink *s = ctx;

	if (!len)
		__builtin_trap();
	for (size_t i = 0; i < len; i++)
		if (data[i] != (u8)(s->next + i))
			__builtin_trap();	/* lost, repeated or reordered */
	s->next += len;
	return 0;
}

static int build(u8 *p, u8 flags, u32 seq, u32 ack, u16 win, const u8 *opt,
		 int optlen, const u8 *data, int len)
{
	int hlen = 20 + (optlen + 3) / 4 * 4;
	u8 ph[12];

	memset(p, 0, hlen);
	net_put16(p, RPORT);
	net_put16(p + 2, LPORT);
	net_put32(p + 4, seq);
	net_put32(p + 8, ack);
	p[12] = (hlen / 4) << 4;
	p[13] = flags & 0x3f;
	net_put16(p + 14, win);
	memcpy(p + 20, opt, optlen);
	memcpy(p + hlen, data, len);
	net_put32(ph, PEER);
	net_put32(ph + 4, ME);
	ph[8] = 0;
	ph[9] = 6;
	net_put16(ph + 10, hlen + len);
	net_put16(p + 16, net_checksum(p, hlen + len,
				       net_checksum_add(ph, sizeof(ph), 0)));
	if (flags & 0x80)
		p[16] ^= 0x5a;
	return hlen + len;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct tcp_conn c;
	static u8 seg[20 + 40 + 256];
	struct sink s = { 0 };
	size_t off = 0;

	fuzz_init();
	memset(&c, 0, sizeof(c));
	c.dst = PEER;
	c.lport = LPORT;
	c.rport = RPORT;
	c.iss = ISS;
	c.snd_una = ISS;
	c.snd_nxt = ISS + 1;
	c.rcv_wnd = 1 << 16;
	c.rcv_wscale = 2;
	c.mss = 536;
	c.rto_us = 1000000;
	c.recv = sink_recv;
	c.ctx = &s;
	c.state = TCP_SYN_SENT;
	while (size - off >= 9) {
		const u8 *r = data + off;
		u8 flags = r[0], olen = min_t(u8, r[7], 40), dlen = r[8];
		u32 base = c.state == TCP_SYN_SENT ? 5000 : c.rcv_nxt;
		u32 seq = base + (s16)net_get16(r + 1);
		u32 ack = c.snd_nxt + (s16)net_get16(r + 3);
		u8 payload[256];
		int n;

		off += 9;
		if (size - off < (size_t)olen + dlen)
			break;
		/* The data: each byte its sequence number's low byte */
		for (int i = 0; i < dlen; i++)
			payload[i] = (u8)(seq + i);
		n = build(seg, flags, seq, ack, net_get16(r + 5), data + off,
			  olen, payload, dlen);
		off += olen + dlen;
		if (c.state != TCP_SYN_SENT && !s.started) {
			s.next = c.rcv_nxt;
			s.started = true;
		}
		tcp_input(&c, PEER, ME, seg, n, false);
		if (c.state != TCP_SYN_SENT && !s.started) {
			s.next = c.rcv_nxt;
			s.started = true;
		}
		if (c.nooo > TCP_OOO_MAX || c.ooo_bytes > 2 * 1024 * 1024)
			__builtin_trap();
		for (unsigned int i = 1; i < c.nooo; i++)
			if ((s32)(c.ooo[i].seq - c.ooo[i - 1].seq) < 0)
				__builtin_trap();
	}
	while (c.nooo)
		free(c.ooo[--c.nooo].data);
	return 0;
}
