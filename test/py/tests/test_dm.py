# SPDX-License-Identifier: Apache-2.0 OR MIT
"""dm: tree, uclass, drivers, compat, static, devres, info.

tree, drivers, compat, static and devres print U-Boot's shapes
(drivers/core/dump.c there); their rows are checked column by column.
"""

import re

import pytest

from helpers import assert_usage

# Devices each board's DT is known to bind: name -> (uclass, driver)
BOARD_DEVICES = {
    "sandbox": {
        "root_driver": ("root", "root_driver"),
        "serial": ("serial", "serial_sandbox"),
        "test-bus": ("testbus", "test_bus_drv"),
        "test@1000": ("test", "test_drv"),
        "test@2000": ("test", "test_drv"),
        "test@4000": ("test", "test_drv"),
        "child-bus@5000": ("testbus", "test_bus_drv"),
        "test@80": ("test", "test_drv"),
        "pl031@9010000": ("rtc", "rtc_pl031"),
    },
    "qemu_arm64": {
        "root_driver": ("root", "root_driver"),
        "pl011@9000000": ("serial", "serial_pl01x"),
        "pl031@9010000": ("rtc", "rtc_pl031"),
    },
}
# Driver -> a compatible string it lists
BOARD_COMPAT = {
    "sandbox": {"test_drv": "ember,test", "serial_sandbox": "sandbox,serial",
                "rtc_pl031": "arm,pl031"},
    "qemu_arm64": {"serial_pl01x": "arm,pl011", "rtc_pl031": "arm,pl031"},
}
TREE_HEADER = " Class     Seq    Probed  Driver                Name"
BRANCH_RE = re.compile(r"((?:\|   |    )*)(?:[|`]-- )?")


def tree(ember):
    """{name: (uclass, seq, probed, driver, depth)} from 'dm tree', whose
    rows have U-Boot's fixed columns (' %-10.10s  %3d  [ %c ]   %-20.20s  ')
    under its header"""
    out = ember.run_ok("dm tree").split("\n")
    assert out[0] == TREE_HEADER
    assert out[1] == "-" * 59
    devs = {}
    for line in out[2:]:
        uclass, seq, probed = line[1:11].rstrip(), line[11:16], line[20]
        driver, rest = line[26:46].rstrip(), line[48:]
        m = BRANCH_RE.match(rest)
        name = rest[m.end():]
        # Rebuilt from the fields, the row must be what was printed
        assert line == f" {uclass:<10.10}  {int(seq):3d}  [ {probed} ]   " \
            f"{driver:<20.20}  {rest}", f"bad dm tree line: {line!r}"
        assert probed in "+ " and name and " " not in name, line
        depth = len(m.group(0)) // 4
        devs[name] = (uclass, int(seq), probed == "+", driver, depth)
    return devs


def test_dm_tree(ember):
    devs = tree(ember)
    for name, (uclass, driver) in BOARD_DEVICES[ember.board].items():
        assert name in devs, f"{name} missing from dm tree"
        assert devs[name][0] == uclass[:10]
        assert devs[name][3] == driver
    assert devs["root_driver"][4] == 0
    assert devs["root_driver"][2]       # the root is always probed
    out = ember.run_ok("dm tree").split("\n")
    assert out[2] == " root          0  [ + ]   root_driver           " \
        "root_driver"


@pytest.mark.boards("sandbox")
def test_dm_tree_sandbox_shape(ember):
    devs = tree(ember)
    assert "test@3000" not in devs          # status = "disabled"
    assert devs["test-bus"][4] == 1
    assert devs["test@1000"][4] == 2
    assert devs["child-bus@5000"][4] == 2
    assert devs["test@80"][4] == 3
    assert devs["test-bus"][1] == 3         # seq from /aliases testbus3
    assert devs["test@1000"][1] == 5        # seq from /aliases test5
    assert devs["serial"][2]                # the console is probed
    out = ember.run_ok("dm tree")
    assert "    `-- test@80" in out
    assert "|-- test@1000" in out


UCLASS_DEV_RE = re.compile(
    r"(\d+) +([* ]) (\S+) @ ([0-9a-f]{8,16})(?:, seq (\d+))?")


