# SPDX-License-Identifier: Apache-2.0 OR MIT
"""The test harness itself: timeouts, restarts, ending boards by PID."""

import os

import pytest

from ember_console import ConsoleTimeout


def gone(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie still answers kill(0): check its state
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(") ", 1)[1][0] == "Z"
    except FileNotFoundError:
        return True


def test_timeout_then_restart(ember_spawn):
    con = ember_spawn()
    con.run_ok("true")
    with pytest.raises(ConsoleTimeout):
        con.run("sleep 30", timeout=0.5)
    assert con.broken
    pid = con.child.pid
    con.ensure_running()
    assert gone(pid)
    assert not con.broken
    assert con.run_ok("echo fresh") == "fresh"


def test_close_ends_process(ember_spawn):
    con = ember_spawn()
    pid = con.child.pid
    con.close()
    assert gone(pid)
    con.close()                 # closing twice is harmless


def test_status_kept(ember):
    """run() reads $? without changing it for the next command."""
    ember.run_fail("false")
    ember.run_fail("false")
    assert ember.run_ok("echo $?") == "1"
    ember.run_ok("true")
    assert ember.run_ok("echo $?") == "0"


def test_output_normalised(ember):
    out, status = ember.run("echo a; echo b")
    assert (out, status) == ("a\nb", 0)
    assert "\r" not in out
