// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The virtio-net driver against the sandbox network model: frames go out
 * to, and come in from, a UDP socket on 127.0.0.1 that plays the peer.
 */
#include <asm/io.h>
#include <asm/os.h>
#include <asm/virtio_emul.h>
#include <byteorder.h>
#include <dm.h>
#include <lib.h>
#include <net.h>
#include <stdio.h>
#include <string.h>
#include <test/ut.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "rig.h"

#define NET_MODEL	"emul-net"
#define WAIT_US		1000000

struct rx_capture {
	u8 frame[PKTBUFSZ];
	int len;
	unsigned int flags;
	u32 crc;	/* of the whole frame */
	int count;
};

static void capture(void *ctx, const u8 *frame, int len, unsigned int flags)
{
	struct rx_capture *c = ctx;

	memcpy(c->frame, frame, min(len, PKTBUFSZ));
	c->len = len;
	c->flags = flags;
	c->crc = crc32(0, frame, len);
	c->count++;
}

/**
 * struct net_case - a network model to run a test on
 * @model: its DT node
 * @packed: offer the packed ring (a modern model only)
 * @mac_last: the last byte of its MAC
 */
struct net_case {
	const char *model;
	bool packed;
	u8 mac_last;
};

/* The legacy model (split ring), and the modern one with a packed ring */
static const struct net_case legacy_split = { NET_MODEL, false, 0xef };
static const struct net_case modern_packed = { "emul-net-down", true, 0x02 };

/* The ethernet device on model @nc, probed and paired with @peerp */
static int net_setup_on(struct unit_test_state *uts,
			const struct net_case *nc, struct udevice **devp,
			int *peerp)
{
	struct udevice *emul = sandbox_virtio_emul_get(nc->model);

	ut_assertnonnull(emul);
	if (nc->packed) {
		sandbox_virtio_emul_set_features(emul,
			sandbox_virtio_emul_features(emul) |
			BIT_ULL(VIRTIO_F_RING_PACKED));
		ut_assertok(sandbox_virtio_emul_net_link(emul, true));
	}
	ut_assertok(net_rig_model(uts, nc->model, devp, peerp));
	ut_asserteq(UCLASS_ETH, device_get_uclass_id(*devp));
	ut_assertok(device_probe(*devp));
	ut_asserteq(nc->packed, virtio_has_feature(*devp, VIRTIO_F_RING_PACKED));
	return 0;
}

static int net_setup(struct unit_test_state *uts, struct udevice **devp,
		     int *peerp)
{
	return net_setup_on(uts, &legacy_split, devp, peerp);
}

/*
 * NET_RING_TEST(name, flags): name(uts, nc) as net_test_virtio_<name> on
 * the legacy model's split ring and net_test_virtio_<name>_packed on the
 * modern model's packed ring
 */
