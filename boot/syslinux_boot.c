// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Booting a label of a syslinux configuration: the menu (or the default
 * without one), then the label's kernel, initrd and device tree fetched
 * through the caller's getfile() (a filesystem for sysboot, TFTP for pxe),
 * its command line, and booti. As U-Boot's pxe_utils does it, in its
 * output's shape.
 */
#include <asm/io.h>
#include <boot.h>
#include <ctype.h>
#include <command.h>
#include <env.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslinux.h>
#include <syslinux_boot.h>
#include <time.h>

/*
 * @path relative to the configuration's directory; an absolute one as it
 * is, or on the same server when the directory is a URL (HTTP boot):
 * "http://host" and the path
 */
static int fetch(const struct syslinux_files *f, const char *path,
		 ulong addr, u64 *sizep)
{
	const char *host_end = NULL;
	char full[SYSLINUX_MAX_VALUE + 256];
	int keep = 0;

	if (path[0] != '/')
		keep = strlen(f->bootdir);
	else if (!strncmp(f->bootdir, "http://", 7) &&
		 (host_end = strchr(f->bootdir + 7, '/')))
		keep = host_end - f->bootdir;
	if (snprintf(full, sizeof(full), "%.*s%s", keep, f->bootdir, path) >=
	    (int)sizeof(full)) {
		printf("%s: path too long\n", path);
		return -ENAMETOOLONG;
	}
	printf("Retrieving file: %s\n", full);
	return f->getfile(f->ctx, full, addr, sizep);
}

int syslinux_include(void *ctx, const char *path, char **textp,
		     size_t *lenp)
{
	const struct syslinux_files *f = ctx;
	u64 size;
	int ret;

	ret = fetch(f, path, f->scratch, &size);
	if (ret)
		return ret;
	if (size > SYSLINUX_MAX_TEXT)
		return -E2BIG;
	*textp = malloc(size + 1);
	if (!*textp)
		return -ENOMEM;
	memcpy(*textp, map_sysmem(f->scratch, size), size);
	*lenp = size;
	return 0;
}

/*
 * The command line: 'append', then what 'ipappend' asks for (pxelinux's
 * flags, as U-Boot reads them: 1 the interface's addresses, 2 BOOTIF=
 * with the MAC address), into @buf of @size bytes. Return: 0 or -E2BIG
 */
static int label_bootargs(const struct syslinux_label *l, char *buf,
			  size_t size)
{
	const char *mac = env_get("ethaddr");
	int n = snprintf(buf, size, "%s", l->append ? l->append : "");

	if (n >= 0 && (size_t)n < size && (l->ipappend & 1))
		n += snprintf(buf + n, size - n, "%sip=%s:%s:%s:%s",
			      n ? " " : "", env_get("ipaddr") ?: "",
			      env_get("serverip") ?: "",
			      env_get("gatewayip") ?: "",
			      env_get("netmask") ?: "");
	if (n >= 0 && (size_t)n < size && (l->ipappend & 2) && mac) {
		n += snprintf(buf + n, size - n, "%sBOOTIF=01-", n ? " " : "");
		for (; *mac && n >= 0 && (size_t)n + 1 < size; mac++)
			buf[n++] = *mac == ':' ? '-' : tolower(*mac);
		if ((size_t)n < size)
			buf[n] = '\0';
	}
	return n < 0 || (size_t)n >= size ? -E2BIG : 0;
}

/*
 * The DT of a label: 'fdt', or 'fdtdir' + $fdtfile; 0 when neither. It is
 * loaded at $fdt_addr_r, or else at $fdt_addr (qemu_arm64 has only that:
 * where QEMU put its DT, free once Ember has its own copy); booti then
 * copies it, fixed up and seeded, as it does any DT.
 */
static int label_fdt(const struct syslinux_files *f,
		     const struct syslinux_label *l, ulong *fdtp)
{
	ulong addr = env_get_hex("fdt_addr_r", env_get_hex("fdt_addr", 0));
	const char *file = env_get("fdtfile");
	char path[SYSLINUX_MAX_VALUE + 256];
	u64 size;
	int ret;

	*fdtp = 0;
	if (!l->fdt && !l->fdtdir)
		return 0;
	if (!addr && l->fdt) {
		printf("No fdt_addr_r or fdt_addr available for FDT file %s\n",
		       l->fdt);
		return -EINVAL;
	}
	if (!addr) {
		printf("Skipping fdtdir %s: neither fdt_addr_r nor fdt_addr is set, booting with the control DT\n",
		       l->fdtdir);
		return 0;
	}
	if (l->fdt) {
		ret = fetch(f, l->fdt, addr, &size);
		if (ret)
			return ret;	/* a named DT must be there */
		*fdtp = addr;
		return 0;
	}
	if (!file) {
		printf("Skipping fdtdir %s: fdtfile is not set, booting with the control DT\n",
		       l->fdtdir);
		return 0;
	}
	snprintf(path, sizeof(path), "%s%s%s", l->fdtdir,
		 l->fdtdir[0] && l->fdtdir[strlen(l->fdtdir) - 1] == '/' ?
		 "" : "/", file);
	if (fetch(f, path, addr, &size)) {
		printf("Skipping fdtdir %s for failure retrieving dts\n",
		       l->fdtdir);
		return 0;
	}
	*fdtp = addr;
	return 0;
}

