#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""ivshmem-server.py: the test side of QEMU's ivshmem-doorbell device.

Debian ships no ivshmem-server binary, so the board tests bring their own.
It speaks the client-server protocol of QEMU's docs/specs/ivshmem-spec.rst:
on connect a client (QEMU) gets the protocol version (0), its ID, the
shared memory's fd (with -1), then per peer its ID once per vector, each
with an eventfd to ring that peer's vector, and last its own ID once per
vector with the eventfds it is rung on. Every number is a little-endian
int64.

The server is also a peer itself (ID SERVER_PEER), so that "the host rings
the doorbell": when the guest rings the server's ID on vector V, the
server rings the guest back on V as many times as the command word of the
shared memory says, one at a time, each after the guest acknowledged the
previous one (an eventfd sums rings that come faster than QEMU reads
them, and one MSI-X message pending in the guest is one interrupt).

Shared memory layout (little-endian u32 words, at the start of BAR2):
  0x00  magic 0x52535649 ("IVSR"), written by the server
  0x04  the server's peer ID
  0x08  command: rings to send back at the next ring of the server
  0x0c  acknowledgement: the guest writes 1, 2, ... as it sees each ring
  0x10  rings sent back in all (for the log)
  0x14  the client (guest device) to ring back: its IVPosition

Usage: ivshmem-server.py SOCKET [--vectors N] [--size BYTES]
       [--timeout SECONDS]
"""
import argparse
import mmap
import os
import select
import signal
import socket
import struct
import sys
import time

SERVER_PEER = 100
MAGIC = 0x52535649
ACK_TIMEOUT = 10.0


def log(msg):
    print("ivshmem-server: " + msg, file=sys.stderr, flush=True)


def send(conn, value, fd=None):
    data = struct.pack("<q", value)
    if fd is None:
        conn.sendall(data)
    else:
        socket.send_fds(conn, [data], [fd])


class Server:
    def __init__(self, path, vectors, size):
        self.vectors = vectors
        self.shm_fd = os.memfd_create("ivshmem", 0)
        os.ftruncate(self.shm_fd, size)
        self.shm = mmap.mmap(self.shm_fd, size)
        self.put(0x00, MAGIC)
        self.put(0x04, SERVER_PEER)
        # The eventfds the guest rings to reach the server.
        self.own = [os.eventfd(0, os.EFD_NONBLOCK) for _ in range(vectors)]
        self.clients = {}  # id -> (socket, [eventfds it is rung on])
        self.next_id = 0
        if os.path.exists(path):
            os.unlink(path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(path)
        self.sock.listen(4)

    def get(self, off):
        return struct.unpack_from("<I", self.shm, off)[0]

    def put(self, off, value):
        struct.pack_into("<I", self.shm, off, value)

    def accept(self):
        conn, _ = self.sock.accept()
        cid = self.next_id
        self.next_id += 1
        fds = [os.eventfd(0, os.EFD_NONBLOCK) for _ in range(self.vectors)]
        send(conn, 0)
        send(conn, cid)
        send(conn, -1, self.shm_fd)
        # Peers it may ring: the server, then every other client.
        for fd in self.own:
            send(conn, SERVER_PEER, fd)
        for oid, (oconn, ofds) in self.clients.items():
            for fd in ofds:
                send(conn, oid, fd)
            for fd in fds:
                send(oconn, cid, fd)
        for fd in fds:
            send(conn, cid, fd)
        self.clients[cid] = (conn, fds)
        log("client %d connected" % cid)

    def drop(self, cid):
        conn, fds = self.clients.pop(cid)
        conn.close()
        for fd in fds:
            os.close(fd)
        for oconn, _ in self.clients.values():
            try:
                send(oconn, cid)
            except OSError:
                pass
        log("client %d disconnected" % cid)

    def rung(self, vector):
        os.eventfd_read(self.own[vector])
        want = self.get(0x08)
        self.put(0x08, 0)
        target = self.get(0x14)
        if target not in self.clients:
            log("rung on vector %d for unknown client %d" % (vector, target))
            return
        fd = self.clients[target][1][vector]
        log("rung on vector %d: ringing back %d times" % (vector, want))
        for i in range(1, want + 1):
            os.eventfd_write(fd, 1)
            self.put(0x10, self.get(0x10) + 1)
            deadline = time.monotonic() + ACK_TIMEOUT
            while self.get(0x0c) < i:
                if time.monotonic() > deadline:
                    log("no acknowledgement of ring %d: stopping" % i)
                    return
                time.sleep(0.002)

    def run(self, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            watch = [self.sock] + self.own
            watch += [c for c, _ in self.clients.values()]
            ready, _, _ = select.select(watch, [], [], 1.0)
            for r in ready:
                if r is self.sock:
                    self.accept()
                elif isinstance(r, int):
                    self.rung(self.own.index(r))
                else:
                    cid = next(i for i, (c, _) in self.clients.items()
                               if c is r)
                    try:
                        gone = not r.recv(64)
                    except OSError:
                        gone = True
                    if gone:
                        self.drop(cid)
        log("timeout: exiting")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("socket")
    p.add_argument("--vectors", type=int, default=2)
    p.add_argument("--size", type=int, default=1 << 20)
    p.add_argument("--timeout", type=float, default=3600)
    args = p.parse_args()
    if args.vectors < 1 or args.vectors > 64:
        p.error("--vectors %d: must be 1 to 64" % args.vectors)
    if args.size < 4096 or args.size & (args.size - 1):
        p.error("--size %d: must be a power of two, 4096 or more" % args.size)
    # run.sh ends it with SIGTERM: leave no socket behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = Server(args.socket, args.vectors, args.size)
    log("listening on %s, %d vectors, %d bytes, server peer %d"
        % (args.socket, args.vectors, args.size, SERVER_PEER))
    try:
        server.run(args.timeout)
    except KeyboardInterrupt:
        pass
    finally:
        os.unlink(args.socket)


if __name__ == "__main__":
    main()
