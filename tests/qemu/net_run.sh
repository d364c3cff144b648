#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make test-qemu-net: the firmware uploader image (boards/qemu-mps2/upload_main.c) on QEMU's
# mps2-an386 uploads through lwIP to the local S3 server, through `make qemu-upload` itself:
#   1. a generated log of 13 MiB (3 parts of 5 MiB) with the streaming payload: exit 0, the
#      object read back with the POSIX CLI has the log's SHA-256, the state page is gone;
#   2. a 40 MiB log (8 parts) with the signed payload, QEMU killed (-9) once the state page
#      records a part done (bounded wait), then the same command again with the same STATE:
#      it resumes (the image prints "resuming upload ID" with the ID the killed run created,
#      creates none, and ListParts kept at least one part, so fewer than 8 are sent), the
#      object has the log's SHA-256, no upload is left open, and the secret key was on no
#      command line (ps) during the run.
# The server: S3L_ENDPOINT, S3L_ACCESS_KEY, S3L_SECRET_KEY, S3L_REGION when set (CI starts one
# for all suites), else one of its own (tests/server/s3-server-up.sh on QNET_PORT, default 7820,
# stopped at the end). Ends with "N passed, N failed".
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1
BUILD=${BUILD:-build}
S3LITE=${S3LITE:-$BUILD/s3lite}
MIB=1048576
passed=0 failed=0
check() { # check NAME CMD...
  if "${@:2}"; then echo "ok   $1"; passed=$((passed + 1)); else echo "FAIL $1"; failed=$((failed + 1)); fi
}

work=$(mktemp -d /tmp/s3l-qemu-net.XXXXXX)
own_server=
cleanup() {
  [ -z "$own_server" ] || bash tests/server/s3-server-down.sh "$own_server" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
if [ -z "${S3L_ENDPOINT:-}" ]; then
  own_server=$work/rgw
  env_lines=$(S3L_RGW_PORT=${QNET_PORT:-7820} bash tests/server/s3-server-up.sh --no-tls "$own_server") || {
    echo "FAIL starting the S3 server (tests/server/s3-server-up.sh)"; echo "0 passed, 1 failed"; exit 1; }
  eval "$env_lines"
fi
export AWS_ACCESS_KEY_ID=$S3L_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$S3L_SECRET_KEY AWS_REGION=$S3L_REGION
endpoint=$S3L_ENDPOINT
bucket=s3l-qemu-net-$$-$RANDOM
cli() { "$S3LITE" "$@" --endpoint-url "$endpoint"; }
upload() { # upload LOG KEY STATE PAYLOAD: make qemu-upload, output in $work/out.<KEY>
  make -s --no-print-directory BUILD="$BUILD" qemu-upload FILE="$1" BUCKET="$bucket" KEY="$2" \
    ENDPOINT="$endpoint" PART_SIZE=$((5 * MIB)) PAYLOAD="$4" STATE="$3" >>"$work/out.$2" 2>&1
}
same_object() { # same_object LOG KEY: the object read back has the log's SHA-256
  rm -f "$work/get"
  cli cp "s3://$bucket/$2" "$work/get" >/dev/null 2>&1 &&
    [ "$(sha256sum <"$1")" = "$(sha256sum <"$work/get")" ]
}
# The command lines of pid and of every process below it (make, the script, timeout, QEMU,
# the relays), one a line: other users' processes are not ours to judge.
tree_cmdlines() {
  local pids=$1 all p
  all=$(ps -eo pid=,ppid=)
  for _ in 1 2 3 4 5 6; do
    for p in $pids; do pids="$pids $(awk -v pp="$p" '$2 == pp { print $1 }' <<<"$all")"; done
    pids=$(tr ' ' '\n' <<<"$pids" | sort -u)
  done
  for p in $pids; do tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null; echo; done
}
# The uploader's blob keeps "bytes done" as 8 little-endian bytes at offset 56 (uploader.h).
bytes_done() { od -An -tu8 -j56 -N8 "$1" 2>/dev/null | tr -d ' '; }

check "bucket created" cli mb "s3://$bucket" >/dev/null

# 1. three parts, streaming payload
head -c $((13 * MIB)) /dev/urandom >"$work/log3"
t0=$(date +%s%N)
upload "$work/log3" log3 "$work/state3" streaming
rc=$?
t1=$(date +%s%N)
sed 's/^/    /' "$work/out.log3"
echo "    (wall time $(((t1 - t0) / 1000000)) ms, QEMU start included)"
check "3-part upload exits 0" test "$rc" = 0
check "3 parts sent" grep -q "complete: $((13 * MIB)) bytes in 3 parts (3 sent" "$work/out.log3"
check "object's SHA-256 equals the log's" same_object "$work/log3" log3
check "state page removed once complete" test ! -e "$work/state3"

# 2. killed after a part, resumed with the same STATE, signed payload
head -c $((40 * MIB)) /dev/urandom >"$work/log8"
pidfile=$work/qemu.pid
QEMU_UPLOAD_PIDFILE=$pidfile upload "$work/log8" log8 "$work/state8" signed &
job=$!
killed=0 secret_seen=0 qemu_seen=0
for i in $(seq 1 3000); do # 20 ms steps: 60 s at most
  sleep 0.02
  if [ $((i % 10)) = 0 ]; then
    lines=$(tree_cmdlines "$job")
    grep -qF -- "$AWS_SECRET_ACCESS_KEY" <<<"$lines" && secret_seen=1
    grep -q "qemu-system-arm .*-kernel" <<<"$lines" && qemu_seen=1
  fi
  done_now=$(bytes_done "$work/state8")
  if [ -n "$done_now" ] && [ "$done_now" -gt 0 ] && [ -s "$pidfile" ]; then
    kill -9 "$(cat "$pidfile")" && killed=1
    break
  fi
  kill -0 "$job" 2>/dev/null || break
done
wait "$job"
rc=$?
sed 's/^/    /' "$work/out.log8"
check "QEMU killed after the state page recorded a part (bytes done: ${done_now:-none})" test "$killed" = 1
check "the killed run did not exit 0" test "$rc" != 0
check "QEMU's command line was among those looked at" test "$qemu_seen" = 1
check "no command line of the run showed the secret key" test "$secret_seen" = 0
echo "    -- second run, same STATE"
mv "$work/out.log8" "$work/out.log8.killed"
upload "$work/log8" log8 "$work/state8" signed
rc=$?
sed 's/^/    /' "$work/out.log8"
check "resumed run exits 0" test "$rc" = 0
created=$(sed -n 's/^qemu-upload: created upload //p' "$work/out.log8.killed")
check "it resumed the upload the killed run created (${created:-none})" \
  grep -qF "qemu-upload: resuming upload $created from" "$work/out.log8"
check "and created none" test -z "$(sed -n 's/^qemu-upload: created upload //p' "$work/out.log8")"
kept=$(sed -n 's/.*complete: .* (\([0-9]*\) sent, \([0-9]*\) kept from before).*/\2/p' "$work/out.log8")
sent=$(sed -n 's/.*complete: .* (\([0-9]*\) sent, \([0-9]*\) kept from before).*/\1/p' "$work/out.log8")
check "parts kept from before the kill (${kept:-?}) and not sent again (${sent:-?} sent of 8)" \
  test "${kept:-0}" -ge 1 -a "$((${kept:-0} + ${sent:-99}))" = 8
check "object's SHA-256 equals the log's" same_object "$work/log8" log8
check "no multipart upload left open" test -z "$(cli ls-uploads "s3://$bucket" 2>/dev/null)"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
