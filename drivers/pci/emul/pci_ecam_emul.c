// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox model of an ECAM host bridge and the PCI functions behind it,
 * for the unit tests: the real pcie_ecam_generic.c and PCI uclass reach it
 * through readl()/writel() (arch/sandbox/mmio.c). Like hardware:
 *
 *   - configuration cycles reach a function's configuration space
 *     (pci_emul_fn.c); where no function answers, reads give all ones;
 *   - a function behind a bridge answers on the bridge's secondary bus;
 *   - a BAR decodes when its command bit is set and every bridge above
 *     forwards the address (command bit, and the address in a window);
 *     other accesses to the host's windows read all ones;
 *   - function models (e.g. virtio_pci_emul.c) answer their BARs.
 *
 * The DT description and the test hooks are in asm/pci_emul.h.
 */
#include <asm/io.h>
#include <asm/pci_emul.h>
#include <dm.h>
#include <pci.h>
#include <stdio.h>
#include <string.h>
#include "pci_emul_fn.h"

#define EMUL_MAX_FNS	24

enum emul_space { SPACE_IO, SPACE_MEM, SPACE_PREF, SPACE_COUNT };

struct pci_ecam_emul;

struct emul_window {
	struct pci_ecam_emul *emul;
	phys_addr_t cpu;
	u64 bus;
	u64 size;
	bool io;
};

struct pci_ecam_emul {
	phys_addr_t ecam;
	u64 ecam_size;
	struct emul_window win[SPACE_COUNT];
	struct sandbox_pci_fn fn[EMUL_MAX_FNS];
	int nfn;
};


/* The bus a function answers on, or -1 when its bridge is not set up */
static int fn_bus(const struct sandbox_pci_fn *f)
{
	int sec;

	if (!f->up)
		return 0;
	if (fn_bus(f->up) < 0)
		return -1;
	sec = f->up->cfg[PCI_SECONDARY_BUS];
	return sec ? sec : -1;
}

static struct sandbox_pci_fn *find_fn(struct pci_ecam_emul *e, int bus,
				      int devfn)
{
	for (int i = 0; i < e->nfn; i++) {
		if (e->fn[i].devfn == devfn && !e->fn[i].absent &&
		    fn_bus(&e->fn[i]) == bus)
			return &e->fn[i];
	}
	return NULL;
}

static u64 ecam_read(void *ctx, ulong off, int size)
{
	struct sandbox_pci_fn *f = find_fn(ctx, off >> 20, (off >> 12) & 0xff);
	uint reg = off & 0xfff;

	if (!f)
		return ~0ULL >> (64 - 8 * size);
	if (reg + size > PCI_CFG_SPACE_SIZE)
		return 0;	/* no extended capabilities */
	return emul_cfg_get(f, reg, size);
}

static void ecam_write(void *ctx, ulong off, u64 val, int size)
{
	struct sandbox_pci_fn *f = find_fn(ctx, off >> 20, (off >> 12) & 0xff);
	uint reg = off & 0xfff;

	const struct sandbox_pci_fn_ops *ops;

	if (!f || reg + size > PCI_CFG_SPACE_SIZE)
		return;
	emul_cfg_write(f, reg, val, size);
	ops = f->model ? f->model->driver->ops : NULL;
	if (ops && ops->cfg_write)
		ops->cfg_write(f->model, reg, size);
}

static void poll_models(void *ctx)
{
	struct pci_ecam_emul *e = ctx;

	for (int i = 0; i < e->nfn; i++) {
		struct udevice *m = e->fn[i].model;
		const struct sandbox_pci_fn_ops *ops;

		if (!m)
			continue;
		ops = m->driver->ops;
		if (ops->poll)
			ops->poll(m);
	}
}

static const struct sandbox_mmio_ops ecam_ops = {
	.read = ecam_read,
	.write = ecam_write,
	.poll = poll_models,
};


/* The function and BAR that decode bus address @addr, if one does */
static struct sandbox_pci_fn *decode(struct pci_ecam_emul *e, bool io,
				     u64 addr, int *barp, u64 *offp)
{
	for (int n = 0; n < e->nfn; n++) {
		struct sandbox_pci_fn *f = &e->fn[n];
		u16 cmd = emul_cfg_get(f, PCI_COMMAND, 2);
		const struct sandbox_pci_fn *b;

		if (!(cmd & (io ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY)))
			continue;
		for (int i = 0; i < emul_num_bars(f); i++) {
			u64 base = emul_bar_addr(f, i);

			if (!f->bar_size[i] || emul_bar_is_io(f, i) != io ||
			    addr - base >= f->bar_size[i])
				continue;
			for (b = f->up; b && emul_bridge_forwards(b, io, addr);)
				b = b->up;
			if (b)
				break;
			*barp = i;
			*offp = addr - base;
			return f;
		}
	}
	return NULL;
}

