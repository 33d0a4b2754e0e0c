#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""farm-results.py lava|labgrid RESULTS IMAGE_TAP: check a board farm's
results of devmap's board checks against the image's own TAP.

  lava RESULTS    lava-run's log (YAML, one record a line): the results of
                  the test definition devmap-board-checks
  labgrid RESULTS pytest's JUnit XML of tests/labgrid: every test case
  IMAGE_TAP       the "ok - NAME" / "not ok - NAME" lines that the same
                  image printed when tests/buildroot/build-qemu.sh booted
                  it with the checks (guest-<arch>.tap in its work folder)

Prints one numbered TAP line per farm result, in the farm's order, then
one line for the checks of the run as a whole: every result passed, as
many results as the image's TAP has lines, and the names, in order, those
of the image's TAP (for LAVA, in LAVA's case-name form: see
tests/lava/devmap-board-checks.yaml). Names are compared with their hex
numbers masked: the buffer window is allocated by the kernel at boot, so
its address (and the names of the checks on it) changes from one boot of
the same image to the next. Exits 0 only if every line is ok.
"""

import re
import sys
import xml.etree.ElementTree as ET

import yaml

DEFINITION = "devmap-board-checks"


def lava_name(name):
    """The LAVA case name of a TAP name, as devmap-board-checks.yaml makes it"""
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name)
    # sed's s/^_//; s/_$//: one at each end
    if name.startswith("_"):
        name = name[1:]
    if name.endswith("_"):
        name = name[:-1]
    return name


def masked(name):
    """NAME with every hex number as 0x?: the same check on any boot"""
    return re.sub(r"0x[0-9a-fA-F]+", "0x?", name)


def image_tap(path):
    names = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"^(ok|not ok) - (.*)$", line.rstrip("\n"))
            if m:
                names.append(m.group(2))
    return names


def lava_results(path):
    """(name, passed) of each result of the devmap-board-checks definition"""
    results = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("- "):
                line = line[2:]
            if '"lvl": "results"' not in line:
                continue
            try:
                record = yaml.safe_load(line)
            except yaml.YAMLError:
                continue
            msg = record.get("msg") if isinstance(record, dict) else None
            if not isinstance(msg, dict):
                continue
            # lava-run names a definition "<index>_<name>"
            if re.sub(r"^[0-9]+_", "", str(msg.get("definition", ""))) != DEFINITION:
                continue
            results.append((str(msg.get("case")), msg.get("result") == "pass"))
    return results


def junit_results(path):
    """(name, passed) of each test case of pytest's JUnit XML"""
    results = []
    for case in ET.parse(path).getroot().iter("testcase"):
        bad = [c for c in case if c.tag in ("failure", "error", "skipped")]
        results.append((case.get("name", ""), not bad))
    return results


def main(argv):
    if len(argv) != 4 or argv[1] not in ("lava", "labgrid"):
        sys.stderr.write(__doc__)
        return 2
    engine, results_file, tap_file = argv[1:]
    try:
        expected = image_tap(tap_file)
        if engine == "lava":
            results = lava_results(results_file)
            expected = [lava_name(n) for n in expected]
        else:
            results = junit_results(results_file)
    except (OSError, ET.ParseError) as exc:
        print("not ok 1 - %s: results read (%s)" % (engine, exc))
        return 1
    n = 0
    for name, passed in results:
        n += 1
        print("%s %d - %s: %s" % ("ok" if passed else "not ok", n, engine, name))
    failed = [name for name, passed in results if not passed]
    got = [name for name, _ in results]
    problems = []
    same = [masked(x) for x in got] == [masked(x) for x in expected]
    if failed:
        problems.append("%d failed" % len(failed))
    if len(got) != len(expected):
        problems.append("%d results, the image's TAP has %d" % (len(got), len(expected)))
    if not same:
        extra = [x for x in got if masked(x) not in map(masked, expected)]
        missing = [x for x in expected if masked(x) not in map(masked, got)]
        problems.append("names differ from the image's TAP (only here: %s; only in the TAP: %s)"
                        % (extra[:5] or "none", missing[:5] or "none"))
    summary = ("%s: %d results, every one passed, as many as the image's TAP lines (%d), "
               "the same names (hex numbers aside) in the same order" % (engine, len(got), len(expected)))
    n += 1
    if problems:
        print("not ok %d - %s: %s" % (n, engine, "; ".join(problems)))
    else:
        print("ok %d - %s" % (n, summary))
    print("1..%d" % n)
    print("# %s: %d passed, %d failed" % (engine, len(got) - len(failed), len(failed)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
