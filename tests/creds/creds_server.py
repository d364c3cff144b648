#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Test credentials endpoints for s3lite, backed by RGW's STS (python3 stdlib only).

Two listeners on 127.0.0.1, each serving one request per connection:

  IoT credentials provider (HTTPS, mutual TLS: the device certificate must chain to --client-ca)
    GET /role-aliases/<alias>/credentials   with x-amzn-iot-thingname: <thing>
    200 {"credentials":{"accessKeyId":..,"secretAccessKey":..,"sessionToken":..,"expiration":..}}
    403 {"message":"..."} for a thing name other than --thing, 404 for an unknown alias.
    Aliases: --alias (normal), "<alias>-revoked-once" (the first token it hands out has a
    changed character: S3 refuses it), "<alias>-revoked" (every token changed).
  Container credentials endpoint (plain HTTP)
    GET /v2/credentials                     with Authorization: <--container-token>
    200 {"AccessKeyId":..,"SecretAccessKey":..,"Token":..,"Expiration":..}; 401 otherwise.

Every 200 carries fresh credentials from RGW's STS AssumeRole with DurationSeconds=--duration
(RGW's rgw_sts_min_session_duration must be at most that: the caller lowers it). Each request
is one line on --log ("iot 200 PATH", "container 401 PATH", ...), so a test can count them.
Port 0 picks a free port: prints "ready IOT_PORT CONTAINER_PORT" once both listen.
"""
import argparse
import datetime
import hashlib
import hmac
import http.server
import json
import re
import ssl
import sys
import threading
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET


def sts_assume_role(endpoint, ak, sk, region, role_arn, duration):
    """AssumeRole, signed with SigV4 for the service sts. Returns (akid, secret, token, exp)."""
    body = urllib.parse.urlencode({
        "Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": role_arn,
        "RoleSessionName": "s3lite-creds-test", "DurationSeconds": str(duration)}).encode()
    url = urllib.parse.urlsplit(endpoint)
    host = url.netloc
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    payload_hash = hashlib.sha256(body).hexdigest()
    ctype = "application/x-www-form-urlencoded"
    canonical = "\n".join(["POST", "/", "", "content-type:" + ctype, "host:" + host,
                           "x-amz-date:" + amz_date, "", "content-type;host;x-amz-date",
                           payload_hash])
    scope = "%s/%s/sts/aws4_request" % (day, region)
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + sk).encode()
    for part in (day, region, "sts", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    req = urllib.request.Request(endpoint.rstrip("/") + "/", data=body, method="POST", headers={
        "Content-Type": ctype, "X-Amz-Date": amz_date,
        "Authorization": "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=content-type;host;"
                         "x-amz-date, Signature=%s" % (ak, scope, sig)})
    with urllib.request.urlopen(req, timeout=10) as r:
        doc = r.read()
    root = ET.fromstring(doc)
    got = {}
    for el in root.iter():
        name = el.tag.rsplit("}", 1)[-1]
        if name in ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"):
            got[name] = (el.text or "").strip()
    if len(got) != 4:
        raise RuntimeError("AssumeRole answer without credentials: %r" % doc[:200])
    # RGW writes "2026-12-07T21:30:00.123Z" or similar: the providers send whole seconds
    exp = re.sub(r"\.\d+", "", got["Expiration"])
    if not exp.endswith("Z"):
        exp += "Z"
    return got["AccessKeyId"], got["SecretAccessKey"], got["SessionToken"], exp


def tamper(token):
    """The token with its last character changed: RGW refuses it (AccessDenied)."""
    return token[:-1] + ("A" if token[-1] != "A" else "B")


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.revoked_once_done = False
        self.log = open(args.log, "a", buffering=1) if args.log else None

    def note(self, line):
        with self.lock:
            if self.log:
                self.log.write(line + "\n")

    def mint(self):
        a = self.args
        got = sts_assume_role(a.sts_endpoint, a.access_key, a.secret_key, a.region,
                              a.role_arn, a.duration)
        if a.secrets_log:  # for the test to check s3lite never prints them
            with self.lock, open(a.secrets_log, "a") as f:
                f.write("%s\n%s\n" % (got[1], got[2]))
        return got


def make_handler(state, kind):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet: the log file says what happened
            pass

        def answer(self, status, doc):
            body = json.dumps(doc).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
            state.note("%s %d %s" % (kind, status, self.path))

        def do_GET(self):
            try:
                if kind == "iot":
                    self.iot()
                else:
                    self.container()
            except Exception as e:  # STS unreachable or refused: the provider's 500
                self.answer(500, {"message": "cannot mint credentials: %s" % e})

        def iot(self):
            a = state.args
            m = re.fullmatch(r"/role-aliases/([^/]+)/credentials", self.path)
            alias = urllib.parse.unquote(m.group(1)) if m else None
            if alias not in (a.alias, a.alias + "-revoked-once", a.alias + "-revoked"):
                self.answer(404, {"message": "Role alias does not exist"})
                return
            if self.headers.get("x-amzn-iot-thingname") != a.thing:
                self.answer(403, {"message": "Access Denied"})
                return
            akid, secret, token, exp = state.mint()
            if alias == a.alias + "-revoked":
                token = tamper(token)
            elif alias == a.alias + "-revoked-once":
                with state.lock:
                    first, state.revoked_once_done = not state.revoked_once_done, True
                if first:
                    token = tamper(token)
            self.answer(200, {"credentials": {"accessKeyId": akid, "secretAccessKey": secret,
                                              "sessionToken": token, "expiration": exp}})

        def container(self):
            a = state.args
            if self.path != "/v2/credentials":
                self.answer(404, {"code": "NotFound", "message": "no such path"})
                return
            if self.headers.get("Authorization") != a.container_token:
                self.answer(401, {"code": "Unauthorized",
                                  "message": "authorization token refused"})
                return
            akid, secret, token, exp = state.mint()
            self.answer(200, {"AccessKeyId": akid, "SecretAccessKey": secret, "Token": token,
                              "Expiration": exp, "RoleArn": a.role_arn})
    return Handler


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--iot-port", type=int, required=True)
    p.add_argument("--container-port", type=int, required=True)
    p.add_argument("--cert", required=True, help="the provider's server certificate (PEM)")
    p.add_argument("--key", required=True)
    p.add_argument("--client-ca", required=True, help="CA that signs device certificates")
    p.add_argument("--alias", default="s3-writer")
    p.add_argument("--thing", default="sensor-17")
    p.add_argument("--container-token", default="test-container-token")
    p.add_argument("--duration", type=int, default=3, help="STS DurationSeconds")
    p.add_argument("--sts-endpoint", required=True)
    p.add_argument("--access-key", required=True)
    p.add_argument("--secret-key", required=True)
    p.add_argument("--region", default="us-east-1")
    p.add_argument("--role-arn", required=True)
    p.add_argument("--log")
    p.add_argument("--secrets-log", help="every secret key and token handed out, one a line")
    args = p.parse_args()
    state = State(args)

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    ctx.load_verify_locations(args.client_ca)
    ctx.verify_mode = ssl.CERT_REQUIRED

    iot = http.server.ThreadingHTTPServer(("127.0.0.1", args.iot_port), make_handler(state, "iot"))
    iot.socket = ctx.wrap_socket(iot.socket, server_side=True)
    cont = http.server.ThreadingHTTPServer(("127.0.0.1", args.container_port),
                                           make_handler(state, "container"))
    for srv in (iot, cont):
        srv.daemon_threads = True
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    print("ready %d %d" % (iot.server_address[1], cont.server_address[1]), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
