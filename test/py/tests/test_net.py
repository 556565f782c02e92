# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Network: 'net list', ping, dhcp and tftpboot.

On sandbox the peer (netpeer.py) exchanges frames with the network model
over UDP on 127.0.0.1 ('sbnet peer <port>'). On qemu_arm64 the same peer
serves QEMU's '-netdev dgram', and QEMU's own user network (restricted,
with its TFTP server) is tested too.
"""

import random
import re
import socket
import struct
import time
import zlib

import pytest

from netpeer import Peer, checksum


def payload(size, seed=1):
    out = bytearray()
    x = seed
    while len(out) < size:
        x = (x * 6364136223846793005 + 1442695040888963407) & (2**64 - 1)
        out += x.to_bytes(8, "little")
    return bytes(out[:size])


def crc_of(ember, addr, size):
    out = ember.run_ok(f"crc32 {addr:x} {size:x}")
    return int(out.split("==> ")[1], 16)


def env_value(ember, name):
    out = ember.run_ok(f"printenv {name}")
    return out.split("=", 1)[1]


@pytest.fixture
def peer(ember):
    p = Peer(files={"boot.bin": payload(200000),
                    "exact.bin": payload(1024 * 4, 2),
                    "empty.bin": b""}).start()
    ember.run_ok(f"sbnet peer {p.port}")
    ember.run_ok("setenv ipaddr 192.168.7.50; setenv netmask 255.255.255.0;"
                 " setenv serverip 192.168.7.1; setenv autoload no;"
                 " setenv tftpblocksize; setenv tftpwindowsize;"
                 " setenv tftptimeout")
    yield p
    p.stop()


# The end of a transfer, in U-Boot's shape: the rate, done, the size
END_RE = re.compile(r"\n\t [\d.]+ (?:Bytes|KiB|MiB|GiB)/s\ndone\n"
                    r"Bytes transferred = (\d+) \(([0-9a-f]+) hex\)")


def tftp_ok(ember, peer, name, addr):
    out = ember.run_ok(f"tftpboot {addr:x} {name}", timeout=60)
    data = peer.files[name]
    m = END_RE.search(out)
    assert m and m.groups() == (str(len(data)), f"{len(data):x}"), out
    assert int(env_value(ember, "filesize"), 16) == len(data)
    assert int(env_value(ember, "fileaddr"), 16) == addr
    assert crc_of(ember, addr, len(data)) == zlib.crc32(data)
    return out


@pytest.mark.boards("sandbox")
def test_net_list(ember):
    """U-Boot's 'eth<seq> : <name> <MAC> active': 'active' on the device
    in use (ethact, else the first), a space ending the other lines"""
    ember.run_ok("setenv ethact")
    assert ember.run_ok("net list") == \
        "eth0 : virtio-net#5 52:54:00:ab:cd:ef active\n" \
        "eth1 : virtio-net#6 52:54:00:ab:cd:02 "
    ember.run_ok("setenv ethact virtio-net#6")
    assert ember.run_ok("net list") == \
        "eth0 : virtio-net#5 52:54:00:ab:cd:ef \n" \
        "eth1 : virtio-net#6 52:54:00:ab:cd:02 active"
    ember.run_ok("setenv ethact")


@pytest.mark.boards("qemu_arm64")
def test_net_none(ember):
    """The default board has no NIC (-nic none): Ember says so, where
    U-Boot's 'net list' prints nothing (a deliberate difference)"""
    assert ember.run_ok("net list") == "No ethernet device"
    out = ember.run_fail("tftpboot 0x50000000 x")
    assert "No ethernet device" in out or "serverip" in out


@pytest.mark.boards("sandbox")
def test_net_dhcp(ember, peer):
    ember.run_ok("setenv ipaddr; setenv serverip; setenv bootfile")
    out = ember.run_ok("dhcp", timeout=30)
    # U-Boot's shape: each try numbered, the time it took
    assert out.startswith("BOOTP broadcast 1\n"), out
    assert re.search(r"^DHCP client bound to address 192\.168\.7\.50 "
                     r"\(\d+ ms\)$", out, re.M), out
    assert env_value(ember, "ipaddr") == "192.168.7.50"
    assert env_value(ember, "netmask") == "255.255.255.0"
    assert env_value(ember, "gatewayip") == "192.168.7.254"
    assert env_value(ember, "dnsip") == "192.168.7.53"
    assert env_value(ember, "serverip") == "192.168.7.1"
    assert env_value(ember, "bootfile") == "boot.bin"


