/* SPDX-License-Identifier: Apache-2.0 OR MIT */
/*
 * arm_enter_linux(entry, fdt): the last steps of the arm64 boot protocol.
 * Interrupts (DAIF) masked, data cache and MMU off with the caches cleaned
 * to the point of coherency (mmu_disable_and_clean), then x0 = DT address,
 * x1 = x2 = x3 = 0 and a branch to the kernel at the current EL. Ember runs
 * at EL2 or EL1 after start-up (start.S leaves EL3), which is the EL the
 * kernel must be entered at. Never returns.
 */
	.section .text.arm_enter_linux, "ax"
	.globl	arm_enter_linux
arm_enter_linux:
	msr	daifset, #0xf
	mov	x19, x0			/* mmu_disable_and_clean keeps x19/x20 */
	mov	x20, x1
	bl	mmu_disable_and_clean
	mov	x0, x20
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	br	x19
