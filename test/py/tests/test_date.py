# SPDX-License-Identifier: Apache-2.0 OR MIT
"""date: the PL031 real-time clock (QEMU's own on qemu_arm64, the
register model on the sandbox) with U-Boot's syntax and output shapes.

The clock runs while a test looks at it, so a read-back may be a second
or two later than what was set: the date must be exact, the time within
SLACK seconds. Each test that sets the clock puts it back to the host's
time (UTC) afterwards.
"""

import datetime
import re

import pytest

from helpers import assert_usage

DATE_RE = re.compile(
    r"Date: (\d{4})-(\d\d)-(\d\d) \((\w+)\)    Time: ([ \d]\d):(\d\d):(\d\d)")
SLACK = 4
DEV = "pl031@9010000"
RANGE = "it counts from 1970-01-01 00:00:00 to 2106-02-07 06:28:15"
USAGE = """date - get/set/reset date & time

Usage:
date [MMDDhhmm[[CC]YY][.ss]]
date reset
  - without arguments: print date & time
  - with numeric argument: set the system date & time
  - with 'reset' argument: reset the RTC"""


def parse(line):
    """The datetime of one 'Date: ...' line, its weekday checked."""
    m = DATE_RE.fullmatch(line)
    assert m, f"not a date line: {line!r}"
    y, mo, d, wday, h, mi, s = m.groups()
    when = datetime.datetime(int(y), int(mo), int(d), int(h), int(mi),
                             int(s))
    assert wday == when.strftime("%A"), line
    return when


def assert_near(line, want):
    """@line shows @want's date, and a time at most SLACK s later"""
    got = parse(line)
    assert 0 <= (got - want).total_seconds() <= SLACK, (line, want)


def host_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


@pytest.fixture
def clock(ember):
    """The console, its clock set back to the host's time afterwards."""
    yield ember
    ember.run_ok("date " + host_now().strftime("%m%d%H%M%Y.%S"))


def test_date_host_time(ember_spawn):
    """A fresh board's clock runs at the host's time (UTC), also after a
    while before anyone asks for it"""
    c = ember_spawn()
    c.run_ok("sleep 2")
    before = host_now().replace(microsecond=0)
    got = parse(c.run_ok("date"))
    assert before - datetime.timedelta(seconds=1) <= got <= \
        host_now() + datetime.timedelta(seconds=SLACK)


def test_date_set_then_read(clock):
    out = clock.run_ok("date 120215502026.30")
    assert_near(out, datetime.datetime(2026, 12, 2, 15, 50, 30))
    assert_near(clock.run_ok("date"), datetime.datetime(2026, 12, 2, 15, 50, 30))


@pytest.mark.parametrize("arg, want", [
    # no year: the clock's; no seconds: 0
    ("07041200", datetime.datetime(2031, 7, 4, 12, 0, 0)),
    ("07041200.07", datetime.datetime(2031, 7, 4, 12, 0, 7)),
    # YY: the clock's century
    ("022923592000.58", datetime.datetime(2000, 2, 29, 23, 59, 58)),
    ("0101000070", datetime.datetime(2070, 1, 1, 0, 0, 0)),
    # the last seconds the counter holds, less SLACK: it ticks on and
    # would wrap to 1970 (the wrap itself: ut rtc_test_tick_on_load)
    ("020706282106.10", datetime.datetime(2106, 2, 7, 6, 28, 10)),
    ("010100001970", datetime.datetime(1970, 1, 1, 0, 0, 0)),
], ids=["no-year", "no-year-seconds", "leap-day", "yy", "last", "first"])
def test_date_set_forms(clock, arg, want):
    clock.run_ok("date 123112002031")
    assert_near(clock.run_ok(f"date {arg}"), want)
    assert_near(clock.run_ok("date"), want)


def test_date_reset(clock):
    clock.run_ok("date 120215502026.30")
    out = clock.run_ok("date reset").split("\n")
    assert out[0] == "Reset RTC..."
    assert len(out) == 2
    assert_near(out[1], datetime.datetime(2000, 1, 1, 0, 0, 0))
    if out[1].endswith(" 0:00:00"):
        assert out[1] == "Date: 2000-01-01 (Saturday)    Time:  0:00:00"


@pytest.mark.parametrize("arg", [
    "1202", "120215", "120215502", "12021550202", "1202155020260",
    "1302155026", "0230155026", "1202245026", "1202156026",
    "120215502026.60", "120215502026.5", "120215502026.", "12o21550",
    "1202155x", "12.02", "0229000023", "0229000099",
])
def test_date_bad_format(clock, arg):
    clock.run_ok("date 010112002024")
    assert clock.run_fail(f"date {arg}") == "## Bad date format"
    assert_near(clock.run_ok("date"), datetime.datetime(2024, 1, 1, 12, 0, 0))


@pytest.mark.parametrize("arg, shown", [
    ("123123591969", "1969-12-31 23:59:00"),
    ("020706292106.00", "2106-02-07 06:29:00"),
    ("010100009999", "9999-01-01 00:00:00"),
])
def test_date_out_of_range(clock, arg, shown):
    clock.run_ok("date 010112002024")
    assert clock.run_fail(f"date {arg}") == \
        f"{DEV}: cannot hold {shown}: {RANGE}"
    assert_near(clock.run_ok("date"), datetime.datetime(2024, 1, 1, 12, 0, 0))


def test_date_usage(ember):
    out = ember.run_fail("date foo bar")
    assert_usage(out, "date")
    assert out == USAGE
    assert ember.run_ok("help date") == USAGE