int syslinux_label_boot(const struct syslinux_files *f,
			const struct syslinux_label *l, int num)
{
	ulong kernel = env_get_hex("kernel_addr_r", 0);
	ulong initrd = env_get_hex("ramdisk_addr_r", 0), fdt;
	char args[SYSLINUX_MAX_VALUE + 128];
	u64 size, initrd_size = 0;
	int ret;

	printf("%d:\t%s\n", num, l->menu ? l->menu : l->name);
	if (l->localboot) {
		printf("%s: localboot is not supported: skipping\n", l->name);
		return -ENOSYS;
	}
	if (!l->kernel) {
		printf("No kernel given, skipping %s\n", l->name);
		return -EINVAL;
	}
	if (!kernel) {
		printf("No kernel_addr_r set: cannot load %s\n", l->kernel);
		return -EINVAL;
	}
	if (l->initrd) {
		if (!initrd) {
			printf("No ramdisk_addr_r set: cannot load %s\n",
			       l->initrd);
			return -EINVAL;
		}
		ret = fetch(f, l->initrd, initrd, &initrd_size);
		if (ret) {
			printf("Skipping %s for failure retrieving initrd\n",
			       l->name);
			return ret;
		}
	}
	ret = fetch(f, l->kernel, kernel, &size);
	if (ret) {
		printf("Skipping %s for failure retrieving kernel\n", l->name);
		return ret;
	}
	ret = label_fdt(f, l, &fdt);
	if (ret)
		return ret;
	ret = label_bootargs(l, args, sizeof(args));
	if (ret) {
		printf("%s: the command line is too long\n", l->name);
		return ret;
	}
	ret = env_set("bootargs", args[0] ? args : NULL);
	if (ret) {
		printf("cannot set bootargs: %s\n", errno_str(ret));
		return ret;
	}
	if (args[0])
		printf("append: %s\n", args);
	return booti(kernel, initrd_size ? initrd : 0, initrd_size, fdt);
}

/*
 * 'Enter choice: ' with @timeout tenths of a second before the first key
 * (0: none); the label number typed, 0 for the default (Enter or time up),
 * -EINTR on Ctrl-C
 */
static int ask(int timeout, int nlabels)
{
	ulong start = get_timer(0);
	int choice = 0, keys = 0;

	printf("Enter choice: ");
	for (;;) {
		int c;

		if (!tstc()) {
			if (!keys && timeout &&
			    get_timer(start) >= (ulong)timeout * 100)
				break;
			continue;
		}
		c = getchar();
		keys++;
		if (c == 3) {
			printf("\n");
			return -EINTR;
		}
		if (c == '\r' || c == '\n')
			break;
		if (c >= '0' && c <= '9' && choice < 1000) {
			putc(c);
			choice = choice * 10 + c - '0';
		}
	}
	printf("\n");
	return choice >= 1 && choice <= nlabels ? choice : 0;
}

int syslinux_boot(struct syslinux_cfg *cfg, const struct syslinux_files *f,
		  bool menu_only)
{
	struct syslinux_label *def = syslinux_default(cfg);
	int num, ret;

	if (!def) {
		printf("No labels in the configuration\n");
		return -ENOENT;
	}
	num = def - cfg->labels + 1;
	if (menu_only || cfg->prompt) {
		printf("%s\n", cfg->title ? cfg->title : "Boot menu");
		for (int i = 0; i < cfg->nlabels; i++)
			printf("%d:\t%s\n", i + 1, cfg->labels[i].menu ?
			       cfg->labels[i].menu : cfg->labels[i].name);
		if (menu_only)
			return 0;
		ret = ask(cfg->timeout, cfg->nlabels);
		if (ret < 0)
			return ret;
		if (ret)
			num = ret;
	}
	/* The chosen label, then the others, as U-Boot tries them */
	ret = syslinux_label_boot(f, &cfg->labels[num - 1], num);
	for (int i = 0; ret && i < cfg->nlabels && !had_ctrlc(); i++) {
		if (i == num - 1)
			continue;
		ret = syslinux_label_boot(f, &cfg->labels[i], i + 1);
	}
	return ret;
}

int syslinux_boot_text(const char *text, size_t len, const char *what,
		       const struct syslinux_files *f, bool menu_only)
{
	struct syslinux_cfg *cfg = malloc(sizeof(*cfg));
	int ret;

	if (!cfg) {
		printf("%s: out of memory\n", what);
		return -ENOMEM;
	}
	ret = syslinux_parse(text, len, cfg, syslinux_include, (void *)f);
	if (ret)
		printf("%s: %s; booting with what was read before it\n", what,
		       ret == -E2BIG ? "configuration too large" :
		       errno_str(ret));
	ret = syslinux_boot(cfg, f, menu_only);
	syslinux_free(cfg);
	free(cfg);
	return ret;
}

char *syslinux_bootdir(const char *path)
{
	const char *slash = strrchr(path, '/');

	return strndup(path, slash ? slash - path + 1 : 0);
}

int syslinux_disk_getfile(void *ctx, const char *path, ulong addr,
			  u64 *sizep)
{
	const struct syslinux_disk *d = ctx;
	char cmd[SYSLINUX_MAX_VALUE + 512];

	if (!cmd_quotable(path) || !cmd_quotable(d->if_name) ||
	    !cmd_quotable(d->dev_part)) {
		printf("%s %s: refusing a file name with quotes or control characters\n",
		       d->if_name, d->dev_part);
		return -EINVAL;
	}
	if (snprintf(cmd, sizeof(cmd), "load '%s' '%s' %lx '%s'", d->if_name,
		     d->dev_part, addr, path) >= (int)sizeof(cmd))
		return -ENAMETOOLONG;
	if (run_command(cmd, 0))
		return -ENOENT;
	*sizep = env_get_hex("filesize", 0);
	return 0;
}
