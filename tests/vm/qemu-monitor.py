#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""qemu-monitor.py: let the guest ask for QEMU monitor commands.

Follows a board's console log; for every line "# devmap-monitor: CMD"
that the guest prints, sends CMD to QEMU's human monitor on a unix socket
(-monitor unix:SOCKET,server=on,wait=off). The arm64 board's test of a
device-tree interrupt uses it to raise QEMU virt's GPIO line 3 with
system_powerdown while a guest process waits for that interrupt. Ends at
"# devmap-guest-done", when QEMU's socket goes away, or after --timeout.

Usage: qemu-monitor.py LOG SOCKET [--timeout SECONDS]
"""
import argparse
import os
import signal
import socket
import sys
import time

MARK = "# devmap-monitor: "
DONE = "# devmap-guest-done"
ALLOWED = {"system_powerdown"}


def log(msg):
    print("qemu-monitor: " + msg, file=sys.stderr, flush=True)


def connect(path, deadline):
    while time.monotonic() < deadline:
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            s.setblocking(False)
            return s
        except OSError:
            s.close()
            time.sleep(0.2)
    return None


def drain(mon):
    try:
        while mon.recv(4096):
            pass
    except (BlockingIOError, InterruptedError):
        pass


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("log")
    p.add_argument("socket")
    p.add_argument("--timeout", type=float, default=3600)
    args = p.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    deadline = time.monotonic() + args.timeout
    mon = connect(args.socket, deadline)
    if mon is None:
        log("no monitor at %s" % args.socket)
        return 1
    pos = 0
    pending = ""
    while time.monotonic() < deadline:
        drain(mon)
        try:
            with open(args.log, "r", errors="replace") as f:
                f.seek(pos)
                chunk = f.read()
                pos = f.tell()
        except FileNotFoundError:
            chunk = ""
        pending += chunk
        lines = pending.split("\n")
        pending = lines.pop()
        for line in lines:
            line = line.strip("\r")
            if line.startswith(DONE):
                return 0
            if not line.startswith(MARK):
                continue
            cmd = line[len(MARK):].strip()
            if cmd not in ALLOWED:
                log("refusing monitor command '%s'" % cmd)
                continue
            log("sending '%s'" % cmd)
            try:
                mon.sendall((cmd + "\n").encode())
            except OSError as e:
                log("monitor gone: %s" % e)
                return 0
        if not os.path.exists(args.socket):
            return 0
        time.sleep(0.1)
    log("timeout")
    return 0


if __name__ == "__main__":
    sys.exit(main())
