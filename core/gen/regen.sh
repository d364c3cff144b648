#!/bin/sh
# SPDX-License-Identifier: MIT
# regen.sh OUT PYTHON GENERATOR [INPUT...]: make's recipe for a committed generated file
# (core/gen/generated.mk). OUT is what `PYTHON GENERATOR INPUT...` prints.
#   - With PYTHON: regenerate; replace OUT when the text changed, else only touch it (so make
#     does not run the generator again on every build).
#   - Without PYTHON: a fresh clone has arbitrary mtimes, so "an input is newer" does not mean
#     OUT is stale. When git says the generator, the inputs and OUT are as committed, the
#     committed OUT is current (CI's `make check-generated` guarantees it): keep it. When
#     something was edited, OUT cannot be trusted: fail and say what is missing.
# regen.sh --check OUT PYTHON GENERATOR [INPUT...]: regenerate into a temporary file and fail,
# naming OUT, when the committed OUT differs (make check-generated).
set -u
check=0
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
if [ $# -lt 3 ]; then echo "usage: regen.sh [--check] OUT PYTHON GENERATOR [INPUT...]" >&2; exit 2; fi
out=$1; py=$2; shift 2
tmp=$(mktemp "${TMPDIR:-/tmp}/s3lite-regen.XXXXXX") || exit 1
trap 'rm -f "$tmp"' EXIT INT TERM

if ! command -v "$py" >/dev/null 2>&1; then
    if [ "$check" -eq 0 ] && git diff --quiet HEAD -- "$out" "$@" 2>/dev/null; then
        echo "regen: $py not found; $out kept as committed (its inputs are unchanged)"
        touch "$out"
        exit 0
    fi
    echo "regen: error: $out is older than its inputs and they differ from the commit," >&2
    echo "regen: so it must be regenerated ($*), which needs python3" >&2
    echo "regen: ($py not found: apt-get install python3, or make PYTHON=/path/to/python3)" >&2
    exit 1
fi

if ! "$py" "$@" > "$tmp"; then
    echo "regen: error: $py $* failed; $out left as it was" >&2
    exit 1
fi
if [ "$check" -eq 1 ]; then
    if cmp -s "$tmp" "$out"; then echo "check-generated: $out is current"; exit 0; fi
    echo "check-generated: $out is STALE: it differs from what $* writes now." >&2
    echo "check-generated: regenerate it (make generated) and commit it. First differences:" >&2
    diff -u "$out" "$tmp" | sed -n '3,22p' >&2
    exit 1
fi
if cmp -s "$tmp" "$out"; then
    touch "$out"
else
    cat "$tmp" > "$out" && echo "regen: $out regenerated from $*"
fi
