// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The NVMe model's namespaces: the options its DT node gives (see
 * asm/nvme_emul.h), and each namespace's medium - memory of zeroes, or
 * the host file of the (N+1)th --nvme option when its ember,ns-disk entry
 * is N (as --virtio-blk gives virtio-blk models their disks). A file's
 * size, in whole blocks, is the namespace's. Data moves between a medium
 * and host memory through nvme_emul_dma(), a file's by way of a bounce
 * page.
 */
#include <asm/os.h>
#include <asm/sandbox.h>
#include <compiler.h>
#include <dm/ofnode.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nvme_emul_priv.h"

#define DEF_BLOCKS	8192	/* 4 MiB of 512-byte blocks */
#define DEF_LBADS	9
#define DEF_MQES	255
#define DEF_IO_QUEUES	4
#define MIN_LBADS	9
#define MAX_LBADS	16

int nvme_emul_ns_init(struct nvme_emul *m, ofnode node)
{
	const char *serial = ofnode_read_string(node, "ember,serial");
	struct nvme_emul_opts o = { 0 };
	u32 v;

	o.ready_delay = ofnode_read_u32_default(node, "ember,ready-delay", 0);
	o.mdts = ofnode_read_u32_default(node, "ember,mdts", 0);
	o.vwc = ofnode_has_property(node, "ember,vwc");
	o.mqes = ofnode_read_u32_default(node, "ember,mqes", DEF_MQES);
	o.io_queues = ofnode_read_u32_default(node, "ember,io-queues",
					      DEF_IO_QUEUES);
	while (o.nr_ns < NVME_EMUL_MAX_NS &&
	       !ofnode_read_u32_index(node, "ember,ns-blocks", o.nr_ns, &v))
		o.ns[o.nr_ns++].blocks = v;
	if (!o.nr_ns) {
		o.nr_ns = 1;
		o.ns[0].blocks = DEF_BLOCKS;
	}
	for (unsigned int i = 0; i < NVME_EMUL_MAX_NS; i++) {
		o.ns[i].lbads = DEF_LBADS;
		if (!ofnode_read_u32_index(node, "ember,ns-lbads", i, &v))
			o.ns[i].lbads = v;
		m->ns[i].fd = -1;
		m->ns[i].disk = -1;
		if (!ofnode_read_u32_index(node, "ember,ns-disk", i, &v))
			m->ns[i].disk = v;
	}
	if (serial)
		strncpy(o.serial, serial, sizeof(o.serial) - 1);
	return nvme_emul_ns_apply(m, &o);
}

/* The file of --nvme option @disk, if it was given */
static const char *disk_file(int disk)
{
	struct sandbox_state *st = sandbox_state();

	return disk >= 0 && disk < st->num_nvme ? st->nvme[disk] : NULL;
}

static bool opts_ok(const struct nvme_emul_opts *o)
{
	if (!o->nr_ns || o->nr_ns > NVME_EMUL_MAX_NS || !o->mqes ||
	    o->mqes > 4095 || !o->io_queues ||
	    o->io_queues > NVME_EMUL_MAX_IOQ || o->mdts > 16)
		return false;
	for (unsigned int i = 0; i < o->nr_ns; i++) {
		if (o->ns[i].lbads < MIN_LBADS || o->ns[i].lbads > MAX_LBADS)
			return false;
	}
	return true;
}

/* Namespace @i in its file: opened once; its size follows its block size */
static int ns_file(struct nvme_emul *m, unsigned int i,
		   struct nvme_emul_ns_opts *no)
{
	struct nvme_emul_ns *ns = &m->ns[i];
	const char *file = disk_file(ns->disk);
	unsigned long long size;

	if (ns->fd < 0) {
		ns->fd = os_open_rw(file, 1, &size);
		if (ns->fd < 0) {
			printf("%s: cannot open %s: %s\n", m->name, file,
			       errno_str(ns->fd));
			return ns->fd;
		}
		ns->bytes = size;
	}
	no->blocks = ns->bytes >> no->lbads;
	return no->blocks ? 0 : -EINVAL;
}

/* Namespace @i in memory: zeroes, again when its size changes */
static int ns_memory(struct nvme_emul *m, unsigned int i,
		     const struct nvme_emul_ns_opts *no)
{
	struct nvme_emul_ns *ns = &m->ns[i];
	u64 bytes = no->blocks << no->lbads;

	if (!no->blocks || no->blocks > NVME_EMUL_MAX_BYTES >> no->lbads)
		return -EINVAL;
	if (ns->image && ns->bytes == bytes)
		return 0;
	free(ns->image);
	ns->image = calloc(1, bytes);
	ns->bytes = ns->image ? bytes : 0;
	return ns->image ? 0 : -ENOMEM;
}

int nvme_emul_ns_apply(struct nvme_emul *m, struct nvme_emul_opts *opts)
{
	struct nvme_emul_opts o = *opts;
	int ret = 0;

	if (!opts_ok(&o))
		return -EINVAL;
	for (unsigned int i = 0; i < o.nr_ns && !ret; i++)
		ret = disk_file(m->ns[i].disk) ? ns_file(m, i, &o.ns[i]) :
						 ns_memory(m, i, &o.ns[i]);
	if (ret)
		return ret;
	for (unsigned int i = o.nr_ns; i < NVME_EMUL_MAX_NS; i++) {
		free(m->ns[i].image);
		m->ns[i].image = NULL;
	}
	o.serial[sizeof(o.serial) - 1] = '\0';
	m->opts = o;
	*opts = o;
	return 0;
}

void nvme_emul_ns_free(struct nvme_emul *m)
{
	for (unsigned int i = 0; i < NVME_EMUL_MAX_NS; i++) {
		struct nvme_emul_ns *ns = &m->ns[i];

		free(ns->image);
		ns->image = NULL;
		if (ns->fd >= 0)
			os_close(ns->fd);
		ns->fd = -1;
	}
}

/* Never more than the medium holds, even after a failed change */
u64 nvme_emul_ns_bytes(struct nvme_emul *m, unsigned int i)
{
	return min(m->opts.ns[i].blocks << m->opts.ns[i].lbads,
		   m->ns[i].bytes);
}

int nvme_emul_ns_rw(struct nvme_emul *m, unsigned int i, u64 pos, void *buf,
		    u32 len, bool write)
{
	struct nvme_emul_ns *ns = &m->ns[i];

	return os_medium_rw(ns->image, ns->fd, nvme_emul_ns_bytes(m, i), pos,
			    buf, len, write);
}

int nvme_emul_ns_dma(struct nvme_emul *m, unsigned int i, u64 pos, u64 addr,
		     u32 len, bool to_host)
{
	struct nvme_emul_ns *ns = &m->ns[i];
	u64 size = nvme_emul_ns_bytes(m, i);
	int ret;

	if (pos > size || len > size - pos)
		return -ERANGE;
	if (ns->image)
		return nvme_emul_dma(m, addr, ns->image + pos, len, to_host);
	if (len > NVME_EMUL_PAGE_MAX)
		return -ERANGE;		/* pieces are pages at most */
	if (to_host) {
		ret = nvme_emul_ns_rw(m, i, pos, m->bounce, len, false);
		return ret ? ret : nvme_emul_dma(m, addr, m->bounce, len, true);
	}
	ret = nvme_emul_dma(m, addr, m->bounce, len, false);
	return ret ? ret : nvme_emul_ns_rw(m, i, pos, m->bounce, len, true);
}
