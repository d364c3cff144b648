#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make test-lwip: multipart uploads through a real lwIP stack on a TAP device, checked by hash.
#
# A network namespace of its own (removed on exit, whatever happens) holds a TAP device whose
# Linux side is 10.201.7.1/24 (lwIP takes 10.201.7.2) and the local S3 server, started by
# tests/server/s3-server-run.sh --tls inside the namespace on S3L_LWIP_RGW_PORT (7900; the cluster
# takes that port to +40) and also listening on 10.201.7.1 with a certificate naming it. Then:
#   sockets API (build/s3lite-lwip, NO_SYS=0): upload and download, plain TCP and TLS
#   raw API (build/tests/lwip_raw_upload, NO_SYS=1, polled): upload, plain TCP and TLS, and TLS
#     with mbedTLS 3.6 when LWIP_RAW_MB3 names that build of it
#   a missing TAP device: exit 3
# Every upload is read back over the namespace's loopback with the POSIX CLI and compared by
# SHA-256. Needs root (namespaces, /dev/net/tun). Ends with "N passed, N failed".
#
# LWIP_BENCH=1 instead measures throughput (MB/s) of one LWIP_BENCH_MB (64) MiB upload through
# lwIP on the TAP (sockets and raw API, plain and TLS) and through the POSIX port on loopback.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$root/$BUILD ;; esac
export BUILD
net=10.201.7
tap=s3ltap0

