// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * SCSI commands a disk driver sends (SPC-4, SBC-3), their status codes
 * and fixed-format sense data: shared by the virtio-scsi driver
 * (drivers/block/virtio_scsi.c) and the sandbox's device model. Every
 * multi-byte field of a CDB or of returned data is big-endian.
 */
#ifndef __SCSI_H
#define __SCSI_H

#include <types.h>

/* Operation codes */
#define SCSI_TEST_UNIT_READY		0x00
#define SCSI_REQUEST_SENSE		0x03
#define SCSI_INQUIRY			0x12
#define SCSI_MODE_SENSE_6		0x1a
#define SCSI_READ_CAPACITY_10		0x25
#define SCSI_READ_10			0x28
#define SCSI_WRITE_10			0x2a
#define SCSI_SYNCHRONIZE_CACHE_10	0x35
#define SCSI_READ_16			0x88
#define SCSI_WRITE_16			0x8a
#define SCSI_SERVICE_ACTION_IN_16	0x9e	/* READ CAPACITY (16) */
#define SCSI_SAI_READ_CAPACITY_16	0x10
#define SCSI_REPORT_LUNS		0xa0

/* Status (SAM-5) */
#define SCSI_STATUS_GOOD		0x00
#define SCSI_STATUS_CHECK_CONDITION	0x02
#define SCSI_STATUS_CONDITION_MET	0x04
#define SCSI_STATUS_BUSY		0x08
#define SCSI_STATUS_RESERVATION_CONFLICT 0x18
#define SCSI_STATUS_TASK_SET_FULL	0x28
#define SCSI_STATUS_ACA_ACTIVE		0x30
#define SCSI_STATUS_TASK_ABORTED	0x40

/* Sense keys */
#define SCSI_SK_NO_SENSE		0x0
#define SCSI_SK_RECOVERED_ERROR		0x1
#define SCSI_SK_NOT_READY		0x2
#define SCSI_SK_MEDIUM_ERROR		0x3
#define SCSI_SK_HARDWARE_ERROR		0x4
#define SCSI_SK_ILLEGAL_REQUEST		0x5
#define SCSI_SK_UNIT_ATTENTION		0x6
#define SCSI_SK_DATA_PROTECT		0x7
#define SCSI_SK_ABORTED_COMMAND		0xb

/* Additional sense codes the driver acts on (ASC, ASCQ) */
#define SCSI_ASC_NOT_READY		0x04	/* 01: becoming ready */
#define SCSI_ASC_INVALID_OPCODE		0x20
#define SCSI_ASC_LBA_OUT_OF_RANGE	0x21
#define SCSI_ASC_INVALID_FIELD_IN_CDB	0x24
#define SCSI_ASC_LUN_NOT_SUPPORTED	0x25
#define SCSI_ASC_WRITE_PROTECTED	0x27
#define SCSI_ASC_RESET_OCCURRED		0x29
#define SCSI_ASC_PARAMETERS_CHANGED	0x2a
#define SCSI_ASC_MEDIUM_NOT_PRESENT	0x3a

/* Response codes of sense data: fixed (0x70, 0x71), descriptor (0x72, 0x73) */
#define SCSI_SENSE_FIXED_CURRENT	0x70
#define SCSI_SENSE_FIXED_DEFERRED	0x71
#define SCSI_SENSE_DESC_CURRENT		0x72
#define SCSI_SENSE_DESC_DEFERRED	0x73

/* INQUIRY's standard data: byte 0 is qualifier (7-5) and type (4-0) */
#define SCSI_INQUIRY_LEN		36
#define SCSI_TYPE_DISK			0x00
#define SCSI_TYPE_CDROM			0x05
#define SCSI_TYPE_NONE			0x1f	/* no device type */
#define SCSI_QUAL_NOT_CONNECTED		1	/* qualifier 001b */
#define SCSI_QUAL_NONE			3	/* 011b: no LU here */

/* MODE SENSE (6): byte 2 of the header, bit 7 is WP (SBC-3) */
#define SCSI_MODE_HDR_WP		0x80

/**
 * struct scsi_sense - what the driver takes from sense data of either
 * format (parse_sense() in drivers/block/virtio_scsi.c)
 */
struct scsi_sense {
	u8 key;
	u8 asc;
	u8 ascq;
};

#endif
