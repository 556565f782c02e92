# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Console helpers shared by the filesystem command tests (FAT, ext4):
disk images bound as "host 0", outputs with the newline the console
drops, variables, CRCs of memory, and 'load' checked against U-Boot's
line. A test module imports the 'host' fixture with them."""

import re

import pytest


@pytest.fixture
def host(ember):
    """host(path): bind the file as "host 0", unbound afterwards."""
    def bind(path):
        ember.run_ok(f"host bind 0 {path}")
    yield bind
    ember.run("host unbind 0")


def ok(ember, cmd):
    """The output of @cmd, which must succeed, with its last newline (the
    console drops it)."""
    return ember.run_ok(cmd) + "\n"


def fail(ember, cmd):
    """The same for a command that must fail."""
    return ember.run_fail(cmd) + "\n"


def env(ember, name):
    out = ok(ember, f"printenv {name}")
    assert out.startswith(f"{name}="), out
    return out.strip()[len(name) + 1:]


def mem_crc(ember, addr, size):
    """crc32 of @size bytes of memory at @addr, as Ember computes it."""
    return int(ok(ember, f"crc32 {addr:x} {size:x}").split()[-1], 16)


def load_ok(ember, addr, name, extra="", dev="0"):
    """load @name from "host @dev" to @addr; check the line U-Boot prints
    (the rate only when the time is not 0), filesize and fileaddr.
    Returns the bytes read."""
    out = ok(ember, f'load host {dev} {addr:x} "{name}" {extra}'.rstrip())
    m = re.fullmatch(r"(\d+) bytes read in (\d+) ms"
                     r"( \(\d+(\.\d+)? (Bytes|[KMGT]iB)/s\))?\n", out)
    assert m, out
    assert (m.group(3) is None) == (m.group(2) == "0"), out
    size = int(env(ember, "filesize"), 16)
    assert size == int(m.group(1))
    assert int(env(ember, "fileaddr"), 16) == addr
    return size
