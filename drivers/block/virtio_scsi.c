// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio SCSI host (VIRTIO 1.2 §5.6): the disks and CD-ROMs behind a
 * virtio-scsi controller (QEMU's virtio-scsi-pci and virtio-scsi-device
 * with scsi-hd and scsi-cd) as the block devices "scsi 0", "scsi 1" ...,
 * U-Boot's interface name for SCSI disks.
 *
 * At probe, after DRIVER_OK, the driver looks at every target the
 * controller allows (max_target, at most 256) with an INQUIRY of its LUN
 * 0, up to VDISK_SLOTS of them in flight at once, and asks each target
 * that answers for its LUNs (REPORT LUNS; LUN 0 alone where a target does
 * not know the command). Each unit that is a disk (type 0) or a CD-ROM
 * (type 5) is brought up: TEST UNIT READY until its unit attentions are
 * cleared and it is ready (a unit becoming ready is waited for, bounded),
 * READ CAPACITY (10, then 16 for a large one), MODE SENSE for write
 * protection; it then gets its block device. A CD-ROM is read-only; one
 * without a medium is left out. The first VSCSI_UNITS units count.
 *
 * Commands go through the engine the virtio disks share (virtio_disk.h):
 * reads and writes are cut into READ/WRITE (10), or (16) past 2 TiB of
 * 512-byte blocks, of at most 512 KiB (max_sectors allowing), up to
 * VDISK_SLOTS in flight. A request is the request header with its CDB
 * (cdb_size bytes, as the configuration says), the data out, the response
 * with sense_size bytes of sense, the data in.
 *
 * The device is untrusted: a response other than OK, a status other than
 * GOOD, sense data longer than its room, a residual beyond the buffer or a
 * short transfer, and an answer the device did not write (the response
 * byte starts as VSCSI_UNSET, which no device writes) are errors. A unit
 * attention, BUSY and TASK SET FULL are posted again at once, a few times
 * (vdisk_may_retry()). At most cmd_per_lun commands of a unit are in
 * flight. Each failing call says once what went wrong, naming the unit.
 */
#define LOG_CATEGORY "virtio-scsi"

#include <blk.h>
#include <byteorder.h>
#include <dm.h>
#include <scsi.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <virtio.h>
#include <virtio_ring.h>
#include <virtio_scsi.h>
#include "virtio_disk.h"

#define VSCSI_UNITS	16	/* units a controller at most */
#define VSCSI_TARGETS	256	/* §5.6.4: max_target at most 255 */
#define VSCSI_LUN_MAX	16383	/* §5.6.4: max_lun at most */
#define VSCSI_LUNS	64	/* LUNs a target REPORT LUNS is asked for */
#define VSCSI_DATA	(8 + 8 * VSCSI_LUNS)	/* a command's own data */
#define VSCSI_UNSET	0xff	/* the response before the device's */
#define VSCSI_READY_MS	5000	/* a unit becoming ready, waited for */
#define VSCSI_READY_POLL_US	10000
#define VSCSI_ABSENT	0xff	/* a target's entry: no answer */

/* The engine's operations */
enum {
	VSCSI_OP_READ,
	VSCSI_OP_WRITE,
	VSCSI_OP_CMD,		/* the CDB in the job's command */
	VSCSI_OP_PROBE,		/* INQUIRY of LUN 0 of target req.block */
};

/** struct vscsi_unit - a logical unit: the plat of its block device */
struct vscsi_unit {
	u8 target;
	u16 lun;
	u8 type;		/* SCSI_TYPE_DISK, SCSI_TYPE_CDROM */
	u32 blksz;
	u32 req_max;		/* data bytes in one command */
	u64 blocks;
};

/**
 * struct vscsi_cmd - a job's context: whom it addresses, and what the
 * first failing request said
 * @cdb: for VSCSI_OP_CMD, its length @cdb_len; @data_out: data goes to
 *	the device
 * @why: what went wrong, for the caller to say ("" when it was said)
 * @sense: the sense of a CHECK CONDITION (@have_sense)
 * @moved: data bytes a VSCSI_OP_CMD moved (its length less the residual)
 * @found: for the target scan, INQUIRY byte 0 of each target's LUN 0 or
 *	VSCSI_ABSENT; @next_target, @last_target: the scan's range
 */
struct vscsi_cmd {
	const struct vscsi_unit *unit;
	u8 cdb[16];
	u8 cdb_len;
	bool data_out;
	char why[96];
	u8 response;
	u8 status;
	bool have_sense;
	struct scsi_sense sense;
	u32 moved;
	u8 *found;
	unsigned int next_target;
	unsigned int last_target;
	/* Targets that answered INQUIRY with a failure, said after the scan */
	unsigned int unanswered;
	unsigned int first_unanswered;
	char first_why[96];
};

/** struct vscsi_slot - the driver's part of a request slot */
struct vscsi_slot {
	struct virtio_scsi_cmd_req req;
	struct virtio_scsi_cmd_resp resp;
	u8 inquiry[SCSI_INQUIRY_LEN];	/* VSCSI_OP_PROBE's data */
};

