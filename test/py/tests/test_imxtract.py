# SPDX-License-Identifier: Apache-2.0 OR MIT
"""imxtract: a part of a legacy multi-file or script image, or an image of
a FIT by name, made by Debian's mkimage; copied, or inflated, to a
destination, with $fileaddr and $filesize set; what it checks and
refuses. The images are loaded from a FAT disk on the sandbox; on
qemu_arm64 Debian's kernel and initramfs are taken out of a FIT fetched
over TFTP and booted with booti."""

import gzip
import zlib

import pytest

from fscmd import host  # noqa: F401 (fixture)
from test_booti import BOOT_TIMEOUT, check_seeded
from test_bootm import FIT, flip, mkuimage, put, standard_fit  # noqa: F401
from test_bootm import image, linux_dir, qemu_linux  # noqa: F401


def env(ember, name):
    return ember.run_ok(f"echo ${name}")


def crc(ember, addr, size):
    """crc32's digest of the bytes at @addr, as hex"""
    out = ember.run_ok(f"crc32 {addr:x} {size:x}")
    return out.split()[-1]


def expect_lines(out, lines):
    for line in lines:
        assert line + "\n" in out + "\n", (line, out)


@pytest.mark.boards("sandbox")
def test_imxtract_fit(ember, put, tmp_path):
    """An image by name: copied, or inflated when gzip, with its hashes
    checked first; in place without a destination"""
    fit = standard_fit(tmp_path)
    rd = bytes(range(256)) * 400
    kernel = image()
    put({"a.fit": fit}, {"a.fit": FIT})
    out = ember.run_ok(f"imxtract {FIT:x} ramdisk-1 44000000")
    expect_lines(out, [
        "## Copying 'ramdisk-1' subimage from FIT image at 40200000 ...",
        "   Verifying Hash Integrity ... sha1+ OK",
        "   Loading 'ramdisk-1' ... OK"])
    assert env(ember, "fileaddr") == "44000000"
    assert env(ember, "filesize") == f"{len(rd):x}"
    assert crc(ember, 0x44000000, len(rd)) == f"{zlib.crc32(rd):08x}"
    # gzip: inflated, $filesize the inflated size
    out = ember.run_ok(f"imxtract {FIT:x} kernel-1 48000000")
    expect_lines(out, [
        "   Verifying Hash Integrity ... sha256+ crc32+ OK",
        "   Uncompressing 'kernel-1' ... OK"])
    assert env(ember, "filesize") == f"{len(kernel):x}"
    assert crc(ember, 0x48000000, len(kernel)) == \
        f"{zlib.crc32(kernel):08x}"
    # No destination: where it lies in the FIT; gzip needs one
    ember.run_ok("setenv fileaddr")
    ember.run_ok(f"imxtract {FIT:x} ramdisk-1")
    assert env(ember, "fileaddr") == f"{FIT + fit.index(rd):x}"
    assert "Must specify load address for imxtract command with " \
        "compressed image" in ember.run_fail(f"imxtract {FIT:x} kernel-1")
    # Named wrongly, or not at all
    assert "No FIT subimage unit name" in \
        ember.run_fail(f"imxtract {FIT:x}")
    assert "Can't find 'kernel-9' FIT subimage" in \
        ember.run_fail(f"imxtract {FIT:x} kernel-9 44000000")
    # A hash that does not match stops it, unless verify=n
    flip(ember, FIT + fit.index(rd) + 1000)
    out = ember.run_fail(f"imxtract {FIT:x} ramdisk-1 44000000")
    assert "sha1 error!" in out and "Loading" not in out, out
    ember.run_ok("setenv verify n")
    out = ember.run_ok(f"imxtract {FIT:x} ramdisk-1 44000000")
    assert "Verifying" not in out and "Loading 'ramdisk-1' ... OK" in out


@pytest.mark.boards("sandbox")
def test_imxtract_fit_bounds(ember, put, tmp_path):
    """Destinations refused: outside RAM, inside the compressed data, too
    close below it for what it inflates to; a FIT not at an 8-byte
    boundary"""
    fit = standard_fit(tmp_path)
    put({"a.fit": fit}, {"a.fit": FIT})
    kdata = FIT + fit.index(b"\x1f\x8b")
    assert "is outside RAM" in \
        ember.run_fail(f"imxtract {FIT:x} ramdisk-1 0")
    assert f"the destination {kdata + 4:#x} lies inside the compressed " \
        f"data ({kdata:#x}" in \
        ember.run_fail(f"imxtract {FIT:x} kernel-1 {kdata + 4:x}")
    out = ember.run_fail(f"imxtract {FIT:x} kernel-1 {kdata - 0x1000:x}")
    assert f"imxtract: 'kernel-1' inflated at {kdata - 0x1000:#x} does " \
        "not fit before the compressed data (0x1000 bytes of room)" in out
    # The FIT itself was not written over
    assert crc(ember, FIT, len(fit)) == f"{zlib.crc32(fit):08x}"
    put({"a.fit": fit}, {"a.fit": FIT + 4})
    assert "Bad FIT image format: not 8-byte aligned" in \
        ember.run_fail(f"imxtract {FIT + 4:x} ramdisk-1 44000000")
    ember.run_ok("mw.l 44100000 0 40")
    assert "Invalid image type for imxtract" in \
        ember.run_fail("imxtract 44100000 0 44000000")
    assert "invalid number 'zz'" in ember.run_fail("imxtract zz 0")


