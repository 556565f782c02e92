# SPDX-License-Identifier: Apache-2.0 OR MIT
"""test: string, numeric and variable conditions."""

import pytest

from helpers import assert_usage

TRUE = [
    "a = a", "a != b", "a < b", "b > a", "-z ''", "-n x", "x",
    "1 -eq 1", "1 -ne 2", "1 -lt 2", "2 -le 2", "3 -gt 2", "3 -ge 3",
    "0x10 -eq 16", "-5 -lt 0", "-e loadaddr", "! -e nosuchvar",
    "! a = b", "a = a -a b = b", "a = b -o b = b", "a = b -o -n x",
    "abc =~ b", "abc =~ '^a.c$'", "virtio0 =~ '^virtio[0-9]+$'",
    "'a b' =~ '\\s'", "x =~ ''",
]
FALSE = [
    "a = b", "a != a", "b < a", "-z x", "-n ''", "''", "1 -eq 2",
    "2 -lt 1", "-e nosuchvar", "! a = a", "a = a -a a = b",
    "a = b -o b = c", "abc =~ '^b'", "abc =~ 'x|y'", "'' =~ a",
]


@pytest.mark.parametrize("expr", TRUE)
def test_true(ember, expr):
    ember.run("setenv nosuchvar")
    assert ember.run(f"test {expr}") == ("", 0)


@pytest.mark.parametrize("expr", FALSE)
def test_false(ember, expr):
    ember.run("setenv nosuchvar")
    assert ember.run(f"test {expr}") == ("", 1)


def test_no_args_is_false(ember):
    assert ember.run("test") == ("", 1)


def test_with_variables(ember):
    ember.run_ok("setenv tv 5")
    assert ember.run_ok("test $tv -gt 3 && echo big") == "big"
    ember.run_ok("setenv tv")


def test_numbers_as_uboot(ember):
    """Numbers read as U-Boot reads them: 0x hex, leading 0 octal, else
    decimal up to the first other character ("1ffffff" is 1, "abc" 0)"""
    ember.run_ok("test 0x2000000 -gt 1ffffff")
    ember.run_ok("test 010 -eq 8")
    ember.run_ok("test abc -eq 0")
    ember.run_fail("test 0x10 -lt 15")


def test_bracket(ember):
    ember.run_ok("[ 1 -lt 2 ]")
    ember.run_fail("[ 2 -lt 1 ]")
    assert ember.run_fail("[ 1 -lt 2") == "[: missing terminating ]"
    assert ember.run_ok("[ abc = abc ] && echo yes") == "yes"


def test_unknown_operator(ember):
    out = ember.run_fail("test a -xx b")
    assert out.startswith("test: unknown operator '-xx'\n")


def test_unexpected_word(ember):
    assert ember.run_fail("test a = a b") == "test: unexpected 'b'"


def test_two_words(ember):
    assert_usage(ember.run_fail("test a b"), "test")


def test_regex_bad(ember):
    """A pattern that is no regular expression: said, and false"""
    assert ember.run("test abc =~ 'a('") == \
        ("test: bad regular expression 'a(': missing ')'", 1)


def test_regex_deepest(ember):
    """Backtracking near the depth bound (240 passes of a group, 2 levels
    each, of 500) runs in Ember's stack (a crash would end the test); far
    past it, the search is refused and says so"""
    a240, a900 = "a" * 240, "a" * 900
    assert ember.run(f"test {a240} =~ '^(a)*$'") == ("", 0)
    out, status = ember.run(f"test {a900} =~ '^(a)*$'")
    assert status == 1 and out == ("test: regular expression '^(a)*$' "
                                   "needs more work than allowed on this "
                                   "string"), out
    # A sequence of 242 atoms, each a level: also within the stack
    assert ember.run(f"test {a240}b =~ '{'a' * 240}b$'") == ("", 0)
    # The work bound: exponential backtracking stops
    out, status = ember.run(f"test {'a' * 40} =~ '(a*)*b'")
    assert status == 1 and "needs more work than allowed" in out, out
