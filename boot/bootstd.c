// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Standard boot (include/bootstd.h): bootdevs gathered from the driver
 * model, the bootmeths Ember has, and the scan that pairs them into
 * bootflows, kept until the next scan.
 */
#include <asm/io.h>
#include <blk.h>
#include <bootstd.h>
#include <command.h>
#include <ctype.h>
#include <dm.h>
#include <env.h>
#include <errno.h>
#include <fs.h>
#include <memmap.h>
#include <net.h>
#include <part.h>
#include <qfw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslinux.h>
#include <syslinux_boot.h>

/* The next word of *@sp (separated by spaces), *@lenp long; NULL at the end */
static const char *next_word(const char **sp, size_t *lenp)
{
	const char *w = *sp + strspn(*sp, " ");

	*lenp = strcspn(w, " ");
	*sp = w + *lenp;
	return *lenp ? w : NULL;
}

/* ---- Bootdevs ---- */

static void bootdev_add(struct bootdev *bds, int *n, enum bootdev_kind kind,
			struct udevice *dev, struct udevice *media,
			const char *uclass)
{
	for (int i = 0; i < *n; i++)
		if (bds[i].dev == dev)
			return;
	if (*n == BOOTDEV_MAX)
		return;
	bds[*n] = (struct bootdev){ .kind = kind, .dev = dev,
				    .uclass = uclass };
	snprintf(bds[*n].name, sizeof(bds[*n].name), "%s.bootdev",
		 media->name);
	(*n)++;
}

/* A label's trailing number ("virtio1": 1), -1 without one; *@lenp the rest */
static int label_number(const char *label, size_t *lenp)
{
	size_t len = strlen(label), end = len;

	while (end && isdigit((unsigned char)label[end - 1]))
		end--;
	*lenp = end;
	if (end == len || len - end > 4)
		return end == len ? -1 : -2;
	return (int)strtoul(label + end, NULL, 10);
}

static bool is_net_label(const char *label)
{
	static const char *const names[] = { "net", "dhcp", "pxe", "ethernet",
					     "eth" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(label, names[i]))
			return true;
	return false;
}

/* An interface some block driver declares ("virtio"), or one in use */
static bool is_blk_if(const char *name, size_t len)
{
	struct udevice *dev;

	ll_foreach(struct blk_if, bif, blk_if)
		if (strlen(bif->name) == len && !strncmp(bif->name, name, len))
			return true;
	for (uclass_find_first_device(UCLASS_BLK, &dev); dev;
	     uclass_find_next_device(&dev)) {
		const char *ifn = blk_get_desc(dev)->if_name;

		if (strlen(ifn) == len && !strncmp(ifn, name, len))
			return true;
	}
	return false;
}

/*
 * The devices @label names, added to @bds; NULL @label: every one of
 * @kind. Return: false for a label that names no kind of device
 */
static bool bootdev_add_label(struct bootdev *bds, int *n,
			      enum bootdev_kind kind, const char *label)
{
	struct udevice *dev;
	size_t len = 0;
	int num = -1;

	if (label) {
		if (!strcmp(label, "qfw"))
			kind = BOOTDEV_QFW;
		else if (is_net_label(label))
			kind = BOOTDEV_ETH;
		else if ((num = label_number(label, &len)) >= -1 &&
			 is_blk_if(label, len))
			kind = BOOTDEV_BLK;
		else
			return false;
	}
	switch (kind) {
	case BOOTDEV_QFW:
		for (uclass_find_first_device(UCLASS_QFW, &dev); dev;
		     uclass_find_next_device(&dev))
			bootdev_add(bds, n, kind, dev, dev, "qfw");
		break;
	case BOOTDEV_ETH:
		for (uclass_find_first_device(UCLASS_ETH, &dev); dev;
		     uclass_find_next_device(&dev))
			bootdev_add(bds, n, kind, dev, dev, "ethernet");
		break;
	case BOOTDEV_BLK:
		for (uclass_find_first_device(UCLASS_BLK, &dev); dev;
		     uclass_find_next_device(&dev)) {
			struct blk_desc *desc = blk_get_desc(dev);

			if (label && (strlen(desc->if_name) != len ||
				      strncmp(desc->if_name, label, len) ||
				      (num >= 0 && desc->devnum != num)))
				continue;
			bootdev_add(bds, n, kind, dev, dev_get_parent(dev),
				    desc->if_name);
		}
		break;
	}
	return true;
}