#define NET_RING_TEST(_name, _flags)					\
	static int net_test_virtio_##_name(struct unit_test_state *uts)	\
	{								\
		return _name(uts, &legacy_split);			\
	}								\
	UNIT_TEST(net_test_virtio_##_name, _flags, net);		\
	static int net_test_virtio_##_name##_packed(			\
		struct unit_test_state *uts)				\
	{								\
		return _name(uts, &modern_packed);			\
	}								\
	UNIT_TEST(net_test_virtio_##_name##_packed, _flags, net)

/* The peer sends the 60-byte @frame marked @i; the driver takes it */
static int send_and_take(struct unit_test_state *uts, struct udevice *dev,
			 int peer, u8 *frame, int i, struct rx_capture *cap)
{
	int before = cap->count;

	frame[20] = i;
	ut_asserteq(60, os_udp_send(peer, frame, 60));
	ut_assertok(poll_timeout_us(eth_recv(dev, capture, cap) ||
				    cap->count != before, WAIT_US));
	ut_asserteq(before + 1, cap->count);
	ut_asserteq(60, cap->len);
	ut_asserteq(i, cap->frame[20]);
	return 0;
}

static int txrx(struct unit_test_state *uts, const struct net_case *nc)
{
	static const u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static struct rx_capture cap;
	struct udevice *dev;
	u8 frame[60] = { 0 }, got[1600];
	int peer;
	long n;

	ut_assertok(net_setup_on(uts, nc, &dev, &peer));
	/* The MAC comes from the device's configuration space */
	ut_asserteq(nc->mac_last, eth_get_ethaddr(dev)[5]);
	ut_asserteq(true, virtio_has_feature(dev, 15));	/* MRG_RXBUF */
	ut_assertok(eth_start(dev));
	memcpy(frame, bcast, 6);
	memcpy(frame + 6, eth_get_ethaddr(dev), 6);
	frame[12] = 0x08;
	frame[13] = 0x06;
	for (int i = 0; i < 20; i++) {
		frame[20] = i;
		ut_assertok(eth_send(dev, frame, 42));	/* padded to 60 */
		n = os_udp_recv(peer, got, sizeof(got));
		ut_asserteq(60, n);
		ut_asserteq_mem(frame, got, 42);
	}
	/* More frames than receive buffers: each is re-posted in place */
	memcpy(frame, eth_get_ethaddr(dev), 6);
	for (int i = 0; i < 100; i++)
		ut_assertok(send_and_take(uts, dev, peer, frame, i, &cap));
	/* A runt (shorter than an Ethernet header) is dropped, not given */
	ut_asserteq(8, os_udp_send(peer, frame, 8));
	for (u64 end = timer_get_us() + 50000, i = 0;
	     timer_get_us() < end && i < 100000; i++) {
		ut_asserteq(0, eth_recv(dev, capture, &cap));
		cpu_relax();
	}
	eth_stop(dev);
	os_close(peer);
	return 0;
}
NET_RING_TEST(txrx, UTF_DM);

/* Write @nbuf as num_buffers into every receive header the ring holds */
static void spoil_rx_headers(struct virtqueue *vq, u16 nbuf)
{
	for (unsigned int i = 0; i < vq->num; i++) {
		struct vring_desc *d = &vq->desc[i];
		unsigned int n = 1;

		if (le16_to_cpu(d->flags) & VRING_DESC_F_INDIRECT) {
			n = le32_to_cpu(d->len) / sizeof(*d);
			d = map_sysmem(le64_to_cpu(d->addr), 0);
		}
		for (unsigned int k = 0; k < n; k++) {
			u8 *h = map_sysmem(le64_to_cpu(d[k].addr), 12);

			if (le16_to_cpu(d[k].flags) & VRING_DESC_F_WRITE &&
			    le32_to_cpu(d[k].len) == 12) {
				h[10] = nbuf;
				h[11] = nbuf >> 8;
			}
		}
	}
}

/*
 * A device that spreads each frame over receive buffers of 100 bytes
 * (MRG_RXBUF, num_buffers > 1, §5.1.6.4): every frame arrives whole, byte
 * for byte, merged; frames that fit one buffer still come as they are
 */
static int merged(struct unit_test_state *uts, const struct net_case *nc)
{
	struct udevice *emul = sandbox_virtio_emul_get(nc->model), *dev;
	static struct rx_capture cap;
	static u8 frame[1000];
	int peer;

	ut_assertok(net_setup_on(uts, nc, &dev, &peer));
	ut_assert(virtio_has_feature(dev, 15));	/* MRG_RXBUF */
	ut_assertok(eth_start(dev));
	sandbox_virtio_emul_set_short(emul, 100);
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_SHORT |
				       EMUL_FAULT_RX_MERGE);
	memcpy(frame, eth_get_ethaddr(dev), 6);
	for (unsigned int i = 14; i < sizeof(frame); i++)
		frame[i] = i * 7;
	for (int i = 0; i < 40; i++) {
		int len = i % 4 ? sizeof(frame) - i : 60;
		int before = cap.count;

		frame[20] = i;
		ut_asserteq(len, os_udp_send(peer, frame, len));
		ut_assertok(poll_timeout_us(eth_recv(dev, capture, &cap) ||
					    cap.count != before, WAIT_US));
		ut_asserteq(before + 1, cap.count);
		ut_asserteq(len, cap.len);
		ut_asserteq_mem(frame, cap.frame, len);
	}
	sandbox_virtio_emul_set_faults(emul, 0);
	ut_assertok(send_and_take(uts, dev, peer, frame, 99, &cap));
	eth_stop(dev);
	os_close(peer);
	return 0;
}
NET_RING_TEST(merged, UTF_DM);

