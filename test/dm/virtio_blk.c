// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio-blk (drivers/block/virtio_blk.c) against the sandbox's block
 * models (drivers/virtio/emul/virtio_emul_blk.c, dts/sandbox.dts) on every
 * transport: virtio-mmio version 2 and 1, virtio-pci modern, legacy and
 * transitional, and on the packed ring. Reads and writes through the block
 * uclass checked against the model's disk, requests cut at SIZE_MAX and
 * SEG_MAX with several in flight, 4 KiB blocks, read-only disks, flush,
 * the ID string, and each fault the model has ending in its error, without
 * a hang. Every test ends with the models' protocol checker having counted
 * nothing (UT_CHECK in virtio_test_driver.c).
 */
#include <asm/io.h>
#include <asm/virtio_emul.h>
#include <blk.h>
#include <byteorder.h>
#include <command.h>
#include <dm.h>
#include <global_data.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>
#include <virtio.h>
#include <virtio_blk.h>
#include <virtio_ring.h>
#include "test-drivers.h"

#define TIMEOUT_MS	50		/* what the tests let a request take */
#define DISK_SECTORS	8192		/* each model's disk: 4 MiB */
#define BUF_SIZE	(256 * 1024)

/**
 * struct blk_case - one transport under test
 * @model: the model's DT node
 * @legacy: driven through a legacy interface
 */
static const struct blk_case {
	const char *model;
	bool legacy;
} cases[] = {
	{ "emul-blk", false },
	{ "emul-blk-legacy", true },
	{ "virtio-blk-modern", false },
	{ "virtio-blk-legacy", true },
	{ "virtio-blk-transitional", false },
	/* The packed ring: modern virtio-mmio and virtio-pci */
	{ "emul-blk", false },
	{ "virtio-blk-modern", false },
};

#define PACKED_FIRST	5

/*
 * TRANSPORT_TEST(name, flags): name(uts, t, false) on each transport, as
 * virtio_transport_<name>_<transport>; PACKED_TEST(name, flags): name(uts,
 * t, true) on the packed ring, as virtio_packed_<name>_<mmio|pci>
 */