int bootdev_collect(struct bootdev *bds)
{
	const char *targets = env_get("boot_targets"), *w;
	char label[32];
	size_t len;
	int n = 0;

	/* A device that fails to probe said why; the others are listed */
	ll_foreach(struct blk_if, bif, blk_if)
		(void)blk_scan_if(bif->name);
	if (!targets || !*targets) {
		bootdev_add_label(bds, &n, BOOTDEV_QFW, NULL);
		bootdev_add_label(bds, &n, BOOTDEV_BLK, NULL);
		bootdev_add_label(bds, &n, BOOTDEV_ETH, NULL);
		return n;
	}
	while ((w = next_word(&targets, &len))) {
		snprintf(label, sizeof(label), "%.*s", (int)len, w);
		if (len >= sizeof(label) ||
		    !bootdev_add_label(bds, &n, 0, label))
			printf("Unknown label '%.*s' in boot_targets: skipped\n",
			       (int)len, w);
	}
	return n;
}

int bootdev_find(const struct bootdev *bds, int n, const char *spec)
{
	struct bootdev one[BOOTDEV_MAX];
	int m = 0;
	char *end;
	ulong seq;

	for (int i = 0; i < n; i++)
		if (!strcmp(bds[i].name, spec))
			return i;
	seq = strtoul(spec, &end, 16);
	if (*spec && !*end)
		return seq < (ulong)n ? (int)seq : -ENODEV;
	/* A label naming one device: "virtio0", "qfw" */
	if (!bootdev_add_label(one, &m, 0, spec) || !m)
		return -ENODEV;
	for (int i = 0; i < n; i++)
		if (bds[i].dev == one[0].dev)
			return i;
	return -ENODEV;
}

/* ---- Bootmeths ---- */

#define PREFIXES_MAX	8
#define PREFIX_LEN	64

/* Where files are looked for (prefixes_read()), each ending in '/' */
static char prefix[PREFIXES_MAX][PREFIX_LEN];
static int nprefix;
/* Bytes of files the kept bootflows hold (BOOTFLOW_BYTES_MAX at most) */
static size_t kept_bytes;
static bool kept_full;		/* said this scan */

/*
 * $boot_prefixes (default "/ /boot/"), read once per scan: a prefix
 * without its final '/' gets one; one too long, or past the eighth, is said
 * and skipped
 */
static void prefixes_read(void)
{
	const char *s = env_get("boot_prefixes"), *w;
	size_t len;

	if (!s || !*s)
		s = "/ /boot/";
	nprefix = 0;
	while ((w = next_word(&s, &len))) {
		bool slash = w[len - 1] == '/';

		if (nprefix == PREFIXES_MAX || len + !slash >= PREFIX_LEN) {
			printf("boot_prefixes: '%.*s' skipped (at most %d, of %d characters)\n",
			       (int)len, w, PREFIXES_MAX, PREFIX_LEN - 2);
			continue;
		}
		snprintf(prefix[nprefix++], PREFIX_LEN, "%.*s%s", (int)len, w,
			 slash ? "" : "/");
	}
}

/*
 * Room for @size more bytes of kept files: 0 (counted once the file is
 * read: kept_bytes += @size), or -ENOSPC (said once a scan)
 */
static int room_for(size_t size)
{
	if (size <= BOOTFLOW_BYTES_MAX - kept_bytes)
		return 0;
	if (!kept_full)
		printf("bootflow: the files found hold %zu KiB: no more are read\n",
		       kept_bytes >> 10);
	kept_full = true;
	return -ENOSPC;
}

