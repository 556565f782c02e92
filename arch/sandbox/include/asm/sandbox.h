// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Sandbox-only state and hooks. */
#ifndef __ASM_SANDBOX_H
#define __ASM_SANDBOX_H

#include <compiler.h>
#include <types.h>

/**
 * struct sandbox_state - how ./ember was started
 * @cmds: commands given with -c, run instead of the interactive shell
 * @dtb_file: control DT given with -d, or NULL for the built-in one
 * @argv0: the program's path
 * @flash_file: backing file of the flash model, from --flash (or NULL:
 *	memory only)
 * @flash_cut: --flash-cut N: the flash model's power goes at its
 *	(N + 1)th program or erase (asm/flash_emul.h); -1 without
 * @virtio_blk: --virtio-blk FILE / --virtio-blk-ro FILE, in order: the
 *	disk of the virtio-blk model whose node says ember,disk = <n>
 *	(drivers/virtio/emul/virtio_emul_blk.c)
 * @virtio_blk_ro: that disk is read-only (--virtio-blk-ro)
 * @virtio_scsi: --virtio-scsi FILE / --virtio-scsi-ro FILE, in order: the
 *	media of the virtio-scsi model's units at target 0, LUN 0, 1, 2 ...
 *	(drivers/virtio/emul/virtio_emul_scsi.c)
 * @virtio_scsi_ro: that unit is write-protected (--virtio-scsi-ro)
 * @nvme: --nvme FILE, in order: the medium of the NVMe model's namespace
 *	whose node lists n in ember,ns-disk (drivers/block/emul/nvme_emul*.c)
 */
#define SANDBOX_MAX_ENV	16
#define SANDBOX_MAX_VIRTIO_BLK	5
#define SANDBOX_MAX_NVME	4
#define SANDBOX_MAX_VIRTIO_SCSI	8

struct sandbox_state {
	const char *cmds;
	const char *dtb_file;
	const char *argv0;
	const char *env[SANDBOX_MAX_ENV];	/* "name=value" from -e */
	int num_env;
	const char *flash_file;
	long long flash_cut;
	const char *virtio_blk[SANDBOX_MAX_VIRTIO_BLK];
	bool virtio_blk_ro[SANDBOX_MAX_VIRTIO_BLK];
	int num_virtio_blk;
	const char *virtio_scsi[SANDBOX_MAX_VIRTIO_SCSI];
	bool virtio_scsi_ro[SANDBOX_MAX_VIRTIO_SCSI];
	int num_virtio_scsi;
	const char *nvme[SANDBOX_MAX_NVME];
	int num_nvme;
};

struct sandbox_state *sandbox_state(void);
/**
 * sandbox_setup() - read the command line, map RAM, load the control DT
 * and fill in gd: everything before ember_main()
 * Return: 0; -1 when -h asked for the usage (printed); 1 or 2 on errors
 * (printed), to be the program's exit status
 */
int sandbox_setup(int argc, char *argv[]);
/** sandbox_quit() - leave the program with @status, output flushed */
void __noreturn sandbox_quit(int status);
/** sandbox_dma_init() - set up the DMA pool (arch/sandbox/dma.c) */
void sandbox_dma_init(void *start, unsigned long size);
/** sandbox_flush_output() - write buffered console output to the host */
void sandbox_flush_output(void);

#endif
