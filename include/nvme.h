// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * NVM Express over PCIe (NVMe Base Specification 2.0, NVM Command Set
 * 1.0): the controller's registers, the queue entries, the admin and I/O
 * commands and status codes Ember uses, shared by the driver
 * (drivers/block/nvme.c) and the sandbox's controller model
 * (drivers/block/emul/nvme_emul.c); and the driver's test hooks.
 *
 * Everything the controller reads or writes in memory is little-endian.
 * Queues and data are found through physical addresses (map_to_sysmem()
 * on the sandbox). A command's data is described by PRPs (§4.1.1): PRP1
 * the first memory page (any dword-aligned offset), PRP2 the second page
 * or, when the data spans more than two pages, a list of the pages after
 * the first, each entry page-aligned. Ember uses 4 KiB memory pages
 * (CC.MPS 0).
 */
#ifndef __NVME_H
#define __NVME_H

#include <types.h>

struct udevice;

/* PCI class code: mass storage, non-volatile memory, NVMe I/O controller */
#define NVME_PCI_CLASS		0x010802

/* Controller registers, BAR0 (§3.1.4) */
#define NVME_REG_CAP		0x00	/* 64: capabilities */
#define NVME_REG_VS		0x08	/* 32: version */
#define NVME_REG_INTMS		0x0c	/* 32: interrupt mask set */
#define NVME_REG_INTMC		0x10	/* 32: interrupt mask clear */
#define NVME_REG_CC		0x14	/* 32: configuration */
#define NVME_REG_CSTS		0x1c	/* 32: status */
#define NVME_REG_AQA		0x24	/* 32: admin queue sizes */
#define NVME_REG_ASQ		0x28	/* 64: admin submission queue */
#define NVME_REG_ACQ		0x30	/* 64: admin completion queue */
#define NVME_REG_DBS		0x1000	/* the first doorbell */
#define NVME_REG_SIZE		0x2000	/* what a BAR0 of 2 queues needs */

/* CAP's fields */
#define NVME_CAP_MQES(cap)	((u32)((cap) & 0xffff))	/* entries - 1 */
#define NVME_CAP_CQR		(1ULL << 16)	/* queues must be contiguous */
#define NVME_CAP_TO(cap)	((u32)((cap) >> 24) & 0xff)	/* 500 ms units */
#define NVME_CAP_DSTRD(cap)	((u32)((cap) >> 32) & 0xf)
#define NVME_CAP_CSS_NVM	(1ULL << 37)	/* the NVM command set */
#define NVME_CAP_MPSMIN(cap)	((u32)((cap) >> 48) & 0xf)
#define NVME_CAP_MPSMAX(cap)	((u32)((cap) >> 52) & 0xf)

/* CC's fields */
#define NVME_CC_EN		(1U << 0)
#define NVME_CC_CSS_NVM		(0U << 4)
#define NVME_CC_MPS(n)		((u32)(n) << 7)	/* pages of 2^(12 + n) */
#define NVME_CC_AMS_RR		(0U << 11)
#define NVME_CC_SHN_NORMAL	(1U << 14)
#define NVME_CC_SHN_MASK	(3U << 14)
#define NVME_CC_IOSQES(n)	((u32)(n) << 16)	/* 2^n bytes */
#define NVME_CC_IOCQES(n)	((u32)(n) << 20)

/* CSTS's fields */
#define NVME_CSTS_RDY		(1U << 0)
#define NVME_CSTS_CFS		(1U << 1)	/* controller fatal status */
#define NVME_CSTS_SHST_MASK	(3U << 2)
#define NVME_CSTS_SHST_DONE	(2U << 2)

/* AQA: both sizes are entries - 1 */
#define NVME_AQA(sq, cq)	((u32)((sq) - 1) | (u32)((cq) - 1) << 16)

