# SPDX-License-Identifier: Apache-2.0 OR MIT
"""md: memory display, in RAM and outside it."""

import re

import pytest

from helpers import assert_usage, md_values, parse_md


def test_md_words(ember, layout):
    a = layout.scratch()
    ember.run_ok(f"mw.l {a:x} 12345678 4")
    out = ember.run_ok(f"md.l {a:x} 4")
    # Two spaces before the text, as U-Boot since v2021.10
    assert out == (f"{a:08x}: 12345678 12345678 12345678 12345678  "
                   "xV4.xV4.xV4.xV4.")


@pytest.mark.parametrize("size,values", [
    (1, [0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01]),
    (2, [0xcdef, 0x89ab, 0x4567, 0x0123]),
    (4, [0x89abcdef, 0x01234567]),
    (8, [0x0123456789abcdef]),
])
def test_md_sizes(ember, layout, size, values):
    a = layout.scratch()
    ember.run_ok(f"mw.q {a:x} 0123456789abcdef")
    assert md_values(ember, size, a, len(values)) == values


def test_md_default_count(ember, layout):
    """Without a count, md shows as many items as last time (U-Boot)."""
    a = layout.scratch()
    ember.run_ok(f"md {a:x} 40")
    rows = parse_md(ember.run_ok(f"md {a:x}"))
    assert len(rows) == 16
    assert [r[0] for r in rows] == [a + 16 * i for i in range(16)]
    assert all(len(r[1]) == 4 for r in rows)
    rows = parse_md(ember.run_ok(f"md.b {a:x}"))
    assert len(rows) == 4 and all(len(r[1]) == 16 for r in rows)
    ember.run_ok(f"md.b {a:x} 3")
    rows = parse_md(ember.run_ok(f"md.w {a:x}"))
    assert len(rows) == 1 and len(rows[0][1]) == 3


def test_md_partial_line(ember, layout):
    a = layout.scratch()
    ember.run_ok(f"mw.l {a:x} 41424344 5")
    out = ember.run_ok(f"md.l {a:x} 5").split("\n")
    assert out[1] == f"{a + 16:08x}: 41424344" + " " * 27 + "  DCBA"


def test_md_control_dt(ember, layout):
    """The control DT may be read: its magic is d00dfeed (big-endian)."""
    assert md_values(ember, 1, layout.fdt_blob, 4) == [0xd0, 0x0d, 0xfe, 0xed]


def test_md_unaligned(ember, layout):
    a = layout.scratch() + 2
    assert ember.run_fail(f"md.l {a:x} 1") == \
        f"md: address 0x{a:x} is not aligned to 4 bytes"
    assert ember.run_fail(f"md.q {a + 4:x} 1") == \
        f"md: address 0x{a + 4:x} is not aligned to 8 bytes"
    ember.run_ok(f"md.w {a:x} 1")


def outside(layout, addr, length):
    return (f"0x{addr:x}..0x{addr + length - 1:x} is outside RAM "
            f"(0x{layout.ram_start:x}..0x{layout.ram_end - 1:x}) and device "
            "windows")


def test_md_outside_ram(ember, layout):
    end = layout.ram_end
    assert ember.run_fail(f"md.l {end:x} 1") == \
        "md: " + outside(layout, end, 4)
    # the last word of RAM is fine, one more is not
    ember.run_ok(f"md.l {end - 4:x} 1")
    assert ember.run_fail(f"md.l {end - 4:x} 2") == \
        "md: " + outside(layout, end - 4, 8)


def test_md_wraps_around(ember, layout):
    out = ember.run_fail("md.b ffffffffffffff00 200")
    assert out.startswith("md: 0xffffffffffffff00..")


def test_md_count_too_large(ember, layout):
    a = layout.scratch()
    assert ember.run_fail(f"md.q {a:x} 2000000000000000") == \
        "md: count 0x2000000000000000 is too large"


def test_md_bad_numbers(ember):
    assert ember.run_fail("md zz") == "md: invalid number 'zz'"
    assert ember.run_fail("md 40000000 1x") == "md: invalid number '1x'"
    assert ember.run_fail("md 10000000000000000") == \
        "md: number out of range '10000000000000000'"


def test_md_bad_suffix(ember, layout):
    out = ember.run_fail(f"md.x {layout.scratch():x}")
    assert out.startswith(
        "md.x: unknown data size suffix (use .b, .w, .l or .q)\n")
    assert_usage(out.split("\n", 1)[1], "md")


def test_md_usage(ember):
    assert_usage(ember.run_fail("md"), "md")
    assert_usage(ember.run_fail("md 1 2 3"), "md")


def test_md_ctrl_c(ember, layout):
    a = layout.scratch()
    ember.send_line(f"md.b {a:x} 100000")
    ember.expect(f"\n{a + 16:08x}: ")
    ember.send("\x03")
    ember.expect(r"<INTERRUPT>(?=\r*\n)", timeout=30)
    ember.expect_prompt()
    assert ember.run_ok("echo $?") == "1"


# QEMU virt's fw_cfg: its selector at +8 takes 16-bit writes only
FW_CFG_SELECTOR = 0x9020008


@pytest.mark.boards("qemu_arm64")
def test_mem_unmapped_and_refused(ember, layout):
    """The stack guard page is refused by name, and a device that refuses
    an access width makes the command fail, not the board crash."""
    guard = int(re.search(r"stack guard = 0x([0-9a-f]+)",
                          ember.run_ok("bdinfo")).group(1), 16)
    why = "includes the stack guard page"
    assert why in ember.run_fail(f"md.b {guard:x} 10")
    assert why in ember.run_fail(
        f"crc32 {layout.reloc_addr:x} {layout.reloc_end - layout.reloc_addr:x}")
    assert why in ember.run_fail(f"cmp.b {guard - 8:x} {guard - 8:x} 10")
    a = layout.scratch()
    sel = f"{FW_CFG_SELECTOR:x}"
    for cmd, what in [(f"md.b {sel} 1", "md: the byte read"),
                      (f"mw.b {sel} 1", "mw: the byte write"),
                      (f"cp.b {sel} {a:x} 1", "cp: the byte read"),
                      (f"cmp.b {sel} {a:x} 1", "cmp: the byte read"),
                      (f"crc32 {sel} 1", "crc32: the byte read")]:
        out = ember.run_fail(cmd)
        assert out == f"{what} at 0x{sel} faulted: the device there " \
            "does not take that access", out
    # The board goes on; a device that takes the access still answers
    assert ember.run_ok("echo alive") == "alive"
    assert ember.run_ok("md.l 9000018 1").startswith("09000018: ")
