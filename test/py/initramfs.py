# SPDX-License-Identifier: Apache-2.0 OR MIT
"""A tiny initramfs (cpio 'newc', gzip) for booting Debian's arm64 kernel.

Its /init (busybox sh) reports what the tests check and powers off:
/proc/cmdline, which /chosen properties the kernel saw, the kernel's
lines about randomness, KASLR and the EL it started at. Built from the Debian packages that
scripts/fetch-arm64-deps unpacks into build/deps/arm64.
"""

import glob
import gzip
import os

DEPS = os.path.join(os.path.dirname(__file__), "..", "..", "build", "deps",
                    "arm64")

# Load order matters: the transports before the device drivers.
MODULES = ["virtio_mmio", "virtio_pci_legacy_dev", "virtio_pci_modern_dev",
           "virtio_pci", "virtio-rng"]

INIT = """#!/bin/busybox sh
bb=/bin/busybox
$bb mount -t proc proc /proc
$bb mount -t sysfs sys /sys
echo "INIT: start"
echo "CMDLINE: $($bb cat /proc/cmdline)"
for p in bootargs rng-seed kaslr-seed linux,initrd-start linux,initrd-end; do
    f=/proc/device-tree/chosen/$p
    if [ -e $f ]; then
        echo "CHOSEN: $p $($bb wc -c < $f)"
    else
        echo "CHOSEN: $p absent"
    fi
done
for m in /lib/modules/*.ko; do $bb insmod $m 2>/dev/null; done
for d in /sys/bus/virtio/devices/*; do
    [ -e $d/driver ] && echo "VIRTIO: ${d##*/} $($bb basename $($bb readlink $d/driver))"
done
$bb dmesg | $bb grep -E 'random|KASLR|started at EL' | $bb sed 's/^/DMESG: /'
echo "INIT: done"
$bb poweroff -f
"""


def kernel_path():
    """Debian's kernel Image, or None when not fetched"""
    found = sorted(glob.glob(os.path.join(DEPS, "boot", "vmlinuz-*")))
    return found[-1] if found else None


def _entry(name, mode, data=b"", ino=1):
    name_b = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0]
    hdr = b"070701" + b"".join(b"%08x" % f for f in fields)
    out = hdr + name_b
    out += b"\0" * (-len(out) % 4)
    out += data + b"\0" * (-len(data) % 4)
    return out


def build():
    """The initramfs as gzip-compressed bytes; None when deps are missing"""
    kernel = kernel_path()
    busybox = os.path.join(DEPS, "bin", "busybox")
    if not kernel or not os.path.exists(busybox):
        return None
    version = os.path.basename(kernel)[len("vmlinuz-"):]
    moddir = os.path.join(DEPS, "lib", "modules", version, "kernel")
    entries = [("dev", 0o40755), ("proc", 0o40755), ("sys", 0o40755),
               ("bin", 0o40755), ("lib", 0o40755), ("lib/modules", 0o40755)]
    files = [("init", 0o100755, INIT.encode())]
    with open(busybox, "rb") as f:
        files.append(("bin/busybox", 0o100755, f.read()))
    for i, m in enumerate(MODULES):
        found = glob.glob(os.path.join(moddir, "**", m + ".ko"),
                          recursive=True)
        if found:
            with open(found[0], "rb") as f:
                files.append((f"lib/modules/{i}-{m}.ko", 0o100644, f.read()))
    out = b""
    ino = 1
    for name, mode in entries:
        out += _entry(name, mode, ino=ino)
        ino += 1
    for name, mode, data in files:
        out += _entry(name, mode, data, ino=ino)
        ino += 1
    out += _entry("TRAILER!!!", 0, ino=0)
    out += b"\0" * (-len(out) % 512)
    return gzip.compress(out, compresslevel=6)
