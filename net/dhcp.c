// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * DHCP client (RFC 2131, options from RFC 2132): DISCOVER, OFFER, REQUEST,
 * ACK, with CONFIG_NET_DHCP_TRIES tries whose timeout doubles from one
 * second, each moved at random by up to half (RFC 2131 §4.1, so that a
 * fleet started together does not retry in step). The transaction ID is
 * random (lib/rand.c). A NAK starts again from DISCOVER. Replies are
 * checked for our transaction ID and hardware address, and options are
 * read within the message's length only. An offer must name its server
 * and give an address a host can have; the ACK must come from that server
 * for that address (dhcp_check_lease()). Offers refused are reported, at
 * most a few a second (net_remote_msg()).
 *
 * Requests carry the PXE client options of dhcp_pxe.c and ask for the
 * boot server and file (66, 67) and PXELINUX's configuration file and
 * path prefix (209, 210, RFC 5071). Replies are read whole: the options
 * field, then the BOOTP 'file' and 'sname' fields when option 52 says
 * they hold options (RFC 2131 §4.1, RFC 2132 §9.3), each bounded by its
 * own length. Text options must be printable ASCII (trailing NULs are
 * dropped, RFC 2132 §2); any other value is ignored, and reported once
 * the ACK is taken.
 */
#define LOG_CATEGORY "dhcp"

#include <env.h>
#include <rand.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "net_core.h"

#define BOOTP_SERVER	67
#define BOOTP_CLIENT	68
#define BOOTP_FIXED	236
#define BOOTP_SNAME	44	/* and its length */
#define BOOTP_SNAME_LEN	64
#define BOOTP_FILE	108
#define BOOTP_FILE_LEN	128
#define DHCP_MAGIC	0x63825363
#define DHCP_MIN_LEN	(BOOTP_FIXED + 4)

#define OPT_PAD		0
#define OPT_MASK	1
#define OPT_ROUTER	3
#define OPT_DNS		6
#define OPT_REQ_IP	50
#define OPT_OVERLOAD	52
#define OPT_TYPE	53
#define OPT_SERVER_ID	54
#define OPT_PARAMS	55
#define OPT_MAX_SIZE	57
#define OPT_TFTP_NAME	66
#define OPT_BOOTFILE	67
#define OPT_PXE_CONFIG	209
#define OPT_PXE_PREFIX	210
#define OPT_END		255

/* BOOTP's smallest message, kept for old servers and relays */
#define BOOTP_MIN_LEN	300

struct dhcp_op {
	struct net_if *nif;
	u32 xid;
	u8 want;		/* DHCPOFFER or DHCPACK */
	u8 waiting;		/* what the current exchange waits for */
	bool got;
	struct dhcp_client client;
	struct dhcp_lease lease;
};

static u8 *put_opt(u8 *p, u8 code, const void *data, u8 len)
{
	*p++ = code;
	*p++ = len;
	memcpy(p, data, len);
	return p + len;
}

static const u8 dhcp_params[] = { OPT_MASK, OPT_ROUTER, OPT_DNS,
				  OPT_TFTP_NAME, OPT_BOOTFILE, OPT_PXE_CONFIG,
				  OPT_PXE_PREFIX };

/* The longest message: 53, 57, 55, the client's, 50 and 54, END */
#define DHCP_SEND_MAX	(DHCP_MIN_LEN + 3 + 4 + 2 + sizeof(dhcp_params) + \
			 DHCP_CLIENT_OPTS_MAX + 6 + 6 + 1)