/*
 * The first of @names (under each prefix) on @m, read into @bf's buffer
 * when at most @max bytes
 */
static void find_file(struct fs_mount *m, struct bootflow *bf,
		      const char *const *names, int nnames, size_t max)
{
	u64 size, got;
	int ret;

	bf->state = BOOTFLOWST_FS;
	bf->err = -ENOENT;
	for (int i = 0; i < nprefix; i++) {
		for (int j = 0; j < nnames; j++) {
			snprintf(bf->fname, sizeof(bf->fname), "%s%s",
				 prefix[i], names[j]);
			ret = m->type->size(m->vol, bf->fname, &size);
			if (ret == -ENOENT || ret == -ENOTDIR || ret == -EISDIR)
				continue;
			bf->state = BOOTFLOWST_FILE;
			bf->err = ret;
			if (ret)
				return;
			if (size > max) {
				bf->err = -E2BIG;
				return;
			}
			bf->err = room_for(size + 1);
			if (bf->err)
				return;
			bf->buf = malloc(size + 1);
			if (!bf->buf) {
				printf("%s: %s: out of memory\n", m->name,
				       bf->fname);
				bf->err = -ENOMEM;
				return;
			}
			ret = m->type->read(m->vol, bf->fname, 0, bf->buf, size,
					    &got);
			if (!ret && got != size) {
				printf("%s: %s: %llu of its %llu bytes read\n",
				       m->name, bf->fname,
				       (unsigned long long)got,
				       (unsigned long long)size);
				ret = -EIO;
			}
			if (ret) {
				free(bf->buf);
				bf->buf = NULL;
				bf->err = ret;
				return;
			}
			bf->buf[size] = '\0';
			bf->size = size;
			kept_bytes += size + 1;
			bf->state = BOOTFLOWST_READY;
			bf->err = 0;
			return;
		}
	}
	/* Not found: the first place looked at is shown */
	if (nprefix)
		snprintf(bf->fname, sizeof(bf->fname), "%s%s", prefix[0],
			 names[0]);
}

/* "0:1" for a disk's partition, "0" for the whole disk */
static void dev_part(const struct bootflow *bf, char *buf, size_t len)
{
	if (bf->part)
		snprintf(buf, len, "%x:%x", bf->devnum, bf->part);
	else
		snprintf(buf, len, "%x", bf->devnum);
}

/* A variable an address is read from: its value, or 0 (said) */
static ulong addr_var(const char *name)
{
	ulong addr = env_get_hex(name, 0);

	if (!addr)
		printf("missing environment variable: %s\n", name);
	return addr;
}

static void extlinux_find(const struct bootdev *bd, struct fs_mount *m,
			  struct bootflow *bf)
{
	static const char *const names[] = { "extlinux/extlinux.conf" };

	find_file(m, bf, names, ARRAY_SIZE(names), SYSLINUX_MAX_TEXT);
}

static int extlinux_boot(struct bootflow *bf)
{
	struct syslinux_files f = { syslinux_disk_getfile };
	struct syslinux_disk disk;
	char dp[24], *bootdir;
	int ret;

	dev_part(bf, dp, sizeof(dp));
	disk = (struct syslinux_disk){ bf->if_name, dp };
	f.ctx = &disk;
	f.scratch = addr_var("pxefile_addr_r");	/* includes */
	if (!f.scratch)
		return -EINVAL;
	bootdir = syslinux_bootdir(bf->fname);
	if (!bootdir)
		return -ENOMEM;
	f.bootdir = bootdir;
	ret = syslinux_boot_text(bf->buf, bf->size, bf->fname, &f, false);
	free(bootdir);
	return ret;
}

static void script_find(const struct bootdev *bd, struct fs_mount *m,
			struct bootflow *bf)
{
	static const char *const names[] = { "boot.scr.uimg", "boot.scr" };

