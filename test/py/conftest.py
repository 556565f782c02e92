# SPDX-License-Identifier: Apache-2.0 OR MIT
"""pytest set-up for Ember: boards, the console fixture, C unit tests.

Options:
  --board T[,T...]   targets to test (default sandbox). A target is a board
                     name (sandbox, qemu_arm64) optionally followed by
                     '-<variant>' (sandbox-asan); its build directory is
                     build/<target> unless --build-dir is given.
  --build-dir DIR    build directory, for a single target.

Fixtures:
  target       the Target under test (name, board, build_dir)
  ember        that target's Console, started once and restarted after a
               crash, a timeout or a test that ended the board
  ember_spawn  factory for an extra console with its own arguments
               (sandbox options, QEMU devices) and an optional command
               prefix (e.g. 'ip netns exec <ns>'); closed after the test
  lab          a closed network lab (netlab.py: namespace, tap, dnsmasq,
               atftpd serving lab.tftp_root); skipped where it cannot run
  lab_spawn    factory: lab_spawn(nic_args) starts a qemu_arm64 console
               inside the lab with its tap as netdev n0
  layout       the board's memory layout, read from 'bdinfo'

Markers:
  @pytest.mark.boards("sandbox", ...)  run the test on these boards only:
      only the valid (test, target) pairs are generated, and a test that
      fits no --board target is deselected, so every skip is a real one
      (a peer or a dependency missing here) with its reason

Every C unit test linked into the sandbox (symbols _ll_ut_2_<suite>__<name>,
see include/test/ut.h) becomes one case of tests/test_ut.py.
"""

import os
import re
import subprocess
from dataclasses import dataclass

import pytest

import netlab
from ember_console import Console, ConsoleError, board_binary
from helpers import parse_bdinfo

SRCTREE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BOARDS = ("sandbox", "qemu_arm64")
UT_SYMBOL_RE = re.compile(r"\b_ll_ut_2_(\w+?)__(\w+)$")
# A test none of whose targets it can run on; deselected at collection
NO_TARGET = pytest.mark.ember_no_target


@dataclass(frozen=True)
class Target:
    name: str       # as given to --board: sandbox, sandbox-asan, qemu_arm64
    board: str      # sandbox or qemu_arm64
    build_dir: str  # absolute

    def __str__(self):
        return self.name


def pytest_addoption(parser):
    parser.addoption("--board", default="sandbox",
                     help="comma-separated targets: sandbox, sandbox-asan, "
                          "qemu_arm64 (default: sandbox)")
    parser.addoption("--build-dir", default=None,
                     help="build directory (default: build/<target>); "
                          "only with a single target")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "boards(*names): run only on these boards")
    config.addinivalue_line(
        "markers", "ember_no_target: no --board target fits (deselected)")
    names = [n.strip() for n in config.getoption("board").split(",")
             if n.strip()]
    if not names:
        raise pytest.UsageError("--board needs at least one target")
    build_dir = config.getoption("build_dir")
    if build_dir and len(names) > 1:
        raise pytest.UsageError("--build-dir needs a single --board target")
    targets = []
    for name in names:
        board = name.split("-", 1)[0]
        if board not in BOARDS:
            raise pytest.UsageError(
                f"unknown board '{board}' in --board (known: "
                f"{', '.join(BOARDS)})")
        bdir = build_dir or os.path.join("build", name)
        if not os.path.isabs(bdir):
            bdir = os.path.join(SRCTREE, bdir)
        targets.append(Target(name, board, bdir))
    config.ember_targets = targets
    config.ember_ut_cases = {}


def unit_tests(config, target):
    """[(suite, name)] read from the target's binary with nm; cached."""
    cache = config.ember_ut_cases
    if target.name not in cache:
        binary = board_binary(target.board, target.build_dir)
        if target.board != "sandbox":
            cache[target.name] = []
        elif not os.path.exists(binary):
            cache[target.name] = None
        else:
            out = subprocess.run(["nm", "--defined-only", binary],
                                 capture_output=True, text=True, check=True,
                                 timeout=60).stdout
            cases = set()
            for line in out.splitlines():
                m = UT_SYMBOL_RE.search(line)
                if m:
                    cases.add((m.group(1), m.group(2)))
            cache[target.name] = sorted(cases)
    return cache[target.name]


def _valid_targets(metafunc):
    """The targets a test runs on: all, or those its boards() marker names;
    C unit tests run on sandbox targets only."""
    targets = metafunc.config.ember_targets
    marker = metafunc.definition.get_closest_marker("boards")
    if marker:
        targets = [t for t in targets if t.board in marker.args]
    if "ut_case" in metafunc.fixturenames:
        targets = [t for t in targets if t.board == "sandbox"]
    return targets


def _ut_params(config, target):
    cases = unit_tests(config, target)
    if cases is None:       # test_ut fails on it: the sandbox is not built
        return [pytest.param(target, None, id=f"{target}-not-built")]
    return [pytest.param(target, c, id=f"{target}-{c[0]}.{c[1]}")
            for c in cases]


def pytest_generate_tests(metafunc):
    """Generate only the valid (test, target) pairs, so that a skip always
    means something real. A test with none is deselected (below)."""
    if "target" not in metafunc.fixturenames:
        return
    targets = _valid_targets(metafunc)
    if "ut_case" in metafunc.fixturenames:
        names = "target,ut_case"
        params = [p for t in targets for p in _ut_params(metafunc.config, t)]
        none = pytest.param(None, None, id="no-target", marks=NO_TARGET)
    else:
        names = "target"
        params = [pytest.param(t, id=t.name) for t in targets]
        none = pytest.param(None, id="no-target", marks=NO_TARGET)
    metafunc.parametrize(names, params or [none], indirect=["target"],
                         scope="session")


