# SPDX-License-Identifier: Apache-2.0 OR MIT
"""mm and nm (memory typed in at the console), base, loop and random,
with U-Boot's syntax and prompts: 'addr: value ? '."""

import re

import pytest

from helpers import assert_usage, md_values


def session(ember, cmd, steps, status=True):
    """Run @cmd, then for each (prompt shown, keys typed) wait for the
    prompt and type the keys; the exit status once the shell is back
    (with @status: asking for it runs a command, so an empty line no
    longer repeats @cmd)"""
    ember.send_line(cmd)
    for shown, keys in steps:
        ember.expect(re.escape(shown))
        ember.send(keys)
    ember.expect_prompt()
    return ember.last_status() if status else None


def test_mm_steps(ember, layout):
    """A value is written and the address moves on; Enter skips an item,
    '-' goes back one, a line that is not a number ends it (status 0)"""
    a = layout.scratch()
    ember.run_ok(f"mw.l {a:x} 11223344 4")
    assert session(ember, f"mm {a:x}", [
        (f"{a:08x}: 11223344 ? ", "55\r"),
        (f"{a + 4:08x}: 11223344 ? ", "\r"),
        (f"{a + 8:08x}: 11223344 ? ", "-\r"),
        (f"{a + 4:08x}: 11223344 ? ", "-\r"),
        (f"{a:08x}: 00000055 ? ", "0xcafe\r"),
        (f"{a + 4:08x}: 11223344 ? ", "  abcdef01  \r"),
        (f"{a + 8:08x}: 11223344 ? ", "q\r"),
    ]) == 0
    assert md_values(ember, 4, a, 4) == [0xcafe, 0xabcdef01, 0x11223344,
                                         0x11223344]


@pytest.mark.parametrize("suffix,size,old,new", [
    ("b", 1, "44", 0xaa), ("w", 2, "3344", 0xbeef),
    ("q", 8, "1122334411223344", 0x0123456789abcdef)])
def test_mm_sizes(ember, layout, suffix, size, old, new):
    a = layout.scratch()
    ember.run_ok(f"mw.l {a:x} 11223344 4")
    assert session(ember, f"mm.{suffix} {a:x}", [
        (f"{a:08x}: {old} ? ", f"{new:x}\r"),
        (f"{a + size:08x}: ", "x\r"),
    ]) == 0
    assert md_values(ember, size, a, 1) == [new]


def test_nm_stays(ember, layout):
    """nm keeps to its address: each value written is shown next, Enter
    reads it again"""
    a = layout.scratch()
    ember.run_ok(f"mw.l {a:x} 11223344 2")
    assert session(ember, f"nm.b {a:x}", [
        (f"{a:08x}: 44 ? ", "aa\r"),
        (f"{a:08x}: aa ? ", "bb\r"),
        (f"{a:08x}: bb ? ", "\r"),
        (f"{a:08x}: bb ? ", "-\r"),
        (f"{a:08x}: bb ? ", "end\r"),
    ]) == 0
    assert md_values(ember, 4, a, 2) == [0x112233bb, 0x11223344]


def test_mm_bad_values(ember, layout):
    """A value that does not fit, or is not wholly hex, is said and the
    same item is asked for again: U-Boot writes what it could parse"""
    a = layout.scratch()
    ember.run_ok(f"mw.l {a:x} 0 2")
    ember.send_line(f"mm.w {a:x}")
    ember.expect(re.escape(f"{a:08x}: 0000 ? "))
    ember.send("12345\r")
    ember.expect(re.escape("mm: value 0x12345 does not fit in a halfword"))
    ember.expect(re.escape(f"{a:08x}: 0000 ? "))
    ember.send("1g\r")
    ember.expect(re.escape("mm: '1g' is not a hex number"))
    ember.expect(re.escape(f"{a:08x}: 0000 ? "))
    ember.send("q\r")
    ember.expect_prompt()
    assert md_values(ember, 4, a, 2) == [0, 0]


def test_mm_ctrlc(ember, layout):
    a = layout.scratch()
    ember.run_ok(f"mw.l {a:x} 0 2")
    assert session(ember, f"mm {a:x}", [
        (f"{a:08x}: 00000000 ? ", "12\x03"),
    ]) == 0
    assert md_values(ember, 4, a, 2) == [0, 0]


def test_mm_repeat(ember, layout):
    """An empty line at the shell after mm goes on where it stopped, with
    its size, as U-Boot's"""
    a = layout.scratch()
    ember.run_ok(f"mw.l {a:x} 0 4")
    session(ember, f"mm.w {a:x}", [(f"{a:08x}: 0000 ? ", "1\r"),
                                   (f"{a + 2:08x}: 0000 ? ", "q\r")],
            status=False)
    assert session(ember, "", [(f"{a + 2:08x}: 0000 ? ", "2\r"),
                               (f"{a + 4:08x}: 0000 ? ", "q\r")]) == 0
    assert md_values(ember, 2, a, 3) == [1, 2, 0]


def test_mm_refused(ember, layout):
    """The control DT may be read but not written: the write is refused
    with the reason and the item asked for again; reading past RAM ends
    the session with a failure"""
    fdt = layout.fdt_blob
    ember.send_line(f"nm {fdt:x}")
    ember.expect(re.escape(f"{fdt:08x}: edfe0dd0 ? "))
    ember.send("0\r")
    ember.expect(re.escape(f"nm: {fdt:#x}..{fdt + 3:#x} would overwrite "
                           f"{layout.owner(fdt, 4)}"))
    ember.expect(re.escape(f"{fdt:08x}: edfe0dd0 ? "))
    ember.send("q\r")
    ember.expect_prompt()
    assert ember.last_status() == 0
    assert md_values(ember, 1, fdt, 4) == [0xd0, 0x0d, 0xfe, 0xed]


