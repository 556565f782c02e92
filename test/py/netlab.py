# SPDX-License-Identifier: Apache-2.0 OR MIT
"""A closed network lab: a namespace, a tap device, dnsmasq and atftpd.

    lab = Lab(tftp_root)        # nothing happens yet
    lab.up()                    # namespace, tap, DHCP and TFTP servers
    lab.exec_prefix()           # ['ip', 'netns', 'exec', <ns>]: run in it
    lab.qemu_netdev()           # -netdev tap,... arguments for QEMU
    lab.down()                  # servers ended by PID, namespace deleted

The namespace has a unique name (ember-lab-<pid>-<random>), a loopback
and one tap device with the lab's address (or, with taps=N, a bridge
with the address and N tap devices on it, one per machine: a fleet); nothing routes anywhere else
(no default route, no veth to the host). dnsmasq (DHCP only, --port=0)
and atftpd listen only on the lab's address inside the namespace. QEMU,
started under exec_prefix(), opens the tap by name. Every process is
ended by its PID and the namespace is deleted by down(), which is safe
to call twice and after a failed up(); labs still up when the Python
process exits (an interrupted test run) are torn down by an atexit hook.

unavailable() says why the lab cannot run here (not root, no
/dev/net/tun, a program missing); tests skip with that reason.
"""

import atexit
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time

TAP = "tap0"
PROGRAMS = ("ip", "dnsmasq", "atftpd")
SBIN = ("/usr/sbin", "/sbin", "/usr/bin", "/bin")


def which(prog):
    """Path of @prog, also looking in the sbin directories."""
    path = os.environ.get("PATH", "") + ":" + ":".join(SBIN)
    return shutil.which(prog, path=path)


def unavailable():
    """Why the lab cannot run on this machine, or None if it can."""
    if os.geteuid() != 0:
        return "the network lab needs root (network namespaces, tap)"
    if not os.path.exists("/dev/net/tun"):
        return "the network lab needs /dev/net/tun"
    missing = [p for p in PROGRAMS if not which(p)]
    if missing:
        return (f"the network lab needs {', '.join(missing)} "
                "(scripts/deps installs them)")
    return None


_LIVE = set()   # labs up in this process, torn down at exit at the latest


@atexit.register
def _down_all():
    for lab in list(_LIVE):
        lab.down()


class LabError(Exception):
    """The lab could not be set up."""


