# SPDX-License-Identifier: Apache-2.0 OR MIT
"""booti: arm64 Image checks, placement, the kernel's DT, Image.gz, and on
qemu_arm64 a real Debian kernel booted over TFTP (QEMU's user network).

The kernel (linux-image-*-arm64) and busybox-static come from Debian
through scripts/fetch-arm64-deps (run by scripts/deps); the initramfs is
built by initramfs.py. Without them the end-to-end tests are skipped.
"""

import gzip
import os
import re
import shutil
import struct
import subprocess

import pytest

import initramfs
from helpers import mem_write_bytes

MAGIC = 0x644d5241
BOOTARGS = "console=ttyAMA0 ember.test=booti quiet"
BOOT_TIMEOUT = 90       # TCG boot of Debian's kernel takes ~10-30 s


def image_header(text_offset=0, image_size=0x100000, flags=0xa,
                 magic=MAGIC):
    """A 64-byte arm64 Image header (booting.rst)"""
    return struct.pack("<IIQQQQQQII", 0, 0, text_offset, image_size, flags,
                       0, 0, 0, magic, 0)


def write_header(ember, addr, **kw):
    """Write an Image header at @addr through mw.l"""
    mem_write_bytes(ember, addr, image_header(**kw))


# ------------------------------------------------------------ sandbox
@pytest.mark.boards("sandbox")
def test_booti_bad_magic(ember):
    write_header(ember, 0x44000000, magic=0x12345678)
    out = ember.run_fail("booti 44000000")
    assert "bad Linux arm64 Image magic at 0x44000000: 0x12345678" in out
    ember.run_ok("true")


@pytest.mark.boards("sandbox")
def test_booti_in_place_and_fixups(ember):
    write_header(ember, 0x44000000)
    ember.run_ok('setenv bootargs "console=ttyAMA0 root=/dev/vda"')
    out = ember.run_ok("booti 44000000 45000000:1234")
    assert "Moving" not in out
    m = re.search(r"would enter Linux at 0x44000000 with x0 = (0x[0-9a-f]+)",
                  out)
    assert m, out
    ember.run_ok(f"fdt addr {m.group(1)}")
    out = ember.run_ok("fdt print /chosen")
    assert 'bootargs = "console=ttyAMA0 root=/dev/vda";' in out
    assert "linux,initrd-start = <0x00000000 0x45000000>;" in out
    assert "linux,initrd-end = <0x00000000 0x45001234>;" in out
    assert re.search(r"rng-seed = <(0x[0-9a-f]{8} ?){16}>;", out), out
    assert re.search(r"kaslr-seed = <(0x[0-9a-f]{8} ?){2}>;", out), out
    ember.run_ok("setenv bootargs")


@pytest.mark.boards("sandbox")
def test_booti_moves_unaligned(ember):
    write_header(ember, 0x44010000, text_offset=0)
    out = ember.run_ok("booti 44010000 - ")
    m = re.search(r"Moving Image from 0x44010000 to (0x[0-9a-f]+)", out)
    assert m, out
    assert int(m.group(1), 16) % 0x200000 == 0
    write_header(ember, 0x44010000, text_offset=0x80000)
    out = ember.run_ok("booti 44010000")
    m = re.search(r"Moving Image from 0x44010000 to (0x[0-9a-f]+)", out)
    assert m and int(m.group(1), 16) % 0x200000 == 0x80000, out


@pytest.mark.boards("sandbox")
def test_booti_low_placement(ember):
    """flags bit 3 clear: the kernel goes as low in RAM as it can"""
    write_header(ember, 0x44000000, flags=0x2)
    out = ember.run_ok("booti 44000000")
    m = re.search(r"Moving Image from 0x44000000 to (0x[0-9a-f]+)", out)
    assert m and int(m.group(1), 16) < 0x44000000, out


@pytest.mark.boards("sandbox")
def test_booti_no_room(ember):
    write_header(ember, 0x44000000, image_size=0x40000000)
    out = ember.run_fail("booti 44000000")
    assert "booti: no room for the kernel" in out


@pytest.mark.boards("sandbox")
def test_booti_spoilt_dt(ember, layout):
    """A DT given to booti whose header is fine but whose structure is not
    (a tag that is no tag) is refused before it is copied."""
    write_header(ember, 0x44000000)
    a = 0x46000000
    ember.run_ok(f"cp.b {layout.fdt_blob:x} {a:x} {layout.fdt_size:x}")
    out = ember.run_ok(f"md.b {a + 8:x} 4")
    struct_off = int("".join(out.split()[1:5]), 16)
    ember.run_ok(f"mw.l {a + struct_off:x} 78563412")
    out = ember.run_fail(f"booti 44000000 - {a:x}")
    assert f"booti: no valid device tree at 0x{a:x}" in out, out


