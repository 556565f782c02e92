// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The NVMe driver (drivers/block/nvme.c) against the sandbox's controller
 * model (drivers/block/emul/nvme_emul*.c, the "nvme" function of
 * dts/sandbox.dts: namespace 1 of 8192 x 512 bytes, namespace 2 of 1024 x
 * 4 KiB in its second LBA format, MDTS 128 KiB, a volatile write cache).
 * Bring-up and the disks it makes; reads and writes checked against the
 * model's namespaces, cut at MDTS with several commands in flight,
 * completed late and out of order; buffers that are not 4-byte aligned;
 * streamed reads and their errors; flush; each fault of the model ending
 * in its error and one message, without a hang, the controller working
 * again afterwards; Identify data that is refused. The model holds the
 * driver to the specification: after every test it must have counted no
 * broken rule (the UT_CHECK in test/dm/nvme_emul.c).
 */
#include <asm/nvme_emul.h>
#include <blk.h>
#include <dm.h>
#include <errno.h>
#include <heap.h>
#include <nvme.h>
#include <pci.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <test/ut.h>

#define MODEL		"nvme"
#define NS1_BLOCKS	8192
#define NS2_BLOCKS	1024
#define MDTS_BYTES	(128 * 1024)
#define BUF_SIZE	(512 * 1024)
#define TIMEOUT_MS	50

static u8 buf[BUF_SIZE + 8192] __aligned(4096), back[BUF_SIZE];

static u8 pattern(u64 off, u8 seed)
{
	return (u8)(off / 512) ^ (u8)(off * 7) ^ seed;
}

static struct udevice *model(void)
{
	return sandbox_nvme_emul_get(MODEL);
}

static struct nvme_emul_stats *stats(void)
{
	return sandbox_nvme_emul_stats(model());
}

/* Namespace @nsid's bytes from @seed */
static int fill_ns(struct unit_test_state *uts, u32 nsid, u8 seed)
{
	u64 size;
	u8 *data;

	ut_assertok(sandbox_nvme_emul_ns_data(model(), nsid, &data, &size));
	for (u64 i = 0; i < size; i++)
		data[i] = pattern(i, seed);
	return 0;
}

static u8 *ns_data(u32 nsid)
{
	u64 size;
	u8 *data;

	return sandbox_nvme_emul_ns_data(model(), nsid, &data, &size) ? NULL :
	       data;
}

/*
 * The controller removed, the model given @opts (NULL: its node's) and
 * no faults, then disk @n looked up (which probes the controller).
 * *@ctrlp: the controller; *@blkp: disk @n, or NULL when @n < 0.
 */
static int start_opts(struct unit_test_state *uts,
		      const struct nvme_emul_opts *opts, int n,
		      struct udevice **ctrlp, struct udevice **blkp)
{
	struct udevice *emul = model(), *fn;

	ut_assertnonnull(emul);
	ut_assertok(sandbox_nvme_emul_function(emul, &fn));
	if (device_active(fn))
		ut_assertok(device_remove(fn));
	sandbox_nvme_emul_set_faults(emul, 0, 0);
	if (opts)
		ut_assertok(sandbox_nvme_emul_set_opts(emul, opts));
	memset(stats(), 0, sizeof(*stats()));
	*ctrlp = fn;
	if (n < 0)
		return 0;
	ut_assertok(blk_get_by_name("nvme", n, blkp));
	ut_asserteq_ptr(fn, dev_get_parent(*blkp));
	ut_assertok(nvme_set_timeout(fn, TIMEOUT_MS));
	return 0;
}

static int start(struct unit_test_state *uts, int n, struct udevice **ctrlp,
		 struct udevice **blkp)
{
	struct nvme_emul_opts opts;

	/* The node's options, whatever a test before changed */
	sandbox_nvme_emul_opts(model(), &opts);
	opts.ready_delay = 4;
	opts.cpl_delay = 0;
	opts.reverse = false;
	opts.mdts = 5;
	opts.vwc = true;
	opts.mqes = 255;
	opts.nr_ns = 2;
	opts.ns[0] = (struct nvme_emul_ns_opts){ NS1_BLOCKS, 9 };
	opts.ns[1] = (struct nvme_emul_ns_opts){ NS2_BLOCKS, 12 };
	return start_opts(uts, &opts, n, ctrlp, blkp);
}

