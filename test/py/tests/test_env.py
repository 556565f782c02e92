# SPDX-License-Identifier: Apache-2.0 OR MIT
"""setenv, printenv and env (default -a, print, set)."""

import re

import pytest

from helpers import assert_usage, mem_write_bytes

ENV_SIZE = 0x10000      # CONFIG_ENV_SIZE


@pytest.fixture
def fresh_env(ember):
    """The test changes the whole environment: restart the board after."""
    yield
    ember.broken = True


def test_setenv_printenv(ember):
    ember.run_ok("setenv tvar hello")
    assert ember.run_ok("printenv tvar") == "tvar=hello"
    assert ember.run_ok("echo $tvar") == "hello"
    ember.run_ok("setenv tvar")


def test_setenv_joins_words(ember):
    ember.run_ok("setenv tvar a   b 'c  d'")
    assert ember.run_ok("printenv tvar") == "tvar=a b c  d"
    ember.run_ok("setenv tvar")


def test_setenv_replace(ember):
    ember.run_ok("setenv tvar one")
    ember.run_ok("setenv tvar two")
    assert ember.run_ok("printenv tvar") == "tvar=two"
    ember.run_ok("setenv tvar")


def test_setenv_delete(ember):
    ember.run_ok("setenv tvar x")
    ember.run_ok("setenv tvar")
    assert ember.run_fail("printenv tvar") == '## Error: "tvar" not defined'
    ember.run_ok("setenv tvar")     # deleting what is not there is fine


def test_setenv_empty_value_deletes(ember):
    ember.run_ok("setenv tvar x")
    ember.run_ok("setenv tvar ''")
    ember.run_fail("printenv tvar")


@pytest.mark.parametrize("name", ["a=b", "'a b'", "''", "n" * 64])
def test_setenv_bad_name(ember, name):
    out = ember.run_fail(f"setenv {name} 1")
    assert out.startswith("## Error: illegal character '=' or space, or "
                          "empty name in variable name"), out


def test_setenv_longest_name(ember):
    name = "n" * 63
    ember.run_ok(f"setenv {name} 1")
    assert ember.run_ok(f"printenv {name}") == f"{name}=1"
    ember.run_ok(f"setenv {name}")


def test_setenv_no_args(ember):
    assert_usage(ember.run_fail("setenv"), "setenv")


def test_printenv_all(ember):
    out = ember.run_ok("printenv").split("\n")
    assert out[-2] == ""
    m = re.fullmatch(r"Environment size: (\d+)/(\d+) bytes", out[-1])
    assert m, out[-1]
    assert int(m.group(2)) == ENV_SIZE
    entries = out[:-2]
    names = [e.split("=", 1)[0] for e in entries]
    assert names == sorted(names)
    assert "loadaddr" in names and "bootdelay" in names
    # the size counts every "name=value" and its NUL
    assert int(m.group(1)) == sum(len(e) + 1 for e in entries)


def test_printenv_several(ember):
    ember.run_ok("setenv tva 1; setenv tvb 2")
    assert ember.run_ok("printenv tva tvb") == "tva=1\ntvb=2"
    out = ember.run_fail("printenv tva nosuch tvb")
    assert out == 'tva=1\n## Error: "nosuch" not defined\ntvb=2'
    ember.run_ok("setenv tva; setenv tvb")


def test_env_print_set(ember):
    ember.run_ok("env set tvar via env")
    assert ember.run_ok("env print tvar") == "tvar=via env"
    ember.run_ok("env set tvar")
    ember.run_fail("env print tvar")
    assert "Environment size:" in ember.run_ok("env print")


def test_env_default(ember, fresh_env):
    ember.run_ok("setenv tvar 1; setenv loadaddr 0")
    assert ember.run_ok("env default -a") == \
        "## Resetting to default environment"
    ember.run_fail("printenv tvar")
    assert ember.run_ok("printenv loadaddr") != "loadaddr=0"


def test_env_default_bad(ember):
    assert_usage(ember.run_fail("env default -f"), "env")
    assert_usage(ember.run_fail("env default"), "env")
    assert_usage(ember.run_fail("env default -a x"), "env")