@pytest.mark.boards("sandbox")
def test_booti_initrd_syntax(ember):
    write_header(ember, 0x44000000)
    out = ember.run_fail("booti 44000000 45000000")
    assert "initrd must be given as <addr>:<size>" in out


@pytest.mark.boards("sandbox")
def test_booti_rngseed_off(ember):
    write_header(ember, 0x44000000)
    ember.run_ok("setenv rngseed no")
    try:
        out = ember.run_ok("booti 44000000")
    finally:
        ember.run_ok("setenv rngseed")
    m = re.search(r"x0 = (0x[0-9a-f]+)", out)
    ember.run_ok(f"fdt addr {m.group(1)}")
    out = ember.run_ok("fdt print /chosen")
    assert "rng-seed" not in out and "kaslr-seed" not in out


@pytest.mark.boards("sandbox")
def test_fdt_set_rm_resize_kaslrseed(ember):
    # The control DT, whole (its size grows with the sandbox's devices)
    m = re.search(r"fdt_size\s*=\s*(0x[0-9a-f]+)", ember.run_ok("bdinfo"))
    ember.run_ok(f"cp.b 40000000 48000000 {int(m.group(1), 16):x}")
    ember.run_ok("fdt addr 48000000")
    assert "New length" in ember.run_ok("fdt resize 100")
    ember.run_ok("fdt set /chosen cells <1 0x2>")
    ember.run_ok("fdt set /chosen bytes [01 ab]")
    ember.run_ok('fdt set /chosen strs "hello" world')
    ember.run_ok("fdt set /chosen flag")
    out = ember.run_ok("fdt list /chosen")
    assert "cells = <0x00000001 0x00000002>;" in out
    assert "bytes = [01 ab];" in out
    assert 'strs = "hello", "world";' in out
    assert "\tflag;" in out
    ember.run_ok("fdt rm /chosen cells")
    ember.run_ok("kaslrseed")
    out = ember.run_ok("fdt list /chosen")
    assert "cells" not in out
    assert re.search(r"kaslr-seed = <0x[0-9a-f]{8} 0x[0-9a-f]{8}>;", out)
    ember.run_ok("fdt rm /chosen")
    ember.run_fail("fdt list /chosen")
    ember.run_ok("fdt addr -c")
    assert "read-only" in ember.run_fail("fdt set /chosen x")
    assert "read-only" in ember.run_fail("kaslrseed")


