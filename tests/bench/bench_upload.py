#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""make bench-upload / make bench-download (BENCH_DIRECTION=download): client CPU (user + sys), wall time and peak RSS to upload BENCH_MB MiB
(default 256) to the local S3 server, for every s3lite payload mode and hash backend, beside
curl's one unsigned PUT (the floor: syscalls only), aws-cli and s3cmd, and beside the SHA-256
cost of the same bytes with each backend; over HTTP and over HTTPS. One table, ratios to the
best peer and to curl's floor, every client's peak RSS side by side, then the performance targets
checked against this run's numbers ("met"/"MISS" for the default build's hash backend, the
chosen one; the mbedTLS-only build's CPU rows are "info"; peak RSS is judged for every s3lite
row, over HTTP and HTTPS).

Run by tests/bench/bench_upload.mk inside tests/server/s3-server-run.sh --tls (S3L_* variables set).
Measures each client as a child process: os.wait4's rusage (user, sys, max RSS), wall by
the monotonic clock. The file lives in /dev/shm (else BENCH_DIR) and is not part of any
timing. Every upload is checked (HEAD: the length) and deleted before the next one.

Peers: curl (the floor: one UNSIGNED-PAYLOAD PUT, or one GET), every aws-cli found, s3cmd,
rclone (env -u AWS_CA_BUNDLE, --ignore-times) and the AWS CRT S3 client (tests/bench/bench_crt.py
over /usr/bin/python3's awscrt; over http only: its Debian build connects to port 80, so a
forwarder (tests/bench/bench_forward.py) listens on 127.0.0.1:80 when it is free and we are root).
s3lite runs at --concurrency 1 and at its default. Each peer has a payload class (signed:
aws-cli over http, s3cmd, rclone; unsigned: the CRT, curl): s3lite's signed and streaming
rows are compared with the best signed peer, its unsigned rows with the best unsigned one.
The server's CPU (radosgw's user + sys from /proc while the client ran) is shown beside each
row, to tell the client's wall time from the server's.

