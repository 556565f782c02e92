// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * Network commands: 'net list', 'ping', 'dhcp' and 'tftpboot'. Addresses
 * are hexadecimal, as in U-Boot; the work is done in net/.
 */
#include <command.h>
#include <dm.h>
#include <env.h>
#include <errno.h>
#include <net.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PING_TIMEOUT_MS	2000

/*
 * U-Boot's shape: 'eth<seq> : <name> <MAC> active', 'active' on the one
 * the next transfer uses (the line of any other ends in a space). Each
 * device is probed so that its MAC address is known; one whose probe
 * failed shows 00:00:00:00:00:00.
 */
static int net_list(int argc, char *const argv[])
{
	static const u8 no_mac[ETH_ALEN];
	struct udevice *dev, *active = NULL;
	struct uclass *uc;

	if (uclass_get(UCLASS_ETH, &uc) || list_empty(&uc->dev_head)) {
		printf("No ethernet device\n");
		return CMD_RET_SUCCESS;
	}
	if (eth_get_dev(&active))
		active = NULL;
	uclass_foreach_dev(dev, uc) {
		const u8 *mac = device_probe(dev) ? no_mac :
						    eth_get_ethaddr(dev);

		printf("eth%d : %s %02x:%02x:%02x:%02x:%02x:%02x %s\n",
		       dev_seq(dev), dev->name, mac[0], mac[1], mac[2], mac[3],
		       mac[4], mac[5], dev == active ? "active" : "");
	}
	return CMD_RET_SUCCESS;
}

static const struct cmd_sub net_subs[] = {
	{ "list", 1, 1, net_list },
};

static int do_net(struct cmd_tbl *cmdtp, int flag, int argc,
		  char *const argv[])
{
	/* 'net' is repeatable, 'net list' is not: a repeat does nothing */
	if (flag & CMD_FLAG_REPEAT)
		return CMD_RET_SUCCESS;
	return cmd_dispatch_sub(net_subs, ARRAY_SIZE(net_subs), argc, argv);
}

EMBER_CMD_REP(net, 2, do_net, "network devices",
	  "list - list the ethernet devices and the active one");

static int do_ping(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	u32 ip;
	int ret;

	if (argc != 2)
		return CMD_RET_USAGE;
	if (string_to_ip(argv[1], &ip)) {
		printf("ping: invalid address '%s'\n", argv[1]);
		return CMD_RET_FAILURE;
	}
	ret = net_ping(ip, PING_TIMEOUT_MS);
	if (ret == -EINTR) {
		printf("ping: aborted\n");
		return CMD_RET_FAILURE;
	}
	if (ret) {
		printf("ping failed; host %s is not alive\n", argv[1]);
		return CMD_RET_FAILURE;
	}
	printf("host %s is alive\n", argv[1]);
	return CMD_RET_SUCCESS;
}

EMBER_CMD_REP(ping, 2, do_ping, "send an ICMP echo request",
	  "<ip> - ping the host at address ip");

/*
 * The arguments of tftpboot and dhcp: [addr] [[server:]file]. A lone
 * argument is an address when it is all hex digits, else a file name.
 */
static int load_args(int argc, char *const argv[], ulong *addrp, u32 *srvp,
		     const char **filep)
{
	const char *file = NULL, *colon;
	static char name[256];
	char *end;

	*addrp = env_get_hex("loadaddr", 0);
	if (argc >= 2) {
		ulong a = strtoul(argv[1], &end, 16);

		if (*end || argc == 3)
			file = argv[argc - 1];
		if (!*end)
			*addrp = a;
		else if (argc == 3)
			return -EINVAL;
	}
	if (!file)
		file = env_get("bootfile");
	*srvp = net_env_get_ip("serverip");
	colon = file ? strchr(file, ':') : NULL;
	if (colon) {
		if ((size_t)(colon - file) >= sizeof(name))
			return -EINVAL;
		memcpy(name, file, colon - file);
		name[colon - file] = 0;
		if (string_to_ip(name, srvp))
			return -EINVAL;
		file = colon + 1;
	}
	*filep = file;
	return 0;
}

static int tftp_load(int argc, char *const argv[])
{
	const char *file;
	ulong addr;
	u32 server;

	if (load_args(argc, argv, &addr, &server, &file))
		return CMD_RET_USAGE;
	if (!file || !*file) {
		printf("tftpboot: no file name ('bootfile' is not set)\n");
		return CMD_RET_FAILURE;
	}
	if (!server) {
		printf("tftpboot: no server ('serverip' is not set)\n");
		return CMD_RET_FAILURE;
	}
	return net_tftp(addr, server, file, NULL) ? CMD_RET_FAILURE :
						     CMD_RET_SUCCESS;
}

static int do_tftpboot(struct cmd_tbl *cmdtp, int flag, int argc,
		       char *const argv[])
{
	if (argc > 3)
		return CMD_RET_USAGE;
	return tftp_load(argc, argv);
}

EMBER_CMD_REP(tftpboot, 3, do_tftpboot, "load a file over the network by TFTP",
	  "[addr] [[server:]file] - load file (default 'bootfile') from\n"
	  "    server (default 'serverip') to addr (default 'loadaddr')");

static int do_dhcp(struct cmd_tbl *cmdtp, int flag, int argc,
		   char *const argv[])
{
	const char *autoload;

	if (argc > 3)
		return CMD_RET_USAGE;
	if (net_dhcp())
		return CMD_RET_FAILURE;
	autoload = env_get("autoload");
	if (autoload && !strcmp(autoload, "no"))
		return CMD_RET_SUCCESS;
	return tftp_load(argc, argv);
}

EMBER_CMD_REP(dhcp, 3, do_dhcp, "configure the network by DHCP, then load a file",
	  "[addr] [[server:]file] - get an address by DHCP, then load file\n"
	  "    by TFTP as tftpboot does, unless 'autoload' is 'no'");
