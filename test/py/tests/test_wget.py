# SPDX-License-Identifier: Apache-2.0 OR MIT
"""wget over Ember's TCP on QEMU's user network: each connection the
guest opens to 10.0.2.100:80 reaches a fresh test/py/httppeer.py (QEMU's
guestfwd ... cmd:), which answers by path. Bodies are checked byte-exact
through crc32; every refusal ends in its message and a failing status,
within a stated time."""

import os
import re
import sys
import time
import zlib

import pytest

from test_booti import BOOT_TIMEOUT, BOOTARGS, tftp_dir  # noqa: F401

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import httppeer  # noqa: E402

PEER = os.path.join(os.path.dirname(__file__), "..", "httppeer.py")
HOST = "10.0.2.100"
ADDR = 0x44000000


def spawn(ember_spawn, root=None, bootfile=None, extra=()):
    """A board on QEMU's user network whose 10.0.2.100:80 is httppeer.py
    (serving @root's files under /file/), with DHCP's boot file
    @bootfile; dhcp done unless @bootfile is given (bootcmd does it)"""
    fwd = (f"guestfwd=tcp:{HOST}:80-cmd:/usr/bin/python3 "
           f"{os.path.abspath(PEER)} {root or ''}")
    user = f"user,id=n0,restrict=on,{fwd}"
    if bootfile:
        user += f",bootfile={bootfile}"
    ember = ember_spawn(["-netdev", user,
                         "-device", "virtio-net-device,netdev=n0", *extra])
    if not bootfile:
        ember.run_ok("setenv autoload no; dhcp", timeout=30)
    return ember


def crc_of(ember, size):
    out = ember.run_ok(f"crc32 {ADDR:x} {size:x}")
    return int(out.rsplit(" ", 1)[1], 16)


def fetch(ember, path, timeout=120):
    """wget that must work: the size it reports"""
    out = ember.run_ok(f"wget {ADDR:x} http://{HOST}{path}", timeout=timeout)
    m = re.search(r"Bytes transferred = (\d+) \(([0-9a-f]+) hex\)", out)
    assert m, out
    assert ember.run_ok("printenv filesize") == f"filesize={m[2]}"
    return int(m[1]), out


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("path,size", [
    ("/zero", 0), ("/data/1", 1), ("/data/1000", 1000),
    ("/data/1460", 1460), ("/data/300000", 300000),
    ("/chunked/200000", 200000), ("/close/70000", 70000),
    ("/redirect/301/1/data/5000", 5000), ("/redirect/302/3/data/5000", 5000),
    ("/redirect/303/1/chunked/9999", 9999),
    ("/redirect/307/2/data/77", 77), ("/redirect/308/8/data/4096", 4096),
])
def test_wget_bodies(ember_spawn, path, size):
    ember = spawn(ember_spawn)
    got, out = fetch(ember, path)
    assert got == size, out
    if size:
        assert crc_of(ember, size) == zlib.crc32(httppeer.body(size))
    hops = int(path.split("/")[3]) if path.startswith("/redirect") else 0
    assert out.count("redirected to") == hops, out


@pytest.mark.boards("qemu_arm64")
def test_wget_64mib(ember_spawn):
    """64 MiB byte-exact, the load address from loadaddr"""
    ember = spawn(ember_spawn)
    ember.run_ok(f"setenv loadaddr {ADDR:x}")
    size = 64 << 20
    out = ember.run_ok(f"wget http://{HOST}/data/{size}", timeout=300)
    assert f"Bytes transferred = {size} ({size:x} hex)" in out, out
    assert crc_of(ember, size) == zlib.crc32(httppeer.body(size))


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("path,message", [
    ("/status/404", "wget: HTTP error 404"),
    ("/status/500", "wget: HTTP error 500"),
    ("/loop", "wget: more than 8 redirects"),
    ("/redirect/302/9/data/1", "wget: more than 8 redirects"),
    ("/cut/100000", "wget: the server closed the connection after 50000 "
                    "bytes"),
])
def test_wget_refused(ember_spawn, path, message):
    ember = spawn(ember_spawn)
    out = ember.run_fail(f"wget {ADDR:x} http://{HOST}{path}", timeout=120)
    assert message in out, out


