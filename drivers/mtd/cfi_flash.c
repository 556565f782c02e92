// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Parallel NOR flash that answers the Common Flash Interface query
 * (JEDEC JESD68.01) and speaks the Intel command set (0x0001, or the
 * extended 0x0003), as QEMU's virt machine has (its cfi.pflash01).
 *
 * A 'reg' window is one bank: a bus of bank-width bytes (DT 'bank-width')
 * made of 1, 2 or 4 interleaved devices ("lanes", found from the query
 * answer), each taking a command in the low byte of its lane and answering
 * in its lane. Each bank has its own command state, so every command goes
 * to an address inside the bank it is for. The device is not trusted: the
 * lanes must agree, the query table must add up, every wait is bounded by
 * the table's maximum times capped by Kconfig, and a failed operation
 * clears the status and puts its bank back in read-array mode.
 *
 * A bank stays in status mode after a word program, so that the next word
 * costs a command, the data and a status read: under QEMU, each return to
 * read-array mode remaps the flash, which costs more than the program.
 * The driver remembers which banks are in status mode and puts them back
 * in read-array mode before it reads from them. The NOR rules (read back,
 * erase verification) are the uclass's (flash-uclass.c).
 * doc/develop/flash.md.
 */
#define LOG_CATEGORY "flash"

#include <asm/io.h>
#include <dm.h>
#include <flash.h>
#include <string.h>
#include <time.h>

/* Intel command set, the commands this driver uses */
enum {
	CMD_READ_ARRAY		= 0xff,
	CMD_CLEAR_STATUS	= 0x50,
	CMD_ERASE_SETUP		= 0x20,
	CMD_ERASE_CONFIRM	= 0xd0,
	CMD_PROGRAM		= 0x40,
	CMD_QUERY		= 0x98,
};

/* Status register, per device */
enum {
	SR_READY	= 0x80,
	SR_ERASE_ERR	= 0x20,
	SR_PROGRAM_ERR	= 0x10,
	SR_VPP_LOW	= 0x08,
	SR_LOCKED	= 0x02,
};

#define SR_ERRORS	(SR_ERASE_ERR | SR_PROGRAM_ERR | SR_VPP_LOW | SR_LOCKED)

/* The query table, indexed in bus words from the bank's start */
enum {
	CFI_QUERY_AT	= 0x55,	/* where the query command is written */
	CFI_QRY		= 0x10,	/* 'Q', 'R', 'Y' */
	CFI_CMDSET	= 0x13,	/* primary command set, 16 bits */
	CFI_WORD_TYP	= 0x1f,	/* typical word program: 2^n us */
	CFI_ERASE_TYP	= 0x21,	/* typical block erase: 2^n ms */
	CFI_WORD_MAX	= 0x23,	/* longest word program: 2^n typical */
	CFI_ERASE_MAX	= 0x25,	/* longest block erase: 2^n typical */
	CFI_SIZE	= 0x27,	/* device size: 2^n bytes */
	CFI_REGIONS	= 0x2c,	/* erase block regions */
	CFI_REGION0	= 0x2d,	/* blocks - 1 (16 bits), size / 256 (16) */
	CFI_TABLE_END	= 0x31,
};

enum {
	CMDSET_INTEL		= 0x0001,
	CMDSET_AMD		= 0x0002,
	CMDSET_INTEL_EXT	= 0x0003,
};

/**
 * struct cfi_flash_priv - a probed device
 * @base: the first window, mapped (the others follow it)
 * @width: bytes per bus access (DT bank-width)
 * @ones: 1 in the low byte of every lane (command and status pattern)
 * @program_us: bound on one word program
 * @erase_us: bound on one block erase
 * @in_status: bit i set: bank (window) i is in status mode
 */
struct cfi_flash_priv {
	u8 *base;
	u32 width;
	u32 ones;
	u64 program_us;
	u64 erase_us;
	u32 in_status;
};

/* What one bank said in its query */
struct cfi_bank {
	u32 lanes;
	u32 erase_size;		/* bytes of a block, all lanes */
	u64 size;		/* bytes, all lanes */
	u64 program_us;
	u64 erase_us;
};

static u32 bus_read(struct cfi_flash_priv *priv, u64 off)
{
	u8 *a = priv->base + off;

	switch (priv->width) {
	case 1:
		return readb(a);
	case 2:
		return readw(a);
	default:
		return readl(a);
	}
}

static void bus_write(struct cfi_flash_priv *priv, u64 off, u32 val)
{
	u8 *a = priv->base + off;

	switch (priv->width) {
	case 1:
		writeb(val, a);
		break;
	case 2:
		writew(val, a);
		break;
	default:
		writel(val, a);
		break;
	}
}

