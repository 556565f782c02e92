# SPDX-License-Identifier: Apache-2.0 OR MIT
"""The 'dns' command and Ember's DNS client (doc/usage/dns.md).

On sandbox the server is the Python peer (netpeer.py) behind the network
model, scripted per test: spoofed answers before the real one (another
id, source port, source address or question, QR clear), silence, late
answers, server errors, a truncated and a malformed answer, a second
server. On qemu_arm64 it is dnsmasq in the closed network lab
(netlab.py), handed out by DHCP (option 6) and knowing a host record, a
CNAME chain and a fixed address; names of the lab's domain it does not
know are NXDOMAIN, others REFUSED.
"""

import socket
import struct
import time

import pytest

import netlab
from ember_console import Console
from netpeer import Peer

SERVER = "192.168.7.1"          # the peer
NAME = "www.test"
ANSWER = "192.168.7.80"
IGNORED = "datagrams to our port ignored (not from a server asked, or " \
    "not an answer to our query)"


def labels(name):
    return b"".join(bytes([len(x)]) + x.encode()
                    for x in name.split(".")) + b"\0"


def a_rr(ip, owner=b"\xc0\x0c"):
    return owner + struct.pack("!HHIH", 1, 1, 60, 4) + socket.inet_aton(ip)


def reply(qid, question, answers=(), rcode=0, flags=0x8180):
    return struct.pack("!HHHHHH", qid, flags | rcode, 1, len(answers), 0,
                       0) + question + b"".join(answers)


class Query:
    """A query as the peer received it."""

    def __init__(self, src, sport, data):
        self.when = time.monotonic()
        self.src, self.sport = src, sport
        self.id, self.flags, self.qdcount = struct.unpack("!HHH", data[:6])
        i, parts = 12, []
        while i < len(data) and data[i]:
            parts.append(data[i + 1:i + 1 + data[i]].decode())
            i += 1 + data[i]
        self.name = ".".join(parts)
        self.qtype, self.qclass = struct.unpack("!HH", data[i + 1:i + 5])
        self.question = data[12:i + 5]
        self.size = len(data)


class DnsScript:
    """The peer's DNS server: @answer(peer, query, n) answers the n-th
    query (1, 2 ...), or does nothing; the queries are kept."""

    def __init__(self, answer):
        self.answer = answer
        self.queries = []

    def __call__(self, peer, src, sport, data):
        q = Query(src, sport, data)
        self.queries.append(q)
        self.answer(peer, q, len(self.queries))

    def wait(self, count, timeout=10):
        deadline = time.monotonic() + timeout
        while len(self.queries) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return len(self.queries) >= count


def send(peer, q, data, sport=53, dport=None, src_ip=None):
    peer.send_udp(q.src, sport, dport or q.sport, data, src_ip=src_ip)


def answer_with(ip=ANSWER):
    def answer(peer, q, n):
        send(peer, q, reply(q.id, q.question, [a_rr(ip)]))
    return answer


@pytest.fixture
def peer(ember):
    """The peer behind the sandbox's network model, as our DNS server"""
    p = Peer().start()
    ember.run_ok(f"sbnet peer {p.port}")
    ember.run_ok("setenv ipaddr 192.168.7.50; setenv netmask 255.255.255.0;"
                 f" setenv dnsip {SERVER}; setenv dnsip2")
    yield p
    p.stop()
    ember.run_ok("setenv dnsip; setenv dnsip2")


def serve(peer, answer):
    peer.dns_handler = DnsScript(answer)
    return peer.dns_handler


@pytest.mark.boards("sandbox")
def test_dns_query(ember, peer):
    """The query: a standard query with RD, one question, type A class IN,
    from a port in 49152..65535; the answer printed, or set in a variable
    (nothing printed); the name of the answer compared without case"""
    dns = serve(peer, answer_with())
    assert ember.run_ok(f"dns {NAME}") == ANSWER
    q = dns.queries[0]
    assert (q.flags, q.qdcount, q.name, q.qtype, q.qclass) == \
        (0x0100, 1, NAME, 1, 1)
    assert q.size == 12 + len(labels(NAME)) + 4
    assert 49152 <= q.sport <= 65535
    assert ember.run_ok("dns WWW.Test. hostip") == ""
    assert ember.run_ok("printenv hostip") == f"hostip={ANSWER}"
    assert dns.queries[1].name == "WWW.Test"
    # Each lookup draws its own port and id
    ember.run_ok(f"dns {NAME}")
    assert len({q.sport for q in dns.queries}) > 1
    assert len({q.id for q in dns.queries}) > 1
    ember.run_ok("setenv hostip")


