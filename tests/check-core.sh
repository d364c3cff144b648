#!/bin/sh
# SPDX-License-Identifier: MIT
# check-core.sh DIR...: the rules of core/ (core/README.md), checked on the objects in each DIR.
# Fails when an object references the heap or any OS symbol (only mem*/str* basics,
# mbedtls_*, s3l_*, the ARM EABI / libgcc switch helpers and libgcc's arithmetic are allowed), has writable static data
# (.data/.bss not empty), or when -fstack-usage reports a dynamic (VLA/alloca) frame.
set -u
bad=0
objs=0
for dir in "$@"; do
    for o in "$dir"/*.o; do
        [ -f "$o" ] || continue
        objs=$((objs + 1))
        # undefined symbols
        for s in $(nm -u "$o" 2>/dev/null | awk '{print $NF}'); do
            case "$s" in
            strdup|strndup) echo "check-core: $o uses the heap ($s)"; bad=1 ;;
            mem*|str*|mbedtls_*|s3l_*|__aeabi_*|__gnu_thumb1_case_*) ;;  # libgcc EABI and switch-table helpers
            __[a-z]*di3|__[a-z]*si3) ;;  # libgcc's integer arithmetic helpers (64-bit division on RV32)
            *) echo "check-core: $o references a symbol outside the core's allowance: $s"; bad=1 ;;
            esac
        done
        # writable static data: symbols in .data/.bss/COMMON. A host build is PIE, where tables
        # of const pointers land in .data.rel.ro: read-only after relocation, so allowed.
        w=$(objdump -t "$o" 2>/dev/null |
            awk '$0 ~ /[ \t](\.data|\.bss|\*COM\*)/ && $0 !~ /\.data\.rel\.ro/ && $NF !~ /^\./ {print $NF}')
        if [ -n "$w" ]; then
            echo "check-core: $o has writable static data: $(echo $w | tr '\n' ' ')"; bad=1
        fi
        # section sizes too (catches anonymous data)
        sz=$(size -A "$o" 2>/dev/null |
             awk '$1 ~ /^\.(data|bss)/ && $1 !~ /^\.data\.rel\.ro/ && $2 > 0 {print $1"="$2}')
        if [ -n "$sz" ]; then
            echo "check-core: $o has non-empty writable sections: $(echo $sz | tr '\n' ' ')"; bad=1
        fi
        su=${o%.o}.su
        # A VLA or alloca shows as "dynamic" (unbounded). x86-64 reports "dynamic,bounded" for
        # calls that push stack arguments; accepted on the host, refused in cross objects.
        case "$dir" in *cross*) pat='dynamic' ;; *) pat='dynamic$' ;; esac
        if [ -f "$su" ] && grep -qE "$pat" "$su"; then
            echo "check-core: $o has a dynamic stack frame (VLA or alloca):"; grep -E "$pat" "$su"; bad=1
        fi
    done
done
if [ "$objs" -eq 0 ]; then echo "check-core: no objects found in $*"; exit 1; fi
# Source-level rule nm cannot see: a heap call behind a macro or in code a configuration
# compiles out is still refused.
if grep -nE '\b(malloc|calloc|realloc|free|alloca)[[:space:]]*\(' core/*.c core/*.h; then
    echo "check-core: heap call in core/ source"; bad=1
fi
if [ "$bad" -ne 0 ]; then echo "check-core: FAILED"; exit 1; fi
echo "check-core: clean ($objs objects: no heap, no OS symbols, no writable static data, no dynamic stack)"
