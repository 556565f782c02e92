// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Calls to firmware or a hypervisor through the SMC Calling Convention
 * (Arm DEN0028): function ID in x0, arguments in x1..x3, results in x0..x3.
 * arch/arm/smccc.S.
 */
#ifndef __ASM_SMCCC_H
#define __ASM_SMCCC_H

#include <types.h>

/**
 * struct smccc_res - the four result registers of an SMCCC call
 */
struct smccc_res {
	ulong a0;
	ulong a1;
	ulong a2;
	ulong a3;
};

/**
 * smccc_smc() - call the secure monitor (EL3) with smc #0
 * @fid: function ID (x0)
 * @a1: x1
 * @a2: x2
 * @a3: x3
 * @res: x0..x3 after the call (may be NULL)
 */
void smccc_smc(ulong fid, ulong a1, ulong a2, ulong a3, struct smccc_res *res);

/**
 * smccc_hvc() - call the hypervisor (EL2) with hvc #0; as smccc_smc()
 * @fid: function ID (x0)
 * @a1: x1
 * @a2: x2
 * @a3: x3
 * @res: x0..x3 after the call (may be NULL)
 */
void smccc_hvc(ulong fid, ulong a1, ulong a2, ulong a3, struct smccc_res *res);

#endif
