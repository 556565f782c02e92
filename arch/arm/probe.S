/* SPDX-License-Identifier: Apache-2.0 OR MIT */
/*
 * Memory accesses that may fault: the memory commands read and write
 * device windows through these, so that a device refusing an access (an
 * access width it does not take, nothing decoding the address) gives
 * -EFAULT instead of a crash. Each access instruction has an entry in
 * .ex_table (PC-relative: the instruction, then where to resume); on a
 * data abort at one of them, do_exception() (traps.c) resumes at the
 * entry's fixup, which returns -EFAULT.
 *
 * int arch_probe_read(const volatile void *addr, int size, u64 *valp);
 * int arch_probe_write(volatile void *addr, int size, u64 val);
 */

	.macro	extable, insn
	.pushsection .ex_table, "a"
	.balign	4
	.long	\insn - .
	.long	.Lfault - .
	.popsection
	.endm

	.section .text.probe, "ax"

	.globl	arch_probe_read
	.type	arch_probe_read, %function
arch_probe_read:
	cmp	w1, #1
	b.eq	.Lread8
	cmp	w1, #2
	b.eq	.Lread16
	cmp	w1, #4
	b.eq	.Lread32
.Lread64:
	ldr	x3, [x0]
	extable	.Lread64
	b	.Lread_done
.Lread8:
	ldrb	w3, [x0]
	extable	.Lread8
	b	.Lread_done
.Lread16:
	ldrh	w3, [x0]
	extable	.Lread16
	b	.Lread_done
.Lread32:
	ldr	w3, [x0]
	extable	.Lread32
.Lread_done:
	/* Later reads of memory see what the device wrote before this */
	dmb	sy
	str	x3, [x2]
	mov	w0, #0
	ret
	.size	arch_probe_read, . - arch_probe_read

	.globl	arch_probe_write
	.type	arch_probe_write, %function
arch_probe_write:
	/* Memory written before reaches the device first */
	dmb	sy
	cmp	w1, #1
	b.eq	.Lwrite8
	cmp	w1, #2
	b.eq	.Lwrite16
	cmp	w1, #4
	b.eq	.Lwrite32
.Lwrite64:
	str	x2, [x0]
	extable	.Lwrite64
	b	.Lwrite_done
.Lwrite8:
	strb	w2, [x0]
	extable	.Lwrite8
	b	.Lwrite_done
.Lwrite16:
	strh	w2, [x0]
	extable	.Lwrite16
	b	.Lwrite_done
.Lwrite32:
	str	w2, [x0]
	extable	.Lwrite32
.Lwrite_done:
	/* A write the device refuses may abort only once it completes */
	dsb	sy
	mov	w0, #0
	ret
	.size	arch_probe_write, . - arch_probe_write

.Lfault:
	mov	w0, #-14		/* -EFAULT */
	ret
