/* SPDX-License-Identifier: Apache-2.0 OR MIT */
/*
 * SMC Calling Convention conduits (Arm DEN0028): x0..x3 in, x0..x3 out,
 * x4..x17 may be clobbered by the callee (caller-saved in the AAPCS64
 * anyway). void smccc_{smc,hvc}(fid, a1, a2, a3, struct smccc_res *res)
 */

	.macro	smccc_call, insn
	str	x4, [sp, #-16]!
	\insn	#0
	ldr	x4, [sp], #16
	cbz	x4, 1f
	stp	x0, x1, [x4]
	stp	x2, x3, [x4, #16]
1:	ret
	.endm

	.section .text.smccc_smc, "ax"
	.globl	smccc_smc
smccc_smc:
	smccc_call smc

	.section .text.smccc_hvc, "ax"
	.globl	smccc_hvc
smccc_hvc:
	smccc_call hvc
