// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The arm64 Image header and finding room for the kernel. */
#include <boot.h>
#include <errno.h>
#include <global_data.h>
#include <string.h>
#include <test/ut.h>

static void make_header(struct linux_image_header *h, u64 text_offset,
			u64 image_size, u64 flags)
{
	memset(h, 0, sizeof(*h));
	h->text_offset = text_offset;
	h->image_size = image_size;
	h->flags = flags;
	h->magic = LINUX_ARM64_MAGIC;
}

static int boot_test_image_parse(struct unit_test_state *uts)
{
	struct linux_image_header h;
	struct linux_image img;

	make_header(&h, 0, 0x200000, 0xa);
	ut_assertok(linux_image_parse(&h, 0, &img));
	ut_asserteq(0, img.text_offset);
	ut_asserteq(0x200000, img.image_size);
	ut_asserteq(0xa, img.flags);

	h.magic = 0x12345678;
	ut_asserteq(-ENOEXEC, linux_image_parse(&h, 0, &img));
	/* Too short to hold a header */
	make_header(&h, 0, 0x200000, 0);
	ut_asserteq(-ENOEXEC, linux_image_parse(&h, 32, &img));
	/* Big-endian kernels are refused */
	make_header(&h, 0, 0x200000, LINUX_FLAG_BE);
	ut_asserteq(-EINVAL, linux_image_parse(&h, 0, &img));
	/* text_offset must be inside the 2 MiB block */
	make_header(&h, 0x200000, 0x200000, 0);
	ut_asserteq(-EINVAL, linux_image_parse(&h, 0, &img));
	/* Old kernels: no image_size, text_offset 0x80000, size from file */
	make_header(&h, 0x1234, 0, 0);
	ut_asserteq(-EINVAL, linux_image_parse(&h, 0, &img));
	ut_assertok(linux_image_parse(&h, 0x300000, &img));
	ut_asserteq(LINUX_OLD_TEXT_OFFSET, img.text_offset);
	ut_asserteq(0x300000, img.image_size);
	return 0;
}
UNIT_TEST(boot_test_image_parse, 0, boot);

static int boot_test_find_room(struct unit_test_state *uts)
{
	struct boot_region avoid[2];
	phys_addr_t addr;

	/* Lowest 2 MiB slot + offset; the control DT is at RAM start */
	ut_assertok(boot_find_room(0x100000, LINUX_TEXT_ALIGN, 0x80000, NULL,
				   0, &addr));
	ut_asserteq(gd->ram_base + 0x80000, addr);
	/* Step over an avoided region */
	avoid[0] = (struct boot_region){ gd->ram_base, 0x400000 };
	avoid[1] = (struct boot_region){ gd->ram_base + 0x480000, 0x1000 };
	ut_assertok(boot_find_room(0x100000, LINUX_TEXT_ALIGN, 0, avoid, 2,
				   &addr));
	ut_asserteq(gd->ram_base + 0x600000, addr);
	/* Never over Ember, never past RAM */
	ut_asserteq(-ENOSPC, boot_find_room(gd->ram_size, LINUX_TEXT_ALIGN, 0,
					    NULL, 0, &addr));
	ut_assertok(boot_find_room(0x1000, 0x1000, 0, NULL, 0, &addr));
	ut_assert(addr + 0x1000 <= gd->reloc_addr ||
		  addr >= gd->reloc_end);
	return 0;
}
UNIT_TEST(boot_test_find_room, 0, boot);