	find_file(m, bf, names, ARRAY_SIZE(names), BOOTFLOW_SCRIPT_MAX);
}

/* Copy @bf's file to the address in variable @var: 0, or -errno (said) */
static int put_file(const struct bootflow *bf, const char *var, ulong *addrp)
{
	ulong addr = addr_var(var);
	int ret;

	if (!addr)
		return -EINVAL;
	ret = mem_check_load(addr, bf->size + 1);
	if (ret) {
		mem_report(bf->fname, addr, bf->size + 1, ret);
		return ret;
	}
	memcpy(map_sysmem(addr, bf->size + 1), bf->buf, bf->size + 1);
	*addrp = addr;
	return 0;
}

/*
 * What U-Boot's distro boot set for a script: devtype, devnum,
 * distro_bootpart, prefix and script; then 'source'
 */
static int script_boot(struct bootflow *bf)
{
	const char *slash = strrchr(bf->fname, '/');
	const char *base = slash ? slash + 1 : bf->fname;
	char cmd[48], num[12], dir[BOOTFLOW_FNAME_MAX];
	ulong addr;
	int ret;

	ret = put_file(bf, "scriptaddr", &addr);
	if (ret)
		return ret;
	snprintf(dir, sizeof(dir), "%.*s", (int)(base - bf->fname),
		 bf->fname);
	snprintf(cmd, sizeof(cmd), "%x", bf->part);
	snprintf(num, sizeof(num), "%x", bf->devnum);
	if (cmd_env_set("devtype", bf->if_name) ||
	    cmd_env_set("devnum", num) ||
	    cmd_env_set("distro_bootpart", cmd) ||
	    cmd_env_set("prefix", dir) || cmd_env_set("script", base))
		return -EINVAL;
	snprintf(cmd, sizeof(cmd), "source %lx", addr);
	if (run_command(cmd, 0))
		return -EIO;
	printf("%s: the script returned without booting\n", bf->fname);
	return -ENOEXEC;
}

_Static_assert(BOOTFLOW_FNAME_MAX > PXE_PATH_MAX, "pxe_get_cfg()'s path");

#ifdef CONFIG_CMD_PXE
/* DHCP on interface @iface, made the active one: 0, or -errno (said) */
static int net_up(const char *iface)
{
	int ret;

	ret = env_set("ethact", iface);
	if (ret) {
		printf("%s: cannot set ethact: %s\n", iface, errno_str(ret));
		return ret;
	}
	return net_dhcp();
}

static void pxe_find(const struct bootdev *bd, struct fs_mount *m,
		     struct bootflow *bf)
{
	size_t room = SYSLINUX_MAX_TEXT + 1;
	const char *text;
	ulong addr;
	int ret;

	bf->state = BOOTFLOWST_MEDIA;
	bf->err = net_up(bf->dev_name);
	if (bf->err)
		return;
	bf->state = BOOTFLOWST_FS;
	addr = addr_var("pxefile_addr_r");
	if (!addr) {
		bf->err = -EINVAL;
		return;
	}
	ret = pxe_get_cfg(addr, bf->fname);
	if (ret) {
		bf->err = ret;
		return;
	}
	bf->state = BOOTFLOWST_FILE;
	while (room && mem_check_read(addr, room))
		room /= 2;
	text = map_sysmem(addr, room);
	bf->size = strnlen(text, room);
	if (bf->size == room) {
		bf->err = -E2BIG;
		return;
	}
	bf->err = room_for(bf->size + 1);
	if (bf->err)
		return;
	bf->buf = strndup(text, bf->size);
	if (!bf->buf) {
		printf("%s: out of memory\n", bf->fname);
		bf->err = -ENOMEM;
		return;
	}
	kept_bytes += bf->size + 1;
	bf->state = BOOTFLOWST_READY;
	bf->net_fresh = true;
}

/*
 * The configuration found, booted: over its interface, configured again
 * by DHCP unless it is booted as soon as it was found (scan -b)
 */
