#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Time from QEMU start to a usable prompt: Ember against U-Boot, A B A B.

    test/bench/boot_time.py [--pairs N] [--ember build/qemu_arm64/ember.bin]
                            [--uboot /usr/lib/u-boot/qemu_arm64/u-boot.bin]

Both run on the same QEMU command line (-M virt -cpu cortex-a57 -m 1G
-nographic -bios ... -nic none). The time is host wall-clock from spawning
QEMU to the prompt accepting a command (autoboot interrupted as soon as it
is offered, then 'echo' answered). Prints min, median and max of each and
the median of the per-pair ratios Ember/U-Boot.
"""

import argparse
import statistics
import time

import pexpect

PROMPT = r"\n=> "
AUTOBOOT = r"Hit any key to stop autoboot"


def boot_once(binary):
    cmd = ("qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1G -nographic "
           f"-bios {binary} -nic none")
    start = time.monotonic()
    child = pexpect.spawn(cmd, encoding="utf-8", timeout=30)
    child.delaybeforesend = None
    try:
        if child.expect([PROMPT, AUTOBOOT]) == 1:
            child.send(" ")
            child.expect(PROMPT)
        child.send("echo ready\r")
        child.expect(r"\nready\r*\n")
        return time.monotonic() - start
    finally:
        child.terminate(force=True)
        child.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=7)
    ap.add_argument("--ember", default="build/qemu_arm64/ember.bin")
    ap.add_argument("--uboot", default="/usr/lib/u-boot/qemu_arm64/u-boot.bin")
    args = ap.parse_args()
    ember, uboot, ratios = [], [], []
    for _ in range(args.pairs):
        e = boot_once(args.ember)
        u = boot_once(args.uboot)
        ember.append(e)
        uboot.append(u)
        ratios.append(e / u)
    print("| metric | Ember median (min-max) | U-Boot median (min-max) | ratio (median of pairs) |")
    print("| --- | --- | --- | --- |")
    print(f"| QEMU start to prompt, s | {statistics.median(ember):.3f} "
          f"({min(ember):.3f}-{max(ember):.3f}) | "
          f"{statistics.median(uboot):.3f} ({min(uboot):.3f}-{max(uboot):.3f}) | "
          f"{statistics.median(ratios):.2f} |")


if __name__ == "__main__":
    main()
