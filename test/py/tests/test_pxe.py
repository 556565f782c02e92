# SPDX-License-Identifier: Apache-2.0 OR MIT
"""pxe get / pxe boot (cmd/pxe.c) on QEMU's user network, whose TFTP
server serves a directory this test fills: pxelinux's lookup order, the
boot directory from $bootfile or $pxelinux_pathprefix, option 209's file
($pxelinux_configfile) first, then a Debian kernel booted through a
pxelinux.cfg with a menu, a label that fails, ipappend and the RNG seed,
and the default bootcmd trying PXE before the plain boot file."""

import re
import shutil

import pytest

from conftest import make_lab
from test_booti import BOOT_TIMEOUT, BOOTARGS, tftp_dir  # noqa: F401

MAC = "52:54:00:12:34:56"      # QEMU's default for the first NIC
IP_HEX = "0A00020F"            # 10.0.2.15, user networking's first lease
UUID = "454d4252-0000-8000-8000-525400123456"   # what dhcp derives from MAC
CFG = "default l1\nlabel l1\n  kernel Image\n"


def spawn(ember_spawn, tftp, rng=None):
    args = ["-M", "virt,dtb-randomness=off",
            "-netdev", f"user,id=n0,restrict=on,tftp={tftp}",
            "-device", f"virtio-net-device,netdev=n0,mac={MAC}"]
    if rng:
        args += ["-device", rng]
    ember = ember_spawn(args)
    ember.run_ok("setenv autoload no; dhcp", timeout=30)
    return ember


def tried(out):
    """The paths 'pxe get' asked for, in order."""
    return re.findall(r"^Retrieving file: (\S+)\r?$", out, re.M)


def candidates(prefix="", uuid=UUID):
    """What 'pxe get' asks for, in order (each under @prefix): the UUID
    (which dhcp sets from the MAC address when 'pxeuuid' is not set), the
    MAC, the IP address shortened, the defaults"""
    names = [uuid] if uuid else []
    names += ["01-" + MAC.replace(":", "-")]
    names += [IP_HEX[:n] for n in range(8, 0, -1)]
    names += ["default-arm", "default"]
    return [f"{prefix}pxelinux.cfg/{n}" for n in names]


def put(root, path, text=CFG):
    f = root / path
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(text)


@pytest.mark.boards("qemu_arm64")
def test_pxe_get_order(ember_spawn, tmp_path):
    """pxelinux's order, each found file the end of the search"""
    ember = spawn(ember_spawn, tmp_path)
    assert ember.run_ok("printenv pxeuuid") == f"pxeuuid={UUID}"
    every = candidates()
    # Nothing there: every candidate once, in order, then the failure
    out = ember.run_fail("pxe get", timeout=60)
    assert tried(out) == every, out
    assert out.endswith("Config file not found"), out
    # Each candidate in turn is where the search stops
    for i, path in enumerate(every):
        put(tmp_path, path, f"# {path}\n" + CFG)
        out = ember.run_ok("pxe get", timeout=60)
        assert tried(out) == every[:i + 1], out
        assert out.endswith(f"Config file '{path}' found"), out
        # The file, with a NUL after it, is at pxefile_addr_r
        size = int(ember.run_ok("printenv filesize").split("=")[1], 16)
        assert size == len(f"# {path}\n" + CFG)
        (tmp_path / path).unlink()
    # Without a UUID: U-Boot's line, then the rest
    ember.run_ok("setenv pxeuuid")
    out = ember.run_fail("pxe get", timeout=60)
    assert out.startswith("missing environment variable: pxeuuid\n"), out
    assert tried(out) == candidates(uuid=None), out
    # The UUID comes first when there is one
    uuid = "12345678-9abc-def0-1234-56789abcdef0"     # one set by hand
    put(tmp_path, f"pxelinux.cfg/{uuid}")
    put(tmp_path, "pxelinux.cfg/default")
    ember.run_ok(f"setenv pxeuuid {uuid}")
    out = ember.run_ok("pxe get", timeout=60)
    assert tried(out) == [f"pxelinux.cfg/{uuid}"], out
    # Option 209's file comes before all
    put(tmp_path, "boot.cfg")
    ember.run_ok("setenv pxelinux_configfile boot.cfg")
    out = ember.run_ok("pxe get", timeout=60)
    assert tried(out) == ["boot.cfg"], out
    assert out.endswith("Config file 'boot.cfg' found"), out


