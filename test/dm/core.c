// SPDX-License-Identifier: Apache-2.0 OR MIT
/* Driver-model core tests against the /test-bus nodes of dts/sandbox.dts. */
#include <dm.h>
#include <dm/dump.h>
#include <stdlib.h>
#include <test/ut.h>
#include "test-drivers.h"

/* Enabled test nodes: test@1000, test@2000, test@4000, test@80 */
static int dm_test_bind_from_dt(struct unit_test_state *uts)
{
	struct udevice *dev;

	ut_asserteq(4, uclass_id_count(UCLASS_TEST));
	ut_asserteq(2, uclass_id_count(UCLASS_TEST_BUS));
	ut_assertok(uclass_find_first_device(UCLASS_TEST, &dev));
	ut_asserteq_str("test@1000", dev->name);
	ut_asserteq(42, dev_get_driver_data(dev));
	ut_assert(!device_active(dev));
	return 0;
}
UNIT_TEST(dm_test_bind_from_dt, UTF_DM, dm);

static int dm_test_disabled_skipped(struct unit_test_state *uts)
{
	struct udevice *dev;

	ut_asserteq(-ENOENT, uclass_find_device_by_name(UCLASS_TEST,
							"test@3000", &dev));
	ut_assert(dm_find_device_by_name("test@3000") == NULL);
	return 0;
}
UNIT_TEST(dm_test_disabled_skipped, UTF_DM, dm);

static int dm_test_probe_parent_first(struct unit_test_state *uts)
{
	struct dm_test_log *log = dm_test_log();
	struct udevice *dev;

	log->count = 0;
	ut_assertok(uclass_get_device_by_name(UCLASS_TEST, "test@80", &dev));
	ut_asserteq(3, log->count);
	ut_asserteq_str("test-bus", log->dev[0]);
	ut_asserteq_str("child-bus@5000", log->dev[1]);
	ut_asserteq_str("test@80", log->dev[2]);
	ut_assert(device_active(dev->parent));
	ut_assert(device_active(dev->parent->parent));
	return 0;
}
UNIT_TEST(dm_test_probe_parent_first, UTF_DM, dm);

static int dm_test_probe_failure_isolated(struct unit_test_state *uts)
{
	struct udevice *dev, *bad;
	int count = 0;

	ut_assertok(uclass_find_device_by_name(UCLASS_TEST, "test@4000", &bad));
	ut_asserteq(-EIO, device_probe(bad));
	ut_assert(!device_active(bad));
	ut_asserteq(-EIO, bad->probe_err);
	ut_assert(bad->priv == NULL);
	/* Iteration skips the failing device and goes on */
	for (uclass_first_device(UCLASS_TEST, &dev); dev;
	     uclass_next_device(&dev)) {
		ut_assert(dev != bad);
		count++;
	}
	ut_asserteq(3, count);
	return 0;
}
UNIT_TEST(dm_test_probe_failure_isolated, UTF_DM, dm);

static int dm_test_auto_alloc(struct unit_test_state *uts)
{
	struct udevice *dev;
	struct dm_test_priv *priv;
	struct dm_test_plat *plat;
	int out;

	ut_assertok(uclass_get_device_by_name(UCLASS_TEST, "test@2000", &dev));
	priv = dev_get_priv(dev);
	plat = dev_get_plat(dev);
	ut_assertnonnull(priv);
	ut_assertnonnull(dev_get_parent_priv(dev));
	ut_assertnonnull(dev_get_uclass_priv(dev));
	/* probe() fails with -EFAULT when any of them was not zeroed */
	ut_asserteq(0x5a5a, priv->marker);
	ut_asserteq(6, plat->value);
	ut_assertok(((const struct dm_test_ops *)dev->driver->ops)->ping(dev, 1,
									 &out));
	ut_asserteq(61, out);
	ut_assertok(device_remove(dev));
	ut_assert(dev->priv == NULL);
	ut_assert(dev->parent_priv == NULL);
	ut_assert(dev->uclass_priv == NULL);
	ut_assertnonnull(dev->plat);	/* kept until unbind */
	/* Probing again gives zeroed memory again */
	ut_assertok(device_probe(dev));
	ut_asserteq(0x5a5a, ((struct dm_test_priv *)dev_get_priv(dev))->marker);
	return 0;
}
UNIT_TEST(dm_test_auto_alloc, UTF_DM, dm);

