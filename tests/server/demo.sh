#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# demo.sh - s3lite end to end in one command (make demo): install what is missing (Debian
# packages, as root; it says what), build build/s3lite, start the project's local S3 server
# (Ceph RGW on 127.0.0.1, tests/server/s3-server-up.sh), upload a generated 64 MiB log with
# `s3lite cp` as a multipart upload (progress bar on a terminal), leave a second upload
# interrupted and find it with `ls-uploads`/`ls-parts`, abort it, read the object back and
# compare SHA-256, stop the server. Prints each step and a verdict; exits non-zero on any
# failure. Bounded: every step has a time limit.
#
# Environment: DEMO_MB (64), DEMO_PORT (S3L_RGW_PORT, default 7480), DEMO_DIR (build/demo:
# the log and the server's files), DEMO_NO_INSTALL=1 (never run apt-get), MAKE (make),
# S3LITE (the binary to demonstrate; default build/s3lite, which step 2 builds).
# S3L_ENDPOINT with S3L_ACCESS_KEY and S3L_SECRET_KEY (S3L_REGION), as `eval "$(make -s
# server-up)"` sets them: use that server instead of starting one, and leave it running (CI
# shares one server between its suites); the bucket is then named per run.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1
mb=${DEMO_MB:-64}
dir=${DEMO_DIR:-$root/build/demo}
srv=$dir/rgw
export S3L_RGW_PORT=${DEMO_PORT:-${S3L_RGW_PORT:-7480}}
# A server given in the environment is used as it is (reuse=1), else the demo starts its own.
reuse=0
if [ -n "${S3L_ENDPOINT:-}" ] && [ -n "${S3L_ACCESS_KEY:-}" ] && [ -n "${S3L_SECRET_KEY:-}" ]; then
  reuse=1
fi
bucket=s3lite-demo
# on a shared server: a bucket of this run's own
[ "$reuse" = 0 ] || bucket=s3lite-demo-$(printf '%x-%x' "$(date +%s)" $$)
key=logs/app.log
key2=logs/interrupted.log
cli=${S3LITE:-$root/build/s3lite}
t_start=$SECONDS
step_no=0

