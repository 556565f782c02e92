// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The stack's internal interface (net/ only). One struct net_if describes
 * the interface in use during a command: its device, addresses, ARP cache,
 * reassembly buffer, transmit buffers and the protocol handler listening.
 * Protocols keep their own state in their own struct (struct dhcp_op,
 * struct tftp_op, struct ping_op) and register a handler for the time of
 * one operation.
 */
#ifndef __NET_CORE_H
#define __NET_CORE_H

#include <compiler.h>
#include <net.h>
#include <time.h>

#define IP_HLEN			20
#define UDP_HLEN		8
#define IP_PROTO_ICMP		1
#define IP_PROTO_UDP		17
#define IP_BCAST		0xffffffffU
#define NET_UDP_OFF		(ETH_HLEN + IP_HLEN + UDP_HLEN)
#define NET_UDP_MAX		(ETH_MTU - IP_HLEN - UDP_HLEN)

/* Messages remote traffic causes: this many per second, the rest counted */
#define NET_MSG_BURST		5
#define NET_MSG_WINDOW_US	1000000

#define ARP_CACHE_SIZE		4
#define ARP_TIMEOUT_MS		500
#define ARP_TRIES		5

/** struct ipv4_hdr - a parsed IPv4 header (host order) */
struct ipv4_hdr {
	u8 hlen;		/* bytes */
	u8 proto;
	u8 ttl;
	bool more_frags;
	u16 total;		/* bytes, header included */
	u16 id;
	u16 frag_off;		/* bytes */
	u32 src, dst;
};

/** struct udp_hdr - a parsed UDP header (host order) */
struct udp_hdr {
	u16 sport, dport;
	u16 len;		/* payload bytes */
};

struct arp_entry {
	u32 ip;
	u8 mac[ETH_ALEN];
	bool valid;
};

/** struct ip_reasm - one datagram being reassembled (RFC 791 §3.2) */
struct ip_reasm {
	bool active;
	u32 src, dst;
	u16 id;
	u8 proto;
	u32 total;		/* payload size, once the last piece came */
	u32 have;		/* payload bytes received */
	u32 max_end;		/* end of the furthest piece received */
	u32 pieces;
	u64 start_us;
	u32 sum;		/* Internet checksum sum of the pieces */
	struct {
		u32 off, end;
	} piece[CONFIG_NET_REASM_PIECES];	/* what arrived, to refuse overlaps */
	u8 space[CONFIG_NET_REASM_MAX + 8] __aligned(8);
};

/*
 * The reassembled payload starts 4 bytes into an 8-byte word, as a
 * fragment's payload does in the receive buffer: fragments then move in
 * whole words, and so does the TFTP data behind the UDP and TFTP headers.
 */
static inline u8 *reasm_buf(struct ip_reasm *r)
{
	return r->space + 4;
}

typedef void (*udp_handler_t)(void *ctx, u32 src_ip, const struct udp_hdr *u,
			      const u8 *data);
typedef void (*icmp_handler_t)(void *ctx, u32 src_ip, const u8 *msg,
			       int len);

#ifdef CONFIG_NET_PROFILE
#define NET_PROFILE	1
#else
#define NET_PROFILE	0
#endif

/**
 * struct net_profile - where the time between frames goes
 * (CONFIG_NET_PROFILE): for each frame sent, the time from the last frame
 * received to the send (Ember's own work), the send itself (for
 * virtio-net, the notification: a trap into QEMU), and from the send to
 * the next frame received (the other side: QEMU, the server)
 */
struct net_profile {
	u64 last_rx_us, sent_us;
	u64 work_us, send_us, answer_us;
	u32 sends, answers;
	bool waiting;
};

/** struct net_msg_limit - rate of messages caused by remote traffic */
struct net_msg_limit {
	u64 window_us;		/* start of the current second */
	u32 printed;		/* in it */
	u32 suppressed;		/* since the last report */
};

