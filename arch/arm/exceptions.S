/* SPDX-License-Identifier: Apache-2.0 OR MIT */
/*
 * Exception vectors for whichever EL Ember runs at. Ember expects one
 * exception only: a data abort at a probing access (probe.S). Every entry
 * saves the registers in a struct exc_frame on the exception stack
 * (SP_ELx; normal code runs on SP_EL0, so a stack overflow can still be
 * reported) and calls do_exception() (traps.c). For a probing access it
 * changes the frame's ELR to the access's fixup and returns, and the
 * registers are restored and execution resumes there; anything else it
 * prints and stops.
 *
 * Vector table: 16 entries of 128 bytes, 2 KiB aligned. Entry number n
 * (frame->vector) is (source * 4 + type): source 0 = current EL on SP_EL0,
 * 1 = current EL on SP_ELx, 2 = lower EL aarch64, 3 = lower EL aarch32;
 * type 0 = synchronous, 1 = IRQ, 2 = FIQ, 3 = SError.
 */
#include "arm64.h"

#define FRAME_SP	(31 * 8)
#define FRAME_ELR	(32 * 8)
#define FRAME_ESR	(34 * 8)
#define FRAME_VECTOR	(36 * 8)

	.macro	ventry, num
	.balign	128
	sub	sp, sp, #EXC_FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x0, #\num
	b	exc_common
	.endm

	.section .text.vectors, "ax"
	.balign	2048
	.globl	vectors
vectors:
	ventry	0
	ventry	1
	ventry	2
	ventry	3
	ventry	4
	ventry	5
	ventry	6
	ventry	7
	ventry	8
	ventry	9
	ventry	10
	ventry	11
	ventry	12
	ventry	13
	ventry	14
	ventry	15

exc_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	str	x0, [sp, #FRAME_VECTOR]

	/* The interrupted SP: SP_EL0 unless the entry is "current EL, SPx". */
	add	x1, sp, #EXC_FRAME_SIZE
	cmp	x0, #4
	b.lo	1f
	cmp	x0, #8
	b.lo	2f
1:	mrs	x1, sp_el0
2:	str	x1, [sp, #FRAME_SP]

	mrs	x5, CurrentEL
	cmp	x5, #0xc
	b.eq	3f
	cmp	x5, #0x8
	b.eq	4f
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	mrs	x3, esr_el1
	mrs	x4, far_el1
	b	5f
3:	mrs	x1, elr_el3
	mrs	x2, spsr_el3
	mrs	x3, esr_el3
	mrs	x4, far_el3
	b	5f
4:	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	mrs	x3, esr_el2
	mrs	x4, far_el2
5:	stp	x1, x2, [sp, #FRAME_ELR]
	stp	x3, x4, [sp, #FRAME_ESR]

	mov	x0, sp
	bl	do_exception

	/* Fixed up: resume at the frame's ELR with the frame's registers */
	ldr	x1, [sp, #FRAME_ELR]
	mrs	x5, CurrentEL
	cmp	x5, #0xc
	b.eq	6f
	cmp	x5, #0x8
	b.eq	7f
	msr	elr_el1, x1
	b	8f
6:	msr	elr_el3, x1
	b	8f
7:	msr	elr_el2, x1
8:	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp]
	add	sp, sp, #EXC_FRAME_SIZE
	eret
