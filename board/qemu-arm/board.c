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
 * one). bootcmd tries, as U-Boot's distro boot does, the kernel given to
 * QEMU with -kernel (qfw: doc/usage/qfw.md), then each virtio disk in
 * turn, then each NVMe disk, then each SCSI disk (on each partition listed bootable, else the
 * first: an extlinux/extlinux.conf, then a boot.scr, under / and
 * /boot/), then the network (doc/usage/booting.md): DHCP, then a
 * pxelinux.cfg ('pxe get', 'pxe boot', over HTTP when ${bootfile} is a
 * URL), else the kernel ${bootfile} (by wget when it is a URL), an
 * optional initrd.img, then booti with the control DT. Each step says in
 * one line what it tried and why it moves on.
 */
const char *const board_default_env[] = {
	"fdt_addr=0x40000000",
	"fdt_addr_r=",
	"bootfile=Image",
	"boot_targets=qfw virtio0 virtio1 virtio2 virtio3 nvme0 nvme1 scsi0 scsi1 "
		"net",
	"bootcmd=run distro_bootcmd",
	"distro_bootcmd=for target in ${boot_targets}; do "
		"run bootcmd_${target}; done",
	/* QEMU's -kernel, -initrd and -append, as U-Boot's qfw target */
	"bootcmd_qfw=if qfw load ${kernel_addr_r} ${ramdisk_addr_r}; then "
		"if test ${filesize} = 0; then setenv boot_rd -; else "
		"setenv boot_rd ${ramdisk_addr_r}:${filesize}; fi; "
		"booti ${kernel_addr_r} ${boot_rd}; "
		"echo QFW boot failed: continuing...; fi",
	"bootcmd_virtio0=devnum=0; run virtio_boot",
	"bootcmd_virtio1=devnum=1; run virtio_boot",
	"bootcmd_virtio2=devnum=2; run virtio_boot",
	"bootcmd_virtio3=devnum=3; run virtio_boot",
	"bootcmd_nvme0=devnum=0; run nvme_boot",
	"bootcmd_nvme1=devnum=1; run nvme_boot",
	"bootcmd_scsi0=devnum=0; run scsi_boot",
	"bootcmd_scsi1=devnum=1; run scsi_boot",
	"bootcmd_net=echo Booting from the network...; run boot_net",
	"virtio_boot=if virtio dev ${devnum}; then devtype=virtio; "
		"run scan_dev_for_boot_part; fi",
	"nvme_boot=if nvme dev ${devnum}; then devtype=nvme; "
		"run scan_dev_for_boot_part; fi",
	"scsi_boot=if scsi dev ${devnum}; then devtype=scsi; "
		"run scan_dev_for_boot_part; fi",
	"scan_dev_for_boot_part=part list ${devtype} ${devnum} -bootable "
		"devplist; env exists devplist || setenv devplist 1; "
		"for distro_bootpart in ${devplist}; do "
		"if fstype ${devtype} ${devnum}:${distro_bootpart} bootfstype; "
		"then run scan_dev_for_boot; else echo ${devtype} "
		"${devnum}:${distro_bootpart}: no filesystem to boot from; fi; "
		"done; setenv devplist",
	"scan_dev_for_boot=echo Scanning ${devtype} "
		"${devnum}:${distro_bootpart}...; for prefix in ${boot_prefixes}; "
		"do run scan_dev_for_extlinux; run scan_dev_for_scripts; done; "
		"echo ${devtype} ${devnum}:${distro_bootpart}: nothing booted",
	"scan_dev_for_extlinux=if test -e ${devtype} "
		"${devnum}:${distro_bootpart} ${prefix}${boot_syslinux_conf}; "
		"then echo Found ${prefix}${boot_syslinux_conf}; "
		"run boot_extlinux; echo EXTLINUX FAILED: continuing...; fi",
	"boot_extlinux=sysboot ${devtype} ${devnum}:${distro_bootpart} any "
		"${scriptaddr} ${prefix}${boot_syslinux_conf}",
	"scan_dev_for_scripts=for script in ${boot_scripts}; do "
		"if test -e ${devtype} ${devnum}:${distro_bootpart} "
		"${prefix}${script}; then echo Found U-Boot script "
		"${prefix}${script}; run boot_a_script; "
		"echo SCRIPT FAILED: continuing...; fi; done",
	"boot_a_script=load ${devtype} ${devnum}:${distro_bootpart} "
		"${scriptaddr} ${prefix}${script}; source ${scriptaddr}",
	"boot_prefixes=/ /boot/",
	"boot_scripts=boot.scr.uimg boot.scr",
	"boot_syslinux_conf=extlinux/extlinux.conf",
	"boot_net=setenv autoload no; if dhcp; then run boot_pxe; "
		"run boot_bootfile; fi",
	"boot_pxe=if pxe get; then pxe boot; "
		"echo PXE boot failed: trying the boot file ${bootfile}; else "
		"echo No PXE configuration: trying the boot file ${bootfile}; fi",
	/* An http:// boot file (DHCP option 67 for an HTTPClient): wget */
	"boot_bootfile=if test \"${bootfile}\" > http:// && "
		"test \"${bootfile}\" < http:/0; then run boot_http; else "
		"tftpboot ${kernel_addr_r} ${bootfile} && run boot_initrd && "
		"booti ${kernel_addr_r} ${boot_rd}; fi",
	"boot_http=wget ${kernel_addr_r} ${bootfile} && "
		"booti ${kernel_addr_r}",
	"boot_initrd=if tftpboot ${ramdisk_addr_r} initrd.img; then "
		"setenv boot_rd ${ramdisk_addr_r}:${filesize}; else "
		"setenv boot_rd -; "
		"echo no initrd.img: booting without an initrd; fi",
	NULL
};
