// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The syslinux configuration format, as extlinux.conf (disk boot,
 * 'sysboot') and pxelinux.cfg (network boot, 'pxe') use it: labels with a
 * kernel, an initrd, a command line and a device tree, a default, a menu
 * with a timeout. The parser knows nothing of where the text came from;
 * 'include' is resolved through the caller's callback. The text is
 * hostile: lines, values, labels, include depth and the number of includes
 * are bounded, and Ctrl-C stops the includes.
 */
#ifndef __SYSLINUX_H
#define __SYSLINUX_H

#include <types.h>

#define SYSLINUX_MAX_LABELS	64
#define SYSLINUX_MAX_VALUE	1024	/* bytes of one value, NUL included */
#define SYSLINUX_MAX_INCLUDE	4	/* 'include' depth */
#define SYSLINUX_MAX_INCLUDES	16	/* 'include's read in all */
#define SYSLINUX_MAX_TEXT	(64 * 1024)

struct syslinux_label {
	char *name;		/* 'label' */
	char *menu;		/* 'menu label', or NULL */
	char *kernel;		/* 'kernel' / 'linux' */
	char *initrd;
	char *append;
	char *fdt;		/* 'fdt' / 'devicetree' */
	char *fdtdir;		/* 'fdtdir' / 'devicetreedir' */
	int ipappend;		/* 'ipappend' flags (PXE) */
	bool localboot;		/* 'localboot': no kernel, boot locally */
};

struct syslinux_cfg {
	char *title;		/* 'menu title' */
	char *default_label;	/* 'default', or a label's 'menu default' */
	int timeout;		/* tenths of a second; 0: none */
	bool prompt;		/* 'prompt 1' */
	int nlabels;
	struct syslinux_label labels[SYSLINUX_MAX_LABELS];
};

/**
 * typedef syslinux_include_fn - fetch the file an 'include' names
 * Return: 0 with *@textp (malloc()ed, the caller frees) and *@lenp, or
 * -errno (the include is skipped with a message)
 */
typedef int (*syslinux_include_fn)(void *ctx, const char *path,
				   char **textp, size_t *lenp);

/**
 * syslinux_parse() - read @len bytes of @text into @cfg (zeroed first)
 * @inc: resolves 'include' (NULL: includes are skipped with a message)
 * Unknown keywords are skipped with U-Boot's message.
 * Return: 0, -E2BIG (too many labels, a text or value too long), -ENOMEM;
 * @cfg holds what was read before the error either way: free it with
 * syslinux_free()
 */
int syslinux_parse(const char *text, size_t len, struct syslinux_cfg *cfg,
		   syslinux_include_fn inc, void *ctx);

/** syslinux_free() - free what @cfg holds */
void syslinux_free(struct syslinux_cfg *cfg);

/**
 * syslinux_default() - the label to boot without a choice: 'default' or
 * 'menu default' by name, else the first label; NULL without labels
 */
struct syslinux_label *syslinux_default(struct syslinux_cfg *cfg);

#endif
