// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), slicing by 8: eight
 * 256-entry tables built on first use let the loop consume 8 bytes a step.
 * On arm64 CPUs with the CRC32 instructions, those are used instead.
 */
#include <lib.h>

static u32 tables[8][256];
static bool tables_ready;

static void build_tables(void)
{
	for (u32 i = 0; i < 256; i++) {
		u32 c = i;

		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320 & -(c & 1));
		tables[0][i] = c;
	}
	for (u32 i = 0; i < 256; i++) {
		for (int t = 1; t < 8; t++)
			tables[t][i] = (tables[t - 1][i] >> 8) ^
				       tables[0][tables[t - 1][i] & 0xff];
	}
	tables_ready = true;
}

u32 crc32(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	if (IS_ENABLED(CONFIG_ARM64) && arch_crc32_available())
		return arch_crc32(crc, buf, len);
	if (!tables_ready)
		build_tables();
	crc = ~crc;
	while (len && ((uintptr_t)p & 7)) {
		crc = (crc >> 8) ^ tables[0][(crc ^ *p++) & 0xff];
		len--;
	}
	for (; len >= 8; len -= 8, p += 8) {
		u32 lo = crc ^ (p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24);
		u32 hi = p[4] | p[5] << 8 | p[6] << 16 | (u32)p[7] << 24;

		crc = tables[7][lo & 0xff] ^ tables[6][(lo >> 8) & 0xff] ^
		      tables[5][(lo >> 16) & 0xff] ^ tables[4][lo >> 24] ^
		      tables[3][hi & 0xff] ^ tables[2][(hi >> 8) & 0xff] ^
		      tables[1][(hi >> 16) & 0xff] ^ tables[0][hi >> 24];
	}
	while (len--)
		crc = (crc >> 8) ^ tables[0][(crc ^ *p++) & 0xff];
	return ~crc;
}
