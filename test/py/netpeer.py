# SPDX-License-Identifier: Apache-2.0 OR MIT
"""A network peer for tests: Ethernet frames over UDP on 127.0.0.1, one
frame per datagram (the sandbox's network model, QEMU '-netdev dgram').

It answers ARP for its address, ICMP echo requests, DHCP (DISCOVER ->
OFFER, REQUEST -> ACK) and TFTP read requests with the options blksize,
tsize, timeout and windowsize, from files in a dict. Faults are injected
through attributes (see Peer.__init__). It runs in a thread; every wait is
bounded by select() timeouts and the thread stops on stop() or after
max_seconds.
"""

import select
import socket
import struct
import threading
import time

BCAST = b"\xff" * 6


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip_bytes(ip):
    return socket.inet_aton(ip)


class Peer:
    def __init__(self, port=0, files=None, max_seconds=120):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", port))
        self.port = self.sock.getsockname()[1]
        self.remote = None          # learnt from the first datagram
        self.client_mac = None      # learnt from the first frame
        self.mac = bytes.fromhex("02aabbccdd01")
        self.ip = "192.168.7.1"
        self.client_ip = "192.168.7.50"
        self.files = files or {}
        self.max_seconds = max_seconds
        # Fault injection
        self.ignore_options = False   # answer RRQ with DATA, not OACK
        self.drop_blocks = set()      # drop the first sending of these
        self.dup_blocks = set()       # send these twice
        self.stray_port = False       # also send a DATA from another port
        self.error = None             # (code, text) to answer a RRQ with
        self.fragment = 0             # split IP datagrams into pieces of N
        self.silent = False           # answer nothing at all
        self.ignore_rrq = False       # answer ARP, but no read request
        self.ignore_echo = False      # answer ARP, but no echo request
        self.mute_after = None        # never send blocks after this one
        self.nak_first = False        # answer the first REQUEST with NAK
        self.drop_discovers = 0       # ignore this many DISCOVERs
        self.oack_extra = b""         # added to the OACK (unasked options)
        self.reorder_blocks = set()   # send these after the next block
        self.corrupt_blocks = set()   # first sending: bad UDP checksum
        self.delay_blocks = {}        # block -> seconds to wait first
        self.extra_data = b""         # served beyond the announced tsize
        # DHCP replies sent before the real one, per message answered
        # (1: DISCOVER, 3: REQUEST): dicts overriding yiaddr, server_id
        # (None: no option 54), mask
        self.dhcp_decoys = {1: [], 3: []}
        self.dhcp_times = []          # (message type, when, xid) received
        # Each DHCP message received: (message type, {option: value}), the
        # last of each option counting
        self.dhcp_requests = []
        # More options for every reply, [(code, bytes)], before END; and
        # the BOOTP 'sname' and 'file' fields ({"sname"/"file": bytes}),
        # e.g. options for an overload (option 52 among dhcp_options)
        self.dhcp_options = []
        self.dhcp_fields = {}
        # After block stall_after: instead of the next window, keep
        # sending "repeat" (block stall_after again), "future" (a block
        # five ahead) or "junk" (an unknown opcode), every 50 ms
        self.stall = None
        self.stall_after = 1
        self.stall_burst = 1          # stall packets sent each time
        self.bootfile = "boot.bin"     # option 67; None: none
        # DNS queries to port 53 of any address: dns_handler(peer, src,
        # sport, query) answers them (with send_udp(), src_ip for spoofs)
        self.dns_handler = None
        # What was seen
        self.rrq_options = {}
        self.acks = []
        self.log = []
        self._stop = threading.Event()
        self._thread = None
        self._tftp = None

    # --------------------------------------------------------- plumbing
    def start(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        if self._thread:
            self._thread.join(5)
        self.sock.close()

    def _run(self):
        deadline = time.monotonic() + self.max_seconds
        while not self._stop.is_set() and time.monotonic() < deadline:
            r, _, _ = select.select([self.sock], [], [], 0.05)
            if r:
                try:
                    data, addr = self.sock.recvfrom(65536)
                except OSError:
                    return
                self.remote = addr
                if not self.silent:
                    self._frame(data)
            if self._stalled():
                self._send_stall()
            else:
                self._tftp_timer()

    def _send_frame(self, dst, ethertype, payload):
        if self.remote:
            frame = dst + self.mac + struct.pack("!H", ethertype) + payload
            self.sock.sendto(frame, self.remote)

    def _frame(self, f):
        if len(f) < 14:
            return
        dst, src, etype = f[0:6], f[6:12], struct.unpack("!H", f[12:14])[0]
        self.client_mac = src
        if etype == 0x0806:
            self._arp(f[14:])
        elif etype == 0x0800:
            self._ip(f[14:])

    def _arp(self, p):
        if len(p) < 28 or struct.unpack("!H", p[6:8])[0] != 1:
            return
        if p[24:28] != ip_bytes(self.ip):
            return
        reply = p[0:6] + struct.pack("!H", 2) + self.mac + ip_bytes(self.ip) \
            + p[8:14] + p[14:18]
        self._send_frame(p[8:14], 0x0806, reply)

    # ----------------------------------------------------------- IPv4
    def send_ip(self, dst_ip, proto, payload, dst_mac=None, src_ip=None):
        ident = int(time.monotonic() * 1000) & 0xffff
        piece = self.fragment or len(payload)
        offs = list(range(0, len(payload), piece)) or [0]
        for off in reversed(offs) if self.fragment else offs:
            chunk = payload[off:off + piece]
            more = off + piece < len(payload)
            flags = (0x2000 if more else 0) | (off // 8)
            hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(chunk),
                              ident, flags, 64, proto, 0,
                              ip_bytes(src_ip or self.ip), ip_bytes(dst_ip))
            hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
            self._send_frame(dst_mac or self.client_mac, 0x0800, hdr + chunk)

    def _ip(self, p):
        if len(p) < 20 or p[0] >> 4 != 4:
            return
        hl = (p[0] & 15) * 4
        total = struct.unpack("!H", p[2:4])[0]
        proto, src = p[9], socket.inet_ntoa(p[12:16])
        body = p[hl:total]
        if proto == 1 and len(body) >= 8 and body[0] == 8:
            self.log.append(("echo-request", src))
            if self.ignore_echo:
                return
            msg = b"\0\0\0\0" + body[4:]
            msg = msg[:2] + struct.pack("!H", checksum(msg)) + msg[4:]
            self.send_ip(src, 1, msg)
        elif proto == 1 and len(body) >= 8 and body[0] == 0:
            self.log.append(("echo-reply", socket.inet_ntoa(p[16:20]),
                             struct.unpack("!H", body[4:6])[0]))
        elif proto == 17 and len(body) >= 8:
            sport, dport, ulen = struct.unpack("!HHH", body[0:6])
            self._udp(src, sport, dport, body[8:ulen])

    def send_arp_request(self, src_ip, src_mac):
        """An ARP request for the client's address, from any host"""
        req = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + src_mac + \
            ip_bytes(src_ip) + bytes(6) + ip_bytes(self.client_ip)
        if self.remote:
            frame = b"\xff" * 6 + src_mac + struct.pack("!H", 0x0806) + req
            self.sock.sendto(frame, self.remote)

    def send_echo(self, src_ip, ident):
        """An ICMP echo request to the client, from any source address"""
        msg = struct.pack("!BBHHH", 8, 0, 0, ident, 1) + b"ember"
        msg = msg[:2] + struct.pack("!H", checksum(msg)) + msg[4:]
        self.send_ip(self.client_ip, 1, msg, src_ip=src_ip)

    def send_udp(self, dst_ip, sport, dport, data, dst_mac=None,
                 corrupt=False, src_ip=None):
        ulen = 8 + len(data)
        pseudo = ip_bytes(src_ip or self.ip) + ip_bytes(dst_ip) + \
            struct.pack("!BBH", 0, 17, ulen)
        hdr = struct.pack("!HHHH", sport, dport, ulen, 0)
        s = checksum(pseudo + hdr + data) or 0xffff
        hdr = hdr[:6] + struct.pack("!H", s)
        if corrupt:     # a bit flipped on the wire, after the checksum
            data = data[:-1] + bytes([data[-1] ^ 0x40]) if data else data
        self.send_ip(dst_ip, 17, hdr + data, dst_mac, src_ip)

    def _udp(self, src, sport, dport, data):
        if dport == 67:
            self._dhcp(data)
        elif dport == 69:
            self._rrq(src, sport, data)
        elif self._tftp and dport == self._tftp["port"]:
            self._tftp_ack(sport, data)
        elif dport == 53 and self.dns_handler:
            self.dns_handler(self, src, sport, data)
        else:
            self.log.append(("udp", sport, dport, data))

    # ----------------------------------------------------------- DHCP
    def _dhcp(self, m):
        if len(m) < 240 or m[0] != 1:
            return
        opts, i = {}, 240
        while i + 1 < len(m) and m[i] != 255:
            if m[i] == 0:
                i += 1
                continue
            opts[m[i]] = m[i + 2:i + 2 + m[i + 1]]
            i += 2 + m[i + 1]
        kind = opts.get(53, b"\0")[0]
        self.dhcp_requests.append((kind, opts))
        self.log.append(("dhcp", kind))
        self.dhcp_times.append((kind, time.monotonic(), m[4:8]))
        if kind not in (1, 3):
            return
        if kind == 1 and self.drop_discovers > 0:
            self.drop_discovers -= 1
            return
        reply_type = 2 if kind == 1 else 5
        if kind == 3 and self.nak_first:
            self.nak_first = False
            reply_type = 6
        for decoy in self.dhcp_decoys.get(kind, []):
            self._dhcp_reply(m, reply_type, **decoy)
        self._dhcp_reply(m, reply_type)

    def _dhcp_reply(self, m, reply_type, yiaddr=None, server_id="",
                    mask="255.255.255.0"):
        reply = bytearray(240)
        reply[0:4] = bytes([2, 1, 6, 0])
        reply[4:8] = m[4:8]
        reply[10:12] = m[10:12]
        reply[16:20] = ip_bytes(yiaddr or self.client_ip)
        reply[20:24] = ip_bytes(self.ip)
        reply[28:44] = m[28:44]
        for name, off, size in (("sname", 44, 64), ("file", 108, 128)):
            field = self.dhcp_fields.get(name, b"")[:size]
            reply[off:off + len(field)] = field
        reply[236:240] = bytes([99, 130, 83, 99])
        o = bytes([53, 1, reply_type])
        o += bytes([1, 4]) + ip_bytes(mask)
        o += bytes([3, 4]) + ip_bytes("192.168.7.254")
        o += bytes([6, 4]) + ip_bytes("192.168.7.53")
        if server_id is not None:
            o += bytes([54, 4]) + ip_bytes(server_id or self.ip)
        o += bytes([51, 4, 0, 0, 14, 16])
        if self.bootfile is not None:
            o += bytes([67, len(self.bootfile)]) + self.bootfile.encode()
        for code, value in self.dhcp_options:
            o += bytes([code, len(value)]) + value
        self.send_udp("255.255.255.255", 67, 68, bytes(reply) + o + b"\xff",
                      BCAST)

    # ----------------------------------------------------------- TFTP
    def _error(self, dst, sport, dport, code, text):
        self.send_udp(dst, sport, dport,
                      struct.pack("!HH", 5, code) + text.encode() + b"\0")

    def _rrq(self, src, sport, data):
        self.log.append(("rrq", sport))
        if self.ignore_rrq:
            return
        parts = data[2:].split(b"\0")
        if struct.unpack("!H", data[:2])[0] != 1 or len(parts) < 2:
            return
        name = parts[0].decode(errors="replace")
        opts = {parts[i].decode().lower(): parts[i + 1].decode()
                for i in range(2, len(parts) - 1, 2)}
        self.rrq_options = opts
        tport = 40000 + (sport % 20000)
        if self.error:
            self._error(src, tport, sport, *self.error)
            return
        if name not in self.files:
            self._error(src, tport, sport, 1, "File not found")
            return
        body = self.files[name]
        t = {"dst": src, "cport": sport, "port": tport,
             "data": body + self.extra_data,
             "blk": 512, "win": 1, "acked": 0, "sent": set(),
             "last": 0.0, "done": False, "retries": 0}
        oack = b""
        if not self.ignore_options:
            for k in ("blksize", "windowsize", "timeout", "tsize"):
                if k in opts:
                    v = str(len(body)) if k == "tsize" else opts[k]
                    if k == "blksize":
                        t["blk"] = int(v)
                    if k == "windowsize":
                        t["win"] = int(v)
                    oack += k.encode() + b"\0" + v.encode() + b"\0"
        if oack:
            oack += self.oack_extra
        t["nblocks"] = len(t["data"]) // t["blk"] + 1
        self._tftp = t
        if oack:
            self.send_udp(src, tport, sport, struct.pack("!H", 6) + oack)
            t["last"] = time.monotonic()
        else:
            self._send_window()

    def _send_block(self, n):
        t = self._tftp
        chunk = t["data"][(n - 1) * t["blk"]:n * t["blk"]]
        pkt = struct.pack("!HH", 3, n & 0xffff) + chunk
        first = n not in t["sent"]
        if self.mute_after is not None and n > self.mute_after:
            return
        t["sent"].add(n)
        if first and n in self.drop_blocks:
            return
        if first and n in self.corrupt_blocks:
            self.send_udp(t["dst"], t["port"], t["cport"], pkt, corrupt=True)
            return
        self.send_udp(t["dst"], t["port"], t["cport"], pkt)
        if first and n in self.dup_blocks:
            self.send_udp(t["dst"], t["port"], t["cport"], pkt)
        if first and self.stray_port:
            self.send_udp(t["dst"], t["port"] + 1, t["cport"],
                          struct.pack("!HH", 3, (n + 1) & 0xffff) + chunk)

    def _stalled(self):
        t = self._tftp
        return self.stall and t and not t["done"] and \
            t["acked"] >= self.stall_after

    def _send_stall(self):
        t = self._tftp
        if time.monotonic() - t["last"] < 0.05:
            return
        t["last"] = time.monotonic()
        n = self.stall_after + (5 if self.stall == "future" else 0)
        chunk = t["data"][(n - 1) * t["blk"]:n * t["blk"]]
        op = 9 if self.stall == "junk" else 3
        for _ in range(self.stall_burst):
            self.send_udp(t["dst"], t["port"], t["cport"],
                          struct.pack("!HH", op, n & 0xffff) + chunk)

    def _send_window(self):
        t = self._tftp
        if self._stalled():
            return
        order = list(range(t["acked"] + 1,
                           min(t["acked"] + t["win"], t["nblocks"]) + 1))
        for i in range(len(order) - 1):
            n = order[i]
            if n in self.reorder_blocks and n not in t["sent"]:
                order[i], order[i + 1] = order[i + 1], order[i]
        for n in order:
            if n in self.delay_blocks and n not in t["sent"]:
                time.sleep(self.delay_blocks[n])
            self._send_block(n)
        t["last"] = time.monotonic()

    def _tftp_ack(self, sport, data):
        t = self._tftp
        if sport != t["cport"] or len(data) < 4:
            return
        op, num = struct.unpack("!HH", data[:4])
        if op != 4:
            self.log.append(("tftp-op", op))
            return
        self.acks.append(num)
        # Map the 16-bit number to the nearest block at or after acked
        blk = t["acked"] + ((num - t["acked"]) & 0xffff)
        if blk > t["nblocks"] or blk < t["acked"]:
            return
        t["acked"] = blk
        t["retries"] = 0
        if blk == t["nblocks"]:
            t["done"] = True
            return
        self._send_window()

    def _tftp_timer(self):
        t = self._tftp
        if not t or t["done"] or time.monotonic() - t["last"] < 0.5:
            return
        t["retries"] += 1
        if t["retries"] > 10:
            t["done"] = True
            return
        self._send_window()

    def tftp_done(self):
        return bool(self._tftp and self._tftp["done"])