#define BLK_CASE(_prefix, _name, _flags, _i, _suffix)			\
	static int _prefix##_name##_##_suffix(struct unit_test_state *uts) \
	{								\
		return _name(uts, &cases[_i], _i >= PACKED_FIRST);	\
	}								\
	UNIT_TEST(_prefix##_name##_##_suffix, _flags, virtio_blk)
#define TRANSPORT_TEST(_name, _flags)					\
	BLK_CASE(virtio_transport_, _name, _flags, 0, mmio2);		\
	BLK_CASE(virtio_transport_, _name, _flags, 1, mmio1);		\
	BLK_CASE(virtio_transport_, _name, _flags, 2, pci_modern);	\
	BLK_CASE(virtio_transport_, _name, _flags, 3, pci_legacy);	\
	BLK_CASE(virtio_transport_, _name, _flags, 4, pci_transitional)
#define PACKED_TEST(_name, _flags)					\
	BLK_CASE(virtio_packed_, _name, _flags, 5, mmio);		\
	BLK_CASE(virtio_packed_, _name, _flags, 6, pci)
BUILD_BUG_ON(ARRAY_SIZE(cases) != 7);

static u8 buf[BUF_SIZE], back[BUF_SIZE];

/* The pattern the tests put on a disk: byte @off of it */
static u8 pattern(u64 off, u8 seed)
{
	return (u8)(off / 512) ^ (u8)(off * 7) ^ seed;
}

static struct udevice *model(const struct blk_case *t)
{
	return sandbox_virtio_emul_get(t->model);
}

/* The first @len bytes of the model's disk, from @seed */
static int fill_disk(struct unit_test_state *uts, const struct blk_case *t,
		     u32 len, u8 seed)
{
	u8 *p = malloc(len);

	ut_assertnonnull(p);
	for (u32 i = 0; i < len; i++)
		p[i] = pattern(i, seed);
	ut_assertok(sandbox_virtio_emul_blk_rw(model(t), 0, p, len, true));
	free(p);
	return 0;
}

/*
 * Start the disk of case @t: the packed ring offered when @packed; its
 * options changed first by @opts (NULL: the node's). *@vdevp: the
 * virtio-blk device, *@blkp: its block device, both probed.
 */
static int start_opts(struct unit_test_state *uts, const struct blk_case *t,
		      bool packed, const struct virtio_emul_blk_opts *opts,
		      struct udevice **vdevp, struct udevice **blkp)
{
	struct udevice *emul = model(t);

	ut_assertnonnull(emul);
	if (opts)
		ut_assertok(sandbox_virtio_emul_blk_set_opts(emul, opts));
	if (packed)
		sandbox_virtio_emul_set_features(emul,
			sandbox_virtio_emul_features(emul) |
			BIT_ULL(VIRTIO_F_RING_PACKED));
	ut_assertok(virtio_test_start(t->model, NULL, vdevp));
	ut_asserteq(packed, virtio_has_feature(*vdevp, VIRTIO_F_RING_PACKED));
	ut_asserteq(t->legacy, virtio_is_legacy(*vdevp));
	ut_assertok(virtio_blk_set_timeout(*vdevp, TIMEOUT_MS));
	*blkp = device_find_first_child(*vdevp);
	ut_assertnonnull(*blkp);
	ut_assertok(device_probe(*blkp));
	return 0;
}

static int start(struct unit_test_state *uts, const struct blk_case *t,
		 bool packed, struct udevice **vdevp, struct udevice **blkp)
{
	return start_opts(uts, t, packed, NULL, vdevp, blkp);
}

/* The model's options, for a test to change */
static int opts_of(struct unit_test_state *uts, const struct blk_case *t,
		   struct virtio_emul_blk_opts *opts)
{
	ut_assertok(sandbox_virtio_emul_blk_opts(model(t), opts));
	return 0;
}

static struct virtio_emul_blk_stats *blk_stats(const struct blk_case *t)
{
	return sandbox_virtio_emul_blk_stats(model(t));
}

/*
 * What the disk is, then a read of what the model holds and a write the
 * model then holds, each over many requests in flight
 */
static int blk_rw(struct unit_test_state *uts, const struct blk_case *t,
		  bool packed)
{
	struct udevice *vdev, *blk;
	struct blk_desc *d;

	ut_assertok(fill_disk(uts, t, BUF_SIZE, 0x5a));
	ut_assertok(start(uts, t, packed, &vdev, &blk));
	d = blk_get_desc(blk);
	ut_asserteq_str("virtio", d->if_name);
	ut_asserteq(512, d->blksz);
	ut_asserteq(DISK_SECTORS, d->lba);
	ut_asserteq(false, d->read_only);
	/* The model's ID string: its name, cut at 20 bytes */
	ut_assertok(strncmp(t->model, d->product, VIRTIO_BLK_ID_BYTES));
	ut_asserteq(min_t(size_t, strlen(t->model), VIRTIO_BLK_ID_BYTES),
		    strlen(d->product));
	ut_asserteq_str(strncmp(t->model, "virtio", 6) ? "554d4245" : "1af4",
			d->vendor);	/* virtio-mmio's, or PCI's subsystem */
	/* Read: 512 blocks, the model's bytes in place */
	ut_asserteq(BUF_SIZE / 512, blk_read(blk, 0, BUF_SIZE / 512, buf));
	for (u32 i = 0; i < BUF_SIZE; i++)
		ut_asserteq(pattern(i, 0x5a), buf[i]);
	/* Several requests in flight for one notification */
	ut_assert(blk_stats(t)->max_batch > 1);
	/* Write at the end of the disk; the model has it, reading gives it */
	for (u32 i = 0; i < 64 * 512; i++)
		buf[i] = pattern(i, 0xa5);
	ut_asserteq(64, blk_write(blk, DISK_SECTORS - 64, 64, buf));
	ut_assertok(sandbox_virtio_emul_blk_rw(model(t),
					       (DISK_SECTORS - 64) * 512ULL,
					       back, 64 * 512, false));
	ut_asserteq_mem(buf, back, 64 * 512);
	memset(back, 0, sizeof(back));
	ut_asserteq(1, blk_read(blk, DISK_SECTORS - 1, 1, back));
	ut_asserteq_mem(buf + 63 * 512, back, 512);
	/* Byte reads, as partition and filesystem code does them */
	ut_assertok(blk_read_bytes(blk, 1000, back, 100));
	for (u32 i = 0; i < 100; i++)
		ut_asserteq(pattern(1000 + i, 0x5a), back[i]);
	return 0;
}
TRANSPORT_TEST(blk_rw, UTF_DM);
PACKED_TEST(blk_rw, UTF_DM);

/*
 * A vectored read: pieces scattered over the disk and out of order, into
 * scattered places, all in one job with several requests in flight across
 * pieces; empty pieces left out; a piece out of range refused before any
 * request; an I/O error in one piece fails the whole read, once
 */
static int blk_vec(struct unit_test_state *uts, const struct blk_case *t,
		   bool packed)
{
	struct virtio_emul_blk_stats *st;
	struct udevice *vdev, *blk;
	struct blk_vec vec[BLK_VEC_MAX + 1];
	u32 n = 0, full = 0, reads;

	ut_assertok(fill_disk(uts, t, BUF_SIZE, 0x3c));
	ut_assertok(start(uts, t, packed, &vdev, &blk));
	st = blk_stats(t);
	memset(buf, 0, sizeof(buf));
	/* 1..40 blocks each, from the end of the buffer's first half back */
	for (u32 i = 0, at = 0; i < 24; i++) {
		u32 count = i % 5 ? 1 + (i * 7) % 40 : 0;

		vec[n++] = (struct blk_vec){ (23 - i) * 20, count,
					     buf + at * 512 };
		full += count != 0;
		at += count + 1;	/* a gap the read leaves alone */
	}
	reads = st->reads;
	ut_assertok(blk_read_vec(blk, vec, n));
	for (u32 i = 0; i < n; i++) {
		const u8 *p = vec[i].buf;

		for (u32 b = 0; b < vec[i].count * 512; b++)
			ut_asserteq(pattern(vec[i].start * 512 + b, 0x3c), p[b]);
		if (vec[i].count)
			ut_asserteq(0, p[vec[i].count * 512]);	/* the gap */
	}
	/* One request per piece that is not empty (each fits in one) */
	ut_asserteq(full, st->reads - reads);
	ut_assert(st->max_batch > 1);
	/* Nothing, or only empty pieces: no request */
	ut_assertok(blk_read_vec(blk, vec, 0));
	vec[0].count = 0;
	ut_assertok(blk_read_vec(blk, vec, 1));
	/* Refused whole, before any request */
	reads = st->reads;
	vec[0] = (struct blk_vec){ 0, 1, buf };
	vec[1] = (struct blk_vec){ DISK_SECTORS - 1, 2, buf + 512 };
	ut_asserteq(-ERANGE, blk_read_vec(blk, vec, 2));
	vec[1] = (struct blk_vec){ 8, 1, NULL };
	ut_asserteq(-EINVAL, blk_read_vec(blk, vec, 2));
	ut_asserteq(-EINVAL, blk_read_vec(blk, vec, BLK_VEC_MAX + 1));
	ut_asserteq(reads, st->reads);
	/* An error in any piece: the read fails, one message */
	ut_assert_console_end();
	vec[1] = (struct blk_vec){ 8, 2, buf + 512 };
	sandbox_virtio_emul_set_faults(model(t), EMUL_FAULT_BLK_IOERR);
	ut_asserteq(-EIO, blk_read_vec(blk, vec, 2));
	ut_assertok(virtio_test_assert_line(uts, vdev, "I/O error reading 512 bytes at sector 0"));
	ut_assert_console_end();
	sandbox_virtio_emul_set_faults(model(t), 0);
	ut_assertok(blk_read_vec(blk, vec, 2));
	return 0;
}
TRANSPORT_TEST(blk_vec, UTF_DM | UTF_CONSOLE);
PACKED_TEST(blk_vec, UTF_DM | UTF_CONSOLE);

/*
 * A source for blk_read_stream(): @n pieces of 1 to 3 blocks, every
 * fifth empty, from the disk's end back, each into its own place with a
 * one-block gap; @fail_at: the piece at which it says @err instead (or
 * gives one past the disk's end, for -ERANGE)
 */
struct test_src {
	struct blk_src src;
	u32 n, at, fail_at, blocks;
	int err;
	u32 reads_before;	/* the model's reads when asked for piece 30 */
	const struct blk_case *t;
};

static int test_src_piece(u32 i, struct blk_vec *vec)
{
	u32 count = i % 5 == 4 ? 0 : 1 + i % 3;

	*vec = (struct blk_vec){ DISK_SECTORS - 4 * (i + 1), count,
				 buf + i * 4 * 512 };
	return count;
}

static int test_src_next(struct blk_src *src, struct blk_vec *vec)
{
	struct test_src *s = container_of(src, struct test_src, src);

	if (s->at == s->n)
		return 0;
	if (s->at == 30)
		s->reads_before = blk_stats(s->t)->reads;
	if (s->at == s->fail_at) {
		if (s->err != -ERANGE)
			return s->err;
		*vec = (struct blk_vec){ DISK_SECTORS - 1, 2, buf };
		return 1;
	}
	s->blocks += test_src_piece(s->at++, vec);
	return 1;
}

/*
 * A streamed read: more pieces than a vector holds, asked for one at a
 * time while the pieces before are out (more than a batch of slots: the
 * source is asked for piece 30 after the device has served some), empty
 * ones left out;
 * a source's error, or a piece out of range, part-way: the requests out
 * are all taken back, the read fails with that error and nothing is said,
 * and the disk reads on
 */
static int blk_stream(struct unit_test_state *uts, const struct blk_case *t,
		      bool packed)
{
	struct virtio_emul_blk_stats *st;
	struct udevice *vdev, *blk;
	struct test_src s = { .src = { test_src_next }, .n = 60, .t = t,
			      .fail_at = ~0U };
	u32 reads, full = 0;

	ut_assertok(fill_disk(uts, t, DISK_SECTORS * 512, 0x6b));
	ut_assertok(start(uts, t, packed, &vdev, &blk));
	st = blk_stats(t);
	memset(buf, 0, sizeof(buf));
	reads = st->reads;
	ut_assertok(blk_read_stream(blk, &s.src));
	ut_asserteq(60, s.at);
	for (u32 i = 0; i < 60; i++) {
		struct blk_vec v;
		u32 count = test_src_piece(i, &v);
		const u8 *p = v.buf;

		for (u32 b = 0; b < count * 512; b++)
			ut_asserteq(pattern(v.start * 512 + b, 0x6b), p[b]);
		ut_asserteq(0, p[count * 512]);	/* the gap */
		full += count != 0;
	}
	ut_asserteq(full, st->reads - reads);
	ut_assert(s.reads_before > reads);
	ut_assert(st->max_batch > 1);
	/* A source that has nothing: no request */
	s = (struct test_src){ .src = { test_src_next }, .t = t,
			       .fail_at = ~0U };
	reads = st->reads;
	ut_assertok(blk_read_stream(blk, &s.src));
	ut_asserteq(reads, st->reads);
	/*
	 * The source's error at piece 45, with requests for those before it
	 * out (a batch of slots ends at piece 39); then one out of range
	 */
	for (int i = 0; i < 2; i++) {
		int err = i ? -ERANGE : -EBADMSG;

		s = (struct test_src){ .src = { test_src_next }, .n = 60,
				       .t = t, .fail_at = 45, .err = err };
		ut_asserteq(err, blk_read_stream(blk, &s.src));
		ut_asserteq(45, s.at);
		ut_assert_console_end();
		ut_asserteq(1, blk_read(blk, 0, 1, buf));
		ut_asserteq(pattern(0, 0x6b), buf[0]);
	}
	return 0;
}
TRANSPORT_TEST(blk_stream, UTF_DM | UTF_CONSOLE);
PACKED_TEST(blk_stream, UTF_DM | UTF_CONSOLE);

/*
 * Each fault the model has ends the request with its error and one
 * message naming the device; the disk works again once the device does
 */
static int blk_faults(struct unit_test_state *uts, const struct blk_case *t,
		      bool packed)
{
	struct udevice *vdev, *blk, *emul = model(t);

	ut_assertok(start(uts, t, packed, &vdev, &blk));
	ut_assert_console_end();
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_BLK_IOERR);
	ut_asserteq(-EIO, blk_read(blk, 8, 2, buf));
	ut_assertok(virtio_test_assert_line(uts, vdev, "I/O error reading 1024 bytes at sector 8"));
	ut_asserteq(-EIO, blk_write(blk, 8, 1, buf));
	ut_assertok(virtio_test_assert_line(uts, vdev, "I/O error writing 512 bytes at sector 8"));
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_BLK_UNSUPP);
	ut_asserteq(-ENOSYS, blk_flush(blk));
	ut_assertok(virtio_test_assert_line(uts, vdev, "device does not support flushing"));
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_BLK_BAD_STATUS);
	ut_asserteq(-EIO, blk_read(blk, 0, 1, buf));
	ut_assertok(virtio_test_assert_line(uts, vdev, "bad status 0x55 reading 512 bytes at sector 0"));
	/* A used length short of the status byte; legacy: not looked at */
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_BLK_SHORT_USED);
	if (t->legacy) {
		ut_asserteq(1, blk_read(blk, 0, 1, buf));
	} else {
		ut_asserteq(-EIO, blk_read(blk, 0, 1, buf));
		ut_assertok(virtio_test_assert_line(uts, vdev, "used length 512 does not cover the status byte (513 expected) reading 512 bytes at sector 0"));
	}
	sandbox_virtio_emul_set_faults(emul, 0);
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	ut_assert_console_end();
	return 0;
}
TRANSPORT_TEST(blk_faults, UTF_DM | UTF_CONSOLE);
PACKED_TEST(blk_faults, UTF_DM | UTF_CONSOLE);