Environment: BENCH_DIRECTION (upload), BENCH_MB (256), BENCH_REPS (3: each client runs REPS times, interleaved; the row
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

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
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
DIRECTION = os.environ.get("BENCH_DIRECTION", "upload")
UPLOAD = DIRECTION != "download"
NAME = "bench-upload" if UPLOAD else "bench-download"
CRT_PY = "/usr/bin/python3"
FORWARD_PORT = 80
DEFAULT_CONC = 4  # s3lite cp's default --concurrency (boards/posix/cli_common.h)
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


def tls_of(binary):
    """The TLS backend the binary says it has (s3lite --version: "tls: openssl 3.0.22")."""
    v = version([binary, "--version"], r"tls: \S+")
    return v.split(" ", 1)[1] if v else "?"


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
    def __init__(self, ok, user, sys_, wall, rss_kb, why="", srv=0.0):
        self.ok, self.user, self.sys, self.wall, self.rss_kb, self.why = ok, user, sys_, wall, \
            rss_kb, why
        self.srv = srv  # the server's CPU (user + sys) while the client ran

    @property
    def cpu(self):
        return self.user + self.sys


def server_pids():
    """radosgw processes of this bench's server (their command line names S3L_RGW_DIR)."""
    want = os.environ.get("S3L_RGW_DIR", "")
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % d, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if "radosgw" in cmd.split(" ")[0] and (not want or want in cmd):
            pids.append(d)
    return pids


def server_cpu():
    """User + sys seconds the server has used so far."""
    total = 0
    for pid in SERVER_PIDS:
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / float(os.sysconf("SC_CLK_TCK"))


def measure(argv, env, stdin=None):
    """Run argv under bench_rusage (see tests/bench/bench_rusage.c: the child's own user, sys, wall
    and peak RSS, free of this Python's RSS), bounded by TIMEOUT."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    stats = os.path.join(TMPDIR, "rusage.txt")
    if os.path.exists(stats):
        os.unlink(stats)
    srv0 = server_cpu()
    p = subprocess.Popen([RUSAGE, stats, str(TIMEOUT)] + argv, env=env, stdin=stdin or subprocess.DEVNULL,
                         stdout=out, stderr=err)
    p.wait()  # bench_rusage kills its child after TIMEOUT
    srv = server_cpu() - srv0
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
    return Run(code == "0", float(user), float(sys_), float(wall), int(rss), why.strip(), srv)


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
                 note="", conc=0, cls="", download=False):
        self.name, self.proto, self.kind, self.argv, self.env = name, proto, kind, argv, env
        self.upload, self.mode, self.backend, self.note = upload, mode, backend, note
        self.conc = conc            # s3lite: --concurrency (0: the default)
        self.cls = cls              # payload class: signed / unsigned / get
        self.download = download    # the row writes DL_FILE
        self.runs = []

    def klass(self):
        """The payload class this row is compared in."""
        if self.cls:
            return self.cls
        if not UPLOAD:
            return "get"
        return "unsigned" if self.mode == "unsigned" else "signed"

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


def crt_usable(proto):
    """The CRT row runs over http, with awscrt in /usr/bin/python3 and the forwarder up."""
    if proto != "http" or not FORWARDER:
        return False
    p = subprocess.run([CRT_PY, "-c", "import awscrt.s3"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return p.returncode == 0


def rclone_env(ep):
    return {"RCLONE_CONFIG_BENCH_TYPE": "s3", "RCLONE_CONFIG_BENCH_PROVIDER": "Ceph",
            "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID": AK, "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY": SK,
            "RCLONE_CONFIG_BENCH_ENDPOINT": ep, "RCLONE_CONFIG_BENCH_REGION": REGION}


def clients(data, tmp):
    rows = []
    dl = os.path.join(tmp, "download.bin")
    src = lambda ep, key: "%s/%s/%s" % (ep, BUCKET, key)  # noqa: E731
    if UPLOAD:
        floor_curl = lambda ep, extra: (lambda key: [  # noqa: E731
            "curl", "-sS", "--fail", "-o", "/dev/null", "--aws-sigv4", "aws:amz:%s:s3" % REGION,
            "--user", "%s:%s" % (AK, SK), "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD"] +
            extra + ["-T", data, src(ep, key)])
        s3l = lambda binary, mode, ep, extra: (lambda key: [  # noqa: E731
            binary, "cp", "--no-progress", "--payload", mode, "--endpoint-url", ep] + extra +
            [data, "s3://%s/%s" % (BUCKET, key)])
        aws_cmd = lambda exe, ep, extra: (lambda key: [  # noqa: E731
            exe, "--endpoint-url", ep] + extra + ["s3", "cp", "--only-show-errors",
                                                  "--no-progress", data,
                                                  "s3://%s/%s" % (BUCKET, key)])
        s3cmd_cmd = lambda cfg: (lambda key: [  # noqa: E731
            "s3cmd", "-c", cfg, "--no-progress", "put", data, "s3://%s/%s" % (BUCKET, key)])
        rclone_cmd = lambda extra: (lambda key: [  # noqa: E731
            "env", "-u", "AWS_CA_BUNDLE", "rclone", "--config", EMPTY_CFG, "copyto",
            "--ignore-times"] + extra + [data, "bench:%s/%s" % (BUCKET, key)])
        crt_cmd = lambda ep: (lambda key: [  # noqa: E731
            CRT_PY, os.path.join(ROOT, "tools", "bench_crt.py"), "put", data, ep, BUCKET, key])
    else:
        floor_curl = lambda ep, extra: (lambda key: [  # noqa: E731
            "curl", "-sS", "--fail", "-o", dl, "--aws-sigv4", "aws:amz:%s:s3" % REGION,
            "--user", "%s:%s" % (AK, SK), "-H",
            "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"]
            + extra + [src(ep, SRC_KEY)])
        s3l = lambda binary, mode, ep, extra: (lambda key: [  # noqa: E731
            binary, "cp", "--no-progress", "--endpoint-url", ep] + extra +
            ["s3://%s/%s" % (BUCKET, SRC_KEY), dl])
        aws_cmd = lambda exe, ep, extra: (lambda key: [  # noqa: E731
            exe, "--endpoint-url", ep] + extra + ["s3", "cp", "--only-show-errors",
                                                  "--no-progress",
                                                  "s3://%s/%s" % (BUCKET, SRC_KEY), dl])
        s3cmd_cmd = lambda cfg: (lambda key: [  # noqa: E731
            "s3cmd", "-c", cfg, "--no-progress", "--force", "get",
            "s3://%s/%s" % (BUCKET, SRC_KEY), dl])
        rclone_cmd = lambda extra: (lambda key: [  # noqa: E731
            "env", "-u", "AWS_CA_BUNDLE", "rclone", "--config", EMPTY_CFG, "copyto",
            "--ignore-times"] + extra + ["bench:%s/%s" % (BUCKET, SRC_KEY), dl])
        crt_cmd = lambda ep: (lambda key: [  # noqa: E731
            CRT_PY, os.path.join(ROOT, "tools", "bench_crt.py"), "get", dl, ep, BUCKET, SRC_KEY])

    awss = find_aws()
    s3cmd_v = version(["s3cmd", "--version"], r"s3cmd version \S+") if shutil.which("s3cmd") \
        else None
    rclone_v = version(["rclone", "version"], r"rclone v\S+") if shutil.which("rclone") else None
    crt_v = version(["dpkg-query", "-W", "-f", "${Version}", "python3-awscrt"])
    builds = [(S3LITE, backend_of(S3LITE)), (S3LITE_PLAIN, backend_of(S3LITE_PLAIN))]
    builds = [b for b in builds if os.access(b[0], os.X_OK)]
    if len(builds) == 2 and builds[0][1] == builds[1][1]:
        builds = builds[:1]  # both builds hash the same way: one is enough

    if UPLOAD:
        # SHA-256 of the same bytes, each backend (read + hash, as a process).
        rows.append(Client("openssl dgst -sha256", "-", "hash", lambda key: [
            "openssl", "dgst", "-sha256", data], upload=False, backend="openssl",
            note=version(["openssl", "version"], r"OpenSSL \S+") or ""))
        for b, be in builds:
            rows.append(Client("s3lite checksum SHA256", "-", "hash", lambda key, b=b: [
                b, "checksum", "--algorithm", "SHA256", data], upload=False, backend=be,
                note=os.path.relpath(b, ROOT)))

    up = UPLOAD
    for proto, ep in (("http", EP), ("https", TLS_EP)):
        if proto == "https" and not (TLS and TLS_EP and CA):
            continue
        tls_curl = ["--cacert", CA] if proto == "https" else []
        tls_s3l = ["--ca-bundle", CA] if proto == "https" else []
        rows.append(Client("curl PUT UNSIGNED-PAYLOAD" if up else "curl GET", proto, "floor",
                           floor_curl(ep, tls_curl), backend="-", upload=up, download=not up,
                           cls="unsigned" if up else "get",
                           note=version(["curl", "--version"], r"curl \S+") +
                           (" (OpenSSL)" if proto == "https" else "")))
        for bi, (b, be) in enumerate(builds):
            # the default build at one connection and at the default; the other at the default
            for conc in ((1, 0) if bi == 0 else (0,)):
                for mode in (MODES if up else ("-",)):
                    extra = tls_s3l + (["--concurrency", str(conc)] if conc else [])
                    rows.append(Client("s3lite cp -c %s" % (conc or "%d (default)" % DEFAULT_CONC),
                                       proto, "s3lite", s3l(b, mode, ep, extra),
                                       mode=mode if up else "", backend=be, conc=conc,
                                       upload=up, download=not up,
                                       note=os.path.relpath(b, ROOT) +
                                       (" (%s TLS)" % tls_of(b) if proto == "https" else "")))
        for exe, v in awss:
            # Over https, botocore >= 1.36 sends STREAMING-UNSIGNED-PAYLOAD-TRAILER, which RGW
            # 16 refuses (MissingContentLength): ask for checksums only when required there.
            env = {"AWS_REQUEST_CHECKSUM_CALCULATION": "when_required"} if proto == "https" \
                else None
            rows.append(Client("aws s3 cp", proto, "peer",
                               aws_cmd(exe, ep, ["--ca-bundle", CA] if proto == "https" else []),
                               env=env, backend="python", upload=up, download=not up,
                               cls=("signed" if proto == "http" else "unsigned") if up else "",
                               note=v + (" (checksum when_required)" if env else "")))
        if s3cmd_v:
            cfg = s3cmd_cfg(os.path.join(tmp, "s3cmd-%s.cfg" % proto), ep)
            rows.append(Client("s3cmd put" if up else "s3cmd get", proto, "peer", s3cmd_cmd(cfg),
                               backend="python", upload=up, download=not up,
                               cls="signed" if up else "", note=s3cmd_v))
        if rclone_v:
            rows.append(Client("rclone copyto", proto, "peer",
                               rclone_cmd(["--ca-cert", CA] if proto == "https" else []),
                               env=rclone_env(ep), backend="go", upload=up, download=not up,
                               cls="signed" if up else "", note=rclone_v))
        if crt_usable(proto):
            rows.append(Client("AWS CRT S3 client", proto, "peer", crt_cmd(ep), backend="crt",
                               upload=up, download=not up, cls="unsigned" if up else "",
                               note="aws-c-s3, python3-awscrt %s (via :%d)" % (crt_v or "?",
                                                                               FORWARD_PORT)))
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
    if r.name.startswith("rclone"):
        return "rclone"
    if r.name.startswith("AWS CRT"):
        return "CRT"
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
    peers = {}   # (proto, class) -> (row, run) with the least CPU
    walls = {}   # proto -> (row, run) with the least wall time, any class
    for r in rows:
        b = r.best()
        if r.kind != "peer" or b is None:
            continue
        k = (r.proto, r.klass())
        if k not in peers or b.cpu < peers[k][1].cpu:
            peers[k] = (r, b)
        if r.proto not in walls or b.wall < walls[r.proto][1].wall:
            walls[r.proto] = (r, b)
    sha = {r.backend: r.best() for r in rows if r.kind == "hash" and r.name.startswith("s3lite")}
    sha_openssl = next((r.best() for r in rows if r.kind == "hash" and r.name.startswith("openssl")),
                       None)

    hdr = ("proto", "client", "payload", "hash", "CPU s", "user", "sys", "wall s", "MiB/s",
           "RSS MiB", "srv CPU s", "x best peer", "x best wall", "x floor", "note")
    right = {4, 5, 6, 7, 8, 9, 10, 11, 12, 13}
    lines = []
    for r in rows:
        b = r.best()
        if b is None:
            why = r.runs[-1].why if r.runs else "not run"
            lines.append((r.proto, r.name, r.mode or "-", r.backend or "-", "FAILED", "", "", "",
                          "", "", "", "", "", "", why[:70].replace("\n", " ")))
            continue
        proto = r.proto if r.proto != "-" else "http"
        peer = peers.get((proto, r.klass()))
        wall = walls.get(proto)
        fl = floor.get(proto)
        rss = r.peak_rss_kb() / 1024.0
        lines.append((r.proto, r.name, r.mode or "-", r.backend or "-", "%.3f" % b.cpu,
                      "%.3f" % b.user, "%.3f" % b.sys, "%.3f" % b.wall,
                      "%.0f" % (SIZE / MiB / b.wall) if b.wall > 0 else "-", "%.1f" % rss,
                      "%.2f" % b.srv if r.kind != "hash" else "-",
                      fmt_ratio(b.cpu / peer[1].cpu) if peer and peer[1].cpu > 0 else "-",
                      fmt_ratio(b.wall / wall[1].wall) if wall and r.kind != "hash" else "-",
                      fmt_ratio(b.cpu / fl.cpu) if fl and fl.cpu > 0 else "-", r.note))
    widths = [max(len(str(x[i])) for x in lines + [hdr]) for i in range(len(hdr))]

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
    for (proto, cls), (r, b) in sorted(peers.items()):
        print("best %s peer (%s, CPU): %s %s, %.3f s CPU; floor: curl %.3f s CPU" % (
            cls, proto, r.name, r.note, b.cpu,
            floor[proto].cpu if floor.get(proto) else float("nan")))
    for proto, (r, b) in sorted(walls.items()):
        print("best peer (%s, wall): %s %s, %.3f s" % (proto, r.name, r.note, b.wall))

    # Peak RSS of every client, side by side (s3lite's beside each peer's).
    print()
    print("peak RSS, MiB (highest of the runs):")
    for proto in ("http", "https"):
        items = []
        for r in rows:
            if r.proto != proto or r.best() is None:
                continue
            if r.kind == "s3lite":
                items.append("s3lite %s-c%s %s %.1f" % (r.mode + " " if r.mode else "",
                                                        r.conc or DEFAULT_CONC, r.backend,
                                                        r.peak_rss_kb() / 1024.0))
            else:
                items.append("%s %.1f" % (peer_label(r), r.peak_rss_kb() / 1024.0))
        if items:
            print("  %-5s %s" % (proto, "; ".join(items)))

    # The performance targets, on this run's numbers. CPU targets are judged on http for the
    # default build's hash backend ("the chosen backend"; the mbedTLS-only build's rows are
    # "info"), against the best peer of the same payload class; wall time for s3lite at its
    # default concurrency against the fastest peer, beside the server's CPU in that run (the
    # server shares the machine's cores); peak RSS for every s3lite row (4 MiB at one
    # connection, 8 MiB at the default concurrency).
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
        print("  %-4s %-78s %s%s" % (tag, what,
                                    ("%.2f%s <= %.2f%s" % (value, unit, limit, unit))
                                    if value is not None else "n/a",
                                    "" if good or not why else "  (" + why + ")"))

    for proto in ("http", "https"):
        fl = floor.get(proto)
        for r in rows:
            if r.kind != "s3lite" or r.proto != proto or r.best() is None:
                continue
            b = r.best()
            counted = r.backend == chosen
            conc = r.conc or DEFAULT_CONC
            tag = "%s %s %s-c%d" % (proto, r.backend, r.mode + " " if r.mode else "", conc)
            why = ""
            peer = peers.get((proto, r.klass()))
            if not counted and sha.get(r.backend) and peer:
                why = "not the chosen backend: its SHA-256 alone costs %.2fx the best peer" % (
                    sha[r.backend].cpu / peer[1].cpu)
            if proto == "http" and peer:
                target("%s: CPU <= 0.5x best %s peer (%s)" % (tag, r.klass(), peer[0].name),
                       b.cpu / peer[1].cpu, 0.5, counted=counted, why=why)
            if UPLOAD and r.mode == "signed" and proto == "http" and fl and sha.get(r.backend):
                target("%s: CPU <= 1.25x (SHA-256 %s %.3f s + floor %.3f s)" % (
                    tag, r.backend, sha[r.backend].cpu, fl.cpu),
                    b.cpu / (sha[r.backend].cpu + fl.cpu), 1.25, counted=counted, why=why)
            if UPLOAD and r.mode == "unsigned" and fl and proto == "http":
                target("%s: CPU <= 1.5x curl's floor" % tag, b.cpu / fl.cpu, 1.5,
                       counted=counted, why=why)
            if UPLOAD and r.mode == "streaming" and proto == "http":
                signed = next((x.best() for x in rows if x.kind == "s3lite" and x.proto == proto
                               and x.backend == r.backend and x.mode == "signed"
                               and x.conc == r.conc), None)
                if signed:
                    target("%s: CPU <= 1.1x signed" % tag, b.cpu / signed.cpu, 1.1,
                           counted=counted, why=why)
            if r.conc == 0 and walls.get(proto):
                w = walls[proto]
                target("%s: wall <= fastest peer's (%s %.3f s)" % (tag, w[0].name, w[1].wall),
                       b.wall / w[1].wall, 1.0, counted=counted,
                       why="server CPU %.2f s in s3lite's %.2f s (%.0f%% of one core), %.2f s "
                           "in the peer's %.2f s" % (b.srv, b.wall, 100.0 * b.srv / b.wall,
                                                    w[1].srv, w[1].wall))
            target("%s: peak RSS <= %d MiB" % (tag, 8 if r.conc == 0 else 4),
                   r.peak_rss_kb() / 1024.0, 8.0 if r.conc == 0 else 4.0, " MiB")
        if peer_rss.get(proto):
            print("       (peak RSS of the others over %s, MiB: %s)" % (proto, "; ".join(
                peer_rss[proto])))
    if sha_openssl:
        print("  (SHA-256 of %d MiB: openssl dgst %.3f s; %s)" % (MB, sha_openssl.cpu, ", ".join(
            "s3lite checksum [%s] %.3f s" % (k, v.cpu) for k, v in sha.items() if v)))
    print("  (chosen backend: %s, the default build's; CPU targets judged over http)" % chosen)
    return results


def start_forwarder():
    """A forwarder from 127.0.0.1:80 to the server's port, for the CRT row (root only, port 80
    free). Returns the process or None."""
    port = EP.rsplit(":", 1)[1].split("/")[0] if EP.count(":") >= 2 else "80"
    if port == str(FORWARD_PORT):
        return None
    if os.geteuid() != 0:
        say("%s: not root: no forwarder on port %d, no CRT row" % (NAME, FORWARD_PORT))
        return None
    p = subprocess.Popen([CRT_PY, os.path.join(ROOT, "tools", "bench_forward.py"),
                          str(FORWARD_PORT), port], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    line = p.stdout.readline()
    if line.strip() != b"ready":
        p.wait()
        say("%s: port %d is taken (another forwarder?): no CRT row" % (NAME, FORWARD_PORT))
        return None
    return p


def main():
    global EMPTY_CFG, TMPDIR, FORWARDER, SERVER_PIDS
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
    SERVER_PIDS = server_pids()
    FORWARDER = start_forwarder()
    try:
        say(NAME + ": writing %d MiB of random bytes to %s (not timed)" % (MB, data))
        with open(data, "wb") as f, open("/dev/urandom", "rb") as r:
            left = SIZE
            while left:
                n = min(left, 4 * MiB)
                f.write(r.read(n))
                left -= n
        code = curl_signed("PUT", "%s/%s" % (EP, BUCKET))
        if not code.startswith("200"):
            say(NAME + ": CreateBucket %s: %s" % (BUCKET, code))
            return 1
        if not UPLOAD:
            # the object every download row fetches, put once by curl (not timed)
            subprocess.run(["curl", "-sS", "--fail", "-o", "/dev/null", "--aws-sigv4",
                            "aws:amz:%s:s3" % REGION, "--user", "%s:%s" % (AK, SK), "-H",
                            "x-amz-content-sha256: UNSIGNED-PAYLOAD", "-T", data,
                            "%s/%s/%s" % (EP, BUCKET, SRC_KEY)], check=True, timeout=300)
            if object_length(SRC_KEY) != SIZE:
                say("%s: the source object did not go up" % NAME)
                return 1
        rows = clients(data, tmp)
        dl = os.path.join(tmp, "download.bin")
        say(NAME + ": %d rows x %d runs" % (len(rows), REPS))
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
                if r.download:
                    got = os.path.getsize(dl) if os.path.exists(dl) else None
                    if res.ok and got != SIZE:
                        res.ok = False
                        res.why = "downloaded length %s, want %d" % (got, SIZE)
                    if res.ok and rep == 0 and not same_bytes(data, dl):
                        res.ok = False
                        res.why = "the downloaded bytes differ from the object's"
                    if os.path.exists(dl):
                        os.unlink(dl)
                r.runs.append(res)
                say("  run %d/%d %-5s %-26s %-9s %-8s %s" % (
                    rep + 1, REPS, r.proto, r.name, r.mode or "-", r.backend,
                    "cpu %.3f s wall %.3f s rss %.1f MiB" % (res.cpu, res.wall, res.rss_kb / 1024.0)
                    if res.ok else "FAILED " + res.why[:200]))
        print()
        print("%s: %d MiB %s %s %s Ceph RGW %s on 127.0.0.1 (%s%s); client CPU = "
              "user + sys of the client process (wait4), least of %d runs; RSS = its peak "
              "(highest of the runs); srv CPU = radosgw's user + sys in that run; %d CPUs" % (
                  NAME, MB, "from" if UPLOAD else "to",
                  "/dev/shm" if tmp.startswith("/dev/shm") else tmp, "to" if UPLOAD else "from",
                  version(["radosgw", "--version"], r"\d+\.\d+\.\d+") or "?", EP,
                  " and " + TLS_EP if TLS and TLS_EP else "", REPS, os.cpu_count() or 0))
        print("part sizes: s3lite 8 MiB (default), aws-cli 8 MiB (default), s3cmd 15 MiB "
              "(default), rclone 5 MiB (default), CRT 8 MiB, curl one request; s3lite "
              "--concurrency default %d; mbedTLS %s" % (DEFAULT_CONC,
                  version(["dpkg-query", "-W", "-f", "${Version}", "libmbedtls-dev"]) or "?"))
        print()
        results = report(rows)
        failed = [r for r in rows if r.best() is None]
        print()
        print("%s: %d rows, %d failed; performance targets met %d of %d" % (
            NAME, len(rows), len(failed), sum(results), len(results)))
        return 1 if failed else 0
    finally:
        if not UPLOAD:
            delete(SRC_KEY)
        if FORWARDER is not None:
            FORWARDER.kill()
            FORWARDER.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def same_bytes(a, b):
    """The two files hold the same bytes (the first run of each download row)."""
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(4 * MiB), fb.read(4 * MiB)
            if x != y:
                return False
            if not x:
                return True


EMPTY_CFG = "/dev/null"
TMPDIR = "/tmp"
FORWARDER = None
SERVER_PIDS = []
SRC_KEY = "download-source"
if __name__ == "__main__":
    sys.exit(main())