@pytest.mark.boards("qemu_arm64")
def test_pxe_get_bootdir(ember_spawn, tmp_path):
    """Paths start from $bootfile's directory, or $pxelinux_pathprefix
    (option 210) when set"""
    ember = spawn(ember_spawn, tmp_path)
    put(tmp_path, "boot/pxelinux.cfg/default")
    put(tmp_path, "other/pxelinux.cfg/default-arm")
    ember.run_ok("setenv bootfile boot/Image")
    out = ember.run_ok("pxe get", timeout=60)
    assert tried(out) == candidates("boot/"), out
    ember.run_ok("setenv pxelinux_pathprefix other/")
    out = ember.run_ok("pxe get", timeout=60)
    assert tried(out) == candidates("other/")[:-1], out
    assert out.endswith("Config file 'other/pxelinux.cfg/default-arm' "
                        "found"), out


@pytest.mark.boards("qemu_arm64")
def test_pxe_usage_and_errors(ember_spawn, tmp_path):
    ember = spawn(ember_spawn, tmp_path)
    for bad in ("pxe", "pxe get x", "pxe boot 1 2", "pxe nothing"):
        out = ember.run_fail(bad)
        assert "pxe boot [pxefile_addr_r] - boot from the pxe file" in out
    ember.run_ok("setenv pxefile_addr_r")
    out = ember.run_fail("pxe get")
    assert out == "missing environment variable: pxefile_addr_r", out
    # A name that cannot be passed to tftpboot as one word
    ember.run_ok("setenv pxefile_addr_r 0x40300000")
    ember.run_ok("setenv pxelinux_configfile \"it's\"")
    out = ember.run_fail("pxe get", timeout=60)
    assert "pxe: refusing a file name with quotes or control characters" \
        in out, out
    # 'pxe boot' of memory holding no end within the bound
    ember.run_ok("mw.b 0x41000000 0x41 0x11000")
    out = ember.run_fail("pxe boot 0x41000000")
    assert re.fullmatch(r"pxe: no end to the configuration at 41000000 in "
                        r"\d+ bytes \('pxe get' ends it\)", out), out


@pytest.mark.boards("qemu_arm64")
def test_pxe_boot_linux(ember_spawn, tftp_dir, tmp_path):  # noqa: F811
    """A pxelinux.cfg with a menu: its default label fails (no such
    kernel), U-Boot's message, then the next boots Debian's kernel with
    the initrd, the command line and ipappend's additions, seeded"""
    for name in ("Image", "initrd.img"):
        shutil.copy(tftp_dir / name, tmp_path / name)
    put(tmp_path, "pxelinux.cfg/default", f"""menu title PXE test
timeout 1
default broken
label broken
  menu label a kernel that is not there
  kernel nothing/Image
label linux
  kernel Image
  initrd initrd.img
  append {BOOTARGS}
  ipappend 3
""")
    ember = spawn(ember_spawn, tmp_path, "virtio-rng-device")
    ember.run_ok("pxe get", timeout=60)
    env = dict(line.split("=", 1) for line in ember.run_ok(
        "printenv ipaddr serverip netmask").splitlines())
    assert ember.run_fail("printenv gatewayip") == \
        "## Error: \"gatewayip\" not defined"   # restrict=on: no router
    out = ember.run_until_exit("pxe boot", timeout=BOOT_TIMEOUT)
    assert "1:\ta kernel that is not there\n" in out, out
    assert "Skipping broken for failure retrieving kernel\n" in out, out
    assert "2:\tlinux\n" in out, out
    extra = (f" ip={env['ipaddr']}:{env['serverip']}::{env['netmask']}"
             f" BOOTIF=01-{MAC.replace(':', '-')}")
    assert f"append: {BOOTARGS}{extra}\n" in out, out
    assert f"CMDLINE: {BOOTARGS}{extra}\n" in out.replace("\r", ""), out
    assert re.search(r"DMESG: \[\s*0\.0+\] random: crng init done", out), out
    assert "CHOSEN: linux,initrd-start 8" in out, out
    assert "INIT: done" in out, out


def linux_tree(tftp_dir, root):  # noqa: F811
    """Debian's kernel and the initramfs in @root, and a
    pxelinux.cfg/default booting them"""
    for name in ("Image", "initrd.img"):
        shutil.copy(tftp_dir / name, root / name)
    put(root, "pxelinux.cfg/default", f"""label linux
  kernel Image
  initrd initrd.img
  append {BOOTARGS}
""")


@pytest.mark.boards("qemu_arm64")
def test_bootcmd_pxe_first(ember_spawn, tftp_dir, tmp_path):  # noqa: F811
    """The default bootcmd's network step: PXE when there is a
    pxelinux.cfg, before the plain boot file (which is not there)"""
    linux_tree(tftp_dir, tmp_path)
    shutil.move(tmp_path / "Image", tmp_path / "vmlinuz")
    (tmp_path / "pxelinux.cfg/default").write_text(
        (tmp_path / "pxelinux.cfg/default").read_text()
        .replace("kernel Image", "kernel vmlinuz"))
    ember = spawn(ember_spawn, tmp_path, "virtio-rng-device")
    out = ember.run_until_exit("run bootcmd", timeout=BOOT_TIMEOUT)
    assert "Config file 'pxelinux.cfg/default' found\n" in out, out
    assert f"CMDLINE: {BOOTARGS}\n" in out.replace("\r", ""), out
    assert "INIT: done" in out, out


