#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""size_report.py SIZE_TOOL DIR...: text/data/bss of every object in each DIR, one table."""
import os
import subprocess
import sys


def sizes(tool, d):
    out = {}
    objs = sorted(f for f in os.listdir(d) if f.endswith('.o'))
    if not objs:
        return out
    res = subprocess.run([tool] + [os.path.join(d, o) for o in objs],
                         capture_output=True, text=True, check=True)
    for line in res.stdout.splitlines()[1:]:
        f = line.split()
        out[os.path.basename(f[5])[:-2]] = (int(f[0]), int(f[1]), int(f[2]))
    return out


def main():
    tool, dirs = sys.argv[1], sys.argv[2:]
    tables = [(os.path.basename(d).replace('cross-', ''), sizes(tool, d)) for d in dirs]
    names = sorted(set(n for _, t in tables for n in t))
    head = ''.join(f' | {cpu} text | data | bss' for cpu, _ in tables)
    print(f'| object{head} |')
    print('|---' * (1 + 3 * len(tables)) + '|')
    totals = [[0, 0, 0] for _ in tables]
    for n in names:
        row = f'| {n}'
        for i, (_, t) in enumerate(tables):
            v = t.get(n, (0, 0, 0))
            row += f' | {v[0]} | {v[1]} | {v[2]}'
            for k in range(3):
                totals[i][k] += v[k]
        print(row + ' |')
    print('| **total**' + ''.join(f' | **{t[0]}** | {t[1]} | {t[2]}' for t in totals) + ' |')
    print('(arm-none-eabi-gcc -Os -mthumb -ffunction-sections -fdata-sections; bytes)')


if __name__ == '__main__':
    main()
