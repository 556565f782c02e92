# SPDX-License-Identifier: Apache-2.0 OR MIT
"""'make qemu', the README's first command, as a user runs it.

It must net-boot Debian's arm64 kernel from the restricted user network to
the demo initramfs's busybox shell, with the kernel's random pool seeded
at boot by Ember (QEMU runs with dtb-randomness=off) and KASLR on; a key
in the countdown stops at Ember's prompt, where 'virtio info' shows the
net and rng devices and 'boot' goes on; 'poweroff' ends QEMU and make.

Each run is one 'make qemu' in a pty (its own session), ended by its PID
(the process group it leads) if it outlives the test.
"""

import os
import re
import signal
import time

import pexpect
import pytest

from conftest import SRCTREE

pytestmark = pytest.mark.boards("qemu_arm64")

BOOT_TIMEOUT = 150      # deps check, make, TFTP of 33 MB, Linux under TCG
GREETING_RE = r"Ember booted Linux (\S+) \(aarch64\)"
SHELL_PROMPT = "ember-demo# "


@pytest.fixture
def make_qemu(target):
    """Factory: start 'make qemu [VAR=value...]'; ended after the test.
    No skip: 'make qemu' fetches what it needs itself (scripts/deps)."""
    children = []
    # Not the jobserver of a 'make check' that runs this test
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    log = open(os.path.join(target.build_dir, "test-make-qemu.log"), "a",
               encoding="utf-8")

    def start(*assignments):
        log.write(f"\n===== make qemu {' '.join(assignments)}\n")
        child = pexpect.spawn("make", ["qemu", *assignments], cwd=SRCTREE,
                              env=env, encoding="utf-8",
                              codec_errors="replace", timeout=BOOT_TIMEOUT,
                              echo=False, dimensions=(50, 250))
        child.delaybeforesend = None
        child.logfile_read = log
        children.append(child)
        return child

    yield start
    for child in children:
        if child.isalive():
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        child.close(force=True)
    log.close()


def check_greeting(child):
    """Wait for the demo's greeting and shell; return the console text"""
    child.expect(GREETING_RE)
    text = child.before + child.after
    child.expect_exact(SHELL_PROMPT)
    text += child.before
    text = text.replace("\r", "")
    # The kernel's own lines, repeated in the greeting from dmesg
    assert re.search(r"\[\s*0\.0+\] random: crng init done", text), text
    assert "KASLR enabled" in text, text
    assert "KASLR disabled" not in text, text
    # Linux removes rng-seed once read and zeroes kaslr-seed
    assert re.search(r"/chosen/rng-seed:\s+taken", text), text
    assert re.search(r"/chosen/kaslr-seed:\s+8 bytes", text), text
    return text


def power_off(child):
    """'poweroff' in the demo shell ends QEMU and with it make, status 0"""
    child.sendline("poweroff")
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0, (child.exitstatus, child.signalstatus)


@pytest.mark.parametrize("virtio", ["", "pci"])
def test_make_qemu_boots_linux(make_qemu, virtio):
    start = time.monotonic()
    child = make_qemu(*([f"VIRTIO={virtio}"] if virtio else []))
    child.expect("Hit any key to stop autoboot")
    text = check_greeting(child)
    elapsed = time.monotonic() - start
    assert "DHCP client bound to address 10.0.2.15" in text, text
    assert "Filename 'Image'." in text and "Filename 'initrd.img'." in text
    child.sendline("uname -r; cat /proc/cmdline >/dev/null; echo @@ok@@")
    child.expect_exact("@@ok@@")
    power_off(child)
    print(f"make qemu {virtio or 'mmio'}: shell after {elapsed:.1f} s")


def test_make_qemu_stop_at_prompt(make_qemu):
    child = make_qemu("VIRTIO=mmio-legacy")
    child.expect("Hit any key to stop autoboot")
    child.send(" ")
    child.expect("\n=> ")
    child.sendline("virtio scan; virtio info")
    child.expect("\n=> ")
    rows = child.before.replace("\r", "")
    assert re.search(r"virtio-net\b.*\bready", rows), rows
    assert re.search(r"virtio-rng\b.*\bready", rows), rows
    child.sendline("boot")
    check_greeting(child)
    power_off(child)
