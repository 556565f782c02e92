# SPDX-License-Identifier: Apache-2.0 OR MIT
"""virtio scan / info / device: sandbox models and QEMU's virtio-mmio devices.

On qemu_arm64 every case starts its own QEMU with the devices under test and
compares 'virtio info' with what QEMU was given: IDs, names, versions and
drivers.
"""

import re
import subprocess

import pytest

from helpers import assert_usage

RNG = ["-object", "rng-random,filename=/dev/urandom,id=rng0",
       "-device", "virtio-rng-device,rng=rng0"]
NET = ["-netdev", "user,id=n0,restrict=on", "-device",
       "virtio-net-device,netdev=n0"]
BLK = ["-drive", "if=none,id=d0,file=/dev/null,format=raw,readonly=on",
       "-device", "virtio-blk-device,drive=d0"]
MODERN = ["-global", "virtio-mmio.force-legacy=false"]
ROW_RE = re.compile(
    r"^\s*(\d+)\s+(mmio@0x[0-9a-f]+|pci \S+)\s+(legacy|modern)\s+(\d+)\s+"
    r"(.+?)\s+(0x[0-9a-f]+)\s+(\S+)\s+(ready|no driver|failed|not started)",
    re.M)


def devices(info):
    """[(transport, version, id, type, driver, state)] from 'virtio info'."""
    return [(m.group(2), m.group(3), int(m.group(4)), m.group(5),
             m.group(7), m.group(8)) for m in ROW_RE.finditer(info)]


def scan_info(console):
    assert console.run_ok("virtio scan") == ""
    return console.run_ok("virtio info")


@pytest.mark.boards("sandbox")
def test_virtio_sandbox(ember):
    info = scan_info(ember)
    got = devices(info)
    assert [(d[0], d[1], d[2], d[4], d[5]) for d in got] == [
        ("mmio@0x10000000", "modern", 4, "virtio-rng", "ready"),
        ("mmio@0x10000200", "legacy", 4, "virtio-rng", "ready"),
        ("mmio@0x10000600", "modern", 5, "-", "no driver"),
        ("mmio@0x10000a00", "modern", 2, "virtio-blk", "ready"),
        ("mmio@0x10000c00", "legacy", 1, "virtio-net", "ready"),
        ("mmio@0x10000e00", "modern", 1, "virtio-net", "ready"),
        ("mmio@0x10001000", "legacy", 2, "virtio-blk", "ready"),
        ("mmio@0x10001200", "modern", 8, "virtio-scsi", "ready"),
        # The virtio-pci functions of the PCI model (test_pci.py)
        ("pci 01:01.0", "legacy", 4, "virtio-rng", "ready"),
        ("pci 00:02.0", "modern", 4, "virtio-rng", "ready"),
        ("pci 00:04.0", "modern", 4, "virtio-rng", "ready"),
        ("pci 00:06.0", "modern", 2, "virtio-blk", "ready"),
        ("pci 00:07.0", "legacy", 2, "virtio-blk", "ready"),
        ("pci 00:08.0", "modern", 2, "virtio-blk", "ready"),
        ("pci 00:0b.0", "modern", 8, "virtio-scsi", "ready"),
    ], info
    assert "features" not in info       # the details are per device
    assert "RING_INDIRECT_DESC RING_EVENT_IDX VERSION_1" in \
        ember.run_ok("virtio info 0")
    # Scanning again changes nothing
    assert scan_info(ember) == info


@pytest.mark.boards("sandbox")
def test_virtio_info_one(ember):
    """'virtio info <n>': one device in detail, with its queues' state."""
    info = scan_info(ember)
    ember.run_ok("rng 1 10")            # RNG 1 is virtio-rng#0 (0: sandbox)
    seqs = re.findall(r"^\s*(\d+)\s.*virtio-rng\s+ready$", info, re.M)
    assert len(seqs) == 5, info
    used_any = False
    for seq in seqs:
        out = ember.run_ok(f"virtio info {seq}")
        assert len(devices(out)) == 1, out
        m = re.search(r"vq 0: split, avail (\d+), used (\d+) \(taken "
                      r"(\d+)\), in flight (\d+), free (\d+)/(\d+), "
                      r"kicks (\d+) \(nudges (\d+)\)", out)
        assert m, out
        avail, used, taken, flight, free, size, kicks = \
            map(int, m.groups()[:7])
        assert avail == used == taken and free == size and not flight, out
        if avail:
            used_any = True
            assert kicks > 0, out
    assert used_any, "no queue used by 'rng 1 10'"
    assert "vq " not in ember.run_ok("virtio info")
    out = ember.run_ok("virtio info 3")         # no driver: no queues
    assert "status: 0x00" in out and "queues" not in out, out
    assert "virtio device 2 not found" in ember.run_fail("virtio info 2")
    assert "invalid number" in ember.run_fail("virtio info x")


def test_virtio_bad_args(ember):
    assert_usage(ember.run_fail("virtio"), "virtio")
    assert_usage(ember.run_fail("virtio frob"), "virtio")
    assert_usage(ember.run_fail("virtio scan now"), "virtio")


