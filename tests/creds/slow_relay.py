#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A slow link for tests: forwards 127.0.0.1:LISTEN to 127.0.0.1:TARGET, the client's bytes
at most RATE bytes a second (the answers unthrottled). TLS passes through untouched (the
server's certificate names 127.0.0.1). Prints "ready PORT" once it listens (LISTEN 0: a free
port); runs until killed.

  slow_relay.py LISTEN TARGET RATE
"""
import socket
import sys
import threading
import time


def pump(src, dst, rate):
    """Copy src to dst; with a rate, sleep so the average stays under it."""
    start, sent = time.monotonic(), 0
    try:
        while True:
            data = src.recv(65536 if rate == 0 else min(65536, max(1024, rate // 20)))
            if not data:
                break
            dst.sendall(data)
            sent += len(data)
            if rate:
                ahead = sent / rate - (time.monotonic() - start)
                if ahead > 0:
                    time.sleep(ahead)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(conn, target, rate):
    try:
        up = socket.create_connection(("127.0.0.1", target), timeout=10)
        up.settimeout(None)
    except OSError:
        conn.close()
        return
    threading.Thread(target=pump, args=(up, conn, 0), daemon=True).start()
    pump(conn, up, rate)


def main():
    listen, target, rate = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", listen))
    srv.listen(16)
    print("ready %d" % srv.getsockname()[1], flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn, target, rate), daemon=True).start()


if __name__ == "__main__":
    main()
