// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * NOR flash uclass (include/flash.h): the device at an address, its 'reg'
 * windows, argument checks, and the NOR rules every driver shares. A bit
 * is never asked to go from 0 to 1 without an erase, words that already
 * hold their value are not programmed again, every programmed word is
 * read back and every erased block must read 0xff. Drivers (cfi_flash.c)
 * only speak their command set: struct flash_ops.
 */
#define LOG_CATEGORY "flash"

#include <dm.h>
#include <flash.h>
#include <string.h>

/*
 * Bytes checked at a time after an erase, and programmed between two
 * read-backs: drivers may keep a bank in status mode from one word program
 * to the next, and a read puts it back in read-array mode
 */
#define CHUNK		512

/*
 * The 'reg' windows of @dev into @uc, with info.size their total: they
 * must be contiguous. Logs what is wrong when @loud.
 */
static int read_windows(struct udevice *dev, struct flash_uc_priv *uc,
			bool loud)
{
	int na, ns, len, n, ret;
	u64 addr, size;

	ret = ofnode_read_cells(dev_ofnode(dev), &na, &ns);
	if (ret || !(na + ns) ||
	    !ofnode_get_property(dev_ofnode(dev), "reg", &len) || !len) {
		if (loud)
			dev_err(dev, "no 'reg' windows\n");
		return -EINVAL;
	}
	n = len / ((na + ns) * 4);
	if (n > FLASH_MAX_WINDOWS) {
		if (loud)
			dev_err(dev, "%d 'reg' windows, at most %d\n", n,
				FLASH_MAX_WINDOWS);
		return -E2BIG;
	}
	uc->info.size = 0;
	for (int i = 0; i < n; i++) {
		ret = dev_read_addr_size_index(dev, i, &addr, &size);
		if (!ret && size > ~0ULL - addr)
			ret = -EOVERFLOW;
		if (ret || !size) {
			if (loud)
				dev_err(dev, "bad 'reg' window %d (%d)\n", i, ret);
			return ret ? ret : -EINVAL;
		}
		if (!i)
			uc->base = addr;
		if (addr != uc->base + uc->info.size) {
			if (loud)
				dev_err(dev, "'reg' windows are not contiguous: window %d at %#llx, window %d ends at %#llx\n",
					i, (unsigned long long)addr, i - 1,
					(unsigned long long)(uc->base + uc->info.size));
			return -EINVAL;
		}
		uc->win[i].off = uc->info.size;
		uc->win[i].size = size;
		uc->info.size += size;
	}
	uc->nwin = n;
	return 0;
}

int flash_get_by_addr(phys_addr_t addr, struct udevice **devp, u64 *offp)
{
	struct flash_uc_priv win;
	struct udevice *dev;
	struct uclass *uc;
	int ret = uclass_get(UCLASS_FLASH, &uc);

	if (ret)
		return ret;
	uclass_foreach_dev(dev, uc) {
		if (read_windows(dev, &win, false) ||
		    addr - win.base >= win.info.size)
			continue;
		ret = device_probe(dev);
		if (ret)
			return ret;
		*devp = dev;
		*offp = addr - win.base;
		return 0;
	}
	return -ENODEV;
}

const struct flash_info *flash_get_info(struct udevice *dev)
{
	struct flash_uc_priv *uc = dev_get_uclass_priv(dev);

	return uc ? &uc->info : NULL;
}

/* [@off, @off + @len) lies inside the device; both multiples of @align */
static bool in_range(const struct flash_uc_priv *uc, u64 off, u64 len,
		     u32 align)
{
	return uc && off <= uc->info.size && len <= uc->info.size - off &&
	       !(off % align) && !(len % align);
}

static const struct flash_ops *ops(struct udevice *dev)
{
	return dev->driver->ops;
}

int flash_read(struct udevice *dev, u64 off, void *buf, size_t len)
{
	if ((!buf && len) || !in_range(dev_get_uclass_priv(dev), off, len, 1))
		return -EINVAL;
	return len ? ops(dev)->read(dev, off, buf, len) : 0;
}

/*
 * The first byte of [@off, @off + @len) that lacks a bit its counterpart
 * in @want has (NULL: 0xff everywhere): its offset in *@atp
 * Return: 1 when there is one, 0 when not, or the read's error
 */
static int find_cleared(struct udevice *dev, u64 off, u64 len,
			const u8 *want, u64 *atp)
{
	u8 got[CHUNK];

	for (u64 done = 0; done < len; done += sizeof(got)) {
		u32 n = min_t(u64, len - done, sizeof(got));
		int ret = ops(dev)->read(dev, off + done, got, n);

		if (ret)
			return ret;
		for (u32 i = 0; i < n; i++) {
			u8 w = want ? want[done + i] : 0xff;

			if ((got[i] & w) != w) {
				*atp = off + done + i;
				return 1;
			}
		}
	}
	return 0;
}

