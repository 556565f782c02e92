// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Functions of the sandbox virtio device models (the block device has a
 * file of its own, virtio_emul_blk.c):
 * - entropy (ID 4): a predictable byte stream (sandbox_virtio_emul_rng_byte)
 * - network (ID 1): Ethernet frames exchanged with a peer over a host UDP
 *   socket on 127.0.0.1, one frame per datagram: the framing of QEMU's
 *   '-netdev dgram' and '-netdev socket,udp=', so one test peer serves the
 *   sandbox and QEMU. DT: 'ember,udp-ports = <local remote>' (0 0: any
 *   free local port, peer set later by sandbox_virtio_emul_net_peer()),
 *   'ember,mac', 'ember,link-down' (the status reports no link).
 */
#include <asm/os.h>
#include <byteorder.h>
#include <dm.h>
#include <stdlib.h>
#include <string.h>
#include <virtio.h>
#include "virtio_emul_core.h"

/* ------------------------------------------------------------ entropy */
static int rng_process(struct virtio_emul *e, unsigned int q,
		       struct emul_chain *c)
{
	int written = 0;

	for (int i = 0; i < c->n; i++) {
		struct emul_seg *s = &c->seg[i];

		if (!s->write)
			continue;
		for (u32 k = 0; k < s->len; k++)
			s->p[k] = sandbox_virtio_emul_rng_byte(e->rng_pos++);
		written += s->len;
	}
	return written;
}

const struct emul_backend emul_rng_backend = {
	.device_id = VIRTIO_ID_RNG,
	.process = rng_process,
};

/* ------------------------------------------------------------ network */
#define NET_F_GUEST_CSUM	1
#define NET_F_MAC	5
#define NET_F_GUEST_TSO4	7
#define NET_F_MRG_RXBUF	15
#define NET_F_STATUS	16
#define NET_S_LINK_UP	1
#define NET_RXQ		0
#define NET_TXQ		1
#define FRAME_MAX	1518	/* sent by the driver */
#define RX_FRAME_MAX	65535	/* from the peer: one UDP datagram */
#define NET_HDR_F_NEEDS_CSUM	1
#define NET_HDR_F_DATA_VALID	2
#define NET_GSO_TCPV4	1
#define NET_GSO_SIZE	1448	/* the segments of MTU 1500 */

struct net_state {
	int fd;
	u8 mac[6];
	u8 hdr[12];		/* the header of the frame being given */
	u8 frame[RX_FRAME_MAX];	/* received, being given */
	u8 tx[FRAME_MAX];	/* sent */
	long pending;		/* length of a received frame not yet given */
	u32 sent;		/* bytes of it (header included) given so far */
	bool link_down;		/* status reports the link down */
};

static int net_init(struct virtio_emul *e, ofnode node)
{
	struct net_state *n = calloc(1, sizeof(*n));
	static const u8 dflt_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	u32 local, remote;
	const u8 *mac;
	int len;

	if (!n)
		return -ENOMEM;
	e->be = n;
	n->fd = -1;
	mac = ofnode_get_property(node, "ember,mac", &len);
	memcpy(n->mac, mac && len == 6 ? mac : dflt_mac, 6);
	n->link_down = ofnode_has_property(node, "ember,link-down");
	if (ofnode_read_u32_index(node, "ember,udp-ports", 0, &local) ||
	    ofnode_read_u32_index(node, "ember,udp-ports", 1, &remote))
		return 0;	/* no socket: frames sent are dropped */
	n->fd = os_udp_open(local, remote);
	return n->fd < 0 ? n->fd : 0;
}

int emul_net_peer(struct virtio_emul *e, unsigned int port)
{
	struct net_state *n = e->be;

	if (e->backend != &emul_net_backend || !n || n->fd < 0)
		return -ENODEV;
	if (port)
		return os_udp_connect(n->fd, port);
	return os_udp_port(n->fd);
}

int emul_net_link(struct virtio_emul *e, bool up)
{
	struct net_state *n = e->be;

	if (e->backend != &emul_net_backend || !n)
		return -ENODEV;
	n->link_down = !up;
	return 0;
}

static void net_destroy(struct virtio_emul *e)
{
	struct net_state *n = e->be;

	if (n && n->fd >= 0)
		os_close(n->fd);
	free(n);
	e->be = NULL;
}