struct virtio_scsi_priv {
	struct virtio_disk vd;	/* first: the engine's state */
	struct virtqueue *vqs[3];
	u32 cdb_size;
	u32 sense_size;
	u32 req_max;		/* data bytes in one command (max_sectors) */
	u32 cmd_per_lun;	/* commands of one unit in flight at most */
	unsigned int max_target;
	unsigned int max_lun;
	unsigned int units;
	struct udevice *blk[VSCSI_UNITS];
	u8 found[VSCSI_TARGETS];
	u8 data[VSCSI_DATA];	/* a command's own data */
	struct vscsi_slot slot[VDISK_SLOTS];
};

static struct virtio_scsi_priv *priv_of(struct virtio_disk *vd)
{
	return container_of(vd, struct virtio_scsi_priv, vd);
}

static const char *op_name(u32 op)
{
	switch (op) {
	case VSCSI_OP_READ:
		return "reading";
	case VSCSI_OP_WRITE:
		return "writing";
	case VSCSI_OP_PROBE:
		return "looking for targets";
	default:
		return "sending a command";
	}
}

static const char *const sense_keys[16] = {
	"NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR",
	"HARDWARE ERROR", "ILLEGAL REQUEST", "UNIT ATTENTION", "DATA PROTECT",
	"BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED", "ABORTED COMMAND",
	"RESERVED", "VOLUME OVERFLOW", "MISCOMPARE", "COMPLETED",
};

static const char *const responses[] = {
	[VIRTIO_SCSI_S_OK] = "OK", [VIRTIO_SCSI_S_OVERRUN] = "OVERRUN",
	[VIRTIO_SCSI_S_ABORTED] = "ABORTED",
	[VIRTIO_SCSI_S_BAD_TARGET] = "BAD_TARGET",
	[VIRTIO_SCSI_S_RESET] = "RESET", [VIRTIO_SCSI_S_BUSY] = "BUSY",
	[VIRTIO_SCSI_S_TRANSPORT_FAILURE] = "TRANSPORT_FAILURE",
	[VIRTIO_SCSI_S_TARGET_FAILURE] = "TARGET_FAILURE",
	[VIRTIO_SCSI_S_NEXUS_FAILURE] = "NEXUS_FAILURE",
	[VIRTIO_SCSI_S_FAILURE] = "FAILURE",
};

/* Big-endian stores and loads of CDB and data fields */
static void put_be(u8 *p, u64 v, unsigned int bytes)
{
	for (unsigned int i = 0; i < bytes; i++)
		p[i] = v >> (8 * (bytes - 1 - i));
}

