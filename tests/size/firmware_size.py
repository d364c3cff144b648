#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""firmware_size.py MAP [STACK]: flash and RAM per component of the firmware example's image.

Reads a GNU ld map (after --gc-sections: only the input sections ld kept) and adds up, per
input object: flash = .text* + .rodata* (+ .init/.fini/.ARM.exidx) + .data* (its initial
values), RAM = .data* + .bss* (+ COMMON). Components:
  s3lite    core/ objects, one row each
  mbedTLS   the mbedTLS objects (the hashes s3lite pulls)
  example   boards/firmware-example objects; its RAM per static symbol (the upload task,
            the stub, ...), since the task's struct is what a device really needs
  libc      newlib-nano, libgcc and the startup code
STACK (bytes, optional): worst stack of the flow, added to the flow's RAM.
"""
import os
import re
import sys

from ldmap import input_sections

FLASH_AIM = 24 * 1024
RAM_AIM = 14 * 1024


def kind_of(sec):
    if sec.startswith(('.text', '.rodata', '.init', '.fini', '.ARM.exidx', '.ARM.extab',
                       '.glue', '.vfp11', '.v4_bx', '.iplt', '.rel')):
        return 'flash'
    if sec.startswith('.data'):
        return 'data'
    if sec.startswith(('.bss', 'COMMON')):
        return 'bss'
    return None


def component(path):
    """(group, name) of an input object path."""
    m = re.search(r'\(([^)]+)\)$', path)  # archive member: lib.a(member.o)
    base = os.path.basename(m.group(1) if m else path)
    name = base[:-2] if base.endswith('.o') else base
    if '/core/' in path:
        return 's3lite', name
    if '/mbedtls/' in path:
        return 'mbedtls', name
    if '/app/' in path:
        return 'example', name
    return 'libc', name


def parse(path):
    rows = []  # (group, name, section, kind, size)
    for sec, size, obj in input_sections(path):
        add(rows, sec, size, obj)
    return rows


def add(rows, sec, size, obj):
    k = kind_of(sec)
    if size == 0 or k is None or not (obj.endswith('.o') or obj.endswith('.o)')):
        return
    g, n = component(obj)
    rows.append((g, n, sec, k, size))


def totals(rows):
    flash = sum(s for _, _, _, k, s in rows if k in ('flash', 'data'))
    ram = sum(s for _, _, _, k, s in rows if k in ('data', 'bss'))
    return flash, ram


def main():
    rows = parse(sys.argv[1])
    stack = int(sys.argv[2]) if len(sys.argv) > 2 else None
    print(f'  {"component":<34} {"flash":>7} {"RAM":>7}')
    groups = {}
    for r in rows:
        groups.setdefault(r[0], []).append(r)

    def block(g, title, per_symbol_ram=False, min_row=0):
        rs = groups.get(g, [])
        print(f'  {title}')
        names = sorted({r[1] for r in rs})
        rest_f = rest_m = 0
        for n in names:
            f, m = totals([r for r in rs if r[1] == n])
            if f < min_row and m < min_row:
                rest_f += f
                rest_m += m
                continue
            print(f'    {n:<32} {f:7d} {m:7d}')
        if rest_f or rest_m:
            print(f'    {"(smaller members)":<32} {rest_f:7d} {rest_m:7d}')
        if per_symbol_ram:
            for r in rs:
                if r[3] in ('data', 'bss') and r[4] >= 64:
                    sym = r[2].split('.', 2)[-1]
                    print(f'      RAM: {sym:<25} {"":7} {r[4]:7d}')
        f, m = totals(rs)
        print(f'    {"total":<32} {f:7d} {m:7d}')
        return f, m

    s_f, s_m = block('s3lite', 's3lite (core/)')
    m_f, m_m = block('mbedtls', 'mbedTLS (what s3lite pulls)')
    print(f'  {"s3lite + hashes":<34} {s_f + m_f:7d} {s_m + m_m:7d}   '
          f'(aim: flash <= {FLASH_AIM})')
    e_f, e_m = block('example', 'example (upload task, log source, S3 stub, main)', True)
    l_f, l_m = block('libc', 'libc, libgcc, startup (newlib-nano)', min_row=200)
    print(f'  {"image":<34} {s_f + m_f + e_f + l_f:7d} {s_m + m_m + e_m + l_m:7d}')
    task = sum(r[4] for r in groups.get('example', []) if r[2].endswith('.task'))
    if task:
        flow = task + s_m + m_m
        line = f'  RAM of the flow: upload task {task} + s3lite/mbedTLS statics {s_m + m_m}'
        if stack is not None:
            flow += stack
            line += f' + worst stack {stack}'
        print(f'{line} = {flow}   (aim: <= {RAM_AIM}; the stub and libc not counted)')


if __name__ == '__main__':
    main()
