// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ELF images as bootelf reads them (elf_parse()): the ELF header, the
 * program or section headers, each piece's place in the image and in
 * memory, the entry point. Whatever the image, the parser reads only
 * inside it, and what it accepts is self-consistent: every piece's bytes
 * inside the image and within what it said it read, its memory range not
 * wrapping, the entry inside a piece.
 *
 * Input: a flags byte (bit 0: by the section headers), then the image.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct elf_load ld;
	bool in_piece = false;
	size_t len;
	u8 *buf;

	fuzz_init();
	if (size < 1)
		return 0;
	len = size - 1;
	/* An exact-size copy: ASan sees any read past the image */
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, len);
	if (!elf_parse("fuzz", buf, len, data[0] & 1, &ld)) {
		if (ld.n < 1 || ld.n > ELF_MAX_PIECES || ld.extent > len)
			fuzz_fail();
		for (int i = 0; i < ld.n; i++) {
			const struct elf_piece *p = &ld.piece[i];

			if (!p->memsz || p->filesz > p->memsz ||
			    p->dest + (p->memsz - 1) < p->dest)
				fuzz_fail();
			if (p->filesz && (p->off > ld.extent ||
					  p->filesz > ld.extent - p->off))
				fuzz_fail();
			in_piece |= ld.entry >= p->dest &&
				    ld.entry - p->dest < p->memsz;
		}
		if (!in_piece)
			fuzz_fail();
	}
	free(buf);
	return 0;
}
