#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh - make test-creds: tests/creds/creds_suite.py against RGW with STS. When a server
# with STS is given in the environment (S3L_ENDPOINT, S3L_TLS_ENDPOINT, S3L_CA_FILE, the keys,
# S3L_STS_ROLE_ARN and S3L_RGW_DIR, as `eval "$(make -s server-up SERVER_STS=1)"` sets them) the
# suite runs against it; else it starts one of its own (tests/server/s3-server-run.sh --tls with
# S3L_RGW_STS=1, port CREDS_PORT=7590, HTTPS +1) and stops it whatever happens.
# The last line is always "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1
export S3LITE=${S3LITE:-$root/build/s3lite}
suite=(python3 -u tests/creds/creds_suite.py)
[ -x "$S3LITE" ] || { echo "test-creds: $S3LITE is not built (make)"; echo "0 passed, 1 failed"; exit 1; }
if [ -n "${S3L_ENDPOINT:-}" ] && [ -n "${S3L_STS_ROLE_ARN:-}" ] && [ -n "${S3L_TLS_ENDPOINT:-}" ] &&
   [ -n "${S3L_RGW_DIR:-}" ]; then
  echo "test-creds: using the S3 server with STS given in the environment ($S3L_ENDPOINT)"
  exec "${suite[@]}"
fi
[ -z "${S3L_ENDPOINT:-}" ] ||
  echo "test-creds: the server in S3L_ENDPOINT has no STS (S3L_STS_ROLE_ARN unset): starting one of its own"
unset S3L_ENDPOINT S3L_TLS_ENDPOINT S3L_CA_FILE S3L_STS_ROLE_ARN S3L_RGW_DIR S3L_RGW_TLS_PORT
log=$(mktemp /tmp/s3l-creds-log.XXXXXX)
S3L_RGW_STS=1 S3L_RGW_PORT=${CREDS_PORT:-7590} S3L_RGW_MEM_MB=${S3L_RGW_MEM_MB:-2048} timeout -k 30 "${CREDS_TIMEOUT:-600}" \
  bash tests/server/s3-server-run.sh --tls -- "${suite[@]}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if ! tail -n 1 "$log" | grep -qE '^[0-9]+ passed, [0-9]+ failed$'; then
  echo "test-creds: the suite did not finish (exit $rc)"
  echo "$(grep -c '^ok ' "$log") passed, $(($(grep -c '^FAIL ' "$log") + 1)) failed"
  rm -f "$log"
  exit 1
fi
rm -f "$log"
exit "$rc"