/* Restore the node's options after a test that changed them */
static int restore(struct unit_test_state *uts)
{
	struct udevice *ctrl;

	ut_assertok(start(uts, -1, &ctrl, NULL));
	return 0;
}

/* "<controller>: <what>", the next console line */
static int assert_line(struct unit_test_state *uts, struct udevice *dev,
		       const char *what)
{
	char want[240];

	snprintf(want, sizeof(want), "%s: %s", dev->name, what);
	ut_assert_nextline(want);
	return 0;
}

/*
 * The next console line: "<controller>: completion for command <any> on
 * queue @qid: not one of ours" (the command ID carries a generation)
 */
static int assert_not_ours(struct unit_test_state *uts, struct udevice *dev,
			   u16 qid)
{
	char line[256], head[80], tail[64];

	ut_assert(ut_console_line(uts, line, sizeof(line)));
	snprintf(head, sizeof(head), "%s: completion for command 0x",
		 dev->name);
	snprintf(tail, sizeof(tail), " on queue %u: not one of ours", qid);
	ut_assertok(strncmp(line, head, strlen(head)));
	ut_assert(strlen(line) > strlen(head) + strlen(tail));
	ut_asserteq_str(tail, line + strlen(line) - strlen(tail));
	return 0;
}

/* The disks, then reads and writes of both namespaces */
static int nvme_test_rw(struct unit_test_state *uts)
{
	struct udevice *ctrl, *blk, *blk2, *other;
	struct nvme_info info;
	struct blk_desc *d;

	ut_assertok(fill_ns(uts, 1, 0x5a));
	ut_assertok(fill_ns(uts, 2, 0x3c));
	ut_assertok(start(uts, 0, &ctrl, &blk));
	d = blk_get_desc(blk);
	ut_asserteq_str("nvme", d->if_name);
	ut_asserteq(512, d->blksz);
	ut_asserteq(NS1_BLOCKS, d->lba);
	ut_asserteq_str("0x1b36", d->vendor);
	ut_asserteq_str("Vendor: 0x1b36 Rev: 1.0 Prod: EMBER-NVME-10.0",
			d->title);
	ut_asserteq_str("", d->product);	/* in the title, as U-Boot's */
	ut_assertok(blk_get_by_name("nvme", 1, &blk2));
	d = blk_get_desc(blk2);
	ut_asserteq(4096, d->blksz);
	ut_asserteq(NS2_BLOCKS, d->lba);
	ut_asserteq(-ENODEV, blk_get_by_name("nvme", 2, &other));
	ut_assertok(nvme_get_info(blk2, &info));
	ut_asserteq(2, info.nsid);
	ut_asserteq(2, info.nn);
	ut_asserteq(MDTS_BYTES, info.xfer_max);
	ut_asserteq(true, info.vwc);

	/* 512 KiB: four commands of MDTS, in flight together */
	ut_asserteq(BUF_SIZE / 512, blk_read(blk, 8, BUF_SIZE / 512, buf));
	for (u32 i = 0; i < BUF_SIZE; i++)
		ut_asserteq(pattern(8 * 512 + i, 0x5a), buf[i]);
	ut_asserteq(4, stats()->io[NVME_CMD_READ]);
	ut_asserteq(MDTS_BYTES, stats()->max_xfer);
	ut_assert(stats()->max_inflight > 1);

	/* Written at the end of the disk: the model has it, a read gives it */
	for (u32 i = 0; i < 64 * 512; i++)
		buf[i] = pattern(i, 0xa5);
	ut_asserteq(64, blk_write(blk, NS1_BLOCKS - 64, 64, buf));
	ut_asserteq_mem(buf, ns_data(1) + (NS1_BLOCKS - 64) * 512, 64 * 512);
	memset(back, 0, sizeof(back));
	ut_asserteq(1, blk_read(blk, NS1_BLOCKS - 1, 1, back));
	ut_asserteq_mem(buf + 63 * 512, back, 512);
	/* Byte reads, as partition and filesystem code does them */
	ut_assertok(blk_read_bytes(blk, 1000, back, 100));
	for (u32 i = 0; i < 100; i++)
		ut_asserteq(pattern(1000 + i, 0x5a), back[i]);

	/* The 4 KiB namespace: its own NSID, its own blocks */
	ut_asserteq(64, blk_read(blk2, 10, 64, back));
	for (u32 i = 0; i < 64 * 4096; i++)
		ut_asserteq(pattern(10 * 4096 + i, 0x3c), back[i]);
	ut_asserteq(2, blk_write(blk2, NS2_BLOCKS - 2, 2, buf));
	ut_asserteq_mem(buf, ns_data(2) + (NS2_BLOCKS - 2) * 4096ULL, 8192);
	/* Namespace 1 untouched by it */
	ut_asserteq(pattern(0, 0x5a), ns_data(1)[0]);
	ut_asserteq(0, stats()->errors);
	return 0;
}
UNIT_TEST(nvme_test_rw, UTF_DM, nvme);

