// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * pxe get / pxe boot [pxefile_addr_r]: network boot from a pxelinux.cfg
 * tree, with U-Boot's syntax and output. 'pxe get' looks for the
 * configuration over TFTP in pxelinux's order and leaves it at
 * $pxefile_addr_r; 'pxe boot' reads it there with the syslinux parser
 * shared with sysboot (boot/syslinux.c) and boots a label, its files
 * fetched over TFTP. Paths are relative to $pxelinux_pathprefix (DHCP
 * option 210) or else to the directory of $bootfile.
 */
#include <asm/io.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <memmap.h>
#include <net.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslinux.h>
#include <syslinux_boot.h>

#define PXE_DIR		"pxelinux.cfg/"

/* A variable U-Boot's pxe must have: its value, or NULL, said */
static const char *from_env(const char *name)
{
	const char *v = env_get(name);

	if (!v)
		printf("missing environment variable: %s\n", name);
	return v;
}

static bool is_url(const char *s)
{
	return !strncmp(s, "http://", 7);
}

/*
 * Whether the URL in $bootfile names a configuration rather than a
 * kernel: its last part ends in .cfg or .conf, or it is under a
 * pxelinux.cfg/ directory
 */
static bool url_names_config(const char *url)
{
	const char *base = strrchr(url, '/') + 1, *dot = strrchr(base, '.');

	return (dot && (!strcmp(dot, ".cfg") || !strcmp(dot, ".conf"))) ||
	       strstr(url, "/" PXE_DIR);
}

/*
 * getfile(): 'tftpboot addr path', or 'wget addr path' when the boot
 * directory is a URL (HTTP boot); their output is U-Boot's
 */
static int pxe_getfile(void *ctx, const char *path, ulong addr, u64 *sizep)
{
	char cmd[PXE_PATH_MAX + 64];

	if (!cmd_quotable(path)) {
		printf("pxe: refusing a file name with quotes or control characters\n");
		return -EINVAL;
	}
	if (strlen(path) > PXE_PATH_MAX) {
		printf("pxe: file name too long (%zu bytes; at most %d)\n",
		       strlen(path), PXE_PATH_MAX);
		return -ENAMETOOLONG;
	}
	snprintf(cmd, sizeof(cmd), "%s %lx '%s'",
		 is_url(path) ? "wget" : "tftpboot", addr, path);
	if (run_command(cmd, 0))
		return -ENOENT;
	*sizep = env_get_hex("filesize", 0);
	return 0;
}

/*
 * The directory relative paths start from: $pxelinux_pathprefix (option
 * 210) as it is, else $bootfile's directory (an http:// URL's for HTTP
 * boot), else none. malloc()ed.
 */
static char *pxe_bootdir(void)
{
	const char *prefix = env_get("pxelinux_pathprefix");
	const char *bootfile = env_get("bootfile");
	const char *slash;

	if (prefix)
		return strdup(prefix);
	slash = bootfile ? strrchr(bootfile, '/') : NULL;
	if (slash && is_url(bootfile) && slash < bootfile + 7)
		slash = NULL;	/* "http://host": no path */
	return slash ? strndup(bootfile, slash - bootfile + 1) : strdup("");
}

/*
 * One candidate, @dir@name under the boot directory (absolute or not, as
 * U-Boot's pxe does): 0 with its path in @found, or the error (said)
 */
static int pxe_try(struct syslinux_files *f, const char *dir,
		   const char *name, ulong addr, u64 *sizep, char *found)
{
	char path[PXE_PATH_MAX + 1];
	int ret;

	if (snprintf(path, sizeof(path), "%s%s%s", f->bootdir, dir, name) >=
	    (int)sizeof(path)) {
		printf("path (%s%s%s) too long, skipping\n", f->bootdir, dir,
		       name);
		return -ENAMETOOLONG;
	}
	printf("Retrieving file: %s\n", path);
	ret = pxe_getfile(f->ctx, path, addr, sizep);
	if (!ret)
		strcpy(found, path);
	return ret;
}

/*
 * pxelinux's order: option 209's file, then pxelinux.cfg/ with the
 * client's UUID, 01-<MAC>, the IP address in hexadecimal shortened one
 * digit at a time, default-arm and default. *@sizep the file's size,
 * @found (PXE_PATH_MAX + 1 bytes) its path.
 * Return: 0, -ENOENT (none), -EINTR (Ctrl-C)
 */