if [ "${1:-}" != --inner ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test-lwip: skipped: needs root (network namespace, /dev/net/tun)"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
  fi
  ns=s3l-lwip-$$-$RANDOM
  status=$(mktemp /tmp/s3l-lwip-status.XXXXXX)
  cleanup() {
    local pids i
    for i in 1 2 3 4 5; do
      pids=$(ip netns pids "$ns" 2>/dev/null) || break
      [ -n "$pids" ] || break
      # shellcheck disable=SC2086
      kill $([ "$i" -ge 4 ] && echo -9) $pids 2>/dev/null
      sleep 1
    done
    ip netns del "$ns" 2>/dev/null
    rm -f "$status"
  }
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  ip netns add "$ns" || { echo "test-lwip: ip netns add failed"; echo "0 passed, 1 failed"; exit 1; }
  ip -n "$ns" link set lo up &&
    ip -n "$ns" tuntap add dev "$tap" mode tap &&
    ip -n "$ns" addr add "$net.1/24" dev "$tap" &&
    ip -n "$ns" link set "$tap" up ||
    { echo "test-lwip: could not set up $tap in $ns"; echo "0 passed, 1 failed"; exit 1; }
  echo "test-lwip: namespace $ns, $tap $net.1/24 (lwIP: $net.2)"
  ip netns exec "$ns" env S3L_RGW_PORT="${S3L_LWIP_RGW_PORT:-7900}" S3L_RGW_EXTRA_ADDR="$net.1" \
    S3L_RGW_MEM_MB="${S3L_RGW_MEM_MB:-1536}" S3L_LWIP_STATUS="$status" \
    bash "$root/tests/server/s3-server-run.sh" --tls -- bash "${BASH_SOURCE[0]}" --inner
  rc=$?
  if [ ! -s "$status" ]; then
    echo "test-lwip: the tests did not run (the server did not start?)"
    echo "0 passed, 1 failed"
    exit 1
  fi
  exit "$rc"
fi

# ---- inside the namespace, with the server's S3L_* variables --------------------------------
pass=0 fail=0 skip=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
work=$(mktemp -d /tmp/s3l-lwip.XXXXXX)
trap 'rm -rf "$work"' EXIT

export AWS_ACCESS_KEY_ID=$S3L_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$S3L_SECRET_KEY AWS_REGION=$S3L_REGION
unset AWS_ENDPOINT_URL AWS_CA_BUNDLE
port=${S3L_ENDPOINT##*:}
tls_port=${S3L_TLS_ENDPOINT##*:}
plain_url=http://$net.1:$port
tls_url=https://$net.1:$tls_port
lwip=("$BUILD/s3lite-lwip" --tap "$tap" --ip "$net.2/24" --gw "$net.1")
raw=("$BUILD/tests/lwip_raw_upload" --tap "$tap" --ip "$net.2/24" --gw "$net.1")
posix=("$BUILD/s3lite")
bucket=lwip-$$
sha() { sha256sum "$1" | cut -d' ' -f1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
rate() { awk -v b="$1" -v ms="$2" 'BEGIN { printf "%.1f MB/s", (ms > 0 ? b / 1e6 / (ms / 1000) : 0) }'; }

# read KEY back over loopback (POSIX CLI) and compare with FILE
readback() {
  rm -f "$work/back"
  "${posix[@]}" cp --no-progress --endpoint-url "$S3L_ENDPOINT" "s3://$bucket/$1" "$work/back" \
    >"$work/back.log" 2>&1 && [ "$(sha "$work/back")" = "$(sha "$2")" ]
}

# upload NAME FILE KEY CMD...: run the upload, then read back and compare
upload() {
  local name=$1 file=$2 key=$3 t0 ms size
  shift 3
  size=$(stat -c %s "$file")
  t0=$(now_ms)
  if ! "$@" >"$work/up.log" 2>&1; then
    bad "$name: upload failed (exit $?)"; sed 's/^/     /' "$work/up.log" | tail -n 8; return 1
  fi
  ms=$(($(now_ms) - t0))
  if readback "$key" "$file"; then
    ok "$name: $size bytes, SHA-256 matches ($(rate "$size" "$ms") incl. start-up)"
  else
    bad "$name: read back differs or failed"; sed 's/^/     /' "$work/back.log" | tail -n 5
  fi
}

if ! "${posix[@]}" mb --endpoint-url "$S3L_ENDPOINT" "s3://$bucket" >"$work/mb.log" 2>&1; then
  cat "$work/mb.log"; bad "create bucket $bucket"
  echo "$pass passed, $fail failed" | tee "$S3L_LWIP_STATUS"
  exit 1
fi

if [ "${LWIP_BENCH:-0}" = 1 ]; then
  mb=${LWIP_BENCH_MB:-64}
  head -c $((mb * 1024 * 1024)) /dev/urandom >"$work/big.bin"
  echo "throughput, one $mb MiB upload (8 MiB parts, payload unsigned over TLS, streaming plain):"
  upload "POSIX port, loopback, plain" "$work/big.bin" b1 "${posix[@]}" cp --no-progress \
    --endpoint-url "$S3L_ENDPOINT" "$work/big.bin" "s3://$bucket/b1"
  upload "POSIX port, loopback, TLS" "$work/big.bin" b2 "${posix[@]}" cp --no-progress \
    --payload unsigned --ca-bundle "$S3L_CA_FILE" --endpoint-url "$S3L_TLS_ENDPOINT" \
    "$work/big.bin" "s3://$bucket/b2"
  upload "lwIP sockets API, TAP, plain" "$work/big.bin" b3 "${lwip[@]}" cp --no-progress \
    --endpoint-url "$plain_url" "$work/big.bin" "s3://$bucket/b3"
  upload "lwIP sockets API, TAP, TLS" "$work/big.bin" b4 "${lwip[@]}" cp --no-progress \
    --payload unsigned --ca-bundle "$S3L_CA_FILE" --endpoint-url "$tls_url" \
    "$work/big.bin" "s3://$bucket/b4"
  upload "lwIP raw API, TAP, plain" "$work/big.bin" b5 "${raw[@]}" --endpoint "$net.1:$port" \
    --bucket "$bucket" --key b5 --file "$work/big.bin" --part-size 8388608
  upload "lwIP raw API, TAP, TLS" "$work/big.bin" b6 "${raw[@]}" --endpoint "$net.1:$tls_port" \
    --bucket "$bucket" --key b6 --file "$work/big.bin" --part-size 8388608 \
    --ca-file "$S3L_CA_FILE" --payload unsigned
  # The heap TLS needs: lwIP's pools are static and s3lite never allocates, so the raw-API
  # program's peak heap is mbedTLS's (host build: Debian's 2.28, 16 KiB records each way)
  # plus stdio's buffers, which the plain run measures alone.
  if command -v valgrind >/dev/null; then
    head -c 65536 /dev/urandom >"$work/small.bin"
    for mode in plain tls; do
      extra=() ep=$net.1:$port
      [ "$mode" = tls ] && extra=(--ca-file "$S3L_CA_FILE") ep=$net.1:$tls_port
      valgrind --tool=massif --massif-out-file="$work/massif.$mode" "${raw[@]}" --endpoint "$ep" \
        --bucket "$bucket" --key m-$mode --file "$work/small.bin" "${extra[@]}" >/dev/null 2>&1
    done
    peak() { sed -n 's/^mem_heap_B=//p' "$1" 2>/dev/null | sort -n | tail -n 1; }
    p1=$(peak "$work/massif.plain") p2=$(peak "$work/massif.tls")
    if [ -n "$p1" ] && [ -n "$p2" ]; then
      echo "peak heap (valgrind massif), raw API upload of 64 KiB: plain $p1 B, TLS $p2 B:" \
        "TLS handshake and session $((p2 - p1)) B"
    else
      echo "massif: no measurement"
    fi
  fi
  echo "$pass passed, $fail failed" | tee "$S3L_LWIP_STATUS"
  [ "$fail" = 0 ]
  exit
fi

# 12 MiB and a bit: three parts of 5 MiB, the last one short.
head -c $((12 * 1024 * 1024 + 4321)) /dev/urandom >"$work/a.bin"
part=(--part-size 5MiB)

# sockets API (the contract binary): endpoint by option, then by AWS_ENDPOINT_URL
upload "sockets API, plain, multipart (streaming)" "$work/a.bin" sp "${lwip[@]}" cp --no-progress \
  "${part[@]}" --payload streaming --endpoint-url "$plain_url" "$work/a.bin" "s3://$bucket/sp"
upload "sockets API, TLS, multipart (signed), AWS_ENDPOINT_URL" "$work/a.bin" st \
  env AWS_ENDPOINT_URL="$tls_url" "${lwip[@]}" cp --no-progress "${part[@]}" --payload signed \
  --ca-bundle "$S3L_CA_FILE" "$work/a.bin" "s3://$bucket/st"
for k in sp st; do
  url=$plain_url extra=()
  [ "$k" = st ] && url=$tls_url extra=(--ca-bundle "$S3L_CA_FILE")
  rm -f "$work/down"
  if "${lwip[@]}" cp --no-progress "${extra[@]}" --endpoint-url "$url" "s3://$bucket/$k" \
      "$work/down" >"$work/down.log" 2>&1 && [ "$(sha "$work/down")" = "$(sha "$work/a.bin")" ]; then
    ok "sockets API, $([ "$k" = st ] && echo TLS || echo plain), download: SHA-256 matches"
  else
    bad "sockets API download of $k"; sed 's/^/     /' "$work/down.log" | tail -n 5
  fi
done

# raw API (NO_SYS=1, polled)
upload "raw API, plain, multipart (streaming)" "$work/a.bin" rp "${raw[@]}" \
  --endpoint "$net.1:$port" --bucket "$bucket" --key rp --file "$work/a.bin" --part-size 5242880
upload "raw API, TLS, multipart (signed)" "$work/a.bin" rt "${raw[@]}" \
  --endpoint "$net.1:$tls_port" --bucket "$bucket" --key rt --file "$work/a.bin" \
  --part-size 5242880 --ca-file "$S3L_CA_FILE" --payload signed

# the same raw-API program built against mbedTLS 3.6 (make test-lwip builds it when it can)
if [ -n "${LWIP_RAW_MB3:-}" ]; then
  upload "raw API, TLS, multipart (unsigned), mbedTLS 3.6" "$work/a.bin" r3 "$LWIP_RAW_MB3" \
    --tap "$tap" --ip "$net.2/24" --gw "$net.1" --endpoint "$net.1:$tls_port" --bucket "$bucket" \
    --key r3 --file "$work/a.bin" --part-size 5242880 --ca-file "$S3L_CA_FILE" --payload unsigned
else
  skip=$((skip + 1)); echo "skip raw API with mbedTLS 3.6: not built (no mbedTLS 3.6 tarball)"
fi

# the certificate is checked through lwIP too: a CA that did not sign it is refused (exit 3)
"${lwip[@]}" cp --no-progress --ca-bundle "$(dirname "$S3L_CA_FILE")/other-ca.crt" \
  --endpoint-url "$tls_url" "$work/a.bin" "s3://$bucket/never" >"$work/v.log" 2>&1
rc=$?
if [ "$rc" = 3 ] && grep -q "certificate" "$work/v.log"; then
  ok "sockets API, TLS with the wrong CA: refused, exit 3"
else
  bad "wrong CA: exit $rc"; sed 's/^/     /' "$work/v.log" | tail -n 3
fi

# a TAP device that does not exist: exit 3, and no device is created
"$BUILD/s3lite-lwip" --tap s3lnotap9 --ip "$net.2/24" --gw "$net.1" cp --no-progress \
  --endpoint-url "$plain_url" "$work/a.bin" "s3://$bucket/never" >"$work/m.log" 2>&1
rc=$?
if [ "$rc" = 3 ] && ! ip link show s3lnotap9 >/dev/null 2>&1; then
  ok "missing TAP device: exit 3 ($(head -n 1 "$work/m.log"))"
else
  bad "missing TAP device: exit $rc"; cat "$work/m.log"
fi

echo "$pass passed, $fail failed$([ "$skip" = 0 ] || echo ", $skip skipped")" | tee "$S3L_LWIP_STATUS"
[ "$fail" = 0 ]
