#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""size_components.py MAP NAME=PATTERN...: flash and RAM per component of a linked image.

Reads a GNU ld map (after --gc-sections) and adds up the input sections ld kept per
component: an input (object, or archive member "lib.a(obj.o)") belongs to the first NAME
whose PATTERN (a substring of its path) it contains; the others are "the rest" (libc,
libgcc). Flash = .text + .rodata + .data (initial values); RAM = .data + .bss (static only:
heap and stack come on top).
"""
import re
import sys

SEC = re.compile(r'^ (\.[\w.$]+)(?:\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+))?\s*$')
CONT = re.compile(r'^\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+)\s*$')


def kind_of(sec):
    if sec.startswith(('.text', '.rodata')):
        return 'text'
    if sec.startswith('.data'):
        return 'data'
    if sec.startswith(('.bss', 'COMMON')):
        return 'bss'
    return None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    comps = [a.split('=', 1) for a in sys.argv[2:]]
    names = [c[0] for c in comps] + ['the rest']
    tot = {n: {'text': 0, 'data': 0, 'bss': 0} for n in names}
    with open(sys.argv[1]) as f:
        lines = f.read().split('\n')
    try:
        start = lines.index('Linker script and memory map')
    except ValueError:
        sys.exit(f'{sys.argv[1]}: not a GNU ld map')
    pending = None

    def add(sec, size, path):
        k = kind_of(sec)
        if k is None or size == 0 or not path.endswith(('.o', '.o)')):
            return
        for name, pat in comps:
            if pat in path:
                tot[name][k] += size
                return
        tot['the rest'][k] += size

    for line in lines[start:]:
        if line.startswith(' COMMON'):
            line = ' .bss.common' + line[len(' COMMON'):]
        m = SEC.match(line)
        if m:
            if m.group(2):
                add(m.group(1), int(m.group(3), 16), m.group(4))
                pending = None
            else:
                pending = m.group(1)
            continue
        if pending:
            c = CONT.match(line)
            if c:
                add(pending, int(c.group(2), 16), c.group(3))
            pending = None
    print(f'  {"component":<26} {"flash":>8} {"RAM":>8}   (text / data / bss)')
    sum_flash = sum_ram = 0
    for n in names:
        t = tot[n]
        flash, ram = t['text'] + t['data'], t['data'] + t['bss']
        sum_flash += flash
        sum_ram += ram
        print(f'  {n:<26} {flash:8d} {ram:8d}   ({t["text"]} / {t["data"]} / {t["bss"]})')
    print(f'  {"total":<26} {sum_flash:8d} {sum_ram:8d}')


if __name__ == '__main__':
    main()
