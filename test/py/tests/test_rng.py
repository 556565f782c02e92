# SPDX-License-Identifier: Apache-2.0 OR MIT
"""rng: the RNG uclass, virtio-rng over QEMU's virtio-mmio, and bad input."""

import os
import re
import socket
import threading

import pytest

from helpers import assert_usage

DUMP_RE = re.compile(r"^([0-9a-f]{8}):((?: [0-9a-f]{2}){1,16})", re.M)
RNG = ["-object", "rng-random,filename=/dev/urandom,id=rng0",
       "-device", "virtio-rng-device,rng=rng0"]


def dump_bytes(out):
    data = []
    for m in DUMP_RE.finditer(out):
        assert int(m.group(1), 16) == len(data)
        data += [int(b, 16) for b in m.group(2).split()]
    return bytes(data)


@pytest.mark.boards("sandbox")
def test_rng_sandbox(ember):
    out = ember.run_ok("rng list")
    assert "RNG #0 - rng (sandbox_rng)" in out
    assert len(dump_bytes(ember.run_ok("rng 0"))) == 0x40
    assert len(dump_bytes(ember.run_ok("rng 1 100"))) == 0x100
    assert len(dump_bytes(ember.run_ok("rng 2 10000"))) == 0x10000


def test_rng_bad_input(ember):
    assert "byte count must be 1..0x10000" in ember.run_fail("rng 0 10001")
    assert "byte count must be 1..0x10000" in ember.run_fail("rng 0 0")
    assert "invalid number" in ember.run_fail("rng 0 zz")
    assert "No RNG device 77" in ember.run_fail("rng 77")
    assert_usage(ember.run_fail("rng list extra"), "rng")
    assert_usage(ember.run_fail("rng fill 1"), "rng")
    out = ember.run_fail("rng fill 0 10")
    assert "outside RAM" in out


@pytest.mark.boards("sandbox")
def test_rng_fill_sandbox(ember):
    out = ember.run_ok("rng dev 1; rng fill 41000000 10000")
    assert re.search(r"65536 bytes read in \d+ us", out), out
    # Refuses to write over the control DT
    assert "would overwrite the control device tree" in \
        ember.run_fail("rng fill 40000000 100")


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("modern", [False, True], ids=["legacy", "modern"])
def test_rng_qemu(ember_spawn, modern):
    extra = ["-global", "virtio-mmio.force-legacy=false"] if modern else []
    c = ember_spawn(RNG + extra)
    a = dump_bytes(c.run_ok("rng 0 20"))
    b = dump_bytes(c.run_ok("rng 0 20"))
    assert len(a) == 32 and len(b) == 32 and a != b
    out = c.run_ok("rng fill 41000000 10000")
    assert re.search(r"65536 bytes read in \d+ us", out), out
    assert len(dump_bytes(c.run_ok("rng 0 10000"))) == 0x10000


@pytest.mark.boards("qemu_arm64")
def test_rng_qemu_rate_limited(ember_spawn):
    # 1 KiB per 100 ms: a 4 KiB read needs about 0.4 s, well within the
    # driver's 2 s no-progress timeout
    c = ember_spawn(["-object", "rng-random,filename=/dev/urandom,id=rng0",
                     "-device",
                     "virtio-rng-device,rng=rng0,max-bytes=1024,period=100"])
    assert len(dump_bytes(c.run_ok("rng 0 1000", timeout=30))) == 0x1000


class StingyEgd:
    """An entropy source on 127.0.0.1 for QEMU's rng-egd backend (EGD's
    protocol: a request is 0x02 and a length, the answer that many bytes):
    it answers the first request with 16 bytes, then nothing. The thread
    ends when close() or QEMU ends the connection, or after 60 s."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(60)
        self.port = self.sock.getsockname()[1]
        self.conn = None
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        self.conn = conn
        with conn:
            conn.settimeout(60)
            answered = False
            try:
                while conn.recv(2):
                    if not answered:
                        conn.sendall(os.urandom(16))
                        answered = True
            except OSError:
                pass

    def close(self):
        self.sock.close()
        if self.conn:
            self.conn.shutdown(socket.SHUT_RDWR)
        self.thread.join(timeout=65)


@pytest.mark.boards("qemu_arm64")
def test_rng_qemu_starved(ember_spawn):
    """A device that gives 16 bytes, then nothing: the driver reports the
    stall instead of hanging. (QEMU's own rate limit, max-bytes=16 and
    period=5000, is no stingy device: QEMU 7.2 asks its backend again on
    each notification before the first answer is charged to the quota,
    and once the quota is below zero it asks for all the guest wants.)"""
    egd = StingyEgd()
    try:
        c = ember_spawn(["-chardev",
                         f"socket,id=egd,host=127.0.0.1,port={egd.port}",
                         "-object", "rng-egd,id=rng0,chardev=egd",
                         "-device", "virtio-rng-device,rng=rng0"])
        out = c.run_fail("rng 0 100", timeout=30)
        # The 16 bytes may have gone to an earlier read (start-up's)
        assert re.search(r"device gave no entropy for 2000 ms \((0|16) of "
                         r"256 bytes\)", out), out
        assert "ETIMEDOUT" in out
        # The device is usable after the driver gave up (reset, re-probed)
        out = c.run_fail("rng 0 10", timeout=30)
        assert "ETIMEDOUT" in out, out
    finally:
        egd.close()
