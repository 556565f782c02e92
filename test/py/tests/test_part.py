# SPDX-License-Identifier: Apache-2.0 OR MIT
"""The part command and "<if> <dev>[:<part>]" names on disks made by
Debian's sfdisk (MBR, with an extended partition) and sgdisk (GPT), bound
as sandbox block devices with 'host bind'. The expected tables are built
from what the tools were told, in U-Boot's shapes (checked against
U-Boot 2023.01 on QEMU with the same images)."""

import os
import shutil
import struct
import subprocess
import zlib

import pytest

pytestmark = pytest.mark.boards("sandbox")

SECTORS = 32768                         # 16 MiB disks, sparse
PATH = os.environ.get("PATH", "") + ":/usr/sbin:/sbin"

# sfdisk: (number, start, size, type, bootable); 3 is the extended one
DOS_SIG = 0x5eed1234
DOS_PARTS = [(1, 2048, 4096, 0x83, True), (2, 6144, 4096, 0x0c, False),
             (3, 10240, 20480, 0x05, False), (5, 12288, 2048, 0x83, False),
             (6, 16384, 4096, 0x82, False)]

# sgdisk: (number, first, last, type code, type GUID, name, GUID, attrs)
ESP = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"
LINUX = "0fc63daf-8483-4772-8e79-3d69d8477de4"
SWAP = "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f"
GPT_PARTS = [
    (1, 2048, 6143, "ef00", ESP, "EFI system",
     "24156b69-3378-497f-bb3e-b982223de528", 0),
    (2, 6144, 24575, "8300", LINUX, "rootfs",
     "5272ee44-29ab-4d46-af6c-4b45ac67d3b7", 4),
    (4, 24576, 28671, "8200", SWAP, "swap",
     "0e0c1b4e-9a3c-4c5e-8e0f-44d3a6b1e2f7", 0),
]
DISK_GUID = "6d3a1f7e-5c2b-4e8a-9f01-23456789abcd"


def tool(name):
    path = shutil.which(name, path=PATH)
    if not path:
        pytest.skip(f"{name} is not installed (scripts/deps)")
    return path


def blank(path, sectors=SECTORS):
    with open(path, "wb") as f:
        f.truncate(sectors * 512)
    return str(path)


def make_dos(path, parts=DOS_PARTS, sig=DOS_SIG):
    script = f"label: dos\nlabel-id: {sig:#x}\n"
    for _, start, size, ptype, boot in parts:
        script += (f"start={start}, size={size}, type={ptype:x}"
                   f"{', bootable' if boot else ''}\n")
    subprocess.run([tool("sfdisk"), "-q", blank(path)], input=script.encode(),
                   check=True, stdout=subprocess.DEVNULL)
    return str(path)


def make_gpt(path, parts=GPT_PARTS):
    cmd = [tool("sgdisk"), "-o", "-U", DISK_GUID]
    for num, first, last, code, _, name, guid, attrs in parts:
        cmd += ["-n", f"{num}:{first}:{last}", "-t", f"{num}:{code}",
                "-c", f"{num}:{name}", "-u", f"{num}:{guid}"]
        if attrs & 4:
            cmd += ["-A", f"{num}:set:2"]
    subprocess.run(cmd + [blank(path)], check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, PATH=PATH))
    return str(path)


def dos_table(devnum=0, parts=DOS_PARTS, sig=DOS_SIG):
    rows = ["", f"Partition Map for HOST device {devnum}  --   "
            "Partition Type: DOS", "",
            "Part\tStart Sector\tNum Sectors\tUUID\t\tType"]
    for num, start, size, ptype, boot in parts:
        rows.append(f"{num:3}\t{start:<10}\t{size:<10}\t{sig:08x}-{num:02x}"
                    f"\t{ptype:02x}{' Extd' if ptype == 5 else ''}"
                    f"{' Boot' if boot else ''}")
    return rows


def gpt_table(devnum=0, parts=GPT_PARTS):
    rows = ["", f"Partition Map for HOST device {devnum}  --   "
            "Partition Type: EFI", "",
            "Part\tStart LBA\tEnd LBA\t\tName", "\tAttributes", "\tType GUID",
            "\tPartition GUID"]
    for num, first, last, _, tguid, name, guid, attrs in parts:
        rows += [f"{num:3}\t0x{first:08x}\t0x{last:08x}\t\"{name}\"",
                 f"\tattrs:\t0x{attrs:016x}", f"\ttype:\t{tguid}",
                 f"\tguid:\t{guid}"]
    return rows


