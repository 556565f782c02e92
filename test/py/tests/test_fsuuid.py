# SPDX-License-Identifier: Apache-2.0 OR MIT
"""fsuuid and fstypes, as U-Boot's: the UUID of volumes made by Debian's
mkfs.vfat (-i: the volume serial number, FAT16 and FAT32) and mkfs.ext4
(-U), printed or set in a variable; a FAT volume without a serial number
(no extended boot signature) says so and fails."""

import shutil
import subprocess

import pytest

from fatdisk import mkfat, with_mbr
from test_virtio_blk import QEMU_TRANSPORTS, qemu_drive

SBIN = "/usr/sbin:/sbin:/usr/bin:/bin"
EXT4_UUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"


@pytest.fixture
def bind(ember):
    def attach(fs, tmp_path, ptype):
        disk = with_mbr(fs, tmp_path / "disk.img", ptype)
        ember.run_ok(f"host bind 0 {disk}")
    yield attach
    ember.run("host unbind 0; setenv u")


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("bits", [16, 32])
def test_fsuuid_fat(ember, bind, tmp_path, bits):
    if not shutil.which("mkfs.vfat", path=SBIN):
        pytest.skip("dosfstools is not installed (scripts/deps)")
    fs = mkfat(tmp_path / "fs.img", bits, 40 * 1024, serial=0x1234abcd)
    bind(fs, tmp_path, "c")
    assert ember.run_ok("fsuuid host 0:1") == "1234-ABCD"
    assert ember.run_ok("fsuuid host 0:1 u") == ""
    assert ember.run_ok("printenv u") == "u=1234-ABCD"


@pytest.mark.boards("sandbox")
def test_fsuuid_fat_no_serial(ember, bind, tmp_path):
    if not shutil.which("mkfs.vfat", path=SBIN):
        pytest.skip("dosfstools is not installed (scripts/deps)")
    fs = mkfat(tmp_path / "fs.img", 16, 40 * 1024, serial=0x1234abcd)
    with open(fs, "r+b") as f:      # BS_BootSig: no extended fields
        f.seek(38)
        f.write(b"\0")
    bind(fs, tmp_path, "c")
    assert ember.run_fail("fsuuid host 0:1 u") == \
        "host 0:1: the fat volume has no UUID (no volume serial number)"
    assert ember.run_fail("printenv u") == "## Error: \"u\" not defined"


@pytest.mark.boards("sandbox")
def test_fsuuid_ext4(ember, bind, tmp_path):
    if not shutil.which("mkfs.ext4", path=SBIN):
        pytest.skip("e2fsprogs is not installed (scripts/deps)")
    fs = tmp_path / "fs.img"
    subprocess.run(["mkfs.ext4", "-q", "-F", "-U", EXT4_UUID, str(fs), "8M"],
                   check=True, env={"PATH": SBIN})
    bind(fs, tmp_path, "83")
    assert ember.run_ok("fsuuid host 0:1") == EXT4_UUID
    assert ember.run_ok("fsuuid host 0:1 u; printenv u") == f"u={EXT4_UUID}"
    assert ember.run_ok("fstype host 0:1") == "ext4"


def test_fstypes(ember):
    assert ember.run_ok("fstypes") == "Supported filesystems: fat, ext4"


def test_fsuuid_virtio(ember, ember_spawn, tmp_path):
    """On a virtio disk, on both boards"""
    if not shutil.which("mkfs.vfat", path=SBIN):
        pytest.skip("dosfstools is not installed (scripts/deps)")
    fs = mkfat(tmp_path / "fs.img", 32, 40 * 1024, serial=0xfeed0042)
    disk = with_mbr(fs, tmp_path / "disk.img")
    if ember.board == "sandbox":
        c = ember_spawn(["--virtio-blk", str(disk)])
    else:
        c = ember_spawn(qemu_drive(disk) + QEMU_TRANSPORTS["pci-modern"][1])
    assert c.run_ok("fsuuid virtio 0:1") == "FEED-0042"
    assert c.run_ok("fstypes") == "Supported filesystems: fat, ext4"
    c.close()
