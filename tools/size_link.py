#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""size_link.py MAP [OBJ...]: bytes each object contributes to a linked image, from a GNU ld map.

Counts the input sections ld kept (.text*, .rodata*: what arm-none-eabi-size calls text;
.data*, .bss* apart) per input object, after --gc-sections. With OBJ names (basenames
without .o) only those are listed, plus their sum.
"""
import os
import re
import sys

SEC = re.compile(r'^ (\.[\w.$]+)(?:\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+))?\s*$')
CONT = re.compile(r'^\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+)\s*$')


def parse(path):
    per = {}
    with open(path) as f:
        lines = f.read().split('\n')
    try:
        start = lines.index('Linker script and memory map')
    except ValueError:
        sys.exit(f'{path}: not a GNU ld map')
    pending = None
    for line in lines[start:]:
        m = SEC.match(line)
        if m:
            if m.group(2):
                add(per, m.group(1), int(m.group(3), 16), m.group(4))
                pending = None
            else:
                pending = m.group(1)
            continue
        if pending:
            c = CONT.match(line)
            if c:
                add(per, pending, int(c.group(2), 16), c.group(3))
            pending = None
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
