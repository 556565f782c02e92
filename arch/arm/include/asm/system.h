// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * aarch64 system registers and barriers.
 *
 *   u64 v = read_sysreg(sctlr_el2);
 *   write_sysreg(v | SCTLR_C, sctlr_el2);
 *
 * Register names are spelled as the assembler knows them; registers that
 * exist at several exception levels are picked at run time with
 * current_el() (see asm/cache.h and arch/arm/mmu.c).
 */
#ifndef __ASM_SYSTEM_H
#define __ASM_SYSTEM_H

#include <compiler.h>
#include <types.h>

/* SCTLR_ELx bits shared by EL1, EL2 and EL3 */
#define SCTLR_M		BIT(0)		/* MMU enable */
#define SCTLR_A		BIT(1)		/* alignment check */
#define SCTLR_C		BIT(2)		/* data and unified caches */
#define SCTLR_SA	BIT(3)		/* stack alignment check */
#define SCTLR_I		BIT(12)		/* instruction cache */
#define SCTLR_WXN	BIT(19)		/* writable implies execute-never */
#define SCTLR_EE	BIT(25)		/* big-endian translation tables/data */

/* HCR_EL2 */
#define HCR_EL2_RW	BIT(31)		/* EL1 is aarch64 */
#define HCR_EL2_E2H	BIT(34)		/* VHE: EL2 host */

/* ESR_ELx */
#define ESR_EC_SHIFT	26
#define ESR_EC_MASK	0x3f
#define ESR_IL		BIT(25)
#define ESR_ISS_MASK	0x1ffffff

#define read_sysreg(reg) ({						\
	u64 __val;							\
	__asm__ __volatile__("mrs %0, " #reg : "=r" (__val));		\
	__val; })

#define write_sysreg(val, reg) do {					\
	u64 __val = (u64)(val);						\
	__asm__ __volatile__("msr " #reg ", %0" : : "r" (__val));	\
} while (0)

#define isb()		__asm__ __volatile__("isb" : : : "memory")
#define dsb(opt)	__asm__ __volatile__("dsb " #opt : : : "memory")
#define dmb(opt)	__asm__ __volatile__("dmb " #opt : : : "memory")
#define wfi()		__asm__ __volatile__("wfi" : : : "memory")
#define wfe()		__asm__ __volatile__("wfe" : : : "memory")

/**
 * current_el() - the exception level Ember runs at
 * Return: 1, 2 or 3
 */
static inline unsigned int current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}

/**
 * read_sctlr() - SCTLR of the current exception level
 * Return: the register's value
 */
static inline u64 read_sctlr(void)
{
	switch (current_el()) {
	case 3:
		return read_sysreg(sctlr_el3);
	case 2:
		return read_sysreg(sctlr_el2);
	default:
		return read_sysreg(sctlr_el1);
	}
}

/**
 * write_sctlr() - set SCTLR of the current exception level, then isb
 * @val: the new value
 */
static inline void write_sctlr(u64 val)
{
	switch (current_el()) {
	case 3:
		write_sysreg(val, sctlr_el3);
		break;
	case 2:
		write_sysreg(val, sctlr_el2);
		break;
	default:
		write_sysreg(val, sctlr_el1);
		break;
	}
	isb();
}

/**
 * cpu_halt() - stop this CPU for good: interrupts masked, wfi loop
 *
 * Used after a fatal error once the message is out; nothing wakes the CPU
 * back into Ember's code.
 */
static inline void __noreturn cpu_halt(void)
{
	__asm__ __volatile__("msr daifset, #0xf" : : : "memory");
	for (;;)
		wfi();
}

#endif
