// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as ext4's
 * metadata_csum, iSCSI and virtio use it. One 256-entry table, built on
 * first use, consumes a byte a step: the callers checksum metadata
 * (superblocks, inodes, directory blocks), never bulk data.
 */
#include <lib.h>

static u32 table[256];
static bool table_ready;

static void build_table(void)
{
	for (u32 i = 0; i < 256; i++) {
		u32 c = i;

		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0x82f63b78 & -(c & 1));
		table[i] = c;
	}
	table_ready = true;
}

u32 crc32c(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	if (!table_ready)
		build_table();
	crc = ~crc;
	while (len--)
		crc = (crc >> 8) ^ table[(crc ^ *p++) & 0xff];
	return ~crc;
}
