# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Disk boot as Debian sets it up: a GPT disk whose ext4 partition holds
/boot with Debian's arm64 kernel, an initramfs and the extlinux.conf that
Debian's u-boot-update (u-boot-menu) writes for them. Ember's default
bootcmd finds it on virtio-blk (MMIO or PCI) or NVMe, boots the default
label with sysboot, and the kernel starts with its RNG seeded by Ember."""

import re
import shutil

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


@pytest.mark.parametrize("blk", ["virtio-blk-device", "virtio-blk-pci",
                                 "nvme", "virtio-scsi-pci"])
def test_disk_boot_debian(ember_spawn, debian_disk, blk):
    ember = ember_spawn(qemu_args(debian_disk, blk))
    # 'boot' runs the default bootcmd, as autoboot does
    out = ember.run_until_exit("boot", timeout=BOOT_TIMEOUT)
    iface = {"nvme": "nvme", "virtio-scsi-pci": "scsi"}.get(blk, "virtio")
    assert f"Scanning {iface} 0:1..." in out, out
    assert "Found /boot/extlinux/extlinux.conf" in out, out
    assert "Retrieving file: /boot/vmlinuz-" in out, out
    assert "Booting from the network" not in out, out
    check_seeded(out)       # the command line is the label's append


def qemu_args(disk, blk):
    if blk == "virtio-scsi-pci":    # a disk behind a SCSI controller
        return ["-M", "virt,dtb-randomness=off",
                "-drive", f"file={disk},if=none,format=raw,id=d0,"
                "readonly=on",
                "-device", "virtio-scsi-pci,id=vs0,disable-legacy=on",
                "-device", "scsi-hd,drive=d0,bus=vs0.0",
                "-device", "virtio-rng-device"]
    return ["-M", "virt,dtb-randomness=off",
            "-drive", f"file={disk},if=none,format=raw,id=d0,readonly=on",
            "-device", f"{blk},drive=d0" +
            (",disable-legacy=on" if blk.endswith("pci") else "") +
            (",serial=EMBER-NVME" if blk == "nvme" else ""),
            "-device", "virtio-rng-device"]


def test_disk_boot_dt_from_disk(ember_spawn, tmp_path):
    """A label naming a DT on the disk ('fdt', as u-boot-update writes it
    with U_BOOT_FDT): Ember loads that DT, seeds it, and Linux boots with
    it seeded. The DT is QEMU's own for this machine without seeds
    (dtb-randomness=off), copied out by Ember onto a scratch disk in a
    first run; so the seeds the kernel finds are Ember's."""
    kernel = initramfs.kernel_path()
    initrd = initramfs.build()
    if not kernel or not initrd:
        pytest.skip("no Debian arm64 kernel/busybox: run scripts/deps")
    version = re.sub(r".*/vmlinuz-", "", kernel)
    disk, scratch = tmp_path / "disk.img", tmp_path / "scratch.img"
    for path, mib in ((disk, 128), (scratch, 2)):
        with open(path, "wb") as f:
            f.truncate(mib << 20)
    args = qemu_args(disk, "virtio-blk-device") + [
        "-drive", f"file={scratch},if=none,format=raw,id=d1",
        "-device", "virtio-blk-device,drive=d1"]
    ember = ember_spawn(args)
    # QEMU's DT, where QEMU put it ($fdt_addr): 1 MiB onto the 2 MiB disk
    info = ember.run_ok("virtio info")
    m = re.search(r"Device (\d+): [^\n]*\n[^\n]*\n\s*Capacity: 2\.0 MB", info)
    assert m, info
    ember.run_ok(f"virtio dev {m.group(1)}; virtio write ${{fdt_addr}} 0 800")
    ember.close()
    data = scratch.read_bytes()
    assert data[:4] == bytes.fromhex("d00dfeed")
    dtb = tmp_path / "qemu.dtb"
    dtb.write_bytes(data[:int.from_bytes(data[4:8], "big")])
    (tmp_path / "initrd").write_bytes(initrd)
    conf = diskimg.debian_boot(tmp_path / "root", kernel, tmp_path / "initrd",
                               version, ROOT, PARAMS, fdt=dtb)
    assert "fdt /boot/board.dtb" in conf, conf
    part = diskimg.ext4(tmp_path / "boot.ext4", 96, tmp_path / "root")
    diskimg.gpt(disk, [("boot", "8300", part)], size_mib=128)
    ember = ember_spawn(args)
    out = ember.run_until_exit("boot", timeout=BOOT_TIMEOUT)
    assert "Retrieving file: /boot/board.dtb" in out, out
    check_seeded(out)


def test_disk_boot_after_crash(ember_spawn, debian_disk, tmp_path):
    """The machine went down after u-boot-update rewrote extlinux.conf
    (here with one more kernel parameter), with the new directory and
    inode blocks only in the journal. Ember replays the journal in memory
    and boots the new label, as Linux would read /boot after recovery;
    on the disk, the old file is still the one its directory names."""
    kernel = initramfs.kernel_path()
    initrd = tmp_path / "initrd"
    initrd.write_bytes(initramfs.build())
    version = re.sub(r".*/vmlinuz-", "", kernel)
    conf = diskimg.debian_boot(tmp_path / "root", kernel, initrd, version,
                               ROOT, PARAMS + " ember.journal=replayed")
    (tmp_path / "extlinux.conf").write_text(conf)
    old = debian_disk.parent / "boot.ext4"
    new = tmp_path / "new.ext4"
    shutil.copyfile(old, new)
    diskimg.run("debugfs", "-w", "-f", "-", str(new), input=(
        "cd /boot/extlinux\nrm extlinux.conf\n"
        f"write {tmp_path}/extlinux.conf extlinux.conf\n").encode())
    crashed = tmp_path / "crashed.ext4"
    blocks = diskimg.ext4_crashed(old, new, crashed)
    on_disk = diskimg.run("debugfs", "-R", "cat /boot/extlinux/extlinux.conf",
                          str(crashed)).stdout.decode()
    assert "ember.journal" not in on_disk, on_disk
    disk = diskimg.gpt(tmp_path / "disk.img", [("boot", "8300", crashed)])
    ember = ember_spawn(qemu_args(disk, "virtio-blk-pci"))
    shown = ember.run_ok("cat virtio 0:1 /boot/extlinux/extlinux.conf")
    assert shown.split("\n", 1)[1].replace("\r", "") + "\n" == conf, shown
    out = ember.run_until_exit("boot", timeout=BOOT_TIMEOUT)
    assert ("virtio 0:1: ext4: journal: needs recovery: 1 transaction "
            f"({blocks} blocks) replayed in memory") in out, out
    assert f"CMDLINE: {BOOTARGS} ember.journal=replayed\n" in \
        out.replace("\r", ""), out
    assert "INIT: done" in out, out


def test_bootflow_debian(ember_spawn, debian_disk):
    """U-Boot's standard boot on the same disk, over PCI: 'bootflow scan
    -lb' lists the extlinux bootflow and boots it, seeded by Ember"""
    ember = ember_spawn(qemu_args(debian_disk, "virtio-blk-pci"))
    out = ember.run_until_exit("bootflow scan -lb", timeout=BOOT_TIMEOUT)
    assert re.search(r"extlinux\s+ready\s+virtio\s+1  virtio-blk#\d+\.bootdev"
                     r"\S*\s+/boot/extlinux/extlinux\.conf", out), out
    assert re.search(r"\*\* Booting bootflow 'virtio-blk#\d+\.bootdev\.part_1'"
                     r" with extlinux", out), out
    assert "Retrieving file: /boot/vmlinuz-" in out, out
    check_seeded(out)
