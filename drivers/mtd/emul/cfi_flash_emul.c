// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox model of Intel command-set CFI flash, as QEMU's virt machine has
 * it (its cfi.pflash01: a 32-bit bank of two interleaved x16 devices): the
 * register file the real cfi_flash.c driver talks to through readl() and
 * writel(), routed here by arch/sandbox/mmio.c, one window per bank. Unlike
 * QEMU it erases at the confirm (0xd0) and programs by ANDing, as a chip
 * does, and it polices the driver. Faults (power cuts, bit flips, failing
 * erases and programs, a busy chip) and the test hooks are described in
 * asm/flash_emul.h; the option --flash FILE in arch/sandbox/start.c.
 */
#include <asm/flash_emul.h>
#include <asm/io.h>
#include <asm/os.h>
#include <asm/sandbox.h>
#include <dm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BANKS	4
#define LANES		2
#define LANE_ONES	0x00010001U	/* a byte in the low half of each lane */
#define CFI_LEN		0x40

/* The bank's mode: the command that put it there */
enum {
	MODE_ARRAY	= 0xff,
	MODE_STATUS	= 0x70,
	MODE_ERASE	= 0x20,		/* erase set up: 0xd0 confirms */
	MODE_PROGRAM	= 0x40,		/* program set up: data next */
	MODE_QUERY	= 0x98,
	MODE_ID		= 0x90,
};

enum {
	SR_READY	= 0x80,
	SR_ERASE_ERR	= 0x20,
	SR_PROGRAM_ERR	= 0x10,
};

struct flash_emul;

struct emul_bank {
	struct flash_emul *fe;
	phys_addr_t base;
	u64 off;		/* where its contents start in the store */
	u64 size;
	u8 mode;
	u8 status;
	u32 busy_left;		/* status reads left that say busy */
	u8 cfi[CFI_LEN];
};

struct emul_fail {
	u64 off;
	u64 len;
	enum flash_emul_fail how;
};

struct flash_emul {
	struct udevice *dev;
	struct emul_bank bank[MAX_BANKS];
	int nbanks;
	u8 *data;
	u64 size;
	bool mapped;		/* data is the --flash file */
	u32 block;		/* erase block, both lanes */
	bool cut_armed;
	u32 cut_after;		/* operations left before the torn one */
	bool power_off;
	u32 busy_reads;
	struct emul_fail fail_erase, fail_program;
	struct flash_emul_stats stats;
};

/* --flash-cut is armed once per run, not at every start of the model */
static bool cut_from_cmdline_done;

static void violation(struct emul_bank *b, const char *rule, u64 val)
{
	if (b->fe->stats.violations++ < 8)
		printf("%s: flash protocol violation: %s (%#llx)\n",
		       b->fe->dev->name, rule, (unsigned long long)val);
}

/*
 * The CFI query table of one x16 device, in the shape of QEMU's: 'QRY',
 * Intel command set, one region of @blocks blocks of @bsize bytes, and
 * short maximum times so that tests of a stuck chip end fast
 */
static void fill_cfi(u8 *t, u64 dev_size, u32 bsize)
{
	u32 blocks = dev_size / bsize;
	static const u8 head[] = {
		'Q', 'R', 'Y', 0x01, 0x00, 0x31, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x45, 0x55, 0x00, 0x00,
		0x05,	/* 0x1f: word program 2^5 us typical */
		0x00,	/* 0x20: no buffered write */
		0x04,	/* 0x21: block erase 2^4 ms typical */
		0x00,	/* 0x22: no chip erase */
		0x05,	/* 0x23: word program at most 2^5 times typical */
		0x00,
		0x02,	/* 0x25: block erase at most 2^2 times typical */
		0x00,
	};

	memset(t, 0, CFI_LEN);
	memcpy(t + 0x10, head, sizeof(head));
	t[0x27] = __builtin_ctzll(dev_size);
	t[0x28] = 0x02;			/* x8/x16 interface */
	t[0x2c] = 1;			/* one erase block region */
	t[0x2d] = (blocks - 1) & 0xff;
	t[0x2e] = (blocks - 1) >> 8;
	t[0x2f] = (bsize >> 8) & 0xff;
	t[0x30] = bsize >> 16;
	memcpy(t + 0x31, "PRI10", 5);
}

