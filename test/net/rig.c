// SPDX-License-Identifier: Apache-2.0 OR MIT
/* The network stack on the sandbox network model, for tests (rig.h) */
#include <asm/os.h>
#include <asm/virtio_emul.h>
#include <dm.h>
#include <env.h>
#include <errno.h>
#include <net.h>
#include <time.h>
#include <virtio.h>
#include "../../net/net_core.h"
#include "rig.h"

int net_rig_model(struct unit_test_state *uts, const char *model,
		  struct udevice **vdevp, int *peerp)
{
	struct udevice *emul = sandbox_virtio_emul_get(model);
	struct virtio_dev_priv *uc;
	struct udevice *tr;
	int port;

	ut_assertnonnull(emul);
	port = sandbox_virtio_emul_net_peer(emul, 0);
	ut_assert(port > 0);
	*peerp = os_udp_open(0, port);
	ut_assert(*peerp >= 0);
	ut_assertok(sandbox_virtio_emul_net_peer(emul, os_udp_port(*peerp)));
	ut_assertok(sandbox_virtio_emul_transport(emul, &tr));
	ut_assertok(device_probe(tr));
	uc = dev_get_uclass_priv(tr);
	ut_assertnonnull(uc->vdev);
	*vdevp = uc->vdev;
	return 0;
}

int net_rig_up(struct unit_test_state *uts, struct net_if **nifp, int *peerp)
{
	struct udevice *vdev;

	ut_assertok(net_rig_model(uts, NET_RIG_MODEL, &vdev, peerp));
	ut_assertok(env_set("ethact", vdev->name));
	ut_assertok(net_start(nifp));
	return 0;
}

void net_rig_down(struct net_if *nif, int peer)
{
	net_stop(nif);
	os_close(peer);
	env_set("ethact", NULL);
}

long net_rig_recv(int peer, void *buf, unsigned long size)
{
	long n;

	if (poll_timeout_us((n = os_udp_recv(peer, buf, size)) != -EAGAIN,
			    NET_RIG_WAIT_US))
		return -EAGAIN;
	return n;
}
