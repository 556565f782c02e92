#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0 OR MIT
"""Write doc/develop/virtio-conformance.md from rows.py (one row per driver
requirement of VIRTIO 1.2: id, section, level, paraphrase, where Ember does
it, the test that fails when it does not), with the counts.

    scripts/virtio-conformance/gen.py           rewrite the document
    scripts/virtio-conformance/gen.py --check   fail if it is out of date
"""
import os
import re
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(HERE, "..", "..", "doc", "develop",
                   "virtio-conformance.md")
sys.path.insert(0, HERE)
from rows import SECTIONS  # noqa: E402

def status(ember):
    if ember.startswith("n/a"):
        return "na"
    if ember.startswith("deviation"):
        return "dev"
    if ember.startswith("MISSING"):
        return "missing"
    return "impl"

def tested(t):
    return not t.startswith("none")

rows = [r for _, _, rs in SECTIONS for r in rs]
ids = [r[0] for r in rows]
assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
for r in rows:
    n = len(r[3].split())
    assert n <= 21, (r[0], n)

levels = ["MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY"]
per_level = {l: sum(1 for r in rows if r[2] == l) for l in levels}
must = [r for r in rows if r[2] in ("MUST", "MUST NOT")]
must_app = [r for r in must if status(r[4]) != "na"]
c = {"impl_t": 0, "impl_u": 0, "missing": 0, "dev": 0}
for r in must_app:
    s = status(r[4])
    if s == "impl":
        c["impl_t" if tested(r[5]) else "impl_u"] += 1
    else:
        c[s] += 1
must_tested = sum(1 for r in must_app if tested(r[5]))
na_all = sum(1 for r in rows if status(r[4]) == "na")
dev_all = [r for r in rows if status(r[4]) == "dev"]
miss_all = [r for r in rows if status(r[4]) == "missing"]
should_app = [r for r in rows if r[2] in ("SHOULD", "SHOULD NOT") and status(r[4]) != "na"]

def esc(s):
    return s.replace("|", "\\|")

out = []
w = out.append
w("# Conformance of Ember's virtio driver to VIRTIO 1.2")
w("")
w("This table holds every requirement VIRTIO 1.2 (cs01) places on a *driver* in "
  "the sections Ember's virtio code touches - §2 (basic facilities, split and "
  "packed virtqueues), §3 (initialization and cleanup), §4.1 (PCI, legacy "
  "interface included), §4.2 (MMIO, legacy included), §5.1 (network device), "
  "§5.2 (block device; its zoned-device requirements, added after 1.2, are "
  "left out), §5.4 (entropy device) and §6 (reserved feature bits) - one row "
  "per "
  "statement of a driver-requirements block or of a legacy-interface section. "
  "The requirements are paraphrased, never quoted: read the specification for "
  "the exact wording. Each row gives:")
w("")
w("- **id**: the section whose requirements block holds the statement (its parent "
  "subsection, e.g. `2.7.10` for §2.7.10.1) and a sequence number; stable, so "
  "commits, tests and issues can name a row;")
w("- **§**: the exact section of the requirements block in VIRTIO 1.2 cs01 "
  "numbering (reconstructed from the specification sources; a number may be off "
  "by one where the 1.2 text added or moved a subsection);")
w("- **level**: MUST, MUST NOT, SHOULD, SHOULD NOT or MAY. A sentence that permits "
  "something with one feature and forbids it otherwise is one row at the level of "
  "the prohibition;")
w("- **Ember**: where Ember does it (file: function); `n/a: <why>` when the "
  "statement only applies with a feature Ember never accepts (`CORE_FEATURES` and "
  "`driver_features()` in `drivers/virtio/virtio-uclass.c`, the feature tables of "
  "`drivers/net/virtio_net.c` and `drivers/rng/virtio_rng.c`) or to a mechanism it "
  "never uses (interrupts, MSI-X, the PCI configuration access window): refusing "
  "the feature satisfies it; `deviation: <why>` when Ember deliberately does "
  "otherwise (see Deviations); `MISSING` when Ember does not do it; `not used` for "
  "a MAY Ember does not take up;")
w("- **test**: the unit test (`ut`) or pytest test that fails if Ember broke the "
  "rule, or `none`. `{a,b}` stands for each name in turn (the transport tests are "
  "generated as `virtio_transport_<name>_<transport>`, the packed-ring ones as "
  "`virtio_packed_<name>_<mmio|pci>`). \"(model checker)\" means the sandbox device "
  "model counts the broken rule (`virtio_emul_stats.violations`) and the `UT_CHECK` "
  "run after every `UTF_DM` test fails the named test; the named test is one whose "
  "scenario takes the code path concerned. For an n/a row the test, if any, shows "
  "the feature is refused.")
