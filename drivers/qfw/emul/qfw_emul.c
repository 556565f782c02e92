// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Register-level model of QEMU's MMIO fw_cfg for the sandbox
 * (asm/qfw_emul.h). Items live in memory, one buffer per selector below
 * QFW_EMUL_ITEMS; the file directory is built from the files whenever it
 * is selected. A DMA request is carried out while its address is written,
 * on the sandbox's memory, as QEMU carries it out on the guest's.
 */
#include <asm/io.h>
#include <asm/qfw_emul.h>
#include <byteorder.h>
#include <dm.h>
#include <qfw.h>
#include <stdlib.h>
#include <string.h>

#define QFW_EMUL_ITEMS		0x40
#define QFW_EMUL_FILE0		0x20	/* files from here on */
#define REG_DATA		0x00
#define REG_SELECT		0x08
#define REG_DMA			0x10
#define DMA_SIGNATURE		0x51454d5520434647ULL
#define DMA_ERROR		0x01
#define DMA_READ		0x02
#define DMA_SKIP		0x04
#define DMA_SELECT		0x08

struct qfw_item {
	u8 *data;
	u32 len;
	char name[QFW_NAME_LEN];	/* files only */
};

struct qfw_emul {
	phys_addr_t base;
	struct qfw_item item[QFW_EMUL_ITEMS];
	u16 select;
	u32 off;			/* where the data register reads next */
	u32 dma_hi;			/* the DMA register's high half */
	bool dir_raw;			/* the directory as a test set it */
	bool dir_count_set;
	u32 dir_count;
	enum qfw_emul_fault fault;
	struct qfw_emul_stats stats;
};

static void item_set(struct qfw_item *it, u8 *data, u32 len)
{
	free(it->data);
	it->data = data;
	it->len = len;
}

/* The directory as the device gives it: a be32 count, then the entries */
static void build_dir(struct qfw_emul *q)
{
	u32 n = 0, count;
	u8 *buf, *e;

	for (int s = QFW_EMUL_FILE0; s < QFW_EMUL_ITEMS; s++)
		n += q->item[s].name[0] != '\0';
	buf = calloc(1, 4 + n * 64);
	if (!buf)
		return;
	count = q->dir_count_set ? q->dir_count : n;
	put_unaligned_be32(count, buf);
	e = buf + 4;
	for (int s = QFW_EMUL_FILE0; s < QFW_EMUL_ITEMS; s++) {
		if (!q->item[s].name[0])
			continue;
		put_unaligned_be32(q->item[s].len, e);
		e[4] = s >> 8;
		e[5] = s;
		memcpy(e + 8, q->item[s].name, QFW_NAME_LEN);
		e += 64;
	}
	item_set(&q->item[QFW_FILE_DIR], buf, 4 + n * 64);
}

static void do_select(struct qfw_emul *q, u16 select)
{
	q->select = select;
	q->off = 0;
	if (select == QFW_FILE_DIR && !q->dir_raw)
		build_dir(q);
}

/* Byte @i of the selected item from the current offset: 0 past its end */
static u8 item_byte(struct qfw_emul *q, u32 i)
{
	const struct qfw_item *it = q->select < QFW_EMUL_ITEMS ?
				    &q->item[q->select] : NULL;
	u64 at = (u64)q->off + i;

	return it && at < it->len ? it->data[at] : 0;
}

static void do_dma(struct qfw_emul *q, u64 addr)
{
	u8 *d = map_sysmem(addr, 16);
	u32 control = get_unaligned_be32(d);
	u32 len = get_unaligned_be32(d + 4);
	u64 dst = (u64)get_unaligned_be32(d + 8) << 32 |
		  get_unaligned_be32(d + 12);

	q->stats.dma++;
	if (q->fault == QFW_EMUL_DMA_STUCK)
		return;
	if (control & DMA_SELECT)
		do_select(q, control >> 16);
	if (control & DMA_READ) {
		u8 *p = map_sysmem(dst, len);

		for (u32 i = 0; i < len; i++)
			p[i] = item_byte(q, i);
	}
	if (control & (DMA_READ | DMA_SKIP))
		q->off += len;
	put_unaligned_be32(q->fault == QFW_EMUL_DMA_ERROR ? DMA_ERROR : 0, d);
}

static u64 emul_read(void *ctx, ulong off, int size)
{
	struct qfw_emul *q = ctx;
	u64 v = 0;

	if (off == REG_DATA && size <= 8) {
		q->stats.data_reads++;
		/* The item's bytes in order, whatever the access's width */
		for (int i = size - 1; i >= 0; i--)
			v = v << 8 | item_byte(q, i);
		q->off += size;
		return v;
	}
	if (off == REG_DMA && size == 8 && q->fault != QFW_EMUL_DMA_SIG_BAD)
		return cpu_to_be64(DMA_SIGNATURE);
	if (off != REG_DMA || size != 8)
		q->stats.violations++;
	return 0;
}

