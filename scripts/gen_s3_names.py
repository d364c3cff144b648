#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate core/s3_names.h: the names core/s3_response.c matches, and the S3 error codes.

Names (XML element names, header names) are kept once each in one front-coded blob,
S3L_NAMES, sorted bytewise: each name is a byte 0x80 | p (p = how many leading bytes it
shares with the name before it) followed by the rest of its bytes; a final 0x80 ends the
blob. In the rest, a byte 1..31 stands for that token of S3L_NAME_TOKENS (NUL-separated
strings, chosen here greedily for the bytes they save). The parser walks the blob once per name it meets and learns the name's number (its
rank), which the field tables hold instead of the text. Each name is written in the C
source as an identifier that this script turns into its number:

  XN_ETag                 XML element name "ETag" (matched exactly)
  HN_x_amz_request_id     header name "x-amz-request-id" (kept lower-case; matched ignoring case)

Header names the request builders send too are not in the blob: core/s3_req_names.h
(S3L_REQ_NAMES, its X(field, "Wire-Case") rows, also read here) keeps them once, in wire
case, for both modules. Such a name gets a number after the blob's (S3L_NAME_COUNT + 1 +
its row in S3L_SHARED_NAMES, a list of the request blob's slices, NM(field) or
NP(field, len)); the parser compares it ignoring case.

Error codes are not kept as text: EC_AccessDenied is the 32-bit FNV-1a hash of
"AccessDenied" (a code only selects an enum value; it fills no field).

S3L_NAME_LIST(X) and S3L_CODE_LIST(X) list every name and code with its text, so that
tests/test_s3_response.c can decode the blob and re-hash the codes itself.
Run by make (mk/generated.mk) whenever an input is newer than core/s3_names.h:
  scripts/gen_s3_names.py core/s3_response.c core/s3_req_names.h > core/s3_names.h