/* Doorbells: SQ @qid's tail and CQ @qid's head, with CAP.DSTRD */
#define NVME_SQ_TDBL(qid, dstrd)  (NVME_REG_DBS + (2 * (qid)) * (4U << (dstrd)))
#define NVME_CQ_HDBL(qid, dstrd)  (NVME_REG_DBS + (2 * (qid) + 1) * (4U << (dstrd)))

#define NVME_PAGE_SHIFT		12	/* CC.MPS 0 */
#define NVME_PAGE_SIZE		(1U << NVME_PAGE_SHIFT)
#define NVME_SQE_SHIFT		6	/* 64-byte submission entries */
#define NVME_CQE_SHIFT		4	/* 16-byte completion entries */

/** struct nvme_sqe - a submission queue entry (§4.2) */
struct nvme_sqe {
	u8 opcode;
	u8 flags;		/* FUSE, PSDT: 0 (PRPs, not fused) */
	__le16 cid;		/* command identifier */
	__le32 nsid;
	__le32 cdw2;
	__le32 cdw3;
	__le64 mptr;
	__le64 prp1;
	__le64 prp2;
	__le32 cdw10;
	__le32 cdw11;
	__le32 cdw12;
	__le32 cdw13;
	__le32 cdw14;
	__le32 cdw15;
};

/** struct nvme_cqe - a completion queue entry (§4.6) */
struct nvme_cqe {
	__le32 dw0;		/* command specific */
	__le32 dw1;
	__le16 sq_head;		/* the SQ's head, as the controller has it */
	__le16 sq_id;
	__le16 cid;
	__le16 status;		/* bit 0: phase tag; bits 15:1: status */
};

/* The status half-word: phase, then SC (8 bits), SCT (3), CRD, M, DNR */
#define NVME_CQE_PHASE		1U
#define NVME_STATUS_SC(s)	(((s) >> 1) & 0xff)
#define NVME_STATUS_SCT(s)	(((s) >> 9) & 0x7)
#define NVME_STATUS_DNR		(1U << 15)
/* A status as the model writes it: @sct and @sc, without the phase */
#define NVME_STATUS(sct, sc)	((u16)(((sct) & 7) << 9 | ((sc) & 0xff) << 1))

/* Status code types and the generic codes Ember names (§4.6.1.2) */
#define NVME_SCT_GENERIC	0
#define NVME_SCT_CMD_SPECIFIC	1
#define NVME_SCT_MEDIA		2
#define NVME_SC_SUCCESS		0x00
#define NVME_SC_INVALID_OPCODE	0x01
#define NVME_SC_INVALID_FIELD	0x02
#define NVME_SC_DATA_XFER_ERROR	0x04
#define NVME_SC_INTERNAL	0x06
#define NVME_SC_INVALID_NS	0x0b
#define NVME_SC_LBA_RANGE	0x80
#define NVME_SC_CAP_EXCEEDED	0x81
#define NVME_SC_NS_NOT_READY	0x82
#define NVME_SC_NS_WRITE_PROTECTED 0x20
/* Command specific (SCT 1) for queue creation */
#define NVME_SC_CQ_INVALID	0x00	/* completion queue invalid */
#define NVME_SC_QID_INVALID	0x01
#define NVME_SC_QSIZE_INVALID	0x02
/* Media errors (SCT 2) */
#define NVME_SC_WRITE_FAULT	0x80
#define NVME_SC_READ_ERROR	0x81
/* More generic codes (SCT 0) */
#define NVME_SC_CMDID_CONFLICT	0x03	/* the CID is outstanding on the SQ */
#define NVME_SC_ABORT_SQ_DELETED 0x08	/* aborted: its SQ was deleted */
#define NVME_SC_CMD_SEQ_ERROR	0x0c	/* command sequence error */
#define NVME_SC_PRP_OFFSET_INVALID 0x13	/* a PRP entry's offset */
/* More command specific codes (SCT 1) */
#define NVME_SC_INVALID_VECTOR	0x08	/* Create I/O CQ: interrupt vector */
#define NVME_SC_QDEL_INVALID	0x0c	/* Delete I/O CQ: SQs still use it */
#define NVME_SC_FEAT_NOT_SAVEABLE 0x0d