int dhcp_send_msg(struct net_if *nif, u8 type, u32 xid,
		  const struct dhcp_client *c, const struct dhcp_lease *offer)
{
	u8 *m = nif->tx + NET_UDP_OFF, *p, v[4];

	/* No larger than what we take ourselves, nor than a frame */
	BUILD_BUG_ON(DHCP_SEND_MAX > DHCP_MAX_SIZE);
	BUILD_BUG_ON(DHCP_SEND_MAX > NET_UDP_MAX);
	memset(m, 0, DHCP_MIN_LEN);
	m[0] = 1;			/* BOOTREQUEST */
	m[1] = 1;			/* Ethernet */
	m[2] = ETH_ALEN;
	net_put32(m + 4, xid);
	net_put16(m + 10, 0x8000);	/* broadcast replies: no address yet */
	memcpy(m + 28, nif->mac, ETH_ALEN);
	net_put32(m + BOOTP_FIXED, DHCP_MAGIC);
	p = put_opt(m + DHCP_MIN_LEN, OPT_TYPE, &type, 1);
	net_put16(v, DHCP_MAX_SIZE);
	p = put_opt(p, OPT_MAX_SIZE, v, 2);
	p = put_opt(p, OPT_PARAMS, dhcp_params, sizeof(dhcp_params));
	p = dhcp_client_options(c, p);
	if (type == DHCPREQUEST) {
		net_put32(v, offer->yiaddr);
		p = put_opt(p, OPT_REQ_IP, v, 4);
		net_put32(v, offer->server_id);
		p = put_opt(p, OPT_SERVER_ID, v, 4);
	}
	*p++ = OPT_END;
	while (p - m < BOOTP_MIN_LEN)
		*p++ = OPT_PAD;
	return net_send_udp(nif, IP_BCAST, BOOTP_CLIENT, BOOTP_SERVER, p - m);
}

static int dhcp_send(struct dhcp_op *op, u8 type)
{
	return dhcp_send_msg(op->nif, type, op->xid, &op->client, &op->lease);
}

/*
 * Text of @len bytes into @dst (DHCP_TEXT_MAX + 1 bytes): trailing NULs
 * dropped (RFC 2132 §2), then printable ASCII only, at least one
 * character. Return: whether it was taken
 */
static bool take_text(char *dst, const u8 *v, int len)
{
	while (len && !v[len - 1])
		len--;
	if (!len || len > DHCP_TEXT_MAX)
		return false;
	for (int i = 0; i < len; i++) {
		if (v[i] < 0x20 || v[i] > 0x7e)
			return false;
	}
	memcpy(dst, v, len);
	dst[len] = 0;
	return true;
}

/* A text option: the last one given counts, and a bad one counts as none */
static void text_opt(struct dhcp_lease *l, char *dst, u8 bad, const u8 *v,
		     u8 len)
{
	if (take_text(dst, v, len)) {
		l->bad &= ~bad;
	} else {
		dst[0] = 0;
		l->bad |= bad;
	}
}

static void read_opt(struct dhcp_lease *l, u8 code, const u8 *v, u8 len)
{
	u32 *ip = NULL;

	switch (code) {
	case OPT_TYPE:
		l->type = len ? v[0] : 0;
		return;
	case OPT_MASK:
		ip = &l->mask;
		break;
	case OPT_ROUTER:
		ip = &l->router;
		break;
	case OPT_DNS:		/* the first two servers: dnsip, dnsip2 */
		l->dns2 = len >= 8 ? net_get32(v + 4) : 0;
		ip = &l->dns;
		break;
	case OPT_SERVER_ID:
		ip = &l->server_id;
		break;
	case OPT_TFTP_NAME: {
		char name[DHCP_TEXT_MAX + 1];

		/* An address as text; a host name waits for a DNS client */
		if (take_text(name, v, len))
			string_to_ip(name, &l->tftp_ip);
		return;
	}
	case OPT_BOOTFILE:	/* a URL too: kept as it came */
		text_opt(l, l->bootfile, DHCP_BAD_BOOTFILE, v, len);
		return;
	case OPT_PXE_CONFIG:
		text_opt(l, l->pxe_config, DHCP_BAD_CONFIG, v, len);
		return;
	case OPT_PXE_PREFIX:
		text_opt(l, l->pxe_prefix, DHCP_BAD_PREFIX, v, len);
		return;
	}
	if (ip && len >= 4)
		*ip = net_get32(v);
}

/*
 * The options in @len bytes at @p, up to END or the end. Option 52 counts
 * in the options field only (@top): in 'file' or 'sname' it is skipped.
 * Return: 0, or -EINVAL for an option that runs past the end or a bad 52
 */
static int read_opts(struct dhcp_lease *l, const u8 *p, int len, bool top)
{
	const u8 *end = p + len;

	while (p < end && *p != OPT_END) {
		if (*p == OPT_PAD) {
			p++;
			continue;
		}
		if (end - p < 2 || end - p - 2 < p[1])
			return -EINVAL;
		if (p[0] != OPT_OVERLOAD)
			read_opt(l, p[0], p + 2, p[1]);
		else if (p[1] != 1 || p[2] < 1 || p[2] > 3)
			return -EINVAL;
		else if (top)
			l->overload = p[2];
		p += 2 + p[1];
	}
	return 0;
}

