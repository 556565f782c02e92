# SPDX-License-Identifier: Apache-2.0 OR MIT
"""bootelf: an ELF program built here with Debian's aarch64 cross gcc
(text, data and a bss its code checks is zero), loaded by its section
headers (the default, as U-Boot's) or its program headers and run on
qemu_arm64 as U-Boot's bootelf runs it: the arguments after the image's
address as argc and argv, the value it returns as rc. On the sandbox, which
cannot run it, what was loaded is checked in memory. Damaged images are
refused before anything is written."""

import re
import shutil
import struct
import subprocess
import zlib

import pytest

from fatdisk import mkfat
from helpers import mem_write_bytes
from fscmd import host  # noqa: F401 (fixture)

CC = "aarch64-linux-gnu-gcc"
NM = "aarch64-linux-gnu-nm"
LINK = 0x44000000       # where the program runs
IMAGE = 0x45000000      # where its ELF file is loaded

PROG = r"""
static volatile long data_val = 0x30;
static volatile long bss_val[64];

long entry(int argc, char *const argv[])
{
	for (int i = 0; i < 64; i++)
		if (bss_val[i])
			return 0x2000;
	if (data_val != 0x30)
		return 0x1000;
	/* The arguments after the image's address, as U-Boot passes them */
	if (argc && argv[0][0] != 'a')
		return 0x3000;
	return argc;
}
"""

LDS = f"""
ENTRY(entry)
SECTIONS {{
	. = {LINK:#x};
	.text : {{ *(.text*) }}
	.rodata : {{ *(.rodata*) }}
	. = ALIGN(0x1000);
	.data : {{ *(.data*) }}
	.bss : {{ *(.bss*) *(COMMON) }}
	/DISCARD/ : {{ *(.comment) *(.note*) *(.eh_frame*) }}
}}
"""


@pytest.fixture(scope="module")
def prog(tmp_path_factory):
    """(ELF bytes, {symbol: address})"""
    if not shutil.which(CC):
        pytest.skip("no aarch64 cross compiler: run scripts/deps")
    d = tmp_path_factory.mktemp("elf")
    (d / "p.c").write_text(PROG)
    (d / "p.lds").write_text(LDS)
    subprocess.run([CC, "-O2", "-ffreestanding", "-fno-pic", "-no-pie",
                    "-fno-stack-protector", "-mgeneral-regs-only",
                    "-nostdlib", "-static", "-Wl,--build-id=none",
                    "-Wl,-T," + str(d / "p.lds"), "-o", str(d / "p.elf"),
                    str(d / "p.c")], check=True)
    syms = {}
    for line in subprocess.run([NM, str(d / "p.elf")], check=True,
                               capture_output=True, text=True).stdout.split("\n"):
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16)
    return (d / "p.elf").read_bytes(), syms


def segments(elf, index=False):
    """[(paddr, offset, filesz, memsz)] of the PT_LOAD headers (@index:
    each with its index among all program headers first)"""
    phoff, = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    out = []
    for i in range(phnum):
        ptype, _, off, _, paddr, filesz, memsz = struct.unpack_from(
            "<IIQQQQQ", elf, phoff + i * phentsize)
        if ptype == 1:
            out.append(((i,) if index else ()) + (paddr, off, filesz, memsz))
    return out


def sections(elf):
    """[(addr, offset, filesz, memsz)] of the SHF_ALLOC sections"""
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3a)
    out = []
    for i in range(shnum):
        _, stype, flags, addr, off, size = struct.unpack_from(
            "<IIQQQQ", elf, shoff + i * shentsize)
        if flags & 2 and size:
            out.append((addr, off, 0 if stype == 8 else size, size))
    return out


def put_elf(ember, host, tmp_path, data, name="p.elf", addr=IMAGE):  # noqa: F811
    disk = mkfat(tmp_path / "disk.img", 32, 65536, files=[(name, data)])
    host(disk)
    ember.run_ok(f"load host 0 {addr:x} {name}")


def crc(ember, addr, size):
    return int(ember.run_ok(f"crc32 {addr:x} {size:x}").split()[-1], 16)


