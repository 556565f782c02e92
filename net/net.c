// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The stack's core: bringing the active interface up for one command,
 * polling it, dispatching received Ethernet II frames (IEEE 802.3 length
 * frames and VLAN tags are ignored) and the Internet checksum (RFC 1071).
 */
#define LOG_CATEGORY "net"

#include <command.h>
#include <dm.h>
#include <env.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "net_core.h"

#define NET_POLL_FRAMES	16	/* frames handled per net_poll() */

int string_to_ip(const char *s, u32 *ipp)
{
	u32 ip = 0;

	for (int i = 0; i < 4; i++) {
		unsigned int v = 0, digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + *s++ - '0';
			digits++;
		}
		if (!digits || digits > 3 || v > 255)
			return -EINVAL;
		ip = ip << 8 | v;
		if (*s != (i == 3 ? '\0' : '.'))
			return -EINVAL;
		s++;
	}
	*ipp = ip;
	return 0;
}

char *ip_to_string(u32 ip, char *buf)
{
	sprintf(buf, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xff,
		(ip >> 8) & 0xff, ip & 0xff);
	return buf;
}

u32 net_env_get_ip(const char *name)
{
	const char *s = env_get(name);
	u32 ip;

	return s && !string_to_ip(s, &ip) ? ip : 0;
}

void net_env_set_ip(const char *name, u32 ip)
{
	char buf[16];

	env_set(name, ip ? ip_to_string(ip, buf) : NULL);
}

/*
 * RFC 1071 sums are independent of byte order (§2(B)): add the data as
 * little-endian words into 64 bits, fold, then swap the 16-bit result into
 * network order. Eight bytes a step (two 32-bit halves, so the 64-bit sum
 * cannot overflow for any datagram) once the pointer is aligned.
 */
u32 net_checksum_add(const void *data, int len, u32 sum)
{
	const u8 *p = data;
	u64 acc = 0;

	if (len > 1 && ((uintptr_t)p & 1)) {
		/* Odd start: the byte-wise way keeps the pairing right */
		for (; len > 1; len -= 2, p += 2)
			sum += p[0] << 8 | p[1];
		return len > 0 ? sum + (p[0] << 8) : sum;
	}
	if (len > 1 && ((uintptr_t)p & 2)) {
		acc += *(const u16 *)p;
		p += 2;
		len -= 2;
	}
	if (len >= 4 && ((uintptr_t)p & 4)) {
		acc += *(const u32 *)p;
		p += 4;
		len -= 4;
	}
	for (; len >= 16; len -= 16, p += 16) {
		u64 a = *(const u64 *)p, b = *(const u64 *)(p + 8);

		acc += (u32)a + (a >> 32) + (u32)b + (b >> 32);
	}
	for (; len >= 4; len -= 4, p += 4)
		acc += *(const u32 *)p;
	if (len >= 2) {
		acc += *(const u16 *)p;
		p += 2;
		len -= 2;
	}
	if (len)
		acc += *p;	/* low byte in memory order: high byte on the wire */
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return sum + __builtin_bswap16((u16)acc);
}

u32 net_copy_checksum(void *dst, const void *src, int len)
{
	const u8 *s = src;
	u8 *d = dst;
	u64 acc = 0;

	/* Both ends must reach 8-byte alignment together, from an even start */
	if (len < 16 || ((uintptr_t)s & 1) || (((uintptr_t)s ^ (uintptr_t)d) & 7)) {
		memcpy(dst, src, len);
		return net_checksum_add(src, len, 0);
	}
	if ((uintptr_t)s & 2) {
		*(u16 *)d = *(const u16 *)s;
		acc += *(const u16 *)s;
		s += 2;
		d += 2;
		len -= 2;
	}
	if ((uintptr_t)s & 4) {
		*(u32 *)d = *(const u32 *)s;
		acc += *(const u32 *)s;
		s += 4;
		d += 4;
		len -= 4;
	}
	for (; len >= 16; len -= 16, s += 16, d += 16) {
		u64 a = *(const u64 *)s, b = *(const u64 *)(s + 8);

		*(u64 *)d = a;
		*(u64 *)(d + 8) = b;
		acc += (u32)a + (a >> 32) + (u32)b + (b >> 32);
	}
	memcpy(d, s, len);
	acc += __builtin_bswap16(net_checksum_add(s, len, 0));
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return __builtin_bswap16((u16)acc);
}

