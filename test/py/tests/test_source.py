# SPDX-License-Identifier: Apache-2.0 OR MIT
"""source: script images made by Debian's mkimage (u-boot-tools), and
each way a broken one is refused."""

import shutil
import struct
import subprocess
import zlib

import pytest

from helpers import assert_usage, mem_write_bytes, transcript

HELLO = "echo Hello from a script\necho -------------------\n"


def mkimage(tmp_path, text, type_="script", name="Test script"):
    """The image 'mkimage -T <type_>' makes of @text, as bytes."""
    if not shutil.which("mkimage"):
        pytest.fail("mkimage is missing: run scripts/deps (u-boot-tools)")
    src, out = tmp_path / "script.txt", tmp_path / "script.img"
    src.write_text(text)
    subprocess.run(["mkimage", "-A", "arm64", "-T", type_, "-C", "none",
                    "-n", name, "-d", str(src), str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    return bytearray(out.read_bytes())


@pytest.fixture
def addr(ember):
    yield int(ember.run_ok("echo $loadaddr"), 16)
    ember.run("setenv verify; setenv tries; setenv src_out")


def put(ember, addr, image):
    mem_write_bytes(ember, addr, bytes(image))


def test_source_hello(ember, addr, tmp_path):
    """U-Boot's doc/usage/cmd/source.rst, with and without the address."""
    put(ember, addr, mkimage(tmp_path, HELLO))
    transcript(ember, f"""
=> source ${{loadaddr}}
## Executing script at {addr:08x}
Hello from a script
-------------------
=> source
## Executing script at {addr:08x}
Hello from a script
-------------------
""")


def test_source_hush_script(ember, addr, tmp_path):
    """A script using what boot scripts use: if, for, shell variables,
    env exists, setenv, itest, and a status from its last command."""
    put(ember, addr, mkimage(tmp_path, """
# A boot script's habits
tries=0
for f in one two three; do
  if env exists src_out; then
    setenv src_out "${src_out} $f"
  else
    setenv src_out $f
  fi
  tries=${tries}1
done
if itest.s "$tries" == 0111; then echo three tries; fi
printenv src_out
test "$src_out" = "one two three"
"""))
    out = ember.run_ok(f"source {addr:x}")
    assert out == (f"## Executing script at {addr:08x}\nthree tries\n"
                   "src_out=one two three")


def test_source_status_and_exit(ember, addr, tmp_path):
    put(ember, addr, mkimage(tmp_path, "echo a\nfalse\n"))
    assert ember.run_fail(f"source {addr:x}").endswith("\na")
    put(ember, addr, mkimage(tmp_path, "echo a\nexit 2\necho not\n"))
    assert ember.run_ok(f"source {addr:x} || echo failed").endswith(
        "\na\nfailed")
    put(ember, addr, mkimage(tmp_path, "echo a\nexit\necho not\n"))
    assert ember.run_ok(f"source {addr:x}; echo after").endswith(
        "\na\nafter")


def test_source_refused(ember, addr, tmp_path):
    """U-Boot's messages, and nothing of the script runs."""
    good = mkimage(tmp_path, "echo ran\n")
    start = f"## Executing script at {addr:08x}\n"
    cases = []
    bad = bytearray(good)
    bad[0] ^= 0xff
    cases.append((bad, 'Wrong image format for "source" command'))
    bad = bytearray(good)
    bad[40] ^= 1                            # the name
    cases.append((bad, "Bad header crc"))
    bad = bytearray(good)
    bad[-2] ^= 1                            # the text
    cases.append((bad, "Bad data crc"))
    cases.append((mkimage(tmp_path, "echo ran\n", "kernel"),
                  "Bad image type"))
    for image, msg in cases:
        put(ember, addr, image)
        assert ember.run_fail(f"source {addr:x}") == start + msg
    # verify=n: the data's CRC is not checked (U-Boot's variable)
    bad = bytearray(good)
    bad[-2] ^= 0x20                         # 'n' -> 'N'... still a word
    put(ember, addr, bad)
    ember.run_ok("setenv verify n")
    out = ember.run(f"source {addr:x}")[0]
    assert out.startswith(start) and "Bad data crc" not in out


def test_source_bounds(ember, addr, tmp_path, layout):
    image = mkimage(tmp_path, "echo ran\n")
    # A header (its CRC right) whose size runs past the end of RAM
    struct.pack_into(">II", image, 4, 0, 0)
    struct.pack_into(">I", image, 12, 0xfffffff0)
    struct.pack_into(">I", image, 4, zlib.crc32(bytes(image[:64])))
    put(ember, addr, image)
    out = ember.run_fail(f"source {addr:x}")
    assert out.endswith("source: the image's data runs past the end of RAM")
    # Outside RAM altogether
    end = layout.ram_end
    out = ember.run_fail(f"source {end:x}")
    assert out.startswith(f"## Executing script at {end:08x}\nsource: ")
    assert_usage(ember.run_fail("source 1 2"), "source")
    # A legacy image: a FIT's configuration or image name is ignored, as
    # by U-Boot
    image = mkimage(tmp_path, "echo ran\n")
    put(ember, addr, image)
    assert ember.run_ok(f"source {addr:x}#conf-1").endswith("\nran")


SOURCE_ITS = """/dts-v1/;
/ {
	description = "FIT image to test the source command";
	#address-cells = <1>;
	images {
		default = "script-1";
		script-1 {
			data = "echo 1";
			type = "script";
			compression = "none";
			hash-1 { algo = "sha256"; };
		};
		script-2 {
			data = "echo 2";
			type = "script";
			compression = "none";
		};
		kernel {
			data = "echo k";
			type = "kernel";
			compression = "none";
		};
	};
	configurations {
		default = "conf-2";
		conf-1 { script = "script-1"; };
		conf-2 { script = "script-2"; };
		conf-3 { kernel = "kernel"; };
	};
};
"""


def mkfit_script(tmp_path, its):
    if not shutil.which("mkimage") or not shutil.which("dtc"):
        pytest.fail("mkimage or dtc is missing: run scripts/deps")
    (tmp_path / "s.its").write_text(its)
    subprocess.run(["mkimage", "-f", "s.its", "s.itb"], cwd=tmp_path,
                   check=True, stdout=subprocess.DEVNULL)
    return (tmp_path / "s.itb").read_bytes()


def test_source_fit(ember, addr, tmp_path):
    """U-Boot's doc/usage/cmd/source.rst's FIT, typed as it types it"""
    put(ember, addr, mkfit_script(tmp_path, SOURCE_ITS))
    for arg, want in ((f"{addr:x}#conf-1", "1"), (f"{addr:x}#conf-2", "2"),
                      (f"{addr:x}:script-1", "1"), (f"{addr:x}:script-2", "2"),
                      (f"{addr:x}", "2"), ("\\#conf-1", "1"),
                      (f"{addr:x}#", "2"), (f"{addr:x}:", "1"),
                      ("'#conf-1'", "1"), ("':script-1'", "1"), ("", "2")):
        out = ember.run_ok(f"source {arg}")
        lines = out.split("\n")
        assert lines[0] == f"## Executing script at {addr:08x}", (arg, out)
        assert lines[-1] == want, (arg, out)
    assert "Verifying Hash Integrity ... sha256+ OK" in \
        ember.run_ok("source ${loadaddr}:script-1")
    for arg, want in (
            ("#conf-9", "source: no configuration 'conf-9' in the FIT"),
            (":script-9", "source: no image 'script-9' in the FIT"),
            ("#conf-3", "source: configuration 'conf-3' names no script"),
            (":kernel", "source: image 'kernel' is not an uncompressed "
                        "script (type 'kernel', compression 'none')"),
            ("#conf-3:x", "source: no configuration 'conf-3:x' in the FIT")):
        out = ember.run_fail(f"source {addr:x}{arg}")
        assert want in out, (arg, out)


def test_source_fit_default_image(ember, addr, tmp_path):
    """The image /images names, where the default configuration has no
    script, or there are no configurations; a bad hash"""
    its = SOURCE_ITS.replace('default = "conf-2"', 'default = "conf-3"')
    put(ember, addr, mkfit_script(tmp_path, its))
    assert ember.run_ok(f"source {addr:x}").endswith("\n1")
    its = SOURCE_ITS[:SOURCE_ITS.index("\tconfigurations")] + "};\n"
    fit = bytearray(mkfit_script(tmp_path, its))
    put(ember, addr, fit)
    assert ember.run_ok(f"source {addr:x}").endswith("\n1")
    fit[fit.index(b"echo 1")] = ord("E")
    put(ember, addr, fit)
    out = ember.run_fail(f"source {addr:x}")
    assert "   Verifying Hash Integrity ... sha256 error!\n   bad hash " \
        "value for 'hash-1' hash node in 'script-1' image node" in out, out
    ember.run_ok("setenv verify n")
    assert "Unknown command 'Echo'" in ember.run_fail(f"source {addr:x}")
