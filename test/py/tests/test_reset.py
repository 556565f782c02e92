# SPDX-License-Identifier: Apache-2.0 OR MIT
"""reset and poweroff."""

import pytest

from helpers import assert_usage


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("cmd,msg", [("reset", "resetting ..."),
                                     ("poweroff", "poweroff ...")])
def test_sandbox_exits(ember, cmd, msg):
    out = ember.run_until_exit(cmd)
    assert out.strip("\n") == msg
    assert ember.exitstatus == 0


@pytest.mark.boards("qemu_arm64")
def test_qemu_poweroff(ember):
    out = ember.run_until_exit("poweroff", timeout=30)
    assert out.strip("\n") == "poweroff ..."
    assert ember.exitstatus == 0


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("cmd", ["reset", "reset -c", "reset -w"])
def test_qemu_reset_reboots(ember, cmd):
    """reset -w is a warm reset where one can be done; PSCI 0.2 has none,
    so it is a cold one, as U-Boot does"""
    ember.send_line(cmd)
    ember.expect("resetting ...")
    log = ember.wait_boot()
    assert "\nEmber " in log and "DRAM:" in log
    assert ember.run_ok("echo rebooted") == "rebooted"


@pytest.mark.parametrize("cmd", ["reset now", "reset -w x", "poweroff now"])
def test_usage(ember, cmd):
    assert_usage(ember.run_fail(cmd), cmd.split()[0])


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("cmd,msg", [
    ("panic 'Unrecoverable error'", "Unrecoverable error\nresetting ..."),
    ("panic", "\nresetting ...")])
def test_sandbox_panic(ember, cmd, msg):
    """panic.rst: the message, then the reset"""
    out = ember.run_until_exit(cmd)
    assert out.strip("\n") == msg.strip("\n")
    assert out.startswith(msg.split("resetting")[0])
    assert ember.exitstatus == 0


@pytest.mark.boards("qemu_arm64")
def test_qemu_panic_reboots(ember):
    ember.send_line("panic 'Unrecoverable error'")
    ember.expect(r"\nUnrecoverable error\r*\nresetting \.\.\.")
    log = ember.wait_boot()
    assert "\nEmber " in log
    assert ember.run_ok("echo rebooted") == "rebooted"


def test_panic_usage(ember):
    assert_usage(ember.run_fail("panic two words"), "panic")
