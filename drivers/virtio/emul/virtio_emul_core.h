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

struct vring_avail;
struct vring_desc;
struct vring_used;

#define EMUL_QUEUES	3	/* queues a backend has at most */
#define EMUL_QUEUES_DEFAULT	2
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
	u32 in_room;	/* writable bytes (EMUL_FAULT_SHORT may cut them) */
	u32 posted;	/* writable bytes, as the driver posted them */
	bool indirect;
	bool quiet;	/* collected again to serve it: checked already */
};

/**
 * struct emul_backend - a device type
 * @device_id: virtio device ID it implements
 * @queues: its virtqueues, at most EMUL_QUEUES (0: EMUL_QUEUES_DEFAULT);
 *	the transports report no others
 * @features: device-specific feature bits offered
 * @init: read DT properties, open files or sockets (optional)
 * @config: the device configuration space, byte @off (optional: 0)
 * @config_width: the width in bytes of the configuration field at @off,
 *	0 where there is none (optional: accesses then go unchecked)
 * @config_writable: whether the driver may write the field at @off
 *	(optional: no field is writable)
 * @config_write: the driver wrote @val, @size bytes, at @off (optional)
 * @process: serve one chain of queue @q; bytes written into its writable
 *           part, or -EAGAIN to keep it for later (rx waiting for input)
 * @poll: deliver pending input (optional)
 */