bold=; red=; green=; off=
if [ -t 1 ]; then bold=$'\e[1m'; red=$'\e[31m'; green=$'\e[32m'; off=$'\e[0m'; fi
step() { step_no=$((step_no + 1)); printf '\n%s[%d] %s%s\n' "$bold" "$step_no" "$*" "$off"; }
info() { printf '    %s\n' "$*"; }
# run CMD...: show it, run it, indent its stdout (stderr stays on the terminal: progress bar)
run() {
  printf '    $ %s\n' "$*"
  "$@" | sed 's/^/      /'
  return "${PIPESTATUS[0]}"
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
fail() {
  printf '\n%sdemo: FAILED at step %d: %s%s\n' "$red" "$step_no" "$*" "$off"
  exit 1
}

# ---- cleanup: whatever happens, the server stops and no helper process is left -----------
server_up=0
bg_pids=()
cleanup() {
  local p
  for p in "${bg_pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
  if [ "$server_up" = 1 ]; then
    printf '\n[cleanup] stopping the local S3 server\n'
    bash tests/server/s3-server-down.sh "$srv" >/dev/null 2>&1 || printf '    stopping the server in %s failed\n' "$srv"
    server_up=0
  fi
}
trap cleanup EXIT
trap 'printf "\ndemo: interrupted\n"; exit 130' INT
trap 'printf "\ndemo: terminated\n"; exit 143' TERM

# ---- 1. packages ---------------------------------------------------------------------------
step "Debian packages"
# What each is for: the build (compiler, make, mbedTLS; OpenSSL and ISA-L for the accelerated
# hash and CRC backends), the local server (Ceph monitor, OSD, RADOS Gateway, curl to probe
# it, openssl for its test certificate), and the demo itself (coreutils, mawk).
pkgs=(make gcc libc6-dev libmbedtls-dev libssl-dev libisal-dev coreutils mawk)
[ "$reuse" = 1 ] || pkgs+=(ceph-mon ceph-osd radosgw ceph-common curl openssl ca-certificates)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  info "all present: ${pkgs[*]}"
elif [ "${DEMO_NO_INSTALL:-0}" = 1 ]; then
  fail "missing packages: ${missing[*]} (DEMO_NO_INSTALL=1)"
elif [ "$(id -u)" != 0 ]; then
  fail "missing packages: ${missing[*]}; run as root, or: sudo apt-get install --no-install-recommends ${missing[*]}"
else
  info "installing (apt-get, about a minute): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  aptlog=$(mktemp /tmp/s3lite-demo-apt.XXXXXX)
  if ! { timeout --foreground 900 apt-get update -q && \
         timeout --foreground 1800 apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$aptlog" 2>&1; then
    tail -n 20 "$aptlog"
    fail "apt-get failed (log: $aptlog)"
  fi
  rm -f "$aptlog"
  info "installed: ${missing[*]}"
fi

# ---- 2. build ------------------------------------------------------------------------------
step "Build build/s3lite"
mkdir -p "$root/build" "$dir"
jobs=$(nproc 2>/dev/null || echo 2)
printf '    $ %s -j%s build/s3lite\n' "${MAKE:-make}" "$jobs"
if ! timeout --foreground 900 "${MAKE:-make}" --no-print-directory -j"$jobs" build/s3lite >"$dir/build.log" 2>&1; then
  tail -n 30 "$dir/build.log"
  fail "the build failed (log: $dir/build.log)"
fi
[ -x "$cli" ] || fail "$cli was not built"
info "$(stat -c %s "$cli") bytes; backends: $(cat "$root/build/accel.flags" 2>/dev/null || echo '?')"

# ---- 3. server -----------------------------------------------------------------------------
if [ "$reuse" = 1 ]; then
  step "Use the S3 server given in the environment ($S3L_ENDPOINT)"
  info "S3L_ENDPOINT is set: starting no server of its own (bucket $bucket)"
else
  step "Start the local S3 server (Ceph RADOS Gateway on 127.0.0.1:$S3L_RGW_PORT)"
  printf '    $ tests/server/s3-server-up.sh %s\n' "${srv#"$root"/}"
  server_up=1   # from here on, the EXIT trap stops it (also after a half-made start)
  env_lines=$(timeout --foreground 300 bash tests/server/s3-server-up.sh "$srv" 2>"$dir/server-up.log") || {
    tail -n 30 "$dir/server-up.log"; fail "the server did not start (log: $dir/server-up.log)"; }
  eval "$env_lines"
  info "$(tail -n 2 "$dir/server-up.log" | head -n 1 | sed 's/^s3-server-up: //')"
fi
S3L_REGION=${S3L_REGION:-us-east-1}
export AWS_ACCESS_KEY_ID=$S3L_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$S3L_SECRET_KEY
export AWS_REGION=$S3L_REGION AWS_ENDPOINT_URL=$S3L_ENDPOINT
unset AWS_SESSION_TOKEN AWS_CA_BUNDLE AWS_PROFILE
info "AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL AWS_REGION=$AWS_REGION AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID"
s3lite() { timeout --foreground 300 "$cli" "$@"; }   # every call bounded
run s3lite mb "s3://$bucket" || fail "mb s3://$bucket"

# ---- 4. the log ----------------------------------------------------------------------------
step "Generate a ${mb} MiB application log (deterministic)"
log=$dir/app.log
size=$((mb * 1048576))
# Park-Miller LCG in awk: the same bytes on every machine; realistic request-log lines.
timeout --foreground 300 awk -v N="$size" '
function rnd(n) { seed = (seed * 16807) % 2147483647; return seed % n }
BEGIN {
  seed = 20261125
  split("GET GET GET GET POST PUT DELETE HEAD", meth, " ")
  split("/api/v1/items /api/v1/items/%d /api/v1/users/%d/orders /healthz /metrics /static/app.%x.js /api/v1/search?q=%s /upload/%d/part", paths, " ")
  split("200 200 200 200 200 200 201 204 304 400 401 403 404 404 409 429 500 502 503", codes, " ")
  split("INFO INFO INFO INFO INFO INFO DEBUG WARN ERROR", lv, " ")
  split("sensor firmware gateway telemetry bucket upload retry timeout", words, " ")
  split("curl/7.88.1 s3lite/0.1 Mozilla/5.0 python-requests/2.28.1 Go-http-client/1.1 okhttp/4.10.0", uas, " ")
  t = 1764061200; ms = 0; total = 0
  while (total < N) {
    ms += rnd(40); if (ms >= 1000) { t += int(ms / 1000); ms = ms % 1000 }
    s = t; sec = s % 60; s = int(s / 60); mi = s % 60; s = int(s / 60); hr = s % 24
    p = paths[1 + rnd(8)]
    if (p ~ /%s/) p = sprintf(p, words[1 + rnd(8)]); else if (p ~ /%[dx]/) p = sprintf(p, rnd(100000))
    c = codes[1 + rnd(19)]; l = lv[1 + rnd(9)]
    if (c >= 500) l = "ERROR"; else if (c >= 400 && l == "INFO") l = "WARN"
    line = sprintf("2025-11-25T%02d:%02d:%02d.%03dZ %-5s [worker-%d] http: %s %s %s %d.%dms bytes=%d req=%08x%06x ua=\"%s\"", hr, mi, sec, ms, l, rnd(16), meth[1 + rnd(8)], p, c, rnd(900), rnd(10), rnd(65536), rnd(2147483647), rnd(16777216), uas[1 + rnd(6)])
    n = length(line) + 1
    if (total + n > N) { line = substr(line, 1, N - total - 1); n = N - total }
    print line; total += n
  }
}' >"$log" || fail "the log generator failed"
[ "$(stat -c %s "$log")" = "$size" ] || fail "the log has $(stat -c %s "$log") bytes, want $size"
sum_local=$(sha256sum "$log" | cut -d' ' -f1)
info "$log: $size bytes, $(wc -l <"$log") lines, SHA-256 $sum_local"
info "first line: $(head -n 1 "$log")"

# ---- 5. upload -----------------------------------------------------------------------------
step "Upload it: s3lite cp (multipart, 8 MiB parts)"
[ -t 2 ] || info "(the progress bar is drawn when stderr is a terminal)"
t0=$(now)
run s3lite cp "$log" "s3://$bucket/$key" || fail "cp $log s3://$bucket/$key"
info "uploaded in $(elapsed "$t0") s"
run s3lite head "s3://$bucket/$key" || fail "head s3://$bucket/$key"

# ---- 6. an interrupted upload --------------------------------------------------------------
step "Interrupt a second upload, then find it and abort it"
fifo=$dir/stdin.fifo
rm -f "$fifo"; mkfifo "$fifo" || fail "mkfifo"
info "s3lite cp - s3://$bucket/$key2  (stdin: 6 MiB of the log, then the writer stalls)"
"$cli" cp --no-progress --part-size 5MiB - "s3://$bucket/$key2" <"$fifo" >"$dir/cp2.log" 2>&1 &
cp_pid=$!
bg_pids+=("$cp_pid")
exec 3>"$fifo"
head -c $((6 * 1048576)) "$log" >&3 2>/dev/null &   # in the background: never blocks the demo
bg_pids+=($!)
# Wait (bounded, 15 s) until part 1 is on the server: the upload exists and holds data.
# ls-uploads prints KEY<TAB>UPLOAD-ID<TAB>INITIATED; ls-parts PART<TAB>SIZE<TAB>ETAG<TAB>...
upload_id=
for _ in $(seq 1 150); do
  upload_id=$(s3lite ls-uploads "s3://$bucket/$key2" 2>/dev/null |
    awk -F'\t' -v k="$key2" '$1 == k { print $2; exit }')
  if [ -n "$upload_id" ] && s3lite ls-parts "s3://$bucket/$key2" --upload-id "$upload_id" 2>/dev/null |
       awk -F'\t' '$1 == 1 { found = 1 } END { exit !found }'; then
    break
  fi
  kill -0 "$cp_pid" 2>/dev/null || break
  sleep 0.1
done
info "killing the uploader (SIGKILL, pid $cp_pid) as a crash or power cut would"
kill -KILL "$cp_pid" 2>/dev/null; wait "$cp_pid" 2>/dev/null
exec 3>&-
rm -f "$fifo"
[ -n "$upload_id" ] || { cat "$dir/cp2.log"; fail "the interrupted upload never showed in ls-uploads"; }
run s3lite ls-uploads "s3://$bucket" || fail "ls-uploads"
run s3lite ls-parts "s3://$bucket/$key2" --upload-id "$upload_id" || fail "ls-parts"
run s3lite abort "s3://$bucket/$key2" --upload-id "$upload_id" || fail "abort"
left=$(s3lite ls-uploads "s3://$bucket" 2>&1) || fail "ls-uploads after abort: $left"
if printf '%s\n' "$left" | grep -qF "$upload_id"; then
  fail "the upload is still listed after abort"
fi
info "ls-uploads: the interrupted upload is gone"

# ---- 7. read back --------------------------------------------------------------------------
step "Read the object back and compare SHA-256"
printf '    $ s3lite cp s3://%s/%s - | sha256sum\n' "$bucket" "$key"
sum_remote=$(s3lite cp "s3://$bucket/$key" - | sha256sum | cut -d' ' -f1)
[ "${PIPESTATUS[0]}" = 0 ] || fail "cp s3://$bucket/$key -"
info "local:  $sum_local"
info "remote: $sum_remote"
[ "$sum_local" = "$sum_remote" ] || fail "SHA-256 differs"

# ---- 8. stop -------------------------------------------------------------------------------
bg_pids=()
if [ "$reuse" = 1 ]; then
  step "Leave the server running (it was given, not started here)"
else
  step "Stop the server"
  printf '    $ tests/server/s3-server-down.sh %s\n' "${srv#"$root"/}"
  server_up=0
  bash tests/server/s3-server-down.sh "$srv" >/dev/null 2>&1 || fail "stopping the server failed"
fi
printf '\n%sdemo: OK%s - %d MiB uploaded in parts, interrupted upload found and aborted, SHA-256 verified (%d s)\n' \
  "$green" "$off" "$mb" $((SECONDS - t_start))
