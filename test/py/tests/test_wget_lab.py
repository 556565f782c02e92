# SPDX-License-Identifier: Apache-2.0 OR MIT
"""wget from a real HTTP server: Debian's nginx in the closed network lab
(netlab.py, http_root), after 'dhcp' from the lab's dnsmasq, which also
serves DNS for the lab's names. Both virtio-net transports: MMIO and PCI.

Bodies are checked byte-exact: Ember's 'crc32 <addr> <size>' against
Python's zlib.crc32 of the file nginx served. Each transfer has a
wall-clock bound, set with a wide margin from figures measured on the
project's 2-core machine with other work running: the small files and
the redirect chain take well under a second, 64 MiB 1.0-3.1 s; those
under impairment are with IMPAIRED below.

The impaired transfers run twice: with the kernel's tc netem
(netlab.Lab(netem=True): in the namespace's kernel where it has
sch_netem, else in the lab's user-mode Linux router between QEMU and the
servers; skipped, with both reasons, where neither can run) and through
the lab's userspace relay (test/py/impair.py).
"""

import json
import random
import re
import time
import zlib

import pytest

import netlab
from ember_console import Console

ADDR = 0x44000000
MIB = 1 << 20
SERVER = "192.168.77.1"
NAME = "web.lab"                # dnsmasq's host record for the server
LAB_DNS = ["--local=/lab/", f"--host-record={NAME},{SERVER}"]
# nginx: a chain of redirects (absolute and relative Location, the last by
# the server's DNS name) ending in a file, and a server error
LAB_HTTP = """
        location = /hop/1 { return 302 /hop/2; }
        location = /hop/2 { return 301 /hop/3; }
        location = /hop/3 { absolute_redirect off; return 307 /hop/4; }
        location = /hop/4 { return 302 http://web.lab/small.bin; }
        location = /broken { return 500; }
"""
NICS = {
    "mmio": ["-device", "virtio-net-device,netdev=n0"],
    "pci": ["-device", "virtio-net-pci,netdev=n0,romfile=,disable-legacy=on"],
}
FILES = {"empty.bin": 0, "small.bin": 100003, "big.bin": 64 * MIB}


def make_files(root):
    """The files nginx serves, from a fixed seed: {name: crc32}."""
    rng = random.Random(20)
    crcs = {}
    for name, size in FILES.items():
        data = rng.randbytes(size)
        (root / name).write_bytes(data)
        crcs[name] = zlib.crc32(data)
    return crcs


