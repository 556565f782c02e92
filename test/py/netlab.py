# SPDX-License-Identifier: Apache-2.0 OR MIT
"""A closed network lab: a namespace, a tap device, dnsmasq and atftpd
(and, on request, nginx).

    lab = Lab(tftp_root)        # nothing happens yet
    lab.up()                    # namespace, tap, DHCP and TFTP servers
    lab.exec_prefix()           # ['ip', 'netns', 'exec', <ns>]: run in it
    lab.qemu_netdev()           # -netdev tap,... arguments for QEMU
    lab.down()                  # servers ended by PID, namespace deleted
    lab.netem("loss 1%")        # with Lab(..., netem=True): tc netem on
    lab.netem(None)             # the lab's side of the link, and off again

The namespace has a unique name (ember-lab-<pid>-<random>), a loopback
and one tap device with the lab's address (or, with taps=N, a bridge
with the address and N tap devices on it, one per machine: a fleet); nothing routes anywhere else
(no default route, no veth to the host). dnsmasq (DHCP only, --port=0;
with dns_args, also DNS on port 53, handed out as option 6)
and atftpd listen only on the lab's address inside the namespace. QEMU,
started under exec_prefix(), opens the tap by name. Every process is
ended by its PID and the namespace is deleted by down(), which is safe
to call twice and after a failed up(); labs still up when the Python
process exits (an interrupted test run) are torn down by an atexit hook.

With http_root, nginx (Debian's, unpacked under build/deps/<arch> by
scripts/deps, never installed as a service) also serves that directory
on the lab's address, port 80 only, as one process (daemon off,
master_process off) whose configuration, pid file, logs and temporary
files are all in the lab's temp dir; http_conf adds lines to its server
block (locations: redirects, error statuses). log("nginx") is its access
log.

Lab(netem=True) makes a lab whose link netem() impairs with the kernel's
tc netem: it delays, drops, duplicates or reorders what the lab sends to
the machine (the data of a download), as a netem qdisc on the egress of
the lab's side of the link. Where the namespace's kernel has sch_netem,
the qdisc is on the tap itself. Where it has not (CONFIG_NET_SCH_NETEM
unset, as on the project's machine), up() starts a router: Debian's
user-mode Linux (linux.uml, unpacked under build/deps by scripts/deps),
run inside the namespace with test/py/netem_router.py as its init. It
sits between QEMU's tap, which then has no address, and a veth pair
whose other end (lab0) carries the lab's address and the servers, and
forwards every frame both ways unchanged; netem() sets the netem qdisc
on its interface toward QEMU. Neither: up() raises NetemUnavailable with
both reasons. Either way the lab's side sends no segments larger than
the MTU (gso_max_segs 1 on its interface), so netem acts on each packet
as on a real wire, not on 64 KiB offload units. netem_stats() reads the
qdisc's counters.

Lab(relay=True) instead puts test/py/impair.py between QEMU and the tap
(QEMU gets '-netdev stream' to it from qemu_netdev()), and impair() sets
the same kinds of impairment in userspace, on the same direction.

unavailable() says why the lab cannot run here (not root, no
/dev/net/tun, a program missing; with http=True, no nginx); tests skip
with that reason.
"""

import atexit
import functools
import glob
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import struct
import tempfile
import threading
import time

TAP = "tap0"
PROGRAMS = ("ip", "dnsmasq", "atftpd")
SBIN = ("/usr/sbin", "/sbin", "/usr/bin", "/bin")
SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RELAY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "impair.py")
ROUTER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "netem_router.py")
ROUTER_PREFIX = "netem-router: "
NETEM_LINK, ROUTER_LINK = "lab0", "rt0"     # the router mode's veth pair
# A classic BPF program for the router's packet sockets: drop what the
# socket's own interface sends (pkt_type PACKET_OUTGOING), take the rest.
# Without it each socket hears the frames the router itself sends out and
# forwards them again, a loop (UML's own filter drops only frames with the
# router's MAC as source, and a forwarded frame keeps its sender's).
ROUTER_BPF = b"".join(struct.pack("=HBBI", *insn) for insn in (
    (0x28, 0, 0, 0xfffff004),   # ldh [SKF_AD_OFF + SKF_AD_PKTTYPE]
    (0x15, 0, 1, 4),            # jeq #PACKET_OUTGOING, drop, take
    (0x06, 0, 0, 0),            # drop: ret #0
    (0x06, 0, 0, 0x40000),      # take: ret #262144
))


