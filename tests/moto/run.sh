#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh - make test-moto: s3lite's client and CLI multipart flows against a second S3
# implementation, moto's server, with the python3 found on PATH (not /usr/bin/python3: Debian
# has no moto). tests/moto/suite.py starts moto on 127.0.0.1 (a free port, or MOTO_PORT) in its
# own process and stops it when it ends; MOTO_TIMEOUT (600 s) bounds the whole run. Where that
# python3 has no moto (or no boto3), a visible SKIP line and exit 0: RGW stays the main peer.
# The last line is always "N passed, N failed, N skipped".
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1
py=$(command -v python3 || true)
if [ -z "$py" ] || ! "$py" -c 'import moto.server, boto3' 2>/dev/null; then
  echo "SKIP test-moto: ${py:-python3 (none on PATH)} has no moto.server/boto3" \
       "(pip install 'moto[server]'): the second server implementation is not tried"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi

log=$(mktemp /tmp/s3l-moto-log.XXXXXX)
trap 'rm -f "$log"' EXIT
timeout -k 10 "${MOTO_TIMEOUT:-600}" "$py" -u tests/moto/suite.py 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if ! tail -n 1 "$log" | grep -qE '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$'; then
  [ "$rc" = 124 ] && echo "test-moto: time limit (${MOTO_TIMEOUT:-600} s) reached"
  echo "test-moto: the suite did not finish (exit $rc)"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
exit "$rc"
