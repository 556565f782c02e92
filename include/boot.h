// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Booting an arm64 Linux kernel (booti): the Image header, placing the
 * image, the kernel's device tree, and the architecture's jump.
 * The rules come from the arm64 boot protocol (Linux's
 * Documentation/arch/arm64/booting.rst).
 */
#ifndef __BOOT_H
#define __BOOT_H

#include <compiler.h>
#include <types.h>

/* Image header: 64 bytes at the start of an arm64 kernel Image */
#define LINUX_ARM64_MAGIC	0x644d5241	/* "ARM\x64" at offset 0x38 */
#define LINUX_TEXT_ALIGN	0x200000	/* 2 MiB */
#define LINUX_FLAG_BE		BIT(0)		/* kernel is big-endian */
#define LINUX_FLAG_ANYWHERE	BIT(3)		/* base need not be near RAM start */
#define LINUX_OLD_TEXT_OFFSET	0x80000		/* image_size == 0: pre-3.17 */

/**
 * struct linux_image_header - the fields Ember reads (all little-endian)
 */
struct linux_image_header {
	u32 code0;
	u32 code1;
	u64 text_offset;
	u64 image_size;
	u64 flags;
	u64 res2;
	u64 res3;
	u64 res4;
	u32 magic;
	u32 res5;
};

/**
 * struct boot_region - a range of physical memory that must be avoided
 * @what: what is there, for messages ("the initrd"), or NULL
 */
struct boot_region {
	phys_addr_t start;
	u64 size;
	const char *what;
};

/**
 * struct linux_image - what the header says about an Image
 * @text_offset: offset of the image from a 2 MiB aligned base
 * @image_size: bytes the kernel needs from its start (text, data, bss)
 * @flags: header flags (LINUX_FLAG_*)
 */
struct linux_image {
	u64 text_offset;
	u64 image_size;
	u64 flags;
};

/**
 * linux_image_parse() - check an Image header and read its fields
 * @hdr: the first 64 bytes of the image
 * @len: bytes available (the file size, or 0 when not known)
 * @imgp: the fields, with image_size filled in for old kernels
 * Return: 0; -ENOEXEC for a bad magic number, -EINVAL for a big-endian
 * kernel or a header whose fields make no sense
 */
int linux_image_parse(const void *hdr, u64 len, struct linux_image *imgp);

