// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Standard boot's scan (boot/bootstd.c) over a hostile disk, end to end:
 * the partition table, which partitions are looked at (the bootable ones,
 * else all, else the whole disk), each filesystem opened, the
 * extlinux.conf and boot scripts looked for under each prefix and read
 * into the bootflow, and each extlinux.conf found parsed as a boot would
 * parse it. The parsers have their own harnesses (part, fat, ext4,
 * syslinux); this one is for what joins them.
 *
 * Input: a disk image (at most 1 MiB, padded with zeros to whole 512-byte
 * blocks), bound as the sandbox's host 0 through a scratch file.
 */
#include <asm/os.h>
#include <bootstd.h>
#include <command.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslinux.h>
#include "fuzz.h"

#define DISK_MAX	(1024 * 1024)

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static char path[64], bind[96];
	static struct bootdev bds[BOOTDEV_MAX];
	static struct syslinux_cfg cfg;
	static u8 *img;
	size_t len;
	int n, host;

	fuzz_init();
	if (!img) {
		img = malloc(DISK_MAX);
		if (!img)
			fuzz_fail();
		snprintf(path, sizeof(path), "/tmp/ember-fuzz-bootflow-%d.img",
			 os_getpid());
		snprintf(bind, sizeof(bind), "host bind -r 0 %s", path);
	}
	if (size > DISK_MAX)
		size = DISK_MAX;
	len = size ? (size + 511) & ~(size_t)511 : 512;
	memcpy(img, data, size);
	memset(img + size, 0, len - size);
	if (os_write_file(path, img, len) || run_command(bind, 0))
		fuzz_fail();
	n = bootdev_collect(bds);
	host = bootdev_find(bds, n, "host0");
	if (host < 0)
		fuzz_fail();
	bootflow_scan(bds, n, host, BOOTFLOWF_ALL);
	for (int i = 0; i < bootflow_count(); i++) {
		struct bootflow *bf = bootflow_get(i);

		if (bf->state != BOOTFLOWST_READY)
			continue;
		if (!bf->buf || strlen(bf->buf) > bf->size)
			fuzz_fail();	/* the file, NUL-ended */
		if (!strcmp(bf->meth->name, "extlinux")) {
			syslinux_parse(bf->buf, bf->size, &cfg, NULL, NULL);
			syslinux_default(&cfg);
			syslinux_free(&cfg);
		}
	}
	bootflow_clear();	/* a fault in freeing is this input's */
	if (run_command("host unbind 0", 0))
		fuzz_fail();
	os_unlink(path);
	return 0;
}
