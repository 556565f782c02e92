# SPDX-License-Identifier: Apache-2.0 OR MIT
"""gzwrite: a gzip-compressed image in memory written, inflated, onto a
virtio-blk disk, on both boards. Disk 0 is the target, filled with 0xaa
so that what gzwrite must keep is seen; disk 1 holds the compressed
image, which 'virtio read' brings into memory. Checked on the host's
file after the board exits: the image at its offset, the rest of its
last block and everything else untouched; and every refusal, before a
byte is written."""

import gzip
import random
import re
import zlib

import pytest

from test_virtio_blk import QEMU_TRANSPORTS, qemu_drive, scratch

DISK = 1 << 20
DATA_LEN = 300100           # not a whole number of blocks
FILL = b"\xaa"


def data_bytes():
    """A pattern, then 100 bytes that do not compress (the same each run)"""
    tail = random.Random(DATA_LEN).randbytes(100)
    return bytes((i * 7 + i // 4099) & 0xff for i in range(DATA_LEN - 100)) \
        + tail


def spawn(ember, ember_spawn, target, source):
    if ember.board == "sandbox":
        return ember_spawn(["--virtio-blk", str(target),
                            "--virtio-blk-ro", str(source)])
    drive = qemu_drive(source, readonly=True)
    drive[1] = drive[1].replace("id=d0", "id=d1")
    return ember_spawn(qemu_drive(target) +
                       QEMU_TRANSPORTS["pci-modern"][1] + drive +
                       ["-device", "virtio-blk-pci,drive=d1,"
                        "disable-legacy=on"])


def prepare(ember, ember_spawn, tmp_path, gz):
    """The console, the image's address in memory, the target's path"""
    target = tmp_path / "target.img"
    target.write_bytes(FILL * DISK)
    source = tmp_path / "source.img"
    source.write_bytes(gz + bytes(-len(gz) % 512))
    c = spawn(ember, ember_spawn, target, source)
    addr = scratch(c, 2 * len(gz) + 0x100000)
    c.run_ok("virtio dev 1")
    c.run_ok(f"virtio read {addr:x} 0 {(len(gz) + 511) // 512:x}")
    c.run_ok("virtio dev 0")
    return c, addr, target


def done_line(data):
    return f"\n\t{len(data)} bytes, crc 0x{zlib.crc32(data):08x}"


def test_gzwrite(ember, ember_spawn, tmp_path):
    """Inflated onto the disk at offset 0 (1 MiB buffer), then at 0x60000
    through a 4 KiB buffer with its size given; the bytes after the
    image in its last block are kept"""
    data = data_bytes()
    gz = gzip.compress(data)
    c, addr, target = prepare(ember, ember_spawn, tmp_path, gz)
    out = c.run_ok(f"gzwrite virtio 0 {addr:x} {len(gz):x}", timeout=60)
    assert out.endswith(done_line(data)), out
    out = c.run_ok(f"gzwrite virtio 0 {addr:x} {len(gz):x} 1000 60000 "
                   f"{len(data):x}", timeout=60)
    assert out.endswith(done_line(data)), out
    # Progress every fourth buffer, as U-Boot's (a line ended by CR)
    assert f"\n16384/{len(data)}" in out, out
    c.close()
    disk = target.read_bytes()
    assert disk[:DATA_LEN] == data
    assert disk[DATA_LEN:0x60000] == FILL * (0x60000 - DATA_LEN)
    assert disk[0x60000:0x60000 + DATA_LEN] == data
    assert disk[0x60000 + DATA_LEN:] == FILL * (DISK - 0x60000 - DATA_LEN)


def test_gzwrite_refused(ember, ember_spawn, tmp_path):
    """Each refused before anything is written: buffer, offset, size,
    too large for the disk, not gzip, no such disk, no memory there"""
    data = data_bytes()
    gz = gzip.compress(data)
    c, addr, target = prepare(ember, ember_spawn, tmp_path, gz)
    g = f"gzwrite virtio 0 {addr:x} {len(gz):x}"
    for cmd, want in (
            (g + " 100", "gzwrite: buffer size 0x100: a multiple of "
             "virtio 0's block size (0x200), at most 0x1000000"),
            (g + " 2000000", "at most 0x1000000"),
            (g + " 1000 100", "gzwrite: offset 0x100 is not a block "
             "boundary of virtio 0"),
            (g + " 1000 0 12345", "gzwrite: size 0x12345 does not match "
             f"the gzip trailer's {len(data):#x}"),
            (g + " 1000 c0000", f"gzwrite: the image inflates to "
             f"{len(data):#x} bytes, past the end of virtio 0 (0x40000 "
             "bytes from 0xc0000)"),
            (f"gzwrite virtio 0 {addr + 2:x} 1000", "gzwrite: no gzip data"),
            (f"gzwrite virtio 7 {addr:x} 1000", "virtio 7: no such device"),
            (f"gzwrite virtio 0 {addr:x} 0", "gzwrite: length 0"),
            ("gzwrite virtio 0 0 1000", "gzwrite: 0x0..0xfff is "),
            ("gzwrite virtio 0", "Usage")):
        out = c.run_fail(cmd)
        assert want in out, (cmd, out)
    # The second disk is read-only
    assert "gzwrite: virtio 1 is read-only" in \
        c.run_fail(f"gzwrite virtio 1 {addr:x} {len(gz):x}")
    c.close()
    assert target.read_bytes() == FILL * DISK


def damaged(how):
    data = data_bytes()
    gz = gzip.compress(data)
    if how == "flipped":
        # Bits changed where the random tail is deflated: its CRC no
        # longer matches, or the stream breaks there
        b = bytearray(gz)
        b[len(b) - 60] ^= 0x55
        return data, bytes(b), len(b) - 60
    # Cut short, with a trailer that still gives the whole size
    return data, gz[:len(gz) // 2] + gz[-8:], len(gz) // 2


def clean(gz, good):
    """How many bytes the first @good bytes of @gz inflate to: what comes
    before the damage (zlib may give wrong bytes after it, before it
    finds it out)"""
    return len(zlib.decompressobj(wbits=31).decompress(gz[:good]))


@pytest.mark.parametrize("how", ["flipped", "cut"])
def test_gzwrite_damaged(ember, ember_spawn, tmp_path, how):
    """A stream damaged in its middle, or cut short, written 4 KiB at a
    time: stopped where zlib finds it out, said; the blocks before hold
    the image up to the damage, and nothing past them is written"""
    data, gz, good = damaged(how)
    c, addr, target = prepare(ember, ember_spawn, tmp_path, gz)
    out = c.run_fail(f"gzwrite virtio 0 {addr:x} {len(gz):x} 1000",
                     timeout=60)
    assert "\n\tuncompressed " in out, out
    m = re.search(r"gzwrite: virtio 0: (corrupt gzip data, or a CRC or "
                  r"length that does not match|truncated gzip data|more "
                  r"data than the size expected) after (0x[0-9a-f]+) bytes; "
                  r"the blocks before hold what was written", out)
    assert m, out
    written = int(m.group(2), 16)
    assert written % 512 == 0 and 0 < written < DATA_LEN, out
    c.close()
    disk = target.read_bytes()
    upto = min(written, clean(gz, good))
    assert disk[:upto] == data[:upto]
    assert disk[written:] == FILL * (DISK - written)