def out_lines(out):
    return out.split("\n")


@pytest.fixture
def host(ember):
    """Bind files as host devices: host(n, path); unbound afterwards."""
    bound = []

    def bind(n, path):
        ember.run_ok(f"host bind {n} {path}")
        bound.append(n)
    yield bind
    for n in bound:
        ember.run(f"host unbind {n}")
    ember.run("setenv v")


def var(ember, name="v"):
    out = ember.run_ok(f"printenv {name}")
    assert out.startswith(f"{name}="), out
    return out.rstrip("")[len(name) + 1:]


def test_part_list_dos(ember, host, tmp_path):
    host(0, make_dos(tmp_path / "dos.img"))
    assert out_lines(ember.run_ok("part list host 0")) == dos_table()
    ember.run_ok("part list host 0 v")
    assert var(ember) == "1 2 3 5 6"
    ember.run_ok("part list host 0 -bootable v")
    assert var(ember) == "1"


def test_part_list_gpt(ember, host, tmp_path):
    host(1, make_gpt(tmp_path / "gpt.img"))
    assert out_lines(ember.run_ok("part list host 1")) == gpt_table(1)
    ember.run_ok("part list host 1 v")
    assert var(ember) == "1 2 4"
    # The ESP type and the legacy BIOS bootable attribute, as U-Boot
    ember.run_ok("part list host 1 -bootable v")
    assert var(ember) == "1 2"


def test_part_uuid(ember, host, tmp_path):
    host(0, make_dos(tmp_path / "dos.img"))
    host(1, make_gpt(tmp_path / "gpt.img"))
    assert ember.run_ok("part uuid host 0:5") == f"{DOS_SIG:08x}-05"
    assert ember.run_ok("part uuid host 0") == f"{DOS_SIG:08x}-01"
    for num, *_, guid, _ in GPT_PARTS:
        assert ember.run_ok(f"part uuid host 1:{num}") == guid
    ember.run_ok("part uuid host 1:2 v")
    assert var(ember) == GPT_PARTS[1][6]
    assert ember.run_ok("part type host 1:4") == SWAP
    assert ember.run_ok("part type host 0:2") == "0c"
    # auto: the first bootable partition
    assert ember.run_ok("part uuid host 1:auto") == GPT_PARTS[0][6]


def test_part_start_size(ember, host, tmp_path):
    host(0, make_dos(tmp_path / "dos.img"))
    host(1, make_gpt(tmp_path / "gpt.img"))
    for num, start, size, *_ in DOS_PARTS:
        ember.run_ok(f"part start host 0 {num} v")
        assert var(ember) == f"{start:x}"
        ember.run_ok(f"part size host 0 {num} v")
        assert var(ember) == f"{size:x}"
    for num, first, last, _, _, name, _, _ in GPT_PARTS:
        assert ember.run_ok(f"part start host 1 {num}") == f"{first:x}"
        ember.run_ok(f"part size host 1 '{name}' v")
        assert var(ember) == f"{last - first + 1:x}"
        ember.run_ok(f"part number host 1 '{name}' v")
        assert var(ember) == f"0x{num:x}"
        assert ember.run_ok(f"part name host 1 {num}") == name
    assert ember.run_ok("part start host 1 0x4") == "6000"


def test_part_hex_numbers(ember, host, tmp_path):
    """Device and partition numbers are hexadecimal, as in U-Boot."""
    parts = [(1, 2048, 2048, 0x83, False), (2, 4096, 20480, 0x05, False)]
    parts += [(n, 4096 + 2048 * (n - 5) + 1024, 1024, 0x83, False)
              for n in range(5, 15)]
    host(0, make_dos(tmp_path / "many.img", parts))
    assert ember.run_ok("part uuid host 0:a") == f"{DOS_SIG:08x}-0a"
    assert ember.run_ok("part uuid host 0x0:0xe") == f"{DOS_SIG:08x}-0e"
    ember.run_ok("part list host 0 v")
    assert var(ember) == "1 2 5 6 7 8 9 a b c d e"
    # 'part start' reads <part> as U-Boot does: decimal, or 0x... hex
    assert ember.run_ok("part start host 0 10") == \
        f"{4096 + 5 * 2048 + 1024:x}"
    assert ember.run_ok("part start host 0 0xa") == \
        f"{4096 + 5 * 2048 + 1024:x}"


