// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio-scsi (drivers/block/virtio_scsi.c) against the sandbox's SCSI
 * host model (drivers/virtio/emul/virtio_emul_scsi.c, the node emul-scsi
 * of dts/sandbox.dts) on virtio-mmio: units found at several targets and
 * LUNs, 4 KiB blocks, write-protected disks and CD-ROMs, units without a
 * medium or becoming ready, unit attentions; reads, writes and flushes
 * checked against the model's media; the configuration the driver must
 * honour (cdb_size, sense_size, max_sectors, cmd_per_lun); each fault the
 * model has ending in a negative errno and one message naming the device,
 * never a hang; a reset and a rescan. Every test ends with the model's
 * protocol checker having counted nothing (UT_CHECK in
 * virtio_test_driver.c).
 */
#include <asm/virtio_emul.h>
#include <blk.h>
#include <byteorder.h>
#include <dm.h>
#include <scsi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>
#include <virtio.h>
#include <virtio_ring.h>
#include <virtio_scsi.h>
#include "test-drivers.h"

#define MODEL		"emul-scsi"
#define TIMEOUT_MS	50		/* what the tests let a command take */
#define BLOCKS		2048		/* a unit's medium: 1 MiB of 512 */
#define BUF_SIZE	(256 * 1024)

static u8 buf[BUF_SIZE], back[BUF_SIZE];
/* The model under test: emul-scsi (virtio-mmio 2) unless a test says */
static const char *model_name = MODEL;

static struct udevice *model(void)
{
	return sandbox_virtio_emul_get(model_name);
}

static struct virtio_emul_scsi_stats *stats(void)
{
	return sandbox_virtio_emul_scsi_stats(model());
}

/* The pattern the tests put on a medium: byte @off of it */
static u8 pattern(u64 off, u8 seed)
{
	return (u8)(off / 512) ^ (u8)(off * 7) ^ seed;
}

/* The model's options with no units, a small max_target (fast scans) */
static int no_units(struct unit_test_state *uts,
		    struct virtio_emul_scsi_opts *o)
{
	model_name = MODEL;
	ut_assertnonnull(model());
	ut_assertok(sandbox_virtio_emul_scsi_opts(model(), o));
	memset(o->unit, 0, sizeof(o->unit));
	o->max_target = 15;
	return 0;
}

/* Unit @i at @target:@lun, in memory, @blocks of 512 bytes */
static struct virtio_emul_scsi_unit *add(struct virtio_emul_scsi_opts *o,
					 int i, u8 target, u16 lun)
{
	o->unit[i] = (struct virtio_emul_scsi_unit){
		.present = true, .target = target, .lun = lun,
		.blocks = BLOCKS, .disk = -1,
	};
	return &o->unit[i];
}

/* The first @len bytes of unit @i's medium, from @seed */
static int fill(struct unit_test_state *uts, int i, u32 len, u8 seed)
{
	u8 *p = malloc(len);

	ut_assertnonnull(p);
	for (u32 k = 0; k < len; k++)
		p[k] = pattern(k, seed);
	ut_assertok(sandbox_virtio_emul_scsi_rw(model(), i, 0, p, len, true));
	free(p);
	return 0;
}

/* Probe the controller with options @o: *@vdevp */
static int start(struct unit_test_state *uts,
		 const struct virtio_emul_scsi_opts *o, struct udevice **vdevp)
{
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), o));
	ut_assertok(virtio_test_start(model_name, NULL, vdevp));
	ut_assertok(virtio_scsi_set_timeout(*vdevp, TIMEOUT_MS));
	return 0;
}

/* The @n-th unit (block device) of @vdev, probed, or NULL */
static struct udevice *unit(struct udevice *vdev, int n)
{
	struct udevice *blk;

	device_foreach_child(blk, vdev) {
		if (!n--)
			return device_probe(blk) ? NULL : blk;
	}
	return NULL;
}

static int units(struct udevice *vdev)
{
	struct udevice *blk;
	int n = 0;

	device_foreach_child(blk, vdev)
		n++;
	return n;
}

/* One disk at 0:0, probed: *@blkp */
static int start_one(struct unit_test_state *uts, struct udevice **vdevp,
		     struct udevice **blkp)
{
	struct virtio_emul_scsi_opts o;

	ut_assertok(no_units(uts, &o));
	add(&o, 0, 0, 0);
	ut_assertok(start(uts, &o, vdevp));
	*blkp = unit(*vdevp, 0);
	ut_assertnonnull(*blkp);
	return 0;
}

