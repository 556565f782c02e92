/* SPDX-License-Identifier: Apache-2.0 OR MIT */
/*
 * aarch64 entry point. QEMU's virt machine (-bios ember.bin) starts every
 * CPU here, at address 0 in flash, with the MMU off, at EL1 (default), EL2
 * (virtualization=on) or EL3 (secure=on).
 *
 * 1. Mask interrupts, note the entry EL and counter, set the EL's control
 *    registers to known values with the MMU and caches off, enable FP/SIMD.
 * 2. Park every CPU but the boot CPU (MPIDR affinity 0) in a wfe loop.
 * 3. Point VBAR at the vectors in flash so early faults are reported.
 * 4. Take a temporary stack just after the device tree QEMU put at the
 *    start of RAM, and call arm_relocate() (relocate.c), which copies the
 *    image to the top of RAM and applies its relocations.
 * 5. Jump to the copy; from EL3, eret to non-secure EL2 (or EL1) instead,
 *    since the flash is secure-only there.
 * 6. In the copy: redo step 1 for the final EL, install the relocated
 *    vectors, set SP_ELx to the exception stack and SP_EL0 to the main
 *    stack, select SP_EL0 and call arm_init_r() (setup.c).
 */
#include "arm64.h"

/* SCTLR values with the MMU and caches off: RES1 bits, stack alignment check */
#define SCTLR_EL1_BOOT	0x30d00808
#define SCTLR_EL2_BOOT	0x30c50838	/* also EL3: same RES1 bits */
#define HCR_EL2_BOOT	(1 << 31)	/* RW: EL1 is aarch64 */
#define CPTR_EL2_BOOT	0x32ff		/* RES1 bits only: no FP, SVE traps */
#define SCR_EL3_BOOT	0x531		/* NS, RES1[5:4], HCE (hvc), RW */
#define CPACR_FPEN	(3 << 20)	/* no FP/SIMD trap at EL1/EL0 */
#define SPSR_EL2H	0x3c9		/* EL2 using SP_EL2, DAIF masked */
#define SPSR_EL1H	0x3c5
#define MPIDR_AFF_MASK	0xff00ffffff

	.macro	mov_imm, reg, val
	movz	\reg, #((\val) & 0xffff)
	movk	\reg, #(((\val) >> 16) & 0xffff), lsl #16
	movk	\reg, #(((\val) >> 32) & 0xffff), lsl #32
	movk	\reg, #(((\val) >> 48) & 0xffff), lsl #48
	.endm

	/* Branch to el3, el2 or el1 by the current exception level. */
	.macro	switch_el, tmp, el3, el2, el1
	mrs	\tmp, CurrentEL
	cmp	\tmp, #0xc
	b.eq	\el3
	cmp	\tmp, #0x8
	b.eq	\el2
	b	\el1
	.endm

	.section .text.start, "ax"
	.globl	_start
_start:
	b	reset
	.balign	8
	.ascii	"Ember64\0"		/* so a dump of flash shows what is in it */

reset:
	msr	daifset, #0xf
	mrs	x20, CurrentEL
	lsr	x20, x20, #2
	cmp	x20, #1
	b.ne	1f
	mrs	x19, cntvct_el0
	b	2f
