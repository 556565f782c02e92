# SPDX-License-Identifier: Apache-2.0 OR MIT
"""U-Boot compatibility, information commands: the example of U-Boot's
doc/usage/cmd/bdinfo.rst, and what U-Boot's own tests expect of 'help'
(U-Boot's documentation has no page for help, '?' or version).

bdinfo.rst's example is QEMU's virt machine with 4 GiB, a NIC whose MAC
is 52:52:52:52:52:52 and an address from QEMU's user network: on
qemu_arm64 that machine is started and every field both print is the
document's line, but where Ember puts itself and its DT (relocaddr,
fdt_blob), which are Ember's. On every board the fields keep the
document's order and the shapes of its values.

Deliberately different (doc/usage/memory.md): U-Boot's boot_params,
flash, baudrate, reloc off, current eth, new_fdt, lmb_dump_all,
devicetree, arch_number, TLB addr, irq_sp, sp start and early malloc
lines are not printed; Ember's own fields (reloc end, malloc, loadaddr,
the architecture's and the board's) are, between and after U-Boot's.

Left out: 'version', which no document shows (test_version.py checks
U-Boot's shape: the banner, a blank line, the compiler and the linker).
"""

import re

import pytest

from helpers import lines

BDINFO_DOC = """
=> bdinfo
boot_params = 0x0000000000000000
DRAM bank   = 0x0000000000000000
-> start    = 0x0000000040000000
-> size     = 0x0000000100000000
flashstart  = 0x0000000000000000
flashsize   = 0x0000000004000000
flashoffset = 0x00000000000e87f8
baudrate    = 115200 bps
relocaddr   = 0x000000013fefb000
reloc off   = 0x000000013fefb000
Build       = 64-bit
current eth = virtio-net#32
ethaddr     = 52:52:52:52:52:52
IP addr     = 10.0.2.15
fdt_blob    = 0x000000013edbadb0
new_fdt     = 0x000000013edbadb0
fdt_size    = 0x0000000000100000
lmb_dump_all:
 memory.cnt  = 0x1
 memory[0]      [0x40000000-0x13fffffff], 0x100000000 bytes flags: 0
 reserved.cnt  = 0x2
 reserved[0]    [0x13ddb3000-0x13fffffff], 0x0224d000 bytes flags: 0
 reserved[1]    [0x13edb6930-0x13fffffff], 0x012496d0 bytes flags: 0
devicetree  = board
arch_number = 0x0000000000000000
TLB addr    = 0x000000013fff0000
irq_sp      = 0x000000013edbada0
sp start    = 0x000000013edbada0
Early malloc usage: 3a8 / 2000
"""

NOT_PRINTED = {"boot_params", "flashstart", "flashsize", "flashoffset",
               "baudrate", "reloc off", "current eth", "new_fdt",
               "devicetree", "arch_number", "TLB addr", "irq_sp",
               "sp start"}
# Where Ember, not the machine, decides the value
EMBERS = {"relocaddr", "fdt_blob"}
# The document's value when the board has no address yet, as U-Boot
# prints it (bdinfo's '(not set)', printf's '<NULL>')
UNSET = {"ethaddr": "(not set)", "IP addr": "<NULL>"}


def field(line):
    """The name of bdinfo's '<name> = <value>' @line, or None"""
    m = re.match(r"(\S.{11})= ", line)
    return m.group(1).rstrip() if m else None


def doc_fields():
    """{name: line} of the document's fields that Ember prints, in its
    order"""
    out = {}
    for line in lines(BDINFO_DOC.strip("\n"))[1:]:
        name = field(line)
        if name and name not in NOT_PRINTED:
            out[name] = line
    return out


def shape(line):
    """A regex of @line's shape: its name, its value's hex digits any"""
    name, value = line.split("= ", 1)
    if value.startswith("0x"):
        value = re.escape("0x") + "[0-9a-f]" + "{%d}" % (len(value) - 2)
    elif ":" in value:
        value = "(?:[0-9a-f]{2}:){5}[0-9a-f]{2}"
    elif name.strip() == "IP addr":
        value = r"\d+\.\d+\.\d+\.\d+"
    else:
        value = re.escape(value)
    return re.escape(name + "= ") + value


def check_bdinfo(out, verbatim):
    """Ember's bdinfo @out has the document's fields in its order, those
    in @verbatim as the document prints them, the others in its shape"""
    doc = doc_fields()
    got = {field(line): line for line in lines(out) if field(line) in doc}
    assert list(got) == list(doc), out
    for name, line in got.items():
        if name in verbatim:
            assert line == doc[name]
        elif name in UNSET and line.endswith(f"= {UNSET[name]}"):
            continue
        else:
            assert re.fullmatch(shape(doc[name]), line), (line, doc[name])


def test_bdinfo(ember):
    """The board's own machine: its RAM starts where the document's does,
    and both are 64-bit"""
    check_bdinfo(ember.run_ok("bdinfo"), {"DRAM bank", "-> start", "Build"})


@pytest.mark.boards("qemu_arm64")
def test_bdinfo_qemu(ember_spawn):
    """The document's machine"""
    c = ember_spawn(["-m", "4G", "-netdev", "user,id=n0,restrict=on",
                     "-device", "virtio-net-device,netdev=n0,"
                     "mac=52:52:52:52:52:52"])
    c.run_ok("setenv autoload no; dhcp", timeout=60)
    check_bdinfo(c.run_ok("bdinfo"), set(doc_fields()) - EMBERS)


def test_help_first_line(ember):
    """U-Boot's test/py/tests/test_help.py: the list starts with '?'"""
    assert lines(ember.run_ok("help"))[0] == "?         - alias for 'help'"


@pytest.mark.parametrize("cmd", ["help", "?"])
def test_help_command(ember, cmd):
    """A command's usage, as U-Boot's cmd/mem.c declares md's"""
    assert ember.run_ok(f"{cmd} md") == \
        "md - memory display\n\nUsage:\nmd [.b, .w, .l, .q] address " \
        "[# of objects]"
