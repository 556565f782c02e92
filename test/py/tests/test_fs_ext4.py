# SPDX-License-Identifier: Apache-2.0 OR MIT
"""ls, load, size and fstype on ext2, ext3 and ext4 filesystems made by
Debian's mkfs.ext4 -d (its defaults, which here are 64bit and
metadata_csum with 1 KiB blocks; 4 KiB blocks with and without them;
ext3 and ext2 block maps; meta_bg, bigalloc, 64 KiB blocks), bound as
sandbox block devices with 'host bind': multi-MiB files loaded byte-exact
(checked with crc32 against Python's zlib.crc32), sparse files, fast,
slow, absolute and looping symlinks, an htree directory of 300 entries,
a filesystem inside an MBR partition; then filesystems with features
Ember refuses, and damaged ones, which must give one line saying what is
wrong and the prompt back."""

import re
import shutil
import subprocess
import zlib

import pytest

from fatdisk import pattern, with_mbr
from fscmd import env, fail, host, load_ok, mem_crc, ok  # noqa: F401 (host)

pytestmark = pytest.mark.boards("sandbox")

MiB = 1 << 20
HELLO = b"hello, ember\n"
FILES = {
    "hello.txt": HELLO,
    "big.bin": pattern(5 * MiB, 1),
    "boot/vmlinuz": pattern(3 * MiB + 123, 2),
    "boot/extlinux/extlinux.conf": b"label l\n  kernel /boot/vmlinuz\n",
    "empty": b"",
}
SPARSE = (b"\0" * MiB + pattern(4096, 3) + b"\0" * (2 * MiB - 4096) +
          b"end")
LARGE = 300                 # files in /large: an htree directory
LINKS = {
    "link": "hello.txt",                        # fast: in the inode
    "slowlink": "./" * 40 + "boot/vmlinuz",     # slow: in a block
    "boot/abs": "/hello.txt",
    "dirlink": "boot/extlinux",
    "loop1": "loop2",
    "loop2": "loop1",
}
# What each link reads as
VIA = {"link": HELLO, "slowlink": FILES["boot/vmlinuz"], "boot/abs": HELLO,
       "dirlink/extlinux.conf": FILES["boot/extlinux/extlinux.conf"]}
SHAPES = {
    "default": [],
    "4k-csum": ["-b", "4096", "-O", "64bit,metadata_csum"],
    "4k-nocsum": ["-b", "4096", "-O", "^64bit,^metadata_csum"],
    "ext3": ["-t", "ext3", "-b", "4096"],
    "ext2": ["-t", "ext2", "-b", "1024"],
    "meta_bg": ["-b", "1024", "-g", "1024", "-O", "meta_bg,^resize_inode"],
    "bigalloc": ["-b", "4096", "-O", "bigalloc", "-C", "65536"],
    "64k": ["-b", "65536"],
}
ROOT_LS = sorted([
    "            ./", "            ../", "            lost+found/",
    "            boot/", "            large/",
    f" {len(HELLO):8}   hello.txt", f" {5 * MiB:8}   big.bin",
    f" {0:8}   empty", f" {len(SPARSE):8}   sparse",
] + [f"    <SYM>   {n}" for n in LINKS if "/" not in n])
E2FS_PATH = "/usr/sbin:/sbin:/usr/bin:/bin"


def run(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL,
                   env={"PATH": E2FS_PATH})


def populate(root):
    for name, data in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    with open(root / "sparse", "wb") as f:
        f.seek(MiB)
        f.write(pattern(4096, 3))
        f.seek(3 * MiB)
        f.write(b"end")
    (root / "large").mkdir()
    for i in range(LARGE):
        (root / "large" / f"file_with_a_long_name_{i:03}").write_text(
            f"{i}\n")
    for name, target in LINKS.items():
        (root / name).symlink_to(target)


