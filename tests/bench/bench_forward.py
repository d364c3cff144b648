#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""bench_forward.py LISTEN_PORT TARGET_PORT: forward TCP connections from 127.0.0.1:LISTEN_PORT
to 127.0.0.1:TARGET_PORT (for the AWS CRT row of the bench, whose Debian build always connects
to port 80). Each direction is moved with splice(2) through a pipe, so the bytes never enter
Python. Prints "ready" once listening; runs until killed."""
import os
import socket
import sys
import threading

CHUNK = 1 << 20


def pump(src, dst):
    r, w = os.pipe()
    try:
        while True:
            n = os.splice(src.fileno(), w, CHUNK)
            if n == 0:
                break
            while n > 0:
                n -= os.splice(r, dst.fileno(), n)
    except OSError:
        pass
    finally:
        os.close(r)
        os.close(w)
        for s, how in ((dst, socket.SHUT_WR), (src, socket.SHUT_RD)):
            try:
                s.shutdown(how)
            except OSError:
                pass


def serve(conn, target):
    try:
        up = socket.create_connection(("127.0.0.1", target))
    except OSError:
        conn.close()
        return
    a = threading.Thread(target=pump, args=(conn, up), daemon=True)
    b = threading.Thread(target=pump, args=(up, conn), daemon=True)
    a.start()
    b.start()
    a.join()
    b.join()
    conn.close()
    up.close()


def main():
    listen, target = int(sys.argv[1]), int(sys.argv[2])
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", listen))
    s.listen(64)
    print("ready", flush=True)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn, target), daemon=True).start()


if __name__ == "__main__":
    main()
