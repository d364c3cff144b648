#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""qemu_report.py STATIC_M4 STATIC_M0 RUN_M4 RUN_M0 [BENCH]: the MCU measurements of make test-qemu.

STATIC_*: tests/size/stack_report.py's table for the board's own objects (the call graph's worst
case). RUN_*: boards/qemu-mps2/mcu_check's output with S3L_REPORT=1 ("STACK label bytes f1,f2"
lines: what the painted stack showed for one call that ran f1, f2 ...). BENCH: its output with
S3L_BENCH=1 under -icount shift=0 ("BENCH ..." lines), printed as they are.
"""
import re
import sys

ROW = re.compile(r'^\| (s3l_\w+) \| (\d+|-) \|[^|]*\| ([^|]*)\|')


def static_table(path):
    worst, notes = {}, {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            m = ROW.match(line)
            if m and m.group(2) != '-':
                worst[m.group(1)] = int(m.group(2))
                notes[m.group(1)] = m.group(3).strip()
    return worst, notes


def measured(path):
    rows = []
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            parts = line.split()
            if len(parts) == 4 and parts[0] == 'STACK':
                rows.append((parts[1], int(parts[2]), parts[3].split(',')))
    return rows


def static_for(functions, table):
    worst, notes = table
    known = [f for f in functions if f in worst]
    if not known:
        return '-', ''
    top = max(known, key=lambda f: worst[f])
    return str(worst[top]), ('+cb' if any('+cb' in notes[f] for f in known) else '')


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 2
    s4, s0 = static_table(sys.argv[1]), static_table(sys.argv[2])
    m4, m0 = measured(sys.argv[3]), dict((r[0], r[1]) for r in measured(sys.argv[4]))
    print('Stack per public call: painted stack on the MCU (the call and its callees, the probe '
          'wrapper\'s few bytes included) beside the call graph\'s worst case (-fstack-usage, '
          'same objects):')
    print('| call | Cortex-M4 measured | static | Cortex-M0 measured | static | notes |')
    print('|---|---|---|---|---|---|')
    for label, used, functions in m4:
        st4, cb = static_for(functions, s4)
        st0, _ = static_for(functions, s0)
        used0 = m0.get(label, '-')
        over = used > int(st4) if st4 != '-' else False
        note = ('above static: ' + ('callbacks (+cb), ' if cb else '') +
                'libc calls and the probe wrapper are outside the call graph') if over else ''
        print(f'| {label} | {used} | {st4} | {used0} | {st0} | {note} |')
    if len(sys.argv) > 5:
        print()
        print('Instructions on the Cortex-M4 (SysTick under -icount shift=0):')
        with open(sys.argv[5], encoding='utf-8', errors='replace') as f:
            for line in f:
                if line.startswith('BENCH '):
                    print('  ' + line[6:].rstrip())
    return 0


if __name__ == '__main__':
    sys.exit(main())
