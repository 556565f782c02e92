# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Network boot against real servers in a closed lab (qemu_arm64).

The lab (netlab.py) is a network namespace with a tap device, dnsmasq
(DHCP) and atftpd (TFTP with blksize, tsize, timeout and windowsize);
QEMU runs inside it on the tap. Every file is checked byte for byte:
Ember's crc32 against Python's zlib.crc32. Skipped where the lab cannot
run (not root, no /dev/net/tun, dnsmasq or atftpd missing).
"""

import contextlib
import random
import re
import zlib

import pytest

import netlab
from ember_console import Console, ConsoleError

NICS = {
    "mmio": ["-device", "virtio-net-device,netdev=n0"],
    "pci": ["-device", "virtio-net-pci,netdev=n0,romfile=,disable-legacy=on"],
}
ADDR = 0x44000000       # room for 64 MiB below Ember's region at the top
BLKSIZES = (512, 1468, 8192, 16384)
MIB = 1 << 20

pytestmark = pytest.mark.boards("qemu_arm64")


def max_blksize(build_dir):
    """The largest block Ember asks for: what fits its reassembly buffer
    (CONFIG_NET_REASM_MAX) less the UDP and TFTP headers."""
    reasm = 65535
    with open(f"{build_dir}/.config", encoding="utf-8") as f:
        m = re.search(r"^CONFIG_NET_REASM_MAX=(\d+)", f.read(), re.M)
    if m:
        reasm = int(m.group(1))
    return min(65464, reasm - 12)


def data_of(size, seed):
    return random.Random(seed).randbytes(size)


def lab_files(maxblk):
    """{name: bytes} that every lab serves; one<B>.bin and many<B>.bin
    are 1 and 37 blocks of the size Ember uses when asked for B."""
    files = {"empty.bin": b"", "small.bin": data_of(100, 1),
             "mid.bin": data_of(3 * MIB + 17, 2),
             "big.bin": data_of(64 * MIB, 3),
             "wrap.bin": data_of(33 * MIB + 5, 4)}
    for b in BLKSIZES:
        files[f"one{b}.bin"] = data_of(min(b, maxblk), 10 + b)
        files[f"many{b}.bin"] = data_of(37 * min(b, maxblk), 20 + b)
    for w in (8, 32, 64, 128, 256):
        files[f"win{w}.bin"] = data_of(3 * w * 1468, 30 + w)
    return files


def lab_or_skip(tftp_root, **kwargs):
    why = netlab.unavailable()
    if why:
        pytest.skip(why)
    lab = netlab.Lab(tftp_root, **kwargs)
    try:
        return lab.up()
    except netlab.LabError as e:
        pytest.skip(f"network lab: {e}")


@pytest.fixture(scope="module")
def files(tmp_path_factory, target):
    root = tmp_path_factory.mktemp("tftp")
    data = lab_files(max_blksize(target.build_dir))
    for name, content in data.items():
        (root / name).write_bytes(content)
    return root, data


@pytest.fixture(scope="module")
def mlab(files):
    lab = lab_or_skip(files[0], bootfile="small.bin")
    yield lab
    lab.down()


class LabBoard:
    def __init__(self, console, nic, data, lab, maxblk):
        self.maxblk = maxblk
        self.c = console
        self.nic = nic
        self.data = data
        self.lab = lab

    def accepted(self):
        """{option: value} atftpd accepted for the last transfer."""
        log = self.lab.log("atftpd").split("Serving ")[-1]
        return dict(re.findall(r"(\w+) option -> (\d+)", log))

    def tftp(self, name, blksize=None, window=None, timeout=120):
        """Load @name with these options; check size and crc32."""
        c = self.c
        c.run_ok(f"setenv tftpblocksize {blksize or ''}; "
                 f"setenv tftpwindowsize {window or ''}")
        data = self.data[name]
        out = c.run_ok(f"tftpboot {ADDR:x} {name}", timeout=timeout)
        assert f"Bytes transferred = {len(data)} ({len(data):x} hex)" in out, \
            out[-500:]
        opts = self.accepted()
        assert opts.get("blksize") == str(min(blksize or 1468, self.maxblk)), \
            opts
        assert opts.get("windowsize", "1") == str(window or 1), opts
        if data:
            crc = c.run_ok(f"crc32 {ADDR:x} {len(data):x}", timeout=60)
            assert int(crc.split("==> ")[1], 16) == zlib.crc32(data), \
                f"{name}: crc32 mismatch"
        return out


@pytest.fixture(scope="module", params=list(NICS))
def board(request, mlab, files, target):
    """One QEMU per NIC variant in the module's lab, DHCP done once."""
    nic = request.param
    log = open(f"{target.build_dir}/test-py-netlab.log", "a",
               encoding="utf-8")
    c = Console(target.board, target.build_dir,
                mlab.qemu_netdev() + NICS[nic], logfile=log,
                name=f"{target.name}-lab-{nic}", prefix=mlab.exec_prefix())
    b = LabBoard(c, nic, files[1], mlab,
                 max_blksize(target.build_dir))
    yield b
    c.close()
    log.close()


