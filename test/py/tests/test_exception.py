# SPDX-License-Identifier: Apache-2.0 OR MIT
"""exception: a crash dump, then the board stops; the fixture restarts it."""

import pytest

from helpers import assert_usage

KINDS = {"sandbox": ["segv", "ill"],
         "qemu_arm64": ["undefined", "dabort"]}
SIGNALS = {"segv": (11, "SEGV"), "ill": (4, "ILL")}
STOPPED = "Ember stopped: unexpected exception"


@pytest.mark.boards("sandbox")
@pytest.mark.parametrize("kind", KINDS["sandbox"])
def test_exception_sandbox(ember, kind):
    num, name = SIGNALS[kind]
    out = ember.run_until_exit(f"exception {kind}")
    lines = out.strip("\n").split("\n")
    assert f"Unexpected exception: signal {num} (SIG{name})" in lines, out
    assert any(line.startswith("  pc  : ") for line in lines), out
    assert lines[-1] == STOPPED, out
    assert ember.exitstatus == 128 + num
    ember.restart()
    assert ember.run_ok("echo back") == "back"


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("kind", KINDS["qemu_arm64"])
def test_exception_qemu(ember, kind):
    ember.send_line(f"exception {kind}")
    out = ember.expect(STOPPED, timeout=30)
    ember.broken = True             # it hangs now: the fixture restarts it
    assert "\nEmber: " in out, out
    assert "ELR" in out and "ESR" in out, out
    ember.restart()
    assert ember.run_ok("echo back") == "back"


def test_exception_unknown(ember):
    kinds = KINDS[ember.board]
    out = ember.run_fail("exception nosuch")
    assert out.startswith("exception: unknown kind 'nosuch' (known: ")
    for kind in kinds:
        assert kind in out


def test_exception_usage(ember):
    assert_usage(ember.run_fail("exception"), "exception")
    assert_usage(ember.run_fail("exception a b"), "exception")