static u64 window_read(void *ctx, ulong off, int size)
{
	struct emul_window *w = ctx;
	struct sandbox_pci_fn *f;
	const struct sandbox_pci_fn_ops *ops;
	u64 boff;
	int bar;

	f = decode(w->emul, w->io, w->bus + off, &bar, &boff);
	if (!f)
		return ~0ULL >> (64 - 8 * size);	/* master abort */
	if (!f->model)
		return 0;
	ops = f->model->driver->ops;
	return ops->bar_read(f->model, bar, boff, size);
}

static void window_write(void *ctx, ulong off, u64 val, int size)
{
	struct emul_window *w = ctx;
	struct sandbox_pci_fn *f;
	const struct sandbox_pci_fn_ops *ops;
	u64 boff;
	int bar;

	f = decode(w->emul, w->io, w->bus + off, &bar, &boff);
	if (!f || !f->model)
		return;
	ops = f->model->driver->ops;
	ops->bar_write(f->model, bar, boff, val, size);
}

static const struct sandbox_mmio_ops window_ops = {
	.read = window_read,
	.write = window_write,
};



static struct udevice *model_of(struct udevice *dev, ofnode node)
{
	struct udevice *child;

	device_foreach_child(child, dev) {
		if (ofnode_equal(dev_ofnode(child), node))
			return child;
	}
	return NULL;
}

