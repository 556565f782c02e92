# SPDX-License-Identifier: Apache-2.0 OR MIT
"""U-Boot compatibility, the network: the example of U-Boot's
doc/usage/cmd/tftpput.rst that Ember can run, typed as its documentation
types it, with its output. U-Boot's documentation has no page for dhcp,
tftpboot, ping or 'net list' (test_net.py checks their shapes).

The example's network is a DHCP server on a real LAN. Here it is, on the
sandbox, the Python peer (netpeer.py) behind the sandbox's network model
and, on qemu_arm64, QEMU's user network: each board is started for the
test, with the network it needs.

Adapted: the address bound (the peer's 192.168.7.50, QEMU's 10.0.2.15
for the document's 192.168.1.40) and the time DHCP took, which changes
from run to run.

Left out: 'load mmc 0:1 ...' (Ember has no MMC) and 'tftpput' (Ember
has no TFTP upload).
"""

import pytest

from helpers import transcript
from netpeer import Peer

TFTPPUT_DOC_DHCP = """
=> env set autoload no
=> dhcp
BOOTP broadcast 1
DHCP client bound to address {ip} (7 ms)
"""
ANY_TIME = [(r"^(DHCP client bound to address \S+) \(\d+ ms\)$",
             r"\1 (7 ms)")]


@pytest.mark.boards("sandbox")
def test_dhcp_sandbox(ember_spawn):
    # The board first: no fork (pexpect's forkpty) once the peer's thread runs
    c = ember_spawn()
    peer = Peer().start()
    try:
        c.run_ok(f"sbnet peer {peer.port}")
        transcript(c, TFTPPUT_DOC_DHCP.format(ip="192.168.7.50"), ANY_TIME)
    finally:
        peer.stop()


@pytest.mark.boards("qemu_arm64")
def test_dhcp_qemu(ember_spawn):
    # With an RNG device: without one, Ember first warns that DHCP's
    # transaction IDs are predictable, where U-Boot says nothing (a
    # deliberate difference, tested in test_dhcp_options.py)
    c = ember_spawn(["-netdev", "user,id=n0,restrict=on",
                     "-device", "virtio-net-device,netdev=n0",
                     "-object", "rng-random,filename=/dev/urandom,id=rng0",
                     "-device", "virtio-rng-device,rng=rng0"])
    transcript(c, TFTPPUT_DOC_DHCP.format(ip="10.0.2.15"), ANY_TIME)
