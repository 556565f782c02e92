# SPDX-License-Identifier: Apache-2.0 OR MIT
"""pci, pci header / bar / regions, and virtio over PCI.

On the sandbox the PCI model of dts/sandbox.dts answers; the C unit tests
('ut pci', 'ut virtio_pci') cover the fault cases. On qemu_arm64 every case
starts its own QEMU with the devices under test and a monitor socket, and
compares Ember's listing with QEMU's 'info pci': functions, IDs and the
BARs Ember assigned. Then 'virtio info' must show each virtio-pci function
with its b.d.f and interface, and the entropy source must give bytes.
"""

import re
import socket
import time

import pytest

from helpers import assert_usage

LIST_RE = re.compile(
    r"^([0-9a-f]{2})\.([0-9a-f]{2})\.([0-9a-f]{2})\s+0x([0-9a-f]{4})\s+"
    r"0x([0-9a-f]{4})\s+(.+?)\s+0x([0-9a-f]{2})$", re.M)
BAR_RE = re.compile(
    r"^\s*(\d)\s+(0x[0-9a-f]+|unassigned)\s+(0x[0-9a-f]+)\s+(32|64)\s+"
    r"(I/O|MEM)( Prefetchable)?$", re.M)
VIRTIO_RE = re.compile(
    r"^\s*(\d+)\s+(pci [0-9a-f]{2}:[0-9a-f]{2}\.[0-7]|mmio@0x[0-9a-f]+)\s+"
    r"(legacy|modern)\s+(\d+)\s+.*?\s(\S+)\s+(ready|no driver|failed|"
    r"not started)", re.M)
RNG_LIST_RE = re.compile(r"^RNG #(\d+) - virtio-rng#(\d+)", re.M)
DUMP_RE = re.compile(r"^([0-9a-f]{8}):((?: [0-9a-f]{2}){1,16})", re.M)

# What 'pci' must show on the sandbox: b.d.f, vendor, device, class name
SANDBOX_FUNCTIONS = [
    ("00.00.00", "1b36", "0008", "Bridge device"),
    ("00.01.00", "1b36", "000c", "Bridge device"),
    ("00.02.00", "1af4", "1044", "Build before PCI Rev2.0"),
    ("00.03.00", "1234", "0001", "Mass storage controller"),
    ("00.03.01", "1234", "0002", "Serial bus controller"),
    ("00.04.00", "1af4", "1005", "Build before PCI Rev2.0"),
    # virtio-blk: modern, legacy, transitional (test_virtio_blk.py)
    ("00.06.00", "1af4", "1042", "Mass storage controller"),
    ("00.07.00", "1af4", "1001", "Mass storage controller"),
    ("00.08.00", "1af4", "1001", "Mass storage controller"),
    # NVMe (drivers/block/emul/nvme_emul.c)
    ("00.0a.00", "1b36", "0010", "Mass storage controller"),
    # virtio-scsi, transitional (test_scsi.py, ut virtio_scsi)
    ("00.0b.00", "1af4", "1004", "Mass storage controller"),
    ("01.00.00", "8086", "10d3", "Network controller"),
    ("01.01.00", "1af4", "1005", "Build before PCI Rev2.0"),
]

NULL_DRIVE = ["-drive", "if=none,id=d0,file=/dev/null,format=raw,readonly=on"]
NETDEV = ["-netdev", "user,id=n0,restrict=on"]
MMIO_RNG = ["-object", "rng-random,filename=/dev/urandom,id=mr0",
            "-device", "virtio-rng-device,rng=mr0"]
ROOT_PORT = ["-device", "pcie-root-port,id=rp0,bus=pcie.0,chassis=1"]

# QEMU variants: device property suffix and the interface Ember must use
VARIANTS = {
    "transitional": ("", "modern"),
    "modern": (",disable-legacy=on", "modern"),
    "legacy": (",disable-modern=on", "legacy"),
}


def functions(out):
    """[(b.d.f, vendor, device, class name)] from 'pci'."""
    return sorted((f"{m[1]}.{m[2]}.{m[3]}", m[4], m[5], m[6])
                  for m in LIST_RE.finditer(out))


