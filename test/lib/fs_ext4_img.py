#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Write test/lib/fs_ext4_img.h: the small ext2/ext4 images the ext4 unit
tests (test/lib/fs_ext4.c) read, made by Debian's e2fsprogs (mkfs.ext4
-d, then e2fsck -fD to index the large directory) and checked in
gzip-compressed, with the offsets of the structures the corruption tests
change. With --seeds, write instead the ext4 fuzz harness's seed corpus:
tiny images in the harness's sparse form (test/fuzz/fuzz_ext4.c: flags,
size, then the blocks that are not zero). With --dx-hashes, write
test/lib/fs_ext4_dx.h: names and the htree hashes debugfs's dx_hash gives
them, for every hash version and two seeds. Run it
again when the images must change; the outputs are checked in (mkfs
stamps the time, so a new run changes a few bytes).

  test/lib/fs_ext4_img.py [OUT]
  test/lib/fs_ext4_img.py --seeds [test/fuzz/corpus/ext4]
  test/lib/fs_ext4_img.py --dx-hashes [test/lib/fs_ext4_dx.h]
"""

import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
UUID = "0e3b7a51-6c2f-4d8e-9a10-5b7c3d2e1f40"
ENV = dict(os.environ, E2FSPROGS_FAKE_TIME="1700000000",
           SOURCE_DATE_EPOCH="1700000000")
# Every image holds the same tree; the contents are patterns the C test
# computes again (fs_ext4.c: pattern())
HELLO = b"hello, ember\n"
SLOW_TARGET = "./" * 40 + "hello.txt"     # 89 bytes: a slow symlink
FRAG_PIECES = 12                         # 1 KiB islands 8 KiB apart
FRAG_STEP = 8192


def pattern(n, seed):
    return bytes((i * 7 + (i >> 8) + seed) & 0xff for i in range(n))


def populate(root, nfiles, big_size, huge_off):
    os.makedirs(os.path.join(root, "sub", "deep"))
    with open(os.path.join(root, "hello.txt"), "wb") as f:
        f.write(HELLO)
    with open(os.path.join(root, "big.bin"), "wb") as f:
        f.write(pattern(big_size, 1))
    open(os.path.join(root, "empty"), "wb").close()
    # Holes: before, between and after the data
    with open(os.path.join(root, "sparse"), "wb") as f:
        f.seek(100000)
        f.write(pattern(3000, 2))
        f.seek(300000)
        f.write(b"tail")
    # Twelve islands: more extents than the inode holds (a depth-1 tree)
    with open(os.path.join(root, "frag"), "wb") as f:
        for k in range(FRAG_PIECES):
            f.seek(k * FRAG_STEP)
            f.write(pattern(1024, 3 + k))
    if huge_off:
        with open(os.path.join(root, "huge"), "wb") as f:
            f.seek(huge_off)
            f.write(b"far away")
    for i in range(1, nfiles + 1):
        with open(os.path.join(root, "sub", f"f{i}"), "w") as f:
            f.write(f"{i}\n")
    with open(os.path.join(root, "sub", "deep", "leaf"), "w") as f:
        f.write("leaf\n")
    links = {"link": "hello.txt", "slowlink": SLOW_TARGET,
             "abslink": "/sub/f7", "dirlink": "sub/deep",
             "loop1": "loop2", "loop2": "loop1", "dangling": "nowhere"}
    for name, target in links.items():
        os.symlink(target, os.path.join(root, name))
    for dirpath, dirs, files in os.walk(root):
        for n in dirs + files + [""]:
            os.utime(os.path.join(dirpath, n), (1700000000, 1700000000),
                     follow_symlinks=False)


def debugfs(img, cmd):
    return subprocess.run(["debugfs", "-R", cmd, img], env=ENV, check=True,
                          capture_output=True, text=True).stdout


def make(tmp, name, mkfs_args, size, nfiles, big_size, huge_off):
    root = os.path.join(tmp, name)
    populate(root, nfiles, big_size, huge_off)
    img = os.path.join(tmp, name + ".img")
    subprocess.run(["mkfs.ext4", "-q", "-F", "-U", UUID, "-E",
                    "root_owner=0:0,hash_seed=" + UUID, "-d", root] +
                   mkfs_args + [img, size], env=ENV, check=True,
                   capture_output=True)
    subprocess.run(["e2fsck", "-fyD", img], env=ENV, capture_output=True)
    subprocess.run(["e2fsck", "-fn", img], env=ENV, check=True,
                   capture_output=True)
    return img


def facts(img, bs):
    """Offsets of what the corruption tests change"""
    out = {}

    def ino(path):
        return int(re.search(r"Inode: (\d+)", debugfs(img, f"stat {path}"))
                   .group(1))

    def inode_off(n):
        m = re.search(r"located at block (\d+), offset (0x[0-9a-f]+)",
                      debugfs(img, f"imap <{n}>"))
        return int(m.group(1)) * bs + int(m.group(2), 16)

    for path in ("/", "/hello.txt", "/frag", "/sub", "/big.bin", "/link"):
        key = {"/": "root"}.get(path, path[1:].replace(".", "_"))
        n = ino(path)
        out[key + "_ino"] = n
        out[key + "_inode"] = inode_off(n)
    out["root_dir_block"] = int(debugfs(img, "bmap / 0")) * bs
    out["sub_dir_block1"] = int(debugfs(img, "bmap /sub 1")) * bs
    # The frag file's first extent tree block (its only leaf)
    m = re.search(r"^\s*0/\s*1\s+1/\s*1\s+\S+\s+-\s+\S+\s+(\d+)",
                  debugfs(img, "ex /frag"), re.M)
    out["frag_leaf"] = int(m.group(1)) * bs if m else 0
    return out


IMAGES = [
    # name, mkfs arguments, size, block size, files in /sub, big.bin size,
    # offset of the data of /huge (0: none)
    ("csum", ["-b", "1024", "-N", "256", "-O",
              "^has_journal,64bit,metadata_csum"], "1M", 1024, 200, 70000, 0),
    ("plain", ["-b", "1024", "-N", "256", "-O",
               "^has_journal,^64bit,^metadata_csum,uninit_bg"], "1M", 1024,
     200, 70000, 0),
    ("ext2", ["-t", "ext2", "-b", "1024", "-N", "256"], "1M", 1024, 200,
     300000, 70 << 20),
    ("rev0", ["-t", "ext2", "-r", "0", "-b", "4096", "-N", "64"], "1M",
     4096, 3, 70000, 0),
]


def c_bytes(data):
    lines = []
    for i in range(0, len(data), 18):
        lines.append('\t"' + "".join(f"\\x{b:02x}" for b in
                                     data[i:i + 18]) + '"')
    return "\n".join(lines)


SEEDS = [
    # name, mkfs arguments, size, harness flags (fuzz_ext4.c)
    ("csum", ["-O", "^has_journal,64bit,metadata_csum"], "192K", 0),
    ("csum-off", ["-O", "^has_journal,64bit,metadata_csum"], "192K", 1),
    ("plain", ["-O", "^has_journal,^64bit,^metadata_csum"], "192K", 0),
    ("ext2", ["-t", "ext2"], "192K", 0),
    ("rev0", ["-t", "ext2", "-r", "0"], "192K", 0),
    ("4k", ["-b", "4096", "-O", "^has_journal"], "512K", 1),
    # Not cleanly unmounted: news in the journal (journal_open's options)
    ("journal-v3", ["-O", "64bit,metadata_csum", "-J", "size=1"], "3M", 0,
     ["-c", "-v", "3"]),
    ("journal-plain", ["-O", "^64bit,^metadata_csum", "-J", "size=1"], "3M",
     0, []),
]


def sparse(raw, flags):
    """The fuzz harness's input: flags, size in 64 KiB units less one,
    then runs of non-zero 1 KiB blocks (16-bit block number, 16-bit
    length, the bytes), all big-endian"""
    assert len(raw) % 65536 == 0 and len(raw) <= 64 * 65536
    out = bytearray([flags, len(raw) // 65536 - 1])
    blocks = [raw[i:i + 1024] for i in range(0, len(raw), 1024)]
    i = 0
    while i < len(blocks):
        if not any(blocks[i]):
            i += 1
            continue
        j = i
        while j < len(blocks) and j - i < 63 and any(blocks[j]):
            j += 1
        data = b"".join(blocks[i:j])
        out += i.to_bytes(2, "big") + len(data).to_bytes(2, "big") + data
        i = j
    return bytes(out)


def journal_news(tmp, img, jo_args):
    """Change a copy of @img (a file written, one removed, a directory
    made), then write every block that changed into @img's journal as a
    transaction, and a second that revokes one of them: @img needs
    recovery, and its news are only in the log"""
    new = img + ".new"
    shutil.copyfile(img, new)
    with open(os.path.join(tmp, "news"), "wb") as f:
        f.write(pattern(3000, 5))
    script = (f"cd /dir\nwrite {tmp}/news news\nrm /hello.txt\n"
              "mkdir /dir/sub\n")
    subprocess.run(["debugfs", "-w", "-f", "-", new], input=script,
                   text=True, env=ENV, check=True, capture_output=True)
    old_b, new_b = open(img, "rb").read(), open(new, "rb").read()
    changed = [i // 1024 for i in range(0, len(new_b), 1024)
               if old_b[i:i + 1024] != new_b[i:i + 1024]]
    with open(os.path.join(tmp, "blocks"), "wb") as f:
        for b in changed:
            f.write(new_b[b * 1024:(b + 1) * 1024])
    listed = ",".join(map(str, changed))
    script = (f"jo {' '.join(jo_args)}\njw -b {listed} {tmp}/blocks\n"
              f"jw -r {changed[-1]} /dev/null\njc\n")
    subprocess.run(["debugfs", "-w", "-f", "-", img], input=script,
                   text=True, env=ENV, check=True, capture_output=True)


def seeds(out_dir):
    """Tiny images: a few files, links and an indexed directory"""
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, args, size, flags, *journal in SEEDS:
            root = os.path.join(tmp, name)
            os.makedirs(os.path.join(root, "dir"))
            with open(os.path.join(root, "hello.txt"), "wb") as f:
                f.write(HELLO)
            with open(os.path.join(root, "frag"), "wb") as f:
                for k in range(6):
                    f.seek(k * 2048)
                    f.write(pattern(1024, k))
            with open(os.path.join(root, "blocks"), "wb") as f:
                f.write(pattern(13 * 1024, 9))     # one indirect block
            with open(os.path.join(root, "dir", "file"), "wb") as f:
                f.write(HELLO)
            for i in range(80):     # empty: no blocks; two dir blocks: htree
                open(os.path.join(root, "dir", f"an_empty_file_{i:02}"),
                     "w").close()
            os.symlink("hello.txt", os.path.join(root, "link"))
            os.symlink("./" * 35 + "dir/file",
                       os.path.join(root, "slowlink"))
            os.symlink("loop", os.path.join(root, "loop"))
            img = os.path.join(tmp, name + ".img")
            subprocess.run(["mkfs.ext4", "-q", "-F", "-U", UUID, "-b",
                            "1024", "-N", "128", "-d", root] + args +
                           [img, size], env=ENV, check=True,
                           capture_output=True)
            subprocess.run(["e2fsck", "-fyD", img], env=ENV,
                           capture_output=True)
            if journal:
                journal_news(tmp, img, journal[0])
            with open(os.path.join(out_dir, name), "wb") as f:
                f.write(sparse(open(img, "rb").read(), flags))


# Names for the hash vectors: short, around each hash's input block (16
# bytes for TEA, 32 for half-MD4), the longest, and bytes of 128 and
# above, which the signed and unsigned variants take differently
DX_NAMES = [b"a", b"hello", b"caf\xc3\xa9", b"\xff\x80\x7f\x01",
            b"0123456789abcde", b"0123456789abcdef", b"0123456789abcdef0",
            b"x" * 31, b"y" * 32, b"z" * 33,
            bytes(range(0x80, 0xe4)), b"\xe9" * 64 + b"tail",
            bytes(0x80 + i % 127 if i % 5 == 0 else (i * 37 + 11) % 94 + 0x21
                  for i in range(255)).translate(
                      bytes.maketrans(b"\"'\\/", b"____"))]
DX_SEEDS = ["00000000-0000-0000-0000-000000000000", UUID]


def dx_hashes(out_path):
    """The vectors: debugfs's dx_hash of each name, version and seed"""
    with tempfile.TemporaryDirectory() as tmp:
        img = os.path.join(tmp, "h.img")
        subprocess.run(["mkfs.ext4", "-q", "-F", img, "1M"], env=ENV,
                       check=True, capture_output=True)
        rows = []
        for seed in DX_SEEDS:
            words = [int.from_bytes(bytes.fromhex(seed.replace("-", ""))
                                    [i:i + 4], "little") for i in
                     range(0, 16, 4)]
            for version in range(6):
                for name in DX_NAMES:
                    out = subprocess.run(
                        [b"debugfs", b"-R", b"dx_hash -h HASHALG_%d -s %s %s"
                         % (version, seed.encode(), name), img.encode()],
                        env=ENV, check=True, capture_output=True).stdout
                    h = int(re.search(rb"is (0x[0-9a-f]+) \(minor",
                                      out).group(1), 16)
                    esc = "".join(f"\\x{b:02x}" for b in name)
                    seed_c = ", ".join(f"{w:#010x}" for w in words)
                    rows.append(f'\t{{ {version}, {len(name)}, "{esc}",\n'
                                f'\t  {{ {seed_c} }}, {h:#010x} }},')
    text = "\n".join([
        "// SPDX-License-Identifier: Apache-2.0 OR MIT",
        "/* Generated by test/lib/fs_ext4_img.py --dx-hashes: do not edit."
        " */",
        "/* debugfs's dx_hash of each name: version, length, name, seed,"
        " hash */",
        "static const struct {", "\tu8 version;", "\tu8 len;",
        "\tconst char *name;", "\tu32 seed[4];", "\tu32 hash;",
        "} dx_vectors[] = {"] + rows + ["};", ""])
    with open(out_path, "w") as f:
        f.write(text)


