# SPDX-License-Identifier: Apache-2.0 OR MIT
"""ext4 filesystems that were not cleanly unmounted: their journal's
committed transactions are replayed in memory (lib/fs/ext4_journal.c).

Each test starts from three states of one filesystem made by Debian's
e2fsprogs: A (mkfs.ext4 -d), B (A changed with debugfs -w: extlinux.conf
rewritten, a new kernel, a directory, a symlink, a file whose first bytes
are the journal's magic) and C (B changed again). Every block that
differs between two states is written into A's journal by debugfs's
journal commands (journal_open, journal_write, journal_close) as a
transaction, so A's own blocks are stale and the log holds the news, as
after a crash. Ember must read what e2fsck reads after replaying the same
journal, for every journal format (checksums v3, v2 and none; 32- and
64-bit tags; extent and block-mapped journal inodes; 1 and 4 KiB
blocks), with revoked blocks, an uncommitted transaction, a log that
wraps, and damaged logs, which give one line and a prompt."""

import shutil
import subprocess
import zlib

import pytest

import diskimg
from fatdisk import pattern
from fscmd import fail, host, mem_crc, ok  # noqa: F401 (host)

pytestmark = pytest.mark.boards("sandbox")

E2FS_PATH = "/usr/sbin:/sbin:/usr/bin:/bin"
MAGIC = bytes.fromhex("c03b3998")
CONF1 = b"default old\nlabel old\n  kernel /boot/vmlinuz\n"
CONF2 = b"default new\nlabel new\n  kernel /boot/vmlinuz-2\n" + b"#" * 3000
A_FILES = {
    "hello.txt": b"hello, ember\n",
    "boot/vmlinuz": pattern(300000, 1),
    "boot/extlinux/extlinux.conf": CONF1,
    "sub/leaf": b"leaf\n",
}
B_NEW = {
    "boot/extlinux/extlinux.conf": CONF2,
    "boot/vmlinuz-2": pattern(200000, 2),
    "magic.bin": MAGIC + pattern(5000, 3),
    "newdir/link": pattern(200000, 2),      # a symlink to vmlinuz-2
}
B_FILES = {**A_FILES, **B_NEW}
C_FILES = {**{k: v for k, v in B_FILES.items() if k != "hello.txt"},
           "hello2.txt": b"hello again\n", "sub/leaf2": pattern(3000, 4)}
B_SCRIPT = """cd /boot/extlinux
rm extlinux.conf
write {d}/conf2 extlinux.conf
cd /boot
write {d}/vmlinuz2 vmlinuz-2
cd /
write {d}/magic magic.bin
mkdir newdir
symlink /newdir/link /boot/vmlinuz-2
"""
C_SCRIPT = """cd /
rm hello.txt
write {d}/hello2 hello2.txt
cd /sub
write {d}/leaf2 leaf2
"""
CHUNK = 60              # blocks in one v2 transaction
# mkfs.ext4's arguments and journal_open's, for each journal format
SHAPES = {
    "1k-csum-v3": ([], ["-c", "-v", "3"]),
    "1k-csum-v2": ([], ["-c", "-v", "2"]),
    "4k-32bit-v2": (["-b", "4096", "-O", "^64bit,^metadata_csum"],
                    ["-c", "-v", "2"]),
    "4k-32bit-nocsum": (["-b", "4096", "-O", "^64bit,^metadata_csum"], []),
    "ext3": (["-t", "ext3", "-b", "1024"], []),
}


def run(*cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True,
                          env={"PATH": E2FS_PATH}, **kw).stdout


def debugfs_w(path, script):
    run("debugfs", "-w", "-f", "-", str(path), input=script)


def block_size(path):
    return diskimg.ext4_block_size(path)


def diff_blocks(a, b, bs):
    """The blocks of @b that differ from @a's: {number: bytes}."""
    return diskimg.changed_blocks(a, b, bs)


