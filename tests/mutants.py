#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mutants.py: how many small faults in core/ do the unit tests notice?

Samples N single-change mutants of core/*.c (seeded, so a run can be repeated):
  - operator swaps: == !=, < <=, > >=, && ||, binary + -
  - off-by-one constants: a decimal literal n becomes n + 1 or n - 1
  - deleted assignments: a one-line "x = ...;" (or |=, +=, ...) statement becomes (void)0;
Each mutant is applied to a private copy of the tree (WORKDIR/tree, never the checkout), built
there (make tests) and run through make test's programs, first failure wins, with a time limit.
The copy's file is restored after every mutant, also on Ctrl-C or SIGTERM.

Outcome per mutant: killed (a test failed, crashed, printed no summary or ran out of time),
survived (every test passed), equivalent (the object file is byte-identical to the original:
no test can see it), no-compile. Score = killed / (killed + survived).

usage: mutants.py [--count N] [--seed S] [--timeout SECONDS] [--workdir DIR] [--shared DIR]
"""
import argparse
import filecmp
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed", re.M)
# Optimised, without debug info: a mutant that changes no instruction leaves the object as it
# was (line numbers would differ with -g).
MAKE_VARS = ["O=-O2", "BUILD=build"]


class Interrupted(Exception):
    pass


def on_signal(signum, frame):
    raise Interrupted()


# ---- finding mutation sites ----------------------------------------------------------------

def mask(src):
    """src with comments, string and character literals and preprocessor lines blanked (same
    length, newlines kept), so sites are only searched in code."""
    out = list(src)
    i, n = 0, len(src)
    line_start = True
    while i < n:
        c = src[i]
        if line_start and c == "#":
            j = i
            while j < n and (src[j] != "\n" or src[j - 1] == "\\"):
                j += 1
            for k in range(i, j):
                if out[k] != "\n":
                    out[k] = " "
            i = j
            continue
        if c == "\n":
            line_start = True
            i += 1
            continue
        if not c.isspace():
            line_start = False
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            j += 1
        else:
            i += 1
            continue
        for k in range(i, min(j, n)):
            if out[k] != "\n":
                out[k] = " "
        i = j
    return "".join(out)


SWAPS = [
    (re.compile(r"=="), "!="),
    (re.compile(r"!="), "=="),
    (re.compile(r"<="), "<"),
    (re.compile(r">="), ">"),
    (re.compile(r"(?<![<\-])<(?![<=])"), "<="),
    (re.compile(r"(?<![>\-])>(?![>=])"), ">="),
    (re.compile(r"&&"), "||"),
    (re.compile(r"\|\|"), "&&"),
]
BINARY_LEFT = re.compile(r"[\w\)\]]\s*$")
ASSIGN_LINE = re.compile(r"^(\s*)\*?\s*[A-Za-z_]\w*(\s*(\.|->)\s*[A-Za-z_]\w*|\[[^\]]*\])*"
                         r"\s*(=|\+=|-=|\|=|&=|\^=|<<=|>>=)[^=].*;\s*$")


def sites(path):
    """Every (path, offset, old, new, kind) mutation of one file."""
    src = open(path).read()
    m = mask(src)
    found = []
    for rx, new in SWAPS:
        for hit in rx.finditer(m):
            found.append((path, hit.start(), hit.group(0), new, "operator"))
    for hit in re.finditer(r"[+\-]", m):
        i = hit.start()
        prev, nxt = m[i - 1] if i else " ", m[i + 1] if i + 1 < len(m) else " "
        if prev in "+-" or nxt in "+-=>":
            continue  # ++ -- += -= ->
        if not BINARY_LEFT.search(m[max(0, i - 40):i]):
            continue  # unary
        found.append((path, i, hit.group(0), "-" if hit.group(0) == "+" else "+", "operator"))
    for hit in re.finditer(r"(?<![\w.])(\d+)([uUlL]*)(?![\w.])", m):
        v = int(hit.group(1))
        if hit.group(1).startswith("0") and v != 0:
            continue  # octal
        for nv in (v + 1, v - 1):
            if nv >= 0:
                found.append((path, hit.start(1), hit.group(1), str(nv), "constant"))
    pos = 0
    for line in m.split("\n"):
        a = ASSIGN_LINE.match(line)
        if a and not re.match(r"\s*(return|case|default|else)\b", line):
            body = line.strip()
            off = pos + line.index(body)
            found.append((path, off, src[off:off + len(body)], "(void)0;", "deletion"))
        pos += len(line) + 1
    return found


# ---- the private tree -----------------------------------------------------------------------

def sync_tree(tree):
    """Copy the checkout's files (git ls-files, working versions) into tree, leaving files
    whose content is unchanged alone so the copy's build stays incremental."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                           stdout=subprocess.PIPE).stdout.decode().split("\0")
    for f in files:
        if not f:
            continue
        src, dst = os.path.join(ROOT, f), os.path.join(tree, f)
        if not os.path.isfile(src):
            continue
        if os.path.exists(dst) and filecmp.cmp(src, dst, shallow=False):
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)


def run(cmd, cwd, timeout, env=None):
    """Run cmd in its own process group; kill the group on timeout. (rc, output); rc None on
    timeout."""
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out.decode(errors="replace")
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return None, ""
    except BaseException:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        raise


def build(tree):
    rc, out = run(["make", "-j2", "--no-print-directory"] + MAKE_VARS + ["tests"], tree, 600)
    return rc == 0, out


def run_tests(tree, tests, env, limit):
    """None when every program passed, else the first failing program's name."""
    t0 = time.monotonic()
    for t in tests:
        left = limit - (time.monotonic() - t0)
        if left <= 0:
            return "%s (time limit)" % t
        rc, out = run([os.path.join("build", "tests", t)], tree, left, env)
        if rc is None:
            return "%s (time limit)" % t
        m = SUMMARY.findall(out)
        if rc != 0 or not m or int(m[-1][1]) != 0:
            return t
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=0, help="per mutant test time, s "
                    "(default: 4x the unmutated run, at least 60)")
    ap.add_argument("--workdir", default=os.path.join(ROOT, "build-mutants"))
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    tree = os.path.join(os.path.abspath(a.workdir), "tree")
    os.makedirs(tree, exist_ok=True)
    sync_tree(tree)
    core = sorted(os.path.join("core", f) for f in os.listdir(os.path.join(tree, "core"))
                  if f.endswith(".c"))
    tests = sorted(f[:-2] for f in os.listdir(os.path.join(tree, "tests"))
                   if f.startswith("test_") and f.endswith(".c"))
    env = dict(os.environ, SHARED=os.path.abspath(a.shared), BUILD="build")

    ok, out = build(tree)
    if not ok:
        sys.exit("mutants: the unmutated copy does not build:\n" + out[-2000:])
    t0 = time.monotonic()
    bad = run_tests(tree, tests, env, 600)
    base = time.monotonic() - t0
    if bad is not None:
        sys.exit("mutants: the unmutated copy fails %s; fix that first" % bad)
    limit = a.timeout or max(60.0, 4 * base)
    objs = {f: open(os.path.join(tree, "build", f[:-2] + ".o"), "rb").read() for f in core}

    cands = []
    for f in core:
        cands += sites(os.path.join(tree, f))
    rnd = random.Random(a.seed)
    picked = rnd.sample(cands, min(a.count, len(cands)))
    print("mutants: %d sampled of %d sites in %d files (seed %d), unmutated tests %.0f s, "
          "limit %.0f s each" % (len(picked), len(cands), len(core), a.seed, base, limit))
    sys.stdout.flush()

    tally = {"killed": 0, "survived": 0, "equivalent": 0, "no-compile": 0}
    survivors = []
    for i, (path, off, old, new, kind) in enumerate(picked, 1):
        rel = os.path.relpath(path, tree)
        orig = open(path).read()
        line = orig.count("\n", 0, off) + 1
        what = "%s:%d %s %r -> %r" % (rel, line, kind, old.strip()[:50], new)
        try:
            with open(path, "w") as fh:
                fh.write(orig[:off] + new + orig[off + len(old):])
            ok, _ = build(tree)
            if not ok:
                res = "no-compile"
            elif open(os.path.join(tree, "build", rel[:-2] + ".o"), "rb").read() == objs[rel]:
                res = "equivalent"
            else:
                bad = run_tests(tree, tests, env, limit)
                res = "killed" if bad else "survived"
                if bad:
                    what += " (%s)" % bad
        finally:
            with open(path, "w") as fh:
                fh.write(orig)
        tally[res] += 1
        if res == "survived":
            survivors.append(what)
        print("[%2d/%d] %-10s %s" % (i, len(picked), res, what))
        sys.stdout.flush()
    # leave the copy's build as the original again
    build(tree)
    scored = tally["killed"] + tally["survived"]
    print("\nmutants: %d killed, %d survived, %d equivalent, %d did not compile; "
          "score %d/%d = %.0f%%" % (tally["killed"], tally["survived"], tally["equivalent"],
                                   tally["no-compile"], tally["killed"], scored,
                                   100.0 * tally["killed"] / scored if scored else 0))
    for s in survivors:
        print("  survived: " + s)


if __name__ == "__main__":
    try:
        main()
    except Interrupted:
        sys.exit("mutants: interrupted (the copy's source was restored)")