def check_loaded(ember, elf, by_sections):
    for paddr, off, filesz, memsz in (sections(elf) if by_sections
                                      else segments(elf)):
        want = elf[off:off + filesz] + bytes(memsz - filesz)
        assert crc(ember, paddr, memsz) == zlib.crc32(want), hex(paddr)


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("flag", ["", "-p ", "-s "])
def test_bootelf_loads(ember, host, tmp_path, prog, flag):  # noqa: F811
    """Every segment where it belongs, the bss zeroed over what was
    there; then the sandbox says it cannot run it"""
    elf, syms = prog
    put_elf(ember, host, tmp_path, elf)
    ember.run_ok(f"mw.b {LINK:x} a5 2000")
    out = ember.run_fail(f"bootelf {flag}{IMAGE:x} a1")
    assert out == (f"## Starting application at 0x{syms['entry']:08x} ...\n"
                   "bootelf: this board cannot run code from its RAM")
    check_loaded(ember, elf, flag != "-p ")
    assert ember.run_ok(f"md.q {syms['bss_val']:x} 1").split()[1] == \
        "0000000000000000"


@pytest.mark.boards("sandbox")
def test_bootelf_default_address(ember, host, tmp_path, prog):  # noqa: F811
    """Without an address: where the last file was loaded"""
    elf, syms = prog
    put_elf(ember, host, tmp_path, elf)
    out = ember.run_fail("bootelf")
    assert out.startswith(f"## Starting application at 0x{syms['entry']:08x}")
    ember.run("setenv fileaddr")


def patched(elf, off, fmt, value):
    data = bytearray(elf)
    struct.pack_into(fmt, data, off, value)
    return bytes(data)


@pytest.mark.boards("sandbox")
def test_bootelf_refused(ember, host, tmp_path, prog, layout):  # noqa: F811
    """Damaged or foreign images, and pieces that would land where they
    may not: one line each, nothing written"""
    elf, syms = prog
    phoff, = struct.unpack_from("<Q", elf, 0x20)
    # The segment with the bss: its index among the headers, its sizes
    data_seg, _, _, filesz, memsz = [
        s for s in segments(elf, index=True) if s[4] > s[3]][0]
    ph = phoff + data_seg * 56
    fdt = layout.fdt_blob
    cases = [
        (b"\0" * 64, f"## No elf image at address 0x{IMAGE:08x}"),
        (patched(elf, 4, "<B", 1),
         "bootelf: an ELF image of class 1, byte order 1: Ember runs 64-bit "
         "(2) little-endian (1) ones"),
        (patched(elf, 5, "<B", 2),
         "bootelf: an ELF image of class 2, byte order 2: Ember runs 64-bit "
         "(2) little-endian (1) ones"),
        (patched(elf, 0x18, "<Q", syms["entry"] + 2),
         f"bootelf: the ELF entry point {syms['entry'] + 2:#x} is not "
         "4-byte aligned, as code must be"),
        (patched(elf, 0x12, "<H", 62),
         "bootelf: the ELF image is for machine 62, not arm64 (183)"),
        (patched(elf, 0x10, "<H", 3),
         "bootelf: the ELF image is of type 3, not an executable (2): "
         "bootelf does not relocate"),
        (patched(elf, 0x20, "<Q", 1 << 40),
         f"bootelf: the ELF program headers ({struct.unpack_from('<H', elf, 0x38)[0]} at "
         "0x10000000000) run past the image"),
        (patched(elf, ph + 0x08, "<Q", 1 << 40),
         f"bootelf: ELF segment {data_seg} "
         f"({filesz:#x} bytes at 0x10000000000) runs "
         "past the image"),
        (patched(elf, ph + 0x28, "<Q", 1),
         f"bootelf: ELF segment {data_seg} has more bytes in the file"),
        (patched(elf, 0x18, "<Q", 0x1000),
         "bootelf: the ELF entry point 0x1000 is in nothing the image "
         "loads"),
        (patched(patched(elf, ph + 0x18, "<Q", fdt), 0x18, "<Q",
                 fdt + syms["entry"] - LINK),
         f"bootelf: {fdt:#x}..{fdt + memsz - 1:#x} "
         f"would overwrite {layout.owner(fdt)}"),
        (patched(patched(elf, ph + 0x18, "<Q", IMAGE), 0x18, "<Q",
                 IMAGE + syms["entry"] - LINK),
         f"bootelf: {IMAGE:#x}..{IMAGE + memsz - 1:#x}"
         f" would overwrite the ELF image at {IMAGE:#x}.."),
    ]
    for data, want in cases:
        put_elf(ember, host, tmp_path, data)
        ember.run_ok(f"mw.b {LINK:x} a5 2000")
        out = ember.run_fail(f"bootelf -p {IMAGE:x}")
        assert out.startswith(want), (want, out)
        assert crc(ember, LINK, 0x2000) == zlib.crc32(b"\xa5" * 0x2000), \
            want
    assert ember.run_fail("bootelf 1000").startswith("bootelf: 0x1000..")
    assert "Usage" in ember.run_fail("bootelf -x")
    assert "Usage" in ember.run_fail("bootelf -d")
    put_elf(ember, host, tmp_path, elf)
    assert "bootelf: no valid device tree at 0x45800000" in \
        ember.run_fail(f"bootelf -d 45800000 {IMAGE:x}")
    # A DT where the program goes, or inside the image's bytes
    dtb = subprocess.run(["dtc", "-I", "dts", "-O", "dtb", "-q"],
                         input=b"/dts-v1/;\n/ { };\n", capture_output=True,
                         check=True).stdout
    seg_off = segments(elf)[0][1]
    for where, want in ((LINK + 0x100, "would overwrite the device tree at"),
                        (IMAGE + seg_off + 0x100, "lies in the ELF image at")):
        put_elf(ember, host, tmp_path, elf)
        mem_write_bytes(ember, where, dtb)
        out = ember.run_fail(f"bootelf -p -d {where:x} {IMAGE:x}")
        assert want in out, out


