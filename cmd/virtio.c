// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * virtio: scan for devices and list them, from what the uclass reports;
 * and U-Boot's block commands for virtio disks ("virtio 0", "virtio 1" ...,
 * drivers/virtio/virtio_blk.c): info, device, part, read and write, in the
 * shapes of U-Boot's blk_common_cmd() (cmd/blk_common.c).
 */
#include <blk.h>
#include <blk_cmd.h>
#include <command.h>
#include <dm.h>
#include <stdio.h>
#include <string.h>
#include <virtio.h>
#include <virtio_ring.h>

static const char *state_name(enum virtio_state state)
{
	switch (state) {
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

/* "     features <what>: 0x... NAME NAME bitN" */
static void show_bits(const struct virtio_info *info, const char *what,
		      u64 bits)
{
	printf("     features %-9s %#llx", what, (unsigned long long)bits);
	for (unsigned int bit = 0; bit < 64; bit++) {
		const char *name;

		if (!(bits & BIT_ULL(bit)))
			continue;
		name = virtio_feature_name(info->vdrv, bit);
		if (name)
			printf(" %s", name);
		else
			printf(" bit%u", bit);
	}
	printf("\n");
}

/* What the device offered, what Ember accepted, what it turned down */
static void show_features(const struct virtio_info *info)
{
	show_bits(info, "offered:", info->offered);
	show_bits(info, "accepted:", info->features);
	show_bits(info, "refused:", info->offered & ~info->features);
}

/* A packed queue's device area: when the device wants notifications */
static void show_device_event(const struct virtqueue_info *q)
{
	static const char *const names[] = { "enable", "disable", "desc" };

	if (q->device_event < ARRAY_SIZE(names))
		printf(", device event %s", names[q->device_event]);
	else
		printf(", device event %#x", q->device_event);
	if (q->device_event == VRING_PACKED_EVENT_DESC)
		printf(" %u/%u", q->avail_event & ~VRING_PACKED_EVENT_WRAP,
		       !!(q->avail_event & VRING_PACKED_EVENT_WRAP));
}

static void show_queues(struct udevice *dev, unsigned int num_vqs)
{
	struct virtqueue_info q;

	printf("     queues:");
	for (unsigned int i = 0; !virtio_get_vq_info(dev, i, &q); i++)
		printf(" %u:%u", q.index, q.num);
	printf(" (%u)\n", num_vqs);
	for (unsigned int i = 0; !virtio_get_vq_info(dev, i, &q); i++) {
		printf("     vq %u: ", q.index);
		if (q.packed)
			printf("packed, next avail %u/%u, next used %u/%u",
			       q.avail_idx, q.avail_wrap, q.used_idx,
			       q.used_wrap);
		else
			printf("split, avail %u, used %u (taken %u)",
			       q.avail_idx, q.used_idx, q.last_used);
		printf(", in flight %u, free %u/%u, kicks %llu (nudges %llu)",
		       q.in_flight, q.num_free, q.num,
		       (unsigned long long)q.kicks,
		       (unsigned long long)q.nudges);
		if (q.naps)
			printf(", naps %llu (timer %llu)",
			       (unsigned long long)q.naps,
			       (unsigned long long)q.nap_timeouts);
		if (q.packed)
			show_device_event(&q);
		else if (q.event_idx)
			printf(", avail_event %u", q.avail_event);
		printf("%s\n", q.broken ? ", broken" : "");
	}
}

/* One row per device; with @detail its status, features and queues */
static void show_device(struct udevice *dev, bool detail)
{
	struct virtio_info info;
	const char *reset;
	int ret = virtio_get_info(dev, &info);

	if (ret) {
		printf("%3d  %-22s cannot read its status (%d %s)\n", dev->seq,
		       info.where, ret, errno_str(ret));
		return;
	}
	reset = info.status & VIRTIO_CONFIG_S_NEEDS_RESET ? " NEEDS_RESET" : "";
	printf("%3d  %-22s %-7s %3u  %-18s %#010x  %-12s %s",
	       dev->seq, info.where, info.legacy ? "legacy" : "modern",
	       info.device, virtio_id_name(info.device), info.vendor,
	       info.vdrv ? info.vdrv->name : "-", state_name(info.state));
	if (info.state == VIRTIO_STATE_FAILED)
		printf(" (%d %s)", info.error, errno_str(info.error));
	if (!detail) {
		printf("%s\n", reset);
		return;
	}
	printf("\n     status: %#04x%s\n", info.status, reset);
	if (info.state != VIRTIO_STATE_READY)
		return;
	show_features(&info);
	show_queues(dev, info.num_vqs);
}

/* The scanned virtio device numbered @arg (decimal), or a message */
static int find_scanned(const char *arg, const char *what,
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
	return 0;
}

static const char virtio_header[] =
	"Dev  Transport              Version  ID  Type               Vendor      Driver       State\n";

static struct blk_cmd disks = { .if_name = "virtio" };

/* 'virtio info': a row per device found; 'virtio info n': one, in detail */
static int virtio_info(int argc, char *const argv[])
{
	struct udevice *dev;
	struct uclass *uc;
	int n = 0, last;

	if (argc == 2) {
		if (find_scanned(argv[1], "virtio info", &dev))
			return CMD_RET_FAILURE;
		printf("%s", virtio_header);
		show_device(dev, true);
		return CMD_RET_SUCCESS;
	}
	if (uclass_get(UCLASS_VIRTIO, &uc))
		return CMD_RET_FAILURE;
	/* The disks' drivers probe first, so their rows say how it went */
	last = IS_ENABLED(CONFIG_BLK) ? blk_cmd_last(&disks) : -ENODEV;
	printf("%s", virtio_header);
	uclass_foreach_dev(dev, uc) {
		if (!device_active(dev))
			continue;	/* empty slot or not scanned */
		show_device(dev, false);
		n++;
	}
	if (!n) {
		printf("no virtio devices (run 'virtio scan' first)\n");
	} else if (last >= 0) {
		printf("\n");
		blk_cmd_list(&disks, last, "");
	}
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
	return blk_cmd_device(&disks, argc, argv);
}

static int virtio_part(int argc, char *const argv[])
{
	return blk_cmd_part(&disks, argc, argv);
}

static int virtio_rw(int argc, char *const argv[])
{
	return blk_cmd_rw(&disks, argc, argv);
}

static const struct cmd_sub virtio_subs[] = {
	{ "scan", 1, 1, virtio_scan_cmd },
	{ "info", 1, 2, virtio_info },
	{ "device", 1, 2, virtio_device },
	{ "dev", 1, 2, virtio_device },
	{ "part", 1, 2, virtio_part },
	{ "read", 4, 4, virtio_rw },
	{ "write", 4, 4, virtio_rw },
};

static int do_virtio(struct cmd_tbl *cmdtp, int flag, int argc,
		     char *const argv[])
{
	return cmd_dispatch_sub(virtio_subs, ARRAY_SIZE(virtio_subs), argc,
				argv);
}

EMBER_CMD_REP(virtio, 5, do_virtio, "virtio devices sub-system",
	  "scan - initialize virtio bus\n"
	  "virtio info - show all available virtio devices, then the disks\n"
	  "virtio info <devnum> - show one in detail: status, features, queues\n"
	  "virtio device [dev] - show the current disk, or make disk dev current\n"
	  "virtio part [dev] - show the partition table of disk dev, or of all\n"
	  "virtio read addr blk# cnt - read cnt blocks of the current disk from\n"
	  "    block blk# to memory at addr (all hexadecimal)\n"
	  "virtio write addr blk# cnt - write cnt blocks from memory at addr to\n"
	  "    the current disk from block blk#");
