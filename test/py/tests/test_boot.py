# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Start-up: banner and prompt on every board; sandbox program options."""

import os
import re
import subprocess

import pytest

from ember_console import SANITIZER_RE


def test_boot_to_prompt(ember):
    ember.restart()
    log = ember.boot_log
    assert re.search(r"^Ember \d+\.\d+\.\d+", log, re.M), log
    assert re.search(r"^DRAM:  \d+ [MG]iB$", log, re.M), log
    assert re.search(r"^Core:  \d+ devices, \d+ uclasses", log, re.M), log
    assert log.endswith("\n=> ")
    assert ember.run_ok("echo alive") == "alive"


def test_banner_model(ember):
    model = {"sandbox": "Ember sandbox", "qemu_arm64": "linux,dummy-virt"}
    ember.restart()
    assert f"Model: {model[ember.board]}" in ember.boot_log


def sandbox_run(target, *args):
    """Run the sandbox program with @args, stdin at its end."""
    p = subprocess.run([os.path.join(target.build_dir, "ember"), *args],
                       stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, timeout=20)
    assert not SANITIZER_RE.search(p.stdout + p.stderr), p.stderr
    return p


@pytest.mark.boards("sandbox")
def test_sandbox_c_status(target):
    p = sandbox_run(target, "-c", "echo hello; true")
    assert p.returncode == 0
    assert p.stdout.rstrip().endswith("hello")
    p = sandbox_run(target, "-c", "echo first; false")
    assert p.returncode == 1
    assert "first" in p.stdout


@pytest.mark.boards("sandbox")
def test_sandbox_c_polls_input(target):
    """A command that polls for Ctrl-C must not end the program when stdin
    is at its end: the commands after it still run."""
    p = sandbox_run(target, "-c", "sleep 0.1; echo after; false")
    assert p.stdout.rstrip().endswith("after"), p.stdout
    assert p.returncode == 1


@pytest.mark.boards("sandbox")
def test_sandbox_end_of_input(target):
    """Piped input: the shell runs it, then ends at end of input."""
    p = subprocess.run([os.path.join(target.build_dir, "ember")],
                       input="echo piped\n", capture_output=True, text=True,
                       timeout=20)
    assert not SANITIZER_RE.search(p.stdout + p.stderr), p.stderr
    assert p.returncode == 0
    assert "\npiped\n" in p.stdout


@pytest.mark.boards("sandbox")
def test_sandbox_bad_option(target):
    p = sandbox_run(target, "-x")
    assert p.returncode == 2
    assert p.stdout.startswith("usage: ")
    p = sandbox_run(target, "-h")
    assert p.returncode == 0
    assert "-c " in p.stdout and "-d " in p.stdout


@pytest.mark.boards("sandbox")
def test_sandbox_bad_dtb(target, tmp_path):
    p = sandbox_run(target, "-d", str(tmp_path / "missing.dtb"), "-c", "true")
    assert p.returncode == 1
    assert "cannot read" in p.stdout
    junk = tmp_path / "junk.dtb"
    junk.write_bytes(b"not a device tree" * 10)
    p = sandbox_run(target, "-d", str(junk), "-c", "true")
    assert p.returncode == 1
    assert "is not a valid device tree" in p.stdout
