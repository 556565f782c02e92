// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * syslinux configuration files (extlinux.conf from a disk, pxelinux.cfg
 * from the network): syslinux_parse(), its includes (each served the
 * input again, so nesting is reached), syslinux_default(), and freeing.
 *
 * Input: the file.
 */
#include <stdlib.h>
#include <string.h>
#include <syslinux.h>
#include "fuzz.h"

struct input {
	const u8 *data;
	size_t size;
};

static int include_self(void *ctx, const char *path, char **textp,
			size_t *lenp)
{
	struct input *in = ctx;

	*textp = malloc(in->size ? in->size : 1);
	if (!*textp)
		return -12;
	memcpy(*textp, in->data, in->size);
	*lenp = in->size;
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct syslinux_cfg cfg;
	struct input in = { data, size };
	struct syslinux_label *l;

	fuzz_init();
	syslinux_parse((const char *)data, size, &cfg, include_self, &in);
	l = syslinux_default(&cfg);
	if (l && l->name && strlen(l->name) >= SYSLINUX_MAX_VALUE)
		__builtin_trap();
	syslinux_free(&cfg);
	return 0;
}