/*
 * An operation starts: false when it is the one the power cut tears (the
 * power is gone from now on)
 */
static bool op_start(struct flash_emul *fe, u32 *count)
{
	(*count)++;
	if (!fe->cut_armed)
		return true;
	if (fe->cut_after--)
		return true;
	fe->cut_armed = false;
	fe->power_off = true;
	fe->stats.torn++;
	return false;
}

static bool meets(const struct emul_fail *f, u64 off, u64 len)
{
	return f->how != FLASH_EMUL_WORKS && off < f->off + f->len &&
	       f->off < off + len;
}

/* What the status register reads, both lanes */
static u32 read_status(struct emul_bank *b)
{
	u8 st = b->status;

	if (b->busy_left) {
		if (b->busy_left != FLASH_EMUL_STUCK)
			b->busy_left--;
		st &= ~SR_READY;
	}
	return st * LANE_ONES;
}

static void program(struct emul_bank *b, ulong off, u32 val)
{
	struct flash_emul *fe = b->fe;
	u8 *p = fe->data + b->off + off;
	u8 v[4];

	memcpy(v, &val, 4);
	b->mode = MODE_STATUS;
	if (!op_start(fe, &fe->stats.programs)) {
		p[0] &= v[0];		/* torn: the low lane only */
		p[1] &= v[1];
		return;
	}
	b->busy_left = fe->busy_reads;
	if (meets(&fe->fail_program, b->off + off, 4)) {
		if (fe->fail_program.how == FLASH_EMUL_ERROR)
			b->status |= SR_PROGRAM_ERR;
		return;
	}
	for (int i = 0; i < 4; i++)
		p[i] &= v[i];
}

static void erase(struct emul_bank *b, ulong off)
{
	struct flash_emul *fe = b->fe;
	u64 at = b->off + off - off % fe->block;

	b->mode = MODE_STATUS;
	if (!op_start(fe, &fe->stats.erases)) {
		memset(fe->data + at, 0xff, fe->block / 2);	/* torn */
		return;
	}
	b->busy_left = fe->busy_reads;
	if (meets(&fe->fail_erase, at, fe->block)) {
		if (fe->fail_erase.how == FLASH_EMUL_ERROR)
			b->status |= SR_ERASE_ERR;
		return;
	}
	memset(fe->data + at, 0xff, fe->block);
}

static u64 emul_read(void *ctx, ulong off, int size)
{
	struct emul_bank *b = ctx;
	u32 v, idx = off / 4;

	if (b->fe->power_off)
		return 0;
	if (size != 4 || off % 4) {
		violation(b, "a read not 32 bits wide and aligned", off);
		return 0;
	}
	switch (b->mode) {
	case MODE_ARRAY:
		memcpy(&v, b->fe->data + b->off + off, 4);
		return v;
	case MODE_QUERY:
		return idx < CFI_LEN ? b->cfi[idx] * LANE_ONES : 0;
	case MODE_ID:
		return idx == 0 ? 0x89 * LANE_ONES :
		       idx == 1 ? 0x18 * LANE_ONES : 0;
	default:
		return read_status(b);
	}
}

/* A command (not data) written to bank @b */
static void command(struct emul_bank *b, u8 cmd)
{
	switch (cmd) {
	case 0xff:
		b->mode = MODE_ARRAY;
		break;
	case 0x50:
		b->status = SR_READY;	/* clear status: the mode stays */
		break;
	case 0x70:
	case 0x20:
	case 0x98:
	case 0x90:
		b->mode = cmd;
		break;
	case 0x40:
	case 0x10:
		b->mode = MODE_PROGRAM;
		break;
	default:
		violation(b, "an unknown command", cmd);
		break;
	}
}

