# SPDX-License-Identifier: Apache-2.0 OR MIT
"""saveenv: the environment in flash survives a restart, a reset and a
power cut in the middle of a save; on the sandbox's flash model (a file,
--flash) and on QEMU's second pflash bank."""

import os
import shutil
import signal
import time

import pytest

from helpers import assert_usage, flash_args

SAVED = ("Saving Environment to Flash... Erasing Flash...Writing to Flash... "
         "done\nOK")
LOADED = "Loading Environment from Flash... OK"
BAD_CRC = ("Loading Environment from Flash... *** Warning - bad CRC, using "
           "default environment")


def value(ember, name):
    out, status = ember.run(f"printenv {name}")
    return out.split("=", 1)[1] if status == 0 else None


def test_saveenv_restart(ember_spawn, target, tmp_path):
    args = flash_args(target, tmp_path / "flash.img")
    ember = ember_spawn(args)
    assert BAD_CRC in ember.boot_log        # erased flash: the defaults
    ember.run_ok("setenv foo bar; setenv bootdelay")
    assert ember.run_ok("saveenv") == SAVED
    ember.close()
    ember = ember_spawn(args)
    assert LOADED in ember.boot_log
    assert value(ember, "foo") == "bar"
    # The saved environment is the whole environment
    assert value(ember, "bootdelay") is None
    ember.run_ok("env default -a; saveenv")
    assert_usage(ember.run_fail("saveenv now"), "saveenv")


def test_env_erase(ember_spawn, target, tmp_path):
    args = flash_args(target, tmp_path / "flash.img")
    ember = ember_spawn(args)
    ember.run_ok("setenv foo bar; saveenv")
    assert ember.run_ok("env erase") == \
        "Erasing Environment on Flash... OK"
    ember.close()
    assert BAD_CRC in ember_spawn(args).boot_log


@pytest.mark.boards("qemu_arm64")
def test_saveenv_qemu_reset(ember_spawn, target, tmp_path):
    args = flash_args(target, tmp_path / "pflash1.img")
    ember = ember_spawn(args)
    ember.run_ok("setenv foo survived; saveenv")
    ember.send_line("reset")
    ember.expect("resetting ...")
    assert LOADED in ember.wait_boot()
    assert value(ember, "foo") == "survived"


def power_cuts(ember_spawn, args, kill, when):
    """Save values one after another, each cut by @kill(ember) @when(i)
    seconds into its save; after every cut the environment is the last
    one saved or the one being saved, never the defaults."""
    ember = ember_spawn(args)
    # 8 KiB of variables: a save long enough to be cut in the middle
    for i in range(8):
        ember.run_ok(f"setenv big{i} {str(i) * 1000}")
    ember.run_ok("setenv foo v0; saveenv")
    last, cut_short = "v0", 0
    for i in range(1, 6):
        ember.run_ok(f"setenv foo v{i}")
        ember.send_line("saveenv")
        ember.expect("Saving Environment to Flash... ")
        time.sleep(when(i))
        kill(ember)
        ember.close()
        ember = ember_spawn(args)
        assert LOADED in ember.boot_log
        now = value(ember, "foo")
        assert now in (last, f"v{i}"), (i, now)
        cut_short += now == last
        last = now
    return cut_short


@pytest.mark.boards("qemu_arm64")
def test_saveenv_qemu_power_cut(ember_spawn, target, tmp_path):
    """QEMU killed (SIGKILL) while it writes the pflash file."""
    args = flash_args(target, tmp_path / "pflash1.img")
    ember = ember_spawn(args)
    for i in range(8):
        ember.run_ok(f"setenv big{i} {str(i) * 1000}")
    start = time.monotonic()
    ember.run_ok("saveenv", timeout=60)
    took = time.monotonic() - start
    ember.close()

    def kill(e):
        os.kill(e.child.pid, signal.SIGKILL)

    cut_short = power_cuts(ember_spawn, args, kill,
                           lambda i: took * (i - 0.5) / 5)
    # Some of the cuts fell before the save was complete
    assert cut_short >= 1, f"every save finished first ({took:.2f} s)"