/* CC's and AQA's fields, as read back */
#define NVME_CC_CSS_OF(cc)	(((cc) >> 4) & 0x7)
#define NVME_CC_MPS_OF(cc)	(((cc) >> 7) & 0xf)
#define NVME_CC_AMS_OF(cc)	(((cc) >> 11) & 0x7)
#define NVME_CC_IOSQES_OF(cc)	(((cc) >> 16) & 0xf)
#define NVME_CC_IOCQES_OF(cc)	(((cc) >> 20) & 0xf)
#define NVME_CSTS_SHST_BUSY	(1U << 2)	/* shutdown processing */
#define NVME_AQA_ASQS(aqa)	((aqa) & 0xfff)	/* entries - 1 */
#define NVME_AQA_ACQS(aqa)	(((aqa) >> 16) & 0xfff)
#define NVME_VS_1_4		0x00010400

/* A submission entry's flags: fused operation, PRP or SGL (0: PRPs) */
#define NVME_SQE_FUSE_MASK	0x03
#define NVME_SQE_PSDT_MASK	0xc0

/* Admin commands (§5) */
#define NVME_ADMIN_DELETE_SQ	0x00
#define NVME_ADMIN_CREATE_SQ	0x01
#define NVME_ADMIN_DELETE_CQ	0x04
#define NVME_ADMIN_CREATE_CQ	0x05
#define NVME_ADMIN_IDENTIFY	0x06
#define NVME_ADMIN_SET_FEATURES	0x09
#define NVME_ADMIN_GET_FEATURES	0x0a

/* Create I/O CQ/SQ: CDW10 QID and size - 1; CDW11 */
#define NVME_QUEUE_CDW10(qid, size)	((u32)(qid) | (u32)((size) - 1) << 16)
#define NVME_QUEUE_PC		(1U << 0)	/* physically contiguous */
#define NVME_CQ_IEN		(1U << 1)	/* interrupts enabled */
#define NVME_SQ_CQID(cqid)	((u32)(cqid) << 16)

/* Identify: CDW10's CNS */
#define NVME_ID_CNS_NS		0x00	/* a namespace (NSID) */
#define NVME_ID_CNS_CTRL	0x01	/* the controller */
#define NVME_ID_CNS_NS_LIST	0x02	/* active NSIDs above NSID */
#define NVME_ID_SIZE		4096
#define NVME_ID_NS_LIST_MAX	1024	/* NSIDs in a CNS 2 list */
/* Identify Controller VWC: present; Flush of NVME_NSID_ALL supported */
#define NVME_CTRL_VWC_PRESENT	0x01
#define NVME_CTRL_VWC_FLUSH_ALL	0x06

/* Features (Set/Get Features CDW10) */
#define NVME_FEAT_VWC		0x06	/* volatile write cache */
#define NVME_FEAT_NUM_QUEUES	0x07
#define NVME_FEAT_FID(cdw10)	((cdw10) & 0xff)
#define NVME_FEAT_SEL(cdw10)	(((cdw10) >> 8) & 0x7)	/* Get: 0 current */
#define NVME_FEAT_SV		(1U << 31)	/* Set: save */

/* NVM command set I/O commands (NVM Command Set §3) */
#define NVME_CMD_FLUSH		0x00
#define NVME_CMD_WRITE		0x01
#define NVME_CMD_READ		0x02
/* Read/Write: CDW10-11 the first LBA, CDW12 bits 15:0 blocks - 1 */

/* The broadcast NSID (Flush of every namespace where VWC allows) */
#define NVME_NSID_ALL		0xffffffffU

