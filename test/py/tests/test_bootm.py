# SPDX-License-Identifier: Apache-2.0 OR MIT
"""bootm and iminfo: legacy images and FITs made by Debian's mkimage
(u-boot-tools, which runs dtc for a FIT), booted as arm64 Images. On the
sandbox each boot goes up to the jump, and the DT it would hand over is
read back; on qemu_arm64 Debian's kernel boots to its initramfs from a
FIT and from legacy images, fetched over TFTP."""

import gzip
import re
import shutil
import struct
import subprocess

import pytest

import initramfs
from fatdisk import mkfat
from fscmd import host  # noqa: F401 (fixture)
from test_booti import BOOT_TIMEOUT, BOOTARGS, check_seeded

MAGIC = 0x644d5241
FIT = 0x40200000        # the sandbox's $loadaddr
ENTER = re.compile(r"would enter Linux at (0x[0-9a-f]+) with x0 = "
                   r"(0x[0-9a-f]+) \(DT\)")


def need_mkimage():
    if not shutil.which("mkimage") or not shutil.which("dtc"):
        pytest.fail("mkimage or dtc is missing: run scripts/deps "
                    "(u-boot-tools, device-tree-compiler)")


def image(size=0x200000, body=300000):
    """A small arm64 Image: its header, then @body zero bytes"""
    return struct.pack("<IIQQQQQQII", 0, 0, 0, size, 0xa, 0, 0, 0, MAGIC,
                       0) + bytes(body)


def dtb(tmp, compatible="ember,fit-test"):
    """A DT of our own, to tell from the control DT"""
    src = tmp / "dt.dts"
    src.write_text("/dts-v1/;\n/ { compatible = \"%s\"; #address-cells = "
                   "<2>; #size-cells = <2>; chosen { }; };\n" % compatible)
    out = tmp / "dt.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(out),
                    str(src)], check=True)
    return out.read_bytes()


def its_image(name, path, type_, comp="none", load=None, hashes=("sha256",),
              extra=""):
    props = [f'data = /incbin/("{path}");', f'type = "{type_}";',
             'arch = "arm64";', f'compression = "{comp}";']
    if type_ != "flat_dt":
        props.append('os = "linux";')
    if load is not None:
        props.append(f"load = <{load:#x}>;")
        props.append(f"entry = <{load:#x}>;")
    props += [f'hash-{i + 1} {{ algo = "{a}"; }};'
              for i, a in enumerate(hashes)]
    return f"\t\t{name} {{\n\t\t\t" + "\n\t\t\t".join(props) + \
        f"\n{extra}\t\t}};\n"


def mkfit(tmp, images, confs, default="conf-1", name="a.fit", args=()):
    """A FIT from @images (its_image() texts) and @confs ({name: {prop:
    value}}), by mkimage -f; its bytes"""
    need_mkimage()
    text = "/dts-v1/;\n/ {\n\tdescription = \"Ember test FIT\";\n" \
        "\t#address-cells = <1>;\n\timages {\n" + "".join(images) + \
        "\t};\n\tconfigurations {\n"
    if default:
        text += f'\t\tdefault = "{default}";\n'
    for c, props in confs.items():
        text += f"\t\t{c} {{\n" + "".join(
            f'\t\t\t{k} = {v};\n' for k, v in props.items()) + "\t\t};\n"
    text += "\t};\n};\n"
    (tmp / "a.its").write_text(text)
    subprocess.run(["mkimage", *args, "-f", "a.its", name], cwd=tmp,
                   check=True, stdout=subprocess.DEVNULL)
    return (tmp / name).read_bytes()


