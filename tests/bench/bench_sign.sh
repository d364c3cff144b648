#!/bin/sh
# SPDX-License-Identifier: MIT
# bench_sign.sh DIR LIB_HASH: the table of `make bench-sign`. DIR holds bench_sign_mbedtls and
# bench_sign_lib (linked with this build's digest backend, named LIB_HASH). Each row counts the
# instructions (callgrind Ir) of exactly one call: the toggle is the bench's wrapper function.
set -u
dir=$1
libhash=${2:-lib}
if ! command -v valgrind >/dev/null 2>&1 || ! command -v callgrind_annotate >/dev/null 2>&1; then
    echo "bench-sign: valgrind (with callgrind_annotate) is not installed: apt-get install valgrind" >&2
    exit 1
fi

# measure BIN MODE -> "total hash" (hash = inclusive Ir of the s3l_sha256_* seam functions)
measure() {
    out=$dir/callgrind.$(basename "$1").$2
    total=$(valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
        --toggle-collect="sign_$2" "$1" "$2" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    hash=$(callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null |
        awk '/:s3l_sha256_(start|update|finish|wipe) \[/ { gsub(",", "", $1); s += $1 } END { print s + 0 }')
    if [ -z "$total" ]; then
        echo "bench-sign: $1 $2 failed" >&2
        exit 1
    fi
    echo "$total $hash"
}

printf 'bench-sign: instructions per call (valgrind --tool=callgrind, Ir); request: UploadPart\n'
printf 'PUT with Host, Content-Length, Content-MD5 + the 2 headers the signer adds, a 162-byte\n'
printf 'uploadId; "hash" = the s3l_sha256_* seam, "signer" = everything else.\n\n'
printf '%-40s %28s %28s\n' "" "hash=mbedtls" "hash=$libhash (this build)"
printf '%-40s %9s %9s %8s %9s %9s %8s\n' "call" "total" "signer" "hash" "total" "signer" "hash"
for row in "warm:UploadPart header signature, warm" "cold:UploadPart header signature, cold" \
    "chunk:aws-chunked chunk signature" "presign:presigned URL (same request)"; do
    mode=${row%%:*}
    label=${row#*:}
    set -- $(measure "$dir/bench_sign_mbedtls" "$mode") $(measure "$dir/bench_sign_lib" "$mode")
    printf '%-40s %9s %9s %8s %9s %9s %8s\n' "$label" "$1" $(($1 - $2)) "$2" "$3" $(($3 - $4)) "$4"
done