def test_part_gpt_backup(ember, host, tmp_path):
    """A damaged primary GPT: the backup is used, with a warning."""
    path = make_gpt(tmp_path / "gpt.img")
    with open(path, "r+b") as f:
        f.seek(512)
        hdr = bytearray(f.read(92))
        f.seek(512 + 40)
        f.write(b"\x99")                 # FirstUsableLBA, CRC now wrong
    stored = struct.unpack_from("<I", hdr, 16)[0]
    hdr[40] = 0x99
    hdr[16:20] = b"\0\0\0\0"
    computed = zlib.crc32(bytes(hdr))
    host(0, path)
    warning = (f"host 0: Invalid GPT at LBA 1 (header CRC is 0x{stored:08x},"
               f" computed 0x{computed:08x}): Using Backup GPT at LBA "
               f"{SECTORS - 1}")
    out = out_lines(ember.run_ok("part list host 0"))
    assert out == [warning] + gpt_table(0)
    assert ember.run_ok("part uuid host 0:2") == \
        warning + "\n" + GPT_PARTS[1][6]

    # The backup's entries damaged too: nothing left to trust
    with open(path, "r+b") as f:
        f.seek((SECTORS - 33) * 512 + 32)
        f.write(b"\x77")
    out = ember.run_fail("part list host 0")
    assert out.startswith(warning.split(": Using")[0] + ", Invalid Backup "
                          f"GPT at LBA {SECTORS - 1} (entries' CRC is 0x"), out
    out = ember.run_fail("part uuid host 0:1")
    assert "Invalid Backup GPT" in out


def test_part_errors(ember, host, tmp_path):
    host(0, make_dos(tmp_path / "dos.img"))
    host(1, blank(tmp_path / "blank.img", 64))
    assert ember.run_fail("part list host 7") == "host 7: no such device"
    assert ember.run_fail("part list host x") == "host x: bad device number"
    assert ember.run_fail("part uuid host 0:4") == \
        "host 0: no partition 4 (0:4)"
    assert ember.run_fail("part uuid host 0:z") == \
        "host 0:z: bad partition number 'z'"
    assert ember.run_fail("part start host 0 9") == \
        "host 0: no partition '9'"
    assert ember.run_fail("part list host 1") == \
        "## Unknown partition table on host 1"
    assert ember.run_fail("part uuid host 1:1") == \
        "host 1: no partition table, so no partition 1"
    assert ember.run_fail("part start host 1 1") == \
        "host 1: no partition table"
    # A whole disk (no table, or partition 0) has no UUID, as in U-Boot
    assert ember.run_fail("part uuid host 1") == \
        "host 1: the whole disk, not a partition"
    assert ember.run_fail("part type host 0:0") == \
        "host 0:0: the whole disk, not a partition"
    # No table, so no partitions: the variable is emptied, as U-Boot
    assert ember.run_ok("setenv v x; part list host 1 v") == ""
    assert ember.run("printenv v")[1] == 1
    assert ember.run_ok("part types") == \
        "Supported partition tables: EFI, DOS"
    ember.run("setenv bootdevice")
    assert ember.run_fail("part uuid host -") == \
        "host: no device given, and no 'bootdevice' variable"
    assert ember.run_ok("setenv bootdevice 0:2; part uuid host -") == \
        f"{DOS_SIG:08x}-02"
    ember.run("setenv bootdevice")


def test_whole_disk_fat_is_no_table(ember, host, tmp_path):
    """mkfs.vfat on a whole disk: its boot sector ends in 0x55AA as an MBR
    does, but it is no partition table; the disk is the filesystem."""
    img = tmp_path / "whole.img"
    subprocess.run([tool("mkfs.vfat"), "-C", str(img), "2048"], check=True,
                   stdout=subprocess.DEVNULL, timeout=60)
    host(0, img)
    assert ember.run_fail("part list host 0") == \
        "## Unknown partition table on host 0"
    assert ember.run_ok("fstype host 0") == "fat"
