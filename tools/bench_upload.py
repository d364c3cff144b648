#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""make bench-upload: client CPU (user + sys), wall time and peak RSS to upload BENCH_MB MiB
(default 256) to the local S3 server, for every s3lite payload mode and hash backend, beside
curl's one unsigned PUT (the floor: syscalls only), aws-cli and s3cmd, and beside the SHA-256
cost of the same bytes with each backend; over HTTP and over HTTPS. One table, ratios to the
best peer and to curl's floor, every client's peak RSS side by side, then the performance targets
checked against this run's numbers ("met"/"MISS" for the default build's hash backend, the
chosen one; the mbedTLS-only build's CPU rows are "info"; peak RSS is judged for every s3lite
row, over HTTP and HTTPS).

Run by mk/bench_upload.mk inside scripts/s3-server-run.sh --tls (S3L_* variables set).
Measures each client as a child process: os.wait4's rusage (user, sys, max RSS), wall by
the monotonic clock. The file lives in /dev/shm (else BENCH_DIR) and is not part of any
timing. Every upload is checked (HEAD: the length) and deleted before the next one.

Environment: BENCH_MB (256), BENCH_REPS (3: each client runs REPS times, interleaved; the row
shows the run with the least CPU, and the highest peak RSS seen), BENCH_TLS (1), BENCH_DIR
(/dev/shm), S3LITE (build/s3lite), S3LITE_PLAIN (build-plain/s3lite), BENCH_AWS (extra aws
executables, space-separated; default: every aws-cli found: PATH's, its pyenv target,
/usr/bin/aws), BENCH_TIMEOUT (300 s per command).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MB = int(os.environ.get("BENCH_MB", "256"))
REPS = max(1, int(os.environ.get("BENCH_REPS", "3")))
TLS = os.environ.get("BENCH_TLS", "1") == "1"
TIMEOUT = int(os.environ.get("BENCH_TIMEOUT", "300"))
S3LITE = os.path.abspath(os.environ.get("S3LITE", os.path.join(ROOT, "build", "s3lite")))
RUSAGE = os.path.abspath(os.environ.get("BENCH_RUSAGE", os.path.join(ROOT, "build", "bench", "bench_rusage")))
S3LITE_PLAIN = os.path.abspath(os.environ.get("S3LITE_PLAIN",
                                              os.path.join(ROOT, "build-plain", "s3lite")))
EP = os.environ["S3L_ENDPOINT"]
TLS_EP = os.environ.get("S3L_TLS_ENDPOINT", "")
CA = os.environ.get("S3L_CA_FILE", "")
AK = os.environ["S3L_ACCESS_KEY"]
SK = os.environ["S3L_SECRET_KEY"]
REGION = os.environ.get("S3L_REGION", "us-east-1")
BUCKET = "bench"
MODES = ("signed", "unsigned", "streaming")
MiB = 1 << 20
SIZE = MB * MiB


def say(msg):
    print(msg, file=sys.stderr, flush=True)


def version(argv, pattern=None):
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        text = p.stdout.decode("utf-8", "replace").strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    if pattern:
        m = re.search(pattern, text)
        return m.group(0) if m else text.splitlines()[0] if text else None
    return text.splitlines()[0] if text else None


def backend_of(binary):
    """hash=... of the build directory the binary was built in (its accel.flags)."""
    try:
        with open(os.path.join(os.path.dirname(binary), "accel.flags")) as f:
            m = re.search(r"hash=(\w+)", f.read())
            return m.group(1) if m else "?"
    except OSError:
        return "?"


# ---- running and measuring one command ---------------------------------------------------------

class Run:
    def __init__(self, ok, user, sys_, wall, rss_kb, why=""):
        self.ok, self.user, self.sys, self.wall, self.rss_kb, self.why = ok, user, sys_, wall, \
            rss_kb, why

    @property
    def cpu(self):
        return self.user + self.sys


