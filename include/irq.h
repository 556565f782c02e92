// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Interrupts as wake-up events. Ember never takes an interrupt: the CPU
 * runs with IRQs masked (PSTATE.I), and an interrupt controller driver
 * only routes a device's interrupt to the CPU, so that a pending one ends
 * a WFI (timer_nap()). Nothing is ever acknowledged at the controller;
 * after a nap the waiter clears the device's own interrupt status and the
 * controller's pending latch (irq_wake_clear()), then looks at its rings.
 */
#ifndef __IRQ_H
#define __IRQ_H

#include <dm/ofnode.h>
#include <types.h>

struct udevice;

/* The most cells an interrupt specifier has here (#interrupt-cells) */
#define IRQ_MAX_CELLS	4

/**
 * struct irq_wake - one interrupt enabled as a wake-up source
 * @ctrl: the controller (NULL: none enabled)
 * @id: the controller's number for it (the GIC's INTID)
 */
struct irq_wake {
	struct udevice *ctrl;
	u32 id;
};

/**
 * struct irq_ops - an interrupt controller driver's operations
 * @wake_enable: route the interrupt DT specifier @spec (@cells cells, the
 *	controller's #interrupt-cells) to this CPU as a wake-up event and
 *	fill @w->id; -EINVAL with a message for a specifier it cannot take
 * @wake_clear: clear @w's pending state (an edge latched while nobody
 *	acknowledged it); the device's own status is the caller's to clear
 * @wake_set: enable (@on) or disable @w again at the controller, as
 *	wake_enable() left it routed: a disabled interrupt, pending or not,
 *	ends no WFI
 */
struct irq_ops {
	int (*wake_enable)(struct udevice *dev, const u32 *spec, int cells,
			   struct irq_wake *w);
	void (*wake_clear)(struct udevice *dev, const struct irq_wake *w);
	void (*wake_set)(struct udevice *dev, const struct irq_wake *w,
			 bool on);
};

/**
 * irq_wake_enable() - enable interrupt @index of @dev's 'interrupts' as a
 * wake-up source, through its interrupt-parent (on @dev's node or the
 * nearest ancestor's)
 * Return: 0; -ENOENT when @dev's node has no such interrupt or no parent;
 * -ENODEV when no driver drives that controller (Ember then polls); or
 * an error said here or by the controller (-EINVAL: a specifier it cannot
 * take; -EIO: the interrupt cannot be enabled from here)
 */
int irq_wake_enable(struct udevice *dev, int index, struct irq_wake *w);

/**
 * irq_wake_enable_at() - enable the interrupt that controller node @parent
 * calls @spec (@cells cells, which must be its #interrupt-cells) as a
 * wake-up source: what an 'interrupt-map' entry names (pci_irq_wake())
 * Return: as irq_wake_enable(), without -ENOENT
 */
int irq_wake_enable_at(ofnode parent, const u32 *spec, u32 cells,
		       struct irq_wake *w);

/**
 * irq_wake_cells() - controller node @ctrl's #interrupt-cells, into
 * *@cellsp: 0, or -EINVAL when it is missing or not 1..IRQ_MAX_CELLS
 */
int irq_wake_cells(ofnode ctrl, u32 *cellsp);

/** irq_wake_clear() - clear @w's pending state (nothing if @w is unset) */
void irq_wake_clear(const struct irq_wake *w);

/**
 * irq_wake_set() - enable (@on) or disable @w at its controller (nothing
 * if @w is unset). A waiter disables its interrupt when it stops waiting:
 * a line its device raises after that, pending, then ends nobody's WFI.
 * irq_wake_enable() leaves it enabled.
 */
void irq_wake_set(const struct irq_wake *w, bool on);

/**
 * irq_wake_ready() - whether @w was enabled and its controller still runs:
 * once it is removed (before an OS starts) nothing wakes a nap
 */
bool irq_wake_ready(const struct irq_wake *w);

#endif
