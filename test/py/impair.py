#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 OR MIT
"""The network lab's relay: a userspace stand-in for tc netem, for
kernels built without sch_netem (netlab.py, Lab(relay=True)).

    impair.py --tap NAME --listen SOCK --control CTL [--seed N]
              [--max-seconds N] [--trace FILE]

Run inside the lab's namespace. It opens the lab's tap device by name
(the one QEMU would open) and listens on the Unix stream socket @SOCK for
one QEMU '-netdev stream' (frames each after a 4-byte big-endian
length). Frames from the guest go to the tap untouched. Frames from the
tap to the guest - what the lab sends, as tc netem on the tap's egress
would - pass through the impairment in force, set by a datagram on the
Unix socket @CTL (answered "ok" or "error: ...") in netem's words:

    loss P%            drop each frame with probability P
    duplicate P%       send each frame twice with probability P
    delay D[ms]        hold each frame D ms
    reorder P% [C%]    with delay: send P of the frames at once (ahead of
                       the delayed ones); the correlation C is accepted
                       and ignored
    off                nothing

The datagram "stats" is answered with what the relay counted so far, as
JSON (frames from the tap, lost, duplicated; frames to the tap).
The draws come from one random.Random(@seed). Frames the guest does not
take fast enough wait in a bounded buffer; past it the relay stops
reading the tap, whose own queue then drops, as with QEMU on the tap.
Everything is bounded: the relay exits after --max-seconds at the latest.
--trace writes one line per TCP segment each way (time, direction, what
became of it, flags, seq, ack, window, length): for a failure's story.
"""

import argparse
import fcntl
import heapq
import json
import os
import random
import re
import selectors
import signal
import socket
import struct
import sys
import time

TUNSETIFF = 0x400454ca
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
OUT_MAX = 4 << 20           # bytes waiting for the guest, at most
FRAME_MAX = 65536 + 64


class Impairment:
    """netem's loss, duplicate, delay and reorder, parsed from words."""

    def __init__(self, spec="off"):
        self.loss = self.dup = self.reorder = 0.0
        self.delay = 0.0
        words = spec.split()
        if words == ["off"]:
            words = []
        i = 0
        while i < len(words):
            key = words[i]
            val = words[i + 1] if i + 1 < len(words) else None
            if key in ("loss", "duplicate", "reorder"):
                p = self._percent(val)
                setattr(self, {"loss": "loss", "duplicate": "dup",
                               "reorder": "reorder"}[key], p)
                i += 2
                # an optional correlation, accepted and ignored
                if i < len(words) and words[i].endswith("%"):
                    self._percent(words[i])
                    i += 1
            elif key == "delay":
                m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s)?", val or "")
                if not m:
                    raise ValueError(f"bad delay '{val}'")
                self.delay = float(m[1]) / (1 if m[2] == "s" else 1000)
                i += 2
            else:
                raise ValueError(f"unknown word '{key}'")
        if self.reorder and not self.delay:
            raise ValueError("reorder needs a delay")

    @staticmethod
    def _percent(val):
        m = re.fullmatch(r"(\d+(?:\.\d+)?)%", val or "")
        if not m or float(m[1]) > 100:
            raise ValueError(f"bad percentage '{val}'")
        return float(m[1]) / 100

    def plan(self, rng):
        """The delays, in seconds, at which one frame is sent ([] lost)"""
        if self.loss and rng.random() < self.loss:
            return []
        at = self.delay
        if self.reorder and rng.random() < self.reorder:
            at = 0.0
        copies = [at]
        if self.dup and rng.random() < self.dup:
            copies.append(at)
        return copies


def tcp_line(frame):
    """'flags seq ack win len' of an IPv4 TCP frame, or None"""
    if len(frame) < 54 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
        return None
    ihl = (frame[14] & 15) * 4
    total = struct.unpack(">H", frame[16:18])[0]
    t = 14 + ihl
    seq, ack = struct.unpack(">II", frame[t + 4:t + 12])
    doff = (frame[t + 12] >> 4) * 4
    flags = "".join(c for c, b in zip("FSRPA", (1, 2, 4, 8, 16))
                    if frame[t + 13] & b)
    win = struct.unpack(">H", frame[t + 14:t + 16])[0]
    line = f"{flags or '.'} {seq} {ack} {win} {total - ihl - doff}"
    o, end = t + 20, min(t + doff, len(frame))
    while o < end and frame[o] != 0:
        if frame[o] == 1:
            o += 1
            continue
        if o + 1 >= end or frame[o + 1] < 2:
            break
        if frame[o] == 5:       # SACK blocks, as left-right
            for b in range(o + 2, o + frame[o + 1] - 7, 8):
                left, right = struct.unpack(">II", frame[b:b + 8])
                line += f" sack {left}-{right}"
        o += frame[o + 1]
    if "S" in flags:
        line += f" options {frame[t + 20:t + doff].hex()}"
    return line


def open_tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    ifr = struct.pack("16sH22x", name.encode(), IFF_TAP | IFF_NO_PI)
    fcntl.ioctl(fd, TUNSETIFF, ifr)
    return fd


