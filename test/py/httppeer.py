# SPDX-License-Identifier: Apache-2.0 OR MIT
"""A one-connection HTTP/1.1 server on stdin/stdout, for QEMU's
'guestfwd=tcp:IP:80-cmd:...' (QEMU spawns it for each connection the
guest opens to IP:80): it reads one request and answers by its path, with
the faults tests need. Every wait is bounded.

Paths:
  /zero            200, empty body
  /data/N          200, N bytes of body(N), Content-Length
  /chunked/N       200, N bytes in chunks of varying size, with an
                   extension and a trailer
  /close/N         200, N bytes, no length: the close ends the body
  /redirect/C/K/P  C (301, 302, ...) to /redirect/C/K-1/P ... then to P
                   (K hops); P is the rest of the path
  /loop            302 to itself
  /status/C        C with a short body
  /cut/N           Content-Length N, then only N/2 bytes and the close
  /stall/N         the head and N/2 bytes, then nothing for 60 s
  /file/NAME       the file NAME of the directory given as the first
                   argument (none: 404), with its length
"""

import os
import sys
import time


def body(n):
    """The body of /data/n and the others: bytes the test can recompute."""
    out = bytearray(n)
    for i in range(0, n, 4096):
        block = ((i // 4096) * 2654435761 & 0xffffffff).to_bytes(4, "big")
        chunk = (block * 1024)[:min(4096, n - i)]
        out[i:i + len(chunk)] = chunk
    return bytes(out)


def send(data):
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def head(status, fields=()):
    reason = {200: "OK", 301: "Moved Permanently", 302: "Found",
              303: "See Other", 307: "Temporary Redirect",
              308: "Permanent Redirect", 404: "Not Found",
              500: "Internal Server Error"}.get(status, "Status")
    lines = [f"HTTP/1.1 {status} {reason}", "Server: ember-test",
             "Connection: close", *fields, "", ""]
    send("\r\n".join(lines).encode())


def read_request():
    """The request line (the rest of the head is read and dropped)."""
    data = b""
    deadline = time.monotonic() + 20
    while b"\r\n\r\n" not in data and len(data) < 65536:
        if time.monotonic() > deadline:
            return None
        chunk = sys.stdin.buffer.read1(4096)
        if not chunk:
            return None
        data += chunk
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def serve(path):
    parts = path.split("/")
    if path == "/zero":
        head(200, ["Content-Length: 0"])
    elif parts[1] == "data":
        n = int(parts[2])
        head(200, [f"Content-Length: {n}"])
        send(body(n))
    elif parts[1] == "chunked":
        data, off, size = body(int(parts[2])), 0, 1
        head(200, ["Transfer-Encoding: chunked"])
        while off < len(data):
            piece = data[off:off + size]
            send(b"%x;ext=1\r\n" % len(piece) + piece + b"\r\n")
            off += len(piece)
            size = size * 3 + 1 if size < 40000 else 1
        send(b"0\r\nX-Trailer: yes\r\n\r\n")
    elif parts[1] == "close":
        head(200)
        send(body(int(parts[2])))
    elif parts[1] == "redirect":
        code, hops = int(parts[2]), int(parts[3])
        rest = "/" + "/".join(parts[4:])
        target = rest if hops <= 1 else \
            f"/redirect/{code}/{hops - 1}{rest}"
        head(code, [f"Location: {target}", "Content-Length: 5"])
        send(b"moved")
    elif path == "/loop":
        head(302, ["Location: /loop", "Content-Length: 0"])
    elif parts[1] == "status":
        msg = b"nothing here\n"
        head(int(parts[2]), [f"Content-Length: {len(msg)}"])
        send(msg)
    elif parts[1] == "cut":
        n = int(parts[2])
        head(200, [f"Content-Length: {n}"])
        send(body(n)[:n // 2])
    elif parts[1] == "stall":
        n = int(parts[2])
        head(200, [f"Content-Length: {n}"])
        send(body(n)[:n // 2])
        time.sleep(60)
    elif parts[1] == "file" and len(sys.argv) > 1 and ".." not in parts:
        name = os.path.join(sys.argv[1], *parts[2:])
        if not os.path.isfile(name):
            head(404, ["Content-Length: 0"])
            return
        with open(name, "rb") as f:
            data = f.read()
        head(200, [f"Content-Length: {len(data)}"])
        send(data)
    else:
        head(404, ["Content-Length: 0"])


def main():
    line = read_request()
    if not line:
        return
    method, path, _ = (line.split(" ") + ["", ""])[:3]
    if method != "GET":
        head(405, ["Content-Length: 0"])
        return
    serve(path)


if __name__ == "__main__":
    try:
        main()
    except (BrokenPipeError, ConnectionResetError):
        pass
