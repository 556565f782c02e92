// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * gzwrite's core (gzip_write_blk()) over hostile gzip data: the header
 * and trailer checks, the size the trailer claims against the disk, the
 * stream inflated a buffer at a time onto the sandbox's host 0 (a 256 KiB
 * scratch file, written through the block uclass), truncated and corrupt
 * streams, and the last partial block read, merged and written back.
 * Before each input the disk is filled with a pattern; after it, nothing
 * outside the bytes the image was to cover may have changed, and when the
 * call succeeds those bytes must be what zlib inflates the input to.
 *
 * Input: a flags byte (bits 0-1: the buffer, 512 << n bytes; bit 2: start
 * at byte 0x8000; bit 3: give the expected size as the next 4 bytes, big-
 * endian), then the compressed image.
 */
#include <asm/os.h>
#include <blk.h>
#include <boot.h>
#include <byteorder.h>
#include <command.h>
#include <part.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

#define DISK_BYTES	(256 * 1024)
#define PATTERN(i)	((u8)((i) * 13 + 5))

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct udevice *blk;
	static u8 *disk, *want_bytes;
	static char path[64];
	struct fuzz_in in = { data, size };
	u8 flags = fuzz_u8(&in);
	u64 offs = flags & 4 ? 0x8000 : 0, want = 0, end;
	unsigned long got;
	void *back;
	size_t out;
	int ret;

	fuzz_init();
	if (!blk) {
		static char bind[96];

		disk = malloc(DISK_BYTES);
		want_bytes = malloc(DISK_BYTES);
		if (!disk || !want_bytes)
			fuzz_fail();
		for (u32 i = 0; i < DISK_BYTES; i++)
			disk[i] = PATTERN(i);
		snprintf(path, sizeof(path), "/tmp/ember-fuzz-gzwrite-%d.img",
			 os_getpid());
		snprintf(bind, sizeof(bind), "host bind 0 %s", path);
		if (os_write_file(path, disk, DISK_BYTES) ||
		    run_command(bind, 0) ||
		    blk_get_device_by_str("host", "0", &blk))
			fuzz_fail();
	} else if (os_write_file(path, disk, DISK_BYTES)) {
		fuzz_fail();
	}
	if (flags & 8) {
		for (int i = 0; i < 4; i++)
			want = want << 8 | fuzz_u8(&in);
	}
	ret = gzip_write_blk(blk, "host 0", in.p, in.left, 512 << (flags & 3),
			     offs, want);
	/* What it was to cover: from offs, the size asked or the trailer's */
	if (!want && in.left >= 4)
		want = get_unaligned_le32(in.p + in.left - 4);
	end = offs + want > DISK_BYTES ? DISK_BYTES : offs + want;
	if (os_read_file(path, DISK_BYTES + 1, &back, &got) ||
	    got != DISK_BYTES)
		fuzz_fail();
	for (u32 i = 0; i < DISK_BYTES; i++) {
		if ((i < offs || i >= end) && ((u8 *)back)[i] != PATTERN(i))
			fuzz_fail();	/* written outside the image */
	}
	if (!ret) {
		/* Succeeded: the disk holds exactly what zlib makes of it */
		if (boot_gunzip(want_bytes, DISK_BYTES, in.p, in.left, &out) ||
		    out != want ||
		    memcmp((u8 *)back + offs, want_bytes, want))
			fuzz_fail();
	}
	free(back);
	return 0;
}
