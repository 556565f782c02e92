// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Between the ring API (virtio_ring.c: the calls drivers make, the split
 * ring, what both ring types share) and the packed ring
 * (virtio_ring_packed.c). Nothing outside drivers/virtio/ includes this.
 */
#ifndef __VIRTIO_RING_PRIV_H
#define __VIRTIO_RING_PRIV_H

#include <compiler.h>
#include <types.h>

struct virtio_sg;
struct virtqueue;
struct virtqueue_info;

/** vring_set_broken() - the device broke the protocol: say so, once */
void __printf(2, 3) vring_set_broken(struct virtqueue *vq, const char *fmt,
				     ...);
/**
 * vring_check_used() - the token of buffer @id, which the device says it
 * used, writing *@lenp bytes (a legacy device's length on a read-only
 * buffer reads as 0); NULL, with the queue broken, when @id is not a
 * buffer in flight or *@lenp is more than it could take
 */
void *vring_check_used(struct virtqueue *vq, u32 id, u32 *lenp);
/** vring_progress() - a used buffer came: the re-notification waits anew */
void vring_progress(struct virtqueue *vq);
/** vring_idle() - nothing came: re-notify the device if it is overdue */
void vring_idle(struct virtqueue *vq);
/** vring_table() - a zeroed indirect table of @n 16-byte descriptors */
void *vring_table(unsigned int n);

/* The packed ring (§2.8): what virtio_ring.c calls when vq->packed */
size_t vring_packed_bytes(unsigned int num);
void vring_packed_init(struct virtqueue *vq);
int vring_packed_add(struct virtqueue *vq, const struct virtio_sg *sg,
		     unsigned int out, unsigned int total, u32 in_len,
		     void *token);
bool vring_packed_need_kick(struct virtqueue *vq);
bool vring_packed_has_used(struct virtqueue *vq);
void *vring_packed_get_buf(struct virtqueue *vq, u32 *lenp);
void vring_packed_detach(struct virtqueue *vq, u16 id);
unsigned int vring_packed_device_holds(struct virtqueue *vq);
void vring_packed_get_info(struct virtqueue *vq, struct virtqueue_info *info);

#endif
