# SPDX-License-Identifier: Apache-2.0 OR MIT
"""U-Boot compatibility, partitions: the examples of U-Boot's
doc/usage/cmd/part.rst, typed as its documentation types them, with its
output. Adapted:
  - the disk is built here with sgdisk, to match the example's table
    (two basic-data partitions, "second" then "first", with its GUIDs);
  - the example's "(data)" line under each type GUID is left out: U-Boot
    prints it only when built with CONFIG_PARTITION_TYPE_GUID, which
    Debian's U-Boot is not, and Ember does not;
  - 'part types' lists what Ember reads (EFI, DOS), not U-Boot's five;
  - the second example (a virtio disk with several tables, 'part set')
    is not here: Ember reads only the table a disk's MBR announces.
"""

import os
import shutil
import subprocess

import pytest

from helpers import transcript

pytestmark = pytest.mark.boards("sandbox")

DATA = "0700"   # sgdisk's code for ebd0a0a2-b9e5-4433-87c0-68b6b72699c7


@pytest.fixture
def gpt_image(ember, tmp_path):
    sgdisk = shutil.which("sgdisk", path=os.environ.get("PATH", "") +
                          ":/usr/sbin:/sbin")
    if not sgdisk:
        pytest.skip("sgdisk is not installed (scripts/deps)")
    path = tmp_path / "test_gpt_disk_image.bin"
    with open(path, "wb") as f:
        f.truncate(4 << 20)
    subprocess.run([sgdisk, "-o",
                    "-n", "1:2048:4095", "-t", f"1:{DATA}", "-c", "1:second",
                    "-u", "1:24156b69-3378-497f-bb3e-b982223de528",
                    "-n", "2:4096:7167", "-t", f"2:{DATA}", "-c", "2:first",
                    "-u", "2:5272ee44-29ab-4d46-af6c-4b45ac67d3b7", str(path)],
                   check=True, stdout=subprocess.DEVNULL)
    yield path
    ember.run("host unbind 0; setenv varname")


def test_part_examples(ember, gpt_image):
    transcript(ember, f"""
=> host bind 0 {gpt_image}
=> part uuid host 0:1
24156b69-3378-497f-bb3e-b982223de528
=> part uuid host 0:1 varname
=> env print varname
varname=24156b69-3378-497f-bb3e-b982223de528
=>
=> part list host 0

Partition Map for HOST device 0  --   Partition Type: EFI

Part\tStart LBA\tEnd LBA\t\tName
\tAttributes
\tType GUID
\tPartition GUID
  1\t0x00000800\t0x00000fff\t"second"
\tattrs:\t0x0000000000000000
\ttype:\tebd0a0a2-b9e5-4433-87c0-68b6b72699c7
\tguid:\t24156b69-3378-497f-bb3e-b982223de528
  2\t0x00001000\t0x00001bff\t"first"
\tattrs:\t0x0000000000000000
\ttype:\tebd0a0a2-b9e5-4433-87c0-68b6b72699c7
\tguid:\t5272ee44-29ab-4d46-af6c-4b45ac67d3b7
=>
=> part start host 0 2 varname
=> env print varname
varname=1000
=>
=> part size host 0 2 varname
=> env print varname
varname=c00
=>
=> part number host 0 2 varname
=> env print varname
varname=0x2
=>
=> part type host 0:1
ebd0a0a2-b9e5-4433-87c0-68b6b72699c7
=> part type host 0:1 varname
=> env print varname
varname=ebd0a0a2-b9e5-4433-87c0-68b6b72699c7
=>
=> part types
Supported partition tables: EFI, DOS
""")
