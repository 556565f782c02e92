// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * gzwrite's core (gzip_write_blk()) over hostile gzip data: the header
 * and trailer checks, the size the trailer claims against the disk, the
 * stream inflated a buffer at a time onto the sandbox's host 0 (a 256 KiB
 * scratch file, written through the block uclass), truncated and corrupt
 * streams, and the last partial block read, merged and written back. The
 * disk must never grow, nor be written past the size checked.
 *
 * Input: a flags byte (bits 0-1: the buffer, 512 << n bytes; bit 2: start
 * at byte 0x8000; bit 3: give the expected size as the next 4 bytes, big-
 * endian), then the compressed image.
 */
#include <asm/os.h>
#include <blk.h>
#include <boot.h>
#include <command.h>
#include <part.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

#define DISK_BYTES	(256 * 1024)

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct udevice *blk;
	static char path[64];
	struct fuzz_in in = { data, size };
	unsigned long long after;
	u8 flags = fuzz_u8(&in);
	u64 want = 0;
	int fd;

	fuzz_init();
	if (!blk) {
		static char bind[96];
		u8 *zero = calloc(1, DISK_BYTES);

		snprintf(path, sizeof(path), "/tmp/ember-fuzz-gzwrite-%d.img",
			 os_getpid());
		snprintf(bind, sizeof(bind), "host bind 0 %s", path);
		if (!zero || os_write_file(path, zero, DISK_BYTES) ||
		    run_command(bind, 0) ||
		    blk_get_device_by_str("host", "0", &blk))
			fuzz_fail();
		free(zero);
	}
	if (flags & 8) {
		for (int i = 0; i < 4; i++)
			want = want << 8 | fuzz_u8(&in);
	}
	gzip_write_blk(blk, "host 0", in.p, in.left, 512 << (flags & 3),
		       flags & 4 ? 0x8000 : 0, want);
	fd = os_open_rw(path, 0, &after);
	if (fd < 0 || after != DISK_BYTES)
		fuzz_fail();
	os_close(fd);
	return 0;
}