@pytest.mark.boards("sandbox")
def test_saveenv_sandbox_power_cut(ember_spawn, target, tmp_path):
    """The model's power cut (--flash-cut N: the power goes at the Nth
    flash operation of the run) at each phase of a save: the erase, the
    first and last data words, the old copy's flags byte, the new one's.
    After the restart: the old environment or the new one, and the new
    one whenever saveenv said OK."""
    base, work = tmp_path / "base.img", tmp_path / "flash.img"
    ember = ember_spawn(flash_args(target, base))
    ember.run_ok("setenv foo old; saveenv; saveenv")   # both copies used
    ember.close()

    def cut_save(cut):
        shutil.copy(base, work)
        ember = ember_spawn(flash_args(target, work) +
                            ["--flash-cut", str(cut)])
        ember.run_ok("setenv foo new")
        out, status = ember.run("saveenv", timeout=60)
        ember.close()
        ember = ember_spawn(flash_args(target, work))
        assert LOADED in ember.boot_log
        now = value(ember, "foo")
        ember.close()
        assert now in ("old", "new"), (cut, now)
        if status == 0:                 # acknowledged: never lost
            assert now == "new", (cut, out)
        else:
            assert "Failed (" in out, (cut, out)
        return status == 0

    # The save's length: the least cut it survives
    lo, hi = 0, 4096
    assert cut_save(hi)
    while lo < hi:
        mid = (lo + hi) // 2
        if cut_save(mid):
            hi = mid
        else:
            lo = mid + 1
    n = lo
    assert n > 3
    for cut in (0, 1, n - 3, n - 2, n - 1):
        assert not cut_save(cut)


def info(ember, opts=""):
    """'env info' with @opts: (its lines, its status)"""
    out, status = ember.run(f"env info {opts}".strip())
    return out.strip().splitlines(), status


def test_env_info(ember_spawn, target, tmp_path):
    """U-Boot's 'env info': the first boot on an erased flash uses the
    defaults and can save them ('if env info -p -d -q; then env save; fi',
    U-Boot's own example), the next boot loads them, and says so"""
    args = flash_args(target, tmp_path / "flash.img")
    ember = ember_spawn(args)
    assert info(ember) == (["env_valid = invalid", "env_ready = true",
                            "env_use_default = true"], 0)
    assert info(ember, "-d") == (["Default environment is used"], 0)
    assert info(ember, "-p") == (["Environment can be persisted"], 0)
    assert info(ember, "-p -d") == (["Default environment is used",
                                     "Environment can be persisted"], 0)
    assert info(ember, "-pdq") == ([], 0)
    assert info(ember, "-q") == ([], 0)
    out = ember.run_ok("if env info -p -d -q; then env save; fi")
    assert out == SAVED
    # 'saveenv' does not make the variables any less the defaults
    assert info(ember, "-d") == (["Default environment is used"], 0)
    ember.close()
    ember = ember_spawn(args)
    assert LOADED in ember.boot_log
    lines, status = info(ember)
    assert status == 0 and lines[1:] == ["env_ready = true",
                                         "env_use_default = false"], lines
    assert lines[0] in ("env_valid = valid", "env_valid = redundant"), lines
    assert info(ember, "-d") == (
        ["Environment was loaded from persistent storage"], 1)
    assert info(ember, "-d -p -q") == ([], 1)
    # Nothing saved; the status is the condition's, as in U-Boot's hush
    assert ember.run("if env info -p -d -q; then env save; fi") == ("", 1)
    # The second save goes to the other copy
    ember.run_ok("saveenv")
    assert info(ember)[0][0] != lines[0]
    ember.run_ok("env default -a")
    assert info(ember, "-d") == (["Default environment is used"], 0)
    for bad in ("-x", "x", "-d -z"):
        assert_usage(ember.run_fail(f"env info {bad}"), "env")
