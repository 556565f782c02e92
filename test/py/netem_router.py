# SPDX-License-Identifier: Apache-2.0 OR MIT
"""init of the network lab's netem router: run as PID 1 by user-mode
Linux (Debian's linux.uml), which netlab.py starts inside the lab's
namespace when the host's kernel has no sch_netem (Lab(netem=True)).

    linux.uml ... vec0:transport=raw,ifname=<QEMU's tap>
                  vec1:transport=raw,ifname=<the router's veth>
                  init=/usr/bin/python3 -- netem_router.py MODULES_DIR

The root filesystem is the host's, read-only (hostfs), so the host's
python3, ip and tc run here; MODULES_DIR is the UML kernel's modules
directory (.../lib/modules/<version> or usr/lib/uml/modules/<version>).
The router loads the four modules it needs with finit_module(2), sets
both interfaces up and joins them with an ingress matchall filter each
way whose action redirects every frame out of the other interface: a
wire, with no addresses, learning or routing. tc netem on vec0's egress
then acts on what the lab sends to the machine, as netem on the tap's
egress would in the lab's own kernel.

It reads one request per line on its console (the UML process's stdin;
echo is turned off) and answers each with one line on the console (its
stdout), prefixed "netem-router:":

    netem WORDS     tc qdisc replace dev vec0 root netem WORDS
                    -> "ok" or "error <what tc said>"
    off             the qdisc removed (none there is not an error) -> "ok"
    show            -> "ok <tc -s qdisc show dev vec0, on one line>"
    halt            powers the UML kernel off; nothing is answered

It says "netem-router: ready" once the wire is up, or "netem-router:
failed <why>" and powers off.
"""

import ctypes
import fcntl
import os
import shutil
import socket
import struct
import subprocess
import sys
import termios

LIBC = ctypes.CDLL(None, use_errno=True)
SYS_FINIT_MODULE = 313          # x86_64; UML is built for amd64 only
RB_POWER_OFF = 0x4321FEDC
MODULES = ("net/sched/sch_ingress.ko", "net/sched/cls_matchall.ko",
           "net/sched/act_mirred.ko", "net/sched/sch_netem.ko")
IFACES = ("vec0", "vec1")
PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
SIOCETHTOOL = 0x8946
ETHTOOL_GGRO, ETHTOOL_SGRO = 0x2b, 0x2c


class Failed(Exception):
    pass


def say(text):
    sys.stdout.write(f"netem-router: {text}\n")
    sys.stdout.flush()


def power_off():
    LIBC.sync()
    LIBC.reboot(RB_POWER_OFF)
    os._exit(1)         # only if reboot(2) failed; the kernel then panics


def mount(what, where, fstype):
    if LIBC.mount(what.encode(), where.encode(), fstype.encode(), 0,
                  None) != 0:
        err = ctypes.get_errno()
        raise Failed(f"mount {fstype} on {where}: {os.strerror(err)}")


def load(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if LIBC.syscall(SYS_FINIT_MODULE, fd, b"", 0) != 0:
            err = ctypes.get_errno()
            raise Failed(f"finit_module {path}: {os.strerror(err)}")
    finally:
        os.close(fd)


def run(*argv):
    """(exit status, what it printed, on one line)"""
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=20,
                           env={"PATH": PATH})
    except (OSError, subprocess.TimeoutExpired) as e:
        return 1, str(e)
    return r.returncode, " ".join((r.stdout + r.stderr).split())


def must(*argv):
    status, out = run(*argv)
    if status:
        raise Failed(f"{' '.join(argv)}: {out}")


def ethtool(dev, cmd, data=0):
    """One struct ethtool_value command on @dev (ethtool itself is not a
    dependency); its data back"""
    value = ctypes.create_string_buffer(struct.pack("=II", cmd, data))
    ifreq = struct.pack("16sP", dev.encode(), ctypes.addressof(value))
    ifreq += bytes(40 - len(ifreq))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        fcntl.ioctl(s, SIOCETHTOOL, ifreq)
    return struct.unpack("=II", value.raw[:8])[1]


def gro(dev, on=None):
    """ethtool -K @dev gro on|off; with @on None, whether it is on"""
    try:
        if on is None:
            return bool(ethtool(dev, ETHTOOL_GGRO))
        return ethtool(dev, ETHTOOL_SGRO, int(on))
    except OSError as e:
        raise Failed(f"{dev}: GRO: {e}") from None


def wire(tc, ip):
    for dev in IFACES:
        must(ip, "link", "set", dev, "up")
        # The vector driver merges received frames (GRO) into skbs it then
        # sends out wrong: parts of the payload zeroed, under a valid
        # checksum when the far side computes it from the vnet header (seen
        # with Debian's 6.1um4). A router that forwards frames as they
        # came needs none of it. Turned off once the link is up: opening
        # the device turns it on.
        gro(dev, False)
    for dev, other in (IFACES, reversed(IFACES)):
        must(tc, "qdisc", "add", "dev", dev, "handle", "ffff:", "ingress")
        must(tc, "filter", "add", "dev", dev, "parent", "ffff:", "matchall",
             "action", "mirred", "egress", "redirect", "dev", other)
    # Read back once the wire is complete
    for dev in IFACES:
        if gro(dev):
            raise Failed(f"{dev}: GRO is on")


def serve(tc):
    dev = IFACES[0]
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "halt":
            return
        if words[0] == "netem" and len(words) > 1:
            status, out = run(tc, "qdisc", "replace", "dev", dev, "root",
                              "netem", *words[1:])
        elif words == ["off"]:
            status, out = run(tc, "qdisc", "del", "dev", dev, "root")
            if status and ("No such file" in out or "handle of zero" in out):
                status = 0
        elif words == ["show"]:
            status, out = run(tc, "-s", "qdisc", "show", "dev", dev)
            if not status:
                say(f"ok {out}")
                continue
        else:
            status, out = 1, f"unknown request {line.strip()!r}"
        say("ok" if status == 0 else f"error {out}")


def main():
    try:
        # UML appends console=tty0 to its command line, after the "--":
        # the kernel hands that to init too
        if len(sys.argv) < 2:
            raise Failed("usage: netem_router.py MODULES_DIR")
        try:
            attrs = termios.tcgetattr(0)
            attrs[3] &= ~(termios.ECHO | termios.ECHONL)
            termios.tcsetattr(0, termios.TCSANOW, attrs)
        except termios.error as e:
            raise Failed(f"console: {e}") from None
        mount("proc", "/proc", "proc")
        mount("sysfs", "/sys", "sysfs")
        for m in MODULES:
            load(os.path.join(sys.argv[1], "kernel", m))
        tc, ip = (shutil.which(p, path=PATH) for p in ("tc", "ip"))
        if not tc or not ip:
            raise Failed("no tc or ip (iproute2) on the root filesystem")
        wire(tc, ip)
    except (Failed, OSError) as e:
        say(f"failed {e}")
        power_off()
    say("ready")
    serve(tc)
    power_off()


if __name__ == "__main__":
    main()