static int add_fn(struct udevice *dev, ofnode node, struct sandbox_pci_fn *up)
{
	struct pci_ecam_emul *e = dev_get_priv(dev);
	struct sandbox_pci_fn *f;
	const struct sandbox_pci_fn_ops *ops;
	u32 d = 0, fn = 0;
	int ret;

	if (e->nfn == EMUL_MAX_FNS) {
		dev_err(dev, "more than %d functions\n", EMUL_MAX_FNS);
		return -ENOSPC;
	}
	f = &e->fn[e->nfn++];
	f->node = node;
	f->name = ofnode_get_name(node);
	f->up = up;
	ofnode_read_u32_index(node, "ember,devfn", 0, &d);
	ofnode_read_u32_index(node, "ember,devfn", 1, &fn);
	f->devfn = (d & 0x1f) << 3 | (fn & 7);
	f->bridge = ofnode_has_property(node, "ember,bridge");
	f->absent = ofnode_has_property(node, "ember,absent");
	f->next_cap = PCI_CAP_FIRST;
	if (f->bridge) {
		f->cfg[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_BRIDGE;
		f->cfg[PCI_IO_BASE] = PCI_IO_RANGE_TYPE_32;
		f->cfg[PCI_IO_LIMIT] = PCI_IO_RANGE_TYPE_32;
		f->cfg[PCI_PREF_MEMORY_BASE] = PCI_PREF_RANGE_TYPE_64;
		f->cfg[PCI_PREF_MEMORY_LIMIT] = PCI_PREF_RANGE_TYPE_64;
	}
	f->model = model_of(dev, node);
	if (!f->model)
		return emul_fn_parse(dev, f);
	ops = f->model->driver->ops;
	ret = device_probe(f->model);
	if (!ret)
		ret = ops->setup(f->model, f);
	return ret;
}

static int add_fns(struct udevice *dev, ofnode parent,
		   struct sandbox_pci_fn *up)
{
	struct pci_ecam_emul *e = dev_get_priv(dev);
	ofnode node;
	int ret;

	for (node = ofnode_first_subnode(parent); ofnode_valid(node);
	     node = ofnode_next_subnode(node)) {
		struct sandbox_pci_fn *f = &e->fn[e->nfn];

		ret = add_fn(dev, node, up);
		if (!ret && f->bridge)
			ret = add_fns(dev, node, f);
		if (ret)
			return ret;
	}
	return 0;
}

/* Function 0 of a device with more functions says so in its header */
static void mark_multi_function(struct pci_ecam_emul *e)
{
	for (int i = 0; i < e->nfn; i++) {
		for (int j = 0; j < e->nfn; j++) {
			struct sandbox_pci_fn *a = &e->fn[i], *b = &e->fn[j];

			if (a->up == b->up && (a->devfn & 7) == 0 &&
			    b->devfn >> 3 == a->devfn >> 3 && b != a)
				a->cfg[PCI_HEADER_TYPE] |= PCI_HEADER_MULTI_FUNC;
		}
	}
}

static int read_window(struct udevice *dev, const char *prop,
		       struct emul_window *w)
{
	u32 v[4];
	int ret;

	for (int i = 0; i < 4; i++) {
		if (ofnode_read_u32_index(dev_ofnode(dev), prop, i, &v[i]))
			return 0;	/* no such window */
	}
	w->emul = dev_get_priv(dev);
	w->cpu = v[0];
	w->bus = (u64)v[1] << 32 | v[2];
	w->size = v[3];
	ret = sandbox_mmio_add(w->cpu, w->size, &window_ops, w);
	if (ret)
		w->size = 0;	/* not ours to remove */
	return ret;
}

/* Bind the function models among the (nested) function nodes */
static int emul_bind_models(struct udevice *dev, ofnode parent)
{
	ofnode node;

	for (node = ofnode_first_subnode(parent); ofnode_valid(node);
	     node = ofnode_next_subnode(node)) {
		if (ofnode_has_property(node, "compatible"))
			lists_bind_fdt(dev, node, NULL);
		else if (ofnode_has_property(node, "ember,bridge"))
			emul_bind_models(dev, node);
	}
	return 0;
}

static int emul_bind(struct udevice *dev)
{
	return emul_bind_models(dev, dev_ofnode(dev));
}

static void emul_stop(struct udevice *dev)
{
	struct pci_ecam_emul *e = dev_get_priv(dev);

	for (int i = 0; i < SPACE_COUNT; i++) {
		if (e->win[i].size)
			sandbox_mmio_remove(e->win[i].cpu);
	}
	if (e->ecam_size)
		sandbox_mmio_remove(e->ecam);
}

static int emul_probe(struct udevice *dev)
{
	static const char *const props[SPACE_COUNT] = {
		"ember,io", "ember,mem", "ember,pref"
	};
	struct pci_ecam_emul *e = dev_get_priv(dev);
	u32 ecam[2];
	int ret;

	ret = ofnode_read_u32_index(dev_ofnode(dev), "ember,ecam", 0, &ecam[0]);
	if (!ret)
		ret = ofnode_read_u32_index(dev_ofnode(dev), "ember,ecam", 1,
					    &ecam[1]);
	if (ret) {
		dev_err(dev, "needs ember,ecam = <base size>\n");
		return ret;
	}
	e->win[SPACE_IO].io = true;
	ret = add_fns(dev, dev_ofnode(dev), NULL);
	mark_multi_function(e);
	for (int i = 0; !ret && i < SPACE_COUNT; i++)
		ret = read_window(dev, props[i], &e->win[i]);
	if (!ret) {
		ret = sandbox_mmio_add(ecam[0], ecam[1], &ecam_ops, e);
		e->ecam = ecam[0];
		e->ecam_size = ret ? 0 : ecam[1];
	}
	if (ret) {
		dev_err(dev, "cannot start the model: %d\n", ret);
		emul_stop(dev);
	}
	return ret;
}

static int emul_remove(struct udevice *dev)
{
	emul_stop(dev);
	return 0;
}

struct udevice *sandbox_pci_emul_get(void)
{
	struct udevice *dev;

	return uclass_first_device(UCLASS_PCI_EMUL, &dev) ? NULL : dev;
}

static struct sandbox_pci_fn *fn_by_name(struct udevice *emul,
					 const char *name)
{
	struct pci_ecam_emul *e = dev_get_priv(emul);

	for (int i = 0; i < e->nfn; i++) {
		if (!strcmp(e->fn[i].name, name))
			return &e->fn[i];
	}
	return NULL;
}

int sandbox_pci_emul_set_fault(struct udevice *emul, const char *name,
			       u32 faults)
{
	struct sandbox_pci_fn *f = fn_by_name(emul, name);

	if (!f)
		return -ENOENT;
	if (faults & PCI_EMUL_FAULT_CAP_LOOP && f->last_cap)
		f->cfg[f->last_cap + PCI_CAP_LIST_NEXT] = f->first_cap;
	if (faults & PCI_EMUL_FAULT_CAP_HEADER) {
		f->cfg[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
		f->cfg[PCI_CAPABILITY_LIST] = PCI_HEADER_TYPE & ~3;
	}
	return 0;
}

int sandbox_pci_emul_set_bar(struct udevice *emul, const char *name, int bar,
			     u32 flags, u64 size)
{
	struct sandbox_pci_fn *f = fn_by_name(emul, name);

	return f ? sandbox_pci_fn_set_bar(f, bar, flags, size) : -ENOENT;
}

int sandbox_pci_emul_config(struct udevice *emul, const char *name,
			    uint offset)
{
	struct sandbox_pci_fn *f = fn_by_name(emul, name);

	if (!f || offset >= PCI_CFG_SPACE_SIZE)
		return -ENOENT;
	return f->cfg[offset];
}

int sandbox_pci_emul_set_present(struct udevice *emul, const char *name,
				 bool present)
{
	struct sandbox_pci_fn *f = fn_by_name(emul, name);

	if (!f)
		return -ENOENT;
	f->absent = !present;
	return 0;
}

int sandbox_pci_emul_poke(struct udevice *emul, const char *name,
			  uint offset, u8 val)
{
	struct sandbox_pci_fn *f = fn_by_name(emul, name);

	if (!f || offset >= PCI_CFG_SPACE_SIZE)
		return -ENOENT;
	f->cfg[offset] = val;
	return 0;
}

static const struct udevice_id emul_ids[] = {
	{ .compatible = "sandbox,pci-ecam-emul" },
	{ }
};

EMBER_DRIVER(pci_ecam_emul) = {
	.name = "pci_ecam_emul",
	.id = UCLASS_PCI_EMUL,
	.of_match = emul_ids,
	.bind = emul_bind,
	.probe = emul_probe,
	.remove = emul_remove,
	.priv_size = sizeof(struct pci_ecam_emul),
	.flags = DM_FLAG_PROBE_AFTER_BIND,
};

UCLASS_DRIVER(pci_emul) = {
	.name = "pci_emul",
	.id = UCLASS_PCI_EMUL,
};
