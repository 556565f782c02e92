// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * NOR flash (UCLASS_FLASH): parallel CFI flash with the Intel command set,
 * as QEMU's virt machine has (drivers/mtd/). Offsets are from the start of
 * the device's first 'reg' window; its windows are contiguous.
 *
 * NOR flash only clears bits when it programs: an area is erased (every
 * byte 0xff), one erase block at a time, before it is written; writing
 * over programmed bytes ANDs the new value in.
 */
#ifndef __FLASH_H
#define __FLASH_H

#include <types.h>

struct udevice;

/** struct flash_info - what the device said about itself (CFI query) */
struct flash_info {
	u64 size;		/* bytes, all windows together */
	u32 erase_size;		/* bytes of one erase block, all lanes */
	u32 bank_width;		/* bytes per bus access (DT bank-width) */
};

/**
 * flash_get_by_addr() - the flash device whose windows hold physical
 * address @addr, probed
 * @offp: receives @addr's offset in that device
 * Return: 0, -ENODEV when no flash device covers it, or the probe error
 */
int flash_get_by_addr(phys_addr_t addr, struct udevice **devp, u64 *offp);

/** flash_get_info() - the geometry found at probe */
const struct flash_info *flash_get_info(struct udevice *dev);

/**
 * flash_read() - copy @len bytes at @off into @buf (read-array mode)
 * Return: 0, -EINVAL outside the device
 */
int flash_read(struct udevice *dev, u64 off, void *buf, size_t len);

/**
 * flash_erase() - erase the blocks covering [@off, @off + @len)
 * @off and @len must be multiples of the erase size.
 * Return: 0, -EINVAL (bad range), -EIO (the device reported an error),
 * -ETIMEDOUT (it never became ready)
 */
int flash_erase(struct udevice *dev, u64 off, u64 len);

/**
 * flash_write() - program @len bytes from @buf at @off, word by word,
 * and read them back
 * @off and @len must be multiples of the bank width.
 * Return: 0, -EINVAL, -EIO (error status, or a word read back wrong:
 * programming only clears bits), -ETIMEDOUT
 */
int flash_write(struct udevice *dev, u64 off, const void *buf, size_t len);

/*
 * For drivers (drivers/mtd/). The functions above take a probed device
 * (flash_get_by_addr() gives one): on another, flash_get_info() returns
 * NULL and the others -EINVAL.
 */

/* Most 'reg' windows one flash device may have */
#define FLASH_MAX_WINDOWS	4

/**
 * struct flash_window - one 'reg' window: a bank of chips of its own
 * @off: where it starts in the device (the windows are contiguous)
 * @size: its size in bytes
 */
struct flash_window {
	u64 off;
	u64 size;
};

/**
 * struct flash_uc_priv - the uclass's data of each probed flash device
 * @info: the geometry; the driver's probe fills it in, and the uclass
 *	checks it after (size is the windows' total)
 * @base: CPU address of the first window
 * @nwin: how many windows
 * @win: the windows, from 'reg' (contiguous: checked before the probe)
 */
struct flash_uc_priv {
	struct flash_info info;
	phys_addr_t base;
	int nwin;
	struct flash_window win[FLASH_MAX_WINDOWS];
};

/**
 * struct flash_ops - what a flash driver implements. The uclass checks
 * every argument against the geometry before calling, and owns the NOR
 * rules: it never asks to set a bit that is 0, skips words that already
 * hold their value, reads every programmed word back and checks that
 * erased blocks read 0xff. Each op logs what went wrong (with the device
 * name, the operation and the offset) and returns a negative errno.
 * @read: copy @len bytes at @off into @buf (any alignment)
 * @erase_block: erase the block at @off (a multiple of info.erase_size)
 * @program: program the bank-width word whose bytes are at @word into
 *	@off (a multiple of the bank width); only clears bits
 */
struct flash_ops {
	int (*read)(struct udevice *dev, u64 off, void *buf, size_t len);
	int (*erase_block)(struct udevice *dev, u64 off);
	int (*program)(struct udevice *dev, u64 off, const u8 *word);
};

#endif
