// SPDX-License-Identifier: Apache-2.0 OR MIT
/* virtio: scan for devices, list them, select one. */
#include <command.h>
#include <dm.h>
#include <stdio.h>
#include <virtio.h>
#include <virtio_ring.h>

static int current_seq = -1;

static const char *state_name(const struct virtio_dev_priv *uc)
{
	switch (uc->state) {
	case VIRTIO_STATE_NO_DRIVER:
		return "no driver";
	case VIRTIO_STATE_READY:
		return "ready";
	case VIRTIO_STATE_FAILED:
		return "failed";
	default:
		return "not started";
	}
}

static void show_features(const struct virtio_dev_priv *uc)
{
	printf("     features: %#llx", (unsigned long long)uc->features);
	for (unsigned int bit = 0; bit < 64; bit++) {
		const char *name;

		if (!(uc->features & BIT_ULL(bit)))
			continue;
		name = virtio_feature_name(uc->vdrv, bit);
		if (name)
			printf(" %s", name);
		else
			printf(" bit%u", bit);
	}
	printf("\n");
}

/* One row per device; with @detail its status, features and queues */
static void show_device(struct udevice *dev, bool detail)
{
	struct virtio_dev_priv *uc = dev_get_uclass_priv(dev);
	const struct virtio_transport_ops *ops = dev->driver->ops;
	struct virtqueue *vq;
	char where[48];
	u8 status = 0;
	int n = 0;

	ops->describe(dev, where, sizeof(where));
	ops->get_status(dev, &status);
	printf("%3d  %-22s %-7s %3u  %-18s %#010x  %-12s %s",
	       dev->seq, where, uc->legacy ? "legacy" : "modern", uc->device,
	       virtio_id_name(uc->device), uc->vendor,
	       uc->vdrv ? uc->vdrv->name : "-", state_name(uc));
	if (uc->state == VIRTIO_STATE_FAILED)
		printf(" (%d %s)", uc->error, errno_str(uc->error));
	if (!detail) {
		printf("%s\n", status & VIRTIO_CONFIG_S_NEEDS_RESET ?
		       " NEEDS_RESET" : "");
		return;
	}
	printf("\n     status: %#04x%s\n", status,
	       status & VIRTIO_CONFIG_S_NEEDS_RESET ? " NEEDS_RESET" : "");
	if (uc->state != VIRTIO_STATE_READY)
		return;
	show_features(uc);
	printf("     queues:");
	list_for_each_entry(vq, &uc->vqs, list) {
		printf(" %u:%u", vq->index, vq->num);
		n++;
	}
	printf(" (%d)\n", n);
	list_for_each_entry(vq, &uc->vqs, list)
		virtqueue_show(vq);
}

/* The scanned virtio device numbered @arg (decimal), or a message */
static int find_scanned(const char *arg, const char *what, int *seqp,
			struct udevice **devp)
{
	ulong seq;

	if (cmd_parse_ulong(arg, 10, what, &seq))
		return -EINVAL;
	if (seq > 0x7fffffff ||
	    uclass_find_device_by_seq(UCLASS_VIRTIO, seq, devp) ||
	    !device_active(*devp)) {
		printf("virtio device %lu not found (run 'virtio scan')\n", seq);
		return -ENODEV;
	}
	*seqp = seq;
	return 0;
}

static const char virtio_header[] =
	"Dev  Transport              Version  ID  Type               Vendor      Driver       State\n";

/* 'virtio info': a row per device found; 'virtio info n': one, in detail */
static int virtio_info(int argc, char *const argv[])
{
	struct udevice *dev;
	struct uclass *uc;
	int n = 0, seq;

	if (argc == 2) {
		if (find_scanned(argv[1], "virtio info", &seq, &dev))
			return CMD_RET_FAILURE;
		printf("%s", virtio_header);
		show_device(dev, true);
		return CMD_RET_SUCCESS;
	}
	if (uclass_get(UCLASS_VIRTIO, &uc))
		return CMD_RET_FAILURE;
	printf("%s", virtio_header);
	uclass_foreach_dev(dev, uc) {
		if (!device_active(dev))
			continue;	/* empty slot or not scanned */
		show_device(dev, false);
		n++;
	}
	if (!n)
		printf("no virtio devices (run 'virtio scan' first)\n");
	return CMD_RET_SUCCESS;
}

static int virtio_scan_cmd(int argc, char *const argv[])
{
	int ret = virtio_scan();

	if (ret < 0) {
		printf("virtio scan failed: %d\n", ret);
		return CMD_RET_FAILURE;
	}
	return CMD_RET_SUCCESS;
}

static int virtio_device(int argc, char *const argv[])
{
	struct udevice *dev;
	int seq;

	if (argc == 1) {
		if (current_seq < 0) {
			printf("no current virtio device\n");
			return CMD_RET_FAILURE;
		}
		printf("Current virtio device: %d\n", current_seq);
		return CMD_RET_SUCCESS;
	}
	if (find_scanned(argv[1], "virtio device", &seq, &dev))
		return CMD_RET_FAILURE;
	current_seq = seq;
	printf("virtio device %d is now current device\n", current_seq);
	return CMD_RET_SUCCESS;
}

static const struct cmd_sub virtio_subs[] = {
	{ "scan", 1, 1, virtio_scan_cmd },
	{ "info", 1, 2, virtio_info },
	{ "device", 1, 2, virtio_device },
	{ "dev", 1, 2, virtio_device },
};

static int do_virtio(struct cmd_tbl *cmdtp, int flag, int argc,
		     char *const argv[])
{
	return cmd_dispatch_sub(virtio_subs, ARRAY_SIZE(virtio_subs), argc,
				argv);
}

EMBER_CMD(virtio, 3, do_virtio, "virtio devices sub-system",
	  "scan - initialize virtio bus\n"
	  "virtio info - show all available virtio devices\n"
	  "virtio info <devnum> - show one in detail: status, features, queues\n"
	  "virtio device [dev] - show or set current virtio device");