static u8 net_config(struct virtio_emul *e, unsigned int off)
{
	struct net_state *n = e->be;

	if (off < 6)
		return n->mac[off];
	if (off == 6)	/* status, little-endian */
		return n->link_down ? 0 : NET_S_LINK_UP;
	return 0;
}

/*
 * §5.1.4: mac (6 bytes), then status (le16), which exists only when
 * STATUS is offered (§2.5.1: a field of a feature not offered is not there)
 */
static u8 net_config_width(struct virtio_emul *e, unsigned int off)
{
	if (off < 6)
		return 1;
	if (off < 8 && e->offered & BIT_ULL(NET_F_STATUS))
		return 2;
	return 0;
}

/* §5.1.3.1: { feature, the feature it needs } */
static const u8 net_feature_deps[][2] = {
	{ 7, 1 }, { 8, 1 }, { 9, 7 }, { 10, 1 },	/* GUEST_TSO4/6, ECN, UFO */
	{ 11, 0 }, { 12, 0 }, { 13, 11 }, { 14, 0 },	/* HOST_TSO4/6, ECN, UFO */
	{ 18, 17 }, { 19, 17 }, { 21, 17 }, { 22, 17 },	/* CTRL_RX, VLAN, ... */
	{ 23, 17 }, { 60, 17 },				/* CTRL_MAC_ADDR, RSS */
	{ 0, 0 }
};

/* The virtio-net header: 12 bytes with VERSION_1 or MRG_RXBUF, else 10 */
static u32 net_hdr_len(struct virtio_emul *e)
{
	return e->driver_features & (BIT_ULL(VIRTIO_F_VERSION_1) |
				     BIT_ULL(NET_F_MRG_RXBUF)) ? 12 : 10;
}

/*
 * The driver's side of a buffer (§5.1.6.2, §5.1.6.6.1): without
 * ANY_LAYOUT a legacy driver puts the header in a piece of its own; a
 * transmitted header asks for nothing Ember did not negotiate (no
 * checksum, no GSO) and has num_buffers 0
 */
static void net_check(struct virtio_emul *e, unsigned int q,
		      struct emul_chain *c)
{
	bool tx = q == NET_TXQ;
	u32 hlen = net_hdr_len(e);
	u8 hdr[12];

	if (e->version == 1 &&
	    !(e->driver_features & BIT_ULL(VIRTIO_F_ANY_LAYOUT)) &&
	    (!c->n || c->seg[0].len != hlen))
		emul_violation(e, "a legacy header not in a piece of its own without ANY_LAYOUT");
	/* §5.1.6.3.1: with MRG_RXBUF a receive buffer holds a header */
	if (!tx && e->driver_features & BIT_ULL(NET_F_MRG_RXBUF) &&
	    c->posted < hlen)
		emul_violation(e, "a receive buffer smaller than the header with MRG_RXBUF");
	if (!tx || !c->n || c->seg[0].len < hlen)
		return;
	memcpy(hdr, c->seg[0].p, hlen);
	if (hdr[0] || hdr[1] || (hlen == 12 && (hdr[10] || hdr[11])))
		emul_violation(e, "a transmit header with flags, gso_type or num_buffers set");
}

static int net_tx(struct virtio_emul *e, struct emul_chain *c)
{
	struct net_state *n = e->be;
	u32 skip = net_hdr_len(e), len = 0;

	for (int i = 0; i < c->n; i++) {
		struct emul_seg *s = &c->seg[i];
		u32 from = min(skip, s->len);

		skip -= from;
		if (s->write || len + s->len - from > FRAME_MAX)
			return 0;
		memcpy(n->tx + len, s->p + from, s->len - from);
		len += s->len - from;
	}
	if (n->fd >= 0 && len)
		os_udp_send(n->fd, n->tx, len);
	return 0;
}

/*
 * The header a host gives a whole (unfragmented) IPv4 TCP or UDP datagram
 * with GUEST_CSUM, as Linux's tap does: TCP as data that never left the
 * host (NEEDS_CSUM, csum_start and csum_offset at its checksum), UDP as
 * checked by the host (DATA_VALID); the checksum field is left as it came
 * (the peer chooses what is there). With GUEST_TSO4 a TCP frame over the
 * MTU is marked as coalesced segments (§5.1.6.4).
 */
