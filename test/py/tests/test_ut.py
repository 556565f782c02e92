# SPDX-License-Identifier: Apache-2.0 OR MIT
"""The C unit tests, one pytest case each (collected by conftest.py)."""

import pytest


def test_ut(ember, ut_case):
    if ut_case is None:
        pytest.fail("cannot list the C unit tests: the sandbox is not built")
    suite, name = ut_case
    out, status = ember.run(f"ut {suite} {name}", timeout=60)
    assert out.startswith(f"Test: {suite}.{name} ... "), out
    lines = out.split("\n")
    assert lines[-1] == "Tests run: 1, Failures: 0", out
    assert lines[-2].endswith("ok"), out
    assert status == 0, out
