# SPDX-License-Identifier: Apache-2.0 OR MIT
"""U-Boot compatibility, the memory commands: the examples of U-Boot's
doc/usage/cmd/{md,cp,cmp}.rst, typed as its documentation types them,
with its output.

Adapted on every board: the addresses (the documents' boards have RAM at
0; here it is free RAM at $loadaddr) and the memory's contents, written
first with mw where the documents' boards had them already.

Left out:
- cp.rst's 'mtd list' and its copies to NOR flash ('Copy to Flash...
  done', 'Can't write to protected Flash sectors'): Ember has no mtd
  command, and cp writes to RAM only (the flash is the environment's);
- the last line of cmp.rst's 'mm.b' sessions, ended with Ctrl-C: U-Boot
  shows '=> <INTERRUPT>' after the prompt, Ember '^C' (its line
  editor's, as at the shell's prompt);
- mw and crc32: U-Boot's documentation has no page for them.
"""

import re

from helpers import lines, mem_write_bytes, transcript

# doc/usage/cmd/md.rst, whole
MD_DOC = """
=> md 10000
00010000: 00010000 00000000 f0f30f00 00005596    .............U..
00010010: 10011010 00000000 10011010 00000000    ................
00010020: 10011050 00000000 b96d4cd8 00007fff    P........Lm.....
00010030: 00000000 00000000 f0f30f18 00005596    .............U..
00010040: 10011040 00000000 10011040 00000000    @.......@.......
00010050: b96d4cd8 00007fff 10011020 00000000    .Lm..... .......
00010060: 00000003 000000c3 00000000 00000000    ................
00010070: 00000000 00000000 f0e892f3 00005596    .............U..
00010080: 00000000 000000a1 00000000 00000000    ................
00010090: 00000000 00000000 f0e38aa6 00005596    .............U..
000100a0: 00000000 000000a6 00000022 00000000    ........".......
000100b0: 00000001 00000000 f0e38aa1 00005596    .............U..
000100c0: 00000000 000000be 00000000 00000000    ................
000100d0: 00000000 00000000 00000000 00000000    ................
000100e0: 00000000 00000000 00000000 00000000    ................
000100f0: 00000000 00000000 00000000 00000000    ................
=> md.b 10000
00010000: 00 00 01 00 00 00 00 00 00 0f f3 f0 96 55 00 00    .............U..
00010010: 10 10 01 10 00 00 00 00 10 10 01 10 00 00 00 00    ................
00010020: 50 10 01 10 00 00 00 00 d8 4c 6d b9 ff 7f 00 00    P........Lm.....
00010030: 00 00 00 00 00 00 00 00 18 0f f3 f0 96 55 00 00    .............U..
=> md.b 10000 10
00010000: 00 00 01 00 00 00 00 00 00 0f f3 f0 96 55 00 00    .............U..
=>
00010010: 10 10 01 10 00 00 00 00 10 10 01 10 00 00 00 00    ................
=>
00010020: 50 10 01 10 00 00 00 00 d8 4c 6d b9 ff 7f 00 00    P........Lm.....
=>
=> md.q 10000
00010000: 0000000000010000 00005596f0f30f00    .............U..
00010010: 0000000010011010 0000000010011010    ................
00010020: 0000000010011050 00007fffb96d4cd8    P........Lm.....
00010030: 0000000000000000 00005596f0f30f18    .............U..
00010040: 0000000010011040 0000000010011040    @.......@.......
00010050: 00007fffb96d4cd8 0000000010011020    .Lm..... .......
00010060: 000000c300000003 0000000000000000    ................
00010070: 0000000000000000 00005596f0e892f3    .............U..
"""

# doc/usage/cmd/cmp.rst, after its two mm.b sessions
CMP_DOC = """
=> cmp 0x1000000 0x101000 0xc
word at 0x01000004 (0x6f77206f) != word at 0x00101004 (0x6f57206f)
Total of 1 word(s) were the same
=> cmp.b 0x1000000 0x101000 0xc
byte at 0x01000006 (0x77) != byte at 0x00101006 (0x57)
Total of 6 byte(s) were the same
=> cmp.w 0x1000000 0x101000 0xc
halfword at 0x01000006 (0x6f77) != halfword at 0x00101006 (0x6f57)
Total of 3 halfword(s) were the same
=> cmp.l 0x1000000 0x101000 0xc
word at 0x01000004 (0x6f77206f) != word at 0x00101004 (0x6f57206f)
Total of 1 word(s) were the same
=> cmp.q 0x1000000 0x101000 0xc
double word at 0x01000000 (0x6f77206f6c6c6548) != double word at 0x00101000 (0x6f57206f6c6c6548)
Total of 0 double word(s) were the same
"""


