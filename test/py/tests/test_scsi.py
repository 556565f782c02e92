# SPDX-License-Identifier: Apache-2.0 OR MIT
"""SCSI disks behind virtio-scsi controllers and the 'scsi' command: reset,
scan, info, device, part, read, write (U-Boot's shapes), and the
filesystem commands on them.

On qemu_arm64 each case starts QEMU with a virtio-scsi controller on one
transport - virtio-mmio legacy (QEMU's default) and modern, virtio-pci
modern, transitional and legacy - and scsi-hd/scsi-cd units on raw images
of a known pattern: every byte is read back (crc32), writes are read back
and found in the image file after QEMU ends, units at other targets and
LUNs, with 4 KiB blocks, read-only, CD-ROMs with and without a medium are
each what they should be. The sandbox runs the same against its
register-level model (drivers/virtio/emul/virtio_emul_scsi.c) backed by
the files of --virtio-scsi; 'ut virtio_scsi' drives it in detail.
"""

import os
import re
import zlib

import pytest

import test_virtio_blk
from test_virtio_blk import crc_of, make_image, scratch

IMG_SIZE = 2 * 1024 * 1024
BLOCKS = IMG_SIZE // 512

# The controller, per transport (its units go on its bus "vs0.0")
QEMU_TRANSPORTS = {
    "mmio-legacy": ["-device", "virtio-scsi-device,id=vs0"],
    "mmio-modern": ["-global", "virtio-mmio.force-legacy=false",
                    "-device", "virtio-scsi-device,id=vs0"],
    "pci-modern": ["-device", "virtio-scsi-pci,id=vs0,disable-legacy=on"],
    "pci-transitional": ["-device", "virtio-scsi-pci,id=vs0"],
    "pci-legacy": ["-device", "virtio-scsi-pci,id=vs0,disable-modern=on"],
}

# 'scsi info' entries: number, product, kind, read-only, capacity
DISK_RE = re.compile(
    r"^ *Device (\d+): \((\d+):(\d+)\) Vendor: (\S+) Prod\.: (.+?) "
    r"Rev: (\S+)\n"
    r" {12}Type: (Hard Disk|Removable CD ROM)( \(read-only\))?\n"
    r" {12}Capacity: (\d+)\.(\d) MB = (\d+)\.(\d) GB \((\d+) x (\d+)\)$",
    re.M)


def read_line(dev, start, count, done, ok=True):
    return test_virtio_blk.read_line(dev, start, count, done, ok, "scsi")


def write_line(dev, start, count, done, ok=True):
    return test_virtio_blk.write_line(dev, start, count, done, ok, "scsi")


def unit(img, target, lun, kind="scsi-hd", opts=""):
    """QEMU's arguments for a unit on @img at @target:@lun"""
    where = f"bus=vs0.0,scsi-id={target},lun={lun}"
    if not img:     # a CD-ROM drive without a medium
        return ["-device", f"{kind},{where}"]
    name = f"u{target}_{lun}"
    return ["-drive", f"if=none,format=raw,id={name},file={img}" + opts,
            "-device", f"{kind},drive={name},{where}"]


def check_disk(c, dev, data, addr, blksz=512):
    """Disk @dev holds @data: read it whole, then a write read back"""
    blocks = len(data) // blksz
    assert c.run_ok(f"scsi dev {dev}").endswith("... is now current device")
    out = c.run_ok(f"scsi read {addr:x} 0 {blocks:x}", timeout=60)
    assert out == read_line(dev, 0, blocks, blocks), out
    assert crc_of(c, addr, len(data)) == zlib.crc32(data)
    # The first 4 KiB again half way, then read back
    n, at = 4096 // blksz, len(data) // 2 // blksz
    out = c.run_ok(f"scsi write {addr:x} {at:x} {n:x}")
    assert out == write_line(dev, at, n, n), out
    back = addr + len(data)
    out = c.run_ok(f"scsi read {back:x} {at:x} {n:x}")
    assert out == read_line(dev, at, n, n), out
    assert crc_of(c, back, 4096) == zlib.crc32(data[:4096])


