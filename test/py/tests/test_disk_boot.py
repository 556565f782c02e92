# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Disk boot as Debian sets it up: a GPT disk whose ext4 partition holds
/boot with Debian's arm64 kernel, an initramfs and the extlinux.conf that
Debian's u-boot-update (u-boot-menu) writes for them. Ember's default
bootcmd finds it on virtio-blk (MMIO or PCI), boots the default label
with sysboot, and the kernel starts with its RNG seeded by Ember."""

import re

import pytest

import diskimg
import initramfs
from test_booti import BOOT_TIMEOUT, BOOTARGS, check_seeded

pytestmark = pytest.mark.boards("qemu_arm64")

# No root= (the initramfs is the root): a blank keeps u-boot-update from
# taking the build machine's from /etc/fstab or /proc/cmdline
ROOT = " "
PARAMS = BOOTARGS


@pytest.fixture(scope="module")
def debian_disk(tmp_path_factory):
    kernel = initramfs.kernel_path()
    initrd = initramfs.build()
    if not kernel or not initrd:
        pytest.skip("no Debian arm64 kernel/busybox: run scripts/deps")
    version = re.sub(r".*/vmlinuz-", "", kernel)
    d = tmp_path_factory.mktemp("disk")
    (d / "initrd").write_bytes(initrd)
    conf = diskimg.debian_boot(d / "root", kernel, d / "initrd", version,
                               ROOT, PARAMS)
    assert f"linux /boot/vmlinuz-{version}" in conf, conf
    part = diskimg.ext4(d / "boot.ext4", 96, d / "root")
    return diskimg.gpt(d / "disk.img", [("boot", "8300", part)])


@pytest.mark.parametrize("blk", ["virtio-blk-device", "virtio-blk-pci"])
def test_disk_boot_debian(ember_spawn, debian_disk, blk):
    ember = ember_spawn([
        "-M", "virt,dtb-randomness=off",
        "-drive", f"file={debian_disk},if=none,format=raw,id=d0,"
        "readonly=on",
        "-device", f"{blk},drive=d0" +
        (",disable-legacy=on" if blk.endswith("pci") else ""),
        "-device", "virtio-rng-device"])
    # 'boot' runs the default bootcmd, as autoboot does
    out = ember.run_until_exit("boot", timeout=BOOT_TIMEOUT)
    assert "Scanning virtio 0:1..." in out, out
    assert "Found /boot/extlinux/extlinux.conf" in out, out
    assert "Retrieving file: /boot/vmlinuz-" in out, out
    assert "Booting from the network" not in out, out
    check_seeded(out)       # the command line is the label's append