@pytest.mark.boards("sandbox")
def test_net_dhcp_retries(ember, peer):
    """A lost DISCOVER and a NAK: DHCP tries again and binds."""
    ember.run_ok("setenv ipaddr")
    peer.drop_discovers = 1
    peer.nak_first = True
    out = ember.run_ok("dhcp", timeout=60)
    assert "NAK" in out
    assert "DHCP client bound to address 192.168.7.50" in out
    kinds = [k for what, k in peer.log if what == "dhcp"]
    assert kinds.count(1) >= 3 and kinds.count(3) == 2


@pytest.mark.boards("sandbox")
def test_net_dhcp_autoload(ember, peer, layout):
    a = layout.scratch(0x100000)
    ember.run_ok("setenv autoload")
    out = ember.run_ok(f"dhcp {a:x}", timeout=60)
    assert "Bytes transferred = 200000" in out
    assert crc_of(ember, a, 200000) == zlib.crc32(peer.files["boot.bin"])


@pytest.mark.boards("sandbox")
def test_net_ping(ember, peer):
    assert ember.run_ok("ping 192.168.7.1") == "host 192.168.7.1 is alive"
    peer.silent = True
    out = ember.run_fail("ping 192.168.7.1", timeout=20)
    assert "not alive" in out


@pytest.mark.boards("sandbox")
def test_net_tftp_options(ember, peer, layout):
    a = layout.scratch(0x100000)
    ember.run_ok("setenv tftpblocksize 1024; setenv tftpwindowsize 4")
    tftp_ok(ember, peer, "boot.bin", a)
    assert peer.rrq_options["blksize"] == "1024"
    assert peer.rrq_options["windowsize"] == "4"
    assert peer.rrq_options["tsize"] == "0"
    # ACKs once per window of 4
    assert len(peer.acks) <= 200000 // 1024 // 4 + 3


@pytest.mark.boards("sandbox")
def test_net_tftp_sizes(ember, peer, layout):
    a = layout.scratch(0x100000)
    tftp_ok(ember, peer, "exact.bin", a)    # multiple of blksize: empty end
    out = ember.run_ok(f"tftpboot {a:x} empty.bin", timeout=30)
    assert "Bytes transferred = 0 (0 hex)" in out


@pytest.mark.boards("sandbox")
def test_net_tftp_no_options(ember, peer, layout):
    """A server ignoring options: 512-byte blocks, one ACK per block."""
    a = layout.scratch(0x100000)
    peer.ignore_options = True
    tftp_ok(ember, peer, "boot.bin", a)
    assert len(peer.acks) == 200000 // 512 + 1


@pytest.mark.boards("sandbox")
def test_net_tftp_faults(ember, peer, layout):
    """Lost, duplicated and stray packets do not corrupt the file."""
    a = layout.scratch(0x100000)
    ember.run_ok("setenv tftptimeout 300; setenv tftpwindowsize 4")
    peer.drop_blocks = {1, 5, 17, 100}
    peer.dup_blocks = {2, 3, 50}
    peer.stray_port = True
    out = tftp_ok(ember, peer, "boot.bin", a)
    assert "T" in out.split("Loading: ")[1]


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("window", [1, 8])
def test_net_tftp_reorder_corrupt(ember, peer, layout, window):
    """Reordered blocks and corrupted datagrams (bad UDP checksum) end in
    a correct file."""
    a = layout.scratch(0x100000)
    ember.run_ok(f"setenv tftptimeout 300; setenv tftpwindowsize {window}")
    peer.reorder_blocks = {3, 20, 60}
    peer.corrupt_blocks = {7, 33}
    tftp_ok(ember, peer, "boot.bin", a)


@pytest.mark.boards("sandbox")
def test_net_tftp_delayed_server(ember, peer, layout):
    """A server that pauses (shorter than the timeout) is waited for."""
    a = layout.scratch(0x100000)
    ember.run_ok("setenv tftptimeout 2000")
    peer.delay_blocks = {2: 0.5, 10: 0.8}
    out = tftp_ok(ember, peer, "boot.bin", a)
    assert "T" not in out.split("Loading: ")[1]


@pytest.mark.boards("sandbox")
def test_net_tftp_more_than_tsize(ember, peer, layout):
    """A server sending more than the tsize it announced is stopped."""
    a = layout.scratch(0x100000)
    peer.extra_data = b"X" * 3000
    out = ember.run_fail(f"tftpboot {a:x} boot.bin", timeout=60)
    assert "server sent more than the 200000 bytes it announced" in out
    assert peer.rrq_options["tsize"] == "0"