/*
 * §5.1.6.4: received headers with a flag bit the driver does not know and
 * junk in the checksum and segmentation fields, neither NEEDS_CSUM nor a
 * GSO type set: the frames arrive as they were sent, and with GUEST_CSUM
 * negotiated none is taken as vouched for
 */
static int hdr_junk(struct unit_test_state *uts, const struct net_case *nc)
{
	struct udevice *emul = sandbox_virtio_emul_get(nc->model), *dev;
	static struct rx_capture cap;
	u8 frame[60] = { 0 };
	int peer;

	/* With GUEST_CSUM, where the flags mean something */
	sandbox_virtio_emul_set_features(emul,
		sandbox_virtio_emul_features(emul) | BIT_ULL(1));
	ut_assertok(net_setup_on(uts, nc, &dev, &peer));
	ut_assert(virtio_has_feature(dev, 1));
	ut_assertok(eth_start(dev));
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_RX_HDR_JUNK);
	memcpy(frame, eth_get_ethaddr(dev), 6);
	for (int i = 0; i < 10; i++) {
		ut_assertok(send_and_take(uts, dev, peer, frame, i, &cap));
		ut_asserteq(0, cap.flags);
	}
	eth_stop(dev);
	os_close(peer);
	return 0;
}
NET_RING_TEST(hdr_junk, UTF_DM);

/* The peer sends @len bytes of @frame; Return: 0 when the driver took it */
static int send_frame(struct unit_test_state *uts, struct udevice *dev,
		      int peer, const u8 *frame, int len, struct rx_capture *cap)
{
	int before = cap->count;

	ut_asserteq(len, os_udp_send(peer, frame, len));
	ut_assertok(poll_timeout_us(eth_recv(dev, capture, cap) ||
				    cap->count != before, WAIT_US));
	ut_asserteq(before + 1, cap->count);
	ut_asserteq(len, cap->len);
	ut_asserteq(crc32(0, frame, len), cap->crc);
	return 0;
}

/* An IPv4 frame to @dev of @len bytes, protocol @proto, a wrong checksum */
static void ip_frame(struct udevice *dev, u8 *frame, int len, u8 proto)
{
	memcpy(frame, eth_get_ethaddr(dev), 6);
	memset(frame + 6, 0x02, 6);
	net_put16(frame + 12, ETH_P_IP);
	frame[14] = 0x45;
	net_put16(frame + 16, len - 14);
	frame[23] = proto;
	frame[14 + 20 + 12] = 0x50;	/* TCP data offset 20 */
	for (int i = 14 + 20 + 20; i < len; i++)
		frame[i] = i * 13;
}

/**
 * struct offload_case - a model offering GUEST_CSUM and GUEST_TSO4 or not
 * @add: feature bits offered on top of the model's
 * @drop: feature bits of the model's not offered
 * @taken: GUEST_CSUM and GUEST_TSO4 are expected taken (else neither)
 * @spread: with MRG_RXBUF, frames spread over buffers of this size
 */
struct offload_case {
	u64 add, drop;
	bool taken;
	u32 spread;
};

/*
 * Taken (as QEMU offers them over tap), a TCP frame of 60000 bytes, as the
 * host coalesces segments, arrives whole and byte-exact (in one buffer, or
 * merged from @spread ones), and the host's IPv4 TCP (NEEDS_CSUM) and UDP
 * (DATA_VALID) frames come as ETH_RX_CSUM_OK, other frames not; not
 * taken (TSO4 needs CSUM, §5.1.3.1), no frame carries a flag
 */