def measure(argv, env, stdin=None):
    """Run argv under bench_rusage (see tools/bench_rusage.c: the child's own user, sys, wall
    and peak RSS, free of this Python's RSS), bounded by TIMEOUT."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    stats = os.path.join(TMPDIR, "rusage.txt")
    if os.path.exists(stats):
        os.unlink(stats)
    p = subprocess.Popen([RUSAGE, stats, str(TIMEOUT)] + argv, env=env, stdin=stdin or subprocess.DEVNULL,
                         stdout=out, stderr=err)
    p.wait()  # bench_rusage kills its child after TIMEOUT
    try:
        with open(stats) as f:
            code, user, sys_, wall, rss = f.read().split()
    except (OSError, ValueError):
        code, user, sys_, wall, rss = "timeout", 0, 0, TIMEOUT, 0
    why = ""
    if code != "0":
        err.seek(0)
        out.seek(0)
        why = "exit %s: %s %s" % (code, out.read()[-300:].decode("utf-8", "replace"),
                                 err.read()[-600:].decode("utf-8", "replace"))
    return Run(code == "0", float(user), float(sys_), float(wall), int(rss), why.strip())


def base_env(extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_ACCESS_KEY_ID": AK, "AWS_SECRET_ACCESS_KEY": SK, "AWS_REGION": REGION,
                "AWS_DEFAULT_REGION": REGION, "AWS_CONFIG_FILE": EMPTY_CFG,
                "AWS_SHARED_CREDENTIALS_FILE": EMPTY_CFG, "AWS_PAGER": "",
                "AWS_EC2_METADATA_DISABLED": "true"})
    env.update(extra or {})
    return env


# ---- checking and cleaning with curl (independent of s3lite) -------------------------------------

def curl_signed(method, url, *extra):
    argv = ["curl", "-sS", "--max-time", "60", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
            "--aws-sigv4", "aws:amz:%s:s3" % REGION, "--user", "%s:%s" % (AK, SK),
            "-H", "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "-X", method] + list(extra) + [url]
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=90)
    return p.stdout.decode().strip()


def object_length(key):
    argv = ["curl", "-sS", "--max-time", "60", "-I", "--aws-sigv4", "aws:amz:%s:s3" % REGION,
            "--user", "%s:%s" % (AK, SK), "-H",
            "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "%s/%s/%s" % (EP, BUCKET, key)]
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=90)
    m = re.search(rb"(?im)^content-length:\s*(\d+)", p.stdout)
    return int(m.group(1)) if m and p.stdout.startswith(b"HTTP/1.1 200") else None


def delete(key):
    curl_signed("DELETE", "%s/%s/%s" % (EP, BUCKET, key))


def abort_all():
    """Abort uploads a failed client left (ListMultipartUploads by curl, parsed crudely)."""
    argv = ["curl", "-sS", "--max-time", "60", "--aws-sigv4", "aws:amz:%s:s3" % REGION,
            "--user", "%s:%s" % (AK, SK), "-H",
            "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "%s/%s?uploads" % (EP, BUCKET)]
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=90)
    for key, up in re.findall(rb"<Upload><Key>([^<]*)</Key><UploadId>([^<]*)</UploadId>",
                              p.stdout):
        curl_signed("DELETE", "%s/%s/%s?uploadId=%s" % (EP, BUCKET, key.decode(), up.decode()))


# ---- the clients -----------------------------------------------------------------------------

class Client:
    """One table row: name, transport, kind (floor / peer / s3lite / hash), argv builder."""

    def __init__(self, name, proto, kind, argv, env=None, upload=True, mode="", backend="",
                 note=""):
        self.name, self.proto, self.kind, self.argv, self.env = name, proto, kind, argv, env
        self.upload, self.mode, self.backend, self.note = upload, mode, backend, note
        self.runs = []

    def best(self):
        good = [r for r in self.runs if r.ok]
        return min(good, key=lambda r: r.cpu) if good else None

    def peak_rss_kb(self):
        good = [r.rss_kb for r in self.runs if r.ok]
        return max(good) if good else None


def s3cmd_cfg(path, endpoint):
    host = endpoint.split("://", 1)[1]
    tls = endpoint.startswith("https://")
    with open(path, "w") as f:
        f.write("[default]\naccess_key = %s\nsecret_key = %s\nhost_base = %s\nhost_bucket = %s\n"
                "bucket_location = %s\nuse_https = %s\nsignature_v2 = False\n"
                "check_ssl_certificate = True\nca_certs_file = %s\nprogress_meter = False\n"
                % (AK, SK, host, host, REGION, "True" if tls else "False", CA if tls else ""))
    return path


def find_aws():
    """Every distinct aws-cli executable (resolving pyenv shims), with its version line."""
    cands = []
    extra = os.environ.get("BENCH_AWS", "").split()
    cands += extra
    w = shutil.which("aws")
    if w:
        if "/shims/" in w and shutil.which("pyenv"):
            real = version(["pyenv", "which", "aws"])
            if real and os.path.isfile(real):
                w = real
        cands.append(w)
    cands.append("/usr/bin/aws")
    seen, out = set(), []
    for c in cands:
        if not c or not os.access(c, os.X_OK):
            continue
        v = version([c, "--version"], r"aws-cli/\S+")
        if not v or v in seen:
            continue
        seen.add(v)
        out.append((c, v))
    return out


def clients(data, tmp):
    rows = []
    floor_curl = lambda ep, extra: (lambda key: [  # noqa: E731
        "curl", "-sS", "--fail", "-o", "/dev/null", "--aws-sigv4", "aws:amz:%s:s3" % REGION,
        "--user", "%s:%s" % (AK, SK), "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD"] + extra +
        ["-T", data, "%s/%s/%s" % (ep, BUCKET, key)])
    s3l = lambda binary, mode, ep, extra: (lambda key: [  # noqa: E731
        binary, "cp", "--no-progress", "--payload", mode, "--endpoint-url", ep] + extra +
        [data, "s3://%s/%s" % (BUCKET, key)])
    aws_cmd = lambda exe, ep, extra: (lambda key: [  # noqa: E731
        exe, "--endpoint-url", ep] + extra + ["s3", "cp", "--only-show-errors", "--no-progress",
                                              data, "s3://%s/%s" % (BUCKET, key)])
    s3cmd_cmd = lambda cfg: (lambda key: [  # noqa: E731
        "s3cmd", "-c", cfg, "--no-progress", "put", data, "s3://%s/%s" % (BUCKET, key)])

    awss = find_aws()
    s3cmd_v = version(["s3cmd", "--version"], r"s3cmd version \S+") if shutil.which("s3cmd") \
        else None
    builds = [(S3LITE, backend_of(S3LITE)), (S3LITE_PLAIN, backend_of(S3LITE_PLAIN))]
    builds = [b for b in builds if os.access(b[0], os.X_OK)]
    if len(builds) == 2 and builds[0][1] == builds[1][1]:
        builds = builds[:1]  # both builds hash the same way: one is enough

    # SHA-256 of the same bytes, each backend (read + hash, as a process).
    rows.append(Client("openssl dgst -sha256", "-", "hash", lambda key: [
        "openssl", "dgst", "-sha256", data], upload=False, backend="openssl",
        note=version(["openssl", "version"], r"OpenSSL \S+") or ""))
    for b, be in builds:
        rows.append(Client("s3lite checksum SHA256", "-", "hash", lambda key, b=b: [
            b, "checksum", "--algorithm", "SHA256", data], upload=False, backend=be,
            note=os.path.relpath(b, ROOT)))

    for proto, ep in (("http", EP), ("https", TLS_EP)):
        if proto == "https" and not (TLS and TLS_EP and CA):
            continue
        tls_curl = ["--cacert", CA] if proto == "https" else []
        tls_s3l = ["--ca-bundle", CA] if proto == "https" else []
        rows.append(Client("curl PUT UNSIGNED-PAYLOAD", proto, "floor", floor_curl(ep, tls_curl),
                           backend="-", note=version(["curl", "--version"], r"curl \S+") +
                           (" (OpenSSL)" if proto == "https" else "")))
        for b, be in builds:
            for mode in MODES:
                rows.append(Client("s3lite cp", proto, "s3lite", s3l(b, mode, ep, tls_s3l),
                                   mode=mode, backend=be,
                                   note=os.path.relpath(b, ROOT) +
                                   (" (mbedTLS TLS)" if proto == "https" else "")))
        for exe, v in awss:
            # Over https, botocore >= 1.36 sends STREAMING-UNSIGNED-PAYLOAD-TRAILER, which RGW
            # 16 refuses (MissingContentLength): ask for checksums only when required there.
            env = {"AWS_REQUEST_CHECKSUM_CALCULATION": "when_required"} if proto == "https" \
                else None
            rows.append(Client("aws s3 cp", proto, "peer",
                               aws_cmd(exe, ep, ["--ca-bundle", CA] if proto == "https" else []),
                               env=env, backend="python",
                               note=v + (" (checksum when_required)" if env else "")))
        if s3cmd_v:
            cfg = s3cmd_cfg(os.path.join(tmp, "s3cmd-%s.cfg" % proto), ep)
            rows.append(Client("s3cmd put", proto, "peer", s3cmd_cmd(cfg), backend="python",
                               note=s3cmd_v))
    return rows


# ---- the table --------------------------------------------------------------------------------

def peer_label(r):
    """Short name of a peer or floor row: its client and version."""
    if r.kind == "floor":
        return "curl"
    m = re.search(r"aws-cli/\S+", r.note or "")
    if m:
        return m.group(0)
    if r.name.startswith("s3cmd"):
        return "s3cmd"
    return r.name


def rows_backend_default(rows):
    """The hash backend of the default build (S3LITE): the first s3lite row's."""
    for r in rows:
        if r.kind == "s3lite" and r.note.startswith(os.path.relpath(S3LITE, ROOT)):
            return r.backend
    return next((r.backend for r in rows if r.kind == "s3lite"), "?")