/*
 * A device that completes nothing: a timeout, bounded; the disk refuses
 * requests while the device holds the late one, and works again once the
 * device has given it back
 */
static int blk_timeout(struct unit_test_state *uts, const struct blk_case *t,
		       bool packed)
{
	struct udevice *vdev, *blk, *emul = model(t);
	char what[120];

	ut_assertok(start(uts, t, packed, &vdev, &blk));
	sandbox_virtio_emul_set_faults(emul, EMUL_FAULT_SILENT);
	ut_asserteq(-ETIMEDOUT, blk_read(blk, 0, 4, buf));
	snprintf(what, sizeof(what),
		 "device completed nothing in %u ms reading (1 in flight)",
		 TIMEOUT_MS);
	ut_assertok(virtio_test_assert_line(uts, vdev, what));
	ut_asserteq(-EIO, blk_read(blk, 0, 1, buf));
	ut_assertok(virtio_test_assert_line(uts, vdev, "device still holds 1 timed-out request: not used until it is reset"));
	/* The device wakes up and serves what it was given */
	sandbox_virtio_emul_set_faults(emul, 0);
	sandbox_virtio_emul_complete(emul);
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	ut_assert_console_end();
	return 0;
}
TRANSPORT_TEST(blk_timeout, UTF_DM | UTF_CONSOLE);
PACKED_TEST(blk_timeout, UTF_DM | UTF_CONSOLE);

