#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Temporary credentials end to end (make test-creds): build/s3lite against RGW with STS,
taking its credentials from tests/creds/creds_server.py (an IoT credentials provider with
mutual TLS, and a container credentials endpoint), which mints them from RGW's STS with a
lifetime of a few seconds.

  - a 64 MiB upload (5 MiB parts) through a slow link (tests/creds/slow_relay.py) outlives
    several credentials: the provider's requests and the client's refresh lines are counted,
    the object read back with the long-term keys and compared by SHA-256;
  - each failure ends in a clear error (exit code and words) or a correct retry: a device
    certificate from another CA, a wrong alias, a wrong thing, a revoked token (once: retried;
    always: refused), the container endpoint with a wrong token, an unreachable provider, the
    clock far off, a partial set of the IoT options, a plain-http container URI off loopback.

Needs the S3L_* variables of tests/server/s3-server-up.sh --tls --sts (S3L_STS_ROLE_ARN and
S3L_RGW_DIR: the run lowers rgw_sts_min_session_duration through the gateway's admin socket).
Last line "N passed, N failed".
"""
import hashlib
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
S3LITE = os.environ.get("S3LITE", os.path.join(ROOT, "build", "s3lite"))
DURATION = 3              # seconds each set of credentials lasts
RATE = 8_000_000          # bytes/s of the slow link: the 64 MiB upload takes about 8 s
BIG = 64 * 1024 * 1024

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok   %s" % name, flush=True)
    else:
        failed += 1
        print("FAIL %s%s" % (name, ("\n     " + detail.replace("\n", "\n     ")) if detail else ""),
              flush=True)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def start(argv):
    """Start a helper that prints 'ready ...' on its first line; returns (proc, fields)."""
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = p.stdout.readline()
    if not line.startswith("ready"):
        p.kill()
        raise RuntimeError("%s did not start: %s%s" % (argv[1], line, p.stdout.read()))
    return p, [int(x) for x in line.split()[1:]]


def main():
    env0 = os.environ
    for v in ("S3L_ENDPOINT", "S3L_TLS_ENDPOINT", "S3L_CA_FILE", "S3L_ACCESS_KEY",
              "S3L_SECRET_KEY", "S3L_STS_ROLE_ARN", "S3L_RGW_DIR"):
        if not env0.get(v):
            print("test-creds: %s is not set (want tests/server/s3-server-up.sh --tls --sts)" % v)
            print("0 passed, 1 failed")
            return 1
    asok = os.path.join(env0["S3L_RGW_DIR"], "run", "client.rgw.a.asok")
    r = subprocess.run(["ceph", "--admin-daemon", asok, "config", "set",
                        "rgw_sts_min_session_duration", "1"], capture_output=True, text=True)
    if r.returncode != 0:
        print("test-creds: cannot lower rgw_sts_min_session_duration: %s" % r.stderr.strip())
        print("0 passed, 1 failed")
        return 1

    work = tempfile.mkdtemp(prefix="s3l-creds.")
    procs = []
    try:
        return run(work, procs)
    finally:
        for p in procs:
            p.kill()
            p.wait()
        shutil.rmtree(work, ignore_errors=True)


def run(work, procs):
    e = os.environ
    certs = os.path.join(work, "certs")
    subprocess.run(["sh", os.path.join(ROOT, "tests", "certs", "gen.sh"), certs], check=True)
    # the S3 endpoint's CA and the provider's, in the one --ca-bundle
    bundle = os.path.join(work, "bundle.pem")
    with open(bundle, "w") as out:
        for ca in (e["S3L_CA_FILE"], os.path.join(certs, "ca.crt")):
            with open(ca) as f:
                out.write(f.read())
    plog = os.path.join(work, "provider.log")
    srv, (iot_port, container_port) = start([
        sys.executable, os.path.join(ROOT, "tests", "creds", "creds_server.py"),
        "--iot-port", "0", "--container-port", "0",
        "--cert", os.path.join(certs, "server.crt"), "--key", os.path.join(certs, "server.key"),
        "--client-ca", os.path.join(certs, "ca.crt"), "--duration", str(DURATION),
        "--sts-endpoint", e["S3L_ENDPOINT"], "--access-key", e["S3L_ACCESS_KEY"],
        "--secret-key", e["S3L_SECRET_KEY"], "--region", e.get("S3L_REGION", "us-east-1"),
        "--role-arn", e["S3L_STS_ROLE_ARN"], "--log", plog,
        "--secrets-log", os.path.join(work, "secrets.log")])
    procs.append(srv)
    tls_port = int(e["S3L_TLS_ENDPOINT"].rsplit(":", 1)[1].rstrip("/"))
    relay, (relay_port,) = start([sys.executable, os.path.join(ROOT, "tests", "creds",
                                                               "slow_relay.py"),
                                  "0", str(tls_port), str(RATE)])
    procs.append(relay)

    # The S3L_* keys are the long-term ones: only the setup and the read-back use them.
    base = {k: v for k, v in e.items()
            if not k.startswith("AWS_") and k not in ("S3L_FIXED_TIME", "S3L_STATS")}
    base["AWS_REGION"] = e.get("S3L_REGION", "us-east-1")
    longterm = dict(base, AWS_ACCESS_KEY_ID=e["S3L_ACCESS_KEY"],
                    AWS_SECRET_ACCESS_KEY=e["S3L_SECRET_KEY"])
    bucket = "creds-%d-%d" % (os.getpid(), int(time.time()))
    r = subprocess.run([S3LITE, "mb", "s3://" + bucket, "--endpoint-url", e["S3L_ENDPOINT"]],
                       env=longterm, capture_output=True, text=True)
    if r.returncode != 0:
        check("mb " + bucket, False, r.stderr)
        return finish()

    outputs = []  # everything s3lite printed with temporary credentials (presign's URL aside)

    def cp(src, key, extra, env_add=None, endpoint=None):
        env = dict(base, S3L_STATS="1", S3L_ALLOW_SMALL_PARTS="0")
        env.update(env_add or {})
        argv = [S3LITE, "cp", src, "s3://%s/%s" % (bucket, key), "--endpoint-url",
                endpoint or e["S3L_TLS_ENDPOINT"], "--part-size", "5MiB", "--no-progress"]
        r = subprocess.run(argv + extra, env=env, capture_output=True, text=True, timeout=300)
        outputs.append(r.stdout + r.stderr)
        return r

    def same_object(key, path):
        got = os.path.join(work, "got.bin")
        r2 = subprocess.run([S3LITE, "cp", "s3://%s/%s" % (bucket, key), got, "--endpoint-url",
                             e["S3L_ENDPOINT"], "--no-progress"], env=longterm,
                            capture_output=True, text=True, timeout=300)
        ok = r2.returncode == 0 and sha256_file(got) == sha256_file(path)
        if os.path.exists(got):
            os.unlink(got)
        return ok

    def provider_lines(kind):
        with open(plog) as f:
            return [ln for ln in f if ln.startswith(kind + " ")]

    def iot(alias="s3-writer", thing="sensor-17", cert="client", port=None):
        return ["--iot-credentials-endpoint", "127.0.0.1:%d" % (port or iot_port),
                "--role-alias", alias, "--thing-name", thing,
                "--cert", os.path.join(certs, cert + ".crt"),
                "--key", os.path.join(certs, cert + ".key"), "--ca-bundle", bundle]

    def says(r, *words):
        return all(w in r.stderr for w in words)

    def show(r):
        return "exit %d\n%s" % (r.returncode, r.stderr.strip())

    big = os.path.join(work, "big.bin")
    with open(big, "wb") as f:
        f.write(os.urandom(BIG))
    small = os.path.join(work, "small.bin")   # 12 MiB: three parts
    with open(small, "wb") as f:
        f.write(os.urandom(12 * 1024 * 1024))

    # 1. The long upload: credentials of DURATION s, about 8 s of upload.
    open(plog, "w").close()
    t0 = time.monotonic()
    r = cp(big, "big.bin", iot(), endpoint="https://127.0.0.1:%d" % relay_port)
    secs = time.monotonic() - t0
    fetched = len([ln for ln in provider_lines("iot") if " 200 " in ln])
    refresh_lines = len(re.findall(r"^s3lite: credentials: refreshed from", r.stderr, re.M))
    print("     64 MiB in %.1f s; provider answered %d times (200); client refresh lines %d; %s"
          % (secs, fetched, refresh_lines,
             (re.findall(r"^s3lite: stats: .*$", r.stderr, re.M) or ["no stats"])[0]))
    check("64 MiB upload outliving its credentials: exit 0", r.returncode == 0, show(r))
    check("64 MiB upload: several refreshes (provider %d, client lines %d, want >= 3 and equal)"
          % (fetched, refresh_lines), fetched >= 3 and fetched == refresh_lines, show(r))
    check("64 MiB upload: the object read back is the file (SHA-256)",
          r.returncode == 0 and same_object("big.bin", big))

    # 1b. presign signs with the provider's credentials: the URL (with their token) reads
    # the object back.
    r = subprocess.run([S3LITE, "presign", "s3://%s/big.bin" % bucket, "--endpoint-url",
                        e["S3L_TLS_ENDPOINT"], "--expires", "60"] + iot(),
                       env=base, capture_output=True, text=True)
    ok = r.returncode == 0 and "X-Amz-Security-Token=" in r.stdout
    if ok:
        ctx = ssl.create_default_context(cafile=bundle)
        with urllib.request.urlopen(r.stdout.strip(), context=ctx, timeout=60) as resp:
            ok = hashlib.sha256(resp.read()).hexdigest() == sha256_file(big)
    check("presign with the IoT provider's credentials: the URL reads the object", ok, show(r))

    # 2. The container endpoint, right token: a multipart upload, the object right.
    cont = {"AWS_CONTAINER_CREDENTIALS_FULL_URI":
            "http://127.0.0.1:%d/v2/credentials" % container_port,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "test-container-token"}
    r = cp(small, "container.bin", ["--ca-bundle", bundle], cont)
    check("container credentials: upload and read back",
          r.returncode == 0 and says(r, "refreshed from container credentials endpoint") and
          same_object("container.bin", small), show(r))

    # 3. Failures that end in a clear error.
    r = cp(small, "x", iot(cert="other-client"))
    check("device certificate from another CA: exit 3, 'certificate refused'",
          r.returncode == 3 and says(r, "IoT credentials provider", "certificate refused"), show(r))
    r = cp(small, "x", iot(alias="no-such-alias"))
    check("wrong role alias: exit 1, 'role alias ... unknown'",
          r.returncode == 1 and says(r, "role alias 'no-such-alias' unknown", "HTTP 404"), show(r))
    r = cp(small, "x", iot(thing="sensor-99"))
    check("wrong thing name: exit 1, refused with HTTP 403",
          r.returncode == 1 and says(r, "refused thing 'sensor-99'", "HTTP 403"), show(r))
    r = cp(small, "x", [], dict(cont, AWS_CONTAINER_AUTHORIZATION_TOKEN="wrong-token"))
    check("container endpoint, wrong token: exit 1, 'refused the authorization token', "
          "the token not printed",
          r.returncode == 1 and says(r, "refused the authorization token", "HTTP 401") and
          "wrong-token" not in r.stderr, show(r))
    dead = subprocess.run([sys.executable, "-c", "import socket; s=socket.socket(); "
                           "s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"],
                          capture_output=True, text=True).stdout.strip()
    r = cp(small, "x", iot(port=int(dead)))
    check("provider unreachable: exit 3, 'unreachable'",
          r.returncode == 3 and says(r, "unreachable"), show(r))
    r = cp(small, "x", iot()[:4] + iot()[6:])   # no --thing-name
    check("partial IoT options: exit 2 naming the missing one",
          r.returncode == 2 and says(r, "--thing-name is missing"), show(r))
    r = cp(small, "x", [], {"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://10.1.2.3/creds"})
    check("container URI in plain http off loopback: exit 2",
          r.returncode == 2 and says(r, "127.0.0.0/8"), show(r))

    # 4. Refusals that end in a correct retry, or a clear error after one.
    open(plog, "w").close()
    r = cp(small, "revoked-once.bin", iot(alias="s3-writer-revoked-once"))
    check("revoked token (the first one): refreshed once, retried, object right",
          r.returncode == 0 and says(r, "(token refused)") and
          same_object("revoked-once.bin", small), show(r))
    r = cp(small, "x", iot(alias="s3-writer-revoked"))
    check("revoked tokens (every one): exit 1, AccessDenied after one refresh",
          r.returncode == 1 and says(r, "AccessDenied", "also freshly fetched ones") and
          r.stderr.count("(token refused)") == 1, show(r))

    # 5. The device clock six hours behind: re-signed with the server's time, refreshes in
    # server time, object right.
    behind = time.gmtime(time.time() - 6 * 3600)
    r = cp(small, "clock.bin", iot(), {"S3L_FIXED_TIME": time.strftime("%Y%m%dT%H%M%SZ", behind)})
    m = re.search(r"resigns (\d+)", r.stderr)
    print("     clock behind: %s" % (re.findall(r"^s3lite: stats: .*$", r.stderr, re.M) or ["-"])[0])
    check("clock 6 h behind: re-signed, upload and read back",
          r.returncode == 0 and m is not None and int(m.group(1)) >= 1 and
          same_object("clock.bin", small), show(r))
    ahead = time.gmtime(time.time() + 6 * 3600)
    r = cp(small, "clock2.bin", iot(), {"S3L_FIXED_TIME": time.strftime("%Y%m%dT%H%M%SZ", ahead)})
    m = re.search(r"resigns (\d+)", r.stderr)
    print("     clock ahead: %s" % (re.findall(r"^s3lite: stats: .*$", r.stderr, re.M) or ["-"])[0])
    check("clock 6 h ahead: re-signed, upload and read back",
          r.returncode == 0 and m is not None and int(m.group(1)) >= 1 and
          same_object("clock2.bin", small), show(r))

    # 6. No secret key or token handed out was ever printed.
    with open(os.path.join(work, "secrets.log")) as f:
        secrets = [ln.strip() for ln in f if ln.strip()]
    leaked = [x for x in secrets if any(x in out for out in outputs)]
    check("no secret key or session token in any output (%d handed out, %d runs)"
          % (len(secrets), len(outputs)), len(secrets) > 0 and not leaked)
    return finish()


def finish():
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
