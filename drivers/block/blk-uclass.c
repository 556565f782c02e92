// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Block device uclass: U-Boot's "<interface> <number>" names, ranges
 * checked against the device, read-only devices refused, and byte-level
 * reads for partition and filesystem code.
 */
#include <blk.h>
#include <dm.h>
#include <errno.h>
#include <log.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct blk_desc *blk_get_desc(struct udevice *dev)
{
	return dev_get_uclass_plat(dev);
}

int blk_find_max_devnum(const char *if_name)
{
	struct udevice *dev;
	struct uclass *uc;
	int max = -ENODEV;

	if (uclass_get(UCLASS_BLK, &uc))
		return -ENODEV;
	uclass_foreach_dev(dev, uc) {
		struct blk_desc *d = blk_get_desc(dev);

		if (!strcmp(d->if_name, if_name) && d->devnum > max)
			max = d->devnum;
	}
	return max;
}

/* The next free number of @if_name */
static int next_devnum(const char *if_name)
{
	int max = blk_find_max_devnum(if_name);

	return max < 0 ? 0 : max + 1;
}

int blk_create(struct udevice *parent, const char *drv_name,
	       const char *if_name, u32 blksz, u64 lba, bool read_only,
	       struct udevice **devp)
{
	const struct driver *drv = lists_driver_lookup_name(drv_name);
	struct blk_desc *d;
	char name[BLK_NAME_MAX + 16];
	int devnum = next_devnum(if_name), ret;

	if (!drv)
		return -ENOENT;
	if (!blksz || (blksz & (blksz - 1)) || blksz > 65536)
		return -EINVAL;
	ret = device_bind(parent, drv, "blk", NULL, ofnode_null(), devp);
	if (ret)
		return ret;
	snprintf(name, sizeof(name), "%s.blk#%d", parent->name, devnum);
	ret = device_set_name(*devp, name);
	if (ret) {
		device_unbind(*devp);
		return ret;
	}
	d = blk_get_desc(*devp);
	d->if_name = if_name;
	d->devnum = devnum;
	d->blksz = blksz;
	d->lba = lba;
	d->read_only = read_only;
	return 0;
}

static int find_by_name(const char *if_name, int devnum,
			struct udevice **devp)
{
	struct udevice *dev;
	struct uclass *uc;
	int ret = uclass_get(UCLASS_BLK, &uc);

	if (ret)
		return -ENODEV;
	uclass_foreach_dev(dev, uc) {
		struct blk_desc *d = blk_get_desc(dev);

		if (strcmp(d->if_name, if_name) || d->devnum != devnum)
			continue;
		ret = device_probe(dev);
		if (ret)
			return ret;
		*devp = dev;
		return 0;
	}
	return -ENODEV;
}

bool blk_if_declared(const char *if_name)
{
	ll_foreach(struct blk_if, bif, blk_if) {
		if (!strcmp(bif->name, if_name))
			return true;
	}
	return false;
}

int blk_scan_if(const char *if_name)
{
	ll_foreach(struct blk_if, bif, blk_if) {
		if (!strcmp(bif->name, if_name))
			return bif->scan();
	}
	return 0;
}

int blk_get_by_name(const char *if_name, int devnum, struct udevice **devp)
{
	int ret = find_by_name(if_name, devnum, devp);

	/* Not there yet: the interface's devices may appear when probed */
	if (ret == -ENODEV && blk_scan_if(if_name) > 0)
		ret = find_by_name(if_name, devnum, devp);
	return ret;
}

static int check_range(struct udevice *dev, u64 start, u64 count,
		       const void *buf)
{
	struct blk_desc *d = blk_get_desc(dev);

	if (!buf && count)
		return -EINVAL;
	if (start > d->lba || count > d->lba - start)
		return -ERANGE;
	return 0;
}

long blk_read(struct udevice *dev, u64 start, u64 count, void *buf)
{
	const struct blk_ops *ops = dev->driver->ops;
	int ret = check_range(dev, start, count, buf);

	if (ret)
		return ret;
	if (!count)
		return 0;
	return ops->read(dev, start, count, buf);
}

/* A source whose pieces are checked against the device on the way */
struct blk_checked {
	struct blk_src src;
	struct blk_src *from;
	struct udevice *dev;
};

static int checked_next(struct blk_src *src, struct blk_vec *vec)
{
	struct blk_checked *c = container_of(src, struct blk_checked, src);
	int ret;

	do {
		ret = c->from->next(c->from, vec);
		if (ret <= 0)
			return ret;
		ret = check_range(c->dev, vec->start, vec->count, vec->buf);
		if (ret)
			return ret;
	} while (!vec->count);
	return 1;
}

int blk_read_stream(struct udevice *dev, struct blk_src *src)
{
	const struct blk_ops *ops = dev->driver->ops;
	struct blk_checked c = { { checked_next }, src, dev };
	struct blk_vec vec;
	int ret;

	if (ops->read_stream)
		return ops->read_stream(dev, &c.src);
	while ((ret = checked_next(&c.src, &vec)) > 0) {
		long got = ops->read(dev, vec.start, vec.count, vec.buf);

		if (got != (long)vec.count)
			return got < 0 ? (int)got : -EIO;
	}
	return ret;
}

