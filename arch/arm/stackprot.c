// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Stack protector support. Ember itself is built without
 * -fstack-protector, but Debian builds libfdt.a with it, so the library
 * needs the canary and the failure hook. The canary is a constant: it is
 * read from flash before relocation, and changing it later would break
 * the frames already on the stack.
 */
#include <asm/system.h>
#include <debug_uart.h>
#include <types.h>

void __noreturn __stack_chk_fail(void);

ulong __stack_chk_guard = 0x8a5e5d3b1c2f4e67UL;

/**
 * __stack_chk_fail() - a function's stack canary was overwritten
 *
 * The stack can no longer be trusted, so report on the debug UART and stop.
 */
void __noreturn __stack_chk_fail(void)
{
	debug_uart_puts("\nEmber: stack corruption detected (in libfdt)\n"
			"Ember stopped: reset the machine to continue.\n");
	cpu_halt();
}