static void net_rx_offload(struct virtio_emul *e, struct net_state *n)
{
	const u8 *ip = n->frame + 14;
	u32 ihl, start;

	if (!(e->driver_features & BIT_ULL(NET_F_GUEST_CSUM)) ||
	    n->pending < 14 + 20 || n->frame[12] != 0x08 || n->frame[13] ||
	    ip[0] >> 4 != 4 || (ip[9] != 6 && ip[9] != 17) ||
	    (ip[6] & 0x3f) || ip[7])
		return;		/* not TCP or UDP, or a fragment */
	ihl = (ip[0] & 0xf) * 4;
	start = 14 + ihl;
	if (ihl < 20 || start + (ip[9] == 6 ? 20 : 8) > n->pending)
		return;
	if (ip[9] == 17) {
		n->hdr[0] = NET_HDR_F_DATA_VALID;
		return;
	}
	n->hdr[0] = NET_HDR_F_NEEDS_CSUM;
	n->hdr[6] = start;			/* csum_start, le16 */
	n->hdr[8] = 16;				/* csum_offset */
	if (n->pending <= 1514 ||
	    !(e->driver_features & BIT_ULL(NET_F_GUEST_TSO4)))
		return;
	n->hdr[1] = NET_GSO_TCPV4;
	n->hdr[2] = start + (n->frame[start + 12] >> 4) * 4;	/* hdr_len */
	n->hdr[4] = NET_GSO_SIZE & 0xff;
	n->hdr[5] = NET_GSO_SIZE >> 8;
}

/*
 * A received frame into the writable part of @c: the header, then the
 * frame. One that does not fit is cut (the driver sees the length), or
 * with EMUL_FAULT_RX_MERGE and MRG_RXBUF negotiated continues in the next
 * buffers, num_buffers in the first header saying how many (counted for
 * buffers the size of this one)
 */
static int net_rx(struct virtio_emul *e, struct emul_chain *c)
{
	struct net_state *n = e->be;
	u32 hlen = net_hdr_len(e), done = 0, total, nbuf = 1;
	bool merge = e->faults & EMUL_FAULT_RX_MERGE &&
		     e->driver_features & BIT_ULL(NET_F_MRG_RXBUF);

	if (n->fd < 0)
		return -EAGAIN;
	if (!n->pending) {
		n->pending = os_udp_recv(n->fd, n->frame, sizeof(n->frame));
		if (n->pending <= 0) {
			n->pending = 0;
			return -EAGAIN;
		}
		n->sent = 0;
		if (merge)
			nbuf = DIV_ROUND_UP(hlen + n->pending,
					    max_t(u32, c->in_room, 1));
		memset(n->hdr, 0, sizeof(n->hdr));
		if (e->faults & EMUL_FAULT_RX_HDR_JUNK) {
			/* an unknown flag; hdr_len, gso_size, csum_* junk */
			n->hdr[0] = 0x80;
			memset(&n->hdr[2], 0xa5, 8);
		} else {
			net_rx_offload(e, n);
		}
		n->hdr[10] = nbuf;	/* num_buffers, when the header has it */
		n->hdr[11] = nbuf >> 8;
	}
	total = min(hlen + n->pending - n->sent, c->in_room);
	for (int i = 0; i < c->n && done < total; i++) {
		struct emul_seg *s = &c->seg[i];

		for (u32 k = 0; s->write && k < s->len && done < total; k++) {
			u32 at = n->sent + done++;

			s->p[k] = at < hlen ? n->hdr[at] : n->frame[at - hlen];
		}
	}
	n->sent += done;
	if (!merge || n->sent >= hlen + n->pending)
		n->pending = 0;
	return done;
}

static int net_process(struct virtio_emul *e, unsigned int q,
		       struct emul_chain *c)
{
	return q == NET_TXQ ? net_tx(e, c) : net_rx(e, c);
}

static void net_poll(struct virtio_emul *e)
{
	emul_process_queue(e, NET_RXQ);
}

const struct emul_backend emul_net_backend = {
	.device_id = VIRTIO_ID_NET,
	/* GUEST_CSUM and GUEST_TSO4 are there for tests that offer them */
	.features = BIT_ULL(NET_F_MAC) | BIT_ULL(NET_F_STATUS) |
		    BIT_ULL(NET_F_MRG_RXBUF),
	.init = net_init,
	.destroy = net_destroy,
	.config = net_config,
	.config_width = net_config_width,
	.feature_deps = net_feature_deps,
	.process = net_process,
	.check = net_check,
	.poll = net_poll,
};