/** struct nvme_id_ctrl - the parts of Identify Controller Ember reads */
struct nvme_id_ctrl {
	__le16 vid;		/* 0: PCI vendor ID */
	__le16 ssvid;		/* 2 */
	char sn[20];		/* 4: serial number, ASCII, space-padded */
	char mn[40];		/* 24: model number */
	char fr[8];		/* 64: firmware revision */
	u8 rab;			/* 72 */
	u8 ieee[3];		/* 73 */
	u8 cmic;		/* 76 */
	u8 mdts;		/* 77: 2^n CAP.MPSMIN pages per command; 0: any */
	__le16 cntlid;		/* 78 */
	__le32 ver;		/* 80 */
	__le32 rtd3r;		/* 84 */
	__le32 rtd3e;		/* 88: shutdown latency, us; 0: not reported */
	u8 rsvd92[512 - 92];
	u8 sqes;		/* 512: SQ entry sizes: 3:0 least, 7:4 most (2^n) */
	u8 cqes;		/* 513: CQ entry sizes, the same way */
	__le16 maxcmd;		/* 514 */
	__le32 nn;		/* 516: namespaces (the highest NSID) */
	__le16 oncs;		/* 520 */
	__le16 fuses;		/* 522 */
	u8 fna;			/* 524 */
	u8 vwc;			/* 525: bit 0, a volatile write cache */
	u8 rsvd526[NVME_ID_SIZE - 526];
};

/** struct nvme_lbaf - one LBA format of Identify Namespace */
struct nvme_lbaf {
	__le16 ms;		/* metadata bytes per block */
	u8 lbads;		/* 2^n bytes per block; 0: format not in use */
	u8 rp;			/* relative performance */
};

/** struct nvme_id_ns - the parts of Identify Namespace Ember reads */
struct nvme_id_ns {
	__le64 nsze;		/* 0: size in blocks */
	__le64 ncap;		/* 8 */
	__le64 nuse;		/* 16 */
	u8 nsfeat;		/* 24 */
	u8 nlbaf;		/* 25: formats - 1 */
	u8 flbas;		/* 26: bits 3:0 (6:5 above 16) the format in use */
	u8 mc;			/* 27 */
	u8 rsvd28[99 - 28];
	u8 nsattr;		/* 99: bit 0, write protected */
	u8 rsvd100[128 - 100];
	struct nvme_lbaf lbaf[64];	/* 128 */
	u8 rsvd384[NVME_ID_SIZE - 384];
};

#define NVME_NS_FLBAS_INDEX(f)	(((f) & 0xf) | (((f) >> 5) & 3) << 4)
#define NVME_NSATTR_WP		(1U << 0)

/**
 * struct nvme_info - what 'nvme detail' shows of a disk's controller
 * @ctrl: the controller; @nsid: the disk's namespace
 * @sn, @mn, @fr: serial, model and firmware, trimmed (the driver's)
 * @nn: namespaces the controller has; @vwc: a volatile write cache
 * @xfer_max: data bytes in one command; @io_depth: I/O queue entries
 * @version: the VS register
 */
struct nvme_info {
	struct udevice *ctrl;
	u32 nsid;
	u16 vid;
	const char *sn;
	const char *mn;
	const char *fr;
	u32 nn;
	bool vwc;
	u32 xfer_max;
	u16 io_depth;
	u32 version;
};

/** nvme_get_info() - of NVMe disk @blk; 0, or -EINVAL for another disk */
int nvme_get_info(struct udevice *blk, struct nvme_info *info);

/**
 * nvme_scan() - enumerate PCI and probe every NVMe controller, in the
 * buses' order; one whose probe failed before only with @retry
 * Return: the number of NVMe disks, or the first probe's error (said)
 */
int nvme_scan(bool retry);

/**
 * nvme_set_timeout() - the time NVMe controller @dev may take to complete
 * a command, now and in the probes after (tests; CONFIG_NVME_TIMEOUT_MS
 * otherwise). Return: 0 or -EINVAL
 */
int nvme_set_timeout(struct udevice *dev, unsigned int timeout_ms);

#endif