def test_dm_uclass(ember):
    """U-Boot's lines: '%-3i %c %s @ %08lx' (index in the uclass, '*' when
    probed, name, address), then ', seq N'; a blank line after each"""
    out = ember.run_ok("dm uclass")
    blocks = {}
    for block in out.split("\n\n"):
        lines = block.strip("\n").split("\n")
        m = re.fullmatch(r"uclass (\d+): (\S+)", lines[0])
        assert m, block
        devs = [UCLASS_DEV_RE.fullmatch(line) for line in lines[1:]]
        assert all(devs), block
        assert [int(d.group(1)) for d in devs] == list(range(len(devs)))
        assert all(d.group(0).startswith(f"{d.group(1):<3} ") for d in devs)
        blocks[m.group(2)] = {d.group(3): d for d in devs}
    root = blocks["root"]["root_driver"]
    assert (root.group(2), root.group(5)) == ("*", "0")
    devs = tree(ember)
    for name, (uclass, _) in BOARD_DEVICES[ember.board].items():
        dev = blocks[uclass][name]
        # The sequence number and the state are those of 'dm tree'
        assert int(dev.group(5)) == devs[name][1]
        assert (dev.group(2) == "*") == devs[name][2]


def drivers(ember):
    """[(driver, uid, uclass, [devices])] from 'dm drivers', in U-Boot's
    columns: '%-25.25s %-3.3d %-20.20s ' then a device a line"""
    out = ember.run_ok("dm drivers").split("\n")
    assert out[0] == \
        "Driver                    uid uclass               Devices"
    assert out[1] == "-" * 58
    rows = []
    for line in out[2:]:
        if line.startswith(" " * 51):
            dev = line[51:]
            rows[-1][3].append(dev.rstrip())
        else:
            name, uid, uclass = line[:25], line[26:29], line[30:50]
            assert line[25] == line[29] == line[50] == " ", line
            assert re.fullmatch(r"\d{3}", uid), line
            dev = line[51:]
            rows.append((name.rstrip(), int(uid), uclass.rstrip(),
                         [] if dev == "<none>" else [dev.rstrip()]))
        # A device name is padded to 25 (U-Boot's %-25.25s)
        assert dev == "<none>" or dev == f"{dev.rstrip():<25}", line
    return rows


def test_dm_drivers(ember):
    rows = drivers(ember)
    assert ("root_driver", 0, "root", ["root_driver"]) in rows
    out = ember.run_ok("dm drivers").split("\n")
    assert "root_driver               000 root                 " \
        "root_driver              " in out
    by_driver = {r[0]: r for r in rows}
    for name, (uclass, driver) in BOARD_DEVICES[ember.board].items():
        assert by_driver[driver][2] == uclass, by_driver[driver]
        assert name in by_driver[driver][3], (name, by_driver[driver])
    for driver in BOARD_COMPAT[ember.board]:
        assert driver in by_driver
    # uid is the uclass's number, as 'dm uclass' shows it
    uclasses = ember.run_ok("dm uclass")
    for _, uid, uclass, _ in rows:
        assert f"uclass {uid}: {uclass}\n" in uclasses, (uid, uclass)


@pytest.mark.boards("sandbox")
def test_dm_drivers_sandbox(ember):
    """A driver with no device says <none>; one with several lists each on
    its own line, under the Devices column"""
    uid = {m.group(2): int(m.group(1)) for m in re.finditer(
        r"^uclass (\d+): (\S+)$", ember.run_ok("dm uclass"), re.M)}
    out = ember.run_ok("dm drivers").split("\n")
    assert f"simple_bus                {uid['simple_bus']:03d} simple_bus" \
        "           <none>" in out
    i = out.index(f"test_bus_drv              {uid['testbus']:03d} testbus"
                  "              test-bus                 ")
    assert out[i + 1] == " " * 51 + "child-bus@5000           "


