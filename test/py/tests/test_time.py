# SPDX-License-Identifier: Apache-2.0 OR MIT
"""time"""

import re

from helpers import assert_usage


def took(out):
    m = re.search(r"\ntime: (\d+)\.(\d{3}) seconds$", out)
    assert m, out
    return int(m.group(1)) + int(m.group(2)) / 1000


def test_time(ember):
    out = ember.run_ok("time echo hi")
    assert out.startswith("hi\n\ntime: ")
    assert took(out) < 1


def test_time_sleep(ember):
    assert 0.25 <= took(ember.run_ok("time sleep 0.3")) <= 3


def test_time_failing_command(ember):
    out = ember.run_fail("time false")
    assert took(out) < 1


def test_time_usage_of_command(ember):
    out = ember.run_fail("time sleep")
    assert_usage(out, "sleep")
    assert took(out) < 1


def test_time_too_many_args(ember):
    assert_usage(ember.run_fail("time version x"), "version")


def test_time_unknown(ember):
    assert ember.run_fail("time nosuch") == \
        "Unknown command 'nosuch' - try 'help'"


def test_time_usage(ember):
    assert_usage(ember.run_fail("time"), "time")
