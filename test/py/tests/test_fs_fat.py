# SPDX-License-Identifier: Apache-2.0 OR MIT
"""ls, load, size and fstype on FAT12, FAT16 and FAT32 volumes made by
Debian's mkfs.vfat and mtools (fatdisk.py), bound as sandbox block
devices with 'host bind': whole disks and inside an MBR partition; long
names, subdirectories, empty and multi-MiB files, byte-exact loads; then
volumes damaged on purpose, which must give one line saying what is
wrong and the prompt back."""

import re
import shutil
import zlib

import pytest

from fatdisk import Fat, mkfat, pattern, run, with_mbr
from fscmd import env, fail, host, load_ok, mem_crc, ok  # noqa: F401 (host)

pytestmark = pytest.mark.boards("sandbox")

BIG = 3 << 20
FILES = [
    ("hello.txt", b"hello, world\n"),
    ("A long file name.txt", pattern(300, 2)),
    ("big.bin", pattern(BIG, 3)),
    ("sub/Inner File.bin", pattern(3000, 4)),
    ("sub/empty", b""),
    ("sub/deeper/UPPER.TXT", b"UPPER\n"),
]
DATA = dict(FILES)
DIRS = ["sub", "sub/deeper"]
# bits: (KiB, sectors per cluster or None for mkfs.vfat's choice)
SHAPES = {12: (4096, None), 16: (8192, 2), 32: (34000, 1)}

ROOT_LS = """\
            sub/
       13   hello.txt
      300   A long file name.txt
  3145728   big.bin

3 file(s), 1 dir(s)

"""
SUB_LS = """\
            ./
            ../
            deeper/
     3000   Inner File.bin
        0   empty

2 file(s), 3 dir(s)

"""


@pytest.fixture(scope="module")
def volumes(tmp_path_factory):
    """{bits: image path}: one volume of each type, made once."""
    if not shutil.which("mkfs.vfat", path="/usr/sbin:/sbin:/usr/bin") or \
            not shutil.which("mcopy"):
        pytest.skip("dosfstools and mtools are not installed (scripts/deps)")
    tmp = tmp_path_factory.mktemp("fat")
    return {bits: mkfat(tmp / f"fat{bits}.img", bits, kib, FILES, DIRS,
                        spc=spc, label="EMBER")
            for bits, (kib, spc) in SHAPES.items()}


@pytest.fixture
def copy(volumes, tmp_path):
    """copy(bits): a copy of that volume, for a test to damage."""
    def make(bits):
        dst = tmp_path / f"fat{bits}-copy.img"
        shutil.copyfile(volumes[bits], dst)
        return str(dst)
    return make


@pytest.mark.parametrize("bits", [12, 16, 32])
def test_ls(ember, host, volumes, bits):
    host(volumes[bits])
    assert ok(ember, "ls host 0:0") == ROOT_LS
    assert ok(ember, "ls host 0:0 /sub") == SUB_LS
    assert ok(ember, "ls host 0:0 sub/deeper/") == (
        "            ./\n            ../\n        6   UPPER.TXT\n\n"
        "1 file(s), 2 dir(s)\n\n")
    # Case-insensitive, '.' and '..'
    assert ok(ember, "ls host 0:0 /SUB/./Deeper/../..") == ROOT_LS


@pytest.mark.parametrize("bits", [12, 16, 32])
def test_load_byte_exact(ember, host, layout, volumes, bits):
    host(volumes[bits])
    addr = layout.scratch(BIG)
    for name, data in FILES:
        assert load_ok(ember, addr, name, dev="0:0") == len(data), name
        if data:
            assert mem_crc(ember, addr, len(data)) == zlib.crc32(data), name


@pytest.mark.parametrize("bits", [12, 32])
def test_load_bytes_pos(ember, host, layout, volumes, bits):
    """bytes and pos, in hex: a part from inside a cluster, the rest of a
    file, nothing from its end; a position past the end is an error."""
    host(volumes[bits])
    addr = layout.scratch(BIG)
    data = DATA["big.bin"]
    for nbytes, pos in [(0x100, 0x20), (0x1234, 0x1ff), (0, 0x2ff000),
                        (0x10, len(data) - 4), (0, len(data))]:
        want = data[pos:pos + nbytes] if nbytes else data[pos:]
        got = load_ok(ember, addr, "big.bin", f"{nbytes:x} {pos:x}",
                      dev="0:0")
        assert got == len(want)
        if want:
            assert mem_crc(ember, addr, len(want)) == zlib.crc32(want)
    out = fail(ember, f"load host 0:0 {addr:x} big.bin 0 {len(data) + 1:x}")
    assert out == (f"host 0: 'big.bin': position {len(data) + 1:#x} is past "
                   f"its end ({len(data):#x} bytes)\n")