static int dm_test_seq_aliases(struct unit_test_state *uts)
{
	struct udevice *dev;

	/* test5 = &test_a; the others follow the highest alias */
	ut_assertok(uclass_find_device_by_seq(UCLASS_TEST, 5, &dev));
	ut_asserteq_str("test@1000", dev->name);
	ut_assertok(uclass_find_device_by_seq(UCLASS_TEST, 6, &dev));
	ut_asserteq_str("test@2000", dev->name);
	ut_assertok(uclass_find_device_by_seq(UCLASS_TEST, 7, &dev));
	ut_asserteq_str("test@4000", dev->name);
	ut_asserteq(-ENODEV, uclass_find_device_by_seq(UCLASS_TEST, 0, &dev));
	/* testbus3 = &testbus; the child bus gets 4 */
	ut_assertok(uclass_find_device_by_seq(UCLASS_TEST_BUS, 3, &dev));
	ut_asserteq_str("test-bus", dev->name);
	ut_assertok(uclass_find_device_by_seq(UCLASS_TEST_BUS, 4, &dev));
	ut_asserteq_str("child-bus@5000", dev->name);
	return 0;
}
UNIT_TEST(dm_test_seq_aliases, UTF_DM, dm);

static int dm_test_remove_order(struct unit_test_state *uts)
{
	struct dm_test_log *log = dm_test_log();
	struct udevice *bus, *dev;

	ut_assertok(uclass_get_device_by_name(UCLASS_TEST, "test@80", &dev));
	ut_assertok(uclass_get_device_by_name(UCLASS_TEST, "test@1000", &dev));
	ut_assertok(uclass_find_device_by_seq(UCLASS_TEST_BUS, 3, &bus));
	log->count = 0;
	ut_assertok(device_remove(bus));
	/* Children first (last bound first), the bus last */
	ut_asserteq(4, log->count);
	ut_asserteq_str("test@80", log->dev[0]);
	ut_asserteq_str("child-bus@5000", log->dev[1]);
	ut_asserteq_str("test@1000", log->dev[2]);
	ut_asserteq_str("test-bus", log->dev[3]);
	ut_assert(!device_active(dev));
	/* Unbind needs the device removed, then takes the children along */
	ut_assertok(device_probe(bus));
	ut_asserteq(-EBUSY, device_unbind(bus));
	ut_assertok(device_remove(bus));
	ut_assertok(device_unbind(bus));
	ut_asserteq(0, uclass_id_count(UCLASS_TEST));
	ut_asserteq(0, uclass_id_count(UCLASS_TEST_BUS));
	return 0;
}
UNIT_TEST(dm_test_remove_order, UTF_DM, dm);

static int dm_test_remove_all(struct unit_test_state *uts)
{
	struct udevice *dev;
	int active = 0;

	ut_assertok(uclass_probe_all(UCLASS_TEST_BUS));
	for (uclass_first_device(UCLASS_TEST, &dev); dev;
	     uclass_next_device(&dev))
		;
	ut_assertok(dm_remove_all());
	ut_assertok(uclass_find_first_device(UCLASS_TEST, &dev));
	for (; dev; uclass_find_next_device(&dev))
		active += device_active(dev);
	ut_asserteq(0, active);
	ut_assert(device_active(dm_root()));
	return 0;
}
UNIT_TEST(dm_test_remove_all, UTF_DM, dm);

static int dm_test_bind_by_code(struct unit_test_state *uts)
{
	DM_DRIVER_REF(test_drv);
	struct udevice *bus, *dev;
	int before = uclass_id_count(UCLASS_TEST);

	ut_assertok(uclass_find_device_by_seq(UCLASS_TEST_BUS, 3, &bus));
	ut_assertok(device_bind(bus, DM_DRIVER_GET(test_drv), "made-by-code",
				NULL, ofnode_null(), &dev));
	ut_asserteq(before + 1, uclass_id_count(UCLASS_TEST));
	ut_assertok(device_set_name(dev, "renamed"));
	ut_asserteq_str("renamed", dev->name);
	ut_assertok(device_probe(dev));
	ut_asserteq(0, ((struct dm_test_priv *)dev_get_priv(dev))->ping);
	ut_assertok(device_remove(dev));
	ut_assertok(device_unbind(dev));
	ut_asserteq(before, uclass_id_count(UCLASS_TEST));
	return 0;
}
UNIT_TEST(dm_test_bind_by_code, UTF_DM, dm);

static int dm_test_get_by_index(struct unit_test_state *uts)
{
	struct udevice *dev;

	ut_assertok(uclass_get_device(UCLASS_TEST, 1, &dev));
	ut_asserteq_str("test@2000", dev->name);
	ut_assert(device_active(dev));
	ut_asserteq(-EIO, uclass_get_device(UCLASS_TEST, 2, &dev));
	ut_assert(dev == NULL);
	ut_asserteq(-ENODEV, uclass_get_device(UCLASS_TEST, 9, &dev));
	return 0;
}
UNIT_TEST(dm_test_get_by_index, UTF_DM, dm);