@pytest.mark.boards("sandbox")
def test_net_two_nics_one_down(ember, peer, layout):
    """Two NICs: the one with no link says so and fails; the other works."""
    out = ember.run_ok("net list").split("\n")
    assert out[0].startswith("eth0 : virtio-net#5 "), out
    assert out[1].startswith("eth1 : virtio-net#6 "), out
    out = ember.run_fail("setenv ethact virtio-net#6; ping 192.168.7.1")
    assert "virtio-net#6: link is down" in out
    ember.run_ok("setenv ethact virtio-net#5")
    assert ember.run_ok("ping 192.168.7.1") == "host 192.168.7.1 is alive"
    a = layout.scratch(0x100000)
    tftp_ok(ember, peer, "boot.bin", a)
    ember.run_ok("setenv ethact")


@pytest.mark.boards("sandbox")
def test_net_tftp_fragments(ember, peer, layout):
    """Blocks larger than the MTU arrive as IP fragments (in reverse)."""
    a = layout.scratch(0x100000)
    ember.run_ok("setenv tftpblocksize 8192")
    peer.fragment = 1480
    tftp_ok(ember, peer, "boot.bin", a)
    assert peer.rrq_options["blksize"] == "8192"


@pytest.mark.boards("sandbox")
def test_net_tftp_bad_oack(ember, peer, layout):
    """An OACK with an option not asked for is refused with an error."""
    a = layout.scratch()
    peer.oack_extra = b"multicast\0" b"1\0"
    out = ember.run_fail(f"tftpboot {a:x} boot.bin", timeout=30)
    # The user sees the reason the server is sent, once
    assert "TFTP: bad option acknowledgement; transfer refused" in out
    assert "TFTP failed" not in out
    assert ("tftp-op", 5) in peer.log


@pytest.mark.boards("sandbox")
def test_net_tftp_error(ember, peer, layout):
    a = layout.scratch()
    out = ember.run_fail(f"tftpboot {a:x} missing.bin", timeout=30)
    assert "TFTP error: 'File not found' (1)" in out
    peer.error = (2, "Access violation: \x01no")
    out = ember.run_fail(f"tftpboot {a:x} boot.bin", timeout=30)
    assert "TFTP error: 'Access violation: ?no' (2)" in out


@pytest.mark.boards("sandbox")
def test_net_tftp_no_room(ember, peer, layout):
    """Loads that would cross the end of RAM or Ember are refused: up
    front with tsize, at the first block that would cross without."""
    near_end = layout.ram_end - 0x10000
    out = ember.run_fail(f"tftpboot {near_end:x} boot.bin", timeout=30)
    assert "tftp" in out
    assert "Bytes transferred" not in out
    peer.ignore_options = True
    out = ember.run_fail(f"tftpboot {near_end:x} boot.bin", timeout=30)
    assert "Bytes transferred" not in out
    # Nothing beyond the end was written: RAM before it still is intact
    a = layout.scratch(0x100000)
    peer.ignore_options = False
    tftp_ok(ember, peer, "boot.bin", a)


@pytest.mark.boards("sandbox")
def test_net_tftp_timeout(ember, peer, layout):
    a = layout.scratch()
    ember.run_ok("setenv tftptimeout 100")
    peer.silent = True
    out = ember.run_fail(f"tftpboot {a:x} boot.bin", timeout=60)
    assert "ARP: no answer from 192.168.7.1" in out
    # The server answers ARP (learnt first), then goes quiet
    peer.silent = False
    ember.run_ok("ping 192.168.7.1")
    peer.files["boot.bin"] = b"x" * 100000
    peer.mute_after = 2
    out = ember.run_fail(f"tftpboot {a:x} boot.bin", timeout=60)
    assert "giving up" in out
    assert "TTTTTTTTTT" in out


# ------------------------------------------------------------------ QEMU
NIC_VARIANTS = {
    "mmio-legacy": ["-device", "virtio-net-device,netdev=n0"],
    "mmio-modern": ["-global", "virtio-mmio.force-legacy=false",
                    "-device", "virtio-net-device,netdev=n0"],
    "pci-transitional": ["-device", "virtio-net-pci,netdev=n0,romfile="],
    "pci-modern": ["-device", "virtio-net-pci,netdev=n0,romfile=,disable-legacy=on"],
    "pci-legacy": ["-device", "virtio-net-pci,netdev=n0,romfile=,disable-modern=on"],
}


