# SPDX-License-Identifier: Apache-2.0 OR MIT
"""dm: tree, uclass, drivers, compat, info."""

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
    },
    "qemu_arm64": {
        "root_driver": ("root", "root_driver"),
        "pl011@9000000": ("serial", "serial_pl01x"),
    },
}
# Driver -> a compatible string it lists
BOARD_COMPAT = {
    "sandbox": {"test_drv": "ember,test", "serial_sandbox": "sandbox,serial"},
    "qemu_arm64": {"serial_pl01x": "arm,pl011"},
}
TREE_RE = re.compile(
    r"^ (\S+)\s+(-?\d+)  \[ ([+ ]) \]   (\S+)\s+ ([|` ]*(?:[|`]-- )?)(\S+)$")


def tree(ember):
    """{name: (uclass, seq, probed, driver, depth)} from 'dm tree'."""
    out = ember.run_ok("dm tree").split("\n")
    assert out[0] == " Class     Seq    Probed  Driver                Name"
    assert set(out[1]) == {"-"}
    devs = {}
    for line in out[2:]:
        m = TREE_RE.match(line)
        assert m, f"bad dm tree line: {line!r}"
        depth = len(m.group(5)) // 4
        devs[m.group(6)] = (m.group(1), int(m.group(2)), m.group(3) == "+",
                            m.group(4), depth)
    return devs


def test_dm_tree(ember):
    devs = tree(ember)
    for name, (uclass, driver) in BOARD_DEVICES[ember.board].items():
        assert name in devs, f"{name} missing from dm tree"
        assert devs[name][0] == uclass[:10]
        assert devs[name][3] == driver
    assert devs["root_driver"][4] == 0
    assert devs["root_driver"][2]       # the root is always probed


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


def test_dm_uclass(ember):
    out = ember.run_ok("dm uclass")
    blocks = {}
    for block in out.split("\n\n"):
        lines = block.strip("\n").split("\n")
        m = re.fullmatch(r"uclass (\d+): (\S+)", lines[0])
        assert m, block
        blocks[m.group(2)] = lines[1:]
    assert blocks["root"] == ["    0 * root_driver (driver root_driver)"]
    for name, (uclass, driver) in BOARD_DEVICES[ember.board].items():
        assert any(re.fullmatch(rf"\s+-?\d+ [* ] {re.escape(name)} "
                                rf"\(driver {driver}\)", line)
                   for line in blocks[uclass]), (name, blocks[uclass])


def test_dm_drivers(ember):
    out = ember.run_ok("dm drivers").split("\n")
    assert out[0].split() == ["Driver", "Uclass", "Compatible"]
    rows = [line.split() for line in out[2:]]
    assert ["root_driver", "root", "-"] in rows
    for driver, compat in BOARD_COMPAT[ember.board].items():
        assert any(r[0] == driver and r[-1] == compat for r in rows), driver


def test_dm_compat(ember):
    out = ember.run_ok("dm compat").split("\n")
    assert out[0].split() == ["Driver", "Compatible"]
    rows = [line.split() for line in out[2:]]
    for driver, compat in BOARD_COMPAT[ember.board].items():
        assert [driver, compat] in rows
    assert not any(r[0] == "root_driver" for r in rows)  # no compatible


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
