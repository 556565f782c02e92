// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio network device (VIRTIO 1.2 §5.1) as an ethernet device: queue 0
 * receives, queue 1 transmits; no control queue. The one offload is on
 * receive (CONFIG_VIRTIO_NET_GUEST_TSO): with GUEST_CSUM and GUEST_TSO4
 * the host hands over TCP segments it coalesced, up to 64 KiB each, with
 * checksums it checked (DATA_VALID) or never computed because the data
 * never left it (NEEDS_CSUM): the frame is passed up as ETH_RX_CSUM_OK,
 * and a download costs the host, QEMU and Ember one frame per 64 KiB
 * instead of one per 1448 bytes. Receive buffers then hold the largest
 * IPv4 datagram, so that no frame is spread over several (§5.1.6.3.1
 * asks for that much without MRG_RXBUF).
 *
 * Every buffer is allocated once, in the private data: VNET_RX_SLOTS
 * receive slots stay posted to the device and each is re-posted in place
 * when the stack hands it back (free_pkt); VNET_TX_SLOTS transmit slots are
 * reclaimed when the device has used them. Re-posted receive buffers are
 * published at once, but the device is only notified when it is running
 * short (it holds fewer than VNET_RX_LOW), checked every
 * VNET_RX_KICK_BATCH re-posts and whenever nothing is waiting: QEMU asks
 * for a notification at almost every buffer it takes, and each one is a
 * trap into QEMU that also waits for QEMU's main loop, on the path of
 * every lock-step TFTP block. A device that still holds buffers finds the
 * new ones itself; one that ran out is notified (and the ring's
 * re-notification covers a notification lost on the way). Each buffer is two pieces, the
 * virtio-net header then the frame, so legacy devices without ANY_LAYOUT
 * see the header in its own descriptor (§5.1.6.6.1).
 *
 * With MRG_RXBUF a device may spread one frame over several buffers
 * (num_buffers in the first one's header, §5.1.6.4): buffers this large
 * never need it, but a device may do it anyway, so the pieces are copied
 * into one frame (priv->merge), up to the largest frame Ember takes. The
 * device is untrusted: used lengths are clamped by the ring and checked
 * again here; a merged frame that would be too large is dropped with all
 * its buffers, and num_buffers never makes the driver skip more buffers
 * than it has.
 */
#define LOG_CATEGORY "virtio-net"

#include <dm.h>
#include <heap.h>
#include <net.h>
#include <string.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>

/* Feature bits (§5.1.3) */
#define VIRTIO_NET_F_GUEST_CSUM	1
#define VIRTIO_NET_F_MAC	5
#define VIRTIO_NET_F_GUEST_TSO4	7
#define VIRTIO_NET_F_MRG_RXBUF	15
#define VIRTIO_NET_F_STATUS	16
#define VIRTIO_NET_S_LINK_UP	1

/* Configuration layout (§5.1.4) */
#define VNET_CFG_MAC		0
#define VNET_CFG_STATUS		6

#define VNET_HDR_MAX		12	/* with num_buffers */
#define VNET_HDR_LEGACY		10
/* The header's flags (§5.1.6) */
#define VNET_HDR_F_NEEDS_CSUM	1
#define VNET_HDR_F_DATA_VALID	2
#define VNET_RXQ		0
#define VNET_TXQ		1
#define VNET_RX_SLOTS		128
#define VNET_TSO_RX_SLOTS	64	/* of VNET_TSO_DATA_SIZE: 4 MiB */
#define VNET_RX_KICK_BATCH	16
#define VNET_RX_LOW		32
#define VNET_TX_SLOTS		8
#define VNET_TX_TIMEOUT_US	100000
/* A standard frame out, or the largest standard frame in (NET_RX_MTU) */
#define VNET_DATA_SIZE	ALIGN(ETH_RX_FRAME_MAX > PKTBUFSZ ? \
			      ETH_RX_FRAME_MAX : PKTBUFSZ, 8)
/* With GUEST_TSO4: the largest IPv4 datagram, its Ethernet header and tag */
#define VNET_TSO_DATA_SIZE	ALIGN(ETH_HLEN + 4 + 0xffff, 8)

