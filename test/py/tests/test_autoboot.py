# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Autoboot: the bootdelay countdown, bootcmd, and stopping it with a key.

The sandbox sets variables from its command line (-e name=value), after the
default environment, so these tests choose bootcmd and bootdelay.
"""

import time

import pexpect
import pytest

from ember_console import board_command

COUNTDOWN = r"Hit any key to stop autoboot: +(\d+)"


def spawn(target, *env):
    args = []
    for e in env:
        args += ["-e", e]
    child = pexpect.spawn(*_argv(target, args), encoding="utf-8",
                          timeout=15, echo=False)
    child.delaybeforesend = None
    return child


def _argv(target, args):
    argv = board_command(target.board, target.build_dir, args)
    return argv[0], argv[1:]


def finish(child):
    child.terminate(force=True)
    child.close()


@pytest.mark.boards("sandbox")
def test_autoboot_runs_bootcmd(target):
    child = spawn(target, "bootcmd=echo booted-$bootdelay", "bootdelay=1")
    try:
        start = time.monotonic()
        child.expect(COUNTDOWN)
        assert child.match.group(1) == "1"
        child.expect(r"booted-1\r?\n")
        # It waited about the delay, then ran bootcmd, then the prompt
        assert 0.8 < time.monotonic() - start < 5
        child.expect(r"^=> ")
    finally:
        finish(child)


@pytest.mark.boards("sandbox")
def test_autoboot_key_stops_it(target):
    child = spawn(target, "bootcmd=echo booted", "bootdelay=3")
    try:
        child.expect(COUNTDOWN)
        child.send(" ")
        idx = child.expect([r"\n=> ", r"booted"])
        assert idx == 0, "bootcmd ran although a key was pressed"
    finally:
        finish(child)


@pytest.mark.boards("sandbox")
def test_autoboot_zero_delay(target):
    child = spawn(target, "bootcmd=echo at-once", "bootdelay=0")
    try:
        child.expect(COUNTDOWN)
        child.expect(r"at-once\r?\n")
    finally:
        finish(child)


@pytest.mark.boards("sandbox")
def test_autoboot_disabled(target):
    child = spawn(target, "bootcmd=echo never", "bootdelay=-1")
    try:
        idx = child.expect([r"\n=> ", COUNTDOWN, r"never"])
        assert idx == 0
    finally:
        finish(child)