static int pxe_boot(struct bootflow *bf)
{
	char cmd[32];
	ulong addr;
	int ret;

	if (!bf->net_fresh) {
		ret = net_up(bf->dev_name);
		if (ret)
			return ret;
	}
	ret = put_file(bf, "pxefile_addr_r", &addr);
	if (ret)
		return ret;
	snprintf(cmd, sizeof(cmd), "pxe boot %lx", addr);
	/* 0: the sandbox's booti, which returns */
	return run_command(cmd, 0) ? -EIO : 0;
}

static const struct bootmeth meth_pxe = {
	"pxe", "PXE boot from a network device", BOOTDEV_ETH,
	pxe_find, pxe_boot,
};
#endif

#ifdef CONFIG_CMD_QFW
static void qfw_find(const struct bootdev *bd, struct fs_mount *m,
		     struct bootflow *bf)
{
	u32 size;
	int ret;

	bf->state = BOOTFLOWST_MEDIA;
	ret = device_probe(bd->dev);
	if (!ret)
		ret = qfw_read_u32(bd->dev, QFW_KERNEL_SIZE, &size);
	if (!ret && !size)
		ret = -ENOENT;	/* QEMU was started without -kernel */
	bf->err = ret;
	if (!ret) {
		bf->size = size;
		bf->state = BOOTFLOWST_READY;
	}
}

/* What the qfw target of the default bootcmd does */
static int qfw_boot(struct bootflow *bf)
{
	char cmd[96];

	if (run_command("qfw load ${kernel_addr_r} ${ramdisk_addr_r}", 0))
		return -EIO;
	if (env_get_hex("filesize", 0))
		snprintf(cmd, sizeof(cmd),
			 "booti ${kernel_addr_r} ${ramdisk_addr_r}:%lx",
			 env_get_hex("filesize", 0));
	else
		snprintf(cmd, sizeof(cmd), "booti ${kernel_addr_r} -");
	return run_command(cmd, 0) ? -EIO : 0;
}

static const struct bootmeth meth_qfw = {
	"qfw", "QEMU boot using firmware interface", BOOTDEV_QFW,
	qfw_find, qfw_boot,
};
#endif

static const struct bootmeth meth_extlinux = {
	"extlinux", "Extlinux boot from a block device", BOOTDEV_BLK,
	extlinux_find, extlinux_boot,
};
static const struct bootmeth meth_script = {
	"script", "Script boot from a block device", BOOTDEV_BLK,
	script_find, script_boot,
};
static const struct bootmeth *const meths[] = {
	&meth_extlinux,
	&meth_script,
#ifdef CONFIG_CMD_PXE
	&meth_pxe,
#endif
#ifdef CONFIG_CMD_QFW
	&meth_qfw,
#endif
};

_Static_assert(ARRAY_SIZE(meths) <= BOOTMETH_MAX, "room for every bootmeth");

const struct bootmeth *const *bootmeth_all(int *np)
{
	*np = ARRAY_SIZE(meths);
	return meths;
}

const struct bootmeth *bootmeth_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(meths); i++)
		if (!strcmp(meths[i]->name, name))
			return meths[i];
	return NULL;
}

int bootmeth_ordered(const struct bootmeth **out)
{
	const char *s = env_get("bootmeths"), *w;
	size_t len;
	int n = 0;

	if (!s || !*s) {
		memcpy(out, meths, sizeof(meths));
		return ARRAY_SIZE(meths);
	}
	while ((w = next_word(&s, &len))) {
		const struct bootmeth *bm = NULL;
		char name[16];
		bool dup = false;

		snprintf(name, sizeof(name), "%.*s", (int)len, w);
		if (len < sizeof(name))
			bm = bootmeth_find(name);
		if (!bm) {
			printf("Unknown bootmeth '%.*s' in bootmeths\n",
			       (int)len, w);
			return -ENOENT;
		}
		for (int i = 0; i < n; i++)
			dup |= out[i] == bm;	/* named twice: the first counts */
		if (!dup)
			out[n++] = bm;
	}
	return n;
}

