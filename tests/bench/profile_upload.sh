#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# profile_upload.sh - make profile-upload (tests/bench/profile.mk): checks that no byte is touched
# twice without need. Uploads one PROFILE_MB MiB file (default 64) with `s3lite cp` in each
# payload mode (signed, streaming, unsigned), with each hash backend's build, and measures:
#   - bytes moved per payload byte: pread into the I/O buffer, memcpy between buffers, send
#     (tests/bench/profile_touch.c, an LD_PRELOAD counter), SHA-256 input (callgrind's count of
#     mbedTLS block calls);
#   - instructions per MiB by bucket (valgrind --tool=callgrind, user space);
#   - CPU per MiB by bucket, user and kernel (perf record -e cpu-clock, when perf works here;
#     perf stat's instruction counters too when the machine has them);
# and prints the tables (tests/bench/profile_report.py).
#
# Runs inside tests/server/s3-server-run.sh (S3L_ENDPOINT, S3L_ACCESS_KEY, S3L_SECRET_KEY set).
# Environment: PROFILE_MB (64), PROFILE_MODES ("signed streaming unsigned"), S3LITE
# (build/s3lite), S3LITE_PLAIN (build-plain/s3lite: the mbedTLS-only build; skipped when
# absent), PROFILE_TOUCH (the counter .so), PROFILE_FREQ (perf samples/s, 10000), PROFILE_OUT
# (where the raw data is kept, build/profile).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
say() { printf 'profile-upload: %s\n' "$*" >&2; }

mb=${PROFILE_MB:-64}
modes=${PROFILE_MODES:-signed streaming unsigned}
freq=${PROFILE_FREQ:-10000}
s3lite=${S3LITE:-$root/build/s3lite}
plain=${S3LITE_PLAIN:-$root/build-plain/s3lite}
touch_so=${PROFILE_TOUCH:-$root/build/profile/profile_touch.so}
out=${PROFILE_OUT:-$root/build/profile}
python=${PYTHON:-/usr/bin/python3}
: "${S3L_ENDPOINT:?run me inside tests/server/s3-server-run.sh}"

case $mb in ''|*[!0-9]*) say "PROFILE_MB: want a number of MiB"; exit 2 ;; esac
[ -x "$s3lite" ] || { say "$s3lite: not built"; exit 2; }
[ -f "$touch_so" ] || { say "$touch_so: not built"; exit 2; }
command -v valgrind >/dev/null || { say "valgrind not found (apt-get install valgrind)"; exit 2; }

mkdir -p "$out"
rm -f "$out"/touch.* "$out"/cg.* "$out"/cga.* "$out"/perf.* "$out"/stat.* "$out"/meta
data_dir=/dev/shm
need_kb=$(( (mb + 16) * 1024 ))
if [ ! -d /dev/shm ] || [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -lt "$need_kb" ]; then
  data_dir=$out
fi
tmp=$(mktemp -d "$data_dir/s3l-profile.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
data=$tmp/data.bin
say "writing $mb MiB of random bytes to $data (not measured)"
head -c $((mb * 1048576)) /dev/urandom > "$data"

: > "$tmp/empty.cfg"
export AWS_ACCESS_KEY_ID=$S3L_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$S3L_SECRET_KEY
export AWS_REGION=${S3L_REGION:-us-east-1} AWS_CONFIG_FILE=$tmp/empty.cfg
export AWS_SHARED_CREDENTIALS_FILE=$tmp/empty.cfg
unset AWS_SESSION_TOKEN AWS_PROFILE || true
"$s3lite" mb --endpoint-url "$S3L_ENDPOINT" s3://profile >/dev/null 2>&1 || true

backend_of() {  # hash=... of the build directory's accel.flags
  sed -n 's/.*hash=\([a-z0-9]*\).*/\1/p' "$(dirname "$1")/accel.flags" 2>/dev/null | head -n 1
}
builds=()
b1=$(backend_of "$s3lite"); b1=${b1:-default}
builds+=("$b1:$s3lite")
if [ -x "$plain" ]; then
  b2=$(backend_of "$plain"); b2=${b2:-plain}
  [ "$b2" = "$b1" ] || builds+=("$b2:$plain")
fi

perf_ok=0
if command -v perf >/dev/null && perf record -q -e cpu-clock -o "$tmp/probe.data" true >/dev/null 2>&1; then
  perf_ok=1
fi
stat_ok=0
stat_note="perf not found"
if command -v perf >/dev/null; then
  if perf stat -x, -e instructions true 2>&1 | grep -q '^[0-9]'; then
    stat_ok=1
    stat_note="hardware instruction counters available: perf stat per run"
  else
    stat_note="no hardware counters here (perf stat -e instructions: <not supported>, a VM without a PMU): instructions come from callgrind, time from perf record -e cpu-clock (a software timer)"
  fi
fi

upload() {  # upload BINARY MODE: the common command line
  "$1" cp --no-progress --payload "$2" --endpoint-url "$S3L_ENDPOINT" "$data" s3://profile/obj
}

for entry in "${builds[@]}"; do
  b=${entry%%:*}
  bin=${entry#*:}
  for m in $modes; do
    say "$b $m: byte counts"
    S3L_TOUCH_OUT=$out/touch.$b.$m LD_PRELOAD=$touch_so upload "$bin" "$m" >/dev/null
    say "$b $m: callgrind"
    valgrind -q --tool=callgrind --callgrind-out-file="$out/cg.$b.$m" \
      "$bin" cp --no-progress --payload "$m" --endpoint-url "$S3L_ENDPOINT" "$data" \
      s3://profile/obj >/dev/null
    callgrind_annotate --auto=no --threshold=100 "$out/cg.$b.$m" > "$out/cga.$b.$m" 2>/dev/null
    if [ "$perf_ok" = 1 ]; then
      say "$b $m: perf record"
      perf record -q -e cpu-clock -F "$freq" -g -o "$out/perf.$b.$m.data" -- \
        "$bin" cp --no-progress --payload "$m" --endpoint-url "$S3L_ENDPOINT" "$data" \
        s3://profile/obj >/dev/null 2>"$out/perf.$b.$m.err"
      perf script -i "$out/perf.$b.$m.data" -F period,ip,sym,dso > "$out/perf.$b.$m.txt" 2>/dev/null
    fi
    if [ "$stat_ok" = 1 ]; then
      perf stat -x, -o "$out/stat.$b.$m" -e instructions:u,instructions:k -- \
        "$bin" cp --no-progress --payload "$m" --endpoint-url "$S3L_ENDPOINT" "$data" \
        s3://profile/obj >/dev/null
    fi
  done
done

{
  echo "mb=$mb"
  echo "modes=$modes"
  echo "freq=$freq"
  echo "perf=$perf_ok"
  echo "stat_note=$stat_note"
  echo "builds=$(for e in "${builds[@]}"; do printf '%s:%s ' "${e%%:*}" "$(realpath --relative-to="$root" "${e#*:}")"; done)"
  echo "server=Ceph RGW $(radosgw --version 2>/dev/null | grep -o '[0-9]*\.[0-9]*\.[0-9]*' | head -n 1)"
  echo "endpoint=$S3L_ENDPOINT"
  echo "data_dir=$data_dir"
  echo "part=8 MiB (cp's default)"
  echo "chunk=$(sed -n 's/^#define S3L_CLI_CHUNK \([0-9]*\).*/\1/p' "$root/boards/posix/cli_client.h") B (cp's)"
} > "$out/meta"
"$python" "$root/tests/bench/profile_report.py" "$out"
