// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Interrupts as wake-up events (include/irq.h): the uclass's lookup of a
 * device's interrupt parent and specifier, and the arm_gic driver's
 * register programming against the sandbox's GICv2 model (asm/gic_emul.h).
 * The nodes (dts/sandbox.dts, irq-*) are disabled and bound by hand here.
 */
#include <asm/gic_emul.h>
#include <dm.h>
#include <irq.h>
#include <test/ut.h>
#include "test-drivers.h"

#define GIC	"interrupt-controller@18000000"

/* Bind the disabled test node @path to the test driver */
static int bind_node(struct unit_test_state *uts, const char *path,
		     struct udevice **devp)
{
	DM_DRIVER_REF(test_drv);

	ut_assertok(device_bind(dm_root(), DM_DRIVER_GET(test_drv), path + 1,
				NULL, ofnode_path(path), devp));
	return 0;
}

static bool has(const u32 *bank, u32 id)
{
	return bank[id / 32] & (1U << (id % 32));
}

static int irq_test_gic_wake(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_gic_emul_get("gic-emul"), *dev, *gic;
	struct sandbox_gic_state *s;
	struct irq_wake w, ppi, edge;

	ut_assertnonnull(emul);
	s = sandbox_gic_emul_state(emul);
	ut_assertok(bind_node(uts, "/irq-test", &dev));
	/* <0 5 4>: SPI 5, level: ID 37, this CPU, priority 0xa0 */
	ut_assertok(irq_wake_enable(dev, 0, &w));
	ut_asserteq(37, w.id);
	ut_assertok(uclass_get_device_by_name(UCLASS_IRQ, GIC, &gic));
	ut_asserteq_ptr(gic, w.ctrl);
	ut_assert(has(s->enabled, 37) && !has(s->enabled, 36));
	ut_asserteq(0xa0, s->prio[37]);
	ut_asserteq(0x01, s->target[37]);
	ut_assert(!(s->cfg[2] & (2U << (37 % 16 * 2))));
	ut_assert(has(s->cleared, 37));		/* nothing stale left */
	ut_asserteq(1, s->dctlr & 1);
	ut_asserteq(1, s->cctlr & 1);
	ut_asserteq(0xf0, s->pmr);
	/* <1 11 0xf04>: PPI 11, the virtual timer's: ID 27 */
	ut_assertok(irq_wake_enable(dev, 1, &ppi));
	ut_asserteq(27, ppi.id);
	ut_assert(has(s->enabled, 27));
	ut_asserteq(0xa0, s->prio[27]);
	/* <0 7 1>: SPI 7, rising edge: ID 39, edge in ICFGR */
	ut_assertok(irq_wake_enable(dev, 2, &edge));
	ut_asserteq(39, edge.id);
	ut_assert(s->cfg[2] & (2U << (39 % 16 * 2)));
	/* No fourth entry */
	ut_asserteq(-ENOENT, irq_wake_enable(dev, 3, &w));
	ut_asserteq_ptr(NULL, w.ctrl);
	irq_wake_clear(&w);			/* unset: nothing */
	irq_wake_set(&w, false);
	memset(s->cleared, 0, sizeof(s->cleared));
	irq_wake_clear(&edge);
	ut_assert(has(s->cleared, 39) && !has(s->cleared, 37));
	/* Off between waits and on again, only the one named */
	irq_wake_set(&edge, false);
	ut_assert(!has(s->enabled, 39) && has(s->enabled, 37));
	irq_wake_set(&edge, true);
	ut_assert(has(s->enabled, 39) && has(s->enabled, 37));
	irq_wake_set(&edge, false);
	/* Removed (before an OS starts): as it was found */
	ut_assertok(device_remove(gic));
	ut_assert(!has(s->enabled, 37) && !has(s->enabled, 27) &&
		  !has(s->enabled, 39));
	ut_asserteq(0, s->dctlr);
	ut_asserteq(0, s->cctlr);
	ut_asserteq(0, s->pmr);
	ut_assertok(device_unbind(dev));
	return 0;
}
UNIT_TEST(irq_test_gic_wake, UTF_DM, irq);

/* Specifiers the GIC cannot take, and nodes with nothing to enable */
static int irq_test_errors(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_gic_emul_get("gic-emul"), *dev, *dev2;
	struct sandbox_gic_state *s;
	struct irq_wake w;

	ut_assertnonnull(emul);
	s = sandbox_gic_emul_state(emul);
	ut_assertok(bind_node(uts, "/irq-bad", &dev));
	/* <0 100 4>: ID 132, past the model's 96 */
	ut_asserteq(-EINVAL, irq_wake_enable(dev, 0, &w));
	ut_assert_nextline("interrupt-controller@18000000: interrupt 132 is past the 96 the distributor has");
	ut_assert(!has(s->enabled, 132 % 96));
	/* <2 5 4>: neither SPI nor PPI */
	ut_asserteq(-EINVAL, irq_wake_enable(dev, 1, &w));
	ut_assert_nextline("interrupt-controller@18000000: interrupt <2 5> is neither an SPI (0, below 988) nor a PPI (1, below 16)");
	/* <1 16 4>: no PPI 16 */
	ut_asserteq(-EINVAL, irq_wake_enable(dev, 2, &w));
	ut_assert_nextline("interrupt-controller@18000000: interrupt <1 16> is neither an SPI (0, below 988) nor a PPI (1, below 16)");
	/* A secure interrupt: its enable bit ignores us */
	s->locked[1] = 1U << (37 % 32);
	ut_assertok(bind_node(uts, "/irq-test", &dev2));
	ut_asserteq(-EIO, irq_wake_enable(dev2, 0, &w));
	ut_assert_nextline("interrupt-controller@18000000: interrupt 37 stays disabled (a secure one?): no naps, waits poll");
	ut_asserteq_ptr(NULL, w.ctrl);
	ut_assertok(device_unbind(dev2));
	/* A last entry of two cells */
	ut_asserteq(-EINVAL, irq_wake_enable(dev, 3, &w));
	ut_assert_nextline("irq-bad: 'interrupts' entry 3 is short of 3 cells");
	ut_asserteq_ptr(NULL, w.ctrl);
	ut_assertok(device_unbind(dev));

	/* A parent no driver drives: nobody naps, nothing said */
	ut_assertok(bind_node(uts, "/irq-orphan", &dev));
	ut_asserteq(-ENODEV, irq_wake_enable(dev, 0, &w));
	ut_assertok(device_unbind(dev));
	/* No interrupts at all, or no parent */
	ut_assertok(bind_node(uts, "/irq-none", &dev));
	ut_asserteq(-ENOENT, irq_wake_enable(dev, 0, &w));
	ut_assertok(device_unbind(dev));
	ut_assertok(bind_node(uts, "/irq-no-parent", &dev));
	ut_asserteq(-ENOENT, irq_wake_enable(dev, 0, &w));
	ut_assertok(device_unbind(dev));
	ut_assert_console_end();
	return 0;
}
UNIT_TEST(irq_test_errors, UTF_DM | UTF_CONSOLE, irq);