static void emul_write(void *ctx, ulong off, u64 val, int size)
{
	struct qfw_emul *q = ctx;

	if (off == REG_SELECT && size == 2)
		do_select(q, be16_to_cpu((u16)val));
	else if (off == REG_DMA && size == 8)
		do_dma(q, be64_to_cpu(val));
	else if (off == REG_DMA && size == 4)
		q->dma_hi = be32_to_cpu((u32)val);
	else if (off == REG_DMA + 4 && size == 4)
		do_dma(q, (u64)q->dma_hi << 32 | be32_to_cpu((u32)val));
	else
		q->stats.violations++;
}

static const struct sandbox_mmio_ops emul_ops = {
	.read = emul_read,
	.write = emul_write,
};

static void emul_clear(struct qfw_emul *q)
{
	for (int s = 0; s < QFW_EMUL_ITEMS; s++) {
		item_set(&q->item[s], NULL, 0);
		q->item[s].name[0] = '\0';
	}
	q->dir_raw = false;
	q->dir_count_set = false;
	q->fault = QFW_EMUL_WORKS;
	memset(&q->stats, 0, sizeof(q->stats));
}

void sandbox_qfw_emul_reset(struct udevice *emul)
{
	struct qfw_emul *q = dev_get_priv(emul);

	emul_clear(q);
	sandbox_qfw_emul_set(emul, QFW_SIGNATURE, "QEMU", 4);
	sandbox_qfw_emul_set_u32(emul, QFW_ID,
				 QFW_ID_TRADITIONAL | QFW_ID_DMA);
	sandbox_qfw_emul_set(emul, QFW_NB_CPUS, "\x02\x00", 2);
}

int sandbox_qfw_emul_set(struct udevice *emul, u16 select, const void *data,
			 u32 len)
{
	struct qfw_emul *q = dev_get_priv(emul);
	u8 *copy = NULL;

	if (select >= QFW_EMUL_ITEMS)
		return -EINVAL;
	if (len) {
		copy = malloc(len);
		if (!copy)
			return -ENOMEM;
		memcpy(copy, data, len);
	}
	item_set(&q->item[select], copy, len);
	if (select == QFW_FILE_DIR)
		q->dir_raw = true;
	return 0;
}

int sandbox_qfw_emul_set_u32(struct udevice *emul, u16 select, u32 val)
{
	__le32 v = cpu_to_le32(val);

	return sandbox_qfw_emul_set(emul, select, &v, sizeof(v));
}

int sandbox_qfw_emul_add_file(struct udevice *emul, const char *name,
			      const void *data, u32 len)
{
	struct qfw_emul *q = dev_get_priv(emul);

	for (int s = QFW_EMUL_FILE0; s < QFW_EMUL_ITEMS; s++) {
		struct qfw_item *it = &q->item[s];
		int ret;

		if (it->name[0])
			continue;
		ret = sandbox_qfw_emul_set(emul, s, data, len);
		if (!ret)
			strncpy(it->name, name, QFW_NAME_LEN);
		return ret;
	}
	return -ENOSPC;
}

void sandbox_qfw_emul_set_dir_count(struct udevice *emul, u32 count)
{
	struct qfw_emul *q = dev_get_priv(emul);

	q->dir_count_set = true;
	q->dir_count = count;
}

void sandbox_qfw_emul_fault(struct udevice *emul, enum qfw_emul_fault f)
{
	struct qfw_emul *q = dev_get_priv(emul);

	q->fault = f;
	if (f == QFW_EMUL_NO_DMA)
		sandbox_qfw_emul_set_u32(emul, QFW_ID, QFW_ID_TRADITIONAL);
	if (f == QFW_EMUL_BAD_MAGIC)
		sandbox_qfw_emul_set(emul, QFW_SIGNATURE, "QEMV", 4);
}

struct qfw_emul_stats *sandbox_qfw_emul_stats(struct udevice *emul)
{
	return &((struct qfw_emul *)dev_get_priv(emul))->stats;
}

struct udevice *sandbox_qfw_emul_get(const char *name)
{
	struct udevice *dev;

	return uclass_get_device_by_name(UCLASS_QFW_EMUL, name, &dev) ? NULL :
									dev;
}

static int emul_probe(struct udevice *dev)
{
	struct qfw_emul *q = dev_get_priv(dev);

	/* The window first: a node without one has nothing to free */
	int ret = sandbox_mmio_add_dt(dev, &emul_ops, q, &q->base);

	if (!ret)
		sandbox_qfw_emul_reset(dev);
	return ret;
}

static int emul_remove(struct udevice *dev)
{
	struct qfw_emul *q = dev_get_priv(dev);

	sandbox_mmio_remove(q->base);
	emul_clear(q);
	return 0;
}

static const struct udevice_id emul_ids[] = {
	{ .compatible = "sandbox,fw-cfg-emul" },
	{ }
};

EMBER_DRIVER(qfw_emul) = {
	.name = "qfw_emul",
	.id = UCLASS_QFW_EMUL,
	.of_match = emul_ids,
	.probe = emul_probe,
	.remove = emul_remove,
	.priv_size = sizeof(struct qfw_emul),
	.flags = DM_FLAG_PROBE_AFTER_BIND,
};

UCLASS_DRIVER(qfw_emul) = {
	.name = "qfw_emul",
	.id = UCLASS_QFW_EMUL,
};
