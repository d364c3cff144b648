#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# server_check.sh - run by `make server-check` inside tests/server/s3-server-run.sh --tls: checks
# that the local S3 server answers a signed ListBuckets over http, and over https when the
# generated CA is given, and that https is refused without it. Prints one line per check and
# "N passed, N failed" last.
set -u
passed=0; failed=0
check() {  # check NAME CMD...
  if "${@:2}"; then echo "ok   $1"; passed=$((passed + 1)); else echo "FAIL $1"; failed=$((failed + 1)); fi
}
sigv4() {  # sigv4 URL [CURL ARGS]: HTTP status of a signed ListBuckets
  local url=$1; shift
  curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "$@" --aws-sigv4 "aws:amz:$S3L_REGION:s3" \
    --user "$S3L_ACCESS_KEY:$S3L_SECRET_KEY" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
    "$url" 2>/dev/null
}
check "env lines present" test -n "${S3L_ENDPOINT:-}" -a -n "${S3L_TLS_ENDPOINT:-}" -a -f "${S3L_CA_FILE:-/nonexistent}"
check "http ListBuckets 200" test "$(sigv4 "$S3L_ENDPOINT/")" = 200
check "https ListBuckets 200 (CA verified, 127.0.0.1)" test "$(sigv4 "$S3L_TLS_ENDPOINT/" --cacert "$S3L_CA_FILE")" = 200
tls_port=${S3L_TLS_ENDPOINT##*:}
check "https ListBuckets 200 (CA verified, localhost)" test "$(sigv4 "https://localhost:$tls_port/" --cacert "$S3L_CA_FILE")" = 200
check "https refused without the CA" test "$(sigv4 "$S3L_TLS_ENDPOINT/")" = 000
check "wrong secret is refused (403)" test "$(S3L_SECRET_KEY=wrong sigv4 "$S3L_TLS_ENDPOINT/" --cacert "$S3L_CA_FILE")" = 403
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