/* A device that asks for a reset fails the request, saying so */
static int blk_needs_reset(struct unit_test_state *uts,
			   const struct blk_case *t, bool packed)
{
	struct udevice *vdev, *blk, *dev;
	char what[80];

	ut_assertok(start(uts, t, packed, &vdev, &blk));
	ut_assertok(sandbox_virtio_emul_transport(model(t), &dev));
	sandbox_virtio_emul_set_faults(model(t), EMUL_FAULT_NEEDS_RESET);
	ut_asserteq(-EIO, blk_read(blk, 0, 1, buf));
	snprintf(what, sizeof(what), "device needs a reset (status %#x)",
		 t->legacy ? 0x47 : 0x4f);
	ut_assertok(virtio_test_assert_line(uts, dev, what));
	ut_assert_console_end();
	return 0;
}
TRANSPORT_TEST(blk_needs_reset, UTF_DM | UTF_CONSOLE);

/* A broken ring (a used id never posted): -EIO, said once by the ring */
static int blk_broken(struct unit_test_state *uts, const struct blk_case *t,
		      bool packed)
{
	struct udevice *vdev, *blk;

	ut_assertok(start(uts, t, packed, &vdev, &blk));
	sandbox_virtio_emul_set_faults(model(t), EMUL_FAULT_USED_ID);
	ut_asserteq(-EIO, blk_read(blk, 0, 1, buf));
	ut_assert(virtqueue_is_broken(virtio_test_first_vq(vdev)));
	ut_asserteq(-EIO, blk_read(blk, 0, 1, buf));
	return 0;
}
TRANSPORT_TEST(blk_broken, UTF_DM);