/*
 * Every shape of PRPs: buffers at each kind of offset into a page (none,
 * a block, the last dword), transfers of one page, exactly two, just more
 * than two (a list), up to MDTS; each read checked, and the model (which
 * refuses PRPs against §4.1.1) must count no violation
 */
static int nvme_test_prps(struct unit_test_state *uts)
{
	static const u32 offs[] = { 0, 4, 512, 2048, 4092 };
	struct udevice *ctrl, *blk;

	ut_assertok(fill_ns(uts, 1, 0x2d));
	ut_assertok(start(uts, 0, &ctrl, &blk));
	for (size_t o = 0; o < ARRAY_SIZE(offs); o++) {
		for (u32 n = 1; n <= MDTS_BYTES / 512; n += n < 24 ? 1 : 37) {
			u8 *p = buf + offs[o];
			u64 lba = n * 3;

			memset(buf, 0xee, n * 512 + 8192);
			ut_asserteq(n, blk_read(blk, lba, n, p));
			for (u32 i = 0; i < n * 512; i++)
				ut_asserteq(pattern(lba * 512 + i, 0x2d), p[i]);
			ut_asserteq(0xee, p[n * 512]);
			if (offs[o])
				ut_asserteq(0xee, p[-1]);
		}
	}
	ut_asserteq(0, stats()->errors);
	ut_asserteq(0, stats()->prp_violations);
	return 0;
}
UNIT_TEST(nvme_test_prps, UTF_DM, nvme);

/*
 * No MDTS: commands of 512 KiB, whose PRP list is full (128 entries, the
 * slot's whole 1 KiB) when the buffer starts inside a page, and jobs that
 * cut into several such commands from an offset
 */
static int nvme_test_prps_full(struct unit_test_state *uts)
{
	static const u32 offs[] = { 0, 4, 4092 };
	struct nvme_emul_opts opts;
	struct udevice *ctrl, *blk;
	u8 *big;

	ut_assertok(fill_ns(uts, 1, 0x5e));
	sandbox_nvme_emul_opts(model(), &opts);
	opts.mdts = 0;
	ut_assertok(start_opts(uts, &opts, 0, &ctrl, &blk));
	for (size_t o = 0; o < ARRAY_SIZE(offs); o++) {
		u8 *p = buf + offs[o];

		memset(buf, 0xee, sizeof(buf));
		ut_asserteq(1024, blk_read(blk, 7, 1024, p));
		for (u32 i = 0; i < 1024 * 512; i++)
			ut_asserteq(pattern(7 * 512 + i, 0x5e), p[i]);
		ut_asserteq(0xee, p[1024 * 512]);
	}
	ut_asserteq(512 * 1024, stats()->max_xfer);
	/* 2 MiB from inside a page: five commands, each list full or not */
	big = malloc(2 * 1024 * 1024 + 8);
	ut_assertnonnull(big);
	ut_asserteq(4096, blk_read(blk, 100, 4096, big + 4));
	for (u32 i = 0; i < 4096 * 512; i++)
		ut_asserteq(pattern(100 * 512 + i, 0x5e), big[4 + i]);
	free(big);
	ut_asserteq(0, stats()->prp_violations);
	return restore(uts);
}
UNIT_TEST(nvme_test_prps_full, UTF_DM, nvme);

