# SPDX-License-Identifier: Apache-2.0 OR MIT
"""qfw on QEMU's fw_cfg (qemu_arm64): the files and CPUs QEMU reports, and
a kernel, initrd and command line given with -kernel, -initrd and -append,
loaded by 'qfw load' and booted by the default bootcmd with the RNG seeded
by Ember (dtb-randomness=off). The sandbox's model is tested by 'ut qfw'
(test/dm/qfw.c)."""

import re
import zlib

import pytest

import initramfs
from test_booti import BOOT_TIMEOUT, BOOTARGS, check_seeded

pytestmark = pytest.mark.boards("qemu_arm64")


@pytest.fixture(scope="module")
def kernel_initrd(tmp_path_factory):
    kernel = initramfs.kernel_path()
    initrd = initramfs.build()
    if not kernel or not initrd:
        pytest.skip("no Debian arm64 kernel/busybox: run scripts/deps")
    path = tmp_path_factory.mktemp("qfw") / "initrd"
    path.write_bytes(initrd)
    return kernel, str(path)


def direct(kernel, initrd, append=BOOTARGS):
    args = ["-M", "virt,dtb-randomness=off", "-device", "virtio-rng-device",
            "-kernel", kernel]
    if initrd:
        args += ["-initrd", initrd]
    if append:
        args += ["-append", append]
    return args


def test_qfw_list_cpus(ember_spawn):
    ember = ember_spawn(["-smp", "3"])
    assert ember.run_ok("qfw cpus").strip() == "3 cpu(s) online"
    out = ember.run_ok("qfw list")
    lines = out.strip("\n").splitlines()
    assert lines[0] == "    Addr     Size Sel Name", out
    assert lines[1] == "-------- -------- --- ------------", out
    assert re.search(r"^       0 +0 +[0-9a-f]+ bootorder$", out, re.M), out


def test_qfw_no_kernel(ember):
    out = ember.run_fail("qfw load")
    assert out.strip() == \
        "qfw load: no kernel: QEMU was started without -kernel", out
    # The default bootcmd's first target says so in one line, and moves on
    # (its status is the failed condition's, as in U-Boot's hush)
    out = ember.run_fail("run bootcmd_qfw")
    assert out.strip() == \
        "qfw load: no kernel: QEMU was started without -kernel", out


def test_qfw_load(ember_spawn, kernel_initrd):
    kernel, initrd = kernel_initrd
    ember = ember_spawn(direct(kernel, initrd, "console=ttyAMA0 x=\"a b\""))
    out = ember.run_ok("qfw load ${kernel_addr_r} ${ramdisk_addr_r}")
    with open(kernel, "rb") as f:
        kdata = f.read()
    with open(initrd, "rb") as f:
        idata = f.read()
    assert out.strip() == (f"loading kernel to address 40400000 size "
                           f"{len(kdata):x} initrd 44000000 size "
                           f"{len(idata):x}"), out
    assert ember.run_ok("printenv filesize").strip() == \
        f"filesize={len(idata):x}"
    assert ember.run_ok("printenv bootargs").strip() == \
        'bootargs=console=ttyAMA0 x="a b"'
    for addr, data in (("40400000", kdata), ("44000000", idata)):
        out = ember.run_ok(f"crc32 {addr} {len(data):x}")
        assert out.strip().endswith(f"{zlib.crc32(data):08x}"), out


def test_qfw_boot(ember_spawn, kernel_initrd):
    """QEMU's -kernel/-initrd/-append booted by the default bootcmd, the
    kernel's RNG seeded by Ember"""
    ember = ember_spawn(direct(*kernel_initrd))
    out = ember.run_until_exit("boot", timeout=BOOT_TIMEOUT)
    assert "loading kernel to address 40400000" in out, out
    assert "Scanning virtio" not in out, out
    check_seeded(out)


def test_qfw_boot_not_a_kernel(ember_spawn, tmp_path):
    """A -kernel that is no arm64 Image: booti says why, the bootcmd goes
    on to the next target"""
    junk = tmp_path / "junk"
    junk.write_bytes(b"not a kernel" * 1000)
    ember = ember_spawn(direct(str(junk), None, None))
    out = ember.run_ok("setenv boot_targets qfw; boot")
    assert "loading kernel to address 40400000 size 2ee0" in out, out
    assert "bad Linux arm64 Image magic at 0x40400000" in out, out
    assert "QFW boot failed: continuing..." in out, out


def test_qfw_bootflow(ember_spawn, tmp_path):
    """bootflow: a -kernel is a qfw bootflow, booted with booti; one that
    is no Image fails with booti's reason, and the scan says so"""
    junk = tmp_path / "junk"
    junk.write_bytes(b"not a kernel" * 1000)
    ember = ember_spawn(direct(str(junk), None, None))
    out = ember.run_ok("bootflow scan -l qfw")
    assert re.search(r"^\s+0  qfw\s+ready\s+qfw\s+0  fw-cfg@\S+\.bootdev\.0"
                     r"\s+<NULL>\r?$", out, re.M), out
    ember.run_ok("bootflow select 0")
    assert "Size:      2ee0 (12000 bytes)" in ember.run_ok("bootflow info")
    out = ember.run_fail("bootflow scan -b qfw")
    assert "** Booting bootflow 'fw-cfg@" in out and "with qfw" in out, out
    assert "bad Linux arm64 Image magic at 0x40400000" in out, out
    assert "Boot failed (err=-5)" in out, out


def test_qfw_bootflow_no_kernel(ember):
    out = ember.run_ok("bootflow scan -lae qfw")
    assert re.search(r"qfw\s+media\s+qfw", out), out
    assert "** No kernel: QEMU was started without -kernel, err=-2" in out
    assert "(1 bootflow, 0 valid)" in out
