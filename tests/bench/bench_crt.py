#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The AWS CRT S3 client (aws-c-s3 through Debian's python3-awscrt) as a bench row:

  bench_crt.py put FILE ENDPOINT BUCKET KEY    upload FILE (parallel parts, UNSIGNED-PAYLOAD)
  bench_crt.py get FILE ENDPOINT BUCKET KEY    download into FILE (parallel ranged GETs)

Credentials and region from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION. ENDPOINT is
http://HOST:PORT; the Host header names it, but this build of aws-c-s3 connects to port 80
whatever the header says, so the bench puts a forwarder on 127.0.0.1:80 (bench_forward.py).
Part size: BENCH_CRT_PART (8 MiB, as s3lite's and aws-cli's). Exit 0 on HTTP 2xx."""
import os
import sys
import threading

from awscrt import auth, http, io, s3


def main(argv):
    if len(argv) != 6 or argv[1] not in ("put", "get"):
        print(__doc__, file=sys.stderr)
        return 2
    op, path, endpoint, bucket, key = argv[1:]
    host = endpoint.split("://", 1)[1].rstrip("/")
    tls = endpoint.startswith("https://")
    part = int(os.environ.get("BENCH_CRT_PART", str(8 << 20)))
    elg = io.EventLoopGroup()
    bootstrap = io.ClientBootstrap(elg, io.DefaultHostResolver(elg))
    creds = auth.AwsCredentialsProvider.new_static(os.environ["AWS_ACCESS_KEY_ID"],
                                                   os.environ["AWS_SECRET_ACCESS_KEY"])
    client = s3.S3Client(bootstrap=bootstrap, region=os.environ.get("AWS_REGION", "us-east-1"),
                         credential_provider=creds, part_size=part,
                         tls_mode=s3.S3RequestTlsMode.ENABLED if tls
                         else s3.S3RequestTlsMode.DISABLED)
    headers = http.HttpHeaders([("Host", host)])
    if op == "put":
        headers.add("Content-Length", str(os.path.getsize(path)))
        headers.add("Content-Type", "application/octet-stream")
        request = http.HttpRequest("PUT", "/%s/%s" % (bucket, key), headers)
        kind = s3.S3RequestType.PUT_OBJECT
    else:
        request = http.HttpRequest("GET", "/%s/%s" % (bucket, key), headers)
        kind = s3.S3RequestType.GET_OBJECT
    done = threading.Event()
    result = {}

    def on_done(error=None, status_code=None, **kwargs):
        result["error"], result["status"] = error, status_code
        done.set()

    if op == "put":
        client.make_request(request=request, type=kind, send_filepath=path, on_done=on_done)
    else:
        # recv_filepath leaves the file empty in this version: write the parts where they go
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)

        def on_body(chunk, offset, **kwargs):
            os.pwrite(fd, chunk, offset)

        client.make_request(request=request, type=kind, on_body=on_body, on_done=on_done)
    if not done.wait(600):
        print("bench_crt: no answer in 600 s", file=sys.stderr)
        return 1
    if result.get("error") is not None:
        print("bench_crt: %s (HTTP %s)" % (result["error"], result.get("status")), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
