# SPDX-License-Identifier: Apache-2.0 OR MIT
"""fatwrite and save on FAT12, FAT16 and FAT32 volumes made by Debian's
mkfs.vfat and mtools: new files (8.3 and long names, their aliases),
files written over, shortened, extended from a position, directories
grown by a cluster; then checked by Debian's own tools: fsck.fat -n must
find nothing wrong, mtools must read back the bytes written. A full
volume, a full FAT16 root, a bad name, a position past the end: one line
each, the volume unchanged."""

import hashlib
import os
import re
import shutil
import subprocess

import pytest

from fatdisk import ENV, Fat, mkfat, pattern, with_mbr
from fscmd import fail, host, ok  # noqa: F401 (host)

# bits: (KiB, sectors per cluster)
SHAPES = {12: (4096, None), 16: (8192, 2), 32: (34000, 1)}


@pytest.fixture(autouse=True)
def tools():
    if not shutil.which("fsck.fat", path="/usr/sbin:/sbin:/usr/bin") or \
            not shutil.which("mtype"):
        pytest.skip("dosfstools and mtools are not installed (scripts/deps)")


def fsck(path):
    """fsck.fat -n: nothing to say but its summary, exit 0"""
    r = subprocess.run(["fsck.fat", "-n", str(path)], capture_output=True,
                       text=True, env=ENV)
    lines = [line for line in r.stdout.split("\n")
             if line and not line.startswith("fsck.fat ")
             and not line.startswith(os.path.basename(str(path)) + ":")
             and str(path) not in line]
    assert r.returncode == 0 and not lines, r.stdout + r.stderr


def mread(path, name):
    return subprocess.run(["mtype", "-i", str(path), "::" + name],
                          capture_output=True, check=True, env=ENV).stdout


def mdir(path, d="/"):
    return subprocess.run(["mdir", "-i", str(path), "::" + d],
                          capture_output=True, check=True, text=True,
                          env=ENV).stdout




def write_mem(ember, addr, data, tmp_path):
    """@data at @addr: loaded from a FAT helper disk bound as host 1"""
    src = mkfat(tmp_path / "src.img", 32, 65536, [("d.bin", data)])
    ember.run_ok(f"host bind 1 {src}")
    if data:
        ember.run_ok(f"load host 1 {addr:x} d.bin")
    ember.run("host unbind 1")


def volume(tmp_path, bits, files=(), dirs=()):
    kib, spc = SHAPES[bits]
    return mkfat(tmp_path / f"v{bits}.img", bits, kib, files, dirs, spc=spc)


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("bits", [12, 16, 32])
def test_write_new_files(ember, host, layout, tmp_path, bits):
    """Sizes around a cluster, 8.3 names and long ones, in the root and
    in a subdirectory, each read back by mtools; fsck finds the volume
    sound"""
    path = volume(tmp_path, bits, dirs=["sub"])
    addr = layout.scratch(0x400000)
    data = pattern(0x300000, bits)
    write_mem(ember, addr, data, tmp_path)
    host(path)
    files = {"EMPTY.TXT": 0, "ONE": 1, "CLUSTER.BIN": 2048,
             "big file name.bin": 0x300000, "sub/Inner Name.dat": 5000,
             "sub/x.y": 4097, "with space & (paren).Txt": 33,
             ".hidden": 2, "a.b.c.d": 3, "boot.scr": 7, "README.txt": 8}
    for name, size in files.items():
        out = ok(ember, f'fatwrite host 0 {addr:x} "{name}" {size:x}')
        assert out.startswith(f"{size} bytes written in "), out
    ember.run("host unbind 0")
    fsck(path)
    for name, size in files.items():
        assert mread(path, name) == data[:size], name
    listing = mdir(path)
    assert "BIGFIL~1 BIN" in listing and "big file name.bin" in listing
    assert "EMPTY    TXT" in listing
    # One case in each part: no long name, the case in DIR_NTRes (mdir
    # shows such a name in its 8.3 columns only, as Linux writes it)
    lines = {line.split()[0]: line for line in listing.split("\n")
             if line[:1].strip()}
    assert re.fullmatch(r"boot     scr +7 \S+ +\S+", lines["boot"].rstrip())
    assert re.fullmatch(r"README   txt +8 \S+ +\S+",
                        lines["README"].rstrip())


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("bits", [12, 16, 32])
def test_write_over(ember, host, layout, tmp_path, bits):
    """Written over: longer, shorter, from a position inside (the file
    then ends after what was written), at its end (appended), empty"""
    path = volume(tmp_path, bits, files=[("f.bin", pattern(10000, 9))])
    addr = layout.scratch(0x100000)
    data = pattern(0x40000, 5)
    write_mem(ember, addr, data, tmp_path)
    host(path)
    want = pattern(10000, 9)
    for size, pos in ((30000, 0), (100, 0), (5000, 0x10), (3000, 0x1388),
                      (7000, 0x800), (0, 0x3e8), (0, 0), (2049, 0)):
        ok(ember, f"save host 0 {addr:x} f.bin {size:x} {pos:x}")
        assert pos <= len(want)
        want = want[:pos] + data[:size]
        ember.run("host unbind 0")
        fsck(path)
        assert mread(path, "f.bin") == want, (size, pos)
        host(path)
    ok(ember, "size host 0 f.bin")
    assert int(ember.run_ok("echo $filesize"), 16) == len(want)