static void emul_write(void *ctx, ulong off, u64 val, int size)
{
	struct emul_bank *b = ctx;
	u16 lane0 = val, lane1 = val >> 16;

	if (b->fe->power_off) {
		b->fe->stats.ignored++;
		return;
	}
	if (size != 4 || off % 4) {
		violation(b, "a write not 32 bits wide and aligned", off);
		return;
	}
	if (b->mode == MODE_PROGRAM) {
		program(b, off, val);
		return;
	}
	if (lane0 != lane1) {
		violation(b, "a command not the same in both lanes", val);
		return;
	}
	if (b->mode != MODE_ERASE) {
		command(b, lane0);
	} else if ((u8)lane0 == 0xd0) {
		erase(b, off);
	} else if ((u8)lane0 == 0xff) {
		b->mode = MODE_ARRAY;	/* the erase set-up abandoned */
	} else {
		violation(b, "an erase set-up not confirmed", val);
		b->status |= SR_ERASE_ERR | SR_PROGRAM_ERR;
		b->mode = MODE_STATUS;
	}
}

static const struct sandbox_mmio_ops emul_ops = {
	.read = emul_read,
	.write = emul_write,
};

static void power_on(struct flash_emul *fe)
{
	fe->power_off = false;
	fe->cut_armed = false;
	for (int i = 0; i < fe->nbanks; i++) {
		fe->bank[i].mode = MODE_ARRAY;
		fe->bank[i].status = SR_READY;
		fe->bank[i].busy_left = 0;
	}
}

/* The banks from ember,banks, each two x16 devices of @bsize-byte blocks */
static int read_banks(struct udevice *dev, struct flash_emul *fe, u32 bsize)
{
	ofnode node = dev_ofnode(dev);
	int len = 0;

	if (!ofnode_get_property(node, "ember,banks", &len) || !len ||
	    len % 8 || len / 8 > MAX_BANKS) {
		dev_err(dev, "needs ember,banks = <base size> (1 to %d)\n",
			MAX_BANKS);
		return -EINVAL;
	}
	fe->nbanks = len / 8;
	for (int i = 0; i < fe->nbanks; i++) {
		struct emul_bank *b = &fe->bank[i];
		u32 base, size;
		u64 dev_size;

		ofnode_read_u32_index(node, "ember,banks", 2 * i, &base);
		ofnode_read_u32_index(node, "ember,banks", 2 * i + 1, &size);
		dev_size = size / LANES;
		if (!bsize || bsize % 256 || !dev_size || dev_size % bsize ||
		    dev_size & (dev_size - 1)) {
			dev_err(dev, "bank %d: %#x bytes of %#x-byte blocks is no flash\n",
				i, size, bsize);
			return -EINVAL;
		}
		b->fe = fe;
		b->base = base;
		b->size = size;
		b->off = fe->size;
		fill_cfi(b->cfi, dev_size, bsize);
		fe->size += size;
	}
	fe->block = bsize * LANES;
	return 0;
}

/* Memory (erased), or the --flash file */
static int open_store(struct udevice *dev, struct flash_emul *fe)
{
	const char *file = sandbox_state()->flash_file;
	int ret;

	if (!file) {
		fe->data = malloc(fe->size);
		if (!fe->data)
			return -ENOMEM;
		memset(fe->data, 0xff, fe->size);
		return 0;
	}
	fe->data = os_map_file(file, fe->size, &ret);
	if (!fe->data) {
		dev_err(dev, "cannot use %s as %#llx bytes of flash: %s\n",
			file, (unsigned long long)fe->size, errno_str(ret));
		return ret;
	}
	fe->mapped = true;
	return 0;
}

static void close_store(struct flash_emul *fe)
{
	if (fe->mapped)
		os_unmap(fe->data, fe->size);
	else
		free(fe->data);
	fe->data = NULL;
}

static int emul_remove(struct udevice *dev)
{
	struct flash_emul *fe = dev_get_priv(dev);

	for (int i = 0; i < fe->nbanks; i++)
		sandbox_mmio_remove(fe->bank[i].base);
	close_store(fe);
	return 0;
}

