#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 OR MIT
"""TFTP throughput of a 64 MiB file: Ember against U-Boot, A B A B.

    test/bench/tftp.py [--pairs N] [--size MiB] [--scenarios a,b,...]

Scenarios (each on the same QEMU command line for both loaders):
  user-default   QEMU's user network (restrict=on, its own TFTP server),
                 each loader's default settings
  user-1428      the same with tftpblocksize 1428 (QEMU's largest)
  peer-ws1/8/32  the project's test peer (test/py/netpeer.py) over
                 -netdev dgram on 127.0.0.1, blksize 1468, windowsize 1/8/32
  lab-ws1/8/32   the closed network lab (test/py/netlab.py, needs root):
                 QEMU on a tap in a namespace, dnsmasq and atftpd,
                 blksize 1468, windowsize 1/8/32
  lab-b<B>-ws<W> the lab with blksize B and windowsize W (e.g.
                 lab-b16384-ws32, Ember's best)

The time is host wall-clock around the 'tftpboot' exchange at the console;
a transfer whose crc32 does not match the file is a failure, not a number.
Prints a Markdown table: median (min-max) MiB/s of each, and the median of
the per-pair ratios Ember/U-Boot.
"""

import argparse
import os
import re
import socket
import statistics
import sys
import tempfile
import time
import zlib

import pexpect

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "py"))
import netlab  # noqa: E402
from netpeer import Peer  # noqa: E402

LOADERS = {
    "Ember": "build/qemu_arm64/ember.bin",
    "U-Boot": "/usr/lib/u-boot/qemu_arm64/u-boot.bin",
}
ADDR = 0x44000000
PROMPT = r"\n=> "


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Board:
    def __init__(self, binary, netdev, nic="virtio-net-device", prefix=()):
        cmd = [*prefix, "qemu-system-aarch64", "-M", "virt",
               "-cpu", "cortex-a57", "-m", "1G", "-nographic",
               "-bios", binary, "-nic", "none", "-netdev", netdev,
               "-device", f"{nic},netdev=n0"]
        self.child = pexpect.spawn(cmd[0], cmd[1:],
                                   encoding="utf-8", timeout=60)
        self.child.delaybeforesend = None
        if self.child.expect([PROMPT, r"Hit any key to stop autoboot"]) == 1:
            self.child.send(" ")
            self.child.expect(PROMPT)

    def run(self, cmd, timeout=120):
        self.child.send(cmd + "\r")
        self.child.expect(PROMPT, timeout=timeout)
        return self.child.before.replace("\r", "")

    def close(self):
        self.child.terminate(force=True)
        self.child.close()


def lab_options(scenario):
    """(blksize, windowsize) of a lab-... scenario."""
    m = re.fullmatch(r"lab-(?:b(\d+)-)?ws(\d+)", scenario)
    if not m:
        raise SystemExit(f"unknown scenario {scenario}")
    return int(m.group(1) or 1468), int(m.group(2))


def transfer(binary, scenario, data, tmpdir):
    peer = lab = None
    prefix = ()
    if scenario.startswith("user"):
        netdev = f"user,id=n0,restrict=on,tftp={tmpdir}"
    elif scenario.startswith("lab"):
        lab = netlab.Lab(tmpdir, bootfile="big.bin").up()
        netdev = lab.qemu_netdev()[1]
        prefix = lab.exec_prefix()
    else:
        peer = Peer(files={"big.bin": data}, max_seconds=600).start()
        netdev = (f"dgram,id=n0,local.type=inet,local.host=127.0.0.1,"
                  f"local.port={free_port()},remote.type=inet,"
                  f"remote.host=127.0.0.1,remote.port={peer.port}")
    try:
        b = Board(binary, netdev, prefix=prefix)
    except BaseException:
        if lab:
            lab.down()
        raise
    try:
        b.run("setenv autoload no; dhcp", timeout=60)
        if scenario == "user-1428":
            b.run("setenv tftpblocksize 1428")
        elif scenario.startswith("peer-ws"):
            b.run("setenv tftpblocksize 1468; setenv tftpwindowsize "
                  + scenario[len("peer-ws"):])
        elif scenario.startswith("lab"):
            blk, win = lab_options(scenario)
            b.run(f"setenv tftpblocksize {blk}; setenv tftpwindowsize {win}")
        start = time.monotonic()
        out = b.run(f"tftpboot {ADDR:x} big.bin", timeout=600)
        secs = time.monotonic() - start
        if f"Bytes transferred = {len(data)}" not in out:
            return None, out[-300:]
        crc = b.run(f"crc32 {ADDR:x} {len(data):x}")
        m = re.search(r"==> ([0-9a-f]{8})", crc)
        if not m or int(m.group(1), 16) != zlib.crc32(data):
            return None, "crc32 mismatch"
        return len(data) / secs / (1 << 20), ""
    finally:
        b.close()
        if peer:
            peer.stop()
        if lab:
            lab.down()


def fmt(vals):
    if not vals:
        return "failed"
    return (f"{statistics.median(vals):.1f} "
            f"({min(vals):.1f}-{max(vals):.1f})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--size", type=int, default=64, help="MiB")
    ap.add_argument("--scenarios",
                    default="user-default,user-1428,peer-ws1,peer-ws8,peer-ws32")
    args = ap.parse_args()
    data = os.urandom(args.size << 20)
    rows = []
    with tempfile.TemporaryDirectory() as tmpdir:
        with open(os.path.join(tmpdir, "big.bin"), "wb") as f:
            f.write(data)
        for sc in args.scenarios.split(","):
            rates = {name: [] for name in LOADERS}
            ratios, notes = [], []
            for _ in range(args.pairs):
                pair = {}
                for name, binary in LOADERS.items():
                    rate, why = transfer(binary, sc, data, tmpdir)
                    if rate is None:
                        notes.append(f"{name}: {why.strip()[-80:]}")
                    else:
                        rates[name].append(rate)
                        pair[name] = rate
                if len(pair) == 2:
                    ratios.append(pair["Ember"] / pair["U-Boot"])
                print(f"{sc}: {pair}", file=sys.stderr, flush=True)
            rows.append((sc, fmt(rates["Ember"]), fmt(rates["U-Boot"]),
                         f"{statistics.median(ratios):.2f}" if ratios
                         else "-", "; ".join(sorted(set(notes)))))
    print(f"| TFTP {args.size} MiB | Ember MiB/s | U-Boot MiB/s | "
          "Ember/U-Boot | notes |")
    print("| --- | --- | --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
