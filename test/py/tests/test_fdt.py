# SPDX-License-Identifier: Apache-2.0 OR MIT
"""fdt: addr [-c], print, list, get value; bad addresses and paths."""

import os
import subprocess

import pytest

from helpers import assert_usage

NO_ADDR = ("No FDT memory address configured. Please configure\n"
           "the FDT address via \"fdt addr <address>\" command.")

# What each board's control DT is known to hold
BOARD_DT = {
    "sandbox": {
        "model": "Ember sandbox",
        "memory": "/memory@40000000",
        "reg": "<0x40000000 0x10000000>",
        "reg_value": "0x40000000 0x10000000",
        "node": "/test-bus",
    },
    "qemu_arm64": {
        "model": "linux,dummy-virt",
        "memory": "/memory@40000000",
        "reg": "<0x00000000 0x40000000 0x00000000 0x40000000>",
        "reg_value": "0x0 0x40000000 0x0 0x40000000",
        "node": "/pl011@9000000",
    },
}


@pytest.fixture
def dt(ember):
    """The board's DT facts, with the control DT selected."""
    ember.run_ok("fdt addr -c")
    return BOARD_DT[ember.board]


def test_fdt_no_addr(ember):
    ember.restart()
    assert ember.run_fail("fdt print") == NO_ADDR
    assert ember.run_fail("fdt list /") == NO_ADDR
    assert ember.run_fail("fdt addr") == NO_ADDR
    assert ember.run_fail("fdt get value v / model") == \
        "No FDT memory address configured."


def test_fdt_addr_c(ember, layout):
    """U-Boot's lines: 'Control fdt: %08lx', then (as -c also selects the
    control DT, where U-Boot's does not) 'Working fdt: %08lx'"""
    assert ember.run_ok("fdt addr -c") == f"Control fdt: {layout.fdt_blob:08x}"
    assert ember.run_ok("fdt addr") == f"Working fdt: {layout.fdt_blob:08x}"
    assert ember.run_ok("printenv fdtaddr") == f"fdtaddr={layout.fdt_blob:x}"


def test_fdt_addr_explicit(ember, layout, dt):
    a = layout.scratch(layout.fdt_size)
    ember.run_ok(f"cp.b {layout.fdt_blob:x} {a:x} {layout.fdt_size:x}")
    assert ember.run_ok(f"fdt addr {a:x}") == f"Working FDT set to {a:x}"
    assert ember.run_ok("fdt addr") == f"Working fdt: {a:08x}"
    assert ember.run_ok("fdt print / model") == f'model = "{dt["model"]}"'
    ember.run_ok("fdt addr -c")


def test_fdt_addr_not_a_dt(ember, layout, dt):
    a = layout.scratch()
    ember.run_ok(f"mw.l {a:x} 0 100")
    assert ember.run_fail(f"fdt addr {a:x}") == \
        f"fdt addr: no valid device tree at 0x{a:x}"
    # the previous DT stays selected
    assert ember.run_ok("fdt print / model") == f'model = "{dt["model"]}"'


def test_fdt_addr_outside_ram(ember, layout):
    end = layout.ram_end
    assert ember.run_fail(f"fdt addr {end:x}").startswith(
        f"fdt addr: 0x{end:x}..0x{end + 0x27:x} is outside RAM")
    assert ember.run_fail("fdt addr zz") == "fdt addr: invalid number 'zz'"


def test_fdt_addr_truncated(ember, layout):
    """A DT whose header claims more than RAM holds is refused."""
    a = layout.scratch()
    ember.run_ok(f"cp.b {layout.fdt_blob:x} {a:x} 100")
    # totalsize (offset 4, big-endian) = 0x7ffffff0: beyond the end of RAM
    ember.run_ok(f"mw.l {a + 4:x} f0ffff7f")
    assert ember.run_fail(f"fdt addr {a:x}") == \
        f"fdt addr: no valid device tree at 0x{a:x}"