def test_load_defaults(ember, host, layout, volumes):
    """addr from loadaddr, the file from bootfile."""
    host(volumes[16])
    ok(ember, "setenv bootfile /sub/Inner\\ File.bin")
    try:
        out = ok(ember, "load host 0:0")
        assert out.startswith("3000 bytes read in ")
        assert int(env(ember, "fileaddr"), 16) == layout.loadaddr
        assert mem_crc(ember, layout.loadaddr, 3000) == \
            zlib.crc32(DATA["sub/Inner File.bin"])
        ok(ember, "setenv bootfile")
        assert fail(ember, "load host 0:0") == \
            "load: no file name ('bootfile' is not set)\n"
    finally:
        ember.run("setenv bootfile")


def test_load_refuses_reserved(ember, host, layout, volumes):
    """As tftpboot: never over Ember itself, nor past the end of RAM;
    nothing is read and filesize keeps its value."""
    host(volumes[12])
    ok(ember, "setenv filesize 1234")
    out = fail(ember, f"load host 0:0 {layout.reloc_addr:x} big.bin")
    end = layout.reloc_addr + BIG - 1
    assert out == (f"load: {layout.reloc_addr:#x}..{end:#x} would overwrite "
                   "Ember's code, data, heap and stack\n")
    addr = layout.ram_end - 0x1000
    out = fail(ember, f"load host 0:0 {addr:x} big.bin")
    assert "is outside RAM" in out, out
    assert env(ember, "filesize") == "1234"


@pytest.mark.parametrize("bits", [12, 16, 32])
def test_size_fstype(ember, host, volumes, bits):
    host(volumes[bits])
    for name, data in FILES:
        ok(ember, f'size host 0:0 "{name}"')
        assert int(env(ember, "filesize"), 16) == len(data), name
    # A directory is 0, as in U-Boot
    ok(ember, "size host 0:0 /sub/deeper")
    assert env(ember, "filesize") == "0"
    assert ok(ember, "fstype host 0:0") == "fat\n"
    ok(ember, "fstype host 0:0 v")
    assert env(ember, "v") == "fat"
    ember.run("setenv v")


@pytest.mark.parametrize("bits", [12, 16, 32])
def test_fatinfo_fatsize(ember, host, tmp_path, bits):
    """fatinfo: U-Boot's lines for the disk, then the FAT's type and the
    label of its boot sector (11 characters, blank-padded); fatsize is
    size, for FAT only"""
    kib, spc = SHAPES[bits]
    path = mkfat(tmp_path / "v.img", bits, kib, [("f.txt", b"12345")],
                 spc=spc, label="MYDISK")
    host(path)
    sectors = kib * 2
    mb = sectors * 10 // 2048
    assert ok(ember, "fatinfo host 0:0") == (
        "Interface:  host\n"
        "  Device 0: host file\n"
        "            Type: Hard Disk\n"
        f"            Capacity: {mb // 10}.{mb % 10} MB = 0.0 GB "
        f"({sectors} x 512)\n"
        f'Filesystem: FAT{bits} "MYDISK     "\n')
    ok(ember, "fatsize host 0:0 /f.txt")
    assert env(ember, "filesize") == "5"
    assert fail(ember, "ext4size host 0:0 /f.txt") == \
        "host 0:0: not an ext4 filesystem\n"
    # No extended boot signature: no label to show
    with open(path, "r+b") as f:
        f.seek(66 if bits == 32 else 38)
        f.write(b"\0")
    host(path)
    assert ok(ember, "fatinfo host 0:0").endswith(
        f'Filesystem: FAT{bits} ""\n')
    assert ember.run_fail("fatinfo").startswith("fatinfo - ")


def test_errors(ember, host, layout, volumes):
    host(volumes[12])
    addr = layout.scratch()
    assert fail(ember, "ls host 0:0 /nothing") == \
        "host 0: '/nothing': no such file or directory\n"
    assert fail(ember, "ls host 0:0 /hello.txt") == \
        "host 0: '/hello.txt': a component is not a directory\n"
    assert fail(ember, f"load host 0:0 {addr:x} /sub") == \
        "host 0: '/sub' is a directory\n"
    assert fail(ember, "size host 0:0 /hello.txt/x") == \
        "host 0: '/hello.txt/x': a component is not a directory\n"
    assert fail(ember, "load host 0:0 4g0 hello.txt") == \
        "load: invalid number '4g0'\n"
    assert fail(ember, "fatload host 0:0 0 hello.txt 1 x") == \
        "fatload: invalid number 'x'\n"
    assert ember.run_fail("size host 0:0").startswith("size - ")


