# SPDX-License-Identifier: Apache-2.0 OR MIT
"""help: the command list, one command's usage, unknown commands."""

import re

from helpers import assert_usage

COMMANDS = ["bdinfo", "cmp", "cp", "crc32", "dm", "echo", "env", "exception",
            "false", "fdt", "help", "md", "mw", "poweroff", "printenv",
            "reset", "run", "setenv", "sleep", "test", "time", "true",
            "version"]


def command_list(out):
    """Names from U-Boot's "%-10s- usage" lines"""
    names = []
    for line in out.split("\n"):
        m = re.match(r"(\S+) *- (.+)", line)
        assert m and (len(m.group(1)) >= 10 or line[10:12] == "- "), \
            f"bad help line: {line!r}"
        names.append(m.group(1))
    return names


def test_help_lists_commands(ember):
    names = command_list(ember.run_ok("help"))
    for cmd in COMMANDS:
        assert cmd in names
    assert ("ut" in names) == (ember.board == "sandbox")


def test_help_list_sorted(ember):
    names = command_list(ember.run_ok("help"))
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_help_line_shape(ember):
    out = ember.run_ok("help").split("\n")
    assert "echo      - echo args to console" in out
    assert out[0] == "?         - alias for 'help'"
    assert "[         - alias for 'test'" in out


def test_help_question_mark(ember):
    assert ember.run_ok("? echo") == ember.run_ok("help echo")


def test_help_one_command(ember):
    out = ember.run_ok("help echo")
    assert_usage(out, "echo")
    assert out == ("echo - echo args to console\n\nUsage:\n"
                   "echo [-n] [args..]\n"
                   "    - echo args to console; -n suppresses newline")


def test_help_several_commands(ember):
    out = ember.run_ok("help true false")
    assert out.startswith("true - do nothing, successfully\n")
    assert "\nfalse - do nothing, unsuccessfully\n" in out


def test_help_size_suffix(ember):
    assert_usage(ember.run_ok("help md.b"), "md")


def test_help_unknown(ember):
    out = ember.run_fail("help nosuchcmd")
    assert out == ("Unknown command 'nosuchcmd' - try 'help' without "
                   "arguments for list of all known commands")


def test_help_unknown_and_known(ember):
    out = ember.run_fail("help nosuchcmd echo")
    assert out.startswith("Unknown command 'nosuchcmd'")
    assert "echo - echo args to console" in out
