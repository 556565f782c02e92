// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox virtio device models: the protocol checker, what the device side
 * holds the driver to beyond the registers (those are checked by the
 * transport models). Each broken rule is counted in stats.violations and
 * said, naming the model; the list is in doc/develop/virtio.md ("The
 * protocol checker").
 */
#include <asm/io.h>
#include <byteorder.h>
#include <dm.h>
#include <stdio.h>
#include <virtio.h>
#include <virtio_ring.h>
#include "virtio_emul_core.h"

/* Violations printed per model; all are counted */
#define EMUL_VIOLATIONS_SHOWN	4

void emul_violation(struct virtio_emul *e, const char *rule)
{
	if (e->stats.violations++ < EMUL_VIOLATIONS_SHOWN)
		printf("%s: virtio protocol violation: %s\n", e->name, rule);
}

void emul_chain_violation(struct virtio_emul *e, struct emul_chain *c,
			  const char *rule)
{
	if (!c->quiet)
		emul_violation(e, rule);
}

bool emul_config_access_ok(struct virtio_emul *e, unsigned int off, int size,
			   bool write)
{
	return emul_config_access_width_ok(e, off, size, write, true);
}

bool emul_config_access_width_ok(struct virtio_emul *e, unsigned int off,
				 int size, bool write, bool natural)
{
	u8 width;

	if (!e->backend || !e->backend->config_width)
		return true;
	width = e->backend->config_width(e, off);
	for (int i = 1; i < size && width && !natural; i++)
		width = e->backend->config_width(e, off + i);
	if (!width) {
		emul_violation(e, "an access outside the device's configuration fields");
		return false;
	}
	if (write && !(e->backend->config_writable &&
		       e->backend->config_writable(e, off))) {
		emul_violation(e, "a write to a read-only configuration field");
		return false;
	}
	if (natural && (size != min_t(int, width, 4) || off % size)) {
		emul_violation(e, "a configuration field accessed at another width");
		return false;
	}
	return true;
}

void emul_queue_enable(struct virtio_emul *e, struct emul_queue *q)
{
	bool packed = e->driver_features & BIT_ULL(VIRTIO_F_RING_PACKED);
	struct vring_avail *avail;
	struct vring_used *used;
	struct vring_desc *desc;

	q->seen_avail = 0;
	q->exposed = 0;
	/* §2.7.1, §2.8.11: descriptors 16, driver area 2 (4), device area 4 */
	if (e->version != 1 &&
	    (q->desc % 16 || q->driver % (packed ? 4 : 2) || q->device % 4))
		emul_violation(e, "a ring part not at its alignment");
	if (packed) {
		struct vring_packed_desc *d = map_sysmem(q->desc, 0);

		for (unsigned int i = 0; i < q->num; i++) {
			if (d[i].flags) {
				emul_violation(e, "a packed ring not zeroed when enabled");
				break;
			}
		}
		return;
	}
	emul_ring_addrs(e, q, &desc, &avail, &used);
	if (used->flags || used->idx)
		emul_violation(e, "a used ring not zeroed when enabled");
}

bool emul_driver_features(struct virtio_emul *e)
{
	if (e->status & (VIRTIO_CONFIG_S_FEATURES_OK |
			 VIRTIO_CONFIG_S_DRIVER_OK)) {
		emul_violation(e, "feature bits written after FEATURES_OK");
		return false;
	}
	return true;
}

/* §2.2.1 and the device type's own (§5.1.3.1): no bit without its base */
void emul_check_features(struct virtio_emul *e)
{
	const u8 (*dep)[2] = e->backend ? e->backend->feature_deps : NULL;

	for (; dep && (*dep)[0]; dep++) {
		if (e->driver_features & BIT_ULL((*dep)[0]) &&
		    !(e->driver_features & BIT_ULL((*dep)[1])))
			emul_violation(e, "a feature accepted without the feature it needs");
	}
}

u32 emul_sum(u32 sum, const void *p, u32 len)
{
	const u8 *b = p;

	for (u32 i = 0; i < len; i++)
		sum = (sum ^ b[i]) * 16777619U;		/* FNV-1a */
	return sum;
}

void emul_exposed_check(struct virtio_emul *e, struct emul_queue *q,
			emul_slot_sum sum)
{
	/* At notifications and completions: polls would cost too much */
	if (e->in_poll || !q->num)
		return;
	for (unsigned int i = 0; i < q->exposed; i++) {
		u16 slot = (q->last_avail + i) % q->num;

		if (sum(e, q, slot) != q->slot_sum[slot]) {
			emul_violation(e, "a buffer changed while the device owned it");
			q->exposed = 0;
			return;
		}
	}
}

void emul_exposed_note(struct virtio_emul *e, struct emul_queue *q,
		       unsigned int avail, emul_slot_note note)
{
	unsigned int i = q->exposed;

	avail = min(avail, q->num);
	while (i < avail)
		i += max(note(e, q, (q->last_avail + i) % q->num), 1U);
	q->exposed = min(i, q->num);
}

void emul_check_chain(struct virtio_emul *e, struct emul_queue *q,
		      struct emul_chain *c)
{
	/* §2.7.5.3.1, §2.8.17: no chain longer than the queue */
	if (c->descs > q->num)
		emul_violation(e, "a chain longer than the queue");
	c->posted = c->in_room;
	if (e->backend && e->backend->check)
		e->backend->check(e, q - e->q, c);
}

void emul_exposed_used(struct emul_queue *q, unsigned int n)
{
	q->exposed = q->exposed > n ? q->exposed - n : 0;
}

/* Whether [@start, @end) meets the memory of live queue @q */
static bool ring_overlaps(struct virtio_emul *e, struct emul_queue *q,
			  u64 start, u64 end)
{
	struct { u64 at, len; } part[3];
	bool packed = e->driver_features & BIT_ULL(VIRTIO_F_RING_PACKED);

	if (e->version == 1) {
		u64 avail_end = 16 * q->num + 2 * (3 + q->num);

		part[0].at = (u64)q->pfn * e->page_size;
		part[0].len = ALIGN(avail_end, (u64)q->align) + 6 + 8 * q->num;
		part[1].len = part[2].len = 0;
	} else {
		part[0].at = q->desc;
		part[0].len = 16 * q->num;
		part[1].at = q->driver;
		part[1].len = packed ? 4 : 6 + 2 * q->num;
		part[2].at = q->device;
		part[2].len = packed ? 4 : 6 + 8 * q->num;
	}
	for (int i = 0; i < 3; i++) {
		if (part[i].len && start < part[i].at + part[i].len &&
		    part[i].at < end)
			return true;
	}
	return false;
}

void sandbox_virtio_emul_memory_freed(const void *p, size_t len)
{
	u64 start = map_to_sysmem(p), end = start + len;
	struct udevice *dev;

	for (uclass_find_first_device(UCLASS_VIRTIO_EMUL, &dev); dev;
	     uclass_find_next_device(&dev)) {
		struct virtio_emul *e;

		if (!device_active(dev))
			continue;
		e = dev_get_priv(dev);
		for (unsigned int i = 0; i < EMUL_QUEUES; i++) {
			struct emul_queue *q = &e->q[i];

			if (!ring_overlaps(e, q, start, end))
				continue;
			if (e->status && emul_queue_live(e, q))
				emul_violation(e, "ring memory freed while the device may use it");
			else if (q->retiring)
				emul_violation(e, "ring memory freed before QueueReady was read back as 0");
		}
	}
}
