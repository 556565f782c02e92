# SPDX-License-Identifier: Apache-2.0 OR MIT
"""hash: SHA-1, SHA-256, SHA-384, SHA-512, CRC-32 and MD5 of memory, checked against Python's
hashlib and zlib; the digest stored in a variable or in memory, and
verified against hex digits, a variable or memory (-v), as U-Boot's
'hash' does; mistakes give one line and a failing status."""

import hashlib
import zlib

import pytest

from helpers import assert_usage, md_values, mem_write_bytes

ABC = b"abc"
ALGOS = {"sha1": lambda d: hashlib.sha1(d).hexdigest(),
         "sha256": lambda d: hashlib.sha256(d).hexdigest(),
         "sha384": lambda d: hashlib.sha384(d).hexdigest(),
         "sha512": lambda d: hashlib.sha512(d).hexdigest(),
         "crc32": lambda d: f"{zlib.crc32(d):08x}",
         "md5": lambda d: hashlib.md5(d).hexdigest()}


def shown(algo, addr, data):
    end = addr + len(data) - 1 if data else addr
    return f"{algo} for {addr:08x} ... {end:08x} ==> {ALGOS[algo](data)}"


@pytest.mark.parametrize("algo", ALGOS)
def test_hash_small(ember, layout, algo):
    a = layout.scratch()
    mem_write_bytes(ember, a, ABC)
    assert ember.run_ok(f"hash {algo} {a:x} 3") == shown(algo, a, ABC)
    assert ember.run_ok(f"hash {algo} {a:x} 0") == shown(algo, a, b"")


@pytest.mark.parametrize("algo", ["sha1", "sha256", "sha384", "sha512",
                                  "md5"])
def test_hash_large(ember, layout, algo):
    """A MiB and a bit: many blocks, and a last one partly filled."""
    a = layout.scratch(0x110000)
    ember.run_ok(f"mw.l {a:x} 9e3779b9 44000")
    data = (0x9e3779b9).to_bytes(4, "little") * 0x44000
    ember.run_ok(f"mw.b {a + 0x100001:x} 5a 3")
    data = data[:0x100001] + b"\x5a" * 3 + data[0x100004:]
    assert ember.run_ok(f"hash {algo} {a:x} 100007") == \
        shown(algo, a, data[:0x100007])


def test_hash_store(ember, layout):
    a = layout.scratch(0x2000)
    mem_write_bytes(ember, a, ABC)
    want = hashlib.sha256(ABC).hexdigest()
    assert ember.run_ok(f"hash sha256 {a:x} 3 digest") == \
        shown("sha256", a, ABC)
    assert ember.run_ok("printenv digest") == f"digest={want}"
    ember.run_ok(f"hash sha1 {a:x} 3 *{a + 0x1000:x}")
    assert bytes(md_values(ember, 1, a + 0x1000, 20)) == \
        hashlib.sha1(ABC).digest()
    ember.run("setenv digest")


def test_hash_verify(ember, layout):
    a = layout.scratch(0x2000)
    mem_write_bytes(ember, a, ABC)
    good = hashlib.sha256(ABC).hexdigest()
    bad = "00" * 32
    # Hex digits, a variable, bytes in memory: silent when they match
    assert ember.run_ok(f"hash -v sha256 {a:x} 3 {good}") == ""
    assert ember.run_ok(f"hash -v sha256 {a:x} 3 {good.upper()}") == ""
    ember.run_ok(f"setenv want {good}")
    assert ember.run_ok(f"hash -v sha256 {a:x} 3 want") == ""
    ember.run_ok(f"hash sha256 {a:x} 3 *{a + 0x1000:x}")
    assert ember.run_ok(f"hash -v sha256 {a:x} 3 *{a + 0x1000:x}") == ""
    assert ember.run_ok(f"hash -v crc32 {a:x} 3 {zlib.crc32(ABC):08x}") \
        == ""
    # A mismatch: both digests, and failure (for scripts: || ...)
    assert ember.run_fail(f"hash -v sha256 {a:x} 3 {bad}") == \
        f"{shown('sha256', a, ABC)} != {bad} ** ERROR **"
    assert ember.run_fail(f"hash -v sha256 {a:x} 2 want").endswith(
        f" != {good} ** ERROR **")
    ember.run("setenv want")
    # The longest digest, stored and checked both ways
    ember.run_ok(f"hash sha512 {a:x} 3 want; hash sha512 {a:x} 3 *{a + 0x1000:x}")
    assert ember.run_ok("printenv want") == \
        f"want={hashlib.sha512(ABC).hexdigest()}"
    assert bytes(md_values(ember, 1, a + 0x1000, 64)) == \
        hashlib.sha512(ABC).digest()
    assert ember.run_ok(f"hash -v sha512 {a:x} 3 want") == ""
    assert ember.run_ok(f"hash -v sha384 {a:x} 3 "
                        f"{hashlib.sha384(ABC).hexdigest()}") == ""
    ember.run_fail(f"hash -v sha512 {a:x} 2 *{a + 0x1000:x}")
    ember.run("setenv want")


def test_hash_errors(ember, layout):
    a = layout.scratch()
    assert ember.run_fail(f"hash sha224 {a:x} 3") == \
        "hash: unknown algorithm 'sha224' (sha1 sha256 sha384 sha512 crc32 md5)"
    assert ember.run_fail(f"hash -v sha1 {a:x} 3 nosuchvar") == \
        "hash: expected 40 hex digits in $nosuchvar"
    assert ember.run_fail(f"hash -v sha1 {a:x} 3 {'g' * 40}") == \
        f"hash: '{'g' * 40}' is not a sha1 digest"
    end = layout.ram_end
    assert ember.run_fail(f"hash sha1 {end - 8:x} 10").startswith(
        f"hash: 0x{end - 8:x}..0x{end + 7:x} is outside RAM")
    assert ember.run_fail(f"hash sha1 {a:x} 3 *{end:x}").startswith(
        f"hash: 0x{end:x}..0x{end + 19:x} is outside RAM")
    assert_usage(ember.run_fail("hash sha1"), "hash")
    assert_usage(ember.run_fail(f"hash -v sha1 {a:x} 3"), "hash")
