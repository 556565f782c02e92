# SPDX-License-Identifier: Apache-2.0 OR MIT
"""DHCP as network boot uses it (doc/usage/net.md, "DHCP options").

What a PXE or HTTP boot server sees in Ember's DISCOVER and REQUEST
(options 93, 94, 97, 60 and the parameter request list 55), as the
environment ('bootp_arch', 'bootp_vci', 'bootp_http', 'pxeuuid') asks;
what Ember takes from the replies (209 and 210 into 'pxelinux_configfile'
and 'pxelinux_pathprefix', 67 against the BOOTP 'file' field, option
overload); and the one warning per boot that transaction IDs and ports are
predictable without an RNG device.

On sandbox the server is the Python peer (netpeer.py) behind the network
model; on qemu_arm64 the same peer behind '-netdev dgram', and dnsmasq in
the closed network lab (netlab.py), which hands out 209 and 210 only to a
client whose DISCOVER says architecture 22 and class PXEClient.
"""

import socket

import pytest

import netlab
from ember_console import Console
from netpeer import Peer

CLIENT_VARS = ("bootp_arch", "bootp_vci", "bootp_http", "pxeuuid")
PXE_VARS = ("pxelinux_configfile", "pxelinux_pathprefix")
# The sandbox's first NIC is 52:54:00:ab:cd:ef: its UUID without 'pxeuuid'
SANDBOX_UUID = "454d4252-0000-8000-8000-525400abcdef"
PXE_CLASS = b"PXEClient:Arch:00022:UNDI:003016"
HTTP_CLASS = b"HTTPClient:Arch:00024:UNDI:003016"
NO_RNG = "Warning: no RNG device: DHCP and DNS IDs, ports and TCP " \
    "sequence numbers are predictable"


def clear(ember, names):
    ember.run_ok("; ".join(f"setenv {n}" for n in names))


def env_or_none(ember, name):
    out, status = ember.run(f"printenv {name}")
    return out.split("=", 1)[1] if status == 0 else None


@pytest.fixture
def peer(ember):
    """The Python peer behind the sandbox's network model; the client's
    variables cleared before and after, so no other test sees them"""
    p = Peer(files={"boot.bin": b"ember" * 100}).start()
    ember.run_ok(f"sbnet peer {p.port}")
    ember.run_ok("setenv ipaddr; setenv autoload no")
    clear(ember, CLIENT_VARS + PXE_VARS)
    yield p
    p.stop()
    clear(ember, CLIENT_VARS + PXE_VARS)


def sent(peer, kind):
    """The options of the last DHCP message of @kind (1 DISCOVER, 3
    REQUEST) the peer received"""
    got = [opts for k, opts in peer.dhcp_requests if k == kind]
    assert got, peer.dhcp_requests
    return got[-1]


def dhcp(ember, peer):
    peer.dhcp_requests.clear()
    out = ember.run_ok("dhcp", timeout=30)
    assert "DHCP client bound to address 192.168.7.50" in out, out
    return out


@pytest.mark.boards("sandbox")
def test_dhcp_options_sent(ember, peer):
    """Nothing set: architecture 22, UNDI 3.16, a UUID made from the MAC
    address, class PXEClient, and 66, 67, 209, 210 asked for, in the
    DISCOVER and the REQUEST; the UUID goes into 'pxeuuid'"""
    out = dhcp(ember, peer)
    # The sandbox has an RNG device: no warning
    assert out.startswith("BOOTP broadcast 1\n"), out
    uuid = bytes.fromhex(SANDBOX_UUID.replace("-", ""))
    for kind in (1, 3):
        opts = sent(peer, kind)
        assert opts[93] == b"\x00\x16"
        assert opts[94] == b"\x01\x03\x10"
        assert opts[97] == b"\x00" + uuid
        assert opts[60] == PXE_CLASS
        assert list(opts[55]) == [1, 3, 6, 66, 67, 209, 210]
        assert 43 not in opts
    assert env_or_none(ember, "pxeuuid") == SANDBOX_UUID