def which(prog):
    """Path of @prog, also looking in the sbin directories."""
    path = os.environ.get("PATH", "") + ":" + ":".join(SBIN)
    return shutil.which(prog, path=path)


@functools.lru_cache(maxsize=None)
def deps_root():
    """build/deps/<this machine's Debian architecture>, where scripts/deps
    unpacks the host programs it does not install, or None."""
    try:
        arch = subprocess.run(["dpkg", "--print-architecture"],
                              capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return os.path.join(SRCTREE, "build", "deps", arch) if arch else None


def nginx_path():
    """Debian's nginx as scripts/deps unpacks it (build/deps/<arch>/usr/
    sbin/nginx), or None."""
    root = deps_root()
    path = root and os.path.join(root, "usr", "sbin", "nginx")
    return path if path and os.access(path, os.X_OK) else None


def uml_paths():
    """(linux.uml, its modules directory) as scripts/deps unpacks Debian's
    user-mode-linux (build/deps/<arch>/usr/bin/linux.uml and usr/lib/uml/
    modules/<version>), or None."""
    root = deps_root()
    if not root:
        return None
    kernel = os.path.join(root, "usr", "bin", "linux.uml")
    mods = sorted(glob.glob(os.path.join(root, "usr", "lib", "uml",
                                         "modules", "*", "kernel")))
    if not os.access(kernel, os.X_OK) or len(mods) != 1:
        return None
    return kernel, os.path.dirname(mods[0])


def unavailable(http=False):
    """Why the lab cannot run on this machine, or None if it can; with
    @http, also why its HTTP server (nginx) cannot."""
    if http and not nginx_path():
        return ("the network lab's HTTP server needs Debian's nginx under "
                "build/deps (scripts/deps fetches it)")
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


class NetemUnavailable(LabError):
    """Neither this kernel nor a router can run tc netem."""


class Lab:
    """One lab. @tftp_root is the directory atftpd serves; @bootfile is
    the DHCP boot file name (option 67); @subnet is the first three
    octets of the lab's /24 (the host side is .1, leases .50-.99); @mtu is
    the tap's MTU (9000: a jumbo-frame network); @dhcp_args are more
    dnsmasq arguments (options to hand out, tags to match clients);
    @dns_args, when not None, makes dnsmasq a DNS server on the lab's
    address, port 53, handed out as option 6, with these arguments
    (--host-record, --cname, --address, --local: the names it knows);
    @http_root, when not None, is a directory nginx serves on the lab's
    address, port 80, and @http_conf more lines for its server block;
    @relay (one tap only) puts impair.py between QEMU and the tap, for
    impair(); @relay_seed seeds its draws; @relay_args are more of its
    arguments (--trace FILE); @netem (one tap only) makes a link netem()
    can impair, in this kernel or through the router."""

    def __init__(self, tftp_root, bootfile="boot.bin", subnet="192.168.77",
                 atftpd_args=(), mtu=1500, taps=1, dhcp_args=(),
                 dns_args=None, http_root=None, http_conf="", relay=False,
                 relay_seed=None, relay_args=(), netem=False):
        self.tftp_root = os.path.abspath(tftp_root)
        self.bootfile = bootfile
        self.subnet = subnet
        self.server = f"{subnet}.1"
        self.atftpd_args = list(atftpd_args)
        self.dhcp_args = list(dhcp_args)
        self.dns_args = None if dns_args is None else list(dns_args)
        self.http_root = None if http_root is None else \
            os.path.abspath(http_root)
        self.http_conf = http_conf
        if (relay or netem) and taps != 1:
            raise ValueError("the relay and netem serve a lab of one tap")
        if relay and netem:
            raise ValueError("a lab has the relay or netem, not both")
        self.want_netem = netem
        self.netem_mode = None      # "kernel" or "router", once up
        self.router = None          # the router's Popen, its replies
        self.router_replies = []
        self.router_cv = threading.Condition()
        self.router_eof = False
        self.relay = relay
        self.relay_seed = relay_seed
        self.relay_args = list(relay_args)
        self.mtu = mtu
        self.ns = f"ember-lab-{os.getpid()}-{secrets.token_hex(3)}"
        self.tap = TAP
        self.iface = TAP            # the interface with the lab's address
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
        """QEMU arguments for tap @index (QEMU's line keeps -nic none);
        with the relay, a stream to it instead."""
        if self.relay:
            return ["-netdev", f"stream,id={netdev_id},server=off,"
                    f"addr.type=unix,addr.path={self._relay_path('sock')}"]
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

    def _tc(self, *args):
        """(exit status, what tc printed) for tc @args in the namespace"""
        tc = which("tc")
        if not tc:
            raise LabError("netem needs tc (iproute2)")
        r = subprocess.run([*self.exec_prefix(), tc, *args],
                           capture_output=True, text=True, timeout=20)
        return r.returncode, (r.stdout + r.stderr).strip()

    def log(self, name):
        """What a server logged so far: 'dnsmasq' (DHCP exchanges),
        'atftpd' (each transfer with the options it accepted), 'nginx'
        (its access log: one line per request, with status and bytes) or
        'nginx-error' (its error log)."""
        if not self.tmp:
            return ""
        path = os.path.join(self.tmp, {
            "dnsmasq": "dnsmasq.log",
            "nginx": os.path.join("nginx", "access.log"),
            "nginx-error": os.path.join("nginx", "error.log"),
        }.get(name, f"{name}.out"))
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    # ------------------------------------------------------------ up/down
    def up(self):
        """Create everything; on any failure undo what was done, raise."""
        why = unavailable(http=self.http_root is not None)
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
        if self.want_netem:
            self.netem_mode = self._netem_mode()
        if self.taps == 1:
            self._in_ns(ip, "tuntap", "add", "dev", self.tap, "mode", "tap")
            self._in_ns(ip, "link", "set", self.tap, "mtu", str(self.mtu),
                        "up")
            if self.netem_mode == "router":
                # QEMU's tap - router - rt0 == lab0, with the address
                self.iface = NETEM_LINK
                self._in_ns(ip, "link", "add", NETEM_LINK, "mtu",
                            str(self.mtu), "type", "veth", "peer", "name",
                            ROUTER_LINK, "mtu", str(self.mtu))
                self._in_ns(ip, "link", "set", ROUTER_LINK, "up")
            self._in_ns(ip, "addr", "add", f"{self.server}/24", "dev",
                        self.iface)
            if self.want_netem:
                # one packet per skb: netem's draws are per packet
                self._in_ns(ip, "link", "set", self.iface, "gso_max_segs",
                            "1")
            self._in_ns(ip, "link", "set", self.iface, "up")
            if self.netem_mode == "router":
                self._start_router()
        else:
            # A fleet: one bridge with the lab's address, a tap per machine
            self.tap = self.iface = "br0"
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
            "--no-resolv", "--no-hosts", "--user=root",
            "--port=0" if self.dns_args is None else "--port=53",
            f"--interface={self.iface}", "--bind-interfaces",
            f"--listen-address={self.server}",
            f"--dhcp-range={self.subnet}.50,{self.subnet}.99,"
            "255.255.255.0,1h",
            "--dhcp-authoritative",
            f"--dhcp-boot={self.bootfile},,{self.server}",
            f"--dhcp-option=66,\"{self.server}\"",
            "--dhcp-option=3", "--dhcp-option=6" if self.dns_args is None
            else f"--dhcp-option=6,{self.server}", *(self.dns_args or ()),
            f"--dhcp-leasefile={self.tmp}/leases",
            f"--pid-file={self.tmp}/dnsmasq.pid",
            "--log-dhcp", f"--log-facility={self.tmp}/dnsmasq.log",
            *self.dhcp_args])
        self._start("atftpd", [
            which("atftpd"), "--daemon", "--no-fork", "--user", "root",
            "--group", "root", "--bind-address", self.server,
            "--port", "69", "--logfile", "-", "--verbose=7",
            *self.atftpd_args, self.tftp_root])
        if self.relay:
            self._start("impair", [
                "/usr/bin/python3", RELAY, "--tap", self.tap,
                "--listen", self._relay_path("sock"),
                "--control", self._relay_path("ctl"),
                *(() if self.relay_seed is None
                  else ("--seed", str(self.relay_seed))),
                *self.relay_args])
        if self.http_root is not None:
            self._start("nginx", [nginx_path(), "-p", self._nginx_dir(),
                                  "-c", self._nginx_conf()])
        self._wait_listening()

    def _relay_path(self, name):
        return os.path.join(self.tmp, f"relay.{name}")

    def impair(self, spec):
        """Set the relay's impairment (netem's words: "loss 1%", "delay
        10ms reorder 25% 50%", "duplicate 5%"; None or "off": none), or
        with "stats", return what it counted (a JSON text)."""
        if not self.relay or not self.tmp:
            raise LabError("impair() needs a lab that is up with relay=True")
        me = self._relay_path(f"client-{secrets.token_hex(3)}")
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.bind(me)
            try:
                s.settimeout(5)
                s.sendto((spec or "off").encode(), self._relay_path("ctl"))
                reply = s.recv(4096).decode()
            except OSError as e:
                raise LabError(f"the relay did not answer: {e}") from None
            finally:
                os.unlink(me)
        if reply.startswith("error"):
            raise LabError(f"impair {spec}: {reply}")
        return reply

    def _nginx_dir(self):
        return os.path.join(self.tmp, "nginx")

    def _nginx_conf(self):
        """Write nginx's configuration, everything under the lab's temp
        dir; return its path."""
        d = self._nginx_dir()
        os.makedirs(os.path.join(d, "temp"), exist_ok=True)
        temps = "\n".join(f"    {k}_temp_path {d}/temp/{k};" for k in
                          ("client_body", "proxy", "fastcgi", "uwsgi",
                           "scgi"))
        conf = os.path.join(d, "nginx.conf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(f"""# Written by test/py/netlab.py for one lab
daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
lock_file {d}/nginx.lock;
error_log {d}/error.log info;
events {{
    worker_connections 64;
}}
http {{
    access_log {d}/access.log;
{temps}
    types {{
    }}
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 10s;
    server {{
        listen {self.server}:80;
        server_name lab;
        root {self.http_root};
{self.http_conf}
    }}
}}
""")
        return conf

    def _start(self, name, argv):
        out = open(os.path.join(self.tmp, f"{name}.out"), "wb")
        try:
            self.procs[name] = subprocess.Popen(
                [*self.exec_prefix(), *argv], stdin=subprocess.DEVNULL,
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            out.close()

    def _wait_listening(self, timeout=10):
        """Wait until dnsmasq has UDP 67 and atftpd UDP 69 open (and
        nginx TCP 80, the relay its sockets, when they run)."""
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
            if self.http_root is not None:
                r = subprocess.run([*self.exec_prefix(), which("ss") or "ss",
                                    "-Hlnt"], capture_output=True,
                                   text=True, timeout=10)
                ports += r.stdout
            if ":67 " in ports and f"{self.server}:69 " in ports and \
                    (self.dns_args is None or f"{self.server}:53 " in ports) \
                    and (self.http_root is None or
                         f"{self.server}:80 " in ports) \
                    and (not self.relay or
                         "impair: ready" in self._output("impair")):
                return
            if time.monotonic() > deadline:
                raise LabError(f"servers not listening after {timeout} s: "
                               f"{ports!r}")
            time.sleep(0.1)

    def _output(self, name):
        """The end of what @name printed (its .out file; for nginx, also
        its error log, where it writes once its configuration is read)."""
        try:
            with open(os.path.join(self.tmp, f"{name}.out"),
                      encoding="utf-8", errors="replace") as f:
                out = f.read()[-500:]
        except OSError:
            out = ""
        if name == "nginx":
            out += self.log("nginx-error")[-500:]
        return out

    # ------------------------------------------------------------ netem
    def _netem_mode(self):
        """"kernel" if the namespace's kernel runs netem, else "router" if
        user-mode Linux is there; else NetemUnavailable with both reasons"""
        status, out = self._tc("qdisc", "add", "dev", "lo", "root", "netem",
                               "delay", "0ms")
        if status == 0:
            status, out = self._tc("qdisc", "del", "dev", "lo", "root")
            if status:
                raise LabError(f"tc qdisc del dev lo root: {out}")
            return "kernel"
        if "qdisc kind is unknown" not in out:
            raise LabError(f"tc qdisc add dev lo root netem: {out}")
        if uml_paths():
            return "router"
        raise NetemUnavailable(
            "this kernel has no netem qdisc (CONFIG_NET_SCH_NETEM; tc said: "
            f"{out}), and there is no user-mode Linux under build/deps to "
            "run it in (scripts/deps fetches Debian's user-mode-linux on "
            "amd64)")

    def _start_router(self, timeout=60):
        """Start user-mode Linux between the tap and rt0 (netem_router.py
        as its init); wait for it to say it is ready."""
        kernel, modules = uml_paths()
        with self.router_cv:
            self.router_replies, self.router_eof = [], False
        bpf = os.path.join(self.tmp, "router.bpf")
        with open(bpf, "wb") as f:
            f.write(ROUTER_BPF)
        argv = [kernel, "mem=256M", "root=/dev/root", "rootfstype=hostfs",
                "hostfs=/", "ro", "quiet", "con0=fd:0,fd:1", "con=null",
                "ssl=null",
                f"vec0:transport=raw,ifname={self.tap},bpffile={bpf}",
                f"vec1:transport=raw,ifname={ROUTER_LINK},bpffile={bpf}",
                "init=/usr/bin/python3", "--", ROUTER, modules]
        self.router = self.procs["router"] = subprocess.Popen(
            [*self.exec_prefix(), *argv], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        threading.Thread(target=self._router_reader, daemon=True,
                         args=(self.router.stdout,)).start()
        reply = self._router_reply(0, timeout)
        if reply != "ready":
            out = self._output("router")
            # Debian's user-mode Linux (6.1 in Debian 12, 6.12 in 13)
            # cannot run processes where the host's FP/XSAVE state is
            # larger than it handles (CPUs with AMX): its first process
            # dies with this line, or a fault in put_fp_registers
            marks = ("ptrace set fp regs failed", "put_fp_registers")
            said = [line.strip() for line in out.split("\n")
                    if any(m in line for m in marks)]
            if said:
                raise NetemUnavailable(
                    "this kernel has no netem qdisc, and user-mode Linux "
                    "cannot run its processes on this CPU (its FP state, "
                    "with AMX, is larger than the UML kernel handles; it "
                    f"said: {said[0][:120]})")
            raise LabError(f"the netem router did not start ({reply}): "
                           + out)

    def _router_reader(self, stream):
        """Keep what the router prints (router.out); collect its replies."""
        with open(os.path.join(self.tmp, "router.out"), "a",
                  encoding="utf-8") as log:
            for raw in stream:
                line = raw.decode(errors="replace").rstrip("\r\n")
                log.write(line + "\n")
                log.flush()
                if line.startswith(ROUTER_PREFIX):
                    with self.router_cv:
                        self.router_replies.append(
                            line[len(ROUTER_PREFIX):])
                        self.router_cv.notify_all()
        with self.router_cv:
            self.router_eof = True
            self.router_cv.notify_all()

    def _router_reply(self, index, timeout):
        """Reply number @index, waiting at most @timeout seconds; a text in
        parentheses when there is none"""
        with self.router_cv:
            if not self.router_cv.wait_for(
                    lambda: len(self.router_replies) > index or
                    self.router_eof, timeout):
                return f"(no reply in {timeout} s)"
            if len(self.router_replies) > index:
                return self.router_replies[index]
        return "(it exited)"

    def _router_request(self, request, timeout=30):
        """Send @request to the router; its reply, "ok..." or LabError"""
        with self.router_cv:
            index = len(self.router_replies)
        try:
            self.router.stdin.write(request.encode() + b"\n")
            self.router.stdin.flush()
        except OSError as e:
            raise LabError(f"the netem router: {e}") from None
        reply = self._router_reply(index, timeout)
        if not reply.startswith("ok"):
            raise LabError(f"the netem router, asked {request!r}: {reply}")
        return reply[2:].strip()

    def netem(self, spec):
        """Impair the link in a lab made with netem=True: tc qdisc replace
        dev <the lab's side> root netem @spec, e.g. "loss 1%" or "delay
        10ms reorder 25% 50%" (in the namespace's kernel, or in the
        router's on its interface toward QEMU); None takes it off. Raises
        LabError when tc refuses."""
        if not self.netem_mode:
            raise LabError("netem() needs a lab that is up with netem=True")
        if self.netem_mode == "router":
            self._router_request("off" if spec is None else f"netem {spec}")
            return
        if spec is None:
            status, out = self._tc("qdisc", "del", "dev", self.iface, "root")
            if status and "No such file" not in out and \
                    "Cannot delete qdisc with handle of zero" not in out:
                raise LabError(f"tc qdisc del: {out}")
            return
        status, out = self._tc("qdisc", "replace", "dev", self.iface, "root",
                               "netem", *spec.split())
        if status:
            raise LabError(f"tc qdisc replace ... netem {spec}: {out}")

    def netem_where(self):
        """Where netem() acts, in words"""
        if self.netem_mode == "router":
            return "tc netem in the lab's user-mode Linux router"
        return f"tc netem on {self.iface} in the lab's namespace"

    def netem_stats(self):
        """The netem qdisc's counters since netem() put it there:
        {"bytes", "packets", "dropped"} (what it sent, what it dropped:
        netem's losses and a full queue's drops)"""
        if self.netem_mode == "router":
            out = self._router_request("show")
        elif self.netem_mode:
            status, out = self._tc("-s", "qdisc", "show", "dev", self.iface)
            if status:
                raise LabError(f"tc -s qdisc show: {out}")
        else:
            raise LabError("netem_stats() needs a lab up with netem=True")
        m = re.search(r"qdisc netem .*?Sent (\d+) bytes (\d+) pkt "
                      r"\(dropped (\d+)", " ".join(out.split()))
        if not m:
            raise LabError(f"no netem qdisc in: {out}")
        return dict(zip(("bytes", "packets", "dropped"),
                        map(int, m.groups())))

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

    @staticmethod
    def _end_router(proc, wait=10):
        """Power the router off ("halt"); if it is still there after
        @wait seconds, end its process group (user-mode Linux runs its
        processes as host processes of its own) by the group's ID, the
        PID of the process the lab started."""
        try:
            proc.stdin.write(b"halt\n")
            proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            pass
        # The group is signalled only while its leader is unreaped: its ID
        # cannot have been given to anyone else
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
                proc.wait(5)
                return
            except ProcessLookupError:
                return
            except subprocess.TimeoutExpired:
                pass

    def down(self):
        """End the servers by PID, delete the namespace and temp dir."""
        _LIVE.discard(self)
        procs, self.procs = self.procs, {}
        router = procs.pop("router", None)
        for p in procs.values():
            self._end(p)
        if router:
            self._end_router(router)
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