/*
 * A buffer: the virtio-net header, then the frame. Receive frames live in
 * one dma_alloc()ed area (not zeroed: it is megabytes, and clearing it
 * would cost the first command milliseconds),
 * each starting 2 bytes past an 8-byte boundary so that its IP header and
 * the TFTP data behind the UDP and TFTP headers are 8-byte aligned: the
 * checksum and the copy to the load address then move whole words.
 */
struct vnet_buf {
	u8 hdr[VNET_HDR_MAX];
	u8 *data;
	bool busy;		/* posted to the device */
};

struct virtio_net_priv {
	struct virtqueue *vqs[2];
	unsigned int hdr_len;
	unsigned int rx_size;	/* a receive buffer's frame bytes */
	unsigned int rx_posted;	/* slots in use (the ring may be smaller) */
	unsigned int rx_unkicked;	/* re-posted since the last kick */
	/* A frame over several buffers, being merged (MRG_RXBUF) */
	unsigned int merge_left;	/* its buffers still to come */
	unsigned int merge_len;		/* bytes of it in merge[] so far */
	unsigned int merge_flags;	/* its ETH_RX_* flags */
	bool merge_drop;		/* too large: its buffers are dropped */
	u8 *merge;			/* rx_size bytes, aligned as rx frames */
	struct vnet_buf *rx_cur;	/* given to the stack by recv() */
	u8 *rx_mem;		/* the receive frames, then the merge buffer */
	struct vnet_buf rx[VNET_RX_SLOTS];
	struct vnet_buf tx[VNET_TX_SLOTS];
	u8 tx_mem[VNET_TX_SLOTS][PKTBUFSZ] __aligned(8);
};

static int rx_post(struct virtio_net_priv *priv, struct vnet_buf *b)
{
	struct virtio_sg sg[2] = {
		{ b->hdr, priv->hdr_len }, { b->data, priv->rx_size }
	};
	int ret = virtqueue_add(priv->vqs[VNET_RXQ], sg, 0, 2, b);

	b->busy = !ret;
	return ret;
}

static bool link_up(struct udevice *dev)
{
	u16 status;

	if (!virtio_has_feature(dev, VIRTIO_NET_F_STATUS))
		return true;	/* assumed up (§5.1.4) */
	if (virtio_cread_u16(dev, VNET_CFG_STATUS, &status))
		return false;
	return status & VIRTIO_NET_S_LINK_UP;
}

static int virtio_net_start(struct udevice *dev)
{
	struct virtio_net_priv *priv = dev_get_priv(dev);
	int ret = 0;

	if (!link_up(dev)) {
		dev_err(dev, "link is down\n");
		return -ENETDOWN;
	}
	for (unsigned int i = 0; i < priv->rx_posted && !ret; i++) {
		if (!priv->rx[i].busy && &priv->rx[i] != priv->rx_cur)
			ret = rx_post(priv, &priv->rx[i]);
	}
	if (ret) {
		dev_err(dev, "cannot post receive buffers: %d\n", ret);
		return ret;
	}
	priv->rx_unkicked = 0;
	priv->merge_left = 0;	/* a frame cut short by a stop is gone */
	return virtqueue_kick(priv->vqs[VNET_RXQ]);
}

static void tx_reclaim(struct virtio_net_priv *priv)
{
	struct vnet_buf *b;
	unsigned int len;

	while ((b = virtqueue_get_buf(priv->vqs[VNET_TXQ], &len)))
		b->busy = false;
}

static struct vnet_buf *tx_slot(struct virtio_net_priv *priv)
{
	for (int i = 0; i < VNET_TX_SLOTS; i++) {
		if (!priv->tx[i].busy)
			return &priv->tx[i];
	}
	return NULL;
}