/* RO: the disk says so, and no write reaches the device */
static int blk_ro(struct unit_test_state *uts, const struct blk_case *t,
		  bool packed)
{
	struct virtio_emul_blk_opts opts;
	struct udevice *vdev, *blk;
	const struct blk_ops *ops;

	ut_assertok(opts_of(uts, t, &opts));
	opts.read_only = true;
	ut_assertok(start_opts(uts, t, packed, &opts, &vdev, &blk));
	ut_assert(virtio_has_feature(vdev, VIRTIO_BLK_F_RO));
	ut_asserteq(true, blk_get_desc(blk)->read_only);
	ut_asserteq(-EROFS, blk_write(blk, 0, 1, buf));
	/* Not even straight through the driver's own op */
	ops = blk->driver->ops;
	ut_asserteq(-EROFS, ops->write(blk, 0, 1, buf));
	ut_asserteq(0, blk_stats(t)->writes);
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	return 0;
}
TRANSPORT_TEST(blk_ro, UTF_DM);

/* 4 KiB blocks: block n is sectors 8n..8n+7, requests whole blocks */
static int blk_4k(struct unit_test_state *uts, const struct blk_case *t,
		  bool packed)
{
	struct virtio_emul_blk_opts opts;
	struct udevice *vdev, *blk;
	struct blk_desc *d;

	ut_assertok(opts_of(uts, t, &opts));
	opts.blk_size = 4096;
	ut_assertok(fill_disk(uts, t, 64 * 1024, 0x33));
	ut_assertok(start_opts(uts, t, packed, &opts, &vdev, &blk));
	d = blk_get_desc(blk);
	ut_asserteq(4096, d->blksz);
	ut_asserteq(DISK_SECTORS / 8, d->lba);
	ut_asserteq(4, blk_read(blk, 2, 4, buf));
	for (u32 i = 0; i < 4 * 4096; i++)
		ut_asserteq(pattern(2 * 4096 + i, 0x33), buf[i]);
	ut_asserteq(1, blk_write(blk, d->lba - 1, 1, buf));
	ut_assertok(sandbox_virtio_emul_blk_rw(model(t), (d->lba - 1) * 4096,
					       back, 4096, false));
	ut_asserteq_mem(buf, back, 4096);
	ut_asserteq(0, blk_stats(t)->max_bytes % 4096);
	ut_asserteq(-ERANGE, blk_read(blk, d->lba, 1, buf));
	return 0;
}
TRANSPORT_TEST(blk_4k, UTF_DM);
PACKED_TEST(blk_4k, UTF_DM);

/* A blk_size that is no block size: 512, with a warning */
static int virtio_blk_bad_blk_size(struct unit_test_state *uts)
{
	static const u32 bad[] = { 1000, 256, 131072, 0 };
	const struct blk_case *t = &cases[0];
	struct virtio_emul_blk_opts opts;
	struct udevice *vdev, *blk, *dev;
	char what[120];

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		ut_assertok(opts_of(uts, t, &opts));
		opts.blk_size = bad[i];
		ut_assertok(start_opts(uts, t, false, &opts, &vdev, &blk));
		snprintf(what, sizeof(what),
			 "blk_size %u is not a power of two from 512 to 65536: using 512",
			 bad[i]);
		ut_assertok(virtio_test_assert_line(uts, vdev, what));
		ut_asserteq(512, blk_get_desc(blk)->blksz);
		ut_asserteq(1, blk_read(blk, 0, 1, buf));
		ut_assertok(sandbox_virtio_emul_transport(model(t), &dev));
		ut_assertok(device_remove(dev));
	}
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_blk_bad_blk_size, UTF_DM | UTF_CONSOLE, virtio_blk);

/*
 * SIZE_MAX and SEG_MAX: no piece larger, no request with more pieces;
 * a large read cut into many requests, several in flight
 */
static int blk_split(struct unit_test_state *uts, const struct blk_case *t,
		     bool packed)
{
	struct virtio_emul_blk_opts opts;
	struct virtio_emul_blk_stats *st;
	struct udevice *vdev, *blk;

	ut_assertok(opts_of(uts, t, &opts));
	opts.size_max = 4096;
	opts.seg_max = 3;
	ut_assertok(fill_disk(uts, t, BUF_SIZE, 0x11));
	ut_assertok(start_opts(uts, t, packed, &opts, &vdev, &blk));
	st = blk_stats(t);
	ut_asserteq(BUF_SIZE / 512, blk_read(blk, 0, BUF_SIZE / 512, buf));
	for (u32 i = 0; i < BUF_SIZE; i++)
		ut_asserteq(pattern(i, 0x11), buf[i]);
	ut_asserteq(3, st->max_segs);
	ut_asserteq(3 * 4096, st->max_bytes);
	ut_assert(st->reads >= BUF_SIZE / (3 * 4096));
	ut_assert(st->max_batch > 1);
	/* A write the same way */
	ut_asserteq(100, blk_write(blk, 1000, 100, buf));
	ut_assertok(sandbox_virtio_emul_blk_rw(model(t), 1000 * 512ULL, back,
					       100 * 512, false));
	ut_asserteq_mem(buf, back, 100 * 512);
	ut_asserteq(3, st->max_segs);
	return 0;
}
TRANSPORT_TEST(blk_split, UTF_DM);
PACKED_TEST(blk_split, UTF_DM);

