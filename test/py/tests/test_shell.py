# SPDX-License-Identifier: Apache-2.0 OR MIT
"""The command language: ; && || quotes variables $? comments limits."""

import time

import pytest

from helpers import assert_usage

CBSIZE = 1024       # CONFIG_SYS_CBSIZE: longest line + NUL
MAXARGS = 64        # CONFIG_SYS_MAXARGS


@pytest.fixture
def var(ember):
    """Set shell variables for one test and delete them afterwards."""
    names = []

    def setvar(name, value):
        ember.run_ok(f"setenv {name} '{value}'")
        names.append(name)

    yield setvar
    for name in names:
        ember.run(f"setenv {name}")


def test_semicolon(ember):
    assert ember.run_ok("echo a; echo b;echo c") == "a\nb\nc"


def test_trailing_and_empty_separators(ember):
    assert ember.run_ok("echo a;; ;echo b;") == "a\nb"


def test_and(ember):
    assert ember.run_ok("true && echo yes") == "yes"
    out, status = ember.run("false && echo no")
    assert (out, status) == ("", 1)


def test_or(ember):
    assert ember.run_ok("false || echo alt") == "alt"
    assert ember.run_ok("true || echo no") == ""


def test_chains(ember):
    # hush: once '&&' or '||' skips a command, the rest of the chain goes
    assert ember.run("false && echo a || echo b") == ("", 1)
    assert ember.run_ok("true && echo a || echo b") == "a"
    assert ember.run_ok("false; echo next") == "next"
    assert ember.run("true && false")[1] == 1


def test_single_quotes(ember, var):
    var("v", "value")
    assert ember.run_ok("echo 'a;b && $v'") == "a;b && $v"


def test_double_quotes(ember, var):
    var("v", "x  y")
    assert ember.run_ok('echo "a;b $v"') == "a;b x  y"


def test_backslash(ember):
    assert ember.run_ok("echo a\\;b \\$x") == "a;b $x"


def test_empty_quotes_make_a_word(ember):
    assert ember.run_ok("test -z ''") == ""
    assert ember.run_ok('test -z ""') == ""


def test_unterminated_single_quote(ember):
    ember.run_ok("setenv s \"echo 'open\"")
    assert ember.run_fail("run s") == "syntax error: unterminated single quote"
    ember.run_ok("setenv s")


def test_unterminated_double_quote(ember, var):
    var("s", 'echo "open; echo no')
    assert ember.run_fail("run s") == "syntax error: unterminated double quote"


def test_open_quote_typed_reads_on(ember):
    """Typed at the prompt, an open quote continues on the next line."""
    ember.send_line("echo 'open")
    ember.expect(r"\n> ")
    ember.send_line("shut'")
    assert ember.expect_prompt().split("\n", 1)[1] == "open\nshut"


def test_missing_brace(ember):
    assert ember.run_fail("echo ${open") == "syntax error: missing '}'"


def test_variables(ember, var):
    var("v", "val")
    assert ember.run_ok("echo $v ${v}x -$v-") == "val valx -val-"


def test_empty_expansion_is_no_word(ember, var):
    var("v", "val")
    assert ember.run_ok("echo a $vx b") == "a b"
    assert ember.run_ok('echo a "$vx" b') == "a  b"


def test_unquoted_expansion_splits(ember, var):
    var("v", "a   b")
    assert ember.run_ok("echo [$v]") == "[a b]"
    var("cmd", "echo split")
    assert ember.run_ok("$cmd") == "split"


def test_undefined_variable(ember):
    ember.run("setenv nosuchvar")
    assert ember.run_ok("echo [$nosuchvar]") == "[]"


def test_lone_dollar(ember):
    assert ember.run_ok("echo $ a$") == "$ a$"


def test_expansion_per_command(ember, var):
    var("a", "old")
    assert ember.run_ok("setenv a new; echo $a") == "new"


def test_variable_name_too_long(ember):
    out = ember.run_fail("echo ${" + "n" * 70 + "}")
    assert out == "syntax error: variable name too long"


def test_expansion_too_long(ember, var):
    var("big", "x" * 900)
    out = ember.run_fail("echo $big$big$big$big$big")
    assert out == "syntax error: command too long after expansion"


def test_status_variable(ember):
    assert ember.run_ok("false; echo $?; true; echo $?") == "1\n0"
    assert ember.run_ok("false || echo $?") == "1"


def test_comments(ember):
    assert ember.run_ok("echo a # not this") == "a"
    assert ember.run_ok("# nothing at all") == ""
    assert ember.run_ok("echo a#b '#c'") == "a#b #c"


def test_unknown_command(ember):
    out = ember.run_fail("nosuchcmd arg")
    assert out == "Unknown command 'nosuchcmd' - try 'help'"


def test_unknown_command_continues(ember):
    out = ember.run_ok("nosuchcmd; echo after")
    assert out == "Unknown command 'nosuchcmd' - try 'help'\nafter"


def test_too_many_args_for_command(ember):
    assert_usage(ember.run_fail("bdinfo extra"), "bdinfo")


def test_max_args(ember):
    words = " ".join(f"w{i}" for i in range(MAXARGS - 1))
    assert ember.run_ok(f"echo {words}") == words


def test_too_many_args(ember):
    words = " ".join(f"w{i}" for i in range(MAXARGS))
    out = ember.run_fail(f"echo {words}")
    assert out == "syntax error: too many arguments"


def test_longest_line(ember):
    arg = "y" * (CBSIZE - 1 - len("echo "))
    assert ember.run_ok(f"echo {arg}") == arg


def test_line_too_long(ember):
    line = "echo " + "z" * (CBSIZE - len("echo "))
    out = ember.run_fail(line)
    assert out == f"error: line too long (at most {CBSIZE - 1} characters)"
    assert ember.run_ok("echo still here") == "still here"


def test_run_recursion_bound(ember, var):
    var("loop", "run loop")
    out = ember.run_fail("run loop")
    assert out == "run: commands nested too deeply (max 16)"
    assert ember.run_ok("echo still here") == "still here"


def test_mutual_recursion_bound(ember, var):
    var("ping", "echo -n i; run pong")
    var("pong", "echo -n o; run ping")
    out = ember.run_fail("run ping")
    assert out.endswith("run: commands nested too deeply (max 16)")
    assert out.startswith("ioioioio")


def test_runaway_loop_stops_on_ctrl_c(ember):
    """A loop that never ends by itself gives way to Ctrl-C within a
    second, and the line stops, every level of it."""
    # sleep: the work bound (a million commands) must not end it first
    ember.run_ok("setenv loopbody 'true; sleep 0.01'")
    ember.send_line("while true; do run loopbody; done; echo not here")
    ember.expect(r"\n")                 # the line is running
    time.sleep(0.5)
    start = time.monotonic()
    ember.send("\x03")
    out = ember.expect_prompt(timeout=5)
    assert time.monotonic() - start < 1.5
    assert out.strip().endswith("<INTERRUPT>") and "not here" not in out
    assert ember.last_status() == 1
    ember.run_ok("setenv loopbody")