@pytest.mark.boards("qemu_arm64")
@pytest.mark.parametrize("legacy", [True, False], ids=["legacy", "modern"])
def test_virtio_qemu_net_rng_blk(ember_spawn, legacy):
    c = ember_spawn(RNG + NET + BLK + ([] if legacy else MODERN))
    got = devices(scan_info(c))
    version = "legacy" if legacy else "modern"
    # QEMU fills the slots from the top: the first device given is last
    assert [(d[1], d[2], d[3]) for d in got] == [
        (version, 2, "block device"),
        (version, 1, "network card"),
        (version, 4, "entropy source"),
    ]
    assert [d[0] for d in got] == ["mmio@0xa003a00", "mmio@0xa003c00",
                                   "mmio@0xa003e00"]
    rng = got[2]
    assert rng[4:] == ("virtio-rng", "ready")
    assert got[1][4:] == ("virtio-net", "ready")
    # What QEMU's NIC offered, what Ember took, what it turned down
    seq = re.match(r"\s*(\d+)", c.run_ok("virtio info").splitlines()[2])
    out = c.run_ok(f"virtio info {seq.group(1)}")
    lines = {m.group(1): m.group(2) for m in
             re.finditer(r"features (\w+): +0x[0-9a-f]+ ?(.*)", out)}
    assert set(lines) == {"offered", "accepted", "refused"}, out
    assert "MAC" in lines["accepted"].split(), out
    assert "CTRL_VQ" in lines["refused"].split(), out
    assert "CTRL_VQ" in lines["offered"].split(), out
    assert "CTRL_VQ" not in lines["accepted"].split(), out


@pytest.mark.boards("qemu_arm64")
def test_virtio_qemu_no_driver(ember_spawn):
    c = ember_spawn(["-device", "virtio-balloon-device"] + RNG + MODERN)
    info = scan_info(c)
    got = devices(info)
    # The balloon, given first, sits in the top slot
    assert [(d[2], d[4], d[5]) for d in got] == [
        (4, "virtio-rng", "ready"), (5, "-", "no driver")], info
    assert "memory ballooning (traditional)" in info


@pytest.mark.boards("qemu_arm64")
def test_virtio_qemu_all_slots(ember_spawn):
    args = []
    for i in range(32):
        args += ["-object", f"rng-random,filename=/dev/urandom,id=r{i}",
                 "-device", f"virtio-rng-device,rng=r{i}"]
    c = ember_spawn(args)
    got = devices(scan_info(c))
    assert len(got) == 32
    assert all(d[2] == 4 and d[5] == "ready" for d in got), got
    # Every one of them reads
    out = c.run_ok("rng list")
    assert len(re.findall(r"^RNG #\d+ - virtio-rng#\d+", out, re.M)) == 32


@pytest.mark.boards("qemu_arm64")
def test_virtio_qemu_empty(ember):
    # No device given: 32 empty slots, silent
    out = ember.run_ok("virtio scan")
    assert out == ""
    assert "no virtio devices" in ember.run_ok("virtio info")


@pytest.mark.boards("qemu_arm64")
def test_virtio_qemu_iommu_platform(ember_spawn):
    """A device that offers ACCESS_PLATFORM (QEMU's iommu_platform=on) and
    requires it is driven: Ember accepts the bit, and the RNG reads."""
    c = ember_spawn(["-device", "virtio-rng-pci,iommu_platform=on,"
                     "disable-legacy=on"])
    got = devices(scan_info(c))
    assert [(d[2], d[4], d[5]) for d in got] == [
        (4, "virtio-rng", "ready")], got
    seq = re.match(r"\s*(\d+)", c.run_ok("virtio info").splitlines()[1])
    assert "ACCESS_PLATFORM" in c.run_ok(f"virtio info {seq.group(1)}")
    assert c.run_ok("rng 0 10").startswith("00000000:")


@pytest.mark.boards("qemu_arm64")
def test_virtio_ring_barriers_arm64(target):
    """ORDER_PLATFORM (VIRTIO 1.2 §6.1): on arm64 the rings order memory
    with the barriers meant for devices (dsb), never with SMP-only ones
    (dmb ish): a write barrier before publishing buffers, a full one
    before reading what the device wants, a read one before a used entry."""
    elf = f"{target.build_dir}/ember.elf"
    want = {"virtqueue_add": "dsb\tst", "vring_packed_add": "dsb\tst",
            "virtqueue_kick": "dsb\tsy", "virtqueue_get_buf": "dsb\tld",
            "vring_packed_get_buf": "dsb\tld"}
    for fn, insn in want.items():
        out = subprocess.run(
            ["aarch64-linux-gnu-objdump", "-d", "--no-show-raw-insn",
             f"--disassemble={fn}", elf],
            capture_output=True, text=True, check=True, timeout=60).stdout
        assert f"<{fn}>:" in out, f"{fn} not in {elf}"
        assert insn in out, f"{fn}: no {insn}"
        assert not re.search(r"dmb\s+ish", out), f"{fn}: an SMP barrier"
