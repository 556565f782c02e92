// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Sandbox board: default environment. RAM is at CONFIG_SANDBOX_RAM_BASE. */
#include <env.h>
#include <version.h>


const char *const board_default_env[] = {
	"loadaddr=0x40200000",
	"kernel_addr_r=0x40400000",
	"fdt_addr_r=0x40000000",
	"ramdisk_addr_r=0x44000000",
	"scriptaddr=0x40200000",
	"kernel_comp_addr_r=0x48000000",
	"kernel_comp_size=0x4000000",
	"bootdelay=-1",
	NULL
};