u16 net_checksum(const void *data, int len, u32 sum)
{
	sum = net_checksum_add(data, len, sum);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

int net_start(struct net_if **nifp)
{
	struct net_if *nif;
	int ret;

	nif = calloc(1, sizeof(*nif));
	if (!nif)
		return -ENOMEM;
	ret = eth_get_dev(&nif->dev);
	if (!ret)
		ret = eth_start(nif->dev);
	if (ret) {
		free(nif);
		return ret;
	}
	memcpy(nif->mac, eth_get_ethaddr(nif->dev), ETH_ALEN);
	nif->ip = net_env_get_ip("ipaddr");
	nif->mask = net_env_get_ip("netmask");
	nif->gw = net_env_get_ip("gatewayip");
	if (!nif->mask)
		nif->mask = 0xffffff00;
	*nifp = nif;
	return 0;
}

void net_stop(struct net_if *nif)
{
	if (!nif)
		return;
	eth_stop(nif->dev);
	free(nif);
}

void net_rx_frame(struct net_if *nif, const u8 *frame, int len)
{
	static const u8 bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	u16 type;

	nif->rx_frames++;
	if (len < ETH_HLEN) {
		nif->rx_dropped++;
		return;
	}
	if (memcmp(frame, nif->mac, ETH_ALEN) &&
	    memcmp(frame, bcast, ETH_ALEN)) {
		nif->rx_dropped++;	/* not for us (multicast included) */
		return;
	}
	type = net_get16(frame + 12);
	nif->rx_src = frame + ETH_ALEN;
	nif->in_rx = true;
	if (type == ETH_P_ARP)
		arp_rx(nif, frame + ETH_HLEN, len - ETH_HLEN);
	else if (type == ETH_P_IP)
		ipv4_rx(nif, frame + ETH_HLEN, len - ETH_HLEN);
	else
		nif->rx_dropped++;
	nif->in_rx = false;
}

static void rx_handler(void *ctx, const u8 *frame, int len)
{
	struct net_if *nif = ctx;

	if (NET_PROFILE) {
		struct net_profile *p = &nif->prof;

		p->last_rx_us = timer_get_us();
		if (p->waiting) {
			p->answer_us += p->last_rx_us - p->sent_us;
			p->answers++;
			p->waiting = false;
		}
	}
	net_rx_frame(nif, frame, len);
}

void net_profile_show(struct net_if *nif)
{
	struct net_profile *p = &nif->prof;

	if (!NET_PROFILE || !p->sends || !p->answers)
		return;
	printf("\nprofile: %u frames sent; per frame: %llu ns from the frame received before it, %llu ns sending, %llu ns to the next frame received\n",
	       p->sends, (unsigned long long)(p->work_us * 1000 / p->sends),
	       (unsigned long long)(p->send_us * 1000 / p->sends),
	       (unsigned long long)(p->answer_us * 1000 / p->answers));
}

int net_poll(struct net_if *nif)
{
	int ret = 0;

	for (int i = 0; i < NET_POLL_FRAMES; i++) {
		ret = eth_recv(nif->dev, rx_handler, nif);
		if (ret <= 0)
			break;
	}
	if (ret < 0) {
		dev_err(nif->dev, "receive failed: %d (%s)\n", ret,
			errno_str(ret));
		return ret;
	}
	/*
	 * The console is read on every 64th pass: under QEMU each UART read
	 * is a trap that takes the lock QEMU needs to deliver the next frame
	 */
	if (!(++nif->polls % 64) && ctrlc())
		return -EINTR;
	cpu_relax();
	return 0;
}

int net_wait(struct net_if *nif, bool (*done)(void *ctx), void *ctx,
	     u64 timeout_us)
{
	u64 deadline = timer_get_us() + timeout_us;
	int ret;

	for (u64 steps = 0; steps < POLL_MAX_STEPS; steps++) {
		if (done(ctx))
			return 0;
		/* Every 64th pass: each clock read traps in QEMU */
		if (!(steps % 64) && timer_get_us() > deadline)
			break;
		ret = net_poll(nif);
		if (ret)
			return ret;
	}
	return done(ctx) ? 0 : -ETIMEDOUT;
}

int net_send_eth(struct net_if *nif, u8 *buf, const u8 *dst, u16 type,
		 int len)
{
	struct net_profile *p = &nif->prof;
	u64 t0;
	int ret;

	memcpy(buf, dst, ETH_ALEN);
	memcpy(buf + ETH_ALEN, nif->mac, ETH_ALEN);
	net_put16(buf + 12, type);
	if (!NET_PROFILE)
		return eth_send(nif->dev, buf, ETH_HLEN + len);
	t0 = timer_get_us();
	ret = eth_send(nif->dev, buf, ETH_HLEN + len);
	p->sent_us = timer_get_us();
	if (p->last_rx_us)
		p->work_us += t0 - p->last_rx_us;
	p->send_us += p->sent_us - t0;
	p->sends++;
	p->waiting = true;
	return ret;
}