class Lab:
    """One lab. @tftp_root is the directory atftpd serves; @bootfile is
    the DHCP boot file name (option 67); @subnet is the first three
    octets of the lab's /24 (the host side is .1, leases .50-.99); @mtu is
    the tap's MTU (9000: a jumbo-frame network)."""

    def __init__(self, tftp_root, bootfile="boot.bin", subnet="192.168.77",
                 atftpd_args=(), mtu=1500, taps=1):
        self.tftp_root = os.path.abspath(tftp_root)
        self.bootfile = bootfile
        self.subnet = subnet
        self.server = f"{subnet}.1"
        self.atftpd_args = list(atftpd_args)
        self.mtu = mtu
        self.ns = f"ember-lab-{os.getpid()}-{secrets.token_hex(3)}"
        self.tap = TAP
        self.taps = taps
        self.tmp = None
        self.procs = {}     # name -> Popen
        self.ns_created = False

    # ------------------------------------------------------------ helpers
    def exec_prefix(self):
        """argv prefix that runs a program inside the namespace (ip netns
        exec execs it: the PID of the child is the program's)."""
        return [which("ip"), "netns", "exec", self.ns]

    def tap_name(self, index=0):
        return self.tap if self.taps == 1 else f"tap{index}"

    def qemu_netdev(self, netdev_id="n0", index=0):
        """QEMU arguments for tap @index (QEMU's line keeps -nic none)."""
        return ["-netdev", f"tap,id={netdev_id},ifname={self.tap_name(index)},"
                "script=no,downscript=no"]

    def _ip(self, *args):
        r = subprocess.run([which("ip"), *args], capture_output=True,
                           text=True, timeout=20)
        if r.returncode:
            raise LabError(f"ip {' '.join(args)}: {r.stderr.strip()}")
        return r.stdout

    def _in_ns(self, *argv):
        self._ip("netns", "exec", self.ns, *argv)

    def log(self, name):
        """What a server logged so far: 'dnsmasq' (DHCP exchanges) or
        'atftpd' (each transfer with the options it accepted)."""
        if not self.tmp:
            return ""
        path = os.path.join(self.tmp, "dnsmasq.log" if name == "dnsmasq"
                            else f"{name}.out")
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    # ------------------------------------------------------------ up/down
    def up(self):
        """Create everything; on any failure undo what was done, raise."""
        why = unavailable()
        if why:
            raise LabError(why)
        _LIVE.add(self)
        try:
            self._up()
        except BaseException:
            self.down()
            raise
        return self

    def _up(self):
        self.tmp = tempfile.mkdtemp(prefix="ember-lab-")
        self._ip("netns", "add", self.ns)
        self.ns_created = True
        ip = which("ip")
        self._in_ns(ip, "link", "set", "lo", "up")
        if self.taps == 1:
            self._in_ns(ip, "tuntap", "add", "dev", self.tap, "mode", "tap")
            self._in_ns(ip, "addr", "add", f"{self.server}/24", "dev",
                        self.tap)
            self._in_ns(ip, "link", "set", self.tap, "mtu", str(self.mtu),
                        "up")
        else:
            # A fleet: one bridge with the lab's address, a tap per machine
            self.tap = "br0"
            self._in_ns(ip, "link", "add", "br0", "type", "bridge")
            self._in_ns(ip, "addr", "add", f"{self.server}/24", "dev", "br0")
            for i in range(self.taps):
                t = f"tap{i}"
                self._in_ns(ip, "tuntap", "add", "dev", t, "mode", "tap")
                self._in_ns(ip, "link", "set", t, "master", "br0", "mtu",
                            str(self.mtu), "up")
            self._in_ns(ip, "link", "set", "br0", "mtu", str(self.mtu), "up")
        self._start("dnsmasq", [
            which("dnsmasq"), "--keep-in-foreground", "--conf-file=/dev/null",
            "--no-resolv", "--no-hosts", "--port=0", "--user=root",
            f"--interface={self.tap}", "--bind-interfaces",
            f"--listen-address={self.server}",
            f"--dhcp-range={self.subnet}.50,{self.subnet}.99,"
            "255.255.255.0,1h",
            "--dhcp-authoritative",
            f"--dhcp-boot={self.bootfile},,{self.server}",
            f"--dhcp-option=66,\"{self.server}\"",
            "--dhcp-option=3", "--dhcp-option=6",
            f"--dhcp-leasefile={self.tmp}/leases",
            f"--pid-file={self.tmp}/dnsmasq.pid",
            "--log-dhcp", f"--log-facility={self.tmp}/dnsmasq.log"])
        self._start("atftpd", [
            which("atftpd"), "--daemon", "--no-fork", "--user", "root",
            "--group", "root", "--bind-address", self.server,
            "--port", "69", "--logfile", "-", "--verbose=7",
            *self.atftpd_args, self.tftp_root])
        self._wait_listening()

    def _start(self, name, argv):
        out = open(os.path.join(self.tmp, f"{name}.out"), "wb")
        try:
            self.procs[name] = subprocess.Popen(
                [*self.exec_prefix(), *argv], stdin=subprocess.DEVNULL,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            out.close()

    def _wait_listening(self, timeout=10):
        """Wait until dnsmasq has UDP 67 and atftpd UDP 69 open."""
        deadline = time.monotonic() + timeout
        while True:
            for name, p in self.procs.items():
                if p.poll() is not None:
                    raise LabError(f"{name} exited ({p.returncode}): "
                                   + self._output(name))
            r = subprocess.run([*self.exec_prefix(), which("ss") or "ss",
                                "-Hlnu"], capture_output=True, text=True,
                               timeout=10)
            ports = r.stdout
            if ":67 " in ports and f"{self.server}:69 " in ports:
                return
            if time.monotonic() > deadline:
                raise LabError(f"servers not listening after {timeout} s: "
                               f"{ports!r}")
            time.sleep(0.1)

    def _output(self, name):
        """The end of what @name printed (its .out file)."""
        try:
            with open(os.path.join(self.tmp, f"{name}.out"),
                      encoding="utf-8", errors="replace") as f:
                return f.read()[-500:]
        except OSError:
            return ""

    @staticmethod
    def _end(proc, wait=5):
        """End @proc by its PID: SIGTERM, bounded wait, SIGKILL."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if proc.poll() is not None:
                return
            try:
                os.kill(proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                proc.wait(wait)
            except subprocess.TimeoutExpired:
                pass

    def down(self):
        """End the servers by PID, delete the namespace and temp dir."""
        _LIVE.discard(self)
        procs, self.procs = self.procs, {}
        for p in procs.values():
            self._end(p)
        if self.ns_created:
            r = subprocess.run([which("ip"), "netns", "delete", self.ns],
                               capture_output=True, text=True, timeout=20)
            if r.returncode == 0:
                self.ns_created = False
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def __enter__(self):
        return self.up()

    def __exit__(self, *exc):
        self.down()