def fmt_ratio(x):
    return "%.2fx" % x if x is not None else "-"


def report(rows):
    floor = {r.proto: r.best() for r in rows if r.kind == "floor"}
    peers = {}
    for r in rows:
        if r.kind == "peer" and r.best():
            if r.proto not in peers or r.best().cpu < peers[r.proto][1].cpu:
                peers[r.proto] = (r, r.best())
    sha = {r.backend: r.best() for r in rows if r.kind == "hash" and r.name.startswith("s3lite")}
    sha_openssl = next((r.best() for r in rows if r.kind == "hash" and r.name.startswith("openssl")),
                       None)

    hdr = ("proto", "client", "payload", "hash", "CPU s", "user", "sys", "wall s", "MiB/s",
           "RSS MiB", "x best peer", "x floor", "note")
    lines = []
    for r in rows:
        b = r.best()
        if b is None:
            why = r.runs[-1].why if r.runs else "not run"
            lines.append((r.proto, r.name, r.mode or "-", r.backend or "-", "FAILED", "", "", "",
                          "", "", "", "", why[:70].replace("\n", " ")))
            continue
        peer = peers.get(r.proto if r.proto != "-" else "http")
        fl = floor.get(r.proto if r.proto != "-" else "http")
        rss = r.peak_rss_kb() / 1024.0
        lines.append((r.proto, r.name, r.mode or "-", r.backend or "-", "%.3f" % b.cpu,
                      "%.3f" % b.user, "%.3f" % b.sys, "%.3f" % b.wall,
                      "%.0f" % (SIZE / MiB / b.wall) if b.wall > 0 else "-", "%.1f" % rss,
                      fmt_ratio(b.cpu / peer[1].cpu) if peer and peer[1].cpu > 0 else "-",
                      fmt_ratio(b.cpu / fl.cpu) if fl and fl.cpu > 0 else "-", r.note))
    widths = [max(len(str(x[i])) for x in lines + [hdr]) for i in range(len(hdr))]
    right = {4, 5, 6, 7, 8, 9, 10, 11}

    def row(x):
        return "  ".join(str(v).rjust(widths[i]) if i in right else str(v).ljust(widths[i])
                         for i, v in enumerate(x)).rstrip()
    print(row(hdr))
    print("  ".join("-" * w for w in widths))
    last = None
    for x in lines:
        if last is not None and x[0] != last:
            print()
        last = x[0]
        print(row(x))
    print()
    for proto in ("http", "https"):
        if proto in peers:
            print("best peer (%s): %s %s, %.3f s CPU; floor: curl %.3f s CPU" % (
                proto, peers[proto][0].name, peers[proto][0].note, peers[proto][1].cpu,
                floor[proto].cpu if floor.get(proto) else float("nan")))

    # Peak RSS of every client, side by side (s3lite's beside each peer's).
    print()
    print("peak RSS, MiB (highest of the runs):")
    for proto in ("http", "https"):
        items = []
        for r in rows:
            if r.proto != proto or r.best() is None:
                continue
            if r.kind == "s3lite":
                items.append("s3lite %s %s %.1f" % (r.mode, r.backend, r.peak_rss_kb() / 1024.0))
            else:
                items.append("%s %.1f" % (peer_label(r), r.peak_rss_kb() / 1024.0))
        if items:
            print("  %-5s %s" % (proto, "; ".join(items)))

    # The performance targets, on this run's numbers. The CPU targets are judged on http (the TLS
    # rows compare mbedTLS's AES with OpenSSL's and are shown for information) and for the
    # default build's hash backend ("the chosen backend"); the mbedTLS-only build's rows are
    # printed as "info": its SHA-256 alone may cost as much as the best peer's whole upload.
    # Peak RSS is judged for every s3lite row.
    print()
    print("performance targets (this run, %d MiB, least CPU of %d):" % (MB, REPS))
    results = []
    chosen = rows_backend_default(rows)
    peer_rss = {}
    for r in rows:
        if r.kind in ("peer", "floor") and r.best() is not None:
            peer_rss.setdefault(r.proto, []).append("%s %.1f" % (peer_label(r),
                                                                 r.peak_rss_kb() / 1024.0))

    def target(what, value, limit, unit="x", counted=True, why=""):
        good = value is not None and value <= limit
        if counted:
            results.append(good)
        tag = ("met " if good else "MISS") if counted else "info"
        print("  %-4s %-74s %s%s" % (tag, what,
                                    ("%.2f%s <= %.2f%s" % (value, unit, limit, unit))
                                    if value is not None else "n/a",
                                    "" if counted or good else "  (" + why + ")"))

    for proto in ("http", "https"):
        fl = floor.get(proto)
        peer = peers.get(proto)
        for r in rows:
            if r.kind != "s3lite" or r.proto != proto or r.best() is None:
                continue
            b = r.best()
            counted = r.backend == chosen
            tag = "%s %s %s" % (proto, r.backend, r.mode)
            why = ""
            if not counted and sha.get(r.backend) and peer:
                why = "not the chosen backend: its SHA-256 alone costs %.2fx the best peer" % (
                    sha[r.backend].cpu / peer[1].cpu)
            if r.mode == "signed" and proto == "http":
                if peer:
                    target("%s: CPU <= 0.5x best peer (%s)" % (tag, peer[0].note),
                           b.cpu / peer[1].cpu, 0.5, counted=counted, why=why)
                if fl and sha.get(r.backend):
                    target("%s: CPU <= 1.25x (SHA-256 %s %.3f s + floor %.3f s)" % (
                        tag, r.backend, sha[r.backend].cpu, fl.cpu),
                        b.cpu / (sha[r.backend].cpu + fl.cpu), 1.25, counted=counted, why=why)
            if r.mode == "unsigned" and fl and proto == "http":
                target("%s: CPU <= 1.5x curl's floor" % tag, b.cpu / fl.cpu, 1.5,
                       counted=counted, why=why)
            if r.mode == "streaming" and proto == "http":
                signed = next((x.best() for x in rows if x.kind == "s3lite" and x.proto == proto
                               and x.backend == r.backend and x.mode == "signed"), None)
                if signed:
                    target("%s: CPU <= 1.1x signed" % tag, b.cpu / signed.cpu, 1.1,
                           counted=counted, why=why)
            target("%s: peak RSS <= 4 MiB" % tag, r.peak_rss_kb() / 1024.0, 4.0, " MiB")
        if peer_rss.get(proto):
            print("       (peak RSS of the others over %s, MiB: %s)" % (proto, "; ".join(
                peer_rss[proto])))
    if sha_openssl:
        print("  (SHA-256 of %d MiB: openssl dgst %.3f s; %s)" % (MB, sha_openssl.cpu, ", ".join(
            "s3lite checksum [%s] %.3f s" % (k, v.cpu) for k, v in sha.items() if v)))
    print("  (chosen backend: %s, the default build's; CPU targets judged over http)" % chosen)
    return results


