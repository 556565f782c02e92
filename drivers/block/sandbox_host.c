// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox: a file of the machine running the sandbox as a block device,
 * "host <n>", as U-Boot's sandbox has it:
 *
 *   host bind [-r] <n> <file>    (-r: read-only)
 *   host unbind <n>
 *   host info
 *
 * The size must be a whole number of 512-byte blocks.
 */
#include <asm/os.h>
#include <blk.h>
#include <bootstd.h>
#include <command.h>
#include <dm.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOST_BLKSZ	512
#define HOST_MAX	8

struct host_priv {
	int fd;
	char *file;
};

static long host_read(struct udevice *dev, u64 start, u64 count, void *buf)
{
	struct host_priv *p = dev_get_priv(dev_get_parent(dev));
	long n = os_pread(p->fd, buf, count * HOST_BLKSZ, start * HOST_BLKSZ);

	if (n < 0)
		return n;
	return n == (long)(count * HOST_BLKSZ) ? (long)count : -EIO;
}

static long host_write(struct udevice *dev, u64 start, u64 count,
		       const void *buf)
{
	struct host_priv *p = dev_get_priv(dev_get_parent(dev));
	long n = os_pwrite(p->fd, buf, count * HOST_BLKSZ, start * HOST_BLKSZ);

	if (n < 0)
		return n;
	return n == (long)(count * HOST_BLKSZ) ? (long)count : -EIO;
}

static const struct blk_ops host_blk_ops = {
	.read = host_read,
	.write = host_write,
};

EMBER_DRIVER(sandbox_host_blk) = {
	.name = "sandbox_host_blk",
	.id = UCLASS_BLK,
	.ops = &host_blk_ops,
};

/* The host device itself: holds the file, parent of its block device */
static int host_remove(struct udevice *dev)
{
	struct host_priv *p = dev_get_priv(dev);

	if (p->fd >= 0)
		os_close(p->fd);
	p->fd = -1;
	free(p->file);
	p->file = NULL;
	return 0;
}

EMBER_DRIVER(sandbox_host) = {
	.name = "sandbox_host",
	.id = UCLASS_NOP,
	.remove = host_remove,
	.priv_size = sizeof(struct host_priv),
};

/* The host device "host<n>", a child of the root (found each time: a
 * driver-model restart makes a new root) */
static struct udevice *host_dev(int n)
{
	struct udevice *dev;
	char name[16];

	snprintf(name, sizeof(name), "host%d", n);
	if (!dm_root() || device_find_child_by_name(dm_root(), name, &dev))
		return NULL;
	return dev;
}

static int host_unbind(int n)
{
	struct udevice *dev = host_dev(n);
	int ret;

	if (!dev)
		return -ENOENT;
	if (bootstd_busy())
		return -EBUSY;	/* a bootflow scan holds it */
	ret = device_remove(dev);
	if (!ret)
		ret = device_unbind(dev);
	return ret;
}

static int host_bind(int n, const char *file, bool ro)
{
	unsigned long long size;
	struct udevice *dev, *blk;
	struct host_priv *p;
	char name[16];
	int fd, ret;

	if (host_dev(n)) {
		ret = host_unbind(n);
		if (ret) {
			printf("host: cannot replace host %d: %s\n", n,
			       errno_str(ret));
			return ret;
		}
	}
	fd = os_open_rw(file, !ro, &size);
	if (fd < 0) {
		printf("host: cannot open '%s': %s\n", file, errno_str(fd));
		return fd;
	}
	if (!size || size % HOST_BLKSZ) {
		printf("host: '%s' is %llu bytes: not a whole number of %d-byte blocks\n",
		       file, size, HOST_BLKSZ);
		os_close(fd);
		return -EINVAL;
	}
	snprintf(name, sizeof(name), "host%d", n);
	/* Bound under a constant name, then given its own (copied) */
	ret = device_bind(dm_root(), DM_DRIVER_GET(sandbox_host), "host",
			  NULL, ofnode_null(), &dev);
	if (ret) {
		os_close(fd);
		printf("host: cannot bind host %d: %s\n", n, errno_str(ret));
		return ret;
	}
	ret = device_set_name(dev, name);
	if (!ret)
		ret = device_probe(dev);
	if (ret) {
		device_unbind(dev);
		os_close(fd);
		printf("host: cannot bind host %d: %s\n", n, errno_str(ret));
		return ret;
	}
	p = dev_get_priv(dev);
	p->fd = fd;
	p->file = strdup(file);
	ret = blk_create(dev, "sandbox_host_blk", "host", HOST_BLKSZ,
			 size / HOST_BLKSZ, ro, &blk);
	if (!ret)
		blk_get_desc(blk)->devnum = n;
	if (!ret)
		snprintf(blk_get_desc(blk)->vendor, BLK_NAME_MAX, "host file");
	if (ret) {
		printf("host: cannot make the block device of host %d: %s\n",
		       n, errno_str(ret));
		device_remove(dev);
		device_unbind(dev);
		return ret;
	}
	return 0;
}

static int host_num(const char *arg, int *np)
{
	ulong n;

	if (cmd_parse_ulong(arg, 10, "host", &n))
		return -EINVAL;
	if (n >= HOST_MAX) {
		printf("host: device number %lu out of range (0-%d)\n", n,
		       HOST_MAX - 1);
		return -ERANGE;
	}
	*np = n;
	return 0;
}

static int host_bind_cmd(int argc, char *const argv[])
{
	bool ro = argc == 4 && !strcmp(argv[1], "-r");
	int n;

	if (argc != 3 + ro)
		return CMD_RET_USAGE;
	if (host_num(argv[1 + ro], &n))
		return CMD_RET_FAILURE;
	return host_bind(n, argv[2 + ro], ro) ? CMD_RET_FAILURE :
						 CMD_RET_SUCCESS;
}

static int host_unbind_cmd(int argc, char *const argv[])
{
	int n, ret;

	if (host_num(argv[1], &n))
		return CMD_RET_FAILURE;
	ret = host_unbind(n);
	if (ret)
		printf("host: cannot unbind %d: %s\n", n, errno_str(ret));
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int host_info_cmd(int argc, char *const argv[])
{
	printf("%3s %12s %s\n", "dev", "blocks", "path");
	for (int n = 0; n < HOST_MAX; n++) {
		struct udevice *blk;
		struct host_priv *p;

		if (!host_dev(n) || blk_get_by_name("host", n, &blk))
			continue;
		p = dev_get_priv(host_dev(n));
		printf("%3d %12llu %s%s\n", n,
		       (unsigned long long)blk_get_desc(blk)->lba, p->file,
		       blk_get_desc(blk)->read_only ? " (read-only)" : "");
	}
	return CMD_RET_SUCCESS;
}

static const struct cmd_sub host_subs[] = {
	{ "bind", 3, 4, host_bind_cmd },
	{ "unbind", 2, 2, host_unbind_cmd },
	{ "info", 1, 1, host_info_cmd },
};

static int do_host(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	return cmd_dispatch_sub(host_subs, ARRAY_SIZE(host_subs), argc, argv);
}

EMBER_CMD(host, 5, do_host, "Miscellaneous host commands",
	  "bind [-r] <n> <file> - a host file as block device 'host <n>'\n"
	  "host unbind <n> - forget it\n"
	  "host info - list them");