@pytest.mark.boards("qemu_arm64")
def test_wget_stall(ember_spawn):
    """A server that stops sending: given up after the idle bound (10 s)"""
    ember = spawn(ember_spawn)
    start = time.monotonic()
    out = ember.run_fail(f"wget {ADDR:x} http://{HOST}/stall/200000",
                         timeout=60)
    took = time.monotonic() - start
    assert "wget: the server sent nothing for 10000 ms" in out, out
    assert 9 < took < 30, took


@pytest.mark.boards("qemu_arm64")
def test_wget_refuses(ember_spawn):
    """Bad URLs, no room, nobody listening"""
    ember = spawn(ember_spawn)
    for url, message in [
            ("https://10.0.2.100/x", "is not an http:// URL Ember can fetch"),
            ("http://user@10.0.2.100/x", "is not an http:// URL"),
            ("http://10.0.2.100:0/x", "is not an http:// URL")]:
        out = ember.run_fail(f"wget {ADDR:x} {url}")
        assert message in out, out
    # Ember's own image: refused before anything is sent
    reloc = int(re.search(r"relocaddr\s+= 0x([0-9a-f]+)",
                          ember.run_ok("bdinfo"))[1], 16)
    out = ember.run_fail(f"wget {reloc:x} http://{HOST}/data/10")
    assert re.search(r"wget: 0x[0-9a-f]+\.\.0x[0-9a-f]+ would overwrite", out), out
    # A body larger than the room left before it: stopped at the edge
    out = ember.run_fail(f"wget {reloc - 0x1000:x} http://{HOST}/data/10000",
                         timeout=60)
    assert re.search(r"wget: 0x[0-9a-f]+\.\.0x[0-9a-f]+ would overwrite", out), out
    # Nothing listens on 10.0.2.100:81: user networking resets it
    out = ember.run_fail(f"wget {ADDR:x} http://{HOST}:81/data/10",
                         timeout=60)
    assert re.search(r"connection refused|no answer to the connection",
                     out), out


BOOT_ARGS = ["-M", "virt,dtb-randomness=off", "-device", "virtio-rng-device"]


@pytest.mark.boards("qemu_arm64")
def test_http_boot_config(ember_spawn, tftp_dir, tmp_path):  # noqa: F811
    """HTTP boot: DHCP's boot file is a URL naming a pxelinux-style
    configuration; the default bootcmd fetches it, then its kernel and
    initrd, over HTTP, and Linux boots seeded"""
    for name in ("Image", "initrd.img"):
        os.link(tftp_dir / name, tmp_path / name)
    # A relative path, and an absolute one: on the same server
    (tmp_path / "boot.cfg").write_text(f"""default linux
label linux
  kernel Image
  initrd /file/initrd.img
  append {BOOTARGS}
""")
    ember = spawn(ember_spawn, tmp_path, f"http://{HOST}/file/boot.cfg",
                  BOOT_ARGS)
    out = ember.run_until_exit("run bootcmd", timeout=BOOT_TIMEOUT)
    assert f"Config file 'http://{HOST}/file/boot.cfg' found\n" in out, out
    assert f"Retrieving file: http://{HOST}/file/Image\n" in out, out
    assert f"Retrieving file: http://{HOST}/file/initrd.img\n" in out, out
    assert f"CMDLINE: {BOOTARGS}\n" in out.replace("\r", ""), out
    assert re.search(r"DMESG: \[\s*0\.0+\] random: crng init done", out), \
        out
    assert "INIT: done" in out, out


@pytest.mark.boards("qemu_arm64")
def test_http_boot_kernel(ember_spawn, tftp_dir, tmp_path):  # noqa: F811
    """DHCP's boot file is a URL of a kernel: no configuration under its
    directory, so the kernel is loaded by wget and booted"""
    os.link(tftp_dir / "Image", tmp_path / "Image")
    ember = spawn(ember_spawn, tmp_path, f"http://{HOST}/file/Image",
                  BOOT_ARGS)
    ember.send_line("run bootcmd")
    ember.expect("No PXE configuration: trying the boot file "
                 f"http://{HOST}/file/Image", timeout=120)
    size = os.path.getsize(tmp_path / "Image")
    ember.expect(f"Bytes transferred = {size} ", timeout=120)
    ember.expect(r"Starting kernel at EL\d", timeout=30)
    ember.expect(r"Booting Linux on physical CPU", timeout=BOOT_TIMEOUT)