def test_dm_compat(ember):
    """Every driver, those with no compatible string too: '%-20.20s', then
    '  <compatible>', further ones on their own lines"""
    out = ember.run_ok("dm compat").split("\n")
    assert out[0] == "Driver                Compatible"
    assert out[1] == "-" * 32
    compat = {}
    for line in out[2:]:
        if line.startswith(" " * 22):
            compat[driver].append(line[22:])
        else:
            driver = line[:20].rstrip()
            assert line == f"{driver:<20}" or line[20:22] == "  ", line
            compat[driver] = [line[22:]] if len(line) > 20 else []
    for driver, c in BOARD_COMPAT[ember.board].items():
        assert c in compat[driver], (driver, compat.get(driver))
    # The drivers are those 'dm drivers' lists, in the same order
    assert list(compat) == [r[0][:20] for r in drivers(ember)]
    assert compat["root_driver"] == []
    assert "root_driver         " in out    # alone, padded as U-Boot pads


def test_dm_static(ember):
    """No device comes from static platform data: U-Boot's header alone"""
    assert ember.run_ok("dm static") == \
        "Driver                    Address\n" + "-" * 33


DEVRES_RE = re.compile(
    r"    [0-9a-f]{16} \((\d+) byte\) "
    r"(plat|uclass_plat|parent_plat|name|priv|uclass_priv|parent_priv)  "
    r"(BIND|PROBE)")
PROBE_TIME = {"priv", "uclass_priv", "parent_priv"}


def devres(ember):
    """{device: [(what, size, when)]} from 'dm devres', in tree order"""
    devs = {}
    for line in ember.run_ok("dm devres").split("\n"):
        if line.startswith("- "):
            name = line[2:]
            devs[name] = []
            continue
        m = DEVRES_RE.fullmatch(line)
        assert m, f"bad dm devres line: {line!r}"
        size, what, when = int(m.group(1)), m.group(2), m.group(3)
        assert (what in PROBE_TIME) == (when == "PROBE"), line
        assert size > 0, line
        devs[name].append((what, size, when))
    return devs


def test_dm_devres(ember):
    """Each device as U-Boot's '- <name>' line, in the order of dm tree,
    followed by the memory the core allocated for it"""
    devs = devres(ember)
    assert list(devs) == list(tree(ember))
    assert ember.run_ok("dm devres").startswith("- root_driver\n")
    for name, allocs in devs.items():
        assert len({a[0] for a in allocs}) == len(allocs), (name, allocs)


@pytest.mark.boards("sandbox")
def test_dm_devres_sandbox(ember):
    ember.restart()     # the devices as start-up leaves them
    devs = devres(ember)
    # bound, never probed: the plat the core allocated at bind
    assert [a[0] for a in devs["test@1000"]] == ["plat"]
    # probed at start-up: its priv and its uclass's
    kinds = [a[0] for a in devs["virtio_mmio@10000000"]]
    assert kinds == ["priv", "uclass_priv"], kinds
    # named by its bus: the name is the core's too
    assert ("name", len("virtio-rng#0") + 1, "BIND") in devs["virtio-rng#0"]


def test_dm_info(ember):
    for name, (uclass, driver) in BOARD_DEVICES[ember.board].items():
        out = ember.run_ok(f"dm info {name}").split("\n")
        assert out[0] == f"name:      {name}"
        assert out[1] == f"driver:    {driver}"
        assert re.fullmatch(rf"uclass:    {uclass} \(seq -?\d+\)", out[2])
        assert out[3].startswith("parent:    ")
        assert any(re.fullmatch(r"state:     (probed|bound|probe failed)", l)
                   for l in out), out


@pytest.mark.boards("sandbox")
def test_dm_info_sandbox(ember):
    out = ember.run_ok("dm info test@80").split("\n")
    assert "parent:    child-bus@5000" in out
    assert "node:      /test-bus/child-bus@5000/test@80" in out
    out = ember.run_ok("dm info root_driver").split("\n")
    assert "parent:    -" in out
    assert "state:     probed" in out


def test_dm_info_unknown(ember):
    assert ember.run_fail("dm info nosuch") == \
        "dm info: no device called 'nosuch'"


def test_dm_usage(ember):
    assert_usage(ember.run_fail("dm"), "dm")
    assert_usage(ember.run_fail("dm nosuch"), "dm")
    assert_usage(ember.run_fail("dm info"), "dm")
    assert_usage(ember.run_fail("dm tree x"), "dm")
    assert_usage(ember.run_fail("dm static x"), "dm")
    assert_usage(ember.run_fail("dm devres x"), "dm")