@pytest.mark.boards("sandbox")
def test_write_grows_directory(ember, host, layout, tmp_path):
    """Enough long names that a subdirectory of one 512-byte cluster grows
    by clusters (zeroed before they are linked); each alias unique"""
    path = volume(tmp_path, 32, dirs=["d"])
    # Free clusters that are not zero: a file of 0xff written, deleted
    junk = tmp_path / "junk"
    junk.write_bytes(b"\xff" * (4 << 20))
    subprocess.run(["mcopy", "-i", str(path), str(junk), "::/junk"],
                   check=True, env=ENV)
    subprocess.run(["mdel", "-i", str(path), "::/junk"], check=True,
                   env=ENV)
    addr = layout.scratch()
    write_mem(ember, addr, b"x" * 64, tmp_path)
    host(path)
    names = [f"a rather long file name number {i}.text" for i in range(40)]
    for i, name in enumerate(names):
        ok(ember, f'fatwrite host 0 {addr:x} "d/{name}" {i + 1:x}')
    ember.run("host unbind 0")
    fsck(path)
    listing = mdir(path, "/d")
    for i, name in enumerate(names):
        assert name in listing
        assert mread(path, "d/" + name) == b"x" * (i + 1)
    aliases = [line.split()[0] for line in listing.split("\n")
               if "a rather long" in line]
    assert len(set(aliases)) == 40
    # Nothing but them: no 0xff slot came alive in the grown clusters
    assert len([line for line in listing.split("\n")
                if line[:1].strip()]) == 40 + 3, listing


@pytest.mark.boards("sandbox")
def test_write_aliases(ember, host, layout, tmp_path):
    """An alias mtools gave is not given again; a file written through
    its alias is the same file"""
    path = volume(tmp_path, 16, files=[("big file one.bin", b"1")])
    assert "BIGFIL~1 BIN" in mdir(path)
    addr = layout.scratch()
    write_mem(ember, addr, b"abcdefgh", tmp_path)
    host(path)
    ok(ember, f'fatwrite host 0 {addr:x} "big file two.bin" 3')
    ok(ember, f"fatwrite host 0 {addr:x} BIGFIL~1.BIN 5")
    ember.run("host unbind 0")
    fsck(path)
    listing = mdir(path)
    assert "BIGFIL~2 BIN" in listing and "big file two.bin" in listing
    assert mread(path, "big file one.bin") == b"abcde"
    assert mread(path, "big file two.bin") == b"abc"
    assert listing.count("big file") == 2


@pytest.mark.boards("sandbox")
def test_write_one_fat(ember, host, layout, tmp_path):
    """A volume with one FAT (mkfs.vfat -f 1)"""
    path = str(tmp_path / "one.img")
    subprocess.run(["mkfs.vfat", "-f", "1", "-C", path, "4096"], check=True,
                   env=ENV, stdout=subprocess.DEVNULL)
    addr = layout.scratch()
    write_mem(ember, addr, pattern(5000, 4), tmp_path)
    host(path)
    ok(ember, f"fatwrite host 0 {addr:x} one.bin 1388")
    ember.run("host unbind 0")
    fsck(path)
    assert mread(path, "one.bin") == pattern(5000, 4)


