# SPDX-License-Identifier: Apache-2.0 OR MIT
"""U-Boot compatibility, filesystems: the examples of U-Boot's
doc/usage/cmd/load.rst and fatload.rst, and of size.rst and fstype's help,
typed as its documentation types them on a FAT partition. Adapted: the
disk is a sandbox host file ('host 0:1', an MBR disk made by sfdisk with
a FAT16 partition made by mkfs.vfat and mcopy) where U-Boot's examples
use 'mmc 0:1'; the time and rate of a load vary, so those lines are
matched by their shape."""

import re
import shutil

import pytest

from fatdisk import mkfat, pattern, with_mbr
from helpers import transcript

pytestmark = pytest.mark.boards("sandbox")

SNP = pattern(149280, 7)       # the size of load.rst's snp.efi


@pytest.fixture
def disk(ember, tmp_path):
    if not shutil.which("mkfs.vfat", path="/usr/sbin:/sbin:/usr/bin"):
        pytest.skip("dosfstools is not installed (scripts/deps)")
    fs = mkfat(tmp_path / "fs.img", 16, 8192, [("snp.efi", SNP)], ["EFI"],
               spc=2)
    ember.run_ok(f"host bind 0 {with_mbr(fs, tmp_path / 'disk.img')}")
    yield
    ember.run("host unbind 0; setenv fstype")


@pytest.mark.parametrize("cmd", ["load", "fatload"])
def test_load_rst(ember, disk, cmd):
    """load.rst and fatload.rst: the whole file; at most 0x1000000 bytes;
    the same from position 0x100; 0x10 bytes."""
    for args, nbytes in [("", 149280), (" 1000000", 149280),
                         (" 1000000 100", 149024), (" 10", 16)]:
        out = ember.run_ok(f"{cmd} host 0:1 ${{kernel_addr_r}} snp.efi{args}")
        assert re.fullmatch(rf"{nbytes} bytes read in \d+ ms"
                            r"( \(\d+(\.\d+)? (Bytes|KiB|MiB|GiB)/s\))?",
                            out), out
        assert ember.run_ok("printenv filesize") == f"filesize={nbytes:x}"


def test_ls_size_fstype(ember, disk):
    """ls in U-Boot's shape; size.rst: filesize set (0 for a directory);
    fstype printing and setting a variable."""
    transcript(ember, """
=> ls host 0:1 /
            EFI/
   149280   snp.efi

1 file(s), 1 dir(s)

=> size host 0:1 snp.efi
=> printenv filesize
filesize=24720
=> size host 0:1 /EFI
=> printenv filesize
filesize=0
=> fstype host 0:1
fat
=> fstype host 0:1 fstype
=> printenv fstype
fstype=fat
""")