/*
 * Units at several targets and LUNs, found in target and LUN order: a
 * disk, one with 4 KiB blocks at LUN 2 of a target without LUN 0, a LUN
 * past 255 (flat addressing), a write-protected disk, a CD-ROM, one
 * without a medium (left out), one becoming ready
 */
static int virtio_scsi_units(struct unit_test_state *uts)
{
	struct virtio_emul_scsi_opts o;
	struct udevice *vdev, *blk;
	struct blk_desc *d;
	static const struct {
		u8 target;
		u16 lun;
		u32 blksz;
		u64 blocks;
		bool ro;
		const char *kind;
	} want[] = {
		{ 0, 0, 512, BLOCKS, false, NULL },
		{ 2, 1, 512, BLOCKS, false, NULL },
		{ 3, 2, 4096, BLOCKS / 8, false, NULL },
		{ 5, 0, 512, BLOCKS, true, NULL },
		{ 7, 0, 2048, BLOCKS / 4, true, "Removable CD ROM" },
		{ 12, 300, 512, BLOCKS, false, NULL },
	};
	char title[80];

	ut_assertok(no_units(uts, &o));
	add(&o, 0, 12, 300);
	add(&o, 1, 7, 0)->cdrom = true;
	o.unit[1].blocks = BLOCKS / 4;
	add(&o, 2, 9, 0)->cdrom = true;
	o.unit[2].no_medium = true;
	add(&o, 3, 5, 0)->read_only = true;
	add(&o, 4, 3, 2)->blk_size = 4096;
	o.unit[4].blocks = BLOCKS / 8;
	add(&o, 5, 0, 0);
	add(&o, 6, 2, 1)->not_ready = 2;
	ut_assertok(start(uts, &o, &vdev));
	ut_asserteq(ARRAY_SIZE(want), units(vdev));
	for (unsigned int i = 0; i < ARRAY_SIZE(want); i++) {
		blk = unit(vdev, i);
		ut_assertnonnull(blk);
		d = blk_get_desc(blk);
		ut_asserteq_str("scsi", d->if_name);
		ut_asserteq(want[i].blksz, d->blksz);
		ut_asserteq(want[i].blocks, d->lba);
		ut_asserteq(want[i].ro, d->read_only);
		ut_asserteq_str("EMBER", d->vendor);
		snprintf(title, sizeof(title),
			 "(%u:%u) Vendor: EMBER Prod.: %s Rev: 1.0",
			 want[i].target, want[i].lun,
			 want[i].kind ? "EMBER CD-ROM" : "EMBER HARDDISK");
		ut_asserteq_str(title, d->title);
		if (want[i].kind)
			ut_asserteq_str(want[i].kind, d->kind);
		else
			ut_asserteq_ptr(NULL, d->kind);
	}
	/* The unit becoming ready was asked until it was */
	ut_assert(stats()->turs >= 2 + 6);
	return 0;
}
UNIT_TEST(virtio_scsi_units, UTF_DM, virtio_scsi);

/* Reads and writes: the model's bytes, many commands in flight */
static int virtio_scsi_rw(struct unit_test_state *uts)
{
	struct virtio_emul_scsi_opts o;
	struct udevice *vdev, *blk, *blk4k;

	ut_assertok(no_units(uts, &o));
	add(&o, 0, 0, 0);
	add(&o, 1, 0, 1)->blk_size = 4096;
	ut_assertok(start(uts, &o, &vdev));
	ut_assertok(fill(uts, 0, BUF_SIZE, 0x5a));
	ut_assertok(fill(uts, 1, BUF_SIZE, 0x33));
	blk = unit(vdev, 0);
	blk4k = unit(vdev, 1);
	ut_assertnonnull(blk);
	ut_assertnonnull(blk4k);
	ut_asserteq(BUF_SIZE / 512, blk_read(blk, 0, BUF_SIZE / 512, buf));
	for (u32 i = 0; i < BUF_SIZE; i++)
		ut_asserteq(pattern(i, 0x5a), buf[i]);
	ut_assert(stats()->max_in_flight > 1);
	ut_asserteq(BUF_SIZE / 4096, blk_read(blk4k, 0, BUF_SIZE / 4096, buf));
	for (u32 i = 0; i < BUF_SIZE; i++)
		ut_asserteq(pattern(i, 0x33), buf[i]);
	/* Writes at the end of the disk: the model has them */
	for (u32 i = 0; i < 64 * 512; i++)
		buf[i] = pattern(i, 0xa5);
	ut_asserteq(64, blk_write(blk, BLOCKS - 64, 64, buf));
	ut_assertok(sandbox_virtio_emul_scsi_rw(model(), 0,
						(BLOCKS - 64) * 512ULL, back,
						64 * 512, false));
	ut_asserteq_mem(buf, back, 64 * 512);
	ut_asserteq(8, blk_write(blk4k, BLOCKS / 8 - 8, 8, buf));
	ut_assertok(sandbox_virtio_emul_scsi_rw(model(), 1,
						(BLOCKS / 8 - 8) * 4096ULL,
						back, 8 * 4096, false));
	ut_asserteq_mem(buf, back, 8 * 4096);
	memset(back, 0, sizeof(back));
	ut_asserteq(1, blk_read(blk, BLOCKS - 1, 1, back));
	ut_asserteq_mem(buf + 63 * 512, back, 512);
	/* Byte reads, as partition and filesystem code does them */
	ut_assertok(blk_read_bytes(blk, 1000, back, 100));
	for (u32 i = 0; i < 100; i++)
		ut_asserteq(pattern(1000 + i, 0x5a), back[i]);
	/* A flush is SYNCHRONIZE CACHE */
	ut_assertok(blk_flush(blk));
	ut_asserteq(1, stats()->syncs);
	/* Past the end: refused before the device sees it */
	ut_assert(blk_read(blk, BLOCKS, 1, buf) < 0);
	return 0;
}
UNIT_TEST(virtio_scsi_rw, UTF_DM, virtio_scsi);

