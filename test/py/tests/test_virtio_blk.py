# SPDX-License-Identifier: Apache-2.0 OR MIT
"""virtio-blk disks and the virtio block commands: info, device, part, read,
write (U-Boot's shapes).

On qemu_arm64 each case starts QEMU with a raw image of a known pattern on
one transport - virtio-mmio legacy (QEMU's default) and modern, virtio-pci
modern, transitional and legacy - reads it back byte for byte (crc32),
writes and reads again, and checks a readonly=on drive refuses writes. On
the sandbox the same runs against the block models backed by host files
(--virtio-blk, --virtio-blk-ro).
"""

import os
import re
import zlib

import pytest

import diskimg
from conftest import Layout
from helpers import assert_usage, parse_bdinfo

IMG_SIZE = 2 * 1024 * 1024
BLOCKS = IMG_SIZE // 512

QEMU_TRANSPORTS = {
    "mmio-legacy": ("legacy", ["-device", "virtio-blk-device,drive=d0"]),
    "mmio-modern": ("modern", ["-global", "virtio-mmio.force-legacy=false",
                               "-device", "virtio-blk-device,drive=d0"]),
    "pci-modern": ("modern", ["-device",
                              "virtio-blk-pci,drive=d0,disable-legacy=on"]),
    "pci-transitional": ("modern", ["-device", "virtio-blk-pci,drive=d0"]),
    "pci-legacy": ("legacy", ["-device",
                              "virtio-blk-pci,drive=d0,disable-modern=on"]),
}

# 'virtio info' rows and 'Device n:' entries
ROW_RE = re.compile(r"^\s*\d+\s+(\S+(?: \S+)?)\s+(legacy|modern)\s+2\s+"
                    r"block device\s+\S+\s+virtio-blk\s+ready$", re.M)
DISK_RE = re.compile(
    r"^Device (\d+): ([0-9a-f]+) VirtIO Block Device\n"
    r" {12}Type: Hard Disk( \(read-only\))?\n"
    r" {12}Capacity: (\d+)\.(\d) MB = (\d+)\.(\d) GB \((\d+) x (\d+)\)$",
    re.M)


def make_image(path, size=IMG_SIZE, seed=1):
    """A raw image of a pattern no two sectors share; its bytes"""
    data = bytearray()
    n = 0
    while len(data) < size:
        data += zlib.crc32(f"{seed}:{n}".encode()).to_bytes(4, "little")
        n += 1
    data = bytes(data[:size])
    with open(path, "wb") as f:
        f.write(data)
    return data


def scratch(console, size):
    """A free RAM address for @size bytes on @console's board"""
    v = parse_bdinfo(console.run_ok("bdinfo"))
    return Layout(v["-> start"], v["-> size"], v["relocaddr"],
                  v["reloc end"], v["fdt_blob"], v["fdt_size"],
                  v["loadaddr"]).scratch(size)


def crc_of(console, addr, size):
    out = console.run_ok(f"crc32 {addr:x} {size:x}")
    m = re.search(r"==> ([0-9a-f]{8})", out)
    assert m, out
    return int(m.group(1), 16)


def read_line(dev, start, count, done, ok=True, iface="virtio"):
    """What '<iface> read' says (U-Boot's shape)"""
    return (f"\n{iface} read: device {dev} block # {start}, count {count} "
            f"... {done} blocks read: {'OK' if ok else 'ERROR'}")


def write_line(dev, start, count, done, ok=True, iface="virtio"):
    """What '<iface> write' says"""
    return (f"\n{iface} write: device {dev} block # {start}, count {count} "
            f"... {done} blocks written: {'OK' if ok else 'ERROR'}")


def check_disk(console, dev, data, addr):
    """Disk @dev holds @data: read it whole, then a write read back"""
    assert console.run_ok(f"virtio dev {dev}").endswith(
        "... is now current device")
    out = console.run_ok(f"virtio read {addr:x} 0 {BLOCKS:x}", timeout=60)
    assert out == read_line(dev, 0, BLOCKS, BLOCKS), out
    assert crc_of(console, addr, IMG_SIZE) == zlib.crc32(data)
    # The first 8 blocks again at block 0x800 (1 MiB), then read back
    out = console.run_ok(f"virtio write {addr:x} 800 8")
    assert out == write_line(dev, 2048, 8, 8), out
    back = addr + IMG_SIZE
    out = console.run_ok(f"virtio read {back:x} 800 8")
    assert out == read_line(dev, 2048, 8, 8), out
    assert crc_of(console, back, 4096) == zlib.crc32(data[:4096])


