// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Human-readable sizes and hex dumps. */
#include <lib.h>
#include <stdio.h>
#include <string.h>

/*
 * As U-Boot prints sizes: the largest unit the size reaches, and one
 * decimal rounded to the nearest (998.69 KiB is "998.7 KiB"), left out
 * when it is 0
 */
void print_size(u64 size, const char *suffix)
{
	static const char units[] = "KMGTPE";
	int i = 5, shift;
	u64 whole, tenths;

	while (i >= 0 && !(size >> (10 * (i + 1))))
		i--;
	if (i < 0) {
		printf("%llu Bytes%s", (unsigned long long)size, suffix);
		return;
	}
	shift = 10 * (i + 1);
	whole = size >> shift;
	/* The remainder in tenths, rounded; 9.96 is 10 */
	tenths = ((size & ((1ULL << shift) - 1)) * 10 +
		  (1ULL << (shift - 1))) >> shift;
	if (tenths >= 10) {
		whole++;
		tenths -= 10;
	}
	if (tenths)
		printf("%llu.%llu %ciB%s", (unsigned long long)whole,
		       (unsigned long long)tenths, units[i], suffix);
	else
		printf("%llu %ciB%s", (unsigned long long)whole, units[i],
		       suffix);
}

static u64 read_item(const void *p, int width)
{
	u64 v = 0;

	memcpy(&v, p, width);	/* little-endian host */
	return v;
}

void print_buffer(ulong addr, const void *data, int width, int count,
		  int linelen)
{
	const u8 *p = data;

	if (linelen <= 0)
		linelen = 16 / width;
	while (count > 0) {
		int n = count < linelen ? count : linelen;
		char ascii[33];
		int k = 0;

		printf("%08lx:", addr);
		for (int i = 0; i < n; i++)
			printf(" %0*llx", width * 2,
			       (unsigned long long)read_item(p + i * width, width));
		for (int i = n; i < linelen; i++)
			printf(" %*s", width * 2, "");
		for (int i = 0; i < n * width && k < 32; i++) {
			u8 c = p[i];

			ascii[k++] = (c >= 0x20 && c < 0x7f) ? c : '.';
		}
		ascii[k] = '\0';
		printf("  %s\n", ascii);	/* 2 spaces, as U-Boot since 2021.10 */
		p += n * width;
		addr += n * width;
		count -= n;
	}
}
