#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Constants of port/posix/crc64_clmul.c (x^n mod P, bit-reflected) and a bigint model of its
folding, checked against a bitwise CRC-64/NVME. Run: /usr/bin/python3 core/gen/clmul_consts.py"""
import os
P = (1<<64) | 0xad93d23594c93659  # normal form
PR = 0x9A6C9329AC4BC9B5
def xpow_mod(n):
    r = 1
    b = 2
    # compute x^n mod P by square-and-multiply in normal repr
    def mulmod(a, c):
        p = 0
        while c:
            if c & 1: p ^= a
            c >>= 1
            a <<= 1
            if a >> 64: a ^= P
        return p
    while n:
        if n & 1: r = mulmod(r, b)
        b = mulmod(b, b); n >>= 1
    return r
def rev64(v): return int('{:064b}'.format(v)[::-1], 2)
def k(n): return rev64(xpow_mod(n))
def clmul(a, b):
    p = 0
    while b:
        if b & 1: p ^= a
        b >>= 1; a <<= 1
    return p
def crc_bytes(r, data):
    for byte in data:
        r ^= byte
        for _ in range(8):
            r = (r >> 1) ^ PR if r & 1 else r >> 1
    return r
def crc64(data): return crc_bytes(0xffffffffffffffff, data) ^ 0xffffffffffffffff
assert crc64(b"123456789") == 0xae8b14860a799888
M64 = (1<<64)-1
def fold(F, K_lo, K_hi):  # F 128-bit int
    return clmul(F & M64, K_lo) ^ clmul(F >> 64, K_hi)
def clmul_crc(data, lanes=8):
    r = 0xffffffffffffffff
    n = len(data)
    assert n >= 16*lanes
    blocks = [int.from_bytes(data[16*i:16*i+16], 'little') for i in range(n//16)]
    F = blocks[:lanes]
    F[0] ^= r
    i = lanes
    d = 128*lanes
    Kd = (k(d+63), k(d-1))
    while i + lanes <= len(blocks):
        F = [fold(F[j], *Kd) ^ blocks[i+j] for j in range(lanes)]
        i += lanes
    K1 = (k(128+63), k(127))
    acc = F[0]
    for j in range(1, lanes): acc = fold(acc, *K1) ^ F[j]
    while i < len(blocks):
        acc = fold(acc, *K1) ^ blocks[i]; i += 1
    r = crc_bytes(0, acc.to_bytes(16, 'little'))
    r = crc_bytes(r, data[16*len(blocks):])
    return r ^ M64
for L in (128, 129, 255, 256, 1000, 4099):
    d = os.urandom(L)
    assert clmul_crc(d) == crc64(d), L
print("model ok")
for n in (128*8+63, 128*8-1, 128*4+63, 128*4-1, 191, 127):
    print(n, hex(k(n)))
