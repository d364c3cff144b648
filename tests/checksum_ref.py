#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Independent reference for tests/test_checksum.c: S3 checksum values computed in Python.

Reads requests on stdin, one per line, answers one line each on stdout:
  ref PATH ALG PART_SIZE TYPE   -> the S3 value (PART_SIZE 0 and TYPE '-' for the whole content)
  boto PATH ALG                 -> botocore's value for the whole content, or "SKIP <why>"
CRC32 comes from zlib, SHA1/SHA256 from hashlib, CRC32C and CRC64NVME from the bitwise
definitions below (tables built here, nothing shared with the C code). botocore is
botocore.httpchecksum (Crc32Checksum, Sha1Checksum, Sha256Checksum; CrtCrc32cChecksum when
awscrt is installed).
"""
import base64
import hashlib
import sys
import zlib


def _table(poly, width):
    mask = (1 << width) - 1
    t = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        t.append(c & mask)
    return t


_T32C = _table(0x82F63B78, 32)
_T64 = _table(0x9A6C9329AC4BC9B5, 64)


def crc32c(data):
    c = 0xFFFFFFFF
    t = _T32C
    for b in data:
        c = (c >> 8) ^ t[(c ^ b) & 0xFF]
    return c ^ 0xFFFFFFFF


def crc64nvme(data):
    c = 0xFFFFFFFFFFFFFFFF
    t = _T64
    for b in data:
        c = (c >> 8) ^ t[(c ^ b) & 0xFF]
    return c ^ 0xFFFFFFFFFFFFFFFF


def digest(alg, data):
    if alg == "CRC32":
        return (zlib.crc32(data) & 0xFFFFFFFF).to_bytes(4, "big")
    if alg == "CRC32C":
        return crc32c(data).to_bytes(4, "big")
    if alg == "CRC64NVME":
        return crc64nvme(data).to_bytes(8, "big")
    if alg == "SHA1":
        return hashlib.sha1(data).digest()
    if alg == "SHA256":
        return hashlib.sha256(data).digest()
    raise ValueError(alg)


def b64(b):
    return base64.b64encode(b).decode()


def s3_value(data, alg, part_size, typ):
    if part_size == 0 or typ == "FULL_OBJECT":
        return b64(digest(alg, data))
    parts = [data[i:i + part_size] for i in range(0, len(data), part_size)] or [b""]
    return b64(digest(alg, b"".join(digest(alg, p) for p in parts))) + "-%d" % len(parts)


def boto_value(data, alg):
    try:
        from botocore import httpchecksum as h
    except Exception as e:  # noqa: BLE001
        return "SKIP botocore not importable (%s)" % e.__class__.__name__
    cls = {"CRC32": "Crc32Checksum", "SHA1": "Sha1Checksum", "SHA256": "Sha256Checksum",
           "CRC32C": "CrtCrc32cChecksum"}.get(alg)
    if cls is None or not hasattr(h, cls):
        return "SKIP botocore has no %s checksum" % alg
    try:
        c = getattr(h, cls)()
    except Exception as e:  # noqa: BLE001 (CrtCrc32cChecksum needs awscrt)
        return "SKIP botocore %s unavailable (%s)" % (cls, e.__class__.__name__)
    c.update(data)
    return c.b64digest()


def main():
    cache = {}
    for line in sys.stdin:
        f = line.split()
        if not f:
            continue
        # one answer per request, also when it fails: the caller then sees a wrong value,
        # not a dead pipe
        try:
            path = f[1]
            if path not in cache:
                with open(path, "rb") as fh:
                    cache[path] = fh.read()
            data = cache[path]
            if f[0] == "ref":
                print(s3_value(data, f[2], int(f[3]), f[4]))
            elif f[0] == "boto":
                print(boto_value(data, f[2]))
            else:
                print("SKIP bad request")
        except Exception as e:  # noqa: BLE001
            print("ERROR %s: %s" % (e.__class__.__name__, e))
        sys.stdout.flush()


main()
