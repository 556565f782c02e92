# SPDX-License-Identifier: Apache-2.0 OR MIT
"""version"""

import re

from helpers import assert_usage


def test_version(ember):
    """U-Boot's shape: the banner, a blank line, the compiler's and the
    linker's own first line"""
    out = ember.run_ok("version").split("\n")
    assert re.fullmatch(r"Ember \d+\.\d+\.\d+ \(.+\)", out[0]), out
    assert out[1] == ""
    assert re.match(r"\S*gcc \(.+\) \d+\.\d+", out[2]), out
    assert out[3].startswith("GNU ld "), out
    assert len(out) == 4, out


def test_version_matches_env(ember):
    first = ember.run_ok("version").split("\n")[0]
    assert ember.run_ok("printenv ver") == f"ver={first}"


def test_version_extra_args(ember):
    assert_usage(ember.run_fail("version now"), "version")
