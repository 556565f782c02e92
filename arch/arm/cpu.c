// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * aarch64 CPU hooks: the polled debug UART, cpu_relax() and the
 * architecture lines of 'bdinfo'.
 *
 * The debug UART functions also run before relocation (from flash, MMU
 * off) and from the exception handler, so they use no global variable.
 */
#include <asm/board.h>
#include <asm/io.h>
#include <asm/system.h>
#include <debug_uart.h>
#include <init.h>
#include <memmap.h>
#include <stdio.h>
#include <time.h>
#include "arm64.h"

/* PL011 registers used by the debug UART */
#define UART_DR			0x00
#define UART_FR			0x18
#define UART_FR_TXFF		BIT(5)
/* About 1 ms at QEMU speed; a stuck UART drops characters, never hangs */
#define UART_TX_SPINS		100000

u64 arch_timer_early_us(void)
{
	u64 freq = read_sysreg(cntfrq_el0), count;

	if (!freq)
		return 0;
	__asm__ __volatile__("isb" : : : "memory");
	count = read_sysreg(cntvct_el0);
	return count / freq * 1000000 + count % freq * 1000000 / freq;
}

/*
 * A compiler barrier only. 'yield' is only a hint on hardware, but QEMU's
 * TCG with one vCPU leaves its execution loop for it and takes the lock
 * its main loop needs to run devices: a polling loop that yields on every
 * pass slows down the very device it waits for.
 */
void cpu_relax(void)
{
	__asm__ __volatile__("" : : : "memory");
}

static void debug_uart_raw(char c)
{
	void *base = (void *)(uintptr_t)CONFIG_DEBUG_UART_BASE;
	int spins;

	for (spins = 0; spins < UART_TX_SPINS; spins++) {
		if (!(readl(base + UART_FR) & UART_FR_TXFF))
			break;
		cpu_relax();
	}
	writel((u8)c, base + UART_DR);
}

void debug_uart_putc(char c)
{
	if (c == '\n')
		debug_uart_raw('\r');
	debug_uart_raw(c);
}

void debug_uart_puts(const char *s)
{
	while (*s)
		debug_uart_putc(*s++);
}

void debug_uart_puthex(u64 val, int digits)
{
	while (digits-- > 0)
		debug_uart_raw("0123456789abcdef"[(val >> (4 * digits)) & 0xf]);
}

void debug_uart_putdec(unsigned int val)
{
	char buf[12];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = '0' + val % 10;
		val /= 10;
	} while (val && i);
	debug_uart_puts(&buf[i]);
}

static const char *arm_part_name(u32 midr)
{
	if ((midr >> 24) != 0x41)	/* Arm Ltd. */
		return "";
	switch ((midr >> 4) & 0xfff) {
	case 0xd03: return " Cortex-A53";
	case 0xd04: return " Cortex-A35";
	case 0xd05: return " Cortex-A55";
	case 0xd07: return " Cortex-A57";
	case 0xd08: return " Cortex-A72";
	case 0xd09: return " Cortex-A73";
	case 0xd0b: return " Cortex-A76";
	case 0xd0c: return " Neoverse-N1";
	case 0xd40: return " Neoverse-V1";
	case 0xd49: return " Neoverse-N2";
	default: return "";
	}
}

void arch_print_bdinfo(void)
{
	u32 midr = read_sysreg(midr_el1);
	u64 sctlr = read_sctlr();

	printf("%-12s= aarch64 EL%d", "arch", current_el());
	if (arm_layout.entry_el != (ulong)current_el())
		printf(" (entered at EL%lu)", arm_layout.entry_el);
	printf("\n%-12s= 0x%08x%s r%up%u\n", "midr", midr,
	       arm_part_name(midr), (midr >> 20) & 0xf, midr & 0xf);
	if (sctlr & SCTLR_M)
		printf("%-12s= on, 4 KiB pages, %u-bit PA, %u tables\n", "mmu",
		       mmu_pa_bits(), mmu_tables_used());
	else
		printf("%-12s= off\n", "mmu");
	printf("%-12s= %s\n", "dcache", sctlr & SCTLR_C ? "on" : "off");
	printf("%-12s= %s\n", "icache", sctlr & SCTLR_I ? "on" : "off");
	printf("%-12s= %llu Hz\n", "timer freq",
	       (unsigned long long)read_sysreg(cntfrq_el0));
	printf("%-12s= 0x%016lx\n", "stack top", arm_layout.stack_top);
	printf("%-12s= 0x%016lx%s\n", "stack guard", arm_layout.guard,
	       sctlr & SCTLR_M ? " (unmapped)" : "");
	board_print_bdinfo();
}

const char *arch_mem_hole(phys_addr_t addr, u64 len, phys_addr_t *basep,
			  u64 *sizep)
{
	phys_addr_t guard = arm_layout.guard;

	/* The page below the stack is unmapped so that an overflow faults */
	if (!guard || !len || addr >= guard + ARM_PAGE_SIZE ||
	    addr + len <= guard)
		return NULL;
	*basep = guard;
	*sizep = ARM_PAGE_SIZE;
	return "the stack guard page";
}
