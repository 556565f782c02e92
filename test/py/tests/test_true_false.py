# SPDX-License-Identifier: Apache-2.0 OR MIT
"""true, false and the status variable $?"""


def test_true(ember):
    assert ember.run("true") == ("", 0)


def test_false(ember):
    assert ember.run("false") == ("", 1)


def test_ignore_args(ember):
    assert ember.run("true a b c") == ("", 0)
    assert ember.run("false a b c") == ("", 1)


def test_status_var(ember):
    assert ember.run_ok("false; echo $?") == "1"
    assert ember.run_ok("true; echo $?") == "0"


def test_status_var_next_line(ember):
    """$? carries over to the next command line."""
    ember.run_fail("false")
    assert ember.run_ok("echo $?") == "1"
    ember.run_ok("true")
    assert ember.run_ok("echo $?") == "0"


def test_status_of_unknown_command(ember):
    out = ember.run_fail("nosuchcmd")
    assert out == "Unknown command 'nosuchcmd' - try 'help'"
    assert ember.run_ok("echo $?") == "1"


def test_status_is_last_command(ember):
    assert ember.run("false; true")[1] == 0
    assert ember.run("true; false")[1] == 1
