// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The virtio uclass: matches a driver to each transport by device ID and
 * runs the device initialisation of VIRTIO 1.2 §3.1.1, written once here
 * for every transport and every device driver.
 */
#define LOG_CATEGORY "virtio"

#include <asm/io.h>
#include <dm.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>

/*
 * Ring and transport features the core implements. ACCESS_PLATFORM: Ember
 * hands devices the addresses its DMA memory has on the bus (identity, no
 * IOMMU set up), which is what the platform's translation gives them;
 * ORDER_PLATFORM: its ring barriers are the platform's (dmb/dsb on arm64),
 * not SMP-only ones. Both hold, so both are accepted when offered.
 * RING_PACKED: the packed ring (virtio_ring_packed.c) when the device
 * offers it, the split ring otherwise; legacy devices cannot offer it.
 */
#define CORE_FEATURES	(BIT_ULL(VIRTIO_F_RING_INDIRECT_DESC) | \
			 BIT_ULL(VIRTIO_F_RING_EVENT_IDX) | \
			 BIT_ULL(VIRTIO_F_RING_PACKED) | \
			 BIT_ULL(VIRTIO_F_VERSION_1) | \
			 BIT_ULL(VIRTIO_F_ACCESS_PLATFORM) | \
			 BIT_ULL(VIRTIO_F_ORDER_PLATFORM))

/* The longest configuration field a driver reads at once */
#define CONFIG_CHECK_MAX	64
/* Tries of a configuration read while the generation keeps changing */
#define CONFIG_TRIES	16
/* How long a device may take to read back 0 after a reset */
#define VIRTIO_RESET_TIMEOUT_US	100000

static const struct virtio_transport_ops *ops(struct udevice *transport)
{
	return transport->driver->ops;
}

static struct udevice *transport_of(struct udevice *vdev)
{
	return vdev->parent;
}

struct virtio_dev_priv *virtio_get_priv(struct udevice *vdev)
{
	return dev_get_uclass_priv(transport_of(vdev));
}

bool virtio_has_feature(struct udevice *vdev, unsigned int bit)
{
	return virtio_get_priv(vdev)->features & BIT_ULL(bit);
}

bool virtio_is_legacy(struct udevice *vdev)
{
	return virtio_get_priv(vdev)->legacy;
}

int virtio_get_info(struct udevice *dev, struct virtio_info *info)
{
	struct virtio_dev_priv *uc = dev_get_uclass_priv(dev);
	struct virtqueue *vq;

	memset(info, 0, sizeof(*info));
	ops(dev)->describe(dev, info->where, sizeof(info->where));
	info->device = uc->device;
	info->vendor = uc->vendor;
	info->legacy = uc->legacy;
	info->vdrv = uc->vdrv;
	info->state = uc->state;
	info->error = uc->error;
	info->offered = uc->offered;
	info->features = uc->features;
	list_for_each_entry(vq, &uc->vqs, list)
		info->num_vqs++;
	return ops(dev)->get_status(dev, &info->status);
}

int virtio_get_vq_info(struct udevice *dev, unsigned int n,
		       struct virtqueue_info *info)
{
	struct virtio_dev_priv *uc = dev_get_uclass_priv(dev);
	struct virtqueue *vq;

	list_for_each_entry(vq, &uc->vqs, list) {
		if (!n--) {
			virtqueue_get_info(vq, info);
			return 0;
		}
	}
	return -ENOENT;
}

static const struct virtio_driver *find_virtio_driver(u32 device)
{
	ll_foreach(struct virtio_driver, vdrv, virtio_driver) {
		for (const u32 *id = vdrv->ids; *id; id++) {
			if (*id == device)
				return vdrv;
		}
	}
	return NULL;
}

/*
 * Bits the driver can use: its table, plus the core's transport bits. A
 * legacy device's ANY_LAYOUT is accepted, as a transitional driver must
 * (§6.3): Ember's buffers keep every layout the feature allows, so it
 * changes nothing here. Modern devices have no such bit (§6).
 */
static u64 driver_features(const struct virtio_driver *vdrv, bool legacy)
{
	u64 f = CORE_FEATURES;

	if (legacy)
		f = (f & ~BIT_ULL(VIRTIO_F_VERSION_1)) |
		    BIT_ULL(VIRTIO_F_ANY_LAYOUT);
	for (const int *bit = vdrv->features; bit && *bit >= 0; bit++) {
		if (virtio_is_device_feature(*bit))
			f |= BIT_ULL(*bit);
	}
	return f;
}

