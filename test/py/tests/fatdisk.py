# SPDX-License-Identifier: Apache-2.0 OR MIT
"""FAT disk images for the filesystem tests, made by Debian's tools:
mkfs.vfat (dosfstools), mmd and mcopy (mtools, '-i image'), sfdisk for
an MBR around them. Then the few fields a test damages on purpose (FAT
entries, a BPB byte, a size), found by reading the volume as the
specification lays it out.

Run as a program, it writes the seed corpus of the 'fat' fuzz harness
(test/fuzz/fuzz_fat.c) in its sparse format:

  test/py/tests/fatdisk.py test/fuzz/corpus/fat
"""

import os
import struct
import subprocess
import sys
import tempfile
import zlib

MBR_START = 2048            # sectors: where sfdisk puts partition 1
ENV = dict(os.environ, PATH=os.environ.get("PATH", "") + ":/usr/sbin:/sbin",
           MTOOLS_SKIP_CHECK="1")


def run(*cmd, data=None):
    subprocess.run(cmd, check=True, input=data, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=ENV)


def pattern(n, seed=1):
    """@n bytes that differ at every offset (not one block repeated)."""
    out = bytearray()
    i = 0
    while len(out) < n:
        out += zlib.crc32(struct.pack("<II", seed, i)).to_bytes(4, "little")
        i += 1
    return bytes(out[:n])


def mkfat(path, bits, kib, files=(), dirs=(), spc=None, label=None,
          serial=None):
    """A FAT@bits volume of @kib KiB at @path, volume serial number
    @serial (else mkfs.vfat's own); @dirs ('a', 'a/b') made in order, then
    @files: (path on the volume, bytes)."""
    path = str(path)
    if os.path.exists(path):
        os.unlink(path)
    cmd = ["mkfs.vfat", "-F", str(bits), "-C", path, str(kib)]
    if spc:
        cmd[1:1] = ["-s", str(spc)]
    if label:
        cmd[1:1] = ["-n", label]
    if serial is not None:
        cmd[1:1] = ["-i", f"{serial:08x}"]
    run(*cmd)
    for d in dirs:
        run("mmd", "-i", path, "::/" + d)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "data")
        for name, data in files:
            with open(src, "wb") as f:
                f.write(data)
            run("mcopy", "-i", path, src, "::/" + name)
    return path


def with_mbr(fs_path, disk_path, ptype="c"):
    """A disk at @disk_path with an MBR whose partition 1 (at sector
    2048) holds the volume @fs_path."""
    disk_path = str(disk_path)
    with open(fs_path, "rb") as f:
        fs = f.read()
    size = MBR_START * 512 + len(fs) + 512 * 64
    with open(disk_path, "wb") as f:
        f.truncate(size)
    run("sfdisk", "-q", disk_path,
        data=f"start={MBR_START}, size={len(fs) // 512}, "
        f"type={ptype}\n".encode())
    with open(disk_path, "r+b") as f:
        # Only what is not zero: the image stays sparse
        for off in range(0, len(fs), 65536):
            chunk = fs[off:off + 65536]
            if chunk.count(0) != len(chunk):
                f.seek(MBR_START * 512 + off)
                f.write(chunk)
    return disk_path


