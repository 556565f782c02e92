# SPDX-License-Identifier: Apache-2.0 OR MIT
"""NVMe disks and the 'nvme' command: scan, info, detail, device, part,
read, write (U-Boot's shapes), and the filesystem commands on them.

On qemu_arm64 each case starts QEMU with its 'nvme' controller on PCI and
raw images of a known pattern: every byte is read back (crc32), writes
are read back and found in the image file after QEMU ends, a buffer that
is not 4-byte aligned goes through the driver's bounce buffer, and a second
namespace of 4 KiB blocks is its own disk. The sandbox runs the same
against its register-level controller model, namespaces 1 (512-byte
blocks) and 2 (4 KiB) backed by the files of --nvme; 'ut nvme' drives it
in detail.
"""

import re
import zlib

import pytest

import test_virtio_blk
from test_virtio_blk import crc_of, make_image, scratch

IMG_SIZE = 2 * 1024 * 1024
BLOCKS = IMG_SIZE // 512

DISK_RE = re.compile(
    r"^Device (\d+): Vendor: 0x1b36 Rev: (\S+) Prod: (\S+)\n"
    r" {12}Type: Hard Disk\n"
    r" {12}Capacity: (\d+)\.(\d) MB = (\d+)\.(\d) GB \((\d+) x (\d+)\)$",
    re.M)


def read_line(dev, start, count, done, ok=True):
    return test_virtio_blk.read_line(dev, start, count, done, ok, "nvme")


def write_line(dev, start, count, done, ok=True):
    return test_virtio_blk.write_line(dev, start, count, done, ok, "nvme")


def nvme_args(*drives, serial="EMBER-NVME"):
    """One controller; a namespace per (image, block size) of @drives"""
    args = ["-device", f"nvme,id=nvme0,serial={serial}"]
    for i, (img, bs) in enumerate(drives):
        args += ["-drive", f"file={img},if=none,format=raw,id=n{i}",
                 "-device", f"nvme-ns,drive=n{i},bus=nvme0,nsid={i + 1},"
                 f"logical_block_size={bs},physical_block_size={bs}"]
    return args


def spawn(ember_spawn, target, *drives):
    """The board with a controller whose namespaces are @drives, (image,
    block size) each; on the sandbox, its model's two namespaces must be
    512 bytes and 4 KiB, in that order"""
    if target.board == "sandbox":
        assert [bs for _, bs in drives] == [512, 4096][:len(drives)]
        args = []
        for img, _ in drives:
            args += ["--nvme", str(img)]
        return ember_spawn(args)
    return ember_spawn(nvme_args(*drives))


@pytest.mark.boards("qemu_arm64")
def test_nvme_qemu(ember_spawn, tmp_path):
    img = tmp_path / "disk.img"
    data = make_image(img)
    c = ember_spawn(nvme_args((img, 512)))
    info = c.run_ok("nvme info")
    disks = DISK_RE.findall(info)
    assert len(disks) == 1, info
    assert disks[0][0] == "0" and disks[0][2] == "EMBER-NVME", info
    assert disks[0][3:] == ("2", "0", "0", "0", str(BLOCKS), "512"), info
    out = c.run_ok("nvme detail")
    assert out.startswith("Blk device 0: "), out
    assert "\tSerial: EMBER-NVME\n" in out and "\tModel: " in out, out
    assert "namespace 1 of " in out, out
    out = c.run_ok("nvme device")
    assert out.startswith("\nnvme device 0: Vendor: 0x1b36 "), out
    out = c.run_ok("nvme dev 0")
    assert out.endswith("... is now current device"), out
    assert c.run_fail("nvme dev 1") == "\nDevice 1: unknown device"

    addr = scratch(c, 2 * IMG_SIZE + 4096)
    out = c.run_ok(f"nvme read {addr:x} 0 {BLOCKS:x}", timeout=60)
    assert out == read_line(0, 0, BLOCKS, BLOCKS), out
    assert crc_of(c, addr, IMG_SIZE) == zlib.crc32(data)
    # Into a buffer the controller cannot address (not 4-byte aligned):
    # bounced, 64 KiB at a time, and still every byte
    odd = addr + IMG_SIZE + 1
    out = c.run_ok(f"nvme read {odd:x} 3 {BLOCKS - 3:x}", timeout=60)
    assert out == read_line(0, 3, BLOCKS - 3, BLOCKS - 3), out
    assert crc_of(c, odd, IMG_SIZE - 1536) == zlib.crc32(data[1536:])
    # Write the first 8 blocks at 1 MiB, read back
    out = c.run_ok(f"nvme write {addr:x} 800 8")
    assert out == write_line(0, 2048, 8, 8), out
    out = c.run_ok(f"nvme read {odd:x} 800 8")
    assert out == read_line(0, 2048, 8, 8), out
    assert crc_of(c, odd, 4096) == zlib.crc32(data[:4096])
    # Past the end: refused before the controller sees it
    out = c.run_fail(f"nvme read {addr:x} {BLOCKS - 1:x} 2")
    assert out == ("nvme read: blocks 0xfff+0x2 are past the end of the "
                   "device (0x1000 blocks)"), out
    c.close()
    with open(img, "rb") as f:
        f.seek(1024 * 1024)
        assert f.read(4096) == data[:4096]


