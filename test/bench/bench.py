#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Ember against U-Boot, side by side: `make bench`.

    test/bench/bench.py [--pairs N] [--metrics a,b,...] [--out DIR]
                        [--ember FILE] [--uboot FILE] [--warm] [--list]

Every metric runs Ember and U-Boot in turn (A B A B ..., --pairs pairs) on
the same QEMU command line (-M virt -cpu cortex-a57 -m 1G -nographic -bios
... -nic none, plus the metric's devices), against the same servers.
Timings are host wall-clock around the console exchange (from sending the
command to the next prompt, or from spawning QEMU to a line), except where
a metric says it is the loader's own report. A transfer whose crc32 does
not match the file is a failure, not a number.

Writes DIR/results.md (the table), DIR/results.json (every sample),
DIR/ratios.dat and DIR/ratios.png (a gnuplot bar chart of the speed-up
of Ember over U-Boot per metric) and prints the table. Lab metrics need
root and /dev/net/tun (test/py/netlab.py), the HTTP metrics also Debian's
nginx unpacked by scripts/deps; without them they are skipped with the
reason. When lab-best runs with the HTTP metrics, a last table sets
Ember's HTTP against its best TFTP at MTU 1500 from the same run.

With --warm, each TFTP, HTTP and disk metric loads the file once,
untimed, before the timed load to the same address: what is timed is
then the network or disk path, without the first touch of the load's
memory in a fresh QEMU, which on this machine (itself a VM whose host
backs its memory lazily) varies by hundreds of milliseconds for both
loaders.
"""

import argparse
import collections
import datetime
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zlib

import pexpect

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "test", "py"))
import initramfs  # noqa: E402
import netlab  # noqa: E402
from netpeer import Peer  # noqa: E402

LOADERS = ("Ember", "U-Boot")
PROMPT = r"\n=> "
AUTOBOOT = r"Hit any key to stop autoboot"
ADDR = 0x44000000
MIB = 1 << 20
TFTP_SIZE = 64 * MIB


class Failed(Exception):
    """A run that did not give a number (the reason is kept)."""


class Unsupported(Failed):
    """The loader cannot do this at all (not a failure of a run)."""


class Board:
    """One QEMU running one loader, at its prompt."""

    def __init__(self, binary, args=(), prefix=(), timeout=60):
        argv = [*prefix, "qemu-system-aarch64", "-M", "virt",
                "-cpu", "cortex-a57", "-m", "1G", "-nographic",
                "-bios", binary, "-nic", "none", *args]
        self.start = time.monotonic()
        self.child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8",
                                   timeout=timeout, maxread=65536)
        self.child.delaybeforesend = None
        try:
            if self.child.expect([PROMPT, AUTOBOOT]) == 1:
                self.child.send(" ")
                self.child.expect(PROMPT)
        except pexpect.ExceptionPexpect as e:
            self.close()
            raise Failed(f"no prompt: {type(e).__name__}") from None

    def run(self, cmd, timeout=120):
        """(output, seconds) of @cmd, timed from sending to the prompt."""
        t = time.monotonic()
        self.child.send(cmd + "\r")
        try:
            self.child.expect(PROMPT, timeout=timeout)
        except pexpect.ExceptionPexpect as e:
            raise Failed(f"'{cmd}': {type(e).__name__}") from None
        out = self.child.before.replace("\r", "")
        m = re.search(r"Unknown command '([^']+)'", out)
        if m:
            raise Unsupported(f"no '{m.group(1)}' command")
        return out, time.monotonic() - t

    def close(self):
        if self.child is not None:
            self.child.terminate(force=True)
            self.child.close()
            self.child = None


def crc_check(board, data):
    """The loader's crc32 of what it loaded at ADDR equals the file's."""
    out, _ = board.run(f"crc32 {ADDR:x} {len(data):x}", timeout=60)
    m = re.search(r"==> ([0-9a-f]{8})", out)
    if not m or int(m.group(1), 16) != zlib.crc32(data):
        raise Failed("crc32 mismatch")


def reported_rate(out):
    """The transfer rate the loader printed, in MiB/s, or None."""
    m = re.search(r"([\d.]+) (KiB|MiB)/s", out)
    if not m:
        return None
    return float(m.group(1)) / (1024 if m.group(2) == "KiB" else 1)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------ metrics
# Each takes (ctx, loader, binary) and returns (value, reported or None).

def m_prompt(ctx, loader, binary):
    b = Board(binary)
    try:
        b.child.send("echo ready\r")
        b.child.expect(r"\nready\r*\n")
        return time.monotonic() - b.start, None
    finally:
        b.close()


def virtio_devices():
    """32 virtio-mmio and 8 virtio-pci devices: entropy and (null) disks."""
    args = []
    for i in range(40):
        pci = i >= 32
        if i % 2:
            args += ["-device", "virtio-rng-pci" if pci
                     else "virtio-rng-device"]
        else:
            args += ["-drive", f"if=none,id=d{i},driver=null-co,size=1M",
                     "-device", f"virtio-blk-{'pci' if pci else 'device'},"
                     f"drive=d{i}"]
    return args


def m_virtio(ctx, loader, binary):
    b = Board(binary, virtio_devices())
    try:
        out, secs = b.run("virtio scan; virtio info")
        if "rror" in out or "failed" in out:
            raise Failed(out.strip().splitlines()[-1][:80])
        return secs, None
    finally:
        b.close()


# The devices' interface and ring: 'legacy' virtio-mmio (QEMU's default,
# split rings), or modern virtio-mmio with the split or the packed ring
# (VIRTIO 1.2 §2.8; a loader that does not accept RING_PACKED, as U-Boot,
# gets a split ring from the same device)
MODERN = ["-global", "virtio-mmio.force-legacy=false"]
RINGS = {"legacy": ([], ""), "split": (MODERN, ",packed=off"),
         "packed": (MODERN, ",packed=on")}


def nic_args(ring="legacy"):
    glob, opt = RINGS[ring]
    return glob + ["-device", f"virtio-net-device,netdev=n0{opt}"]


def rng_args(ring="legacy"):
    glob, opt = RINGS[ring]
    return glob + ["-device", f"virtio-rng-device{opt}"]


def user_net(ctx):
    return ["-netdev", f"user,id=n0,restrict=on,tftp={ctx['tftp']}",
            "-device", "virtio-net-device,netdev=n0"]


def m_dhcp(ctx, loader, binary):
    b = Board(binary, user_net(ctx))
    try:
        b.run("setenv autoload no")
        out, secs = b.run("dhcp", timeout=60)
        if "DHCP client bound" not in out:
            raise Failed("no lease")
        return secs, None
    finally:
        b.close()


def warm_up(ctx, b, cmd):
    """With --warm, @cmd once, untimed, before the timed one: the load's
    memory is then not touched for the first time while timed (this
    machine is itself a VM whose host backs its memory lazily, and a
    first touch of 64 MiB in a fresh QEMU costs either loader 0.1-0.5 s,
    doc/performance.md)"""
    if ctx.get("warm"):
        b.run(cmd, timeout=600)


def tftp_run(ctx, b, data, settings):
    b.run(settings or "true")
    warm_up(ctx, b, f"tftpboot {ADDR:x} big.bin")
    out, secs = b.run(f"tftpboot {ADDR:x} big.bin", timeout=600)
    if f"Bytes transferred = {len(data)}" not in out:
        raise Failed(out.strip().splitlines()[-1][:80] if out.strip()
                     else "no output")
    crc_check(b, data)
    return len(data) / secs / MIB, reported_rate(out)


def tftp_metric(where, blksize=None, window=None, mtu=1500, ring="legacy"):
    """A TFTP of the 64 MiB file: 'user' (QEMU's own server), 'peer' (the
    project's Python peer over -netdev dgram) or 'lab' (atftpd, on a tap
    of this MTU); peer and lab with the NIC of @ring (RINGS)."""
    def run(ctx, loader, binary):
        settings = []
        if blksize:
            settings.append(f"setenv tftpblocksize {blksize}")
        if window:
            settings.append(f"setenv tftpwindowsize {window}")
        peer = lab = None
        prefix = ()
        if where == "user":
            args = user_net(ctx)
        elif where == "peer":
            peer = Peer(files={"big.bin": ctx["data"]},
                        max_seconds=600).start()
            args = ["-netdev", "dgram,id=n0,local.type=inet,"
                    f"local.host=127.0.0.1,local.port={free_port()},"
                    "remote.type=inet,remote.host=127.0.0.1,"
                    f"remote.port={peer.port}"] + nic_args(ring)
        else:
            lab = netlab.Lab(ctx["tftp"], bootfile="big.bin", mtu=mtu).up()
            args = lab.qemu_netdev() + nic_args(ring)
            prefix = lab.exec_prefix()
        b = None
        try:
            b = Board(binary, args, prefix=prefix)
            b.run("setenv autoload no; dhcp", timeout=60)
            return tftp_run(ctx, b, ctx["data"], "; ".join(settings))
        finally:
            if b:
                b.close()
            if peer:
                peer.stop()
            if lab:
                lab.down()
    return run


UBOOT_LAB_BEST = (1468, 32)     # no IP reassembly; it stalls at larger windows


def lab_best(mtu, ember, ring="legacy"):
    """Each loader at its best setting in a lab of this MTU: U-Boot's is
    UBOOT_LAB_BEST, Ember's (blksize, windowsize) @ember."""
    def run(ctx, loader, binary):
        blk, win = UBOOT_LAB_BEST if loader == "U-Boot" else ember
        return tftp_metric("lab", blk, win, mtu, ring)(ctx, loader, binary)
    return run


def http_metric(impair=None, relay=False):
    """wget of the 64 MiB file from nginx in the lab at MTU 1500, on the
    legacy virtio-mmio NIC; with @impair (netem's words), under that
    impairment: by tc netem (netlab.Lab(netem=True): in the namespace's
    kernel, or in the lab's user-mode Linux router where that kernel has
    none), else by the lab's userspace relay (test/py/impair.py); with
    @relay, through the relay without impairment (the relay's own
    cost)."""
    def run(ctx, loader, binary):
        ctx["http_runs"] = ctx.get("http_runs", 0) + 1   # the relay's seed
        lab = None
        if impair and not relay and "no_netem" not in ctx:
            try:
                lab = netlab.Lab(ctx["tftp"], bootfile="big.bin",
                                 http_root=ctx["tftp"], netem=True).up()
                ctx["netem_where"] = lab.netem_where()
            except netlab.NetemUnavailable as e:
                ctx["no_netem"] = str(e)
        use_relay = lab is None and (relay or bool(impair))
        if lab is None:
            lab = netlab.Lab(ctx["tftp"], bootfile="big.bin",
                             http_root=ctx["tftp"], relay=use_relay,
                             relay_seed=ctx["http_runs"]).up()
        b = None
        try:
            b = Board(binary, lab.qemu_netdev() + nic_args(),
                      prefix=lab.exec_prefix())
            b.run("setenv autoload no; dhcp", timeout=60)
            # U-Boot's legacy form, which both take: U-Boot 2025.01's
            # wget (no lwIP) hangs on a URL
            cmd = f"wget {ADDR:x} {lab.server}:/big.bin"
            warm_up(ctx, b, cmd)
            if impair:
                (lab.impair if use_relay else lab.netem)(impair)
            out, secs = b.run(cmd, timeout=600)
            if impair:
                (lab.impair if use_relay else lab.netem)(None)
            data = ctx["data"]
            if f"Bytes transferred = {len(data)}" not in out:
                raise Failed(out.strip().splitlines()[-1][:80]
                             if out.strip() else "no output")
            crc_check(b, data)
            return len(data) / secs / MIB, reported_rate(out)
        finally:
            if b:
                b.close()
            lab.down()
    return run


def m_crc32(ctx, loader, binary):
    b = Board(binary)
    try:
        out, secs = b.run(f"crc32 40000000 {TFTP_SIZE:x}", timeout=60)
        if "==> " not in out:
            raise Failed("no crc32")
        return secs, None
    finally:
        b.close()


def rng64k(ring="legacy"):
    """64 KiB of entropy in the way each can: Ember's 'rng fill' into
    memory; U-Boot's 'rng' prints at most 64 bytes a call, so 1024 calls
    (64 lines of 16), where the build has the command at all."""
    return lambda ctx, loader, binary: m_rng64k(ctx, loader, binary, ring)


def m_rng64k(ctx, loader, binary, ring):
    b = Board(binary, rng_args(ring))
    try:
        b.run("rng 0 40")       # the first use probes the device
        if loader == "Ember":
            out, secs = b.run("rng fill 41000000 10000")
            if "65536 bytes" not in out:
                raise Failed(out.strip()[:80])
            return secs * 1000, None
        total = 0.0
        for _ in range(64):
            out, secs = b.run("; ".join(["rng 0 40"] * 16))
            if "rror" in out or "ailed" in out:
                raise Failed(out.strip()[:80])
            total += secs
        return total * 1000, None
    finally:
        b.close()


def m_netboot(ctx, loader, binary):
    """QEMU start to the initramfs's first line, TFTP-booting Debian's
    kernel and the test initramfs over QEMU's user network."""
    if not ctx.get("kernel"):
        raise Failed("no Debian arm64 kernel (scripts/deps)")
    args = ["-netdev", f"user,id=n0,restrict=on,tftp={ctx['boot']}",
            "-device", "virtio-net-device,netdev=n0",
            "-device", "virtio-rng-device"]
    fdt = " ${fdtcontroladdr}" if loader == "U-Boot" else ""
    return boot_to_init(Board(binary, args, timeout=120),
                        "setenv bootargs console=ttyAMA0 quiet; "
                        "setenv autoload no; "
                        "dhcp && tftpboot ${kernel_addr_r} Image && "
                        "tftpboot ${ramdisk_addr_r} initrd.img && "
                        "booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize}"
                        + fdt)


def boot_to_init(b, cmd):
    """(seconds from QEMU's start to the initramfs's first line, None),
    @cmd sent at the prompt of Board @b, which is closed"""
    try:
        b.child.send(cmd + "\r")
        try:
            b.child.expect("INIT: start", timeout=180)
        except pexpect.ExceptionPexpect:
            raise Failed("no initramfs line: "
                         + (b.child.before or "")[-80:].strip()) from None
        return time.monotonic() - b.start, None
    finally:
        b.close()


def m_diskboot(ctx, loader, binary):
    """QEMU start to the initramfs's first line, the loader's own default
    bootcmd ('boot') booting a Debian-made disk: GPT, an ext4 /boot with
    the extlinux.conf u-boot-update writes for Debian's kernel and the
    test initramfs"""
    if not ctx.get("diskboot"):
        raise Failed("no Debian arm64 kernel/busybox (scripts/deps)")
    args = ["-drive", f"file={ctx['diskboot']},if=none,format=raw,"
            "id=d0,readonly=on", "-device", "virtio-blk-device,drive=d0",
            "-device", "virtio-rng-device"]
    return boot_to_init(Board(binary, args, timeout=120), "boot")


def disk_metric(fs, iface="virtio"):
    """The first load of Debian's kernel (33 MB) from a partition of a
    virtio-blk disk, or of an NVMe disk with @iface "nvme", or of a SCSI
    disk on a virtio-scsi controller with "scsi" (the second load with
    --warm), @fs ext4 or FAT32, timed from sending 'load' to the prompt;
    the disk found and its table read first, untimed."""
    def run(ctx, loader, binary):
        if not ctx.get("kernel"):
            raise Failed("no Debian arm64 kernel (scripts/deps)")
        devs = {"nvme": ["-device", "nvme,serial=bench,drive=d0"],
                "scsi": ["-device", "virtio-scsi-device,id=vs0",
                         "-device", "scsi-hd,drive=d0,bus=vs0.0"]}
        args = ["-drive", f"file={ctx['disk_' + fs]},if=none,format=raw,"
                "id=d0,readonly=on"] + devs.get(
                    iface, ["-device", "virtio-blk-device,drive=d0"])
        b = Board(binary, args, timeout=120)
        try:
            if loader == "U-Boot":
                b.run(f"{iface} scan")
            out, _ = b.run(f"part list {iface} 0")
            if "Partition Map" not in out and iface == "scsi":
                raise Unsupported("no SCSI disk (no virtio-scsi driver): " +
                                  out.strip()[:60])
            if "Partition Map" not in out:
                raise Failed("no disk: " + out.strip()[:80])
            warm_up(ctx, b, f"load {iface} 0:1 {ADDR:x} /Image")
            out, secs = b.run(f"load {iface} 0:1 {ADDR:x} /Image",
                              timeout=120)
            if "bytes read" not in out:
                raise Failed(out.strip()[:80])
            crc_check(b, ctx["kernel_data"])
            return secs, None
        finally:
            b.close()
    return run


def m_qfw(ctx, loader, binary):
    """The first 'qfw load' after boot of Debian's kernel (33 MB) given to
    QEMU with -kernel, from fw_cfg, timed from sending it to the prompt"""
    if not ctx.get("kernel"):
        raise Failed("no Debian arm64 kernel (scripts/deps)")
    b = Board(binary, ["-kernel", ctx["kernel"]], timeout=120)
    try:
        cmd = f"qfw load {ADDR:x} {ADDR + 0x4000000:x}"
        warm_up(ctx, b, cmd)
        out, secs = b.run(cmd, timeout=120)
        if "loading kernel to address" not in out:
            raise Failed(out.strip()[:80])
        crc_check(b, ctx["kernel_data"])
        return secs, None
    finally:
        b.close()


def m_size(ctx, loader, binary):
    return os.path.getsize(binary) / 1024, None


# name: (function, unit, better, what is timed, needs)
METRICS = {
    "prompt": (m_prompt, "s", "lower", "QEMU start to a usable prompt", None),
    "virtio": (m_virtio, "s", "lower",
               "'virtio scan; virtio info', 32 MMIO + 8 PCI devices", None),
    "dhcp": (m_dhcp, "s", "lower", "dhcp on QEMU's user network", None),
    "user-default": (tftp_metric("user"), "MiB/s", "higher",
                     "TFTP 64 MiB, QEMU user network, defaults", None),
    "user-1428": (tftp_metric("user", 1428), "MiB/s", "higher",
                  "TFTP 64 MiB, QEMU user network, blksize 1428 "
                  "(QEMU's largest)", None),
    "peer-ws1": (tftp_metric("peer", 1468, 1), "MiB/s", "higher",
                 "TFTP 64 MiB, test peer, blksize 1468, windowsize 1", None),
    "peer-ws8": (tftp_metric("peer", 1468, 8), "MiB/s", "higher",
                 "the same, windowsize 8", None),
    "peer-ws32": (tftp_metric("peer", 1468, 32), "MiB/s", "higher",
                  "the same, windowsize 32", None),
    "lab-ws1": (tftp_metric("lab", 1468, 1), "MiB/s", "higher",
                "TFTP 64 MiB, atftpd lab, blksize 1468, windowsize 1", "lab"),
    "lab-ws8": (tftp_metric("lab", 1468, 8), "MiB/s", "higher",
                "the same, windowsize 8", "lab"),
    "lab-ws32": (tftp_metric("lab", 1468, 32), "MiB/s", "higher",
                 "the same, windowsize 32", "lab"),
    "lab-best": (lab_best(1500, (65464, 16)), "MiB/s", "higher",
                 "atftpd lab, each at its best (see notes)", "lab"),
    "lab-jumbo": (lab_best(9000, (32768, 32)), "MiB/s", "higher",
                  "atftpd lab with jumbo frames (MTU 9000), each at its "
                  "best (see notes)", "lab"),
    "crc32": (m_crc32, "s", "lower", "crc32 of 64 MiB", None),
    "rng-64KiB": (rng64k(), "ms", "lower",
                  "64 KiB of entropy, each its own way (see notes)", None),
    "lab-best-split": (lab_best(1500, (65464, 16), "split"), "MiB/s",
                       "higher", "lab-best on modern virtio-mmio, split "
                       "ring", "lab"),
    "lab-best-packed": (lab_best(1500, (65464, 16), "packed"), "MiB/s",
                        "higher", "lab-best on modern virtio-mmio offering "
                        "the packed ring (see notes)", "lab"),
    "rng-64KiB-split": (rng64k("split"), "ms", "lower",
                        "rng-64KiB on modern virtio-mmio, split ring",
                        None),
    "rng-64KiB-packed": (rng64k("packed"), "ms", "lower",
                         "rng-64KiB on modern virtio-mmio offering the "
                         "packed ring (see notes)", None),
    "netboot": (m_netboot, "s", "lower",
                "QEMU start to the initramfs's first line, TFTP boot", None),
    "diskboot": (m_diskboot, "s", "lower",
                 "QEMU start to the initramfs's first line, the default "
                 "bootcmd booting a Debian-made disk (extlinux.conf, "
                 "menu timeout 1: see notes)",
                 "diskboot"),
    "disk-ext4": (disk_metric("ext4"), "s", "lower",
                  "load of Debian's kernel (33 MB) from ext4 on virtio-blk",
                  "disk"),
    "disk-fat": (disk_metric("fat"), "s", "lower",
                 "load of Debian's kernel (33 MB) from FAT32 on virtio-blk",
                 "disk"),
    "disk-nvme": (disk_metric("ext4", "nvme"), "s", "lower",
                  "load of Debian's kernel (33 MB) from ext4 on NVMe",
                  "disk"),
    "disk-scsi": (disk_metric("ext4", "scsi"), "s", "lower",
                  "load of Debian's kernel (33 MB) from ext4 on a "
                  "virtio-scsi disk", "disk"),
    "qfw": (m_qfw, "s", "lower",
            "qfw load of Debian's kernel (33 MB) given with -kernel", "qfw"),
    "size": (m_size, "KiB", "lower", "size of the image given to -bios",
             "once"),
    "http-lab": (http_metric(), "MiB/s", "higher",
                 "wget 64 MiB from nginx in the lab, MTU 1500", "http"),
    "http-relay": (http_metric(relay=True), "MiB/s", "higher",
                   "http-lab through the lab's userspace relay, nothing "
                   "impaired (the relay's own cost)", "http"),
    "http-loss1": (http_metric("loss 1%"), "MiB/s", "higher",
                   "http-lab with 1% of the lab's frames to the machine "
                   "dropped (see notes)", "http"),
}

NOTES = {
    "lab-best": "U-Boot: blksize 1468, windowsize 32 (it has no IP "
                "reassembly and stalls at larger windows); Ember: blksize "
                "65464 (45 IP fragments a block), windowsize 16",
    "lab-jumbo": "U-Boot: blksize 1468, windowsize 32 (its buffers take "
                 "no frame over 1522 bytes); Ember: blksize 32768 (four "
                 "fragments of up to 9000 bytes), windowsize 32",
    "rng-64KiB": "Ember: one 'rng fill' into memory; U-Boot: 1024 calls of "
                 "'rng 0 40' (64 bytes, its most per call) where its build "
                 "has 'rng'",
    "size": "one measurement; the file passed to -bios",
    "diskboot": "u-boot-update with U_BOOT_TIMEOUT=1, the least with "
                "which U-Boot boots unattended: U-Boot still waits 1 s at "
                "its menu (whole seconds), Ember none ('prompt 0', as "
                "syslinux); with Debian's default (50) U-Boot waits 5 s",
    "lab-best-packed": "U-Boot does not accept RING_PACKED, so the same "
                       "device gives it a split ring",
    "rng-64KiB-packed": "U-Boot does not accept RING_PACKED, so the same "
                        "device gives it a split ring",
    "http-loss1": "dropped by tc netem (in the lab's namespace, or in its "
                  "user-mode Linux router where the kernel has none), "
                  "else by the lab's relay (test/py/impair.py); "
                  "byte-exact (crc32) or a failed run",
}

# HTTP against TFTP, each Ember's: (HTTP metric, TFTP metric), for
# http_table(), with the target of issue 20
# Issue 20's targets: the clean transfer at least 1.5x the best TFTP; the
# one under 1% loss byte-exact (a run that is not is a failure, not a
# number), its ratio shown for information
HTTP_PAIRS = (("http-lab", "lab-best"), ("http-loss1", "lab-best"))
HTTP_TARGET = 1.5

# Packed against split: (packed metric, split metric), for ring_table()
RING_PAIRS = (("lab-best-packed", "lab-best-split"),
              ("rng-64KiB-packed", "rng-64KiB-split"))


def summary(vals):
    if not vals:
        return None
    return {"median": statistics.median(vals), "min": min(vals),
            "max": max(vals), "n": len(vals)}


def fmt(s, unit, unsupported=False):
    if not s:
        return "n/a" if unsupported else "failed"
    d = 3 if unit == "s" else 1
    return f"{s['median']:.{d}f} ({s['min']:.{d}f}-{s['max']:.{d}f})"


def run_metric(name, ctx, pairs, binaries, log):
    fn, unit, better, what, needs = METRICS[name]
    samples = {ld: [] for ld in LOADERS}
    reported = {ld: [] for ld in LOADERS}
    ratios, failures, unsupported = [], [], set()
    if needs in ("lab", "http") and ctx.get("no_" + needs):
        return {"name": name, "skipped": ctx["no_" + needs]}
    for i in range(1 if needs == "once" else pairs):
        pair = {}
        for ld in LOADERS:
            try:
                v, r = fn(ctx, ld, binaries[ld])
                samples[ld].append(v)
                pair[ld] = v
                if r is not None:
                    reported[ld].append(r)
            except Unsupported as e:
                unsupported.add(f"{ld} cannot: {e}")
            except (Failed, netlab.LabError, pexpect.ExceptionPexpect) as e:
                failures.append(f"{ld}: {e}")
        if len(pair) == 2 and pair["U-Boot"]:
            ratios.append(pair["Ember"] / pair["U-Boot"])
        print(f"  {name} {i + 1}: " + ", ".join(
            f"{k} {v:.4g}" for k, v in pair.items()), file=log, flush=True)
    ratio = statistics.median(ratios) if ratios else None
    speedup = None
    if ratio:
        speedup = 1 / ratio if better == "lower" else ratio
    return {"name": name, "unit": unit, "better": better, "what": what,
            "runs": 1 if needs == "once" else pairs,
            "Ember": summary(samples["Ember"]),
            "U-Boot": summary(samples["U-Boot"]),
            "samples": samples,
            "reported": {k: summary(v) for k, v in reported.items()},
            "ratio": ratio, "speedup": speedup,
            "failures": [f"{n}x {why}" for why, n in
                         sorted(collections.Counter(failures).items())],
            "unsupported": sorted(unsupported), "note": NOTES.get(name, "")}


def table(results):
    lines = ["| metric | unit | Ember median (min-max) | U-Boot median "
             "(min-max) | Ember/U-Boot | Ember ahead | notes |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        if "skipped" in r:
            lines.append(f"| {r['name']} | | | | | | skipped: "
                         f"{r['skipped']} |")
            continue
        notes = [r["what"]]
        if r["note"]:
            notes.append(r["note"])
        rep = r["reported"]
        if rep["Ember"] or rep["U-Boot"]:
            notes.append("loaders' own reports, MiB/s: " + ", ".join(
                f"{ld} {rep[ld]['median']:.1f}" for ld in LOADERS
                if rep[ld]))
        if r["unsupported"]:
            notes.extend(r["unsupported"])
        if r["failures"]:
            notes.append(f"failed runs (of {r['runs']} each): "
                         + "; ".join(r["failures"]))
        ahead = "-"
        if r["speedup"]:
            ahead = ("yes" if r["speedup"] > 1 else "no") + \
                f", x{r['speedup']:.2f}"
        ratio = f"{r['ratio']:.2f}" if r["ratio"] else "-"
        cant = " ".join(r["unsupported"])
        lines.append(f"| {r['name']} | {r['unit']} | "
                     f"{fmt(r['Ember'], r['unit'], 'Ember' in cant)} | "
                     f"{fmt(r['U-Boot'], r['unit'], 'U-Boot' in cant)} | "
                     f"{ratio} | {ahead} | "
                     f"{'. '.join(notes)} |")
    return "\n".join(lines) + "\n"


def ring_table(results):
    """Each loader's packed-ring metric against its split-ring twin, from
    the medians of this run (U-Boot gets a split ring both times: its
    ratio shows the noise)."""
    by = {r["name"]: r for r in results if "skipped" not in r}
    lines = []
    for packed, split in RING_PAIRS:
        if packed not in by or split not in by:
            continue
        p, s = by[packed], by[split]
        for ld in LOADERS:
            if not p[ld] or not s[ld]:
                continue
            ratio = p[ld]["median"] / s[ld]["median"]
            gain = ratio if p["better"] == "higher" else 1 / ratio
            lines.append(f"| {packed} / {split} | {ld} | {p['unit']} | "
                         f"{s[ld]['median']:.3f} | {p[ld]['median']:.3f} | "
                         f"x{gain:.2f} |")
    if not lines:
        return ""
    return ("\nPacked ring against split ring (modern virtio-mmio, same run; "
            "above 1, the packed ring is faster):\n\n"
            "| metrics | loader | unit | split median | packed median | "
            "packed speed-up |\n| --- | --- | --- | --- | --- | --- |\n"
            + "\n".join(lines) + "\n")


def http_table(results):
    """Ember's HTTP medians against its best TFTP at MTU 1500 (lab-best),
    both from this run, with issue 20's target."""
    by = {r["name"]: r for r in results if "skipped" not in r}
    lines = []
    for http, tftp in HTTP_PAIRS:
        if http not in by:
            continue
        h = by[http]["Ember"]
        t = by[tftp]["Ember"] if tftp in by else None
        if not h or not t:
            lines.append(f"| {http} / {tftp} | - | - | - | not in this run "
                         "or failed |")
            continue
        ratio = h["median"] / t["median"]
        if http == "http-lab":
            verdict = ("met" if ratio >= HTTP_TARGET else "not met") + \
                f" (target x{HTTP_TARGET})"
        else:
            bad = [f for f in by[http]["failures"] if "Ember" in f]
            verdict = ("not met: " + "; ".join(bad) if bad else
                       "met: every run byte-exact") + " (target: byte-exact)"
        lines.append(f"| {http} / {tftp} | {t['median']:.1f} | "
                     f"{h['median']:.1f} | x{ratio:.2f} | {verdict} |")
    if not lines:
        return ""
    return ("\nEmber's HTTP against Ember's best TFTP at MTU 1500 (medians, "
            "same run):\n\n| metrics | TFTP MiB/s | HTTP MiB/s | HTTP/TFTP "
            "| target |\n| --- | --- | --- | --- | --- |\n"
            + "\n".join(lines) + "\n")


def chart(results, outdir):
    """ratios.png: the speed-up of Ember over U-Boot per metric (U-Boot
    time / Ember time, or Ember rate / U-Boot rate): above 1, Ember is
    ahead."""
    rows = [r for r in results if r.get("speedup")]
    if not rows:
        return None
    dat = os.path.join(outdir, "ratios.dat")
    with open(dat, "w", encoding="utf-8") as f:
        for r in rows:
            colour = 0x2e8b57 if r["speedup"] > 1 else 0xc0392b
            f.write(f"\"{r['name']}\" {r['speedup']:.4f} {colour}\n")
    png = os.path.join(outdir, "ratios.png")
    gp = os.path.join(outdir, "ratios.gp")
    ymax = max(4.0, max(r["speedup"] for r in rows) * 2)
    ymin = min(0.25, min(r["speedup"] for r in rows) / 2)
    with open(gp, "w", encoding="utf-8") as f:
        f.write(f"""set terminal pngcairo size 1000,520 font "sans,10"
set output "{png}"
set title "Ember against U-Boot 2023.01 on QEMU: medians of A/B pairs, green = Ember ahead"
set ylabel "speed-up of Ember (U-Boot time / Ember time, Ember rate / U-Boot rate)"
set style fill solid 0.8 border -1
set boxwidth 0.7
set logscale y 2
set yrange [{ymin:.3f}:{ymax:.2f}]
set xtics rotate by -35 left
set grid ytics
unset key
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 2 lc rgb "black"
plot "{dat}" using 0:2:3:xtic(1) with boxes lc rgb variable, \\
     "" using 0:2:(sprintf("x%.2f", $2)) with labels offset 0,0.7
""")
    r = subprocess.run(["gnuplot", gp], capture_output=True, text=True)
    if r.returncode:
        print(f"bench: gnuplot failed: {r.stderr.strip()}", file=sys.stderr)
        return None
    return png


def prepare_disks(ctx, tmp, kernel):
    """GPT disks with the kernel as /Image on ext4 (mkfs.ext4's defaults)
    and on FAT32, made with Debian's tools (test/py/diskimg.py)."""
    import diskimg
    root = os.path.join(tmp, "disk-root")
    os.makedirs(root)
    shutil.copy(kernel, os.path.join(root, "Image"))
    with open(kernel, "rb") as f:
        ctx["kernel_data"] = f.read()
    ctx["kernel"] = kernel
    part = diskimg.ext4(os.path.join(tmp, "k.ext4"), 64, root)
    ctx["disk_ext4"] = diskimg.gpt(os.path.join(tmp, "ext4.img"),
                                   [("boot", "8300", part)])
    part = diskimg.fat(os.path.join(tmp, "k.fat"), 64, root, 32)
    ctx["disk_fat"] = diskimg.gpt(os.path.join(tmp, "fat.img"),
                                  [("boot", "0700", part)])
    # Into the host's page cache, so that the first run does not pay it
    for disk in (ctx["disk_ext4"], ctx["disk_fat"]):
        with open(disk, "rb") as f:
            while f.read(MIB):
                pass


def prepare_diskboot(ctx, tmp):
    """The disk of diskboot: what test_disk_boot.py boots, its command
    line netboot's, and its menu's timeout the smallest with which U-Boot
    boots by itself (U_BOOT_TIMEOUT=1; 0 waits for a key): with 'prompt 0'
    Ember boots at once, as syslinux does, and U-Boot waits out the
    timeout, in whole seconds (Debian's default, 50: 5 s)"""
    import diskimg
    kernel, initrd = initramfs.kernel_path(), initramfs.build()
    if not kernel or not initrd:
        return
    version = re.sub(r".*/vmlinuz-", "", kernel)
    d = os.path.join(tmp, "diskboot")
    os.makedirs(d)
    with open(os.path.join(d, "initrd"), "wb") as f:
        f.write(initrd)
    diskimg.debian_boot(os.path.join(d, "root"), kernel,
                        os.path.join(d, "initrd"), version, " ",
                        "console=ttyAMA0 quiet", timeout=1)
    part = diskimg.ext4(os.path.join(d, "boot.ext4"), 96,
                        os.path.join(d, "root"))
    ctx["diskboot"] = diskimg.gpt(os.path.join(d, "disk.img"),
                                  [("boot", "8300", part)])


def prepare(ctx, tmp, names):
    ctx["data"] = os.urandom(TFTP_SIZE)
    ctx["tftp"] = os.path.join(tmp, "tftp")
    os.makedirs(ctx["tftp"])
    with open(os.path.join(ctx["tftp"], "big.bin"), "wb") as f:
        f.write(ctx["data"])
    os.chmod(tmp, 0o755)
    if any(METRICS[n][4] == "lab" for n in names):
        ctx["no_lab"] = netlab.unavailable()
    if any(METRICS[n][4] == "http" for n in names):
        ctx["no_http"] = netlab.unavailable(http=True)
    if any(METRICS[n][4] == "disk" for n in names):
        kernel = initramfs.kernel_path()
        if kernel:
            prepare_disks(ctx, tmp, kernel)
    if any(METRICS[n][4] == "qfw" for n in names):
        kernel = initramfs.kernel_path()
        if kernel:
            ctx["kernel"] = kernel
            with open(kernel, "rb") as f:
                ctx["kernel_data"] = f.read()
    if any(METRICS[n][4] == "diskboot" for n in names):
        prepare_diskboot(ctx, tmp)
    if "netboot" in names:
        kernel, initrd = initramfs.kernel_path(), initramfs.build()
        if kernel and initrd:
            ctx["kernel"] = kernel
            ctx["boot"] = os.path.join(tmp, "boot")
            os.makedirs(ctx["boot"])
            shutil.copy(kernel, os.path.join(ctx["boot"], "Image"))
            with open(os.path.join(ctx["boot"], "initrd.img"), "wb") as f:
                f.write(initrd)


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n", 2)[2])
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--metrics", default=",".join(METRICS))
    ap.add_argument("--out", default=None)
    ap.add_argument("--ember", default=os.path.join(
        TOP, "build", "qemu_arm64", "ember.bin"))
    ap.add_argument("--uboot",
                    default="/usr/lib/u-boot/qemu_arm64/u-boot.bin")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--warm", action="store_true",
                    help="TFTP, HTTP and disk metrics: load once, "
                         "untimed, before the timed load to the same "
                         "address")
    args = ap.parse_args()
    if args.list:
        for n, m in METRICS.items():
            print(f"{n:14} {m[3]}")
        return 0
    names = args.metrics.split(",")
    for n in names:
        if n not in METRICS:
            ap.error(f"unknown metric {n} (--list)")
    binaries = {"Ember": args.ember, "U-Boot": args.uboot}
    for ld, path in binaries.items():
        if not os.path.exists(path):
            ap.error(f"{ld}: {path} does not exist")
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    outdir = args.out or os.path.join(TOP, "build", "bench", stamp)
    os.makedirs(outdir, exist_ok=True)
    ctx = {"warm": args.warm}
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        prepare(ctx, tmp, names)
        for n in names:
            print(f"bench: {n} ({METRICS[n][3]})", file=sys.stderr,
                  flush=True)
            results.append(run_metric(n, ctx, args.pairs, binaries,
                                      sys.stderr))
    qemu = subprocess.run(["qemu-system-aarch64", "--version"],
                          capture_output=True, text=True).stdout
    head = (f"Ember against U-Boot ({args.uboot}), {args.pairs} A/B pairs, "
            f"{stamp}, {qemu.splitlines()[0] if qemu else 'QEMU'}, "
            f"{os.cpu_count()} host CPUs. Wall-clock unless noted."
            f"{' Warm: TFTP, HTTP and disk loads timed the second time.' if args.warm else ''}\n\n")
    md = head + table(results) + ring_table(results) + http_table(results)
    if ctx.get("no_netem"):
        md += ("\nhttp-loss1 used the lab's relay: "
               f"{ctx['no_netem'].rstrip('.')}.\n")
    elif ctx.get("netem_where"):
        md += f"\nhttp-loss1 used {ctx['netem_where']}.\n"
    with open(os.path.join(outdir, "results.md"), "w",
              encoding="utf-8") as f:
        f.write(md)
    with open(os.path.join(outdir, "results.json"), "w",
              encoding="utf-8") as f:
        json.dump({"pairs": args.pairs, "date": stamp, "results": results},
                  f, indent=1)
    png = chart(results, outdir)
    print(md)
    print(f"results: {outdir}/results.md" +
          (f", chart: {png}" if png else ", no chart"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
