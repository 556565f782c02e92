# SPDX-License-Identifier: Apache-2.0 OR MIT
"""A tiny initramfs (cpio 'newc', gzip) for booting Debian's arm64 kernel.

Two /init scripts (busybox sh):
  test  reports what the tests check and powers off: /proc/cmdline, which
        /chosen properties the kernel saw, the kernel's lines about
        randomness, KASLR and the EL it started at;
  demo  the one 'make qemu' boots: it greets the user with the kernel
        version, /proc/cmdline, the seeds Ember put in /chosen and the
        kernel's own log lines about its random pool and KASLR, then gives
        a busybox shell; 'poweroff' (or leaving the shell) ends QEMU.

Built from the Debian packages that scripts/fetch-arm64-deps unpacks into
build/deps/arm64. As a program:

  initramfs.py [--init test|demo] OUTPUT    write the initramfs to OUTPUT
"""

import argparse
import glob
import gzip
import lzma
import os
import sys

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

DEMO_INIT = """#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
/bin/busybox mount -t devtmpfs dev /dev
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin HOME=/root PS1='ember-demo# '
for m in /lib/modules/*.ko; do insmod $m 2>/dev/null; done
seed() {
    f=/proc/device-tree/chosen/$1
    if [ -e $f ]; then echo "$(wc -c < $f) bytes"; else echo "$2"; fi
}
cat <<EOT

================================================================
 Ember booted Linux $(uname -r) ($(uname -m))
================================================================
 /proc/cmdline:       $(cat /proc/cmdline)
 /chosen/rng-seed:    $(seed rng-seed "taken: the kernel removes it once read")
 /chosen/kaslr-seed:  $(seed kaslr-seed absent) (the kernel zeroes it once read)
 QEMU runs with dtb-randomness=off: the seeds came from Ember, which
 read them from virtio-rng before booti.
 The kernel's own words:
$(dmesg | grep -E 'random: crng init done|KASLR' | sed 's/^/   /')
================================================================
 A busybox shell follows; 'poweroff' ends QEMU.

EOT
setsid cttyhack sh -l
sync
/bin/busybox poweroff -f
"""

# Busybox's own poweroff and reboot ask init (PID 1) to do it, and this
# /init is a plain script; busybox's shell runs its applets before looking
# at PATH, so shell functions (from the login shell's profile) do it at once.
DEMO_FILES = [
    ("etc/profile", 0o100644,
     b"poweroff() { sync; /bin/busybox poweroff -f; }\n"
     b"reboot() { sync; /bin/busybox reboot -f; }\n"
     b"halt() { poweroff; }\n"),
]

INITS = {"test": (INIT, []), "demo": (DEMO_INIT, DEMO_FILES)}


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


def _first_existing(*paths):
    """The first of @paths (relative to DEPS) that exists, or None"""
    for p in paths:
        full = os.path.join(DEPS, p)
        if os.path.exists(full):
            return full
    return None


def _module(moddir, name):
    """Module @name's bytes, uncompressed (Debian 13 ships them as .ko.xz,
    which busybox's insmod does not take), or None"""
    for ext, unpack in ((".ko", lambda d: d), (".ko.xz", lzma.decompress)):
        found = glob.glob(os.path.join(moddir, "**", name + ext),
                          recursive=True)
        if found:
            with open(found[0], "rb") as f:
                return unpack(f.read())
    return None


def build(kind="test"):
    """The initramfs with the @kind /init (INITS) as gzip-compressed bytes;
    None when deps are missing"""
    init, extra = INITS[kind]
    kernel = kernel_path()
    # Debian 13's packages install below /usr (merged /usr), Debian 12's
    # busybox and modules below /bin and /lib
    busybox = _first_existing("bin/busybox", "usr/bin/busybox")
    if not kernel or not busybox:
        return None
    version = os.path.basename(kernel)[len("vmlinuz-"):]
    moddir = _first_existing(f"lib/modules/{version}/kernel",
                             f"usr/lib/modules/{version}/kernel") or ""
    entries = [("dev", 0o40755), ("proc", 0o40755), ("sys", 0o40755),
               ("bin", 0o40755), ("sbin", 0o40755), ("usr", 0o40755),
               ("usr/bin", 0o40755), ("usr/sbin", 0o40755),
               ("root", 0o40700), ("tmp", 0o41777), ("etc", 0o40755),
               ("lib", 0o40755), ("lib/modules", 0o40755)]
    files = [("init", 0o100755, init.encode()), *extra]
    with open(busybox, "rb") as f:
        files.append(("bin/busybox", 0o100755, f.read()))
    for i, m in enumerate(MODULES):
        data = _module(moddir, m)
        if data:
            files.append((f"lib/modules/{i}-{m}.ko", 0o100644, data))
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--init", choices=sorted(INITS), default="test")
    parser.add_argument("output")
    args = parser.parse_args()
    data = build(args.init)
    if data is None:
        print("initramfs.py: Debian's arm64 kernel or busybox-static is "
              "missing: run scripts/deps", file=sys.stderr)
        return 1
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
