// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Test hooks of the sandbox's NOR flash model
 * (drivers/mtd/emul/cfi_flash_emul.c), a device of UCLASS_FLASH_EMUL. A DT
 * node
 *   compatible = "sandbox,cfi-flash-emul";
 *   ember,banks = <base size ...>;   one bank per window of the
 *                                    "cfi-flash" node's 'reg'
 *   ember,block-size = <bytes>;      erase block of one device
 * models, at register level, the Intel command-set CFI flash of QEMU's
 * virt machine: each bank is a 32-bit bus of two interleaved x16 devices
 * with its own command state, a CFI query table of the same shape as
 * QEMU's, and NOR semantics (a program ANDs, an erase sets a block of
 * both devices to 0xff). The contents are the banks end to end: in memory
 * (erased at each start of the model), or in the file given with the
 * sandbox's --flash option, mapped so that every program and erase is in
 * the file at once. The command-line option --flash-cut N arms a power cut
 * (below) once per run, when the model first starts.
 *
 * Offsets here are from the start of the first bank, as the flash
 * uclass's are. An "operation" is a word program (0x40 or 0x10, then the
 * data) or a block erase (0x20, then 0xd0): each counts once when it
 * starts, whatever its fate. A status read returns the status in both
 * lanes; after an operation the bank stays in status mode until 0xff.
 *
 * The model is strict where QEMU is lax, and counts as a violation:
 * an access that is not 32 bits wide and aligned, a command that is not
 * the same in both lanes, an unknown command (buffered writes, 0xe8,
 * included), and anything but 0xd0 or 0xff after an erase setup.
 */
#ifndef __ASM_FLASH_EMUL_H
#define __ASM_FLASH_EMUL_H

#include <types.h>

struct udevice;

/** struct flash_emul_stats - what the model saw, for assertions */
struct flash_emul_stats {
	u32 programs;		/* word programs started while powered */
	u32 erases;		/* block erases started while powered */
	u32 torn;		/* operations torn by a power cut */
	u32 ignored;		/* writes dropped while the power was off */
	u32 violations;		/* protocol rules broken (above) */
};

/** enum flash_emul_fail - how a failing operation fails */
enum flash_emul_fail {
	FLASH_EMUL_WORKS = 0,	/* it does not: the fault is off */
	FLASH_EMUL_ERROR,	/* error status (erase 0x20, program 0x10), contents untouched */
	FLASH_EMUL_SILENT,	/* status says done, contents untouched */
};

/* sandbox_flash_emul_set_busy(): never ready again */
#define FLASH_EMUL_STUCK	0xffffffffU

/** sandbox_flash_emul_get() - the model whose DT node is @name, probed */
struct udevice *sandbox_flash_emul_get(const char *name);

/**
 * sandbox_flash_emul_power_cut() - let @ops more operations complete; the
 * next one is torn and the power goes with it:
 *   - a torn erase leaves the first half of its block 0xff and the rest as
 *     it was;
 *   - a torn program programs the low lane of its word only (bytes 0 and
 *     1, ANDed as usual) and leaves bytes 2 and 3 as they were.
 * Without power every write is ignored and every read returns 0, as the
 * sandbox's empty bus does: the driver sees a bank that never becomes
 * ready. Calling it again re-arms it; restoring the power disarms it.
 */
void sandbox_flash_emul_power_cut(struct udevice *emul, u32 ops);
/**
 * sandbox_flash_emul_power_restore() - power on again: every bank in
 * read-array mode with a clear status, the cut disarmed, the contents as
 * the cut left them. What a reboot does to the device.
 */
void sandbox_flash_emul_power_restore(struct udevice *emul);
/** sandbox_flash_emul_power_is_off() - a cut happened and was not restored */
bool sandbox_flash_emul_power_is_off(struct udevice *emul);

/**
 * sandbox_flash_emul_flip_bit() - flip bit @bit (0-7) of the byte at @off
 * in the stored contents (and the file), as decay would
 * Return: 0, or -EINVAL when @off or @bit is out of range
 */
int sandbox_flash_emul_flip_bit(struct udevice *emul, u64 off, uint bit);

/**
 * sandbox_flash_emul_fail_erase() - erases of every block that meets
 * [@off, @off + @len) fail @how (FLASH_EMUL_WORKS, or @len 0, ends it);
 * one range at a time
 * Return: 0, or -EINVAL when the range is outside the flash
 */
int sandbox_flash_emul_fail_erase(struct udevice *emul, u64 off, u64 len,
				  enum flash_emul_fail how);
/**
 * sandbox_flash_emul_fail_program() - programs of every word that meets
 * [@off, @off + @len) fail @how; as above
 */
int sandbox_flash_emul_fail_program(struct udevice *emul, u64 off, u64 len,
				    enum flash_emul_fail how);

/**
 * sandbox_flash_emul_set_busy() - after each later operation, the status
 * reads busy (bit 7 clear) @reads times before it reads ready; 0 ends it,
 * FLASH_EMUL_STUCK never lets it read ready. The operation itself takes
 * effect at once.
 */
void sandbox_flash_emul_set_busy(struct udevice *emul, u32 reads);

/**
 * sandbox_flash_emul_set_cfi() - set byte @idx of the CFI query table of
 * every bank to @val (a device the driver must refuse); the driver sees it
 * at its next probe. Return: 0, or -EINVAL when @idx is outside the table
 */
int sandbox_flash_emul_set_cfi(struct udevice *emul, uint idx, u8 val);

/** sandbox_flash_emul_stats() - the counters (the test may reset them) */
struct flash_emul_stats *sandbox_flash_emul_stats(struct udevice *emul);

/**
 * sandbox_flash_emul_data() - the stored contents, bypassing the bus (and
 * the power), and their size in *@sizep
 */
const u8 *sandbox_flash_emul_data(struct udevice *emul, u64 *sizep);

#endif
