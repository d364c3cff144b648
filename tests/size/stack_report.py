#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""stack_report.py CORE_DIR [LIB_DIR...]: worst-case stack of every public s3l_* function.

Reads the call graphs GCC writes with -fcallgraph-info=su (*.ci, VCG format): each node
carries the function's own frame from -fstack-usage, each edge a direct call. The worst case
of a function is its frame plus the worst of its callees, over the whole graph (core objects
and, when given, mbedTLS objects compiled the same way). Calls through function pointers
(transport, reader and parser callbacks) cannot be followed; such functions are marked '+cb'
and their number excludes the callee. A cycle (recursion) is reported as an error.
"""
import glob
import os
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
FRAME = re.compile(r'\\n(\d+) bytes \(([^)]*)\)')


def load(dirs):
    frame, kind, edges, defined = {}, {}, {}, set()
    for d in dirs:
        for path in glob.glob(os.path.join(d, '*.ci')):
            with open(path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            for title, label in NODE.findall(text):
                m = FRAME.search(label)
                if m:
                    frame[title] = int(m.group(1))
                    kind[title] = m.group(2)
                    defined.add(title)
            for src, dst in EDGE.findall(text):
                edges.setdefault(src, []).append(dst)
    return frame, kind, edges, defined


def resolve(name, defined):
    """Map a callee to a defined node: mbedTLS 2.28's *_ret names to 3.x ones."""
    if name in defined:
        return name
    if name.endswith('_ret') and name[:-4] in defined:
        return name[:-4]
    return None


def worst(root, frame, edges, defined):
    """Iterative DFS with memo; returns (bytes, path, flags) for root."""
    memo = {}
    state = {}
    stack = [(root, 0)]
    while stack:
        node, i = stack.pop()
        if i == 0:
            if node in memo:
                continue
            if state.get(node) == 'open':
                raise RuntimeError(f'recursion through {node}')
            state[node] = 'open'
        callees = edges.get(node, [])
        if i < len(callees):
            stack.append((node, i + 1))
            c = resolve(callees[i], defined)
            if c is not None and c not in memo:
                if state.get(c) == 'open':
                    raise RuntimeError(f'recursion: {node} -> {c}')
                stack.append((c, 0))
            continue
        best, path, flags = 0, [], set()
        for callee in callees:
            c = resolve(callee, defined)
            if c is None:
                if callee == '__indirect_call':
                    flags.add('+cb')
                elif not (callee.startswith('mem') or callee.startswith('str')
                          or callee.startswith('__aeabi')):
                    flags.add('?' + callee)
                continue
            b, p, fl = memo[c]
            flags |= fl
            if b > best:
                best, path = b, p
        memo[node] = (frame.get(node, 0) + best, [node] + path, flags)
        state[node] = 'done'
    return memo[root]


def main():
    dirs = sys.argv[1:]
    frame, kind, edges, defined = load(dirs)
    core = load(dirs[:1])[3]
    public = sorted(n for n in core if n.startswith('s3l_'))
    if not public:
        print('stack: no call graphs found (build with make cross first)')
        return 1
    mbed = any(n.startswith('mbedtls_') for n in defined)
    print('| public function | worst stack (bytes) | deepest path | notes |')
    print('|---|---|---|---|')
    rc = 0
    for name in public:
        try:
            b, path, flags = worst(name, frame, edges, defined)
        except RuntimeError as e:
            print(f'| {name} | - | {e} | RECURSION |')
            rc = 1
            continue
        short = ' > '.join(p.split(':')[-1] for p in path[:6]) + (' ...' if len(path) > 6 else '')
        notes = ' '.join(sorted(f for f in flags if f == '+cb'))
        unknown = sorted(f[1:] for f in flags if f.startswith('?'))
        if unknown:
            notes += ' excludes: ' + ', '.join(unknown[:4]) + (' ...' if len(unknown) > 4 else '')
        if any('dynamic' in kind.get(p, '') for p in path):
            notes += ' DYNAMIC'
            rc = 1
        print(f'| {name} | {b} | {short} | {notes.strip()} |')
    print(f'(Cortex-M4 -Os; mbedTLS digests {"included" if mbed else "NOT included: no source"}; '
          '+cb = plus whatever a callback uses)')
    return rc


if __name__ == '__main__':
    sys.exit(main())
