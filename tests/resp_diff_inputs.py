#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the inputs of make diff-responses (tests/tool_resp_diff.c) into OUT, one file each,
in the format of tests/fuzz/fuzz_responses.c (4 control bytes: operation, status index,
unused, flags; header lines; an empty line; the body):

  resp_diff_inputs.py OUT [SHARED_VECTORS] [DIR_OF_FUZZ_INPUTS]...

- every S3 response sample under SHARED_VECTORS/s3-xml (XML bodies; *.http responses;
  aws-c-s3's *.json {status, headers, body}), each under several control bytes: the
  operation its root names and three others, status 200 and 400, five flag sets;
- tests/golden/*.xml and *.http the same way (the request goldens too: more bodies);
- the files of each DIR_OF_FUZZ_INPUTS (fuzz seeds and corpora) as they are.
Prints how many files it wrote.
"""
import json
import os
import sys

OPS = {"InitiateMultipartUploadResult": 0, "CompleteMultipartUpload": 2, "ListPartsResult": 4,
       "ListMultipartUploadsResult": 5}
FLAGS = (0x00, 0x01, 0x02, 0x0C, 0x10)
STATUS = {200: 0, 206: 1, 204: 2, 301: 4, 307: 5, 400: 6, 403: 7, 404: 8, 409: 9, 412: 10,
          429: 11, 500: 12, 503: 13}


def sniff(body):
    for root, op in OPS.items():
        if b"<" + root.encode() in body:
            return op
    return 10


def variants(headers, body, status=None):
    """(control bytes, headers, body) for each operation, status and flag set tried."""
    ops = sorted({sniff(body), 2, 7, 10, 1})
    statuses = [STATUS.get(status, 0)] if status is not None else [0, 6]
    for op in ops:
        for st in statuses:
            for fl in FLAGS:
                yield bytes([op, st, 0, fl]) + headers + b"\n" + body


def parse_http(raw):
    head, _, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    lines = head.split(b"\n")
    status = None
    if lines and lines[0].startswith(b"HTTP/"):
        parts = lines[0].split()
        status = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        lines = lines[1:]
    return status, b"".join(l + b"\n" for l in lines if b":" in l), body


def samples(root):
    for dirpath, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if f.endswith((".md", "SHA256SUMS")) or "LICENSES" in dirpath:
                continue
            path = os.path.join(dirpath, f)
            raw = open(path, "rb").read()
            if f.endswith(".json"):
                try:
                    j = json.loads(raw)
                    body = j.get("body", "")
                    body = "\n".join(body) if isinstance(body, list) else body
                    hdr = "".join("%s: %s\n" % kv for kv in j.get("headers", {}).items())
                    yield path, hdr.encode(), body.encode(), j.get("status")
                except (ValueError, AttributeError):
                    yield path, b"", raw, None
            elif raw.startswith(b"HTTP/"):
                status, hdr, body = parse_http(raw)
                yield path, hdr, body, status
            else:
                yield path, b"", raw, None


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n = 0

    def write(data):
        nonlocal n
        with open(os.path.join(out, "%06d" % n), "wb") as f:
            f.write(data)
        n += 1

    roots = []
    if len(sys.argv) > 2 and os.path.isdir(os.path.join(sys.argv[2], "s3-xml")):
        roots.append(os.path.join(sys.argv[2], "s3-xml"))
    roots.append("tests/golden")
    for root in roots:
        for path, hdr, body, status in samples(root):
            for v in variants(hdr, body, status):
                write(v)
    for d in sys.argv[3:]:
        if not os.path.isdir(d):
            continue
        for dirpath, _, files in sorted(os.walk(d)):
            for f in sorted(files):
                if not f.startswith("."):
                    write(open(os.path.join(dirpath, f), "rb").read())
    print("diff-responses: %d inputs in %s" % (n, out))


if __name__ == "__main__":
    main()
