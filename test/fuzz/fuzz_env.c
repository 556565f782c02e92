// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Environment data from outside: 'env import' of text or binary from
 * memory, and the data area of a copy loaded from flash (the same
 * parser, binary). Imported, then exported again in both forms, whose
 * lengths must fit their buffers.
 *
 * Input: a flags byte (bit 0: binary, else text; bit 1: delete every
 * variable first, as -d), then the data. Each input starts from the
 * default environment.
 */
#include <env.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

#define OUT_MAX	(2 * CONFIG_ENV_SIZE + 2)

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static char out[OUT_MAX];
	size_t len;
	char *copy;

	fuzz_init();
	if (size < 1)
		return 0;
	env_set_default();
	/* An exact-size copy: ASan sees any read past the data */
	copy = malloc(size - 1 ? size - 1 : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	env_import(copy, size - 1, data[0] & 1 ? '\0' : '\n', data[0] & 2,
		   NULL, 0);
	free(copy);
	if (!env_export(out, sizeof(out), '\n', NULL, 0, &len) &&
	    len > sizeof(out))
		__builtin_trap();
	if (!env_export(out, sizeof(out), '\0', NULL, 0, &len) &&
	    len > sizeof(out))
		__builtin_trap();
	return 0;
}