def user_net(tmp_path, nic):
    return ["-netdev", f"user,id=n0,restrict=on,tftp={tmp_path}"] + \
        NIC_VARIANTS[nic]


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("nic", list(NIC_VARIANTS))
def test_net_qemu_user(ember_spawn, tmp_path, nic):
    data = payload(3 * 1024 * 1024 + 17, 3)
    (tmp_path / "kernel.bin").write_bytes(data)
    c = ember_spawn(user_net(tmp_path, nic))
    c.run_ok("setenv autoload no")
    out = c.run_ok("dhcp", timeout=60)
    assert "10.0.2.15" in out
    assert env_value(c, "serverip") == "10.0.2.2"
    out = c.run_ok("tftpboot 0x50000000 kernel.bin", timeout=120)
    assert f"Bytes transferred = {len(data)}" in out
    assert crc_of(c, 0x50000000, len(data)) == zlib.crc32(data)
    assert c.run_ok("ping 10.0.2.2") == "host 10.0.2.2 is alive"
    info = c.run_ok("virtio info")
    assert re.search(r"network card .* virtio-net +ready", info), info


@pytest.mark.boards("qemu_arm64")
def test_net_qemu_list(ember_spawn, tmp_path):
    """'net list' in U-Boot's shape, QEMU's NIC with QEMU's MAC address"""
    c = ember_spawn(user_net(tmp_path, "mmio-modern"))
    assert c.run_ok("net list") == \
        "eth0 : virtio-net#31 52:54:00:12:34:56 active"


@pytest.mark.boards("qemu_arm64")
def test_net_qemu_refuses_overwrite(ember_spawn, tmp_path):
    """A load over Ember itself or over the control DT is refused before
    any byte is written, and Ember keeps working."""
    data = payload(256 * 1024, 6)
    (tmp_path / "f.bin").write_bytes(data)
    c = ember_spawn(user_net(tmp_path, "mmio-legacy"))
    c.run_ok("setenv autoload no")
    c.run_ok("dhcp", timeout=60)
    bd = c.run_ok("bdinfo")
    reloc = int(re.search(r"relocaddr\s*= (0x[0-9a-f]+)", bd).group(1), 16)
    fdt = int(env_value(c, "fdtcontroladdr"), 16)
    out = c.run_fail(f"tftpboot {reloc:x} f.bin", timeout=60)
    assert "would overwrite Ember's code, data, heap and stack" in out
    assert "Bytes transferred" not in out
    out = c.run_fail(f"tftpboot {fdt - 0x1000:x} f.bin", timeout=60)
    assert "would overwrite" in out
    out = c.run_ok("tftpboot 0x50000000 f.bin", timeout=60)
    assert crc_of(c, 0x50000000, len(data)) == zlib.crc32(data)


@pytest.mark.boards("qemu_arm64")
def test_net_qemu_wrap(ember_spawn, tmp_path):
    # 512-byte blocks: a file over 32 MiB makes block numbers wrap
    data = payload(33 * 1024 * 1024 + 5, 5)
    (tmp_path / "big.bin").write_bytes(data)
    c = ember_spawn(user_net(tmp_path, "pci-modern"))
    c.run_ok("setenv autoload no; setenv tftpblocksize 512")
    c.run_ok("dhcp", timeout=60)
    out = c.run_ok("tftpboot 0x44000000 big.bin", timeout=300)
    assert f"Bytes transferred = {len(data)}" in out
    assert crc_of(c, 0x44000000, len(data)) == zlib.crc32(data)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dgram_board(ember_spawn, peer):
    """QEMU with virtio-net on -netdev dgram to @peer, on 127.0.0.1; the
    peer's thread starts after QEMU did (no fork while threads run)"""
    c = ember_spawn([
        "-netdev", "dgram,id=n0,local.type=inet,local.host=127.0.0.1,"
        f"local.port={free_port()},remote.type=inet,remote.host=127.0.0.1,"
        f"remote.port={peer.port}",
        "-device", "virtio-net-device,netdev=n0"])
    peer.start()
    return c


