// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * ELF images for bootelf (boot/elf.c): the 64-bit little-endian layout of
 * the System V ABI's headers, and what Ember takes out of them: the
 * pieces to load and the entry point. Every field comes from a file and
 * is checked before it is used.
 */
#ifndef __ELF_H
#define __ELF_H

#include <types.h>

#define ELF_MAGIC		"\177ELF"
#define ELFCLASS64		2
#define ELFDATA2LSB		1
#define ET_EXEC			2
#define EM_AARCH64		183
#define PT_LOAD			1
#define SHT_NOBITS		8
#define SHF_ALLOC		0x2

/* e_ident's bytes: the class, the byte order */
#define EI_CLASS		4
#define EI_DATA			5

struct elf64_ehdr {
	u8 e_ident[16];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
};

struct elf64_phdr {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
};

struct elf64_shdr {
	u32 sh_name;
	u32 sh_type;
	u64 sh_flags;
	u64 sh_addr;
	u64 sh_offset;
	u64 sh_size;
	u32 sh_link;
	u32 sh_info;
	u64 sh_addralign;
	u64 sh_entsize;
};

/* Pieces one image may load at most */
#define ELF_MAX_PIECES		64

/**
 * struct elf_piece - @filesz bytes from @off in the image to @dest, then
 * zeros up to @memsz
 */
struct elf_piece {
	u64 dest;
	u64 off;
	u64 filesz;
	u64 memsz;
};

/**
 * struct elf_load - what an image loads
 * @piece/@n: the pieces, in the order of their headers
 * @entry: where it starts, inside one of them
 * @extent: the bytes of the image read (headers and data): the image
 *	must not be written over before they are
 */
struct elf_load {
	struct elf_piece piece[ELF_MAX_PIECES];
	int n;
	u64 entry;
	u64 extent;
};

/**
 * elf_parse() - check the ELF image @img of at most @len bytes and list
 * what it loads: its PT_LOAD segments at their physical addresses, or
 * with @sections its SHF_ALLOC sections at their addresses
 * @who: names the command in messages
 * Return: 0; -ENOEXEC when it is no ELF image (quietly: no magic) or not
 * one for arm64 (64-bit, little-endian, an executable); -ENODATA when its
 * header is cut short; -EINVAL when a header is damaged: a field out of
 * the image, a size that does not add up, no piece, an entry outside
 * them or not aligned; -E2BIG for more than ELF_MAX_PIECES pieces. Each
 * error but the first is printed once, here.
 */
int elf_parse(const char *who, const void *img, u64 len, bool sections,
	      struct elf_load *ld);

#endif
