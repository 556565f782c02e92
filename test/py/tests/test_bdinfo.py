# SPDX-License-Identifier: Apache-2.0 OR MIT
"""bdinfo, in U-Boot's shape: '%-12s= ' then the value, addresses and sizes
as 0x and 16 hex digits (both boards are 64-bit)"""

import re

from helpers import assert_usage, parse_bdinfo

FIELDS = ["DRAM bank", "-> start", "-> size", "relocaddr", "reloc end",
          "fdt_blob", "fdt_size", "malloc base", "malloc size", "loadaddr"]
# The RAM bank each board has: U-Boot's 'bdinfo -m' lines
BOARD_DRAM = {
    "sandbox": ["DRAM bank   = 0x0000000000000000",
                "-> start    = 0x0000000040000000",
                "-> size     = 0x0000000010000000"],
    "qemu_arm64": ["DRAM bank   = 0x0000000000000000",
                   "-> start    = 0x0000000040000000",
                   "-> size     = 0x0000000040000000"],
}


def test_bdinfo_fields(ember):
    out = ember.run_ok("bdinfo")
    values = parse_bdinfo(out)
    for field in FIELDS:
        assert field in values, f"{field} missing:\n{out}"
    assert re.search(r"^ethaddr     = ", out, re.M)
    assert re.search(r"^IP addr     = ", out, re.M)
    if ember.board == "sandbox":
        assert "arch        = sandbox (host process)" in out
    else:
        assert re.search(r"^board       = QEMU virt", out, re.M), out


def test_bdinfo_shape(ember):
    """U-Boot's bdinfo_print_num_l(): every address and size 64 bits wide"""
    out = ember.run_ok("bdinfo").split("\n")
    assert out[:3] == BOARD_DRAM[ember.board]
    assert "Build       = 64-bit" in out
    for field in FIELDS:
        line, = [l for l in out if l.startswith(f"{field:<12}= ")]
        assert re.fullmatch(r".{12}= 0x[0-9a-f]{16}", line), line


def test_bdinfo_options(ember):
    """-m: the RAM only; -e: the network only; -a: all, as no option"""
    assert ember.run_ok("bdinfo -m").split("\n") == BOARD_DRAM[ember.board]
    out = ember.run_ok("bdinfo -e").split("\n")
    assert len(out) == 2, out
    assert re.fullmatch(r"ethaddr     = (\(not set\)|[0-9a-f:]{17})", out[0])
    assert re.fullmatch(r"IP addr     = \S+", out[1])
    assert ember.run_ok("bdinfo -a") == ember.run_ok("bdinfo")


def test_bdinfo_consistent(ember, layout):
    env = ember.run_ok("printenv loadaddr fdtcontroladdr").split("\n")
    assert int(env[0].split("=")[1], 16) == layout.loadaddr
    assert int(env[1].split("=")[1], 16) == layout.fdt_blob
    assert layout.ram_start <= layout.fdt_blob < layout.ram_end
    assert layout.ram_start <= layout.loadaddr < layout.ram_end
    assert layout.reloc_addr <= layout.reloc_end
    assert layout.fdt_size > 0x40


def test_bdinfo_ram_matches_banner(ember, layout):
    ember.restart()
    m = re.search(r"^DRAM:  (\d+) ([MG])iB", ember.boot_log, re.M)
    mib = int(m.group(1)) * (1024 if m.group(2) == "G" else 1)
    assert layout.ram_size == mib << 20


def test_bdinfo_args(ember):
    assert_usage(ember.run_fail("bdinfo x"), "bdinfo")
    assert_usage(ember.run_fail("bdinfo -z"), "bdinfo")