def bars(out):
    """{index: (base or None, size, kind)} from 'pci bar'."""
    res = {}
    for m in BAR_RE.finditer(out):
        base = None if m[2] == "unassigned" else int(m[2], 16)
        res[int(m[1])] = (base, int(m[3], 16), m[5])
    return res


def virtio_rows(out):
    """{transport: (seq, version, id, driver, state)} from 'virtio info'."""
    return {m[2]: (int(m[1]), m[3], int(m[4]), m[5], m[6])
            for m in VIRTIO_RE.finditer(out)}


def dump_bytes(out):
    data = []
    for m in DUMP_RE.finditer(out):
        data += [int(b, 16) for b in m.group(2).split()]
    return bytes(data)


# ------------------------------------------------------------ sandbox
@pytest.mark.boards("sandbox")
def test_pci_sandbox_list(ember):
    out = ember.run_ok("pci")
    assert functions(out) == sorted(SANDBOX_FUNCTIONS), out
    assert "Scanning PCI devices on bus 0" in out
    assert "Scanning PCI devices on bus 1" in out
    # Listing again gives the same
    assert ember.run_ok("pci") == out


@pytest.mark.boards("sandbox")
def test_pci_sandbox_bars(ember):
    got = bars(ember.run_ok("pci bar 01.00.00"))
    assert set(got) == {0, 2, 3}
    base, size, kind = got[0]
    assert (size, kind) == (0x20000, "MEM") and base % size == 0
    assert 0x81000000 <= base < 0x82000000
    base, size, kind = got[2]
    assert (size, kind) == (0x20, "I/O") and 0x1000 <= base < 0x10000
    base, size, kind = got[3]
    assert (size, kind) == (0x100000, "MEM")
    assert 0x100000000 <= base < 0x104000000
    # The same function, written the other ways
    assert bars(ember.run_ok("pci bar 1.0.0")) == got
    assert bars(ember.run_ok("pci bar 01:00.0")) == got


@pytest.mark.boards("sandbox")
def test_pci_sandbox_header(ember):
    out = ember.run_ok("pci header 0.1.0")
    assert re.search(r"vendor ID\s+= 0x1b36$", out, re.M), out
    assert re.search(r"header type\s+= 0x01$", out, re.M), out
    assert re.search(r"secondary bus number\s+= 0x01$", out, re.M), out
    assert re.search(r"subordinate bus number\s+= 0x01$", out, re.M), out
    out = ember.run_ok("pci header 0.3.0")
    assert re.search(r"header type\s+= 0x80$", out, re.M), out
    assert re.search(r"sub system vendor ID\s+= 0x1234$", out, re.M), out


@pytest.mark.boards("sandbox")
def test_pci_sandbox_regions(ember):
    out = ember.run_ok("pci regions")
    assert "pcie@30000000: buses 00-03" in out
    rows = re.findall(r"^\d+\s+(0x[0-9a-f]+) (0x[0-9a-f]+) (0x[0-9a-f]+) "
                      r"(.+)$", out, re.M)
    assert [(int(a, 16), int(b, 16), int(c, 16), d) for a, b, c, d in rows] \
        == [(0, 0x30800000, 0x10000, "io"),
            (0x81000000, 0x31000000, 0x1000000, "mem"),
            (0x100000000, 0x34000000, 0x4000000, "mem64 pref")], out


@pytest.mark.boards("sandbox")
def test_pci_sandbox_dm_tree(ember):
    ember.run_ok("pci")
    out = ember.run_ok("dm tree")
    for name, driver in (("pci_00:01.0", "pci_bridge"),
                         ("pci_01:01.0", "virtio-pci-legacy"),
                         ("pci_00:02.0", "virtio-pci-modern"),
                         ("pci_00:03.1", "pci_generic")):
        assert re.search(rf"{driver}\s+.*-- {re.escape(name)}$", out,
                         re.M), out


@pytest.mark.boards("sandbox")
def test_pci_sandbox_virtio(ember):
    ember.run_ok("virtio scan")
    rows = virtio_rows(ember.run_ok("virtio info"))
    assert rows["pci 01:01.0"][1:] == ("legacy", 4, "virtio-rng", "ready")
    assert rows["pci 00:02.0"][1:] == ("modern", 4, "virtio-rng", "ready")
    assert rows["pci 00:04.0"][1:] == ("modern", 4, "virtio-rng", "ready")