/* Flush: a command where the controller has a volatile cache, else none */
static int nvme_test_flush(struct unit_test_state *uts)
{
	struct nvme_emul_opts opts;
	struct udevice *ctrl, *blk;

	ut_assertok(start(uts, 0, &ctrl, &blk));
	ut_assertok(blk_flush(blk));
	ut_asserteq(1, stats()->io[NVME_CMD_FLUSH]);
	sandbox_nvme_emul_opts(model(), &opts);
	opts.vwc = false;
	ut_assertok(start_opts(uts, &opts, 0, &ctrl, &blk));
	ut_assertok(blk_flush(blk));
	ut_asserteq(0, stats()->io[NVME_CMD_FLUSH]);
	return restore(uts);
}
UNIT_TEST(nvme_test_flush, UTF_DM, nvme);

/*
 * Buffers the controller cannot address (not 4-byte aligned): bounced,
 * whole, in both directions and on both block sizes
 */
static int nvme_test_unaligned(struct unit_test_state *uts)
{
	struct udevice *ctrl, *blk, *blk2;

	ut_assertok(fill_ns(uts, 1, 0x11));
	ut_assertok(fill_ns(uts, 2, 0x22));
	ut_assertok(start(uts, 0, &ctrl, &blk));
	ut_assertok(blk_get_by_name("nvme", 1, &blk2));
	for (int off = 1; off < 4; off++) {
		u8 *p = buf + off;
		u32 n = 300 + off;	/* past the 64 KiB bounce buffer */

		memset(buf, 0, sizeof(buf));
		ut_asserteq(n, blk_read(blk, 5, n, p));
		for (u32 i = 0; i < n * 512; i++)
			ut_asserteq(pattern(5 * 512 + i, 0x11), p[i]);
		ut_asserteq(0, buf[0]);
		ut_asserteq(0, p[n * 512]);
		ut_asserteq(3, blk_read(blk2, 7, 3, p));
		for (u32 i = 0; i < 3 * 4096; i++)
			ut_asserteq(pattern(7 * 4096 + i, 0x22), p[i]);
	}
	for (u32 i = 0; i < 20 * 512; i++)
		buf[1 + i] = pattern(i, 0x77);
	ut_asserteq(20, blk_write(blk, 100, 20, buf + 1));
	ut_asserteq_mem(buf + 1, ns_data(1) + 100 * 512, 20 * 512);
	ut_asserteq(0, stats()->errors);
	return 0;
}
UNIT_TEST(nvme_test_unaligned, UTF_DM, nvme);

/*
 * A streamed read: pieces asked for while others are out, empty ones
 * left out, one into an unaligned buffer (which ends a stream and goes
 * through the bounce buffer); a source's error and a piece past the end
 * part-way: every command taken back, the error returned unsaid, the
 * disk usable after
 */
struct test_src {
	struct blk_src src;
	u32 n, at, fail_at;
	int err;
};

static int src_piece(u32 i, struct blk_vec *vec)
{
	u32 count = i % 5 == 4 ? 0 : 1 + i % 3;
	/* Piece 17 goes 2 bytes into its slot of the buffer */
	u8 *p = buf + i * 4 * 512 + (i == 17 ? 2 : 0);

	*vec = (struct blk_vec){ NS1_BLOCKS - 4 * (i + 1), count, p };
	return count;
}

static int src_next(struct blk_src *src, struct blk_vec *vec)
{
	struct test_src *s = container_of(src, struct test_src, src);

	if (s->at == s->n)
		return 0;
	if (s->at == s->fail_at) {
		if (s->err != -ERANGE)
			return s->err;
		*vec = (struct blk_vec){ NS1_BLOCKS - 1, 2, buf };
		return 1;
	}
	src_piece(s->at++, vec);
	return 1;
}

