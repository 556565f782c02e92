# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Checks shared by the tests in tests/."""


def usage_text(name):
    """The start of what a command prints when its arguments are wrong."""
    return f"{name} - "


def assert_usage(out, name):
    """@out is the usage message of command @name."""
    assert out.startswith(f"{name} - "), out
    assert f"\n\nUsage:\n{name} " in out, out


def lines(out):
    return out.split("\n") if out else []


def type_keys(ember, keys):
    """Type raw @keys (ending in Enter) at the prompt; return the output
    after the edited line, up to the next prompt."""
    ember.send(keys)
    out = ember.expect_prompt()
    return out.split("\n", 1)[1] if "\n" in out else ""