def test_fdt_addr_corrupt(ember, layout):
    """A DT with a broken structure block is refused."""
    a = layout.scratch(layout.fdt_size)
    ember.run_ok(f"cp.b {layout.fdt_blob:x} {a:x} {layout.fdt_size:x}")
    # off_dt_struct (offset 8, big-endian) points past the end
    ember.run_ok(f"mw.l {a + 8:x} f0ffffff")
    assert ember.run_fail(f"fdt addr {a:x}") == \
        f"fdt addr: no valid device tree at 0x{a:x}"


# Ways a DT can be spoilt after 'fdt addr' accepted it (a load over it):
# (offset, little-endian word written by mw.l)
SPOILT = {
    "magic": (0, "0"),
    "struct-offset": (8, "f0ffffff"),           # past the end
    "strings-size": (32, "0"),                  # names point nowhere
    "first-tag": (None, "78563412"),            # a tag that is no tag
}


@pytest.mark.parametrize("how", SPOILT)
def test_fdt_overwritten_after_addr(ember, layout, dt, how):
    """The DT at the address 'fdt addr' kept is checked again before every
    use: spoilt after it was selected, every subcommand refuses it."""
    a = layout.scratch(layout.fdt_size)
    ember.run_ok(f"cp.b {layout.fdt_blob:x} {a:x} {layout.fdt_size:x}")
    ember.run_ok(f"fdt addr {a:x}")
    off, word = SPOILT[how]
    if off is None:     # the first structure tag, at off_dt_struct
        out = ember.run_ok(f"md.b {a + 8:x} 4")
        off = int("".join(out.split()[1:5]), 16)
    ember.run_ok(f"mw.l {a + off:x} {word}")
    bad = f"the device tree at 0x{a:x} is no longer valid (overwritten?): " \
        "select one with fdt addr"
    for cmd in ["fdt print /", "fdt list /", "fdt get value v / model",
                "fdt set / x <1>", "fdt rm / model", "fdt resize",
                "kaslrseed"]:
        out = ember.run_fail(cmd)
        assert out.endswith(bad), (cmd, out)
    assert ember.run_fail("fdt addr") == f"fdt addr: {bad}"
    ember.run_ok("fdt addr -c")
    assert ember.run_ok("fdt print / model") == f'model = "{dt["model"]}"'


@pytest.mark.boards("qemu_arm64")
def test_fdt_qemu_fdt_addr(ember):
    """U-Boot's qemu-arm variable: fdt_addr names the DT QEMU gave, at the
    start of RAM; there is no fdt_addr_r"""
    ember.restart()
    assert ember.run_ok("printenv fdt_addr") == "fdt_addr=0x40000000"
    assert ember.run_fail("printenv fdt_addr_r") == \
        '## Error: "fdt_addr_r" not defined'
    assert ember.run_ok("fdt addr ${fdt_addr}") == \
        "Working FDT set to 40000000"
    assert ember.run_ok("fdt print / model") == 'model = "linux,dummy-virt"'
    assert ember.run_ok("fdt addr") == "Working fdt: 40000000"


def test_fdt_print_root(ember, dt):
    out = ember.run_ok("fdt print /").split("\n")
    assert out[0] == "/ {"
    assert out[-1] == "};"
    assert f'\tmodel = "{dt["model"]}";' in out
    assert "\t#address-cells = <0x00000002>;" in out or \
        "\t#address-cells = <0x00000001>;" in out
    node = dt["node"].rsplit("/", 1)[1]
    assert f"\t{node} {{" in out


def test_fdt_print_property(ember, dt):
    assert ember.run_ok("fdt print / model") == f'model = "{dt["model"]}"'
    assert ember.run_ok(f"fdt print {dt['memory']} reg") == \
        f"reg = {dt['reg']}"
    assert ember.run_ok(f"fdt print {dt['memory']} device_type") == \
        'device_type = "memory"'


def test_fdt_print_default_is_root(ember, dt):
    assert ember.run_ok("fdt print") == ember.run_ok("fdt print /")


def test_fdt_list_one_level(ember, dt):
    out = ember.run_ok("fdt list /").split("\n")
    assert out[0] == "/ {" and out[-1] == "};"
    mem = dt["memory"][1:]
    i = out.index(f"\t{mem} {{")
    assert out[i + 1] == "\t};"     # children are not expanded
    full = ember.run_ok(f"fdt print {dt['memory']}").split("\n")
    assert full[0] == f"{mem} {{"
    assert "\tdevice_type = \"memory\";" in full