@pytest.fixture
def lb(board, request):
    """The module's board, running, with an address from the lab."""
    c = board.c
    if c.broken or not c.is_alive():
        c.close()
        c.start()
        c.run_ok("setenv autoload no; dhcp", timeout=60)
    c.mark()
    yield board
    rep = getattr(request.node, "rep_call", None)
    try:
        c.check_transcript()
    except ConsoleError:
        c.broken = True
        raise
    if rep and rep.failed:
        c.close()


@pytest.mark.parametrize("nic", list(NICS))
def test_lab_dhcp(lab_spawn, lab, nic):
    """dnsmasq's lease, server and boot file; the boot file is loaded."""
    data = data_of(200000, 5)
    with open(f"{lab.tftp_root}/boot.bin", "wb") as f:
        f.write(data)
    c = lab_spawn(NICS[nic])
    c.run_ok("setenv ipaddr; setenv serverip; setenv bootfile")
    out = c.run_ok(f"dhcp {ADDR:x}", timeout=60)
    m = re.search(r"DHCP client bound to address 192\.168\.77\.(\d+)", out)
    assert m and 50 <= int(m.group(1)) <= 99, out
    env = c.run_ok("printenv serverip bootfile netmask")
    assert env.splitlines() == ["serverip=192.168.77.1", "bootfile=boot.bin",
                                "netmask=255.255.255.0"]
    assert "Bytes transferred = 200000 (30d40 hex)" in out
    crc = c.run_ok(f"crc32 {ADDR:x} 30d40")
    assert int(crc.split("==> ")[1], 16) == zlib.crc32(data)
    assert c.run_ok("ping 192.168.77.1") == "host 192.168.77.1 is alive"


@pytest.mark.parametrize("blksize", [None, *BLKSIZES])
def test_lab_tftp_blksize(lb, blksize):
    """0 bytes, one short block, one full block, 37 full blocks, 3 MiB."""
    b = blksize or 1468
    for name in ("empty.bin", "small.bin", f"one{b}.bin", f"many{b}.bin",
                 "mid.bin"):
        lb.tftp(name, blksize)


@pytest.mark.parametrize("blksize,window", [
    (1468, 1), (1468, 8), (1468, 32), (1468, 64), (1468, 128), (1468, 256),
    (8192, 32), (16384, 64)])
def test_lab_tftp_window(lb, blksize, window):
    """Windows up to 256, past the 128 receive buffers of virtio-net."""
    if window > 1 and blksize == 1468:
        lb.tftp(f"win{window}.bin", blksize, window)   # whole windows
    lb.tftp("mid.bin", blksize, window)