def test_mm_past_ram(ember, layout):
    """Stepping past the end of RAM ends the session with a failure"""
    last = layout.ram_end - 4
    ember.send_line(f"mm {last:x}")
    ember.expect(f"{last:08x}: [0-9a-f]{{8}} \\? ")
    ember.send("\r")
    out = ember.expect_prompt()
    assert f"mm: {last + 4:#x}..{last + 7:#x} is outside RAM" in out
    assert ember.last_status() == 1


@pytest.mark.parametrize("cmd", ["mm", "nm", "mm 1 2", "nm.x 1000"])
def test_mm_usage(ember, cmd):
    name = cmd.split()[0].split(".")[0]
    assert f"{name} - memory modify" in ember.run_fail(cmd)


def test_base(ember, layout):
    """base shifts the addresses of md, mw, cp, cmp, mm and nm, and not
    those of other commands"""
    a = layout.scratch()
    try:
        assert ember.run_ok("base") == "Base Address: 0x00000000"
        assert ember.run_ok(f"base {a:x}") == f"Base Address: 0x{a:08x}"
        assert ember.run_ok("base") == f"Base Address: 0x{a:08x}"
        ember.run_ok("mw.l 0 11111111 4; mw.l 10 22222222 4; cp.l 0 8 2")
        assert ember.run_ok("md.l 0 2").startswith(f"{a:08x}: 11111111")
        ember.run_fail("cmp.l 0 10 1")
        assert session(ember, "mm 4", [
            (f"{a + 4:08x}: 11111111 ? ", "5\r"), (f"{a + 8:08x}: ", "q\r"),
        ]) == 0
        assert session(ember, "nm 0", [(f"{a:08x}: 11111111 ? ", "q\r")]) == 0
        # loop is not shifted (U-Boot's neither): past RAM is past RAM,
        # where with the base it would have been the scratch area
        end = layout.ram_end
        ember.run_ok(f"base {(a - end) % (1 << 64):x}")
        assert ember.run_fail(f"loop {end:x} 1").startswith(
            f"loop: {end:#x}..{end + 3:#x} is outside RAM")
        ember.run_ok(f"base {a:x}")
        # crc32 is not shifted: the scratch area by its own address
        crc = ember.run_ok(f"crc32 {a:x} 10")
        assert crc.startswith(f"crc32 for {a:08x} ... {a + 15:08x} ==> ")
        out = ember.run_fail("md ffffffffffffffff 1")
        assert out == (f"md: address 0xffffffffffffffff plus the base "
                       f"{a:#x} is past the end of the address space")
        ember.run_fail("base zz")
        assert ember.run_ok("base") == f"Base Address: 0x{a:08x}"
    finally:
        ember.run_ok("base 0")
    assert md_values(ember, 4, a, 4) == [0x11111111, 5, 0x11111111,
                                         0x11111111]


def test_loop_until_ctrlc(ember, layout):
    """loop reads until Ctrl-C, then says so and fails; a count of 64 Mi
    bytes too (Ctrl-C is looked for between reads, not passes)"""
    a = layout.scratch(0x4000000)
    for count in ("10", "4000000"):
        ember.send_line(f"loop.b {a:x} {count}")
        ember.expect(re.escape(f"loop.b {a:x} {count}"))
        ember.send("\x03")
        assert "<INTERRUPT>" in ember.expect_prompt()
        assert ember.last_status() == 1


@pytest.mark.parametrize("cmd,msg", [
    ("loop {a:x} 0", "loop: a count of 0 reads nothing"),
    ("loop.l {odd:x} 1", "loop: address {odd:#x} is not aligned to 4 bytes"),
])
def test_loop_refused(ember, layout, cmd, msg):
    a = layout.scratch()
    odd = a + 2
    assert ember.run_fail(cmd.format(a=a, odd=odd)) == msg.format(odd=odd)


def test_random_seeded(ember, layout):
    """The same seed gives the same bytes; no seed, new ones each time"""
    a = layout.scratch()
    sums = []
    for cmd in ("random {a:x} 100 1234", "random {a:x} 100 1234",
                "random {a:x} 100", "random {a:x} 100"):
        assert ember.run_ok(cmd.format(a=a)) == \
            "256 bytes filled with random data"
        sums.append(ember.run_ok(f"crc32 {a:x} 100").split()[-1])
    assert sums[0] == sums[1]
    assert len(set(sums)) == 3
    # Only the bytes asked for
    ember.run_ok(f"mw.b {a:x} 5a 10")
    ember.run_ok(f"random {a:x} 7 1")
    assert md_values(ember, 1, a + 7, 9) == [0x5a] * 9


def test_random_refused(ember, layout):
    out = ember.run_fail(f"random {layout.fdt_blob:x} 10")
    assert out.endswith(f"would overwrite {layout.owner(layout.fdt_blob)}")
    assert_usage(ember.run_fail("random"), "random")
    assert_usage(ember.run_fail("random 1"), "random")


def test_coninfo(ember, target):
    name = "pl011@9000000" if target.board == "qemu_arm64" else "serial"
    assert ember.run_ok("coninfo") == (
        "List of available devices\n"
        f"|-- {name} (IO)\n"
        "|   |-- stdin\n"
        "|   |-- stdout\n"
        "|   |-- stderr")
