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
#define IP_PROTO_TCP		6
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
	bool own;	/* resolved for the operation's own traffic: kept */
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
/*
 * A TCP segment, @len bytes of IP payload from @src_ip to @dst_ip;
 * @csum_ok: the device vouched for its checksum (ETH_RX_CSUM_OK)
 */
typedef void (*tcp_handler_t)(void *ctx, u32 src_ip, u32 dst_ip,
			      const u8 *seg, int len, bool csum_ok);
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
	u32 arp_want;		/* the address arp_resolve() waits for, or 0 */
	struct ip_reasm reasm;
	udp_handler_t udp_rx;
	icmp_handler_t icmp_rx;	/* echo replies and errors */
	tcp_handler_t tcp_rx;	/* segments (net/tcp.c) */
	void *ctx;
	const u8 *rx_src;	/* source MAC of the frame being handled */
	unsigned int rx_flags;	/* its ETH_RX_* flags */
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
/**
 * net_rx_frame() - parse one received frame, with its ETH_RX_* @flags
 * (kept in nif->rx_flags while it is handled), and dispatch it
 */
void net_rx_frame(struct net_if *nif, const u8 *frame, int len,
		  unsigned int flags);
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
 * net_warn_predictable() - call before drawing transaction IDs or ports
 * from lib/rand.c: when no RNG device seeded it, say once per boot that
 * they are predictable
 */
void net_warn_predictable(void);

/* progress.c: how a download shows itself (tftpboot, wget) */
/*
 * A mark per 64 KiB, 65 marks a row as U-Boot's rows (whose marks are per
 * 10 TFTP blocks: for 64 MiB in 1468-byte blocks, 4600 of them against
 * Ember's 1024, and each character is a trap on QEMU's console)
 */
#define NET_HASH_BYTES		(64 * 1024)
#define NET_HASH_ROW		65
/** net_hash_progress() - the marks for @size bytes, *@hashed so far */
void net_hash_progress(u64 *hashed, u64 size);
/**
 * net_transfer_report() - the end of a download of @size bytes to @addr
 * in @us: the rate, 'done', 'Bytes transferred = ...'; filesize and
 * fileaddr set
 */
void net_transfer_report(ulong addr, u64 size, u64 us);

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
/**
 * arp_learn() - enter or update @ip's @mac; a new entry never takes the
 * place of one the operation resolved for itself, unless it is the one
 * arp_resolve() waits for
 */
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
 * to @dst (resolving its MAC); 0 or errno: -EBUSY when the MAC is not
 * cached and the receive path cannot wait for it
 */
int net_send_ip(struct net_if *nif, u8 *buf, u32 dst, u8 proto, int len);
/** net_send_ip_mac() - net_send_ip() to a MAC already known, @mac */
int net_send_ip_mac(struct net_if *nif, u8 *buf, const u8 *mac, u32 dst,
		    u8 proto, int len);
/**
 * net_pseudo_sum() - the sum of the IPv4 pseudo-header UDP and TCP
 * checksums cover (RFC 768, RFC 9293 §3.1), for @len bytes of @proto
 */
u32 net_pseudo_sum(u32 src, u32 dst, u8 proto, int len);
/**
 * udp_parse() - check length and checksum of a UDP datagram
 * @data_sum: NULL, or the checksum sum (net_checksum_add()) of all @len
 *	bytes at @pkt, already taken while they were copied
 * @csum_ok: the device vouched for the checksum (ETH_RX_CSUM_OK): not
 *	checked again
 */
int udp_parse(u32 src, u32 dst, const u8 *pkt, int len, struct udp_hdr *u,
	      const u32 *data_sum, bool csum_ok);
/** net_send_udp() - send @len bytes at nif->tx + NET_UDP_OFF */
int net_send_udp(struct net_if *nif, u32 dst, u16 sport, u16 dport, int len);
void icmp_rx(struct net_if *nif, const struct ipv4_hdr *h, const u8 *pkt,
	     int len);

/* dhcp.c */
#define DHCP_TEXT_MAX		255	/* the longest option value */
#define DHCP_MAX_SIZE		576	/* option 57: the largest reply we take */

/* Message types, option 53 (RFC 2132 §9.6) */
enum { DHCPDISCOVER = 1, DHCPOFFER, DHCPREQUEST, DHCPDECLINE, DHCPACK,
       DHCPNAK };

/* Option 52's value (RFC 2132 §9.3): the BOOTP fields that hold options */
#define DHCP_OVERLOAD_FILE	BIT(0)
#define DHCP_OVERLOAD_SNAME	BIT(1)