The arguments are the C sources to scan, core/s3_req_names.h among them; the header goes to
standard output.
"""
import re
import sys

FNV_BASIS = 0x811C9DC5
FNV_PRIME = 0x01000193


def fnv(text):
    h = FNV_BASIS
    for b in text.encode():
        h = ((h ^ b) * FNV_PRIME) & 0xFFFFFFFF
    return h


def main():
    srcs = sys.argv[1:]
    if not srcs:
        sys.exit("usage: gen_s3_names.py SOURCE... > core/s3_names.h")
    idents = set()
    req = []  # (field, wire text) of the request builders' names blob
    for path in srcs:
        with open(path) as f:
            text = f.read()
        if "S3L_REQ_NAMES" in text:
            req += re.findall(r'\bX\((\w+), "([^"]*)"\)', text)
            continue
        idents.update(re.findall(r"\b((?:XN|HN|EC)_[A-Za-z0-9_]+)\b", text))
    if not req:
        sys.exit("no request names (core/s3_req_names.h) among the sources")
    names, codes, shared = {}, {}, {}
    for ident in sorted(idents):
        kind, rest = ident[:2], ident[3:]
        if kind == "EC":
            codes[ident] = rest
            continue
        text = rest if kind == "XN" else rest.replace("_", "-").lower()
        if text in names.values() or text in shared.values():
            sys.exit("name twice: %s" % text)
        if kind == "HN":
            # a whole request name, else the start of one
            refs = ["NM(%s)" % f for f, w in req if w.lower() == text]
            refs += ["NP(%s, %d)" % (f, len(text)) for f, w in req if w.lower().startswith(text)]
            if refs:
                shared[ident] = (text, refs[0])
                continue
        names[ident] = text
    order = sorted(names.values(), key=lambda t: t.encode())
    if len(order) > 127:
        sys.exit("more than 127 names: the tables keep a name's number in 7 bits")
    rank = {t: i for i, t in enumerate(order)}
    blob, rests, prev = [], [], b""
    for t in order:
        b = t.encode()
        if any(c >= 0x80 or c <= 0x20 for c in b):
            sys.exit("name with a byte the blob cannot hold: %r" % t)
        p = 0
        while p < min(len(b), len(prev), 127) and b[p] == prev[p]:
            p += 1
        blob.append(bytes([0x80 | p]))
        rests.append(b[p:])
        prev = b
    tokens = []
    while len(tokens) < 31:
        best = (0, b"")
        cands = set()
        for r in rests:
            for i in range(len(r)):
                for j in range(i + 2, min(len(r), i + 24) + 1):
                    if all(c > 0x20 for c in r[i:j]):
                        cands.add(r[i:j])
        for c in sorted(cands):
            gain = sum(r.count(c) for r in rests) * (len(c) - 1) - (len(c) + 1)
            if gain > best[0]:
                best = (gain, c)
        if best[0] <= 0:
            break
        tokens.append(best[1])
        rests = [r.replace(best[1], bytes([len(tokens)])) for r in rests]
    blob = [m + r for m, r in zip(blob, rests)]
    hashes = {}
    for ident, text in codes.items():
        h = fnv(text)
        if h in hashes:
            sys.exit("hash collision: %s and %s" % (hashes[h], ident))
        hashes[h] = ident

    def lit(b):
        return "".join("\\%03o" % c if c >= 0x80 or c < 0x20 else chr(c) for c in b)

    size = sum(len(b) for b in blob) + 1 + sum(len(t) + 1 for t in tokens)
    lines = [
        "/* SPDX-License-Identifier: MIT */",
        "/* Generated by scripts/gen_s3_names.py (mk/generated.mk) from the names core/s3_response.c",
        " * uses: the number of each element name (XN_) and header name (HN_) in S3L_NAMES, and the",
        " * 32-bit FNV-1a hash of each S3 error code (EC_). Do not edit. */",
        "#ifndef S3LITE_S3_NAMES_H",
        "#define S3LITE_S3_NAMES_H",
        "",
    ]
    for ident, text in sorted(names.items()):
        lines.append("#define %s %du /* %s */" % (ident, rank[text], text))
    lines += ["#define S3L_NAME_COUNT %du" % len(order), "",
              "/* Header names kept by the request builders (core/s3_req_names.h): numbers",
              " * S3L_NAME_COUNT + 1 + i for slice i of S3L_SHARED_NAMES. */"]
    sh = sorted(shared.items(), key=lambda kv: kv[1][0])
    for i, (ident, (text, ref)) in enumerate(sh):
        lines.append("#define %s %du /* %s */" % (ident, len(order) + 1 + i, text))
    lines += ["#define S3L_SHARED_COUNT %du" % len(sh), "#define S3L_SHARED_NAMES \\"]
    lines += ["    %s, \\" % ref for ident, (text, ref) in sh]
    lines += ["", "/* X(number, slice, text) for every shared name (tests only). */",
              "#define S3L_SHARED_LIST(X) \\"]
    lines += ['    X(%s, %s, "%s") \\' % (ident, ref, text) for ident, (text, ref) in sh]
    lines += [""]
    for ident, text in sorted(codes.items()):
        lines.append("#define %s 0x%08Xu" % (ident, fnv(text)))
    lines += ["", "/* The names, front-coded, and the tokens (%d bytes in all). */" % size,
              "#define S3L_NAMES \\"]
    lines += ['    "%s" \\' % lit(b) for b in blob]
    lines += ['    "\\200"', "#define S3L_NAME_TOKENS \\"]
    lines += ['    "%s\\0" \\' % lit(t) for t in tokens]
    lines += ['    ""']
    lines += ["", "/* X(number, text) for every name (tests only). */", "#define S3L_NAME_LIST(X) \\"]
    for ident, text in sorted(names.items()):
        lines.append('    X(%s, "%s") \\' % (ident, text))
    lines += ["", "", "/* X(hash, text) for every error code (tests only). */",
              "#define S3L_CODE_LIST(X) \\"]
    for ident, text in sorted(codes.items()):
        lines.append('    X(%s, "%s") \\' % (ident, text))
    lines += ["", "#endif", ""]
    sys.stdout.write("\n".join(lines))


if __name__ == "__main__":
    main()