def mkuimage(tmp, data, type_, comp="none", arch="arm64", load=0x48000000,
             name="u.img", files=None):
    """A legacy image of @data, or of @files ("a:b:c", in @tmp) for a
    multi-file image"""
    need_mkimage()
    if files is None:
        (tmp / "u.bin").write_bytes(data)
    subprocess.run(["mkimage", "-A", arch, "-O", "linux", "-T", type_,
                    "-C", comp, "-a", f"{load:x}", "-e", f"{load:x}",
                    "-n", "Ember test", "-d", files or "u.bin", name],
                   cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    return (tmp / name).read_bytes()


@pytest.fixture
def put(ember, host, tmp_path):
    """put({name: bytes}, {name: addr}): the files on a FAT disk bound as
    host 0, each loaded at its address"""
    def put_files(files, where):
        disk = mkfat(tmp_path / "disk.img", 32, 65536,
                     files=list(files.items()))
        host(disk)
        for name, addr in where.items():
            ember.run_ok(f"load host 0 {addr:x} {name}")
    yield put_files
    ember.run("setenv verify; setenv fileaddr")


def flip(ember, addr):
    """Invert the byte at @addr: changed, whatever it was"""
    ember.run_ok(f"setexpr.b v *{addr:x}; setexpr v $v ^ ff; "
                 f"mw.b {addr:x} $v")


def entered(ember, out):
    """The kernel's entry and the DT the sandbox would hand over"""
    m = ENTER.search(out)
    assert m, out
    ember.run_ok(f"fdt addr {m.group(2)}")
    return int(m.group(1), 16), m.group(2)


def chosen(ember):
    return ember.run_ok("fdt print /chosen")


# ------------------------------------------------------------ sandbox
def standard_fit(tmp, kernel_comp="gzip", kload=0x48000000, rdload=None):
    k = image()
    (tmp / "Image").write_bytes(gzip.compress(k) if kernel_comp == "gzip"
                                else k)
    (tmp / "rd.bin").write_bytes(bytes(range(256)) * 400)
    (tmp / "dt.dtb").write_bytes(dtb(tmp))
    return mkfit(tmp, [
        its_image("kernel-1", "Image", "kernel", kernel_comp, kload,
                  ("sha256", "crc32")),
        its_image("ramdisk-1", "rd.bin", "ramdisk", load=rdload,
                  hashes=("sha1",)),
        its_image("fdt-1", "dt.dtb", "flat_dt", hashes=("crc32",)),
    ], {"conf-1": {"description": '"all three"', "kernel": '"kernel-1"',
                   "ramdisk": '"ramdisk-1"', "fdt": '"fdt-1"'},
        "conf-2": {"kernel": '"kernel-1"'}})


@pytest.mark.boards("sandbox")
def test_bootm_fit(ember, put, tmp_path):
    """The default configuration: a gzip kernel inflated to its load
    address, the ramdisk and the DT used where they lie in the FIT, each
    hash checked; the DT handed over is the FIT's, fixed up"""
    fit = standard_fit(tmp_path)
    put({"a.fit": fit}, {"a.fit": FIT})
    out = ember.run_ok("bootm")
    for line in ("## Loading kernel from FIT Image at 40200000 ...",
                 "   Using 'conf-1' configuration",
                 "   Trying 'kernel-1' kernel subimage",
                 "     Type:         Kernel Image",
                 "     Compression:  gzip compressed",
                 "     Load Address: 0x48000000",
                 "   Verifying Hash Integrity ... sha256+ crc32+ OK",
                 "## Loading ramdisk from FIT Image at 40200000 ...",
                 "     Type:         RAMDisk Image",
                 "   Verifying Hash Integrity ... sha1+ OK",
                 "## Loading fdt from FIT Image at 40200000 ...",
                 "     Type:         Flat Device Tree",
                 "   Verifying Hash Integrity ... crc32+ OK",
                 "   Uncompressing Kernel Image to 48000000"):
        assert line + "\n" in out + "\n", (line, out)
    entry, _ = entered(ember, out)
    assert entry == 0x48000000
    assert ember.run_ok("fdt get value c / compatible") == "" and \
        ember.run_ok("echo $c") == "ember,fit-test"
    rd = fit.index(bytes(range(256)) * 400)
    c = chosen(ember)
    assert f"linux,initrd-start = <0x00000000 {FIT + rd:#010x}>;" in c, c
    assert f"linux,initrd-end = <0x00000000 {FIT + rd + 102400:#010x}>;" \
        in c, c


@pytest.mark.boards("sandbox")
def test_bootm_fit_choices(ember, put, tmp_path):
    """A configuration by name, images by name, '-' for no ramdisk, a DT
    given by address; and what is refused: a missing configuration or
    image, overlays, extra configurations"""
    fit = standard_fit(tmp_path, kernel_comp="none", kload=None)
    put({"a.fit": fit}, {"a.fit": FIT})
    # conf-2: a kernel alone; the control DT, no initrd ('#' starts a
    # comment where a word starts, as in U-Boot's shell)
    out = ember.run_ok("bootm 40200000#conf-2")
    assert "Using 'conf-2' configuration" in out
    assert "ramdisk" not in out and "fdt" not in out, out
    entered(ember, out)
    assert "linux,initrd-start" not in chosen(ember)
    assert ember.run_ok("fdt get value c / compatible; echo $c") != \
        "ember,fit-test"
    # Booting moved the kernel over the FIT: loaded again each time
    reload = f"load host 0 {FIT:x} a.fit"
    # Images by name, from the FIT at an explicit address
    ember.run_ok(reload)
    out = ember.run_ok(f"bootm {FIT:x}:kernel-1 :ramdisk-1 :fdt-1")
    assert "Using" not in out and "Trying 'fdt-1' fdt subimage" in out
    entered(ember, out)
    assert "linux,initrd-start" in chosen(ember)
    # The default configuration without its ramdisk
    ember.run_ok(reload)
    out = ember.run_ok("bootm 40200000 -")
    assert "Loading ramdisk" not in out and "Loading fdt" in out
    entered(ember, out)
    assert "linux,initrd-start" not in chosen(ember)
    ember.run_ok(reload)
    assert "no configuration 'conf-9' in the FIT at 0x40200000" in \
        ember.run_fail("bootm '#conf-9'")
    assert "no image 'kernel-9' in the FIT" in \
        ember.run_fail("bootm :kernel-9")
    assert "'ramdisk-1' is a 'ramdisk' image, not a kernel" in \
        ember.run_fail("bootm :ramdisk-1")
    assert "extra configurations (overlays) are not supported" in \
        ember.run_fail("bootm 40200000#conf-1#conf-2")
    assert "nothing after '#'" in ember.run_fail("bootm 40200000#")
    assert "bad address in 'zz:kernel-1'" in \
        ember.run_fail("bootm zz:kernel-1")


@pytest.mark.boards("sandbox")
def test_bootm_fit_hash_mismatch(ember, put, tmp_path):
    """A byte of the kernel changed in memory: its hash fails, nothing is
    booted; verify=n boots it unchecked"""
    fit = standard_fit(tmp_path)
    put({"a.fit": fit}, {"a.fit": FIT})
    m = re.search(r"Data Start:   0x([0-9a-f]+)",
                  ember.run_ok("iminfo 40200000"))
    flip(ember, int(m.group(1), 16) + 100)
    out = ember.run_fail("bootm")
    assert "   Verifying Hash Integrity ... sha256 error!\n" \
        "   bad hash value for 'hash-1' hash node in 'kernel-1' image " \
        "node" in out, out
    assert "would enter" not in out
    assert "Hash(es) for Image 0 (kernel-1): sha256 error!" in \
        ember.run_fail("iminfo")
    ember.run_ok("setenv verify n")
    out = ember.run_fail("bootm")     # now the gzip data is corrupt
    assert "Verifying" not in out
    assert "bootm: cannot decompress the kernel at 0x48000000: corrupt or " \
        "truncated gzip data" in out, out


@pytest.mark.boards("sandbox")
def test_bootm_fit_refusals(ember, put, tmp_path):
    """What a FIT may not hold: an unknown hash algorithm, a compression
    Ember lacks, another architecture or OS, several DTs in a
    configuration, a compressed ramdisk"""
    (tmp_path / "Image").write_bytes(image())
    (tmp_path / "rd.bin").write_bytes(b"rd" * 1000)
    (tmp_path / "dt.dtb").write_bytes(dtb(tmp_path))
    (tmp_path / "dt2.dtb").write_bytes(dtb(tmp_path, "ember,other"))
    fit = mkfit(tmp_path, [
        its_image("unknown-hash", "Image", "kernel", hashes=("md5",)),
        its_image("md5", "Image", "kernel",
                  hashes=("md5", "sha1", "sha384", "sha512")),
        its_image("lzma", "Image", "kernel", "lzma"),
        its_image("arm", "Image", "kernel").replace('"arm64"', '"arm"'),
        its_image("rd-gz", "rd.bin", "ramdisk", "gzip"),
        its_image("fdt-1", "dt.dtb", "flat_dt"),
        its_image("fdt-2", "dt2.dtb", "flat_dt"),
        its_image("ok", "Image", "kernel", hashes=()),
        its_image("junk-k", "rd.bin", "kernel"),
        its_image("junk-dt", "rd.bin", "flat_dt"),
        its_image("rd0", "rd.bin", "ramdisk", load=0),
    ], {"two-fdts": {"kernel": '"ok"', "fdt": '"fdt-1", "fdt-2"'},
        "no-kernel": {"fdt": '"fdt-1"'},
        "missing": {"kernel": '"nowhere"'}}, default=None)
    # An algorithm Ember lacks: the first image's md5 renamed (mkimage
    # computes only those it knows)
    fit = fit.replace(b"md5\0", b"xyz\0", 1)
    put({"a.fit": fit}, {"a.fit": FIT})
    cases = {
        ":unknown-hash": "unsupported hash algorithm for 'hash-1' hash "
                         "node in 'unknown-hash' image node",
        ":lzma": "'lzma' has compression 'lzma': Ember takes 'none' or "
                 "'gzip' for a kernel",
        ":arm": "'arm' is for architecture 'arm', not arm64",
        ":ok :rd-gz": "'rd-gz' has compression 'gzip': Ember takes only "
                      "'none' here",
        "40200000#two-fdts": "configuration 'two-fdts' lists more than one fdt: "
                     "Ember applies no overlays",
        "40200000#no-kernel": "the configuration names no kernel",
        "40200000#missing": "configuration 'missing' names image 'nowhere', which "
                    "the FIT lacks",
        "": "the FIT at 0x40200000 has no default configuration",
        ":junk-k": "the kernel is not an arm64 Image or Image.gz (their "
                   "magic)",
        ":ok - :junk-dt": "the fdt is not a device tree of at most its "
                          "2000 bytes",
    }
    for arg, want in cases.items():
        out = ember.run_fail(f"bootm {arg}")
        assert want in out, (arg, out)
        assert "would enter" not in out
    out = ember.run_ok("bootm :ok")
    assert "Verifying Hash Integrity ... no hashes: not verified" in out
    entered(ember, out)
    ember.run_ok(f"load host 0 {FIT:x} a.fit")
    out = ember.run_ok("bootm :md5")
    assert "Verifying Hash Integrity ... md5+ sha1+ sha384+ sha512+ OK" \
        in out, out
    entered(ember, out)
    # A ramdisk's load address 0 means where it lies, as in U-Boot
    ember.run_ok(f"load host 0 {FIT:x} a.fit")
    out = ember.run_ok("bootm :ok :rd0")
    assert "Load Address: 0x00000000" in out and \
        "   Loading ramdisk from" not in out
    rd = int(re.search(r"Trying 'rd0' ramdisk subimage\n.*?Data Start:   "
                       r"0x([0-9a-f]+)", out, re.S).group(1), 16)
    entered(ember, out)
    assert f"linux,initrd-start = <0x00000000 {rd:#010x}>;" in chosen(ember)


@pytest.mark.boards("sandbox")
def test_bootm_fit_external_and_load(ember, put, tmp_path):
    """mkimage -E (data after the tree, data-offset) and -p (data-position);
    a ramdisk with a load address is copied there; data said to lie past
    the end of RAM is refused"""
    standard_fit(tmp_path, rdload=0x4c000000)
    for args in (["-E"], ["-E", "-p", "0x2000"]):
        subprocess.run(["mkimage", *args, "-f", "a.its", "e.fit"],
                       cwd=tmp_path, check=True, stdout=subprocess.DEVNULL)
        ext = (tmp_path / "e.fit").read_bytes()
        assert b"data-size" in ext and b"data-offset" in ext or \
            b"data-position" in ext
        put({"e.fit": ext}, {"e.fit": FIT})
        out = ember.run_ok("iminfo")
        assert "Hash(es) for Image 1 (ramdisk-1): sha1+ OK" in out, out
        out = ember.run_ok("bootm")
        assert "   Loading ramdisk from 0x" in out and \
            "to 0x4c000000" in out, out
        entered(ember, out)
        c = chosen(ember)
        assert "linux,initrd-start = <0x00000000 0x4c000000>;" in c, c
    # Data said to lie past the end of RAM (the 256 MiB sandbox's ends at
    # 0x50000000, 0xfe00000 past the FIT)
    subprocess.run(["fdtput", "-t", "x", "e.fit", "/images/ramdisk-1",
                    "data-position", "fe00000"], cwd=tmp_path, check=True)
    put({"e.fit": (tmp_path / "e.fit").read_bytes()}, {"e.fit": FIT})
    out = ember.run_fail("bootm")
    assert "bootm: image 'ramdisk-1': its data runs past the end of RAM" \
        in out, out


@pytest.mark.boards("sandbox")
def test_bootm_legacy(ember, put, tmp_path):
    """Legacy images: a gzip kernel inflated to its load address with a
    raw initrd (addr:size) and a DT by address; an uncompressed kernel
    with a legacy ramdisk image; checksums checked"""
    k = image()
    files = {
        "k.gz": mkuimage(tmp_path, gzip.compress(k), "kernel", "gzip",
                         name="k.gz"),
        "k": mkuimage(tmp_path, k, "kernel", name="k"),
        "rd": mkuimage(tmp_path, b"initrd" * 1000, "ramdisk", name="rd"),
        "dt.dtb": dtb(tmp_path),
        "arm": mkuimage(tmp_path, k, "kernel", arch="arm", name="arm"),
    }
    where = {"k.gz": 0x40200000, "k": 0x41000000, "rd": 0x42000000,
             "dt.dtb": 0x43000000, "arm": 0x43100000}
    put(files, where)
    out = ember.run_ok("bootm 40200000 42000040:1770 43000000")
    for line in ("## Booting kernel from Legacy Image at 40200000 ...",
                 "   Image Name:   Ember test",
                 "   Image Type:   AArch64 Linux Kernel Image (gzip "
                 "compressed)",
                 "   Load Address: 48000000",
                 "   Verifying Checksum ... OK",
                 "## Flattened Device Tree blob at 43000000",
                 "   Uncompressing Kernel Image to 48000000"):
        assert line + "\n" in out, (line, out)
    entry, _ = entered(ember, out)
    assert entry == 0x48000000
    assert ember.run_ok("fdt get value c / compatible; echo $c") == \
        "ember,fit-test"
    assert "linux,initrd-start = <0x00000000 0x42000040>;" in chosen(ember)
    # An Image.gz in an uncompressed image: booti inflates it, through
    # its scratch area (another test may have unset it)
    put({"k.gz-none": mkuimage(tmp_path, gzip.compress(k), "kernel",
                               name="k.gz-none")}, {"k.gz-none": 0x44100000})
    ember.run_ok("env default -f kernel_comp_addr_r kernel_comp_size")
    out = ember.run_ok("bootm 44100000")
    assert "   Uncompressed kernel: " in out, out
    entered(ember, out)
    put(files, where)
    out = ember.run_ok("bootm 41000000 42000000")
    assert "## Loading init Ramdisk from Legacy Image at 42000000 ..." in out
    assert "AArch64 Linux RAMDisk Image (uncompressed)" in out
    entered(ember, out)
    assert "linux,initrd-end = <0x00000000 0x420017b0>;" in chosen(ember)
    # Refused
    assert "Ember boots AArch64 Linux" in ember.run_fail("bootm 43100000")
    assert "not a ramdisk image: Kernel Image" in \
        ember.run_fail("bootm 41000000 41000000")
    assert "the device tree at 0x43000000 is not a FIT" in \
        ember.run_fail("bootm 41000000 43000000")
    ember.run_ok("mw.l 44000000 0 10")
    assert "give its size (<addr>:<size>, hex)" in \
        ember.run_fail("bootm 41000000 44000000")
    assert "is a legacy image, not a FIT" in \
        ember.run_fail("bootm 41000000:kernel-1")
    flip(ember, 0x41000100)
    out = ember.run_fail("bootm 41000000")
    assert "   Verifying Checksum ... Bad Data CRC" in out
    flip(ember, 0x41000004)      # the header's CRC
    assert "   Bad Header Checksum" in ember.run_fail("bootm 41000000")


@pytest.mark.boards("sandbox")
def test_bootm_not_an_image(ember, put, tmp_path):
    """An Image, an unaligned FIT, a plain DT, an address outside RAM"""
    fit = standard_fit(tmp_path)
    put({"Image": image(), "a.fit": fit, "dt.dtb": dtb(tmp_path)},
        {"Image": 0x41000000, "a.fit": 0x42000004, "dt.dtb": 0x43000000})
    out = ember.run_fail("bootm 41000000")
    assert "Wrong Image Format for bootm command\n" \
        "bootm: 0x41000000 holds an arm64 Image: boot it with booti" in out
    assert "not 8-byte aligned: load it at an aligned address" in \
        ember.run_fail("bootm 42000004")
    assert "is not a FIT: no /images node" in \
        ember.run_fail("bootm 43000000")
    assert "a device tree, not a FIT" in ember.run_fail("iminfo 43000000")
    assert "Unknown image format!" in ember.run_fail("iminfo 41000000")
    out = ember.run_fail("bootm 10000")
    assert "bootm" in out and "would enter" not in out


@pytest.mark.boards("sandbox")
def test_iminfo(ember, put, tmp_path):
    """U-Boot's shape, for a FIT and a legacy image"""
    fit = standard_fit(tmp_path)
    leg = mkuimage(tmp_path, b"x" * 5000, "ramdisk")
    put({"a.fit": fit, "u.img": leg}, {"a.fit": FIT, "u.img": 0x41000000})
    out = ember.run_ok("iminfo 40200000 41000000")
    for line in ("## Checking Image at 40200000 ...",
                 "   FIT image found",
                 "   FIT description: Ember test FIT",
                 "    Image 0 (kernel-1)",
                 "     Hash algo:    sha256",
                 "    Image 2 (fdt-1)",
                 "    Default Configuration: 'conf-1'",
                 "    Configuration 0 (conf-1)",
                 "     Description:  all three",
                 "     Kernel:       kernel-1",
                 "     Init Ramdisk: ramdisk-1",
                 "     FDT:          fdt-1",
                 "    Configuration 1 (conf-2)",
                 "## Checking hash(es) for FIT Image at 40200000 ...",
                 "   Hash(es) for Image 0 (kernel-1): sha256+ crc32+ OK",
                 "## Checking Image at 41000000 ...",
                 "   Legacy image found",
                 "   Image Name:   Ember test",
                 "   Image Type:   AArch64 Linux RAMDisk Image "
                 "(uncompressed)",
                 "   Data Size:    5000 Bytes = 4.9 KiB",
                 "   Verifying Checksum ... OK"):
        assert line + "\n" in out + "\n", (line, out)
    # The legacy header's date; the FIT's timestamp, for it and each image
    date = r"20\d\d-\d\d-\d\d  [ \d]\d:\d\d:\d\d UTC\n"
    assert re.search(r"\n   Created:      " + date, out), out
    assert re.search(r"\n   Created:         " + date, out), out
    assert len(re.findall(r"\n     Created:      " + date, out)) == 3, out


# ------------------------------------------------------------ qemu_arm64
@pytest.fixture(scope="module")
def linux_dir(tmp_path_factory):
    """Debian's kernel and an initramfs as a FIT (gzip kernel, sha256 and
    crc32 hashes) and as legacy images; skip without them"""
    kernel = initramfs.kernel_path()
    initrd = initramfs.build()
    if not kernel or not initrd:
        pytest.skip("no Debian arm64 kernel/busybox: run scripts/deps")
    need_mkimage()
    d = tmp_path_factory.mktemp("bootm")
    with open(kernel, "rb") as f:
        data = f.read()
    (d / "Image").write_bytes(data)
    (d / "Image.gz").write_bytes(gzip.compress(data, compresslevel=1))
    (d / "initrd.img").write_bytes(initrd)
    mkfit(d, [its_image("kernel-1", "Image.gz", "kernel", "gzip",
                        0x40400000, ("sha256",)),
              its_image("ramdisk-1", "initrd.img", "ramdisk",
                        hashes=("crc32",))],
          {"conf-1": {"kernel": '"kernel-1"', "ramdisk": '"ramdisk-1"'}},
          name="linux.fit")
    mkuimage(d, data, "kernel", load=0x40400000, name="uImage")
    mkuimage(d, initrd, "ramdisk", load=0, name="uInitrd")
    return d


def qemu_linux(ember_spawn, d):
    ember = ember_spawn(["-M", "virt,dtb-randomness=off",
                         "-netdev", f"user,id=n0,restrict=on,tftp={d}",
                         "-device", "virtio-net-device,netdev=n0",
                         "-device", "virtio-rng-device"])
    ember.run_ok("setenv autoload no; dhcp", timeout=30)
    ember.run_ok(f'setenv bootargs "{BOOTARGS}"')
    return ember


@pytest.mark.boards("qemu_arm64")
def test_bootm_fit_linux(ember_spawn, linux_dir):
    """A FIT fetched over TFTP: its default configuration, the kernel
    inflated to 0x40400000 after its sha256, the initramfs used in place;
    Linux runs /init with Ember's seeds"""
    ember = qemu_linux(ember_spawn, linux_dir)
    ember.run_ok("tftpboot 50000000 linux.fit", timeout=60)
    out = ember.run_until_exit("bootm", timeout=BOOT_TIMEOUT)
    assert "   Verifying Hash Integrity ... sha256+ OK" in out, out
    assert "   Verifying Hash Integrity ... crc32+ OK" in out, out
    assert "   Uncompressing Kernel Image to 40400000" in out, out
    check_seeded(out)


@pytest.mark.boards("qemu_arm64")
def test_bootm_legacy_linux(ember_spawn, linux_dir):
    """Legacy images: the kernel, a ramdisk image, and the control DT
    given by address"""
    ember = qemu_linux(ember_spawn, linux_dir)
    ember.run_ok("tftpboot 50000000 uImage", timeout=60)
    ember.run_ok("tftpboot 48000000 uInitrd", timeout=30)
    out = ember.run_until_exit("bootm 50000000 48000000 ${fdtcontroladdr}",
                               timeout=BOOT_TIMEOUT)
    assert "   Image Type:   AArch64 Linux Kernel Image (uncompressed)" \
        in out, out
    assert "## Loading init Ramdisk from Legacy Image at 48000000" in out
    assert out.count("   Verifying Checksum ... OK") == 2, out
    check_seeded(out)