def crc32c(data, crc=0):
    """CRC-32C with ext4's conventions (the seed in, no final inversion)."""
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82f63b78 if crc & 1 else 0)
    return crc


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """states(shape): the paths of A, B and C for that shape, made once."""
    if not shutil.which("debugfs", path=E2FS_PATH):
        pytest.skip("e2fsprogs is not installed (scripts/deps)")
    tmp = tmp_path_factory.mktemp("ext4-journal")
    src = tmp / "src"
    src.mkdir()
    for name, data in [("conf2", CONF2), ("vmlinuz2", B_NEW["boot/vmlinuz-2"]),
                       ("magic", B_NEW["magic.bin"]),
                       ("hello2", C_FILES["hello2.txt"]),
                       ("leaf2", C_FILES["sub/leaf2"])]:
        (src / name).write_bytes(data)
    root = tmp / "tree"
    for name, data in A_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    made = {}

    def make(shape):
        if shape not in made:
            a, b, c = (tmp / f"{shape}-{s}.img" for s in "ABC")
            run("mkfs.ext4", "-q", "-F", "-d", str(root), *SHAPES[shape][0],
                str(a), "8M")
            shutil.copyfile(a, b)
            debugfs_w(b, B_SCRIPT.format(d=src))
            shutil.copyfile(b, c)
            debugfs_w(c, C_SCRIPT.format(d=src))
            for p in (b, c):
                run("e2fsck", "-fn", str(p))
            made[shape] = (a, b, c)
        return made[shape]
    return make


class Journal:
    """An image and the transactions debugfs writes into its journal."""

    def __init__(self, path, shape):
        self.path, self.shape = path, shape
        self.bs = block_size(path)
        self.lines = ["jo " + " ".join(SHAPES[shape][1])]
        self.n = 0

    def write(self, blocks, commit=True, revoke=()):
        """A transaction writing @blocks ({number: bytes}); with csum v2,
        one of CHUNK blocks at most (debugfs 1.47.0 drops the commit
        block of a v2 transaction of more than one descriptor block).
        Returns how many transactions."""
        keys = sorted(blocks)
        most = CHUNK if "2" in SHAPES[self.shape][1] else len(keys) or 1
        chunks = [keys[i:i + most] for i in range(0, len(keys), most)]
        for i, chunk in enumerate(chunks or [[]]):
            data = self.path.parent / f"{self.path.name}.t{self.n}"
            data.write_bytes(b"".join(blocks[k] for k in chunk))
            self.n += 1
            args = ["-b", ",".join(map(str, chunk))] if chunk else []
            if revoke and i == len(chunks or [[]]) - 1:
                args += ["-r", ",".join(map(str, sorted(revoke)))]
            if not commit:
                args.append("-c")
            self.lines.append(f"jw {' '.join(args)} "
                              f"{data if chunk else '/dev/null'}")
        return len(chunks or [[]])

    def close(self):
        debugfs_w(self.path, "\n".join(self.lines + ["jc", ""]))
        return str(self.path)

    def log_blocks(self):
        """The journal's blocks, in order: where each is in the image."""
        out = run("debugfs", "-R", "blocks <8>", str(self.path))
        return [int(x) for x in out.split()]


def journaled(states, shape, tmp_path, through="C"):
    """A with the news of B (and then C) in its journal, as transactions."""
    a, b, c = states(shape)
    bs = block_size(a)
    dst = tmp_path / f"{shape}-J.img"
    shutil.copyfile(a, dst)
    j = Journal(dst, shape)
    j.txns = j.write(diff_blocks(a, b, bs))
    if through == "C":
        j.txns += j.write(diff_blocks(b, c, bs))
    return j


def replayed_by_e2fsck(path, tmp_path):
    """A copy of @path whose journal e2fsck replayed."""
    dst = tmp_path / "e2fsck.img"
    shutil.copyfile(path, dst)
    subprocess.run(["e2fsck", "-fy", str(dst)], env={"PATH": E2FS_PATH},
                   capture_output=True)
    return str(dst)


def plural(n):
    return f"{n} transaction{'' if n == 1 else 's'}"


def notice(ember_out):
    """The replay's line, and the rest of a command's output."""
    first, _, rest = ember_out.partition("\n")
    return first, rest


def listing(ember):
    """What Ember reads of the tree: ls of each directory, without the
    replay's line."""
    out = ""
    for d in ("/", "/boot", "/boot/extlinux", "/sub", "/newdir"):
        text = ember.run(f"ls host 0 {d}")[0]
        text = "\n".join(line for line in text.split("\n")
                         if "ext4: journal:" not in line)
        out += f"{d}:\n{text}\n"
    return out