struct net_if {
	struct udevice *dev;
	u8 mac[ETH_ALEN];
	u32 ip, mask, gw;
	struct arp_entry arp[ARP_CACHE_SIZE];
	unsigned int arp_next;
	struct ip_reasm reasm;
	udp_handler_t udp_rx;
	icmp_handler_t icmp_rx;	/* echo replies and errors */
	void *ctx;
	const u8 *rx_src;	/* source MAC of the frame being handled */
	bool in_rx;		/* inside net_rx_frame(): no waiting */
	u32 rx_frames, rx_dropped;
	struct poll_pace console;	/* net_poll()'s Ctrl-C checks */
	struct net_msg_limit msgs;	/* net_remote_msg() */
	struct net_profile prof;	/* CONFIG_NET_PROFILE */
	u8 tx[PKTBUFSZ];	/* the operation's packets */
	u8 reply[PKTBUFSZ];	/* answers sent while receiving */
};

/* net.c */
/**
 * net_start() - a new interface state for one operation: the active
 * ethernet device, started, with 'ipaddr', 'netmask' and 'gatewayip' read
 * Return: 0 or errno (with a message)
 */
int net_start(struct net_if **nifp);
/** net_profile_show() - print @nif's profile (CONFIG_NET_PROFILE) */
void net_profile_show(struct net_if *nif);
/** net_stop() - stop the device and free @nif (may be NULL) */
void net_stop(struct net_if *nif);
/**
 * net_poll() - handle the frames waiting (at most a few), then relax
 * Return: 0, -EINTR on Ctrl-C, or the device's error
 */
int net_poll(struct net_if *nif);
/**
 * net_wait() - poll until @done(@ctx) is true, bounded by @timeout_us and
 * by POLL_MAX_STEPS polls
 * Return: 0, -ETIMEDOUT, -EINTR (Ctrl-C) or the device's error
 */
int net_wait(struct net_if *nif, bool (*done)(void *ctx), void *ctx,
	     u64 timeout_us);
/** net_rx_frame() - parse one received frame and dispatch it */
void net_rx_frame(struct net_if *nif, const u8 *frame, int len);
/** net_send_eth() - fill the Ethernet header of @buf and send it */
int net_send_eth(struct net_if *nif, u8 *buf, const u8 *dst, u16 type,
		 int len);
/**
 * ip_is_host() - whether @ip can be a host's own address: not 0.0.0.0/8
 * ("this network"), 127/8 (loopback), 224/4 (multicast) or 240/4
 * (reserved, and the limited broadcast), RFC 1122 §3.2.1.3 and RFC 6890
 */
static inline bool ip_is_host(u32 ip)
{
	u8 first = ip >> 24;

	return first && first != 127 && first < 224;
}

/** ip_is_subnet_bcast() - @ip is the broadcast address of @nif's subnet */
static inline bool ip_is_subnet_bcast(const struct net_if *nif, u32 ip)
{
	u32 host = ~nif->mask;

	return nif->ip && host > 1 && (ip & host) == host &&
	       !((ip ^ nif->ip) & nif->mask);
}

/**
 * net_jitter_us() - @us, moved at random by up to @percent either way, so
 * that machines started together do not retransmit together
 */
u64 net_jitter_us(u64 us, unsigned int percent);

/**
 * net_remote_msg() - print a message that remote traffic caused, at most
 * NET_MSG_BURST a second; the others are counted and the count is printed
 * with the next message let through and by net_stop()
 */
void net_remote_msg(struct net_if *nif, const char *fmt, ...) __printf(2, 3);

/** net_checksum() - Internet checksum (RFC 1071) continued from @sum */
u16 net_checksum(const void *data, int len, u32 sum);
u32 net_checksum_add(const void *data, int len, u32 sum);
/**
 * net_copy_checksum() - memcpy() @len bytes and return their sum as
 * net_checksum_add(@src, @len, 0) would, reading them once
 */
u32 net_copy_checksum(void *dst, const void *src, int len);

/* arp.c */
/**
 * arp_resolve() - the MAC address of next hop for @ip: broadcast, cache,
 * or ARP requests with ARP_TRIES tries of ARP_TIMEOUT_MS
 * Return: 0, -ETIMEDOUT, -ENETUNREACH (off-link, no gateway), -EINTR
 */