@pytest.mark.boards("sandbox")
def test_dhcp_options_env(ember, peer):
    """'bootp_http', 'bootp_arch', 'bootp_vci' and 'pxeuuid' change what
    is sent; an invalid 'bootp_arch' is named in one warning"""
    ember.run_ok("setenv bootp_http yes")
    dhcp(ember, peer)
    assert sent(peer, 1)[93] == b"\x00\x18"
    assert sent(peer, 1)[60] == HTTP_CLASS
    ember.run_ok("setenv bootp_http; setenv bootp_arch 0x17")
    dhcp(ember, peer)
    assert sent(peer, 3)[93] == b"\x00\x17"
    assert sent(peer, 3)[60] == b"PXEClient:Arch:00023:UNDI:003016"
    ember.run_ok("setenv bootp_vci 'acme rack 7'")
    ember.run_ok("setenv pxeuuid 0123ABCD-0000-4000-8000-00000000002A")
    dhcp(ember, peer)
    assert sent(peer, 1)[60] == b"acme rack 7"
    assert sent(peer, 1)[97] == b"\0" + bytes.fromhex(
        "0123abcd" "0000" "4000" "8000" "00000000002a")
    # A 'pxeuuid' that was set is left as it was
    assert env_or_none(ember, "pxeuuid") == \
        "0123ABCD-0000-4000-8000-00000000002A"
    ember.run_ok("setenv bootp_vci; setenv bootp_arch x86")
    out = dhcp(ember, peer)
    warning = "Warning: bootp_arch is not a number from 0 to 65535: " \
        "using 22"
    assert out.count(warning) == 1, out
    assert out.startswith(warning + "\nBOOTP broadcast 1\n"), out
    assert sent(peer, 1)[93] == b"\x00\x16"
    assert sent(peer, 1)[60] == PXE_CLASS


@pytest.mark.boards("sandbox")
def test_dhcp_pxelinux_vars(ember, peer):
    """Options 209 and 210 of the ACK become 'pxelinux_configfile' and
    'pxelinux_pathprefix'; a lease without them clears them; a value that
    is not printable text is refused, once, by name"""
    peer.dhcp_options = [(209, b"pxelinux.cfg/rack7"), (210, b"/srv/ember/")]
    dhcp(ember, peer)
    assert ember.run_ok("printenv pxelinux_configfile pxelinux_pathprefix") \
        == "pxelinux_configfile=pxelinux.cfg/rack7\n" \
           "pxelinux_pathprefix=/srv/ember/"
    peer.dhcp_options = []
    dhcp(ember, peer)
    for name in PXE_VARS:
        assert env_or_none(ember, name) is None
    # Trailing NULs are dropped (RFC 2132 §2); an escape is refused
    peer.dhcp_options = [(209, b"a\x1b[2Jb"), (210, b"/p/\0\0")]
    out = dhcp(ember, peer)
    assert out.count("DHCP: option 209 (PXELINUX configuration file) "
                     "ignored: not printable ASCII text") == 1, out
    assert "option 210" not in out, out
    assert env_or_none(ember, "pxelinux_configfile") is None
    assert env_or_none(ember, "pxelinux_pathprefix") == "/p/"


@pytest.mark.boards("sandbox")
def test_dhcp_bootfile(ember, peer):
    """Option 67 wins over the BOOTP 'file' field, a URL is kept as it
    came; without 67, 'file' is the boot file"""
    peer.dhcp_fields = {"file": b"from-file.bin"}
    peer.bootfile = "http://192.168.7.1/boot/Image?x=1"
    dhcp(ember, peer)
    assert env_or_none(ember, "bootfile") == \
        "http://192.168.7.1/boot/Image?x=1"
    peer.bootfile = None
    dhcp(ember, peer)
    assert env_or_none(ember, "bootfile") == "from-file.bin"


@pytest.mark.boards("sandbox")
def test_dhcp_overload(ember, peer):
    """Option 52 = 3: options in 'file' (the boot file) and in 'sname'
    (209, 210, and 66 as an address), read after the options field; the
    bytes of 'file' are no file name"""
    peer.bootfile = None
    peer.dhcp_options = [(52, b"\x03"), (209, b"from-options")]
    peer.dhcp_fields = {
        "file": bytes([67, 9]) + b"over.boot" + bytes([209, 4]) + b"file"
        + b"\xff",
        "sname": bytes([66, 11]) + b"192.168.7.9" + bytes([210, 5])
        + b"sname" + b"\xff"}
    dhcp(ember, peer)
    assert env_or_none(ember, "bootfile") == "over.boot"
    assert env_or_none(ember, "pxelinux_configfile") == "file"
    assert env_or_none(ember, "pxelinux_pathprefix") == "sname"
    assert env_or_none(ember, "serverip") == "192.168.7.9"
    # Only 'sname' overloaded: 'file' holds the name again
    peer.dhcp_options = [(52, b"\x02")]
    peer.dhcp_fields["file"] = b"plain.bin"
    dhcp(ember, peer)
    assert env_or_none(ember, "bootfile") == "plain.bin"
    assert env_or_none(ember, "pxelinux_configfile") is None
    assert env_or_none(ember, "pxelinux_pathprefix") == "sname"