class Fat:
    """The layout of a FAT volume in @path (at byte @base), read from its
    BPB; the type is FAT32 for a FAT32-shaped BPB, else by cluster count,
    as lib/fs/fat.c decides it."""

    def __init__(self, path, base=0):
        self.path, self.base = path, base
        with open(path, "rb") as f:
            f.seek(base)
            bs = f.read(512)
        (self.bps, self.spc, rsvd, self.nfats, root_ents, tot16, _media,
         fat16) = struct.unpack_from("<HBHBHHBH", bs, 11)
        tot = tot16 or struct.unpack_from("<I", bs, 32)[0]
        self.fat_secs = fat16 or struct.unpack_from("<I", bs, 36)[0]
        root_secs = (root_ents * 32 + self.bps - 1) // self.bps
        self.fat_off = rsvd * self.bps
        self.root_off = (rsvd + self.nfats * self.fat_secs) * self.bps
        self.root_size = root_ents * 32
        self.data_off = self.root_off + root_secs * self.bps
        self.clsize = self.bps * self.spc
        count = (tot - self.data_off // self.bps) // self.spc
        if not fat16 and not root_ents:
            self.bits = 32
        else:
            self.bits = 12 if count < 4085 else 16 if count < 65525 else 32
        self.root_cluster = struct.unpack_from("<I", bs, 44)[0] \
            if self.bits == 32 else 0
        self.nclusters = count

    def read(self, off, n):
        with open(self.path, "rb") as f:
            f.seek(self.base + off)
            return f.read(n)

    def write(self, off, data):
        with open(self.path, "r+b") as f:
            f.seek(self.base + off)
            f.write(data)

    def get(self, cl):
        """The FAT entry of cluster @cl."""
        if self.bits == 12:
            off = self.fat_off + cl * 3 // 2
            v = struct.unpack("<H", self.read(off, 2))[0]
            return v >> 4 if cl & 1 else v & 0xfff
        if self.bits == 16:
            return struct.unpack("<H", self.read(self.fat_off + cl * 2, 2))[0]
        return struct.unpack("<I", self.read(self.fat_off + cl * 4, 4))[0] \
            & 0x0fffffff

    def set(self, cl, val):
        """Set the entry of cluster @cl in every FAT."""
        for i in range(self.nfats):
            base = self.fat_off + i * self.fat_secs * self.bps
            if self.bits == 12:
                off = base + cl * 3 // 2
                v = struct.unpack("<H", self.read(off, 2))[0]
                v = (v & 0xf) | (val << 4) if cl & 1 else \
                    (v & 0xf000) | val
                self.write(off, struct.pack("<H", v))
            elif self.bits == 16:
                self.write(base + cl * 2, struct.pack("<H", val))
            else:
                self.write(base + cl * 4, struct.pack("<I", val))

    def chain(self, first):
        out = [first]
        eoc = {12: 0xff8, 16: 0xfff8, 32: 0x0ffffff8}[self.bits]
        while len(out) <= self.nclusters:
            nxt = self.get(out[-1])
            if nxt >= eoc:
                break
            out.append(nxt)
        return out

    def cluster_off(self, cl):
        return self.data_off + (cl - 2) * self.clsize

    def entries(self, cluster=None):
        """[(8.3 name 'NAME.EXT', byte offset of the entry, cluster, size)]
        of the root (None) or the directory at @cluster."""
        if cluster is None and self.bits != 32:
            spans = [(self.root_off, self.root_size)]
        else:
            first = self.root_cluster if cluster is None else cluster
            spans = [(self.cluster_off(c), self.clsize)
                     for c in self.chain(first)]
        out = []
        for off, size in spans:
            data = self.read(off, size)
            for i in range(0, size, 32):
                e = data[i:i + 32]
                if e[0] == 0:
                    return out
                if e[0] == 0xe5 or e[11] & 0x3f == 0x0f or e[11] & 8:
                    continue
                name = e[:8].decode("latin-1").rstrip()
                ext = e[8:11].decode("latin-1").rstrip()
                cl = struct.unpack_from("<H", e, 26)[0]
                if self.bits == 32:
                    cl |= struct.unpack_from("<H", e, 20)[0] << 16
                out.append((name + ("." + ext if ext else ""), off + i, cl,
                            struct.unpack_from("<I", e, 28)[0]))
        return out

    def find(self, path):
        """(entry offset, cluster, size) of @path ('SUB/BIG.BIN', 8.3)."""
        cluster = None
        for part in path.split("/"):
            hit = [e for e in self.entries(cluster) if e[0] == part.upper()]
            assert hit, f"{part} not in the directory"
            _, off, cluster, size = hit[0]
        return off, cluster, size


def sparse(path, max_chunk=32768):
    """The fuzz harness's input for the image at @path: its size in
    sectors, then each run of non-zero sectors as (offset, chunk)."""
    with open(path, "rb") as f:
        img = f.read()
    out = bytearray(struct.pack(">I", len(img) // 512))
    zero = bytes(512)
    start = None
    for off in range(0, len(img) + 512, 512):
        busy = off < len(img) and img[off:off + 512] != zero
        if start is not None and (not busy or off - start >= max_chunk):
            out += struct.pack(">IH", start, off - start) + img[start:off]
            start = None
        if busy and start is None:
            start = off
    return bytes(out)


def seed_images(tmp):
    """(name, image path) of the seed volumes: each FAT type, long names,
    a subdirectory, an empty and a multi-cluster file."""
    files = [("hello.txt", b"hello, world\n"),
             ("A long file name.txt", pattern(300, 2)),
             ("sub/Inner File.bin", pattern(3000, 3)),
             ("sub/empty", b"")]
    return [
        ("fat12", mkfat(os.path.join(tmp, "f12.img"), 12, 64, files, ["sub"])),
        ("fat16", mkfat(os.path.join(tmp, "f16.img"), 16, 2100, files,
                        ["sub"], spc=1)),
        # Below 65525 clusters: FAT32 by the shape of its BPB (mtools
        # goes by the count and will not write to it)
        ("fat32-small", mkfat(os.path.join(tmp, "f32s.img"), 32, 512)),
        ("fat32", mkfat(os.path.join(tmp, "f32.img"), 32, 34000, files,
                        ["sub"], spc=1)),
    ]


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in seed_images(tmp):
            with open(os.path.join(outdir, name), "wb") as f:
                f.write(sparse(path))


if __name__ == "__main__":
    main(sys.argv[1])