static int nvme_test_stream(struct unit_test_state *uts)
{
	struct test_src s = { .src = { src_next }, .n = 60, .fail_at = ~0U };
	struct udevice *ctrl, *blk;
	u32 full = 0;

	ut_assertok(fill_ns(uts, 1, 0x6b));
	ut_assertok(start(uts, 0, &ctrl, &blk));
	memset(buf, 0, sizeof(buf));
	ut_assertok(blk_read_stream(blk, &s.src));
	ut_asserteq(60, s.at);
	for (u32 i = 0; i < 60; i++) {
		struct blk_vec v;
		u32 count = src_piece(i, &v);
		const u8 *p = v.buf;

		for (u32 b = 0; b < count * 512; b++)
			ut_asserteq(pattern(v.start * 512 + b, 0x6b), p[b]);
		full += count != 0;
	}
	ut_asserteq(full, stats()->io[NVME_CMD_READ]);
	ut_assert(stats()->max_inflight > 1);
	/* Errors part-way, with commands out */
	for (int i = 0; i < 2; i++) {
		int err = i ? -ERANGE : -EBADMSG;

		s = (struct test_src){ .src = { src_next }, .n = 60,
				       .fail_at = 45, .err = err };
		ut_asserteq(err, blk_read_stream(blk, &s.src));
		ut_asserteq(45, s.at);
		ut_assert_console_end();
		ut_asserteq(0, sandbox_nvme_emul_inflight(model()));
		ut_asserteq(1, blk_read(blk, 0, 1, back));
		ut_asserteq(pattern(0, 0x6b), back[0]);
	}
	return 0;
}
UNIT_TEST(nvme_test_stream, UTF_DM | UTF_CONSOLE, nvme);

/* Completions late and newest first: every byte still in its place */
static int nvme_test_reorder(struct unit_test_state *uts)
{
	struct nvme_emul_opts opts;
	struct udevice *ctrl, *blk;

	ut_assertok(fill_ns(uts, 1, 0x42));
	sandbox_nvme_emul_opts(model(), &opts);
	opts.cpl_delay = 3;
	opts.reverse = true;
	opts.mdts = 1;			/* 8 KiB a command: 64 of them */
	ut_assertok(start_opts(uts, &opts, 0, &ctrl, &blk));
	ut_asserteq(BUF_SIZE / 512, blk_read(blk, 0, BUF_SIZE / 512, buf));
	for (u32 i = 0; i < BUF_SIZE; i++)
		ut_asserteq(pattern(i, 0x42), buf[i]);
	ut_asserteq(64, stats()->io[NVME_CMD_READ]);
	ut_assert(stats()->max_inflight > 8);
	ut_asserteq(8192, stats()->max_xfer);
	return restore(uts);
}
UNIT_TEST(nvme_test_reorder, UTF_DM, nvme);

/*
 * A small I/O queue (MQES 3: four entries, three commands in flight):
 * the driver never submits more than the queue holds
 */
static int nvme_test_small_queue(struct unit_test_state *uts)
{
	struct nvme_emul_opts opts;
	struct nvme_info info;
	struct udevice *ctrl, *blk;

	ut_assertok(fill_ns(uts, 1, 0x24));
	sandbox_nvme_emul_opts(model(), &opts);
	opts.mqes = 3;
	opts.mdts = 1;
	opts.cpl_delay = 2;
	ut_assertok(start_opts(uts, &opts, 0, &ctrl, &blk));
	ut_assertok(nvme_get_info(blk, &info));
	ut_asserteq(4, info.io_depth);
	ut_asserteq(64, blk_read(blk, 0, 64, buf));
	for (u32 i = 0; i < 64 * 512; i++)
		ut_asserteq(pattern(i, 0x24), buf[i]);
	ut_asserteq(3, stats()->max_inflight);
	return restore(uts);
}
UNIT_TEST(nvme_test_small_queue, UTF_DM, nvme);

/*
 * Each fault of the model fails the call with its error and one message
 * naming the controller; the disk works again once the controller does
 * (brought up again after a fault that took it down)
 */
