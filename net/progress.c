// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * How a download shows itself, the same for tftpboot and wget: a mark per
 * NET_HASH_BYTES in rows of NET_HASH_ROW, then U-Boot's closing lines (the
 * rate, 'done', 'Bytes transferred = ...'), and filesize/fileaddr set.
 */
#include <env.h>
#include <lib.h>
#include <stdio.h>
#include "net_core.h"

void net_hash_progress(u64 *hashed, u64 size)
{
	while (size - *hashed >= NET_HASH_BYTES) {
		*hashed += NET_HASH_BYTES;
		putc('#');
		if (!(*hashed % (NET_HASH_ROW * NET_HASH_BYTES)))
			puts("\n\t ");
	}
}

void net_transfer_report(ulong addr, u64 size, u64 us)
{
	/* U-Boot's shape: the rate as print_size() writes it, then done */
	puts("\n\t ");
	print_size(size * 1000000 / (us ? us : 1), "/s");
	puts("\ndone\n");
	printf("Bytes transferred = %llu (%llx hex)\n",
	       (unsigned long long)size, (unsigned long long)size);
	env_set_hex("filesize", size);
	env_set_hex("fileaddr", addr);
}