/* @cmd in every lane of the bank holding @off */
static void command(struct cfi_flash_priv *priv, u64 off, u8 cmd)
{
	bus_write(priv, off, cmd * priv->ones);
}

/* 1 in the low byte of each of @lanes lanes of a @width-byte bus */
static u32 lane_ones(u32 width, u32 lanes)
{
	u32 ones = 0;

	for (u32 i = 0; i < lanes; i++)
		ones |= 1U << (8 * (width / lanes) * i);
	return ones;
}

static const char *status_reason(u32 st)
{
	if (st & SR_VPP_LOW)
		return "no programming voltage";
	if (st & SR_LOCKED)
		return "block locked";
	if ((st & SR_ERASE_ERR) && (st & SR_PROGRAM_ERR))
		return "command sequence refused";
	return st & SR_ERASE_ERR ? "erase error" : "program error";
}

/* The window (bank) holding @off */
static int bank_of(struct udevice *dev, u64 off)
{
	struct flash_uc_priv *uc = dev_get_uclass_priv(dev);
	int i = 0;

	while (i < uc->nwin - 1 && off >= uc->win[i + 1].off)
		i++;
	return i;
}

/* Put every bank that [@off, @off + @len) touches in read-array mode */
static void read_array(struct udevice *dev, u64 off, u64 len)
{
	struct flash_uc_priv *uc = dev_get_uclass_priv(dev);
	struct cfi_flash_priv *priv = dev_get_priv(dev);

	for (int i = bank_of(dev, off); i <= bank_of(dev, off + len - 1); i++) {
		if (priv->in_status & BIT(i))
			command(priv, uc->win[i].off, CMD_READ_ARRAY);
		priv->in_status &= ~BIT(i);
	}
}

/* Every bank in read-array mode */
static void all_read_array(struct udevice *dev)
{
	struct flash_uc_priv *uc = dev_get_uclass_priv(dev);

	read_array(dev, 0, uc->info.size);
}

/*
 * The operation @op at @off was started: wait up to @timeout_us for every
 * lane to be ready and check the status. On success the bank is left in
 * status mode; on failure every bank is back in read-array mode, this
 * one's status cleared.
 */
static int wait_done(struct udevice *dev, u64 off, u64 timeout_us,
		     const char *op)
{
	struct cfi_flash_priv *priv = dev_get_priv(dev);
	u32 ready = SR_READY * priv->ones, st = 0, errors = 0;
	int ret;

	priv->in_status |= BIT(bank_of(dev, off));
	ret = poll_timeout_us(((st = bus_read(priv, off)) & ready) == ready,
			      timeout_us);
	if (ret) {
		dev_err(dev, "%s at %#llx: not ready after %llu us (status %#x)\n",
			op, (unsigned long long)off,
			(unsigned long long)timeout_us, st);
		all_read_array(dev);
		return ret;
	}
	for (u32 i = 0; i < 32; i += 8)
		errors |= (st & SR_ERRORS * priv->ones) >> i & 0xff;
	if (!errors)
		return 0;
	dev_err(dev, "%s at %#llx failed: %s (status %#x)\n", op,
		(unsigned long long)off, status_reason(errors), st);
	command(priv, off, CMD_CLEAR_STATUS);
	all_read_array(dev);
	return -EIO;
}

