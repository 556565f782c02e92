# SPDX-License-Identifier: Apache-2.0 OR MIT
"""sysboot on the sandbox: an extlinux.conf on an ext4 partition of a GPT
disk (Debian's tools, a host file): includes relative to its directory,
the menu with 'prompt 1', the default label's files loaded and booted
(the sandbox's booti stops before the jump)."""

import struct

import pytest

import diskimg

pytestmark = pytest.mark.boards("sandbox")

CONF = """\
menu title Test menu
prompt 1
timeout 600
include menu.conf
default two
"""
MENU = """\
label one
  menu label First kernel
  linux /boot/vmlinuz-1
label two
  menu label Second kernel
  linux ../vmlinuz-2
  initrd /boot/initrd.img-2
  append console=ttyAMA0 two
"""


def image():
    """A 64 KiB arm64 Image: its header, then zeros"""
    hdr = struct.pack("<IIQQQQQQII", 0, 0, 0, 0x100000, 0xa, 0, 0, 0,
                      0x644d5241, 0)
    return hdr + b"\0" * (0x10000 - len(hdr))


@pytest.fixture
def disk(ember, tmp_path):
    root = tmp_path / "root"
    ext = root / "boot" / "extlinux"
    ext.mkdir(parents=True)
    (ext / "extlinux.conf").write_text(CONF)
    (ext / "menu.conf").write_text(MENU)
    for n in ("1", "2"):
        (root / "boot" / f"vmlinuz-{n}").write_bytes(image())
    (root / "boot" / "initrd.img-2").write_bytes(b"initrd" * 100)
    part = diskimg.ext4(tmp_path / "boot.ext4", 8, root)
    ember.run_ok(f"host bind 0 {diskimg.gpt(tmp_path / 'd.img', [('boot', '8300', part)])}")
    yield
    ember.run("host unbind 0")


def test_sysboot_menu_and_default(ember, disk):
    ember.send_line("sysboot host 0:1 any ${pxefile_addr_r} "
                    "/boot/extlinux/extlinux.conf")
    ember.expect("Enter choice: ")
    out = ember.child.before
    assert "Retrieving file: /boot/extlinux/menu.conf" in out, out
    assert "Test menu\r\n1:\tFirst kernel\r\n2:\tSecond kernel" in out, out
    ember.send("\r")            # the default: 'two'
    out = ember.expect_prompt()
    assert "2:\tSecond kernel" in out
    assert "Retrieving file: /boot/initrd.img-2" in out
    # Relative to the configuration's directory
    assert "Retrieving file: /boot/extlinux/../vmlinuz-2" in out
    assert "append: console=ttyAMA0 two" in out
    assert "would enter Linux" in out, out
    assert ember.run_ok("printenv bootargs") == "bootargs=console=ttyAMA0 two"


def test_sysboot_print_menu_and_choose(ember, disk):
    out = ember.run_ok("sysboot -p host 0:1 any ${pxefile_addr_r} "
                       "/boot/extlinux/extlinux.conf")
    assert out.endswith("Test menu\n1:\tFirst kernel\n2:\tSecond kernel")
    ember.send_line("sysboot host 0:1 any ${pxefile_addr_r} "
                    "/boot/extlinux/extlinux.conf")
    ember.expect("Enter choice: ")
    ember.send("1\r")
    out = ember.expect_prompt()
    assert "1:\tFirst kernel" in out and "vmlinuz-1" in out, out


def test_sysboot_errors(ember, disk):
    out = ember.run_fail("sysboot host 0:1 any ${pxefile_addr_r} /nope.conf")
    assert out.strip().endswith("Error reading config file"), out
    assert ember.run_fail("sysboot host 0:1 ntfs 0 /x").startswith(
        "Invalid filesystem: ntfs")
