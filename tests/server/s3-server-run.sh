#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# s3-server-run.sh [--tls] [--dir DIR] [--reuse] -- CMD [ARGS...] - start the local S3 server
# (s3-server-up.sh), run CMD with its S3L_* variables in the environment, then stop the server
# whatever happens (CMD fails, Ctrl-C, SIGTERM), and exit with CMD's status.
# Without --dir the server lives in a new temp dir. Same environment as s3-server-up.sh.
# --reuse: when a server is already given (S3L_ENDPOINT, S3L_ACCESS_KEY, S3L_SECRET_KEY set,
# and with --tls S3L_TLS_ENDPOINT and S3L_CA_FILE too, as `eval "$(make -s server-up)"` sets
# them), say so and run CMD against it: nothing is started or stopped. CI starts one server
# for all its suites this way.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf 's3-server-run: %s\n' "$*" >&2; }
up_args=()
dir=
tls=${S3L_TLS:-0}
reuse=0
while [ $# -gt 0 ]; do
  case $1 in
    --tls) up_args+=("$1"); tls=1 ;;
    --no-tls) up_args+=("$1"); tls=0 ;;
    --reuse) reuse=1 ;;
    --dir) [ $# -ge 2 ] || { say "--dir needs a value"; exit 2; }; dir=$2; shift ;;
    --) shift; break ;;
    -*) say "unknown option $1"; exit 2 ;;
    *) break ;;
  esac
  shift
done
[ $# -gt 0 ] || { say "usage: s3-server-run.sh [--tls] [--dir DIR] [--reuse] -- CMD [ARGS...]"; exit 2; }

if [ "$reuse" = 1 ] && [ -n "${S3L_ENDPOINT:-}" ]; then
  need="S3L_ACCESS_KEY S3L_SECRET_KEY"
  [ "$tls" = 0 ] || need="$need S3L_TLS_ENDPOINT S3L_CA_FILE"
  unset_vars=
  for v in $need; do [ -n "${!v:-}" ] || unset_vars="$unset_vars $v"; done
  if [ -z "$unset_vars" ]; then
    say "using the S3 server given in the environment: $S3L_ENDPOINT$([ "$tls" = 0 ] ||
      echo " and $S3L_TLS_ENDPOINT") (S3L_ENDPOINT is set; starting none)"
    exec "$@"
  fi
  say "S3L_ENDPOINT is set but not$unset_vars: starting a server of its own"
fi
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
