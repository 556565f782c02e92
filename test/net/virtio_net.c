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
#include <net.h>
#include <string.h>
#include <test/ut.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>

#define NET_MODEL	"emul-net"
#define WAIT_US		1000000

struct rx_capture {
	u8 frame[PKTBUFSZ];
	int len;
	int count;
};

static void capture(void *ctx, const u8 *frame, int len)
{
	struct rx_capture *c = ctx;

	memcpy(c->frame, frame, min(len, PKTBUFSZ));
	c->len = len;
	c->count++;
}

/* The ethernet device on the network model, probed and paired with @peerp */
static int net_setup(struct unit_test_state *uts, struct udevice **devp,
		     int *peerp)
{
	struct udevice *emul = sandbox_virtio_emul_get(NET_MODEL);
	struct virtio_dev_priv *uc;
	struct udevice *tr;
	int port;

	ut_assertnonnull(emul);
	port = sandbox_virtio_emul_net_peer(emul, 0);
	ut_assert(port > 0);
	*peerp = os_udp_open(0, port);
	ut_assert(*peerp >= 0);
	ut_assertok(sandbox_virtio_emul_net_peer(emul, os_udp_port(*peerp)));
	ut_assertok(sandbox_virtio_emul_transport(emul, &tr));
	ut_assertok(device_probe(tr));
	uc = dev_get_uclass_priv(tr);
	ut_assertnonnull(uc->vdev);
	ut_asserteq(UCLASS_ETH, device_get_uclass_id(uc->vdev));
	ut_assertok(device_probe(uc->vdev));
	*devp = uc->vdev;
	return 0;
}

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

static int net_test_virtio_txrx(struct unit_test_state *uts)
{
	static const u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static struct rx_capture cap;
	struct udevice *dev;
	u8 frame[60] = { 0 }, got[1600];
	int peer;
	long n;

	ut_assertok(net_setup(uts, &dev, &peer));
	/* The MAC comes from the device's configuration space */
	ut_asserteq(0xef, eth_get_ethaddr(dev)[5]);
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
UNIT_TEST(net_test_virtio_txrx, UTF_DM, net);

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
static int net_test_virtio_lost_notify(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_virtio_emul_get(NET_MODEL);
	static struct rx_capture cap;
	struct virtio_emul_stats *st;
	struct virtqueue *rxq;
	struct udevice *dev;
	u8 frame[60] = { 0 };
	int peer, sent = 48;

	ut_assertok(net_setup(uts, &dev, &peer));
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
UNIT_TEST(net_test_virtio_lost_notify, UTF_DM, net);