def pytest_collection_modifyitems(config, items):
    dropped = [i for i in items if i.get_closest_marker(NO_TARGET.name)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [i for i in items
                    if not i.get_closest_marker(NO_TARGET.name)]


@pytest.fixture(scope="session")
def target(request):
    """The Target this test runs on."""
    return getattr(request, "param", None) or \
        request.config.ember_targets[0]


@pytest.fixture(scope="session")
def _consoles(request):
    """One Console per target for the whole session, closed at the end."""
    consoles = {}
    logs = {}

    def get(target):
        # Tests are grouped by target: end the others' boards, so that at
        # most one runs besides those a test spawns.
        for name, c in consoles.items():
            if name != target.name:
                c.close()
        if target.name not in consoles:
            os.makedirs(target.build_dir, exist_ok=True)
            log = open(os.path.join(target.build_dir, "test-py.log"), "w",
                       encoding="utf-8")
            logs[target.name] = log
            consoles[target.name] = Console(target.board, target.build_dir,
                                            logfile=log, name=target.name)
        return consoles[target.name]

    yield get
    for c in consoles.values():
        c.close()
    for log in logs.values():
        log.close()


def _finish(console, request):
    """After a test: fail on sanitizer reports the test did not see; end
    the board if it broke or the test failed (it may have left the console
    mid-line), so that the next test starts a fresh one."""
    rep = getattr(request.node, "rep_call", None)
    failed = bool(rep and rep.failed)
    try:
        console.check_transcript()
    except ConsoleError as e:
        console.broken = True
        if not failed:
            pytest.fail(str(e), pytrace=False)
    if failed or console.broken or not console.is_alive():
        console.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture
def ember(target, _consoles, request):
    """The target's console, running and at the prompt."""
    console = _consoles(target)
    console.ensure_running()
    console.mark()
    yield console
    _finish(console, request)


@pytest.fixture
def ember_spawn(target, request):
    """Factory: ember_spawn(extra_args) starts another console of the
    target's board with @extra_args (sandbox options or QEMU devices)."""
    spawned = []

    def spawn(extra_args=(), start=True, prefix=()):
        c = Console(target.board, target.build_dir, extra_args,
                    name=target.name, prefix=prefix)
        spawned.append(c)
        if start:
            c.start()
        return c

    yield spawn
    for c in spawned:
        try:
            c.check_transcript()
        finally:
            c.close()


def make_lab(tftp_root, **kwargs):
    """A Lab that is up, or a skip saying why it cannot run here."""
    why = netlab.unavailable()
    if why:
        pytest.skip(why)
    os.makedirs(tftp_root, exist_ok=True)
    lab = netlab.Lab(tftp_root, **kwargs)
    try:
        lab.up()
    except netlab.LabError as e:
        pytest.skip(f"network lab: {e}")
    return lab


@pytest.fixture
def lab(tmp_path):
    """A network lab for this test; atftpd serves tmp_path/tftp."""
    lb = make_lab(tmp_path / "tftp")
    yield lb
    lb.down()


@pytest.fixture
def lab_spawn(lab, ember_spawn):
    """Factory: a console inside @lab with @nic_args (a -device using
    netdev n0). Set up after 'lab', so torn down (QEMU ended) before it."""
    def spawn(nic_args):
        return ember_spawn(lab.qemu_netdev() + list(nic_args),
                           prefix=lab.exec_prefix())
    return spawn


@dataclass
class Layout:
    ram_start: int
    ram_size: int
    reloc_addr: int
    reloc_end: int
    fdt_blob: int
    fdt_size: int
    loadaddr: int

    @property
    def ram_end(self):
        """First address past RAM"""
        return self.ram_start + self.ram_size

    def owner(self, addr, length=1):
        """What mem_reserved_name() says [addr, addr + length) belongs to
        (Ember's own region is checked first: it may hold the DT)."""
        if addr < self.reloc_end and self.reloc_addr < addr + length:
            return "Ember's code, data, heap and stack"
        if addr < self.fdt_blob + self.fdt_size and \
                self.fdt_blob < addr + length:
            return "the control device tree"
        return None

    def reserved(self):
        """[(start, end)] of RAM that Ember uses: itself and its DT."""
        return [(self.reloc_addr, self.reloc_end),
                (self.fdt_blob, self.fdt_blob + self.fdt_size)]

    def scratch(self, size=0x1000):
        """A 1 MiB-aligned RAM area of @size bytes that Ember does not use,
        preferably at loadaddr."""
        align = lambda a: (a + 0xfffff) & ~0xfffff
        candidates = [align(self.loadaddr), align(self.ram_start)]
        candidates += [align(end) for _, end in self.reserved()]
        for addr in candidates:
            if self.ram_start <= addr and addr + size <= self.ram_end and \
                    not any(addr < hi and lo < addr + size
                            for lo, hi in self.reserved()):
                return addr
        raise AssertionError(f"no free RAM for {size:#x} bytes")


@pytest.fixture
def layout(ember):
    """Memory layout of the running board, from bdinfo."""
    v = parse_bdinfo(ember.run_ok("bdinfo"))
    return Layout(v["-> start"], v["-> size"], v["relocaddr"],
                  v["reloc end"], v["fdt_blob"], v["fdt_size"],
                  v["loadaddr"])
