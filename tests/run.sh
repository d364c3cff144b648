#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every test program given, show its output, add up the "N passed, N failed[, N skipped]"
# lines and print the one closing line. A program that crashes or prints no such line counts
# as one failure. TEST_RUNNER, when set, is the command that runs each program (an emulator).
passed=0; failed=0; skipped=0
for t in "$@"; do
    out=$(${TEST_RUNNER:-} "$t" 2>&1); rc=$?
    printf '%s\n' "$out" | grep -v '^PASS' | tail -n 40
    line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    if [ -z "$line" ]; then
        echo "== $t: exit $rc, no summary line: counted as 1 failure"
        failed=$((failed + 1)); continue
    fi
    p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
    s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p'); s=${s:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    echo "== $(basename "$t"): $line"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
