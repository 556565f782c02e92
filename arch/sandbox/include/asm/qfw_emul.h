// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Test hooks of the sandbox's fw_cfg model (drivers/qfw/emul/qfw_emul.c),
 * a device of UCLASS_QFW_EMUL. A DT node
 *   compatible = "sandbox,fw-cfg-emul";
 *   ember,window = <base size>;   where the "qemu,fw-cfg-mmio" node is
 * models QEMU's MMIO fw_cfg at register level: the "QEMU" signature, the
 * feature bits (data register and DMA), the big-endian selector and DMA
 * registers, the data register giving an item's bytes in order at any
 * width, and DMA requests (select, read, skip) done while the register
 * write runs, as QEMU does them. Each start of the model holds: the
 * signature, the features, 2 CPUs and an empty file directory; no kernel.
 * An item's bytes past its end read as 0.
 */
#ifndef __ASM_QFW_EMUL_H
#define __ASM_QFW_EMUL_H

#include <types.h>

struct udevice;

/** enum qfw_emul_fault - what goes wrong, set by tests */
enum qfw_emul_fault {
	QFW_EMUL_WORKS = 0,
	QFW_EMUL_DMA_ERROR,	/* DMA requests end with the error bit */
	QFW_EMUL_DMA_STUCK,	/* DMA requests never end */
	QFW_EMUL_NO_DMA,	/* the feature bits offer no DMA */
	QFW_EMUL_DMA_SIG_BAD,	/* DMA offered, its register reads 0 */
	QFW_EMUL_BAD_MAGIC,	/* the signature is not "QEMU" */
};

/** struct qfw_emul_stats - what the model saw, for assertions */
struct qfw_emul_stats {
	u32 dma;		/* DMA requests */
	u32 data_reads;		/* accesses to the data register */
	u32 violations;		/* accesses of a width the register lacks */
};

/** sandbox_qfw_emul_get() - the model whose DT node is @name, probed */
struct udevice *sandbox_qfw_emul_get(const char *name);
/** sandbox_qfw_emul_reset() - back to how each start holds it */
void sandbox_qfw_emul_reset(struct udevice *emul);
/**
 * sandbox_qfw_emul_set() - item @select holds @len bytes copied from @data
 * (@len 0: the item is empty). Setting QFW_FILE_DIR replaces the
 * directory built from the files until the next reset.
 * Return: 0, -ENOMEM, or -EINVAL (a selector the model does not keep)
 */
int sandbox_qfw_emul_set(struct udevice *emul, u16 select, const void *data,
			 u32 len);
/** sandbox_qfw_emul_set_u32() - item @select holds @val, little-endian */
int sandbox_qfw_emul_set_u32(struct udevice *emul, u16 select, u32 val);
/**
 * sandbox_qfw_emul_add_file() - a named file of @len bytes from @data,
 * at the next free selector from 0x20, listed in the directory
 * Return: 0, -ENOSPC, -ENOMEM
 */
int sandbox_qfw_emul_add_file(struct udevice *emul, const char *name,
			      const void *data, u32 len);
/**
 * sandbox_qfw_emul_set_dir_count() - the directory's count field says
 * @count whatever the files are (a lying device)
 */
void sandbox_qfw_emul_set_dir_count(struct udevice *emul, u32 count);
void sandbox_qfw_emul_fault(struct udevice *emul, enum qfw_emul_fault f);
struct qfw_emul_stats *sandbox_qfw_emul_stats(struct udevice *emul);

#endif
