// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * fw_cfg uclass (include/qfw.h): finding the device, typed reads of its
 * items and the file directory, decoded and bounded.
 */
#include <byteorder.h>
#include <dm.h>
#include <qfw.h>
#include <stdlib.h>
#include <string.h>

/* One entry of the directory as the device gives it (big-endian) */
struct qfw_dir_entry {
	__be32 size;
	__be16 select;
	u16 reserved;
	char name[QFW_NAME_LEN];
};

int qfw_get(struct udevice **devp)
{
	int ret = uclass_find_first_device(UCLASS_QFW, devp);

	if (!ret && !*devp)
		ret = -ENODEV;
	return ret ? ret : device_probe(*devp);
}

int qfw_read(struct udevice *dev, u16 select, void *buf, size_t len)
{
	const struct qfw_ops *ops = dev->driver->ops;

	if (!len)
		return 0;
	return ops->read(dev, select, buf, len);
}

int qfw_read_u32(struct udevice *dev, u16 select, u32 *valp)
{
	__le32 v;
	int ret = qfw_read(dev, select, &v, sizeof(v));

	*valp = ret ? 0 : le32_to_cpu(v);
	return ret;
}

int qfw_files(struct udevice *dev, struct qfw_file **filesp, u32 *countp)
{
	struct qfw_dir_entry *dir;
	struct qfw_file *files;
	__be32 n;
	u32 count;
	u8 *buf;
	int ret;

	*filesp = NULL;
	*countp = 0;
	ret = qfw_read(dev, QFW_FILE_DIR, &n, sizeof(n));
	if (ret)
		return ret;
	count = be32_to_cpu(n);
	if (count > QFW_FILES_MAX) {
		dev_err(dev, "the file directory says %u files, more than %u\n",
			count, QFW_FILES_MAX);
		return -EIO;
	}
	if (!count)
		return 0;
	/* The count again, then the entries: one read of the item */
	buf = malloc(sizeof(n) + count * sizeof(*dir));
	files = calloc(count, sizeof(*files));
	if (!buf || !files) {
		ret = -ENOMEM;
		goto out;
	}
	ret = qfw_read(dev, QFW_FILE_DIR, buf, sizeof(n) +
		       count * sizeof(*dir));
	/* A request not completed may still write there: never reused */
	if (ret == -ETIMEDOUT)
		buf = NULL;
	if (ret)
		goto out;
	dir = (struct qfw_dir_entry *)(buf + sizeof(n));
	for (u32 i = 0; i < count; i++) {
		files[i].size = be32_to_cpu(dir[i].size);
		files[i].select = be16_to_cpu(dir[i].select);
		/* Printable, and ended within its field */
		for (int j = 0; j < QFW_NAME_LEN - 1 && dir[i].name[j]; j++) {
			char ch = dir[i].name[j];

			files[i].name[j] = ch >= 0x20 && ch < 0x7f ? ch : '?';
		}
	}
	*filesp = files;
	*countp = count;
	files = NULL;
out:
	free(buf);
	free(files);
	return ret;
}

UCLASS_DRIVER(qfw) = {
	.name = "qfw",
	.id = UCLASS_QFW,
	.per_device_size = sizeof(struct qfw_uc_priv),
};
