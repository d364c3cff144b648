#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Oracle for test_json: random JSON documents, some mutated, with what Python's json module
makes of them, written as the event trace test_json prints (tests/test_json.c says the format).

usage: json_ref.py SEED COUNT
Output, one line per document: HEXDOC <TAB> ok|err <TAB> HEXTRACE (empty for err).

Python's json is the reference for the grammar, with the rules s3lite's scanner adds (its
header, s3lite/json.h): the root is an object or an array; NaN and Infinity are not JSON;
a lone surrogate escape is refused; at most DEPTH_MAX levels; names are reported cut to
KEY_MAX bytes. Documents are ASCII (escapes make the other code points), so no decoder
guesses an encoding.
"""
import json
import random
import sys

DEPTH_MAX = 16  # S3L_JSON_DEPTH_MAX's default
KEY_MAX = 32    # S3L_JSON_KEY_MAX's default


def gen_string(r):
    out = []
    for _ in range(r.randrange(0, 12)):
        k = r.randrange(10)
        if k < 5:
            out.append(r.choice("abcXYZ019 _-/+=.:"))
        elif k == 5:
            out.append(r.choice(['\\"', "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"]))
        elif k == 6:
            out.append("\\u%04x" % r.choice([0, 0x1F, 0x41, 0x7F, 0x80, 0xE9, 0x7FF, 0x800,
                                             0x20AC, 0xFFFF, r.randrange(0x10000)]))
        elif k == 7:  # a pair, or half of one
            cp = r.randrange(0x10000, 0x110000) - 0x10000
            hi, lo = 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)
            halves = ["\\u%04x" % hi, "\\u%04X" % lo]
            out.append(r.choice(["\\u%04X\\u%04x" % (hi, lo)] * 6 + halves))
        else:
            out.append("x" * r.randrange(1, 40))
    return '"' + "".join(out) + '"'


def gen_number(r):
    s = r.choice(["", "-"]) + r.choice(["0", str(r.randrange(1, 10**r.randrange(1, 25)))])
    if r.random() < 0.4:
        s += "." + str(r.randrange(10**r.randrange(1, 6)))
    if r.random() < 0.3:
        s += r.choice("eE") + r.choice(["", "+", "-"]) + str(r.randrange(400))
    return s


def ws(r):
    return "".join(r.choice(" \t\r\n") for _ in range(r.choice([0, 0, 0, 1, 2])))


def gen_value(r, depth):
    k = r.randrange(10) if depth < 8 else r.randrange(4)
    if depth == 0:
        k = r.choice([0, 1, 2] + [6] * 8 + [9] * 9)  # mostly a container, as a root must be
    if k == 0:
        return gen_string(r)
    if k == 1:
        return gen_number(r)
    if k in (2, 3):
        return r.choice(["true", "false", "null"])
    if k < 7:
        items = [ws(r) + gen_value(r, depth + 1) + ws(r) for _ in range(r.randrange(0, 4))]
        return "[" + ",".join(items) + ws(r) + "]"
    members = [ws(r) + gen_string(r) + ws(r) + ":" + ws(r) + gen_value(r, depth + 1) + ws(r)
               for _ in range(r.randrange(0, 4))]
    return "{" + ",".join(members) + ws(r) + "}"


def mutate(r, doc):
    for _ in range(r.randrange(1, 3)):
        i = r.randrange(len(doc) + 1)
        k = r.randrange(3)
        c = r.choice('{}[],:"\\ 0123456789-+.eEtrufalsn\tu')
        if k == 0:
            doc = doc[:i] + c + doc[i:]
        elif k == 1 and i < len(doc):
            doc = doc[:i] + doc[i + 1:]
        elif i < len(doc):
            doc = doc[:i] + c + doc[i + 1:]
    return doc


class Num(str):
    pass


def no_constant(name):
    raise ValueError("not JSON: " + name)


def show(b):
    return "".join(chr(c) if 0x21 <= c <= 0x7E else "\\x%02X" % c for c in b)


def trace(v, depth, out):
    """The events of value v inside a container at `depth` (0 for the root)."""
    if isinstance(v, tuple):  # an object: ('obj', pairs)
        out.append("{%d" % (depth + 1))
        for k, x in v[1]:
            out.append("<" + show(k.encode("utf-8")[:KEY_MAX]) + ">@%d:" % (depth + 1))
            trace(x, depth + 1, out)
        out.append("}%d" % (depth + 1))
    elif isinstance(v, list):
        out.append("[%d" % (depth + 1))
        for x in v:
            trace(x, depth + 1, out)
        out.append("]%d" % (depth + 1))
    elif isinstance(v, Num):
        out.append("n'" + v + "'")
    elif isinstance(v, str):
        out.append("s'" + show(v.encode("utf-8")) + "'")  # a lone surrogate raises here
    else:
        out.append("L(" + {True: "true", False: "false", None: "null"}[v] + ")")


def depth_of(v):
    if isinstance(v, tuple):
        return 1 + max([depth_of(x) for _, x in v[1]] + [0])
    if isinstance(v, list):
        return 1 + max([depth_of(x) for x in v] + [0])
    return 0


def verdict(doc):
    try:
        v = json.loads(doc, object_pairs_hook=lambda p: ("obj", p), parse_int=Num,
                       parse_float=Num, parse_constant=no_constant)
        if not isinstance(v, (tuple, list)) or depth_of(v) > DEPTH_MAX:
            return "err", ""
        out = []
        trace(v, 0, out)
        return "ok", "".join(out)
    except (ValueError, UnicodeEncodeError, RecursionError):
        return "err", ""


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    r = random.Random(seed)
    for _ in range(count):
        doc = gen_value(r, 0) if r.random() < 0.9 else r.choice(["[", "{"]) + gen_value(r, 0)
        if r.random() < 0.4:
            doc = mutate(r, doc)
        doc = ws(r) + doc + ws(r)
        ok, t = verdict(doc)
        print("%s\t%s\t%s" % (doc.encode("ascii").hex(), ok, t.encode("ascii").hex()))


main()
