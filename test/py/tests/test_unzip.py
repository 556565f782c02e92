# SPDX-License-Identifier: Apache-2.0 OR MIT
"""unzip, as U-Boot's: a stream Python's gzip made, inflated and checked
with crc32, 'filesize' set; and the bounds U-Boot does not have: the
output stops at dstsize and never runs over the compressed data."""

import gzip
import zlib

from helpers import assert_usage, mem_write_bytes


def data(n):
    return bytes((i * 7 + (i >> 9)) & 0xff for i in range(n))


def test_unzip(ember, layout):
    a = layout.scratch(0x100000)
    src, dst = a, a + 0x80000
    raw = data(0x10000)
    packed = gzip.compress(raw, mtime=0)
    assert len(packed) < 0x1000
    mem_write_bytes(ember, src, packed)
    out = ember.run_ok(f"unzip {src:x} {dst:x}")
    assert out == "Uncompressed size: 65536 = 0x10000"
    assert ember.run_ok("printenv filesize") == "filesize=10000"
    crc = ember.run_ok(f"crc32 {dst:x} ${{filesize}}")
    assert crc.endswith(f"==> {zlib.crc32(raw):08x}"), crc
    # dstsize one short: refused, said why; the variable keeps its value
    out = ember.run_fail(f"unzip {src:x} {dst:x} ffff")
    assert out == f"unzip: the data inflates past 0xffff bytes at " \
        f"0x{dst:x}, up to dstsize"
    assert ember.run_ok("printenv filesize") == "filesize=10000"
    # Just below the compressed data: the output stops before it
    out = ember.run_fail(f"unzip {src:x} {src - 0x1000:x}")
    assert out == f"unzip: the data inflates past 0x1000 bytes at " \
        f"0x{src - 0x1000:x}, up to the compressed data"
    crc = ember.run_ok(f"crc32 {src:x} {len(packed):x}")
    assert crc.endswith(f"==> {zlib.crc32(packed):08x}"), crc
    out = ember.run_fail(f"unzip {dst:x} {src:x}")
    assert out == f"unzip: no gzip data at 0x{dst:x}"
    assert_usage(ember.run_fail("unzip"), "unzip")