@pytest.mark.boards("sandbox")
def test_dns_spoofed(ember, peer):
    """Answers that are not ours come first (RFC 5452): another id, source
    port, source address, question, type, or QR clear; one to another port
    of ours. They are dropped and counted; the real answer is taken."""
    def answer(peer, q, n):
        def fake(ip):
            return reply(q.id, q.question, [a_rr(ip)])
        other = labels("www.evil") + b"\0\1\0\1"
        send(peer, q, reply(q.id ^ 0x8000, q.question, [a_rr("6.6.6.1")]))
        send(peer, q, fake("6.6.6.2"), sport=5353)
        send(peer, q, fake("6.6.6.3"), src_ip="192.168.7.66")
        send(peer, q, fake("6.6.6.4"), dport=q.sport ^ 1)
        send(peer, q, reply(q.id, other, [a_rr("6.6.6.5")]))
        send(peer, q, reply(q.id, q.question[:-4] + b"\0\x1c\0\1",
                            [a_rr("6.6.6.6")]))
        send(peer, q, reply(q.id, q.question, [a_rr("6.6.6.7")],
                            flags=0x0180))
        send(peer, q, fake(ANSWER))
    serve(peer, answer)
    out = ember.run_ok(f"dns {NAME}")
    assert out.splitlines() == [f"DNS: 6 {IGNORED}", ANSWER], out


@pytest.mark.boards("sandbox")
def test_dns_retry(ember, peer):
    """No answer to the first query: the second goes out about a second
    later (randomised by a quarter), from the same port; the answer to the
    first query, late, is still taken"""
    def answer(peer, q, n):
        if n == 2:
            first = dns.queries[0]
            send(peer, first, reply(first.id, first.question,
                                    [a_rr(ANSWER)]))
    dns = serve(peer, answer)
    assert ember.run_ok(f"dns {NAME}") == ANSWER
    first, second = dns.queries
    assert second.sport == first.sport
    assert 0.7 <= second.when - first.when <= 1.6


@pytest.mark.boards("sandbox")
def test_dns_silent(ember, peer):
    """A server that never answers: three queries, waits of about 1 and
    2 s, then the rest of 5 s; the failure names the server"""
    dns = serve(peer, lambda peer, q, n: None)
    start = time.monotonic()
    out = ember.run_fail(f"dns {NAME}", timeout=30)
    took = time.monotonic() - start
    assert out == f"DNS: no answer from server {SERVER}", out
    assert len(dns.queries) == 3
    # One port for the lookup, a new id for each query
    assert len({q.sport for q in dns.queries}) == 1
    assert len({q.id for q in dns.queries}) > 1
    gaps = [b.when - a.when for a, b in zip(dns.queries, dns.queries[1:])]
    assert 0.7 <= gaps[0] <= 1.6 and 1.4 <= gaps[1] <= 2.9, gaps
    assert 4.5 <= took <= 8, took


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("kind,message", [
    ("nxdomain", "no such name (NXDOMAIN)"),
    ("nodata", "the name has no IPv4 address (no A record)"),
    ("servfail", "the server failed (SERVFAIL)"),
    ("refused", "the server refused the query (REFUSED)"),
    ("truncated", "the answer was truncated (TC), and Ember has no DNS over "
     "TCP"),
    ("pointer-loop", "a compression pointer that does not point back"),
    ("a-length", "an A record whose data is not 4 bytes"),
])
def test_dns_errors(ember, peer, kind, message):
    """Each answer that ends the lookup with an error: one query, one
    line saying why and which server said so"""
    def answer(peer, q, n):
        rcode, flags, answers = 0, 0x8180, []
        if kind == "nxdomain":
            rcode = 3
        elif kind == "servfail":
            rcode = 2
        elif kind == "refused":
            rcode = 5
        elif kind == "truncated":
            flags |= 0x0200
            answers = [a_rr(ANSWER)]
        elif kind == "pointer-loop":
            here = 12 + len(q.question)
            answers = [a_rr(ANSWER, struct.pack("!H", 0xc000 + here))]
        elif kind == "a-length":
            answers = [a_rr(ANSWER)[:-6] + b"\0\5" + bytes(5)]
        send(peer, q, reply(q.id, q.question, answers, rcode, flags))
    dns = serve(peer, answer)
    out = ember.run_fail(f"dns {NAME}", timeout=30)
    assert out == f"DNS: {NAME}: {message}; server {SERVER}", out
    assert len(dns.queries) == 1