def test_fdt_bad_path(ember, dt):
    assert ember.run_fail("fdt print /no/such/node") == \
        "libfdt fdt_path_offset() returned FDT_ERR_NOTFOUND"
    assert ember.run_fail("fdt list nosuch") == \
        "libfdt fdt_path_offset() returned FDT_ERR_BADPATH"
    assert ember.run_fail("fdt print / nosuchprop") == \
        "libfdt fdt_getprop(): FDT_ERR_NOTFOUND"


def test_fdt_get_value(ember, dt):
    ember.run_ok("fdt get value tm / model")
    assert ember.run_ok("echo $tm") == dt["model"]
    ember.run_ok(f"fdt get value tm {dt['memory']} reg")
    assert ember.run_ok("printenv tm") == f"tm={dt['reg_value']}"
    ember.run_ok("setenv tm")


def test_fdt_get_value_errors(ember, dt):
    assert ember.run_fail("fdt get value tm / nosuch") == \
        "libfdt fdt_getprop(): FDT_ERR_NOTFOUND"
    assert ember.run_fail("fdt get value tm /nosuch model") == \
        "libfdt fdt_path_offset() returned FDT_ERR_NOTFOUND"
    assert ember.run_fail("fdt get value 'a=b' / model") == \
        "fdt get value: cannot set 'a=b'"
    assert_usage(ember.run_fail("fdt get size tm / model"), "fdt")
    assert_usage(ember.run_fail("fdt get value tm /"), "fdt")


def test_fdt_usage(ember):
    assert_usage(ember.run_fail("fdt"), "fdt")
    assert_usage(ember.run_fail("fdt nosuch"), "fdt")
    assert_usage(ember.run_fail("fdt addr 1 2"), "fdt")


@pytest.mark.boards("sandbox")
def test_fdt_value_formats(ember, dt):
    out = ember.run_ok("fdt print /bad-nodes/string-prop").split("\n")
    assert out == ["string-prop {", "\tunterminated = [61 62 63];",
                   "\tu32-short = [00 01];", "};"]
    ember.run_ok("fdt get value tb /bad-nodes/string-prop u32-short")
    assert ember.run_ok("echo $tb") == "00 01"
    ember.run_ok("setenv tb")


CUSTOM_DTS = """
/dts-v1/;
/ {
	model = "Custom";
	compatible = "ember,custom", "ember,sandbox";
	#address-cells = <1>;
	#size-cells = <1>;
	memory@40000000 {
		device_type = "memory";
		reg = <0x40000000 0x10000000>;
	};
	serial { compatible = "sandbox,serial"; };
	timer { compatible = "sandbox,timer"; };
	reset { compatible = "sandbox,reset"; };
	props {
		empty;
		strings = "one", "two", "three";
		bytes = [01 02 03 04 05];
		cells = <1 0xffffffff>;
	};
};
"""


@pytest.mark.boards("sandbox")
def test_fdt_custom_dt(ember_spawn, tmp_path):
    dts = tmp_path / "custom.dts"
    dts.write_text(CUSTOM_DTS)
    dtb = tmp_path / "custom.dtb"
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(dtb),
                    str(dts)], check=True, timeout=30)
    con = ember_spawn(["-d", str(dtb)])
    assert "Model: Custom" in con.boot_log
    con.run_ok("fdt addr -c")
    out = con.run_ok("fdt print /props").split("\n")
    assert out == ["props {", "\tempty;",
                   '\tstrings = "one", "two", "three";',
                   "\tbytes = [01 02 03 04 05];",
                   "\tcells = <0x00000001 0xffffffff>;", "};"]
    assert con.run_ok("fdt print / compatible") == \
        'compatible = "ember,custom", "ember,sandbox"'
    con.run_ok("fdt get value v /props strings")
    assert con.run_ok("echo $v") == "one"
    con.run_ok("fdt get value v /props cells")
    assert con.run_ok("echo $v") == "0x1 0xffffffff"
    assert os.path.exists(dtb)