/* Write-protected units (WP, CD-ROM): no write reaches the device */
static int virtio_scsi_ro(struct unit_test_state *uts)
{
	struct virtio_emul_scsi_opts o;
	struct udevice *vdev;

	ut_assertok(no_units(uts, &o));
	add(&o, 0, 0, 0)->read_only = true;
	add(&o, 1, 1, 0)->cdrom = true;
	ut_assertok(start(uts, &o, &vdev));
	for (int i = 0; i < 2; i++) {
		struct udevice *blk = unit(vdev, i);

		ut_assertnonnull(blk);
		ut_asserteq(true, blk_get_desc(blk)->read_only);
		ut_asserteq(-EROFS, blk_write(blk, 0, 1, buf));
		ut_asserteq(1, blk_read(blk, 0, 1, buf));
	}
	ut_asserteq(0, stats()->writes);
	return 0;
}
UNIT_TEST(virtio_scsi_ro, UTF_DM, virtio_scsi);

/* Unit attentions, at probe and later, are asked again, not failed */
static int virtio_scsi_unit_attention(struct unit_test_state *uts)
{
	struct virtio_emul_scsi_opts o;
	struct udevice *vdev, *blk;

	ut_assertok(no_units(uts, &o));
	add(&o, 0, 0, 0);
	add(&o, 1, 0, 1);
	sandbox_virtio_emul_set_faults(model(), EMUL_FAULT_SCSI_UA);
	ut_assertok(start(uts, &o, &vdev));
	ut_asserteq(2, units(vdev));
	blk = unit(vdev, 1);
	ut_assertnonnull(blk);
	sandbox_virtio_emul_set_faults(model(), 0);
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	sandbox_virtio_emul_set_faults(model(), EMUL_FAULT_SCSI_UA);
	ut_asserteq(4, blk_read(blk, 0, 4, buf));
	ut_asserteq(2, blk_write(blk, 0, 2, buf));
	sandbox_virtio_emul_set_faults(model(), 0);
	return 0;
}
UNIT_TEST(virtio_scsi_unit_attention, UTF_DM, virtio_scsi);

/* Set @faults, read a block of @blk: @err, and one line about it */
static int read_fails(struct unit_test_state *uts, struct udevice *vdev,
		      struct udevice *blk, u32 faults, int err,
		      const char *why)
{
	char what[160];

	sandbox_virtio_emul_set_faults(model(), faults);
	ut_asserteq(err, blk_read(blk, 0, 1, buf));
	snprintf(what, sizeof(what),
		 "target 0 LUN 0: reading 1 blocks at 0: %s", why);
	ut_assertok(virtio_test_assert_line(uts, vdev, what));
	ut_assert_console_end();
	return 0;
}

/*
 * Each fault of a command ends it with its error and one message naming
 * the device and the unit; the disk works again once the device does
 */