def test_env_default_vars(ember, fresh_env):
    """env default var ...: back to the default, or gone without one"""
    ember.run_ok("setenv loadaddr 0; setenv tvar 1")
    assert ember.run_ok("env default -f loadaddr tvar") == ""
    assert ember.run_ok("printenv loadaddr") != "loadaddr=0"
    ember.run_fail("printenv tvar")


def test_env_export_import_text(ember, fresh_env, layout):
    a = layout.scratch()
    ember.run_ok("setenv tb 2; setenv ta 'x y'")
    ember.run_ok(f"env export -t {a:x} tb ta")
    text = "ta=x y\ntb=2\n"                 # sorted, then one NUL
    assert ember.run_ok("printenv filesize") == \
        f"filesize={len(text) + 1:x}"
    ember.run_ok("setenv ta; setenv tb 9")
    # -d: the environment is replaced by what is imported
    assert ember.run_ok(f"env import -t {a:x}") == \
        f"## Info: input data size = {len(text) + 1} = 0x{len(text) + 1:X}"
    assert ember.run_ok("printenv ta tb") == "ta=x y\ntb=2"
    ember.run_ok(f"env import -d -t {a:x} ${{filesize}}")
    assert ember.run_ok("printenv") .startswith("ta=x y\ntb=2\n\n")


def test_env_import_text_forms(ember, fresh_env, layout):
    """Comments, blank lines, leading blanks, 'name' deleting, a list"""
    a = layout.scratch()
    data = b"# comment\n\n  ti1=one\ntdel\nti2=two\nti3=three\n\0"
    mem_write_bytes(ember, a, data)
    ember.run_ok("setenv tdel x")
    assert ember.run_ok(f"env import -t {a:x} {len(data):x} ti1 tdel") == ""
    assert ember.run_ok("printenv ti1") == "ti1=one"
    ember.run_fail("printenv tdel")
    ember.run_fail("printenv ti2")
    assert ember.run_ok(f"env import {a:x} {len(data):x}") == \
        "## Warning: defaulting to text format"
    assert ember.run_ok("printenv ti3") == "ti3=three"


def test_env_export_import_binary(ember, fresh_env, layout):
    a = layout.scratch()
    ember.run_ok("setenv tb 'a b'; setenv tc 3")
    ember.run_ok(f"env export -b {a:x} tb tc")
    # "tb=a b\\0tc=3\\0\\0": 13 bytes
    assert ember.run_ok("printenv filesize") == "filesize=d"
    ember.run_ok("setenv tb; setenv tc")
    ember.run_ok(f"env import -b {a:x} ${{filesize}}")
    assert ember.run_ok("printenv tb tc") == "tb=a b\ntc=3"


def test_env_export_errors(ember, fresh_env, layout):
    a = layout.scratch()
    ember.run_ok("setenv tlong 0123456789")
    assert ember.run_fail(f"env export -t -s 8 {a:x} tlong") == \
        ("Env export buffer too small: 8\n"
         "## Error: Cannot export environment: errno = 12")
    assert ember.run_fail(f"env export -t -b {a:x}") == \
        '## Error: export: only one of "-b", "-c" or "-t" allowed'
    out = ember.run_fail(f"env export -t {layout.reloc_addr:x}")
    assert out.startswith("env export: ")
    assert_usage(ember.run_fail("env export -t"), "env")


def test_env_bad_subcommand(ember):
    assert_usage(ember.run_fail("env"), "env")
    assert_usage(ember.run_fail("env nosuch"), "env")
    assert_usage(ember.run_fail("env set"), "env")


