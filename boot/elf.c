// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ELF images, as bootelf loads them: the headers read from an image that
 * may be damaged or hostile, every offset and size checked against the
 * image before anything is written anywhere (include/elf.h).
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* [@off, @off + @size) lies in the first @len bytes; @end its end */
static bool inside(u64 off, u64 size, u64 len, u64 *end)
{
	if (off > len || size > len - off)
		return false;
	*end = off + size;
	return true;
}

/* The table of @num entries of @entsize (at least @min) at @off */
static int table_ok(const char *who, const char *what, u64 off, u16 num,
		    u16 entsize, size_t min, u64 len, u64 *extent)
{
	u64 end;

	if (entsize < min) {
		printf("%s: the ELF %s headers are %u bytes, fewer than %zu\n",
		       who, what, entsize, min);
		return -EINVAL;
	}
	if (!inside(off, (u64)num * entsize, len, &end)) {
		printf("%s: the ELF %s headers (%u at 0x%llx) run past the image\n",
		       who, what, num, (unsigned long long)off);
		return -EINVAL;
	}
	if (end > *extent)
		*extent = end;
	return 0;
}

/* One piece, checked: its data inside the image, its place addressable */
static int add_piece(const char *who, struct elf_load *ld, const char *what,
		     int idx, u64 dest, u64 off, u64 filesz, u64 memsz,
		     u64 len)
{
	struct elf_piece *p;
	u64 end = 0;

	if (!memsz)
		return 0;
	if (filesz > memsz) {
		printf("%s: ELF %s %d has more bytes in the file (0x%llx) than in memory (0x%llx)\n",
		       who, what, idx, (unsigned long long)filesz,
		       (unsigned long long)memsz);
		return -EINVAL;
	}
	if (filesz && !inside(off, filesz, len, &end)) {
		printf("%s: ELF %s %d (0x%llx bytes at 0x%llx) runs past the image\n",
		       who, what, idx, (unsigned long long)filesz,
		       (unsigned long long)off);
		return -EINVAL;
	}
	if (dest > ~0ULL - (memsz - 1)) {
		printf("%s: ELF %s %d at 0x%llx runs past the end of the address space\n",
		       who, what, idx, (unsigned long long)dest);
		return -EINVAL;
	}
	if (ld->n == ELF_MAX_PIECES) {
		printf("%s: the ELF image loads more than %d pieces\n", who,
		       ELF_MAX_PIECES);
		return -E2BIG;
	}
	if (filesz && end > ld->extent)
		ld->extent = end;
	p = &ld->piece[ld->n++];
	p->dest = dest;
	p->off = off;
	p->filesz = filesz;
	p->memsz = memsz;
	return 0;
}

static int by_segments(const char *who, const u8 *img, u64 len,
		       const struct elf64_ehdr *eh, struct elf_load *ld)
{
	int ret = table_ok(who, "program", eh->e_phoff, eh->e_phnum,
			   eh->e_phentsize, sizeof(struct elf64_phdr), len,
			   &ld->extent);

	for (int i = 0; !ret && i < eh->e_phnum; i++) {
		struct elf64_phdr ph;

		memcpy(&ph, img + eh->e_phoff + (u64)i * eh->e_phentsize,
		       sizeof(ph));
		if (ph.p_type == PT_LOAD)
			ret = add_piece(who, ld, "segment", i, ph.p_paddr,
					ph.p_offset, ph.p_filesz, ph.p_memsz,
					len);
	}
	return ret;
}

static int by_sections(const char *who, const u8 *img, u64 len,
		       const struct elf64_ehdr *eh, struct elf_load *ld)
{
	int ret = table_ok(who, "section", eh->e_shoff, eh->e_shnum,
			   eh->e_shentsize, sizeof(struct elf64_shdr), len,
			   &ld->extent);

	for (int i = 0; !ret && i < eh->e_shnum; i++) {
		struct elf64_shdr sh;
		bool nobits;

		memcpy(&sh, img + eh->e_shoff + (u64)i * eh->e_shentsize,
		       sizeof(sh));
		if (!(sh.sh_flags & SHF_ALLOC))
			continue;
		nobits = sh.sh_type == SHT_NOBITS;
		ret = add_piece(who, ld, "section", i, sh.sh_addr, sh.sh_offset,
				nobits ? 0 : sh.sh_size, sh.sh_size, len);
	}
	return ret;
}

int elf_parse(const char *who, const void *img, u64 len, bool sections,
	      struct elf_load *ld)
{
	struct elf64_ehdr eh;
	int ret;

	memset(ld, 0, sizeof(*ld));
	if (len < 4 || memcmp(img, ELF_MAGIC, 4))
		return -ENOEXEC;
	if (len < sizeof(eh)) {
		printf("%s: the ELF header runs past the image (%llu bytes)\n",
		       who, (unsigned long long)len);
		return -ENODATA;
	}
	memcpy(&eh, img, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		printf("%s: an ELF image of class %u, byte order %u: Ember runs 64-bit (2) little-endian (1) ones\n",
		       who, eh.e_ident[EI_CLASS], eh.e_ident[EI_DATA]);
		return -ENOEXEC;
	}
	if (eh.e_machine != EM_AARCH64) {
		printf("%s: the ELF image is for machine %u, not arm64 (%u)\n",
		       who, eh.e_machine, EM_AARCH64);
		return -ENOEXEC;
	}
	if (eh.e_type != ET_EXEC) {
		printf("%s: the ELF image is of type %u, not an executable (%u): bootelf does not relocate\n",
		       who, eh.e_type, ET_EXEC);
		return -ENOEXEC;
	}
	ld->extent = sizeof(eh);
	ret = sections ? by_sections(who, img, len, &eh, ld) :
			 by_segments(who, img, len, &eh, ld);
	if (ret)
		return ret;
	if (!ld->n) {
		printf("%s: the ELF image has no %s to load\n", who,
		       sections ? "allocated section" : "PT_LOAD segment");
		return -EINVAL;
	}
	for (int i = 0; i < ld->n; i++) {
		const struct elf_piece *p = &ld->piece[i];

		if (eh.e_entry >= p->dest && eh.e_entry - p->dest < p->memsz) {
			if (eh.e_entry & 3) {
				printf("%s: the ELF entry point 0x%llx is not 4-byte aligned, as code must be\n",
				       who, (unsigned long long)eh.e_entry);
				return -EINVAL;
			}
			ld->entry = eh.e_entry;
			return 0;
		}
	}
	printf("%s: the ELF entry point 0x%llx is in nothing the image loads\n",
	       who, (unsigned long long)eh.e_entry);
	return -EINVAL;
}
