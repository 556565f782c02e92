// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Human-readable sizes and hex dumps. */
#include <lib.h>
#include <stdio.h>
#include <string.h>

void print_size(u64 size, const char *suffix)
{
	static const char units[] = "KMGTPE";
	int i = -1;
	u64 whole = size, frac = 0;

	/* Pick the largest unit that keeps the integer part >= 1 */
	while (whole >= 1024 && i < 5) {
		frac = whole % 1024;
		whole /= 1024;
		i++;
	}
	if (i < 0) {
		printf("%llu Bytes%s", (unsigned long long)size, suffix);
		return;
	}
	frac = frac * 10 / 1024;	/* one decimal, truncated */
	if (frac)
		printf("%llu.%llu %ciB%s", (unsigned long long)whole,
		       (unsigned long long)frac, units[i], suffix);
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