def written(img, data):
    """The image file holds the first 4 KiB again half way"""
    with open(img, "rb") as f:
        f.seek(len(data) // 2)
        assert f.read(4096) == data[:4096]


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("transport", list(QEMU_TRANSPORTS))
def test_scsi_qemu(ember_spawn, tmp_path, transport):
    img = tmp_path / "disk.img"
    data = make_image(img)
    c = ember_spawn(QEMU_TRANSPORTS[transport] + unit(img, 0, 0))
    info = c.run_ok("scsi info")
    disks = DISK_RE.findall(info)
    assert len(disks) == 1, info
    d = disks[0]
    assert d[:5] == ("0", "0", "0", "QEMU", "QEMU HARDDISK"), info
    assert d[6:8] == ("Hard Disk", ""), info
    assert d[8:] == ("2", "0", "0", "0", str(BLOCKS), "512"), info
    out = c.run_ok("scsi device")
    assert out.startswith("\nscsi device 0: (0:0) Vendor: QEMU Prod.: "), out
    check_disk(c, 0, data, scratch(c, 2 * IMG_SIZE))
    # Past the end: refused before the controller sees it
    out = c.run_fail(f"scsi read 40000000 {BLOCKS - 1:x} 2")
    assert out == ("scsi read: blocks 0xfff+0x2 are past the end of the "
                   "device (0x1000 blocks)"), out
    c.close()
    written(img, data)


@pytest.mark.boards("qemu_arm64")
def test_scsi_qemu_units(ember_spawn, tmp_path):
    """Units at several targets and LUNs: a disk at 0:0, one with 4 KiB
    blocks at LUN 2 of target 3 (no LUN 0 there), a read-only disk at
    target 200, a CD-ROM with a medium at 5:0, an empty one at 6:0 (left
    out). 'scsi scan' lists them in target and LUN order, the same when
    it scans again."""
    a, b, r, cd = (tmp_path / n for n in ("a.img", "b.img", "r.img",
                                          "cd.iso"))
    da = make_image(a, seed=1)
    db = make_image(b, size=IMG_SIZE // 2, seed=2)
    dr = make_image(r, size=64 * 1024, seed=3)
    dc = make_image(cd, size=IMG_SIZE // 2, seed=4)
    os.chmod(r, 0o444)
    args = (QEMU_TRANSPORTS["pci-modern"] + unit(a, 0, 0) +
            unit(b, 3, 2, opts="") + unit(r, 200, 0, opts=",readonly=on") +
            unit(cd, 5, 0, "scsi-cd", ",media=cdrom") +
            unit(None, 6, 0, "scsi-cd"))
    # 4 KiB blocks for the unit at 3:2
    i = args.index("scsi-hd,drive=u3_2,bus=vs0.0,scsi-id=3,lun=2")
    args[i] += ",logical_block_size=4096,physical_block_size=4096"
    c = ember_spawn(args)
    out = c.run_ok("scsi scan")
    assert out.startswith("scanning bus for devices...\n"), out
    assert out.endswith("\nFound 4 device(s)."), out
    disks = DISK_RE.findall(out)
    assert [(d[0], d[1], d[2], d[4], d[6], d[7], d[12], d[13])
            for d in disks] == [
        ("0", "0", "0", "QEMU HARDDISK", "Hard Disk", "", str(BLOCKS), "512"),
        ("1", "3", "2", "QEMU HARDDISK", "Hard Disk", "",
         str(IMG_SIZE // 2 // 4096), "4096"),
        ("2", "5", "0", "QEMU CD-ROM", "Removable CD ROM", " (read-only)",
         str(IMG_SIZE // 2 // 2048), "2048"),
        ("3", "200", "0", "QEMU HARDDISK", "Hard Disk", " (read-only)",
         "128", "512"),
    ], out
    # Scanning again resets the controller and finds the same units
    assert c.run_ok("scsi scan") == out
    addr = scratch(c, 2 * IMG_SIZE)
    check_disk(c, 1, db, addr, 4096)
    check_disk(c, 0, da, addr)
    for dev, data, blksz in ((2, dc, 2048), (3, dr, 512)):
        blocks = len(data) // blksz
        c.run_ok(f"scsi dev {dev}")
        out = c.run_ok(f"scsi read {addr:x} 0 {blocks:x}")
        assert out == read_line(dev, 0, blocks, blocks), out
        assert crc_of(c, addr, len(data)) == zlib.crc32(data)
        out = c.run_fail(f"scsi write {addr:x} 0 1")
        assert out == (f"scsi write: scsi device {dev} is read-only\n" +
                       write_line(dev, 0, 1, 0, ok=False)), out
    c.close()
    written(a, da)
    written(b, db)


@pytest.mark.boards("qemu_arm64")
def test_scsi_qemu_reset(ember_spawn, tmp_path):
    """'scsi reset': the controller reset, its units found again, the
    current disk's number kept; none: the lists say so"""
    img = tmp_path / "disk.img"
    data = make_image(img)
    c = ember_spawn(QEMU_TRANSPORTS["mmio-modern"] + unit(img, 1, 0))
    addr = scratch(c, IMG_SIZE)
    c.run_ok(f"scsi read {addr:x} 0 10")
    out = c.run_ok("scsi reset")
    assert out.startswith("\nReset SCSI\nscanning bus for devices...\n"), out
    assert out.endswith("\nFound 1 device(s)."), out
    assert [d[:3] for d in DISK_RE.findall(out)] == [("0", "1", "0")], out
    out = c.run_ok(f"scsi read {addr:x} 0 {BLOCKS:x}")
    assert out == read_line(0, 0, BLOCKS, BLOCKS), out
    assert crc_of(c, addr, IMG_SIZE) == zlib.crc32(data)


@pytest.mark.boards("qemu_arm64")
def test_scsi_qemu_none(ember_spawn):
    """A controller without units, and a machine without a controller"""
    for args in (QEMU_TRANSPORTS["pci-modern"], []):
        c = ember_spawn(args)
        assert c.run_fail("scsi info") == "no scsi devices available"
        out = c.run_ok("scsi scan")
        assert out == "scanning bus for devices...\nFound 0 device(s).", out
        assert c.run_fail("scsi dev 0") == "\nDevice 0: unknown device"
        c.close()


def spawn(ember_spawn, target, *images):
    """The board with a controller whose first units are @images (512-byte
    blocks): on the sandbox the model's units on --virtio-scsi files"""
    if target.board == "sandbox":
        args = []
        for img in images:
            args += ["--virtio-scsi", str(img)]
        return ember_spawn(args)
    args = QEMU_TRANSPORTS["pci-modern"]
    for i, img in enumerate(images):
        args = args + unit(img, 0, i)
    return ember_spawn(args)


def test_scsi_fs(ember_spawn, target, tmp_path):
    """GPT and FAT32 on a SCSI disk: part list, ls, load, save, and the
    filesystem's own tools agree"""
    test_virtio_blk.fs_roundtrip(
        lambda disk: spawn(ember_spawn, target, disk), tmp_path,
        "scsi", "SCSI")


def test_scsi_bad_input(ember_spawn, target, tmp_path):
    img = tmp_path / "disk.img"
    make_image(img, size=64 * 1024)
    c = spawn(ember_spawn, target, img)
    for bad in ("scsi", "scsi read", "scsi read 40000000 0",
                "scsi part 0 1", "scsi device 0 1", "scsi scan 1",
                "scsi frob"):
        out = c.run_fail(bad)
        assert "Usage:\nscsi reset - reset SCSI controller\n" in out, out
    assert "invalid number 'x'" in c.run_fail("scsi read x 0 1")
    assert "invalid number 'y'" in c.run_fail("scsi dev y")
    out = c.run_fail("scsi part 9")
    assert out == "\nscsi device 9 not available", out
    out = c.run_ok("scsi part")
    assert out == "\nno scsi partition table available", out