static int cfi_flash_read(struct udevice *dev, u64 off, void *buf, size_t len)
{
	struct cfi_flash_priv *priv = dev_get_priv(dev);
	u32 w = priv->width;
	u8 *dst = buf;

	read_array(dev, off, len);
	while (len) {
		u64 at = off - off % w;
		u32 skip = off - at, n = min_t(size_t, w - skip, len);
		u32 v = bus_read(priv, at);
		u16 h = v;
		u8 bytes[4];

		if (w == 4)
			memcpy(bytes, &v, 4);
		else if (w == 2)
			memcpy(bytes, &h, 2);
		else
			bytes[0] = v;
		memcpy(dst, bytes + skip, n);
		dst += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int cfi_flash_program(struct udevice *dev, u64 off, const u8 *word)
{
	struct cfi_flash_priv *priv = dev_get_priv(dev);
	u32 v = word[0];
	u16 h;

	if (priv->width == 4) {
		memcpy(&v, word, 4);
	} else if (priv->width == 2) {
		memcpy(&h, word, 2);
		v = h;
	}
	command(priv, off, CMD_PROGRAM);
	bus_write(priv, off, v);
	return wait_done(dev, off, priv->program_us, "program");
}

static int cfi_flash_erase_block(struct udevice *dev, u64 off)
{
	struct cfi_flash_priv *priv = dev_get_priv(dev);
	int ret;

	command(priv, off, CMD_ERASE_SETUP);
	command(priv, off, CMD_ERASE_CONFIRM);
	ret = wait_done(dev, off, priv->erase_us, "erase");
	if (!ret)
		read_array(dev, off, 1);
	return ret;
}

/* 2^(@typ + @max) @unit_us, at most @cap_us (also when the table is silent) */
static u64 bound_us(u8 typ, u8 max, u64 unit_us, u64 cap_us)
{
	if (!typ || !max || typ + max > 40)
		return cap_us;
	return min_t(u64, (1ULL << (typ + max)) * unit_us, cap_us);
}

/*
 * Byte @i of the query table of the bank at @woff: the same value in every
 * lane, one byte wide; -EIO otherwise
 */
static int query_byte(struct udevice *dev, u64 woff, uint i)
{
	struct cfi_flash_priv *priv = dev_get_priv(dev);
	u32 v = bus_read(priv, woff + i * priv->width);
	u32 lane = v & 0xff;

	if (v != lane * priv->ones) {
		dev_err(dev, "query byte %#x at %#llx reads %#x: not one byte, the same in every lane\n",
			i, (unsigned long long)woff, v);
		return -EIO;
	}
	return lane;
}

/* How many lanes answer 'Q' at the bank at @woff (0: no CFI answer) */
static u32 find_lanes(struct cfi_flash_priv *priv, u64 woff)
{
	u32 v = bus_read(priv, woff + CFI_QRY * priv->width);

	for (u32 lanes = 1; lanes <= priv->width; lanes *= 2) {
		if (v == 'Q' * lane_ones(priv->width, lanes))
			return lanes;
	}
	return 0;
}

/*
 * The query table of bank @i (in query mode) into @t, and its lanes: every
 * byte the same in each lane, starting with 'QRY'. -ENODEV when nothing
 * answers in the first window.
 */
static int read_table(struct udevice *dev, int i, u8 *t, u32 *lanesp)
{
	struct flash_uc_priv *uc = dev_get_uclass_priv(dev);
	struct cfi_flash_priv *priv = dev_get_priv(dev);
	u64 woff = uc->win[i].off;

	*lanesp = find_lanes(priv, woff);
	if (!*lanesp) {
		if (!i)
			return -ENODEV;	/* nothing answers: not here */
		dev_err(dev, "window %d at %#llx gives no CFI answer\n", i,
			(unsigned long long)(uc->base + woff));
		return -EIO;
	}
	priv->ones = lane_ones(priv->width, *lanesp);
	for (uint j = CFI_QRY; j < CFI_TABLE_END; j++) {
		int v = query_byte(dev, woff, j);

		if (v < 0)
			return v;
		t[j] = v;
	}
	if (memcmp(&t[CFI_QRY], "QRY", 3)) {
		dev_err(dev, "window %d: bad CFI signature\n", i);
		return -EIO;
	}
	return 0;
}

/*
 * What bank @i (in query mode) says: an Intel command set, one region of
 * uniform blocks that add up to the device size, a chip at least as large
 * as its window and made of whole blocks
 */
static int parse_query(struct udevice *dev, int i, struct cfi_bank *b)
{
	struct flash_uc_priv *uc = dev_get_uclass_priv(dev);
	const struct flash_window *win = &uc->win[i];
	u32 cmdset, blocks, bsize;
	u8 t[CFI_TABLE_END];
	int ret = read_table(dev, i, t, &b->lanes);

	if (ret)
		return ret;
	cmdset = t[CFI_CMDSET] | t[CFI_CMDSET + 1] << 8;
	if (cmdset == CMDSET_AMD) {
		dev_err(dev, "AMD command set (0x0002): not supported, only Intel's (0x0001, 0x0003)\n");
		return -ENOSYS;
	}
	if (cmdset != CMDSET_INTEL && cmdset != CMDSET_INTEL_EXT) {
		dev_err(dev, "unknown command set %#06x\n", cmdset);
		return -ENOSYS;
	}
	if (t[CFI_REGIONS] != 1) {
		dev_err(dev, "%u erase block regions: only one uniform region is supported\n",
			t[CFI_REGIONS]);
		return t[CFI_REGIONS] ? -ENOSYS : -EIO;
	}
	blocks = (t[CFI_REGION0] | t[CFI_REGION0 + 1] << 8) + 1;
	bsize = (t[CFI_REGION0 + 2] | t[CFI_REGION0 + 3] << 8) * 256;
	if (!bsize)
		bsize = 128;
	if (t[CFI_SIZE] > 31 || (u64)blocks * bsize != 1ULL << t[CFI_SIZE]) {
		dev_err(dev, "query table does not add up: %u blocks of %#x bytes in a device of 2^%u bytes\n",
			blocks, bsize, t[CFI_SIZE]);
		return -EIO;
	}
	b->size = (u64)b->lanes << t[CFI_SIZE];
	b->erase_size = b->lanes * bsize;
	if (win->size > b->size || win->size % b->erase_size) {
		dev_err(dev, "window %d (%#llx bytes) does not fit its flash (%#llx bytes, %#x-byte blocks)\n",
			i, (unsigned long long)win->size,
			(unsigned long long)b->size, b->erase_size);
		return -EIO;
	}
	b->program_us = bound_us(t[CFI_WORD_TYP], t[CFI_WORD_MAX], 1,
				 CONFIG_FLASH_CFI_PROGRAM_TIMEOUT_US);
	b->erase_us = bound_us(t[CFI_ERASE_TYP], t[CFI_ERASE_MAX], 1000,
			       CONFIG_FLASH_CFI_ERASE_TIMEOUT_MS * 1000ULL);
	return 0;
}

/* Query bank @i, always leaving it in read-array mode */
static int query_bank(struct udevice *dev, int i, struct cfi_bank *b)
{
	struct flash_uc_priv *uc = dev_get_uclass_priv(dev);
	struct cfi_flash_priv *priv = dev_get_priv(dev);
	u64 woff = uc->win[i].off;
	int ret;

	/* The command in every byte: right whatever the lanes turn out to be */
	priv->ones = lane_ones(priv->width, priv->width);
	command(priv, woff + CFI_QUERY_AT * priv->width, CMD_QUERY);
	ret = parse_query(dev, i, b);
	priv->ones = lane_ones(priv->width, priv->width);
	command(priv, woff, CMD_READ_ARRAY);
	return ret;
}

static int cfi_flash_probe(struct udevice *dev)
{
	struct flash_uc_priv *uc = dev_get_uclass_priv(dev);
	struct cfi_flash_priv *priv = dev_get_priv(dev);
	struct cfi_bank first, b;
	int ret;

	ret = dev_read_u32(dev, "bank-width", &priv->width);
	if (ret || (priv->width != 1 && priv->width != 2 &&
		    priv->width != 4)) {
		dev_err(dev, "needs 'bank-width' of 1, 2 or 4\n");
		return -EINVAL;
	}
	priv->base = map_sysmem(uc->base, uc->info.size);
	for (int i = 0; i < uc->nwin; i++) {
		ret = query_bank(dev, i, i ? &b : &first);
		if (ret)
			return ret;
		if (i && (b.lanes != first.lanes ||
			  b.erase_size != first.erase_size)) {
			dev_err(dev, "window %d holds other chips than window 0 (%u lanes, %#x-byte blocks; window 0: %u, %#x)\n",
				i, b.lanes, b.erase_size, first.lanes,
				first.erase_size);
			return -EIO;
		}
	}
	priv->ones = lane_ones(priv->width, first.lanes);
	priv->program_us = first.program_us;
	priv->erase_us = first.erase_us;
	uc->info.erase_size = first.erase_size;
	uc->info.bank_width = priv->width;
	dev_dbg(dev, "%#llx bytes, %u lanes, %#x-byte blocks, program %llu us, erase %llu us\n",
		(unsigned long long)uc->info.size, first.lanes, first.erase_size,
		(unsigned long long)priv->program_us, (unsigned long long)priv->erase_us);
	return 0;
}

/* Leave the flash readable as memory */
static int cfi_flash_remove(struct udevice *dev)
{
	all_read_array(dev);
	return 0;
}

static const struct flash_ops cfi_flash_ops = {
	.read = cfi_flash_read,
	.erase_block = cfi_flash_erase_block,
	.program = cfi_flash_program,
};

static const struct udevice_id cfi_flash_ids[] = {
	{ .compatible = "cfi-flash" },
	{ }
};

EMBER_DRIVER(cfi_flash) = {
	.name = "cfi_flash",
	.id = UCLASS_FLASH,
	.of_match = cfi_flash_ids,
	.probe = cfi_flash_probe,
	.remove = cfi_flash_remove,
	.priv_size = sizeof(struct cfi_flash_priv),
	.ops = &cfi_flash_ops,
};
