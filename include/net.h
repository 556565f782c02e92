// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Networking: the ethernet uclass (drivers/net/eth-uclass.c) and the small
 * IPv4 stack over it (net/): Ethernet II, ARP, IPv4 with reassembly, ICMP
 * echo, UDP, DHCP and TFTP.
 *
 * Everything received is untrusted: parsers take a pointer and a length,
 * check every field against the length before reading it, and return
 * -EINVAL for anything malformed. Multi-byte fields are read and written
 * byte-wise in network order (net_get16() ...), so no header struct needs
 * packing or alignment.
 */
#ifndef __NET_H
#define __NET_H

#include <types.h>

struct udevice;

#define ETH_ALEN		6
#define ETH_HLEN		14
#define ETH_FRAME_MAX		1518	/* with a VLAN tag, without FCS */
#define ETH_MTU			1500
#define ETH_ZLEN		60	/* shortest frame, without FCS */
#define PKTBUFSZ		1536

/*
 * The largest standard frame received: the MTU of the link plus header
 * and tag. A device that coalesces TCP segments (ETH_RX_CSUM_OK) may hand
 * over frames up to the largest IPv4 datagram whatever this is.
 */
#ifdef CONFIG_NET_RX_MTU
#define ETH_RX_FRAME_MAX	(CONFIG_NET_RX_MTU + ETH_HLEN + 4)
#else
#define ETH_RX_FRAME_MAX	ETH_FRAME_MAX
#endif

/*
 * A received frame's flags (eth_ops.recv): ETH_RX_CSUM_OK, the device
 * vouches for the TCP or UDP checksum of the IPv4 datagram the frame
 * holds whole: checked by the host that delivered it, or not computed at
 * all because it never left the host (virtio-net's DATA_VALID and
 * NEEDS_CSUM). Such a frame may also be larger than the link's MTU: the
 * host's coalesced segments (GUEST_TSO4).
 */
#define ETH_RX_CSUM_OK		0x1

#define ETH_P_IP		0x0800
#define ETH_P_ARP		0x0806

/**
 * struct eth_ops - what an ethernet driver implements
 * @start: bring the interface up; 0 or errno (-ENETDOWN: no link)
 * @stop: quiesce it (optional)
 * @send: transmit one frame (@len without FCS); 0 or errno
 * @recv: the next received frame: its length with *@packetp pointing into
 *        the driver's buffer and *@flagsp its ETH_RX_* flags, -EAGAIN
 *        when there is none, or errno. The buffer stays the caller's
 *        until free_pkt().
 * @free_pkt: hand a buffer from recv() back (optional)
 * @read_rom_hwaddr: the MAC address the hardware has (optional); 0, or
 *        -ENOENT when it has none
 */
struct eth_ops {
	int (*start)(struct udevice *dev);
	void (*stop)(struct udevice *dev);
	int (*send)(struct udevice *dev, const void *packet, int len);
	int (*recv)(struct udevice *dev, u8 **packetp, unsigned int *flagsp);
	int (*free_pkt)(struct udevice *dev, u8 *packet, int len);
	int (*read_rom_hwaddr)(struct udevice *dev, u8 mac[ETH_ALEN]);
};

/** struct eth_uc_priv - the uclass's data for each ethernet device */
struct eth_uc_priv {
	u8 enetaddr[ETH_ALEN];
	bool running;
	const char *mac_from;	/* "rom", "env", "random" */
};

/**
 * eth_get_dev() - the active interface, probed: 'ethact' names it, else
 * 'ethprime', else the first that probes; sets 'ethact'
 * Return: 0, -ENODEV when there is none, or the probe error
 */
int eth_get_dev(struct udevice **devp);
/** eth_start() - start @dev (no-op when running); 0 or errno */
int eth_start(struct udevice *dev);
void eth_stop(struct udevice *dev);
/** eth_send() - send @len bytes (padded to ETH_ZLEN); 0 or errno */
int eth_send(struct udevice *dev, void *packet, int len);
/**
 * eth_recv() - poll for one frame and pass it to @handler with its
 * ETH_RX_* flags, then give the buffer back.
 * Return: 1 when a frame was handled, 0 when none, or errno
 */