def fs_roundtrip(spawn_disk, tmp_path, iface, title):
    """GPT and FAT32 on the disk "@iface 0" of the console that
    @spawn_disk(image) starts: part list (its header names @title), ls,
    load (to an odd address too), save, and the filesystem's own tools
    agree"""
    root = tmp_path / "root"
    root.mkdir()
    blob = os.urandom(3 * 1024 * 1024 + 123)
    (root / "blob.bin").write_bytes(blob)
    part = diskimg.fat(tmp_path / "p.fat", 40, root, 32)
    disk = diskimg.gpt(tmp_path / "disk.img", [("boot", "0700", part)])
    c = spawn_disk(disk)
    out = c.run_ok(f"part list {iface} 0")
    assert (f"Partition Map for {title} device 0  --   Partition Type: EFI"
            in out), out
    out = c.run_ok(f"ls {iface} 0:1 /")
    assert re.search(rf"^\s*{len(blob)}\s+blob\.bin$", out, re.M), out
    addr = scratch(c, 2 * len(blob) + 16)
    for where in (addr, addr + len(blob) + 3):
        out = c.run_ok(f"load {iface} 0:1 {where:x} /blob.bin")
        assert f"{len(blob)} bytes read in" in out, out
        assert crc_of(c, where, len(blob)) == zlib.crc32(blob)
    c.run_ok(f"save {iface} 0:1 {addr:x} /copy.bin 100000")
    c.close()
    copy = tmp_path / "copy.bin"
    diskimg.run("mcopy", "-i", f"{disk}@@1M", "::/copy.bin", str(copy))
    assert copy.read_bytes() == blob[:0x100000]


# ------------------------------------------------------------ QEMU
def qemu_drive(img, readonly=False):
    opts = f"file={img},if=none,format=raw,id=d0"
    return ["-drive", opts + (",readonly=on" if readonly else "")]


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("transport", list(QEMU_TRANSPORTS))
def test_virtio_blk_qemu(ember_spawn, tmp_path, transport):
    version, args = QEMU_TRANSPORTS[transport]
    img = tmp_path / "disk.img"
    data = make_image(img)
    c = ember_spawn(qemu_drive(img) + args)
    info = c.run_ok("virtio info")
    rows = ROW_RE.findall(info)
    assert len(rows) == 1 and rows[0][1] == version, info
    assert rows[0][0].startswith("pci" if "pci" in transport else "mmio@")
    disks = DISK_RE.findall(info)
    assert [(d[0], d[2], d[7], d[8]) for d in disks] == [
        ("0", "", str(BLOCKS), "512")], info
    assert disks[0][3:7] == ("2", "0", "0", "0"), info   # 2.0 MB = 0.0 GB
    check_disk(c, 0, data, scratch(c, 2 * IMG_SIZE))
    c.close()
    # QEMU wrote the file: the first 8 blocks again at 1 MiB
    with open(img, "rb") as f:
        f.seek(1024 * 1024)
        assert f.read(4096) == data[:4096]


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("transport", ["mmio-modern", "pci-modern"])
def test_virtio_blk_qemu_readonly(ember_spawn, tmp_path, transport):
    img = tmp_path / "disk.img"
    data = make_image(img, size=64 * 1024)
    c = ember_spawn(qemu_drive(img, readonly=True) +
                    QEMU_TRANSPORTS[transport][1])
    out = c.run_ok("virtio dev")
    assert "Type: Hard Disk (read-only)" in out, out
    addr = scratch(c, 64 * 1024)
    assert c.run_ok(f"virtio read {addr:x} 0 80") == read_line(0, 0, 128, 128)
    out = c.run_fail(f"virtio write {addr:x} 0 1")
    assert out == ("virtio write: virtio device 0 is read-only\n" +
                   write_line(0, 0, 1, 0, ok=False)), out
    c.close()
    with open(img, "rb") as f:
        assert f.read() == data