struct emul_backend {
	u32 device_id;
	u8 queues;
	u64 features;
	int (*init)(struct virtio_emul *e, ofnode node);
	u8 (*config)(struct virtio_emul *e, unsigned int off);
	u8 (*config_width)(struct virtio_emul *e, unsigned int off);
	bool (*config_writable)(struct virtio_emul *e, unsigned int off);
	void (*config_write)(struct virtio_emul *e, unsigned int off, u32 val,
			     int size);
	/* pairs of { feature, the feature it needs }, ended by { 0, 0 } */
	const u8 (*feature_deps)[2];
	int (*process)(struct virtio_emul *e, unsigned int q,
		       struct emul_chain *c);
	/* check a buffer of queue @q when it is first made available */
	void (*check)(struct virtio_emul *e, unsigned int q,
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
	u16 seen_avail;	/* split: the avail index the device last read */
	u16 exposed;	/* slots from last_avail on whose sums are noted */
	u32 slot_sum[EMUL_QUEUE_MAX];	/* each exposed slot, as first seen */
	u16 used_pos;	/* packed: where the next used descriptor goes */
	/* packed: the wrap counters, stored inverted (they start at 1) */
	bool avail_flip, used_flip;
	bool parked;	/* EMUL_FAULT_STALE_EVENT: waits for a notification */
	bool retiring;	/* QueueReady cleared, not yet read back (§4.2.2.2) */
};

struct virtio_emul {
	u32 version;		/* 1 legacy, 2 modern */
	u32 device_id;
	u64 offered;
	u64 driver_features;
	u32 page_size;		/* legacy */
	u32 status;
	u32 generation;
	u32 isr;		/* interrupt status: bit 0 used buffers */
	struct emul_queue q[EMUL_QUEUES];
	u32 faults;
	u32 short_len;
	bool no_notify;
	bool deferred;
	bool in_poll;		/* processing from emul_poll() */
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
/** emul_interrupt() - a used buffer notification: sets the status bit */
void emul_interrupt(struct virtio_emul *e);
void emul_process_queue(struct virtio_emul *e, unsigned int q);
void emul_poll(struct virtio_emul *e);
u8 emul_config(struct virtio_emul *e, unsigned int off);
/**
 * emul_config_write() - the driver wrote @size bytes of device
 * configuration at @off, an access emul_config_access_ok() allowed
 */
void emul_config_write(struct virtio_emul *e, unsigned int off, u32 val,
		       int size);
/** emul_queues() - the virtqueues the device has (its backend's) */
unsigned int emul_queues(struct virtio_emul *e);
/**
 * emul_config_access_ok() - whether the driver may read (or @write) @size
 * bytes of device configuration at @off: one field at its own width, 64-bit
 * fields in 32-bit halves, nothing outside the fields (§4.1.3.1,
 * §4.2.2.2); a violation if not
 */
bool emul_config_access_ok(struct virtio_emul *e, unsigned int off, int size,
			   bool write);
/**
 * emul_config_access_width_ok() - the same, the width rule only when
 * @natural: the legacy virtio-pci structure takes any width (§4.1.4.10
 * sets none), and Ember's legacy transport reads a 64-bit field bytewise
 */
bool emul_config_access_width_ok(struct virtio_emul *e, unsigned int off,
				 int size, bool write, bool natural);
bool emul_queue_live(struct virtio_emul *e, struct emul_queue *q);
/**
 * emul_queue_enable() - a transport made @q live: check what the driver
 * set up (§2.7.1, §2.8.11: alignment; §2.7.10: a zeroed used ring;
 * §2.8.13: a zeroed descriptor ring)
 */
void emul_queue_enable(struct virtio_emul *e, struct emul_queue *q);
/**
 * emul_driver_features() - the driver wrote feature bits: none after
 * FEATURES_OK (§3.1.1); Return: whether to take them
 */
bool emul_driver_features(struct virtio_emul *e);
/** emul_check_features() - at FEATURES_OK: no bit without its base */
void emul_check_features(struct virtio_emul *e);
/**
 * emul_violation() - the driver broke @rule of the protocol: count it and
 * say so (the first EMUL_VIOLATIONS_SHOWN times), naming the model
 */
void emul_violation(struct virtio_emul *e, const char *rule);
/** emul_chain_violation() - the same for a rule about chain @c, unless quiet */
void emul_chain_violation(struct virtio_emul *e, struct emul_chain *c,
			  const char *rule);

/* Shared by the split ring (virtio_emul_core.c) and the packed ring */
/** emul_ring_addrs() - a split ring's parts: from QueuePFN or registers */
void emul_ring_addrs(struct virtio_emul *e, struct emul_queue *q,
		     struct vring_desc **desc, struct vring_avail **avail,
		     struct vring_used **used);
/*
 * Every buffer is checked once, when it is first made available, and must
 * then stay as it is until used (§3.3.1, §2.8.16). Slots are avail ring
 * entries (split) or ring positions (packed); q->exposed of them, from
 * last_avail on, have their checksums in q->slot_sum[].
 * emul_exposed_check() compares them (by @sum) with what they are now;
 * emul_exposed_note() checks the buffers made available since, up to
 * @avail slots, with @note: it stores the sums of one buffer's slots,
 * checks the buffer, and returns how many slots it takes.
 */
typedef u32 (*emul_slot_sum)(struct virtio_emul *e, struct emul_queue *q,
			     u16 slot);
typedef unsigned int (*emul_slot_note)(struct virtio_emul *e,
				       struct emul_queue *q, u16 slot);
void emul_exposed_check(struct virtio_emul *e, struct emul_queue *q,
			emul_slot_sum sum);
void emul_exposed_note(struct virtio_emul *e, struct emul_queue *q,
		       unsigned int avail, emul_slot_note note);
/** emul_check_chain() - what every new buffer @c of queue @q must be */
void emul_check_chain(struct virtio_emul *e, struct emul_queue *q,
		      struct emul_chain *c);
/** emul_exposed_used() - @n slots from last_avail on were used */
void emul_exposed_used(struct emul_queue *q, unsigned int n);
/** emul_sum() - fold @len bytes at @p into the running checksum @sum */
u32 emul_sum(u32 sum, const void *p, u32 len);
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

/** emul_blk_get_opts() / emul_blk_set_opts() - block model: its options */
int emul_blk_get_opts(struct virtio_emul *e, struct virtio_emul_blk_opts *opts);
int emul_blk_set_opts(struct virtio_emul *e,
		      const struct virtio_emul_blk_opts *opts);
/** emul_blk_stats() - block model: its statistics, or NULL */
struct virtio_emul_blk_stats *emul_blk_stats(struct virtio_emul *e);
/** emul_blk_rw() - block model: its disk's bytes, read or written */
int emul_blk_rw(struct virtio_emul *e, u64 off, void *buf, u32 len,
		bool write);

/* Backends (virtio_emul_backends.c; the block device: virtio_emul_blk.c) */
extern const struct emul_backend emul_rng_backend;
extern const struct emul_backend emul_blk_backend;
extern const struct emul_backend emul_net_backend;
extern const struct emul_backend emul_scsi_backend;

/* The SCSI model (virtio_emul_scsi.c): its test hooks' work */
int emul_scsi_get_opts(struct virtio_emul *e,
		       struct virtio_emul_scsi_opts *opts);
int emul_scsi_set_opts(struct virtio_emul *e,
		       const struct virtio_emul_scsi_opts *opts);
struct virtio_emul_scsi_stats *emul_scsi_stats(struct virtio_emul *e);
int emul_scsi_rw(struct virtio_emul *e, unsigned int unit, u64 off,
		 void *buf, u32 len, bool write);
int emul_scsi_set_tamper(struct virtio_emul *e, virtio_emul_scsi_tamper fn,
			 void *ctx);
int emul_scsi_event(struct virtio_emul *e, u32 event, const u8 lun[8]);

#endif
