// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * QEMU 'virt' machine (aarch64). Everything about the machine is read from
 * the device tree QEMU generates, so the board code is small. For
 * reference, the memory map Ember meets there:
 *
 *   0x0000_0000  flash 0 (ember.bin, via -bios) and flash 1, 64 MiB each
 *   0x0800_0000  GIC (v2 distributor + CPU interface, or v3 + ITS/redists)
 *   0x0900_0000  PL011 UART (console and debug UART), then RTC, fw_cfg, GPIO
 *   0x0a00_0000  32 virtio-mmio slots of 0x200 bytes
 *   0x1000_0000  PCIe MMIO window (32-bit), PCIe I/O at 0x3eff_0000
 *   0x4000_0000  RAM; QEMU puts the device tree at its start
 *   0x40_1000_0000  PCIe ECAM, 0x80_0000_0000 PCIe 64-bit MMIO window
 */
#include <asm/board.h>
#include <dm/ofnode.h>
#include <env.h>
#include <init.h>
#include <stdio.h>

void board_print_bdinfo(void)
{
	const char *model = ofnode_read_string(ofnode_root(), "model");

	printf("%-12s= QEMU virt (%s)\n", "board", model ? model : "?");
}

void board_late_init(void)
{
}

void board_main_loop_init(void)
{
}

/*
 * The load addresses are common (common/Kconfig), except that the DT's is
 * named as in U-Boot's qemu-arm environment: fdt_addr, where QEMU puts
 * its DT, and no fdt_addr_r (its empty entry here removes the common
 * one). bootcmd boots Linux over the network (doc/usage/booting.md):
 * DHCP, the kernel ${bootfile}, an optional initrd.img, then booti with
 * the control DT. A failing step stops the chain with its own message
 * and the prompt comes back.
 */
const char *const board_default_env[] = {
	"fdt_addr=0x40000000",
	"fdt_addr_r=",
	"bootfile=Image",
	"bootcmd=run boot_net",
	"boot_net=setenv autoload no; dhcp && "
		"tftpboot ${kernel_addr_r} ${bootfile} && run boot_initrd && "
		"booti ${kernel_addr_r} ${boot_rd}",
	"boot_initrd=if tftpboot ${ramdisk_addr_r} initrd.img; then "
		"setenv boot_rd ${ramdisk_addr_r}:${filesize}; else "
		"setenv boot_rd -; "
		"echo no initrd.img: booting without an initrd; fi",
	NULL
};
