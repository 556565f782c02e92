// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Ethernet uclass: picks the active interface ('ethact', then 'ethprime',
 * then the first that probes), gives each device its MAC address (from the
 * hardware, else 'ethaddr' / 'eth<N>addr', else a random locally
 * administered one, printed, kept until the device is removed; chosen at
 * probe and again at each start) and wraps the driver ops so the stack
 * never calls a driver directly.
 */
#define LOG_CATEGORY "eth"

#include <dm.h>
#include <env.h>
#include <net.h>
#include <rand.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const struct eth_ops *ops_of(struct udevice *dev)
{
	return dev->driver->ops;
}

int eth_parse_mac(const char *s, u8 mac[ETH_ALEN])
{
	for (int i = 0; i < ETH_ALEN; i++) {
		int v = 0;

		for (int k = 0; k < 2; k++, s++) {
			int c = *s;

			if (c >= '0' && c <= '9')
				v = v * 16 + c - '0';
			else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				v = v * 16 + (c | 0x20) - 'a' + 10;
			else
				return -EINVAL;
		}
		mac[i] = v;
		if (*s != (i == ETH_ALEN - 1 ? '\0' : ':'))
			return -EINVAL;
		s++;
	}
	return 0;
}

static bool mac_valid(const u8 *mac)
{
	static const u8 zero[ETH_ALEN];

	return !(mac[0] & 1) && memcmp(mac, zero, ETH_ALEN);
}

static void random_mac(u8 mac[ETH_ALEN])
{
	rand_bytes(mac, ETH_ALEN);
	mac[0] = (mac[0] & 0xfe) | 0x02;	/* unicast, locally administered */
}

static void env_mac_name(struct udevice *dev, char *buf, int size)
{
	int seq = dev_seq(dev);

	if (seq <= 0)
		snprintf(buf, size, "ethaddr");
	else
		snprintf(buf, size, "eth%daddr", seq);
}

static void format_mac(char *buf, const u8 *mac)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
		mac[2], mac[3], mac[4], mac[5]);
}

/*
 * The MAC address, as U-Boot chooses it: the environment's ('ethaddr',
 * 'eth<N>addr') if valid, with a warning at probe when the device's own
 * differs; else the device's, which then goes into the environment; else
 * a random one (kept for the session, not put in the environment)
 */
static void eth_pick_mac(struct udevice *dev, bool probing)
{
	struct eth_uc_priv *uc = dev_get_uclass_priv(dev);
	const struct eth_ops *ops = ops_of(dev);
	u8 mac[ETH_ALEN], rom[ETH_ALEN];
	char name[16], a[20], b[20];
	bool rom_ok, env_ok;
	const char *s;

	rom_ok = ops->read_rom_hwaddr && !ops->read_rom_hwaddr(dev, rom) &&
		 mac_valid(rom);
	env_mac_name(dev, name, sizeof(name));
	s = env_get(name);
	env_ok = s && !eth_parse_mac(s, mac) && mac_valid(mac);
	if (s && !env_ok)
		dev_warn(dev, "ignoring invalid %s '%s'\n", name, s);
	if (env_ok) {
		if (rom_ok && memcmp(rom, mac, ETH_ALEN) && probing) {
			format_mac(a, rom);
			format_mac(b, mac);
			printf("\nWarning: %s MAC addresses don't match:\n"
			       "Address in ROM is\t\t%s\n"
			       "Address in environment is\t%s\n",
			       dev->name, a, b);
		}
		memcpy(uc->enetaddr, mac, ETH_ALEN);
		uc->mac_from = rom_ok && !memcmp(rom, mac, ETH_ALEN) ? "rom" :
								       "env";
		return;
	}
	if (rom_ok) {
		memcpy(uc->enetaddr, rom, ETH_ALEN);
		uc->mac_from = "rom";
		format_mac(a, rom);
		if (!s && env_set(name, a))
			dev_warn(dev, "cannot set %s\n", name);
		return;
	}
	if (uc->mac_from && !strcmp(uc->mac_from, "random"))
		return;		/* keep the one already chosen */
	random_mac(uc->enetaddr);
	uc->mac_from = "random";
	printf("%s: using random MAC address %02x:%02x:%02x:%02x:%02x:%02x\n",
	       dev->name, uc->enetaddr[0], uc->enetaddr[1], uc->enetaddr[2],
	       uc->enetaddr[3], uc->enetaddr[4], uc->enetaddr[5]);
}

