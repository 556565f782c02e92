// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox start-up: parse the command line, map 'physical' RAM at
 * CONFIG_SANDBOX_RAM_BASE, place the control DT at the start of RAM (as QEMU
 * does on qemu_arm64) and fill in gd (sandbox_setup()). main() (main.c)
 * then enters the common code; a fuzz harness (test/fuzz/) brings up what
 * it needs itself.
 */
#include <asm/os.h>
#include <asm/sandbox.h>
#include <debug_uart.h>
#include <global_data.h>
#include <init.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char __dtb_start[], __dtb_end[];

static struct global_data gd_storage;
struct global_data *gd = &gd_storage;
static struct sandbox_state state;

struct sandbox_state *sandbox_state(void)
{
	return &state;
}

static void usage(const char *prog)
{
	printf("usage: %s [-c \"commands\"] [-d file.dtb] [-e name=value]...\n"
	       "          [--flash file] [--flash-cut N]\n"
	       "          [--virtio-blk file | --virtio-blk-ro file]...\n"
	       "          [--virtio-scsi file | --virtio-scsi-ro file]...\n"
	       "          [--nvme file]...\n"
	       "  -c  run the commands, then exit with the last one's status\n"
	       "  -d  use this control device tree instead of the built-in one\n"
	       "  -e  set a variable after the default environment (up to %d)\n"
	       "  --flash      keep the flash model's contents in this file\n"
	       "               (created, erased, when missing)\n"
	       "  --flash-cut  cut the flash model's power at its (N+1)th\n"
	       "               program or erase, which is torn\n"
	       "  --virtio-blk  a host file as the disk of the next virtio-blk\n"
	       "               model (up to %d): the Nth is virtio N-1, 0 and 1\n"
	       "               on virtio-mmio, 2 to 4 on virtio-pci. A disk\n"
	       "               not given is 4 MiB of zeroes\n"
	       "  --virtio-blk-ro  the same, read-only\n"
	       "  --virtio-scsi  a host file as the next unit of the\n"
	       "               virtio-scsi model (up to %d), at target 0,\n"
	       "               LUN 0, 1 ...: the Nth is scsi N-1\n"
	       "  --virtio-scsi-ro  the same, write-protected\n"
	       "  --nvme       a host file as the medium of the next NVMe\n"
	       "               namespace (up to %d): the Nth backs the\n"
	       "               namespace whose ember,ns-disk is N-1. One not\n"
	       "               given is memory of zeroes\n",
	       prog, SANDBOX_MAX_ENV, SANDBOX_MAX_VIRTIO_BLK,
	       SANDBOX_MAX_VIRTIO_SCSI, SANDBOX_MAX_NVME);
}

static int parse_args(int argc, char *argv[])
{
	unsigned long long n;

	state.argv0 = argv[0];
	state.flash_cut = -1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--flash") && i + 1 < argc) {
			state.flash_file = argv[++i];
		} else if (!strcmp(argv[i], "--flash-cut") && i + 1 < argc &&
			   !str_to_u64(argv[i + 1], 10, &n) && n < 1ULL << 32) {
			state.flash_cut = n;
			i++;
		} else if ((!strcmp(argv[i], "--virtio-blk") ||
			    !strcmp(argv[i], "--virtio-blk-ro")) &&
			   i + 1 < argc &&
			   state.num_virtio_blk < SANDBOX_MAX_VIRTIO_BLK) {
			state.virtio_blk_ro[state.num_virtio_blk] =
				!strcmp(argv[i], "--virtio-blk-ro");
			state.virtio_blk[state.num_virtio_blk++] = argv[++i];
		} else if ((!strcmp(argv[i], "--virtio-scsi") ||
			    !strcmp(argv[i], "--virtio-scsi-ro")) &&
			   i + 1 < argc &&
			   state.num_virtio_scsi < SANDBOX_MAX_VIRTIO_SCSI) {
			state.virtio_scsi_ro[state.num_virtio_scsi] =
				!strcmp(argv[i], "--virtio-scsi-ro");
			state.virtio_scsi[state.num_virtio_scsi++] = argv[++i];
		} else if (!strcmp(argv[i], "--nvme") && i + 1 < argc &&
			   state.num_nvme < SANDBOX_MAX_NVME) {
			state.nvme[state.num_nvme++] = argv[++i];
		} else if (!strcmp(argv[i], "-c") && i + 1 < argc) {
			state.cmds = argv[++i];
		} else if (!strcmp(argv[i], "-d") && i + 1 < argc) {
			state.dtb_file = argv[++i];
		} else if (!strcmp(argv[i], "-e") && i + 1 < argc &&
			   state.num_env < SANDBOX_MAX_ENV &&
			   strchr(argv[i + 1], '=')) {
			state.env[state.num_env++] = argv[++i];
		} else {
			usage(argv[0]);
			return strcmp(argv[i], "-h") ? -1 : 1;
		}
	}
	return 0;
}

static int load_dtb(void *dst, unsigned long max)
{
	const void *src = __dtb_start;
	void *file = NULL;
	unsigned long size = __dtb_end - __dtb_start;
	int ret;

	if (state.dtb_file) {
		ret = os_read_file(state.dtb_file, max, &file, &size);
		if (ret) {
			printf("ember: cannot read %s: error %d\n",
			       state.dtb_file, ret);
			return ret;
		}
		src = file;
	}
	ret = fdt_check_header(src);
	if (ret || fdt_totalsize(src) > size) {
		printf("ember: %s is not a valid device tree\n",
		       state.dtb_file ? state.dtb_file : "built-in DT");
		free(file);
		return -1;
	}
	memcpy(dst, src, fdt_totalsize(src));
	free(file);
	return 0;
}

int sandbox_setup(int argc, char *argv[])
{
	ulong base = CONFIG_SANDBOX_RAM_BASE;
	int ret;

	ret = parse_args(argc, argv);
	if (ret)
		return ret < 0 ? 2 : -1;
	ret = os_map_fixed(base, CONFIG_SANDBOX_RAM_SIZE);
	if (ret) {
		printf("ember: cannot map RAM at %#lx: error %d\n", base, ret);
		return 1;
	}
	if (load_dtb((void *)base, 1 << 20))
		return 1;
	gd->fdt_blob = (void *)base;
	gd->ram_base = base;
	gd->ram_size = CONFIG_SANDBOX_RAM_SIZE;
	/*
	 * Ember's code and heap are host memory; the top of RAM holds the
	 * DMA pool devices use, reserved like Ember's image on hardware.
	 */
	gd->reloc_addr = base + CONFIG_SANDBOX_RAM_SIZE - CONFIG_SANDBOX_DMA_SIZE;
	gd->reloc_end = base + CONFIG_SANDBOX_RAM_SIZE;
	sandbox_dma_init((void *)gd->reloc_addr, CONFIG_SANDBOX_DMA_SIZE);
	gd->boot_time_us = os_get_us();
	return 0;
}
