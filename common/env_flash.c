// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The environment in NOR flash, in U-Boot's redundant format: two copies,
 * each in a sector of its own, each
 *
 *   u32 crc (little-endian)   CRC-32 of the data
 *   u8 flags                  1 active, 0 obsolete, 0xff not yet marked
 *   data                      name=value\0 ... \0\0, padded with 0xff
 *
 * (U-Boot pads with zeros; its loader stops at the \0\0 either way. 0xff
 * is what an erased word holds, so the padding is not programmed: on
 * QEMU, where each word programmed costs about 85 us, a save takes tens
 * of milliseconds instead of over a second.)
 *
 * CONFIG_ENV_SIZE bytes in all. 'saveenv' writes the copy not in use, in
 * an order that a power cut at any point cannot turn into a lost
 * environment:
 *
 *   1. erase the other copy's sector
 *   2. write it whole, flags left 0xff (erased)
 *   3. mark the copy in use obsolete (0x01 -> 0x00: only clears bits)
 *   4. mark the new copy active (0xff -> 0x01)
 *
 * and only then says OK. At start the copies whose CRC holds are ranked:
 * active first, then one not (or half) marked, then an obsolete one; the
 * first copy on a tie. Until step 3 completes the old copy is active and
 * wins; from then on the new one is complete and wins. A copy cut short
 * in steps 1-2 fails its CRC. When both fail, the default environment is
 * used, with U-Boot's warning.
 */
#include <byteorder.h>
#include <env.h>
#include <errno.h>
#include <flash.h>
#include <lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENV_HDR_SIZE	5		/* crc, flags */
#define ENV_DATA_SIZE	(CONFIG_ENV_SIZE - ENV_HDR_SIZE)
#define FLAG_OFF	4
#define ENV_OBSOLETE	0x00
#define ENV_ACTIVE	0x01

static struct {
	struct udevice *dev;
	u64 off[2];		/* the copies' offsets in the flash */
	int active;		/* the copy loaded, or -1 */
} store = { .active = -1 };

/* Find the flash under both copies and check the layout fits it; @quiet:
 * say nothing when it does not */
static int store_find(bool quiet)
{
	static const phys_addr_t addr[2] = {
		CONFIG_ENV_ADDR, CONFIG_ENV_ADDR_REDUND
	};
	const struct flash_info *info;
	struct udevice *dev[2];
	int ret;

	/* Looked up each time: a driver-model restart (tests) makes new ones */
	store.dev = NULL;
	for (int i = 0; i < 2; i++) {
		ret = flash_get_by_addr(addr[i], &dev[i], &store.off[i]);
		if (ret) {
			if (!quiet)
				printf("no flash at 0x%lx for the environment (%s)\n",
				       (ulong)addr[i], errno_str(ret));
			return ret;
		}
	}
	info = flash_get_info(dev[0]);
	if (dev[0] != dev[1] || !info->erase_size ||
	    CONFIG_ENV_SECT_SIZE % info->erase_size ||
	    store.off[0] % CONFIG_ENV_SECT_SIZE ||
	    store.off[1] % CONFIG_ENV_SECT_SIZE ||
	    store.off[0] == store.off[1] ||
	    store.off[1] + CONFIG_ENV_SECT_SIZE > info->size ||
	    store.off[0] + CONFIG_ENV_SECT_SIZE > info->size) {
		if (quiet)
			return -EINVAL;
		printf("the environment's sectors (0x%lx, 0x%lx, 0x%x bytes) do not fit the flash's erase blocks (0x%x bytes)\n",
		       (ulong)addr[0], (ulong)addr[1], CONFIG_ENV_SECT_SIZE,
		       info->erase_size);
		return -EINVAL;
	}
	store.dev = dev[0];
	return 0;
}

static int store_get(void)
{
	return store_find(false);
}

bool env_can_persist(void)
{
	return !store_find(true);
}

int env_copy_loaded(void)
{
	return store.active;
}

static bool crc_ok(const u8 *copy)
{
	__le32 crc;

	memcpy(&crc, copy, sizeof(crc));
	return crc32(0, copy + ENV_HDR_SIZE, ENV_DATA_SIZE) == le32_to_cpu(crc);
}

/* Rank of a copy whose CRC holds: active, unmarked or half-marked, obsolete */
static int rank(u8 flags)
{
	if (flags == ENV_ACTIVE)
		return 3;
	return flags == ENV_OBSOLETE ? 1 : 2;
}