/* Limits that leave no room for one block: the probe fails, saying so */
static int virtio_blk_no_room(struct unit_test_state *uts)
{
	const struct blk_case *t = &cases[0];
	struct virtio_emul_blk_opts opts;
	struct udevice *vdev, *blk;
	struct virtio_info info;

	ut_assertok(opts_of(uts, t, &opts));
	opts.size_max = 256;
	opts.seg_max = 1;
	ut_assertok(sandbox_virtio_emul_blk_set_opts(model(t), &opts));
	ut_asserteq(-EIO, virtio_test_start(t->model, NULL, &vdev));
	ut_assertok(virtio_test_assert_line(uts, vdev, "size_max 256 and seg_max 1 leave no room for one 512-byte block"));
	ut_assert_nextline("virtio_mmio@10000a00: virtio-blk: initialisation failed: -5 (EIO)");
	ut_assert_console_end();
	/* Lookups leave it alone: said once, not once per lookup */
	ut_asserteq(-ENODEV, blk_get_by_name("virtio", 9, &blk));
	ut_asserteq(-ENODEV, blk_get_by_name("virtio", 9, &blk));
	ut_assert_console_end();
	ut_assert(vdev->flags & DM_FLAG_PROBE_FAILED);
	/* 'virtio scan' tries it again, and says so again */
	ut_assert(virtio_scan() > 0);
	ut_assertok(virtio_test_assert_line(uts, vdev, "size_max 256 and seg_max 1 leave no room for one 512-byte block"));
	ut_assert_nextline("virtio_mmio@10000a00: virtio-blk: initialisation failed: -5 (EIO)");
	ut_assert_console_end();
	ut_assertok(virtio_get_info(vdev->parent, &info));
	ut_asserteq(VIRTIO_STATE_FAILED, info.state);
	ut_asserteq(-EIO, info.error);
	return 0;
}
UNIT_TEST(virtio_blk_no_room, UTF_DM | UTF_CONSOLE, virtio_blk);

/* FLUSH: a flush request when negotiated; without it, nothing to do */
static int virtio_blk_flush(struct unit_test_state *uts)
{
	const struct blk_case *t = &cases[2];
	struct virtio_emul_blk_opts opts;
	struct udevice *vdev, *blk, *dev;

	ut_assertok(start(uts, t, false, &vdev, &blk));
	ut_assert(virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH));
	ut_asserteq(1, blk_write(blk, 0, 1, buf));
	ut_assertok(blk_flush(blk));
	ut_asserteq(1, blk_stats(t)->flushes);
	ut_assertok(sandbox_virtio_emul_transport(model(t), &dev));
	ut_assertok(device_remove(dev));
	ut_assertok(opts_of(uts, t, &opts));
	opts.no_flush = true;
	ut_assertok(start_opts(uts, t, false, &opts, &vdev, &blk));
	ut_assert(!virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH));
	ut_assertok(blk_flush(blk));
	ut_asserteq(1, blk_stats(t)->flushes);
	return 0;
}
UNIT_TEST(virtio_blk_flush, UTF_DM, virtio_blk);

/*
 * GET_ID: 20 bytes, not ended when full; what is not printable shown as
 * '?'; a device without it (UNSUPP) has no serial and works
 */
static int virtio_blk_get_id(struct unit_test_state *uts)
{
	const struct blk_case *t = &cases[0];
	struct virtio_emul_blk_opts opts;
	struct udevice *vdev, *blk, *dev;

	ut_assertok(opts_of(uts, t, &opts));
	strcpy(opts.serial, "0123456789abcdef\tXYZ");
	ut_assertok(start_opts(uts, t, false, &opts, &vdev, &blk));
	ut_asserteq_str("0123456789abcdef?XYZ", blk_get_desc(blk)->product);
	ut_asserteq(1, blk_stats(t)->get_ids);
	ut_assertok(sandbox_virtio_emul_transport(model(t), &dev));
	ut_assertok(device_remove(dev));
	sandbox_virtio_emul_set_faults(model(t), EMUL_FAULT_BLK_UNSUPP);
	ut_assertok(start(uts, t, false, &vdev, &blk));
	ut_asserteq_str("", blk_get_desc(blk)->product);
	sandbox_virtio_emul_set_faults(model(t), 0);
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	return 0;
}
UNIT_TEST(virtio_blk_get_id, UTF_DM, virtio_blk);

/* Ranges past the end are refused before the device sees them */
static int blk_range(struct unit_test_state *uts, const struct blk_case *t,
		     bool packed)
{
	struct udevice *vdev, *blk;
	u32 reads;

	ut_assertok(start(uts, t, packed, &vdev, &blk));
	reads = blk_stats(t)->reads;
	ut_asserteq(-ERANGE, blk_read(blk, DISK_SECTORS, 1, buf));
	ut_asserteq(-ERANGE, blk_read(blk, DISK_SECTORS - 1, 2, buf));
	ut_asserteq(-ERANGE, blk_write(blk, ~0ULL, 1, buf));
	ut_asserteq(-ERANGE, blk_read_bytes(blk, DISK_SECTORS * 512ULL - 1,
					    buf, 2));
	ut_asserteq(reads, blk_stats(t)->reads);
	ut_asserteq(1, blk_read(blk, DISK_SECTORS - 1, 1, buf));
	return 0;
}
TRANSPORT_TEST(blk_range, UTF_DM);

/*
 * "virtio <n>" with nothing probed: the disks are looked for, numbered in
 * the order of their transports; removed, a disk's number goes with it
 */
