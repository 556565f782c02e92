# SPDX-License-Identifier: Apache-2.0 OR MIT
"""U-Boot compatibility, fdt: the example of U-Boot's
doc/usage/cmd/fdt.rst, typed as its documentation types it, with its
output.

Adapted on every board: the addresses (the control DT's, and free RAM at
$loadaddr for the document's 0x10000) and the DT's header words, which
are those of the board's own control DT.

Left out:
- 'fdt addr 10000 f000' and the 'md' after it: Ember's 'fdt addr' takes
  no length to expand the DT to ('fdt resize' grows it instead); 'fdt
  addr 10000' is typed without it;
- the -q flag of the synopsis ('fdt addr [-cq]'): Ember has no -q;
- the other subcommands (print, list, set, rm...): the document has no
  example of them (test_fdt.py tests them).
"""

from helpers import parse_bdinfo, transcript


def test_fdt_addr(ember):
    """Get the control DT's address, copy that DT to free memory, show
    its header, select the copy. U-Boot's 'fdt addr -c' only shows the
    control DT; Ember's selects it too (doc/usage/fdt.md), which nothing
    here reads."""
    ctrl = int(ember.run_ok("echo $fdtcontroladdr"), 16)
    a = int(ember.run_ok("echo $loadaddr"), 16)
    size = parse_bdinfo(ember.run_ok("bdinfo"))["fdt_size"]
    # The header of the board's DT: the magic, its size (the second word,
    # as the document says), the offsets of its structure and strings
    header = ember.run_ok(f"md {ctrl:x} 4").split(": ", 1)[1]
    # md.l reads the big-endian size as a little-endian word
    swapped = int.from_bytes(size.to_bytes(4, "big"), "little")
    assert header.split()[:2] == ["edfe0dd0", f"{swapped:08x}"], header
    try:
        transcript(ember, f"""
=> fdt addr -c
Control fdt: {ctrl:08x}
=> cp.b {ctrl:08x} {a:x} 10000
=> md {a:x} 4
{a:08x}: {header}
=> fdt addr {a:x}
Working FDT set to {a:x}
""")
    finally:
        ember.run("fdt addr -c")    # the working DT the board starts with