/* ---- Bootflows ---- */

static struct bootflow *flows[BOOTFLOW_MAX];
static int nflows;
/*
 * A scan or a boot is running: what it runs (a boot script, a label's
 * commands) may not scan again, which would free the bootflow being
 * booted, nor unbind a disk the scan holds (bootstd_busy())
 */
static bool busy;

bool bootstd_busy(void)
{
	return busy;
}

int bootflow_scan_allowed(void)
{
	if (!busy)
		return 0;
	printf("bootflow: a scan or a boot is running: no scan from within it\n");
	return -EBUSY;
}

static void bootflow_free(struct bootflow *bf)
{
	if (bf) {
		free(bf->buf);
		free(bf);
	}
}

void bootflow_clear(void)
{
	for (int i = 0; i < nflows; i++)
		bootflow_free(flows[i]);
	nflows = 0;
	kept_bytes = 0;
	kept_full = false;
}

int bootflow_count(void)
{
	return nflows;
}

struct bootflow *bootflow_get(int seq)
{
	return seq >= 0 && seq < nflows ? flows[seq] : NULL;
}

int bootflow_find(const char *spec)
{
	char *end;
	ulong seq;

	for (int i = 0; i < nflows; i++)
		if (!strcmp(flows[i]->name, spec))
			return i;
	seq = strtoul(spec, &end, 16);
	if (*spec && !*end && seq < (ulong)nflows)
		return (int)seq;
	return -ENOENT;
}

const char *bootflow_state_name(enum bootflow_state state)
{
	static const char *const names[] = {
		[BOOTFLOWST_MEDIA] = "media",
		[BOOTFLOWST_PART] = "part",
		[BOOTFLOWST_FS] = "fs",
		[BOOTFLOWST_FILE] = "file",
		[BOOTFLOWST_READY] = "ready",
	};

	return names[state];
}

const char *bootflow_error_text(const struct bootflow *bf)
{
	switch (bf->state) {
	case BOOTFLOWST_MEDIA:
		if (bf->meth->kind == BOOTDEV_QFW && bf->err == -ENOENT)
			return "No kernel: QEMU was started without -kernel";
		return bf->meth->kind == BOOTDEV_BLK ? "No partition found" :
		       "No network configuration";
	case BOOTFLOWST_PART:
		return "No filesystem found";
	case BOOTFLOWST_FS:
		return "File not found";
	case BOOTFLOWST_FILE:
		return bf->err == -E2BIG ? "File too large" :
		       bf->err == -ENOSPC ? "Too many files kept" :
		       "File cannot be loaded";
	default:
		return "";
	}
}

void bootflow_list_header(void)
{
	printf("Seq  Method       State   Uclass    Part  Name                      Filename\n");
	bootflow_list_footer();
}

void bootflow_list_footer(void)
{
	printf("---  -----------  ------  --------  ----  ------------------------  ----------------\n");
}

void bootflow_list_row(int seq, const struct bootflow *bf, bool errors)
{
	char num[8] = "  -";

	if (seq >= 0)
		snprintf(num, sizeof(num), "%3x", seq);
	printf("%s  %-11s  %-6s  %-9.9s %4x  %-25.25s %s\n", num,
	       bf->meth->name, bootflow_state_name(bf->state), bf->uclass,
	       bf->part, bf->name, bf->fname[0] ? bf->fname : "<NULL>");
	if (errors && bf->state != BOOTFLOWST_READY)
		printf("     ** %s, err=%d\n", bootflow_error_text(bf), bf->err);
}

int bootflow_boot(struct bootflow *bf)
{
	bool was_busy;
	int ret;

	if (bf->state != BOOTFLOWST_READY) {
		printf("Bootflow '%s' is not ready: %s\n", bf->name,
		       bootflow_error_text(bf));
		return -EINVAL;
	}
	printf("** Booting bootflow '%s' with %s\n", bf->name, bf->meth->name);
	was_busy = busy;	/* within a scan (-b), or by itself */
	busy = true;
	ret = bf->meth->boot(bf);
	busy = was_busy;
	if (ret)
		printf("Boot failed (err=%d)\n", ret);
	return ret;
}