def loadaddr(ember):
    return int(ember.run_ok("echo $loadaddr"), 16)


def moved(text, moves):
    """@text with each address in [old, old + 0x1000) moved to new, for
    (old, new) in @moves: typed (hex, with or without 0x) or printed
    (8 digits, with or without 0x). Data values are left alone: in these
    examples none falls in a moved range."""
    def move(m):
        digits = m.group(2)
        value = int(digits, 16)
        for old, new in moves:
            if old <= value < old + 0x1000:
                width = 8 if len(digits) == 8 else 1
                return f"{m.group(1) or ''}{value - old + new:0{width}x}"
        return m.group(0)
    out = []
    for line in text.split("\n"):
        if line.startswith("=> "):
            line = re.sub(r"(?<= )(0x)?([0-9a-f]+)\b", move, line)
        else:       # an md line's address, cmp's 'at <addr>'
            line = re.sub(r"^()([0-9a-f]{8})(?=:)", move, line)
            line = re.sub(r"(?<=at )(0x)([0-9a-f]{8})\b", move, line)
        out.append(line)
    return "\n".join(out)


def md_doc_bytes():
    """The 256 bytes the md example's board had at 0x10000, read back
    from the document's own 'md 10000' lines (little-endian words)"""
    data = b""
    for line in MD_DOC.split("\n=> md.b")[0].split("\n")[2:]:
        words = line.split(":")[1].split()[:4]
        data += b"".join(int(w, 16).to_bytes(4, "little") for w in words)
    assert len(data) == 0x100
    return data


def test_md(ember):
    """md.rst, with the document's bytes at $loadaddr. The text column is
    two spaces after the last value, as U-Boot prints it since v2021.10
    (doc/usage/memory.md); the document still shows the four of before."""
    a = loadaddr(ember)
    mem_write_bytes(ember, a, md_doc_bytes())
    # md's size and count are those of the last md: those of a board
    # that has just started, as the document's had
    ember.run_ok(f"md.l {a:x} 40")
    doc = re.sub(r"(?m)^(\S+: .*\S) {4}(.{16})$", r"\1  \2", MD_DOC)
    transcript(ember, moved(doc, [(0x10000, a)]))


def test_cp(ember):
    """cp.rst's copy to RAM (its board's RAM at 0x4020000 and 0x5000000;
    here 2 MiB at $loadaddr, copied 16 MiB further), which prints
    nothing; cmp then finds the copy whole, in cmp.rst's words"""
    a = loadaddr(ember)
    src, dst = a, a + 0x1000000
    ember.run_ok(f"mw.l {src:x} 5a5aa5a5 80000; mw.l {dst:x} 0 80000")
    transcript(ember, f"""
=> cp.b {src:x} {dst:x} 200000
=> cmp.b {src:x} {dst:x} 200000
Total of 2097152 byte(s) were the same
""")


def test_cmp(ember):
    """cmp.rst: 'Hello world\\r' and 'Hello World\\r' typed in with mm.b
    as its sessions do (ending in 0d), then zeroes as on its board, compared
    in every size; its 0x1000000 and 0x101000 are here $loadaddr and
    4 KiB above it"""
    a = loadaddr(ember)
    b = a + 0x1000
    for addr, text in ((a, b"Hello world\r"), (b, b"Hello World\r")):
        ember.run_ok(f"mw.b {addr:x} 0 100")
        ember.send_line(f"mm.b {addr:x}")
        for i, c in enumerate(text):
            ember.expect(re.escape(f"{addr + i:08x}: 00 ? "))
            ember.send(f"{c:02x}\r")
        ember.expect(re.escape(f"{addr + len(text):08x}: 00 ? "))
        ember.send("\x03")
        ember.expect_prompt()
    transcript(ember, moved(CMP_DOC, [(0x1000000, a), (0x101000, b)]))


def test_cmp_status(ember):
    """cmp.rst's return value: true when the areas are equal, else false"""
    a = loadaddr(ember)
    ember.run_ok(f"mw.b {a:x} 11 20; mw.b {a + 0x100:x} 11 20")
    out = ember.run_ok(f"cmp.b {a:x} {a + 0x100:x} 20")
    assert lines(out) == ["Total of 32 byte(s) were the same"]
    ember.run_ok(f"mw.b {a + 0x11f:x} 12")
    ember.run_fail(f"cmp.b {a:x} {a + 0x100:x} 20")