static int offloads(struct unit_test_state *uts, const struct net_case *nc,
		    const struct offload_case *oc)
{
	struct udevice *emul = sandbox_virtio_emul_get(nc->model), *dev;
	struct virtio_emul_stats *st = sandbox_virtio_emul_stats(emul);
	unsigned int ok = oc->taken ? ETH_RX_CSUM_OK : 0;
	int big = oc->taken ? 60000 : 1000;
	static struct rx_capture cap;
	static u8 frame[60000];
	int peer;

	sandbox_virtio_emul_set_features(emul,
		(sandbox_virtio_emul_features(emul) | oc->add) & ~oc->drop);
	ut_assertok(net_setup_on(uts, nc, &dev, &peer));
	ut_asserteq(oc->taken, virtio_has_feature(dev, 1));	/* GUEST_CSUM */
	ut_asserteq(oc->taken, virtio_has_feature(dev, 7));	/* GUEST_TSO4 */
	ut_assertok(eth_start(dev));
	if (oc->spread) {
		sandbox_virtio_emul_set_short(emul, oc->spread);
		sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_SHORT |
					       EMUL_FAULT_RX_MERGE);
	}
	for (int i = 0; i < 3; i++) {
		ip_frame(dev, frame, big, 6);
		frame[100] = i;
		ut_assertok(send_frame(uts, dev, peer, frame, big, &cap));
		ut_asserteq(ok, cap.flags);
	}
	ip_frame(dev, frame, 100, 17);			/* UDP */
	ut_assertok(send_frame(uts, dev, peer, frame, 100, &cap));
	ut_asserteq(ok, cap.flags);
	ip_frame(dev, frame, 100, 1);			/* ICMP */
	ut_assertok(send_frame(uts, dev, peer, frame, 100, &cap));
	ut_asserteq(0, cap.flags);
	ut_asserteq(0, st->violations);
	eth_stop(dev);
	os_close(peer);
	return 0;
}

#define F_GUEST_CSUM	BIT_ULL(1)
#define F_GUEST_TSO4	BIT_ULL(7)

static int tso(struct unit_test_state *uts, const struct net_case *nc)
{
	static const struct offload_case oc = {
		.add = F_GUEST_CSUM | F_GUEST_TSO4, .taken = true };

	return offloads(uts, nc, &oc);
}
NET_RING_TEST(tso, UTF_DM);

static int tso_without_csum(struct unit_test_state *uts,
			    const struct net_case *nc)
{
	static const struct offload_case oc = { .add = F_GUEST_TSO4 };

	return offloads(uts, nc, &oc);
}
NET_RING_TEST(tso_without_csum, UTF_DM);

/* Coalesced frames spread over 4 KiB buffers: merged, flags kept */
static int tso_merged(struct unit_test_state *uts, const struct net_case *nc)
{
	static const struct offload_case oc = {
		.add = F_GUEST_CSUM | F_GUEST_TSO4, .taken = true,
		.spread = 4096 };

	return offloads(uts, nc, &oc);
}
NET_RING_TEST(tso_merged, UTF_DM);

/*
 * Without MRG_RXBUF: every buffer holds 64 KiB (§5.1.6.3.1); on the
 * legacy model the header is the 10-byte one
 */
static int tso_no_mrg(struct unit_test_state *uts, const struct net_case *nc)
{
	static const struct offload_case oc = {
		.add = F_GUEST_CSUM | F_GUEST_TSO4, .drop = BIT_ULL(15),
		.taken = true };

	return offloads(uts, nc, &oc);
}
NET_RING_TEST(tso_no_mrg, UTF_DM);

/*
 * §2.7.10: without RING_EVENT_IDX and with the used flags at 0, every
 * transmitted frame is notified at once, by the driver itself (no
 * re-notification needed)
 */