# ------------------------------------------------------------ qemu_arm64
RNG = ["-object", "rng-random,filename=/dev/urandom,id=rng0",
       "-device", "virtio-rng-device,rng=rng0"]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dgram_board(ember_spawn, peer, extra=()):
    """QEMU with virtio-net on -netdev dgram to @peer on 127.0.0.1; the
    peer's thread starts after QEMU did (no fork while threads run)"""
    c = ember_spawn([
        "-netdev", "dgram,id=n0,local.type=inet,local.host=127.0.0.1,"
        f"local.port={free_port()},remote.type=inet,remote.host=127.0.0.1,"
        f"remote.port={peer.port}",
        "-device", "virtio-net-device,netdev=n0", *extra])
    peer.start()
    c.run_ok("setenv autoload no")
    return c


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("first", ["dhcp", "tftpboot"])
def test_dhcp_no_rng_warning(ember_spawn, first):
    """Without an RNG device, the first of DHCP or TFTP says once that
    transaction IDs and ports are predictable; never again that boot"""
    p = Peer(files={"boot.bin": b"ember" * 1000})
    try:
        c = dgram_board(ember_spawn, p)
        load = "tftpboot 0x50000000 boot.bin"
        if first == "tftpboot":
            c.run_ok("setenv ipaddr 192.168.7.50; setenv serverip 192.168.7.1")
        cmds = [load if first == "tftpboot" else "dhcp", "dhcp", load, "dhcp"]
        outs = [c.run_ok(cmd, timeout=60) for cmd in cmds]
        assert outs[0].startswith(NO_RNG + "\n"), outs[0]
        assert sum(o.count(NO_RNG) for o in outs) == 1, outs
    finally:
        p.stop()


@pytest.mark.boards("qemu_arm64")
def test_dhcp_rng_no_warning(ember_spawn):
    """With virtio-rng, DHCP and TFTP say nothing about randomness"""
    p = Peer(files={"boot.bin": b"ember" * 1000})
    try:
        c = dgram_board(ember_spawn, p, RNG)
        out = c.run_ok("dhcp", timeout=60)
        out += c.run_ok("tftpboot 0x50000000 boot.bin", timeout=60)
        assert "RNG" not in out, out
        assert out.startswith("BOOTP broadcast 1\n"), out
    finally:
        p.stop()


# dnsmasq hands out 209 and 210 only to a client that says it is
# architecture 22 (option 93) with class PXEClient (option 60)
LAB_DHCP = [
    "--dhcp-match=set:arm64,option:client-arch,22",
    "--dhcp-vendorclass=set:pxe,PXEClient",
    "--dhcp-option=tag:arm64,tag:pxe,209,pxelinux.cfg/arm64",
    "--dhcp-option=tag:arm64,tag:pxe,210,/ember/",
]


@pytest.mark.boards("qemu_arm64")
def test_dhcp_options_lab(tmp_path, target):
    """dnsmasq tells architectures and classes apart by what Ember sends:
    a PXE client gets 209 and 210, an HTTP client does not, and its
    variables are cleared"""
    why = netlab.unavailable()
    if why:
        pytest.skip(why)
    root = tmp_path / "tftp"
    root.mkdir()
    lab = netlab.Lab(root, dhcp_args=LAB_DHCP)
    try:
        lab.up()
    except netlab.LabError as e:
        pytest.skip(f"network lab: {e}")
    log = open(f"{target.build_dir}/test-py-netlab.log", "a",
               encoding="utf-8")
    c = Console(target.board, target.build_dir,
                lab.qemu_netdev() + ["-device", "virtio-net-device,netdev=n0"]
                + RNG, logfile=log, name=f"{target.name}-lab-dhcp-options",
                prefix=lab.exec_prefix())
    try:
        c.start()
        c.run_ok("setenv autoload no; setenv pxeuuid")
        out = c.run_ok("dhcp", timeout=60)
        assert "DHCP client bound to address 192.168.77." in out, out
        assert c.run_ok("printenv pxelinux_configfile pxelinux_pathprefix") \
            == "pxelinux_configfile=pxelinux.cfg/arm64\n" \
               "pxelinux_pathprefix=/ember/"
        # dnsmasq's own record of the class, and of the UUID Ember made
        # from QEMU's MAC address 52:54:00:12:34:56
        dlog = lab.log("dnsmasq")
        assert "vendor class: PXEClient:Arch:00022:UNDI:003016" in dlog, dlog
        assert c.run_ok("printenv pxeuuid") == \
            "pxeuuid=454d4252-0000-8000-8000-525400123456"
        c.run_ok("setenv bootp_http yes")
        c.run_ok("dhcp", timeout=60)
        assert "HTTPClient:Arch:00024:UNDI:003016" in lab.log("dnsmasq")
        for name in PXE_VARS:
            out, status = c.run(f"printenv {name}")
            assert status == 1, out
        c.check_transcript()
    finally:
        c.close()
        log.close()
        lab.down()
