#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Kill loop: `s3lite cp --state` killed with SIGKILL at random moments during a 64 MiB upload,
each kill followed by the same command again (a resume), until KILL_N kills were made (a new
upload starts when one finishes first); then every object is read back and compared by
SHA-256, and no multipart upload may be left open.

Parts are 5 MiB, S3's smallest (RGW refuses smaller ones at Complete), 13 to an upload. The
kill time is drawn up to three parts' worth of time, so that kills land at many points of one
upload (between parts, mid-part, around Create and Complete) and every run still makes some
progress. The local server keeps its data in RAM: one object per finished upload, about a
gigabyte for 100 kills.

Environment: S3LITE (the CLI), S3L_ENDPOINT, S3L_ACCESS_KEY, S3L_SECRET_KEY, S3L_REGION,
KILL_N (100), KILL_MIB (64), KILL_SEED (1), KILL_CONCURRENCY (s3lite's default: its
--concurrency; 1 is the one-connection flow), KILL_TIMEOUT (900 s for the whole run). Every
process is bounded; the loop stops by itself. Ends with "N passed, N failed".
"""
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

CLI = os.environ["S3LITE"]
KILLS = int(os.environ.get("KILL_N", "100"))
MIB = int(os.environ.get("KILL_MIB", "64"))
SEED = int(os.environ.get("KILL_SEED", "1"))
TIMEOUT = float(os.environ.get("KILL_TIMEOUT", "900"))
CONCURRENCY = os.environ.get("KILL_CONCURRENCY", "")


def env():
    e = dict(os.environ)
    e.update(AWS_ACCESS_KEY_ID=os.environ["S3L_ACCESS_KEY"],
             AWS_SECRET_ACCESS_KEY=os.environ["S3L_SECRET_KEY"],
             AWS_REGION=os.environ.get("S3L_REGION", "us-east-1"),
             AWS_ENDPOINT_URL=os.environ["S3L_ENDPOINT"])
    e.pop("AWS_SESSION_TOKEN", None)
    return e


def main():
    rng = random.Random(SEED)
    tmp = tempfile.mkdtemp(prefix="s3l-kill.")
    passed = failed = 0
    end = time.monotonic() + TIMEOUT
    try:
        bucket = "kill-%d-%d" % (os.getpid(), int(time.time()))
        r = subprocess.run([CLI, "mb", "s3://" + bucket], env=env(), capture_output=True, timeout=60)
        if r.returncode != 0:
            print("mb failed: " + r.stderr.decode(errors="replace"))
            print("0 passed, 1 failed")
            return 1
        # one full upload, unkilled, sets the scale of the random kill times
        src = os.path.join(tmp, "src")
        with open(src, "wb") as f:
            for i in range(MIB):
                f.write(hashlib.sha256(b"block%d" % i).digest() * (1024 * 1024 // 32))
        with open(src, "rb") as f:
            want = hashlib.sha256(f.read()).hexdigest()
        t0 = time.monotonic()
        r = subprocess.run([CLI, "cp", "--no-progress", "--part-size", "5MiB", src,
                            "s3://%s/calibrate" % bucket], env=env(), capture_output=True, timeout=300)
        full = max(time.monotonic() - t0, 0.2)
        keys = ["calibrate"] if r.returncode == 0 else []
        window = 3.0 * full / (MIB / 5.0)
        print("kill: one %d MiB upload in 5 MiB parts takes %.2f s; killing at random within %.3f s"
              % (MIB, full, window))
        kills = resumes = n = 0
        outcomes = {}
        while kills < KILLS and time.monotonic() < end:
            key = "obj%03d" % n
            state = os.path.join(tmp, "state%03d" % n)
            argv = [CLI, "cp", "--no-progress", "--state", state, "--part-size", "5MiB", src,
                    "s3://%s/%s" % (bucket, key)]
            if CONCURRENCY:
                argv[2:2] = ["--concurrency", CONCURRENCY]
            n += 1
            done = False
            for attempt in range(300):  # each attempt is killed or ends
                if time.monotonic() > end:
                    break
                p = subprocess.Popen(argv, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                if attempt > 0:
                    resumes += 1
                delay = rng.uniform(0.0, window) if kills < KILLS else None
                try:
                    p.wait(timeout=delay if delay is not None else 300)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
                    kills += 1
                    continue
                err = p.stderr.read().decode(errors="replace")
                p.stderr.close()
                outcomes[p.returncode] = outcomes.get(p.returncode, 0) + 1
                if p.returncode == 0:
                    done = True
                    break
                # A network failure (3) keeps the state: the next attempt resumes it. An S3
                # error (1) or a usage error (2) is definite: running again would not help.
                print("kill: %s attempt %d exited %d: %s" % (key, attempt, p.returncode,
                                                              err.strip().splitlines()[:1]))
                if p.returncode != 3:
                    break
            if done:
                keys.append(key)
                if os.path.exists(state):
                    failed += 1
                    print("FAIL %s: the state file is left after success" % key)
            else:
                failed += 1
                print("FAIL %s: did not finish" % key)
        print("kill: %d kill -9, %d resumes, %d uploads, exits of unkilled runs %s" %
              (kills, resumes, n, dict(sorted(outcomes.items()))))
        if kills < KILLS:
            failed += 1
            print("FAIL only %d kills within the time limit" % kills)
        for key in keys:
            out = os.path.join(tmp, "back")
            r = subprocess.run([CLI, "cp", "s3://%s/%s" % (bucket, key), out], env=env(),
                               capture_output=True, timeout=300)
            ok = r.returncode == 0 and hashlib.sha256(open(out, "rb").read()).hexdigest() == want
            if os.path.exists(out):
                os.unlink(out)
            if ok:
                passed += 1
            else:
                failed += 1
                print("FAIL %s: read back %s" % (key, "differs" if r.returncode == 0 else "failed"))
        print("kill: %d objects read back, %d identical to the source" % (len(keys), passed))
        r = subprocess.run([CLI, "ls-uploads", "s3://" + bucket], env=env(), capture_output=True, timeout=60)
        if r.returncode == 0 and r.stdout.strip() == b"":
            passed += 1
            print("kill: no multipart upload left open")
        else:
            failed += 1
            print("FAIL uploads left open:\n" + r.stdout.decode(errors="replace")[:1000])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