@pytest.mark.boards("qemu_arm64")
def test_net_qemu_dgram(ember_spawn):
    p = Peer(files={"boot.bin": payload(300000, 4)})
    try:
        c = dgram_board(ember_spawn, p)
        c.run_ok("setenv autoload no")
        c.run_ok("dhcp", timeout=60)
        assert env_value(c, "ipaddr") == "192.168.7.50"
        c.run_ok("setenv tftpwindowsize 8")
        out = c.run_ok("tftpboot 0x50000000 boot.bin", timeout=120)
        assert "Bytes transferred = 300000" in out
        assert crc_of(c, 0x50000000, 300000) == \
            zlib.crc32(p.files["boot.bin"])
        assert c.run_ok("ping 192.168.7.1") == "host 192.168.7.1 is alive"
    finally:
        p.stop()


@pytest.mark.boards("sandbox")
def test_net_tftp_wrap(ember, peer, layout):
    """More than 65535 blocks: the block number wraps to 0."""
    a = layout.scratch(0x200000)
    peer.files["wrap.bin"] = payload(16 * 65600 + 5, 5)
    ember.run_ok("setenv tftpblocksize 16; setenv tftpwindowsize 64")
    tftp_ok(ember, peer, "wrap.bin", a)
    assert 0 in peer.acks[5:]


@pytest.mark.boards("sandbox")
def test_net_tftp_progress(ember, peer, layout):
    """A mark per 64 KiB, 65 to a row as U-Boot's rows, then the rate
    and done: 5 MiB is a row of 65 and one of 15"""
    a = layout.scratch(0x600000)
    peer.files["five.bin"] = payload(5 << 20, 6)
    out = tftp_ok(ember, peer, "five.bin", a)
    rows = out.split("Loading: ")[1].split("\ndone\n")[0].split("\n\t ")
    assert rows[:2] == ["#" * 65, "#" * 15], out
    assert re.fullmatch(r"[\d.]+ (?:KiB|MiB|GiB)/s", rows[2]), out


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("phase", ["loading", "arp"])
def test_net_tftp_ctrlc(ember, peer, layout, phase):
    """Ctrl-C while loading, or while the server's MAC is still unknown:
    the line ends and says what stopped, so the prompt starts a line"""
    a = layout.scratch()
    if phase == "arp":
        ember.run_ok("setenv serverip 192.168.7.9")  # nobody answers ARP
    peer.mute_after = 1
    ember.send_line(f"tftpboot {a:x} boot.bin")
    ember.expect("Loading: ", timeout=10)
    ember.send("\x03")
    out = ember.expect_prompt(timeout=20)
    assert "TFTP: aborted" in out
    assert ember.last_status() == 1


@pytest.mark.boards("sandbox")
def test_net_garbage(ember, peer):
    """Random and truncated frames (IP, fragments, UDP, ARP) are dropped;
    the interface still works afterwards."""
    rnd = random.Random(7)
    assert ember.run_ok("ping 192.168.7.1") == "host 192.168.7.1 is alive"
    mac = bytes.fromhex("525400abcdef")
    for i in range(600):
        kind = rnd.choice([b"\x08\x00", b"\x08\x06"])
        body = bytearray(rnd.randbytes(rnd.randrange(0, 200)))
        if kind == b"\x08\x00" and len(body) > 20 and i % 2:
            body[0] = 0x45
            body[6] = rnd.choice([0x20, 0x00, 0x3f])    # fragments
            body[9] = rnd.choice([1, 17])
            body[12:20] = bytes([192, 168, 7, 1, 192, 168, 7, 50])
            body[10:12] = b"\0\0"
            body[10:12] = checksum(bytes(body[:20])).to_bytes(2, "big")
        peer.sock.sendto(mac + peer.mac + kind + bytes(body), peer.remote)
        if i % 100 == 99:
            ember.run("ping 192.168.7.1", timeout=20)
    assert ember.run_ok("ping 192.168.7.1") == "host 192.168.7.1 is alive"



def wait_for(cond, seconds):
    """Poll @cond every 50 ms for at most @seconds; its last value"""
    end = time.monotonic() + seconds
    while not cond() and time.monotonic() < end:
        time.sleep(0.05)
    return cond()


