#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""size_components.py MAP NAME=PATTERN...: flash and RAM per component of a linked image.

Reads a GNU ld map (after --gc-sections) and adds up the input sections ld kept per
component: an input (object, or archive member "lib.a(obj.o)") belongs to the first NAME
whose PATTERN (a substring of its path) it contains; the others are "the rest" (libc,
libgcc). Flash = .text + .rodata + .data (initial values); RAM = .data + .bss (static only:
heap and stack come on top).
"""
import sys

from ldmap import input_sections


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

    def add(sec, size, path):
        k = kind_of(sec)
        if k is None or size == 0 or not path.endswith(('.o', '.o)')):
            return
        for name, pat in comps:
            if pat in path:
                tot[name][k] += size
                return
        tot['the rest'][k] += size

    for sec, size, path in input_sections(sys.argv[1]):
        add(sec, size, path)
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
