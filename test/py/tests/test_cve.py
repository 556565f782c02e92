# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Regression tests named after the CVE classes that hit U-Boot's and
other firmware's network stacks and loaders, each tried against Ember the
same way (the sandbox, plain and with AddressSanitizer: an over-read or
overflow there is a sanitizer report, which fails the test)."""

import struct

import pytest

from netpeer import Peer, checksum
from tests.test_net import env_value, payload, peer, tftp_ok  # noqa: F401

OUR_MAC = bytes.fromhex("525400abcdef")


def ip_frame(peer, proto, body, ident=1, frag=0, total=None,
             src="192.168.7.1"):
    """A raw IPv4 frame to the client; @total overrides the length field"""
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total or 20 + len(body),
                      ident, frag, 64, proto, 0, bytes(map(int, src.split("."))),
                      bytes([192, 168, 7, 50]))
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return OUR_MAC + peer.mac + b"\x08\x00" + hdr + body


def inject(ember, peer, frames):
    """Send @frames, let a ping handle them; the interface must survive"""
    assert ember.run_ok("ping 192.168.7.1") == "host 192.168.7.1 is alive"
    for f in frames:
        peer.sock.sendto(f, peer.remote)
    assert ember.run_ok("ping 192.168.7.1") == "host 192.168.7.1 is alive"
    assert ember.run_ok("ping 192.168.7.1") == "host 192.168.7.1 is alive"


@pytest.mark.boards("sandbox")
def test_cve_2018_18439_load_over_the_loader(ember, peer, layout):
    """CVE-2018-18439/18440: a load that runs over the loader itself. A
    TFTP load aimed at Ember's own memory is refused before any byte is
    written, with tsize and without."""
    addr = layout.reloc_addr - 0x1000
    out = ember.run_fail(f"tftpboot {addr:x} boot.bin", timeout=30)
    assert "would overwrite Ember's" in out, out
    peer.ignore_options = True
    out = ember.run_fail(f"tftpboot {addr:x} boot.bin", timeout=30)
    assert "would overwrite Ember's" in out, out
    assert "Bytes transferred" not in out
    assert ember.run_ok("echo alive") == "alive"


@pytest.mark.boards("sandbox")
def test_cve_2019_14192_udp_length_lies(ember, peer):
    """CVE-2019-14192..14204 (NFS and network length overflows): a UDP
    length beyond its datagram, an IP length beyond its frame, and DHCP
    options running past the message are dropped without a read past the
    frame."""
    big_udp = struct.pack("!HHHH", 67, 68, 1400, 0) + b"\x02" * 40
    frames = [ip_frame(peer, 17, big_udp),
              ip_frame(peer, 17, big_udp, total=1500),
              ip_frame(peer, 17, struct.pack("!HHHH", 69, 50000, 4, 0))]
    inject(ember, peer, frames)


@pytest.mark.boards("sandbox")
def test_cve_2022_30790_fragment_holes(ember, peer):
    """CVE-2022-30790 and CVE-2022-30552 (IP defragmentation: overlapping
    pieces, offsets past the end): the datagram is dropped, nothing is
    written outside the reassembly buffer, the interface works."""
    udp = struct.pack("!HHHH", 40000, 68, 8 + 64, 0) + bytes(64)
    frames = [
        # overlapping pieces
        ip_frame(peer, 17, udp[:40], ident=5, frag=0x2000),
        ip_frame(peer, 17, udp[16:], ident=5, frag=2),
        # a piece at the very end of the 16-bit offset space
        ip_frame(peer, 17, bytes(64), ident=6, frag=0x2000 | 0x1fff),
        ip_frame(peer, 17, bytes(64), ident=6, frag=0x1fff),
        # a last piece that ends before what came already
        ip_frame(peer, 17, bytes(64), ident=7, frag=0x2000 | 100),
        ip_frame(peer, 17, bytes(8), ident=7, frag=1),
    ]
    inject(ember, peer, frames)


@pytest.mark.boards("sandbox")
def test_cve_2024_42040_short_bootp(ember, peer):
    """CVE-2024-42040 (a BOOTP reply shorter than its fixed part read
    past the packet): short and cut DHCP replies are ignored, and DHCP
    still binds from the good one."""
    ember.run_ok("setenv ipaddr")

    def short_replies(m):
        for cut in (20, 100, 235, 239, 241):
            body = bytes([2, 1, 6, 0]) + m[4:8] + bytes(cut - 8)
            peer.send_udp("255.255.255.255", 67, 68, body[:cut],
                          b"\xff" * 6)
    real = peer._dhcp

    def dhcp(m):
        if len(m) >= 240 and m[0] == 1:
            short_replies(m)
        real(m)
    peer._dhcp = dhcp
    out = ember.run_ok("dhcp", timeout=30)
    assert "DHCP client bound to address 192.168.7.50" in out, out


@pytest.mark.boards("sandbox")
def test_cve_2023_45236_ids_unpredictable(ember, peer):
    """CVE-2023-45236/45237 (PixieFail: predictable TCP sequence numbers,
    DHCP and DNS IDs): DHCP transaction IDs and TFTP ports are drawn from
    the RNG-seeded generator, not from the MAC address or a counter."""
    xids, ports = [], []
    for _ in range(10):
        ember.run_ok("setenv ipaddr")
        ember.run_ok("dhcp", timeout=30)
    for _, _, xid in peer.dhcp_times:
        if xid not in xids:
            xids.append(xid)
    assert len(xids) == 10, xids
    # MAC-derived bits XORed away, a clock or counter would still rise
    # run by run; ten random values do so once in 1.8 million tries
    vals = [int.from_bytes(x, "big") ^ 0x00abcdef for x in xids]
    assert vals != sorted(vals) and vals != sorted(vals, reverse=True), vals
    ember.run_ok("setenv ipaddr 192.168.7.50; setenv serverip 192.168.7.1")
    for _ in range(4):
        n = len([e for e in peer.log if e[0] == "rrq"])
        tftp_ok(ember, peer, "exact.bin", 0x44000000)
        ports.append([e for e in peer.log if e[0] == "rrq"][n][1])
    assert len(set(ports)) == 4, ports