def test_lab_tftp_64mib(lb):
    """64 MiB: defaults on MMIO, blksize 1468 and window 32 on PCI."""
    if lb.nic == "mmio":
        lb.tftp("big.bin", timeout=300)
    else:
        lb.tftp("big.bin", 1468, 32, timeout=300)


def test_lab_tftp_wrap(lb):
    """Over 32 MiB in 512-byte blocks: block numbers wrap past 65535."""
    lb.tftp("wrap.bin", 512, 8, timeout=300)


# Packed virtqueues (VIRTIO 1.2 §2.8): modern virtio-mmio and virtio-pci,
# the NIC and an entropy device both with packed=on
RNG_OBJ = ["-object", "rng-random,filename=/dev/urandom,id=rng0"]
PACKED = {
    "mmio": ["-global", "virtio-mmio.force-legacy=false",
             "-device", "virtio-net-device,netdev=n0,packed=on",
             *RNG_OBJ, "-device", "virtio-rng-device,rng=rng0,packed=on"],
    "pci": ["-device", "virtio-net-pci,netdev=n0,romfile=,disable-legacy=on,"
            "packed=on",
            *RNG_OBJ, "-device",
            "virtio-rng-pci,rng=rng0,disable-legacy=on,packed=on"],
}


@contextlib.contextmanager
def own_lab(files, target, name, nic_args, **lab_kwargs):
    """A lab of its own (@lab_kwargs: netlab.Lab's) with one board in it,
    started: the LabBoard; all of it ended afterwards."""
    lab = lab_or_skip(files[0], **lab_kwargs)
    log = open(f"{target.build_dir}/test-py-netlab.log", "a",
               encoding="utf-8")
    c = Console(target.board, target.build_dir,
                lab.qemu_netdev() + nic_args, logfile=log,
                name=f"{target.name}-{name}", prefix=lab.exec_prefix())
    try:
        c.start()
        yield LabBoard(c, name, files[1], lab, max_blksize(target.build_dir))
    finally:
        c.close()
        log.close()
        lab.down()


@pytest.mark.parametrize("nic", list(PACKED))
def test_lab_packed(files, target, nic):
    """Packed rings: DHCP, 64 MiB byte-exact over TFTP, entropy; 'virtio
    info' shows every queue packed."""
    with own_lab(files, target, f"packed-{nic}", PACKED[nic],
                 bootfile="small.bin") as b:
        c = b.c
        out = c.run_ok(f"dhcp {ADDR:x}", timeout=60)
        assert "DHCP client bound to address 192.168.77." in out, out
        assert "Bytes transferred = 100 (64 hex)" in out, out
        b.tftp("big.bin", 1468, 32, timeout=300)
        rng = c.run_ok("rng 0 100")
        assert len(re.findall(r"^[0-9a-f]{8}:", rng, re.M)) == 16, rng
        for dev in ("network card", "entropy source"):
            row = re.search(rf"^\s*(\d+) .* {dev} ", c.run_ok("virtio info"),
                            re.M)
            assert row, dev
            info = c.run_ok(f"virtio info {row.group(1)}")
            assert "RING_PACKED" in info.split("accepted:")[1].split("\n")[0]
            queues = re.findall(r"vq \d+: (\w+),", info)
            assert queues and set(queues) == {"packed"}, info
            assert "broken" not in info


@pytest.mark.parametrize("nic", list(NICS))
def test_lab_tftp_jumbo(files, target, nic):
    """A jumbo-frame network (MTU 9000): 8968-byte blocks arrive whole,
    32768-byte blocks in four fragments of up to 9000 bytes."""
    with own_lab(files, target, f"jumbo-{nic}", NICS[nic], mtu=9000) as b:
        b.c.run_ok("setenv autoload no; dhcp", timeout=60)
        b.tftp("mid.bin", 8968, 32)
        b.tftp("big.bin", 32768, 32, timeout=300)


def test_lab_tftp_wrap_window64(lb):
    """The same with window 64."""
    lb.tftp("wrap.bin", 512, 64, timeout=300)
