// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * What every fuzz harness shares (common.c). A harness is
 * test/fuzz/fuzz_<name>.c, linked as build/sandbox-fuzz/fuzz/<name> with
 * the whole sandbox but main() (doc/develop/fuzzing.md). It defines
 * LLVMFuzzerTestOneInput() and calls fuzz_init() from it on first use.
 */
#ifndef __FUZZ_H
#define __FUZZ_H

#include <stddef.h>
#include <types.h>

/**
 * fuzz_init() - bring the sandbox up once: RAM, the control DT, the driver
 * model, console, timer, environment and the virtio devices (as
 * ember_main() does, without the shell). Exits the program on failure.
 */
void fuzz_init(void);

/** struct fuzz_in - the input, read front to back */
struct fuzz_in {
	const u8 *p;
	size_t left;
};

/** fuzz_u8() - the next byte, 0 at the end */
u8 fuzz_u8(struct fuzz_in *in);
/**
 * fuzz_chunk() - the next chunk: a 16-bit big-endian length, then that
 * many bytes (fewer at the end of the input). NULL at the end.
 */
const u8 *fuzz_chunk(struct fuzz_in *in, size_t *lenp);

/** fuzz_fail() - the harness itself went wrong: stop, as a crash would */
#define fuzz_fail()	__builtin_trap()

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

#endif
