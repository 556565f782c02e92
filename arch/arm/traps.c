// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Exceptions. A data abort at a probing access (probe.S) resumes at that
 * access's fixup. Anything else is unexpected: print everything a
 * developer needs on the debug UART and stop. This may run before
 * relocation (from flash, no writable globals) or after memory corruption,
 * so it uses only the exception stack, the debug UART and system
 * registers: no heap, no printf, no gd.
 *
 * The nesting count lives in TPIDR_ELx (zeroed by start.S): an exception
 * inside this handler prints one line and stops instead of recursing.
 *
 * After the dump the CPU stops in a wfi loop with interrupts masked, so a
 * test harness can read the dump and decide to reset or kill the machine.
 */
#include <asm/system.h>
#include <debug_uart.h>
#include <errno.h>
#include <init.h>
#include <string.h>
#include "arm64.h"

static const char *const vector_types[] = {
	"Synchronous exception", "IRQ", "FIQ", "SError"
};

static const char *const vector_sources[] = {
	"current EL, SP_EL0", "current EL, SP_ELx",
	"lower EL, aarch64", "lower EL, aarch32"
};

static const char *ec_name(unsigned int ec)
{
	switch (ec) {
	case 0x00: return "Undefined instruction or unknown reason";
	case 0x01: return "Trapped WFI/WFE";
	case 0x07: return "Trapped FP/SIMD access";
	case 0x0d: return "Branch target exception";
	case 0x0e: return "Illegal execution state";
	case 0x15: return "SVC instruction";
	case 0x16: return "HVC instruction";
	case 0x17: return "SMC instruction";
	case 0x18: return "Trapped MSR/MRS/system instruction";
	case 0x19: return "Trapped SVE access";
	case 0x1c: return "Pointer authentication failure";
	case 0x20: return "Instruction abort from a lower EL";
	case 0x21: return "Instruction abort";
	case 0x22: return "PC alignment fault";
	case 0x24: return "Data abort from a lower EL";
	case 0x25: return "Data abort";
	case 0x26: return "SP alignment fault";
	case 0x2c: return "Floating-point exception";
	case 0x2f: return "SError";
	case 0x30: case 0x31: return "Breakpoint";
	case 0x32: case 0x33: return "Software step";
	case 0x34: case 0x35: return "Watchpoint";
	case 0x3c: return "BRK instruction";
	default: return "Unrecognised exception class";
	}
}

/* Fault status code of an instruction or data abort (ISS[5:0]) */
static const char *fsc_name(unsigned int fsc)
{
	switch (fsc & 0x3c) {
	case 0x00: return "address size fault, level ";
	case 0x04: return "translation fault, level ";
	case 0x08: return "access flag fault, level ";
	case 0x0c: return "permission fault, level ";
	}
	switch (fsc) {
	case 0x10: return "synchronous external abort";
	case 0x21: return "alignment fault";
	case 0x30: return "TLB conflict abort";
	default: return "other fault";
	}
}

static void put_hex(const char *label, u64 val)
{
	debug_uart_puts(label);
	debug_uart_puthex(val, 16);
}

/* "  ELR is ember.elf+0x1234" when @addr lies in the running image */
static void put_image_offset(const char *what, u64 addr)
{
	u64 start = (uintptr_t)__image_start;
	u64 end = (uintptr_t)__image_copy_end;

	if (addr < start || addr >= end)
		return;
	debug_uart_puts("  ");
	debug_uart_puts(what);
	debug_uart_puts(" is ember.elf+0x");
	debug_uart_puthex(addr - start, 8);
	debug_uart_puts(" (image at 0x");
	debug_uart_puthex(start, 16);
	debug_uart_puts(")\n");
}

static void put_cause(const struct exc_frame *f)
{
	unsigned int ec = (f->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	unsigned int fsc = f->esr & 0x3f;

	debug_uart_puts("  ");
	debug_uart_puts(ec_name(ec));
	debug_uart_puts(" (EC 0x");
	debug_uart_puthex(ec, 2);
	debug_uart_puts(")");
	if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25) {
		debug_uart_puts(": ");
		debug_uart_puts(fsc_name(fsc));
		if (fsc < 0x10)
			debug_uart_putdec(fsc & 3);
		if (ec >= 0x24)
			debug_uart_puts(f->esr & BIT(6) ? ", on a write" :
					", on a read");
	}
	debug_uart_puts("\n");
}

static void put_regs(const struct exc_frame *f)
{
	int i;

	for (i = 0; i < 31; i++) {
		debug_uart_puts(i % 4 ? "  x" : "\n  x");
		debug_uart_putdec(i);
		debug_uart_puts(i < 10 ? "  " : " ");
		debug_uart_puthex(f->regs[i], 16);
	}
	put_hex("  sp  ", f->sp);
	debug_uart_puts("\n");
}

