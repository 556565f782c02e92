// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Interrupt controller uclass: a device's interrupt, named by its DT node,
 * routed to the CPU as a wake-up event (include/irq.h).
 */
#define LOG_CATEGORY "irq"

#include <dm.h>
#include <irq.h>
#include <stdio.h>

/* @node's interrupt-parent, from it or its nearest ancestor that says */
static int irq_parent(ofnode node, ofnode *parentp)
{
	for (; ofnode_valid(node); node = ofnode_get_parent(node)) {
		if (ofnode_has_property(node, "interrupt-parent"))
			return ofnode_parse_phandle(node, "interrupt-parent", 0,
						    parentp);
	}
	return -ENOENT;
}

/* The probed controller driving @node: -ENODEV when none binds it */
static int irq_ctrl(ofnode node, struct udevice **devp)
{
	struct udevice *dev;

	for (uclass_find_first_device(UCLASS_IRQ, &dev); dev;
	     uclass_find_next_device(&dev)) {
		if (ofnode_equal(dev_ofnode(dev), node)) {
			*devp = dev;
			return device_probe(dev);
		}
	}
	return -ENODEV;
}

int irq_wake_cells(ofnode ctrl, u32 *cellsp)
{
	if (ofnode_read_u32(ctrl, "#interrupt-cells", cellsp) || !*cellsp ||
	    *cellsp > IRQ_MAX_CELLS)
		return -EINVAL;
	return 0;
}

int irq_wake_enable_at(ofnode parent, const u32 *spec, u32 cells,
		       struct irq_wake *w)
{
	const struct irq_ops *ops;
	struct udevice *ctrl;
	u32 want;
	int ret;

	*w = (struct irq_wake){ 0 };
	ret = irq_ctrl(parent, &ctrl);
	if (ret)
		return ret;
	if (irq_wake_cells(parent, &want) || want != cells) {
		dev_err(ctrl, "#interrupt-cells missing or not %u (1..%d)\n",
			cells, IRQ_MAX_CELLS);
		return -EINVAL;
	}
	ops = ctrl->driver->ops;
	ret = ops->wake_enable(ctrl, spec, cells, w);
	if (ret)
		return ret;
	w->ctrl = ctrl;
	return 0;
}

int irq_wake_enable(struct udevice *dev, int index, struct irq_wake *w)
{
	u32 spec[IRQ_MAX_CELLS], cells;
	struct udevice *ctrl;
	ofnode parent;
	int ret;

	*w = (struct irq_wake){ 0 };
	if (!ofnode_has_property(dev_ofnode(dev), "interrupts"))
		return -ENOENT;
	ret = irq_parent(dev_ofnode(dev), &parent);
	if (ret)
		return ret == -EINVAL ? -ENOENT : ret;
	ret = irq_ctrl(parent, &ctrl);
	if (ret)
		return ret;
	if (irq_wake_cells(parent, &cells)) {
		dev_err(ctrl, "#interrupt-cells missing or not 1..%d\n",
			IRQ_MAX_CELLS);
		return -EINVAL;
	}
	for (u32 i = 0; i < cells; i++) {
		ret = ofnode_read_u32_index(dev_ofnode(dev), "interrupts",
					    index * cells + i, &spec[i]);
		if (ret == -EOVERFLOW && !i)
			return -ENOENT;		/* no interrupt @index */
		if (ret) {
			dev_err(dev, "'interrupts' entry %d is short of %u cells\n",
				index, cells);
			return -EINVAL;
		}
	}
	return irq_wake_enable_at(parent, spec, cells, w);
}

void irq_wake_clear(const struct irq_wake *w)
{
	const struct irq_ops *ops;

	if (!w->ctrl)
		return;
	ops = w->ctrl->driver->ops;
	ops->wake_clear(w->ctrl, w);
}

void irq_wake_set(const struct irq_wake *w, bool on)
{
	const struct irq_ops *ops;

	if (!w->ctrl)
		return;
	ops = w->ctrl->driver->ops;
	ops->wake_set(w->ctrl, w, on);
}

bool irq_wake_ready(const struct irq_wake *w)
{
	return w->ctrl && device_active(w->ctrl);
}

UCLASS_DRIVER(irq) = {
	.name = "irq",
	.id = UCLASS_IRQ,
};
