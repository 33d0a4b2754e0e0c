#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Host side of a board run: number the guest's TAP lines, check the
ivshmem file against what the guest reported writing, print the plan and
a summary, and exit non-zero unless every test is ok."""

import argparse
import re
import sys

TAP = re.compile(r"^(ok|not ok)\b(?:\s*-\s*)?(.*)$")
FILL = re.compile(r"^# ivshmem-fill: phys=(\S+) size=(\S+) seed=(\d+)")
JAVA = re.compile(r"^# ivshmem-java: size=(\S+) fill=(\S+)((?: write=\S+)*)")


def pattern(i, seed):
    """Same as pattern() in guest/devmap_test.c."""
    return (i * 131 + seed + (i >> 8) * 7) & 0xFF


def seeded(size, seed):
    """What devmap_test fill wrote."""
    return bytes(pattern(i, seed) for i in range(size))


def filled(size, fill, writes):
    """What the CLI's fill and little-endian writes left."""
    data = bytearray([fill]) * size
    for off, value, width in writes:
        data[off:off + width] = value.to_bytes(width, "little")
    return bytes(data)


def check_ivshmem(path, expected):
    size = len(expected)
    with open(path, "rb") as f:
        data = f.read(size)
    if len(data) != size:
        return "file has %d bytes, want %d" % (len(data), size)
    if data == expected:
        return None
    first = next(i for i in range(size) if data[i] != expected[i])
    bad = sum(1 for a, b in zip(data, expected) if a != b)
    return "%d bytes differ, first at +0x%x: 0x%02x, want 0x%02x" % (
        bad, first, data[first], expected[first])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--board", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--ivshmem", required=True)
    ap.add_argument("--timed-out", default="0")
    args = ap.parse_args()

    with open(args.log, errors="replace") as f:
        lines = [line.rstrip("\r\n") for line in f]

    results = []
    done = False
    fill = None
    print("TAP version 13")
    print("# board %s" % args.board)
    for line in lines:
        m = TAP.match(line)
        if m:
            results.append((m.group(1) == "ok", m.group(2)))
            print("%s %d - [%s] %s" % (m.group(1), len(results), args.board,
                                       m.group(2)))
            continue
        if line.startswith("# devmap-guest-done"):
            done = True
        elif line.startswith("# "):
            print(line)
        m = FILL.match(line)
        if m:
            size, seed = int(m.group(2), 16), int(m.group(3))
            fill = ("devmap_test fill, seed %d" % seed, seeded(size, seed))
        m = JAVA.match(line)
        if m:
            writes = [tuple(int(x, 0) for x in w.split(":"))
                      for w in m.group(3).split(" write=")[1:]]
            fill = ("devmap CLI fill 0x%x and %d writes" % (
                int(m.group(2), 0), len(writes)),
                filled(int(m.group(1), 0), int(m.group(2), 0), writes))

    def add(ok, desc):
        results.append((ok, desc))
        print("%s %d - [%s] %s" % ("ok" if ok else "not ok", len(results),
                                   args.board, desc))

    add(done, "guest ran to the end%s" % (
        "" if done else " (timed out)" if args.timed_out == "1"
        else " (see %s)" % args.log))
    if fill:
        err = check_ivshmem(args.ivshmem, fill[1])
        add(err is None, "ivshmem: host file holds every byte the guest "
            "wrote (0x%x bytes, %s)%s" % (len(fill[1]), fill[0],
                                          ": " + err if err else ""))
    else:
        add(False, "ivshmem: guest reported its fill")

    failed = sum(1 for ok, _ in results if not ok)
    print("1..%d" % len(results))
    print("# board %s: %d passed, %d failed" % (args.board,
                                                len(results) - failed, failed))
    if failed and not done:
        print("# last console lines:")
        for line in lines[-25:]:
            print("#   " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