/* struct dhcp_lease's @bad: values refused, and so ignored */
#define DHCP_BAD_BOOTFILE	BIT(0)	/* option 67 */
#define DHCP_BAD_FILE		BIT(1)	/* the BOOTP 'file' field */
#define DHCP_BAD_CONFIG		BIT(2)	/* option 209 */
#define DHCP_BAD_PREFIX		BIT(3)	/* option 210 */

/**
 * struct dhcp_lease - what an OFFER or ACK said
 * @overload: option 52: DHCP_OVERLOAD_FILE and/or DHCP_OVERLOAD_SNAME
 * @bad: DHCP_BAD_* for each text that was not printable ASCII
 * @bootfile: option 67, else the BOOTP 'file' field when it holds no
 *	options; "" when neither gave a name
 * @pxe_config: option 209, PXELINUX configuration file (RFC 5071); ""
 * @pxe_prefix: option 210, PXELINUX path prefix (RFC 5071); ""
 */
struct dhcp_lease {
	u8 type, overload, bad;
	u32 yiaddr, siaddr, mask, router, dns, dns2, server_id, tftp_ip;
	char bootfile[DHCP_TEXT_MAX + 1];
	char pxe_config[DHCP_TEXT_MAX + 1];
	char pxe_prefix[DHCP_TEXT_MAX + 1];
};

/**
 * dhcp_parse() - check a BOOTP/DHCP reply (@len bytes of UDP payload) for
 * transaction @xid and hardware address @mac, and read its fields and
 * options: the options field, then, as option 52 says, the 'file' and
 * 'sname' fields (RFC 2131 §4.1), each within its own length. Text
 * options that are not printable ASCII are ignored and marked in @l->bad.
 * Return: 0, or -EINVAL (not ours, or a malformed option list)
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

/* dhcp_pxe.c */
#define DHCP_ARCH_PXE		22	/* IANA: ARM 64-bit, U-Boot-style */
#define DHCP_ARCH_HTTP		24	/* IANA: the same, HTTP boot */
#define UUID_LEN		16
#define UUID_STR_LEN		36
/* Options 93, 94, 97 and 60 at their longest */
#define DHCP_CLIENT_OPTS_MAX	(4 + 5 + 2 + 1 + UUID_LEN + 2 + DHCP_TEXT_MAX)

/**
 * struct dhcp_client - who the client says it is (RFC 4578, RFC 2132
 * §9.13), read from the environment once per 'dhcp'
 * @arch: option 93, client system architecture
 * @http: 'bootp_http' asked for HTTP boot
 * @uuid: option 97's UUID, in the order its text is written
 * @uuid_str: the same as text, lower case
 * @uuid_from_env: @uuid is 'pxeuuid'
 * @vci: option 60, vendor class identifier (@vci_len bytes)
 */
struct dhcp_client {
	u16 arch;
	bool http;
	u8 uuid[UUID_LEN];
	char uuid_str[UUID_STR_LEN + 1];
	bool uuid_from_env;
	u8 vci_len;
	char vci[DHCP_TEXT_MAX + 1];
};

/**
 * dhcp_client_init() - read 'bootp_arch', 'bootp_http', 'bootp_vci' and
 * 'pxeuuid' into @c for the interface whose MAC address is @mac; an
 * invalid value is named in one warning line and the default is used
 */
void dhcp_client_init(struct dhcp_client *c, const u8 *mac);
/**
 * dhcp_client_options() - write options 93, 94, 97 and 60 at @p (room for
 * DHCP_CLIENT_OPTS_MAX bytes). Return: the byte after them
 */
u8 *dhcp_client_options(const struct dhcp_client *c, u8 *p);
/** dhcp_client_export() - set 'pxeuuid' to @c's UUID when it is unset */
void dhcp_client_export(const struct dhcp_client *c);
/**
 * uuid_parse() - read the 8-4-4-4-12 hex digit form of a UUID (either
 * case) into @uuid, bytes in the order written; 0 or -EINVAL
 */
int uuid_parse(const char *s, u8 uuid[UUID_LEN]);
/** uuid_format() - @uuid as 8-4-4-4-12 lower-case hex digits into @buf */
void uuid_format(const u8 uuid[UUID_LEN], char buf[UUID_STR_LEN + 1]);
/**
 * dhcp_send_msg() - send a DISCOVER or REQUEST (@type) of transaction @xid
 * from @nif, as client @c; a REQUEST asks for the address and server of
 * @offer. Return: 0 or net_send_udp()'s errno
 */
int dhcp_send_msg(struct net_if *nif, u8 type, u32 xid,
		  const struct dhcp_client *c, const struct dhcp_lease *offer);

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
