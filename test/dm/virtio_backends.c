// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * What the uclass negotiates for a driver's own table, with the test
 * virtio driver (test/dm/virtio_test_driver.c) on a model given its device
 * type. The models' functions are tested with their real drivers:
 * entropy in test/dm/virtio.c, block in test/dm/virtio_blk.c, network in
 * test/net/virtio_net.c.
 */
#include <asm/virtio_emul.h>
#include <dm.h>
#include <test/ut.h>
#include <virtio.h>
#include "test-drivers.h"

#define MODEL	"emul-balloon"	/* a model with no function of its own */

/*
 * A driver's table may name device bits from the high range (50..63):
 * offered, they are negotiated like the low ones (VIRTIO 1.2 §6)
 */
static int virtio_test_high_device_bits(struct unit_test_state *uts)
{
	struct udevice *emul = sandbox_virtio_emul_get(MODEL);
	struct udevice *vdev;
	u64 f;

	sandbox_virtio_emul_set_device_id(emul, VIRTIO_TEST_ID);
	sandbox_virtio_emul_set_features(emul, BIT_ULL(VIRTIO_F_VERSION_1) |
					 BIT_ULL(55) | BIT_ULL(56) | BIT(5));
	ut_assertok(virtio_test_start(MODEL, NULL, &vdev));
	f = virtio_get_priv(vdev)->features;
	ut_assert(f & BIT_ULL(55));		/* in the driver's table */
	ut_assert(!(f & BIT_ULL(56)));		/* not in it */
	ut_assert(f & BIT(5));
	ut_asserteq(true, virtio_is_device_feature(55));
	ut_asserteq(false, virtio_is_device_feature(33));
	return 0;
}
UNIT_TEST(virtio_test_high_device_bits, UTF_DM, virtio);
