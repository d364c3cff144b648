#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# s3-server-run.sh [--tls] [--dir DIR] -- CMD [ARGS...] - start the local S3 server
# (s3-server-up.sh), run CMD with its S3L_* variables in the environment, then stop the server
# whatever happens (CMD fails, Ctrl-C, SIGTERM), and exit with CMD's status.
# Without --dir the server lives in a new temp dir. Same environment as s3-server-up.sh.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf 's3-server-run: %s\n' "$*" >&2; }
up_args=()
dir=
while [ $# -gt 0 ]; do
  case $1 in
    --tls|--no-tls) up_args+=("$1") ;;
    --dir) [ $# -ge 2 ] || { say "--dir needs a value"; exit 2; }; dir=$2; shift ;;
    --) shift; break ;;
    -*) say "unknown option $1"; exit 2 ;;
    *) break ;;
  esac
  shift
done
[ $# -gt 0 ] || { say "usage: s3-server-run.sh [--tls] [--dir DIR] -- CMD [ARGS...]"; exit 2; }
[ -n "$dir" ] || dir=$(mktemp -d /tmp/s3l-rgw.XXXXXX)

stopped=0
# shellcheck disable=SC2317  # called from traps
stop() {
  [ "$stopped" = 0 ] || return 0
  stopped=1
  bash "$here/s3-server-down.sh" "$dir" || say "stopping the server in $dir failed"
}
child=
# shellcheck disable=SC2317
quit() {  # quit SIGNAL STATUS: pass the signal on to CMD, then stop the server (EXIT trap)
  [ -z "$child" ] || kill -"$1" "$child" 2>/dev/null || true
  exit "$2"
}
trap stop EXIT
trap 'quit INT 130' INT
trap 'quit TERM 143' TERM

env_lines=$(bash "$here/s3-server-up.sh" "${up_args[@]}" "$dir") || { say "the server did not start"; exit 1; }
eval "$env_lines"
# In the background so that a signal is handled at once, not when CMD ends; <&0 keeps stdin.
"$@" <&0 &
child=$!
wait "$child"
rc=$?
child=
exit "$rc"
