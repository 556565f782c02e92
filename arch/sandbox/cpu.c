// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Sandbox versions of the architecture hooks. */
#include <asm/io.h>
#include <asm/os.h>
#include <asm/sandbox.h>
#include <debug_uart.h>
#include <errno.h>
#include <global_data.h>
#include <init.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static char out_buf[4096];
static unsigned int out_len;

void sandbox_flush_output(void)
{
	if (out_len) {
		os_write(1, out_buf, out_len);
		out_len = 0;
	}
}

/* Console output is buffered and flushed at each newline or input poll. */
void debug_uart_putc(char c)
{
	out_buf[out_len++] = c;
	if (c == '\n' || out_len == sizeof(out_buf))
		sandbox_flush_output();
}

void debug_uart_puts(const char *s)
{
	while (*s)
		debug_uart_putc(*s++);
}

void sandbox_quit(int status)
{
	sandbox_flush_output();
	os_exit(status);
}

/* Wait loops give the device models a chance to deliver input */
void cpu_relax(void)
{
	sandbox_mmio_poll();
}

u64 arch_timer_early_us(void)
{
	return os_get_us();
}

void arch_print_bdinfo(void)
{
	printf("%-12s= sandbox (host process)\n", "arch");
}

static void crash_dump(int sig, ulong addr, ulong pc)
{
	sandbox_flush_output();
	printf("\nUnexpected exception: signal %d (SIG%s)\n", sig,
	       os_signal_name(sig));
	printf("  pc  : %016lx\n  addr: %016lx\n", pc, addr);
	printf("Ember stopped: unexpected exception\n");
	sandbox_flush_output();
}

/*
 * Not in the fuzz harnesses: there the sanitizer's handler must see a
 * crash, to report it and keep the input. Ours would end the program
 * with its dump on the stdout libFuzzer closes: a finding without a word.
 */
static __attribute__((constructor)) void install_crash_handler(void)
{
	if (!IS_ENABLED(CONFIG_SANDBOX_FUZZ))
		os_set_crash_handler(crash_dump);
}

/* Not a constant, so the compiler cannot see the fault coming */
static volatile ulong bad_address = 16;

const char *arch_exception_kinds(void)
{
	return "segv|ill";
}

int arch_trigger_exception(const char *kind)
{
	if (!strcmp(kind, "segv")) {
		/* A store to an address no one maps. */
		volatile ulong *bad = (volatile ulong *)bad_address;

		*bad = 0;
		return 0;
	}
	if (!strcmp(kind, "ill")) {
		__builtin_trap();
		return 0;
	}
	return -EINVAL;
}

void malloc_init(void *start, unsigned long size)
{
}