def lab_up(tmp_path_factory, **kwargs):
    """(lab, {file: crc32}): a lab with nginx serving the files, up; or a
    skip with the lab's reason"""
    why = netlab.unavailable(http=True)
    if why:
        pytest.skip(why)
    root = tmp_path_factory.mktemp("www")
    crcs = make_files(root)
    lab = netlab.Lab(tmp_path_factory.mktemp("tftp"), dns_args=LAB_DNS,
                     http_root=root, http_conf=LAB_HTTP, **kwargs)
    try:
        lab.up()
    except netlab.NetemUnavailable as e:
        pytest.skip(str(e))
    except netlab.LabError as e:
        if kwargs.get("netem"):
            raise       # netem can run here (else the above): a failure
        pytest.skip(f"network lab: {e}")
    return lab, crcs


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(lab, {file: crc32}): the lab with nginx and DNS, up for the module"""
    lab, crcs = lab_up(tmp_path_factory)
    yield lab, crcs
    lab.down()


def start_board(target, lab, nic, name):
    """qemu_arm64 in @lab on the NIC transport @nic, after 'dhcp'"""
    log = open(f"{target.build_dir}/test-py-wget-lab.log", "a",
               encoding="utf-8")
    c = Console(target.board, target.build_dir, lab.qemu_netdev() + NICS[nic],
                logfile=log, name=f"{target.name}-{name}",
                prefix=lab.exec_prefix())
    try:
        c.start()
        c.run_ok("setenv autoload no; dhcp", timeout=60)
    except BaseException:
        c.close()
        log.close()
        raise
    return c, log


@pytest.fixture(scope="module", params=list(NICS))
def board(request, site, target):
    """qemu_arm64 in the lab on one NIC transport, after 'dhcp'"""
    c, log = start_board(target, site[0], request.param,
                         f"wget-{request.param}")
    yield c
    c.close()
    log.close()


@pytest.fixture
def wc(board):
    board.mark()
    yield board
    board.check_transcript()


def wget(c, url, bound):
    """wget @url to ADDR, which must work within @bound s: (size, output)"""
    start = time.monotonic()
    out = c.run_ok(f"wget {ADDR:x} {url}", timeout=bound + 30)
    took = time.monotonic() - start
    assert took < bound, f"{url}: {took:.1f} s (bound {bound} s)"
    m = re.search(r"Bytes transferred = (\d+) \(([0-9a-f]+) hex\)", out)
    assert m, out
    assert c.run_ok("printenv filesize") == f"filesize={m[2]}"
    print(f"{url}: {took:.1f} s")
    return int(m[1]), out


def crc_of(c, size):
    out = c.run_ok(f"crc32 {ADDR:x} {size:x}", timeout=60)
    return int(out.rsplit(" ", 1)[1], 16)


def check_file(c, crcs, name, size):
    assert size == FILES[name]
    if size:
        assert crc_of(c, size) == crcs[name]


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("name", ["empty.bin", "small.bin"])
def test_wget_lab_files(wc, site, name):
    """0 bytes and 100003 bytes from nginx, byte-exact"""
    lab, crcs = site
    size, _ = wget(wc, f"http://{SERVER}/{name}", 10)
    check_file(wc, crcs, name, size)
    assert f'"GET /{name} HTTP/1.1" 200 {FILES[name]} ' in lab.log("nginx")


def net_features_accepted(c):
    """The feature names the started virtio-net device accepted"""
    table = c.run_ok("virtio info")
    m = re.search(r"^ *(\d+) .* virtio-net +ready$", table, re.M)
    assert m, table
    out = c.run_ok(f"virtio info {m[1]}")
    m = re.search(r"features accepted: 0x[0-9a-f]+ (.*)$", out, re.M)
    assert m, out
    return m[1].split()


@pytest.mark.boards("qemu_arm64")
def test_wget_lab_64mib(wc, site):
    """64 MiB from nginx at MTU 1500, byte-exact (measured: 0.3-3.1 s),
    over QEMU's tap with the host's coalesced segments taken
    (GUEST_CSUM, GUEST_TSO4), as in the bench's http-lab"""
    _, crcs = site
    size, _ = wget(wc, f"http://{SERVER}/big.bin", 60)
    check_file(wc, crcs, "big.bin", size)
    assert {"GUEST_CSUM", "GUEST_TSO4"} <= set(net_features_accepted(wc))


@pytest.mark.boards("qemu_arm64")
def test_wget_lab_redirects(wc, site):
    """nginx's 302, 301, 307 (a relative Location) and 302 to the
    server's DNS name, ending in a file"""
    lab, crcs = site
    size, out = wget(wc, f"http://{SERVER}/hop/1", 10)
    check_file(wc, crcs, "small.bin", size)
    assert out.count("redirected to") == 4, out
    assert f"HTTP 307: redirected to http://{SERVER}:80/hop/4" in out, out
    assert f"HTTP 302: redirected to http://{NAME}:80/small.bin" in out, out
    log = lab.log("nginx")
    for path, status in [("/hop/1", 302), ("/hop/2", 301), ("/hop/3", 307),
                         ("/hop/4", 302), ("/small.bin", 200)]:
        assert f'"GET {path} HTTP/1.1" {status} ' in log, log


@pytest.mark.boards("qemu_arm64")
def test_wget_lab_by_name(wc, site):
    """A URL with the server's name, resolved by the lab's dnsmasq"""
    _, crcs = site
    size, out = wget(wc, f"http://{NAME}/small.bin", 10)
    check_file(wc, crcs, "small.bin", size)
    assert f"HTTP from {SERVER}:80 ({NAME})" in out, out


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("path,status", [("/nothing.bin", 404),
                                         ("/broken", 500)])