static int net_test_virtio_tx_notify(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_virtio_emul_get(NET_MODEL), *dev;
	struct virtio_emul_stats *st = sandbox_virtio_emul_stats(emul);
	u8 frame[60] = { 0 }, got[64];
	struct virtqueue *txq;
	int peer;

	sandbox_virtio_emul_set_features(emul,
		sandbox_virtio_emul_features(emul) &
		~BIT_ULL(VIRTIO_F_RING_EVENT_IDX));
	ut_assertok(net_setup(uts, &dev, &peer));
	ut_assertok(eth_start(dev));
	txq = list_last_entry(&virtio_get_priv(dev)->vqs, struct virtqueue,
			      list);
	ut_assert(!txq->event_idx);
	memset(frame, 0xff, 6);
	for (int i = 0; i < 10; i++) {
		u32 before = st->notifies;

		frame[14] = i;
		ut_assertok(eth_send(dev, frame, sizeof(frame)));
		ut_asserteq(before + 1, st->notifies);
		ut_asserteq(60, os_udp_recv(peer, got, sizeof(got)));
		ut_asserteq(i, got[14]);
	}
	ut_asserteq(0, txq->nudges);
	eth_stop(dev);
	os_close(peer);
	return 0;
}
UNIT_TEST(net_test_virtio_tx_notify, UTF_DM, net);

/*
 * The model polices what the driver sends (§5.1.6.2, §5.1.6.6.1): a
 * header asking for offloads that were not negotiated is a violation, and
 * so is a legacy driver's header sharing a piece with the frame when
 * ANY_LAYOUT was not negotiated. Both are made by hand here, on the
 * transmit queue; the driver's own frames break neither rule.
 */
/*
 * Transmit @n pieces of @sg by hand on @txq; the model completes them and
 * counts one violation more: @rule
 */
static int tx_by_hand(struct unit_test_state *uts, struct udevice *emul,
		      struct virtqueue *txq, struct virtio_sg *sg,
		      unsigned int n, const char *rule)
{
	struct virtio_emul_stats *st = sandbox_virtio_emul_stats(emul);
	static u8 token[64];
	u32 before = st->violations;
	unsigned int len;
	char want[160];

	ut_assertok(virtqueue_add(txq, sg, n, 0, token));
	ut_assertok(virtqueue_kick(txq));
	sandbox_virtio_emul_complete(emul);
	ut_asserteq_ptr(token, virtqueue_get_buf(txq, &len));
	ut_asserteq(before + 1, st->violations);
	snprintf(want, sizeof(want), "emul-net: virtio protocol violation: %s",
		 rule);
	ut_assert_nextline(want);
	return 0;
}

static int net_test_virtio_checker(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_virtio_emul_get(NET_MODEL), *dev;
	static u8 hdr[12], frame[72];
	struct virtio_sg sg[2] = { { hdr, 12 }, { frame, 60 } };
	struct virtqueue *txq;
	int peer;

	sandbox_virtio_emul_set_features(emul,
		sandbox_virtio_emul_features(emul) &
		~BIT_ULL(VIRTIO_F_ANY_LAYOUT));
	ut_assertok(net_setup(uts, &dev, &peer));
	ut_assert(!virtio_has_feature(dev, VIRTIO_F_ANY_LAYOUT));
	ut_assertok(eth_start(dev));
	txq = list_last_entry(&virtio_get_priv(dev)->vqs, struct virtqueue,
			      list);
	sandbox_virtio_emul_set_deferred(emul, true);
	hdr[1] = 1;	/* gso_type TCPv4 */
	ut_assertok(tx_by_hand(uts, emul, txq, sg, 2,
		"a transmit header with flags, gso_type or num_buffers set"));
	hdr[1] = 0;
	sg[0] = (struct virtio_sg){ frame, sizeof(frame) };	/* hdr + frame */
	ut_assertok(tx_by_hand(uts, emul, txq, sg, 1,
		"a legacy header not in a piece of its own without ANY_LAYOUT"));
	ut_assert_console_end();
	sandbox_virtio_emul_stats(emul)->violations = 0;
	sandbox_virtio_emul_set_deferred(emul, false);
	os_close(peer);
	return 0;
}
UNIT_TEST(net_test_virtio_checker, UTF_DM | UTF_CONSOLE, net);