@pytest.mark.boards("qemu_arm64")
def test_virtio_blk_qemu_two_disks(ember_spawn, tmp_path):
    """One disk on virtio-mmio, one on virtio-pci: 'virtio 0' and 1 in the
    order of the transports (virtio-mmio first), each its own"""
    a, b = tmp_path / "a.img", tmp_path / "b.img"
    da = make_image(a, seed=1)
    db = make_image(b, size=IMG_SIZE // 2, seed=2)
    c = ember_spawn(["-drive", f"file={a},if=none,format=raw,id=d0",
                     "-device", "virtio-blk-device,drive=d0,serial=EMBER-A",
                     "-drive", f"file={b},if=none,format=raw,id=d1",
                     "-device", "virtio-blk-pci,drive=d1,serial=EMBER-B"])
    info = c.run_ok("virtio info")
    disks = DISK_RE.findall(info)
    assert [(d[0], d[7]) for d in disks] == [
        ("0", str(BLOCKS)), ("1", str(BLOCKS // 2))], info
    assert "Serial: EMBER-A" in info and "Serial: EMBER-B" in info, info
    addr = scratch(c, IMG_SIZE)
    c.run_ok("virtio dev 1")
    c.run_ok(f"virtio read {addr:x} 0 {BLOCKS // 2:x}")
    assert crc_of(c, addr, IMG_SIZE // 2) == zlib.crc32(db)
    c.run_ok("virtio dev 0")
    c.run_ok(f"virtio read {addr:x} 0 {BLOCKS:x}")
    assert crc_of(c, addr, IMG_SIZE) == zlib.crc32(da)


NAP_RE = re.compile(r"vq 0: .*kicks \d+ \(nudges \d+\)"
                    r"(?:, naps (\d+) \(timer (\d+)\))?")


def naps(console, seq):
    """(naps, naps the timer ended) of virtio device @seq's queue 0, or
    None when it never napped"""
    out = console.run_ok(f"virtio info {seq}")
    m = NAP_RE.search(out)
    assert m, out
    return (int(m.group(1)), int(m.group(2))) if m.group(1) else None


# case: (transport, machine options, whether it naps)
NAP_CASES = {
    "mmio-legacy": ("mmio-legacy", [], True),
    "pci-modern": ("pci-modern", [], True),
    "pci-legacy": ("pci-legacy", [], True),
    "mmio-modern-gicv3": ("mmio-modern", ["-M", "gic-version=3"], True),
    "pci-modern-gicv3": ("pci-modern", ["-M", "gic-version=3"], True),
    "mmio-legacy-secure": ("mmio-legacy", ["-M", "secure=on"], False),
}


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("case", list(NAP_CASES))
def test_virtio_blk_qemu_naps(ember_spawn, tmp_path, case):
    """Reads of 512 KiB or more nap (WFI until the disk's interrupt) with
    QEMU's default GICv2 and with a GICv3: on virtio-mmio (its edge SPI)
    and on virtio-pci (INTx, level, through the host bridge's
    interrupt-map). They poll where the GIC's interrupts are the secure
    side's (secure=on: Ember drops from EL3 to the non-secure side, which
    cannot enable them; a nap there would never end): the same bytes
    either way. A read of 2 MiB into memory already touched takes QEMU
    well under the 1 ms a nap lasts at most, so their naps end with the
    disk's interrupt, not the timer (most of them on an idle host): were
    the interrupt not routed, every nap would last until the timer; were
    it left enabled after the reads, the GIC would show it."""
    size = 16 * 1024 * 1024
    img = tmp_path / "disk.img"
    data = make_image(img, size=size)
    transport, machine, napping = NAP_CASES[case]
    c = ember_spawn(machine + qemu_drive(img, readonly=True) +
                    QEMU_TRANSPORTS[transport][1])
    addr = scratch(c, size)
    out = c.run_ok(f"virtio read {addr:x} 0 {size // 512:x}", timeout=60)
    said = ("intc@8000000: interrupt 79 stays disabled (a secure one?): "
            "no naps, waits poll\n")
    if napping:
        assert out == read_line(0, 0, size // 512, size // 512), out
    else:
        # The warning comes with the first nap the driver tries, and a read
        # the disk finished before the driver first looked tries none (a
        # vCPU thread descheduled on a busy host): reads of 2 MiB go on
        # until it comes, at most 200 of them. It comes once.
        outs = [out]
        while said not in outs[-1] and len(outs) <= 200:
            outs.append(c.run_ok(f"virtio read {addr:x} 0 1000"))
        lines = [read_line(0, 0, size // 512, size // 512)] + \
            [read_line(0, 0, 0x1000, 0x1000)] * (len(outs) - 1)
        lines[-1] = said + lines[-1]
        assert outs == lines, outs
    assert crc_of(c, addr, size) == zlib.crc32(data)
    seq = re.search(r"^\s*(\d+)\s.*\bvirtio-blk\s+ready$",
                    c.run_ok("virtio info"), re.M).group(1)
    before = naps(c, seq)
    if not napping:
        assert before is None
        return
    before = before or (0, 0)
    # A read the disk finished before the driver first looked does not
    # nap: on virtio-pci, where QEMU 7.2 under TCG takes the notification
    # in the vCPU's own thread, even reads of 2 MiB (four requests) napped
    # only 3 times in 40 after other tests, and 20 times in 20 alone. How
    # many naps last until the timer depends on the host: with one other
    # busy process on this machine's two cores QEMU's threads wait for a
    # core, and 8 naps in 13 (11 in 19) did. So reads go on until 10 naps
    # have ended with the interrupt, at most 400 of them (about 4 s alone)
    count = timer = 0
    for _ in range(40):
        for _ in range(10):
            c.run_ok(f"virtio read {addr:x} 0 1000")
        after = naps(c, seq)
        count, timer = after[0] - before[0], after[1] - before[1]
        if count - timer >= 10:
            break
    assert count - timer >= 10, (before, after)
    # Between waits no SPI is enabled at the GIC (GICD_ISENABLER1-3, at the
    # same offset on a GICv2 and a GICv3), so none is pending and enabled
    # (GICD_ISPENDR1-3): the edge or line that ended a nap, or one the
    # device raised after the wait (CI saw one, once), would otherwise end
    # every other device's nap at once
    words = {}
    for name, reg in (("enabled", 0x8000104), ("pending", 0x8000204)):
        out = c.run_ok(f"md.l {reg:x} 3")
        words[name] = [int(w, 16) for w in out.split(":")[1].split()[:3]]
    assert words["enabled"] == [0] * 3, words
    assert all(e & p == 0 for e, p in zip(*words.values())), words


# ------------------------------------------------------------ sandbox
@pytest.mark.boards("sandbox")
def test_virtio_blk_sandbox_files(ember_spawn, tmp_path):
    """--virtio-blk: the Nth file is virtio N-1, over virtio-mmio (0, 1) and
    virtio-pci (2, 3, 4); the models write them"""
    files = [tmp_path / f"d{i}.img" for i in range(5)]
    data = [make_image(f, seed=i) for i, f in enumerate(files)]
    args = []
    for f in files:
        args += ["--virtio-blk", str(f)]
    c = ember_spawn(args)
    info = c.run_ok("virtio info")
    disks = DISK_RE.findall(info)
    assert [(d[0], d[7], d[8]) for d in disks] == [
        (str(i), str(BLOCKS), "512") for i in range(5)], info
    addr = scratch(c, 2 * IMG_SIZE)
    for i in (0, 1, 2, 3, 4):
        check_disk(c, i, data[i], addr)
        with open(files[i], "rb") as f:
            f.seek(1024 * 1024)
            assert f.read(4096) == data[i][:4096]


@pytest.mark.boards("sandbox")
def test_virtio_blk_sandbox_readonly(ember_spawn, tmp_path):
    img = tmp_path / "ro.img"
    data = make_image(img, size=64 * 1024)
    os.chmod(img, 0o444)
    c = ember_spawn(["--virtio-blk-ro", str(img)])
    out = c.run_ok("virtio dev 0")
    assert "Type: Hard Disk (read-only)" in out, out
    addr = scratch(c, 64 * 1024)
    c.run_ok(f"virtio read {addr:x} 0 80")
    assert crc_of(c, addr, 64 * 1024) == zlib.crc32(data)
    out = c.run_fail(f"virtio write {addr:x} 0 1")
    assert out == ("virtio write: virtio device 0 is read-only\n" +
                   write_line(0, 0, 1, 0, ok=False)), out


@pytest.mark.boards("sandbox")
def test_virtio_blk_sandbox_default(ember):
    """Without files: five disks of 4 MiB of zeroes, one per transport"""
    info = ember.run_ok("virtio info")
    disks = DISK_RE.findall(info)
    assert [(d[0], d[1], d[3:9]) for d in disks] == [
        ("0", "554d4245", ("4", "0", "0", "0", "8192", "512")),
        ("1", "554d4245", ("4", "0", "0", "0", "8192", "512")),
        ("2", "1af4", ("4", "0", "0", "0", "8192", "512")),
        ("3", "1af4", ("4", "0", "0", "0", "8192", "512")),
        ("4", "1af4", ("4", "0", "0", "0", "8192", "512")),
    ], info
    assert "            Serial: emul-blk\n" in info, info
    out = ember.run_ok("virtio part")
    assert out == "\nno virtio partition table available", out


# ------------------------------------------------------------ both boards
def disk_console(ember, ember_spawn, tmp_path):
    """A console with one 64 KiB disk as 'virtio 0', and its bytes"""
    img = tmp_path / "disk.img"
    data = make_image(img, size=64 * 1024)
    if ember.board == "sandbox":
        return ember_spawn(["--virtio-blk", str(img)]), data
    return ember_spawn(qemu_drive(img) + QEMU_TRANSPORTS["pci-modern"][1]), \
        data


def test_virtio_blk_device(ember, ember_spawn, tmp_path):
    c, _ = disk_console(ember, ember_spawn, tmp_path)
    out = c.run_ok("virtio device")
    assert re.fullmatch(r"\nvirtio device 0: [0-9a-f]+ VirtIO Block Device\n"
                        r" {12}Type: Hard Disk\n"
                        r" {12}Capacity: 0\.0 MB = 0\.0 GB \(128 x 512\)"
                        r"(\n {12}Serial: .*)?", out), out
    out = c.run_ok("virtio dev 0")
    assert out.startswith("\nDevice 0: ") and \
        out.endswith("\n... is now current device"), out
    out = c.run_fail("virtio dev 9")
    assert out == "\nDevice 9: unknown device", out
    # The current disk stays 0
    assert c.run_ok("virtio device").startswith("\nvirtio device 0: ")


def test_virtio_blk_bad_input(ember, ember_spawn, tmp_path):
    c, _ = disk_console(ember, ember_spawn, tmp_path)
    addr = scratch(c, 64 * 1024)
    for bad in ("virtio read", f"virtio read {addr:x} 0",
                f"virtio write {addr:x}", f"virtio read {addr:x} 0 1 2",
                "virtio part 0 1", "virtio device 0 1"):
        assert_usage(c.run_fail(bad), "virtio")
    assert "invalid number 'x'" in c.run_fail("virtio read x 0 1")
    assert "invalid number 'zz'" in c.run_fail(f"virtio read {addr:x} zz 1")
    assert "invalid number 'y'" in c.run_fail("virtio dev y")
    # Past the end of the disk: refused before the device sees it
    out = c.run_fail(f"virtio read {addr:x} 7f 2")
    assert out == "virtio read: blocks 0x7f+0x2 are past the end of the " \
        "device (0x80 blocks)", out
    # Memory: outside RAM, or over Ember itself, as tftpboot refuses it
    out = c.run_fail("virtio read 0 0 1")
    assert out.startswith("virtio read: 0x0..0x1ff is outside RAM"), out
    layout = Layout(*[parse_bdinfo(c.run_ok("bdinfo"))[k] for k in (
        "-> start", "-> size", "relocaddr", "reloc end", "fdt_blob",
        "fdt_size", "loadaddr")])
    out = c.run_fail(f"virtio read {layout.reloc_addr:x} 0 1")
    assert "would overwrite Ember's code, data, heap and stack" in out, out
    # A write's source must be RAM (QEMU's flash at 0 is a device window)
    out = c.run_fail("virtio write 0 0 1")
    assert re.match(r"virtio write: 0x0\.\.0x1ff is (outside RAM|not RAM)",
                    out), out
    # Nothing read and nothing written: zero blocks is fine
    assert c.run_ok(f"virtio read {addr:x} 0 0") == read_line(0, 0, 0, 0)


def test_virtio_blk_no_table(ember, ember_spawn, tmp_path):
    c, _ = disk_console(ember, ember_spawn, tmp_path)
    out = c.run_ok("virtio part")
    assert out == "\nno virtio partition table available", out
    out = c.run_fail("virtio part 9")
    assert out == "\nvirtio device 9 not available", out
    c.run_fail("virtio part 0")     # no table: the partition code says so