def test_wget_lab_errors(wc, site, path, status):
    """nginx's 404 and 500 (with their HTML bodies): a failing status and
    the code, within the bound"""
    lab, _ = site
    start = time.monotonic()
    out = wc.run_fail(f"wget {ADDR:x} http://{SERVER}{path}", timeout=30)
    assert f"wget: HTTP error {status}" in out, out
    assert time.monotonic() - start < 10
    assert f'"GET {path} HTTP/1.1" {status} ' in lab.log("nginx")


# ------------------------------------------------------------ impaired
# What the lab does to the frames it sends (the data), in netem's words;
# the wall-clock bound of a 64 MiB wget under it, in seconds; and whether
# a clean failure within the bound is an accepted outcome (issue 20:
# "every transfer arrives byte-exact or fails within a stated time").
# Measured through the relay, 64 MiB, 4 runs each (5% loss: 29 runs) on
# the 2-core machine with other work running: loss 1% 2.5-7.1 s; loss
# 5% 3.0-26.4 s when it arrived, and 4 of 29 failed after 21.9-29.5 s
# with "the server sent nothing for 10000 ms" (the sender's
# retransmission timer backed off past Ember's idle bound: see
# doc/develop/testing.md); reordering 4.1-7.4 s; duplication 0.7-1.4 s;
# 50 ms delay 1.9-2.5 s. Since D-SACK (2026-12-01, 4 runs each, nothing
# else running): through the relay, reordering 4.4-6.9 s (21 s before
# it); with tc netem in the lab's user-mode Linux router (this machine's
# kernel has no sch_netem), loss 1% 2.6-3.5 s, loss 5% 3.6-5.0 s,
# reordering 15.8-19.3 s (33-36 s before D-SACK), duplication 2.5-3.6 s,
# 50 ms delay 6.9-7.9 s; all arrived.
IMPAIRED = {
    "loss1": ("loss 1%", 60, False),
    "loss5": ("loss 5%", 120, True),
    "reorder": ("delay 10ms reorder 25% 50%", 60, False),
    "dup5": ("duplicate 5%", 60, False),
    "delay50": ("delay 50ms", 60, False),
}
IDLE_FAILURE = "wget: the server sent nothing for 10000 ms"


@pytest.fixture(scope="module", params=["netem", "relay"])
def impaired(request, tmp_path_factory, target):
    """(console, lab, crcs, set): a board in a lab whose link can be
    impaired, by tc netem (in the namespace's kernel or the lab's router)
    or by the lab's userspace relay (impair.py); set(spec) impairs,
    set(None) stops"""
    how = request.param
    if how == "netem":
        lab, crcs = lab_up(tmp_path_factory, netem=True)
        setter = lab.netem
    else:
        lab, crcs = lab_up(tmp_path_factory, relay=True, relay_seed=20)
        setter = lab.impair
    try:
        c, log = start_board(target, lab, "mmio", f"wget-{how}")
        try:
            yield c, lab, crcs, setter
        finally:
            c.close()
            log.close()
    finally:
        lab.down()


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("kind", list(IMPAIRED))
def test_wget_lab_impaired(impaired, kind):
    """64 MiB under loss, reordering, duplication and delay: byte-exact
    within the bound, or (where IMPAIRED allows it) a clean failure
    within the bound; never wrong bytes"""
    c, lab, crcs, setter = impaired
    spec, bound, may_fail = IMPAIRED[kind]
    c.mark()
    before = json.loads(lab.impair("stats")) if lab.relay else None
    setter(spec)
    start = time.monotonic()
    netem = None
    try:
        out, status = c.run(f"wget {ADDR:x} http://{SERVER}/big.bin",
                            timeout=bound + 60)
    finally:
        took = time.monotonic() - start
        if lab.netem_mode:
            netem = lab.netem_stats()
        setter(None)
    size = FILES["big.bin"]
    if netem:
        # netem saw the download as packets, not as 64 KiB offload units
        # (each segment carries at most 1460 bytes), and dropped some
        # where it was told to
        print(f"{kind}: status {status} in {took:.1f} s; "
              f"{lab.netem_where()}: {netem}")
        if status == 0:
            assert netem["packets"] >= size // 1460, netem
        if "loss" in spec:
            assert netem["dropped"] > 0, netem
    if before:
        # The relay did what it was told
        after = json.loads(lab.impair("stats"))
        done = {k: after[k] - before[k] for k in after}
        print(f"{kind}: status {status} in {took:.1f} s; relay: {done}")
        assert done["lost"] > 0 if "loss" in spec else done["lost"] == 0
        assert done["dup"] > 0 if "duplicate" in spec else done["dup"] == 0
    assert took < bound, f"{spec}: {took:.1f} s (bound {bound} s)"
    if status and may_fail:
        assert IDLE_FAILURE in out, out
        return
    assert status == 0, f"{spec}: wget failed after {took:.1f} s:\n{out}"
    assert f"Bytes transferred = {size} ({size:x} hex)" in out, out
    check_file(c, crcs, "big.bin", size)
    c.check_transcript()


