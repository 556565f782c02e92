# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Line editing over the console: cursor keys, deletion, history, Ctrl-C.

Keys are typed raw (the run() helper would add its own history entries).
Ctrl-A is not used: QEMU's -nographic console takes it as its escape key.
"""

from helpers import type_keys

LEFT, RIGHT, UP, DOWN = "\x1b[D", "\x1b[C", "\x1b[A", "\x1b[B"
HOME, END, DELETE = "\x1b[H", "\x1b[F", "\x1b[3~"
HOME_VT, END_VT = "\x1b[1~", "\x1b[4~"
BACKSPACE, CTRL_H = "\x7f", "\x08"
CTRL_B, CTRL_F, CTRL_E = "\x02", "\x06", "\x05"
CTRL_C, CTRL_K, CTRL_U = "\x03", "\x0b", "\x15"


def test_left_and_insert(ember):
    assert type_keys(ember, f"echo ac{LEFT}b\r") == "abc"


def test_left_right(ember):
    assert type_keys(ember, f"echo ad{LEFT}{LEFT}{RIGHT}bc{RIGHT}e\r") == \
        "abcde"


def test_emacs_cursor_keys(ember):
    assert type_keys(ember, f"echo ac{CTRL_B}b{CTRL_F}d\r") == "abcd"


def test_backspace(ember):
    assert type_keys(ember, f"echo abx{BACKSPACE}c\r") == "abc"
    assert type_keys(ember, f"echo abx{CTRL_H}c\r") == "abc"


def test_backspace_in_middle(ember):
    assert type_keys(ember, f"echo axbc{LEFT}{LEFT}{BACKSPACE}\r") == "abc"


def test_backspace_at_start(ember):
    assert type_keys(ember, f"echo a{HOME}{BACKSPACE}{END}b\r") == "ab"


def test_delete(ember):
    assert type_keys(ember, f"echo axbc{LEFT}{LEFT}{LEFT}{DELETE}\r") == "abc"


def test_home_end(ember):
    assert type_keys(ember, f"cho b{HOME}e{END}c\r") == "bc"
    assert type_keys(ember, f"cho b{HOME_VT}e{END_VT}c\r") == "bc"
    assert type_keys(ember, f"echo c{LEFT}ab{CTRL_E}d\r") == "abcd"


def test_kill_to_end(ember):
    assert type_keys(ember, f"echo keep drop{LEFT * 5}{CTRL_K}\r") == "keep"


def test_kill_line(ember):
    assert type_keys(ember, f"echo gone{CTRL_U}echo fresh\r") == "fresh"


def test_tab_is_space(ember):
    assert type_keys(ember, "echo\ttab\r") == "tab"


def test_history_up_down(ember):
    assert type_keys(ember, "echo hist1\r") == "hist1"
    assert type_keys(ember, "echo hist2\r") == "hist2"
    # History, newest first: hist2, hist1
    assert type_keys(ember, f"{UP}{UP}\r") == "hist1"
    # hist1, hist2, hist1: running the newest again adds nothing
    assert type_keys(ember, f"{UP}\r") == "hist1"
    assert type_keys(ember, f"{UP}{UP}{UP}{DOWN}\r") == "hist2"


def test_history_edit(ember):
    assert type_keys(ember, "echo first\r") == "first"
    assert type_keys(ember, f"{UP}{BACKSPACE * 5}again\r") == "again"


def test_history_down_to_empty(ember):
    assert type_keys(ember, "echo line\r") == "line"
    assert type_keys(ember, f"{UP}{DOWN}echo blank\r") == "blank"


def test_ctrl_c_drops_line(ember):
    ember.send(f"echo dropped{CTRL_C}")
    out = ember.expect_prompt()
    assert out.endswith("^C"), out
    assert type_keys(ember, "echo next\r") == "next"


def test_ctrl_c_keeps_status(ember):
    ember.run_fail("false")
    ember.send(f"true{CTRL_C}")
    ember.expect_prompt()
    assert type_keys(ember, "echo $?\r") == "1"


def test_unknown_escape_ignored(ember):
    assert type_keys(ember, "echo a\x1b[Zb\r") == "ab"


def test_cut_escape_ends_line(ember):
    """A line that arrived whole always ends, however its escape sequence
    was cut short: Enter after a lone ESC, after ESC [, or in the middle
    of a sequence's parameters is still Enter."""
    for cut in ["\x1b", "\x1b[", "\x1b[1", "\x1b[12;3", "\x1bO"]:
        assert type_keys(ember, f"echo ab{cut}\r") == "ab", repr(cut)


def test_cut_escape_keeps_keys(ember):
    """The byte that cut a sequence short counts as itself: a letter after
    a lone ESC is typed, Ctrl-C after ESC [ drops the line."""
    assert type_keys(ember, "echo a\x1bbc\r") == "abc"
    ember.send(f"echo dropped\x1b[{CTRL_C}")
    out = ember.expect_prompt()
    assert out.endswith("^C"), out
    assert type_keys(ember, "echo next\r") == "next"
