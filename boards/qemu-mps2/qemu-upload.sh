#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# qemu-upload.sh: the host side of `make qemu-upload` (boards/qemu-mps2/qemu_net.mk says the contract). Runs
# the uploader image (upload_main.c) on QEMU's mps2-an386 with one network path: the guest's
# connections to 10.0.2.100:PORT are relayed to 127.0.0.1:PORT (tcp_relay.c), nothing else
# (user network with restrict=on). Settings come from the QU_* variables the make target sets;
# credentials and region from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION.
# The credentials reach the guest in a job file of mode 0600 in a private temporary directory,
# read through semihosting and removed by the image at once (and by this script at exit
# whatever happens): never on a command line, so never in `ps`. QEMU_UPLOAD_PIDFILE=PATH makes
# QEMU write its pid there (tests kill it mid-upload). Exit status: the image's (0: the object
# is complete), 2 on bad arguments, 124 when QU_TIMEOUT seconds passed.
set -Eeuo pipefail

die() { echo "qemu-upload: $*" >&2; exit 2; }
usage="usage: make qemu-upload FILE=PATH BUCKET=B KEY=K ENDPOINT=http://127.0.0.1:PORT [PART_SIZE=BYTES] [PAYLOAD=signed|unsigned|streaming] [STATE=PATH]"

file=${QU_FILE:-} bucket=${QU_BUCKET:-} key=${QU_KEY:-} endpoint=${QU_ENDPOINT:-}
part_size=${QU_PART_SIZE:-} payload=${QU_PAYLOAD:-streaming} state=${QU_STATE:-}
[ -n "$file" ] && [ -n "$bucket" ] && [ -n "$key" ] && [ -n "$endpoint" ] && [ -n "$state" ] || die "$usage"
[ -f "$file" ] && [ -r "$file" ] || die "FILE=$file: not a readable file"
[ -n "${AWS_ACCESS_KEY_ID:-}" ] && [ -n "${AWS_SECRET_ACCESS_KEY:-}" ] ||
  die "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set"
# The relay reaches only 127.0.0.1: the endpoint must be that host (or localhost), plain HTTP.
[[ $endpoint =~ ^http://(127\.0\.0\.1|localhost):([0-9]{1,5})/?$ ]] ||
  die "ENDPOINT=$endpoint: want http://127.0.0.1:PORT (the emulated board reaches only the host's loopback, without TLS)"
host=${BASH_REMATCH[1]} port=${BASH_REMATCH[2]}
[ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "ENDPOINT port $port out of range"
case $payload in signed|unsigned|streaming) ;; *) die "PAYLOAD=$payload: want signed, unsigned or streaming" ;; esac
if [ -n "$part_size" ]; then
  [[ $part_size =~ ^[0-9]+$ ]] && [ "$part_size" -ge 5242880 ] || die "PART_SIZE=$part_size: want at least 5 MiB (5242880)"
fi
[[ $key != *$'\n'* && $bucket != *$'\n'* ]] || die "BUCKET and KEY must be one line"
case "$file$state$QU_RELAY" in *,*) die "paths with a comma cannot be handed to QEMU" ;; esac
mkdir -p "$(dirname "$state")"
abs() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
file=$(abs "$file") state=$(abs "$state")

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/s3l-qemu-upload.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
job=$tmp/job
{
  echo "FILE=$file"
  echo "STATE=$state"
  echo "BUCKET=$bucket"
  echo "KEY=$key"
  echo "HOST=$host:$port"
  echo "PORT=$port"
  echo "PAYLOAD=$payload"
  echo "PART_SIZE=${part_size:-0}"
  echo "REGION=${AWS_REGION:-us-east-1}"
  echo "AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID"
  echo "AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY"
} > "$job"

pidopt=()
[ -z "${QEMU_UPLOAD_PIDFILE:-}" ] || pidopt=(-pidfile "$QEMU_UPLOAD_PIDFILE")
set +e
timeout "${QU_TIMEOUT:-600}" "${QU_QEMU:-qemu-system-arm}" -M mps2-an386 \
  -nographic -monitor none -serial null "${pidopt[@]}" \
  -nic "user,model=lan9118,restrict=on,guestfwd=tcp:10.0.2.100:$port-cmd:$(abs "$QU_RELAY") $port" \
  -semihosting-config enable=on,target=native \
  -append "S3L_JOB=$job" -kernel "$QU_ELF" </dev/null
rc=$?
set -e
[ "$rc" != 124 ] || echo "qemu-upload: stopped after ${QU_TIMEOUT:-600} s" >&2
exit "$rc"
