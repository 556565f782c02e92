// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * rng: read random bytes. Byte counts are hexadecimal, as in U-Boot.
 *   rng [dev [n]]       print n bytes (default 0x40) from device dev
 *   rng list            list the RNG devices
 *   rng dev [dev]       show or select the current device
 *   rng fill addr n     write n bytes to memory at addr
 */
#include <asm/io.h>
#include <command.h>
#include <dm.h>
#include <memmap.h>
#include <rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RNG_DEFAULT_BYTES	0x40

static int current = -1;	/* seq of the current device, -1: first */

static int get_dev(int seq, struct udevice **devp)
{
	int ret;

	if (seq < 0)
		ret = uclass_first_device(UCLASS_RNG, devp);
	else
		ret = uclass_get_device_by_seq(UCLASS_RNG, seq, devp);
	if (ret == -ENODEV) {
		if (seq < 0)
			printf("No RNG device\n");
		else
			printf("No RNG device %d\n", seq);
	} else if (ret) {
		printf("RNG device %d failed to start: %d (%s)\n", seq, ret,
		       errno_str(ret));
	}
	return ret;
}

static int read_bytes(struct udevice *dev, void *buf, size_t n)
{
	int ret = dm_rng_read(dev, buf, n);

	if (ret)
		printf("%s: reading %zu random bytes failed: %d (%s)\n",
		       dev->name, n, ret, errno_str(ret));
	return ret;
}

static void hexdump(const u8 *buf, size_t n)
{
	for (size_t off = 0; off < n; off += 16) {
		size_t k = min_t(size_t, 16, n - off);

		printf("%08zx:", off);
		for (size_t i = 0; i < 16; i++) {
			if (i < k)
				printf(" %02x", buf[off + i]);
			else
				printf("   ");
		}
		printf("  ");
		for (size_t i = 0; i < k; i++)
			putc(buf[off + i] >= 0x20 && buf[off + i] < 0x7f ?
			     buf[off + i] : '.');
		putc('\n');
	}
}

static int parse_count(const char *arg, ulong *np)
{
	if (cmd_parse_ulong(arg, 16, "rng", np))
		return -EINVAL;
	if (!*np || *np > CONFIG_RNG_MAX_BYTES) {
		printf("rng: byte count must be 1..%#x\n", CONFIG_RNG_MAX_BYTES);
		return -ERANGE;
	}
	return 0;
}

static int rng_print(int seq, const char *count)
{
	struct udevice *dev;
	ulong n = RNG_DEFAULT_BYTES;
	u8 *buf;
	int ret;

	if (count && parse_count(count, &n))
		return CMD_RET_FAILURE;
	if (get_dev(seq, &dev))
		return CMD_RET_FAILURE;
	buf = malloc(n);
	if (!buf) {
		printf("rng: out of memory\n");
		return CMD_RET_FAILURE;
	}
	ret = read_bytes(dev, buf, n);
	if (!ret)
		hexdump(buf, n);
	free(buf);
	return ret ? CMD_RET_FAILURE : CMD_RET_SUCCESS;
}

static int rng_list(void)
{
	struct udevice *dev;
	int ret, n = 0;

	for (ret = uclass_find_first_device(UCLASS_RNG, &dev); !ret;
	     ret = uclass_find_next_device(&dev)) {
		printf("RNG #%d - %s (%s)%s\n", dev->seq, dev->name,
		       dev->driver->name, dev->seq == current ? " *" : "");
		n++;
	}
	if (!n)
		printf("No RNG device\n");
	return CMD_RET_SUCCESS;
}

static int rng_select(int argc, char *const argv[])
{
	struct udevice *dev;
	ulong seq;

	if (argc == 2) {
		if (current < 0 && get_dev(-1, &dev))
			return CMD_RET_FAILURE;
		printf("Current RNG device: %d\n", current < 0 ? dev->seq :
		       current);
		return CMD_RET_SUCCESS;
	}
	if (cmd_parse_ulong(argv[2], 10, "rng dev", &seq))
		return CMD_RET_FAILURE;
	if (seq > 0xffff || get_dev(seq, &dev))
		return CMD_RET_FAILURE;
	current = seq;
	return CMD_RET_SUCCESS;
}

static int rng_fill(int argc, char *const argv[])
{
	struct udevice *dev;
	ulong addr, n;
	u64 start, us;
	int ret;

	if (argc != 4)
		return CMD_RET_USAGE;
	if (cmd_parse_ulong(argv[2], 16, "rng fill", &addr) ||
	    cmd_parse_ulong(argv[3], 16, "rng fill", &n))
		return CMD_RET_FAILURE;
	ret = mem_check_load(addr, n);
	if (ret) {
		mem_report("rng fill", addr, n, ret);
		return CMD_RET_FAILURE;
	}
	if (get_dev(current, &dev))
		return CMD_RET_FAILURE;
	start = timer_get_us();
	ret = read_bytes(dev, map_sysmem(addr, n), n);
	us = timer_get_us() - start;
	if (ret)
		return CMD_RET_FAILURE;
	printf("%lu bytes read in %llu us", n, (unsigned long long)us);
	if (us)
		printf(" (%llu KiB/s)", (unsigned long long)n * 1000000 / 1024 / us);
	printf("\n");
	return CMD_RET_SUCCESS;
}

static int do_rng(struct cmd_tbl *cmdtp, int flag, int argc,
		  char *const argv[])
{
	ulong seq;

	if (argc >= 2 && !strcmp(argv[1], "list"))
		return argc == 2 ? rng_list() : CMD_RET_USAGE;
	if (argc >= 2 && !strcmp(argv[1], "dev"))
		return argc <= 3 ? rng_select(argc, argv) : CMD_RET_USAGE;
	if (argc >= 2 && !strcmp(argv[1], "fill"))
		return rng_fill(argc, argv);
	if (argc == 1)
		return rng_print(current, NULL);
	if (cmd_parse_ulong(argv[1], 10, "rng", &seq) || seq > 0xffff)
		return CMD_RET_USAGE;
	return rng_print(seq, argc > 2 ? argv[2] : NULL);
}

EMBER_CMD(rng, 4, do_rng, "print bytes from the hardware random number generator",
	  "[dev [n]]\n"
	  "    - print n random bytes (hex, default 0x40, at most CONFIG_RNG_MAX_BYTES) from RNG dev\n"
	  "rng list - list the RNG devices\n"
	  "rng dev [dev] - show or select the current RNG device\n"
	  "rng fill addr n - write n (hex) random bytes to memory at addr");
