#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""s3lite against a second S3 implementation: moto's server (moto.server), in this process.

Run by tests/moto/run.sh (make test-moto) with the python3 found on PATH, which must have
moto and boto3. moto listens on 127.0.0.1 on a port of its own (MOTO_PORT, default: a free one
the kernel picks) and stops with this process.

1. The client (core/client.c through build/tests/rgw_client_smoke): PutObject of 0 B .. 64 MiB
   and a 3-part multipart upload in every payload mode, the two trailer modes included (RGW 16
   refuses those), each object read back by SHA-256.
2. The CLI (build/s3lite cp): every payload mode x every checksum algorithm (and none) x
   PutObject and multipart, COMPOSITE and FULL_OBJECT where S3 allows them (COMPOSITE: CRC32,
   CRC32C, SHA1, SHA256; FULL_OBJECT: CRC32, CRC32C, CRC64NVME). Each object is read back with
   boto3 and compared by SHA-256, its ETag compared with the MD5 (multipart: MD5 of the part
   MD5s, -N), and the checksum the server reports (HeadObject with ChecksumMode=ENABLED, type
   from GetObjectAttributes) compared with `s3lite checksum --algorithm ALG [--part-size N
   --type T]`.

Where moto differs from S3 the check is a visible skip with the reason, never a pass:
- moto computes CRC32C only with the `crc32c` module and CRC64NVME only with `awscrt`; without
  them it puts a CRC32 in their place, so the multipart checksums it computes for them are
  not comparable;
- moto reports a COMPOSITE checksum without S3's "-N" suffix (the value itself is compared);
- moto reports no ChecksumType for a PutObject (S3 says FULL_OBJECT);
- moto decodes an unsigned-trailer body in quadratic time: the client's 64 MiB PutObject in
  that mode would take minutes, so it is skipped.