def test_not_fat(ember, host, tmp_path):
    """A disk of zeros holds no filesystem: said, and nothing else."""
    img = tmp_path / "zero.img"
    with open(img, "wb") as f:
        f.truncate(1 << 20)
    host(img)
    assert fail(ember, "ls host 0:0") == \
        "host 0:0: no filesystem recognised\n"
    assert fail(ember, "fatls host 0:0") == \
        "host 0:0: not a fat filesystem\n"


def test_small_fat32(ember, host, volumes, tmp_path):
    """mkfs.vfat -F 32 below 65525 clusters (it warns): FAT32 by the shape
    of its BPB, as Linux and U-Boot read it, not FAT16 by its count."""
    path = mkfat(tmp_path / "small32.img", 32, 1024, label="SMALL")
    assert Fat(path).nclusters < 65525
    host(path)
    assert ok(ember, "ls host 0:0") == "\n0 file(s), 0 dir(s)\n\n"
    assert ok(ember, "fstype host 0:0") == "fat\n"


@pytest.mark.parametrize("bits", [12, 32])
def test_mbr_partition(ember, host, layout, volumes, tmp_path, bits):
    """The volume as partition 1 of an MBR disk made by sfdisk."""
    host(with_mbr(volumes[bits], tmp_path / "disk.img"))
    assert ok(ember, "ls host 0:1") == ROOT_LS
    assert ok(ember, "ls host 0 /sub") == SUB_LS
    assert ok(ember, "fstype host 0:1") == "fat\n"
    addr = layout.scratch(BIG)
    assert load_ok(ember, addr, "big.bin", dev="0:1") == BIG
    assert mem_crc(ember, addr, BIG) == zlib.crc32(DATA["big.bin"])
    assert ok(ember, "fatls host 0:1 sub/deeper").endswith(
        "1 file(s), 2 dir(s)\n\n")


# ------------------------------------------------------- damaged volumes

def damaged(ember, host, path, cmd, msg):
    """@cmd on the damaged volume fails with @msg; the board lives on."""
    host(path)
    assert fail(ember, cmd) == msg
    assert ok(ember, "echo alive") == "alive\n"


@pytest.mark.parametrize("bits", [12, 16, 32])
def test_damaged_out_of_range(ember, host, layout, copy, bits):
    path = copy(bits)
    fat = Fat(path)
    _, first, _ = fat.find("BIG.BIN")
    second = fat.chain(first)[1]
    bad = fat.nclusters + 5
    fat.set(second, bad)
    addr = layout.scratch(BIG)
    damaged(ember, host, path, f"load host 0:0 {addr:x} big.bin",
            f"host 0: FAT: 'big.bin': cluster {second:#x} links to an "
            f"out-of-range cluster ({bad:#x}; clusters are 0x2.."
            f"{fat.nclusters + 1:#x})\n")


# (from, to): the link from chain[from] goes back to chain[to]. The chain
# is contiguous, so each loop is a rising stretch that falls back: the
# reader follows such stretches many links at a time, and must find the
# loop wherever it closes against Brent's power-of-two marks.
LOOPS = [(5, 2), (0, 0), (1, 0), (63, 0), (64, 0), (65, 31), (300, 299),
         (-1, 0), (-2, -200)]


@pytest.mark.parametrize("bits", [12, 16, 32])
@pytest.mark.parametrize("loop", LOOPS, ids=lambda x: f"{x[0]}to{x[1]}")
def test_damaged_loop(ember, host, layout, copy, bits, loop):
    path = copy(bits)
    fat = Fat(path)
    _, first, _ = fat.find("BIG.BIN")
    chain = fat.chain(first)
    if max(loop) >= len(chain) or max(-x for x in loop) > len(chain):
        pytest.skip(f"the chain has {len(chain)} clusters")
    fat.set(chain[loop[0]], chain[loop[1]])
    host(path)
    out = fail(ember, f"load host 0:0 {layout.scratch(BIG):x} big.bin")
    assert out == ("host 0: FAT: 'big.bin': its cluster chain loops "
                   f"({brent(fat, first, len(chain))})\n"), out
    # The first clusters read when the loop is not among them
    if loop[0] % len(chain) >= 2:
        ok(ember, f"load host 0:0 {layout.scratch(BIG):x} big.bin 100")