def mkfs(path, args, root, size="48M"):
    run("mkfs.ext4", "-q", "-F", "-d", str(root), *args, str(path), size)
    # Index every directory of more than one block (htree)
    subprocess.run(["e2fsck", "-fyD", str(path)], env={"PATH": E2FS_PATH},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run("e2fsck", "-fn", str(path))
    return str(path)


def debugfs(path, cmd):
    return subprocess.run(["debugfs", "-R", cmd, str(path)], check=True,
                          text=True,
                          capture_output=True,
                          env={"PATH": E2FS_PATH}).stdout


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    if not shutil.which("mkfs.ext4", path=E2FS_PATH):
        pytest.skip("e2fsprogs is not installed (scripts/deps)")
    root = tmp_path_factory.mktemp("ext4-tree")
    populate(root)
    return root


@pytest.fixture(scope="module")
def images(tree, tmp_path_factory):
    """{shape: image path}: one filesystem of each shape, made once."""
    tmp = tmp_path_factory.mktemp("ext4")
    return {shape: mkfs(tmp / f"{shape}.img", args, tree)
            for shape, args in SHAPES.items()}


@pytest.fixture
def copy(images, tmp_path):
    """copy(shape): a copy of that image, for a test to change."""
    def make(shape):
        dst = tmp_path / f"{shape}-copy.img"
        shutil.copyfile(images[shape], dst)
        return str(dst)
    return make


def ls_lines(out):
    """The entries of an ls, sorted (ext4 lists in on-disk order), and
    its summary line."""
    lines = out.rstrip("\n").split("\n")
    assert lines[-2] == "", out
    return sorted(lines[:-2]), lines[-1]


@pytest.mark.parametrize("shape", SHAPES)
def test_ls(ember, host, images, shape):
    host(images[shape])
    entries, summary = ls_lines(ok(ember, "ls host 0 /"))
    assert entries == ROOT_LS
    assert summary == "9 file(s), 5 dir(s)"
    entries, summary = ls_lines(ok(ember, "ls host 0 /large"))
    assert summary == f"{LARGE} file(s), 2 dir(s)"
    assert "        4   file_with_a_long_name_299" in entries
    # Through a symlink to a directory, and '.', '..' and empty components
    _, summary = ls_lines(ok(ember, "ls host 0 /dirlink"))
    assert summary == "1 file(s), 2 dir(s)"
    entries, _ = ls_lines(ok(ember, "ls host 0 //boot/./extlinux/../.."))
    assert entries == ROOT_LS


def test_htree(images):
    """The large directory is hash-indexed (the INDEX flag, 0x1000)."""
    for shape in ("default", "4k-nocsum", "ext2"):
        flags = re.search(r"Flags: (0x[0-9a-f]+)",
                          debugfs(images[shape], "stat /large")).group(1)
        assert int(flags, 16) & 0x1000, shape


@pytest.mark.parametrize("shape", SHAPES)
def test_load_byte_exact(ember, host, layout, images, shape):
    host(images[shape])
    addr = layout.scratch(5 * MiB)
    files = {**FILES, "sparse": SPARSE, **VIA}
    files["large/file_with_a_long_name_123"] = b"123\n"
    for name, data in files.items():
        assert load_ok(ember, addr, "/" + name) == len(data), name
        if data:
            assert mem_crc(ember, addr, len(data)) == zlib.crc32(data), name


@pytest.mark.parametrize("shape", ["default", "ext2"])
def test_load_bytes_pos(ember, host, layout, images, shape):
    """bytes and pos, in hex: inside a block, across blocks and extents,
    the rest of a file, nothing from its end."""
    host(images[shape])
    addr = layout.scratch(5 * MiB)
    data = FILES["big.bin"]
    for nbytes, pos in [(0x100, 0x20), (0x1234, 0x3ff), (0, 0x4ff000),
                        (0x10, len(data) - 4), (0, len(data)),
                        (0x200000, 0x123456)]:
        want = data[pos:pos + nbytes] if nbytes else data[pos:]
        got = load_ok(ember, addr, "/big.bin", f"{nbytes:x} {pos:x}")
        assert got == len(want)
        if want:
            assert mem_crc(ember, addr, len(want)) == zlib.crc32(want)
    got = load_ok(ember, addr, "/sparse", f"1000 {MiB - 0x800:x}")
    assert mem_crc(ember, addr, got) == \
        zlib.crc32(SPARSE[MiB - 0x800:MiB + 0x800])


@pytest.mark.parametrize("shape", ["default", "ext3", "64k"])
def test_size_fstype(ember, host, images, shape):
    host(images[shape])
    for name, data in {**FILES, "sparse": SPARSE, **VIA}.items():
        ok(ember, f"size host 0 /{name}")
        assert int(env(ember, "filesize"), 16) == len(data), name
    ok(ember, "size host 0 /boot")
    assert env(ember, "filesize") == "0"
    assert ok(ember, "fstype host 0") == "ext4\n"
    ok(ember, "fstype host 0 v")
    assert env(ember, "v") == "ext4"
    ember.run("setenv v")


def test_legacy_commands(ember, host, layout, images):
    host(images["default"])
    _, summary = ls_lines(ok(ember, "ext4ls host 0 /boot"))
    assert summary == "2 file(s), 3 dir(s)"
    addr = layout.scratch(5 * MiB)
    out = ok(ember, f"ext4load host 0 {addr:x} /boot/vmlinuz")
    assert out.startswith(f"{len(FILES['boot/vmlinuz'])} bytes read in ")
    assert mem_crc(ember, addr, len(FILES["boot/vmlinuz"])) == \
        zlib.crc32(FILES["boot/vmlinuz"])
    # U-Boot's ext2 names read ext4 too; ext4size is size
    ember.run_ok(f"mw.b {addr:x} 0 100")
    out = ok(ember, f"ext2load host 0 {addr:x} /boot/vmlinuz 100")
    assert out.startswith("256 bytes read in ")
    assert mem_crc(ember, addr, 256) == zlib.crc32(FILES["boot/vmlinuz"][:256])
    assert ls_lines(ok(ember, "ext2ls host 0 /boot"))[1] == \
        "2 file(s), 3 dir(s)"
    ok(ember, "ext4size host 0 /boot/vmlinuz")
    assert int(env(ember, "filesize"), 16) == len(FILES["boot/vmlinuz"])
    assert fail(ember, "fatsize host 0 /boot/vmlinuz") == \
        "host 0: not a fat filesystem\n"


def test_mbr_partition(ember, host, layout, images, tmp_path):
    """The filesystem as partition 1 (type 0x83) of an MBR disk."""
    host(with_mbr(images["4k-csum"], tmp_path / "disk.img", "83"))
    entries, _ = ls_lines(ok(ember, "ls host 0:1 /"))
    assert entries == ROOT_LS
    assert ok(ember, "fstype host 0:1") == "ext4\n"
    addr = layout.scratch(5 * MiB)
    assert load_ok(ember, addr, "/big.bin", dev="0:1") == 5 * MiB
    assert mem_crc(ember, addr, 5 * MiB) == zlib.crc32(FILES["big.bin"])


def test_errors(ember, host, layout, images):
    host(images["default"])
    addr = layout.scratch()
    assert fail(ember, "ls host 0 /nothing") == \
        "host 0: '/nothing': no such file or directory\n"
    assert fail(ember, "ls host 0 /hello.txt") == \
        "host 0: '/hello.txt': a component is not a directory\n"
    assert fail(ember, f"load host 0 {addr:x} /boot") == \
        "host 0: '/boot' is a directory\n"
    assert fail(ember, f"load host 0 {addr:x} /loop1") == \
        "host 0: '/loop1': too many symbolic links\n"
    assert fail(ember, "size host 0 /link/x") == \
        "host 0: '/link/x': a component is not a directory\n"


def test_cat(ember, host, images, tmp_path):
    """cat prints a file as it is (through symlinks); a file without a
    last newline gets one, so that the prompt starts a line; control
    characters other than tab and newline are shown as '.'; what is not
    a file fails with one line."""
    host(images["default"])
    assert ok(ember, "cat host 0 /boot/extlinux/extlinux.conf") == \
        FILES["boot/extlinux/extlinux.conf"].decode()
    assert ok(ember, "cat host 0 /link") == HELLO.decode()
    assert ember.run_ok("cat host 0 /empty") == ""
    assert ok(ember, "cat host 0 /large/file_with_a_long_name_007") == "7\n"
    assert fail(ember, "cat host 0 /boot") == \
        "host 0: '/boot' is a directory\n"
    assert fail(ember, "cat host 0 /nothing") == \
        "host 0: '/nothing': no such file or directory\n"
    assert fail(ember, "cat host 9 /x").startswith("host 9")
    root = tmp_path / "cat"
    root.mkdir()
    text = b"tab\there\x1b[2Jesc\x07bell\x7fdel\xc3\xa9t\xc3\xa9"
    (root / "odd").write_bytes(text)
    (root / "big").write_bytes(b"".join(b"line %06d\n" % i
                                        for i in range(20000)))
    host(mkfs(tmp_path / "cat.img", [], root, "4M"))
    assert ok(ember, "cat host 0 /odd") == \
        "tab\there.[2Jesc.bell.del\u00e9t\u00e9\n"
    # 240000 bytes: four reads of 64 KiB
    out = ok(ember, "cat host 0 /big")
    assert out == "".join(f"line {i:06d}\n" for i in range(20000))


@pytest.mark.parametrize("feature", ["inline_data", "encrypt", "casefold"])
def test_refused_features(ember, host, tree, tmp_path, feature):
    """Filesystems whose data ext4.c cannot find or name: refused, with
    the feature named."""
    path = mkfs(tmp_path / f"{feature}.img", ["-O", feature], tree, "16M")
    host(path)
    assert fail(ember, "ls host 0 /") == \
        f"host 0: ext4: cannot read this filesystem: it uses {feature}\n"
    assert ok(ember, "echo alive") == "alive\n"


# ------------------------------------------------- damaged filesystems

def patch(path, off, data):
    with open(path, "r+b") as f:
        f.seek(off)
        f.write(data)


def flip(path, off):
    """Every bit of the byte at @off inverted: a change whatever it held"""
    with open(path, "r+b") as f:
        f.seek(off)
        byte = f.read(1)[0]
        f.seek(off)
        f.write(bytes([byte ^ 0xff]))


def inode_offset(path, name, bsize):
    out = debugfs(path, f"imap {name}")
    m = re.search(r"located at block (\d+), offset (0x[0-9a-f]+)", out)
    return int(m.group(1)) * bsize + int(m.group(2), 16)


def damaged(ember, host, path, cmd, msg):
    """@cmd fails with the one line matching @msg; the board lives on."""
    host(path)
    out = fail(ember, cmd)
    assert re.fullmatch(msg + "\n", out), out
    assert ok(ember, "echo alive") == "alive\n"


def test_damaged_superblock(ember, host, copy):
    path = copy("default")
    patch(path, 1024 + 0x78, b"damaged")       # s_volume_name
    damaged(ember, host, path, "ls host 0 /",
            r"host 0: ext4: superblock checksum is [0-9a-f]{8}, "
            r"computed [0-9a-f]{8}")


def test_damaged_inode(ember, host, layout, copy):
    path = copy("default")
    # i_atime's low byte: the time the image was made, so it is 0xff one
    # time in 256, and only a flip is sure to change it
    flip(path, inode_offset(path, "/hello.txt", 1024) + 8)
    damaged(ember, host, path, f"load host 0 {layout.scratch():x} /hello.txt",
            r"host 0: ext4: inode \d+ checksum is [0-9a-f]{8}, "
            r"computed [0-9a-f]{8}")


def test_damaged_dirent(ember, host, copy):
    """rec_len 0 in the root directory of an ext2 (no checksums)."""
    path = copy("ext2")
    block = int(debugfs(path, "bmap / 0"))
    patch(path, block * 1024 + 4, b"\0\0")
    damaged(ember, host, path, "ls host 0 /",
            re.escape("host 0: ext4: directory inode 2 block 0: bad entry "
                      "at 0 (rec_len 0, name_len 1)"))


def test_damaged_extent(ember, host, layout, copy):
    """big.bin's first extent points past the end of the filesystem."""
    path = copy("4k-nocsum")
    off = inode_offset(path, "/big.bin", 4096) + 0x28 + 12 + 8
    patch(path, off, (0x7fffff00).to_bytes(4, "little"))
    damaged(ember, host, path,
            f"load host 0 {layout.scratch(5 * MiB):x} /big.bin",
            r"host 0: ext4: inode \d+: extent of \d+ blocks at block "
            r"2147483392 past the end")


def test_load_32mib(ember, host, layout, tree, tmp_path):
    """A kernel-sized file in one load: contiguous extents are read in
    large reads, not block by block."""
    data = pattern(32 * MiB, 7)
    root = tmp_path / "kernel"
    root.mkdir()
    (root / "Image").write_bytes(data)
    host(mkfs(tmp_path / "kernel.img", ["-b", "4096"], root, "40M"))
    addr = layout.scratch(32 * MiB)
    out = ok(ember, f"load host 0 {addr:x} /Image")
    ms = int(re.match(r"33554432 bytes read in (\d+) ms", out).group(1))
    assert mem_crc(ember, addr, len(data)) == zlib.crc32(data)
    print(f"32 MiB from ext4 in {ms} ms")


# ------------------------------------------------- htree lookups by hash

HTREE_NAMES = [
    # short, long (up to 228 bytes: several blocks of each hash's input)
    # and other characters. Names with bytes of 128 and above, where the
    # signed and unsigned hashes differ, cannot be typed at the console:
    # test/lib/fs_ext4.c checks those hashes against debugfs's
    [f"n{i}", f"file_{i}_" + "x" * (i % 220), f"Name-{i}.~+=,@%"][i % 3]
    for i in range(3000)
]
HTREE_SHAPES = {
    # name: mkfs arguments, hash algorithm, signed or unsigned bytes
    # (s_flags), a zero seed (the hashes' default constants)
    "half_md4": ([], "half_md4", "signed", False),
    "half_md4-unsigned": (["-O", "^metadata_csum"], "half_md4", "unsigned",
                          False),
    "tea": (["-O", "^metadata_csum"], "tea", "signed", False),
    "tea-unsigned": ([], "tea", "unsigned", False),
    "legacy": (["-O", "^metadata_csum"], "legacy", "signed", False),
    "legacy-unsigned": ([], "legacy", "unsigned", False),
    "zero-seed": ([], "half_md4", "signed", True),
}
HASH_VERSION = {"legacy": 0, "half_md4": 1, "tea": 2}


@pytest.fixture(scope="module")
def htree_images(tmp_path_factory):
    """{shape: image}: a directory /big of 3000 names, indexed by e2fsck
    -D with each hash, two index levels deep (1 KiB blocks)."""
    if not shutil.which("mkfs.ext4", path=E2FS_PATH):
        pytest.skip("e2fsprogs is not installed (scripts/deps)")
    tmp = tmp_path_factory.mktemp("htree")
    root = tmp / "root"
    (root / "big").mkdir(parents=True)
    for i, name in enumerate(HTREE_NAMES):
        (root / "big" / name).write_text(f"{i}\n")
    out = {}
    for shape, (args, alg, sign, zero) in HTREE_SHAPES.items():
        path = tmp / f"{shape}.img"
        run("mkfs.ext4", "-q", "-F", "-b", "1024", "-N", "4096", "-d",
            str(root), *args, str(path), "16M")
        run("tune2fs", "-E", f"hash_alg={alg}", str(path))
        ssv = [f"ssv flags {1 if sign == 'signed' else 2}"]
        if zero:
            ssv.append("ssv hash_seed null")
        for cmd in ssv:
            run("debugfs", "-w", "-R", cmd, str(path))
        subprocess.run(["e2fsck", "-fyD", str(path)],
                       env={"PATH": E2FS_PATH}, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        run("e2fsck", "-fn", str(path))
        dump = debugfs(path, "htree_dump /big")
        assert f"Hash Version: {HASH_VERSION[alg]}\n" in dump, shape
        assert "Indirect levels: 1\n" in dump, shape
        out[shape] = str(path)
    return out


def htree_leaves(path):
    """{physical block: [names]} of /big's leaves, as debugfs reads them"""
    leaves, cur = {}, None
    for line in debugfs(path, "htree_dump /big").split("\n"):
        m = re.match(r"Reading directory block \d+, phys (\d+)", line)
        if m:
            cur = leaves.setdefault(int(m.group(1)), [])
        elif cur is not None:
            cur += re.findall(r"\(\d+\) (\S+)", line)
    return leaves


@pytest.mark.parametrize("shape", HTREE_SHAPES)
def test_htree_lookup(ember, host, htree_images, shape):
    """Every name of /big is found through the index: a hash computed
    wrong would send a lookup to a leaf without the name, which Ember,
    as Linux, takes as not there (the index itself is sound)."""
    host(htree_images[shape])
    batch = []
    for i, name in enumerate(HTREE_NAMES + [None]):
        cmd = f'size host 0 "/big/{name}"' if name else None
        if batch and (not cmd or len("; ".join(batch + [cmd])) > 900):
            assert ember.run_ok("; ".join(batch)) == "", batch
            batch = []
        if cmd:
            batch.append(cmd)
    assert fail(ember, "size host 0 /big/n1") == \
        "host 0: '/big/n1': no such file or directory\n"
    assert ok(ember, "cat host 0 /big/n2997") == "2997\n"


def test_htree_index_used(ember, host, htree_images, tmp_path):
    """With every leaf of /big garbled but those of a few names, those
    names are still found: the lookups read the index and one leaf, not
    the whole directory, which fails as soon as it is read."""
    path = tmp_path / "garbled.img"
    shutil.copyfile(htree_images["tea"], path)
    leaves = htree_leaves(path)
    keep = ["n0", HTREE_NAMES[1499], HTREE_NAMES[2998]]
    kept = {b for b, names in leaves.items() if set(names) & set(keep)}
    assert len(kept) == 3 and len(leaves) > 100
    for block in set(leaves) - kept:
        patch(path, block * 1024, b"\xff" * 1024)
    host(str(path))
    for name in keep:
        i = HTREE_NAMES.index(name)
        assert ok(ember, f'cat host 0 "/big/{name}"') == f"{i}\n"
    out = fail(ember, "ls host 0 /big")
    assert re.search(r"host 0: ext4: directory inode \d+ block \d+: bad "
                     r"entry at 0 \(rec_len 65535, name_len 255\)", out), out


def dx_root(path):
    """The offset of /big's first block (the index's root) in the image"""
    return int(debugfs(path, "bmap /big 0")) * 1024


@pytest.mark.parametrize("what,off,data,why", [
    ("hash version", [24 + 4], b"\x07", r"hash version 7, 1 levels below "
     r"the root, info length 8, flags 0x00"),
    ("levels", [24 + 6], b"\x02", r"hash version 0, 2 levels below the "
     r"root, info length 8, flags 0x00"),
    ("limit", [32], b"\x00\x01", r"block 0: \d+ entries of 256"),
    ("count", [34], b"\x00\x00", r"block 0: 0 entries of \d+"),
    # Entries 0 and 1 (the root's two), so that every name meets one
    ("a block past the end", [36, 44], b"\x00\x00\x00\x08",
     r"block 134217728, past the directory's \d+"),
])
def test_htree_bad_index(ember, host, htree_images, tmp_path, what, off,
                         data, why):
    """An index that does not hold up is said once, and the directory
    read linearly instead, as Linux falls back to: every name is still
    found. (legacy, without metadata_csum: no checksum to put right)"""
    path = tmp_path / "bad.img"
    shutil.copyfile(htree_images["legacy"], path)
    for o in off:
        patch(path, dx_root(path) + o, data)
    host(str(path))
    # Said once a command (each opens the filesystem)
    out = ok(ember, "cat host 0 /big/n2997")
    assert re.fullmatch(r"host 0: ext4: directory inode \d+: bad htree "
                        r"index \(" + why + r"\): reading it linearly\n"
                        r"2997\n", out), (what, out)
    assert ok(ember, "size host 0 /big/n0; size host 0 /big/file_1_x").count(
        "bad htree index") == 2


def test_htree_bad_checksum(ember, host, htree_images, tmp_path):
    """With metadata_csum, an index block whose checksum does not match
    is an error, as in Linux: the index is not used, nor guessed around."""
    path = tmp_path / "bad.img"
    shutil.copyfile(htree_images["half_md4"], path)
    flip(path, dx_root(path) + 40)         # entry 1's hash
    host(str(path))
    assert re.fullmatch(r"host 0: ext4: directory inode \d+ block 0: index "
                        r"checksum mismatch\n",
                        fail(ember, "size host 0 /big/n0"))


def test_htree_collision(ember, host, htree_images, tmp_path):
    """A name whose hash the index gives as continuing into the next leaf
    (bit 0 of that entry's hash: a collision across leaves) is looked for
    there too. The index is changed so: entry 1 of the first interior
    node now starts at the hash of the last name of its leaf, with the
    collision bit, so that name's lookup starts a leaf early and must go
    on; the leaf's other names now belong to the leaf before, and are
    not found."""
    path = tmp_path / "collision.img"
    shutil.copyfile(htree_images["tea"], path)
    hashes = {m.group(2): int(m.group(1), 16) for m in re.finditer(
        r"0x([0-9a-f]{8})-[0-9a-f]{8} \(\d+\) (\S+)",
        debugfs(path, "htree_dump /big"))}
    img = path.read_bytes()
    root = dx_root(path)
    node_lblk = int.from_bytes(img[root + 36:root + 40], "little")
    node = int(debugfs(path, f"bmap /big {node_lblk}")) * 1024
    leaf_lblk = int.from_bytes(img[node + 20:node + 24], "little")
    leaf = int(debugfs(path, f"bmap /big {leaf_lblk}")) * 1024
    names, off = [], 0
    while off < 1024:
        rec = int.from_bytes(img[leaf + off + 4:leaf + off + 6], "little")
        n = img[leaf + off + 6]
        if int.from_bytes(img[leaf + off:leaf + off + 4], "little"):
            names.append(img[leaf + off + 8:leaf + off + 8 + n].decode())
        off += rec
    names.sort(key=lambda x: hashes[x])
    first, last = names[0], names[-1]
    assert hashes[first] < hashes[last]
    patch(path, node + 16, (hashes[last] | 1).to_bytes(4, "little"))
    host(str(path))
    i = HTREE_NAMES.index(last)
    assert ok(ember, f'cat host 0 "/big/{last}"') == f"{i}\n"
    assert fail(ember, f'size host 0 "/big/{first}"') == \
        f"host 0: '/big/{first}': no such file or directory\n"
