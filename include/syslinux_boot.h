// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Booting from a syslinux configuration (boot/syslinux_boot.c). */
#ifndef __SYSLINUX_BOOT_H
#define __SYSLINUX_BOOT_H

#include <syslinux.h>
#include <types.h>

/** struct syslinux_files - where a configuration's files come from */
struct syslinux_files {
	/* Load @path at @addr: 0 with *@sizep, or -errno (said already) */
	int (*getfile)(void *ctx, const char *path, ulong addr, u64 *sizep);
	void *ctx;
	const char *bootdir;	/* prefix of relative paths: "dir/" or "" */
	ulong scratch;		/* where syslinux_include() loads a file */
};

/**
 * syslinux_include() - a syslinux_include_fn for syslinux_parse(), @ctx
 * the struct syslinux_files: @path (relative to bootdir unless absolute)
 * fetched with getfile() at scratch, "Retrieving file: ..." first, and
 * copied out. Return: 0, -E2BIG (above SYSLINUX_MAX_TEXT), -ENOMEM or
 * getfile()'s error
 */
int syslinux_include(void *ctx, const char *path, char **textp,
		     size_t *lenp);

/**
 * syslinux_label_boot() - boot label @l (number @num, for the listing):
 * initrd to $ramdisk_addr_r, kernel to $kernel_addr_r, DT ('fdt', or
 * 'fdtdir' + $fdtfile) to $fdt_addr_r (else $fdt_addr) or else the control
 * DT, 'append' (with 'ipappend' 1: ip=$ipaddr:$serverip:$gatewayip:$netmask,
 * 2: BOOTIF=01-$ethaddr) as bootargs, then booti. Return: only on failure, -errno (said)
 */
int syslinux_label_boot(const struct syslinux_files *f,
			const struct syslinux_label *l, int num);

/**
 * syslinux_boot() - the menu ('prompt 1': shown, 'Enter choice:' with the
 * timeout; 'prompt 0': the default at once), then the chosen label, then
 * the others in order while each fails
 * @menu_only: print the menu and return 0 (sysboot -p)
 * Return: only on failure, -errno
 */
int syslinux_boot(struct syslinux_cfg *cfg, const struct syslinux_files *f,
		  bool menu_only);

/**
 * syslinux_boot_text() - parse @len bytes of @text (the configuration
 * @what, named in messages), then syslinux_boot() it with files from @f
 * Return: only on failure, -errno (said)
 */
int syslinux_boot_text(const char *text, size_t len, const char *what,
		       const struct syslinux_files *f, bool menu_only);

/**
 * syslinux_bootdir() - the directory of @path, its '/' kept ("" for a bare
 * name): what relative paths start from. malloc()ed, NULL without memory
 */
char *syslinux_bootdir(const char *path);

/** struct syslinux_disk - the partition a configuration's files are on */
struct syslinux_disk {
	const char *if_name;	/* "virtio" */
	const char *dev_part;	/* "0:1" */
};

/**
 * syslinux_disk_getfile() - a getfile() for struct syslinux_files, @ctx a
 * struct syslinux_disk: 'load' from that partition, with its output
 */
int syslinux_disk_getfile(void *ctx, const char *path, ulong addr,
			  u64 *sizep);

#define PXE_PATH_MAX	255	/* a TFTP file name, as the server takes it */

/**
 * pxe_get_cfg() - what 'pxe get' does (cmd/pxe.c): find the pxelinux.cfg
 * for this client over the network and leave it at @addr, NUL-ended
 * @found: PXE_PATH_MAX + 1 bytes, receives its path
 * Return: 0, -ENOENT (none, said), -EINTR, -ENOMEM
 */
int pxe_get_cfg(ulong addr, char *found);

#endif
