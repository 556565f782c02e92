# SPDX-License-Identifier: Apache-2.0 OR MIT
"""cmp: memory compare."""

import pytest

from helpers import assert_usage


def test_cmp_same(ember, layout):
    a = layout.scratch(0x2000)
    b = a + 0x1000
    ember.run_ok(f"mw.l {a:x} 5a5a5a5a 10; mw.l {b:x} 5a5a5a5a 10")
    assert ember.run_ok(f"cmp.l {a:x} {b:x} 10") == \
        "Total of 16 word(s) were the same"


def test_cmp_differ(ember, layout):
    a = layout.scratch(0x2000)
    b = a + 0x1000
    ember.run_ok(f"mw.l {a:x} 3 4; mw.l {b:x} 3 4; mw.l {b + 8:x} 9")
    out = ember.run_fail(f"cmp.l {a:x} {b:x} 4")
    assert out == (f"word at 0x{a + 8:08x} (0x00000003) != word at "
                   f"0x{b + 8:08x} (0x00000009)\n"
                   "Total of 2 word(s) were the same")


def test_cmp_differ_zero(ember, layout):
    """A zero value is printed with its 0x like any other."""
    a = layout.scratch(0x2000)
    b = a + 0x1000
    ember.run_ok(f"mw.b {a:x} 0; mw.b {b:x} 1")
    out = ember.run_fail(f"cmp.b {a:x} {b:x} 1")
    assert out == (f"byte at 0x{a:08x} (0x00) != byte at 0x{b:08x} (0x01)\n"
                   "Total of 0 byte(s) were the same")


@pytest.mark.parametrize("suffix,name,digits", [
    ("b", "byte", 2), ("w", "halfword", 4), ("q", "double word", 16)])
def test_cmp_sizes(ember, layout, suffix, name, digits):
    a = layout.scratch(0x2000)
    b = a + 0x1000
    ember.run_ok(f"mw.q {a:x} 0 2; mw.q {b:x} 0 2; mw.b {b + 8:x} 7")
    n = 16 // (digits // 2)
    out = ember.run_fail(f"cmp.{suffix} {a:x} {b:x} {n:x}")
    lines = out.split("\n")
    assert lines[0].startswith(f"{name} at 0x{a + 8:08x} (0x{0:0{digits}x})")
    assert lines[0].endswith(f"(0x{7:0{digits}x})")
    assert lines[1] == f"Total of {8 // (digits // 2)} {name}(s) were the same"


def test_cmp_outside_ram(ember, layout):
    a = layout.scratch()
    end = layout.ram_end
    assert ember.run_fail(f"cmp.l {a:x} {end - 4:x} 2").startswith(
        f"cmp: 0x{end - 4:x}..0x{end + 3:x} is outside RAM")


def test_cmp_unaligned(ember, layout):
    a = layout.scratch()
    assert ember.run_fail(f"cmp.w {a:x} {a + 1:x} 1") == \
        f"cmp: address 0x{a + 1:x} is not aligned to 2 bytes"


def test_cmp_usage(ember):
    assert_usage(ember.run_fail("cmp 40000000 40000100"), "cmp")