int dhcp_parse(const u8 *m, int len, u32 xid, const u8 *mac,
	       struct dhcp_lease *l)
{
	int ret;

	if (len < DHCP_MIN_LEN || m[0] != 2 || m[1] != 1 || m[2] != ETH_ALEN ||
	    net_get32(m + 4) != xid || memcmp(m + 28, mac, ETH_ALEN) ||
	    net_get32(m + BOOTP_FIXED) != DHCP_MAGIC)
		return -EINVAL;
	memset(l, 0, sizeof(*l));
	l->yiaddr = net_get32(m + 16);
	l->siaddr = net_get32(m + 20);
	/* RFC 2131 §4.1: the options field, then 'file', then 'sname' */
	ret = read_opts(l, m + DHCP_MIN_LEN, len - DHCP_MIN_LEN, true);
	if (!ret && (l->overload & DHCP_OVERLOAD_FILE))
		ret = read_opts(l, m + BOOTP_FILE, BOOTP_FILE_LEN, false);
	if (!ret && (l->overload & DHCP_OVERLOAD_SNAME))
		ret = read_opts(l, m + BOOTP_SNAME, BOOTP_SNAME_LEN, false);
	if (ret)
		return ret;
	/* Option 67 wins; 'file' is a name (up to its NUL) unless overloaded */
	if (!l->bootfile[0] && !(l->overload & DHCP_OVERLOAD_FILE) &&
	    m[BOOTP_FILE] &&
	    !take_text(l->bootfile, m + BOOTP_FILE,
		       strnlen((const char *)m + BOOTP_FILE, BOOTP_FILE_LEN)))
		l->bad |= DHCP_BAD_FILE;
	return l->type ? 0 : -EINVAL;
}

/* A mask is ones, then zeros, and leaves room for hosts */
static bool mask_ok(u32 mask)
{
	u32 host = ~mask;

	return mask && host && !(host & (host + 1));
}

const char *dhcp_check_lease(const struct dhcp_lease *l,
			     const struct dhcp_lease *offer)
{
	u32 host = ~l->mask;

	if (!l->server_id)
		return "no server identifier";
	if (!ip_is_host(l->server_id))
		return "server identifier is not a host address";
	if (!ip_is_host(l->yiaddr))
		return "address is not a host address";
	if (l->mask && !mask_ok(l->mask))
		return "subnet mask is not a valid mask";
	/* The subnet's own address and broadcast address are no host's */
	if (l->mask && host > 1 &&
	    ((l->yiaddr & host) == 0 || (l->yiaddr & host) == host))
		return "address is its subnet's network or broadcast address";
	if (l->router && !ip_is_host(l->router))
		return "router is not a host address";
	if (offer && l->server_id != offer->server_id)
		return "from another server than the offer";
	if (offer && l->yiaddr != offer->yiaddr)
		return "for another address than the offer";
	return NULL;
}

/* The texts of the lease taken that were not printable, ignored */
static void report_bad(struct net_if *nif, u8 bad)
{
	static const struct {
		u8 bit;
		const char *what;
	} names[] = {
		{ DHCP_BAD_BOOTFILE, "option 67 (boot file name)" },
		{ DHCP_BAD_FILE, "BOOTP 'file' field" },
		{ DHCP_BAD_CONFIG, "option 209 (PXELINUX configuration file)" },
		{ DHCP_BAD_PREFIX, "option 210 (PXELINUX path prefix)" },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		if (bad & names[i].bit)
			net_remote_msg(nif, "DHCP: %s ignored: not printable ASCII text\n",
				       names[i].what);
	}
}

