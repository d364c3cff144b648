#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""size_link.py MAP [OBJ...]: bytes each object contributes to a linked image, from a GNU ld map.

Counts the input sections ld kept (.text*, .rodata*: what arm-none-eabi-size calls text;
.data*, .bss* apart) per input object, after --gc-sections. With OBJ names (basenames
without .o) only those are listed, plus their sum.
"""
import os
import sys

from ldmap import input_sections


def parse(path):
    per = {}
    for sec, size, obj in input_sections(path):
        add(per, sec, size, obj)
    return per


def add(per, sec, size, obj):
    if size == 0 or not obj.endswith('.o'):
        return
    kind = 'text' if sec.startswith(('.text', '.rodata')) else \
           'data' if sec.startswith('.data') else 'bss' if sec.startswith('.bss') else None
    if kind is None:
        return
    name = os.path.basename(obj)[:-2]
    per.setdefault(name, {'text': 0, 'data': 0, 'bss': 0})[kind] += size


def main():
    per = parse(sys.argv[1])
    want = sys.argv[2:] or sorted(per)
    total = 0
    for n in want:
        t = per.get(n, {'text': 0})['text']
        total += t
        print(f'  {n:<14} {t:6d}')
    print(f'  {"sum":<14} {total:6d}')


if __name__ == '__main__':
    main()