def test_env_full(ember, fresh_env):
    chunk = "v" * 900
    ember.run_ok(f"setenv chunk {chunk}")
    value = "$chunk" * 4
    out = ""
    for i in range(ENV_SIZE // 3600 + 2):
        out, status = ember.run(f"setenv big{i} {value}")
        if status:
            break
    assert out == (f"## Error: environment full (at most {ENV_SIZE} "
                   "bytes)")
    size = int(re.search(r"Environment size: (\d+)/",
                         ember.run_ok("printenv")).group(1))
    assert ENV_SIZE - 3700 < size <= ENV_SIZE


def test_env_exists_delete(ember):
    """env exists says by its status only; env delete is silent, and fails
    for a variable that is not there"""
    ember.run_ok("setenv ex1 a; setenv ex2 b")
    assert ember.run_ok("env exists ex1") == ""
    assert ember.run_fail("env exists nosuchvar") == ""
    assert ember.run_ok("env delete ex1 ex2") == ""
    ember.run_fail("env exists ex1")
    assert ember.run_fail("env delete ex1") == ""


def test_setenv_force_write_once(ember):
    """ethaddr is write-once and a MAC address, as U-Boot's flags say: a
    change or a deletion needs -f (setenv -f, env set -f, env delete -f)"""
    ember.run_ok("setenv -f ethaddr; setenv ethaddr 52:54:00:12:34:56")
    ember.run_ok("setenv ethaddr 52:54:00:12:34:56")     # the same value
    assert ember.run_fail("setenv ethaddr 52:54:00:12:34:57") == (
        '## Error: Can\'t overwrite "ethaddr"\n'
        '## Error inserting "ethaddr" variable, errno=1')
    assert ember.run_fail("setenv ethaddr") == \
        '## Error: Can\'t delete "ethaddr"'
    assert ember.run_fail("setenv -f ethaddr zz") == (
        '## Error: flags type check failure for "ethaddr" <= "zz" '
        '(type: m)')
    ember.run_ok("setenv -f ethaddr 52:54:00:12:34:57")
    ember.run_ok("env set -f ethaddr 52:54:00:12:34:58")
    assert ember.run_ok("printenv ethaddr") == "ethaddr=52:54:00:12:34:58"
    ember.run_fail("env delete ethaddr")
    ember.run_ok("env delete -f ethaddr")
    ember.run_fail("env exists ethaddr")
    # No variable named -f
    ember.run_fail("env exists -f")


def test_env_import_crlf(ember, fresh_env, layout):
    """-r: CRLF line ends (a uEnv.txt written on Windows) read as LF: the
    CR is dropped, not kept in the value"""
    a = layout.scratch()
    data = b"tcr1=x.dtb\r\ntcr2=two words\r\n\0"
    mem_write_bytes(ember, a, data)
    ember.run_ok(f"env import -t -r {a:x} {len(data):x}")
    assert ember.run_ok("printenv tcr1 tcr2") == "tcr1=x.dtb\ntcr2=two words"


def test_env_grep(ember):
    """U-Boot's 'env grep': name=value lines in name order, where a string
    is in the name (-n), the value (-v) or either (-b, the default), or
    with -e a regular expression matches; the status says whether any
    matched"""
    ember.run_ok("setenv gq_a xyzzy; setenv gq_b plugh; setenv xyzzy_c 1")
    try:
        assert ember.run_ok("env grep xyzzy").splitlines() == \
            ["gq_a=xyzzy", "xyzzy_c=1"]
        assert ember.run_ok("env grep -n xyzzy") == "xyzzy_c=1"
        assert ember.run_ok("env grep -v xyzzy") == "gq_a=xyzzy"
        assert ember.run_ok("env grep -b xyzzy plugh").splitlines() == \
            ["gq_a=xyzzy", "gq_b=plugh", "xyzzy_c=1"]
        # Not across the '=': the name's end and the value's start
        assert ember.run_fail("env grep a=x") == ""
        assert ember.run_fail("env grep -n plugh") == ""
        # -e: regular expressions (as 'setexpr sub': doc/usage/shell.md)
        assert ember.run_ok("env grep -e xy.zy").splitlines() == \
            ["gq_a=xyzzy", "xyzzy_c=1"]
        assert ember.run_ok('env grep -e -n "^gq_[ab]$"').splitlines() == \
            ["gq_a=xyzzy", "gq_b=plugh"]
        assert ember.run_ok('env grep -ve "^p.*h$"') == "gq_b=plugh"
        assert ember.run_fail('env grep -e "(x"') == \
            "env grep: bad regular expression '(x': missing ')'"
        assert_usage(ember.run_fail("env grep"), "env")
        # --: a string that starts with '-'
        ember.run_ok("setenv gq_d -x-")
        assert ember.run_ok("env grep -v -- -x-") == "gq_d=-x-"
        assert_usage(ember.run_fail("env grep -q x"), "env")
    finally:
        ember.run_ok("setenv gq_a; setenv gq_b; setenv xyzzy_c; setenv gq_d")