/** boot_overlaps() - whether two ranges share a byte (empty ones none) */
static inline bool boot_overlaps(phys_addr_t a, u64 alen, phys_addr_t b,
				 u64 blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/** boot_in_the_way() - the first of @avoid that [@addr, +@len) overlaps */
const struct boot_region *boot_in_the_way(phys_addr_t addr, u64 len,
					  const struct boot_region *avoid,
					  int n);

/**
 * boot_room() - the room from @addr up to the first thing in the way:
 * what @avoid lists, Ember, the control DT, the end of RAM; at most
 * 256 MiB (what a kernel inflates to). @stopp: what ends it.
 */
u64 boot_room(phys_addr_t addr, const struct boot_region *avoid, int n,
	      const char **stopp);

/**
 * boot_find_room() - the lowest address @addr, in RAM, with
 * (@addr - @offset) aligned to @align, where [@addr, @addr + @size) is
 * free for a load (mem_check_load()) and overlaps none of @avoid
 * Return: 0 and *@addrp; -ENOSPC when there is no such place
 */
int boot_find_room(u64 size, u64 align, u64 offset,
		   const struct boot_region *avoid, int n_avoid,
		   phys_addr_t *addrp);

/**
 * struct boot_fdt_args - what the kernel's DT is told
 * @bootargs: /chosen/bootargs, or NULL to leave it alone
 * @initrd_start/@initrd_end: the initrd, or both 0 for none
 * @seed: add /chosen/rng-seed and /chosen/kaslr-seed from the first RNG
 */
struct boot_fdt_args {
	const char *bootargs;
	phys_addr_t initrd_start;
	phys_addr_t initrd_end;
	bool seed;
};

/**
 * boot_fdt_fixup() - edit a kernel DT (which must have room: see
 * BOOT_FDT_EXTRA) for @args: /chosen/bootargs, linux,initrd-*, /memory
 * for Ember's RAM bank, the seeds. A missing or failing RNG is a warning.
 * Return: 0, or a libfdt error turned into -ENOSPC/-EINVAL
 */
int boot_fdt_fixup(void *fdt, const struct boot_fdt_args *args);

/* Room added to a DT for the fix-ups (bootargs, seeds, memory, initrd) */
#define BOOT_FDT_EXTRA		0x4000

/**
 * boot_fdt_seed() - write @name (rng-seed or kaslr-seed) of @len bytes
 * from the first RNG device into /chosen
 * Return: 0; -ENODEV with no RNG device; the RNG's error; -ENOSPC when
 * the DT has no room
 */
int boot_fdt_seed(void *fdt, const char *name, int len);

/* A gzip stream's header and trailer: 10 and 8 bytes */
#define GZIP_MIN_LEN	18
/* gzwrite's buffer at most: it comes from the heap */
#define GZWRITE_WBUF_MAX	0x1000000

/** boot_is_gzip() - does @buf start with the gzip magic (1f 8b)? */
bool boot_is_gzip(const void *buf, size_t len);

/**
 * boot_gunzip() - decompress the gzip stream at @src into @dst
 * @out_lenp: bytes written, also on failure
 * Return: 0; -ENOSPC when @dst_len was too small, -ENODATA when the input
 * ended early (truncated), -EBADMSG for corrupt data or a bad CRC/length,
 * -ENOMEM, -EINVAL for a bad gzip header
 */
int boot_gunzip(void *dst, size_t dst_len, const void *src, size_t src_len,
		size_t *out_lenp);

/**
 * boot_gunzip_report() - say why boot_gunzip() failed with @err for @what
 * ("the kernel") inflated at @at by command @who; @stop and @room: what
 * ended the room it had (for -ENOSPC)
 */
void boot_gunzip_report(const char *who, const char *what, phys_addr_t at,
			int err, const char *stop, u64 room);

struct udevice;

/**
 * gzip_write_blk() - gzwrite: inflate the gzip stream at @src (@len bytes)
 * onto block device @blk (@name in messages: "virtio 0") from byte @offs,
 * a block boundary, through a buffer of @wbuf bytes (a multiple of the
 * block size), then flush it. @want is the size it must inflate to (0:
 * what the gzip trailer says). Bytes after the image in its last block
 * are kept. Everything is checked before the first write: the header,
 * the buffer, the offset, and that @want fits on the device; a stream
 * that turns out corrupt or truncated stops there, said, with the blocks
 * before it written. Prints progress and the outcome as U-Boot's gzwrite.
 * Return: 0; -EINVAL, -ERANGE, -ENOSPC (before writing); -EBADMSG,
 * -EOVERFLOW, -EINTR, -ENOMEM, the device's error
 */
int gzip_write_blk(struct udevice *blk, const char *name, const void *src,
		   size_t len, u64 wbuf, u64 offs, u64 want);

/**
 * arch_boot_linux() - quiesce the devices and enter the kernel: MMU off,
 * caches cleaned, interrupts masked, x0 = @fdt, x1..x3 = 0, at the
 * current EL (EL2 or EL1). Does not return on aarch64. On sandbox it
 * prints what it would do and returns 0, so tests can inspect the DT.
 */
int arch_boot_linux(phys_addr_t entry, phys_addr_t fdt);

/**
 * arch_go() - call the program at @entry as a C function of (@argc,
 * @argv), after making what was written there visible to instruction
 * fetches; what it returns in *@rcp. It runs on Ember's stack with the
 * MMU, caches and devices as they are.
 * Return: 0, or -ENOSYS where no code can run from RAM (sandbox)
 */
int arch_go(phys_addr_t entry, int argc, char *const argv[], ulong *rcp);

/**
 * go_exec() - U-Boot's "## Starting application at ..." line, arch_go(),
 * then "## Application terminated, rc = ..." (cmd/boot.c: go, bootelf)
 * @who: the command, for the message when no code can run
 * @upper: hex digits in upper case, as U-Boot's go prints them (its
 *	bootelf: lower case)
 * Return: CMD_RET_SUCCESS when the program returned 0, else
 * CMD_RET_FAILURE
 */
int go_exec(const char *who, bool upper, ulong entry, int argc,
	    char *const argv[]);

/**
 * booti() - prepare and boot an Image (or Image.gz) at @kernel
 * @initrd/@initrd_size: the initrd, @initrd_size 0 for none
 * @fdt: the DT to give the kernel (copied and fixed up); 0: the control DT
 * Return: only on failure (or on sandbox), 0 or a negative errno after
 * printing the reason
 */
int booti(phys_addr_t kernel, phys_addr_t initrd, u64 initrd_size,
	  phys_addr_t fdt);

/**
 * struct bootm_arg - one of bootm's three arguments (kernel, ramdisk,
 * fdt), parsed
 * @given: it was given (else the kernel's FIT configuration decides)
 * @none: it was '-'
 * @addr: its address, the default filled in where it had none
 * @conf: after '#': a FIT configuration, or NULL
 * @sub: after ':': a FIT image's name, or a raw initrd's size (hex)
 */
struct bootm_arg {
	bool given, none;
	phys_addr_t addr;
	const char *conf, *sub;
};

/**
 * bootm() - boot the kernel, ramdisk and DT that @args name in legacy
 * images or FITs, each shown and verified first (boot/bootm.c)
 * Return: as booti()
 */
int bootm(const struct bootm_arg args[3]);

#endif