@pytest.mark.boards("sandbox")
def test_imxtract_legacy(ember, put, tmp_path):
    """Parts of a multi-file image (each padded to 4 bytes), compressed
    ones inflated, a script image's script; its CRC checked; what is
    refused"""
    parts = [b"first", bytes(range(251)) * 4 + b"x", b"third" * 60]
    for i, data in enumerate(parts):
        (tmp_path / f"p{i}").write_bytes(data)
    gz = [gzip.compress(p) for p in parts]
    for i, data in enumerate(gz):
        (tmp_path / f"g{i}").write_bytes(data)
    multi = mkuimage(tmp_path, b"", "multi", name="m.img",
                     files="p0:p1:p2")
    multi_gz = mkuimage(tmp_path, b"", "multi", "gzip", name="mg.img",
                        files="g0:g1:g2")
    script = mkuimage(tmp_path, b"echo from the script\n", "script",
                      name="s.img")
    kernel = mkuimage(tmp_path, image(), "kernel", name="k.img")
    put({"m.img": multi, "mg.img": multi_gz, "s.img": script,
         "k.img": kernel},
        {"m.img": 0x41000000, "mg.img": 0x42000000, "s.img": 0x43000000,
         "k.img": 0x43100000})
    out = ember.run_ok("imxtract 41000000 1 44000000")
    expect_lines(out, ["## Copying part 1 from legacy image at 41000000 ...",
                       "   Verifying Checksum ... OK",
                       "   Loading part 1 ... OK"])
    assert env(ember, "filesize") == f"{len(parts[1]):x}"
    assert crc(ember, 0x44000000, len(parts[1])) == \
        f"{zlib.crc32(parts[1]):08x}"
    # In place: after the header, the list of 3 lengths and its 0, and
    # the two parts before, padded to 4 bytes
    ember.run_ok("imxtract 41000000 2")
    assert env(ember, "fileaddr") == f"{0x41000000 + 64 + 16 + 8 + 1008:x}"
    assert env(ember, "filesize") == f"{len(parts[2]):x}"
    assert crc(ember, 0x41000000 + 64 + 16 + 8 + 1008, len(parts[2])) == \
        f"{zlib.crc32(parts[2]):08x}"
    assert "Bad Image Part: the image has no part 3" in \
        ember.run_fail("imxtract 41000000 3 44000000")
    # Compressed: each part inflated; a destination is needed
    out = ember.run_ok("imxtract 42000000 1 45000000")
    assert "   Uncompressing part 1 ... OK" in out
    assert env(ember, "filesize") == f"{len(parts[1]):x}"
    assert crc(ember, 0x45000000, len(parts[1])) == \
        f"{zlib.crc32(parts[1]):08x}"
    assert "Must specify load address" in \
        ember.run_fail("imxtract 42000000 1")
    # A script image's script; part 0 when none is named
    ember.run_ok("imxtract 43000000")
    assert env(ember, "filesize") == "15"
    assert ember.run_ok(f"source {0x43000000:x}").endswith("\nfrom the script")
    # Refused: other types, a bad data CRC unless verify=n, a bad header
    assert "Wrong Image Type for imxtract command: Kernel Image" in \
        ember.run_fail("imxtract 43100000 0 44000000")
    flip(ember, 0x41000000 + 64 + 16 + 2)
    out = ember.run_fail("imxtract 41000000 0 44000000")
    assert "   Verifying Checksum ... Bad Data CRC" in out
    ember.run_ok("setenv verify n")
    ember.run_ok("imxtract 41000000 0 44000000")
    flip(ember, 0x41000004)
    assert "Bad Header Checksum" in \
        ember.run_fail("imxtract 41000000 0 44000000")


@pytest.mark.boards("qemu_arm64")
def test_imxtract_linux(ember_spawn, linux_dir):  # noqa: F811
    """The gzip kernel inflated to $kernel_addr_r, the initramfs found in
    place, as a boot script would take them: Linux runs /init seeded"""
    ember = qemu_linux(ember_spawn, linux_dir)
    ember.run_ok("tftpboot 50000000 linux.fit", timeout=60)
    out = ember.run_ok("imxtract 50000000 kernel-1 ${kernel_addr_r}",
                       timeout=60)
    assert "   Verifying Hash Integrity ... sha256+ OK" in out, out
    assert "   Uncompressing 'kernel-1' ... OK" in out, out
    kernel = (linux_dir / "Image").read_bytes()
    assert env(ember, "filesize") == f"{len(kernel):x}"
    assert crc(ember, int(env(ember, "kernel_addr_r"), 16), len(kernel)) \
        == f"{zlib.crc32(kernel):08x}"
    ember.run_ok("imxtract 50000000 ramdisk-1")
    out = ember.run_until_exit(
        "booti ${kernel_addr_r} ${fileaddr}:${filesize} ${fdtcontroladdr}",
        timeout=BOOT_TIMEOUT)
    check_seeded(out)
