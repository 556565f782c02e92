# SPDX-License-Identifier: Apache-2.0 OR MIT
"""bdinfo"""

import re

from helpers import assert_usage, parse_bdinfo

FIELDS = ["DRAM bank", "-> start", "-> size", "relocaddr", "reloc end",
          "heap start", "heap size", "fdt_blob", "fdt_size", "loadaddr"]


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