w("")
w("The table is generated: edit `scripts/virtio-conformance/rows.py` and run "
  "`scripts/virtio-conformance/gen.py`, which also writes the counts; "
  "`make check` fails when this file and the rows disagree. "
  "Requirements added to the specification after 1.2 are left out: the "
  "feature-bit validation rules of §2.2.1 (\"validate\", \"ignore reserved bits\", "
  "\"do not fail on unknown bits\", VIRTIO 1.3), administration virtqueues and "
  "device parts, the PCI vendor data capability, and on the network device "
  "notification coalescing, per-queue coalescing, device statistics, inner-header "
  "hash, RSS contexts, GUEST_USO4/6, the SHOULD NOTs on HASH_REPORT and "
  "CTRL_RX_EXTRA without CTRL_VQ, and the 1.4 rewording of receive-buffer and "
  "header sizes.")
w("")
w("## Counts")
w("")
w(f"- Rows: **{len(rows)}**; per level: " +
  ", ".join(f"{l} {per_level[l]}" for l in levels) + ".")
w(f"- Not applicable (feature never accepted, or mechanism never used): {na_all} rows.")
w(f"- MUST and MUST NOT rows: {len(must)}; applicable (not n/a): **{len(must_app)}**, of which")
w(f"  - implemented and tested: **{c['impl_t']}**")
w(f"  - implemented, no test: **{c['impl_u']}**")
w(f"  - MISSING: **{c['missing']}**")
w(f"  - deviation: **{c['dev']}** ({', '.join(r[0] for r in must_app if status(r[4]) == 'dev')})")
pct = 100.0 * must_tested / len(must_app)
w(f"- Applicable MUST/MUST NOT rows with a test: {must_tested} of {len(must_app)}, "
  f"**{pct:.0f}%** (implemented and tested alone: "
  f"{100.0 * c['impl_t'] / len(must_app):.0f}%).")
w(f"- SHOULD/SHOULD NOT rows that apply: {len(should_app)}; MISSING among them: "
  f"{sum(1 for r in should_app if status(r[4]) == 'missing')} "
  f"({', '.join(r[0] for r in should_app if status(r[4]) == 'missing')}); deviations: "
  f"{sum(1 for r in should_app if status(r[4]) == 'dev')}.")
w("")
w("## Deviations")
w("")
w("**D1. Re-notifying a device that suppressed notifications** (2.7.10-3, "
  "2.7.10-7; SHOULD NOT). When a driver polls a queue with buffers in flight and "
  "nothing has come back for `CONFIG_VIRTIO_NUDGE_US` (1 ms, then 2, 4 ... up to "
  "1 s), `vring_idle()` notifies the device whatever `VRING_USED_F_NO_NOTIFY` or "
  "`avail_event` say (the packed ring does the same with its device area, whose "
  "rules are not in a requirements block). Reason (doc/develop/virtio.md, \"Lost "
  "notifications\"): QEMU before 8.1 drops the guest's barriers under TCG with one "
  "vCPU, so the store/load handshake of notification suppression can lose a "
  "notification and stall a queue for good; re-notifying costs a few register "
  "writes on an idle queue and turns a lost notification into a 1 ms delay. "
  "Pinned by `net_test_virtio_lost_notify`, `net_test_virtio_lost_notify_packed` "
  "and `virtio_packed_stale_event_{mmio,pci}` (`EMUL_FAULT_STALE_EVENT`).")
w("")
w("**D2. virtio-net holds back the notification of re-posted receive buffers** "
  "(2.7.10-4, 2.7.10-6; MUST). `rx_repost()` publishes a receive buffer at once "
  "but `rx_kick_if_short()` notifies only when the device holds fewer than "
  "min(32, half the posted buffers), checked every 16 re-posts and when the "
  "driver finds nothing to receive. Reason (drivers/net/virtio_net.c): QEMU asks "
  "for a notification at almost every buffer it takes, and each one is a trap "
  "into QEMU that also waits for its main loop, on the path of every lock-step "
  "TFTP block; a device that still holds buffers finds the new ones by itself, "
  "one that ran short is notified, and D1 covers a lost notification. Note that "
  "this departs from MUST-level rows, not from a SHOULD: while the device holds "
  "enough buffers, a notification its `avail_event` (or a zero used-ring flags "
  "word) asks for is put off while the device holds that many. This is "
  "deliberate: a device that holds buffers needs no notification to go on (it "
  "reads the available index when it takes its next buffer), and the one it "
  "does need - when it runs short or out - is sent; QEMU's virtio-net only waits "
  "for a notification once its queue is empty. The transmit queue and "
  "virtio-rng notify as required (`net_test_virtio_tx_notify`, "
  "`virtio_test_notify_suppression`, `virtio_test_mixed_signals*`, which also "
  "assert that no notification was a re-notification).")
w("")
w("**D3. ACCESS_PLATFORM without IOMMU handling** (6.1-4; MUST). Ember accepts "
  "`VIRTIO_F_ACCESS_PLATFORM` but neither disables nor programs an IOMMU: it "
  "hands devices the physical addresses of its DMA memory and relies on them "
  "being used untranslated. Reason (`CORE_FEATURES` comment): that is what the "
  "platform gives devices on QEMU's `virt` machine without a virtual IOMMU, where "
  "an `iommu_platform=on` device refuses to work unless the bit is accepted "
  "(`test_virtio_qemu_iommu_platform`). On a platform whose firmware leaves an "
  "SMMU translating for the device, DMA would fail; Ember's two boards have "
  "none, and a board with one would have to set it up or refuse the bit.")
