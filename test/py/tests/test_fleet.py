# SPDX-License-Identifier: Apache-2.0 OR MIT
"""A fleet boots together (qemu_arm64): FLEET machines, WAVE of them at a
time, each running the default bootcmd - DHCP, Debian's kernel and an
initrd over TFTP, booti - against one dnsmasq and one atftpd in a closed
lab (netlab.py, one bridge with a tap per machine). Every machine must
reach Linux (its first console line, with earlycon). The spread of the
times and the retransmissions are written to
build/qemu_arm64/fleet.txt and printed (pytest -s).

Machines started together must not retry in step: DHCP's back-off and
TFTP's timeouts are randomised (lib/rand.c, seeded from virtio-rng).
"""

import re
import shutil
import statistics
import time

import pexpect
import pytest

import initramfs
import netlab
from ember_console import Console

pytestmark = pytest.mark.boards("qemu_arm64")

FLEET, WAVE = 8, 4
BOOT_DEADLINE = 240     # s for one wave, 4 machines sharing 2 cores
LINUX_RE = re.compile(r"Booting Linux on physical CPU")
NIC = ["-device", "virtio-net-pci,netdev=n0,romfile=,disable-legacy=on",
       "-device", "virtio-rng-pci"]


@pytest.fixture(scope="module")
def fleet_lab(tmp_path_factory):
    kernel = initramfs.kernel_path()
    initrd = initramfs.build()
    assert kernel and initrd, "no Debian arm64 kernel/busybox: scripts/deps"
    why = netlab.unavailable()
    if why:
        pytest.skip(why)
    root = tmp_path_factory.mktemp("fleet")
    shutil.copy(kernel, root / "Image")
    (root / "initrd.img").write_bytes(initrd)
    lab = netlab.Lab(root, bootfile="Image", taps=FLEET)
    lab.up()
    yield lab
    lab.down()


def start(lab, target, index, log):
    c = Console(target.board, target.build_dir,
                lab.qemu_netdev(index=index) + NIC, logfile=log,
                name=f"{target.name}-fleet{index}",
                prefix=lab.exec_prefix())
    c.start()
    c.run_ok("setenv bootargs earlycon console=ttyAMA0")
    return c


def test_fleet_boot(fleet_lab, target):
    """Every machine boots; times and retransmissions are reported."""
    log = open(f"{target.build_dir}/test-py-fleet.log", "w",
               encoding="utf-8")
    results = {}
    try:
        for first in range(0, FLEET, WAVE):
            wave = [start(fleet_lab, target, i, log)
                    for i in range(first, first + WAVE)]
            begin = time.monotonic()
            for c in wave:
                c.send_line("boot")
            pending = dict(enumerate(wave, first))
            deadline = begin + BOOT_DEADLINE
            while pending and time.monotonic() < deadline:
                for i, c in list(pending.items()):
                    idx = c.child.expect([LINUX_RE, r"\n=> ",
                                          pexpect.TIMEOUT], timeout=0.2) \
                        if c.is_alive() else 1
                    if idx == 2:
                        continue
                    loading = re.findall(r"Loading: ([#T\s]*)",
                                         c.child.before or "")
                    results[i] = (idx == 0, time.monotonic() - begin,
                                  sum(s.count("T") for s in loading))
                    del pending[i]
            for c in wave:
                c.close()
            for i in pending:
                results[i] = (False, BOOT_DEADLINE, -1)
    finally:
        log.close()
    booted = [i for i, r in results.items() if r[0]]
    times = sorted(r[1] for r in results.values() if r[0])
    dhcp = fleet_lab.log("dnsmasq")
    discovers = len(re.findall(r"DHCPDISCOVER", dhcp))
    report = (f"fleet: {len(booted)}/{FLEET} booted, {WAVE} at a time; "
              f"time to Linux min {times[0]:.1f} s, median "
              f"{statistics.median(times):.1f} s, max {times[-1]:.1f} s; "
              f"TFTP retransmissions {sum(r[2] for r in results.values())}; "
              f"DHCPDISCOVERs {discovers} for {FLEET} machines"
              if times else f"fleet: none of {FLEET} booted")
    with open(f"{target.build_dir}/fleet.txt", "w", encoding="utf-8") as f:
        f.write(report + "\n")
    print(report)
    assert len(booted) == FLEET, results