static void dhcp_rx(void *ctx, u32 src, const struct udp_hdr *u,
		    const u8 *data)
{
	struct dhcp_op *op = ctx;
	struct dhcp_lease l;
	const char *why;
	char a[16], b[16];

	if (u->sport != BOOTP_SERVER || u->dport != BOOTP_CLIENT || op->got ||
	    dhcp_parse(data, u->len, op->xid, op->nif->mac, &l))
		return;
	if (l.type == DHCPNAK && op->want == DHCPACK &&
	    l.server_id == op->lease.server_id) {
		printf("DHCP: server refused the address (NAK)\n");
		op->want = DHCPOFFER;	/* start again */
		return;
	}
	if (l.type != op->want)
		return;
	why = dhcp_check_lease(&l, op->want == DHCPACK ? &op->lease : NULL);
	if (why) {
		net_remote_msg(op->nif, "DHCP: %s of %s from %s ignored: %s\n",
			       op->want == DHCPACK ? "ACK" : "OFFER",
			       ip_to_string(l.yiaddr, a), ip_to_string(src, b),
			       why);
		return;
	}
	if (op->want == DHCPACK)
		report_bad(op->nif, l.bad);
	op->lease = l;
	op->got = true;
}

/* Done: the answer came, or a NAK sent us back to DISCOVER */
static bool dhcp_done(void *ctx)
{
	struct dhcp_op *op = ctx;

	return op->got || op->want != op->waiting;
}

/* One exchange: send @type, wait for op->want; 0, -ETIMEDOUT, -EINTR ... */
static int dhcp_exchange(struct dhcp_op *op, u8 type, u64 us)
{
	int ret;

	op->got = false;
	op->waiting = op->want;
	ret = dhcp_send(op, type);
	if (!ret)
		ret = net_wait(op->nif, dhcp_done, op, us);
	if (ret)
		return ret;
	return op->got ? 0 : -ETIMEDOUT;
}

static void dhcp_apply(const struct dhcp_lease *l,
		       const struct dhcp_client *c, u64 start_us)
{
	char buf[16];
	u32 server = l->tftp_ip ? l->tftp_ip :
		     l->siaddr ? l->siaddr : l->server_id;

	net_env_set_ip("ipaddr", l->yiaddr);
	net_env_set_ip("netmask", l->mask);
	net_env_set_ip("gatewayip", l->router);
	net_env_set_ip("dnsip", l->dns);
	net_env_set_ip("dnsip2", l->dns ? l->dns2 : 0);
	net_env_set_ip("serverip", server);
	if (l->bootfile[0])
		env_set("bootfile", l->bootfile);
	/* Set or cleared: nothing lingers from an earlier lease */
	env_set("pxelinux_configfile", l->pxe_config[0] ? l->pxe_config : NULL);
	env_set("pxelinux_pathprefix", l->pxe_prefix[0] ? l->pxe_prefix : NULL);
	dhcp_client_export(c);
	printf("DHCP client bound to address %s (%llu ms)\n",
	       ip_to_string(l->yiaddr, buf),
	       (unsigned long long)(timer_get_us() - start_us) / 1000);
}

static int dhcp_run(struct dhcp_op *op)
{
	int ret = -ETIMEDOUT;

	for (int t = 0; t < CONFIG_NET_DHCP_TRIES; t++) {
		/* RFC 2131 §4.1: randomised exponential back-off */
		u64 us = net_jitter_us(1000000ULL << min(t, 3), 50);

		printf("BOOTP broadcast %d\n", t + 1);	/* as U-Boot */
		op->want = DHCPOFFER;
		ret = dhcp_exchange(op, DHCPDISCOVER, us);
		if (ret == -ETIMEDOUT)
			continue;
		if (ret)
			return ret;
		op->want = DHCPACK;
		ret = dhcp_exchange(op, DHCPREQUEST, us);
		if (ret != -ETIMEDOUT)
			return ret;
	}
	return ret;
}

int net_dhcp(void)
{
	struct dhcp_op op = { 0 };
	u64 start_us = timer_get_us();
	int ret;

	ret = net_start(&op.nif);
	if (ret)
		return ret;
	op.nif->ip = 0;
	dhcp_client_init(&op.client, op.nif->mac);
	net_warn_predictable();
	/* Unpredictable, so that no other host can answer for the server */
	op.xid = rand_u32();
	op.nif->udp_rx = dhcp_rx;
	op.nif->ctx = &op;
	ret = dhcp_run(&op);
	net_stop(op.nif);
	if (ret == -EINTR)
		printf("DHCP: aborted\n");
	if (ret == -ETIMEDOUT)
		printf("DHCP: no answer after %d tries\n", CONFIG_NET_DHCP_TRIES);
	if (ret)
		return ret;
	dhcp_apply(&op.lease, &op.client, start_us);
	return 0;
}