1:	mrs	x19, cntpct_el0		/* el2_setup zeroes CNTVOFF_EL2 */
2:	bl	el_setup

	mrs	x0, mpidr_el1
	mov_imm	x1, MPIDR_AFF_MASK
	tst	x0, x1
	b.ne	park

	adrp	x0, vectors
	add	x0, x0, :lo12:vectors
	bl	set_vbar

	/* Early stack: above the device tree, which QEMU put at RAM start. */
	mov_imm	x21, CONFIG_ARM_PREV_STAGE_FDT
	mov	x3, #ARM_PAGE_SIZE	/* no DT: arm_relocate() will say so */
	ldr	w1, [x21]
	rev	w1, w1
	mov_imm	x2, FDT_MAGIC_VALUE
	cmp	w1, w2
	b.ne	3f
	ldr	w3, [x21, #4]		/* fdt totalsize */
	rev	w3, w3
3:	add	x3, x21, x3
	add	x3, x3, #(ARM_PAGE_SIZE - 1)
	and	x3, x3, #~(ARM_PAGE_SIZE - 1)
	add	x3, x3, #ARM_EARLY_STACK_SIZE
	msr	spsel, #1
	mov	sp, x3
	mov	x29, xzr

	mov	x0, x21
	mov	x1, x3
	mov	x2, x19
	mov	x3, x20
	bl	arm_relocate		/* x0: offset, x1: relocated layout */
	mov	x21, x0
	mov	x22, x1

	/* The copy was written with data accesses: sync instruction fetch. */
	dsb	sy
	ic	iallu
	dsb	sy
	isb

	adr	x0, relocated
	add	x0, x0, x21
	mrs	x1, CurrentEL
	cmp	x1, #0xc
	b.ne	4f
	/* EL3: continue in the non-secure world, at EL2 if there is one. */
	mrs	x1, id_aa64pfr0_el1
	ubfx	x1, x1, #8, #4
	mov	x2, #SPSR_EL2H
	cbnz	x1, 5f
	mov	x2, #SPSR_EL1H
5:	msr	spsr_el3, x2
	msr	elr_el3, x0
	eret
4:	br	x0

relocated:
	bl	el_setup
	adrp	x0, vectors
	add	x0, x0, :lo12:vectors
	bl	set_vbar
	ldr	x0, [x22, #LAYOUT_EXC_STACK_TOP]
	mov	sp, x0			/* SP_ELx: exception stack */
	msr	spsel, #0
	ldr	x0, [x22, #LAYOUT_STACK_TOP]
	mov	sp, x0			/* SP_EL0: main stack */
	mov	x29, xzr
	mov	x30, xzr
	bl	arm_init_r

	/* Secondary CPUs, and the boot CPU should arm_init_r() return. */
park:
	msr	daifset, #0xf
	wfe
	b	park

/* set_vbar - VBAR_ELx of the current EL = x0. Clobbers x1. */
set_vbar:
	switch_el x1, 3f, 2f, 1f
3:	msr	vbar_el3, x0
	b	0f
2:	msr	vbar_el2, x0
	b	0f
1:	msr	vbar_el1, x0
0:	isb
	ret

/*
 * el_setup - known state for the current EL: MMU and caches off (cleaning
 * the data cache first if a previous stage left it on), FP/SIMD untrapped,
 * the exception nesting count (TPIDR_ELx) zero. At EL2 also let EL1 use
 * the counters and make the virtual counter equal the physical one. Uses
 * no stack; clobbers x0..x17 and x28.
 */
el_setup:
	mov	x28, x30
	switch_el x0, el3_setup, el2_setup, el1_setup

el3_setup:
	mrs	x0, sctlr_el3
	tbz	x0, #2, 1f
	bl	flush_dcache_all
1:	mov_imm	x0, SCTLR_EL2_BOOT
	msr	sctlr_el3, x0
	isb
	mov_imm	x0, SCR_EL3_BOOT
	msr	scr_el3, x0
	msr	cptr_el3, xzr
	msr	tpidr_el3, xzr
	b	el_common

el2_setup:
	mrs	x0, sctlr_el2
	tbz	x0, #2, 1f
	bl	flush_dcache_all
1:	mov_imm	x0, SCTLR_EL2_BOOT
	msr	sctlr_el2, x0
	isb
	mov_imm	x0, HCR_EL2_BOOT
	msr	hcr_el2, x0
	mov_imm	x0, CPTR_EL2_BOOT
	msr	cptr_el2, x0
	mov	x0, #3			/* EL1PCTEN, EL1PCEN */
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	msr	tpidr_el2, xzr
	b	el_common

el1_setup:
	mrs	x0, sctlr_el1
	tbz	x0, #2, 1f
	bl	flush_dcache_all
1:	mov_imm	x0, SCTLR_EL1_BOOT
	msr	sctlr_el1, x0
	isb
	msr	tpidr_el1, xzr

el_common:
	mov_imm	x0, CPACR_FPEN
	msr	cpacr_el1, x0
	isb
	ret	x28