Prints the table mode x algorithm x type -> result and ends with "N passed, N failed,
N skipped" (one count per row, plus the client program's own counts). Environment: S3LITE,
SMOKE (build/tests/rgw_client_smoke), MOTO_PORT, MOTO_ONLY=cli|client.
"""
import base64
import hashlib
import logging
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("S3_IGNORE_SUBDOMAIN_BUCKETNAME", "true")  # path-style on 127.0.0.1

import boto3  # noqa: E402  (moto needs it; the independent reader here)
from moto.server import ThreadedMotoServer  # noqa: E402

MiB = 1 << 20
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
S3LITE = os.path.abspath(os.environ.get("S3LITE", os.path.join(ROOT, "build", "s3lite")))
SMOKE = os.path.abspath(os.environ.get("SMOKE", os.path.join(ROOT, "build", "tests",
                                                             "rgw_client_smoke")))
ONLY = os.environ.get("MOTO_ONLY", "")
AK, SK, REGION = "MOTOACCESSKEY0000001", "motosecretkey000000000000000000000000001", "us-east-1"
CMD_TIMEOUT = 120

MODES = ["signed", "unsigned", "streaming", "streaming-trailer", "unsigned-trailer"]
ALGS = ["none", "CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"]
# The multipart checksum types S3 accepts for each algorithm.
TYPES = {"none": [""], "CRC32": ["COMPOSITE", "FULL_OBJECT"],
         "CRC32C": ["COMPOSITE", "FULL_OBJECT"], "CRC64NVME": ["FULL_OBJECT"],
         "SHA1": ["COMPOSITE"], "SHA256": ["COMPOSITE"]}
PART = 5 * MiB
PUT_LEN = 300001                     # one PutObject, not a multiple of the 8 KiB chunk
MPU_LEN = 2 * PART + 123457          # three parts: 5 MiB, 5 MiB, 123457 B


def have(module):
    try:
        __import__(module)
        return True
    except ImportError:
        return False


# The algorithms this moto computes itself (moto/s3/utils.py compute_checksum): without the
# optional module it silently computes CRC32 instead.
MOTO_COMPUTES = {"CRC32": True, "SHA1": True, "SHA256": True,
                 "CRC32C": have("crc32c"), "CRC64NVME": have("awscrt")}
MOTO_MISSING = {"CRC32C": "crc32c", "CRC64NVME": "awscrt"}

counts = {"passed": 0, "failed": 0, "skipped": 0}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, env=None, timeout=CMD_TIMEOUT):
    t0 = time.time()
    try:
        p = subprocess.run(args, capture_output=True, env=env, timeout=timeout)
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"), \
            time.time() - t0
    except subprocess.TimeoutExpired:
        return 124, "", "timed out after %d s" % timeout, time.time() - t0


def expected_checksum(path, alg, typ, multipart):
    """What S3 reports, as `s3lite checksum` computes it."""
    args = [S3LITE, "checksum", "--algorithm", alg]
    if multipart:
        args += ["--part-size", str(PART), "--type", typ]
    rc, out, err, _ = run(args + [path])
    if rc != 0:
        raise RuntimeError("s3lite checksum %s: exit %d: %s" % (" ".join(args[2:]), rc, err))
    return out.strip().splitlines()[-1]


def md5_etag(data, multipart):
    if not multipart:
        return '"%s"' % hashlib.md5(data).hexdigest()
    parts = [data[i:i + PART] for i in range(0, len(data), PART)]
    cat = b"".join(hashlib.md5(p).digest() for p in parts)
    return '"%s-%d"' % (hashlib.md5(cat).hexdigest(), len(parts))


class Row:
    """One line of the table: its checks, then the verdict."""

    def __init__(self, mode, alg, kind):
        self.mode, self.alg, self.kind = mode, alg, kind
        self.fails, self.skips, self.notes = [], [], []

    def check(self, cond, what):
        if not cond:
            self.fails.append(what)
        return cond

    def finish(self):
        if self.fails:
            verdict, why = "FAIL", "; ".join(self.fails)
            counts["failed"] += 1
        elif self.skips:
            verdict, why = "skip", "; ".join(self.skips + self.notes)
            counts["skipped"] += 1
        else:
            verdict, why = "pass", "; ".join(self.notes)
            counts["passed"] += 1
        print("%-18s %-10s %-16s %-6s %s" % (self.mode, self.alg, self.kind, verdict, why),
              flush=True)


def cli_case(s3, bucket, mode, alg, typ, path, data, endpoint):
    multipart = len(data) > PART
    kind = ("mpu " + (typ or "-")) if multipart else "put"
    row = Row(mode, alg, kind)
    key = "cli/%s/%s/%s" % (mode, alg, kind.replace(" ", "-"))
    args = [S3LITE, "cp", "--no-progress", "--endpoint-url", endpoint, "--payload", mode,
            "--part-size", str(PART)]
    if alg != "none":
        args += ["--checksum-algorithm", alg]
        if multipart:
            args += ["--checksum-type", typ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_ACCESS_KEY_ID": AK, "AWS_SECRET_ACCESS_KEY": SK, "AWS_REGION": REGION})
    rc, out, err, secs = run(args + [path, "s3://%s/%s" % (bucket, key)], env=env)
    if not row.check(rc == 0, "cp exit %d: %s" % (rc, (err or out).strip()[-300:])):
        return row.finish()
    # read back
    got = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    row.check(hashlib.sha256(got).digest() == hashlib.sha256(data).digest() and len(got) == len(data),
              "read back differs (%d bytes)" % len(got))
    head = s3.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
    row.check(head["ETag"] == md5_etag(data, multipart),
              "ETag %s, want %s" % (head["ETag"], md5_etag(data, multipart)))
    if alg == "none":
        row.notes.append("%.2f s" % secs)
        return row.finish()
    want = expected_checksum(path, alg, typ, multipart)
    # the CLI's own report ("... CRC32C COMPOSITE YKWLPQ==-3)")
    m = re.search(r"%s(?: (COMPOSITE|FULL_OBJECT))? (\S+)\)" % alg, out)
    row.check(m is not None and m.group(2) == want,
              "cp printed %r, s3lite checksum says %s" % (m.group(0) if m else out.strip(), want))
    got_ck = head.get("Checksum" + alg)
    attrs = s3.get_object_attributes(Bucket=bucket, Key=key, ObjectAttributes=["Checksum"])
    got_type = attrs.get("Checksum", {}).get("ChecksumType")
    if multipart and not MOTO_COMPUTES[alg]:
        # moto computes the multipart checksum itself, and without the module it uses CRC32
        row.skips.append("uploaded and read back ok; checksum not comparable: this moto has no "
                         "'%s' module and computes CRC32 in place of %s" % (MOTO_MISSING[alg], alg))
        return row.finish()
    if multipart and typ == "COMPOSITE":
        value, n = want.split("-")
        row.check(got_ck == value, "server %s %s, s3lite checksum %s" % (alg, got_ck, want))
        row.notes.append("%s matches (moto omits S3's -%s)" % (got_ck, n))
    else:
        row.check(got_ck == want, "server %s %s, s3lite checksum %s" % (alg, got_ck, want))
        row.notes.append("%s matches" % got_ck)
    if multipart:
        row.check(got_type == typ, "server ChecksumType %s, want %s" % (got_type, typ))
    elif got_type is None:
        row.notes.append("moto reports no ChecksumType for PutObject (S3: FULL_OBJECT)")
    else:
        row.check(got_type == "FULL_OBJECT", "server ChecksumType %s, want FULL_OBJECT" % got_type)
    return row.finish()


def client_program(endpoint, bucket):
    """rgw_client_smoke (the C client) against moto; its last line is its counts."""
    if not os.access(SMOKE, os.X_OK):
        print("FAIL client: %s is not built" % SMOKE)
        counts["failed"] += 1
        return
    env = dict(os.environ, S3L_ENDPOINT=endpoint, S3L_ACCESS_KEY=AK, S3L_SECRET_KEY=SK,
               S3L_REGION=REGION, S3L_BUCKET=bucket,
               S3L_SMOKE_SKIP="put/unsigned-trailer/67108864",
               S3L_SMOKE_SKIP_WHY="moto decodes a STREAMING-UNSIGNED-PAYLOAD-TRAILER body in "
               "quadratic time (bytes += per chunk: 251 s for 64 MiB of 8 KiB chunks, past the "
               "client's 5 s I/O timeout); 5 MiB and the multipart parts run")
    rc, out, err, secs = run([SMOKE], env=env, timeout=300)
    for line in (out + err).rstrip().splitlines():
        print("  | " + line)
    m = re.search(r"^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$", out.strip().splitlines()[-1]
                  if out.strip() else "", re.M)
    if not m:
        print("FAIL client: rgw_client_smoke did not finish (exit %d, %.1f s)" % (rc, secs))
        counts["failed"] += 1
        return
    counts["passed"] += int(m.group(1))
    counts["failed"] += int(m.group(2)) + (1 if rc != 0 and m.group(2) == "0" else 0)
    counts["skipped"] += int(m.group(3) or 0)
    print("client: %.1f s" % secs)


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    port = int(os.environ.get("MOTO_PORT", "0")) or free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = "http://127.0.0.1:%d" % port
    import moto
    print("test-moto: moto %s (%s) on %s; crc32c module: %s, awscrt: %s" % (
        moto.__version__, sys.executable, endpoint, MOTO_COMPUTES["CRC32C"],
        MOTO_COMPUTES["CRC64NVME"]), flush=True)
    run_id = "%x%x" % (int(time.time()) & 0xFFFFFF, os.getpid() & 0xFFFF)
    s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=AK,
                      aws_secret_access_key=SK, region_name=REGION)
    try:
        if ONLY in ("", "client"):
            print("== the client (rgw_client_smoke) against moto", flush=True)
            client_program(endpoint, "s3l-moto-client-" + run_id)
        if ONLY in ("", "cli"):
            bucket = "s3l-moto-cli-" + run_id
            s3.create_bucket(Bucket=bucket)
            rnd = random.Random(20261207)
            with tempfile.TemporaryDirectory(prefix="s3l-moto.") as tmp:
                files = {}
                for name, n in (("put", PUT_LEN), ("mpu", MPU_LEN)):
                    data = rnd.randbytes(n)
                    path = os.path.join(tmp, name + ".bin")
                    with open(path, "wb") as f:
                        f.write(data)
                    files[name] = (path, data)
                print("== the CLI against moto: PutObject of %d B, multipart of %d B in "
                      "%d MiB parts" % (PUT_LEN, MPU_LEN, PART // MiB), flush=True)
                print("%-18s %-10s %-16s %-6s %s" % ("payload mode", "algorithm", "type",
                                                      "result", "detail"))
                for mode in MODES:
                    for alg in ALGS:
                        if alg == "none" and mode.endswith("-trailer"):
                            continue  # the trailer carries a checksum: there is none to send
                        cli_case(s3, bucket, mode, alg, "", *files["put"], endpoint)
                        for typ in TYPES[alg]:
                            cli_case(s3, bucket, mode, alg, typ, *files["mpu"], endpoint)
            left = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
            if left:
                print("FAIL uploads left in progress: %s" % [u["Key"] for u in left])
                counts["failed"] += 1
    finally:
        server.stop()
    print("%d passed, %d failed, %d skipped" % (counts["passed"], counts["failed"],
                                               counts["skipped"]))
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