BAD_OFFERS = [
    [({"yiaddr": "255.255.255.255"}, "address is not a host address"),
     ({"yiaddr": "224.0.0.1"}, "address is not a host address"),
     ({"yiaddr": "127.0.0.1"}, "address is not a host address"),
     ({"yiaddr": "0.0.0.0"}, "address is not a host address"),
     ({"yiaddr": "192.168.7.60", "server_id": None}, "no server identifier")],
    [({"yiaddr": "192.168.7.255"},
      "address is its subnet's network or broadcast address"),
     ({"yiaddr": "192.168.7.0"},
      "address is its subnet's network or broadcast address"),
     ({"yiaddr": "192.168.7.61", "mask": "255.0.255.0"},
      "subnet mask is not a valid mask"),
     ({"yiaddr": "192.168.7.63", "server_id": "224.0.0.9"},
      "server identifier is not a host address")],
]


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("group", [0, 1])
def test_net_dhcp_bad_offers(ember, peer, group):
    """Offers of addresses no host may have, or naming no server, are
    ignored with their reason (RFC 2131 §4.3.1); the good offer is taken."""
    ember.run_ok("setenv ipaddr")
    peer.dhcp_decoys[1] = [d for d, _ in BAD_OFFERS[group]]
    out = ember.run_ok("dhcp", timeout=30)
    assert "DHCP client bound to address 192.168.7.50" in out
    assert env_value(ember, "ipaddr") == "192.168.7.50"
    for decoy, why in BAD_OFFERS[group]:
        assert f"DHCP: OFFER of {decoy['yiaddr']} from 192.168.7.1 " \
            f"ignored: {why}" in out, out


@pytest.mark.boards("sandbox")
def test_net_dhcp_offer_flood(ember, peer):
    """Messages that remote traffic causes are rate-limited and counted."""
    ember.run_ok("setenv ipaddr")
    peer.dhcp_decoys[1] = [{"yiaddr": "255.255.255.255"}] * 12
    out = ember.run_ok("dhcp", timeout=30)
    assert "DHCP client bound to address 192.168.7.50" in out
    assert out.count("ignored: address is not a host address") == 5, out
    assert "(7 more such messages suppressed)" in out, out


@pytest.mark.boards("sandbox")
def test_net_dhcp_ack_mismatch(ember, peer):
    """An ACK from another server, or for another address, is not taken."""
    ember.run_ok("setenv ipaddr")
    peer.dhcp_decoys[3] = [
        {"yiaddr": "192.168.7.50", "server_id": "192.168.7.99"},
        {"yiaddr": "192.168.7.62"},
    ]
    out = ember.run_ok("dhcp", timeout=30)
    assert "DHCP client bound to address 192.168.7.50" in out
    assert "DHCP: ACK of 192.168.7.50 from 192.168.7.1 ignored: from " \
        "another server than the offer" in out, out
    assert "DHCP: ACK of 192.168.7.62 from 192.168.7.1 ignored: for " \
        "another address than the offer" in out, out


@pytest.mark.boards("sandbox")
def test_net_icmp_bad_sources(ember, peer, layout):
    """Echo requests from addresses no host has are not answered
    (RFC 1122 §3.2.1.3); a good one is. A flood of off-link requests
    prints a few lines and a count, not one line each."""
    a = layout.scratch()
    ember.run_ok("setenv tftptimeout 5000; setenv gatewayip")
    peer.mute_after = 1
    ember.send_line(f"tftpboot {a:x} boot.bin")
    ember.expect("Loading: ", timeout=10)
    # The transfer has begun: the peer knows where the client is
    assert wait_for(lambda: peer._tftp is not None, 10)
    bad = ["255.255.255.255", "224.0.0.1", "127.0.0.1", "0.0.0.0",
           "192.168.7.255", "240.0.0.1"]
    for i, src in enumerate(bad):
        peer.send_echo(src, 100 + i)
    for i in range(200):
        peer.send_echo(f"10.9.{i // 250}.{i % 250 + 1}", 1000 + i)
    peer.send_echo("192.168.7.1", 7)

    def replies():
        return [e for e in peer.log if e[0] == "echo-reply"]
    assert wait_for(lambda: replies(), 10)
    time.sleep(0.3)
    ember.send("\x03")
    out = ember.expect_prompt(timeout=20)
    assert replies() == [("echo-reply", "192.168.7.1", 7)], replies()
    lines = out.count("is off-link and 'gatewayip' is not set")
    assert 1 <= lines <= 15, out
    assert re.search(r"\(\d+ more such messages suppressed\)", out), out


