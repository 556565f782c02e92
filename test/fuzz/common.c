// SPDX-License-Identifier: Apache-2.0 OR MIT
/* What every fuzz harness shares: see fuzz.h. */
#include <asm/sandbox.h>
#include <console.h>
#include <dm.h>
#include <env.h>
#include <stdio.h>
#include <time.h>
#include <virtio.h>
#include "fuzz.h"

void fuzz_init(void)
{
	static char arg0[] = "ember-fuzz";
	static char *argv[] = { arg0, NULL };
	static bool done;

	if (done)
		return;
	done = true;
	if (sandbox_setup(1, argv) || dm_init_and_scan() || console_init() ||
	    timer_init() || env_init()) {
		printf("fuzz: the sandbox did not come up\n");
		sandbox_quit(1);
	}
	virtio_init();
}

u8 fuzz_u8(struct fuzz_in *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

const u8 *fuzz_chunk(struct fuzz_in *in, size_t *lenp)
{
	const u8 *p;
	size_t len;

	if (in->left < 2)
		return NULL;
	len = (size_t)in->p[0] << 8 | in->p[1];
	in->p += 2;
	in->left -= 2;
	if (len > in->left)
		len = in->left;
	p = in->p;
	in->p += len;
	in->left -= len;
	*lenp = len;
	return p;
}
