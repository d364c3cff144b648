#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Independent SigV4 reference for the `s3lite cp --dry-run` golden heads in tests/test_cli.c.

Reads request heads as `s3lite ... --dry-run` prints them (request line, "Name: value" lines,
an empty line; several heads one after the other) on stdin, and for each prints the
Authorization value that botocore's S3SigV4Auth computes for the same method, path, query,
headers (every header but Authorization and Expect, which the SDKs leave unsigned) and
x-amz-content-sha256, at the head's X-Amz-Date. The credentials are AWS's documentation
example keys, the ones the tests use.

  s3lite cp --dry-run ... | /usr/bin/python3 tests/cli_sig_ref.py REGION

Needs Debian's python3-botocore. The golden Authorization lines in test_cli.c came from here,
not from s3lite.
"""
import datetime
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def sign(region, lines):
    method, target, _ = lines[0].split(" ")
    headers = []
    for line in lines[1:]:
        name, value = line.split(": ", 1) if ": " in line else (line[:-1], "")
        headers.append((name, value))
    amz_date = [v for n, v in headers if n.lower() == "x-amz-date"][0]
    fixed = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")

    class FixedDT(datetime.datetime):
        @classmethod
        def utcnow(cls):
            return fixed

    botocore.auth.datetime.datetime = FixedDT
    host = [v for n, v in headers if n.lower() == "host"][0]
    req = AWSRequest(method=method, url="http://" + host + target)
    for n, v in headers:
        if n.lower() in ("authorization", "expect", "x-amz-date"):
            continue
        req.headers[n] = v
    # The body is not here: sign the payload hash the head declares (botocore would hash the
    # empty body it was given).
    declared = [v for n, v in headers if n.lower() == "x-amz-content-sha256"][0]

    class DeclaredPayload(botocore.auth.S3SigV4Auth):
        def payload(self, request):
            return declared

    creds = Credentials(ACCESS, SECRET)
    auth = DeclaredPayload(creds, "s3", region)
    auth.add_auth(req)
    return req.headers["Authorization"]


def main():
    region = sys.argv[1] if len(sys.argv) > 1 else "us-east-1"
    head = []
    for raw in sys.stdin.read().split("\n"):
        if raw == "":
            if head:
                print(sign(region, head))
                head = []
            continue
        head.append(raw)


if __name__ == "__main__":
    main()