static unsigned int nesting_enter(void)
{
	u64 depth;

	switch (current_el()) {
	case 3:
		depth = read_sysreg(tpidr_el3) + 1;
		write_sysreg(depth, tpidr_el3);
		break;
	case 2:
		depth = read_sysreg(tpidr_el2) + 1;
		write_sysreg(depth, tpidr_el2);
		break;
	default:
		depth = read_sysreg(tpidr_el1) + 1;
		write_sysreg(depth, tpidr_el1);
		break;
	}
	return depth;
}

/* An .ex_table entry (probe.S): offsets from the fields themselves */
struct ex_entry {
	s32 insn;
	s32 fixup;
};

extern const struct ex_entry __ex_table_start[], __ex_table_end[];

#define EC_DABT_CUR	0x25	/* data abort at the same EL */

/* A data abort at a probing access: resume at its fixup */
static bool fixup_exception(struct exc_frame *frame)
{
	unsigned int ec = frame->esr >> 26 & 0x3f;

	/* Synchronous, current EL (on SP_EL0 or SP_ELx) */
	if (ec != EC_DABT_CUR || (frame->vector != 0 && frame->vector != 4))
		return false;
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end;
	     e++) {
		if ((ulong)&e->insn + e->insn == frame->elr) {
			frame->elr = (ulong)&e->fixup + e->fixup;
			return true;
		}
	}
	return false;
}

/**
 * do_exception() - resume a probing access at its fixup, or report the
 * exception and stop (called by exceptions.S)
 * @frame: the registers at the exception; ELR changed for a fixup
 */
void do_exception(struct exc_frame *frame)
{
	unsigned int depth, vec = frame->vector & 15;

	if (fixup_exception(frame))
		return;
	depth = nesting_enter();

	if (depth > 1) {
		if (depth == 2)
			debug_uart_puts("\nEmber: exception while reporting an exception\n");
		cpu_halt();
	}

	debug_uart_puts("\nEmber: ");
	debug_uart_puts(vector_types[vec % 4]);
	debug_uart_puts(" at EL");
	debug_uart_putdec(current_el());
	debug_uart_puts(" (from ");
	debug_uart_puts(vector_sources[vec / 4]);
	debug_uart_puts(")\n");
	put_cause(frame);
	put_hex("  ESR  0x", frame->esr);
	put_hex("  FAR  0x", frame->far);
	debug_uart_puts("\n");
	put_hex("  ELR  0x", frame->elr);
	put_hex("  SPSR 0x", frame->spsr);
	debug_uart_puts("\n");
	put_image_offset("ELR", frame->elr);
	put_image_offset("LR (x30)", frame->regs[30]);
	put_regs(frame);
	debug_uart_puts("\nEmber stopped: unexpected exception. Reset the machine to continue.\n");
	cpu_halt();
}

/* Deliberate faults for testing the dump (the 'exception' command). */
static void __noreturn trigger_undefined(void)
{
	__asm__ __volatile__("udf #0xe" : : : "memory");
	__builtin_unreachable();
}

static void __noreturn trigger_dabort(void)
{
	/*
	 * Bits 55:48 set: outside both translation ranges with the MMU on
	 * (a level 0 translation fault), beyond any physical address with it
	 * off (an address size fault).
	 */
	volatile u64 *bad = (volatile u64 *)0x00ff0000deadb000ULL;

	(void)*bad;
	__builtin_unreachable();
}

static void __noreturn trigger_unaligned(void)
{
	/* Exclusive loads fault on an unaligned address in every memory type. */
	u64 buf[2] = { 0, 0 };
	u64 val;

	__asm__ __volatile__("ldxr %0, [%1]"
			     : "=r" (val) : "r" ((char *)buf + 1) : "memory");
	__builtin_unreachable();
}

static unsigned int __noinline recurse(unsigned int depth)
{
	volatile char pad[512];

	pad[depth % sizeof(pad)] = depth;
	if (depth == ~0U)
		return pad[0];
	return recurse(depth + 1) + pad[1];
}

static void __noreturn trigger_stack_overflow(void)
{
	recurse(0);
	__builtin_unreachable();
}

int arch_trigger_exception(const char *kind)
{
	if (!strcmp(kind, "undefined"))
		trigger_undefined();
	if (!strcmp(kind, "dabort"))
		trigger_dabort();
	if (!strcmp(kind, "unaligned"))
		trigger_unaligned();
	if (!strcmp(kind, "stack"))
		trigger_stack_overflow();
	return -EINVAL;
}

const char *arch_exception_kinds(void)
{
	return "undefined|dabort|unaligned|stack";
}