static int virtio_scsi_faults(struct unit_test_state *uts)
{
	struct virtio_emul_scsi_opts o;
	struct udevice *vdev, *blk;

	ut_assertok(start_one(uts, &vdev, &blk));
	ut_assert_console_end();
	ut_assertok(read_fails(uts, vdev, blk, EMUL_FAULT_SCSI_BUSY, -EIO,
			       "status BUSY"));
	ut_assertok(read_fails(uts, vdev, blk, EMUL_FAULT_SCSI_SENSE_LONG,
			       -EIO, "sense length 104 beyond its 96 bytes"));
	ut_assertok(read_fails(uts, vdev, blk, EMUL_FAULT_SCSI_RESIDUAL,
			       -EIO, "residual 513 beyond the 512 bytes asked"));
	ut_assertok(sandbox_virtio_emul_scsi_opts(model(), &o));
	o.response = VIRTIO_SCSI_S_BAD_TARGET;
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
	ut_assertok(read_fails(uts, vdev, blk, EMUL_FAULT_SCSI_RESPONSE,
			       -ENODEV, "response BAD_TARGET"));
	o.response = VIRTIO_SCSI_S_FAILURE;
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
	ut_assertok(read_fails(uts, vdev, blk, EMUL_FAULT_SCSI_RESPONSE,
			       -EIO, "response FAILURE"));
	o.response = VIRTIO_SCSI_S_TRANSPORT_FAILURE;
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
	ut_assertok(read_fails(uts, vdev, blk, EMUL_FAULT_SCSI_RESPONSE,
			       -EIO, "response TRANSPORT_FAILURE"));
	o.response = 0x77;
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
	ut_assertok(read_fails(uts, vdev, blk, EMUL_FAULT_SCSI_RESPONSE,
			       -EIO, "bad response 0x77"));
	o.medium_error_lba = 0;
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
	ut_assertok(read_fails(uts, vdev, blk, EMUL_FAULT_SCSI_MEDIUM, -EIO,
			       "CHECK CONDITION, MEDIUM ERROR, ASC/ASCQ 11/00"));
	/* A block elsewhere reads; the bad one fails among many */
	ut_asserteq(1, blk_read(blk, 1, 1, buf));
	ut_assert(blk_read(blk, 0, 64, buf) == -EIO);
	ut_assertok(virtio_test_assert_line(uts, vdev, "target 0 LUN 0: reading 64 blocks at 0: CHECK CONDITION, MEDIUM ERROR, ASC/ASCQ 11/00"));
	/* The core's: no room for the response (the model writes none) */
	sandbox_virtio_emul_set_short(model(), 4);
	ut_assertok(read_fails(uts, vdev, blk, EMUL_FAULT_SHORT, -EIO,
			       "used length 0 does not cover the response"));
	/* Room for the response, not for the data: a short transfer */
	sandbox_virtio_emul_set_short(model(), 108 + 100);
	ut_assertok(read_fails(uts, vdev, blk, EMUL_FAULT_SHORT, -EIO,
			       "response OVERRUN"));
	sandbox_virtio_emul_set_faults(model(), 0);
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_scsi_faults, UTF_DM | UTF_CONSOLE, virtio_scsi);

/*
 * Faults the probe meets: a REPORT LUNS list longer than its data, or
 * with every LUN twice; READ CAPACITY (10) saying "ask (16)"; block sizes
 * the driver cannot use (unit left out, said); BUSY forever (no units,
 * said in one line, no hang) and a response of BAD_TARGET (no units,
 * quiet: no such targets)
 */
static int virtio_scsi_probe_faults(struct unit_test_state *uts)
{
	static const u32 bad_sizes[] = { 0, 3, 0x80000000 };
	struct virtio_emul_scsi_opts o;
	struct udevice *vdev;
	char what[120];

	ut_assertok(no_units(uts, &o));
	add(&o, 0, 0, 0);
	add(&o, 1, 0, 5);
	add(&o, 2, 4, 0);
	sandbox_virtio_emul_set_faults(model(), EMUL_FAULT_SCSI_LUNS_HUGE |
				       EMUL_FAULT_SCSI_LUNS_DUP |
				       EMUL_FAULT_SCSI_CAP16);
	ut_assertok(start(uts, &o, &vdev));
	ut_asserteq(3, units(vdev));
	ut_asserteq(BLOCKS, blk_get_desc(unit(vdev, 1))->lba);
	ut_assertok(virtio_scsi_reset());
	for (unsigned int i = 0; i < ARRAY_SIZE(bad_sizes); i++) {
		o.cap_blk_size = bad_sizes[i];
		ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
		sandbox_virtio_emul_set_faults(model(),
					       EMUL_FAULT_SCSI_CAP_BLKSZ);
		ut_asserteq(0, virtio_scsi_scan(true));
		for (int k = 0; k < 3; k++) {
			snprintf(what, sizeof(what), "target %u LUN %u: block size %u is not a power of two from 512 to 65536",
				 k == 2 ? 4 : 0, k == 1 ? 5 : 0, bad_sizes[i]);
			ut_assertok(virtio_test_assert_line(uts, vdev, what));
		}
		ut_assert_console_end();
		ut_assertok(virtio_scsi_reset());
	}
	/* Targets 0 and 4 BUSY: said in one line; BAD_TARGET: quiet */
	sandbox_virtio_emul_set_faults(model(), EMUL_FAULT_SCSI_BUSY);
	ut_asserteq(0, virtio_scsi_scan(true));
	ut_assertok(virtio_test_assert_line(uts, vdev, "2 of 16 targets did not answer INQUIRY (target 0: status BUSY): left out"));
	ut_assert_console_end();
	ut_assertok(virtio_scsi_reset());
	o.response = VIRTIO_SCSI_S_BAD_TARGET;
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
	sandbox_virtio_emul_set_faults(model(), EMUL_FAULT_SCSI_RESPONSE);
	ut_asserteq(0, virtio_scsi_scan(true));
	ut_assert_console_end();
	ut_assertok(virtio_scsi_reset());
	sandbox_virtio_emul_set_faults(model(), 0);
	ut_asserteq(3, virtio_scsi_scan(true));
	return 0;
}
UNIT_TEST(virtio_scsi_probe_faults, UTF_DM | UTF_CONSOLE, virtio_scsi);