int arp_resolve(struct net_if *nif, u32 ip, u8 mac[ETH_ALEN]);
void arp_rx(struct net_if *nif, const u8 *pkt, int len);
void arp_learn(struct net_if *nif, u32 ip, const u8 *mac);

/* ip.c */
/** ipv4_parse() - check and parse an IPv4 header; 0 or -EINVAL */
int ipv4_parse(const u8 *pkt, int len, struct ipv4_hdr *h);
void ipv4_rx(struct net_if *nif, const u8 *pkt, int len);
/**
 * ipv4_reasm_add() - add one fragment (payload @data of @h) to the
 * datagram being reassembled
 * Return: the complete payload length (data in reasm_buf(&nif->reasm)), 0 when
 * pieces are missing, or -EINVAL / -EMSGSIZE / -E2BIG when it was dropped
 */
int ipv4_reasm_add(struct net_if *nif, const struct ipv4_hdr *h,
		   const u8 *data);
/**
 * net_send_ip() - send the @len payload bytes at buf + ETH_HLEN + IP_HLEN
 * to @dst (resolving its MAC); 0 or errno
 */
int net_send_ip(struct net_if *nif, u8 *buf, u32 dst, u8 proto, int len);
/**
 * udp_parse() - check length and checksum of a UDP datagram
 * @data_sum: NULL, or the checksum sum (net_checksum_add()) of all @len
 *	bytes at @pkt, already taken while they were copied
 */
int udp_parse(u32 src, u32 dst, const u8 *pkt, int len, struct udp_hdr *u,
	      const u32 *data_sum);
/** net_send_udp() - send @len bytes at nif->tx + NET_UDP_OFF */
int net_send_udp(struct net_if *nif, u32 dst, u16 sport, u16 dport, int len);
void icmp_rx(struct net_if *nif, const struct ipv4_hdr *h, const u8 *pkt,
	     int len);

/* dhcp.c */
/** struct dhcp_lease - what an OFFER or ACK said */
struct dhcp_lease {
	u8 type;
	u32 yiaddr, siaddr, mask, router, dns, server_id, tftp_ip;
	char bootfile[128];
};

/**
 * dhcp_parse() - check a BOOTP/DHCP reply (@len bytes of UDP payload) for
 * transaction @xid and hardware address @mac, and read its fields and
 * options. Return: 0 or -EINVAL
 */
int dhcp_parse(const u8 *m, int len, u32 xid, const u8 *mac,
	       struct dhcp_lease *l);
/**
 * dhcp_check_lease() - whether an OFFER (@offer NULL) or the ACK to @offer
 * can be taken (RFC 2131 §4.3.1, §4.4.1): a host address in a subnet with
 * a contiguous mask, a router that can be a host, a server identifier,
 * and for an ACK, the server and address of the offer
 * Return: NULL, or why not
 */
const char *dhcp_check_lease(const struct dhcp_lease *l,
			     const struct dhcp_lease *offer);

/* tftp.c */
/*
 * The pieces of a transfer, for unit tests and fuzz harnesses (net_tftp()
 * drives the same): tftp_op_new() makes a transfer of @file to @addr from
 * @server on @nif that waits for the server's first answer, without
 * sending anything (NULL without memory; free() it); tftp_op_port() is its
 * local port; tftp_rx() is its UDP handler (nif->udp_rx, ctx = the op);
 * tftp_timeout() is what happens when a wait runs out: the request or the
 * last ACK again, or -ETIMEDOUT after CONFIG_NET_TFTP_TRIES in a row.
 */
struct tftp_op;
struct tftp_op *tftp_op_new(struct net_if *nif, ulong addr, u32 server,
			    const char *file);
u16 tftp_op_port(const struct tftp_op *op);
void tftp_rx(void *ctx, u32 src, const struct udp_hdr *u, const u8 *p);
int tftp_timeout(struct tftp_op *op);

/**
 * tftp_parse_oack() - read the options of an OACK (@len bytes after the
 * opcode) into the values asked for; an option not asked for, or a value
 * larger than asked, is -EINVAL (RFC 2347)
 */
int tftp_parse_oack(const u8 *p, int len, u32 *blksize, u32 *windowsize,
		    u64 *tsize, bool *has_tsize);

#endif
