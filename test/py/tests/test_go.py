# SPDX-License-Identifier: Apache-2.0 OR MIT
"""go: a standalone program in RAM called as a C function of (argc,
argv), its return value printed and taken as the command's status, as
U-Boot's go. On qemu_arm64 the programs are a few AArch64 instructions
written with mw.l; the sandbox cannot run code from its RAM and says so.
"""

import pytest

PROG = 0x44000000

# add x0, x0, #0x40; ret: argc + 0x40
ARGC_PLUS_40 = [0x91010000, 0xd65f03c0]
# ldr x2, [x1, #8]; ldrb w0, [x2]; ret: argv[1]'s first byte
ARGV1_BYTE0 = [0xf9400422, 0x39400040, 0xd65f03c0]
# ldr x2, [x1]; ldrb w0, [x2, #1]; ret: argv[0]'s second byte
ARGV0_BYTE1 = [0xf9400022, 0x39400440, 0xd65f03c0]
# mov x0, #0; ret
RET_0 = [0xd2800000, 0xd65f03c0]


def write_prog(ember, words, addr=PROG):
    ember.run_ok("; ".join(f"mw.l {addr + 4 * i:x} {w:08x}"
                           for i, w in enumerate(words)))


@pytest.mark.boards("qemu_arm64")
def test_go(ember):
    """argc and argv as U-Boot passes them (argv[0] the address); a
    non-zero result fails the command; a program written over another at
    the same address runs as written"""
    write_prog(ember, ARGC_PLUS_40)
    out = ember.run_fail(f"go {PROG:x} one two")
    assert out == (f"## Starting application at 0x{PROG:08X} ...\n"
                   "## Application terminated, rc = 0x43"), out
    write_prog(ember, ARGV1_BYTE0)
    assert ember.run_fail(f"go {PROG:x} hello").endswith("rc = 0x68")
    write_prog(ember, ARGV0_BYTE1)
    assert ember.run_fail(f"go {PROG:x}").endswith("rc = 0x34")
    write_prog(ember, RET_0)
    assert ember.run_ok(f"go {PROG:x}").endswith("rc = 0x0")
    assert ember.run_ok("echo $?") == "0"


def test_go_refused(ember):
    """Not RAM, not aligned, over Ember itself, no address; the sandbox
    has no RAM it can run"""
    assert "go: 0x1000 is not in RAM" in ember.run_fail("go 1000")
    assert "go: 0x44000002 is not 4-byte aligned" in \
        ember.run_fail("go 44000002")
    assert "go: invalid number 'zz'" in ember.run_fail("go zz")
    assert "Usage" in ember.run_fail("go")
    reloc = int(ember.run_ok("bdinfo").split("relocaddr   = ")[1]
                .split()[0], 16)
    assert f"go: 0x{reloc:x} is inside" in ember.run_fail(f"go {reloc:x}")
    if ember.board.startswith("sandbox"):
        assert "go: this board cannot run code from its RAM" in \
            ember.run_fail(f"go {PROG:x}")