def test_pci_bad_args(ember):
    for bad in ("pci header", "pci header 0.1", "pci header x.1.0",
                "pci header 0.20.0", "pci bar 0.0.8", "pci bar 100.0.0",
                "pci bar 0.1.0.0", "pci header 0.1.0 extra",
                "pci regions now", "pci frob"):
        assert_usage(ember.run_fail(bad), "pci")
    out = ember.run_fail("pci header 0.1f.7")
    assert out == "No PCI device at 00.1f.07", out
    out = ember.run_fail("pci bar ff.00.0")
    assert out == "No PCI device at ff.00.00", out


# ------------------------------------------------------------ QEMU
def qemu_info_pci(path, timeout=20):
    """'info pci' from the QEMU monitor listening on unix socket @path."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            break
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    with s:
        s.settimeout(timeout)
        text = b""

        def until_prompt():
            nonlocal text
            while not text.endswith(b"(qemu) "):
                chunk = s.recv(65536)
                if not chunk:
                    raise ConnectionError("QEMU monitor closed")
                text += chunk

        until_prompt()
        text = b""
        s.sendall(b"info pci\n")
        # The echoed command, the listing, then the next prompt
        until_prompt()
    return text.decode(errors="replace").replace("\r", "")


def qemu_functions(info):
    """{b.d.f: (vendor, device, {bar: (base, size)})} from 'info pci'."""
    res = {}
    for block in re.split(r"\n(?=\s*Bus\s+\d+, device)", info):
        m = re.search(r"Bus\s+(\d+), device\s+(\d+), function (\d+):", block)
        ids = re.search(r"PCI device ([0-9a-f]{4}):([0-9a-f]{4})", block)
        if not m or not ids:
            continue
        bdf = f"{int(m[1]):02x}.{int(m[2]):02x}.{int(m[3]):02x}"
        found = {}
        for b in re.finditer(r"BAR(\d): .*? at 0x([0-9a-f]+) "
                             r"\[0x([0-9a-f]+)\]", block):
            base, end = int(b[2], 16), int(b[3], 16)
            if base != 0xffffffffffffffff:
                found[int(b[1])] = (base, end - base + 1)
        res[bdf] = (ids[1], ids[2], found)
    return res


def spawn_with_monitor(ember_spawn, tmp_path, devices):
    sock = str(tmp_path / "qemu-monitor.sock")
    c = ember_spawn(devices + ["-monitor", f"unix:{sock},server,nowait"])
    return c, sock


def check_against_qemu(c, sock):
    """'pci' lists what QEMU has; BARs QEMU maps are where Ember put them."""
    ours = {f[0]: f for f in functions(c.run_ok("pci"))}
    theirs = qemu_functions(qemu_info_pci(sock))
    assert sorted(ours) == sorted(theirs), (ours, theirs)
    for bdf, (vendor, device, mapped) in theirs.items():
        assert ours[bdf][1:3] == (vendor, device)
        assigned = bars(c.run_ok(f"pci bar {bdf}"))
        for index, (base, size) in mapped.items():
            assert assigned[index][:2] == (base, size), (bdf, index)
    return theirs


def check_virtio_rng(c, transport, version):
    """The virtio-rng at @transport reads, driven through @version."""
    seq = virtio_rows(c.run_ok("virtio info"))[transport][0]
    rng = {int(v): int(n) for n, v in RNG_LIST_RE.findall(
        c.run_ok("rng list"))}
    a = dump_bytes(c.run_ok(f"rng {rng[seq]} 20"))
    b = dump_bytes(c.run_ok(f"rng {rng[seq]} 20"))
    assert len(a) == 32 and len(b) == 32 and a != b
    rows = virtio_rows(c.run_ok("virtio info"))
    assert rows[transport][1:] == (version, 4, "virtio-rng", "ready"), rows


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_pci_qemu_virtio(ember_spawn, tmp_path, variant):
    prop, version = VARIANTS[variant]
    devices = ["-device", f"virtio-net-pci,netdev=n0,romfile={prop}", *NETDEV,
               "-device", f"virtio-rng-pci{prop}",
               "-device", f"virtio-blk-pci,drive=d0{prop}", *NULL_DRIVE]
    c, sock = spawn_with_monitor(ember_spawn, tmp_path, devices)
    assert c.run_ok("virtio scan") == ""
    theirs = check_against_qemu(c, sock)
    # QEMU's slots in order: network, entropy, block
    ids = {"modern": ["1041", "1044", "1042"]}.get(variant,
                                                   ["1000", "1005", "1001"])
    assert [theirs[f"00.0{i}.00"][1] for i in (1, 2, 3)] == ids
    rows = virtio_rows(c.run_ok("virtio info"))
    assert rows["pci 00:01.0"][1:3] == (version, 1)
    assert rows["pci 00:03.0"][1:3] == (version, 2)
    check_virtio_rng(c, "pci 00:02.0", version)


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_pci_qemu_root_port(ember_spawn, tmp_path, variant):
    prop, version = VARIANTS[variant]
    # Behind a PCIe port QEMU's default is modern only
    prop = {"transitional": ",disable-legacy=off",
            "legacy": ",disable-modern=on,disable-legacy=off"}.get(variant,
                                                                   prop)
    devices = ROOT_PORT + ["-device", f"virtio-rng-pci,bus=rp0{prop}"]
    c, sock = spawn_with_monitor(ember_spawn, tmp_path, devices)
    assert c.run_ok("virtio scan") == ""
    theirs = check_against_qemu(c, sock)
    assert "01.00.00" in theirs
    out = c.run_ok("pci header 0.1.0")
    assert re.search(r"secondary bus number\s+= 0x01$", out, re.M), out
    check_virtio_rng(c, "pci 01:00.0", version)


@pytest.mark.boards("qemu_arm64")
def test_pci_qemu_nested_bridges(ember_spawn, tmp_path):
    # root port -> PCIe-to-PCI bridge -> PCI-to-PCI bridge
    devices = ROOT_PORT + [
        "-device", "pcie-pci-bridge,id=pb0,bus=rp0",
        "-device", "pci-bridge,id=br1,bus=pb0,chassis_nr=2,addr=3",
        "-device", "virtio-rng-pci,bus=br1,addr=5",
        "-device", "virtio-rng-pci,bus=pb0,addr=2,disable-modern=on"]
    c, sock = spawn_with_monitor(ember_spawn, tmp_path, devices)
    theirs = check_against_qemu(c, sock)
    assert sorted(theirs) == ["00.00.00", "00.01.00", "01.00.00",
                              "02.02.00", "02.03.00", "03.05.00"]
    out = c.run_ok("pci header 1.0.0")
    assert re.search(r"subordinate bus number\s+= 0x03$", out, re.M), out
    check_virtio_rng(c, "pci 02:02.0", "legacy")
    check_virtio_rng(c, "pci 03:05.0", "modern")


@pytest.mark.boards("qemu_arm64")
def test_pci_qemu_mixed_mmio(ember_spawn, tmp_path):
    devices = MMIO_RNG + ["-device", "virtio-rng-pci",
                          "-device", "virtio-rng-pci,disable-modern=on"]
    c, sock = spawn_with_monitor(ember_spawn, tmp_path, devices)
    assert c.run_ok("virtio scan") == ""
    check_against_qemu(c, sock)
    rows = virtio_rows(c.run_ok("virtio info"))
    assert rows["mmio@0xa003e00"][3:] == ("virtio-rng", "ready")
    check_virtio_rng(c, "pci 00:01.0", "modern")
    check_virtio_rng(c, "pci 00:02.0", "legacy")


@pytest.mark.boards("qemu_arm64")
def test_pci_qemu_regions(ember):
    out = ember.run_ok("pci regions")
    assert "pcie@10000000: buses 00-ff" in out
    assert re.search(r"^0\s+0x0+ 0x0+3eff0000 0x0+10000 io$", out, re.M)
    assert re.search(r"^2\s+0x0+8000000000 0x0+8000000000 0x0+8000000000 "
                     r"mem64$", out, re.M), out
    # Without devices: only the host bridge
    assert functions(ember.run_ok("pci")) == [
        ("00.00.00", "1b36", "0008", "Bridge device")]
