#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 OR MIT
"""A minimal TFTP client that does nothing but acknowledge: how fast can
atftpd go at all?

    test/bench/minclient.py lab [--blksize B] [--window W] [--size MiB]

Brings the network lab up (root; test/py/netlab.py) and runs the client
inside its namespace against atftpd, over the namespace's own address.
The client asks for the file with blksize, tsize and windowsize, keeps
nothing but the byte count, ACKs each window (RFC 7440) and prints MiB/s,
the median of --runs. No bootloader and no QEMU are involved: the figure
is a ceiling for atftpd on this machine (a Python client, so for small
blocks the client's own speed is in it too).
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "py"))
import netlab  # noqa: E402

MIB = 1 << 20


def fetch(host, port, name, blksize, window, timeout=1.0, max_seconds=120):
    """Bytes received and seconds taken for one transfer of @name."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    # Room for whole windows: a full socket drops datagrams
    s.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_RCVBUFFORCE", 33),
                 16 * MIB)
    opts = b"".join(k + b"\0" + str(v).encode() + b"\0" for k, v in
                    ((b"blksize", blksize), (b"tsize", 0),
                     (b"windowsize", window)))
    s.sendto(b"\0\1" + name.encode() + b"\0octet\0" + opts, (host, port))
    start = time.monotonic()
    server = None
    block = got = 0
    in_window = 0
    while time.monotonic() - start < max_seconds:
        try:
            pkt, addr = s.recvfrom(65536)
        except socket.timeout:
            if server is None:
                raise RuntimeError("no answer") from None
            s.sendto(b"\0\4" + (block & 0xffff).to_bytes(2, "big"), server)
            continue
        server = server or addr
        if addr != server:
            continue
        op = int.from_bytes(pkt[:2], "big")
        if op == 6:                     # OACK
            s.sendto(b"\0\4\0\0", server)
            continue
        if op == 5:
            raise RuntimeError(f"error: {pkt[4:-1]!r}")
        if op != 3:
            continue
        num = int.from_bytes(pkt[2:4], "big")
        if num != (block + 1) & 0xffff:
            if in_window:
                s.sendto(b"\0\4" + (block & 0xffff).to_bytes(2, "big"),
                         server)
                in_window = 0
            continue
        block += 1
        in_window += 1
        got += len(pkt) - 4
        last = len(pkt) - 4 < blksize
        if last or in_window >= window:
            s.sendto(b"\0\4" + (block & 0xffff).to_bytes(2, "big"), server)
            in_window = 0
        if last:
            secs = time.monotonic() - start
            s.close()
            return got, secs
    raise RuntimeError("took too long")


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n", 2)[2])
    ap.add_argument("server", choices=("lab", "client"))
    ap.add_argument("--blksize", type=int, default=1468)
    ap.add_argument("--window", type=int, default=32)
    ap.add_argument("--size", type=int, default=64, help="MiB")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=69)
    args = ap.parse_args()
    if args.server == "client":         # run inside the lab namespace
        rates = []
        for _ in range(args.runs):
            got, secs = fetch(args.host, args.port, "big.bin", args.blksize,
                              args.window)
            if got != args.size * MIB:
                raise SystemExit(f"got {got} bytes")
            rates.append(got / secs / MIB)
        print(f"{statistics.median(rates):.1f} MiB/s "
              f"({', '.join(f'{r:.1f}' for r in rates)})")
        return 0
    data = os.urandom(args.size * MIB)
    cmd = [sys.executable, os.path.abspath(__file__), "client",
           "--blksize", str(args.blksize), "--window", str(args.window),
           "--size", str(args.size), "--runs", str(args.runs)]
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        with open(os.path.join(tmp, "big.bin"), "wb") as f:
            f.write(data)
        lab = netlab.Lab(tmp).up()
        try:
            return subprocess.run(lab.exec_prefix() + cmd +
                                  ["--host", lab.server]).returncode
        finally:
            lab.down()


if __name__ == "__main__":
    sys.exit(main())