def reads_as(ember, layout, files, gone=()):
    """Every file of @files loads byte-exact; none of @gone exists."""
    addr = layout.scratch(1 << 20)
    for name, data in files.items():
        out = ok(ember, f"load host 0 {addr:x} /{name}")
        lines = [x for x in out.split("\n") if "ext4: journal:" not in x]
        assert lines[0].startswith(f"{len(data)} bytes read"), (name, out)
        assert mem_crc(ember, addr, len(data)) == zlib.crc32(data), name
    for name in gone:
        assert "no such file" in ember.run(f"size host 0 /{name}")[0], name


@pytest.mark.parametrize("shape", SHAPES)
def test_replay(ember, host, layout, states, tmp_path, shape):
    """Two committed transactions: Ember reads C, as e2fsck does after
    replaying them, and says so in one line."""
    a, b, c = states(shape)
    j = journaled(states, shape, tmp_path)
    path = j.close()
    news = len(diff_blocks(a, b, j.bs).keys() | diff_blocks(b, c, j.bs).keys())
    host(path)
    first, _ = notice(ok(ember, "ls host 0 /"))
    assert first == ("host 0: ext4: journal: needs recovery: "
                     f"{plural(j.txns)} ({news} blocks) replayed in memory")
    got = listing(ember)
    reads_as(ember, layout, C_FILES, gone=["hello.txt"])
    host(replayed_by_e2fsck(path, tmp_path))
    assert listing(ember) == got
    host(c)
    assert listing(ember) == got
    # The superblock was among the news: the copy in the log was read
    assert (1024 // j.bs) in diff_blocks(a, b, j.bs)


def test_escaped_block(states, tmp_path):
    """magic.bin's first block starts with the journal's magic: its copy in
    the log is escaped (test_replay reads it back whole)."""
    j = journaled(states, "1k-csum-v3", tmp_path, through="B")
    out = run("debugfs", "-R", "logdump -a", j.close())
    flags = [int(line.split("flags 0x")[1].rstrip(")"), 16)
             for line in out.split("\n") if "(flags 0x" in line]
    assert any(f & 1 for f in flags), out


def test_clean_and_empty(ember, host, layout, states, tmp_path):
    """A clean filesystem says nothing; neither does one flagged
    needs_recovery whose log is empty (mounted, then no commit)."""
    a, _, _ = states("1k-csum-v3")
    host(a)
    assert "journal" not in ok(ember, "ls host 0 /")
    dst = tmp_path / "empty.img"
    shutil.copyfile(a, dst)
    debugfs_w(dst, "feature needs_recovery\n")
    host(str(dst))
    assert "journal" not in ok(ember, "ls host 0 /")
    reads_as(ember, layout, A_FILES)


def test_uncommitted(ember, host, layout, states, tmp_path):
    """The second transaction has no commit block: only the first is
    replayed (B), as by e2fsck."""
    a, b, c = states("1k-csum-v3")
    dst = tmp_path / "J.img"
    shutil.copyfile(a, dst)
    j = Journal(dst, "1k-csum-v3")
    txns = j.write(diff_blocks(a, b, j.bs))
    assert j.write(diff_blocks(b, c, j.bs), commit=False) == 1
    path = j.close()
    host(path)
    first, _ = notice(ok(ember, "ls host 0 /"))
    assert f"needs recovery: {plural(txns)} (" in first
    reads_as(ember, layout, B_FILES)
    got = listing(ember)
    host(replayed_by_e2fsck(path, tmp_path))
    assert listing(ember) == got


def test_revoked(ember, host, layout, states, tmp_path):
    """Blocks revoked by a later transaction are not replayed from the
    earlier ones, but are from a transaction after the revoke."""
    a, b, _ = states("1k-csum-v2")
    news = diff_blocks(a, b, block_size(a))
    for again in (False, True):
        dst = tmp_path / f"J{again}.img"
        shutil.copyfile(a, dst)
        j = Journal(dst, "1k-csum-v2")
        txns = j.write(news)
        txns += j.write({}, revoke=news.keys())
        if again:
            txns += j.write(news)
        path = j.close()
        host(path)
        first, _ = notice(ok(ember, "ls host 0 /"))
        assert first.endswith(f"{plural(txns)} "
                              f"({len(news) if again else 0} blocks) "
                              "replayed in memory"), first
        reads_as(ember, layout, B_FILES if again else A_FILES)
        got = listing(ember)
        host(replayed_by_e2fsck(path, tmp_path))
        assert listing(ember) == got


def test_wrapped_log(ember, host, layout, states, tmp_path):
    """The same two transactions moved to the end of the journal's ring so
    that the log wraps round to its first block."""
    a, b, c = states("1k-csum-v3")
    j = journaled(states, "1k-csum-v3", tmp_path)
    path = j.close()
    where = j.log_blocks()
    img = bytearray(open(path, "rb").read())
    bs = j.bs
    jsb = where[0] * bs
    first = int.from_bytes(img[jsb + 0x14:jsb + 0x18], "big")
    start = int.from_bytes(img[jsb + 0x1c:jsb + 0x20], "big")
    # The whole ring turned so that the log's first 5 blocks are its last
    ring = len(where) - first
    shift = ring - 5
    old = [bytes(img[where[first + i] * bs:where[first + i] * bs + bs])
           for i in range(ring)]
    for k in range(ring):
        n = first + (k + shift) % ring
        img[where[n] * bs:where[n] * bs + bs] = old[k]
    new_start = first + (start - first + shift) % ring
    img[jsb + 0x1c:jsb + 0x20] = new_start.to_bytes(4, "big")
    img[jsb + 0xfc:jsb + 0x100] = b"\0" * 4
    img[jsb + 0xfc:jsb + 0x100] = crc32c(img[jsb:jsb + 1024],
                                         0xffffffff).to_bytes(4, "big")
    open(path, "wb").write(img)
    assert "at block 1019" in run("debugfs", "-R", "logdump", path)
    host(path)
    first_line, _ = notice(ok(ember, "ls host 0 /"))
    assert f"{plural(j.txns)} (" in first_line
    reads_as(ember, layout, C_FILES, gone=["hello.txt"])
    got = listing(ember)
    host(replayed_by_e2fsck(path, tmp_path))
    assert listing(ember) == got


# ------------------------------------------------------- damaged logs

def damaged_log(states, tmp_path, change):
    """The two transactions of test_replay (1k, checksums v3), then
    @change(image bytes, journal's blocks, block size) applied."""
    j = journaled(states, "1k-csum-v3", tmp_path)
    path = j.close()
    img = bytearray(open(path, "rb").read())
    change(img, j.log_blocks(), j.bs)
    open(path, "wb").write(img)
    return path


def log_block(where, bs, img, seq, btype):
    """The offsets in the image of the log's first block of type @btype in
    transaction @seq and of the block after it in the journal (the first
    copy, after a descriptor block)."""
    for i, blk in enumerate(where[1:-1], 1):
        off = blk * bs
        if img[off:off + 4] == MAGIC and \
           int.from_bytes(img[off + 4:off + 8], "big") == btype and \
           int.from_bytes(img[off + 8:off + 12], "big") == seq:
            return off, where[i + 1] * bs
    raise AssertionError(f"no block of type {btype} in transaction {seq}")


def reseal(img, off, bs, at, seed_from):
    """Put back the crc32c at @at of the log block at @off (v3)."""
    jsb = seed_from
    seed = crc32c(img[jsb + 0x30:jsb + 0x40], 0xffffffff)
    img[off + at:off + at + 4] = b"\0" * 4
    img[off + at:off + at + 4] = crc32c(img[off:off + bs], seed).to_bytes(
        4, "big")


def check_damaged(ember, host, layout, path, line, files, gone=()):
    host(path)
    out = ok(ember, "ls host 0 /")
    assert out.split("\n")[0] == line, out
    reads_as(ember, layout, files, gone)
    assert ok(ember, "echo alive") == "alive\n"


def test_damaged_copy(ember, host, layout, states, tmp_path):
    """A copy that fails its checksum is skipped, as Linux skips it, and
    the rest of the news is read. The copy is transaction 2's first, the
    superblock's: transaction 1's copy of it is read instead."""
    def change(img, where, bs):
        desc, copy = log_block(where, bs, img, 2, 1)
        assert int.from_bytes(img[desc + 12:desc + 16], "big") == 1
        img[copy + 0x78] ^= 0xff
    path = damaged_log(states, tmp_path, change)
    host(path)
    out = ok(ember, "ls host 0 /").split("\n")
    assert out[0].startswith("host 0: ext4: journal: block "), out
    assert out[0].endswith(": the copy of block 1 in transaction 2 fails "
                           "its checksum: not replayed"), out
    reads_as(ember, layout, C_FILES, gone=["hello.txt"])


@pytest.mark.parametrize("what", ["descriptor", "commit"])
def test_damaged_transaction(ember, host, layout, states, tmp_path, what):
    """The second transaction's descriptor or commit block fails its
    checksum: the log ends before it, and B is read."""
    def change(img, where, bs):
        img[log_block(where, bs, img, 2,
                      1 if what == "descriptor" else 2)[0] + 0x40] ^= 0xff
    path = damaged_log(states, tmp_path, change)
    host(path)
    out = ok(ember, "ls host 0 /").split("\n")
    assert out[0].startswith("host 0: ext4: journal: block "), out
    assert out[0].endswith(f"{what} block of transaction 2 fails its "
                           "checksum: the log ends there"), out
    a, b, _ = states("1k-csum-v3")
    assert out[1] == ("host 0: ext4: journal: needs recovery: 1 transaction "
                      f"({len(diff_blocks(a, b, 1024))} blocks) replayed in "
                      "memory"), out
    reads_as(ember, layout, B_FILES)


def test_damaged_journal_superblock(ember, host, layout, states, tmp_path):
    """Nothing can be replayed: A is read, and the line says why."""
    def change(img, where, bs):
        img[where[0] * bs + 0x48] ^= 0xff
    path = damaged_log(states, tmp_path, change)
    check_damaged(ember, host, layout, path,
                  "host 0: ext4: journal: its superblock fails its checksum: "
                  "reading without its latest changes", A_FILES)


def test_unknown_journal_feature(ember, host, layout, states, tmp_path):
    def change(img, where, bs):
        jsb = where[0] * bs
        img[jsb + 0x28] |= 0x10         # incompat bit 0x10000000
        img[jsb + 0xfc:jsb + 0x100] = b"\0" * 4
        img[jsb + 0xfc:jsb + 0x100] = crc32c(
            img[jsb:jsb + 1024], 0xffffffff).to_bytes(4, "big")
    path = damaged_log(states, tmp_path, change)
    check_damaged(ember, host, layout, path,
                  "host 0: ext4: journal: features 0x10000012 (checksum type "
                  "4) cannot be replayed: reading without its latest changes",
                  A_FILES)


def test_tag_past_the_partition(ember, host, layout, states, tmp_path):
    """Transaction 2 names a block past the end (its descriptor resealed):
    the log ends there, and B is read."""
    def change(img, where, bs):
        desc, _ = log_block(where, bs, img, 2, 1)
        img[desc + 12:desc + 16] = (0x7fffff00).to_bytes(4, "big")
        reseal(img, desc, bs, bs - 4, where[0] * bs)
    path = damaged_log(states, tmp_path, change)
    host(path)
    out = ok(ember, "ls host 0 /").split("\n")
    assert out[0].endswith("transaction 2 names block 2147483392, past the "
                           "partition: the log ends there"), out
    reads_as(ember, layout, B_FILES)


def test_damaged_superblock_copy(ember, host, layout, states, tmp_path):
    """The superblock's copy in the log is damaged (its tag's checksum
    made to match): the filesystem is refused, as a damaged superblock on
    the disk would be, with one line."""
    def change(img, where, bs):
        # Transaction 2's first copy: block 1, the superblock
        desc, copy = log_block(where, bs, img, 2, 1)
        assert int.from_bytes(img[desc + 12:desc + 16], "big") == 1
        img[copy + 0x78:copy + 0x7f] = b"damaged"     # s_volume_name
        jsb = where[0] * bs
        seed = crc32c(img[jsb + 0x30:jsb + 0x40], 0xffffffff)
        csum = crc32c(img[copy:copy + bs], crc32c((2).to_bytes(4, "big"),
                                                  seed))
        img[desc + 12 + 12:desc + 12 + 16] = csum.to_bytes(4, "big")
        reseal(img, desc, bs, bs - 4, jsb)
    path = damaged_log(states, tmp_path, change)
    host(path)
    out = fail(ember, "ls host 0 /").split("\n")
    assert out[0].startswith("host 0: ext4: journal: needs recovery"), out
    assert out[1].startswith("host 0: ext4: superblock checksum is "), out
    assert ok(ember, "echo alive") == "alive\n"


# ---------------------------------------------------- large and odd logs

def append_log(path, where, bs, txns):
    """After the log debugfs wrote (no checksums, 32-bit tags), one more
    transaction for each of @txns, ({block: bytes}, [revoked blocks]):
    a descriptor block and the copies, revoke blocks, a commit block.
    Returns how many."""
    out = run("debugfs", "-R", "logdump", str(path))
    last = [line for line in out.split("\n") if "(commit block)" in line][-1]
    seq = int(last.split("sequence ")[1].split(",")[0]) + 1
    pos = int(last.split("at block ")[1]) + 1
    img = bytearray(open(path, "rb").read())

    def put(block):
        nonlocal pos
        off = where[pos] * bs
        img[off:off + bs] = block.ljust(bs, b"\0")
        pos += 1

    def header(btype):
        return MAGIC + btype.to_bytes(4, "big") + seq.to_bytes(4, "big")

    for copies, revoked in txns:
        keys = sorted(copies)
        per = (bs - 12 - 16) // 8
        for i in range(0, len(keys), per):
            part = keys[i:i + per]
            desc = header(1)
            for k, blk in enumerate(part):
                flags = (2 if k else 0) | (8 if k == len(part) - 1 else 0)
                flags |= copies[blk][:4] == MAGIC       # escaped
                desc += blk.to_bytes(4, "big") + flags.to_bytes(4, "big")
                desc += b"" if k else bytes(16)
            put(desc)
            for blk in part:
                data = copies[blk]
                put(bytes(4) + data[4:] if data[:4] == MAGIC else data)
        per = (bs - 16) // 4
        for i in range(0, len(revoked), per):
            part = revoked[i:i + per]
            put(header(5) + (16 + 4 * len(part)).to_bytes(4, "big") +
                b"".join(b.to_bytes(4, "big") for b in part))
        put(header(2))
        seq += 1
    open(path, "wb").write(img)
    return len(txns)


@pytest.mark.parametrize("distinct", [30000, 140000])
def test_many_revoke_records(ember, host, layout, states, tmp_path,
                             distinct):
    """More revoke records than Ember keeps (131072): those of committed
    transactions are folded to one a block, and the news are replayed
    when the distinct blocks fit in three quarters of it; when they do
    not, nothing is (a part of the log could be a state that never was),
    and that is said. The news of B are in the log twice, so that copies
    are folded too, and the news of C come after the fold: they are the
    last copies, and read."""
    shape = "4k-32bit-nocsum"
    a, b, c = states(shape)
    j = journaled(states, shape, tmp_path, through="B")
    path = j.close()
    ids = list(range(1 << 24, (1 << 24) + distinct))
    revokes = [ids] * 6 if distinct < 131072 else \
        [ids[i::2] for i in range(2)]
    to_b, to_c = diff_blocks(a, b, j.bs), diff_blocks(b, c, j.bs)
    more = append_log(path, j.log_blocks(), j.bs,
                      [(to_b, [])] + [({}, r) for r in revokes] +
                      [(to_c, [])])
    host(path)
    first, _ = notice(ok(ember, "ls host 0 /"))
    if distinct < 131072:
        assert first == ("host 0: ext4: journal: needs recovery: "
                         f"{plural(j.txns + more)} "
                         f"({len(to_b.keys() | to_c.keys())} blocks) "
                         "replayed in memory"), first
        reads_as(ember, layout, C_FILES, gone=["hello.txt"])
    else:
        assert first == ("host 0: ext4: journal: more than 98304 blocks "
                         "and revoke records: reading without its latest "
                         "changes"), first
        reads_as(ember, layout, A_FILES)


def test_overlapping_journal(ember, host, layout, states, tmp_path):
    """The journal's inode (ext3: a block map) names one block twice: the
    journal is not replayed, whatever its log says, and A is read."""
    j = journaled(states, "ext3", tmp_path)
    path = j.close()
    out = run("debugfs", "-R", "imap <8>", path)
    block = int(out.split("located at block ")[1].split(",")[0])
    off = block * j.bs + int(out.split("offset ")[1].split()[0], 16)
    img = bytearray(open(path, "rb").read())
    img[off + 0x2c:off + 0x30] = img[off + 0x28:off + 0x2c]   # i_block[1]
    open(path, "wb").write(img)
    check_damaged(ember, host, layout, path,
                  "host 0: ext4: journal: two of its blocks are one block "
                  "of the disk: reading without its latest changes", A_FILES)