static int virtio_net_send(struct udevice *dev, const void *packet, int len)
{
	struct virtio_net_priv *priv = dev_get_priv(dev);
	struct virtqueue *vq = priv->vqs[VNET_TXQ];
	struct virtio_sg sg[2];
	struct vnet_buf *b;
	int ret;

	if (len <= 0 || len > PKTBUFSZ)
		return -EINVAL;
	tx_reclaim(priv);
	b = tx_slot(priv);
	if (!b) {
		ret = poll_timeout_us((tx_reclaim(priv), b = tx_slot(priv)),
				      VNET_TX_TIMEOUT_US);
		if (ret || virtqueue_is_broken(vq)) {
			dev_err(dev, "transmit queue stuck\n");
			return virtqueue_is_broken(vq) ? -EIO : -ETIMEDOUT;
		}
	}
	memset(b->hdr, 0, sizeof(b->hdr));
	memcpy(b->data, packet, len);
	sg[0] = (struct virtio_sg){ b->hdr, priv->hdr_len };
	sg[1] = (struct virtio_sg){ b->data, len };
	ret = virtqueue_add(vq, sg, 2, 0, b);
	if (ret)
		return ret;
	b->busy = true;
	return virtqueue_kick(vq);
}

/* Notify the device of re-posted buffers if it is running short of them */
static void rx_kick_if_short(struct virtio_net_priv *priv)
{
	struct virtqueue *vq = priv->vqs[VNET_RXQ];

	if (virtqueue_device_holds(vq) >= min(VNET_RX_LOW, priv->rx_posted / 2))
		return;
	priv->rx_unkicked = 0;
	virtqueue_kick(vq);
}

/* Give a used receive buffer straight back to the device */
static void rx_repost(struct udevice *dev, struct vnet_buf *b)
{
	struct virtio_net_priv *priv = dev_get_priv(dev);

	if (rx_post(priv, b))
		return;
	if (++priv->rx_unkicked >= VNET_RX_KICK_BATCH)
		rx_kick_if_short(priv);
}

static bool rx_slot_valid(struct virtio_net_priv *priv, struct vnet_buf *b)
{
	return b >= priv->rx && b < priv->rx + priv->rx_posted && b->busy;
}

/*
 * Append the @len bytes the device wrote into @b to the frame being
 * merged. In the frame's @first buffer they begin with the virtio-net
 * header, which is skipped; in the others the frame's bytes continue from
 * the start of the buffer, the header's place included.
 */
static void merge_append(struct virtio_net_priv *priv, struct vnet_buf *b,
			 unsigned int len, bool first)
{
	unsigned int in_hdr = min(len, priv->hdr_len);
	unsigned int in_data = len - in_hdr;

	if (first)
		in_hdr = 0;
	if (priv->merge_drop ||
	    priv->merge_len + in_hdr + in_data > priv->rx_size) {
		priv->merge_drop = true;
		return;
	}
	memcpy(priv->merge + priv->merge_len, b->hdr, in_hdr);
	memcpy(priv->merge + priv->merge_len + in_hdr, b->data, in_data);
	priv->merge_len += in_hdr + in_data;
}

/*
 * One more buffer of a merged frame (or of a dropped one): Return: the
 * frame's length when it is complete and whole, else 0
 */
static int merge_more(struct udevice *dev, struct vnet_buf *b,
		      unsigned int len)
{
	struct virtio_net_priv *priv = dev_get_priv(dev);

	merge_append(priv, b, len, false);
	rx_repost(dev, b);
	if (--priv->merge_left)
		return 0;
	if (priv->merge_drop || priv->merge_len < ETH_HLEN)
		return 0;
	return priv->merge_len;
}

/*
 * The first buffer of a frame over @nbuf buffers, with @flags: its data,
 * then wait
 */
static void merge_start(struct udevice *dev, struct vnet_buf *b,
			unsigned int len, unsigned int nbuf, unsigned int flags)
{
	struct virtio_net_priv *priv = dev_get_priv(dev);

	/* Never skip more buffers than there are for one frame */
	priv->merge_left = min(nbuf - 1, priv->rx_posted);
	priv->merge_len = 0;
	priv->merge_flags = flags;
	priv->merge_drop = nbuf - 1 > priv->rx_posted;
	merge_append(priv, b, len, true);
	rx_repost(dev, b);
}

/*
 * What a header the device wrote whole says of the checksum: only with
 * GUEST_CSUM (§5.1.6.4.1: the device sets no flags without it); unknown
 * flags are ignored (§5.1.6.4.2)
 */