static int pxe_find(struct syslinux_files *f, ulong addr, u64 *sizep,
		    char *found)
{
	static const char *const defaults[] = { "default-arm", "default" };
	const char *cfgfile = env_get("pxelinux_configfile");
	const char *uuid, *mac, *ip;
	char name[32];
	u32 ipv;

	const char *bootfile = env_get("bootfile");

	if (cfgfile && !pxe_try(f, "", cfgfile, addr, sizep, found))
		return 0;
	/* HTTP boot: a URL naming a configuration is that configuration */
	if (bootfile && is_url(bootfile) && url_names_config(bootfile) &&
	    strlen(bootfile) <= PXE_PATH_MAX) {
		printf("Retrieving file: %s\n", bootfile);
		if (!pxe_getfile(f->ctx, bootfile, addr, sizep)) {
			strcpy(found, bootfile);
			return 0;
		}
	}
	uuid = from_env("pxeuuid");
	if (uuid && !pxe_try(f, PXE_DIR, uuid, addr, sizep, found))
		return 0;
	mac = env_get("ethaddr");
	if (mac && strlen(mac) == 17) {
		int n = snprintf(name, sizeof(name), "01-");

		for (const char *m = mac; *m; m++)
			name[n++] = *m == ':' ? '-' : (*m | 0x20);
		name[n] = '\0';
		if (!pxe_try(f, PXE_DIR, name, addr, sizep, found))
			return 0;
	}
	if (had_ctrlc())
		return -EINTR;
	ip = env_get("ipaddr");
	if (ip && !string_to_ip(ip, &ipv)) {
		snprintf(name, sizeof(name), "%08X", ipv);
		for (int len = 8; len > 0; len--) {
			name[len] = '\0';
			if (!pxe_try(f, PXE_DIR, name, addr, sizep, found))
				return 0;
			if (had_ctrlc())
				return -EINTR;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++) {
		if (!pxe_try(f, PXE_DIR, defaults[i], addr, sizep, found))
			return 0;
		if (had_ctrlc())
			return -EINTR;
	}
	return -ENOENT;
}

int pxe_get_cfg(ulong addr, char *found)
{
	struct syslinux_files f = { pxe_getfile };
	char *bootdir = pxe_bootdir();
	u64 size;
	int ret;

	if (!bootdir) {
		printf("pxe: out of memory\n");
		return -ENOMEM;
	}
	f.bootdir = bootdir;
	ret = pxe_find(&f, addr, &size, found);
	free(bootdir);
	if (ret) {
		printf("Config file not found\n");
		return ret;
	}
	/* Ended with a NUL where there is room, for 'pxe boot' to find */
	if (size < SYSLINUX_MAX_TEXT && !mem_check_load(addr + size, 1))
		*(char *)map_sysmem(addr + size, 1) = '\0';
	printf("Config file '%s' found\n", found);
	return 0;
}

/* The configuration at @addr, up to its NUL, parsed, then a label booted */
static int pxe_boot(struct syslinux_files *f, ulong addr)
{
	const char *text;
	size_t len, room = SYSLINUX_MAX_TEXT + 1;

	while (room && mem_check_read(addr, room))
		room /= 2;
	if (!room) {
		printf("pxe: no configuration can be read at %lx\n", addr);
		return -EFAULT;
	}
	text = map_sysmem(addr, room);
	len = strnlen(text, room);
	if (len == room) {
		printf("pxe: no end to the configuration at %lx in %zu bytes ('pxe get' ends it)\n",
		       addr, room);
		return -E2BIG;
	}
	return syslinux_boot_text(text, len, "pxe", f, false);
}

/* The address given, else $pxefile_addr_r: 0, or -errno (said) */
static int pxe_addr(int argc, char *const argv[], ulong *addrp)
{
	const char *addr_str;

	if (argc > 1)
		return cmd_parse_ulong(argv[1], 16, "pxe", addrp);
	addr_str = from_env("pxefile_addr_r");
	if (!addr_str)
		return -EINVAL;
	return cmd_parse_ulong(addr_str, 16, "pxefile_addr_r", addrp);
}

static int pxe_get_sub(int argc, char *const argv[])
{
	char found[PXE_PATH_MAX + 1];
	ulong addr;

	if (pxe_addr(argc, argv, &addr) || pxe_get_cfg(addr, found))
		return CMD_RET_FAILURE;
	return CMD_RET_SUCCESS;
}

static int pxe_boot_sub(int argc, char *const argv[])
{
	struct syslinux_files f = { pxe_getfile };
	char *bootdir;
	ulong addr;
	int ret;

	if (pxe_addr(argc, argv, &addr))
		return CMD_RET_FAILURE;
	bootdir = pxe_bootdir();
	if (!bootdir) {
		printf("pxe: out of memory\n");
		return CMD_RET_FAILURE;
	}
	f.bootdir = bootdir;
	f.scratch = addr + SYSLINUX_MAX_TEXT + 1;	/* includes */
	ret = pxe_boot(&f, addr);
	free(bootdir);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static const struct cmd_sub pxe_subs[] = {
	{ "get", 1, 1, pxe_get_sub },
	{ "boot", 1, 2, pxe_boot_sub },
};

static int do_pxe(struct cmd_tbl *cmdtp, int flag, int argc,
		  char *const argv[])
{
	return cmd_dispatch_sub(pxe_subs, ARRAY_SIZE(pxe_subs), argc, argv);
}

EMBER_CMD(pxe, 3, do_pxe,
	  "commands to get and boot from pxe files",
	  "get - try to retrieve a pxe file using tftp\n"
	  "pxe boot [pxefile_addr_r] - boot from the pxe file at pxefile_addr_r");
