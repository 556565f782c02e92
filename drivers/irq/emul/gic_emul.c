// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Sandbox model of a GICv2's distributor and CPU interface registers, for
 * the tests of drivers/irq/arm_gic.c (test/dm/irq.c). It keeps what the
 * driver writes with the architecture's semantics: ISENABLER sets and
 * ICENABLER clears the enable bits (both read them back), ICPENDR writes
 * are remembered (the model has no pending state of its own), the target
 * fields of IDs 0-31 are read-only and read as this CPU's (0x01), the
 * configuration of the SGIs and PPIs (ICFGR0, 1) is read-only, IDs a
 * test locks ignore enable writes (a secure interrupt, seen from the
 * non-secure side), and
 * GICD_TYPER says ember,lines. Accesses past the IDs the distributor has
 * read 0 and are dropped, as on hardware. The driver's state is read by
 * the tests through asm/gic_emul.h.
 *
 * DT: compatible "sandbox,gic-emul"; ember,windows = <distributor size
 * cpu-interface size>; ember,lines = <ITLinesNumber>.
 */
#include <asm/gic_emul.h>
#include <asm/io.h>
#include <dm.h>
#include <stdio.h>
#include <string.h>
#include "../arm_gic_regs.h"

#define GICD_END	(GICD_ICFGR + 0x100)

struct gic_emul {
	u64 win[2][2];		/* base, size: distributor, CPU interface */
	u32 nids;
	struct sandbox_gic_state st;
};

/* The word at @off of a bank of bits, one per ID; NULL past the IDs */
static u32 *bits(struct gic_emul *g, u32 *bank, ulong off, ulong reg)
{
	u32 n = (off - reg) / 4;

	return n * 32 < g->nids ? &bank[n] : NULL;
}

static u64 dist_read(struct gic_emul *g, ulong off, int size)
{
	struct sandbox_gic_state *s = &g->st;
	u32 *w;

	if (off >= GICD_IPRIORITYR && off < GICD_ICFGR) {
		u64 v = 0;

		for (int i = size - 1; i >= 0; i--) {
			u32 id = (off + i) % GICD_IPRIORITYR;
			u8 b = 0;

			if (id < g->nids)
				b = off < GICD_ITARGETSR ? s->prio[id] :
				    id < 32 ? 0x01 : s->target[id];
			v = v << 8 | b;
		}
		return v;
	}
	switch (off) {
	case GICD_CTLR:
		return s->dctlr;
	case GICD_TYPER:
		return g->nids / 32 - 1;
	}
	if (off >= GICD_ISENABLER && off < GICD_ICPENDR) {
		w = bits(g, s->enabled, off & ~0x80UL, GICD_ISENABLER);
		return w ? *w : 0;
	}
	if (off >= GICD_ICFGR && off < GICD_END) {
		u32 n = (off - GICD_ICFGR) / 4;

		if (n == 0)
			return 0xaaaaaaaa;	/* SGIs: edge */
		return n * 16 < g->nids ? s->cfg[n] : 0;
	}
	return 0;
}

static void dist_write(struct gic_emul *g, ulong off, u64 val, int size)
{
	struct sandbox_gic_state *s = &g->st;
	u32 *w;

	if (off >= GICD_IPRIORITYR && off < GICD_ICFGR) {
		for (int i = 0; i < size; i++, val >>= 8) {
			u32 id = (off + i) % GICD_IPRIORITYR;

			if (id >= g->nids)
				continue;
			if (off < GICD_ITARGETSR)
				s->prio[id] = val;
			else if (id >= 32)
				s->target[id] = val;
		}
		return;
	}
	if (off == GICD_CTLR) {
		s->dctlr = val;
	} else if (off >= GICD_ISENABLER && off < GICD_ICENABLER) {
		w = bits(g, s->enabled, off, GICD_ISENABLER);
		if (w)
			*w |= val & ~s->locked[w - s->enabled];
	} else if (off >= GICD_ICENABLER && off < GICD_ICENABLER + 0x80) {
		w = bits(g, s->enabled, off, GICD_ICENABLER);
		if (w)
			*w &= ~(u32)val;
	} else if (off >= GICD_ICPENDR && off < GICD_ICPENDR + 0x80) {
		w = bits(g, s->cleared, off, GICD_ICPENDR);
		if (w)
			*w |= val;
	} else if (off >= GICD_ICFGR + 8 && off < GICD_END) {
		u32 n = (off - GICD_ICFGR) / 4;

		if (n * 16 < g->nids)
			s->cfg[n] = val;
	}
}

