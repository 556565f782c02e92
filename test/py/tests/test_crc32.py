# SPDX-License-Identifier: Apache-2.0 OR MIT
"""crc32 (its output has "==> " in the middle of a line)."""

import zlib

from helpers import assert_usage, md_values

PATTERN = [0x04030201, 0x08070605, 0xdeadbeef, 0x00c0ffee]


def fill(ember, addr):
    for i, v in enumerate(PATTERN):
        ember.run_ok(f"mw.l {addr + 4 * i:x} {v:x}")
    return b"".join(v.to_bytes(4, "little") for v in PATTERN)


def test_crc32(ember, layout):
    a = layout.scratch()
    data = fill(ember, a)
    out = ember.run_ok(f"crc32 {a:x} {len(data):x}")
    assert out == (f"crc32 for {a:08x} ... {a + len(data) - 1:08x} ==> "
                   f"{zlib.crc32(data):08x}")


def test_crc32_store(ember, layout):
    a = layout.scratch(0x2000)
    data = fill(ember, a)
    store = a + 0x1000
    ember.run_ok(f"crc32 {a:x} {len(data) - 1:x} {store:x}")
    # Stored big-endian, as U-Boot stores it
    stored = bytes(md_values(ember, 1, store, 4))
    assert stored == zlib.crc32(data[:-1]).to_bytes(4, "big")


def test_crc32_empty(ember, layout):
    a = layout.scratch()
    assert ember.run_ok(f"crc32 {a:x} 0") == \
        f"crc32 for {a:08x} ... {a:08x} ==> 00000000"


def test_crc32_control_dt(ember, layout):
    """Reading the control DT is allowed; storing into it is not."""
    f = layout.fdt_blob
    out = ember.run_ok(f"crc32 {f:x} {layout.fdt_size:x}")
    assert out.startswith(f"crc32 for {f:08x} ... ")
    assert f"would overwrite {layout.owner(f)}" in \
        ember.run_fail(f"crc32 {layout.scratch():x} 10 {f:x}")


def test_crc32_outside_ram(ember, layout):
    end = layout.ram_end
    assert ember.run_fail(f"crc32 {end - 8:x} 10").startswith(
        f"crc32: 0x{end - 8:x}..0x{end + 7:x} is outside RAM")
    assert ember.run_fail(f"crc32 {layout.scratch():x} 10 {end:x}") \
        .startswith(f"crc32: 0x{end:x}..0x{end + 3:x} is outside RAM")


def test_crc32_unaligned_store(ember, layout):
    a = layout.scratch()
    assert ember.run_fail(f"crc32 {a:x} 10 {a + 0x102:x}") == \
        f"crc32: address 0x{a + 0x102:x} is not aligned to 4 bytes"


def test_crc32_usage(ember):
    assert_usage(ember.run_fail("crc32"), "crc32")
    assert_usage(ember.run_fail("crc32 40000000"), "crc32")
    assert ember.run_fail("crc32 40000000 zz") == "crc32: invalid number 'zz'"