static u64 get_be(const u8 *p, unsigned int bytes)
{
	u64 v = 0;

	for (unsigned int i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	return v;
}

/* The CDB of a READ or WRITE of @r: (10) where it fits, else (16) */
static void rw_cdb(u8 *cdb, const struct vdisk_req *r, u32 blksz)
{
	bool write = r->op == VSCSI_OP_WRITE;
	u32 count = r->len / blksz;

	if (r->block + count <= 0x100000000ULL && count <= 0xffff) {
		cdb[0] = write ? SCSI_WRITE_10 : SCSI_READ_10;
		put_be(cdb + 2, r->block, 4);
		put_be(cdb + 7, count, 2);
	} else {
		cdb[0] = write ? SCSI_WRITE_16 : SCSI_READ_16;
		put_be(cdb + 2, r->block, 8);
		put_be(cdb + 10, count, 4);
	}
}

/* Post slot @s: header and CDB, data out, response, data in */
static int post(struct virtio_disk *vd, struct vdisk_job *job,
		struct vdisk_slot *s)
{
	struct virtio_scsi_priv *priv = priv_of(vd);
	struct vscsi_cmd *cmd = job->ctx;
	struct vscsi_slot *sl = &priv->slot[s - vd->slot];
	struct virtio_scsi_cmd_req *req = &sl->req;
	struct virtio_sg sg[4];
	unsigned int n = 0, out;
	bool data_out = false;
	void *buf = s->req.buf;
	u32 len = s->req.len;

	memset(req, 0, sizeof(*req));
	req->id = cpu_to_le64(s - vd->slot);
	switch (s->req.op) {
	case VSCSI_OP_PROBE:
		virtio_scsi_lun(req->lun, s->req.block, 0);
		req->cdb[0] = SCSI_INQUIRY;
		req->cdb[4] = SCSI_INQUIRY_LEN;
		buf = sl->inquiry;
		len = SCSI_INQUIRY_LEN;
		break;
	case VSCSI_OP_CMD:
		virtio_scsi_lun(req->lun, cmd->unit->target, cmd->unit->lun);
		memcpy(req->cdb, cmd->cdb, cmd->cdb_len);
		data_out = cmd->data_out;
		break;
	default:
		virtio_scsi_lun(req->lun, cmd->unit->target, cmd->unit->lun);
		rw_cdb(req->cdb, &s->req, job->blksz);
		data_out = s->req.op == VSCSI_OP_WRITE;
		break;
	}
	memset(&sl->resp, 0, VIRTIO_SCSI_RESP_BYTES(priv->sense_size));
	sl->resp.response = VSCSI_UNSET;
	sg[n++] = (struct virtio_sg){ req, VIRTIO_SCSI_REQ_BYTES(priv->cdb_size) };
	if (len && data_out)
		sg[n++] = (struct virtio_sg){ buf, len };
	out = n;
	sg[n++] = (struct virtio_sg){ &sl->resp,
				      VIRTIO_SCSI_RESP_BYTES(priv->sense_size) };
	if (len && !data_out)
		sg[n++] = (struct virtio_sg){ buf, len };
	return virtqueue_add(vd->vq, sg, out, n - out, s);
}

/* Sense data of either format (SPC-4 §4.5): key, ASC, ASCQ */
static void parse_sense(const u8 *p, u32 len, struct scsi_sense *sense)
{
	u8 code = len ? p[0] & 0x7f : 0;

	*sense = (struct scsi_sense){ 0 };
	if (code == SCSI_SENSE_DESC_CURRENT ||
	    code == SCSI_SENSE_DESC_DEFERRED) {
		if (len > 1)
			sense->key = p[1] & 0xf;
		if (len > 3) {
			sense->asc = p[2];
			sense->ascq = p[3];
		}
	} else if (code == SCSI_SENSE_FIXED_CURRENT ||
		   code == SCSI_SENSE_FIXED_DEFERRED) {
		if (len > 2)
			sense->key = p[2] & 0xf;
		if (len > 13) {
			sense->asc = p[12];
			sense->ascq = p[13];
		}
	} else {
		sense->key = SCSI_SK_HARDWARE_ERROR;	/* not sense data */
	}
}

/* What a CHECK CONDITION's sense asks of the caller */
static int sense_errno(const struct scsi_sense *sense)
{
	switch (sense->key) {
	case SCSI_SK_RECOVERED_ERROR:
	case SCSI_SK_NO_SENSE:
		return 0;	/* done, with a note the driver does not need */
	case SCSI_SK_UNIT_ATTENTION:
		return -EAGAIN;
	case SCSI_SK_DATA_PROTECT:
		return -EROFS;
	case SCSI_SK_ILLEGAL_REQUEST:
		if (sense->asc == SCSI_ASC_LBA_OUT_OF_RANGE)
			return -ERANGE;
		if (sense->asc == SCSI_ASC_INVALID_OPCODE)
			return -ENOSYS;
		return -EIO;
	default:
		return -EIO;	/* NOT READY included: the caller looks */
	}
}

/* A request came back with @used bytes written: 0 or what went wrong */
static int check(struct virtio_disk *vd, struct vdisk_job *job,
		struct vdisk_slot *s, u32 used)
{
	struct virtio_scsi_priv *priv = priv_of(vd);
	struct vscsi_cmd *cmd = job->ctx;
	struct vscsi_slot *sl = &priv->slot[s - vd->slot];
	struct virtio_scsi_cmd_resp *resp = &sl->resp;
	u32 len = s->req.op == VSCSI_OP_PROBE ? SCSI_INQUIRY_LEN : s->req.len;
	u32 residual = le32_to_cpu(resp->residual);
	u32 sense_len = le32_to_cpu(resp->sense_len);
	int ret;

	cmd->response = resp->response;
	cmd->status = resp->status;
	/* A legacy device's used length is not to be trusted (§5.6.6) */
	if (!virtio_is_legacy(vd->dev) &&
	    used < offsetof(struct virtio_scsi_cmd_resp, sense)) {
		snprintf(cmd->why, sizeof(cmd->why),
			 "used length %u does not cover the response", used);
		return -EIO;
	}
	if (resp->response == VIRTIO_SCSI_S_BUSY ||
	    resp->response == VIRTIO_SCSI_S_RESET ||
	    resp->response == VIRTIO_SCSI_S_ABORTED) {
		snprintf(cmd->why, sizeof(cmd->why), "response %s",
			 responses[resp->response]);
		return -EAGAIN;
	}
	if (resp->response != VIRTIO_SCSI_S_OK) {
		if (resp->response < ARRAY_SIZE(responses))
			snprintf(cmd->why, sizeof(cmd->why), "response %s",
				 responses[resp->response]);
		else
			snprintf(cmd->why, sizeof(cmd->why),
				 "bad response %#x", resp->response);
		return resp->response == VIRTIO_SCSI_S_BAD_TARGET ? -ENODEV :
		       -EIO;
	}
	switch (resp->status) {
	case SCSI_STATUS_GOOD:
		break;
	case SCSI_STATUS_CHECK_CONDITION:
		if (sense_len > priv->sense_size) {
			snprintf(cmd->why, sizeof(cmd->why),
				 "sense length %u beyond its %u bytes",
				 sense_len, priv->sense_size);
			return -EIO;
		}
		parse_sense(resp->sense, sense_len, &cmd->sense);
		cmd->have_sense = true;
		snprintf(cmd->why, sizeof(cmd->why),
			 "CHECK CONDITION, %s, ASC/ASCQ %02x/%02x",
			 sense_keys[cmd->sense.key], cmd->sense.asc,
			 cmd->sense.ascq);
		ret = sense_errno(&cmd->sense);
		if (ret)
			return ret;
		break;
	case SCSI_STATUS_BUSY:
	case SCSI_STATUS_TASK_SET_FULL:
		snprintf(cmd->why, sizeof(cmd->why), "status %s",
			 resp->status == SCSI_STATUS_BUSY ? "BUSY" :
			 "TASK SET FULL");
		return -EAGAIN;
	default:
		snprintf(cmd->why, sizeof(cmd->why), "status %#x",
			 resp->status);
		return -EIO;
	}
	if (residual > len) {
		snprintf(cmd->why, sizeof(cmd->why),
			 "residual %u beyond the %u bytes asked", residual, len);
		return -EIO;
	}
	if (s->req.op == VSCSI_OP_PROBE) {
		cmd->found[s->req.block] = len - residual ? sl->inquiry[0] :
					   VSCSI_ABSENT;
	} else if (s->req.op == VSCSI_OP_CMD) {
		cmd->moved = len - residual;
	} else if (residual) {
		snprintf(cmd->why, sizeof(cmd->why),
			 "moved %u of %u bytes", len - residual, len);
		return -EIO;
	}
	return 0;
}

/*
 * ... what went wrong kept for the caller only when it ends the job (a
 * request posted again may still succeed); a target that does not answer
 * its INQUIRY (BAD_TARGET, or any failure) is one the scan does not find,
 * the failures other than BAD_TARGET counted for scan_targets() to say
 */
static int done(struct virtio_disk *vd, struct vdisk_job *job,
		struct vdisk_slot *s, u32 used)
{
	struct vscsi_cmd *cmd = job->ctx;
	int ret = check(vd, job, s, used);

	if (!ret || (ret == -EAGAIN && vdisk_may_retry(job, s))) {
		cmd->why[0] = '\0';
		cmd->have_sense = false;
		return ret;
	}
	if (ret == -EAGAIN)
		ret = -EIO;	/* out of tries: @why says what it kept saying */
	if (s->req.op != VSCSI_OP_PROBE)
		return ret;
	log_debug("%s: target %llu: %s\n", vd->dev->name,
		  (unsigned long long)s->req.block, cmd->why);
	if (ret != -ENODEV && !cmd->unanswered++) {
		cmd->first_unanswered = s->req.block;
		strlcpy(cmd->first_why, cmd->why, sizeof(cmd->first_why));
	}
	cmd->found[s->req.block] = VSCSI_ABSENT;
	cmd->why[0] = '\0';
	return 0;
}

static const struct vdisk_ops vscsi_ops = {
	.post = post,
	.done = done,
	.op_name = op_name,
};

/* Run @job of @cmd; a failure said here with @what (unless said) */
static int run(struct udevice *dev, struct vdisk_job *job,
	       struct vscsi_cmd *cmd, const char *what, bool quiet)
{
	struct virtio_scsi_priv *priv = dev_get_priv(dev);
	int ret;

	cmd->why[0] = '\0';
	cmd->have_sense = false;
	job->ctx = cmd;
	if (cmd->unit)
		job->max_in_flight = priv->cmd_per_lun;
	ret = vdisk_run(&priv->vd, job);
	if (ret && cmd->why[0] && !quiet) {
		if (cmd->unit)
			dev_err(dev, "target %u LUN %u: %s: %s\n",
				cmd->unit->target, cmd->unit->lun, what,
				cmd->why);
		else
			dev_err(dev, "%s: %s\n", what, cmd->why);
	}
	return ret;
}

/*
 * One command of @unit with @len bytes of data at @buf (in, or out when
 * @data_out): 0 or -errno; *@cmd holds what the device answered. Quiet:
 * the caller decides what an error means.
 */
static int command(struct udevice *dev, const struct vscsi_unit *unit,
		   struct vscsi_cmd *cmd, void *buf, u32 len, bool data_out)
{
	struct vdisk_job job = {
		.next = vdisk_next_bytes, .op = VSCSI_OP_CMD, .blksz = 1,
		.req_max = len, .buf = buf, .left = len,
	};

	cmd->unit = unit;
	cmd->data_out = data_out;
	cmd->moved = 0;
	return run(dev, &job, cmd, NULL, true);
}

/* A job moving @count blocks of @blk at @start */
static int transfer(struct udevice *blk, u32 op, u64 start, u64 count,
		    void *buf)
{
	struct vscsi_unit *unit = dev_get_plat(blk);
	struct vscsi_cmd cmd = { .unit = unit };
	struct vdisk_job job = {
		.next = vdisk_next_bytes, .op = op, .blksz = unit->blksz,
		.req_max = unit->req_max, .block = start, .buf = buf,
	};
	char what[48];
	int ret = vdisk_blocks(unit->blksz, count, &job.left);

	if (ret)
		return ret;
	snprintf(what, sizeof(what), "%s %llu blocks at %llu", op_name(op),
		 (unsigned long long)count, (unsigned long long)start);
	return run(dev_get_parent(blk), &job, &cmd, what, false);
}

static long virtio_scsi_read(struct udevice *blk, u64 start, u64 count,
			     void *buf)
{
	int ret = transfer(blk, VSCSI_OP_READ, start, count, buf);

	return ret ? ret : (long)count;
}

static int virtio_scsi_read_stream(struct udevice *blk, struct blk_src *src)
{
	struct vscsi_unit *unit = dev_get_plat(blk);
	struct vscsi_cmd cmd = { .unit = unit };
	struct vdisk_job job = {
		.next = vdisk_next_bytes, .op = VSCSI_OP_READ,
		.blksz = unit->blksz, .req_max = unit->req_max, .src = src,
	};

	return run(dev_get_parent(blk), &job, &cmd, "reading", false);
}

static long virtio_scsi_write(struct udevice *blk, u64 start, u64 count,
			      const void *buf)
{
	int ret = transfer(blk, VSCSI_OP_WRITE, start, count, (void *)buf);

	return ret ? ret : (long)count;
}

/* SYNCHRONIZE CACHE (10) of the whole unit */
static int virtio_scsi_flush(struct udevice *blk)
{
	struct vscsi_unit *unit = dev_get_plat(blk);
	struct udevice *dev = dev_get_parent(blk);
	struct vscsi_cmd cmd = { .cdb = { SCSI_SYNCHRONIZE_CACHE_10 },
				 .cdb_len = 10 };
	int ret = command(dev, unit, &cmd, NULL, 0, false);

	if (ret && cmd.why[0])
		dev_err(dev, "target %u LUN %u: flushing: %s\n", unit->target,
			unit->lun, cmd.why);
	return ret;
}

static const struct blk_ops virtio_scsi_blk_ops = {
	.read = virtio_scsi_read,
	.read_stream = virtio_scsi_read_stream,
	.write = virtio_scsi_write,
	.flush = virtio_scsi_flush,
};

EMBER_DRIVER(virtio_scsi_blk) = {
	.name = "virtio_scsi_blk",
	.id = UCLASS_BLK,
	.ops = &virtio_scsi_blk_ops,
	.plat_size = sizeof(struct vscsi_unit),
};

/*
 * Every target's LUN 0, asked at once: priv->found[t] is its INQUIRY
 * byte 0, or VSCSI_ABSENT
 */
static int next_target(struct virtio_disk *vd, struct vdisk_job *job,
		       struct vdisk_req *req)
{
	struct vscsi_cmd *cmd = job->ctx;

	if (cmd->next_target > cmd->last_target)
		return 0;
	*req = (struct vdisk_req){ .op = VSCSI_OP_PROBE,
				   .block = cmd->next_target++ };
	return 1;
}

static int scan_targets(struct udevice *dev)
{
	struct virtio_scsi_priv *priv = dev_get_priv(dev);
	struct vscsi_cmd cmd = { .found = priv->found,
				 .last_target = priv->max_target };
	struct vdisk_job job = { .next = next_target, .op = VSCSI_OP_PROBE };
	int ret;

	memset(priv->found, VSCSI_ABSENT, sizeof(priv->found));
	ret = run(dev, &job, &cmd, "looking for targets", false);
	if (!ret && cmd.unanswered)
		dev_warn(dev, "%u of %u targets did not answer INQUIRY (target %u: %s): left out\n",
			 cmd.unanswered, priv->max_target + 1,
			 cmd.first_unanswered, cmd.first_why);
	return ret;
}

static bool listed_before(const u16 *luns, unsigned int n, unsigned int lun)
{
	for (unsigned int i = 0; i < n; i++) {
		if (luns[i] == lun)
			return true;
	}
	return false;
}

/*
 * The LUNs of @target into @luns (at most VSCSI_LUNS, in the target's
 * order, each once): REPORT LUNS, or LUN 0 alone where the target answers
 * it with an error and LUN 0 is a unit (@lun0: its INQUIRY byte 0)
 * Return: the number of LUNs, or -errno when the controller failed (said)
 */
static int target_luns(struct udevice *dev, unsigned int target, u8 lun0,
		       u16 *luns)
{
	struct virtio_scsi_priv *priv = dev_get_priv(dev);
	struct vscsi_unit unit = { .target = target };
	struct vscsi_cmd cmd = { .cdb = { SCSI_REPORT_LUNS }, .cdb_len = 12 };
	unsigned int n = 0, listed;
	int ret;

	put_be(cmd.cdb + 6, VSCSI_DATA, 4);
	ret = command(dev, &unit, &cmd, priv->data, VSCSI_DATA, false);
	if (ret && !cmd.why[0])
		return ret;	/* no answer (the engine said so) */
	if (ret || cmd.moved < 8) {
		if (lun0 >> 5)
			return 0;
		luns[0] = 0;
		return 1;
	}
	listed = min_t(u64, get_be(priv->data, 4) / 8, (cmd.moved - 8) / 8);
	for (unsigned int i = 0; i < listed && n < VSCSI_LUNS; i++) {
		const u8 *e = priv->data + 8 + 8 * i;
		unsigned int lun;

		if (get_be(e + 2, 6))
			continue;	/* more than one level: not ours */
		if ((e[0] >> 6) == 0 && !(e[0] & 0x3f))
			lun = e[1];	/* peripheral device addressing */
		else if ((e[0] >> 6) == 1)
			lun = (e[0] & 0x3f) << 8 | e[1];	/* flat */
		else
			continue;
		if (lun > priv->max_lun || listed_before(luns, n, lun))
			continue;
		luns[n++] = lun;
	}
	return n;
}

/* INQUIRY's @len bytes from @off, printable, trailing spaces cut */
static void ident(char *out, size_t size, const u8 *p, unsigned int len)
{
	unsigned int n = 0;

	while (n < len && n + 1 < size) {
		out[n] = p[n] >= ' ' && p[n] < 0x7f ? p[n] : '?';
		n++;
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/*
 * TEST UNIT READY until the unit is ready (its unit attentions are posted
 * again by the engine), a unit becoming ready waited for (VSCSI_READY_MS)
 * Return: 0, -ENODEV for a unit without a medium (quiet), or -errno (said)
 */
static int wait_ready(struct udevice *dev, struct vscsi_unit *unit)
{
	u64 start = timer_get_us();
	struct vscsi_cmd cmd;
	int ret;

	for (;;) {
		cmd = (struct vscsi_cmd){ .cdb = { SCSI_TEST_UNIT_READY },
					  .cdb_len = 6 };
		ret = command(dev, unit, &cmd, NULL, 0, false);
		if (!ret || !cmd.have_sense ||
		    cmd.sense.key != SCSI_SK_NOT_READY)
			break;
		if (cmd.sense.asc == SCSI_ASC_MEDIUM_NOT_PRESENT) {
			log_debug("%s: target %u LUN %u: no medium\n",
				  dev->name, unit->target, unit->lun);
			return -ENODEV;
		}
		/* 04/01: becoming ready; anything else will not change */
		if (cmd.sense.asc != SCSI_ASC_NOT_READY ||
		    cmd.sense.ascq != 1 ||
		    timer_get_us() - start >= VSCSI_READY_MS * 1000ULL)
			break;
		udelay(VSCSI_READY_POLL_US);
	}
	if (ret && cmd.why[0])
		dev_err(dev, "target %u LUN %u: not ready: %s\n",
			unit->target, unit->lun, cmd.why);
	return ret;
}

/* READ CAPACITY (10), then (16) for a unit of 2^32 blocks or more */
static int read_capacity(struct udevice *dev, struct vscsi_unit *unit)
{
	struct virtio_scsi_priv *priv = dev_get_priv(dev);
	struct vscsi_cmd cmd = { .cdb = { SCSI_READ_CAPACITY_10 },
				 .cdb_len = 10 };
	unsigned int want = 8;
	u64 last;
	int ret;

	ret = command(dev, unit, &cmd, priv->data, 8, false);
	if (!ret && cmd.moved >= 8 && get_be(priv->data, 4) == 0xffffffff) {
		cmd = (struct vscsi_cmd){
			.cdb = { SCSI_SERVICE_ACTION_IN_16,
				 SCSI_SAI_READ_CAPACITY_16 },
			.cdb_len = 16,
		};
		put_be(cmd.cdb + 10, 32, 4);
		want = 12;
		ret = command(dev, unit, &cmd, priv->data, 32, false);
	}
	if (!ret && cmd.moved < want) {
		snprintf(cmd.why, sizeof(cmd.why), "%u bytes of answer",
			 cmd.moved);
		ret = -EIO;
	}
	if (ret) {
		if (cmd.why[0])		/* else the engine said it */
			dev_err(dev, "target %u LUN %u: READ CAPACITY: %s\n",
				unit->target, unit->lun, cmd.why);
		return ret;
	}
	if (want == 12) {
		last = get_be(priv->data, 8);
		unit->blksz = get_be(priv->data + 8, 4);
	} else {
		last = get_be(priv->data, 4);
		unit->blksz = get_be(priv->data + 4, 4);
	}
	if (unit->blksz < VDISK_BLKSZ_MIN || unit->blksz > VDISK_BLKSZ_MAX ||
	    (unit->blksz & (unit->blksz - 1))) {
		dev_err(dev, "target %u LUN %u: block size %u is not a power of two from %u to %u\n",
			unit->target, unit->lun, unit->blksz, VDISK_BLKSZ_MIN,
			VDISK_BLKSZ_MAX);
		return -EIO;
	}
	if (last == ~0ULL) {
		dev_err(dev, "target %u LUN %u: last block %#llx\n",
			unit->target, unit->lun, (unsigned long long)last);
		return -EIO;
	}
	unit->blocks = last + 1;
	return 0;
}

/* MODE SENSE (6)'s header: whether the unit is write-protected */
static bool write_protected(struct udevice *dev, struct vscsi_unit *unit)
{
	struct virtio_scsi_priv *priv = dev_get_priv(dev);
	struct vscsi_cmd cmd = { .cdb = { SCSI_MODE_SENSE_6, 0, 0x3f, 0, 4 },
				 .cdb_len = 6 };

	if (command(dev, unit, &cmd, priv->data, 4, false) || cmd.moved < 4)
		return false;	/* a unit that cannot say: writes will */
	return priv->data[2] & SCSI_MODE_HDR_WP;
}

/*
 * Bring up @target's LUN @lun and give it its block device
 * Return: 0 (a unit, or none here, or one left out: said), -ENOSPC when
 * there is no room for another unit, or -errno
 */
static int add_unit(struct udevice *dev, unsigned int target,
		    unsigned int lun)
{
	struct virtio_scsi_priv *priv = dev_get_priv(dev);
	struct vscsi_unit unit = { .target = target, .lun = lun };
	struct vscsi_cmd cmd = { .cdb = { SCSI_INQUIRY, 0, 0, 0,
					  SCSI_INQUIRY_LEN },
				 .cdb_len = 6 };
	char vendor[9], product[17], rev[5];
	struct udevice *blk;
	struct blk_desc *d;
	bool ro;
	int ret;

	ret = command(dev, &unit, &cmd, priv->data, SCSI_INQUIRY_LEN, false);
	if (ret || cmd.moved < 1 || priv->data[0] >> 5)
		return 0;	/* no unit here */
	unit.type = priv->data[0] & 0x1f;
	if (unit.type != SCSI_TYPE_DISK && unit.type != SCSI_TYPE_CDROM)
		return 0;
	if (cmd.moved < SCSI_INQUIRY_LEN)
		memset(priv->data + cmd.moved, ' ',
		       SCSI_INQUIRY_LEN - cmd.moved);
	ident(vendor, sizeof(vendor), priv->data + 8, 8);
	ident(product, sizeof(product), priv->data + 16, 16);
	ident(rev, sizeof(rev), priv->data + 32, 4);
	ret = wait_ready(dev, &unit);
	if (ret)
		return 0;	/* said, or a CD-ROM without a medium */
	if (priv->units == VSCSI_UNITS)
		return -ENOSPC;
	ret = read_capacity(dev, &unit);
	if (ret)
		return 0;	/* said */
	unit.req_max = priv->req_max / unit.blksz * unit.blksz;
	if (!unit.req_max) {
		dev_err(dev, "target %u LUN %u: max_sectors leaves no room for one %u-byte block\n",
			target, lun, unit.blksz);
		return 0;
	}
	ro = unit.type == SCSI_TYPE_CDROM || write_protected(dev, &unit);
	ret = blk_create(dev, "virtio_scsi_blk", "scsi", unit.blksz,
			 unit.blocks, ro, &blk);
	if (ret) {
		dev_err(dev, "cannot make the block device of target %u LUN %u: %d\n",
			target, lun, ret);
		return ret;
	}
	*(struct vscsi_unit *)dev_get_plat(blk) = unit;
	d = blk_get_desc(blk);
	snprintf(d->vendor, sizeof(d->vendor), "%s", vendor);
	snprintf(d->title, sizeof(d->title),
		 "(%u:%u) Vendor: %s Prod.: %s Rev: %s", target, lun, vendor,
		 product, rev);
	if (unit.type == SCSI_TYPE_CDROM)
		d->kind = "Removable CD ROM";
	priv->blk[priv->units++] = blk;
	return 0;
}

/*
 * After DRIVER_OK (commands are not allowed before it): every target,
 * then every unit of each. A unit that fails is left out (said); a
 * controller that does not answer at all fails its probe.
 */
static int virtio_scsi_post_ok(struct udevice *dev)
{
	struct virtio_scsi_priv *priv = dev_get_priv(dev);
	u16 luns[VSCSI_LUNS];
	int ret = scan_targets(dev);

	if (ret)
		return ret;
	for (unsigned int t = 0; t <= priv->max_target; t++) {
		int n;

		if (priv->found[t] == VSCSI_ABSENT)
			continue;
		n = target_luns(dev, t, priv->found[t], luns);
		if (n < 0)
			return n;
		for (int i = 0; i < n; i++) {
			ret = add_unit(dev, t, luns[i]);
			if (ret == -ENOSPC) {
				dev_warn(dev, "more than %u units: target %u LUN %u and those after it are left out\n",
					 VSCSI_UNITS, t, luns[i]);
				return 0;
			}
			if (ret)
				return ret;
			if (virtqueue_is_broken(priv->vd.vq) || priv->vd.stale)
				return -EIO;	/* said */
		}
	}
	return 0;
}

/* The configuration: what the requests are cut to, where units may be */
static int read_config(struct udevice *dev)
{
	struct virtio_scsi_priv *priv = dev_get_priv(dev);
	u32 max_sectors, max_target, max_lun, cmd_per_lun;
	u16 max_target16;
	int ret;

	ret = virtio_cread_u32(dev, offsetof(struct virtio_scsi_config,
					     cdb_size), &priv->cdb_size);
	if (!ret)
		ret = virtio_cread_u32(dev, offsetof(struct virtio_scsi_config,
						     sense_size),
				       &priv->sense_size);
	if (!ret)
		ret = virtio_cread_u32(dev, offsetof(struct virtio_scsi_config,
						     max_sectors), &max_sectors);
	if (!ret)
		ret = virtio_cread_u16(dev, offsetof(struct virtio_scsi_config,
						     max_target), &max_target16);
	if (!ret)
		ret = virtio_cread_u32(dev, offsetof(struct virtio_scsi_config,
						     max_lun), &max_lun);
	if (!ret)
		ret = virtio_cread_u32(dev, offsetof(struct virtio_scsi_config,
						     cmd_per_lun), &cmd_per_lun);
	if (ret)
		return ret;
	/* READ (16) needs 16 bytes; the request holds 32 */
	if (priv->cdb_size < 16 || priv->cdb_size > VIRTIO_SCSI_CDB_DEFAULT ||
	    priv->sense_size > VIRTIO_SCSI_SENSE_DEFAULT) {
		dev_err(dev, "cdb_size %u and sense_size %u: 16 to %u and at most %u wanted\n",
			priv->cdb_size, priv->sense_size,
			VIRTIO_SCSI_CDB_DEFAULT, VIRTIO_SCSI_SENSE_DEFAULT);
		return -EIO;
	}
	max_target = max_target16;
	priv->max_target = min_t(u32, max_target, VSCSI_TARGETS - 1);
	priv->max_lun = min_t(u32, max_lun, VSCSI_LUN_MAX);
	/* §5.6.4: never more commands of one unit at once; 0 would be none */
	priv->cmd_per_lun = clamp(cmd_per_lun, 1U, (u32)VDISK_SLOTS);
	/* max_sectors is a hint in 512-byte sectors; 0 says nothing */
	priv->req_max = VDISK_REQ_MAX;
	if (max_sectors && max_sectors < VDISK_REQ_MAX / 512)
		priv->req_max = max_sectors * 512;
	return 0;
}

static int virtio_scsi_probe(struct udevice *dev)
{
	struct virtio_scsi_priv *priv = dev_get_priv(dev);
	struct virtqueue *vq;
	int ret;

	priv->vd.dev = dev;
	priv->vd.ops = &vscsi_ops;
	priv->vd.timeout_ms = vdisk_timeout(dev, CONFIG_VIRTIO_SCSI_TIMEOUT_MS);
	ret = read_config(dev);
	if (ret)
		return ret;
	/* The control and event queues are set up, and not used */
	ret = virtio_find_vqs(dev, 3, priv->vqs);
	if (ret)
		return ret;
	vq = priv->vqs[VIRTIO_SCSI_VQ_REQUEST];
	if (virtqueue_get_vring_size(vq) < 3) {
		dev_err(dev, "a queue of %u cannot hold a request\n",
			virtqueue_get_vring_size(vq));
		return -EIO;
	}
	/*
	 * QEMU (7.2 at least) counts a write's data out in its used length;
	 * the driver relies on the response, not on that length
	 */
	virtqueue_loose_len(vq);
	priv->vd.vq = vq;
	return 0;
}

/* The device was reset: nothing is in flight. The disks go with it. */
static int virtio_scsi_remove(struct udevice *dev)
{
	struct virtio_scsi_priv *priv = dev_get_priv(dev);
	int ret = 0;

	for (unsigned int i = 0; i < priv->units; i++) {
		int err = device_unbind(priv->blk[i]);

		if (!ret)
			ret = err;
	}
	priv->units = 0;
	return ret;
}

EMBER_DRIVER(virtio_scsi) = {
	.name = "virtio-scsi",
	.id = UCLASS_NOP,
	.probe = virtio_scsi_probe,
	.remove = virtio_scsi_remove,
	.priv_size = sizeof(struct virtio_scsi_priv),
	.plat_size = sizeof(struct vdisk_plat),
};

int virtio_scsi_set_timeout(struct udevice *vdev, unsigned int timeout_ms)
{
	return vdisk_set_timeout(vdev, DM_DRIVER_GET(virtio_scsi), timeout_ms);
}

static const u32 virtio_scsi_ids[] = { VIRTIO_ID_SCSI, 0 };
/* Hot-plug and parameter changes need the event queue: not taken */
static const int virtio_scsi_features[] = { -1 };

/* §5.6.3, for 'virtio info' */
static const char *const virtio_scsi_feature_names[VIRTIO_FEATURE_BITS] = {
	[0] = "INOUT", [1] = "HOTPLUG", [2] = "CHANGE", [3] = "T10_PI",
};

VIRTIO_DRIVER(virtio_scsi) = {
	.name = "virtio-scsi",
	.ids = virtio_scsi_ids,
	.features = virtio_scsi_features,
	.feature_names = virtio_scsi_feature_names,
	.driver = DM_DRIVER_GET(virtio_scsi),
	.post_ok = virtio_scsi_post_ok,
};

/* Every virtio-scsi device (bound to the driver) in turn: @fn's first error */
static int for_each_scsi(int (*fn)(struct udevice *vdev, void *arg),
			 void *arg)
{
	struct udevice *dev;
	int first = 0;

	for (uclass_first_device(UCLASS_VIRTIO, &dev); dev;
	     uclass_next_device(&dev)) {
		struct virtio_dev_priv *uc = dev_get_uclass_priv(dev);
		int ret;

		if (!uc->vdev ||
		    uc->vdev->driver != DM_DRIVER_GET(virtio_scsi))
			continue;
		ret = fn(uc->vdev, arg);
		if (ret && !first)
			first = ret;
	}
	return first;
}

static int remove_one(struct udevice *vdev, void *arg)
{
	return device_remove(vdev);
}

int virtio_scsi_reset(void)
{
	return for_each_scsi(remove_one, NULL);
}

struct scan {
	bool retry;
	int found;
};

static int probe_one(struct udevice *vdev, void *arg)
{
	struct scan *sc = arg;

	/* One that failed is tried again by 'scsi scan' only (said then) */
	if (!sc->retry && (vdev->flags & DM_FLAG_PROBE_FAILED))
		return 0;
	if (!device_probe(vdev))
		sc->found += ((struct virtio_scsi_priv *)
			      dev_get_priv(vdev))->units;
	return 0;
}

int virtio_scsi_scan(bool retry)
{
	struct scan sc = { .retry = retry };

	for_each_scsi(probe_one, &sc);
	return sc.found;
}

/* "scsi <n>" for blk_get_by_name() and listings */
static int scan_if(void)
{
	return virtio_scsi_scan(false);
}

BLK_IF(scsi) = {
	.name = "scsi",
	.scan = scan_if,
};
