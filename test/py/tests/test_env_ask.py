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


def play(ember, steps):
    """Each step: (command, what it shows, keys typed, its exit status,
    the variable, its value after, None for deleted)"""
    for cmd, shown, keys, status, name, want in steps:
        assert typed(ember, cmd, shown, keys) == status, cmd
        out = ember.run(f"printenv {name}")[0].strip()
        assert out == (f'## Error: "{name}" not defined' if want is None
                       else f"{name}={want}"), (cmd, out)


def test_editenv(ember):
    ember.run_ok("setenv ed 'first value'")
    play(ember, [
        # Appended at the end of the line, where the cursor starts
        ("editenv ed", "edit: first value", " more\r", 0, "ed",
         "first value more"),
        # Home (a VT100 sequence: QEMU keeps Ctrl-A for itself), Ctrl-K:
        # the whole line replaced
        ("env edit ed", "edit: first value more", "\x1b[H\x0bsecond\r", 0,
         "ed", "second"),
        # Ctrl-C: unchanged, and the command fails
        ("editenv ed", "edit: second", "xx\x03", 1, "ed", "second"),
        # A variable not set yet starts empty; an empty line deletes
        ("editenv ed_new", "edit: ", "fresh\r", 0, "ed_new", "fresh"),
        ("editenv ed", "edit: second", "\x15\r", 0, "ed", None),
    ])
    assert "Usage" in ember.run_fail("editenv")
    ember.run_ok("setenv ed_new")


def test_askenv(ember):
    ask1 = "Please enter 'as1': "
    play(ember, [
        ("askenv as1", ask1, "val1\r", 0, "as1", "val1"),
        # A message, and at most 10 characters kept
        ("askenv as2 Please type-in a value for as2: 10",
         "Please type-in a value for as2: ", "1234567890123\r", 0, "as2",
         "1234567890"),
        # The size alone: the default message
        ("env ask as3 4", "Please enter 'as3': ", "abcdef\r", 0, "as3",
         "abcd"),
        # Ctrl-C leaves it; an empty line deletes it
        ("askenv as1", ask1, "zz\x03", 1, "as1", "val1"),
        ("askenv as1", ask1, "\r", 0, "as1", None),
    ])
    ember.run_ok("setenv as2; setenv as3")
