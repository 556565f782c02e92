# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Standard boot on the sandbox (bootdev, bootmeth, bootflow), with
U-Boot's syntax and output: disks made by Debian's tools bound as host
files, an extlinux.conf and a boot script found, listed, selected and
booted (the sandbox's booti stops before the jump)."""

import re

import pytest

import diskimg
from test_source import mkimage
from test_sysboot import image

pytestmark = pytest.mark.boards("sandbox")

CONF = """\
default deb
label deb
  menu label Debian
  linux /boot/vmlinuz
  append console=ttyAMA0 from=extlinux
"""

SCRIPT = "echo script from ${devtype} ${devnum}:${distro_bootpart} ${prefix}\n"


def extlinux_root(root):
    ext = root / "boot" / "extlinux"
    ext.mkdir(parents=True)
    (ext / "extlinux.conf").write_text(CONF)
    (root / "boot" / "vmlinuz").write_bytes(image())
    return root


@pytest.fixture
def host_disk(ember):
    """Bind a disk image as host 0; unbound afterwards"""
    def bind(path):
        ember.run_ok(f"host bind 0 {path}")
    yield bind
    ember.run("host unbind 0")
    ember.run("bootflow select; bootdev select; env delete bootmeths")


@pytest.fixture
def gpt_disk(tmp_path):
    part = diskimg.ext4(tmp_path / "boot.ext4", 8, extlinux_root(tmp_path / "r"))
    return diskimg.gpt(tmp_path / "d.img", [("boot", "8300", part)])


def rows(out):
    """The rows of a bootflow table: (seq, method, state, uclass, part,
    name, filename)"""
    return [tuple(m.groups()) for m in re.finditer(
        r"^\s*([0-9a-f]+)  (\S+)\s+(\S+)\s+(\S+)\s+([0-9a-f]+)  (\S+)\s+(\S+)\r?$",
        out, re.M)]


def test_bootmeth_list_and_order(ember):
    out = ember.run_ok("bootmeth list")
    assert "Order  Seq  Name                Description" in out
    assert re.search(r"^\s+0\s+0  extlinux\s+Extlinux boot from a block device",
                     out, re.M), out
    assert re.search(r"^\s+1\s+1  script\s+Script boot from a block device",
                     out, re.M), out
    assert "pxe" in out and "qfw" in out
    assert "(4 bootmeths)" in out
    try:
        ember.run_ok('bootmeth order "script extlinux"')
        assert ember.run_ok("printenv bootmeths") == \
            "bootmeths=script extlinux"
        out = ember.run_ok("bootmeth list")
        assert re.search(r"^\s+0\s+1  script", out, re.M), out
        assert re.search(r"^\s+1\s+0  extlinux", out, re.M), out
        assert "(2 bootmeths)" in out
        out = ember.run_ok("bootmeth list -a")
        assert re.search(r"^\s+-\s+2  pxe", out, re.M), out
        assert "(4 bootmeths)" in out
        # An unknown name: said, and the order before is kept
        out = ember.run_fail('bootmeth order "extlinux efi"')
        assert "Unknown bootmeth 'efi' in bootmeths" in out
        assert ember.run_ok("printenv bootmeths") == \
            "bootmeths=script extlinux"
        # Empty: every bootmeth, in the default order
        ember.run_ok('bootmeth order ""')
        assert "(4 bootmeths)" in ember.run_ok("bootmeth list")
    finally:
        ember.run("env delete bootmeths")


def test_bootflow_scan_list_info_boot(ember, host_disk, gpt_disk):
    host_disk(gpt_disk)
    out = ember.run_ok("bootdev list")
    assert re.search(r"^\s+[0-9a-f]+\s+\[ . \]\s+OK  host\s+\S+\.bootdev$",
                     out, re.M), out
    out = ember.run_ok("bootflow scan -l host0")
    assert re.search(r"Scanning for bootflows in bootdev '\S+\.bootdev'", out)
    assert "Seq  Method       State   Uclass    Part  Name" in out
    r = rows(out)
    assert len(r) == 1, out
    seq, meth, state, ucl, part, name, fname = r[0]
    assert (seq, meth, state, ucl, part) == ("0", "extlinux", "ready",
                                             "host", "1"), out
    assert fname == "/boot/extlinux/extlinux.conf"
    assert "(1 bootflow, 1 valid)" in out
    # The same in 'bootflow list', abbreviated as U-Boot's users do
    out = ember.run_ok("bootfl l")
    assert "Showing all bootflows" in out
    assert rows(out) == r
    out = ember.run_fail("bootflow info")
    assert "No bootflow selected" in out
    ember.run_ok("bootflow select 0")
    out = ember.run_ok("bootflow info -d")
    assert re.search(r"Name:\s+\S+\.bootdev\.part_1", out), out
    assert "Method:    extlinux" in out
    assert "State:     ready" in out
    assert "Partition: 1" in out
    assert "Filename:  /boot/extlinux/extlinux.conf" in out
    assert f"Size:      {len(CONF):x} ({len(CONF)} bytes)" in out
    assert "append console=ttyAMA0 from=extlinux" in out     # -d
    out = ember.run_ok("bootflow boot")
    assert "** Booting bootflow '" in out and "' with extlinux" in out, out
    assert "Retrieving file: /boot/vmlinuz" in out
    assert "would enter Linux" in out, out
    assert ember.run_ok("printenv bootargs") == \
        "bootargs=console=ttyAMA0 from=extlinux"
    # Selected by name; a name that is none
    ember.run_ok(f"bootflow select {r[0][5]}")
    out = ember.run_fail("bootflow select nosuch")
    assert "Cannot find bootflow 'nosuch'" in out


def test_bootflow_scan_boot(ember, host_disk, gpt_disk):
    """scan -b boots the first one found; -l shows it first. The
    sandbox's booti returns success: the scan boots no more"""
    host_disk(gpt_disk)
    ember.run_ok("setenv bootargs")
    out = ember.run_ok("bootflow scan -lb host0")
    assert re.search(r"extlinux\s+ready\s+host", out), out
    assert "** Booting bootflow 'host0.bootdev.part_1' with extlinux" in out
    assert "would enter Linux" in out, out
    assert "Boot failed" not in out


def test_bootflow_bootable_and_script(ember, host_disk, tmp_path):
    """An MBR disk: partition 1 holds an extlinux.conf, 2 (flagged
    bootable) a boot script. Only the bootable one is scanned; the script
    runs with U-Boot's distro variables"""
    p1 = diskimg.ext4(tmp_path / "p1.ext4", 8, extlinux_root(tmp_path / "r1"))
    r2 = tmp_path / "r2" / "boot"
    r2.mkdir(parents=True)
    (r2 / "boot.scr").write_bytes(mkimage(tmp_path, SCRIPT))
    p2 = diskimg.fat(tmp_path / "p2.fat", 8, tmp_path / "r2")
    host_disk(diskimg.mbr(tmp_path / "d.img", [("83", False, p1),
                                               ("c", True, p2)]))
    out = ember.run_ok("bootflow scan -l host0")
    r = rows(out)
    assert [x[1:5] for x in r] == [("script", "ready", "host", "2")], out
    assert r[0][6] == "/boot/boot.scr"
    out = ember.run_fail("bootflow scan -b host0")
    assert "script from host 0:2 /boot/" in out, out
    assert "the script returned without booting" in out
    # A prefix without its '/': one is added
    ember.run_ok("setenv boot_prefixes boot")
    out = ember.run_fail("bootflow scan -lb host0")
    assert r[0][1:5] == rows(out)[0][1:5] and rows(out)[0][6] == \
        "boot/boot.scr", out
    assert "script from host 0:2 boot/" in out, out
    ember.run_ok("setenv boot_prefixes")
    # The order of bootmeths: only extlinux, and nothing is found
    ember.run_ok('bootmeth order extlinux')
    out = ember.run_ok("bootflow scan -lae host0")
    assert [x[1:5] for x in rows(out)] == [("extlinux", "fs", "host", "2")], out
    assert "** File not found, err=-2" in out
    assert "(1 bootflow, 0 valid)" in out


def test_bootflow_scan_boot_goes_on(ember, host_disk, tmp_path):
    """scan -b: a bootflow whose boot fails (its kernel is not there),
    then the next, which boots"""
    r1 = extlinux_root(tmp_path / "r1")
    (r1 / "boot" / "vmlinuz").unlink()
    p1 = diskimg.ext4(tmp_path / "p1.ext4", 8, r1)
    p2 = diskimg.ext4(tmp_path / "p2.ext4", 8, extlinux_root(tmp_path / "r2"))
    host_disk(diskimg.gpt(tmp_path / "d.img", [("a", "8300", p1),
                                               ("b", "8300", p2)]))
    out = ember.run_ok("bootflow scan -lb host0")
    assert [x[1:5] for x in rows(out)] == [("extlinux", "ready", "host", "1"),
                                           ("extlinux", "ready", "host", "2")]
    assert "** Booting bootflow 'host0.bootdev.part_1' with extlinux" in out
    assert "Boot failed (err=" in out
    assert "** Booting bootflow 'host0.bootdev.part_2' with extlinux" in out
    assert out.index("Boot failed") < out.index("would enter Linux"), out


def test_bootflow_nested(ember, host_disk, tmp_path):
    """A boot script that scans again, or takes the disk away: refused,
    and the bootflows stay as they were"""
    root = tmp_path / "r"
    root.mkdir()
    (root / "boot.scr").write_bytes(mkimage(
        tmp_path, "bootflow scan -b; echo nested $?; host unbind 0; "
        "echo unbind $?\n"))
    host_disk(diskimg.mbr(tmp_path / "d.img", [
        ("c", True, diskimg.fat(tmp_path / "p.fat", 8, root))]))
    out = ember.run_fail("bootflow scan -b host0")
    assert "bootflow: a scan or a boot is running: no scan from within it" \
        in out, out
    assert "nested 1" in out, out
    assert "host: cannot unbind 0: EBUSY" in out and "unbind 1" in out, out
    out = ember.run_ok("bootflow list")
    assert [x[1:5] for x in rows(out)] == [("script", "ready", "host", "1")]
    out = ember.run_fail("bootflow sel 0; bootflow boot")
    assert "nested 1" in out and "unbind 1" in out, out
    # The refused scan left the choice alone
    assert "Name:      host0.bootdev.part_1" in ember.run_ok("bootflow info")


def test_bootflow_errors(ember, host_disk, tmp_path):
    out = ember.run_fail("bootflow scan nosuch")
    assert "Cannot find bootdev 'nosuch' (err=-19)" in out
    out = ember.run_fail("bootdev select nosuch")
    assert "Cannot find bootdev 'nosuch'" in out
    out = ember.run_fail("bootdev info")
    assert "Please use 'bootdev select' first" in out
    assert "bootflow: unknown flag '-x'" in ember.run_fail("bootflow scan -x")
    assert "Usage" in ember.run_fail("bootflow list extra")
    # A disk whose GPT is broken both ways: 'media', said
    disk = tmp_path / "bad.img"
    with open(disk, "wb") as f:
        f.truncate(1 << 20)
        f.seek(510)
        f.write(b"\x55\xaa")
        f.seek(446)
        f.write(bytes([0, 0, 2, 0, 0xee, 0xff, 0xff, 0xff, 1, 0, 0, 0,
                       0xff, 0x07, 0, 0]))
        f.seek(512)
        f.write(b"EFI PART" + b"\0" * 504)
    host_disk(disk)
    out = ember.run_ok("bootflow scan -lae host0")
    r = rows(out)
    assert r and all(x[2] == "media" for x in r), out
    assert "** No partition found" in out
    # boot_targets naming what is not there: said, skipped
    try:
        ember.run_ok("setenv boot_targets bogus host0")
        out = ember.run_ok("bootdev list")
        assert "Unknown label 'bogus' in boot_targets: skipped" in out
        assert "(1 bootdev)" in out, out
        ember.run_ok("bootdev select host0")
        out = ember.run_ok("bootdev info")
        assert re.search(r"Name:\s+\S+\.bootdev", out), out
        assert "Uclass:    host" in out
    finally:
        ember.run("env delete boot_targets")
    # Not ready: not booted
    ember.run_ok("bootflow select 0")
    out = ember.run_fail("bootflow boot")
    assert "is not ready" in out


def test_bootflow_bytes_bound(ember, host_disk, tmp_path):
    """The files the bootflows hold are 4 MiB at most: of five partitions
    each with a boot script of nearly 1 MiB, four are kept; the fifth is
    said once and left in state 'file'"""
    parts = []
    for i in range(5):
        r = tmp_path / f"r{i}"
        r.mkdir()
        (r / "boot.scr").write_bytes(b"#" * ((1 << 20) - 100))
        parts.append((f"p{i}", "0700",
                      diskimg.fat(tmp_path / f"p{i}.fat", 3, r)))
    host_disk(diskimg.gpt(tmp_path / "d.img", parts))
    ember.run_ok("bootmeth order script")
    out = ember.run_ok("bootflow scan -lae host0")
    assert [x[2] for x in rows(out)] == ["ready"] * 4 + ["file"], out
    assert out.count("bootflow: the files found hold 4095 KiB: no more "
                     "are read") == 1, out
    assert "** Too many files kept, err=-28" in out
