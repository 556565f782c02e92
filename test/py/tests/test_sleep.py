# SPDX-License-Identifier: Apache-2.0 OR MIT
"""sleep"""

import time

import pytest

from helpers import assert_usage


@pytest.mark.parametrize("arg,seconds", [("0.5", 0.5), ("1", 1.0),
                                         (".25", 0.25), ("0.125", 0.125)])
def test_sleep(ember, arg, seconds):
    start = time.monotonic()
    ember.run_ok(f"sleep {arg}")
    took = time.monotonic() - start
    assert seconds * 0.8 <= took <= seconds + 2.5, took


def test_sleep_zero(ember):
    ember.run_ok("sleep 0")


@pytest.mark.parametrize("arg", ["1.", "1.2345", "0.x", "1.-5"])
def test_sleep_bad_fraction(ember, arg):
    assert ember.run_fail(f"sleep {arg}") == f"sleep: invalid number '{arg}'"


@pytest.mark.parametrize("arg", ["abc", "-1", "1x"])
def test_sleep_bad_number(ember, arg):
    out = ember.run_fail(f"sleep {arg}")
    assert out.startswith(f"sleep: invalid number '{arg}'\n")
    assert_usage(out.split("\n", 1)[1], "sleep")


def test_sleep_too_long(ember):
    assert ember.run_fail("sleep 86401") == "sleep: at most 86400 seconds"


def test_sleep_usage(ember):
    assert_usage(ember.run_fail("sleep"), "sleep")
    assert_usage(ember.run_fail("sleep 1 2"), "sleep")


def test_sleep_ctrl_c(ember):
    start = time.monotonic()
    ember.send_line("sleep 20")
    ember.expect(r"sleep 20\r*\n")
    time.sleep(0.3)
    ember.send("\x03")
    ember.expect(r"<INTERRUPT>(?=\r*\n)", timeout=5)
    ember.expect_prompt()
    assert time.monotonic() - start < 10
    assert ember.run_ok("echo $?") == "1"
