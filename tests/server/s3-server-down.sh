#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# s3-server-down.sh [DIR] - stop the S3 server that s3-server-up.sh started in DIR (default
# $S3L_RGW_DIR): radosgw, then the OSD, then the monitor, each with SIGTERM and, after
# S3L_RGW_STOP_S seconds (10), SIGKILL. Then DIR is removed, unless KEEP=1.
# Only processes whose command line names DIR/ceph.conf are signalled, so a stale pid file
# can never hit another program. Exits 0 when there is nothing to stop.
set -euo pipefail

say() { printf 's3-server-down: %s\n' "$*" >&2; }
marker='# s3lite s3-server-up.sh'
dir=${1:-${S3L_RGW_DIR:-}}
[ -n "$dir" ] || { say "usage: s3-server-down.sh DIR (or set S3L_RGW_DIR)"; exit 2; }
[ -d "$dir" ] || { say "$dir: no such directory, nothing to stop"; exit 0; }
stop_s=${S3L_RGW_STOP_S:-10}
[[ $stop_s =~ ^[0-9]+$ ]] || { say "S3L_RGW_STOP_S=$stop_s: want seconds"; exit 2; }
dir=$(cd "$dir" && pwd -P)
conf=$dir/ceph.conf
rc=0

is_ours() {  # is_ours PID: alive and started with DIR/ceph.conf on its command line?
  local a args=()
  [[ $1 =~ ^[0-9]+$ ]] && [ "$1" != $$ ] || return 1
  mapfile -d '' args 2>/dev/null <"/proc/$1/cmdline" || return 1
  for a in "${args[@]}"; do [ "$a" != "$conf" ] || return 0; done
  return 1
}
stop_pid() {  # stop_pid NAME PID
  local i=0 limit=$((stop_s * 10))
  kill -TERM "$2" 2>/dev/null || return 0
  while is_ours "$2"; do
    i=$((i + 1))
    if [ "$i" -eq "$limit" ]; then
      say "$1 (pid $2) still running ${stop_s} s after SIGTERM: SIGKILL"
      kill -KILL "$2" 2>/dev/null || true
    elif [ "$i" -gt $((limit + 50)) ]; then
      say "$1 (pid $2) survived SIGKILL; giving up"; rc=1; return 0
    fi
    sleep 0.1
  done
}

# In order: the gateway first (it talks to the others), the monitor last.
for name in client.rgw.a osd.0 mon.a; do
  pidfile=$dir/run/$name.pid
  if [ -s "$pidfile" ]; then
    pid=$(cat "$pidfile")
    if is_ours "$pid"; then stop_pid "$name" "$pid"; fi
  fi
  rm -f "$pidfile"
done
# Anything else started with this DIR's ceph.conf: a daemon that died before writing its pid
# file, a hung radosgw-admin.
for p in /proc/[0-9]*; do
  pid=${p#/proc/}
  if is_ours "$pid"; then stop_pid "pid $pid" "$pid"; fi
done

[ "$rc" = 0 ] || exit "$rc"
[ "${KEEP:-0}" != 1 ] || exit 0
if grep -qs "^$marker" "$conf" || [ -z "$(ls -A "$dir")" ]; then
  rm -rf "$dir"
else
  say "$dir was not made by s3-server-up.sh; not removing it"
fi