static int add_status(struct udevice *transport, u8 bits)
{
	u8 status;
	int ret = ops(transport)->get_status(transport, &status);

	if (!ret)
		ret = ops(transport)->set_status(transport, status | bits);
	return ret;
}

/*
 * @wanted without the features whose prerequisite it lacks (§2.2.1),
 * repeated until none is left, as one may need another that goes
 */
static u64 drop_orphans(const struct virtio_driver *vdrv, u64 wanted)
{
	bool changed = vdrv->feature_deps;

	while (changed) {
		changed = false;
		for (const u8 (*d)[2] = vdrv->feature_deps; (*d)[0]; d++) {
			if (wanted & BIT_ULL((*d)[0]) &&
			    !(wanted & BIT_ULL((*d)[1]))) {
				wanted &= ~BIT_ULL((*d)[0]);
				changed = true;
			}
		}
	}
	return wanted;
}

/* VIRTIO 1.2 §3.1.1 steps 4-6: negotiate, then FEATURES_OK and read back */
static int negotiate(struct udevice *transport, struct virtio_dev_priv *uc)
{
	const struct virtio_transport_ops *t = ops(transport);
	u64 offered, wanted;
	u8 status;
	int ret;

	ret = t->get_features(transport, &offered);
	if (ret)
		return ret;
	uc->offered = offered;
	if (!uc->legacy && !(offered & BIT_ULL(VIRTIO_F_VERSION_1))) {
		dev_err(transport, "modern device does not offer VERSION_1 (features %#llx)\n",
			(unsigned long long)offered);
		return -EIO;
	}
	wanted = drop_orphans(uc->vdrv,
			      offered & driver_features(uc->vdrv, uc->legacy));
	if (uc->legacy)
		wanted &= 0xffffffffULL;
	ret = t->set_features(transport, wanted);
	if (ret)
		return ret;
	uc->features = wanted;
	if (uc->legacy)
		return 0;	/* legacy devices have no FEATURES_OK */
	ret = add_status(transport, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!ret)
		ret = t->get_status(transport, &status);
	if (ret)
		return ret;
	if (!(status & VIRTIO_CONFIG_S_FEATURES_OK)) {
		dev_err(transport, "device refused features %#llx (offered %#llx)\n",
			(unsigned long long)wanted,
			(unsigned long long)offered);
		return -EIO;
	}
	return 0;
}

static void set_failed(struct udevice *transport, struct virtio_dev_priv *uc,
		       int err)
{
	uc->state = VIRTIO_STATE_FAILED;
	uc->error = err;
	add_status(transport, VIRTIO_CONFIG_S_FAILED);
}

/*
 * Reset, for every transport (§2.4.1, §4.1.4.3.2, §4.2.2.2): write 0 to the
 * status, then wait, bounded, until the device reads back 0.
 */
static int virtio_reset(struct udevice *transport)
{
	const struct virtio_transport_ops *t = ops(transport);
	u8 status = 0xff;
	int ret;

	ret = t->set_status(transport, 0);
	if (ret)
		return ret;
	ret = poll_timeout_us(!t->get_status(transport, &status) && !status,
			      VIRTIO_RESET_TIMEOUT_US);
	if (ret)
		dev_err(transport, "device did not reset (status %#x)\n",
			status);
	return ret;
}

