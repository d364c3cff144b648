#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh - the integration suite (make test-integration): starts the project's local S3 server
# with HTTPS (tests/server/s3-server-run.sh --tls, in a temp dir), runs tests/integration/suite.py
# against it with build/s3lite and Debian's botocore as the independent reader, and stops the
# server whatever happens (failure, Ctrl-C, the time limit). When a server is already given in
# the environment (S3L_ENDPOINT, S3L_TLS_ENDPOINT, S3L_CA_FILE and the keys, as CI's
# `eval "$(make -s server-up)"` sets them) the suite runs against it and starts none (it says
# so); its buckets are named per run (it-main-RUNID). The last line is always
# "N passed, N failed"; the exit status is 0 only when nothing failed.
#
# Environment: S3LITE (build/s3lite), IT_PORT (7530: the server's HTTP port, HTTPS is +1; kept
# away from the default 7480 so a server started by hand does not collide), IT_TIMEOUT (600 s),
# IT_ONLY (regex of test names), IT_VERBOSE=1, PYTHON (/usr/bin/python3: Debian's botocore).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1
py=${PYTHON:-/usr/bin/python3}
export S3LITE=${S3LITE:-$root/build/s3lite}
export S3L_RGW_PORT=${IT_PORT:-7530}
unset S3L_RGW_TLS_PORT

fail() { echo "test-integration: $*"; echo "0 passed, 1 failed"; exit 1; }
[ -x "$S3LITE" ] || fail "$S3LITE is not built (make)"
"$py" -c 'import botocore' 2>/dev/null || fail "$py has no botocore (apt-get install python3-botocore)"
command -v curl >/dev/null || fail "curl missing (apt-get install curl)"

log=$(mktemp /tmp/s3l-it-log.XXXXXX)
# timeout sends TERM to s3-server-run.sh, which passes it on to the suite and stops the server.
timeout -k 30 "${IT_TIMEOUT:-600}" \
  bash tests/server/s3-server-run.sh --tls --reuse -- "$py" -u tests/integration/suite.py 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if ! tail -n 1 "$log" | grep -qE '^[0-9]+ passed, [0-9]+ failed$'; then
  [ "$rc" = 124 ] && echo "test-integration: time limit (${IT_TIMEOUT:-600} s) reached"
  echo "test-integration: the suite did not finish (exit $rc)"
  p=$(grep -c '^ok ' "$log"); f=$(grep -c '^FAIL ' "$log")
  rm -f "$log"
  echo "$p passed, $((f + 1)) failed"
  exit 1
fi
rm -f "$log"
exit "$rc"
