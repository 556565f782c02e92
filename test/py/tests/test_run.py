# SPDX-License-Identifier: Apache-2.0 OR MIT
"""run"""

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