@pytest.mark.boards("qemu_arm64")
def test_wget_lab_impair_refused(impaired):
    """Words netem (or the relay) does not know are refused with tc's (or
    the relay's) reason, and the link is left as it was"""
    c, lab, crcs, setter = impaired
    with pytest.raises(netlab.LabError, match="bogus"):
        setter("bogus 5%")
    size, _ = wget(c, f"http://{SERVER}/small.bin", 10)
    check_file(c, crcs, "small.bin", size)


@pytest.mark.boards("qemu_arm64")
def test_http_boot_lab(tmp_path_factory, target):
    """HTTP boot as issue 20 asks: an HTTP client (bootp_http: class
    HTTPClient, architecture 24) gets from dnsmasq a URL naming a
    configuration on nginx; the default bootcmd loads it and its kernel
    and initrd over HTTP (by name, through the lab's DNS), and Debian's
    kernel boots seeded"""
    from test_booti import BOOT_TIMEOUT, BOOTARGS
    import initramfs
    kernel, initrd = initramfs.kernel_path(), initramfs.build()
    if not kernel or not initrd:
        pytest.skip("no Debian arm64 kernel/busybox: run scripts/deps")
    why = netlab.unavailable(http=True)
    if why:
        pytest.skip(why)
    root = tmp_path_factory.mktemp("www-boot")
    (root / "boot").mkdir()
    (root / "boot" / "Image").write_bytes(open(kernel, "rb").read())
    (root / "boot" / "initrd.img").write_bytes(initrd)
    (root / "boot" / "ember.cfg").write_text(f"""default linux
label linux
  kernel Image
  initrd initrd.img
  append {BOOTARGS}
""")
    lab = netlab.Lab(tmp_path_factory.mktemp("tftp-boot"), dns_args=LAB_DNS,
                     http_root=root, dhcp_args=[
                         "--dhcp-vendorclass=set:http,HTTPClient",
                         f"--dhcp-boot=tag:http,http://{NAME}/boot/ember.cfg"])
    try:
        lab.up()
    except netlab.LabError as e:
        pytest.skip(f"network lab: {e}")
    log = open(f"{target.build_dir}/test-py-wget-lab.log", "a",
               encoding="utf-8")
    c = Console(target.board, target.build_dir, lab.qemu_netdev()
                + NICS["mmio"] + ["-device", "virtio-rng-device",
                                  "-M", "virt,dtb-randomness=off"],
                logfile=log, name=f"{target.name}-http-boot",
                prefix=lab.exec_prefix())
    try:
        c.start()
        c.run_ok("setenv bootp_http yes")
        out = c.run_until_exit("run bootcmd", timeout=BOOT_TIMEOUT)
        url = f"http://{NAME}/boot/"
        assert f"Config file '{url}ember.cfg' found\n" in out, out
        assert f"Retrieving file: {url}Image\n" in out, out
        assert f"Retrieving file: {url}initrd.img\n" in out, out
        assert f"CMDLINE: {BOOTARGS}\n" in out.replace("\r", ""), out
        assert re.search(r"DMESG: \[\s*0\.0+\] random: crng init done",
                         out), out
        assert "INIT: done" in out, out
        assert "HTTPClient:Arch:00024" in lab.log("dnsmasq")
        assert "GET /boot/Image HTTP/1.1" in lab.log("nginx")
    finally:
        c.close()
        log.close()
        lab.down()