/* The state of a scan */
struct scan {
	unsigned int flags;
	int found, valid;
	int booted;		/* -ENOENT until a boot was tried: its result */
	bool full;		/* BOOTFLOW_MAX reached: said once */
};


static struct bootflow *bootflow_new(const struct bootdev *bd,
				     const struct bootmeth *meth, int part)
{
	struct bootflow *bf = calloc(1, sizeof(*bf));

	if (!bf) {
		printf("bootflow: out of memory\n");
		return NULL;
	}
	bf->meth = meth;
	bf->uclass = bd->uclass;
	bf->part = part;
	strcpy(bf->bootdev, bd->name);
	snprintf(bf->dev_name, sizeof(bf->dev_name), "%s", bd->dev->name);
	if (bd->kind == BOOTDEV_BLK) {
		struct blk_desc *desc = blk_get_desc(bd->dev);

		snprintf(bf->if_name, sizeof(bf->if_name), "%s",
			 desc->if_name);
		bf->devnum = desc->devnum;
		snprintf(bf->blk_name, sizeof(bf->blk_name), "%s",
			 bd->dev->name);
		if (part)
			snprintf(bf->name, sizeof(bf->name), "%s.part_%x",
				 bd->name, part);
		else
			snprintf(bf->name, sizeof(bf->name), "%s.whole",
				 bd->name);
	} else {
		snprintf(bf->name, sizeof(bf->name), "%s.0", bd->name);
	}
	return bf;
}

/* Ctrl-C, typed now or seen before by what the scan ran */
static bool stopped(void)
{
	return ctrlc() || had_ctrlc();
}

/* A bootflow found: kept (ready, or all of them), listed, booted */
static void scan_done(struct scan *sc, struct bootflow *bf)
{
	bool ready = bf->state == BOOTFLOWST_READY;
	int seq = nflows;

	if (!ready && !(sc->flags & BOOTFLOWF_ALL)) {
		bootflow_free(bf);
		return;
	}
	if (nflows < BOOTFLOW_MAX) {
		flows[nflows++] = bf;
	} else {
		seq = -1;
	}
	if (seq < 0 && !sc->full) {
		printf("bootflow: more than %d bootflows: the rest are not kept\n",
		       BOOTFLOW_MAX);
		sc->full = true;
	}
	sc->found++;
	sc->valid += ready;
	if (sc->flags & BOOTFLOWF_LIST)
		bootflow_list_row(seq, bf, sc->flags & BOOTFLOWF_ERRORS);
	/* Until one boots (or returns 0, as the sandbox's booti does) */
	if (ready && (sc->flags & BOOTFLOWF_BOOT) && sc->booted &&
	    !had_ctrlc())
		sc->booted = bootflow_boot(bf);
	bf->net_fresh = false;	/* what DHCP set may change from now on */
	if (seq < 0)		/* not kept */
		bootflow_free(bf);
}

/* One partition of a disk (0: the whole disk), with each bootmeth */
static void scan_part(struct scan *sc, const struct bootdev *bd,
		      const struct bootmeth **bm, int nbm, int part)
{
	struct bootflow *found[ARRAY_SIZE(meths)];
	struct blk_desc *desc = blk_get_desc(bd->dev);
	struct fs_mount *m = NULL;
	char dp[24];
	int n = 0, ret;

	snprintf(dp, sizeof(dp), part ? "%x:%x" : "%x", desc->devnum, part);
	ret = fs_mount(desc->if_name, dp, NULL, &m);
	for (int i = 0; i < nbm && !stopped(); i++) {
		if (bm[i]->kind != BOOTDEV_BLK)
			continue;
		found[n] = bootflow_new(bd, bm[i], part);
		if (!found[n])
			continue;
		if (ret) {
			found[n]->state = BOOTFLOWST_PART;
			found[n]->err = ret;
		} else {
			bm[i]->find(bd, m, found[n]);
		}
		n++;
	}
	/* Closed before a boot, which mounts again */
	fs_umount(m);
	for (int i = 0; i < n; i++)
		scan_done(sc, found[i]);
}

