// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * CRC-32 (IEEE 802.3) with the ARMv8 CRC32 instructions (CRC32X/CRC32B,
 * the same reflected polynomial as lib/crc32.c), when the CPU has them
 * (ID_AA64ISAR0_EL1.CRC32). Eight bytes per instruction.
 */
#include <arm_acle.h>
#include <asm/system.h>
#include <lib.h>
#include <stdint.h>

bool arch_crc32_available(void)
{
	return (read_sysreg(id_aa64isar0_el1) >> 16) & 0xf;
}

u32 arch_crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	crc = ~crc;
	/* Aligned 8-byte loads: the code also runs with the MMU off */
	for (; len && ((uintptr_t)p & 7); len--)
		crc = __crc32b(crc, *p++);
	for (; len >= 8; len -= 8, p += 8)
		crc = __crc32d(crc, *(const u64 *)p);
	for (; len; len--)
		crc = __crc32b(crc, *p++);
	return ~crc;
}
