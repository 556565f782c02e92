# SPDX-License-Identifier: Apache-2.0 OR MIT
"""run"""

import time

from helpers import assert_usage


def test_run(ember):
    ember.run_ok("setenv tcmd 'echo a; echo b'")
    assert ember.run_ok("run tcmd") == "a\nb"
    ember.run_ok("setenv tcmd")


def test_run_several(ember):
    ember.run_ok("setenv ta 'echo a'; setenv tb 'echo b'")
    assert ember.run_ok("run ta tb ta") == "a\nb\na"
    ember.run_ok("setenv ta; setenv tb")


def test_run_status(ember):
    ember.run_ok("setenv tbad 'echo x; false'; setenv tb 'echo b'")
    assert ember.run_fail("run tbad tb") == "x"     # stops at the failure
    assert ember.run_ok("run tbad || echo failed") == "x\nfailed"
    ember.run_ok("setenv tbad; setenv tb")


def test_run_nested(ember):
    ember.run_ok("setenv tin 'echo inner'; setenv tout 'run tin; echo outer'")
    assert ember.run_ok("run tout") == "inner\nouter"
    ember.run_ok("setenv tin; setenv tout")


def test_run_changes_itself(ember):
    """The commands may replace their own variable while they run."""
    ember.run_ok("setenv tself 'setenv tself echo changed; echo first'")
    assert ember.run_ok("run tself") == "first"
    assert ember.run_ok("run tself") == "changed"
    ember.run_ok("setenv tself")


def test_run_undefined(ember):
    ember.run("setenv nosuch")
    assert ember.run_fail("run nosuch") == '## Error: "nosuch" not defined'


def test_run_no_args(ember):
    assert_usage(ember.run_fail("run"), "run")


def test_run_recursion(ember):
    ember.run_ok("setenv tloop 'run tloop'")
    assert ember.run_fail("run tloop") == \
        "run: commands nested too deeply (max 16)"
    ember.run_ok("setenv tloop")


def test_boot_runs_bootcmd(ember):
    ember.run_ok("setenv bootcmd 'echo booting; true'")
    for cmd in ("boot", "bootd"):
        assert ember.run_ok(cmd) == "booting"
    ember.run_ok("setenv bootcmd false")
    ember.run_fail("boot")
    ember.run_ok("setenv bootcmd")
    assert '## Error: "bootcmd" not defined' in ember.run_fail("boot")


def test_run_recursion_multiplied(ember):
    """Each level running itself three times: one message, the whole line
    stops at once, and the shell answers right after."""
    ember.run_ok("setenv tr 'run tr || run tr || run tr'")
    out = ember.run_fail("run tr; echo not reached", timeout=10)
    assert out == "run: commands nested too deeply (max 16)"
    assert ember.run_ok("echo alive") == "alive"
    ember.run_ok("setenv tr")


# 10**6 commands with six levels of ten: one more than the line may run
WIDE = ["setenv tw0 'true;true;true;true;true;true;true;true;true;true'"] + \
    [f"setenv tw{i} 'run {' '.join([f'tw{i - 1}'] * 10)}'" for i in range(1, 6)]


def test_run_total_commands(ember):
    """A line that multiplies its work is stopped after
    CONFIG_CLI_MAX_COMMANDS commands, with a message."""
    for cmd in WIDE:
        ember.run_ok(cmd)
    out = ember.run_fail("run tw5; echo not reached", timeout=120)
    assert out == "stopped: the line ran more than 1000000 commands"
    assert ember.run_ok("run tw4") == ""        # 10**5 commands are fine
    ember.run_ok("setenv tw0; setenv tw1; setenv tw2; setenv tw3; "
                 "setenv tw4; setenv tw5")


def test_run_ctrlc(ember):
    """Ctrl-C stops a long line at any depth, within a second, and says
    so once."""
    for cmd in WIDE:
        ember.run_ok(cmd)
    worst = 0.0
    for _ in range(3):
        ember.send_line("run tw5 tw5 tw5; echo not reached")
        time.sleep(0.3)
        start = time.monotonic()
        ember.send("\x03")
        out = ember.expect_prompt(timeout=10)
        worst = max(worst, time.monotonic() - start)
        assert out.strip().endswith("<INTERRUPT>"), out
        assert out.count("<INTERRUPT>") == 1, out
        assert "\nnot reached" not in out      # (the echoed line has it)
        assert ember.last_status() == 1
    assert worst < 1.0, worst
    ember.run_ok("setenv tw0; setenv tw1; setenv tw2; setenv tw3; "
                 "setenv tw4; setenv tw5")
