// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The sandbox's virtio-scsi model, private: its state, shared by the
 * controller's side (virtio_emul_scsi.c: configuration, queues, checker,
 * test hooks) and the SCSI units' side (virtio_emul_scsi_cmd.c: the
 * commands a unit answers).
 */
#ifndef __VIRTIO_EMUL_SCSI_H
#define __VIRTIO_EMUL_SCSI_H

#include <asm/virtio_emul.h>
#include <types.h>
#include <virtio_scsi.h>

struct emul_chain;
struct virtio_emul;

#define SCSI_EMUL_DATA	1024	/* a command's own data in, at most */

/**
 * struct scsi_emul_unit - a unit's medium and state
 * @o: its options (in the model's opts)
 * @image: the medium in memory, or NULL: @fd
 * @size: bytes, whole blocks
 * @turs: TEST UNIT READYs answered so far (for o->not_ready)
 * @ua_given: EMUL_FAULT_SCSI_UA's unit attention given
 */
struct scsi_emul_unit {
	struct virtio_emul_scsi_unit *o;
	u8 *image;
	int fd;
	u64 size;
	u32 turs;
	bool ua_given;
};

/**
 * struct scsi_emul - the model's state
 * @cdb_size, @sense_size: the configuration's, as the driver may set them
 * @tags: the request tags in flight (checked, not yet served)
 * @resets: e->stats.resets when @tags was last valid
 * @notifies, @batch: commands served for one notification
 * @event, @event_lun: an event to complete (@event_pending)
 */
struct scsi_emul {
	struct virtio_emul_scsi_opts opts;
	struct scsi_emul_unit unit[VIRTIO_EMUL_SCSI_UNITS];
	u32 cdb_size;
	u32 sense_size;
	struct virtio_emul_scsi_stats stats;
	virtio_emul_scsi_tamper tamper;
	void *tamper_ctx;
	u64 tags[64];
	unsigned int ntags;
	u32 resets;
	u32 notifies;
	u32 batch;
	bool event_pending;
	u32 event;
	u8 event_lun[8];
	u8 data[SCSI_EMUL_DATA];
};

/**
 * struct scsi_view - a request as the device reads its chain
 * @req: the header with its CDB (cdb_size bytes of it)
 * @hdr: bytes of header: VIRTIO_SCSI_REQ_BYTES(cdb_size)
 * @rd, @wr: readable and writable bytes
 * @out: data-out bytes (after the header); @in: data-in room (after the
 *	response)
 */
struct scsi_view {
	struct virtio_scsi_cmd_req req;
	u32 hdr;
	u32 rd;
	u32 wr;
	u32 out;
	u32 in;
};

/**
 * scsi_emul_chain_copy() - @len bytes at @off of the readable (or
 * @writable) part of @c into @buf, or from @buf when @to_chain
 * Return: bytes copied (fewer where the part ends)
 */
u32 scsi_emul_chain_copy(struct emul_chain *c, bool writable, u32 off,
			 void *buf, u32 len, bool to_chain);

/**
 * scsi_emul_medium() - @len bytes between the readable (@writable: the
 * writable) part of @c from @from on and @u's medium at @pos
 * Return: 0, -ERANGE or -EIO
 */
int scsi_emul_medium(struct scsi_emul_unit *u, struct emul_chain *c,
		     bool writable, u32 from, u32 len, u64 pos);

/** scsi_emul_cdb_len() - the length of a CDB of operation code @op */
unsigned int scsi_emul_cdb_len(u8 op);

/**
 * scsi_emul_transfer() - the data bytes the CDB @cdb of unit @u (NULL:
 * not known) moves, and whether out (*@outp). Return: false when the
 * command is not one the model knows
 */
bool scsi_emul_transfer(const struct scsi_emul_unit *u, const u8 *cdb,
			u64 *bytesp, bool *outp);

/**
 * scsi_emul_command() - unit @u (NULL: no unit at that LUN of a present
 * target @target) serves command @v of chain @c: the answer in *@a, data
 * in either in a->data or, for a read, in the chain already
 */
void scsi_emul_command(struct virtio_emul *e, struct scsi_emul *s,
		       struct scsi_emul_unit *u, u8 target,
		       struct emul_chain *c, const struct scsi_view *v,
		       struct virtio_emul_scsi_answer *a);

#endif
