# SPDX-License-Identifier: Apache-2.0 OR MIT
"""U-Boot compatibility, dm: the examples of U-Boot's
doc/usage/cmd/dm.rst, typed as its documentation types them.

The document's listings are U-Boot's sandbox's devices and drivers,
abridged ('...'). What must be the same on Ember is their shape: the
headers and rules, the lines they start with where a device or driver is
the same (the root), and the columns of every row. Each row pattern
below is checked against the document's own rows first, then against
every row Ember prints.

Adapted: addresses (devices, devres blocks) are the board's.

Deliberately different (doc/usage/dm.md):
- 'dm tree' says 'Seq' where the document says 'Index': U-Boot's code
  shows the sequence number there since it replaced the index; and
  U-Boot's lines start with a blank, which the document's literal block
  drops;
- 'dm devres' lists the memory the core allocated for each device,
  named ('priv', 'uclass_priv'...), where U-Boot names the function that
  frees it ('devm_kmalloc_release');
- 'dm static' has no rows: Ember binds no device from static platform
  data.

Left out: 'dm mem' (Ember has no CONFIG_DM_STATS counters) and
'dm tree -s' (no sorting option).
"""

import re

import pytest

DOC = {
    "tree": """
Class     Index  Probed  Driver                Name
-----------------------------------------------------------
root          0  [ + ]   root_driver           root_driver
demo          0  [   ]   demo_shape_drv        |-- demo_shape_drv
bootmeth      0  [   ]   bootmeth_distro       |   |-- syslinux
bootmeth      1  [   ]   bootmeth_efi          |   `-- efi
nop           3  [ + ]   gpio_hog              |   |   `-- hog_output_high
i2c_emul      0  [   ]   sandbox_i2c_eeprom_e  |   |   |-- emul-eeprom
scmi_agent    0  [   ]   sandbox-scmi_agent    `-- scmi
clk           5  [   ]   scmi_clk                  |-- protocol@14
regulator     6  [   ]   scmi_regulator                `-- reg@1
""",
    "uclass": """
uclass 0: root
0   * root_driver @ 03015460, seq 0

uclass 1: demo
0     demo_shape_drv @ 03015560, seq 0
1     demo_simple_drv @ 03015620, seq 1
10    cs @ 03022b90, seq 10
14  * pinmux_i2c0_pins @ 03023130, seq 14
""",
    "drivers": """
Driver                    uid uclass               Devices
----------------------------------------------------------
act8846_reg               087 regulator            <none>
sandbox_adder             021 axi                  adder
act8846 pmic              080 pmic                 <none>
wdt_sandbox               122 watchdog             wdt@0
""",
    "compat": """
Driver                Compatible
--------------------------------
act8846_reg
sandbox_adder         sandbox,adder
rockchip_rk805        rockchip,rk805
                      rockchip,rk808
root_driver
""",
    "static": """
Driver                    Address
---------------------------------
demo_shape_drv            0000562edab8dca0
sysreset_sandbox          0000000000000000
""",
    "devres": """
- root_driver
- demo_shape_drv
- devres-test
    00000000130194e0 (100 byte) devm_kmalloc_release  BIND
- a-mux-controller
    0000000013025e60 (96 byte) devm_kmalloc_release  PROBE
""",
}

# How many of the document's first lines Ember prints too, as they are
HEAD = {"tree": 3, "uclass": 3, "drivers": 2, "compat": 2, "static": 2,
        "devres": 1}

# A row of each listing, as U-Boot's drivers/core/dump.c prints it
ROW = {
    "tree": r" ?.{10}  [ \d]{3}  \[ [+ ] \]   .{20}  "
            r"(?:(?:\|   |    )*[|`]-- )?\S+",
    "uclass": r"uclass \d+: \S+|(?=\d+ +[* ] )[\d ]{3} [* ] \S+ @ "
              r"[0-9a-f]{8,16}(?:, seq \d+)?|",
    # The document's continuation lines are 3 columns left of its own
    # 'Devices' header; U-Boot's code (printf("%-51.51s", "")) and Ember
    # put them under it, so they are not among the rows above
    "drivers": r"(?=\S).{25} \d{3} .{20} \S+|\s{51}\S+",
    "compat": r"(?=\S).{20}  \S+|\S{1,20}|\s{22}\S+",
    "static": r"(?=\S).{25} [0-9a-f]{16}",
    "devres": r"- \S+|    [0-9a-f]{16} \(\d+ byte\) \S+  (?:BIND|PROBE)",
}

# U-Boot's header of 'dm tree', which the document predates
TREE_HEADER = " Class     Seq    Probed  Driver                Name"


def doc_lines(name):
    return DOC[name].strip("\n").split("\n")


@pytest.mark.parametrize("name", list(DOC))
def test_dm_shape(ember, name):
    """The document's first lines, then every row in the document's
    columns"""
    row = re.compile(ROW[name])
    for line in doc_lines(name)[HEAD[name]:]:
        assert row.fullmatch(line), f"pattern misses the doc's {line!r}"
    out = [line.rstrip() for line in
           ember.run_ok(f"dm {name}").split("\n")]
    want = doc_lines(name)[:HEAD[name]]
    if name == "tree":
        want = [TREE_HEADER, want[1], " " + want[2]]
    elif name == "uclass":
        out[1] = re.sub(r"@ [0-9a-f]+,", "@ 03015460,", out[1])
    assert out[:HEAD[name]] == want
    for line in out[HEAD[name]:]:
        assert row.fullmatch(line), f"dm {name}: {line!r}"


def test_dm_static(ember):
    """No device of Ember's comes from static platform data
    (doc/usage/dm.md): the document's header, and no rows"""
    assert ember.run_ok("dm static").split("\n") == doc_lines("static")[:2]
