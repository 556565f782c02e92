# SPDX-License-Identifier: Apache-2.0 OR MIT
"""U-Boot compatibility, the shell: the examples of U-Boot's
doc/usage/cmd/{if,for,exit,echo,false,true}.rst and of its hush
behaviour, typed as its documentation types them, with its output."""

import pytest

from helpers import transcript, type_keys


@pytest.fixture
def clean_vars(ember):
    yield
    ember.run("setenv c; setenv inner; setenv outer; setenv var")
    # setexpr's: left set, 'b' would shadow a later test's loop variable
    ember.run("setenv n; setenv a; setenv b; setenv d; setenv e")


def test_if(ember, clean_vars):
    transcript(ember, """
=> a=1; if itest $a == 0; then echo true; else echo false; fi
false
=> a=0; if itest $a == 0; then echo true; else echo false; fi
true
=> if true; then true; else true; fi; echo $?
0
=> if false; then true; else true; fi; echo $?
0
=> if false; then false; else false; fi; echo $?
1
=> if true; then false; else false; fi; echo $?
1
=> if false; then true; fi; echo $?
1
""")


def test_for(ember, clean_vars):
    transcript(ember, """
=> env set c
=> for c in 1 2 3; do echo item ${c}; done
item 1
item 2
item 3
=> echo ${c}
3
=> env set c x
=> for c in 1 2 3; do echo item ${c}; done
item x
item x
item x
=> for i in true false; do ${i}; done; echo $?
1
=> for i in false true; do ${i}; done; echo $?
0
""")


def test_exit(ember, clean_vars):
    transcript(ember, """
=> env set inner 'echo entry inner; exit; echo inner done'
=> env set outer 'echo entry outer; run inner; echo outer done'
=> run outer
entry outer
entry inner
outer done
=> echo first; exit; echo last
first
exit not allowed from main input shell.
""")


def test_echo(ember, clean_vars):
    transcript(ember, """
=> echo "a" 'b' c
a b c
=> setenv var X; echo "a)" ${var} 'b)' '${var}' c) ${var}
a) X b) ${var} c) X
=> echo -n 1 2 3; echo a b c
1 2 3a b c
=> for i in a b c; do for j in 1 2 3; do echo -n "${i}${j}, "; done; echo; done;
a1, a2, a3,
b1, b2, b3,
c1, c2, c3,
""")


def test_true_false(ember):
    transcript(ember, """
=> false; echo $?
1
=> true; echo $?
0
""")


def test_and_or_as_hush(ember):
    """hush skips the rest of a chain once '&&' or '||' skips a command."""
    transcript(ember, """
=> false && echo true || echo false
=> true && echo true || echo false
true
=> false || echo a && echo b
a
b
""")


def test_compound_over_lines(ember):
    """An open compound command reads on under the '> ' prompt."""
    transcript(ember, """
=> if true
> then
> echo yes
> fi
yes
=> for i in 1 2
> do echo $i; done
1
2
""")


def test_while_until(ember):
    transcript(ember, """
=> n=0; while test $n != 000; do n=0$n; echo -n $n' '; done; echo
00 000
=> until true; do echo never; done; echo $?
0
""")


def test_itest(ember):
    transcript(ember, """
=> itest 3 < 4; echo $?
0
=> itest 3 == 4; echo $?
1
=> if itest 0x3002 < 0x4001; then echo true; else echo false; fi
true
=> if itest.b 0x3002 < 0x4001; then echo true; else echo false; fi
false
=> if itest.s 0xa1234 < 0xb; then echo true; else echo false; fi
true
=> mw.l ${loadaddr} 4
=> if itest *${loadaddr} == 4; then echo true; else echo false; fi
true
=> if itest.b *${loadaddr} -lt 3; then echo true; else echo false; fi
false
""")


def test_setexpr(ember, clean_vars):
    """U-Boot's forms, as a boot script uses them; what U-Boot reads as 0
    is refused"""
    transcript(ember, """
=> setenv filesize 2001; setexpr n ${filesize} + 1ff; setexpr n $n / 200; echo $n
11
=> setexpr a 40200000 + 1000; echo $a
40201000
=> setexpr b 0 - 1; echo $b
ffffffffffffffff
=> mw.l ${loadaddr} 12345678; setexpr.b c *${loadaddr}; echo $c
78
=> setexpr c *${loadaddr} "&" ff00; echo $c
5600
=> setexpr d fmt "%s-%04d" vm 12; echo $d
vm-0018
=> setexpr e 1 / 0; echo $?
setexpr: division by zero
1
=> setexpr e 1 + ${nosuchvar}x; echo $?
setexpr: invalid number 'x'
1
""")


def typed(ember, line):
    """Type @line with no status check after it (that check would be the
    line an empty line repeats); what it printed."""
    return type_keys(ember, line + "\r")


def test_empty_line_repeats(ember):
    """hush runs the last line again when every command in it is
    repeatable; md goes on where it stopped, with its size and count."""
    addr = int(ember.run_ok("echo $loadaddr"), 16)
    ember.run_ok(f"mw.b {addr:x} 5a 40")
    assert typed(ember, f"md.b {addr:x} 10").startswith(f"{addr:08x}: 5a 5a")
    assert typed(ember, "").startswith(f"{addr + 0x10:08x}: 5a 5a")
    assert typed(ember, "").startswith(f"{addr + 0x20:08x}: 5a 5a")
    # md without a count takes the last one, as U-Boot
    assert len(typed(ember, f"md.b {addr:x}").split("\n")) == 1
    assert typed(ember, "echo a; echo b") == "a\nb"
    assert typed(ember, "") == "a\nb"
    # setenv is not repeatable: neither is a line that ran it
    assert typed(ember, "echo c; setenv rep_x 1") == "c"
    assert typed(ember, "") == ""
    assert typed(ember, "setenv rep_x") == ""
    assert typed(ember, "") == ""
    # A failure does not stop a repeat; an unknown command is no command
    unknown = "Unknown command 'nosuchcmd' - try 'help'"
    assert typed(ember, "nosuchcmd") == unknown
    assert typed(ember, "") == unknown
    # A syntax error does
    assert typed(ember, "fi") == "syntax error: unexpected 'fi'"
    assert typed(ember, "") == ""
