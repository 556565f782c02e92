// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * booti: check an arm64 Image, put it where the boot protocol lets it run,
 * build the kernel's DT next to it and hand over through the architecture.
 */
#include <asm/io.h>
#include <boot.h>
#include <env.h>
#include <errno.h>
#include <fdt_valid.h>
#include <global_data.h>
#include <libfdt.h>
#include <memmap.h>
#include <stdio.h>
#include <string.h>

#define DT_ALIGN	0x1000

static bool region_free(phys_addr_t addr, u64 size,
			const struct boot_region *avoid, int n)
{
	if (mem_check_load(addr, size))
		return false;
	for (int i = 0; i < n; i++)
		if (boot_overlaps(addr, size, avoid[i].start, avoid[i].size))
			return false;
	return true;
}

/* Check the header at @kernel and read it into @img; 0 or errno (printed) */
static int check_image(phys_addr_t kernel, struct linux_image *img)
{
	const struct linux_image_header *h;
	int ret;

	ret = mem_check_read(kernel, sizeof(*h));
	if (ret) {
		mem_report("booti", kernel, sizeof(*h), ret);
		return ret;
	}
	h = map_sysmem(kernel, sizeof(*h));
	ret = linux_image_parse(h, 0, img);
	if (ret == -ENOEXEC)
		printf("booti: bad Linux arm64 Image magic at 0x%llx: 0x%08x, expected 0x%08x\n",
		       (unsigned long long)kernel, h->magic,
		       LINUX_ARM64_MAGIC);
	else if (ret)
		printf("booti: unsupported Image at 0x%llx (big-endian, pre-3.17 or bad size)\n",
		       (unsigned long long)kernel);
	return ret;
}

const struct boot_region *boot_in_the_way(phys_addr_t addr, u64 len,
					  const struct boot_region *avoid,
					  int n)
{
	for (int i = 0; i < n; i++)
		if (boot_overlaps(addr, len, avoid[i].start, avoid[i].size))
			return &avoid[i];
	return NULL;
}

static void report_clash(const char *what, phys_addr_t addr, u64 len,
			 const char *verb, const struct boot_region *r)
{
	printf("booti: %s (0x%llx..0x%llx) %s %s (0x%llx..0x%llx)\n",
	       what, (unsigned long long)addr,
	       (unsigned long long)(addr + len - 1), verb, r->what,
	       (unsigned long long)r->start,
	       (unsigned long long)(r->start + r->size - 1));
}

u64 boot_room(phys_addr_t kernel, const struct boot_region *avoid, int n,
	      const char **stopp)
{
	u64 room = mem_load_room(kernel, stopp);

	if (room > 256 << 20) {
		room = 256 << 20;
		*stopp = "the 256 MiB limit";
	}
	for (int i = 0; i < n; i++) {
		u64 gap = avoid[i].start > kernel ? avoid[i].start - kernel : 0;

		/* One at or below the kernel that reaches it: no room */
		if (!gap && kernel - avoid[i].start >= avoid[i].size)
			continue;
		if (gap < room) {
			room = gap;
			*stopp = avoid[i].what;
		}
	}
	return room;
}

/*
 * Image.gz at @kernel: copy kernel_comp_size bytes of it to
 * kernel_comp_addr_r and inflate them back to @kernel, up to the first
 * thing in the way. Nothing in @avoid (what booti was given) is written:
 * the copy must clear it, and the inflated kernel stops short of it.
 */
static int unpack_kernel(phys_addr_t kernel, struct boot_region *avoid,
			 int n)
{
	phys_addr_t comp = env_get_hex("kernel_comp_addr_r", 0);
	u64 comp_size = env_get_hex("kernel_comp_size", 0);
	const struct boot_region *r;
	const char *stop;
	size_t out;
	u64 room;
	int ret;

	if (!comp || !comp_size) {
		printf("booti: compressed kernel: set kernel_comp_addr_r and kernel_comp_size\n");
		return -EINVAL;
	}
	ret = mem_check_read(kernel, comp_size);
	if (ret) {
		mem_report("booti: compressed kernel", kernel, comp_size, ret);
		return ret;
	}
	ret = mem_check_load(comp, comp_size);
	if (ret) {
		mem_report("booti: kernel_comp_addr_r", comp, comp_size, ret);
		return ret;
	}
	r = boot_in_the_way(comp, comp_size, avoid, n);
	if (r || boot_overlaps(comp, comp_size, kernel, 1)) {
		report_clash("the compressed kernel's copy at kernel_comp_addr_r",
			     comp, comp_size, "would overwrite",
			     r ? r : &(struct boot_region){ kernel, 1,
							    "the kernel" });
		return -EBUSY;
	}
	avoid[n] = (struct boot_region){ comp, comp_size,
					 "the compressed kernel's copy" };
	room = boot_room(kernel, avoid, n + 1, &stop);
	memmove(map_sysmem(comp, comp_size), map_sysmem(kernel, comp_size),
		comp_size);
	ret = mem_check_load(kernel, room);
	if (!ret)
		ret = boot_gunzip(map_sysmem(kernel, room), room,
				  map_sysmem(comp, comp_size), comp_size, &out);
	/*
	 * A failure leaves the kernel as it was given (only the room was
	 * written), so that a second try, or another command, finds it
	 */
	if (ret && !mem_check_load(kernel, min(room, comp_size)))
		memmove(map_sysmem(kernel, min(room, comp_size)),
			map_sysmem(comp, comp_size), min(room, comp_size));
	if (ret) {
		boot_gunzip_report("booti", "the kernel", kernel, ret, stop,
				   room);
		return ret;
	}
	printf("   Uncompressed kernel: %zu bytes at 0x%llx\n", out,
	       (unsigned long long)kernel);
	return 0;
}