class Relay:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.imp = Impairment()
        self.tap = open_tap(args.tap)
        self.lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.lsock.bind(args.listen)
        self.lsock.listen(1)
        self.ctl = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.ctl.bind(args.control)
        self.guest = None
        self.inbuf = b""            # from the guest, not yet a whole frame
        self.out = bytearray()      # to the guest, length-prefixed
        self.queue = []             # (due, n, frame): held by the delay
        self.n = 0
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.lsock, selectors.EVENT_READ, "accept")
        self.sel.register(self.ctl, selectors.EVENT_READ, "ctl")
        self.tap_on = False
        self.stats = {"from_tap": 0, "lost": 0, "dup": 0, "to_tap": 0}
        self.trace = open(args.trace, "w", encoding="utf-8") \
            if args.trace else None
        self.t0 = time.monotonic()

    def note(self, way, what, frame):
        if self.trace:
            line = tcp_line(frame)
            if line:
                self.trace.write(f"{time.monotonic() - self.t0:.6f} {way} "
                                 f"{what} {line}\n")

    def watch_tap(self, on):
        if on != self.tap_on:
            if on:
                self.sel.register(self.tap, selectors.EVENT_READ, "tap")
            else:
                self.sel.unregister(self.tap)
            self.tap_on = on

    def on_ctl(self):
        msg, addr = self.ctl.recvfrom(4096)
        if msg == b"stats":
            reply = json.dumps(self.stats).encode()
        else:
            try:
                self.imp = Impairment(msg.decode())
                reply = b"ok"
            except ValueError as e:
                reply = f"error: {e}".encode()
        if addr:
            try:
                self.ctl.sendto(reply, addr)
            except OSError:
                pass

    def on_accept(self):
        conn, _ = self.lsock.accept()
        if self.guest:          # one guest: a second is refused
            conn.close()
            return
        conn.setblocking(False)
        self.guest = conn
        self.sel.register(conn, selectors.EVENT_READ, "guest")
        self.watch_tap(True)

    def on_tap(self):
        now = time.monotonic()
        for _ in range(64):
            try:
                frame = os.read(self.tap, FRAME_MAX)
            except BlockingIOError:
                break
            self.stats["from_tap"] += 1
            plan = self.imp.plan(self.rng)
            self.note(">", "lost" if not plan else f"x{len(plan)}", frame)
            if not plan:
                self.stats["lost"] += 1
            self.stats["dup"] += max(0, len(plan) - 1)
            for at in plan:
                if at == 0 and not self.queue:
                    self.put(frame)
                else:
                    self.n += 1
                    heapq.heappush(self.queue, (now + at, self.n, frame))
        self.release(now)

    def put(self, frame):
        self.out += struct.pack(">I", len(frame)) + frame

    def release(self, now):
        """Move frames whose time has come to the guest's buffer."""
        while self.queue and self.queue[0][0] <= now:
            self.put(heapq.heappop(self.queue)[2])
        self.flush()

    def flush(self):
        while self.out and self.guest:
            try:
                n = self.guest.send(self.out)
            except BlockingIOError:
                break
            except OSError:
                self.drop_guest()
                return
            del self.out[:n]
        want = EVENT_BOTH if self.out else selectors.EVENT_READ
        if self.guest:
            self.sel.modify(self.guest, want, "guest")
        # Past OUT_MAX the tap's own queue holds (and drops) the rest
        self.watch_tap(self.guest is not None and len(self.out) < OUT_MAX)

    def on_guest(self, events):
        if events & selectors.EVENT_WRITE:
            self.flush()
        if not events & selectors.EVENT_READ or not self.guest:
            return
        try:
            data = self.guest.recv(262144)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.drop_guest()
            return
        self.inbuf += data
        while len(self.inbuf) >= 4:
            size = struct.unpack(">I", self.inbuf[:4])[0]
            if size > FRAME_MAX:
                self.drop_guest()
                return
            if len(self.inbuf) < 4 + size:
                break
            frame, self.inbuf = self.inbuf[4:4 + size], self.inbuf[4 + size:]
            self.note("<", "in", frame)
            try:
                os.write(self.tap, frame)
                self.stats["to_tap"] += 1
            except OSError:
                pass            # the tap is down or full: lost, as on a wire

    def drop_guest(self):
        self.sel.unregister(self.guest)
        self.guest.close()
        self.guest = None
        self.inbuf = b""
        self.out.clear()
        self.queue.clear()
        self.watch_tap(False)

    def run(self, max_seconds):
        end = time.monotonic() + max_seconds
        while time.monotonic() < end:
            wait = 0.5
            if self.queue:
                wait = max(0.0, min(wait, self.queue[0][0] -
                                    time.monotonic()))
            for key, events in self.sel.select(wait):
                what = key.data
                if what == "tap":
                    self.on_tap()
                elif what == "guest":
                    self.on_guest(events)
                elif what == "accept":
                    self.on_accept()
                else:
                    self.on_ctl()
            self.release(time.monotonic())
        print(f"impair: stopping after {max_seconds} s: {self.stats}",
              flush=True)


EVENT_BOTH = selectors.EVENT_READ | selectors.EVENT_WRITE


def on_term(signum, frame):
    raise KeyboardInterrupt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tap", required=True)
    ap.add_argument("--listen", required=True)
    ap.add_argument("--control", required=True)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--max-seconds", type=float, default=3600)
    ap.add_argument("--trace", default=None)
    args = ap.parse_args()
    relay = Relay(args)
    signal.signal(signal.SIGTERM, on_term)
    print("impair: ready", flush=True)
    try:
        relay.run(args.max_seconds)
    except KeyboardInterrupt:
        print(f"impair: ended: {relay.stats}", flush=True)
    if relay.trace:
        relay.trace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