/* After an erase, every byte of the block at @off must read 0xff */
static int check_erased(struct udevice *dev, u64 off, u32 size)
{
	u64 at;
	u8 got;
	int ret = find_cleared(dev, off, size, NULL, &at);

	if (ret <= 0)
		return ret;
	ret = ops(dev)->read(dev, at, &got, 1);
	if (ret)
		return ret;
	dev_err(dev, "erase at %#llx: byte at %#llx reads %#x after the erase\n",
		(unsigned long long)off, (unsigned long long)at, got);
	return -EIO;
}

int flash_erase(struct udevice *dev, u64 off, u64 len)
{
	struct flash_uc_priv *uc = dev_get_uclass_priv(dev);
	u32 bs = uc ? uc->info.erase_size : 1;
	int ret;

	if (!in_range(uc, off, len, bs))
		return -EINVAL;
	for (u64 at = off; at < off + len; at += bs) {
		ret = ops(dev)->erase_block(dev, at);
		if (!ret)
			ret = check_erased(dev, at, bs);
		if (ret)
			return ret;
	}
	return 0;
}

/* A word's bytes as a number, for messages (bytes in memory order) */
static u32 word_value(const u8 *w, u32 width)
{
	u32 v = 0;

	for (u32 i = width; i--;)
		v = v << 8 | w[i];
	return v;
}

/* Nothing in [@off, @off + @len) needs a bit set that is 0 now */
static int check_writable(struct udevice *dev, u64 off, const u8 *want,
			  size_t len, u32 width)
{
	u8 got[sizeof(u32)];
	u64 at, word;
	int ret = find_cleared(dev, off, len, want, &at);

	if (ret <= 0)
		return ret;
	word = at - (at - off) % width;
	ret = ops(dev)->read(dev, word, got, width);
	if (ret)
		return ret;
	dev_err(dev, "write at %#llx: %#x over %#x sets bits that only an erase can set\n",
		(unsigned long long)word, word_value(want + (word - off), width),
		word_value(got, width));
	return -EIO;
}

/*
 * Program the words of [@off, @off + @n) (@n at most CHUNK) that do not
 * hold their value yet, then read them all back
 */
static int write_chunk(struct udevice *dev, u64 off, const u8 *want,
		       size_t n, u32 width)
{
	u8 got[CHUNK];
	int ret = ops(dev)->read(dev, off, got, n);

	for (size_t i = 0; !ret && i < n; i += width) {
		if (memcmp(got + i, want + i, width))
			ret = ops(dev)->program(dev, off + i, want + i);
	}
	if (!ret)
		ret = ops(dev)->read(dev, off, got, n);
	for (size_t i = 0; !ret && i < n; i += width) {
		if (!memcmp(got + i, want + i, width))
			continue;
		dev_err(dev, "write at %#llx: programmed %#x, read back %#x\n",
			(unsigned long long)(off + i),
			word_value(want + i, width), word_value(got + i, width));
		ret = -EIO;
	}
	return ret;
}

int flash_write(struct udevice *dev, u64 off, const void *buf, size_t len)
{
	struct flash_uc_priv *uc = dev_get_uclass_priv(dev);
	u32 width = uc ? uc->info.bank_width : 1;
	const u8 *src = buf;
	int ret;

	if ((!buf && len) || !in_range(uc, off, len, width))
		return -EINVAL;
	/* A write that would need an erase changes nothing */
	ret = check_writable(dev, off, src, len, width);
	for (size_t done = 0; !ret && done < len; done += CHUNK)
		ret = write_chunk(dev, off + done, src + done,
				  min_t(size_t, len - done, CHUNK), width);
	return ret;
}

/* Before the driver's probe: the windows, and a driver that has its ops */
static int flash_pre_probe(struct udevice *dev)
{
	const struct flash_ops *o = ops(dev);

	if (!o || !o->read || !o->erase_block || !o->program) {
		dev_err(dev, "driver %s lacks flash ops\n", dev->driver->name);
		return -ENOSYS;
	}
	return read_windows(dev, dev_get_uclass_priv(dev), true);
}

/* After it: a geometry the checks above can use */
static int flash_post_probe(struct udevice *dev)
{
	struct flash_info *info = &((struct flash_uc_priv *)
				    dev_get_uclass_priv(dev))->info;
	u32 w = info->bank_width;

	if ((w != 1 && w != 2 && w != 4) || !info->erase_size ||
	    info->erase_size % w || info->size % info->erase_size) {
		dev_err(dev, "driver gave a bad geometry: %#llx bytes, %#x-byte blocks, %u-byte words\n",
			(unsigned long long)info->size, info->erase_size, w);
		return -EIO;
	}
	return 0;
}

UCLASS_DRIVER(flash) = {
	.name = "flash",
	.id = UCLASS_FLASH,
	.pre_probe = flash_pre_probe,
	.post_probe = flash_post_probe,
	.per_device_size = sizeof(struct flash_uc_priv),
};