/* Before the device driver's probe: §3.1.1 steps 1-6 */
static int virtio_child_pre_probe(struct udevice *vdev)
{
	struct udevice *transport = transport_of(vdev);
	struct virtio_dev_priv *uc = dev_get_uclass_priv(transport);
	int ret;

	INIT_LIST_HEAD(&uc->vqs);
	uc->features = 0;
	uc->error = 0;
	uc->state = VIRTIO_STATE_NEW;	/* a failed device tried again */
	/* 1: reset; 2: ACKNOWLEDGE; 3: DRIVER */
	ret = virtio_reset(transport);
	if (!ret)
		ret = add_status(transport, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	if (!ret)
		ret = add_status(transport, VIRTIO_CONFIG_S_DRIVER);
	if (!ret)
		ret = negotiate(transport, uc);
	if (ret)
		set_failed(transport, uc, ret);
	return ret;
}

/* After the device driver's probe: step 7 was its set-up; 8: DRIVER_OK */
static int virtio_child_post_probe(struct udevice *vdev)
{
	struct udevice *transport = transport_of(vdev);
	struct virtio_dev_priv *uc = dev_get_uclass_priv(transport);
	int ret = 0;

	if (uc->vdrv->pre_ok)
		ret = uc->vdrv->pre_ok(vdev);
	if (!ret)
		ret = add_status(transport, VIRTIO_CONFIG_S_DRIVER_OK);
	if (!ret && uc->vdrv->post_ok)
		ret = uc->vdrv->post_ok(vdev);
	if (!ret)
		uc->state = VIRTIO_STATE_READY;
	return ret;
}

static void del_vqs(struct udevice *transport, struct virtio_dev_priv *uc)
{
	struct virtqueue *vq, *n;

	list_for_each_entry_safe(vq, n, &uc->vqs, list) {
		ops(transport)->del_vq(transport, vq);
		list_del_init(&vq->list);
		vring_destroy(vq);
	}
}

/*
 * The device driver is about to be removed: reset the device first, so it
 * stops writing into memory the driver is about to free (§3.3.1 asks for a
 * reset before the driver lets go of the device).
 */
static void virtio_child_pre_remove(struct udevice *vdev)
{
	struct udevice *transport = transport_of(vdev);

	virtio_reset(transport);
}

/*
 * The device driver was removed (the device was reset), or its probe
 * failed: then set FAILED, report why, and reset if queues were set up,
 * before their memory is freed.
 */
static void virtio_child_post_remove(struct udevice *vdev)
{
	struct udevice *transport = transport_of(vdev);
	struct virtio_dev_priv *uc = dev_get_uclass_priv(transport);

	if (vdev->probe_err) {
		if (uc->state != VIRTIO_STATE_FAILED) {
			dev_err(transport, "%s: initialisation failed: %d (%s)\n",
				uc->vdrv->name, vdev->probe_err,
				errno_str(vdev->probe_err));
			set_failed(transport, uc, vdev->probe_err);
		}
		/* With no queue, FAILED stays for the host to see */
		if (!list_empty(&uc->vqs))
			virtio_reset(transport);
	} else {
		uc->state = VIRTIO_STATE_NEW;
	}
	del_vqs(transport, uc);
}

int virtio_find_vqs(struct udevice *vdev, unsigned int nvqs,
		    struct virtqueue *vqs[])
{
	struct udevice *transport = transport_of(vdev);
	struct virtio_dev_priv *uc = dev_get_uclass_priv(transport);
	bool packed = uc->features & BIT_ULL(VIRTIO_F_RING_PACKED);
	unsigned int i, max;
	int ret;

	for (i = 0; i < nvqs; i++) {
		ret = ops(transport)->queue_max(transport, i, &max);
		if (!ret && !max)
			ret = -ENOENT;
		if (ret) {
			dev_err(transport, "queue %u is not available (%d)\n",
				i, ret);
			goto fail;
		}
		/*
		 * Legacy devices dictate the size; a split ring's is a power
		 * of two (§2.7), a packed ring's need not be (§2.8)
		 */
		if (!uc->legacy)
			max = min_t(unsigned int, max, VIRTIO_MAX_QUEUE_SIZE);
		if ((!packed && max & (max - 1)) || max > 32768) {
			dev_err(transport, "queue %u: bad size %u\n", i, max);
			ret = -EIO;
			goto fail;
		}
		vqs[i] = vring_create(vdev, i, max, uc->features);
		if (!vqs[i]) {
			ret = -ENOMEM;
			goto fail;
		}
		vqs[i]->legacy = uc->legacy;
		ret = ops(transport)->setup_vq(transport, vqs[i]);
		if (ret) {
			vring_destroy(vqs[i]);
			goto fail;
		}
		list_add_tail(&vqs[i]->list, &uc->vqs);
	}
	return 0;
fail:
	/* Queues already enabled must be stopped before their memory goes */
	if (!list_empty(&uc->vqs))
		virtio_reset(transport);
	del_vqs(transport, uc);
	return ret;
}

int virtio_notify(struct udevice *vdev, struct virtqueue *vq)
{
	struct udevice *transport = transport_of(vdev);

	return ops(transport)->notify(transport, vq);
}

/*
 * The first nap: whether the transport's interrupt can end one (what went
 * wrong, if anything, is said by the irq uclass or the controller)
 */
static bool nap_setup(struct udevice *transport, struct virtio_dev_priv *uc)
{
	const struct virtio_transport_ops *o = ops(transport);

	uc->nap_tried = true;
	uc->can_nap = o->ack_irq &&
		      !(o->irq_wake ? o->irq_wake(transport, &uc->wake) :
				      irq_wake_enable(transport, 0, &uc->wake));
	return uc->can_nap;
}

int virtio_ack_irq(struct udevice *vdev)
{
	struct udevice *transport = transport_of(vdev);

	if (!ops(transport)->ack_irq)
		return -ENOSYS;
	return ops(transport)->ack_irq(transport);
}

/*
 * The controller's latch cleared, then the device's status (its line
 * drops). In the other order an edge between the two would be cleared
 * with the line left high, and the next notification would raise no edge:
 * a nap to the deadline. A level-sensitive interrupt (virtio-pci's INTx)
 * is pending while its line is high whatever the latch says, so either
 * order serves it.
 */
static int quiet(struct udevice *vdev, struct virtio_dev_priv *uc)
{
	irq_wake_clear(&uc->wake);
	return virtio_ack_irq(vdev);
}

bool virtio_nap(struct udevice *vdev, struct virtqueue *vq, u64 max_us)
{
	struct udevice *transport = transport_of(vdev);
	struct virtio_dev_priv *uc = dev_get_uclass_priv(transport);
	int ret;

	if (!uc->can_nap && (uc->nap_tried || !nap_setup(transport, uc)))
		return false;
	if (!irq_wake_ready(&uc->wake))
		return false;	/* the controller is gone */
	/* Disabled at the controller since the last wait ended */
	if (!uc->napped) {
		irq_wake_set(&uc->wake, true);
		uc->napped = true;
	}
	/*
	 * Quiet, then the ring asked to notify, then the ring read: a buffer
	 * used after the read raises the line anew
	 */
	ret = quiet(vdev, uc);
	if (ret)
		return false;
	if (virtqueue_enable_cb(vq)) {
		ret = timer_nap(max_us);
		if (ret >= 0) {
			vq->naps++;
			vq->nap_timeouts += !ret;
		}
	}
	virtqueue_disable_cb(vq);
	if (ret < 0) {
		uc->can_nap = false;	/* the timer cannot end a nap */
		return false;
	}
	/* The re-notification check reads the clock at once after a nap */
	pace_slept(&vq->idle);
	return true;
}

void virtio_nap_end(struct udevice *vdev)
{
	struct udevice *transport = transport_of(vdev);
	struct virtio_dev_priv *uc = dev_get_uclass_priv(transport);

	if (!uc->napped)
		return;
	uc->napped = false;
	if (!irq_wake_ready(&uc->wake))
		return;
	/*
	 * Disabled first: a line the device raises from here on (seen once
	 * in CI, after every buffer was used) ends nobody's WFI. Then quiet,
	 * for a neighbour on a shared INTx line, which enables the same one.
	 * The acknowledgement cannot fail where a nap was taken.
	 */
	irq_wake_set(&uc->wake, false);
	(void)quiet(vdev, uc);
}

int virtio_cread(struct udevice *vdev, unsigned int offset, void *buf,
		 unsigned int len)
{
	struct udevice *transport = transport_of(vdev);
	const struct virtio_transport_ops *t = ops(transport);
	u8 check[CONFIG_CHECK_MAX];
	u32 before, after;
	int ret;

	/* A legacy read is checked by a second one: no longer than that */
	if (len > sizeof(check)) {
		dev_err(transport, "configuration read of %u bytes at %u is too long\n",
			len, offset);
		return -EINVAL;
	}
	for (int i = 0; i < CONFIG_TRIES; i++) {
		/* A legacy interface has no counter, whatever the transport */
		if (t->generation && !virtio_is_legacy(vdev)) {
			ret = t->generation(transport, &before);
			if (!ret)
				ret = t->get_config(transport, offset, buf, len);
			if (!ret)
				ret = t->generation(transport, &after);
			if (ret || before == after)
				return ret;
			continue;
		}
		/* Legacy: no counter; read until two reads agree (§2.5.2) */
		ret = t->get_config(transport, offset, buf, len);
		if (ret)
			return ret;
		ret = t->get_config(transport, offset, check, len);
		if (ret || !memcmp(buf, check, len))
			return ret;
	}
	dev_err(transport, "configuration keeps changing at offset %u\n",
		offset);
	return -EIO;
}

int virtio_cwrite(struct udevice *vdev, unsigned int offset, const void *buf,
		  unsigned int len)
{
	struct udevice *transport = transport_of(vdev);

	return ops(transport)->set_config(transport, offset, buf, len);
}

/* Configuration fields are little-endian (legacy: guest order, also LE) */
int virtio_cread_u8(struct udevice *vdev, unsigned int offset, u8 *valp)
{
	return virtio_cread(vdev, offset, valp, 1);
}

int virtio_cread_u16(struct udevice *vdev, unsigned int offset, u16 *valp)
{
	u8 b[2];
	int ret = virtio_cread(vdev, offset, b, 2);

	if (!ret)
		*valp = b[0] | b[1] << 8;
	return ret;
}

int virtio_cread_u32(struct udevice *vdev, unsigned int offset, u32 *valp)
{
	u8 b[4];
	int ret = virtio_cread(vdev, offset, b, 4);

	if (!ret)
		*valp = b[0] | b[1] << 8 | b[2] << 16 | (u32)b[3] << 24;
	return ret;
}

int virtio_cread_u64(struct udevice *vdev, unsigned int offset, u64 *valp)
{
	u8 b[8];
	int ret = virtio_cread(vdev, offset, b, 8);

	if (!ret) {
		*valp = 0;
		for (int i = 7; i >= 0; i--)
			*valp = *valp << 8 | b[i];
	}
	return ret;
}

void virtio_config_io_read(const void *p, void *buf, unsigned int len)
{
	const u8 *src = p;
	u32 v;
	u16 w;

	if (len == 2 && !((uintptr_t)src & 1)) {
		w = readw(src);
		memcpy(buf, &w, 2);
	} else if ((len == 4 || len == 8) && !((uintptr_t)src & 3)) {
		/* 64-bit fields as two 32-bit halves */
		for (unsigned int i = 0; i < len; i += 4) {
			v = readl(src + i);
			memcpy((u8 *)buf + i, &v, 4);
		}
	} else {
		for (unsigned int i = 0; i < len; i++)
			((u8 *)buf)[i] = readb(src + i);
	}
}

void virtio_config_io_write(void *p, const void *buf, unsigned int len)
{
	u8 *dst = p;
	u32 v;
	u16 w;

	if (len == 2 && !((uintptr_t)dst & 1)) {
		memcpy(&w, buf, 2);
		writew(w, dst);
	} else if ((len == 4 || len == 8) && !((uintptr_t)dst & 3)) {
		/* 64-bit fields as two 32-bit halves, as they are read */
		for (unsigned int i = 0; i < len; i += 4) {
			memcpy(&v, (const u8 *)buf + i, 4);
			writel(v, dst + i);
		}
	} else {
		for (unsigned int i = 0; i < len; i++)
			writeb(((const u8 *)buf)[i], dst + i);
	}
}

int virtio_check_status(struct udevice *vdev)
{
	struct udevice *transport = transport_of(vdev);
	u8 status;
	int ret = ops(transport)->get_status(transport, &status);

	if (ret)
		return ret;
	if (status & VIRTIO_CONFIG_S_NEEDS_RESET) {
		dev_err(transport, "device needs a reset (status %#x)\n",
			status);
		return -EIO;
	}
	return 0;
}

static const char *const core_feature_names[] = {
	[VIRTIO_F_NOTIFY_ON_EMPTY] = "NOTIFY_ON_EMPTY",
	[VIRTIO_F_ANY_LAYOUT] = "ANY_LAYOUT",
	[VIRTIO_F_RING_INDIRECT_DESC] = "RING_INDIRECT_DESC",
	[VIRTIO_F_RING_EVENT_IDX] = "RING_EVENT_IDX",
	[VIRTIO_F_VERSION_1] = "VERSION_1",
	[VIRTIO_F_ACCESS_PLATFORM] = "ACCESS_PLATFORM",
	[VIRTIO_F_RING_PACKED] = "RING_PACKED",
	[VIRTIO_F_IN_ORDER] = "IN_ORDER",
	[VIRTIO_F_ORDER_PLATFORM] = "ORDER_PLATFORM",
	[VIRTIO_F_SR_IOV] = "SR_IOV",
	[VIRTIO_F_NOTIFICATION_DATA] = "NOTIFICATION_DATA",
	[VIRTIO_F_NOTIF_CONFIG_DATA] = "NOTIF_CONFIG_DATA",
	[VIRTIO_F_RING_RESET] = "RING_RESET",
};

const char *virtio_feature_name(const struct virtio_driver *vdrv,
				unsigned int bit)
{
	if (virtio_is_device_feature(bit))
		return vdrv && vdrv->feature_names ? vdrv->feature_names[bit] :
						     NULL;
	if (bit < ARRAY_SIZE(core_feature_names))
		return core_feature_names[bit];
	return NULL;
}

/* A transport must implement every mandatory op (STYLE rule 4) */
static int virtio_pre_probe(struct udevice *transport)
{
	const struct virtio_transport_ops *t = ops(transport);

	if (!t || !t->get_status || !t->set_status ||
	    !t->get_features || !t->set_features || !t->get_config ||
	    !t->set_config || !t->queue_max || !t->setup_vq || !t->del_vq ||
	    !t->notify || !t->describe) {
		dev_err(transport, "transport driver %s lacks mandatory ops\n",
			transport->driver->name);
		return -ENOSYS;
	}
	return 0;
}

/* The transport found a device: bind the driver for its ID */
static int virtio_post_probe(struct udevice *transport)
{
	struct virtio_dev_priv *uc = dev_get_uclass_priv(transport);
	char name[32];
	int ret;

	INIT_LIST_HEAD(&uc->vqs);
	uc->vdrv = find_virtio_driver(uc->device);
	if (!uc->vdrv) {
		uc->state = VIRTIO_STATE_NO_DRIVER;
		return 0;
	}
	snprintf(name, sizeof(name), "%s#%d", uc->vdrv->name, transport->seq);
	ret = device_bind(transport, uc->vdrv->driver, name, NULL,
			  ofnode_null(), &uc->vdev);
	if (!ret)
		ret = device_set_name(uc->vdev, name);
	if (ret) {
		dev_err(transport, "cannot bind %s: %d\n", uc->vdrv->name,
			ret);
		if (uc->vdev)
			device_unbind(uc->vdev);
		uc->vdev = NULL;
		uc->state = VIRTIO_STATE_FAILED;
		uc->error = ret;
	}
	return 0;
}

static int virtio_pre_remove(struct udevice *transport)
{
	struct virtio_dev_priv *uc = dev_get_uclass_priv(transport);

	/* Children are removed first; reset in case none was bound */
	virtio_reset(transport);
	uc->vdev = NULL;
	return 0;
}

/*
 * The one walk of the uclass: probing a transport binds the driver for its
 * device ID (post_probe); @drivers also probes those drivers. Buses (PCI)
 * are up already: their host controllers probe when bound.
 */
static int walk(bool drivers)
{
	struct udevice *dev;
	int found = 0;

	for (uclass_first_device(UCLASS_VIRTIO, &dev); dev;
	     uclass_next_device(&dev)) {
		struct virtio_dev_priv *uc = dev_get_uclass_priv(dev);

		found++;
		/* A failing device is reported by the layer that knows why */
		if (drivers && uc->vdev)
			device_probe(uc->vdev);
	}
	return found;
}

int virtio_init(void)
{
	return walk(false);
}

int virtio_scan(void)
{
	return walk(true);
}

UCLASS_DRIVER(virtio) = {
	.name = "virtio",
	.id = UCLASS_VIRTIO,
	.flags = DM_UC_FLAG_SEQ_ALIAS,
	.pre_probe = virtio_pre_probe,
	.post_probe = virtio_post_probe,
	.pre_remove = virtio_pre_remove,
	.child_pre_probe = virtio_child_pre_probe,
	.child_post_probe = virtio_child_post_probe,
	.child_pre_remove = virtio_child_pre_remove,
	.child_post_remove = virtio_child_post_remove,
	.per_device_size = sizeof(struct virtio_dev_priv),
};
