# SPDX-License-Identifier: Apache-2.0 OR MIT
"""mw: memory write, and the regions it must not touch."""

import pytest

from helpers import assert_usage, md_values


@pytest.mark.parametrize("suffix,size,value", [
    ("b", 1, 0xa5), ("w", 2, 0xbeef), ("l", 4, 0xdeadbeef),
    ("q", 8, 0x0123456789abcdef)])
def test_mw_sizes(ember, layout, suffix, size, value):
    a = layout.scratch()
    ember.run_ok(f"mw.q {a:x} 0 4")
    ember.run_ok(f"mw.{suffix} {a:x} {value:x}")
    raw = value.to_bytes(size, "little") + bytes(32 - size)
    assert bytes(md_values(ember, 1, a, 32)) == raw


def test_mw_default_size_is_word(ember, layout):
    a = layout.scratch()
    ember.run_ok(f"mw.q {a:x} 0 2")
    ember.run_ok(f"mw {a:x} ffffffff")
    assert md_values(ember, 4, a, 3) == [0xffffffff, 0, 0]


def test_mw_count(ember, layout):
    a = layout.scratch()
    ember.run_ok(f"mw.l {a:x} 0 8")
    ember.run_ok(f"mw.w {a + 2:x} 1234 5")
    assert md_values(ember, 2, a, 8) == [0, 0x1234, 0x1234, 0x1234, 0x1234,
                                         0x1234, 0, 0]


def test_mw_value_too_big(ember, layout):
    a = layout.scratch()
    assert ember.run_fail(f"mw.b {a:x} 100") == \
        "mw: value 0x100 does not fit in a byte"
    assert ember.run_fail(f"mw.w {a:x} 10000") == \
        "mw: value 0x10000 does not fit in a halfword"
    assert ember.run_fail(f"mw.l {a:x} 100000000") == \
        "mw: value 0x100000000 does not fit in a word"


def test_mw_unaligned(ember, layout):
    a = layout.scratch() + 1
    assert ember.run_fail(f"mw.w {a:x} 1") == \
        f"mw: address 0x{a:x} is not aligned to 2 bytes"


def test_mw_outside_ram(ember, layout):
    end = layout.ram_end
    assert ember.run_fail(f"mw.l {end:x} 1").startswith(
        f"mw: 0x{end:x}..0x{end + 3:x} is outside RAM")
    out = ember.run_fail(f"mw.l {end - 8:x} 1 4")
    assert out.startswith(f"mw: 0x{end - 8:x}..0x{end + 7:x} is outside RAM")


def test_mw_control_dt_refused(ember, layout):
    f = layout.fdt_blob
    before = md_values(ember, 4, f, 4)
    assert ember.run_fail(f"mw.l {f:x} 0") == \
        f"mw: 0x{f:x}..0x{f + 3:x} would overwrite {layout.owner(f)}"
    # words overlapping its end are refused too
    last = (f + layout.fdt_size) & ~3
    assert f"would overwrite {layout.owner(last - 4, 8)}" in \
        ember.run_fail(f"mw.l {last - 4:x} 0 2")
    assert md_values(ember, 4, f, 4) == before


def test_mw_ember_refused(ember, layout):
    if not (layout.ram_start <= layout.reloc_addr < layout.reloc_end <=
            layout.ram_end):
        pytest.skip("Ember does not live in RAM on this board")
    r = layout.reloc_addr
    assert ember.run_fail(f"mw.l {r:x} 0") == \
        f"mw: 0x{r:x}..0x{r + 3:x} would overwrite Ember's code, data, " \
        "heap and stack"
    e = layout.reloc_end
    assert "would overwrite Ember's" in ember.run_fail(f"mw.l {e - 4:x} 0")
    # a fill that runs from free RAM into Ember is refused whole
    assert "would overwrite Ember's" in ember.run_fail(
        f"mw.l {r - 0x100:x} 0 80")
    assert ember.run_ok("echo alive") == "alive"


def test_mw_bad_numbers(ember, layout):
    a = layout.scratch()
    assert ember.run_fail(f"mw {a:x} xyz") == "mw: invalid number 'xyz'"
    assert ember.run_fail(f"mw {a:x} 1 -1") == "mw: invalid number '-1'"


def test_mw_usage(ember):
    assert_usage(ember.run_fail("mw"), "mw")
    assert_usage(ember.run_fail("mw 40000000"), "mw")
    out = ember.run_fail("mw.z 40000000 1")
    assert out.startswith("mw.z: unknown data size suffix")
