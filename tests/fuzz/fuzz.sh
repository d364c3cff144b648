#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the fuzz targets for tests/fuzz/fuzz.mk (read the conventions there).
#
#   fuzz.sh seed   BUILD SHARED NAME...           shared samples -> BUILD/fuzz/shared/NAME/
#   fuzz.sh run    BUILD SHARED SECONDS NAME...   libFuzzer, SECONDS per target; a table of
#                                                 execs/s, total execs, crashes; exit 1 on a crash
#   fuzz.sh smoke  BUILD SHARED TOTAL NAME...     run, TOTAL seconds shared out among the targets
#   fuzz.sh replay BUILD SHARED NAME...           the gcc replay binaries over every seed and corpus
#
# Environment: FUZZ_FLAGS, extra libFuzzer flags (e.g. "-jobs=2 -workers=2", "-max_len=8192").
set -u

usage() {
    echo "usage: fuzz.sh seed|run|smoke|replay BUILD SHARED [SECONDS] NAME..." >&2
    exit 2
}
[ $# -ge 3 ] || usage
cmd=$1 B=$2 S=$3
shift 3

# Copy the files named by the target's "fuzz-shared:" globs (relative to SHARED/vectors; a
# directory means every file under it but *.md) into BUILD/fuzz/shared/NAME, each prefixed
# with the bytes of its "fuzz-prefix:" line (hex). Never into the repository.
seed() {
    n=$1
    src=tests/fuzz/fuzz_$n.c
    out=$B/fuzz/shared/$n
    rm -rf "$out"
    globs=$(sed -n 's/.*fuzz-shared:[[:space:]]*//p' "$src")
    [ -n "$globs" ] || return 0
    if [ ! -d "$S/vectors" ]; then
        echo "fuzz: $S/vectors absent: no shared seeds for $n"
        return 0
    fi
    mkdir -p "$out"
    pfx=
    for h in $(sed -n 's/.*fuzz-prefix:[[:space:]]*//p' "$src" | head -n 1); do
        pfx="$pfx\\$(printf '%03o' "0x$h")"
    done
    for g in $globs; do
        for f in "$S"/vectors/$g; do
            [ -e "$f" ] || continue
            find "$f" -type f ! -name '*.md' | sort | while IFS= read -r x; do
                rel=${x#"$S"/vectors/}
                # shellcheck disable=SC2059 # the prefix is a printf escape on purpose
                { printf "$pfx"; cat "$x"; } >"$out/$(echo "$rel" | tr '/ ' '__')"
            done
        done
    done
    echo "fuzz: $n: $(ls "$out" | wc -l) shared seeds from $S/vectors"
}

# Seed directories that exist for NAME, committed ones first.
seed_dirs() {
    d=
    [ -d "tests/fuzz/seeds/$1" ] && d="tests/fuzz/seeds/$1"
    [ -d "$B/fuzz/shared/$1" ] && d="$d $B/fuzz/shared/$1"
    echo "$d"
}

stat_of() { # log key
    sed -n "s/^stat::$2:[[:space:]]*//p" "$1" | tail -n 1
}

run() {
    secs=$1
    shift
    table=$B/fuzz/report.txt
    mkdir -p "$B/fuzz"
    printf '%-12s %8s %10s %14s %8s\n' target seconds execs/s "total execs" crashes >"$table"
    fail=0
    for n in "$@"; do
        seed "$n"
        bin=$B/fuzz/lf/fuzz_$n
        corpus=$B/fuzz/corpus/$n
        art=$B/fuzz/artifacts/$n
        log=$B/fuzz/$n.log
        mkdir -p "$corpus" "$art"
        dict=
        [ -f "tests/fuzz/$n.dict" ] && dict="-dict=tests/fuzz/$n.dict"
        before=$(ls "$art" | wc -l)
        echo "fuzz: $n for ${secs}s (log $log)"
        # shellcheck disable=SC2046,SC2086 # word splitting wanted
        "$bin" -max_total_time="$secs" -timeout=10 -print_final_stats=1 -artifact_prefix="$art/" \
            $dict ${FUZZ_FLAGS:-} "$corpus" $(seed_dirs "$n") >"$log" 2>&1
        rc=$?
        crashes=$(($(ls "$art" | wc -l) - before))
        if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
        execs=$(stat_of "$log" number_of_executed_units)
        eps=$(stat_of "$log" average_exec_per_sec)
        printf '%-12s %8s %10s %14s %8s\n' "$n" "$secs" "${eps:--}" "${execs:--}" "$crashes" >>"$table"
        if [ "$crashes" -ne 0 ]; then
            fail=1
            grep -E 'ERROR|SUMMARY|^fuzz_|Test unit written' "$log" | head -n 20
            echo "fuzz: $n: exit $rc; artifacts in $art (replay: $B/fuzz/replay/fuzz_$n FILE)"
        fi
    done
    cat "$table"
    return $fail
}

replay() {
    fail=0
    for n in "$@"; do
        seed "$n"
        dirs=$(seed_dirs "$n")
        [ -d "$B/fuzz/corpus/$n" ] && dirs="$dirs $B/fuzz/corpus/$n"
        if [ -z "$dirs" ]; then
            echo "fuzz-replay: $n: no seeds, nothing replayed"
            continue
        fi
        # shellcheck disable=SC2086
        out=$("$B/fuzz/replay/fuzz_$n" $dirs 2>&1)
        rc=$?
        echo "fuzz-replay: $n: $(printf '%s\n' "$out" | tail -n 1) from$(printf ' %s' $dirs)"
        if [ "$rc" -ne 0 ]; then
            printf '%s\n' "$out" | tail -n 30
            echo "fuzz-replay: $n: FAILED (exit $rc)"
            fail=1
        fi
    done
    return $fail
}

case $cmd in
seed)
    for n in "$@"; do seed "$n"; done
    ;;
run)
    [ $# -ge 2 ] || usage
    secs=$1
    shift
    run "$secs" "$@"
    ;;
smoke)
    [ $# -ge 2 ] || usage
    total=$1
    shift
    per=$((total / $#))
    [ "$per" -ge 1 ] || per=1
    echo "fuzz-smoke: $# targets, ${per}s each (budget ${total}s)"
    run "$per" "$@"
    ;;
replay)
    replay "$@"
    ;;
*)
    usage
    ;;
esac
