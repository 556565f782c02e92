// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * bootelf [-p|-s] [-d fdt_addr] [image_addr [arg ...]], as U-Boot's: load
 * an ELF image's segments (or sections) where its headers say, then call
 * its entry point as go does. Every piece is checked before any is copied
 * (boot/elf.c, then the memory map here).
 */
#include <asm/io.h>
#include <boot.h>
#include <command.h>
#include <elf.h>
#include <env.h>
#include <errno.h>
#include <fdt_valid.h>
#include <image.h>
#include <libfdt.h>
#include <memmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether [a, a + alen) and [b, b + blen) meet */
static bool overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/*
 * Each piece may be written to, and none over the image or the DT; the
 * DT (fixed up before the pieces are copied) not over the image either
 */
static int check_pieces(const struct elf_load *ld, phys_addr_t img,
			phys_addr_t fdt, u64 fdt_len)
{
	if (fdt_len && overlap(fdt, fdt_len, img, ld->extent)) {
		printf("bootelf: the device tree at 0x%llx..0x%llx lies in the ELF image at 0x%llx..0x%llx\n",
		       (unsigned long long)fdt,
		       (unsigned long long)(fdt + fdt_len - 1),
		       (unsigned long long)img,
		       (unsigned long long)(img + ld->extent - 1));
		return -EBUSY;
	}
	for (int i = 0; i < ld->n; i++) {
		const struct elf_piece *p = &ld->piece[i];
		int ret = mem_check_load(p->dest, p->memsz);

		if (ret) {
			mem_report("bootelf", p->dest, p->memsz, ret);
			return ret;
		}
		if (overlap(p->dest, p->memsz, img, ld->extent)) {
			printf("bootelf: 0x%llx..0x%llx would overwrite the ELF image at 0x%llx..0x%llx before it is read: load the image elsewhere\n",
			       (unsigned long long)p->dest,
			       (unsigned long long)(p->dest + p->memsz - 1),
			       (unsigned long long)img,
			       (unsigned long long)(img + ld->extent - 1));
			return -EBUSY;
		}
		if (fdt_len && overlap(p->dest, p->memsz, fdt, fdt_len)) {
			printf("bootelf: 0x%llx..0x%llx would overwrite the device tree at 0x%llx\n",
			       (unsigned long long)p->dest,
			       (unsigned long long)(p->dest + p->memsz - 1),
			       (unsigned long long)fdt);
			return -EBUSY;
		}
	}
	return 0;
}

/* -d: the DT at @fdt, valid and where it may be written: its size */
static int fdt_check(phys_addr_t fdt, u64 *sizep)
{
	const void *blob = fdt_valid_at(fdt);
	int ret;

	if (!blob) {
		printf("bootelf: no valid device tree at 0x%llx\n",
		       (unsigned long long)fdt);
		return -EINVAL;
	}
	*sizep = fdt_totalsize(blob);
	ret = mem_check_load(fdt, *sizep);
	if (ret)
		mem_report("bootelf", fdt, *sizep, ret);
	return ret;
}

/*
 * -d: the fix-ups booti makes (bootargs, /memory, the seeds), in place:
 * within the DT's own size when it has room, else grown by
 * BOOT_FDT_EXTRA bytes (said), where nothing else of the boot lies
 */
static int fdt_setup(phys_addr_t fdt, u64 size, const struct elf_load *ld,
		     phys_addr_t img)
{
	struct boot_fdt_args args = {
		.bootargs = env_get("bootargs"),
		.seed = true,
	};
	u64 grown = size + BOOT_FDT_EXTRA;
	void *blob = map_sysmem(fdt, grown);
	int ret = boot_fdt_fixup(blob, &args);

	if (ret == -ENOSPC) {
		ret = mem_check_load(fdt, grown);
		if (ret) {
			mem_report("bootelf", fdt, grown, ret);
			return ret;
		}
		ret = check_pieces(ld, img, fdt, grown);
		if (ret)
			return ret;
		printf("bootelf: the device tree at 0x%llx grows to 0x%llx bytes for its fix-ups\n",
		       (unsigned long long)fdt, (unsigned long long)grown);
		ret = fdt_open_into(blob, blob, grown);
		if (ret) {
			printf("bootelf: the device tree at 0x%llx: %s\n",
			       (unsigned long long)fdt, fdt_strerror(ret));
			return -EINVAL;
		}
		ret = boot_fdt_fixup(blob, &args);
	}
	if (ret)
		printf("bootelf: fixing up the device tree failed: %d (%s)\n",
		       ret, errno_str(ret));
	return ret;
}

static int do_bootelf(struct cmd_tbl *cmdtp, int flag, int argc,
		      char *const argv[])
{
	bool sections = true, has_fdt = false;
	ulong addr, fdt = 0;
	struct elf_load *ld;
	u64 fdt_size = 0;
	const u8 *img;
	size_t avail;
	int ret;

	for (argc--, argv++; argc && argv[0][0] == '-'; argc--, argv++) {
		if (!strcmp(argv[0], "-p")) {
			sections = false;
		} else if (!strcmp(argv[0], "-s")) {
			sections = true;
		} else if (!strcmp(argv[0], "-d") && argc > 1) {
			if (cmd_parse_ulong(argv[1], 16, "bootelf", &fdt))
				return CMD_RET_FAILURE;
			has_fdt = true;
			argc--;
			argv++;
		} else {
			return CMD_RET_USAGE;
		}
	}
	if (!argc)
		addr = image_load_addr();
	else if (cmd_parse_ulong(argv[0], 16, "bootelf", &addr))
		return CMD_RET_FAILURE;
	/* The program gets the arguments after the address, as U-Boot's */
	if (argc) {
		argc--;
		argv++;
	}
	img = image_map(addr, "bootelf", &avail);
	if (!img)
		return CMD_RET_FAILURE;
	/* Said as U-Boot says it; elf_parse() says what else is wrong */
	if (memcmp(img, ELF_MAGIC, 4)) {
		printf("## No elf image at address 0x%08lx\n", addr);
		return CMD_RET_FAILURE;
	}
	if (has_fdt && fdt_check(fdt, &fdt_size))
		return CMD_RET_FAILURE;
	ld = malloc(sizeof(*ld));
	if (!ld) {
		puts("bootelf: out of memory\n");
		return CMD_RET_FAILURE;
	}
	ret = elf_parse("bootelf", img, avail, sections, ld);
	if (!ret)
		ret = check_pieces(ld, addr, fdt, fdt_size);
	if (!ret && has_fdt)
		ret = fdt_setup(fdt, fdt_size, ld, addr);
	if (ret) {
		free(ld);
		return CMD_RET_FAILURE;
	}
	for (int i = 0; i < ld->n; i++) {
		const struct elf_piece *p = &ld->piece[i];
		u8 *dest = map_sysmem(p->dest, p->memsz);

		memmove(dest, img + p->off, p->filesz);
		memset(dest + p->filesz, 0, p->memsz - p->filesz);
	}
	addr = ld->entry;
	free(ld);
	return go_exec("bootelf", false, addr, argc, argv);
}

EMBER_CMD(bootelf, CONFIG_SYS_MAXARGS, do_bootelf,
	  "Boot from an ELF image in memory",
	  "[-p|-s] [-d fdt_addr] [image_addr [arg ...]]\n"
	  "    - load the ELF image at image_addr (default: the last file\n"
	  "      loaded, else $loadaddr) and start it, passing the args\n"
	  "\t-p: by its program headers\n"
	  "\t-s: by its section headers (the default)\n"
	  "\t-d: fix up the device tree at fdt_addr as booti does");
