#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Write the fuzz harnesses' seed corpora (test/fuzz/corpus/<harness>/):
inputs that reach deep on their own, for libFuzzer to mutate. Run once
when a harness's input format changes; the files are checked in.

  test/fuzz/seeds.py DTB...     (DTBs for the fdt harness: the boards' own)
"""

import gzip
import os
import struct
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "py"))
from netpeer import checksum  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUR_MAC = bytes.fromhex("525400abcdef")
PEER_MAC = bytes.fromhex("02aabbccdd01")
OUR_IP, SERVER_IP = bytes([192, 168, 7, 50]), bytes([192, 168, 7, 1])
XID = 0x12345678


def ip(proto, payload, src=SERVER_IP, dst=OUR_IP, ident=1, frag=0):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                      frag, 64, proto, 0, src, dst)
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return OUR_MAC + PEER_MAC + b"\x08\x00" + hdr + payload


def udp(sport, dport, data, src=SERVER_IP, dst=OUR_IP):
    ulen = 8 + len(data)
    pseudo = src + dst + struct.pack("!BBH", 0, 17, ulen)
    hdr = struct.pack("!HHHH", sport, dport, ulen, 0)
    s = checksum(pseudo + hdr + data) or 0xffff
    return ip(17, hdr[:6] + struct.pack("!H", s) + data, src, dst)


def arp_request():
    p = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + PEER_MAC + SERVER_IP + \
        b"\0" * 6 + OUR_IP
    return b"\xff" * 6 + PEER_MAC + b"\x08\x06" + p


def echo_request():
    msg = struct.pack("!BBHHH", 8, 0, 0, 7, 1) + b"ember"
    return ip(1, msg[:2] + struct.pack("!H", checksum(msg)) + msg[4:])


def fragments():
    body = struct.pack("!HHHH", 40000, 68, 8 + 32, 0) + bytes(range(32))
    return [ip(17, body[:24], ident=9, frag=0x2000),
            ip(17, body[24:], ident=9, frag=3)]


def dhcp(kind, yiaddr=b"\xc0\xa8\x07\x32", extra=b"", sname=b"",
         file=b""):
    m = bytearray(240)
    m[44:44 + len(sname)] = sname
    m[108:108 + len(file)] = file
    m[0:4] = bytes([2, 1, 6, 0])
    m[4:8] = struct.pack("!I", XID)
    m[16:20] = yiaddr
    m[20:24] = SERVER_IP
    m[28:34] = OUR_MAC
    m[236:240] = bytes([99, 130, 83, 99])
    o = bytes([53, 1, kind, 1, 4, 255, 255, 255, 0, 3, 4, 192, 168, 7, 254,
               54, 4]) + SERVER_IP + bytes([67, 8]) + b"boot.bin" + extra + \
        b"\xff"
    return udp(67, 68, bytes(m) + o)


def dhcp_pxe(kind):
    """A reply with option overload (52 = 3): a boot file URL and 209 in
    'file', 66 and 210 in 'sname'"""
    url = b"http://192.168.7.1/Image"
    file = bytes([67, len(url)]) + url + bytes([209, 13]) + \
        b"pxelinux.cfg/" + b"\xff"
    sname = bytes([66, 11]) + b"192.168.7.1" + bytes([210, 6]) + b"/tftp/" + \
        b"\xff"
    return dhcp(kind, extra=bytes([52, 1, 3]), sname=sname, file=file)


def net_dhcp_seeds():
    write("net", "dhcp-offer-ack", bytes([1 | 4]) + chunks(dhcp(2), dhcp(5)))
    write("net", "dhcp-overload", bytes([1 | 4]) +
          chunks(dhcp_pxe(2), dhcp_pxe(5)))


def tftp(op, body):
    return udp(40000, 50000, struct.pack("!H", op) + body)


def chunks(*frames):
    return b"".join(struct.pack("!H", len(f)) + f for f in frames)


def write(harness, name, data):
    d = os.path.join(HERE, "corpus", harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# Partition tables (the part harness): a flags byte (bit 0: the harness
# puts the GPT CRCs right; bit 1: 4096-byte blocks), then a disk image,
# kept tiny (GPT with 4 entries, a one-block array) so mutations are cheap
def mbr_entry(boot, ptype, start, size):
    return struct.pack("<B3sB3sII", boot, b"", ptype, b"", start, size)


def mbr_block(entries, sig=0x1234abcd, blksz=512):
    ents = b"".join(entries) + b"\0" * (64 - 16 * len(entries))
    blk = b"\0" * 440 + struct.pack("<I", sig) + b"\0\0" + ents + b"\x55\xaa"
    return blk + b"\0" * (blksz - 512)


def disk(blocks, nblocks, blksz=512):
    img = bytearray(nblocks * blksz)
    for lba, data in blocks.items():
        img[lba * blksz:lba * blksz + len(data)] = data
    return bytes(img)


def gpt_image(nblocks=16, nent=4, parts=((3, 6, 0xef), (7, 12, 0x83)),
              blksz=512):
    esize = 128
    ablocks = (nent * esize + blksz - 1) // blksz
    first, last = 2 + ablocks, nblocks - 2 - ablocks
    types = {0xef: bytes.fromhex("28732ac11ff8d211ba4b00a0c93ec93b"),
             0x83: bytes.fromhex("af3dc60f838472478e793d69d8477de4")}
    arr = bytearray(nent * esize)
    for i, (start, end, t) in enumerate(parts):
        name = f"part{i + 1}".encode("utf-16-le")
        arr[i * esize:(i + 1) * esize] = (
            types[t] + bytes(range(16 * i, 16 * i + 16)) +
            struct.pack("<QQQ", start, end, 4 if t == 0x83 else 0) +
            name.ljust(72, b"\0"))

    def header(lba, alt, elba):
        h = struct.pack("<8sIIIIQQQQ16sQIII", b"EFI PART", 0x10000, 92, 0,
                        0, lba, alt, first, last, bytes(range(0xa0, 0xb0)),
                        elba, nent, esize, zlib.crc32(arr))
        h = h[:16] + struct.pack("<I", zlib.crc32(h)) + h[20:]
        return h.ljust(blksz, b"\0")
    pmbr = mbr_block([mbr_entry(0, 0xee, 1, min(nblocks - 1, 0xffffffff))],
                     0, blksz)
    return disk({0: pmbr, 1: header(1, nblocks - 1, 2), 2: bytes(arr),
                 last + 1: bytes(arr),
                 nblocks - 1: header(nblocks - 1, 1, last + 1)},
                nblocks, blksz)


def part_seeds():
    write("part", "mbr-primaries", bytes([0]) + disk({0: mbr_block([
        mbr_entry(0x80, 0x83, 1, 3), mbr_entry(0, 0x0c, 4, 2),
        mbr_entry(0, 0, 0, 0), mbr_entry(0, 0x82, 6, 2)])}, 8))
    # Extended at 4 (12 blocks): logicals 5, 6, 7 through three EBRs
    ext = {0: mbr_block([mbr_entry(0, 0x83, 1, 3),
                         mbr_entry(0, 0x0f, 4, 12)]),
           4: mbr_block([mbr_entry(0, 0x83, 1, 2),
                         mbr_entry(0, 0x05, 3, 4)], 0),
           7: mbr_block([mbr_entry(0x80, 0x07, 1, 2),
                         mbr_entry(0, 0x05, 7, 5)], 0),
           11: mbr_block([mbr_entry(0, 0x82, 1, 4)], 0)}
    write("part", "mbr-extended", bytes([0]) + disk(ext, 16))
    ext[11] = mbr_block([mbr_entry(0, 0x82, 1, 4),
                         mbr_entry(0, 0x85, 3, 4)], 0)
    write("part", "mbr-ebr-loop", bytes([0]) + disk(ext, 16))
    write("part", "mbr-4k", bytes([2]) + disk({0: mbr_block([
        mbr_entry(0, 0x83, 1, 1), mbr_entry(0, 0x05, 2, 1)], blksz=4096),
        2: mbr_block([mbr_entry(0, 0x83, 0, 1)], 0, 4096)}, 3, 4096))
    write("part", "gpt", bytes([0]) + gpt_image())
    write("part", "gpt-fix-crcs", bytes([1]) + gpt_image())
    bad = bytearray(gpt_image())
    bad[512 + 40] ^= 1
    write("part", "gpt-primary-damaged", bytes([0]) + bytes(bad))
    bad[2 * 512 + 32] ^= 1
    write("part", "gpt-primary-entries", bytes([1]) + bytes(bad))
    write("part", "gpt-4k", bytes([2]) +
          gpt_image(8, 4, ((3, 4, 0x83),), 4096))
    # What gdisk writes: 128 entries in 32 blocks, each copy
    write("part", "gpt-128", bytes([0]) +
          gpt_image(72, 128, ((34, 35, 0xef), (36, 38, 0x83))))


# Standard boot's scan (the bootflow harness): a disk image. A FAT12
# filesystem made by Debian's dosfstools and mtools holding an
# extlinux.conf and a boot script, alone, in an MBR partition flagged
# bootable, and in a GPT partition with the legacy BIOS bootable attribute
def bootflow_fat():
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        img, conf = os.path.join(d, "fat.img"), os.path.join(d, "conf")
        with open(conf, "w") as f:
            f.write("default l\nlabel l\n  linux /Image\n"
                    "  initrd /initrd\n  append console=ttyAMA0\n")
        subprocess.run(["mkfs.fat", "-C", "-r", "16", "-s", "1", "-f", "1",
                        img, "40"], check=True, stdout=subprocess.DEVNULL)
        for cmd in (["mmd", "-i", img, "::/extlinux", "::/boot"],
                    ["mcopy", "-i", img, conf, "::/extlinux/extlinux.conf"],
                    ["mcopy", "-i", img, conf, "::/boot/boot.scr"]):
            subprocess.run(cmd, check=True)
        with open(img, "rb") as f:
            return f.read()


def bootflow_seeds():
    fat = bootflow_fat()
    nfat = len(fat) // 512
    write("bootflow", "whole-fat", fat)
    write("bootflow", "mbr-fat", disk({0: mbr_block([
        mbr_entry(0, 0x83, 1 + nfat, 1), mbr_entry(0x80, 0x0c, 1, nfat)]),
        1: fat}, 2 + nfat))
    gpt = bytearray(gpt_image(nfat + 6, 4, ((3, 2 + nfat, 0x83),)))
    gpt[3 * 512:3 * 512 + len(fat)] = fat
    write("bootflow", "gpt-fat", bytes(gpt))


# DNS replies (the dns harness): a flags byte (bit 0: the harness puts the
# id right; bit 1: it writes our question over the reply's), the name
# asked as a chunk, then the reply to id 0xbeef
def dns_name(name):
    return b"".join(bytes([len(label)]) + label
                    for label in name.encode().split(b".")) + b"\0"


def dns_reply(answers, rcode=0, flags=0x8180, name="www.example.com"):
    head = struct.pack("!HHHHHH", 0xbeef, flags | rcode, 1, len(answers),
                       0, 0)
    return head + dns_name(name) + struct.pack("!HH", 1, 1) + \
        b"".join(answers)


def dns_rr(owner, rtype, rdata):
    return owner + struct.pack("!HHIH", rtype, 1, 300, len(rdata)) + rdata


def dns_seeds():
    q = b"\xc0\x0c"              # the question's name
    a1, a2 = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])

    def seed(name, reply, flags=3):
        write("dns", name, bytes([flags]) + chunks(b"www.example.com") +
              reply)
    seed("a", dns_reply([dns_rr(q, 1, a1)]))
    seed("a-many", dns_reply([dns_rr(q, 28, bytes(16)), dns_rr(q, 1, a1),
                              dns_rr(q, 1, a2)]))
    # www -> cdn -> edge, compressed against the question and each other
    seed("cname-chain", dns_reply([
        dns_rr(q, 5, b"\3cdn\xc0\x10"),
        dns_rr(b"\xc0\x2d", 5, b"\4edge\xc0\x2d"),
        dns_rr(b"\xc0\x3f", 1, a2)]))
    seed("cname-loop", dns_reply([dns_rr(q, 5, b"\1a\xc0\x10"),
                                  dns_rr(b"\xc0\x2d", 5, q)]))
    # A name reached through eight pointers, each further back
    ptrs = b"\xc0\x0c" + b"".join(struct.pack("!H", 0xc000 + 45 + 2 * i)
                                   for i in range(7))
    seed("pointers", dns_reply([dns_rr(q, 99, ptrs),
                                dns_rr(struct.pack("!H", 0xc000 + 59), 1,
                                       a1)]))
    seed("nxdomain", dns_reply([], rcode=3))
    seed("servfail", dns_reply([], rcode=2))
    seed("truncated", dns_reply([dns_rr(q, 1, a1)], flags=0x8380))
    seed("unfixed", dns_reply([dns_rr(q, 1, a1)]), flags=0)


# HTTP (the http harness). Responses: a mode byte 0, the room in units of
# 32 bytes, two bytes seeding the piece sizes, then the response. URLs: a
# mode byte 1, the base URL, a newline, the reference to resolve
def http_seeds():
    def resp(name, text, room=255, seed=0x1234):
        write("http", name, bytes([0, room]) + struct.pack("!H", seed) +
              text)
    resp("length", b"HTTP/1.1 200 OK\r\nServer: x\r\n"
         b"Content-Length: 11\r\n\r\nhello world")
    resp("chunked", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
         b"\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 1\r\n\r\n",
         seed=0x8001)
    resp("close", b"HTTP/1.0 200 OK\nConnection: keep-alive\n\nto the end")
    resp("interim-redirect", b"HTTP/1.1 100 Continue\r\n\r\n"
         b"HTTP/1.1 301 Moved\r\nLocation: ../other/./file?x=1#f\r\n"
         b"Connection: close\r\nContent-Length: 0\r\n\r\n")
    resp("no-content", b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n"
         b"\r\n")
    resp("too-large", b"HTTP/1.1 200 OK\r\nContent-Length: 99999\r\n\r\n",
         room=1)
    resp("cl-and-chunked", b"HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n"
         b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
    # At the line and field bounds (8 KiB, 100 fields), so that inputs
    # may grow that long
    resp("long-line", b"HTTP/1.1 200 OK\r\nX-Long: " + b"v" * 8172 +
         b"\r\nContent-Length: 1\r\n\r\nx")
    resp("many-fields", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
         b"\r\n\r\n1\r\nx\r\n0\r\n" +
         b"".join(b"T-%d: %d\r\n" % (i, i) for i in range(100)) + b"\r\n")
    for i, (b, r) in enumerate([
            (b"http://Boot.Example:8080/a/b/c?q=1#f", b"../../d/./e?y"),
            (b"http://10.0.2.2/pxelinux.cfg/default", b"//other:81/x"),
            (b"https://secure/", b"/abs/path;p?q"),
            (b"http://h/%41/", b"http://user@h/")]):
        write("http", f"url{i}", bytes([1]) + b + b"\n" + r)


# fw_cfg (the qfw harness): flags, the directory, the CPU count, then the
# kernel, initrd and command line (a little-endian size and a chunk each),
# then the two load addresses (offsets into the sandbox's RAM, plus 4 KiB)
def qfw_seeds():
    names = [b"bootorder", b"etc/acpi/tables", b"opt/ember/" + b"x" * 50]
    d = struct.pack(">I", len(names)) + b"".join(
        struct.pack(">IHH56s", 16 * i, 0x20 + i, 0, n[:56])
        for i, n in enumerate(names))
    kernel, initrd = bytes(range(256)) * 4, b"initrd" * 100
    cmdline = b"console=ttyAMA0 root=/dev/vda\0"
    body = chunks(d, b"\x02\x00") + \
        struct.pack("<I", len(kernel)) + chunks(kernel) + \
        struct.pack("<I", len(initrd)) + chunks(initrd) + \
        struct.pack("<I", len(cmdline)) + chunks(cmdline) + \
        struct.pack("<II", 0x401000, 0x5001000)
    write("qfw", "dma", bytes([0]) + body)
    write("qfw", "data-register", bytes([1]) + body)
    write("qfw", "dir-count-lies", bytes([0]) + chunks(
        struct.pack(">I", 5000)) + bytes(4))


# NVMe (the nvme harness): flags, the Identify Controller page and the
# active namespace list (chunks; empty: the model's), a count of Identify
# Namespace pages and the pages (each for the NSID at its index in the
# list), then lies of 4 bytes: the completion entry's number, the kind
# (asm/nvme_emul.h) and a 16-bit little-endian value. With the model's
# two namespaces, entries 0-5 are the probe's admin commands (queues,
# Identify Controller, the list, each namespace), then 6 on disk 0's
# reads, write, flush and streamed pieces, one command each.
NVME_CID, NVME_SQID, NVME_STATUS, NVME_PHASE, NVME_DUP, NVME_DROP, \
    NVME_CFS = range(7)


def nvme_id_ctrl(nn=2, mdts=5, vwc=True):
    p = bytearray(528)
    struct.pack_into("<HH20s40s8s", p, 0, 0x1b36, 0x1af4,
                     b"EMBER-NVME-10.0".ljust(20), b"Ember sandbox NVMe"
                     .ljust(40), b"1.0".ljust(8))
    p[77] = mdts
    struct.pack_into("<I", p, 80, 0x10400)
    p[512], p[513] = 0x66, 0x44     # SQES, CQES
    struct.pack_into("<I", p, 516, nn)
    p[525] = 7 if vwc else 0
    return bytes(p)


def nvme_id_ns(blocks, lbads):
    """LBA formats 512 and 4096 bytes, and @lbads's when it is neither;
    FLBAS picks @lbads's"""
    formats = [9, 12] + ([] if lbads in (9, 12) else [lbads])
    p = bytearray(128 + 4 * len(formats))
    struct.pack_into("<QQQBB", p, 0, blocks, blocks, blocks, 0,
                     len(formats) - 1)
    p[26] = formats.index(lbads)
    for i, f in enumerate(formats):
        p[128 + 4 * i + 2] = f
    return bytes(p)


def nvme_input(flags=0, ctrl=b"", nslist=(), ns=(), lies=()):
    ids = b"".join(struct.pack("<I", n) for n in nslist)
    return bytes([flags]) + chunks(ctrl, ids) + bytes([len(ns)]) + \
        chunks(*ns) + b"".join(struct.pack("<BBH", n, k, v)
                               for n, k, v in lies)


def nvme_seeds():
    def seed(name, **kw):
        write("nvme", name, nvme_input(**kw))
    seed("defaults")
    # Completions late and newest first, buffers at odd addresses
    seed("late-reversed-odd", flags=0x01 | 0x02 | 0x40)
    # MDTS 8 KiB, long transfers, I/O queues of 4 entries
    seed("long-small-queue", flags=0x80 | 0x20 | (2 << 3))
    # Namespace 1 as 1024 blocks of 4 KiB
    seed("ns-4k", ctrl=nvme_id_ctrl(nn=1), nslist=[1],
         ns=[nvme_id_ns(1024, 12)])
    # NN 8, namespaces 1, 2, 5, 7: the model's pages for 1 and 2, 5 and 7
    # (which the model does not have) of 512 bytes and 64 KiB blocks
    seed("ns-list-gaps", ctrl=nvme_id_ctrl(nn=8, mdts=0),
         nslist=[1, 2, 5, 7],
         ns=[b"", b"", nvme_id_ns(8192, 9), nvme_id_ns(16, 16)])
    # Disk 0's first read answered for another CID (the controller is
    # reset: 7 and 8 bring it up again); then, late, the first two
    # streamed pieces' CIDs swapped
    seed("cid-tampered", flags=0x01, lies=[(6, NVME_CID, 5),
                                            (12, NVME_CID, 1),
                                            (13, NVME_CID, 0)])
    # A read error, LBA out of range, a failed namespace list (the driver
    # falls back to 1..NN)
    seed("error-status", lies=[(3, NVME_STATUS, 0x0b),
                               (6, NVME_STATUS, 0x281),
                               (8, NVME_STATUS, 0x080)])
    # A completion twice, one never, the other phase, a fatal status
    seed("dup-drop-cfs", lies=[(6, NVME_DUP, 0), (9, NVME_DROP, 0),
                               (16, NVME_PHASE, 0), (24, NVME_CFS, 0)])
    # Identify Controller's completion on the I/O queue: the probe fails
    seed("probe-sqid", lies=[(2, NVME_SQID, 1)])


# virtio-scsi (the virtio_scsi harness): flags, then changes of the
# model's answers, 4 bytes each: the answer's number, the kind and a
# 16-bit big-endian value; a DATA change is followed by a chunk, the data
# in. With the flags 0, answers 0-7 are the INQUIRYs of targets 0 to 7,
# 8 target 0's REPORT LUNS, then for LUNs 0, 1, 2 in turn INQUIRY, TEST
# UNIT READY, READ CAPACITY (10) and MODE SENSE (9-20), then disk 0's
# reads, write and flush.
VSCSI_RESPONSE, VSCSI_STATUS, VSCSI_SENSE_LEN, VSCSI_SENSE, VSCSI_RESIDUAL, \
    VSCSI_DATA_LEN, VSCSI_DATA_BYTE, VSCSI_DATA = range(8)


def vscsi_input(flags=0, changes=()):
    out = bytes([flags])
    for nth, kind, value, *data in changes:
        out += struct.pack(">BBH", nth, kind, value)
        if kind == VSCSI_DATA:
            out += chunks(data[0])
    return out


def vscsi_inquiry(byte0=0, vendor=b"VENDOR", length=36):
    p = bytearray(36)
    p[0], p[2], p[3], p[4] = byte0, 5, 2, 31
    p[8:16] = vendor.ljust(8)
    p[16:32] = b"PRODUCT".ljust(16)
    p[32:36] = b"0001"
    return bytes(p[:length])


def vscsi_luns(luns, length=None):
    body = b"".join(struct.pack(">HHI", (0x4000 | n) if n > 255 else n, 0,
                                0) for n in luns)
    return struct.pack(">II", len(body) if length is None else length, 0) \
        + body


def virtio_scsi_seeds():
    def seed(name, **kw):
        write("virtio_scsi", name, vscsi_input(**kw))
    seed("defaults")
    # 4 KiB blocks at LUN 300 of target 7, a CD-ROM, a write-protected
    # disk
    seed("units", flags=0x01 | 0x02 | 0x04 | 0x80)
    # cdb_size 16, sense_size 18, 4 KiB commands one at a time, unit
    # attentions first
    seed("small", flags=0x08 | 0x10 | 0x20 | 0x40)
    # Target 0's LUN 0 a CD-ROM, another vendor; target 3 answering as a
    # disk, with a REPORT LUNS answer of its own (LUN 0 only)
    seed("inquiry", changes=[(0, VSCSI_DATA, 0, vscsi_inquiry(5)),
                             (3, VSCSI_DATA, 0, vscsi_inquiry(0, length=5)),
                             (3, VSCSI_RESPONSE, 0),
                             (3, VSCSI_RESIDUAL, 30)])
    # REPORT LUNS: LUNs listed twice, a flat LUN past 255, a list longer
    # than its data
    seed("report-luns", changes=[(8, VSCSI_DATA, 0,
                                  vscsi_luns([2, 0, 2, 300, 1],
                                             length=0x800))])
    # READ CAPACITY (10): last LBA 0xffffffff (so (16) is asked), then
    # 4 KiB blocks; a block size of 3
    seed("capacity", changes=[
        (11, VSCSI_DATA, 0, struct.pack(">II", 0xffffffff, 512)),
        (12, VSCSI_DATA, 0, struct.pack(">QI", 63, 4096) + bytes(20)),
        (16, VSCSI_DATA, 0, struct.pack(">II", 100, 3))])
    # Sense: LUN 0 becoming ready once, LUN 1 without a medium,
    # descriptor-format sense, a sense length past the buffer
    seed("sense", changes=[(10, VSCSI_SENSE, 0x0202), (10, VSCSI_SENSE,
                                                       0x0c04),
                           (10, VSCSI_SENSE, 0x0d01),
                           (15, VSCSI_SENSE, 0x0072), (15, VSCSI_SENSE,
                                                       0x0102),
                           (15, VSCSI_SENSE, 0x023a),
                           (19, VSCSI_SENSE_LEN, 0x0100)])
    # Disk 0's reads: BUSY, TASK SET FULL, a residual beyond the data,
    # a response the spec does not have
    seed("responses", changes=[(21, VSCSI_RESPONSE, 5),
                               (22, VSCSI_STATUS, 0x28),
                               (23, VSCSI_RESIDUAL, 0x1001),
                               (24, VSCSI_RESPONSE, 0x40)])


# Regular expressions (the regex harness): pattern NUL subject NUL
# replacement
# FITs and legacy images (the fit harness), made by Debian's mkimage and
# dtc: a flags byte (bit 0: the harness puts hash values and the legacy
# CRCs right), then the image. Small data, so that the fuzzer's changes
# land in the tree as often as in the data.
FIT_ITS = """/dts-v1/;
/ {
	description = "seed";
	timestamp = <0x6a000000>;
	#address-cells = <1>;
	images {
		kernel-1 {
			description = "kernel";
			data = /incbin/("k");
			type = "kernel";
			arch = "arm64";
			os = "linux";
			compression = "gzip";
			load = <0x48000000>;
			entry = <0x48000000>;
			hash-1 { algo = "sha256"; };
			hash-2 { algo = "crc32"; };
		};
		ramdisk-1 {
			data = /incbin/("r");
			type = "ramdisk";
			arch = "arm64";
			os = "linux";
			compression = "none";
			load = <0 0x4c000000>;
			hash-1 { algo = "sha1"; };
		};
		fdt-1 {
			data = /incbin/("f");
			type = "flat_dt";
			arch = "arm64";
			compression = "none";
			hash-1 { algo = "md5"; };
		};
	};
	configurations {
		default = "conf-1";
		conf-1 {
			kernel = "kernel-1";
			ramdisk = "ramdisk-1";
			fdt = "fdt-1", "fdt-1";
		};
		conf-2 { kernel = "kernel-1"; };
	};
};
"""


def fit_seeds():
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        def put(name, data):
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(data)

        def get(name):
            with open(os.path.join(tmp, name), "rb") as f:
                return f.read()
        put("k", b"\x1f\x8b" + bytes(range(40)))
        put("r", b"initrd" * 8)
        put("f", b"\xd0\x0d\xfe\xed" + bytes(60))
        put("a.its", FIT_ITS.encode())
        for name, args in (("embedded", []), ("external", ["-E"]),
                           ("position", ["-E", "-p", "0x800"])):
            subprocess.run(["mkimage", *args, "-f", "a.its", "o"], cwd=tmp,
                           check=True, stdout=subprocess.DEVNULL)
            write("fit", name, bytes([1]) + get("o"))
        subprocess.run(["mkimage", "-A", "arm64", "-O", "linux", "-T",
                        "kernel", "-C", "gzip", "-a", "48000000", "-e",
                        "48000000", "-n", "seed", "-d", "k", "o"], cwd=tmp,
                       check=True, stdout=subprocess.DEVNULL)
        write("fit", "legacy", bytes([1]) + get("o"))


def regex_seeds():
    for i, (pat, subj, repl) in enumerate([
            ("^([a-z]+)=([0-9]+)$", "abc=123", "\\2:\\1"),
            ("(a|b)*?c+[^d-f]\\d\\s\\w.$", "abbaccx1 z!", "<\\0>"),
            ("(x*)*y|z?", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxz", "-"),
            ("[]a\\-z]+(\\.\\*)?", "]a-z.*q", "\\\\")]):
        write("regex", f"seed{i}",
              pat.encode() + b"\0" + subj.encode() + b"\0" + repl.encode())


def elf_image(entry=0x44000010):
    """A 64-bit arm64 executable as a linker lays it out: the ELF header,
    three program headers (text, data with a bss, GNU_STACK), the bytes,
    then five section headers (null, .text, .data, .bss, .comment)"""
    text, data = bytes(range(32)), b"\x30" + bytes(15)
    off_text, off_data = 64 + 3 * 56, 64 + 3 * 56 + 32
    off_sh = off_data + 16 + 8
    ph = struct.pack("<IIQQQQQQ", 1, 5, off_text, 0x44000000, 0x44000000,
                     32, 32, 0x1000)
    ph += struct.pack("<IIQQQQQQ", 1, 6, off_data, 0x44001000, 0x44001000,
                      16, 0x210, 0x1000)
    ph += struct.pack("<IIQQQQQQ", 0x6474e551, 6, 0, 0, 0, 0, 0, 16)
    sh = bytes(64)
    sh += struct.pack("<IIQQQQIIQQ", 1, 1, 6, 0x44000000, off_text, 32, 0,
                      0, 8, 0)
    sh += struct.pack("<IIQQQQIIQQ", 2, 1, 3, 0x44001000, off_data, 16, 0,
                      0, 8, 0)
    sh += struct.pack("<IIQQQQIIQQ", 3, 8, 3, 0x44001010, off_data + 16,
                      0x200, 0, 0, 8, 0)
    sh += struct.pack("<IIQQQQIIQQ", 4, 1, 0x30, 0, off_data + 16, 8, 0,
                      0, 1, 1)
    eh = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    eh += struct.pack("<HHIQQQIHHHHHH", 2, 183, 1, entry, 64, off_sh, 0,
                      64, 56, 3, 64, 5, 0)
    return eh + ph + text + data + b"comment\0" + sh


def main():
    bootflow_seeds()
    # ELF images (the elf harness: a flags byte, bit 0 the section
    # headers, then the image)
    write("elf", "segments", bytes([0]) + elf_image())
    write("elf", "sections", bytes([1]) + elf_image())
    write("net", "arp-icmp-frags",
          bytes([0]) + chunks(arp_request(), echo_request(), *fragments()))
    net_dhcp_seeds()
    dns_seeds()
    http_seeds()
    oack = b"blksize\0" + b"512\0" + b"tsize\0" + b"1200\0"
    blocks = [tftp(3, struct.pack("!H", n) + bytes([n]) * (512 if n < 3
                                                            else 176))
              for n in (1, 2, 3)]
    write("net", "tftp-oack-data",
          bytes([2 | 4]) + chunks(tftp(6, oack), *blocks))
    write("net", "tftp-timeouts", bytes([2 | 4]) +
          chunks(b"", tftp(6, oack), b"", b"", blocks[0], b"", *blocks[1:]))
    write("net", "tftp-error", bytes([2 | 4]) +
          chunks(tftp(5, struct.pack("!H", 1) + b"File not found\0")))
    used = struct.pack("!H", 8) + b"".join(struct.pack("!II", i, 16)
                                          for i in range(8))
    write("ring", "eight-used", bytes([8]) + used)
    write("ring", "jump", bytes([4]) + struct.pack("!H", 9) +
          struct.pack("!II", 99, 1 << 20))
    # Packed: eight used descriptors (AVAIL, USED and WRITE on the first
    # lap), then the same ids again
    packed = b"".join(struct.pack("!HIH", i, 16, 0x8082) for i in range(8))
    write("ring", "packed-used", bytes([0x80 | 8]) + packed + packed)
    for i, line in enumerate([
            "setenv a 1; echo $a ${a} \"$a\" '$a' \\$a; echo $?",
            "true && echo yes || echo no; false || echo no # comment",
            "setenv r 'run r || run r'; run r",
            "setenv w 'echo x y z'; run w w; test -n \"$w\" && printenv w",
            "test 1 -lt 2 -a ! 3 -gt 4 -o abc = abc; echo ${?}",
            "env set x \"a;b\"; env print x; setenv x; echo ${x}z",
            "if itest 1 < 2; then a=1; elif false; then a=2; else a=3; fi\n"
            "for i in $a x 'y z'; do echo $i; done; showvar a",
            "n=0; while test $n != 000; do n=0$n; done\n"
            "until true; do echo ${n:-no}; done; echo ${u:=set} $u",
            "setenv s 'for i in 1 2; do if test $i = 2; then exit 3; fi; "
            "done'; run s || echo $?",
            "setexpr a 10 + 0x20; setexpr.b b *$a; setexpr c $a % 3; "
            "setexpr d fmt \"%-5s|%04x|%b%%\" ab $c '\\101\\c'; echo $d",
            "setexpr.s s *40200000 + *40200010; "
            "setexpr n fmt %d,%x, 1 -2 3; echo $n $s"]):
        write("shell", f"line{i}", line.encode())
    # Script images as 'mkimage -T script' makes them (flags byte first:
    # bit 0 verify, bit 1 CRCs put right by the harness)
    def script_image(files, type_=6):
        data = b"".join(struct.pack(">I", len(f)) for f in files) + \
            b"\0\0\0\0" + b"".join(f + b"\0" * (-len(f) % 4)
                                   for f in files)
        hdr = struct.pack(">7I4B32s", 0x27051956, 0, 0, len(data), 0, 0,
                          zlib.crc32(data), 5, 22, type_, 0, b"seed")
        hdr = hdr[:4] + struct.pack(">I", zlib.crc32(hdr)) + hdr[8:]
        return hdr + data
    write("image", "script", bytes([1]) + script_image(
        [b"echo one\nif true; then echo two; fi\n"]))
    write("image", "two-files", bytes([3]) + script_image([b"a", b"bc"]))
    write("image", "kernel", bytes([1]) + script_image([b"x"], 2))
    # A multi-file image (type 4), parts of odd lengths (imxtract)
    write("image", "multi", bytes([1]) + script_image(
        [b"first", b"x" * 13, b"last"], 4))
    # Compressed disk images (the gzwrite harness: a flags byte first)
    img = bytes(range(256)) * 40 + b"tail"
    write("gzwrite", "image", bytes([0]) + gzip.compress(img, mtime=0))
    write("gzwrite", "image-4k-offset",
          bytes([6]) + gzip.compress(img, mtime=0))
    write("gzwrite", "image-size", bytes([8]) +
          struct.pack(">I", len(img)) + gzip.compress(img, mtime=0))
    write("gzwrite", "empty", bytes([1]) + gzip.compress(b"", mtime=0))
    part_seeds()
    qfw_seeds()
    nvme_seeds()
    virtio_scsi_seeds()
    regex_seeds()
    fit_seeds()
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            write("fdt", os.path.basename(path), f.read())


if __name__ == "__main__":
    main()
