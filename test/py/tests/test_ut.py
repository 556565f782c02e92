# SPDX-License-Identifier: Apache-2.0 OR MIT
"""The C unit tests, one pytest case each (collected by conftest.py)."""

import pytest


def test_ut(ember, ut_case):
    if ut_case is None:
        pytest.fail("cannot list the C unit tests: the sandbox is not built")
    suite, name = ut_case
    out, status = ember.run(f"ut {suite} {name}", timeout=120)
    assert f"Test: {suite}.{name} ... ok" in out, out
    assert "Tests run: 1, Failures: 0" in out, out
    assert status == 0, out