def main():
    if sys.argv[1:2] == ["--dx-hashes"]:
        dx_hashes(sys.argv[2] if len(sys.argv) > 2 else
                  os.path.join(HERE, "fs_ext4_dx.h"))
        return
    if sys.argv[1:2] == ["--seeds"]:
        seeds(sys.argv[2] if len(sys.argv) > 2 else
              os.path.join(HERE, "..", "fuzz", "corpus", "ext4"))
        return
    out_path = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(HERE, "fs_ext4_img.h")
    parts = ["// SPDX-License-Identifier: Apache-2.0 OR MIT",
             "/* Generated by test/lib/fs_ext4_img.py: do not edit. */",
             "#ifndef __FS_EXT4_IMG_H", "#define __FS_EXT4_IMG_H", "",
             f"#define IMG_SLOW_TARGET_LEN\t{len(SLOW_TARGET)}",
             f"#define IMG_FRAG_PIECES\t\t{FRAG_PIECES}",
             f"#define IMG_FRAG_STEP\t\t{FRAG_STEP}", "",
             "/* An image: gzip-compressed, and its size unpacked */",
             "struct ext4_img {", "\tconst u8 *gz;", "\tsize_t gz_len;",
             "\tu64 size;", "};", ""]
    with tempfile.TemporaryDirectory() as tmp:
        for name, args, size, bs, nfiles, big, huge in IMAGES:
            img = make(tmp, name, args, size, nfiles, big, huge)
            raw = open(img, "rb").read()
            up = name.upper()
            parts.append(f"/* mkfs.ext4 {' '.join(args)} ({size}) */")
            parts.append(f"#define IMG_{up}_SIZE\t{len(raw)}")
            parts.append(f"#define IMG_{up}_BIG\t{big}")
            parts.append(f"#define IMG_{up}_HUGE\t{huge}")
            for k, v in facts(img, bs).items():
                parts.append(f"#define IMG_{up}_{k.upper()}\t{v:#x}")
            gz = gzip.compress(raw, 9, mtime=0)
            parts.append(f"static const u8 img_{name}_gz[{len(gz)}] =")
            parts.append(c_bytes(gz) + ";")
            parts.append(f"static const struct ext4_img img_{name} = "
                         f"{{ img_{name}_gz, sizeof(img_{name}_gz), "
                         f"IMG_{up}_SIZE }};")
            parts.append("")
    parts.append("#endif")
    with open(out_path, "w") as f:
        f.write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
