#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_tables.py: the lists that must name every field, checked against the public headers.
Run from the project root by tests/test_tables.c (so `make test` runs it).

1. Every member of a struct of include/s3lite/s3_response.h that the response parser fills has
   a row in core/s3_response.c's tables, unless NOT_PARSED below says why it has none. Both
   are read after the preprocessor: the members a field list makes (S3L_*_FIELDS), the rows
   (`offsetof(struct T, member)` in each `<name>_rows[]`) the same list makes. A list makes
   both, so what this finds are members declared by hand (inputs) without a TEXT or LIST row
   or a reason here. A member that is itself a struct is covered by a row of its own (that
   struct's table is then checked too) or by rows for each of its members.
2. Every member of struct s3l_create_mpu_params (nested structs flattened: attrs.acl,
   sse_c.key ...) is set by the function that fills the CreateMultipartUpload request compared
   with tests/golden/create_mpu_all.http in tests/test_s3_request.c.

Prints "ok: ..." or "FAIL: ..." per check. Anything it cannot parse is a FAIL that says what
(a changed layout must be taught here, not skipped), and the exit status is 1 on any FAIL.
"""
import os
import re
import subprocess
import sys

RESP_H = "include/s3lite/s3_response.h"
RESP_C = "core/s3_response.c"
REQ_H = "include/s3lite/s3_request.h"
REQ_TEST = "tests/test_s3_request.c"
GOLDEN = "create_mpu_all.http"

# Structs of s3_response.h that are not filled from a response.
NOT_RESULTS = {
    "s3l_list": "where a list's items go: set by the caller",
    "s3l_text": "caller storage for a value (the echoed Key): set by the caller; the member "
                "of that type has the row (TEXT)",
    "s3l_response": "the parser's own state",
}
# Members of filled structs that have no table row, and why. `truncated` (the first member of
# every result) is the parser's record of cut fields, never a field of its own.
NOT_PARSED = {
    "s3l_s3_error.http_status": "the status line (on_status), not a header or element",
    "s3l_s3_error.code_enum": "computed from code by s3l_response_finish",
    "s3l_s3_error.retryable": "computed from code and status by s3l_response_finish",
    "s3l_s3_error.body_error": "why the body was no Error document, set by finish",
    "s3l_list_parts_result.parts": "input list; its items are the Part rows (ITEM)",
    "s3l_list_uploads_result.uploads": "input list; its items are the Upload rows (ITEM)",
    "s3l_list_uploads_result.prefixes": "input list; its items are the CommonPrefixes rows",
    "s3l_head_object_result.on_meta": "input callback for x-amz-meta-* headers",
    "s3l_head_object_result.on_meta_ctx": "input: on_meta's context",
    "s3l_get_object_result.head": "filled with HeadObject's table (head is at offset 0)",
    "s3l_get_object_result.sink": "input: where the object's bytes go",
}
# Members of struct s3l_create_mpu_params that are no parameter of their own.
NOT_PARAMS = {
    "key_len": "the length of key (0: strlen); Key is the parameter",
}

failures = 0


def ok(msg):
    print("ok: " + msg)


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def read(path):
    with open(path) as f:
        return f.read()


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def preprocessed(path):
    """The file after the preprocessor (its structs and tables are made from X-macro lists)."""
    cc = os.environ.get("CC", "cc").split()
    try:
        return subprocess.run(cc + ["-E", "-P", "-Iinclude", path], check=True, capture_output=True,
                              text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        fail("cannot preprocess %s with %s: %s" % (path, " ".join(cc), e))
        return ""


def structs(path, expand=False):
    """{struct name: [(member, type)]} for every struct definition in a header (expand: as the
    preprocessor leaves it)."""
    text = strip_comments(preprocessed(path) if expand else read(path))
    out = {}
    for m in re.finditer(r"\bstruct\s+(\w+)\s*\{([^{}]*)\}\s*;", text):
        members = []
        for decl in m.group(2).split(";"):
            decl = " ".join(decl.split())
            if not decl:
                continue
            fp = re.fullmatch(r"(.+?)\(\s*\*\s*(\w+)\s*\)\s*\(.*\)", decl)
            plain = re.fullmatch(r"([A-Za-z_][\w\s\*]*?)\s*\b(\w+)\s*((?:\[[^\]]*\])*)", decl)
            if fp:
                members.append((fp.group(2), "function pointer"))
            elif plain and "," not in decl:
                members.append((plain.group(2), plain.group(1).strip() + plain.group(3)))
            else:
                fail("%s: struct %s: cannot parse the member declaration '%s' (one plain "
                     "member or function pointer per declaration)" % (path, m.group(1), decl))
        out[m.group(1)] = members
    if not out:
        fail("%s: no struct definitions found" % path)
    return out


def nested_struct(typ, known):
    """The struct name when typ is a struct held by value and defined in known, else None."""
    m = re.fullmatch(r"(?:const\s+)?struct\s+(\w+)", typ)
    return m.group(1) if m and m.group(1) in known else None


# ---- 1. response parser rows ----------------------------------------------------------------

def parser_rows():
    """{struct name: set of members with a row}, from the preprocessed tables: each table's
    rows (`<name>_rows[] = {...}`) hold `offsetof(struct T, member)`."""
    pre = preprocessed(RESP_C)
    if not pre:
        return {}
    rows = {}
    for body in re.findall(r"\w+_rows\[\] = \{(.*?)\};", pre, flags=re.S):
        for t, member in re.findall(r"offsetof\s*\(\s*struct (\w+)\s*,\s*([\w.]+)\s*\)", body):
            rows.setdefault(t, set()).add(member)
    if not rows:
        fail("%s: no rows found (each table's `<name>_rows[] = {...}` holds "
             "`offsetof(struct T, member)`: that is how this script finds them)" % RESP_C)
    return rows


def check_rows():
    own = set(re.findall(r"^struct (\w+) \{", read(RESP_H), flags=re.M))
    decl = dict((k, v) for k, v in structs(RESP_H, expand=True).items() if k in own)
    rows = parser_rows()
    if not rows:
        return
    for name, members in sorted(decl.items()):
        if name in NOT_RESULTS:
            continue
        missing = []
        for member, typ in members:
            path = "%s.%s" % (name, member)
            if member == "truncated" or path in NOT_PARSED or member in rows.get(name, ()):
                continue
            sub = nested_struct(typ, decl)
            if sub is not None and all("%s.%s" % (member, m) in rows.get(name, ())
                                       for m, _ in decl[sub]):
                continue
            missing.append(member)
        if missing:
            for member in missing:
                fail("struct %s has no parser row for member '%s' (add one to the table of "
                     "%s in %s, or say in tests/check_tables.py NOT_PARSED why it needs "
                     "none)" % (name, member, name, RESP_C))
        else:
            ok("struct %s: all %d members have a parser row or a stated reason" %
               (name, len(members)))
    for path in sorted(NOT_PARSED):
        s, m = path.split(".")
        if m not in [x for x, _ in decl.get(s, [])]:
            fail("NOT_PARSED names %s, which %s does not declare" % (path, RESP_H))


# ---- 2. CreateMultipartUpload parameters in the golden request ------------------------------

def functions(text):
    """{name: (first pointer parameter, body)} of the file's top-level functions."""
    out = {}
    for m in re.finditer(r"^static \w[\w\s\*]*?\b(\w+)\(([^)]*)\)\s*\n\{\n(.*?)^\}", text,
                         flags=re.S | re.M):
        p = re.match(r"\s*(?:const\s+)?struct\s+\w+\s*\*\s*(\w+)", m.group(2))
        out[m.group(1)] = (p.group(1) if p else None, m.group(3))
    return out


def assigned(fn, funcs, seen=()):
    """Member paths (relative to fn's first parameter) that function fn sets."""
    param, body = funcs[fn]
    if param is None or fn in seen:
        return set()
    paths = set(re.findall(r"\b%s->([\w.]+)\s*=(?!=)" % param, body))
    for callee, path in re.findall(r"\b(\w+)\(&%s->([\w.]+)" % param, body):
        if callee in funcs:  # a helper of this file: what it sets, under path
            paths |= {path + "." + p for p in assigned(callee, funcs, seen + (fn,))}
        else:  # a setter such as s3l_parse_acl(v, &p->attrs.acl)
            paths.add(path)
    return paths


def check_golden():
    decl = structs(REQ_H, expand=True)
    if "s3l_create_mpu_params" not in decl:
        fail("%s: no struct s3l_create_mpu_params" % REQ_H)
        return
    leaves = []
    for member, typ in decl["s3l_create_mpu_params"]:
        sub = nested_struct(typ, decl)
        if sub is None:
            leaves.append(member)
        else:
            leaves += ["%s.%s" % (member, m) for m, _ in decl[sub]]
    text = strip_comments(read(REQ_TEST))
    row = re.search(r'\{\s*"%s",\s*\w+,\s*&(\w+(?:\.\w+)?)' % re.escape(GOLDEN), text)
    if row is None:
        fail("%s: no ops row for %s (expected {\"%s\", builder, &params, ...})" %
             (REQ_TEST, GOLDEN, GOLDEN))
        return
    call = re.search(r"\b(\w+)\(&%s\)" % re.escape(row.group(1)), text)
    funcs = functions(text)
    if call is None or call.group(1) not in funcs:
        fail("%s: no function fills %s, the params of %s" % (REQ_TEST, row.group(1), GOLDEN))
        return
    fill = call.group(1)
    done = assigned(fill, funcs)
    missing = [p for p in leaves if p not in done and p not in NOT_PARAMS]
    for p in missing:
        fail("CreateMultipartUpload parameter '%s' (struct s3l_create_mpu_params) has no "
             "golden test: set it in %s() (%s) and add its header to tests/golden/%s" %
             (p, fill, REQ_TEST, GOLDEN))
    if not missing:
        ok("struct s3l_create_mpu_params: each of %d parameters is set by %s() for "
           "tests/golden/%s" % (len(leaves) - len(NOT_PARAMS), fill, GOLDEN))
    for p in NOT_PARAMS:
        if p not in leaves:
            fail("NOT_PARAMS names %s, which struct s3l_create_mpu_params does not declare" % p)


def main():
    check_rows()
    check_golden()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