static int eth_post_probe(struct udevice *dev)
{
	eth_pick_mac(dev, true);
	return 0;
}

static int eth_pre_remove(struct udevice *dev)
{
	eth_stop(dev);
	return 0;
}

static int get_named(const char *var, struct udevice **devp)
{
	const char *name = env_get(var);
	int ret;

	if (!name || !*name)
		return -ENOENT;
	ret = uclass_get_device_by_name(UCLASS_ETH, name, devp);
	if (ret == -ENODEV)
		printf("%s: no ethernet device '%s'\n", var, name);
	return ret;
}

int eth_get_dev(struct udevice **devp)
{
	int ret = get_named("ethact", devp);

	if (ret)
		ret = get_named("ethprime", devp);
	if (ret)
		ret = uclass_first_device(UCLASS_ETH, devp);
	if (ret == -ENODEV || (!ret && !*devp)) {
		printf("No ethernet device\n");
		return -ENODEV;
	}
	if (ret)
		return ret;
	env_set("ethact", (*devp)->name);
	return 0;
}

const u8 *eth_get_ethaddr(struct udevice *dev)
{
	struct eth_uc_priv *uc = dev_get_uclass_priv(dev);

	return uc->enetaddr;
}

int eth_start(struct udevice *dev)
{
	struct eth_uc_priv *uc = dev_get_uclass_priv(dev);
	int ret;

	if (uc->running)
		return 0;
	eth_pick_mac(dev, false);	/* 'ethaddr' may have changed */
	ret = ops_of(dev)->start(dev);	/* the driver says why it failed */
	if (ret)
		return ret;
	uc->running = true;
	return 0;
}

void eth_stop(struct udevice *dev)
{
	struct eth_uc_priv *uc = dev_get_uclass_priv(dev);

	if (!uc || !uc->running)
		return;
	if (ops_of(dev)->stop)
		ops_of(dev)->stop(dev);
	uc->running = false;
}

int eth_send(struct udevice *dev, void *packet, int len)
{
	struct eth_uc_priv *uc = dev_get_uclass_priv(dev);

	if (!uc->running)
		return -ENETDOWN;
	if (len < ETH_HLEN || len > ETH_FRAME_MAX)
		return -EINVAL;
	if (len < ETH_ZLEN) {
		memset((u8 *)packet + len, 0, ETH_ZLEN - len);
		len = ETH_ZLEN;
	}
	return ops_of(dev)->send(dev, packet, len);
}

int eth_recv(struct udevice *dev,
	     void (*handler)(void *ctx, const u8 *frame, int len,
			     unsigned int flags), void *ctx)
{
	struct eth_uc_priv *uc = dev_get_uclass_priv(dev);
	const struct eth_ops *ops = ops_of(dev);
	unsigned int flags = 0;
	u8 *pkt = NULL;
	int len;

	if (!uc->running)
		return -ENETDOWN;
	len = ops->recv(dev, &pkt, &flags);
	if (len == -EAGAIN)
		return 0;
	if (len < 0)
		return len;
	if (len > 0 && pkt)
		handler(ctx, pkt, len, flags);
	if (ops->free_pkt)
		ops->free_pkt(dev, pkt, len);
	return 1;
}

UCLASS_DRIVER(ethernet) = {
	.name = "ethernet",
	.id = UCLASS_ETH,
	.post_probe = eth_post_probe,
	.pre_remove = eth_pre_remove,
	.per_device_size = sizeof(struct eth_uc_priv),
	.flags = DM_UC_FLAG_SEQ_ALIAS,
};