static int virtio_blk_names(struct unit_test_state *uts)
{
	struct udevice *blk, *dev;

	ut_assertok(blk_get_by_name("virtio", 0, &blk));
	ut_asserteq_str("virtio-blk#4.blk#0", blk->name);
	ut_assertok(blk_get_by_name("virtio", 1, &blk));
	ut_asserteq_str("emul-blk-legacy", blk_get_desc(blk)->product);
	ut_assertok(blk_get_by_name("virtio", 4, &blk));
	ut_asserteq_str("virtio-blk-transitio", blk_get_desc(blk)->product);
	ut_asserteq(-ENODEV, blk_get_by_name("virtio", 5, &blk));
	ut_asserteq(4, blk_find_max_devnum("virtio"));
	ut_assertok(sandbox_virtio_emul_transport(model(&cases[4]), &dev));
	ut_assertok(device_remove(dev));
	ut_asserteq(3, blk_find_max_devnum("virtio"));
	return 0;
}
UNIT_TEST(virtio_blk_names, UTF_DM, virtio_blk);

/*
 * One request posted by hand on @vdev's queue, waited for: a header of
 * @hdr_len bytes, @len data bytes (@dev_reads: the device's to read),
 * then the status byte, in a piece of its own unless @status_with_data
 */
static int raw_request(struct unit_test_state *uts, struct udevice *vdev,
		       u32 type, u64 sector, u32 hdr_len, u32 len,
		       bool dev_reads, bool status_with_data)
{
	static struct virtio_blk_req_hdr hdr;
	static u8 data[1024 + 1];
	struct virtqueue *vq = virtio_test_first_vq(vdev);
	struct virtio_sg sg[3];
	unsigned int n = 0, out, got;

	hdr.type = cpu_to_le32(type);
	hdr.reserved = 0;
	hdr.sector = cpu_to_le64(sector);
	sg[n++] = (struct virtio_sg){ &hdr, hdr_len };
	if (status_with_data) {
		sg[n++] = (struct virtio_sg){ data, len + 1 };
	} else {
		if (len)
			sg[n++] = (struct virtio_sg){ data, len };
		sg[n++] = (struct virtio_sg){ data + 1024, 1 };
	}
	out = dev_reads && !status_with_data ? n - 1 : 1;
	ut_assertok(virtqueue_add(vq, sg, out, n - out, &hdr));
	ut_assertok(virtqueue_kick(vq));
	ut_assertok(virtqueue_poll(vq, 1000000));
	ut_asserteq_ptr(&hdr, virtqueue_get_buf(vq, &got));
	return 0;
}

/* Model @t counted one violation, said as @rule; the count is cleared */
static int violated(struct unit_test_state *uts, const struct blk_case *t,
		    const char *rule)
{
	struct virtio_emul_stats *st = sandbox_virtio_emul_stats(model(t));
	char want[200];

	ut_asserteq(1, st->violations);
	snprintf(want, sizeof(want), "%s: virtio protocol violation: %s",
		 t->model, rule);
	ut_assert_nextline(want);
	st->violations = 0;
	return 0;
}

/*
 * The block model's checker (§5.2.6.1, §5.2.6.4): each rule broken by
 * hand is counted, so a driver that broke it would fail every test
 */