/*
 * A controller that completes nothing: a timeout, bounded; the disk is
 * refused while the device holds the late command, and works once the
 * device gives it back
 */
static int virtio_scsi_timeout(struct unit_test_state *uts)
{
	struct udevice *vdev, *blk;
	char what[120];

	ut_assertok(start_one(uts, &vdev, &blk));
	sandbox_virtio_emul_set_faults(model(), EMUL_FAULT_SILENT);
	ut_asserteq(-ETIMEDOUT, blk_read(blk, 0, 4, buf));
	snprintf(what, sizeof(what),
		 "device completed nothing in %u ms reading (1 in flight)",
		 TIMEOUT_MS);
	ut_assertok(virtio_test_assert_line(uts, vdev, what));
	ut_asserteq(-EIO, blk_read(blk, 0, 1, buf));
	ut_assertok(virtio_test_assert_line(uts, vdev, "device still holds 1 timed-out request: not used until it is reset"));
	sandbox_virtio_emul_set_faults(model(), 0);
	sandbox_virtio_emul_complete(model());
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_scsi_timeout, UTF_DM | UTF_CONSOLE, virtio_scsi);

/*
 * A controller silent from the start: the timeout set before the probe
 * bounds the probe's own target scan, which fails, said once
 */
static int virtio_scsi_probe_timeout(struct unit_test_state *uts)
{
	struct virtio_emul_scsi_opts o;
	struct virtio_dev_priv *uc;
	struct udevice *dev, *vdev;
	ulong start_ms;

	ut_assertok(no_units(uts, &o));
	add(&o, 0, 0, 0);
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
	ut_assertok(sandbox_virtio_emul_transport(model(), &dev));
	ut_assertok(device_probe(dev));
	uc = dev_get_uclass_priv(dev);
	vdev = uc->vdev;
	ut_assertnonnull(vdev);
	ut_assertok(virtio_scsi_set_timeout(vdev, TIMEOUT_MS));
	sandbox_virtio_emul_set_faults(model(), EMUL_FAULT_SILENT);
	start_ms = get_timer(0);
	ut_asserteq(-ETIMEDOUT, device_probe(vdev));
	ut_assert(get_timer(start_ms) < 10 * TIMEOUT_MS);
	ut_assert_nextline("virtio-scsi#8: device completed nothing in 50 ms looking for targets (16 in flight)");
	ut_assert_nextline("virtio_mmio@10001200: virtio-scsi: initialisation failed: -110 (ETIMEDOUT)");
	ut_assert_console_end();
	sandbox_virtio_emul_set_faults(model(), 0);
	return 0;
}
UNIT_TEST(virtio_scsi_probe_timeout, UTF_DM | UTF_CONSOLE, virtio_scsi);

/*
 * The configuration: a 16-byte cdb_size and a short sense_size are
 * honoured; max_sectors cuts the commands; cmd_per_lun bounds what is in
 * flight; a cdb_size too small for READ (16) fails the probe, said
 */
