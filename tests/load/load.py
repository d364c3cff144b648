#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Load: N concurrent `s3lite cp` multipart uploads to the local S3 server, every object read
back and compared by SHA-256; prints aggregate throughput, errors, retries seen (S3L_STATS=1)
and the peak RSS of each upload process (its VmHWM, printed by the CLI under S3L_STATS=1; a
forked child's ru_maxrss would also count this Python process), then "N passed, N failed".

Environment: S3LITE (the CLI), S3L_ENDPOINT, S3L_ACCESS_KEY, S3L_SECRET_KEY, S3L_REGION (from
the server script), LOAD_N (100), LOAD_MIB (8), LOAD_PART_MIB (5), LOAD_TIMEOUT (600 s for
the whole run). Every process is bounded by the timeout and killed past it.
"""
import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

N = int(os.environ.get("LOAD_N", "100"))
MIB = int(os.environ.get("LOAD_MIB", "8"))
PART_MIB = int(os.environ.get("LOAD_PART_MIB", "5"))
TIMEOUT = float(os.environ.get("LOAD_TIMEOUT", "600"))
CLI = os.environ["S3LITE"]


def env():
    e = dict(os.environ)
    e.update(AWS_ACCESS_KEY_ID=os.environ["S3L_ACCESS_KEY"],
             AWS_SECRET_ACCESS_KEY=os.environ["S3L_SECRET_KEY"],
             AWS_REGION=os.environ.get("S3L_REGION", "us-east-1"),
             AWS_ENDPOINT_URL=os.environ["S3L_ENDPOINT"], S3L_STATS="1")
    e.pop("AWS_SESSION_TOKEN", None)
    return e


def run_all(cmds, deadline):
    """Start every command at once and reap them. Returns a list of (rc, stderr text, peak
    RSS KiB or -1) in the order of cmds."""
    procs = []
    for argv, errpath in cmds:
        errf = open(errpath, "wb")
        procs.append((subprocess.Popen(argv, env=env(), stdout=subprocess.DEVNULL, stderr=errf),
                      errf, errpath))
    by_pid = {p.pid: i for i, (p, _, _) in enumerate(procs)}
    out = [None] * len(procs)
    left = len(procs)
    while left > 0:
        if time.monotonic() > deadline:
            for i, (p, _, _) in enumerate(procs):
                if out[i] is None:
                    p.kill()
        pid, status, ru = os.wait4(-1, os.WNOHANG)
        if pid == 0:
            time.sleep(0.02)
            continue
        i = by_pid.get(pid)
        if i is None:
            continue
        p, errf, errpath = procs[i]
        p.returncode = os.waitstatus_to_exitcode(status)
        errf.close()
        with open(errpath, "rb") as f:
            text = f.read().decode(errors="replace")
        hwm = [int(m) for m in re.findall(r"peak_rss_kib (-?\d+)", text)]
        out[i] = (p.returncode, text, max(hwm) if hwm else -1)
        left -= 1
    return out


def main():
    tmp = tempfile.mkdtemp(prefix="s3l-load.")
    passed = failed = 0
    try:
        bucket = "load-%d-%d" % (os.getpid(), int(time.time()))
        r = subprocess.run([CLI, "mb", "s3://" + bucket], env=env(), capture_output=True, timeout=60)
        if r.returncode != 0:
            print("mb failed: " + r.stderr.decode(errors="replace"))
            print("0 passed, 1 failed")
            return 1
        digests = []
        for i in range(N):
            data = hashlib.sha256(b"seed%d" % i).digest() * (MIB * 1024 * 1024 // 32)
            path = os.path.join(tmp, "f%03d" % i)
            with open(path, "wb") as f:
                f.write(data)
            digests.append(hashlib.sha256(data).hexdigest())
        deadline = time.monotonic() + TIMEOUT
        cmds = [([CLI, "cp", "--no-progress", "--part-size", "%dMiB" % PART_MIB,
                  os.path.join(tmp, "f%03d" % i), "s3://%s/obj%03d" % (bucket, i)],
                 os.path.join(tmp, "e%03d" % i)) for i in range(N)]
        t0 = time.monotonic()
        results = run_all(cmds, deadline)
        wall = time.monotonic() - t0
        errors = sum(1 for rc, _, _ in results if rc != 0)
        retries = reconnects = 0
        for _, text, _ in results:
            for m in re.finditer(r"stats: connects \d+ reconnects (\d+) resigns \d+ retries (\d+)", text):
                reconnects += int(m.group(1))
                retries += int(m.group(2))
        rss = sorted(kib for _, _, kib in results)
        total_mib = N * MIB
        print("load: %d concurrent uploads of %d MiB (parts of %d MiB) to %s" % (N, MIB, PART_MIB, os.environ["S3L_ENDPOINT"]))
        print("load: wall %.2f s, aggregate %.1f MiB/s, errors %d, retries %d, reconnects %d" %
              (wall, total_mib / wall if wall > 0 else 0.0, errors, retries, reconnects))
        print("load: peak RSS per process KiB: min %d, median %d, max %d" % (rss[0], rss[len(rss) // 2], rss[-1]))
        for i, (rc, text, _) in enumerate(results):
            if rc != 0:
                print("FAIL upload %d: exit %d: %s" % (i, rc, text.strip().splitlines()[-1:] or ""))
        # read back, 10 at a time
        bad = 0
        for start in range(0, N, 10):
            cmds = [([CLI, "cp", "s3://%s/obj%03d" % (bucket, i), os.path.join(tmp, "g%03d" % i)],
                     os.path.join(tmp, "d%03d" % i)) for i in range(start, min(N, start + 10))]
            for j, (rc, text, _) in enumerate(run_all(cmds, time.monotonic() + 120)):
                i = start + j
                ok = False
                if rc == 0:
                    with open(os.path.join(tmp, "g%03d" % i), "rb") as f:
                        ok = hashlib.sha256(f.read()).hexdigest() == digests[i]
                    os.unlink(os.path.join(tmp, "g%03d" % i))
                if ok:
                    passed += 1
                else:
                    failed += 1
                    bad += 1
                    print("FAIL object %d: read back %s" % (i, "differs" if rc == 0 else "failed: " + text.strip()))
        print("load: %d of %d objects verified by SHA-256" % (N - bad, N))
        # nothing left behind: no multipart upload open in the bucket
        r = subprocess.run([CLI, "ls-uploads", "s3://" + bucket], env=env(), capture_output=True, timeout=60)
        if r.returncode == 0 and r.stdout.strip() == b"":
            passed += 1
        else:
            failed += 1
            print("FAIL uploads left open: %s" % r.stdout.decode(errors="replace")[:500])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