@pytest.mark.boards("qemu_arm64")
def test_bootelf_runs(ember_spawn, prog, tmp_path):
    """On QEMU the program runs: argc - 1 comes back as rc, 0 is success;
    its data is there and its bss zero, or it says which is not"""
    elf, syms = prog
    disk = mkfat(tmp_path / "disk.img", 32, 65536, files=[("p.elf", elf)])
    ember = ember_spawn(["-drive", f"if=none,id=d0,format=raw,file={disk}",
                         "-device", "virtio-blk-device,drive=d0"])
    ember.run_ok(f"load virtio 0 {IMAGE:x} p.elf")
    for flag, args, rc in (("", "", 0), ("-p ", " a b", 2),
                           ("-s ", " a", 1), ("", " x", 0x3000)):
        ember.run_ok(f"mw.b {LINK:x} a5 2000")
        out, status = ember.run(f"bootelf {flag}{IMAGE:x}{args}")
        assert out == (f"## Starting application at 0x{syms['entry']:08x} ..."
                       f"\n## Application terminated, rc = 0x{rc:x}"), out
        assert status == (1 if rc else 0)
    # -d: the DT given fixed up in place (bootargs), then the program
    ember.run_ok("cp.b $fdtcontroladdr 46000000 10000")
    ember.run_ok("setenv bootargs console=ttyAMA0 elf")
    out = ember.run_ok(f"bootelf -d 46000000 {IMAGE:x}")
    assert out.endswith("rc = 0x0"), out
    ember.run_ok("fdt addr 46000000")
    assert ember.run_ok("fdt print /chosen bootargs") == \
        'bootargs = "console=ttyAMA0 elf"'
    # The stack's guard page is not read, whatever the image says
    guard = int(re.search(r"stack guard = 0x([0-9a-f]+)",
                          ember.run_ok("bdinfo")).group(1), 16)
    assert "stack guard page" in ember.run_fail(f"bootelf {guard:x}")
    hdr = bytearray(elf[:64])
    struct.pack_into("<Q", hdr, 0x20, guard - IMAGE)  # headers in the hole
    for off in range(0, 64, 4):
        ember.run_ok(f"mw.l {IMAGE + off:x} "
                     f"{struct.unpack_from('<I', hdr, off)[0]:x}")
    out = ember.run_fail(f"bootelf -p {IMAGE:x}")
    assert "the ELF program headers" in out and "run past the image" in out
