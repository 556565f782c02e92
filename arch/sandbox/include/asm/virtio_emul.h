// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Test hooks of the sandbox's virtio device models (drivers/virtio/emul/),
 * the devices of UCLASS_VIRTIO_EMUL. A virtio-mmio model is a DT node
 *   compatible = "sandbox,virtio-mmio-emul";
 *   ember,window = <base size>;    (where the transport's 'reg' points)
 *   ember,device-id = <4>;         ember,version = <1 or 2>;
 * and answers the real virtio-mmio driver at register level, including the
 * device side of split virtqueues; a virtio-pci model is a function of the
 * PCI model (asm/pci_emul.h) with compatible "sandbox,virtio-pci-emul".
 * Both run one device core, so every hook works on either. Tests find a
 * model by its DT node name and switch faults on.
 */
#ifndef __ASM_VIRTIO_EMUL_H
#define __ASM_VIRTIO_EMUL_H

#include <types.h>

struct udevice;

enum virtio_emul_fault {
	EMUL_FAULT_BAD_MAGIC	= 1 << 0,	/* magic reads wrong */
	EMUL_FAULT_REFUSE_FEATURES = 1 << 1,	/* FEATURES_OK never sticks */
	EMUL_FAULT_USED_ID	= 1 << 2,	/* used id out of range */
	EMUL_FAULT_USED_LEN	= 1 << 3,	/* used len one beyond the buffer */
	EMUL_FAULT_USED_JUMP	= 1 << 4,	/* used idx jumps ahead */
	EMUL_FAULT_NEEDS_RESET	= 1 << 5,	/* sets DEVICE_NEEDS_RESET */
	EMUL_FAULT_SILENT	= 1 << 6,	/* never completes a buffer */
	EMUL_FAULT_SHORT	= 1 << 7,	/* fills at most short_len bytes */
	EMUL_FAULT_RESET_STUCK	= 1 << 8,	/* status never reads 0 */
	EMUL_FAULT_CONFIG_GEN	= 1 << 9,	/* generation always changes */
	/*
	 * Out of buffers, the device waits for a notification but names a
	 * stale avail_event (two behind), so a driver trusting the event
	 * index never sends one: what lost ordering between the two sides
	 * looks like (QEMU 7.2 under TCG with one vCPU).
	 */
	EMUL_FAULT_STALE_EVENT	= 1 << 10,
	/* The configuration changes under every read (and the generation) */
	EMUL_FAULT_CONFIG_TEAR	= 1 << 11,
	/*
	 * Packed ring: used descriptors without WRITE even when the device
	 * wrote data, as QEMU writes them (§2.8.4 asks for WRITE)
	 */
	EMUL_FAULT_USED_NO_WRITE = 1 << 12,
	/*
	 * Network model, with MRG_RXBUF negotiated: a received frame larger
	 * than a buffer (see EMUL_FAULT_SHORT) continues in the next
	 * buffers, num_buffers saying how many (§5.1.6.4)
	 */
	EMUL_FAULT_RX_MERGE	= 1 << 13,
	/*
	 * Split ring: the notification field of the mode not negotiated says
	 * the opposite of the one that counts: NO_NOTIFY in the used flags
	 * under RING_EVENT_IDX, an avail_event never reached without it
	 * (§2.7.10: the driver ignores the other mode's field)
	 */
	EMUL_FAULT_MIXED_SIGNALS = 1 << 14,
	/*
	 * Network model: received headers carry a flag bit the driver does
	 * not know and junk in the checksum and segmentation fields, with
	 * neither NEEDS_CSUM nor a GSO type (§5.1.6.4: to be ignored)
	 */
	EMUL_FAULT_RX_HDR_JUNK	= 1 << 15,
	/* Block model: every request ends with status IOERR, nothing moved */
	EMUL_FAULT_BLK_IOERR	= 1 << 16,
	/* Block model: every request ends with status UNSUPP */
	EMUL_FAULT_BLK_UNSUPP	= 1 << 17,
	/*
	 * Block model: the request is served and its status written, but
	 * the used length leaves the status byte out (§5.2.6: it is the
	 * last byte the device writes)
	 */
	EMUL_FAULT_BLK_SHORT_USED = 1 << 18,
	/* Block model: the status byte is 0x55, no status the spec has */
	EMUL_FAULT_BLK_BAD_STATUS = 1 << 19,
	/* An interrupt also sets InterruptStatus bit 7, which means nothing */
	EMUL_FAULT_ISR_JUNK	= 1 << 20,
	/*
	 * SCSI model (virtio_emul_scsi.c): each unit answers its next
	 * command CHECK CONDITION, UNIT ATTENTION 29/00 (a reset occurred),
	 * once; set again, once more
	 */
	EMUL_FAULT_SCSI_UA	= 1 << 21,
	/* SCSI model: every command ends with status BUSY */
	EMUL_FAULT_SCSI_BUSY	= 1 << 22,
	/*
	 * SCSI model: every command ends CHECK CONDITION, HARDWARE ERROR,
	 * with a sense_len larger than the sense buffer
	 */
	EMUL_FAULT_SCSI_SENSE_LONG = 1 << 23,
	/* SCSI model: a residual one byte larger than the transfer */
	EMUL_FAULT_SCSI_RESIDUAL = 1 << 24,
	/* SCSI model: REPORT LUNS says its list is 0xfffffff8 bytes long */
	EMUL_FAULT_SCSI_LUNS_HUGE = 1 << 25,
	/* SCSI model: REPORT LUNS lists every LUN twice */
	EMUL_FAULT_SCSI_LUNS_DUP = 1 << 26,
	/*
	 * SCSI model: READ CAPACITY (10) answers last LBA 0xffffffff, so
	 * that the driver asks READ CAPACITY (16), which answers the truth
	 */
	EMUL_FAULT_SCSI_CAP16	= 1 << 27,
	/*
	 * SCSI model: READ CAPACITY (10 and 16) report the block size
	 * opts.cap_blk_size (0, 3, huge...) instead of the unit's
	 */
	EMUL_FAULT_SCSI_CAP_BLKSZ = 1 << 28,
	/*
	 * SCSI model: a read covering block opts.medium_error_lba ends
	 * CHECK CONDITION, MEDIUM ERROR 11/00 (unrecovered read error)
	 */
	EMUL_FAULT_SCSI_MEDIUM	= 1 << 29,
	/*
	 * SCSI model: every command's response is opts.response
	 * (VIRTIO_SCSI_S_BAD_TARGET, _FAILURE, _TRANSPORT_FAILURE ...)
	 */
	EMUL_FAULT_SCSI_RESPONSE = 1 << 30,
};

/** struct virtio_emul_stats - what the model saw, for assertions */
struct virtio_emul_stats {
	u32 notifies;		/* QueueNotify writes */
	u32 buffers;		/* buffers completed */
	u32 indirect;		/* of which through an indirect table */
	u32 max_chain;		/* longest chain seen */
	u32 status_writes;
	u8 status_log[16];	/* first status values written */
	u64 driver_features;
	u32 resets;
	u32 parked;		/* times a queue waited for a notification */
	/*
	 * Used buffer notifications (interrupts) sent: the ring's suppression
	 * (NO_INTERRUPT, used_event, the packed driver area) let them through;
	 * each sets bit 0 of the interrupt status until the driver acks it
	 */
	u32 interrupts;
	/*
	 * Driver-protocol rules broken, as the models' checker sees them:
	 * split ring: avail flags other than 0 under RING_EVENT_IDX
	 * (§2.7.7.1), a head out of range; packed ring: driver area flags
	 * (§2.8.14), a chain exposed before its end (§2.8.17); both: a chain
	 * longer than the queue or looping, readable pieces after writable
	 * ones, indirect descriptors without the feature, with NEXT or
	 * nested (§2.7.5.3.1, §2.8.19). Tests assert it stays 0.
	 */
	u32 violations;
};

/** sandbox_virtio_emul_get() - the model whose DT node is @name, probed */
struct udevice *sandbox_virtio_emul_get(const char *name);
/**
 * sandbox_virtio_emul_transport() - the transport device model @emul
 * answers: the virtio-mmio transport whose 'reg' is the model's window, or
 * the PCI function at the model's place on the bus
 * Return: 0; -ENODEV when @emul is not started; -ENOENT when no transport
 * is there
 */
int sandbox_virtio_emul_transport(struct udevice *emul, struct udevice **devp);
void sandbox_virtio_emul_set_faults(struct udevice *emul, u32 faults);
void sandbox_virtio_emul_set_short(struct udevice *emul, u32 bytes);
/** ..._set_features() - override the offered feature bits */
void sandbox_virtio_emul_set_features(struct udevice *emul, u64 features);
/**
 * ..._set_version() - the virtio-mmio version the model reports (before
 * its transport probes): 1, 2, or another to test an unknown one
 */
void sandbox_virtio_emul_set_version(struct udevice *emul, u32 version);
/**
 * ..._set_device_id() - the device ID the model reports (before its
 * transport probes); its function (backend) stays what it was
 */
void sandbox_virtio_emul_set_device_id(struct udevice *emul, u32 id);
/** ..._features() - the feature bits the model offers */
u64 sandbox_virtio_emul_features(struct udevice *emul);
/** ..._set_notify_suppress() - have the device ask for no kicks */
void sandbox_virtio_emul_set_no_notify(struct udevice *emul, bool no_notify);
/** ..._set_deferred() - complete buffers only on ..._complete() */
void sandbox_virtio_emul_set_deferred(struct udevice *emul, bool deferred);
/** ..._complete() - process what the driver made available */
void sandbox_virtio_emul_complete(struct udevice *emul);
struct virtio_emul_stats *sandbox_virtio_emul_stats(struct udevice *emul);
/** ..._isr() - the interrupt status the model's transport reads out */
u32 sandbox_virtio_emul_isr(struct udevice *emul);
/** ..._isr_raise() - an interrupt as for a used buffer (the status's bit 0) */
void sandbox_virtio_emul_isr_raise(struct udevice *emul);
/**
 * sandbox_virtio_emul_net_peer() - network model: @port 0 gives its local
 * UDP port; another value makes it exchange frames with 127.0.0.1:@port
 * Return: the port, 0, or errno (-ENODEV: not a network model)
 */
int sandbox_virtio_emul_net_peer(struct udevice *emul, unsigned int port);
/**
 * sandbox_virtio_emul_net_link() - network model: report the link up or
 * down in its status field. Return: 0 or -ENODEV (not a network model)
 */
int sandbox_virtio_emul_net_link(struct udevice *emul, bool up);
/**
 * sandbox_virtio_emul_memory_freed() - the DMA allocator freed @len bytes
 * at @p: a violation for each model with a live queue there (the driver
 * gave back ring memory the device may still use)
 */
void sandbox_virtio_emul_memory_freed(const void *p, size_t len);
/**
 * struct virtio_emul_blk_opts - what the block model offers. From its DT
 * node at start (ember,read-only, ember,no-flush, ember,blk-size,
 * ember,size-max, ember,seg-max, ember,serial), or set by a test before
 * its driver probes.
 * @read_only: offers RO; writes end IOERR and change nothing
 * @no_flush: does not offer FLUSH
 * @blk_size: blk_size, with BLK_SIZE (always offered; 512 by default, any
 *	value, sane or not, for tests of the driver's checks)
 * @size_max: size_max, with SIZE_MAX; 0: SIZE_MAX not offered (default)
 * @seg_max: seg_max, with SEG_MAX; 0: not offered (default: 14, what
 *	the model serves: EMUL_MAX_SEGS pieces in all)
 * @serial: the answer to GET_ID (default: the model's node name)
 */
struct virtio_emul_blk_opts {
	bool read_only;
	bool no_flush;
	u32 blk_size;
	u32 size_max;
	u32 seg_max;
	char serial[21];
};

/** struct virtio_emul_blk_stats - what the block model served */
struct virtio_emul_blk_stats {
	u32 reads;
	u32 writes;
	u32 flushes;
	u32 get_ids;
	u32 others;		/* requests of types it does not know */
	u32 max_segs;		/* most data pieces in one request */
	u32 max_bytes;		/* most data bytes in one request */
	u32 max_batch;		/* most requests served for one notification */
};

/**
 * sandbox_virtio_emul_blk_opts() / ..._blk_set_opts() - read, or change
 * (before the driver probes: the offered features follow), the block
 * model's options. Return: 0, or -ENODEV when @emul is not a block model
 */
int sandbox_virtio_emul_blk_opts(struct udevice *emul,
				 struct virtio_emul_blk_opts *opts);
int sandbox_virtio_emul_blk_set_opts(struct udevice *emul,
				     const struct virtio_emul_blk_opts *opts);
/** ..._blk_stats() - the block model's statistics, or NULL: not one */
struct virtio_emul_blk_stats *sandbox_virtio_emul_blk_stats(struct udevice *emul);
/**
 * sandbox_virtio_emul_blk_rw() - read (or @write) @len bytes of the block
 * model's disk at byte @off directly, as a test sets or checks its
 * contents. Return: 0; -ENODEV not a block model; -ERANGE past its end;
 * -EIO the host file failed
 */
int sandbox_virtio_emul_blk_rw(struct udevice *emul, u64 off, void *buf,
			       u32 len, bool write);
#define VIRTIO_EMUL_SCSI_UNITS	8

/**
 * struct virtio_emul_scsi_unit - a logical unit of the SCSI model
 * @present: the unit exists
 * @target, @lun: its address (§5.6.6: target up to 255, LUN up to 16383)
 * @read_only: MODE SENSE says WP; writes end DATA PROTECT 27/00
 * @cdrom: INQUIRY says type 5 (a CD-ROM); read-only
 * @no_medium: TEST UNIT READY ends NOT READY 3a/00
 * @not_ready: the first this many TEST UNIT READYs end NOT READY 04/01
 *	(becoming ready)
 * @blk_size: its logical block size (512 by default; 2048 for a CD-ROM)
 * @blocks: blocks of an in-memory medium (4 MiB of zeroes by default)
 * @disk: the Nth --virtio-scsi[-ro] file as its medium, or -1: memory
 */
struct virtio_emul_scsi_unit {
	bool present;
	u8 target;
	u16 lun;
	bool read_only;
	bool cdrom;
	bool no_medium;
	u32 not_ready;
	u32 blk_size;
	u32 blocks;
	int disk;
};

/**
 * struct virtio_emul_scsi_opts - what the SCSI model (virtio_emul_scsi.c)
 * is: its configuration (§5.6.4), its units, and the values some faults
 * use. From its DT node at start (ember,max-target (255), ember,max-lun
 * (16383), ember,seg-max (14), ember,max-sectors (0xffff),
 * ember,cmd-per-lun (128); with ember,scsi-disks, one unit per
 * --virtio-scsi[-ro] option, at target 0, LUN 0, 1, 2 ...; none
 * otherwise), or set by a test before the driver probes.
 * @cdb_size, @sense_size: their values after a reset (32, 96 by default)
 * @response: for EMUL_FAULT_SCSI_RESPONSE
 * @cap_blk_size: for EMUL_FAULT_SCSI_CAP_BLKSZ
 * @medium_error_lba: for EMUL_FAULT_SCSI_MEDIUM
 */
struct virtio_emul_scsi_opts {
	u32 seg_max;
	u32 max_sectors;
	u32 cmd_per_lun;
	u32 cdb_size;
	u32 sense_size;
	u16 max_target;
	u32 max_lun;
	struct virtio_emul_scsi_unit unit[VIRTIO_EMUL_SCSI_UNITS];
	u8 response;
	u32 cap_blk_size;
	u64 medium_error_lba;
};

/** struct virtio_emul_scsi_stats - what the SCSI model served */
struct virtio_emul_scsi_stats {
	u32 commands;		/* request queue buffers served */
	u32 reads;		/* READ (10) and (16) */
	u32 writes;		/* WRITE (10) and (16) */
	u32 syncs;		/* SYNCHRONIZE CACHE (10) */
	u32 inquiries;
	u32 report_luns;
	u32 read_caps;		/* (10) and (16) */
	u32 mode_senses;
	u32 turs;
	u32 unknown;		/* answered INVALID COMMAND OPERATION CODE */
	u32 bad_target;		/* answered BAD_TARGET */
	u32 tmfs;		/* control queue requests */
	u32 max_in_flight;	/* most commands the device held at once */
	u32 max_batch;		/* most commands served for one notification */
	u32 max_bytes;		/* most data bytes in one command */
	/*
	 * Of the violations (virtio_emul_stats), those of rules the driver
	 * keeps by what the units said: transfer lengths in block sizes,
	 * ranges inside capacities, no writes to a write-protected unit (a
	 * tampered answer may mislead it)
	 */
	u32 told_violations;
};

/**
 * struct virtio_emul_scsi_answer - the answer the SCSI model is about to
 * give a command, for a test's (or the fuzzer's) tamper hook to change:
 * @data holds @data_len bytes of data in (NULL for a READ: those come
 * from the medium), @room bytes of room
 */
struct virtio_emul_scsi_answer {
	const u8 *cdb;
	u8 target;
	u16 lun;
	u8 response;
	u8 status;
	u32 sense_len;
	u8 sense[96];
	u32 residual;
	u8 *data;
	u32 data_len;
	u32 room;
};

typedef void (*virtio_emul_scsi_tamper)(void *ctx,
					struct virtio_emul_scsi_answer *a);

/**
 * sandbox_virtio_emul_scsi_opts() / ..._scsi_set_opts() - read, or change
 * (before the driver probes), the SCSI model's options; its units' media
 * are set up again. Return: 0, -ENODEV when @emul is not a SCSI model,
 * -ENOMEM, or the error opening a unit's file
 */
int sandbox_virtio_emul_scsi_opts(struct udevice *emul,
				  struct virtio_emul_scsi_opts *opts);
int sandbox_virtio_emul_scsi_set_opts(struct udevice *emul,
				      const struct virtio_emul_scsi_opts *opts);
/** ..._scsi_stats() - the SCSI model's statistics, or NULL: not one */
struct virtio_emul_scsi_stats *sandbox_virtio_emul_scsi_stats(struct udevice *emul);
/**
 * sandbox_virtio_emul_scsi_rw() - read (or @write) @len bytes of the
 * medium of the SCSI model's unit @unit (an index in opts.unit) at byte
 * @off. Return: 0; -ENODEV not a SCSI model or no such unit; -ERANGE past
 * its end; -EIO the host file failed
 */
int sandbox_virtio_emul_scsi_rw(struct udevice *emul, unsigned int unit,
				u64 off, void *buf, u32 len, bool write);
/**
 * sandbox_virtio_emul_scsi_set_tamper() - have @fn(@ctx, answer) called
 * with every answer of the request queue before it is written (NULL: none)
 * Return: 0 or -ENODEV (not a SCSI model)
 */
int sandbox_virtio_emul_scsi_set_tamper(struct udevice *emul,
					virtio_emul_scsi_tamper fn, void *ctx);
/**
 * sandbox_virtio_emul_scsi_event() - complete one buffer the driver gave
 * the event queue with @event (and @lun), as a device reporting a hot-plug
 * or a reset does. Return: 0, -ENODEV (not a SCSI model), -ENOENT (no
 * buffer held)
 */
int sandbox_virtio_emul_scsi_event(struct udevice *emul, u32 event,
				   const u8 lun[8]);

/** ..._rng_byte() - the deterministic entropy stream, byte @n */
u8 sandbox_virtio_emul_rng_byte(u64 n);

#endif