/* The pieces of an array, as a source */
struct blk_array {
	struct blk_src src;
	const struct blk_vec *vec;
	unsigned int left;
};

static int array_next(struct blk_src *src, struct blk_vec *vec)
{
	struct blk_array *a = container_of(src, struct blk_array, src);

	if (!a->left)
		return 0;
	*vec = *a->vec++;
	a->left--;
	return 1;
}

int blk_read_vec(struct udevice *dev, const struct blk_vec *vec,
		 unsigned int n)
{
	struct blk_array a = { { array_next }, vec, n };

	if (n > BLK_VEC_MAX)
		return -EINVAL;
	/* A bad piece fails the call before any is read */
	for (unsigned int i = 0; i < n; i++) {
		int ret = check_range(dev, vec[i].start, vec[i].count,
				      vec[i].buf);

		if (ret)
			return ret;
	}
	return blk_read_stream(dev, &a.src);
}

long blk_write(struct udevice *dev, u64 start, u64 count, const void *buf)
{
	const struct blk_ops *ops = dev->driver->ops;
	int ret = check_range(dev, start, count, buf);

	if (ret)
		return ret;
	if (blk_get_desc(dev)->read_only || !ops->write)
		return -EROFS;
	if (!count)
		return 0;
	return ops->write(dev, start, count, buf);
}

int blk_flush(struct udevice *dev)
{
	const struct blk_ops *ops = dev->driver->ops;

	return ops->flush ? ops->flush(dev) : 0;
}

/*
 * @len bytes at byte @off into @in (a read) or from @out (a write):
 * whole blocks straight, a block's part through a bounce block (a write
 * reads it, merges and writes it back)
 */
static int blk_rw_bytes(struct udevice *dev, u64 off, u8 *in, const u8 *out,
			size_t len)
{
	struct blk_desc *d = blk_get_desc(dev);
	u8 *bounce = NULL;
	int ret = 0;

	/* The size, saturated: a device may report any number of blocks */
	u64 total = d->lba > ~0ULL / d->blksz ? ~0ULL : d->lba * d->blksz;

	if (off > total || len > total - off)
		return -ERANGE;
	while (len) {
		u64 blk = off / d->blksz;
		u32 skip = off % d->blksz;
		size_t n;
		long done;

		if (!skip && len >= d->blksz) {
			u64 count = len / d->blksz;

			done = out ? blk_write(dev, blk, count, out) :
				     blk_read(dev, blk, count, in);
			if (done != (long)count) {
				ret = done < 0 ? (int)done : -EIO;
				break;
			}
			n = count * d->blksz;
		} else {
			if (!bounce) {
				bounce = malloc(d->blksz);
				if (!bounce) {
					ret = -ENOMEM;
					break;
				}
			}
			done = blk_read(dev, blk, 1, bounce);
			n = min_t(size_t, d->blksz - skip, len);
			if (done == 1 && out) {
				memcpy(bounce + skip, out, n);
				done = blk_write(dev, blk, 1, bounce);
			} else if (done == 1) {
				memcpy(in, bounce + skip, n);
			}
			if (done != 1) {
				ret = done < 0 ? (int)done : -EIO;
				break;
			}
		}
		if (in)
			in += n;
		if (out)
			out += n;
		off += n;
		len -= n;
	}
	free(bounce);
	return ret;
}

int blk_read_bytes(struct udevice *dev, u64 off, void *buf, size_t len)
{
	return blk_rw_bytes(dev, off, buf, NULL, len);
}

int blk_write_bytes(struct udevice *dev, u64 off, const void *buf,
		    size_t len)
{
	return blk_rw_bytes(dev, off, NULL, buf, len);
}

UCLASS_DRIVER(blk) = {
	.name = "blk",
	.id = UCLASS_BLK,
	.per_device_plat_size = sizeof(struct blk_desc),
};

/* U-Boot's shape (its dev_print()), the serial added */
void blk_show_desc(struct udevice *blk)
{
	struct blk_desc *d = blk_get_desc(blk);
	u64 per = d->blksz / 512;
	/* 512-byte sectors (as many as 64 bits hold) */
	u64 sectors = per && d->lba > ~0ULL / per ? ~0ULL : d->lba * per;
	/* Tenths of a MiB, then of a GiB, rounded down */
	u64 mb = sectors / 2048 * 10 + sectors % 2048 * 10 / 2048;
	u64 gb = mb / 1024;

	printf("%s\n", d->title[0] ? d->title : d->vendor);
	printf("            Type: %s%s\n", d->kind ? d->kind : "Hard Disk",
	       d->read_only ? " (read-only)" : "");
	printf("            Capacity: %llu.%llu MB = %llu.%llu GB (%llu x %u)\n",
	       (unsigned long long)(mb / 10), (unsigned long long)(mb % 10),
	       (unsigned long long)(gb / 10), (unsigned long long)(gb % 10),
	       (unsigned long long)d->lba, d->blksz);
	if (d->product[0])
		printf("            Serial: %s\n", d->product);
}
