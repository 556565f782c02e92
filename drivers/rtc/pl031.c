// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Arm PrimeCell PL031 real-time clock ("arm,pl031"), as QEMU's virt machine
 * has it at 0x9010000 (Arm DDI 0224: PrimeCell Real Time Clock TRM): a
 * 32-bit counter of seconds, read in DR, loaded through LR, counting once
 * the start bit of CR is set. The counter holds seconds since 1970-01-01
 * 00:00:00 UTC, as Linux's driver reads it, so it reaches to 2106-02-07
 * 06:28:15.
 *
 * Probe checks the PrimeCell identification registers (a PL031 of any
 * revision; all zero is nothing there, -ENODEV), then starts the counter
 * if it is stopped. Every access goes
 * through mem_read()/mem_write(), so a window where nothing answers gives
 * an error instead of a data abort. A load is read back: a clock that
 * does not take it is an error, not a silent wrong date.
 */
#define LOG_CATEGORY "rtc"

#include <dm.h>
#include <memmap.h>
#include <rtc.h>

enum pl031_reg {
	PL031_DR	= 0x000,	/* data: the counter (read-only) */
	PL031_MR	= 0x004,	/* match (alarm), unused */
	PL031_LR	= 0x008,	/* load: the counter's new value */
	PL031_CR	= 0x00c,	/* control: bit 0 starts the counter */
	PL031_PERIPH_ID	= 0xfe0,	/* 4 registers, one ID byte each */
	PL031_CELL_ID	= 0xff0,	/* 4 more */
	PL031_WINDOW	= 0x1000,
};

#define PL031_CR_START		BIT(0)
/* Part 0x031, designer 0x41 (Arm); bits 23:20 are the revision */
#define PL031_PERIPH_ID_VAL	0x00041031
#define PL031_PERIPH_ID_MASK	0x000fffff
#define PRIMECELL_CELL_ID	0xb105f00d
/* Seconds a load may be behind when read back: the counter ticks */
#define PL031_LOAD_SLACK	2

struct pl031_priv {
	phys_addr_t base;
};

static int pl031_read32(struct udevice *dev, enum pl031_reg reg, u32 *valp)
{
	struct pl031_priv *priv = dev_get_priv(dev);
	u64 v;

	if (mem_read(priv->base + reg, 4, &v)) {
		dev_err(dev, "reading register %#x faulted\n", reg);
		return -EIO;
	}
	*valp = v;
	return 0;
}

static int pl031_write32(struct udevice *dev, enum pl031_reg reg, u32 val)
{
	struct pl031_priv *priv = dev_get_priv(dev);

	if (mem_write(priv->base + reg, 4, val)) {
		dev_err(dev, "writing register %#x faulted\n", reg);
		return -EIO;
	}
	return 0;
}

/* The 32-bit ID made of the low bytes of the 4 registers at @reg */
static int pl031_read_id(struct udevice *dev, enum pl031_reg reg, u32 *idp)
{
	u32 id = 0, v;
	int ret;

	for (int i = 0; i < 4; i++) {
		ret = pl031_read32(dev, reg + 4 * i, &v);
		if (ret)
			return ret;
		id |= (v & 0xff) << (8 * i);
	}
	*idp = id;
	return 0;
}

/* Load @secs into the counter and check that it took them */
static int pl031_load(struct udevice *dev, u32 secs)
{
	u32 now;
	int ret;

	ret = pl031_write32(dev, PL031_LR, secs);
	if (!ret)
		ret = pl031_read32(dev, PL031_DR, &now);
	if (ret)
		return ret;
	if (now - secs > PL031_LOAD_SLACK) {
		dev_err(dev, "loaded %u, but the counter reads %u\n", secs, now);
		return -EIO;
	}
	return 0;
}

static int pl031_get(struct udevice *dev, struct rtc_time *tm)
{
	u32 secs;
	int ret = pl031_read32(dev, PL031_DR, &secs);

	if (!ret)
		rtc_time64_to_tm(secs, tm);
	return ret;
}

static int pl031_set(struct udevice *dev, const struct rtc_time *tm)
{
	s64 t = rtc_mktime64(tm);

	if (t < 0 || t > 0xffffffffLL) {
		dev_err(dev, "cannot hold %04d-%02d-%02d %02d:%02d:%02d: it counts from 1970-01-01 00:00:00 to 2106-02-07 06:28:15\n",
			tm->tm_year, tm->tm_mon, tm->tm_mday, tm->tm_hour,
			tm->tm_min, tm->tm_sec);
		return -ERANGE;
	}
	return pl031_load(dev, t);
}

/* The counter's reset value: 0, 1970-01-01 00:00:00 */
static int pl031_reset(struct udevice *dev)
{
	return pl031_load(dev, 0);
}

static int pl031_probe(struct udevice *dev)
{
	struct pl031_priv *priv = dev_get_priv(dev);
	u32 periph, cell, cr;
	u64 base, size;
	int ret;

	ret = dev_read_addr_size_index(dev, 0, &base, &size);
	if (ret || size < PL031_WINDOW) {
		dev_err(dev, "needs a 'reg' window of %#x bytes\n", PL031_WINDOW);
		return -EINVAL;
	}
	priv->base = base;
	ret = pl031_read_id(dev, PL031_PERIPH_ID, &periph);
	if (!ret)
		ret = pl031_read_id(dev, PL031_CELL_ID, &cell);
	if (ret)
		return ret;
	/* Every ID byte 0: nothing answers there, no device (quietly) */
	if (!periph && !cell)
		return -ENODEV;
	if ((periph & PL031_PERIPH_ID_MASK) != PL031_PERIPH_ID_VAL ||
	    cell != PRIMECELL_CELL_ID) {
		dev_err(dev, "not a PL031: peripheral ID %#010x, cell ID %#010x (a PL031 has %#010x and %#010x)\n",
			periph, cell, PL031_PERIPH_ID_VAL, PRIMECELL_CELL_ID);
		return -EIO;
	}
	ret = pl031_read32(dev, PL031_CR, &cr);
	if (ret || cr & PL031_CR_START)
		return ret;
	ret = pl031_write32(dev, PL031_CR, cr | PL031_CR_START);
	if (!ret)
		ret = pl031_read32(dev, PL031_CR, &cr);
	if (ret)
		return ret;
	if (!(cr & PL031_CR_START)) {
		dev_err(dev, "does not start: its control register reads %#x\n",
			cr);
		return -EIO;
	}
	return 0;
}

static const struct rtc_ops pl031_ops = {
	.get = pl031_get,
	.set = pl031_set,
	.reset = pl031_reset,
};

static const struct udevice_id pl031_ids[] = {
	{ .compatible = "arm,pl031" },
	{ }
};

EMBER_DRIVER(rtc_pl031) = {
	.name = "rtc_pl031",
	.id = UCLASS_RTC,
	.of_match = pl031_ids,
	.probe = pl031_probe,
	.priv_size = sizeof(struct pl031_priv),
	.ops = &pl031_ops,
};
