# SPDX-License-Identifier: Apache-2.0 OR MIT
"""echo"""


def test_echo(ember):
    assert ember.run_ok("echo hello world") == "hello world"


def test_echo_nothing(ember):
    assert ember.run_ok("echo") == ""


def test_echo_collapses_spaces(ember):
    assert ember.run_ok("echo a    b") == "a b"


def test_echo_quoted_spaces(ember):
    assert ember.run_ok('echo "a    b"') == "a    b"


def test_echo_n(ember):
    assert ember.run_ok("echo -n a; echo b") == "ab"


def test_echo_n_prompt_follows(ember):
    """With -n the prompt comes right after the text."""
    ember.send_line("echo -n xyz")
    ember.expect(r"\nxyz=> ")


def test_echo_n_alone(ember):
    assert ember.run_ok("echo -n; echo end") == "end"


def test_echo_dash_n_later_is_text(ember):
    assert ember.run_ok("echo a -n") == "a -n"