static unsigned int rx_flags(struct udevice *dev, const struct vnet_buf *b)
{
	if (!virtio_has_feature(dev, VIRTIO_NET_F_GUEST_CSUM) ||
	    !(b->hdr[0] & (VNET_HDR_F_NEEDS_CSUM | VNET_HDR_F_DATA_VALID)))
		return 0;
	return ETH_RX_CSUM_OK;
}

static int virtio_net_recv(struct udevice *dev, u8 **packetp,
			   unsigned int *flagsp)
{
	struct virtio_net_priv *priv = dev_get_priv(dev);
	struct virtqueue *vq = priv->vqs[VNET_RXQ];
	unsigned int len, nbuf;
	struct vnet_buf *b;

	for (unsigned int tries = 0; tries <= priv->rx_posted; tries++) {
		b = virtqueue_get_buf(vq, &len);
		if (!b) {
			/* Idle: tell the device about what was re-posted, and
			 * let the ring re-notify a stuck send
			 */
			if (priv->rx_unkicked)
				rx_kick_if_short(priv);
			tx_reclaim(priv);
			return virtqueue_is_broken(vq) ? -EIO : -EAGAIN;
		}
		if (!rx_slot_valid(priv, b))
			return -EIO;	/* the ring checks tokens: cannot be */
		b->busy = false;
		if (priv->merge_left) {
			int ret = merge_more(dev, b, len);

			if (!ret)
				continue;
			*packetp = priv->merge;
			*flagsp = priv->merge_flags;
			return ret;
		}
		/*
		 * num_buffers only from a header the device wrote whole: a
		 * shorter used length leaves the slot's old bytes there
		 * (§2.7.8.3), and trusting them drops good frames after it
		 */
		nbuf = 1;
		if (virtio_has_feature(dev, VIRTIO_NET_F_MRG_RXBUF) &&
		    len >= priv->hdr_len)
			nbuf = b->hdr[10] | b->hdr[11] << 8;
		if (nbuf > 1) {
			merge_start(dev, b, len, nbuf, rx_flags(dev, b));
			continue;
		}
		if (nbuf != 1 || len < priv->hdr_len + ETH_HLEN) {
			rx_repost(dev, b);	/* runt, or num_buffers 0 */
			continue;
		}
		priv->rx_cur = b;
		*packetp = b->data;
		*flagsp = rx_flags(dev, b);
		return len - priv->hdr_len;
	}
	return -EAGAIN;
}

static int virtio_net_free_pkt(struct udevice *dev, u8 *packet, int len)
{
	struct virtio_net_priv *priv = dev_get_priv(dev);
	struct vnet_buf *b = priv->rx_cur;

	if (packet == priv->merge)
		return 0;	/* its buffers went back as they came */
	if (!b || packet != b->data)
		return -EINVAL;
	priv->rx_cur = NULL;
	rx_repost(dev, b);
	return 0;
}

static int virtio_net_read_rom_hwaddr(struct udevice *dev, u8 mac[ETH_ALEN])
{
	if (!virtio_has_feature(dev, VIRTIO_NET_F_MAC))
		return -ENOENT;
	return virtio_cread(dev, VNET_CFG_MAC, mac, ETH_ALEN);
}

static int virtio_net_probe(struct udevice *dev)
{
	struct virtio_net_priv *priv = dev_get_priv(dev);
	unsigned int slots, stride;
	int ret;

	/* §5.1.6: num_buffers is there with VERSION_1 or MRG_RXBUF */
	priv->hdr_len = virtio_has_feature(dev, VIRTIO_F_VERSION_1) ||
			virtio_has_feature(dev, VIRTIO_NET_F_MRG_RXBUF) ?
			VNET_HDR_MAX : VNET_HDR_LEGACY;
	ret = virtio_find_vqs(dev, 2, priv->vqs);
	if (ret)
		return ret;
	slots = VNET_RX_SLOTS;
	priv->rx_size = VNET_DATA_SIZE;
	if (virtio_has_feature(dev, VIRTIO_NET_F_GUEST_TSO4)) {
		slots = VNET_TSO_RX_SLOTS;
		priv->rx_size = VNET_TSO_DATA_SIZE;
	}
	priv->rx_posted = min_t(unsigned int, slots,
				virtqueue_get_vring_size(priv->vqs[VNET_RXQ]) / 2);
	/* Each frame 2 bytes past an 8-byte boundary; the last merges */
	stride = ALIGN(priv->rx_size + 2, 8);
	priv->rx_mem = dma_alloc((priv->rx_posted + 1) * stride, 8);
	if (!priv->rx_mem) {
		dev_err(dev, "no memory for %u receive buffers of %u bytes\n",
			priv->rx_posted, priv->rx_size);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < VNET_TX_SLOTS; i++)
		priv->tx[i].data = priv->tx_mem[i];
	priv->merge = priv->rx_mem + priv->rx_posted * stride + 2;
	for (unsigned int i = 0; i < priv->rx_posted && !ret; i++) {
		priv->rx[i].data = priv->rx_mem + i * stride + 2;
		ret = rx_post(priv, &priv->rx[i]);
	}
	return ret;
}