static int nvme_test_faults(struct unit_test_state *uts)
{
	struct udevice *ctrl, *blk, *emul = model();
	u32 enables;

	ut_assertok(fill_ns(uts, 1, 0x19));
	ut_assertok(start(uts, 0, &ctrl, &blk));
	ut_assert_console_end();

	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_READ_ERROR, 0);
	ut_asserteq(-EIO, blk_read(blk, 8, 2, buf));
	ut_assertok(assert_line(uts, ctrl, "reading 1024 bytes at block 8: unrecovered read error (type 2, code 0x81)"));
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_WRITE_FAULT, 0);
	ut_asserteq(-EIO, blk_write(blk, 8, 1, buf));
	ut_assertok(assert_line(uts, ctrl, "writing 512 bytes at block 8: write fault (type 2, code 0x80)"));
	/* The faults gone: many commands again, nothing said */
	sandbox_nvme_emul_set_faults(emul, 0, 0);
	ut_asserteq(BUF_SIZE / 512, blk_read(blk, 0, BUF_SIZE / 512, buf));
	ut_assert_console_end();
	enables = stats()->enables;

	/* Completions that are not ours: the controller is reset */
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_BAD_CID |
				     NVME_EMUL_FAULT_IO_ONLY, 0);
	ut_asserteq(-EIO, blk_read(blk, 0, 1, buf));
	ut_assertok(assert_not_ours(uts, ctrl, 1));
	ut_assert_console_end();
	sandbox_nvme_emul_set_faults(emul, 0, 0);
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	ut_asserteq(pattern(0, 0x19), buf[0]);
	ut_asserteq(enables + 1, stats()->enables);
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_WRONG_SQID |
				     NVME_EMUL_FAULT_IO_ONLY, 0);
	ut_asserteq(-EIO, blk_read(blk, 0, 1, buf));
	ut_assertok(assert_not_ours(uts, ctrl, 2));
	sandbox_nvme_emul_set_faults(emul, 0, 0);
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	ut_asserteq(enables + 2, stats()->enables);

	/* A controller that completes nothing: a timeout, bounded */
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_SILENT |
				     NVME_EMUL_FAULT_IO_ONLY, 0);
	ut_asserteq(-ETIMEDOUT, blk_read(blk, 0, 4, buf));
	ut_assertok(assert_line(uts, ctrl, "no command completed in 50 ms reading (1 out): controller reset"));
	ut_asserteq(0, sandbox_nvme_emul_inflight(emul));
	sandbox_nvme_emul_set_faults(emul, 0, 0);
	ut_asserteq(4, blk_read(blk, 0, 4, buf));
	ut_asserteq(enables + 3, stats()->enables);

	/* A fatal status part-way: seen at once, said, up again after */
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_CFS, 2);
	ut_asserteq(-EIO, blk_read(blk, 0, 2, buf));
	ut_assertok(assert_line(uts, ctrl, "controller fatal status (CSTS 0x3) reading (1 out): controller reset"));
	ut_assert_console_end();
	sandbox_nvme_emul_set_faults(emul, 0, 0);
	ut_asserteq(2, blk_read(blk, 0, 2, buf));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(nvme_test_faults, UTF_DM | UTF_CONSOLE, nvme);

/*
 * A completion repeated: the second names a slot whose command is done
 * (or gone again with a new generation): not ours, the controller reset
 */
static int nvme_test_duplicate(struct unit_test_state *uts)
{
	static const struct nvme_emul_tamper dup[] = {
		{ .nth = 0, .kind = NVME_EMUL_TAMPER_DUP },
	};
	struct udevice *ctrl, *blk, *emul = model();

	ut_assertok(fill_ns(uts, 1, 0x31));
	ut_assertok(start(uts, 0, &ctrl, &blk));
	ut_assertok(sandbox_nvme_emul_set_tampers(emul, dup, 1));
	ut_asserteq(-EIO, blk_read(blk, 0, 1, buf));
	ut_assertok(assert_not_ours(uts, ctrl, 1));
	ut_assert_console_end();
	ut_assertok(sandbox_nvme_emul_set_tampers(emul, NULL, 0));
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	ut_asserteq(pattern(0, 0x31), buf[0]);
	return 0;
}
UNIT_TEST(nvme_test_duplicate, UTF_DM | UTF_CONSOLE, nvme);

/*
 * A controller that does not stop when disabled after a timeout: cut off
 * from memory (bus mastering off), said once, and not used again until
 * it is removed; its memory is not freed
 */