static int emul_probe(struct udevice *dev)
{
	struct flash_emul *fe = dev_get_priv(dev);
	long long cut = sandbox_state()->flash_cut;
	u32 bsize = 0;
	int ret, i;

	fe->dev = dev;
	ofnode_read_u32(dev_ofnode(dev), "ember,block-size", &bsize);
	ret = read_banks(dev, fe, bsize);
	if (!ret)
		ret = open_store(dev, fe);
	if (ret)
		return ret;
	power_on(fe);
	for (i = 0; i < fe->nbanks && !ret; i++)
		ret = sandbox_mmio_add(fe->bank[i].base, fe->bank[i].size,
				       &emul_ops, &fe->bank[i]);
	if (ret) {
		dev_err(dev, "cannot claim bank %d: %d\n", i - 1, ret);
		fe->nbanks = i - 1;
		emul_remove(dev);
		return ret;
	}
	if (cut >= 0 && !cut_from_cmdline_done) {
		cut_from_cmdline_done = true;
		sandbox_flash_emul_power_cut(dev, cut);
	}
	return 0;
}

struct udevice *sandbox_flash_emul_get(const char *name)
{
	struct udevice *dev;

	if (uclass_find_device_by_name(UCLASS_FLASH_EMUL, name, &dev) ||
	    device_probe(dev))
		return NULL;
	return dev;
}

void sandbox_flash_emul_power_cut(struct udevice *emul, u32 ops)
{
	struct flash_emul *fe = dev_get_priv(emul);

	fe->cut_armed = true;
	fe->cut_after = ops;
}

void sandbox_flash_emul_power_restore(struct udevice *emul)
{
	power_on(dev_get_priv(emul));
}

bool sandbox_flash_emul_power_is_off(struct udevice *emul)
{
	return ((struct flash_emul *)dev_get_priv(emul))->power_off;
}

int sandbox_flash_emul_flip_bit(struct udevice *emul, u64 off, uint bit)
{
	struct flash_emul *fe = dev_get_priv(emul);

	if (off >= fe->size || bit > 7)
		return -EINVAL;
	fe->data[off] ^= 1 << bit;
	return 0;
}

static int set_fail(struct flash_emul *fe, struct emul_fail *f, u64 off,
		    u64 len, enum flash_emul_fail how)
{
	if (off > fe->size || len > fe->size - off)
		return -EINVAL;
	*f = (struct emul_fail){ off, len, len ? how : FLASH_EMUL_WORKS };
	return 0;
}

int sandbox_flash_emul_fail_erase(struct udevice *emul, u64 off, u64 len,
				  enum flash_emul_fail how)
{
	struct flash_emul *fe = dev_get_priv(emul);

	return set_fail(fe, &fe->fail_erase, off, len, how);
}

int sandbox_flash_emul_fail_program(struct udevice *emul, u64 off, u64 len,
				    enum flash_emul_fail how)
{
	struct flash_emul *fe = dev_get_priv(emul);

	return set_fail(fe, &fe->fail_program, off, len, how);
}

void sandbox_flash_emul_set_busy(struct udevice *emul, u32 reads)
{
	((struct flash_emul *)dev_get_priv(emul))->busy_reads = reads;
}

int sandbox_flash_emul_set_cfi(struct udevice *emul, uint idx, u8 val)
{
	struct flash_emul *fe = dev_get_priv(emul);

	if (idx >= CFI_LEN)
		return -EINVAL;
	for (int i = 0; i < fe->nbanks; i++)
		fe->bank[i].cfi[idx] = val;
	return 0;
}

struct flash_emul_stats *sandbox_flash_emul_stats(struct udevice *emul)
{
	return &((struct flash_emul *)dev_get_priv(emul))->stats;
}

const u8 *sandbox_flash_emul_data(struct udevice *emul, u64 *sizep)
{
	struct flash_emul *fe = dev_get_priv(emul);

	*sizep = fe->size;
	return fe->data;
}

static const struct udevice_id emul_ids[] = {
	{ .compatible = "sandbox,cfi-flash-emul" },
	{ }
};

EMBER_DRIVER(cfi_flash_emul) = {
	.name = "cfi_flash_emul",
	.id = UCLASS_FLASH_EMUL,
	.of_match = emul_ids,
	.probe = emul_probe,
	.remove = emul_remove,
	.priv_size = sizeof(struct flash_emul),
	.flags = DM_FLAG_PROBE_AFTER_BIND,
};

UCLASS_DRIVER(flash_emul) = {
	.name = "flash_emul",
	.id = UCLASS_FLASH_EMUL,
};