@pytest.mark.boards("sandbox")
def test_write_after_end_marker(ember, host, layout, tmp_path):
    """Slots past a directory's end marker are free, whatever they hold:
    one taken moves the marker after it, so what follows stays dead"""
    path = volume(tmp_path, 16, files=[("A.TXT", b"a")])
    fat = Fat(path)
    stale = b"STALE   BIN" + bytes(21)
    fat.write(fat.root_off + 2 * 32, stale)     # slot 2, after the end
    addr = layout.scratch()
    write_mem(ember, addr, b"new", tmp_path)
    host(path)
    ok(ember, f"fatwrite host 0 {addr:x} NEW.TXT 3")
    out = ok(ember, "fatls host 0")
    assert "NEW.TXT" in out and "STALE" not in out, out
    ember.run("host unbind 0")
    assert fat.read(fat.root_off + 2 * 32, 1) == b"\0"
    fsck(path)


@pytest.mark.boards("sandbox")
def test_write_refused(ember, host, layout, tmp_path):
    """Refusals leave the volume as it was, byte for byte"""
    path = volume(tmp_path, 16, files=[("f.txt", b"abc")], dirs=["d"])
    addr = layout.scratch()
    write_mem(ember, addr, b"y" * 64, tmp_path)
    with open(path, "rb") as f:
        before = hashlib.sha256(f.read()).hexdigest()
    host(path)
    cases = {
        f"fatwrite host 0 {addr:x} nodir/x 1":
            "host 0: 'nodir/x': no such file or directory",
        f"fatwrite host 0 {addr:x} f.txt/x 1":
            "host 0: 'f.txt/x': a component is not a directory",
        f"fatwrite host 0 {addr:x} d 1": "host 0: 'd' is a directory",
        f"fatwrite host 0 {addr:x} bad:name 1":
            "host 0: 'bad:name': not a name a FAT volume can hold",
        f"fatwrite host 0 {addr:x} 'trailing.' 1":
            "host 0: 'trailing.': not a name a FAT volume can hold",
        f"fatwrite host 0 {addr:x} f.txt 1 4":
            "host 0: 'f.txt': position 0x4 is past its end (0x3 bytes)",
        f"fatwrite host 0 {addr:x} new 1 1":
            "host 0: 'new': position 0x1 is past its end (0x0 bytes)",
        f"fatwrite host 0 {addr:x} big 80000000":
            "save: ",
        f"fatwrite host 0 {layout.ram_end:x} x 1": "save: ",
        f"save host 0 {addr:x} x": "save - ",
    }
    for cmd, want in cases.items():
        out = fail(ember, cmd)
        assert out.startswith(want), (cmd, out)
    ember.run("host unbind 0")
    with open(path, "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == before


@pytest.mark.boards("sandbox")
def test_write_full(ember, host, layout, tmp_path):
    """A file larger than the free space: said, nothing changed; a full
    FAT16 root directory: said"""
    path = volume(tmp_path, 12)
    addr = layout.scratch(0x500000)
    host(path)
    with open(path, "rb") as f:
        before = f.read()
    out = fail(ember, f"fatwrite host 0 {addr:x} huge.bin 480000")
    assert out.startswith("host 0: FAT: the volume has ") and \
        "'huge.bin' needs " in out, out
    ember.run("host unbind 0")
    with open(path, "rb") as f:
        assert f.read() == before
    # FAT16's root of 512 entries: 8.3 names fill it
    path = volume(tmp_path, 16)
    host(path)
    ember.run_ok(f"mw.b {addr:x} 7 1")
    cmds = [f"fatwrite host 0 {addr:x} F{i:04X}.BIN 1" for i in range(512)]
    for i in range(0, 512, 16):
        ember.run_ok("; ".join(cmds[i:i + 16]), timeout=60)
    with open(path, "rb") as f:
        full = f.read()
    assert fail(ember, f"fatwrite host 0 {addr:x} ONEMORE 1") == \
        "host 0: the root directory is full\n"
    assert fail(ember, f"fatwrite host 0 {addr:x} 'a long one' 1") == \
        "host 0: the root directory has no 2 free entries in a row for " \
        "'a long one'\n"
    ember.run("host unbind 0")
    with open(path, "rb") as f:
        assert f.read() == full
    fsck(path)


@pytest.mark.boards("sandbox")
def test_write_partition(ember, host, layout, tmp_path):
    """Inside an MBR partition, through save: what lies outside it is
    untouched"""
    disk = with_mbr(volume(tmp_path, 32), tmp_path / "disk.img")
    addr = layout.scratch()
    write_mem(ember, addr, pattern(3000, 2), tmp_path)
    with open(disk, "rb") as f:
        head = f.read(2048 * 512)
    host(disk)
    ok(ember, f"save host 0:1 {addr:x} /p.bin bb8")
    assert ok(ember, "fatls host 0:1").startswith("     3000   p.bin")
    ember.run("host unbind 0")
    with open(disk, "rb") as f:
        assert f.read(2048 * 512) == head
    part = tmp_path / "part.img"
    with open(disk, "rb") as f, open(part, "wb") as g:
        f.seek(2048 * 512)
        g.write(f.read())
    fsck(part)
    assert mread(part, "p.bin") == pattern(3000, 2)


@pytest.mark.boards("sandbox")
def test_save_ext4_refused(ember, host, layout, tmp_path):
    img = tmp_path / "e.img"
    subprocess.run(["mkfs.ext4", "-q", "-F", str(img), "4M"], check=True,
                   env=ENV)
    host(img)
    assert fail(ember, f"save host 0 {layout.scratch():x} f 1") == \
        "host 0: writing to ext4 is not supported\n"
    assert fail(ember, f"fatwrite host 0 {layout.scratch():x} f 1") == \
        "host 0: not a fat filesystem\n"


def extract(disk, part):
    """Partition 1 of @disk (sfdisk's, at sector 2048) as a file"""
    with open(disk, "rb") as f, open(part, "wb") as g:
        f.seek(2048 * 512)
        g.write(f.read())
    return part


@pytest.mark.boards("qemu_arm64")
def test_write_virtio(ember_spawn, tmp_path):
    """On QEMU, through virtio-blk: a long name written, a file written
    over; fsck.fat and mtools agree once QEMU is gone. A read-only disk
    refuses, saying so"""
    disk = with_mbr(volume(tmp_path, 32, files=[("old.txt", b"old")]),
                    tmp_path / "disk.img")
    ro = mkfat(tmp_path / "ro.img", 16, 8192, spc=2)
    ember = ember_spawn(["-drive", f"if=none,id=d0,format=raw,file={disk}",
                         "-device", "virtio-blk-device,drive=d0",
                         "-drive", f"if=none,id=d1,format=raw,file={ro},"
                         "readonly=on",
                         "-device", "virtio-blk-device,drive=d1"])
    # Which disk is which: the read-only one says so in 'virtio info'
    info = ember.run_ok("virtio info")
    ro_dev = int(re.search(r"Device (\d+): [^\n]*\n[^\n]*read-only",
                           info).group(1))
    rw = 1 - ro_dev
    ember.run_ok("mw.b 40200000 5a 3000; mw.b 40203000 a5 1000")
    out = ember.run_ok(
        f'fatwrite virtio {rw}:1 40200000 "A long name.bin" 4000')
    assert out.startswith("16384 bytes written in "), out
    ember.run_ok(f"save virtio {rw}:1 40203000 old.txt 2 1")
    out = ember.run_fail(f"fatwrite virtio {ro_dev} 40200000 x.bin 10")
    assert "the disk is read-only" in out, out
    ember.run_until_exit("poweroff", timeout=30)
    part = extract(disk, tmp_path / "part.img")
    fsck(part)
    assert mread(part, "A long name.bin") == b"\x5a" * 0x3000 + \
        b"\xa5" * 0x1000
    assert mread(part, "old.txt") == b"o\xa5\xa5"
    fsck(ro)


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("bits", [12, 16, 32])
def test_mkdir_rm(ember, host, layout, tmp_path, bits):
    """fatmkdir and fatrm, as U-Boot's: silent when done; a directory
    made in the root and in a subdirectory ("." and ".." right, as
    fsck.fat checks them), a file written in it; then files and empty
    directories removed, their clusters free again"""
    path = volume(tmp_path, bits, files=[("keep.txt", b"k"),
                                         ("gone.bin", pattern(9000, 1))])
    addr = layout.scratch()
    write_mem(ember, addr, pattern(5000, 3), tmp_path)
    host(path)
    assert ok(ember, "fatmkdir host 0 top") == "\n"
    assert ok(ember, 'fatmkdir host 0 "top/A Sub Dir"') == "\n"
    ok(ember, f'fatwrite host 0 {addr:x} "top/A Sub Dir/f.bin" 1388')
    ember.run("host unbind 0")
    fsck(path)
    assert mread(path, "top/A Sub Dir/f.bin") == pattern(5000, 3)
    assert "A Sub Dir" in mdir(path, "/top")
    host(path)
    cases = {
        "fatmkdir host 0 top": "host 0: 'top' already exists",
        "fatmkdir host 0 keep.txt": "host 0: 'keep.txt' already exists",
        "fatmkdir host 0 nodir/x": "host 0: 'nodir/x': no such file or "
                                   "directory",
        "fatmkdir host 0 'a:b'": "host 0: 'a:b': not a name a FAT volume "
                                 "can hold",
        "fatrm host 0 top": "host 0: 'top': the directory is not empty",
        "fatrm host 0 nope": "host 0: 'nope': no such file or directory",
        "fatrm host 0 top/..": "host 0: 'top/..': '.' and '..' are not "
                               "removed",
    }
    for cmd, want in cases.items():
        assert fail(ember, cmd) == want + "\n", cmd
    for name in ("gone.bin", "top/A Sub Dir/f.bin", "top/A Sub Dir", "top"):
        assert ok(ember, f'fatrm host 0 "{name}"') == "\n", name
    assert ok(ember, "fatls host 0") == \
        "        1   keep.txt\n\n1 file(s), 0 dir(s)\n\n"
    ember.run("host unbind 0")
    fsck(path)
    # Every cluster free again but keep.txt's (and FAT32's root's)
    out = subprocess.run(["fsck.fat", "-n", str(path)], capture_output=True,
                         text=True, env=ENV).stdout
    assert f" 1 files, {2 if bits == 32 else 1}/" in out, out


@pytest.mark.boards("sandbox")
def test_rm_ext4_refused(ember, host, tmp_path):
    img = tmp_path / "e.img"
    subprocess.run(["mkfs.ext4", "-q", "-F", str(img), "4M"], check=True,
                   env=ENV)
    host(img)
    assert fail(ember, "fatrm host 0 f") == "host 0: not a fat filesystem\n"


@pytest.mark.boards("sandbox")
def test_rm_long_names(ember, host, layout, tmp_path):
    """Long names of several slots removed whole, one made by mtools and
    one by Ember straddling two clusters of a directory; names with '~'
    of their own get aliases of their own; a trailing '/' is the
    directory; the root, a read-only file; 'fatrm.x' is fatrm"""
    path = volume(tmp_path, 32, dirs=["d"],
                  files=[("a long file name to remove.txt", b"m")] +
                  [(f"d/S{i:02}.TXT", b"s") for i in range(12)])
    subprocess.run(["mattrib", "-i", str(path), "+r", "::/d/S00.TXT"],
                   check=True, env=ENV)
    addr = layout.scratch()
    write_mem(ember, addr, b"e" * 16, tmp_path)
    host(path)
    # ".", "..", 12 files: slots 0-13 of a 16-slot cluster; 3 + 1 more
    ok(ember, f'fatwrite host 0 {addr:x} "d/an ember long name to go.txt" 2')
    ok(ember, f'fatwrite host 0 {addr:x} "~tmp file.txt" 3')
    ok(ember, f'fatwrite host 0 {addr:x} "~tmp filer.txt" 4')
    ember.run("host unbind 0")
    fsck(path)
    assert "~TMPFI~1 TXT" in mdir(path) and "~TMPFI~2 TXT" in mdir(path)
    host(path)
    for name in ("a long file name to remove.txt",
                 "d/an ember long name to go.txt"):
        assert ok(ember, f'fatrm host 0 "{name}"') == "\n"
    assert fail(ember, "fatrm host 0 d/S00.TXT") == \
        "host 0: 'd/S00.TXT' is read-only\n"
    assert fail(ember, "fatrm host 0 /") == \
        "host 0: '/': the root directory is not removed\n"
    assert ok(ember, "fatmkdir host 0 newdir/") == "\n"
    assert ok(ember, "fatrm.x host 0 newdir/") == "\n"
    ember.run("host unbind 0")
    fsck(path)
    listing = mdir(path)
    assert "remove" not in listing and "newdir" not in listing.lower()
    assert "an ember" not in mdir(path, "/d")