static int virtio_scsi_config(struct unit_test_state *uts)
{
	struct virtio_emul_scsi_opts o;
	struct udevice *vdev, *blk;

	ut_assertok(no_units(uts, &o));
	add(&o, 0, 0, 0);
	o.cdb_size = 16;
	o.sense_size = 18;
	o.max_sectors = 16;
	o.cmd_per_lun = 1;
	ut_assertok(start(uts, &o, &vdev));
	blk = unit(vdev, 0);
	ut_assertnonnull(blk);
	memset(stats(), 0, sizeof(*stats()));	/* the probe's were many */
	ut_asserteq(128, blk_read(blk, 0, 128, buf));
	ut_asserteq(16 * 512, stats()->max_bytes);
	ut_asserteq(1, stats()->max_in_flight);
	o.medium_error_lba = 3;
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
	sandbox_virtio_emul_set_faults(model(), EMUL_FAULT_SCSI_MEDIUM);
	ut_asserteq(-EIO, blk_read(blk, 0, 8, buf));
	sandbox_virtio_emul_set_faults(model(), 0);
	/* 8 bytes of sense: the key of a unit attention is there */
	ut_assertok(virtio_scsi_reset());
	o.sense_size = 8;
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
	sandbox_virtio_emul_set_faults(model(), EMUL_FAULT_SCSI_UA);
	ut_asserteq(1, virtio_scsi_scan(true));
	ut_assertok(virtio_scsi_set_timeout(vdev, TIMEOUT_MS));
	ut_asserteq(4, blk_read(unit(vdev, 0), 0, 4, buf));
	sandbox_virtio_emul_set_faults(model(), 0);
	ut_assertok(virtio_scsi_reset());
	o.cdb_size = 12;
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
	ut_asserteq(0, virtio_scsi_scan(true));
	ut_assert(vdev->flags & DM_FLAG_PROBE_FAILED ||
		  !device_active(vdev));
	return 0;
}
UNIT_TEST(virtio_scsi_config, UTF_DM, virtio_scsi);

/* 'scsi reset' at driver level: the units go, and come back, new ones too */
static int virtio_scsi_rescan(struct unit_test_state *uts)
{
	struct virtio_emul_scsi_opts o;
	struct udevice *vdev, *blk;

	ut_assertok(start_one(uts, &vdev, &blk));
	ut_asserteq(1, units(vdev));
	ut_assertok(virtio_scsi_reset());
	ut_assert(!device_active(vdev));
	ut_asserteq(0, units(vdev));
	ut_assertok(sandbox_virtio_emul_scsi_opts(model(), &o));
	add(&o, 1, 6, 0);
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
	ut_asserteq(2, virtio_scsi_scan(false));
	ut_assertok(virtio_scsi_set_timeout(vdev, TIMEOUT_MS));
	blk = unit(vdev, 1);
	ut_assertnonnull(blk);
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	/* No event buffers are posted: the model has none to complete */
	ut_asserteq(-ENOENT, sandbox_virtio_emul_scsi_event(model(), 1,
							    (u8[8]){ 1 }));
	ut_asserteq(-EINVAL, virtio_scsi_set_timeout(blk, TIMEOUT_MS));
	return 0;
}
UNIT_TEST(virtio_scsi_rescan, UTF_DM, virtio_scsi);

/*
 * The model answers what the driver does not send the way QEMU does:
 * an absent LUN's INQUIRY, an unknown command; a tamper hook sees every
 * answer (the fuzzer's way in)
 */
static int tampered;

static void count_answers(void *ctx, struct virtio_emul_scsi_answer *a)
{
	tampered++;
}

static int virtio_scsi_model(struct unit_test_state *uts)
{
	struct udevice *vdev, *blk;

	ut_assertok(sandbox_virtio_emul_scsi_set_tamper(model(),
							count_answers, NULL));
	ut_assertok(start_one(uts, &vdev, &blk));
	ut_assert(tampered > 16);
	/* Targets 1 to 15 are not there; 0 is asked twice */
	ut_asserteq(15, stats()->bad_target);
	ut_asserteq(2, stats()->inquiries);
	ut_assertok(sandbox_virtio_emul_scsi_set_tamper(model(), NULL, NULL));
	ut_asserteq(-ENODEV, sandbox_virtio_emul_scsi_set_tamper(
				     sandbox_virtio_emul_get("emul-blk"),
				     NULL, NULL));
	return 0;
}
UNIT_TEST(virtio_scsi_model, UTF_DM, virtio_scsi);

/*
 * One command posted by hand on @vdev's request queue to @target:@lun,
 * waited for: a header of @hdr_len bytes, @len data bytes (@dev_reads:
 * the device's to read), a response of @resp_len bytes; tagged @tag, and
 * a second time at once when @twice
 */