# ------------------------------------------------------------ qemu_arm64
@pytest.fixture(scope="module")
def tftp_dir(tmp_path_factory):
    """Image, Image.gz, initrd.img and broken kernels; skip without deps"""
    kernel = initramfs.kernel_path()
    initrd = initramfs.build()
    if not kernel or not initrd:
        pytest.skip("no Debian arm64 kernel/busybox: run scripts/deps")
    d = tmp_path_factory.mktemp("tftp")
    shutil.copy(kernel, d / "Image")
    with open(kernel, "rb") as f:
        data = f.read()
    gz = gzip.compress(data, compresslevel=1)
    (d / "Image.gz").write_bytes(gz)
    bad = bytearray(gz)
    bad[len(bad) // 2] ^= 0xff
    (d / "bad.gz").write_bytes(bytes(bad))
    (d / "trunc.gz").write_bytes(gz[:len(gz) // 3])
    (d / "initrd.img").write_bytes(initrd)
    return d


def qemu_args(tftp, rng):
    args = ["-M", "virt,dtb-randomness=off",
            "-netdev", f"user,id=n0,restrict=on,tftp={tftp}",
            "-device", "virtio-net-device,netdev=n0"]
    if rng:
        args += ["-device", rng]
    return args


def load(ember, kernel="Image", initrd=True):
    ember.run_ok("setenv autoload no; dhcp", timeout=30)
    ember.run_ok(f"tftpboot ${{kernel_addr_r}} {kernel}", timeout=60)
    if initrd:
        ember.run_ok("tftpboot ${ramdisk_addr_r} initrd.img", timeout=30)


def boot_linux(ember, cmd="booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize}"):
    ember.run_ok(f'setenv bootargs "{BOOTARGS}"')
    return ember.run_until_exit(cmd, timeout=BOOT_TIMEOUT)


def check_seeded(out):
    assert "INIT: start" in out and "INIT: done" in out, out
    assert f"CMDLINE: {BOOTARGS}\n" in out.replace("\r", "")
    assert re.search(r"DMESG: \[\s*0\.0+\] random: crng init done", out), out
    assert "KASLR disabled" not in out
    assert "CHOSEN: linux,initrd-start 8" in out
    # The kernel's own virtio-rng driver took the device Ember used (and
    # reset): it was left clean
    assert re.search(r"VIRTIO: virtio\d+ virtio_rng", out), out


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("rng", ["virtio-rng-device", "virtio-rng-pci"])
def test_booti_linux_seeded(ember_spawn, tftp_dir, rng):
    ember = ember_spawn(qemu_args(tftp_dir, rng))
    load(ember)
    out = boot_linux(ember)
    assert "booti: warning" not in out
    check_seeded(out)


# Packed virtqueues: modern virtio-mmio or virtio-pci, NIC and RNG packed=on
PACKED = {
    "mmio": ["-global", "virtio-mmio.force-legacy=false",
             "-device", "virtio-net-device,netdev=n0,packed=on",
             "-device", "virtio-rng-device,packed=on"],
    "pci": ["-device", "virtio-net-pci,netdev=n0,romfile=,disable-legacy=on,"
            "packed=on",
            "-device", "virtio-rng-pci,disable-legacy=on,packed=on"],
}


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("transport", list(PACKED))
def test_booti_linux_packed(ember_spawn, tftp_dir, transport):
    """Kernel and initrd over a packed-ring NIC, seeds from a packed-ring
    RNG; Linux then drives both devices itself."""
    ember = ember_spawn(["-M", "virt,dtb-randomness=off", "-netdev",
                         f"user,id=n0,restrict=on,tftp={tftp_dir}"] +
                        PACKED[transport])
    load(ember)
    out = ember.run_ok("virtio info")
    assert "broken" not in out
    out = boot_linux(ember)
    assert "booti: warning" not in out
    check_seeded(out)


@pytest.mark.boards("qemu_arm64")
def test_booti_linux_no_rng(ember_spawn, tftp_dir):
    ember = ember_spawn(qemu_args(tftp_dir, None))
    load(ember)
    out = boot_linux(ember)
    assert "booti: warning: no rng-seed from an RNG (no RNG device)" in out
    assert "INIT: done" in out
    assert "KASLR disabled due to lack of seed" in out


@pytest.mark.boards("qemu_arm64")
def test_booti_linux_gzip(ember_spawn, tftp_dir):
    ember = ember_spawn(qemu_args(tftp_dir, "virtio-rng-device"))
    load(ember, kernel="Image.gz")
    out = boot_linux(ember)
    assert "Uncompressed kernel:" in out
    check_seeded(out)


@pytest.mark.boards("qemu_arm64")
def test_booti_corrupt_kernels(ember_spawn, tftp_dir):
    ember = ember_spawn(qemu_args(tftp_dir, None))
    load(ember, kernel="bad.gz", initrd=False)
    out = ember.run_fail("booti ${kernel_addr_r}")
    assert "cannot decompress the kernel" in out
    ember.run_ok("tftpboot ${kernel_addr_r} trunc.gz", timeout=30)
    out = ember.run_fail("booti ${kernel_addr_r}")
    assert "cannot decompress the kernel" in out
    ember.run_ok("tftpboot ${kernel_addr_r} initrd.img", timeout=30)
    out = ember.run_fail("booti ${kernel_addr_r}")
    assert "booti: bad Linux arm64 Image magic" in out
    ember.run_ok("version")


@pytest.mark.boards("qemu_arm64")
def test_bootcmd_net_missing_initrd(ember_spawn, tftp_dir, tmp_path):
    """The default bootcmd without initrd.img: says so, boots the kernel"""
    shutil.copy(tftp_dir / "Image", tmp_path / "Image")
    ember = ember_spawn(qemu_args(tmp_path, "virtio-rng-device"))
    ember.send_line("run bootcmd")
    ember.expect("no initrd.img: booting without an initrd", timeout=60)
    ember.expect(r"Starting kernel at EL\d", timeout=30)
    ember.expect(r"Booting Linux on physical CPU", timeout=BOOT_TIMEOUT)


@pytest.mark.boards("qemu_arm64")
def test_bootcmd_net_stops_without_kernel(ember_spawn, tmp_path):
    ember = ember_spawn(qemu_args(tmp_path, None))
    out = ember.run_fail("run bootcmd", timeout=60)
    assert "File not found" in out
    assert "Starting kernel" not in out


@pytest.mark.boards("qemu_arm64")
def test_booti_linux_el2(ember_spawn, tftp_dir):
    """With virtualization=on Ember runs at EL2 and enters the kernel there"""
    args = qemu_args(tftp_dir, "virtio-rng-device")
    args[1] = "virt,dtb-randomness=off,virtualization=on"
    ember = ember_spawn(args)
    load(ember)
    out = boot_linux(ember)
    assert "Starting kernel at EL2" in out
    assert "CPU: All CPU(s) started at EL2" in out, out
    check_seeded(out)


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("machine", ["gic-version=3",
                                     "gic-version=3,virtualization=on"])
def test_booti_linux_gicv3_after_naps(ember_spawn, tftp_dir, tmp_path,
                                      machine):
    """With a GICv3, Ember naps on a disk's interrupt (this CPU's
    redistributor woken, the CPU interface's system registers on, at EL1
    and at EL2); the kernel, entered after the driver put the controller
    back, boots to its initramfs and takes the devices Ember used"""
    disk = tmp_path / "disk.img"
    disk.write_bytes(os.urandom(4 << 20))
    args = qemu_args(tftp_dir, "virtio-rng-device")
    args[1] = f"virt,dtb-randomness=off,{machine}"
    args += ["-drive", f"file={disk},if=none,format=raw,id=d0,readonly=on",
             "-device", "virtio-blk-device,drive=d0"]
    ember = ember_spawn(args)
    seq = re.search(r"^\s*(\d+)\s.*\bvirtio-blk\s+ready$",
                    ember.run_ok("virtio info"), re.M).group(1)
    for _ in range(20):
        ember.run_ok("virtio read ${kernel_addr_r} 0 1000")
    info = ember.run_ok(f"virtio info {seq}")
    m = re.search(r"naps (\d+) \(timer (\d+)\)", info)
    assert m and int(m.group(1)) > int(m.group(2)), info
    load(ember)
    out = boot_linux(ember)
    check_seeded(out)
    if "virtualization=on" in machine:
        assert "CPU: All CPU(s) started at EL2" in out, out


@pytest.mark.boards("qemu_arm64")
def test_booti_linux_keeps_qemu_seed(ember_spawn, tftp_dir):
    """No RNG, but QEMU wrote seeds (dtb-randomness on): they are kept"""
    args = qemu_args(tftp_dir, None)
    args[1] = "virt"
    ember = ember_spawn(args)
    load(ember)
    out = boot_linux(ember)
    assert "no RNG device): keeping the DT's rng-seed" in out
    assert "INIT: done" in out
    assert "KASLR disabled" not in out


@pytest.mark.boards("qemu_arm64")
def test_booti_linux_from_lab(tftp_dir, lab, lab_spawn, tmp_path):
    """Net boot from real servers: dnsmasq's lease, atftpd's files."""
    for name in ("Image", "initrd.img"):
        shutil.copy(tftp_dir / name, tmp_path / "tftp" / name)
    ember = lab_spawn(["-device", "virtio-net-device,netdev=n0",
                       "-device", "virtio-rng-device",
                       "-M", "virt,dtb-randomness=off"])
    load(ember)
    assert env_ip(ember).startswith("192.168.77.")
    out = boot_linux(ember)
    check_seeded(out)


BOOT_SCR = f"""# boot.scr: the habits of distribution boot scripts
echo boot.scr: start
for name in kernel initrd; do
  if env exists ${{name}}_file; then
    echo boot.scr: $name from the environment
  elif test $name = kernel; then
    setenv ${{name}}_file Image
  else
    setenv ${{name}}_file initrd.img
  fi
done
loaded=no
for try in 1 2 3; do
  if test $loaded = no && tftpboot ${{kernel_addr_r}} ${{kernel_file}}; then
    loaded=yes
  fi
done
if test $loaded != yes; then echo boot.scr: no kernel; exit 1; fi
echo boot.scr: kernel ${{kernel_file}} after $try tries
tftpboot ${{ramdisk_addr_r}} ${{initrd_file}} || exit 1
setenv bootargs "{BOOTARGS}"
booti ${{kernel_addr_r}} ${{ramdisk_addr_r}}:${{filesize}}
echo boot.scr: booti returned
"""


@pytest.mark.boards("qemu_arm64")
def test_boot_scr_from_lab(tftp_dir, lab, lab_spawn, tmp_path):
    """A boot.scr made by Debian's mkimage, with if, for, shell variables,
    env exists and setenv, fetched from the lab's atftpd and run by
    'source', boots Linux seeded."""
    root = tmp_path / "tftp"
    for name in ("Image", "initrd.img"):
        shutil.copy(tftp_dir / name, root / name)
    (tmp_path / "boot.txt").write_text(BOOT_SCR)
    subprocess.run(["mkimage", "-A", "arm64", "-T", "script", "-C", "none",
                    "-n", "Ember test", "-d", str(tmp_path / "boot.txt"),
                    str(root / "boot.scr")], check=True,
                   stdout=subprocess.DEVNULL)
    ember = lab_spawn(["-device", "virtio-net-device,netdev=n0",
                       "-device", "virtio-rng-device",
                       "-M", "virt,dtb-randomness=off"])
    ember.run_ok("setenv autoload no; dhcp", timeout=30)
    out = ember.run_until_exit(
        "tftpboot ${scriptaddr} boot.scr && source ${scriptaddr}",
        timeout=BOOT_TIMEOUT)
    assert "## Executing script at " in out
    assert "boot.scr: kernel Image after 3 tries" in out
    assert "boot.scr: booti returned" not in out
    check_seeded(out)


def env_ip(ember):
    return ember.run_ok("printenv ipaddr").split("=", 1)[1]


@pytest.mark.boards("sandbox")
def test_booti_plans_memory(ember, layout):
    """What booti is given - an Image.gz, a DT copied to free RAM, an
    initrd - is never written over: each conflict is refused before the
    first byte moves, naming both regions (the CVE-2018-18439 class,
    inside one command)."""
    kernel, dt = 0x44000000, 0x44080000
    image = image_header(image_size=0x100000) + b"\0" * (0x100000 - 64)
    mem_write_bytes(ember, kernel, gzip.compress(image))
    ember.run_ok(f"cp.b {layout.fdt_blob:x} {dt:x} {layout.fdt_size:x}")
    ember.run_ok(f"fdt addr {dt:x}")
    size = layout.fdt_size
    # Inflating at the kernel's address would run into the DT
    ember.run_ok("setenv kernel_comp_addr_r 48000000; "
                 "setenv kernel_comp_size 10000")
    out = ember.run_fail(f"booti {kernel:x} - {dt:x}")
    assert "booti: the kernel inflated at 0x44000000 does not fit before " \
        "the device tree (0x80000 bytes of room)" in out, out
    assert ember.run_ok("fdt print / model")        # the DT is intact
    # and so is the compressed kernel it was given
    assert ember.run_ok(f"md.b {kernel:x} 2").startswith(f"{kernel:x}: 1f 8b")
    # The compressed copy would land on the DT
    ember.run_ok(f"setenv kernel_comp_addr_r {dt - 0x8000:x}")
    out = ember.run_fail(f"booti {kernel:x} - {dt:x}")
    assert "booti: the compressed kernel's copy at kernel_comp_addr_r " \
        f"(0x{dt - 0x8000:x}..0x{dt + 0x7fff:x}) would overwrite the " \
        f"device tree (0x{dt:x}..0x{dt + size - 1:x})" in out, out
    assert ember.run_ok("fdt print / model")
    # An initrd and a DT given on top of each other
    out = ember.run_fail(f"booti {kernel:x} {dt - 0x1000:x}:2000 {dt:x}")
    assert f"booti: the device tree (0x{dt:x}..0x{dt + size - 1:x}) " \
        f"overlaps the initrd (0x{dt - 0x1000:x}..0x{dt + 0xfff:x})" \
        in out, out
    # With the DT out of the way it boots (as far as the sandbox goes)
    dt2 = 0x4a000000
    ember.run_ok(f"cp.b {dt:x} {dt2:x} {size:x}")
    ember.run_ok("setenv kernel_comp_addr_r 48000000")
    out = ember.run_ok(f"booti {kernel:x} - {dt2:x}")
    assert "Uncompressed kernel: 1048576 bytes at 0x44000000" in out, out
    ember.run_ok("fdt addr -c; setenv kernel_comp_addr_r; "
                 "setenv kernel_comp_size")
