#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""profile_report.py DIR: the tables of `make profile-upload` (tests/bench/profile_upload.sh wrote DIR).

DIR holds, for each build b (a name such as "openssl" or "mbedtls") and payload mode m:
  touch.b.m     tests/bench/profile_touch.c's byte counts of one upload (LD_PRELOAD)
  cg.b.m        callgrind's output of one upload; cga.b.m: callgrind_annotate of it
  perf.b.m.txt  `perf script -F period,ip,sym,dso` of one upload under perf record -g (optional)
  stat.b.m      `perf stat -x,` of one upload with instructions:u/k (optional; only when the
                machine has hardware counters)
  meta          key=value lines: mb, builds (b:path ...), modes, freq, perf, stat, server, ...

Prints: (1) where each payload byte goes (reads, copies, hash input, sends) beside the minimum
for the mode; (2) instructions per MiB by bucket (callgrind, user space); (3) CPU ms per MiB by
bucket (perf, user + kernel); then what the numbers say.
"""
import os
import re
import sys

MiB = 1 << 20


def read_meta(d):
    meta = {}
    with open(os.path.join(d, 'meta')) as f:
        for line in f:
            if '=' in line:
                k, v = line.rstrip('\n').split('=', 1)
                meta[k] = v
    return meta


def read_touch(path):
    try:
        with open(path) as f:
            return {k: int(v) for k, v in (x.split('=') for x in f.read().split())}
    except (OSError, ValueError):
        return None


# ---- callgrind ---------------------------------------------------------------------------------

CG_LINE = re.compile(r'^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.+)$')
CG_BUCKETS = ('hash', 'wipe', 'copy', 'file read', 'transport', 'signing', 'HTTP/XML',
              'client+CLI', 'startup/other')


def cg_bucket(entry):
    fn = entry.split(' [', 1)[0]
    file, _, func = fn.rpartition(':')
    if re.search(r'sha256|sha2_|hash_openssl\.c|hash_mbedtls\.c', fn, re.I):
        return 'hash'
    if re.search(r'memset|zeroize|cleanse', fn) or func == 's3l_wipe':
        return 'wipe'
    if re.search(r'memcpy|memmove|mempcpy', fn):
        return 'copy'
    if func in ('pr_read', 'read_full', 'pread', '__libc_pread', 'pread64') or 'pread' in file:
        return 'file read'
    if re.search(r'net_posix\.c|/send\.c|/recv\.c|/poll\.c', file) or \
            func in ('send_all', 'recv_feed', 'stall', 'send', 'recv', 'poll', '__poll'):
        return 'transport'
    if re.search(r'core/(sigv4|aws_chunked|uri)\.c', file):
        return 'signing'
    if re.search(r'core/(http|xml|s3_response|s3_request|s3_req_\w+|common)\.c', file):
        return 'HTTP/XML'
    if re.search(r'core/(client|checksum)\.c|boards/posix/', file):
        return 'client+CLI'
    return 'startup/other'


def read_cga(path):
    """Exclusive instructions per bucket from callgrind_annotate --threshold=100."""
    out = dict.fromkeys(CG_BUCKETS, 0)
    total = 0
    try:
        with open(path) as f:
            for line in f:
                m = CG_LINE.match(line)
                if not m:
                    continue
                n = int(m.group(1).replace(',', ''))
                what = m.group(2).strip()
                if what.startswith('PROGRAM TOTALS'):
                    total = n
                    continue
                out[cg_bucket(what)] += n
    except OSError:
        return None, 0
    return out, total


def cg_calls(path, func):
    """Number of calls to func in a callgrind output file (name compression understood)."""
    ids = {}
    calls = 0
    target = None
    try:
        with open(path) as f:
            for line in f:
                if line.startswith('cfn='):
                    m = re.match(r'cfn=\((\d+)\)(?: (.*))?', line.rstrip('\n'))
                    if m:
                        if m.group(2):
                            ids[m.group(1)] = m.group(2)
                        target = ids.get(m.group(1))
                    else:
                        target = line[4:].strip()
                elif line.startswith('fn='):
                    m = re.match(r'fn=\((\d+)\)(?: (.*))?', line.rstrip('\n'))
                    if m and m.group(2):
                        ids[m.group(1)] = m.group(2)
                elif line.startswith('calls=') and target == func:
                    calls += int(line[6:].split()[0])
    except OSError:
        return None
    return calls


# ---- perf ----------------------------------------------------------------------------------

PERF_BUCKETS = ('hash', 'copy', 'wipe', 'other user', 'file read (k)', 'send (k)', 'recv+poll (k)',
                'sched+other (k)')


def perf_bucket(frames):
    """frames: [(sym, dso)], leaf first."""
    if not frames:
        return 'other user'
    sym, dso = frames[0]
    if 'kernel' in dso:
        syms = {s for s, d in frames if 'kernel' in d}
        if syms & {'__x64_sys_pread64', 'ksys_pread64'}:
            return 'file read (k)'
        if syms & {'__x64_sys_sendto', '__sys_sendto', 'tcp_sendmsg', '__x64_sys_write'}:
            return 'send (k)'
        if syms & {'__x64_sys_recvfrom', '__sys_recvfrom', 'tcp_recvmsg', '__x64_sys_poll',
                   '__x64_sys_ppoll', 'do_sys_poll'}:
            return 'recv+poll (k)'
        return 'sched+other (k)'
    if re.search(r'sha256|SHA256', sym):
        return 'hash'
    if re.search(r'memcpy|memmove|mempcpy', sym):
        return 'copy'
    if re.search(r'memset|zeroize|cleanse', sym):
        return 'wipe'
    return 'other user'


def read_perf(path):
    """ns of CPU per bucket from perf script -F period,ip,sym,dso."""
    out = dict.fromkeys(PERF_BUCKETS, 0)
    n = 0
    try:
        f = open(path, errors='replace')
    except OSError:
        return None, 0
    period, frames = None, []

    def flush():
        nonlocal n
        if period is not None:
            out[perf_bucket(frames)] += period
            n += 1

    with f:
        for line in f:
            s = line.strip()
            if not s:
                continue
            if not line.startswith('\t') and re.match(r'^\d+\s*$', s):
                flush()
                period, frames = int(s), []
                continue
            m = re.match(r'^[0-9a-f]+\s+(.*?)\s+\(([^)]*)\)$', s)
            if m and period is not None:
                frames.append((m.group(1), m.group(2)))
        flush()
    return out, n


def read_stat(path):
    out = {}
    try:
        with open(path) as f:
            for line in f:
                p = line.strip().split(',')
                if len(p) > 2 and p[0] and p[0][0].isdigit():
                    out[p[2]] = int(float(p[0]))
    except OSError:
        return None
    return out or None


# ---- the report ----------------------------------------------------------------------------

def table(hdr, rows, right_from=2):
    w = [max(len(str(r[i])) for r in rows + [hdr]) for i in range(len(hdr))]

    def fmt(r):
        return '| ' + ' | '.join(str(v).rjust(w[i]) if i >= right_from else str(v).ljust(w[i])
                                 for i, v in enumerate(r)) + ' |'
    print(fmt(hdr))
    print('|' + '|'.join('-' * (x + 2) for x in w) + '|')
    for r in rows:
        print(fmt(r))


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    d = argv[1]
    meta = read_meta(d)
    mb = int(meta['mb'])
    size = mb * MiB
    builds = [b.split(':', 1)[0] for b in meta['builds'].split()]
    modes = meta['modes'].split()
    freq = int(meta.get('freq', '10000'))
    print('profile-upload: %d MiB file (%s) uploaded by s3lite cp (part %s, aws-chunked chunk %s) '
          'to %s at %s; one run per measurement.' % (
              mb, meta.get('data_dir', '?'), meta.get('part', '8 MiB'), meta.get('chunk', '?'),
              meta.get('server', 'RGW'), meta.get('endpoint', '?')))
    print('Builds: %s.' % ', '.join('%s = %s' % tuple(x.split(':', 1)) for x in meta['builds'].split()))
    print('perf stat: %s' % meta.get('stat_note', '?'))
    print()

    # (1) bytes
    hashed = {}
    ref = 'mbedtls' if 'mbedtls' in builds else None
    for m in modes:
        if ref:
            c = cg_calls(os.path.join(d, 'cg.%s.%s' % (ref, m)), 'mbedtls_internal_sha256_process')
            hashed[m] = c * 64 if c is not None else None
    print('1. Where each payload byte goes: bytes per byte of the file, one upload each '
          '(tests/bench/profile_touch.c counts pread/send/memcpy calls; SHA-256 input = 64 x the block '
          'calls of the mbedTLS build under callgrind, the same above the hash seam for every '
          'backend).')
    rows = []
    verdicts = {}
    for m in modes:
        t = None
        for b in builds:
            t = read_touch(os.path.join(d, 'touch.%s.%s' % (b, m)))
            if t:
                break
        if not t:
            rows.append((m, 'no data', '', '', '', '', '', ''))
            continue
        rd = t['pread'] / size
        cp = (t['memcpy_bulk'] + t['memmove_bulk']) / size
        sd = t['send'] / size
        hs = hashed.get(m)
        payload_hash = 1 if m in ('signed', 'streaming') else 0
        if hs is not None:
            extra = hs - payload_hash * size
            hs_txt = '%.4f (%d payload + %.4f signing)' % (hs / size, payload_hash, extra / size)
        else:
            hs_txt = '-'
        want_rd = 2 if m == 'signed' else 1
        minimum = {'signed': '2 reads, 1 hash, 1 send', 'streaming': '1 read, 1 hash, 1 send',
                   'unsigned': '1 read, 0 hash, 1 send'}.get(m, '?')
        at_min = (abs(rd - want_rd) < 1e-6 and cp < 0.001 and sd < 1.01 and
                  (hs is None or hs / size < payload_hash + 0.05))
        verdicts[m] = at_min
        rows.append((m, '%.4f' % rd, '%.4f' % cp, hs_txt, '%.4f' % sd,
                     '%d B' % t['memcpy'], minimum, 'yes' if at_min else 'NO'))
    table(('mode', 'file->buffer (pread)', 'buffer->buffer (memcpy >= 1 KiB)',
           'SHA-256 input', 'buffer->socket (send)', 'small memcpy (all)', 'minimum for the mode',
           'at minimum'), rows, right_from=1)
    print()

    # (2) instructions
    print('2. Instructions per MiB by bucket (callgrind, user space, exclusive per function; under '
          'valgrind OpenSSL runs its AVX2 SHA-256, not SHA-NI, so its hash column is larger than '
          'on the metal).')
    rows = []
    for b in builds:
        for m in modes:
            cg, total = read_cga(os.path.join(d, 'cga.%s.%s' % (b, m)))
            if cg is None:
                rows.append((b, m) + ('-',) * (len(CG_BUCKETS) + 1))
                continue
            rows.append((b, m) + tuple('%.0f' % (cg[k] / mb) for k in CG_BUCKETS) +
                        ('%.0f' % (total / mb),))
    table(('backend', 'mode') + CG_BUCKETS + ('total',), rows)
    print('   hash: SHA-256 blocks and their update/final glue; wipe: memset, mbedtls_platform_'
          'zeroize, OPENSSL_cleanse (mbedTLS 2.28 zeroizes its block state after every 64-byte '
          'block); copy: memcpy/memmove; file read: the CLI\'s pread reader; transport: send/recv/'
          'poll wrappers; signing: sigv4.c, aws_chunked.c, hex; HTTP/XML: head writer, response '
          'parser; startup/other: the dynamic loader, libc start-up, option parsing.')
    print()

    # (3) perf
    cpu = {}
    if meta.get('perf') == '1':
        print('3. CPU per MiB by bucket, microseconds (perf record -e cpu-clock -F %d -g, native, user + '
              'kernel; one run each; kernel buckets by the syscall on the stack: file read = '
              'pread64 (page cache -> buffer copy), send = sendto (buffer -> socket copy and TCP, '
              'including the loopback delivery to the server that runs in the sender\'s context); '
              'sched+other: mostly context switches on the way back to user space, page faults, '
              'exec).' % freq)
        rows = []
        for b in builds:
            for m in modes:
                p, n = read_perf(os.path.join(d, 'perf.%s.%s.txt' % (b, m)))
                if p is None or n == 0:
                    rows.append((b, m) + ('-',) * (len(PERF_BUCKETS) + 2))
                    continue
                cpu[(b, m)] = p
                total = sum(p.values())
                rows.append((b, m) + tuple('%.0f' % (p[k] / 1e3 / mb) for k in PERF_BUCKETS) +
                            ('%.0f' % (total / 1e3 / mb), str(n)))
        table(('backend', 'mode') + PERF_BUCKETS + ('total', 'samples'), rows)
        print()
    else:
        print('3. (perf record is not usable here: no CPU-time table by bucket)')
        print()
    stats = [(b, m, read_stat(os.path.join(d, 'stat.%s.%s' % (b, m)))) for b in builds for m in modes]
    stats = [x for x in stats if x[2]]
    if stats:
        print('perf stat (hardware counters), instructions per MiB:')
        table(('backend', 'mode', 'user', 'kernel'),
              [(b, m, '%.0f' % (s.get('instructions:u', 0) / mb), '%.0f' % (s.get('instructions:k', 0) / mb))
               for b, m, s in stats])
        print()

    # What it says.
    print('What it says:')
    for m in modes:
        if m in verdicts:
            print('  %-9s %s' % (m, 'at the minimum for its mode' if verdicts[m] else
                                 'NOT at the minimum (see table 1)'))
    if 'signed' in modes:
        print('  signed needs two reads of each part: the SHA-256 must be in the head, before the '
              'first body byte, and a part (S3\'s minimum part size is 5 MiB; the CLI uses 8 MiB) '
              'cannot be kept in RAM under the 4 MiB RSS budget, so the part is read once to hash '
              'and once to send. Everything else is touched once: no buffer-to-buffer copy of '
              'payload bytes (the reader preads straight into the client\'s I/O buffer and the '
              'transport sends from it).')
    for b in builds:
        s, u = cpu.get((b, 'signed')), cpu.get((b, 'unsigned'))
        if s and u:
            print('  [%s] the second read costs %.0f us/MiB (file read, signed - unsigned), %.0f%% '
                  'of the signed upload\'s CPU; the hash %.0f us/MiB; send %.0f us/MiB.' % (
                      b, (s['file read (k)'] - u['file read (k)']) / 1e3 / mb,
                      100.0 * (s['file read (k)'] - u['file read (k)']) / max(1, sum(s.values())),
                      s['hash'] / 1e3 / mb, s['send (k)'] / 1e3 / mb))
    for b in builds:
        parts = []
        for m in modes:
            cg, total = read_cga(os.path.join(d, 'cga.%s.%s' % (b, m)))
            if cg:
                rest = total - cg['hash'] - cg['wipe']
                parts.append('%s %.0f (%.3f per byte)' % (m, rest / mb, rest / size))
        if parts:
            print('  [%s] user-space instructions per MiB besides hashing and wiping: %s.' % (
                b, ', '.join(parts)))
    print('  Left on the table, outside the reader/transport API: sendfile()/MSG_ZEROCOPY for the '
          'send pass of a plain-HTTP file upload (no user-space copy), or an mmap reader that hashes '
          'the page cache in place (its resident file pages count in RSS, so it needs windows).')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