static int nvme_test_stuck(struct unit_test_state *uts)
{
	struct udevice *ctrl, *blk, *emul = model();
	char what[120];
	u16 cmd;

	ut_assertok(start(uts, 0, &ctrl, &blk));
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_SILENT |
				     NVME_EMUL_FAULT_STUCK |
				     NVME_EMUL_FAULT_IO_ONLY, 0);
	ut_asserteq(-ETIMEDOUT, blk_read(blk, 0, 1, buf));
	ut_assertok(assert_line(uts, ctrl, "no command completed in 50 ms reading (1 out): controller reset"));
	snprintf(what, sizeof(what), "controller did not stop in 1000 ms (CSTS %#x): bus mastering off, not used again",
		 NVME_CSTS_RDY);
	ut_assertok(assert_line(uts, ctrl, what));
	ut_assertok(dm_pci_read_config16(ctrl, PCI_COMMAND, &cmd));
	ut_asserteq(0, cmd & PCI_COMMAND_MASTER);
	sandbox_nvme_emul_set_faults(emul, 0, 0);
	ut_asserteq(-EIO, blk_read(blk, 0, 1, buf));
	ut_assertok(assert_line(uts, ctrl, "controller stopped working earlier: not used"));
	ut_assert_console_end();
	/* Removed and found again: a working controller */
	ut_assertok(restore(uts));
	ut_assertok(blk_get_by_name("nvme", 0, &blk));
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	return 0;
}
UNIT_TEST(nvme_test_stuck, UTF_DM | UTF_CONSOLE, nvme);

/* An admin command that never completes: the probe fails, bounded */
static int nvme_test_admin_timeout(struct unit_test_state *uts)
{
	struct udevice *ctrl, *blk, *emul = model();

	ut_assertok(start(uts, -1, &ctrl, NULL));
	ut_assertok(nvme_set_timeout(ctrl, TIMEOUT_MS));
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_SILENT, 0);
	ut_asserteq(-ETIMEDOUT, device_probe(ctrl));
	ut_assertok(assert_line(uts, ctrl, "Identify not completed in 50 ms: controller reset"));
	ut_assert_console_end();
	/* Not tried again by a lookup; 'nvme scan' tries it again */
	sandbox_nvme_emul_set_faults(emul, 0, 0);
	ut_asserteq(-ENODEV, blk_get_by_name("nvme", 0, &blk));
	ut_asserteq(2, nvme_scan(true));
	ut_assertok(blk_get_by_name("nvme", 0, &blk));
	/*
	 * The second admin command (Set Features, whose refusal is not
	 * fatal) lost: the probe stops there, no doorbell rung after
	 */
	ut_assertok(start(uts, -1, &ctrl, NULL));
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_SILENT, 1);
	ut_asserteq(-ETIMEDOUT, device_probe(ctrl));
	ut_assertok(assert_line(uts, ctrl, "Set Features not completed in 50 ms: controller reset"));
	ut_assert_console_end();
	ut_asserteq(0, stats()->violations);
	return restore(uts);
}
UNIT_TEST(nvme_test_admin_timeout, UTF_DM | UTF_CONSOLE, nvme);

/* A write-protected namespace is a read-only disk */
static int nvme_test_write_protected(struct unit_test_state *uts)
{
	struct nvme_emul_opts opts;
	struct udevice *ctrl, *blk;

	sandbox_nvme_emul_opts(model(), &opts);
	opts.ns[0].wp = true;
	ut_assertok(start_opts(uts, &opts, 0, &ctrl, &blk));
	ut_asserteq(true, blk_get_desc(blk)->read_only);
	ut_asserteq(-EROFS, blk_write(blk, 0, 1, buf));
	ut_asserteq(1, blk_read(blk, 0, 1, buf));
	ut_asserteq(0, stats()->io[NVME_CMD_WRITE]);
	return restore(uts);
}
UNIT_TEST(nvme_test_write_protected, UTF_DM, nvme);

