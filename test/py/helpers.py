# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Checks shared by the tests in tests/."""

import re
import struct


def usage_text(name):
    """The start of what a command prints when its arguments are wrong."""
    return f"{name} - "


def assert_usage(out, name):
    """@out is the usage message of command @name."""
    assert out.startswith(f"{name} - "), out
    assert f"\n\nUsage:\n{name} " in out, out


def lines(out):
    return out.split("\n") if out else []


def type_keys(ember, keys):
    """Type raw @keys (ending in Enter) at the prompt; return the output
    after the edited line, up to the next prompt."""
    ember.send(keys)
    out = ember.expect_prompt()
    return out.split("\n", 1)[1] if "\n" in out else ""


def parse_md(out):
    """[(address, [values])] from the lines of md's output."""
    rows = []
    for line in out.split("\n"):
        m = re.match(r"^([0-9a-f]{8,16}):((?: [0-9a-f]+)+)", line)
        assert m, f"not an md line: {line!r}"
        rows.append((int(m.group(1), 16),
                     [int(v, 16) for v in m.group(2).split()]))
    return rows


def md_values(ember, size, addr, count):
    """@count values of @size bytes (1, 2, 4, 8) read with md."""
    suffix = {1: "b", 2: "w", 4: "l", 8: "q"}[size]
    rows = parse_md(ember.run_ok(f"md.{suffix} {addr:x} {count:x}"))
    return [v for _, vals in rows for v in vals]


def mem_write_bytes(ember, addr, data):
    """Write @data at @addr through mw.l (zero-padded to whole words)"""
    data += b"\0" * (-len(data) % 4)
    for off in range(0, len(data), 4):
        word = struct.unpack_from("<I", data, off)[0]
        ember.run_ok(f"mw.l {addr + off:x} {word:x}")


def parse_bdinfo(text):
    """{'name': value} for the '<name> = 0x...' lines of bdinfo."""
    values = {}
    for line in text.splitlines():
        m = re.match(r"^(.*?)\s*= (0x[0-9a-fA-F]+)\s*$", line)
        if m:
            values[m.group(1).strip()] = int(m.group(2), 16)
    return values


def flash_args(target, path):
    """Arguments that put the board's environment flash in @path."""
    if target.board == "sandbox":
        return ["--flash", str(path)]
    with open(path, "wb") as f:         # QEMU wants the bank's 64 MiB
        f.truncate(64 << 20)
    return ["-drive", f"if=pflash,unit=1,format=raw,file={path}"]


def transcript(ember, text, subs=()):
    """Replay @text, a console transcript as U-Boot's documentation shows
    them: each '=> ' line is typed ('> ' lines after it continue it), and
    the lines up to the next command must be exactly what Ember prints
    (trailing blanks aside, which documents drop).

    A bare '=>' followed by output is an empty line typed, which repeats
    the last command; one followed by none is the prompt documents show
    at the end of an example, and is not typed. @subs are (regex,
    replacement) pairs applied to each line Ember prints before the
    comparison, for what changes from run to run (a time, an address)."""
    steps = []
    for line in text.strip("\n").split("\n"):
        line = line.rstrip()
        if line == "=>":
            steps.append(([""], []))
        elif line.startswith("=> "):
            steps.append(([line[3:]], []))
        elif line.startswith("> ") and steps and not steps[-1][1]:
            steps[-1][0].append(line[2:])
        else:
            assert steps, f"output before the first command: {line!r}"
            steps[-1][1].append(line)
    for typed, want in steps:
        if typed == [""] and not want:
            continue
        for i, part in enumerate(typed):
            ember.send_line(part)
            if i < len(typed) - 1:
                ember.expect(r"\n> ")
        out = ember.expect_prompt()
        # What follows the echo of the last line typed
        got = out.split("\n", 1)[1] if "\n" in out else ""
        got = [g.rstrip() for g in lines(got)]
        for pattern, repl in subs:
            got = [re.sub(pattern, repl, g) for g in got]
        assert got == want, f"{typed}: got {got}, want {want}"