def test_nvme_namespaces(ember_spawn, target, tmp_path):
    """Two namespaces, 512-byte and 4 KiB blocks: 'nvme 0' and 'nvme 1'"""
    a, b = tmp_path / "a.img", tmp_path / "b.img"
    da = make_image(a, seed=1)
    db = make_image(b, size=IMG_SIZE // 2, seed=2)
    c = spawn(ember_spawn, target, (a, 512), (b, 4096))
    info = c.run_ok("nvme info")
    disks = DISK_RE.findall(info)
    assert [(d[0], d[7], d[8]) for d in disks] == [
        ("0", str(BLOCKS), "512"), ("1", str(IMG_SIZE // 2 // 4096), "4096")
    ], info
    addr = scratch(c, IMG_SIZE)
    c.run_ok("nvme dev 1")
    assert "namespace 2 of " in c.run_ok("nvme detail")
    out = c.run_ok(f"nvme read {addr:x} 0 100")
    assert out == read_line(1, 0, 256, 256), out
    assert crc_of(c, addr, IMG_SIZE // 2) == zlib.crc32(db)
    # A 4 KiB block written from a buffer at an odd address
    out = c.run_ok(f"nvme write {addr + 1:x} 10 1")
    assert out == write_line(1, 16, 1, 1), out
    c.run_ok("nvme dev 0")
    c.run_ok(f"nvme read {addr:x} 0 {BLOCKS:x}")
    assert crc_of(c, addr, IMG_SIZE) == zlib.crc32(da)
    c.close()
    with open(b, "rb") as f:
        f.seek(16 * 4096)
        assert f.read(4096) == db[1:4097]


def test_nvme_fs(ember_spawn, target, tmp_path):
    """GPT and FAT32 on NVMe: part list, ls, load (to an odd address too),
    save, and the filesystem's own tools agree"""
    test_virtio_blk.fs_roundtrip(
        lambda disk: spawn(ember_spawn, target, (disk, 512)), tmp_path,
        "nvme", "NVMe")


@pytest.mark.boards("sandbox")
def test_nvme_sandbox_commands(ember):
    """The model's namespaces in memory: the command's shapes"""
    info = ember.run_ok("nvme info")
    disks = DISK_RE.findall(info)
    assert [(d[0], d[2], d[7], d[8]) for d in disks] == [
        ("0", "EMBER-NVME-10.0", "8192", "512"),
        ("1", "EMBER-NVME-10.0", "1024", "4096")], info
    out = ember.run_ok("nvme detail")
    assert "namespace 1 of 2" in out and "\tLargest transfer: 128 KiB" in out
    assert ember.run_ok("nvme dev 1").endswith("... is now current device")
    assert "namespace 2 of 2" in ember.run_ok("nvme detail")
    ember.run_ok("nvme dev 0")
    out = ember.run_fail("nvme part 0")
    assert out == "## Unknown partition table on nvme 0", out
    out = ember.run_ok("nvme part")
    assert out.strip() == "no nvme partition table available", out
    out = ember.run_fail("nvme read 1000")
    assert "Usage:\nnvme scan - scan NVMe devices\n" in out, out