@pytest.mark.boards("sandbox")
def test_net_tftp_strangers(ember, peer, layout):
    """ARP requests and echo requests from more hosts than the ARP cache
    holds, in the middle of a transfer, leave the server's entry alone:
    the ACK sent while the next block is received (where ARP cannot be
    waited for) still finds it, and the transfer ends whole. Each echo is
    answered."""
    a = layout.scratch()
    ember.run_ok("setenv tftptimeout 5000")
    peer.mute_after = 1
    ember.send_line(f"tftpboot {a:x} boot.bin")
    ember.expect("Loading: ", timeout=10)
    assert wait_for(lambda: 1 in peer.acks, 10)
    for i in range(16):
        peer.send_arp_request(f"192.168.7.{100 + i}",
                              bytes([2, 0xaa, 0, 0, 0, 100 + i]))
        peer.send_echo(f"192.168.7.{150 + i}", 2000 + i)

    def replies():
        return sorted(e[2] for e in peer.log if e[0] == "echo-reply")
    assert wait_for(lambda: len(replies()) >= 16, 10), replies()
    assert replies() == list(range(2000, 2016))
    peer.mute_after = None
    out = ember.expect_prompt(timeout=60)
    data = peer.files["boot.bin"]
    m = END_RE.search(out)
    assert m and m.group(1) == str(len(data)), out
    assert crc_of(ember, a, len(data)) == zlib.crc32(data)


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("stall", ["repeat", "future", "junk"])
def test_net_tftp_no_progress(ember, peer, layout, stall):
    """A server that keeps sending, but nothing new, runs out of tries:
    only accepted data restarts the wait."""
    a = layout.scratch()
    ember.run_ok("setenv tftptimeout 300")
    peer.stall = stall
    peer.stall_after = 2
    start = time.monotonic()
    out = ember.run_fail(f"tftpboot {a:x} boot.bin", timeout=60)
    took = time.monotonic() - start
    assert "TFTP: no new data from the server, giving up" in out, out
    assert took < 30, took


@pytest.mark.boards("sandbox")
def test_net_tftp_stray_tid(ember, peer, layout):
    """A DATA packet from another port is answered with ERROR 5 (RFC 1350
    §4) and changes nothing."""
    a = layout.scratch(0x100000)
    peer.stray_port = True
    tftp_ok(ember, peer, "boot.bin", a)
    port = peer._tftp["port"] + 1
    errors = [e for e in peer.log if e[0] == "udp" and e[2] == port]
    assert errors, peer.log[-5:]
    assert errors[0][3] == struct.pack("!HH", 5, 5) + b"Unknown transfer ID\0"


@pytest.mark.boards("sandbox")
def test_net_datagram_teaches_no_arp(ember, peer, layout):
    """A datagram (stale, or forged with any MAC) does not fill the ARP
    cache: only ARP does, so a server that does not answer ARP is not
    sent to."""
    a = layout.scratch()
    ember.run_ok("ping 192.168.7.1")        # the peer learns where we are
    peer.silent = True
    peer.send_udp(peer.client_ip, 40000, 40001, b"stale", dst_mac=None)
    out = ember.run_fail(f"tftpboot {a:x} boot.bin", timeout=60)
    assert "ARP: no answer from 192.168.7.1" in out, out


def interrupt(ember, cmd, ready, seconds=10):
    """Run @cmd, wait until it is @ready (text it prints, or a condition;
    bounded), press Ctrl-C: the output and how long the prompt took"""
    ember.send_line(cmd)
    if isinstance(ready, str):
        ember.expect(re.escape(ready), timeout=seconds)
    else:
        assert wait_for(ready, seconds), cmd
    start = time.monotonic()
    ember.send("\x03")
    out = ember.expect_prompt(timeout=10)
    took = time.monotonic() - start
    assert ember.last_status() == 1, out
    return out, took