static int virtio_blk_checker(struct unit_test_state *uts)
{
	static const char rw_size[] = "read or write data not a multiple of 512 bytes";
	static const char flush[] = "a flush with a sector or with data";
	const struct blk_case *mmio = &cases[0], *legacy = &cases[1];
	const struct blk_case *pci = &cases[2];
	struct virtio_emul_blk_opts opts;
	struct udevice *vdev, *blk, *emul;

	ut_assertok(start(uts, mmio, false, &vdev, &blk));
	ut_assertok(raw_request(uts, vdev, VIRTIO_BLK_T_IN, 0, 16, 100, false,
				false));
	ut_assertok(violated(uts, mmio, rw_size));
	ut_assertok(raw_request(uts, vdev, VIRTIO_BLK_T_OUT, 0, 16, 1000, true,
				false));
	ut_assertok(violated(uts, mmio, rw_size));
	ut_assertok(raw_request(uts, vdev, VIRTIO_BLK_T_IN, DISK_SECTORS - 1,
				16, 1024, false, false));
	ut_assertok(violated(uts, mmio, "a read or write beyond the capacity"));
	ut_assertok(raw_request(uts, vdev, VIRTIO_BLK_T_IN, 0, 16, 512, true,
				false));
	ut_assertok(violated(uts, mmio, "block data in the wrong direction for the request"));
	ut_assertok(raw_request(uts, vdev, VIRTIO_BLK_T_FLUSH, 5, 16, 0, false,
				false));
	ut_assertok(violated(uts, mmio, flush));
	ut_assertok(raw_request(uts, vdev, VIRTIO_BLK_T_FLUSH, 0, 16, 512, true,
				false));
	ut_assertok(violated(uts, mmio, flush));
	ut_assertok(raw_request(uts, vdev, VIRTIO_BLK_T_GET_ID, 0, 16, 10,
				false, false));
	ut_assertok(violated(uts, mmio, "a GET_ID whose data is not 20 writable bytes"));
	ut_assertok(raw_request(uts, vdev, VIRTIO_BLK_T_IN, 0, 8, 512, false,
				false));
	ut_assertok(violated(uts, mmio, "a block request without its 16-byte header or its status byte"));
	/* The same requests done right are not counted */
	ut_assertok(raw_request(uts, vdev, VIRTIO_BLK_T_FLUSH, 0, 16, 0, false,
				false));
	ut_assertok(raw_request(uts, vdev, VIRTIO_BLK_T_GET_ID, 0, 16, 20,
				false, false));
	/* A legacy device without ANY_LAYOUT: the status in a piece alone */
	emul = model(legacy);
	sandbox_virtio_emul_set_features(emul,
		sandbox_virtio_emul_features(emul) &
		~BIT_ULL(VIRTIO_F_ANY_LAYOUT));
	ut_assertok(start(uts, legacy, false, &vdev, &blk));
	ut_assertok(raw_request(uts, vdev, VIRTIO_BLK_T_IN, 0, 16, 512, false,
				true));
	ut_assertok(violated(uts, legacy, "a legacy block request whose header or status shares a piece, without ANY_LAYOUT"));
	/* Ember's own: nothing written to a device that offered RO */
	ut_assertok(opts_of(uts, pci, &opts));
	opts.read_only = true;
	ut_assertok(start_opts(uts, pci, false, &opts, &vdev, &blk));
	ut_assertok(raw_request(uts, vdev, VIRTIO_BLK_T_OUT, 0, 16, 512, true,
				false));
	ut_assertok(violated(uts, pci, "a write to a device that offered RO"));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(virtio_blk_checker, UTF_DM | UTF_CONSOLE, virtio_blk);

/*
 * 'virtio read' lands the disk's bytes in memory; 'virtio write' writes
 * them and flushes (FLUSH negotiated: a writeback cache, §5.2.5.1)
 */
static int virtio_blk_cmd(struct unit_test_state *uts)
{
	const struct blk_case *t = &cases[0];
	phys_addr_t addr = gd->ram_base + 0x1000000;
	char cmd[80];
	u8 *mem = map_sysmem(addr, 0);

	ut_assertok(fill_disk(uts, t, 64 * 1024, 0x77));
	ut_asserteq(0, run_command("virtio dev 0", 0));
	snprintf(cmd, sizeof(cmd), "virtio read %llx 0 80",
		 (unsigned long long)addr);
	ut_asserteq(0, run_command(cmd, 0));
	for (u32 i = 0; i < 64 * 1024; i++)
		ut_asserteq(pattern(i, 0x77), mem[i]);
	ut_asserteq(0, blk_stats(t)->flushes);
	snprintf(cmd, sizeof(cmd), "virtio write %llx 100 2",
		 (unsigned long long)addr);
	ut_asserteq(0, run_command(cmd, 0));
	ut_asserteq(1, blk_stats(t)->flushes);
	ut_assertok(sandbox_virtio_emul_blk_rw(model(t), 0x100 * 512ULL, back,
					       1024, false));
	ut_asserteq_mem(mem, back, 1024);
	return 0;
}
UNIT_TEST(virtio_blk_cmd, UTF_DM | UTF_CONSOLE, virtio_blk);

/*
 * 'save' onto a FAT12 volume (made here: 4 MiB, 2 KiB clusters) on the
 * disk: the file is there, and the disk was flushed once, also when the
 * write failed (the name refused: nothing written, flushed all the same)
 */
static int virtio_blk_save_flush(struct unit_test_state *uts)
{
	const struct blk_case *t = &cases[0];
	phys_addr_t addr = gd->ram_base + 0x1000000;
	u8 *mem = map_sysmem(addr, 0), *bs = buf;
	struct udevice *vdev, *blk;
	char cmd[80];

	memset(buf, 0, sizeof(buf));
	ut_assertok(sandbox_virtio_emul_blk_rw(model(t), 0, buf, BUF_SIZE,
					       true));
	bs[0] = 0xeb;
	bs[1] = 0x3c;
	bs[2] = 0x90;
	put_unaligned_le16(512, bs + 11);	/* bytes per sector */
	bs[13] = 4;				/* sectors per cluster */
	put_unaligned_le16(1, bs + 14);		/* reserved */
	bs[16] = 2;				/* FATs */
	put_unaligned_le16(64, bs + 17);	/* root entries */
	put_unaligned_le16(DISK_SECTORS, bs + 19);
	bs[21] = 0xf8;
	put_unaligned_le16(6, bs + 22);		/* sectors per FAT */
	bs[510] = 0x55;
	bs[511] = 0xaa;
	/* FAT[0] and FAT[1], in both FATs */
	memcpy(bs + 512, "\xf8\xff\xff", 3);
	memcpy(bs + 512 * 7, "\xf8\xff\xff", 3);
	ut_assertok(sandbox_virtio_emul_blk_rw(model(t), 0, bs, 512 * 8,
					       true));
	ut_assertok(start(uts, t, false, &vdev, &blk));
	memcpy(mem, "data", 4);
	snprintf(cmd, sizeof(cmd), "save virtio 0:0 %llx F.TXT 4",
		 (unsigned long long)addr);
	ut_asserteq(0, run_command(cmd, 0));
	ut_console_reset(uts);	/* "4 bytes written in <t> ms" */
	ut_asserteq(1, blk_stats(t)->flushes);
	memset(mem, 0, 4);
	snprintf(cmd, sizeof(cmd), "load virtio 0:0 %llx F.TXT",
		 (unsigned long long)addr);
	ut_asserteq(0, run_command(cmd, 0));
	ut_console_reset(uts);
	ut_asserteq_mem("data", mem, 4);
	snprintf(cmd, sizeof(cmd), "save virtio 0:0 %llx bad:name 4",
		 (unsigned long long)addr);
	ut_asserteq(1, run_command(cmd, 0));
	ut_assert_nextline("virtio 0: 'bad:name': not a name a FAT volume can hold");
	ut_assert_console_end();
	ut_asserteq(2, blk_stats(t)->flushes);
	return 0;
}
UNIT_TEST(virtio_blk_save_flush, UTF_DM | UTF_CONSOLE, virtio_blk);