static int raw_cmd(struct unit_test_state *uts, struct udevice *vdev,
		   const u8 *cdb, u8 target, u32 hdr_len, u32 len,
		   bool dev_reads, u32 resp_len, bool twice)
{
	static struct virtio_scsi_cmd_req req;
	static struct virtio_scsi_cmd_resp resp[2];
	static u8 data[4096];
	struct virtqueue *vq = list_last_entry(&virtio_get_priv(vdev)->vqs,
					       struct virtqueue, list);
	struct virtio_sg sg[3];
	unsigned int n = 0, out, got;

	memset(&req, 0, sizeof(req));
	virtio_scsi_lun(req.lun, target, 0);
	req.id = cpu_to_le64(1000);
	memcpy(req.cdb, cdb, 16);
	sg[n++] = (struct virtio_sg){ &req, hdr_len };
	if (len && dev_reads)
		sg[n++] = (struct virtio_sg){ data, len };
	out = n;
	sg[n++] = (struct virtio_sg){ &resp[0], resp_len };
	if (len && !dev_reads)
		sg[n++] = (struct virtio_sg){ data, len };
	ut_assertok(virtqueue_add(vq, sg, out, n - out, &resp[0]));
	if (twice) {
		sg[out] = (struct virtio_sg){ &resp[1], resp_len };
		ut_assertok(virtqueue_add(vq, sg, out, n - out, &resp[1]));
	}
	ut_assertok(virtqueue_kick(vq));
	ut_assertok(virtqueue_poll(vq, 1000000));
	ut_asserteq_ptr(&resp[0], virtqueue_get_buf(vq, &got));
	if (twice)
		ut_asserteq_ptr(&resp[1], virtqueue_get_buf(vq, &got));
	return 0;
}

/* The model counted one violation, said as @rule; the count is cleared */
static int violated(struct unit_test_state *uts, const char *rule)
{
	struct virtio_emul_stats *st = sandbox_virtio_emul_stats(model());
	char want[200];

	ut_asserteq(1, st->violations);
	snprintf(want, sizeof(want), "%s: virtio protocol violation: %s",
		 model_name, rule);
	ut_assert_nextline(want);
	st->violations = 0;
	return 0;
}

/*
 * The model's checker (§5.6.6.1): each rule broken by hand is counted, so
 * a driver that broke it would fail every test; sense_size and cdb_size
 * are the driver's to write, nothing else of the configuration is
 */
