// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The ethernet uclass: where the MAC address comes from, and how 'ethact'
 * and 'ethprime' choose the interface.
 */
#include <asm/virtio_emul.h>
#include <console.h>
#include <dm.h>
#include <env.h>
#include <net.h>
#include <string.h>
#include <test/ut.h>
#include <virtio.h>

#define NET_MODEL	"emul-net"
#define F_MAC		5
#define F_MRG_RXBUF	15
#define F_STATUS	16

/* The network device, with the model offering @features, not probed */
static int find_eth(struct unit_test_state *uts, u64 features,
		    struct udevice **devp)
{
	struct udevice *emul = sandbox_virtio_emul_get(NET_MODEL);
	struct virtio_dev_priv *uc;
	struct udevice *tr;

	ut_assertnonnull(emul);
	sandbox_virtio_emul_set_features(emul, features);
	ut_assertok(sandbox_virtio_emul_transport(emul, &tr));
	ut_assertok(device_probe(tr));
	uc = dev_get_uclass_priv(tr);
	ut_assertnonnull(uc->vdev);
	*devp = uc->vdev;
	return 0;
}

static int net_test_eth_mac_env(struct unit_test_state *uts)
{
	struct eth_uc_priv *p;
	struct udevice *dev;

	ut_assertok(find_eth(uts, BIT_ULL(F_STATUS), &dev));
	ut_assertok(env_set("ethaddr", "02:11:22:33:44:55"));
	ut_assertok(device_probe(dev));
	p = dev_get_uclass_priv(dev);
	ut_asserteq_str("env", p->mac_from);
	ut_asserteq(0x55, eth_get_ethaddr(dev)[5]);
	env_set("ethaddr", NULL);
	return 0;
}
UNIT_TEST(net_test_eth_mac_env, UTF_DM, net);

/*
 * As U-Boot: the device's MAC goes into an unset 'ethaddr'; an 'ethaddr'
 * that differs wins, with U-Boot's warning
 */
static int net_test_eth_mac_rom(struct unit_test_state *uts)
{
	struct eth_uc_priv *p;
	struct udevice *dev;

	env_set("ethaddr", NULL);
	ut_assertok(find_eth(uts, BIT_ULL(F_MAC), &dev));
	ut_assertok(device_probe(dev));
	p = dev_get_uclass_priv(dev);
	ut_asserteq_str("rom", p->mac_from);
	ut_asserteq_str("52:54:00:ab:cd:ef", env_get("ethaddr"));
	ut_assertok(device_remove(dev));
	ut_assertok(env_set("ethaddr", "02:11:22:33:44:55"));
	console_record_start(uts->console, uts->console_size);
	ut_assertok(device_probe(dev));
	ut_assert_nextline("");
	ut_assert_nextline("Warning: virtio-net#5 MAC addresses don't match:");
	ut_assert_nextline("Address in ROM is\t\t52:54:00:ab:cd:ef");
	ut_assert_nextline("Address in environment is\t02:11:22:33:44:55");
	ut_assert_console_end();
	p = dev_get_uclass_priv(dev);	/* a new one since the remove */
	ut_asserteq_str("env", p->mac_from);
	ut_asserteq(0x55, eth_get_ethaddr(dev)[5]);
	env_set("ethaddr", NULL);
	return 0;
}
UNIT_TEST(net_test_eth_mac_rom, UTF_DM | UTF_CONSOLE, net);

static int net_test_eth_mac_random(struct unit_test_state *uts)
{
	struct eth_uc_priv *p;
	struct udevice *dev;
	u8 mac[ETH_ALEN];

	env_set("ethaddr", NULL);
	ut_assertok(find_eth(uts, BIT_ULL(F_MRG_RXBUF), &dev));
	ut_assertok(device_probe(dev));
	p = dev_get_uclass_priv(dev);
	ut_asserteq_str("random", p->mac_from);
	/* Unicast, locally administered */
	ut_asserteq(0x02, eth_get_ethaddr(dev)[0] & 0x03);
	memcpy(mac, eth_get_ethaddr(dev), ETH_ALEN);
	/* An invalid ethaddr is ignored; the random address stays */
	ut_assertok(env_set("ethaddr", "01:00:00:00:00:01"));
	ut_assertok(eth_start(dev));
	ut_asserteq_mem(mac, eth_get_ethaddr(dev), ETH_ALEN);
	eth_stop(dev);
	env_set("ethaddr", NULL);
	return 0;
}
UNIT_TEST(net_test_eth_mac_random, UTF_DM, net);

static int net_test_eth_select(struct unit_test_state *uts)
{
	struct udevice *dev, *want;

	ut_assertok(find_eth(uts, BIT_ULL(5) | BIT_ULL(F_STATUS), &want));
	ut_assertok(env_set("ethact", "nosuch"));
	ut_assertok(env_set("ethprime", want->name));
	ut_assertok(eth_get_dev(&dev));
	ut_asserteq_ptr(want, dev);
	ut_asserteq_str(want->name, env_get("ethact"));
	env_set("ethact", NULL);
	env_set("ethprime", NULL);
	ut_assertok(eth_get_dev(&dev));
	ut_asserteq_ptr(want, dev);
	env_set("ethact", NULL);
	return 0;
}
UNIT_TEST(net_test_eth_select, UTF_DM, net);
