// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * sbnet (sandbox only): connect the network device models to a test peer.
 *   sbnet peer <port>   exchange frames with 127.0.0.1:<port>
 *   sbnet port          print each model's own UDP port
 */
#include <asm/virtio_emul.h>
#include <command.h>
#include <dm.h>
#include <stdio.h>

/* Call @port on every network model; returns how many answered */
static int for_each_net_model(unsigned int port, bool print)
{
	struct udevice *dev;
	struct uclass *uc;
	int found = 0;

	if (uclass_get(UCLASS_VIRTIO_EMUL, &uc))
		return 0;
	uclass_foreach_dev(dev, uc) {
		int ret;

		if (device_probe(dev))
			continue;
		/* Models of other device types answer -ENODEV */
		ret = sandbox_virtio_emul_net_peer(dev, port);
		if (ret < 0)
			continue;
		if (print)
			printf("%s: udp port %d\n", dev->name, ret);
		found++;
	}
	return found;
}

static int sbnet_peer(int argc, char *const argv[])
{
	ulong port;

	if (cmd_parse_ulong(argv[1], 10, "port", &port))
		return CMD_RET_FAILURE;
	if (!port || port > 65535) {
		printf("sbnet: invalid port %lu\n", port);
		return CMD_RET_FAILURE;
	}
	if (!for_each_net_model(port, false)) {
		printf("sbnet: no network model\n");
		return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

static int sbnet_port(int argc, char *const argv[])
{
	return for_each_net_model(0, true) ? CMD_RET_SUCCESS :
					     CMD_RET_FAILURE;
}

static const struct cmd_sub sbnet_subs[] = {
	{ "peer", 2, 2, sbnet_peer },
	{ "port", 1, 1, sbnet_port },
};

static int do_sbnet(struct cmd_tbl *cmdtp, int flag, int argc,
		    char *const argv[])
{
	return cmd_dispatch_sub(sbnet_subs, ARRAY_SIZE(sbnet_subs), argc, argv);
}

EMBER_CMD(sbnet, 3, do_sbnet, "sandbox network models and their test peer",
	  "peer <port> - exchange frames with 127.0.0.1:port\n"
	  "sbnet port - print the models' own UDP ports");
