#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ram_report.py: `make ram` (tests/size/ram.mk) - the RAM a streaming UploadPart needs.

Usage: ram_report.py NM_M4 NM_M4_PARTS NM_HOST -- STACK_DIR [STACK_DIR...]

NM_*: `nm -S` listings of tests/size/ram_report.c compiled for Cortex-M4 (default configuration),
for Cortex-M4 with S3L_CLIENT_HEADERS=16 (client.h's option for a device that only uploads
parts) and for the host. Each array ram_<group>__<name> has the size of what it names (see
tests/size/ram_report.c). STACK_DIR: the call graphs of `make stack` (core for Cortex-M4, then
mbedTLS's digests), read with tests/size/stack_report.py's functions: the worst stack of
s3l_client_upload_part, frame by frame, and of its per-chunk phase (s3l_chunked_frame).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stack_report  # noqa: E402  (tests/size/stack_report.py)

SYM = re.compile(r'^[0-9a-fA-F]+\s+([0-9a-fA-F]+)\s+[BbDdRrC]\s+ram_(\w+?)__(\w+)$')

KEEP_NOTE = {
    's3l_client': 'the client: signer + key cache, parser, header slots, chunk encoder...',
    's3l_credentials': 'pointers (the key strings are the caller\'s)',
    's3l_transport': 'function pointers + the port\'s context pointer',
    's3l_platform': 'clock / sleep / entropy hooks',
}
CALL_NOTE = {
    's3l_upload_part_params': 'bucket, key, upload id, part number, length...',
    's3l_body': 'reader + payload mode + checksum out',
    's3l_upload_part_result': 'ETag, checksums, SSE headers',
    's3l_s3_error': 'optional (err may be NULL)',
}
BUF_NOTE = {
    'io': 'S3L_CLIENT_IO_MIN = chunk %d + framing %d (head, final chunk, trailer)',
    'line': 'S3L_CLIENT_LINE_MIN (S3L_HTTP_LINE_MAX = %d advised)',
    'scratch': 'S3L_CLIENT_SCRATCH_MIN (XML scratch)',
    'work': 'S3L_CLIENT_WORK_MIN (2048 advised for a 256-byte key)',
}


def read_nm(path):
    out = {}
    with open(path) as f:
        for line in f:
            m = SYM.match(line.strip())
            if m:
                out[(m.group(2), m.group(3))] = int(m.group(1), 16)
    if not out:
        raise SystemExit('ram: no ram_* symbols in %s' % path)
    return out


def mbedtls_version(stack_dirs):
    """Version of the mbedTLS sources `make stack` compiled (beside its objects' directory)."""
    for d in stack_dirs:
        for h in ('build_info.h', 'version.h'):
            p = os.path.join(os.path.dirname(d.rstrip('/')), 'mbedtls-src', 'include', 'mbedtls', h)
            try:
                with open(p) as f:
                    m = re.search(r'MBEDTLS_VERSION_STRING\s+"([^"]+)"', f.read())
                if m:
                    return m.group(1)
            except OSError:
                pass
    return '?'



def frames_above(root, target, frame, edges, defined):
    """Largest sum of frames on a call chain from root to a function that calls target
    (target's own worst case not included); (bytes, chain) or (0, None) when unreachable."""
    memo = {}
    order, seen, stack = [], set(), [root]
    while stack:                       # iterative post-order over the call graph (a DAG)
        n = stack.pop()
        if n in seen:
            order.append(n)
            continue
        seen.add(n)
        stack.append(n)
        for c in edges.get(n, []):
            c = stack_report.resolve(c, defined)
            if c is not None and c not in seen:
                stack.append(c)
    for n in order:
        if n in memo:
            continue
        best = None
        if target in edges.get(n, []):
            best = (frame.get(n, 0), [n])
        for c in edges.get(n, []):
            c = stack_report.resolve(c, defined)
            if c is None or memo.get(c) is None:
                continue
            b, ch = memo[c]
            if best is None or frame.get(n, 0) + b > best[0]:
                best = (frame.get(n, 0) + b, [n] + ch)
        memo[n] = best
    return memo.get(root) or (0, None)

def main(argv):
    if '--' not in argv or argv.index('--') != 4:
        print(__doc__)
        return 2
    m4, parts, host = (read_nm(p) for p in argv[1:4])
    stack_dirs = argv[5:]
    cols = (m4, parts, host)

    def row(label, key, note='', optional=False):
        vals = [c.get(key) for c in cols]
        print('| %-36s | %9s | %10s | %9s | %s |' % (
            label, *(str(v) if v is not None else '-' for v in vals), note))
        return None if optional else vals

    print('RAM of a streaming UploadPart (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), caller side.')
    print('Sizes are sizeof() as each compiler lays the structs out (arm-none-eabi-gcc -mcpu=cortex-m4')
    print('-mthumb -Os; host cc), read from the object file with nm -S; "parts-only" is Cortex-M4 with')
    print('-DS3L_CLIENT_HEADERS=16, the header-slot count client.h suggests for a device that only uploads')
    print('parts. Bytes.')
    print()
    print('| %-36s | %9s | %10s | %9s | %s |' % ('what', 'Cortex-M4', 'parts-only', 'x86-64', 'note'))
    print('|%s|%s|%s|%s|%s|' % ('-' * 38, '-' * 11, '-' * 12, '-' * 11, '-' * 6))
    totals = [0, 0, 0]
    sums = {}

    def add(group, vals):
        if vals is None:
            return
        for i, v in enumerate(vals):
            totals[i] += v or 0
            sums.setdefault(group, [0, 0, 0])[i] += v or 0

    print('| **kept for the client\'s life**       |           |            |           |  |')
    for name in ('s3l_client', 's3l_credentials', 's3l_transport', 's3l_platform'):
        add('keep', row('struct ' + name, ('keep', name), KEEP_NOTE.get(name, '')))
    print('| (struct s3l_net: the port\'s own)     |         - |          - |         - | '
          'socket/TLS state of the port, not counted |')
    print('| **per call (caller\'s stack)**        |           |            |           |  |')
    for name in ('s3l_upload_part_params', 's3l_body', 's3l_upload_part_result'):
        add('call', row('struct ' + name, ('call', name), CALL_NOTE.get(name, '')))
    row('struct s3l_s3_error', ('call', 's3l_s3_error'), CALL_NOTE['s3l_s3_error'], optional=True)
    row('struct s3l_client_config', ('init', 's3l_client_config'),
        'only during s3l_client_init (copied into the client)', optional=True)
    print('| **work buffers (minimums)**          |           |            |           |  |')
    chunk = m4[('buf', 'io_chunk')]
    over = m4[('buf', 'io_overhead')]
    lmax = m4[('buf', 'line_advised')]
    for name in ('io', 'line', 'scratch', 'work'):
        note = BUF_NOTE[name]
        note = note % (chunk, over) if name == 'io' else note % lmax if name == 'line' else note
        add('buf', row(name + ' buffer', ('buf', name), note))

    # The stack, over the call graph of the Cortex-M4 objects.
    frame, kind, edges, defined = stack_report.load(stack_dirs)
    mbed = any(n.startswith('mbedtls_') for n in defined)
    mbed_v = mbedtls_version(stack_dirs)
    worst, path, flags = stack_report.worst('s3l_client_upload_part', frame, edges, defined)
    print('| **stack**                            |           |            |           |  |')
    print('| %-36s | %9d | %10d | %9s | %s |' % (
        'worst stack, s3l_client_upload_part', worst, worst, '-',
        'make stack (Cortex-M4 -Os%s), plus the reader\'s and transport\'s own' %
        (', mbedTLS %s SHA-256 included' % mbed_v if mbed else ', mbedTLS NOT included')))
    totals[0] += worst
    totals[1] += worst
    print('| %-36s | %9d | %10d | %9s | %s |' % (
        '**total**', totals[0], totals[1], '-',
        'kept + per call + buffers + stack (without the optional error struct)'))
    print()
    print('Where struct s3l_client goes (Cortex-M4 / host):')
    members = sorted(((k[1], m4[k], host.get(k)) for k in m4 if k[0] == 'member' and
                      k[1] != 'headers_slots'), key=lambda x: -x[1])
    print('  ' + ', '.join('%s %d/%s' % (n, a, b) for n, a, b in members) +
          '; header slots: %d (parts-only: %d)' % (m4[('member', 'headers_slots')],
                                                   parts[('member', 'headers_slots')]))
    print()
    print('Deepest stack path of s3l_client_upload_part (frame bytes, Cortex-M4 -Os):')
    print('  ' + ' > '.join('%s %d' % (p.split(':')[-1], frame.get(p, 0)) for p in path))
    mb = sum(frame.get(p, 0) for p in path if p.split(':')[-1].startswith('mbedtls_'))
    if mb:
        print('  of which mbedTLS\'s SHA-256 (replaceable by a hash engine, S3L_HASH_ALT): %d B; '
              's3lite\'s own: %d B' % (mb, worst - mb))
    if 's3l_chunked_frame' in defined:
        cw, cpath, _ = stack_report.worst('s3l_chunked_frame', frame, edges, defined)
        above, chain = frames_above('s3l_client_upload_part', 's3l_chunked_frame', frame, edges,
                                    defined)
        if chain is not None:
            print('  per-chunk phase (%s, then s3l_chunked_frame %d): %d B' % (
                ' > '.join('%s %d' % (p.split(':')[-1], frame.get(p, 0)) for p in chain), cw,
                above + cw))
            print('    ' + ' > '.join('%s %d' % (p.split(':')[-1], frame.get(p, 0)) for p in cpath))
    cb = ' (+ the reader\'s and the transport\'s callbacks)' if '+cb' in flags else ''
    print()
    target = 1024
    verdict = 'met' if worst <= target else 'MISSED by %d B' % (worst - target)
    print('target "stack of a streaming part upload <= 1 KB plus the chunk buffer": stack %d B%s '
          '<= %d B: %s; chunk buffer (io) %d B; total caller RAM %d B on Cortex-M4 '
          '(%d B parts-only)' % (worst, cb, target, verdict, m4[('buf', 'io')], totals[0],
                                 totals[1]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