static void scan_blk(struct scan *sc, const struct bootdev *bd,
		     const struct bootmeth **bm, int nbm)
{
	struct part_table *t = NULL;
	bool bootable = false;
	struct part_io io;
	int ret;

	ret = device_probe(bd->dev);
	if (!ret) {
		part_io_init_blk(&io, bd->dev);
		ret = part_read_table(&io, &t);
	}
	if (ret == -ENODEV) {
		scan_part(sc, bd, bm, nbm, 0);
		return;
	}
	if (ret) {
		for (int i = 0; i < nbm; i++) {
			struct bootflow *bf;

			if (bm[i]->kind != BOOTDEV_BLK)
				continue;
			bf = bootflow_new(bd, bm[i], 0);
			if (!bf)
				continue;
			bf->state = BOOTFLOWST_MEDIA;
			bf->err = ret;
			scan_done(sc, bf);
		}
		return;
	}
	for (int i = 0; i < t->count; i++)
		bootable |= !t->entry[i].container && t->entry[i].info.bootable;
	for (int i = 0; i < t->count && !stopped(); i++) {
		const struct part_entry *e = &t->entry[i];

		if (e->container || (bootable && !e->info.bootable))
			continue;
		scan_part(sc, bd, bm, nbm, e->num);
	}
	free(t);
}

static void scan_bootdev(struct scan *sc, const struct bootdev *bd,
			 const struct bootmeth **bm, int nbm)
{
	if (sc->flags & BOOTFLOWF_LIST)
		printf("Scanning bootdev '%s':\n", bd->name);
	if (bd->kind == BOOTDEV_BLK) {
		scan_blk(sc, bd, bm, nbm);
		return;
	}
	for (int i = 0; i < nbm && !stopped(); i++) {
		struct bootflow *bf;

		if (bm[i]->kind != bd->kind)
			continue;
		bf = bootflow_new(bd, bm[i], 0);
		if (!bf)
			continue;
		bm[i]->find(bd, NULL, bf);
		scan_done(sc, bf);
	}
}

int bootflow_scan(const struct bootdev *bds, int n, int only,
		  unsigned int flags)
{
	const struct bootmeth *bm[BOOTMETH_MAX];
	struct scan sc = { .flags = flags, .booted = -ENOENT };
	int nbm;

	if (bootflow_scan_allowed())
		return -EBUSY;
	nbm = bootmeth_ordered(bm);
	if (nbm < 0)
		return -EINVAL;
	bootflow_clear();
	prefixes_read();
	clear_ctrlc();
	busy = true;
	if (flags & BOOTFLOWF_LIST) {
		if (only < 0)
			printf("Scanning for bootflows in all bootdevs\n");
		else
			printf("Scanning for bootflows in bootdev '%s'\n",
			       bds[only].name);
		bootflow_list_header();
	}
	for (int i = 0; i < n && !stopped(); i++)
		if (only < 0 || i == only)
			scan_bootdev(&sc, &bds[i], bm, nbm);
	busy = false;
	if (had_ctrlc()) {
		printf("bootflow: scan interrupted\n");
		return -EINTR;
	}
	if (flags & BOOTFLOWF_LIST) {
		printf("No more bootdevs\n");
		bootflow_list_footer();
		printf("(%d bootflow%s, %d valid)\n", sc.found,
		       sc.found == 1 ? "" : "s", sc.valid);
	}
	if (!(flags & BOOTFLOWF_BOOT))
		return 0;
	if (sc.booted)
		printf("No bootflow booted\n");
	return sc.booted;
}
