// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * What the GICv2 and GICv3 drivers share: their register windows, and DT
 * specifiers to INTIDs
 */
#define LOG_CATEGORY "gic"

#include <asm/io.h>
#include <dm.h>
#include <irq.h>
#include <stdio.h>
#include "arm_gic_regs.h"

int gic_spec_id(struct udevice *dev, const u32 *spec, int cells, u32 nids,
		u32 *idp)
{
	u32 id;

	if (cells != 3) {
		dev_err(dev, "#interrupt-cells is %d, not 3\n", cells);
		return -EINVAL;
	}
	if (spec[0] == GIC_SPEC_SPI && spec[1] < GIC_MAX_IDS - GIC_SPI_BASE) {
		id = GIC_SPI_BASE + spec[1];
	} else if (spec[0] == GIC_SPEC_PPI && spec[1] < 16) {
		id = GIC_PPI_BASE + spec[1];
	} else {
		dev_err(dev, "interrupt <%u %u> is neither an SPI (0, below %u) nor a PPI (1, below 16)\n",
			spec[0], spec[1], GIC_MAX_IDS - GIC_SPI_BASE);
		return -EINVAL;
	}
	if (id >= nids) {
		dev_err(dev, "interrupt %u is past the %u the distributor has\n",
			id, nids);
		return -EINVAL;
	}
	*idp = id;
	return 0;
}

int gic_map(struct udevice *dev, const char *what, u64 min0, u64 min1,
	    u8 **distp, u8 **secondp, u64 *second_size, u32 *nidsp)
{
	u64 addr[2], size[2];
	int ret;

	for (int i = 0; i < 2; i++) {
		ret = dev_read_addr_size_index(dev, i, &addr[i], &size[i]);
		if (ret) {
			dev_err(dev, "no 'reg' entry %d (%s): %d\n", i,
				i ? what : "distributor", ret);
			return ret;
		}
	}
	if (size[0] < min0 || size[1] < min1) {
		dev_err(dev, "register windows of %#llx and %#llx bytes are too small\n",
			(unsigned long long)size[0], (unsigned long long)size[1]);
		return -EINVAL;
	}
	*distp = map_sysmem(addr[0], size[0]);
	*secondp = map_sysmem(addr[1], size[1]);
	*second_size = size[1];
	*nidsp = min_t(u32, (readl(*distp + GICD_TYPER) % 32 + 1) * 32,
		       GIC_MAX_IDS);
	return 0;
}

void gic_set_trigger(u8 *dist, u32 id, u32 flags)
{
	u8 *reg = dist + GICD_ICFGR + id / 16 * 4;
	u32 cfg = readl(reg);

	if (flags & GIC_TRIGGER_EDGE)
		cfg |= BIT(id % 16 * 2 + 1);
	else
		cfg &= ~BIT(id % 16 * 2 + 1);
	writel(cfg, reg);
}

int gic_enable(struct udevice *dev, u8 *banks, u32 id, u32 *enabled,
	       struct irq_wake *w)
{
	u8 *off = banks + id / 32 * 4;
	u32 bit = BIT(id % 32);

	writel(bit, off + GICD_ICPENDR);
	writel(bit, off + GICD_ISENABLER);
	/*
	 * Read back: from the non-secure side a secure (group 0) interrupt's
	 * bits read as zero and ignore writes (QEMU's -M virt,secure=on,
	 * where Ember drops from EL3): such an interrupt would never end a
	 * WFI
	 */
	if (!(readl(off + GICD_ISENABLER) & bit)) {
		dev_warn(dev, "interrupt %u stays disabled (a secure one?): no naps, waits poll\n",
			 id);
		return -EIO;
	}
	enabled[id / 32] |= bit;
	w->id = id;
	return 0;
}