/* The device was reset by the uclass before this: nothing writes here */
static int virtio_net_remove(struct udevice *dev)
{
	struct virtio_net_priv *priv = dev_get_priv(dev);

	dma_free(priv->rx_mem);
	priv->rx_mem = NULL;
	return 0;
}

static const struct eth_ops virtio_net_ops = {
	.start = virtio_net_start,
	.send = virtio_net_send,
	.recv = virtio_net_recv,
	.free_pkt = virtio_net_free_pkt,
	.read_rom_hwaddr = virtio_net_read_rom_hwaddr,
};

EMBER_DRIVER(virtio_net) = {
	.name = "virtio-net",
	.id = UCLASS_ETH,
	.probe = virtio_net_probe,
	.remove = virtio_net_remove,
	.priv_size = sizeof(struct virtio_net_priv),
	.ops = &virtio_net_ops,
};

static const u32 virtio_net_ids[] = { VIRTIO_ID_NET, 0 };
static const int virtio_net_features[] = {
	VIRTIO_NET_F_MAC, VIRTIO_NET_F_MRG_RXBUF, VIRTIO_NET_F_STATUS,
#ifdef CONFIG_VIRTIO_NET_GUEST_TSO
	VIRTIO_NET_F_GUEST_CSUM, VIRTIO_NET_F_GUEST_TSO4,
#endif
	-1
};

/* §5.1.3.1: { a feature, the feature it needs } */
static const u8 virtio_net_feature_deps[][2] = {
	{ VIRTIO_NET_F_GUEST_TSO4, VIRTIO_NET_F_GUEST_CSUM }, { 0, 0 }
};

/* §5.1.3, for 'virtio info' */
static const char *const virtio_net_feature_names[VIRTIO_FEATURE_BITS] = {
	[0] = "CSUM", [1] = "GUEST_CSUM", [2] = "CTRL_GUEST_OFFLOADS",
	[3] = "MTU", [5] = "MAC", [6] = "GSO", [7] = "GUEST_TSO4",
	[8] = "GUEST_TSO6", [9] = "GUEST_ECN", [10] = "GUEST_UFO",
	[11] = "HOST_TSO4", [12] = "HOST_TSO6", [13] = "HOST_ECN",
	[14] = "HOST_UFO", [15] = "MRG_RXBUF", [16] = "STATUS",
	[17] = "CTRL_VQ", [18] = "CTRL_RX", [19] = "CTRL_VLAN",
	[20] = "CTRL_RX_EXTRA", [21] = "GUEST_ANNOUNCE", [22] = "MQ",
	[23] = "CTRL_MAC_ADDR", [54] = "GUEST_USO4", [55] = "GUEST_USO6",
	[56] = "HOST_USO", [57] = "HASH_REPORT", [59] = "GUEST_HDRLEN",
	[60] = "RSS", [61] = "RSC_EXT", [62] = "STANDBY",
	[63] = "SPEED_DUPLEX",
};

VIRTIO_DRIVER(virtio_net) = {
	.name = "virtio-net",
	.ids = virtio_net_ids,
	.features = virtio_net_features,
	.feature_deps = virtio_net_feature_deps,
	.feature_names = virtio_net_feature_names,
	.driver = DM_DRIVER_GET(virtio_net),
};