int eth_recv(struct udevice *dev,
	     void (*handler)(void *ctx, const u8 *frame, int len,
			     unsigned int flags), void *ctx);
/** eth_get_ethaddr() - the MAC address of a probed device */
const u8 *eth_get_ethaddr(struct udevice *dev);

/**
 * net_ping() - send one ICMP echo request to @dst and wait for the reply
 * Return: 0, -ETIMEDOUT, -EINTR (Ctrl-C), -EINVAL (no 'ipaddr'), or the
 * interface's error
 */
int net_ping(u32 dst, unsigned int timeout_ms);
/**
 * net_dhcp() - configure the interface by DHCP (RFC 2131) and set
 * 'ipaddr', 'netmask', 'gatewayip', 'dnsip', 'serverip' and 'bootfile';
 * set or clear 'pxelinux_configfile' and 'pxelinux_pathprefix' (options
 * 209, 210), and set 'pxeuuid' when it is unset. The requests say who the
 * client is as 'bootp_arch', 'bootp_vci', 'bootp_http' and 'pxeuuid' ask
 * (doc/usage/net.md)
 * Return: 0, -ETIMEDOUT, -EINTR, or the interface's error
 */
int net_dhcp(void);
/**
 * net_tftp() - load @file from @server by TFTP to @addr; sets 'filesize'
 * and 'fileaddr'
 * Return: 0, -ETIMEDOUT, -EINTR, mem_check_load()'s error (outside RAM
 * or over Ember),
 * -ECONNREFUSED (the server sent an error), or the interface's error
 */
int net_tftp(ulong addr, u32 server, const char *file, ulong *sizep);

/**
 * net_wget() - load @url (http://...) over HTTP to @addr, following
 * redirects; sets 'filesize' and 'fileaddr'
 * Return: 0, or -errno (said): the URL's, DNS's, the connection's, the
 * response's (-EBADMSG, -E2BIG: no room), -ENOENT (an HTTP error status),
 * -ELOOP (too many redirects)
 */
int net_wget(ulong addr, const char *url, ulong *sizep);

/**
 * dns_resolve() - the IPv4 address of host @name: @name itself when it is
 * a dotted quad, else the A record (CNAMEs followed) the DNS server in
 * 'dnsip' (then 'dnsip2') answers with (net/dns.c). A failure is said.
 * Return: 0; -EINVAL (not a valid host name, no 'dnsip' or 'ipaddr'),
 * -ENAMETOOLONG, -ENOENT (no such name, or no address), -ECONNREFUSED
 * (the server answered with an error), -EMSGSIZE (a truncated answer),
 * -EBADMSG or -E2BIG (a malformed answer, a CNAME loop or too long a
 * chain), -ETIMEDOUT, -EINTR, or the interface's error
 */
int dns_resolve(const char *name, u32 *ipp);

/* Byte-wise network-order access */
static inline u16 net_get16(const u8 *p) { return p[0] << 8 | p[1]; }
static inline u32 net_get32(const u8 *p)
{
	return (u32)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}
static inline void net_put16(u8 *p, u16 v) { p[0] = v >> 8; p[1] = v; }
static inline void net_put32(u8 *p, u32 v)
{
	p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

/** string_to_ip() - parse dotted quad @s; 0 or -EINVAL */
int string_to_ip(const char *s, u32 *ipp);
/** ip_to_string() - format @ip into @buf (at least 16 bytes) */
char *ip_to_string(u32 ip, char *buf);
/** net_env_get_ip() - parse variable @name; 0 when unset or invalid */
u32 net_env_get_ip(const char *name);
void net_env_set_ip(const char *name, u32 ip);
/** eth_parse_mac() - parse "aa:bb:cc:dd:ee:ff"; 0 or -EINVAL */
int eth_parse_mac(const char *s, u8 mac[ETH_ALEN]);

#endif