def main():
    global EMPTY_CFG, TMPDIR
    shm = os.environ.get("BENCH_DIR") or ("/dev/shm" if os.path.isdir("/dev/shm") else "")
    if shm:
        st = os.statvfs(shm)
        if st.f_bavail * st.f_frsize < SIZE + 64 * MiB:
            shm = ""
    tmp = tempfile.mkdtemp(prefix="s3l-bench.", dir=shm or os.path.join(ROOT, "build"))
    TMPDIR = tmp
    EMPTY_CFG = os.path.join(tmp, "empty.cfg")
    open(EMPTY_CFG, "w").close()
    data = os.path.join(tmp, "data.bin")
    try:
        say("bench-upload: writing %d MiB of random bytes to %s (not timed)" % (MB, data))
        with open(data, "wb") as f, open("/dev/urandom", "rb") as r:
            left = SIZE
            while left:
                n = min(left, 4 * MiB)
                f.write(r.read(n))
                left -= n
        code = curl_signed("PUT", "%s/%s" % (EP, BUCKET))
        if not code.startswith("200"):
            say("bench-upload: CreateBucket %s: %s" % (BUCKET, code))
            return 1
        rows = clients(data, tmp)
        say("bench-upload: %d rows x %d runs" % (len(rows), REPS))
        n = 0
        for rep in range(REPS):
            for r in rows:
                n += 1
                key = "obj-%d" % n
                env = base_env(r.env)
                res = measure(r.argv(key), env)
                if res.ok and r.upload:
                    got = object_length(key)
                    if got != SIZE:
                        res.ok = False
                        res.why = "uploaded length %s, want %d" % (got, SIZE)
                if r.upload:
                    delete(key)
                    if not res.ok:
                        abort_all()
                r.runs.append(res)
                say("  run %d/%d %-5s %-26s %-9s %-8s %s" % (
                    rep + 1, REPS, r.proto, r.name, r.mode or "-", r.backend,
                    "cpu %.3f s wall %.3f s rss %.1f MiB" % (res.cpu, res.wall, res.rss_kb / 1024.0)
                    if res.ok else "FAILED " + res.why[:200]))
        print()
        print("bench-upload: %d MiB from %s to Ceph RGW %s on 127.0.0.1 (%s%s); client CPU = "
              "user + sys of the client process (wait4), least of %d runs; RSS = its peak "
              "(highest of the runs); %d CPUs" % (
                  MB, "/dev/shm" if tmp.startswith("/dev/shm") else tmp,
                  version(["radosgw", "--version"], r"\d+\.\d+\.\d+") or "?", EP,
                  " and " + TLS_EP if TLS and TLS_EP else "", REPS, os.cpu_count() or 0))
        print("part sizes: s3lite 8 MiB (default), aws-cli 8 MiB (default), s3cmd 15 MiB "
              "(default), curl one PUT; mbedTLS %s" % (
                  version(["dpkg-query", "-W", "-f", "${Version}", "libmbedtls-dev"]) or "?"))
        print()
        results = report(rows)
        failed = [r for r in rows if r.best() is None]
        print()
        print("bench-upload: %d rows, %d failed; performance targets met %d of %d" % (
            len(rows), len(failed), sum(results), len(results)))
        return 1 if failed else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


EMPTY_CFG = "/dev/null"
TMPDIR = "/tmp"
if __name__ == "__main__":
    sys.exit(main())
