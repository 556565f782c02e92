// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The filesystem layer: which filesystem a partition holds (FAT, then
 * ext4), a partition of a block device as a struct fs_io whose reads stay
 * inside it, and the helpers behind ls, load, size and fstype that print
 * what went wrong in one place.
 */
#include <blk.h>
#include <errno.h>
#include <fs.h>
#include <memmap.h>
#include <part.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <asm/io.h>

/*
 * The filesystems in the order they are tried; NULL for one not compiled
 * in (the conditional folds at compile time: no reference remains)
 */
static const struct fs_type *const fs_types[] = {
	IS_ENABLED(CONFIG_FS_FAT) ? &fs_type_fat : NULL,
	IS_ENABLED(CONFIG_FS_EXT4) ? &fs_type_ext4 : NULL,
};

const struct fs_type *fs_type_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++) {
		const struct fs_type *t = fs_types[i];

		if (t && !strcmp(t->name, name))
			return t;
	}
	return NULL;
}

int fs_open_io(const struct fs_io *io, const struct fs_type **typep,
	       struct fs_vol **volp)
{
	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++) {
		const struct fs_type *t = fs_types[i];
		int ret;

		if (!t)
			continue;
		ret = t->open(io, volp);
		if (ret == -ENODEV)
			continue;
		if (!ret)
			*typep = t;
		return ret;
	}
	return -ENODEV;
}

/* A read of the partition: bounded to it, a device error printed */
static int fs_blk_read(const struct fs_io *io, u64 off, void *buf, size_t len)
{
	struct fs_mount *m = io->priv;
	int ret;

	if (off > io->size || len > io->size - off) {
		printf("%s: read of %#zx bytes at %#llx is past the partition's end (%#llx)\n",
		       m->name, len, (unsigned long long)off,
		       (unsigned long long)io->size);
		return -ERANGE;
	}
	ret = blk_read_bytes(m->blk, m->start + off, buf, len);
	if (ret)
		printf("%s: cannot read %#zx bytes at %#llx: %s\n", m->name,
		       len, (unsigned long long)off, errno_str(ret));
	return ret;
}

/*
 * Pieces that are whole blocks of the disk go to the device in one vector
 * (their requests overlap); a piece that is not is read by itself
 */
static int fs_blk_readv(const struct fs_io *io, const struct fs_iov *iov,
			unsigned int n)
{
	struct fs_mount *m = io->priv;
	u32 bs = blk_get_desc(m->blk)->blksz;
	struct blk_vec vec[FS_IOV_MAX];
	unsigned int k = 0;
	int ret;

	if (n > FS_IOV_MAX)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		u64 off = m->start + iov[i].off;

		if (iov[i].off > io->size || iov[i].len > io->size - iov[i].off ||
		    off % bs || iov[i].len % bs) {
			ret = fs_blk_read(io, iov[i].off, iov[i].buf,
					  iov[i].len);
			if (ret)
				return ret;
			continue;
		}
		vec[k++] = (struct blk_vec){ off / bs, iov[i].len / bs,
					     iov[i].buf };
	}
	ret = blk_read_vec(m->blk, vec, k);
	if (ret)
		printf("%s: cannot read %u pieces from %#llx on: %s\n", m->name,
		       k, (unsigned long long)(vec[0].start * bs - m->start),
		       errno_str(ret));
	return ret;
}

int fs_readv(const struct fs_io *io, const struct fs_iov *iov, unsigned int n)
{
	if (io->readv)
		return io->readv(io, iov, n);
	for (unsigned int i = 0; i < n; i++) {
		int ret = io->read(io, iov[i].off, iov[i].buf, iov[i].len);

		if (ret)
			return ret;
	}
	return 0;
}

int fs_mount(const char *if_name, const char *dev_part,
	     const struct fs_type *want, struct fs_mount **mp)
{
	struct disk_partition info;
	struct fs_mount *m;
	int ret;

	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	ret = blk_get_device_part_str(if_name, dev_part, &m->blk, &m->part,
				      &info);
	if (ret) {
		free(m);
		return ret;
	}
	if (m->part)
		snprintf(m->name, sizeof(m->name), "%s %x:%x", if_name,
			 blk_get_desc(m->blk)->devnum, m->part);
	else
		snprintf(m->name, sizeof(m->name), "%s %x", if_name,
			 blk_get_desc(m->blk)->devnum);
	m->start = info.start * info.blksz;
	m->io.size = info.size * info.blksz;
	m->io.read = fs_blk_read;
	m->io.readv = fs_blk_readv;
	m->io.priv = m;
	m->io.name = m->name;
	if (want) {
		ret = want->open(&m->io, &m->vol);
		m->type = want;
	} else {
		ret = fs_open_io(&m->io, &m->type, &m->vol);
	}
	if (ret) {
		free(m);
		return ret;
	}
	*mp = m;
	return 0;
}

void fs_umount(struct fs_mount *m)
{
	if (!m)
		return;
	m->type->close(m->vol);
	free(m);
}

/* What the filesystem returned quietly, said once */
static int fs_report(struct fs_mount *m, const char *path, int err)
{
	switch (err) {
	case -ENOENT:
		printf("%s: '%s': no such file or directory\n", m->name, path);
		break;
	case -ENOTDIR:
		printf("%s: '%s': a component is not a directory\n", m->name,
		       path);
		break;
	case -EISDIR:
		printf("%s: '%s' is a directory\n", m->name, path);
		break;
	case -ELOOP:
		printf("%s: '%s': too many symbolic links\n", m->name, path);
		break;
	default:
		break;
	}
	return err;
}

int fs_ls(struct fs_mount *m, const char *path,
	  int (*fn)(void *ctx, const struct fs_dirent *d), void *ctx)
{
	int ret = m->type->ls(m->vol, path, fn, ctx);

	return ret < 0 ? fs_report(m, path, ret) : ret;
}

int fs_size(struct fs_mount *m, const char *path, u64 *sizep)
{
	int ret = m->type->size(m->vol, path, sizep);

	return ret == -EISDIR ? ret : fs_report(m, path, ret);
}

int fs_load(struct fs_mount *m, const char *path, ulong addr, u64 pos,
	    u64 max, u64 *lenp)
{
	u64 size, len, act;
	void *buf;
	int ret;

	ret = m->type->size(m->vol, path, &size);
	if (ret)
		return fs_report(m, path, ret);
	if (pos > size) {
		printf("%s: '%s': position %#llx is past its end (%#llx bytes)\n",
		       m->name, path, (unsigned long long)pos,
		       (unsigned long long)size);
		return -EINVAL;
	}
	len = size - pos;
	if (max && max < len)
		len = max;
	if (len) {
		ret = mem_check_load(addr, len);
		if (ret) {
			mem_report("load", addr, len, ret);
			return ret;
		}
	}
	buf = map_sysmem(addr, len);
	ret = m->type->read(m->vol, path, pos, buf, len, &act);
	unmap_sysmem(buf);
	if (ret)
		return fs_report(m, path, ret);
	*lenp = act;
	return 0;
}