@pytest.mark.boards("qemu_arm64")
def test_bootcmd_pxe_falls_back(ember_spawn, tmp_path):
    """No pxelinux.cfg: one line says so, then the plain boot file"""
    ember = spawn(ember_spawn, tmp_path)
    out = ember.run_fail("run bootcmd", timeout=120)
    assert "Config file not found\n" \
        "No PXE configuration: trying the boot file Image\n" in out, out
    assert "Filename 'Image'." in out, out


@pytest.fixture
def pxe_lab(tmp_path):
    """The lab, dnsmasq giving a PXE client (architecture 22, class
    PXEClient) option 209's file and option 210's prefix; set up before
    the console, so torn down after QEMU ends"""
    lab = make_lab(tmp_path / "tftp", dhcp_args=[
        "--dhcp-match=set:arm64,option:client-arch,22",
        "--dhcp-vendorclass=set:pxe,PXEClient",
        "--dhcp-option=tag:arm64,tag:pxe,209,pxelinux.cfg/arm64",
        "--dhcp-option=tag:arm64,tag:pxe,210,ember/"])
    yield lab
    lab.down()


@pytest.mark.boards("qemu_arm64")
def test_pxe_lab_dhcp_options(pxe_lab, ember_spawn, tftp_dir,  # noqa: F811
                              tmp_path):
    """dnsmasq's options 209 and 210, atftpd's tree: the default bootcmd
    boots Debian's kernel through them, seeded, with no plain boot file
    to fall back on"""
    root = tmp_path / "tftp"
    (root / "ember").mkdir(parents=True, exist_ok=True)
    for name in ("Image", "initrd.img"):
        shutil.copy(tftp_dir / name, root / "ember" / name)
    put(root, "ember/pxelinux.cfg/arm64", f"""menu title from option 209
label linux
  kernel Image
  initrd initrd.img
  append {BOOTARGS}
""")
    ember = ember_spawn(pxe_lab.qemu_netdev() + [
        "-device", "virtio-net-device,netdev=n0",
        "-device", "virtio-rng-device", "-M", "virt,dtb-randomness=off"],
        prefix=pxe_lab.exec_prefix())
    ember.run_ok("setenv bootfile nothing-here")
    out = ember.run_until_exit("run bootcmd", timeout=BOOT_TIMEOUT)
    assert "Retrieving file: ember/pxelinux.cfg/arm64\n" in out, out
    assert "Config file 'ember/pxelinux.cfg/arm64' found\n" in out, out
    assert "Retrieving file: ember/Image\n" in out, out
    assert f"CMDLINE: {BOOTARGS}\n" in out.replace("\r", ""), out
    assert re.search(r"DMESG: \[\s*0\.0+\] random: crng init done",
                     out), out
    assert "INIT: done" in out, out


@pytest.mark.boards("qemu_arm64")
def test_bootflow_pxe(ember_spawn, tftp_dir, tmp_path):  # noqa: F811
    """Standard boot's pxe bootmeth: the scan finds the pxelinux.cfg on
    the interface; booted later, it configures the interface by DHCP again
    (serverip spoiled in between) and boots Linux, seeded"""
    linux_tree(tftp_dir, tmp_path)
    ember = spawn(ember_spawn, tmp_path, "virtio-rng-device")
    out = ember.run_ok("bootflow scan -l", timeout=60)
    assert re.search(r"^\s+0  pxe\s+ready\s+ethernet\s+0  virtio-net#\d+"
                     r"\.bootdev\.0\s+pxelinux\.cfg/default\r?$", out, re.M), out
    assert "(1 bootflow, 1 valid)" in out, out
    ember.run_ok("setenv serverip 192.0.2.1; bootflow select 0")
    out = ember.run_until_exit("bootflow boot", timeout=BOOT_TIMEOUT)
    assert re.search(r"\*\* Booting bootflow 'virtio-net#\d+\.bootdev\.0' "
                     r"with pxe", out), out
    assert "DHCP client bound to address" in out, out
    assert f"CMDLINE: {BOOTARGS}\n" in out.replace("\r", ""), out
    assert re.search(r"DMESG: \[\s*0\.0+\] random: crng init done", out), out
    assert "INIT: done" in out, out