static u64 emul_read(void *ctx, ulong off, int size)
{
	struct gic_emul *g = ctx;

	if (off < g->win[0][1])
		return dist_read(g, off, size);
	off -= g->win[1][0] - g->win[0][0];
	if (off == GICC_CTLR)
		return g->st.cctlr;
	if (off == GICC_PMR)
		return g->st.pmr;
	return 0;
}

static void emul_write(void *ctx, ulong off, u64 val, int size)
{
	struct gic_emul *g = ctx;

	if (off < g->win[0][1]) {
		dist_write(g, off, val, size);
		return;
	}
	off -= g->win[1][0] - g->win[0][0];
	if (off == GICC_CTLR)
		g->st.cctlr = val;
	else if (off == GICC_PMR)
		g->st.pmr = val & 0xff;
}

static const struct sandbox_mmio_ops emul_ops = {
	.read = emul_read,
	.write = emul_write,
};

static int emul_probe(struct udevice *dev)
{
	struct gic_emul *g = dev_get_priv(dev);
	u32 lines = 0, v[4];
	int ret;

	for (int i = 0; i < 4; i++) {
		ret = ofnode_read_u32_index(dev_ofnode(dev), "ember,windows", i,
					    &v[i]);
		if (ret) {
			dev_err(dev, "ember,windows needs 4 cells: %d\n", ret);
			return ret;
		}
	}
	ofnode_read_u32(dev_ofnode(dev), "ember,lines", &lines);
	g->nids = min_t(u32, (lines % 32 + 1) * 32, GIC_MAX_IDS);
	g->win[0][0] = v[0];
	g->win[0][1] = v[1];
	g->win[1][0] = v[2];
	g->win[1][1] = v[3];
	/* One window over both, as the driver reaches them: the gap reads 0 */
	if (v[2] < v[0] + v[1] || v[1] > GICD_END + 0x1000) {
		dev_err(dev, "the CPU interface must follow the distributor\n");
		return -EINVAL;
	}
	ret = sandbox_mmio_add(v[0], v[2] + v[3] - v[0], &emul_ops, g);
	if (ret)
		dev_err(dev, "cannot claim its windows: %d\n", ret);
	return ret;
}

static int emul_remove(struct udevice *dev)
{
	struct gic_emul *g = dev_get_priv(dev);

	sandbox_mmio_remove(g->win[0][0]);
	return 0;
}

struct udevice *sandbox_gic_emul_get(const char *name)
{
	struct udevice *dev;

	if (uclass_find_device_by_name(UCLASS_IRQ_EMUL, name, &dev) ||
	    device_probe(dev))
		return NULL;
	return dev;
}

struct sandbox_gic_state *sandbox_gic_emul_state(struct udevice *emul)
{
	return &((struct gic_emul *)dev_get_priv(emul))->st;
}

static const struct udevice_id emul_ids[] = {
	{ .compatible = "sandbox,gic-emul" },
	{ }
};

EMBER_DRIVER(gic_emul) = {
	.name = "gic_emul",
	.id = UCLASS_IRQ_EMUL,
	.of_match = emul_ids,
	.probe = emul_probe,
	.remove = emul_remove,
	.priv_size = sizeof(struct gic_emul),
	.flags = DM_FLAG_PROBE_AFTER_BIND,
};

UCLASS_DRIVER(irq_emul) = {
	.name = "irq_emul",
	.id = UCLASS_IRQ_EMUL,
};
