// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Start-up. The architecture's start code prepares the CPU, RAM, the stack
 * and gd (fdt_blob, ram_base, ram_size, reloc_addr, reloc_end, heap_*), then
 * calls ember_main(), which brings up the driver model, console, environment
 * and shell and never returns.
 */
#ifndef __INIT_H
#define __INIT_H

#include <compiler.h>

void __noreturn ember_main(void);

/**
 * board_late_init() - board set-up after the environment is loaded and
 * before the banner (sandbox: the -e variables)
 */
void board_late_init(void);
/**
 * board_main_loop_init() - the board's turn once everything is up, just
 * before autoboot and the shell (sandbox: runs the -c commands and exits)
 */
void board_main_loop_init(void);

/* Architecture hooks */
/** arch_print_bdinfo() - architecture lines of 'bdinfo' */
void arch_print_bdinfo(void);
/**
 * arch_trigger_exception() - deliberately fault, to test the crash dump
 * @kind: "undefined", "dabort" (bad address), ... as the arch supports
 * Return: -EINVAL for an unknown @kind (otherwise does not return)
 */
int arch_trigger_exception(const char *kind);
/** arch_exception_kinds() - the kinds arch_trigger_exception() knows */
const char *arch_exception_kinds(void);

/* Heap (lib/malloc.c on hardware; the host's allocator on sandbox) */
void malloc_init(void *start, unsigned long size);

#endif
