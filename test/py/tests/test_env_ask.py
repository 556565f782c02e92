# SPDX-License-Identifier: Apache-2.0 OR MIT
"""editenv / env edit and askenv / env ask, typed at the console as a
user would: the value edited in place (the line editor's keys), an empty
line deleting the variable, Ctrl-C leaving it alone; askenv's message
and size, as U-Boot's."""

import re


def typed(ember, cmd, shown, keys):
    """Run @cmd, wait for @shown (its prompt and the value offered), type
    @keys; the exit status"""
    ember.send_line(cmd)
    ember.expect(re.escape(shown))
    ember.send(keys)
    ember.expect_prompt()
    return ember.last_status()


def value(ember, name):
    return ember.run(f"printenv {name}")[0].strip()


def test_editenv(ember):
    ember.run_ok("setenv ed 'first value'")
    # Appended at the end of the line, where the cursor starts
    assert typed(ember, "editenv ed", "edit: first value", " more\r") == 0
    assert value(ember, "ed") == "ed=first value more"
    # Home (a VT100 sequence: QEMU keeps Ctrl-A for itself), Ctrl-K:
    # the whole line replaced
    assert typed(ember, "env edit ed", "edit: first value more",
                 "\x1b[H\x0bsecond\r") == 0
    assert value(ember, "ed") == "ed=second"
    # Ctrl-C: unchanged, and the command fails
    assert typed(ember, "editenv ed", "edit: second", "xx\x03") == 1
    assert value(ember, "ed") == "ed=second"
    # A variable not set yet starts empty; an empty line deletes
    assert typed(ember, "editenv ed_new", "edit: ", "fresh\r") == 0
    assert value(ember, "ed_new") == "ed_new=fresh"
    assert typed(ember, "editenv ed", "edit: second", "\x15\r") == 0
    assert "## Error: \"ed\" not defined" in ember.run("printenv ed")[0]
    assert "Usage" in ember.run_fail("editenv")
    ember.run_ok("setenv ed_new")


def test_askenv(ember):
    assert typed(ember, "askenv as1", "Please enter 'as1': ", "val1\r") == 0
    assert value(ember, "as1") == "as1=val1"
    # A message, and at most 10 characters kept
    assert typed(ember, "askenv as2 Please type-in a value for as2: 10",
                 "Please type-in a value for as2: ",
                 "1234567890123\r") == 0
    assert value(ember, "as2") == "as2=1234567890"
    # The size alone: the default message
    assert typed(ember, "env ask as3 4", "Please enter 'as3': ",
                 "abcdef\r") == 0
    assert value(ember, "as3") == "as3=abcd"
    # Ctrl-C leaves it; an empty line deletes it
    assert typed(ember, "askenv as1", "Please enter 'as1': ", "zz\x03") == 1
    assert value(ember, "as1") == "as1=val1"
    assert typed(ember, "askenv as1", "Please enter 'as1': ", "\r") == 0
    assert "not defined" in ember.run("printenv as1")[0]
    ember.run_ok("setenv as2; setenv as3")
