# SPDX-License-Identifier: Apache-2.0 OR MIT
"""version"""

import re

from helpers import assert_usage


def test_version(ember):
    out = ember.run_ok("version").split("\n")
    assert re.fullmatch(r"Ember \d+\.\d+\.\d+ \(.+\)", out[0]), out
    assert out[1].startswith("gcc ")


def test_version_matches_env(ember):
    first = ember.run_ok("version").split("\n")[0]
    assert ember.run_ok("printenv ver") == f"ver={first}"


def test_version_extra_args(ember):
    assert_usage(ember.run_fail("version now"), "version")