/* Decide where the kernel runs and move it there; 0 or errno (printed) */
static int place_kernel(phys_addr_t kernel, const struct linux_image *img,
			const struct boot_region *avoid, int n,
			phys_addr_t *entryp)
{
	phys_addr_t dest;
	int ret;

	/*
	 * flags bit 3 set: any 2 MiB aligned base will do, so an image
	 * already at one runs in place. Clear: the base should be as close
	 * to the start of RAM as possible, so take the lowest free one.
	 */
	if ((img->flags & LINUX_FLAG_ANYWHERE) &&
	    ((kernel - img->text_offset) & (LINUX_TEXT_ALIGN - 1)) == 0 &&
	    region_free(kernel, img->image_size, avoid, n)) {
		*entryp = kernel;
		return 0;
	}
	ret = boot_find_room(img->image_size, LINUX_TEXT_ALIGN,
			     img->text_offset, avoid, n, &dest);
	if (!ret && dest == kernel) {
		*entryp = kernel;
		return 0;
	}
	if (ret) {
		printf("booti: no room for the kernel (0x%llx bytes at a 2 MiB boundary + 0x%llx) clear of the initrd, the DT and Ember\n",
		       (unsigned long long)img->image_size,
		       (unsigned long long)img->text_offset);
		return ret;
	}
	ret = mem_check_read(kernel, img->image_size);
	if (ret) {
		mem_report("booti", kernel, img->image_size, ret);
		return ret;
	}
	printf("   Moving Image from 0x%llx to 0x%llx, end=0x%llx\n",
	       (unsigned long long)kernel, (unsigned long long)dest,
	       (unsigned long long)(dest + img->image_size));
	memmove(map_sysmem(dest, img->image_size),
		map_sysmem(kernel, img->image_size), img->image_size);
	*entryp = dest;
	return 0;
}

/* Copy the source DT to a free place, with room, and fix it up */
static int build_fdt(phys_addr_t src, const struct boot_fdt_args *args,
		     const struct boot_region *avoid, int n, phys_addr_t *dtp)
{
	const void *fdt;
	phys_addr_t dest;
	u64 size;
	int ret;

	fdt = fdt_valid_at(src);
	if (!fdt) {
		printf("booti: no valid device tree at 0x%llx\n",
		       (unsigned long long)src);
		return -EINVAL;
	}
	size = (fdt_totalsize(fdt) + BOOT_FDT_EXTRA + DT_ALIGN - 1) &
		~(u64)(DT_ALIGN - 1);
	dest = env_get_hex("fdt_addr_r", 0);
	if (!dest || (dest & 7) || !region_free(dest, size, avoid, n)) {
		ret = boot_find_room(size, DT_ALIGN, 0, avoid, n, &dest);
		if (ret) {
			printf("booti: no room for the device tree (0x%llx bytes)\n",
			       (unsigned long long)size);
			return ret;
		}
	}
	ret = fdt_open_into(fdt, map_sysmem(dest, size), size);
	if (ret) {
		printf("booti: copying the device tree failed: %s\n",
		       fdt_strerror(ret));
		return -EINVAL;
	}
	ret = boot_fdt_fixup(map_sysmem(dest, size), args);
	if (ret) {
		printf("booti: fixing up the device tree failed: %d (%s)\n",
		       ret, errno_str(ret));
		return ret;
	}
	*dtp = dest;
	return 0;
}

int booti(phys_addr_t kernel, phys_addr_t initrd, u64 initrd_size,
	  phys_addr_t fdt)
{
	struct boot_fdt_args args = { .seed = true };
	struct boot_region avoid[4] = {};
	struct linux_image img;
	phys_addr_t entry, dt;
	int n = 0, ret;

	/* What was given, checked before anything is written */
	if (initrd_size) {
		ret = mem_check_load(initrd, initrd_size);
		if (ret) {
			mem_report("booti: initrd", initrd, initrd_size, ret);
			return ret;
		}
		avoid[n++] = (struct boot_region){ initrd, initrd_size,
						   "the initrd" };
		args.initrd_start = initrd;
		args.initrd_end = initrd + initrd_size;
	}
	if (fdt) {
		const void *blob = fdt_valid_at(fdt);
		const struct boot_region *r;

		if (!blob) {
			printf("booti: no valid device tree at 0x%llx\n",
			       (unsigned long long)fdt);
			return -EINVAL;
		}
		r = boot_in_the_way(fdt, fdt_totalsize(blob), avoid, n);
		if (r) {
			report_clash("the device tree", fdt,
				     fdt_totalsize(blob), "overlaps", r);
			return -EBUSY;
		}
		avoid[n++] = (struct boot_region){ fdt, fdt_totalsize(blob),
						   "the device tree" };
	} else {
		fdt = map_to_sysmem(gd->fdt_blob);
	}
	if (IS_ENABLED(CONFIG_BOOTI_GZIP) && !mem_check_read(kernel, 2) &&
	    boot_is_gzip(map_sysmem(kernel, 2), 2)) {
		ret = unpack_kernel(kernel, avoid, n);
		if (ret)
			return ret;
	}
	ret = check_image(kernel, &img);
	if (ret)
		return ret;
	ret = place_kernel(kernel, &img, avoid, n, &entry);
	if (ret)
		return ret;
	avoid[n++] = (struct boot_region){ entry, img.image_size, "the kernel" };
	args.bootargs = env_get("bootargs");
	ret = build_fdt(fdt, &args, avoid, n, &dt);
	if (ret)
		return ret;
	printf("## Flattened Device Tree at 0x%llx, kernel at 0x%llx\n",
	       (unsigned long long)dt, (unsigned long long)entry);
	return arch_boot_linux(entry, dt);
}
