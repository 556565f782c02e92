// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The arm64 Image header and where the image may run. The boot protocol
 * asks for the image at text_offset from a 2 MiB aligned base, with
 * image_size bytes free from its start; with flags bit 3 clear, that base
 * should be as close as possible to the start of RAM.
 */
#include <boot.h>
#include <byteorder.h>
#include <errno.h>
#include <global_data.h>
#include <memmap.h>
#include <string.h>

int linux_image_parse(const void *hdr, u64 len, struct linux_image *imgp)
{
	struct linux_image_header h;

	if (len && len < sizeof(h))
		return -ENOEXEC;
	memcpy(&h, hdr, sizeof(h));
	if (le32_to_cpu(h.magic) != LINUX_ARM64_MAGIC)
		return -ENOEXEC;
	imgp->text_offset = le64_to_cpu(h.text_offset);
	imgp->image_size = le64_to_cpu(h.image_size);
	imgp->flags = le64_to_cpu(h.flags);
	if (imgp->flags & LINUX_FLAG_BE)
		return -EINVAL;
	if (!imgp->image_size) {
		/* Before Linux 3.17: text_offset 0x80000, size not recorded */
		imgp->text_offset = LINUX_OLD_TEXT_OFFSET;
		if (!len)
			return -EINVAL;
		imgp->image_size = len;
	}
	if (imgp->text_offset >= LINUX_TEXT_ALIGN ||
	    imgp->image_size > (1ULL << 40))
		return -EINVAL;
	return 0;
}

int boot_find_room(u64 size, u64 align, u64 offset,
		   const struct boot_region *avoid, int n_avoid,
		   phys_addr_t *addrp)
{
	phys_addr_t end = gd->ram_base + gd->ram_size;
	phys_addr_t base = (gd->ram_base + align - 1) & ~(align - 1);

	for (; base + offset + size <= end; base += align) {
		phys_addr_t addr = base + offset;
		bool busy = mem_check_load(addr, size) != 0;

		for (int i = 0; i < n_avoid && !busy; i++)
			busy = boot_overlaps(addr, size, avoid[i].start,
					avoid[i].size);
		if (!busy) {
			*addrp = addr;
			return 0;
		}
	}
	return -ENOSPC;
}