@pytest.mark.boards("sandbox")
def test_dns_second_server(ember, peer):
    """'dnsip' does not answer ARP: 'dnsip2' is asked, and answers"""
    dns = serve(peer, answer_with())
    ember.run_ok(f"setenv dnsip 192.168.7.99; setenv dnsip2 {SERVER}")
    out = ember.run_ok(f"dns {NAME}", timeout=30)
    assert out.splitlines()[-1] == ANSWER, out
    assert "ARP: no answer from 192.168.7.99" in out, out
    assert len(dns.queries) == 1


@pytest.mark.boards("sandbox")
def test_dns_ctrlc(ember, peer):
    """Ctrl-C while waiting for the server"""
    dns = serve(peer, lambda peer, q, n: None)
    ember.send_line(f"dns {NAME}")
    assert dns.wait(1)
    ember.send("\x03")
    out = ember.expect_prompt(timeout=20)
    assert "DNS: aborted" in out, out
    assert ember.last_status() == 1


@pytest.mark.boards("sandbox")
def test_dns_usage(ember):
    """Literal addresses, bad names, no server: nothing is sent"""
    assert ember.run_ok("dns 10.0.2.15") == "10.0.2.15"
    assert ember.run_fail("dns a..b") == "DNS: 'a..b' is not a valid host name"
    long = ".".join(["a" * 63] * 4)
    assert ember.run_fail(f"dns {long}") == \
        "DNS: host name too long (at most 253 characters, labels of at " \
        "most 63)"
    ember.run_ok("setenv dnsip; setenv dnsip2")
    assert ember.run_fail(f"dns {NAME}") == \
        "DNS: no server ('dnsip' is not set)"
    out = ember.run_fail("dns")
    assert "dns hostname [envvar]" in out, out


# ------------------------------------------------------------ the lab
LAB_DNS = ["--local=/lab/", "--host-record=www.lab,192.168.77.10",
           "--cname=alias.lab,www.lab", "--cname=alias2.lab,alias.lab",
           "--address=/fixed.lab/192.168.77.11", "--log-queries"]
NIC = ["-device", "virtio-net-device,netdev=n0"]


@pytest.fixture(scope="module")
def lab_board(tmp_path_factory, target):
    """qemu_arm64 in a lab whose dnsmasq also serves DNS, after 'dhcp'"""
    why = netlab.unavailable()
    if why:
        pytest.skip(why)
    lab = netlab.Lab(tmp_path_factory.mktemp("tftp"), dns_args=LAB_DNS)
    try:
        lab.up()
    except netlab.LabError as e:
        pytest.skip(f"network lab: {e}")
    log = open(f"{target.build_dir}/test-py-dns.log", "a", encoding="utf-8")
    c = Console(target.board, target.build_dir, lab.qemu_netdev() + NIC,
                logfile=log, name=f"{target.name}-dns",
                prefix=lab.exec_prefix())
    try:
        c.start()
        c.run_ok("setenv autoload no; dhcp", timeout=60)
        yield c, lab
    finally:
        c.close()
        log.close()
        lab.down()


@pytest.fixture
def lc(lab_board):
    c, lab = lab_board
    c.mark()
    yield c
    c.check_transcript()


@pytest.mark.boards("qemu_arm64")
def test_dns_lab(lc):
    """DHCP's option 6 is 'dnsip'; a host record printed and set"""
    assert lc.run_ok("printenv dnsip") == "dnsip=192.168.77.1"
    assert lc.run_ok("dns www.lab") == "192.168.77.10"
    assert lc.run_ok("dns WWW.Lab. hostip") == ""
    assert lc.run_ok("printenv hostip") == "hostip=192.168.77.10"
    assert lc.run_ok("dns fixed.lab") == "192.168.77.11"


@pytest.mark.boards("qemu_arm64")
def test_dns_lab_cname(lc):
    """CNAMEs in dnsmasq's answer, one and two deep"""
    assert lc.run_ok("dns alias.lab") == "192.168.77.10"
    assert lc.run_ok("dns alias2.lab ip2") == ""
    assert lc.run_ok("printenv ip2") == "ip2=192.168.77.10"


@pytest.mark.boards("qemu_arm64")
def test_dns_lab_unknown(lc):
    """A name of the lab's domain that dnsmasq does not know, and one of
    a domain it does not serve"""
    out = lc.run_fail("dns nosuch.lab")
    assert out == "DNS: nosuch.lab: no such name (NXDOMAIN); server " \
        "192.168.77.1", out
    out = lc.run_fail("dns nosuch.example")
    assert out == "DNS: nosuch.example: the server refused the query " \
        "(REFUSED); server 192.168.77.1", out
