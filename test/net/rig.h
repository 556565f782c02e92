// SPDX-License-Identifier: Apache-2.0 OR MIT
/*
 * The network stack on the sandbox network model, with a UDP socket on
 * 127.0.0.1 as the model's peer: frames the stack sends are read from
 * the socket, whole Ethernet frames, through the real virtio-net path.
 */
#ifndef __TEST_NET_RIG_H
#define __TEST_NET_RIG_H

#include <test/ut.h>

struct net_if;
struct udevice;

#define NET_RIG_MODEL	"emul-net"
#define NET_RIG_WAIT_US	1000000

/**
 * net_rig_model() - pair network model @model with a new socket (*@peerp)
 * and probe its transport: *@vdevp is the virtio device on it, not probed
 * Return: 0, or 1 with the failure reported (the ut_assert() way)
 */
int net_rig_model(struct unit_test_state *uts, const char *model,
		  struct udevice **vdevp, int *peerp);

/**
 * net_rig_up() - net_rig_model() on NET_RIG_MODEL, then the device made
 * 'ethact' and the stack started on it
 * Return: 0, or 1 with the failure reported (the ut_assert() way)
 */
int net_rig_up(struct unit_test_state *uts, struct net_if **nifp,
	       int *peerp);

/** net_rig_down() - stop the stack, close the socket, unset 'ethact' */
void net_rig_down(struct net_if *nif, int peer);

/**
 * net_rig_recv() - the next frame the stack sent, into @buf (@size
 * bytes), waiting at most NET_RIG_WAIT_US
 * Return: its length, or -EAGAIN when none came
 */
long net_rig_recv(int peer, void *buf, unsigned long size);

#endif