/*
 * A receive buffer the device fills with less than a header: its old
 * num_buffers is not read (§2.7.8.3), so the good frames after it are not
 * taken for parts of a merged one and dropped
 */
static int net_test_virtio_short_header(struct unit_test_state *uts)
{
	struct udevice *dev, *emul = sandbox_virtio_emul_get(NET_MODEL);
	static struct rx_capture cap;
	struct virtqueue *vq;
	u8 frame[60] = { 0 };
	int peer;

	ut_assertok(net_setup(uts, &dev, &peer));
	ut_assertok(eth_start(dev));
	vq = list_first_entry(&virtio_get_priv(dev)->vqs, struct virtqueue,
			      list);
	spoil_rx_headers(vq, 5);
	memcpy(frame, eth_get_ethaddr(dev), 6);
	sandbox_virtio_emul_set_short(emul, 4);
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_SHORT);
	ut_asserteq(60, os_udp_send(peer, frame, 60));
	for (u64 end = timer_get_us() + 50000, i = 0;
	     timer_get_us() < end && i < 100000; i++)
		ut_asserteq(0, eth_recv(dev, capture, &cap));
	sandbox_virtio_emul_set_faults(emul, 0);
	for (int i = 0; i < 3; i++)
		ut_assertok(send_and_take(uts, dev, peer, frame, i, &cap));
	eth_stop(dev);
	os_close(peer);
	return 0;
}
UNIT_TEST(net_test_virtio_short_header, UTF_DM, net);

static int net_test_virtio_feature_names(struct unit_test_state *uts)
{
	const struct virtio_driver *vdrv;
	struct udevice *dev;
	int peer;

	ut_assertok(net_setup(uts, &dev, &peer));
	vdrv = virtio_get_priv(dev)->vdrv;
	ut_asserteq_str("MAC", virtio_feature_name(vdrv, 5));
	ut_asserteq_str("MRG_RXBUF", virtio_feature_name(vdrv, 15));
	ut_asserteq_str("STATUS", virtio_feature_name(vdrv, 16));
	ut_asserteq_str("SPEED_DUPLEX", virtio_feature_name(vdrv, 63));
	ut_asserteq_str("RING_EVENT_IDX", virtio_feature_name(vdrv, 29));
	os_close(peer);
	return 0;
}
UNIT_TEST(net_test_virtio_feature_names, UTF_DM, net);

/* A device reporting a used length beyond the buffer: -EIO, no crash */
static int net_test_virtio_bad_len(struct unit_test_state *uts)
{
	static struct rx_capture cap;
	struct udevice *dev;
	u8 frame[60] = { 0 };
	int peer, ret = 0;

	ut_assertok(net_setup(uts, &dev, &peer));
	ut_assertok(eth_start(dev));
	sandbox_virtio_emul_set_faults(sandbox_virtio_emul_get(NET_MODEL),
				       EMUL_FAULT_USED_LEN);
	memcpy(frame, eth_get_ethaddr(dev), 6);
	ut_asserteq(60, os_udp_send(peer, frame, 60));
	ut_assertok(poll_timeout_us((ret = eth_recv(dev, capture, &cap)) != 0,
				    WAIT_US));
	ut_asserteq(-EIO, ret);
	ut_asserteq(0, cap.count);
	/* Later calls keep failing cleanly */
	ut_asserteq(-EIO, eth_recv(dev, capture, &cap));
	sandbox_virtio_emul_set_faults(sandbox_virtio_emul_get(NET_MODEL), 0);
	os_close(peer);
	return 0;
}
UNIT_TEST(net_test_virtio_bad_len, UTF_DM, net);

/*
 * A legacy device (the network model is version 1) that reports a length
 * for transmit buffers, which it only read: ignored, as the spec asks of
 * legacy drivers (§2.7.8.2); every frame still goes out
 */
