# SPDX-License-Identifier: Apache-2.0 OR MIT
"""U-Boot compatibility, the environment: the examples of U-Boot's
doc/usage/cmd/env.rst and printenv.rst, typed as its documentation types
them, with its output.

env.rst's examples show no output: Ember must print none either, save
for the lines U-Boot prints there (env default -a, env save, env erase,
env import). Between them, lines that are not the document's check that
each command did what it says. Each test runs on a board of its own,
started with an empty environment flash, since the examples reset,
save and import the whole environment.

Adapted on every board: ${backup_addr}, which the document's boards
define, is set to $loadaddr first; the default 'bootcmd' is the board's.

Deliberately different (doc/usage/shell.md): 'env save' prints no
sector counts ('Erasing Flash...Writing to Flash... done'); U-Boot's
flash driver prints them.

Left out:
- 'env print -a' and printenv.rst's 'printenv -a': Ember has no -a;
- printenv.rst's 'setenv .foo bar; printenv': Ember does not hide the
  variables whose name starts with '.';
- 'if env info -p -d -q; then env save; fi': Ember has no 'env info';
- printenv.rst's UEFI examples ('printenv -e'): Ember has no UEFI.
"""

import re

import pytest

from helpers import flash_args, lines, transcript


@pytest.fixture
def board(ember_spawn, target, tmp_path):
    """A board of the target's kind with an erased environment flash"""
    return ember_spawn(flash_args(target, tmp_path / "flash.img"))


def printed(board, name):
    """What 'env print <name>' prints on @board, or its error"""
    return board.run(f"env print {name}")[0]


def test_env_print_set(board):
    """Print, then update variables in memory"""
    bootcmd = printed(board, "bootcmd")
    transcript(board, f"""
=> env print bootcmd stdout
{bootcmd}
stdout=serial
=> env set bootcmd "run distro_bootcmd"
=> env set stdout "serial,vidconsole"
""")
    transcript(board, """
=> env print bootcmd stdout
bootcmd=run distro_bootcmd
stdout=serial,vidconsole
""")


def test_env_delete(board):
    """Delete a variable in memory, either way"""
    for delete in ("env delete bootcmd", "env set bootcmd"):
        board.run_ok("env set bootcmd 'run distro_bootcmd'")
        transcript(board, f"=> {delete}")
        assert board.run_fail("env exists bootcmd") == ""


def test_env_default(board):
    """Reset a variable, then all of them, to the default values"""
    bootcmd = printed(board, "bootcmd")
    board.run_ok("env set bootcmd 'run distro_bootcmd'; env set foo bar")
    transcript(board, "=> env default bootcmd")
    assert printed(board, "bootcmd") == bootcmd
    assert printed(board, "foo") == "foo=bar"
    transcript(board, """
=> env default -a
## Resetting to default environment
""")
    assert printed(board, "foo") == '## Error: "foo" not defined'


def test_env_save_erase(ember_spawn, target, tmp_path):
    """Save the environment in persistent storage; restore the default
    one there"""
    args = flash_args(target, tmp_path / "flash.img")
    board = ember_spawn(args)
    board.run_ok("env set foo bar")
    transcript(board, """
=> env save
Saving Environment to Flash... Erasing Flash...Writing to Flash... done
OK
""")
    board.close()
    board = ember_spawn(args)
    assert printed(board, "foo") == "foo=bar"
    transcript(board, """
=> env erase
Erasing Environment on Flash... OK
""")
    board.close()
    board = ember_spawn(args)
    assert "using default environment" in board.boot_log
    assert printed(board, "foo") == '## Error: "foo" not defined'


def test_env_export_import(board):
    """A text snapshot of the settings in RAM, re-imported in place of
    all other settings"""
    board.run_ok("setenv backup_addr ${loadaddr}")
    before = board.run_ok("printenv")
    transcript(board, "=> env export -t ${backup_addr}")
    size = int(board.run_ok("echo ${filesize}"), 16)
    board.run_ok("env set foo bar; env delete bootdelay")
    transcript(board, f"""
=> env import -d -t ${{backup_addr}}
## Info: input data size = {size} = 0x{size:X}
""")
    assert board.run_ok("printenv") == before


def test_printenv(board):
    """printenv: every variable, sorted, then a blank line and the
    environment's size; $? is 1 when a variable named is not found"""
    out = lines(board.run_ok("printenv"))
    assert out[-2] == "" and re.fullmatch(
        r"Environment size: \d+/\d+ bytes", out[-1]), out[-2:]
    names = [line.split("=", 1)[0] for line in out[:-2]]
    assert names == sorted(names)
    assert board.run_fail("printenv baudrate nosuchvar") == \
        'baudrate=115200\n## Error: "nosuchvar" not defined'
