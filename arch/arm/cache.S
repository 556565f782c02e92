/* SPDX-License-Identifier: Apache-2.0 OR MIT */
/*
 * Data and instruction cache maintenance (Arm ARM, "Cache maintenance
 * instructions"). Range operations work by virtual address to the point of
 * coherency and are what drivers use; whole-cache operations work by
 * set/way, which only makes sense on a single CPU around turning the caches
 * on or off (see asm/cache.h). None of these routines touch the stack, and
 * the set/way loop leaves x16/x17 alone so mmu_disable_and_clean() can keep
 * its return address there.
 */

/* \reg = smallest data cache line in bytes (CTR_EL0.DminLine); \tmp clobbered */
	.macro	dcache_line, reg, tmp
	mrs	\tmp, ctr_el0
	ubfx	\tmp, \tmp, #16, #4
	mov	\reg, #4
	lsl	\reg, \reg, \tmp
	.endm

	.section .text.dcache_line_size, "ax"
	.globl	dcache_line_size
dcache_line_size:
	dcache_line x0, x1
	ret

/* flush_dcache_range(start, end): clean and invalidate by VA to PoC */
	.section .text.flush_dcache_range, "ax"
	.globl	flush_dcache_range
flush_dcache_range:
	dcache_line x2, x3
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	civac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret

/*
 * invalidate_dcache_range(start, end): invalidate by VA to PoC. A line
 * only partly inside the range is cleaned and invalidated instead, so the
 * bytes outside the range that share it are not lost.
 */
	.section .text.invalidate_dcache_range, "ax"
	.globl	invalidate_dcache_range
invalidate_dcache_range:
	dcache_line x2, x3
	sub	x3, x2, #1
	tst	x1, x3
	bic	x1, x1, x3
	b.eq	1f
	dc	civac, x1		/* partial last line */
1:	tst	x0, x3
	bic	x0, x0, x3
	b.eq	3f
	dc	civac, x0		/* partial first line */
	add	x0, x0, x2
	b	3f
2:	dc	ivac, x0
	add	x0, x0, x2
3:	cmp	x0, x1
	b.lo	2b
	dsb	sy
	ret

/*
 * dcache_all op: apply "dc <op>sw" to every set and way of every data or
 * unified cache level up to the level of coherency. Handles both CCSIDR
 * formats (FEAT_CCIDX widens the fields). Clobbers x0..x15.
 */
	.macro	dcache_all, op
	mrs	x0, clidr_el1
	ubfx	x3, x0, #24, #3		/* LoC */
	cbz	x3, 9f
	mrs	x15, id_aa64mmfr2_el1
	ubfx	x15, x15, #20, #4	/* CCIDX */
	mov	x10, #0			/* cache level << 1 (CSSELR) */
1:	add	x2, x10, x10, lsr #1	/* 3 * level */
	lsr	x1, x0, x2
	and	x1, x1, #7		/* cache type at this level */
	cmp	x1, #2
	b.lo	8f			/* none, or instruction only */
	msr	csselr_el1, x10
	isb
	mrs	x1, ccsidr_el1
	and	x2, x1, #7
	add	x2, x2, #4		/* log2(line size) */
	cbnz	x15, 2f
	ubfx	x4, x1, #3, #10		/* ways - 1 */
	ubfx	x7, x1, #13, #15	/* sets - 1 */
	b	3f
2:	ubfx	x4, x1, #3, #21
	ubfx	x7, x1, #32, #24
3:	clz	w5, w4			/* way field position */
4:	mov	x9, x4
5:	lsl	x6, x9, x5
	orr	x11, x10, x6
	lsl	x6, x7, x2
	orr	x11, x11, x6
	dc	\op, x11
	subs	x9, x9, #1
	b.ge	5b
	subs	x7, x7, #1
	b.ge	4b
8:	add	x10, x10, #2
	cmp	x3, x10, lsr #1
	b.hi	1b
9:	msr	csselr_el1, xzr
	dsb	sy
	isb
	.endm

	.section .text.flush_dcache_all, "ax"
	.globl	flush_dcache_all
flush_dcache_all:
	dcache_all cisw
	ret

	.section .text.invalidate_dcache_all, "ax"
	.globl	invalidate_dcache_all
invalidate_dcache_all:
	dcache_all isw
	ret

	.section .text.invalidate_icache_all, "ax"
	.globl	invalidate_icache_all
invalidate_icache_all:
	ic	iallu
	dsb	sy
	isb
	ret

/*
 * mmu_disable_and_clean: data cache and MMU off first, so no new line can
 * become dirty, then clean and invalidate everything, then drop the
 * instruction cache and the TLBs. The return address waits in x16.
 */
	.section .text.mmu_disable_and_clean, "ax"
	.globl	mmu_disable_and_clean
mmu_disable_and_clean:
	mov	x16, x30
	mov	x17, #((1 << 2) | (1 << 0))	/* SCTLR.C | SCTLR.M */
	mrs	x0, CurrentEL
	cmp	x0, #0xc
	b.eq	3f
	cmp	x0, #0x8
	b.eq	2f
	mrs	x0, sctlr_el1
	bic	x0, x0, x17
	msr	sctlr_el1, x0
	isb
	bl	flush_dcache_all
	tlbi	vmalle1
	b	4f
2:	mrs	x0, sctlr_el2
	bic	x0, x0, x17
	msr	sctlr_el2, x0
	isb
	bl	flush_dcache_all
	tlbi	alle2
	b	4f
3:	mrs	x0, sctlr_el3
	bic	x0, x0, x17
	msr	sctlr_el3, x0
	isb
	bl	flush_dcache_all
	tlbi	alle3
4:	ic	iallu
	dsb	sy
	isb
	ret	x16
