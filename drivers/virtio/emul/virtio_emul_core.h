// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox virtio device models, transport-independent part: device status,
 * features, queues (the device side of split rings), faults, and the
 * backends that give a device its function (entropy, block, network). A
 * transport model (virtio_mmio_emul.c) decodes registers and calls these.
 */
#ifndef __VIRTIO_EMUL_CORE_H
#define __VIRTIO_EMUL_CORE_H

#include <asm/virtio_emul.h>
#include <dm/ofnode.h>
#include <types.h>

#define EMUL_QUEUES	2
#define EMUL_QUEUE_MAX	64
#define EMUL_MAX_SEGS	16
#define EMUL_VENDOR	0x554d4245	/* "EBMU" */

struct virtio_emul;

/** struct emul_seg - one descriptor's buffer, as the device sees it */
struct emul_seg {
	u8 *p;
	u32 len;
	bool write;
};

/*
 * A buffer as the device collected it: its first EMUL_MAX_SEGS pieces
 * (what a backend sees) and the length of the whole chain
 */
struct emul_chain {
	struct emul_seg seg[EMUL_MAX_SEGS];
	int n;
	u32 descs;	/* descriptors in the chain, all of them */
	u32 in_room;	/* writable bytes */
	bool indirect;
};

/**
 * struct emul_backend - a device type
 * @device_id: virtio device ID it implements
 * @features: device-specific feature bits offered
 * @init: read DT properties, open files or sockets (optional)
 * @config: the device configuration space, byte @off (optional: 0)
 * @config_width: the width in bytes of the configuration field at @off,
 *	0 where there is none (optional: accesses then go unchecked)
 * @process: serve one chain of queue @q; bytes written into its writable
 *           part, or -EAGAIN to keep it for later (rx waiting for input)
 * @poll: deliver pending input (optional)
 */
struct emul_backend {
	u32 device_id;
	u64 features;
	int (*init)(struct virtio_emul *e, ofnode node);
	u8 (*config)(struct virtio_emul *e, unsigned int off);
	u8 (*config_width)(struct virtio_emul *e, unsigned int off);
	int (*process)(struct virtio_emul *e, unsigned int q,
		       struct emul_chain *c);
	void (*poll)(struct virtio_emul *e);
	void (*destroy)(struct virtio_emul *e);
};

struct emul_queue {
	u32 num;
	u32 pfn;	/* legacy */
	u32 align;	/* legacy */
	u32 ready;
	u64 desc, driver, device;
	u16 last_avail;	/* split: free-running; packed: a ring position */
	u16 used_pos;	/* packed: where the next used descriptor goes */
	/* packed: the wrap counters, stored inverted (they start at 1) */
	bool avail_flip, used_flip;
	bool parked;	/* EMUL_FAULT_STALE_EVENT: waits for a notification */
};

struct virtio_emul {
	u32 version;		/* 1 legacy, 2 modern */
	u32 device_id;
	u64 offered;
	u64 driver_features;
	u32 page_size;		/* legacy */
	u32 status;
	u32 generation;
	struct emul_queue q[EMUL_QUEUES];
	u32 faults;
	u32 short_len;
	bool no_notify;
	bool deferred;
	const struct emul_backend *backend;
	void *be;		/* backend state */
	u64 rng_pos;
	struct virtio_emul_stats stats;
	const char *name;	/* the model's device name, for messages */
	/* The transport device the model answers (set by the model) */
	int (*transport)(struct udevice *emul, struct udevice **devp);
};

/** emul_init() - set up @e from its DT node (@name: for messages) */
int emul_init(struct virtio_emul *e, const char *name, ofnode node);
void emul_destroy(struct virtio_emul *e);
void emul_write_status(struct virtio_emul *e, u32 val);
u32 emul_read_status(struct virtio_emul *e);
void emul_notify(struct virtio_emul *e, u32 queue);
void emul_process_queue(struct virtio_emul *e, unsigned int q);
void emul_poll(struct virtio_emul *e);
u8 emul_config(struct virtio_emul *e, unsigned int off);
/**
 * emul_config_access_ok() - whether the driver may read (or @write) @size
 * bytes of device configuration at @off: one field at its own width, 64-bit
 * fields in 32-bit halves, nothing outside the fields (§4.1.3.1,
 * §4.2.2.2); a violation if not
 */
bool emul_config_access_ok(struct virtio_emul *e, unsigned int off, int size,
			   bool write);
bool emul_queue_live(struct virtio_emul *e, struct emul_queue *q);
/**
 * emul_violation() - the driver broke @rule of the protocol: count it and
 * say so (the first EMUL_VIOLATIONS_SHOWN times), naming the model
 */
void emul_violation(struct virtio_emul *e, const char *rule);

/* Shared by the split ring (virtio_emul_core.c) and the packed ring */
/** emul_seg_add() - append a piece to @c, checking its place in the chain */
void emul_seg_add(struct virtio_emul *e, struct emul_chain *c, u64 addr,
		  u32 len, bool write);
/** emul_serve() - hand @c to the backend: bytes written, or -EAGAIN */
int emul_serve(struct virtio_emul *e, unsigned int q, struct emul_chain *c);
/** emul_packed_process() - the device side of a packed ring (§2.8),
 * virtio_emul_packed.c */
void emul_packed_process(struct virtio_emul *e, unsigned int qi);

/**
 * emul_net_peer() - network model: with @port 0, its local UDP port;
 * otherwise send frames to 127.0.0.1:@port. Port, 0, or errno.
 */
int emul_net_peer(struct virtio_emul *e, unsigned int port);
/** emul_net_link() - network model: report the link up or down */
int emul_net_link(struct virtio_emul *e, bool up);

/* Backends (virtio_emul_backends.c) */
extern const struct emul_backend emul_rng_backend;
extern const struct emul_backend emul_blk_backend;
extern const struct emul_backend emul_net_backend;

#endif