/* The copy to load from two read into @buf; -1 when neither holds */
static int choose(u8 *const buf[2])
{
	int best = -1;

	for (int i = 0; i < 2; i++) {
		if (!crc_ok(buf[i]))
			continue;
		if (best < 0 || rank(buf[i][FLAG_OFF]) > rank(buf[best][FLAG_OFF]))
			best = i;
	}
	return best;
}

int env_load(void)
{
	u8 *buf[2] = { malloc(CONFIG_ENV_SIZE), malloc(CONFIG_ENV_SIZE) };
	int ret, i;

	printf("Loading Environment from Flash... ");
	store.active = -1;
	if (!buf[0] || !buf[1]) {
		ret = -ENOMEM;
		printf("out of memory\n");
		goto out;
	}
	ret = store_get();
	for (i = 0; i < 2 && !ret; i++)
		ret = flash_read(store.dev, store.off[i], buf[i],
				 CONFIG_ENV_SIZE);
	if (ret) {
		printf("*** Warning - cannot read the environment, using default environment\n\n");
		goto out;
	}
	i = choose(buf);
	if (i < 0) {
		printf("*** Warning - bad CRC, using default environment\n\n");
		ret = -EBADMSG;
		goto out;
	}
	/*
	 * The copy in use on the flash, imported or not: the next save must
	 * write the other one, whatever happens to this import
	 */
	store.active = i;
	ret = env_import((char *)buf[i] + ENV_HDR_SIZE, ENV_DATA_SIZE, '\0',
			 true, NULL, 0);
	if (ret) {
		printf("Cannot import environment: errno = %d\n", ret);
		printf("*** Warning - import failed, using default environment\n\n");
		env_set_default();
		goto out;
	}
	env_mark_loaded();
	printf("OK\n");
out:
	free(buf[0]);
	free(buf[1]);
	return ret;
}

/* Program the flags byte of copy @i (its word, the data bytes unchanged) */
static int mark(int i, u8 flags)
{
	u8 word[8];
	u32 width = flash_get_info(store.dev)->bank_width;
	int ret;

	if (width > sizeof(word))
		return -EINVAL;
	ret = flash_read(store.dev, store.off[i] + FLAG_OFF, word, width);
	if (!ret) {
		word[0] = flags;
		ret = flash_write(store.dev, store.off[i] + FLAG_OFF, word,
				  width);
	}
	return ret;
}

int env_save(void)
{
	u8 *copy = malloc(CONFIG_ENV_SIZE);
	int old = store.active, new = old == 0 ? 1 : 0;
	size_t len;
	__le32 crc;
	int ret;

	printf("Saving Environment to Flash... ");
	if (!copy) {
		printf("out of memory\nFailed (%d)\n", -ENOMEM);
		return -ENOMEM;
	}
	memset(copy, 0xff, CONFIG_ENV_SIZE);
	ret = store_get();
	if (ret)
		goto out;
	ret = env_export((char *)copy + ENV_HDR_SIZE, ENV_DATA_SIZE, '\0',
			 NULL, 0, &len);
	if (ret) {
		printf("the environment does not fit in %d bytes\n",
		       ENV_DATA_SIZE);
		goto out;
	}
	crc = cpu_to_le32(crc32(0, copy + ENV_HDR_SIZE, ENV_DATA_SIZE));
	memcpy(copy, &crc, sizeof(crc));
	copy[FLAG_OFF] = 0xff;
	printf("Erasing Flash...");
	ret = flash_erase(store.dev, store.off[new], CONFIG_ENV_SECT_SIZE);
	if (ret)
		goto out;
	printf("Writing to Flash... ");
	ret = flash_write(store.dev, store.off[new], copy, CONFIG_ENV_SIZE);
	if (!ret && old >= 0)
		ret = mark(old, ENV_OBSOLETE);
	if (!ret)
		ret = mark(new, ENV_ACTIVE);
	if (ret)
		goto out;
	store.active = new;
	printf("done\nOK\n");
out:
	if (ret)
		printf("Failed (%d)\n", ret);
	free(copy);
	return ret;
}

int env_erase(void)
{
	int ret;

	printf("Erasing Environment on Flash... ");
	ret = store_get();
	for (int i = 0; i < 2 && !ret; i++)
		ret = flash_erase(store.dev, store.off[i],
				  CONFIG_ENV_SECT_SIZE);
	if (ret) {
		printf("Failed (%d)\n", ret);
		return ret;
	}
	store.active = -1;
	printf("OK\n");
	return 0;
}