w("")
w("Outside the requirements blocks, doc/develop/virtio.md records one more: a "
  "packed-ring used descriptor without `WRITE` has a reserved length (§2.8.4), but "
  "QEMU never sets `WRITE`, so Ember reads the length of any buffer with writable "
  "pieces (checked against them) and counts 0 for one without "
  "(`virtio_packed_stream_*` with `EMUL_FAULT_USED_NO_WRITE`).")
w("")
for key, title, rs in SECTIONS:
    w(f"## {title}")
    w("")
    w("| id | § | level | requirement (paraphrase) | Ember | test |")
    w("| --- | --- | --- | --- | --- | --- |")
    for r in rs:
        w("| " + " | ".join(esc(x) for x in (r[0], r[1], r[2], r[3], r[4], r[5])) + " |")
    w("")
untested = [r for r in must_app if status(r[4]) == "impl" and not tested(r[5])]
w("## Untested MUST rows")
w("")
w("Applicable MUST and MUST NOT rows Ember implements but no test would catch "
  f"breaking ({len(untested)}): " + ", ".join(r[0] for r in untested) + ".")
dev_untested = [r for r in must_app if status(r[4]) == "dev" and not tested(r[5])]
if dev_untested:
    w("")
    w("Deviation rows at MUST level with no test of the part Ember does keep: " +
      ", ".join(r[0] for r in dev_untested) + ".")
w("")
w("Most need a new rule in the sandbox models' checker (drivers/virtio/emul) "
  "or a unit test that looks at ring memory; the barrier rows (2.7.13-1, "
  "2.7.13-2, 2.8.21-1, 2.8.21-2, 6.1-8) cannot be observed on the sandbox and "
  "rest on review, and 2.7.3-1 is enforced when building.")
w("")
w("## MISSING rows")
w("")
w("No MUST or MUST NOT row is missing. SHOULD rows Ember does not meet: " +
  "; ".join(f"{r[0]} ({r[3].rstrip('.')})" for r in miss_all) + ".")
w("")


def wrap(line):
    if not line or line.startswith("|") or line.startswith("#"):
        return line
    m = re.match(r"( *)(- )?", line)
    lead = m.group(1) + (m.group(2) or "")
    return textwrap.fill(line[len(lead):], 76, initial_indent=lead,
                         subsequent_indent=" " * len(lead),
                         break_on_hyphens=False, break_long_words=False)


text = "\n".join(wrap(line) for line in out)


def expand(name):
    """a_{x,y}_b -> a_x_b, a_y_b"""
    m = re.search(r"\{([^}]*)\}", name)
    if not m:
        return [name]
    return [n for alt in m.group(1).split(",")
            for n in expand(name[:m.start()] + alt + name[m.end():])]


def test_sources():
    src = []
    for d, _, files in os.walk(os.path.join(HERE, "..", "..", "test")):
        for f in files:
            if f.endswith((".c", ".py")):
                with open(os.path.join(d, f), encoding="utf-8") as fh:
                    src.append(fh.read())
    return "\n".join(src)


# Test names the generated macros make, from the name they are given
GENERATED = [(r"virtio_transport_(\w+)_(mmio[12]|pci_\w+)$", "TRANSPORT_TEST"),
             (r"virtio_packed_(\w+)_(mmio|pci)$", "PACKED_TEST"),
             (r"net_test_virtio_(\w+?)(_packed)?$", "NET_RING_TEST")]


def missing_tests():
    """Test names in the rows that no test defines"""
    src = test_sources()
    bad = set()
    for r in rows:
        for tok in re.findall(r"(?:virtio_|net_test_|test_)[\w{},]+", r[5]):
            for name in expand(tok.rstrip(",")):
                if re.search(rf"\b(def |UNIT_TEST\(){name}\b", src):
                    continue
                if any(re.match(pat, name) and re.search(
                        rf"{mac}\({re.match(pat, name).group(1)},", src)
                       for pat, mac in GENERATED):
                    continue
                bad.add(f"{r[0]}: {name}")
    return sorted(bad)


if "--check" in sys.argv[1:]:
    bad = missing_tests()
    if bad:
        sys.exit("tests named in rows.py that do not exist:\n  "
                 + "\n  ".join(bad))
    with open(DOC, encoding="utf-8") as f:
        if f.read() != text:
            sys.exit(f"{DOC} is out of date: run {sys.argv[0]}")
    sys.exit(0)
with open(DOC, "w", encoding="utf-8") as f:
    f.write(text)
print(f"{len(rows)} rows; MUST/MUST NOT applicable {len(must_app)}, "
      f"tested {must_tested} ({pct:.1f}%); untested: "
      + (", ".join(r[0] for r in untested) or "none"))