static int net_test_virtio_legacy_tx_len(struct unit_test_state *uts)
{
	struct udevice *dev, *emul = sandbox_virtio_emul_get(NET_MODEL);
	u8 frame[60] = { 0 }, got[64];
	int peer;

	ut_assertok(net_setup(uts, &dev, &peer));
	ut_assertok(eth_start(dev));
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_USED_LEN);
	memset(frame, 0xff, 6);
	for (int i = 0; i < 20; i++) {
		frame[14] = i;
		ut_assertok(eth_send(dev, frame, sizeof(frame)));
	}
	sandbox_virtio_emul_set_faults(emul, 0);
	for (int i = 0; i < 20; i++) {
		long n;

		ut_assertok(poll_timeout_us((n = os_udp_recv(peer, got,
							    sizeof(got))) !=
					    -EAGAIN, WAIT_US));
		ut_asserteq(60, n);
		ut_asserteq(i, got[14]);
	}
	os_close(peer);
	return 0;
}
UNIT_TEST(net_test_virtio_legacy_tx_len, UTF_DM, net);

/* A link reported down: starting fails with -ENETDOWN and a message */
static int net_test_virtio_link_down(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_virtio_emul_get(NET_MODEL);
	struct udevice *dev;
	int peer;

	ut_assertok(net_setup(uts, &dev, &peer));
	ut_assertok(sandbox_virtio_emul_net_link(emul, false));
	ut_asserteq(-ENETDOWN, eth_start(dev));
	ut_assert_nextline("virtio-net#5: link is down");
	ut_assert_console_end();
	ut_asserteq(-ENETDOWN, eth_send(dev, (u8[64]){ 0 }, 60));
	ut_assertok(sandbox_virtio_emul_net_link(emul, true));
	ut_assertok(eth_start(dev));
	eth_stop(dev);
	os_close(peer);
	return 0;
}
UNIT_TEST(net_test_virtio_link_down, UTF_DM | UTF_CONSOLE, net);

/*
 * A device that waits for a notification the event index never asks for
 * (EMUL_FAULT_STALE_EVENT): the ring re-notifies it after
 * CONFIG_VIRTIO_NUDGE_US of polling in vain, and every frame arrives.
 */
static int lost_notify(struct unit_test_state *uts, const struct net_case *nc)
{
	struct udevice *emul = sandbox_virtio_emul_get(nc->model);
	static struct rx_capture cap;
	struct virtio_emul_stats *st;
	struct virtqueue *rxq;
	struct udevice *dev;
	u8 frame[60] = { 0 };
	int peer, sent = 48;

	ut_assertok(net_setup_on(uts, nc, &dev, &peer));
	ut_assertok(eth_start(dev));
	st = sandbox_virtio_emul_stats(emul);
	st->parked = 0;
	rxq = list_first_entry(&virtio_get_priv(dev)->vqs, struct virtqueue,
			       list);
	rxq->nudges = 0;
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_STALE_EVENT);
	cap.count = 0;
	/* More frames than receive buffers, all waiting before we poll */
	memcpy(frame, eth_get_ethaddr(dev), 6);
	for (int i = 0; i < sent; i++) {
		frame[20] = i;
		ut_asserteq(60, os_udp_send(peer, frame, 60));
	}
	for (u64 end = timer_get_us() + WAIT_US, i = 0;
	     cap.count < sent && timer_get_us() < end && i < 10000000; i++) {
		ut_assert(eth_recv(dev, capture, &cap) >= 0);
		cpu_relax();
	}
	sandbox_virtio_emul_set_faults(emul, 0);
	ut_asserteq(sent, cap.count);
	ut_asserteq(sent - 1, cap.frame[20]);
	/* The model did wait, and only the re-notification woke it */
	ut_assert(st->parked > 0);
	ut_assert(rxq->nudges > 0);
	eth_stop(dev);
	os_close(peer);
	return 0;
}
NET_RING_TEST(lost_notify, UTF_DM);