def ctrlc_every_phase(ember, peer, a, rounds, others):
    """Interrupt @rounds transfers in each TFTP phase and @others of each
    other wait; each must end its line, say what it stopped and give the
    prompt back. The worst latency of each phase, in seconds."""
    worst = {}

    def count(kind):
        return sum(1 for e in peer.log if e[0] == kind)

    phases = {
        # serverip nobody answers ARP for
        "arp": (f"tftpboot {a:x} 192.168.7.9:boot.bin", "TFTP: aborted",
                lambda n: "Loading: "),
        # the request went out, nothing comes back
        "request": (f"tftpboot {a:x} boot.bin", "TFTP: aborted",
                    lambda n: lambda: count("rrq") > n),
        # one block came, then nothing
        "loading": (f"tftpboot {a:x} boot.bin", "TFTP: aborted",
                    lambda n: lambda: count("rrq") > n and
                    peer._tftp is not None and len(peer._tftp["sent"]) > 0),
        "dhcp": ("dhcp", "DHCP: aborted",
                 lambda n: lambda: count("dhcp") > n),
        # the echo request went out: ping itself is waiting (a Ctrl-C
        # typed before it starts stops the line first, as '<INTERRUPT>')
        "ping": ("ping 192.168.7.1", "ping: aborted",
                 lambda n: lambda: count("echo-request") > n),
        "sleep": ("sleep 20", "<INTERRUPT>", lambda n: "\n"),
    }
    ember.run_ok("setenv tftptimeout 5000; setenv autoload no")
    for phase, (cmd, said, ready) in phases.items():
        peer.ignore_rrq = phase == "request"
        peer.mute_after = 1 if phase == "loading" else None
        peer.drop_discovers = 10 ** 6 if phase == "dhcp" else 0
        peer.ignore_echo = phase == "ping"
        n = rounds if phase in ("arp", "request", "loading") else others
        for _ in range(n):
            before = count({"dhcp": "dhcp", "ping": "echo-request"}.get(
                phase, "rrq"))
            peer._tftp = None
            out, took = interrupt(ember, cmd, ready(before))
            assert out.rstrip().endswith(said), (phase, out)
            worst[phase] = max(worst.get(phase, 0), took)
    peer.drop_discovers = 0
    peer.ignore_rrq = peer.ignore_echo = False
    peer.mute_after = None
    print("worst Ctrl-C latency (s):",
          {k: round(v, 3) for k, v in worst.items()})
    return worst


@pytest.mark.boards("sandbox")
def test_net_ctrlc_every_phase(ember, peer, layout):
    """Ctrl-C stops every network wait - ARP, the TFTP request, loading,
    DHCP, ping - and sleep, many times over: 200 transfers in each TFTP
    phase, within a second each."""
    rounds = 200 if ember.name == "sandbox" else 20   # ASan: fewer
    worst = ctrlc_every_phase(ember, peer, layout.scratch(), rounds, 20)
    assert max(worst.values()) < 1.0, worst


@pytest.mark.boards("qemu_arm64")
def test_net_qemu_ctrlc_every_phase(ember_spawn):
    """The same on QEMU (virtio-net over -netdev dgram to the peer), 30
    transfers in each TFTP phase: within a second each."""
    p = Peer(files={"boot.bin": payload(300000, 4)})
    try:
        c = dgram_board(ember_spawn, p)
        c.run_ok("setenv ipaddr 192.168.7.50; setenv netmask 255.255.255.0;"
                 " setenv serverip 192.168.7.1")
        assert c.run_ok("ping 192.168.7.1") == "host 192.168.7.1 is alive"
        worst = ctrlc_every_phase(c, p, 0x50000000, 30, 10)
        assert max(worst.values()) < 1.0, worst
    finally:
        p.stop()


@pytest.mark.boards("sandbox")
def test_net_dhcp_backoff(ember, peer):
    """DISCOVERs are retransmitted with RFC 2131 §4.1's randomised
    exponential back-off (here 1, 2, 4 s, each moved by up to half), and
    each DHCP run draws a new random transaction ID."""
    ember.run_ok("setenv ipaddr")
    peer.drop_discovers = 3
    out = ember.run_ok("dhcp", timeout=60)
    assert "DHCP client bound to address 192.168.7.50" in out
    times = [t for kind, t, _ in peer.dhcp_times if kind == 1]
    assert len(times) == 4, peer.dhcp_times
    gaps = [b - a for a, b in zip(times, times[1:])]
    for gap, base in zip(gaps, [1, 2, 4]):
        assert 0.5 * base - 0.1 <= gap <= 1.5 * base + 0.3, gaps
    ratios = {round(g / b, 2) for g, b in zip(gaps, [1, 2, 4])}
    assert len(ratios) > 1, gaps        # not the same fixed schedule
    ember.run_ok("setenv ipaddr")
    ember.run_ok("dhcp", timeout=60)
    xids = {x for _, _, x in peer.dhcp_times}
    assert len(xids) == 2, xids


@pytest.mark.boards("sandbox")
def test_net_tftp_flood_of_nothing(ember, peer, layout):
    """A server that floods packets bringing nothing new is cut off after
    a bounded number, long before its timeouts would end it."""
    a = layout.scratch()
    ember.run_ok("setenv tftptimeout 10000")
    peer.stall = "repeat"
    peer.stall_after = 2
    peer.stall_burst = 300
    start = time.monotonic()
    out = ember.run_fail(f"tftpboot {a:x} boot.bin", timeout=60)
    assert "TFTP: too many packets with nothing new; transfer refused" \
        in out, out
    assert time.monotonic() - start < 10
