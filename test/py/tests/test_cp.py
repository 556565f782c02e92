# SPDX-License-Identifier: Apache-2.0 OR MIT
"""cp: memory copy."""

import pytest

from helpers import assert_usage, md_values


def fill(ember, addr, values):
    for i, v in enumerate(values):
        ember.run_ok(f"mw.l {addr + 4 * i:x} {v:x}")


def test_cp(ember, layout):
    src = layout.scratch(0x2000)
    dst = src + 0x1000
    fill(ember, src, [1, 2, 3, 4])
    ember.run_ok(f"mw.l {dst:x} 0 8")
    ember.run_ok(f"cp.l {src:x} {dst:x} 3")
    assert md_values(ember, 4, dst, 5) == [1, 2, 3, 0, 0]


@pytest.mark.parametrize("suffix,size", [("b", 1), ("w", 2), ("q", 8)])
def test_cp_sizes(ember, layout, suffix, size):
    src = layout.scratch(0x2000)
    dst = src + 0x1000
    fill(ember, src, [0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00])
    ember.run_ok(f"mw.l {dst:x} 0 4")
    ember.run_ok(f"cp.{suffix} {src:x} {dst:x} {8 // size:x}")
    assert md_values(ember, 4, dst, 4) == [0x11223344, 0x55667788, 0, 0]


def test_cp_overlapping(ember, layout):
    a = layout.scratch()
    fill(ember, a, [1, 2, 3, 4, 5])
    ember.run_ok(f"cp.l {a:x} {a + 4:x} 4")
    assert md_values(ember, 4, a, 5) == [1, 1, 2, 3, 4]


def test_cp_zero_count(ember, layout):
    a = layout.scratch()
    ember.run_ok(f"cp {a:x} {a + 0x100:x} 0")


def test_cp_control_dt_refused(ember, layout):
    src = layout.scratch()
    f = layout.fdt_blob
    assert ember.run_fail(f"cp.l {src:x} {f:x} 1") == \
        f"cp: 0x{f:x}..0x{f + 3:x} would overwrite {layout.owner(f)}"
    # reading it is fine
    ember.run_ok(f"cp.l {f:x} {src:x} 4")
    assert md_values(ember, 1, src, 4) == [0xd0, 0x0d, 0xfe, 0xed]


def test_cp_outside_ram(ember, layout):
    a = layout.scratch()
    end = layout.ram_end
    assert ember.run_fail(f"cp.l {a:x} {end:x} 1").startswith(
        f"cp: 0x{end:x}..0x{end + 3:x} is outside RAM")
    assert ember.run_fail(f"cp.l {end - 4:x} {a:x} 2").startswith(
        f"cp: 0x{end - 4:x}..0x{end + 3:x} is outside RAM")


def test_cp_unaligned(ember, layout):
    a = layout.scratch()
    assert ember.run_fail(f"cp.l {a + 1:x} {a + 0x100:x} 1") == \
        f"cp: address 0x{a + 1:x} is not aligned to 4 bytes"


def test_cp_usage(ember):
    assert_usage(ember.run_fail("cp"), "cp")
    assert_usage(ember.run_fail("cp 40000000 40000100"), "cp")
