// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The stack's core: bringing the active interface up for one command,
 * polling it and dispatching received Ethernet II frames (IEEE 802.3
 * length frames and VLAN tags are ignored), and the one warning, per
 * boot, that identifiers drawn from lib/rand.c are predictable when no RNG
 * device seeded it. The Internet checksum is checksum.c's.
 */
#define LOG_CATEGORY "net"

#include <command.h>
#include <dm.h>
#include <env.h>
#include <rand.h>
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

int net_start(struct net_if **nifp)
{
	struct net_if *nif;
	int ret;

	nif = calloc(1, sizeof(*nif));
	if (!nif)
		return -ENOMEM;
	nif->console = POLL_PACE(PACE_NET);
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

u64 net_jitter_us(u64 us, unsigned int percent)
{
	u64 span = us * percent / 100;

	return us - span + rand_below(min_t(u64, 2 * span, 0xffffffffU));
}

void net_warn_predictable(void)
{
	static bool warned;

	if (warned || rand_seeded_from_device())
		return;
	warned = true;
	printf("Warning: no RNG device: DHCP and DNS IDs, ports and TCP sequence numbers are predictable\n");
}

static void report_suppressed(struct net_msg_limit *m)
{
	if (!m->suppressed)
		return;
	printf("(%u more such message%s suppressed)\n", m->suppressed,
	       m->suppressed == 1 ? "" : "s");
	m->suppressed = 0;
}

void net_remote_msg(struct net_if *nif, const char *fmt, ...)
{
	struct net_msg_limit *m = &nif->msgs;
	u64 now = timer_get_us();
	va_list ap;

	if (!m->window_us || now - m->window_us >= NET_MSG_WINDOW_US) {
		m->window_us = now;
		m->printed = 0;
	}
	if (m->printed >= NET_MSG_BURST) {
		m->suppressed++;
		return;
	}
	m->printed++;
	report_suppressed(m);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void net_stop(struct net_if *nif)
{
	if (!nif)
		return;
	report_suppressed(&nif->msgs);
	eth_stop(nif->dev);
	free(nif);
}

void net_rx_frame(struct net_if *nif, const u8 *frame, int len,
		  unsigned int flags)
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
	nif->rx_flags = flags;
	nif->in_rx = true;
	if (type == ETH_P_ARP)
		arp_rx(nif, frame + ETH_HLEN, len - ETH_HLEN);
	else if (type == ETH_P_IP)
		ipv4_rx(nif, frame + ETH_HLEN, len - ETH_HLEN);
	else
		nif->rx_dropped++;
	nif->in_rx = false;
	nif->rx_flags = 0;
}

static void rx_handler(void *ctx, const u8 *frame, int len,
		       unsigned int flags)
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
	net_rx_frame(nif, frame, len, flags);
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
		/* A misbehaving device (-EIO) was reported where it was seen */
		if (ret != -EIO)
			dev_err(nif->dev, "receive failed: %d (%s)\n", ret,
				errno_str(ret));
		return ret;
	}
	if (pace_ctrlc(&nif->console))
		return -EINTR;
	cpu_relax();
	return 0;
}

int net_wait(struct net_if *nif, bool (*done)(void *ctx), void *ctx,
	     u64 timeout_us)
{
	struct poll_pace pace = POLL_PACE(PACE_NET);
	int ret;

	pace_start(&pace);
	while (!done(ctx)) {
		if (pace_elapsed(&pace, timeout_us))
			return done(ctx) ? 0 : -ETIMEDOUT;
		ret = net_poll(nif);
		if (ret)
			return ret;
	}
	return 0;
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