static int virtio_scsi_checker(struct unit_test_state *uts)
{
	static const u8 read10[16] = { SCSI_READ_10, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const u8 write10[16] = { SCSI_WRITE_10, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const u8 past[16] = { SCSI_READ_10, 0, 0, 0, 0x07, 0xff, 0, 0,
				     2 };
	static const u8 read16[16] = { SCSI_READ_16, [13] = 1 };
	static const u8 tur[16] = { SCSI_TEST_UNIT_READY };
	const u32 hdr = VIRTIO_SCSI_REQ_BYTES(VIRTIO_SCSI_CDB_DEFAULT);
	const u32 resp = VIRTIO_SCSI_RESP_BYTES(VIRTIO_SCSI_SENSE_DEFAULT);
	struct virtio_emul_scsi_opts o;
	struct udevice *vdev;
	u32 v;

	ut_assertok(no_units(uts, &o));
	add(&o, 0, 0, 0);
	add(&o, 1, 1, 0)->read_only = true;
	ut_assertok(start(uts, &o, &vdev));
	/* Done right: not counted */
	ut_assertok(raw_cmd(uts, vdev, read10, 0, hdr, 512, false, resp,
			    false));
	ut_asserteq(0, sandbox_virtio_emul_stats(model())->violations);
	ut_assertok(raw_cmd(uts, vdev, read10, 0, hdr - 16, 512, false, resp,
			    false));
	ut_assertok(violated(uts, "a SCSI request without its header and cdb_size bytes of CDB"));
	ut_assertok(raw_cmd(uts, vdev, tur, 0, hdr, 0, false, 12, false));
	ut_assertok(violated(uts, "a SCSI request without room for its response and sense_size bytes of sense"));
	ut_assertok(raw_cmd(uts, vdev, read10, 0, hdr, 100, false, resp,
			    false));
	ut_assertok(violated(uts, "a CDB's transfer length that is not the request's data bytes"));
	ut_assertok(raw_cmd(uts, vdev, write10, 0, hdr, 512, false, resp,
			    false));
	ut_assertok(violated(uts, "SCSI data in the wrong direction for the command"));
	ut_assertok(raw_cmd(uts, vdev, past, 0, hdr, 1024, false, resp,
			    false));
	ut_assertok(violated(uts, "a SCSI read or write beyond the unit's capacity"));
	ut_assertok(raw_cmd(uts, vdev, write10, 1, hdr, 512, true, resp,
			    false));
	ut_assertok(violated(uts, "a SCSI write to a write-protected unit"));
	ut_assertok(raw_cmd(uts, vdev, read10, 0, hdr, 512, false, resp,
			    true));
	ut_assertok(violated(uts, "a SCSI tag already in flight"));
	/* The model's cdb_size cut to 12 under the driver: READ (16) */
	o.cdb_size = 12;
	ut_assertok(sandbox_virtio_emul_scsi_set_opts(model(), &o));
	ut_assertok(raw_cmd(uts, vdev, read16, 0,
			    VIRTIO_SCSI_REQ_BYTES(12), 512, false, resp,
			    false));
	ut_assertok(violated(uts, "a CDB longer than cdb_size"));
	/* §5.6.4: sense_size and cdb_size are writable, the rest not */
	v = 32;
	ut_assertok(virtio_cwrite(vdev, offsetof(struct virtio_scsi_config,
						 cdb_size), &v, 4));
	v = 0;
	ut_assertok(virtio_cread_u32(vdev, offsetof(struct virtio_scsi_config,
						    cdb_size), &v));
	ut_asserteq(32, v);
	ut_assertok(virtio_cwrite(vdev, offsetof(struct virtio_scsi_config,
						 max_lun), &v, 4));
	ut_assertok(violated(uts, "a write to a read-only configuration field"));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_scsi_checker, UTF_DM | UTF_CONSOLE, virtio_scsi);

/*
 * The transitional virtio-pci controller (00:0b.0, driven as modern), and
 * the virtio-mmio one as version 1 (legacy): units found, data read and
 * written, the three queues there (and, the transport models' part, no
 * fourth: num_queues, queue_size and QueueNumMax say so)
 */
static int scsi_other(struct unit_test_state *uts, bool legacy)
{
	struct virtio_emul_scsi_opts o;
	struct udevice *vdev, *blk, *dev;
	const struct virtio_transport_ops *ops;
	struct virtqueue *vq;
	unsigned int max = 1;
	int n = 0, ret;

	ut_assertok(no_units(uts, &o));
	if (!legacy)
		model_name = "virtio-scsi-transitional";
	ut_assertnonnull(model());
	add(&o, 0, 0, 0);
	add(&o, 1, 3, 7)->blk_size = 4096;
	if (legacy)
		sandbox_virtio_emul_set_version(model(), 1);
	ut_assertok(start(uts, &o, &vdev));
	ut_asserteq(legacy, virtio_is_legacy(vdev));
	list_for_each_entry(vq, &virtio_get_priv(vdev)->vqs, list)
		n++;
	ut_asserteq(3, n);
	/* No fourth queue: QueueNumMax 0 (MMIO), or past num_queues (PCI) */
	ut_assertok(sandbox_virtio_emul_transport(model(), &dev));
	ops = dev->driver->ops;
	ret = ops->queue_max(dev, 3, &max);
	ut_assert(ret == -ENOENT || (!ret && !max));
	ut_asserteq(2, units(vdev));
	ut_assertok(fill(uts, 1, BUF_SIZE, 0x77));
	blk = unit(vdev, 1);
	ut_assertnonnull(blk);
	ut_asserteq(4096, blk_get_desc(blk)->blksz);
	ut_asserteq(BUF_SIZE / 4096, blk_read(blk, 0, BUF_SIZE / 4096, buf));
	for (u32 i = 0; i < BUF_SIZE; i++)
		ut_asserteq(pattern(i, 0x77), buf[i]);
	for (u32 i = 0; i < 4096; i++)
		buf[i] = pattern(i, 0x11);
	ut_asserteq(1, blk_write(blk, 5, 1, buf));
	ut_assertok(sandbox_virtio_emul_scsi_rw(model(), 1, 5 * 4096, back,
						4096, false));
	ut_asserteq_mem(buf, back, 4096);
	ut_assertok(blk_flush(unit(vdev, 0)));
	return 0;
}

static int virtio_scsi_pci(struct unit_test_state *uts)
{
	return scsi_other(uts, false);
}
UNIT_TEST(virtio_scsi_pci, UTF_DM, virtio_scsi);

static int virtio_scsi_mmio_legacy(struct unit_test_state *uts)
{
	return scsi_other(uts, true);
}
UNIT_TEST(virtio_scsi_mmio_legacy, UTF_DM, virtio_scsi);