/* Identify data that cannot be used: the namespace left out, said */
static int nvme_test_identify(struct unit_test_state *uts)
{
	struct udevice *ctrl, *blk, *emul = model();

	ut_assertok(start(uts, -1, &ctrl, NULL));
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_LBADS_SMALL, 0);
	ut_assertok(device_probe(ctrl));
	ut_assertok(assert_line(uts, ctrl, "namespace 1: blocks of 2^3 bytes with 0 bytes of metadata (commands of 131072 bytes at most): left out"));
	ut_assertok(assert_line(uts, ctrl, "namespace 2: blocks of 2^3 bytes with 0 bytes of metadata (commands of 131072 bytes at most): left out"));
	ut_assert_console_end();
	ut_asserteq(-ENODEV, blk_get_by_name("nvme", 0, &blk));

	ut_assertok(start(uts, -1, &ctrl, NULL));
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_LBADS_LARGE, 0);
	ut_assertok(device_probe(ctrl));
	ut_assertok(assert_line(uts, ctrl, "namespace 1: blocks of 2^40 bytes with 0 bytes of metadata (commands of 131072 bytes at most): left out"));
	ut_assertok(assert_line(uts, ctrl, "namespace 2: blocks of 2^40 bytes with 0 bytes of metadata (commands of 131072 bytes at most): left out"));
	ut_assert_console_end();

	/* No namespaces, or inactive ones: no disk, nothing said */
	ut_assertok(start(uts, -1, &ctrl, NULL));
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_NSZE_ZERO, 0);
	ut_assertok(device_probe(ctrl));
	ut_asserteq(-ENODEV, blk_get_by_name("nvme", 0, &blk));
	ut_assertok(start(uts, -1, &ctrl, NULL));
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_NN_ZERO, 0);
	ut_assertok(device_probe(ctrl));
	ut_asserteq(-ENODEV, blk_get_by_name("nvme", 0, &blk));
	ut_assert_console_end();

	/* NN at its largest: the active list still decides */
	ut_assertok(start(uts, -1, &ctrl, NULL));
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_NN_MAX, 0);
	ut_assertok(device_probe(ctrl));
	ut_assertok(blk_get_by_name("nvme", 1, &blk));
	ut_asserteq(-ENODEV, blk_get_by_name("nvme", 2, &blk));
	ut_assert_console_end();
	return restore(uts);
}
UNIT_TEST(nvme_test_identify, UTF_DM | UTF_CONSOLE, nvme);

/* A controller that never gets ready, or fails as it enables */
static int nvme_test_not_ready(struct unit_test_state *uts)
{
	struct udevice *ctrl, *emul = model();

	ut_assertok(start(uts, -1, &ctrl, NULL));
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_CFS, 0);
	ut_asserteq(-EIO, device_probe(ctrl));
	ut_assertok(assert_line(uts, ctrl, "controller fatal status while enabling (CSTS 0x3)"));
	ut_assert_console_end();
	ut_assertok(start(uts, -1, &ctrl, NULL));
	sandbox_nvme_emul_set_faults(emul, NVME_EMUL_FAULT_NEVER_READY, 0);
	ut_asserteq(-ETIMEDOUT, device_probe(ctrl));
	ut_assertok(assert_line(uts, ctrl, "controller not ready in 1000 ms (CSTS 0x0)"));
	ut_assert_console_end();
	return restore(uts);
}
UNIT_TEST(nvme_test_not_ready, UTF_DM | UTF_CONSOLE, nvme);

/* Removal (before an OS runs): shutdown, then disabled, nothing held */
static int nvme_test_remove(struct unit_test_state *uts)
{
	struct udevice *ctrl, *blk;
	u32 shutdowns, disables;

	ut_assertok(start(uts, 0, &ctrl, &blk));
	shutdowns = stats()->shutdowns;
	disables = stats()->disables;
	ut_assertok(device_remove(ctrl));
	ut_asserteq(shutdowns + 1, stats()->shutdowns);
	ut_asserteq(disables + 1, stats()->disables);
	ut_asserteq(-ENODEV, blk_find_max_devnum("nvme"));
	/* Looked up again: the controller comes back with its disks */
	ut_assertok(blk_get_by_name("nvme", 1, &blk));
	return 0;
}
UNIT_TEST(nvme_test_remove, UTF_DM, nvme);
