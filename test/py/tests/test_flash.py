# SPDX-License-Identifier: Apache-2.0 OR MIT
"""The sandbox's flash model across runs: --flash FILE and --flash-cut N.

The model (asm/flash_emul.h) answers at 0x08000000 and 0x08100000, two
banks of 1 MiB, 64 KiB erase blocks, 2 MiB in all. With no flash command
yet, the shell reaches it at register level with md.l and mw.l: 0x00400040
then a data word programs it (ANDed), 0x00200020 then 0x00d000d0 erases
its block, 0x00ff00ff goes back to read-array mode. The driver and the
faults are tested in C (test/dm/flash.c); this checks what only a second
run can see: the file.
"""

import os
import subprocess

import pytest

from ember_console import SANITIZER_RE

BASE = 0x08000000
SIZE = 0x200000
BLOCK = 0x10000


def run(target, *args):
    """Run the sandbox with @args; its stdout."""
    p = subprocess.run([os.path.join(target.build_dir, "ember"), *args],
                       stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=20)
    assert not SANITIZER_RE.search(p.stdout + p.stderr), p.stderr
    assert p.returncode == 0, p.stdout + p.stderr
    return p.stdout


def program(addr, value):
    """Shell commands that program the word @value at @addr."""
    return f"mw.l {addr:#x} 0x00400040; mw.l {addr:#x} {value:#x}; " \
        f"mw.l {addr:#x} 0x00ff00ff"


def erase(addr):
    """Shell commands that erase the block holding @addr."""
    return f"mw.l {addr:#x} 0x00200020; mw.l {addr:#x} 0x00d000d0; " \
        f"mw.l {addr:#x} 0x00ff00ff"


def word(data, off):
    return int.from_bytes(data[off:off + 4], "little")


@pytest.mark.boards("sandbox")
def test_flash_file_created(target, tmp_path):
    """A missing file is created erased, and holds what was programmed."""
    f = tmp_path / "flash.img"
    out = run(target, "--flash", str(f), "-c",
              program(BASE + 0x100010, 0x12345678) + "; md.l 0x08100010 1")
    assert "08100010: 12345678" in out
    data = f.read_bytes()
    assert len(data) == SIZE
    assert word(data, 0x100010) == 0x12345678
    assert data[:0x100010] == b"\xff" * 0x100010
    assert data[0x100014:] == b"\xff" * (SIZE - 0x100014)


@pytest.mark.boards("sandbox")
def test_flash_file_kept(target, tmp_path):
    """A second run reads what the first left; programs AND, erases set."""
    f = tmp_path / "flash.img"
    f.write_bytes(bytes(range(256)) * (SIZE // 256))
    out = run(target, "--flash", str(f), "-c",
              "md.l 0x08000100 2; " + program(BASE + 0x200, 0x0000ffff) +
              "; " + erase(BASE + BLOCK + 0x40))
    assert "08000100: 03020100 07060504" in out
    data = f.read_bytes()
    assert word(data, 0x200) == 0x03020100 & 0x0000ffff
    assert data[BLOCK:2 * BLOCK] == b"\xff" * BLOCK
    assert data[2 * BLOCK:2 * BLOCK + 4] == bytes(range(4))
    out = run(target, "--flash", str(f), "-c", "md.l 0x08000200 1")
    assert "08000200: 00000100" in out


@pytest.mark.boards("sandbox")
def test_flash_cut(target, tmp_path):
    """--flash-cut 1: one program completes, the next is torn (its low
    lane only), then the power is gone; the next run has it back."""
    f = tmp_path / "flash.img"
    cmds = "; ".join(program(BASE + 4 * i, 0x11223344) for i in range(3))
    out = run(target, "--flash", str(f), "--flash-cut", "1", "-c",
              cmds + "; md.l 0x08000000 3")
    assert "08000000: 00000000 00000000 00000000" in out   # no power
    data = f.read_bytes()
    assert word(data, 0) == 0x11223344
    assert word(data, 4) == 0xffff3344
    assert word(data, 8) == 0xffffffff
    out = run(target, "--flash", str(f), "-c", "md.l 0x08000000 3")
    assert "08000000: 11223344 ffff3344 ffffffff" in out


@pytest.mark.boards("sandbox")
def test_flash_file_wrong_size(target, tmp_path):
    """A file of another size is left alone: the model says so and stays
    away (the bus reads 0), the rest of the sandbox runs."""
    f = tmp_path / "flash.img"
    f.write_bytes(b"\x00" * 4096)
    out = run(target, "--flash", str(f), "-c", "md.l 0x08000000 1")
    assert f"flash-emul: cannot use {f} as 0x200000 bytes of flash: " \
        "EOVERFLOW" in out
    assert "08000000: 00000000" in out
    assert f.read_bytes() == b"\x00" * 4096