def brent(fat, first, clusters):
    """What lib/fs/fat.c says of a chain that loops, found one link at a
    time: the links a file of @clusters clusters needs, then about three
    times as many (Brent's method: the cluster at each power-of-two step
    is the mark, and meeting it is the loop)."""
    table = fat.read(fat.fat_off, fat.fat_secs * fat.bps)
    eoc = {12: 0xff8, 16: 0xfff8, 32: 0x0ffffff8}[fat.bits]

    def entry(cl):
        if fat.bits == 12:
            v = int.from_bytes(table[cl * 3 // 2:cl * 3 // 2 + 2], "little")
            return v >> 4 if cl & 1 else v & 0xfff
        w = fat.bits // 8
        return int.from_bytes(table[cl * w:cl * w + w], "little") & 0x0fffffff

    cur = mark = first
    steps, power, lam, limit = 0, 1, 0, None
    while True:
        if limit is None and steps == clusters - 1:
            limit = 3 * steps + 2
        assert limit is None or steps < limit, "no loop found"
        nxt = entry(cur)
        assert nxt < eoc, "the chain ends"
        if nxt == mark:
            return f"cluster {nxt:#x} reached again, from {cur:#x}"
        steps += 1
        if steps >= fat.nclusters:
            return f"longer than the volume's {fat.nclusters} clusters"
        lam += 1
        if lam == power:
            mark, power, lam = nxt, power << 1, 0
        cur = nxt


def test_damaged_short_chain(ember, host, layout, copy):
    """The size says more than the chain holds."""
    path = copy(16)
    fat = Fat(path)
    off, first, _ = fat.find("HELLO.TXT")
    fat.write(off + 28, (fat.clsize * 3).to_bytes(4, "little"))
    damaged(ember, host, path, f"load host 0:0 {layout.scratch():x} hello.txt",
            f"host 0: FAT: 'hello.txt': {fat.clsize * 3} bytes, but its "
            f"cluster chain holds only {fat.clsize}\n")


@pytest.mark.parametrize("bits", [12, 32])
def test_damaged_dir_loop(ember, host, copy, tmp_path, bits):
    """A directory whose first cluster is full and links to itself: no
    end entry ever comes."""
    path = copy(bits)
    fat = Fat(path)
    per_cluster = fat.clsize // 32
    with open(tmp_path / "f", "wb") as f:
        f.write(b"x")
    for i in range(per_cluster + 2):
        run("mcopy", "-i", path, str(tmp_path / "f"),
            f"::/sub/deeper/F{i}.TXT")
    _, dcl, _ = fat.find("SUB/DEEPER")
    fat.set(dcl, dcl)
    host(path)
    # The entries of the first cluster are listed, then the loop is found
    out = fail(ember, "ls host 0:0 /sub/deeper")
    assert out.startswith("            ./\n            ../\n"), out
    assert out.endswith(f"\nhost 0: FAT: 'deeper': its cluster chain loops "
                        f"(cluster {dcl:#x} reached again, "
                        f"from {dcl:#x})\n"), out
    assert "file(s)" not in out
    damaged(ember, host, path, "load host 0:0 0 sub/deeper/nothing",
            f"host 0: FAT: 'deeper': its cluster chain loops (cluster "
            f"{dcl:#x} reached again, from {dcl:#x})\n")


def test_damaged_bpb(ember, host, copy):
    """Zero sectors per cluster."""
    path = copy(12)
    fat = Fat(path)
    fat.write(13, b"\0")
    damaged(ember, host, path, "ls host 0:0",
            "host 0: FAT: bad BPB: 0 sectors per cluster (a power of 2 "
            "from 1 to 128)\n")
    assert fail(ember, "fstype host 0:0") == \
        "host 0: FAT: bad BPB: 0 sectors per cluster (a power of 2 " \
        "from 1 to 128)\n"


def test_damaged_first_cluster(ember, host, copy):
    """A directory entry whose first cluster is past the volume."""
    path = copy(16)
    fat = Fat(path)
    off, _, _ = fat.find("HELLO.TXT")
    fat.write(off + 26, (0xfff0).to_bytes(2, "little"))
    damaged(ember, host, path, "size host 0:0 hello.txt",
            f"host 0: FAT: 'hello.txt': first cluster 0xfff0 out of range "
            f"(clusters are 0x2..{fat.nclusters + 1:#x})\n")
