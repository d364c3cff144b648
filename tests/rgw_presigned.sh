#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# rgw_presigned.sh PROGRAM - run build/tests/rgw_presigned_upload against the S3 server in
# S3L_ENDPOINT (S3L_ACCESS_KEY, S3L_SECRET_KEY, S3L_REGION), first asking its STS for a
# session token (GetSessionToken, 900 s, signed by curl --aws-sigv4) and handing it over in
# S3L_STS_ACCESS_KEY, S3L_STS_SECRET_KEY and S3L_STS_SESSION_TOKEN. A server without STS
# (started without --sts) gives none: the program then skips that case visibly.
set -uo pipefail
prog=${1:?usage: rgw_presigned.sh PROGRAM}
region=${S3L_REGION:-us-east-1}
body='Action=GetSessionToken&Version=2011-06-15&DurationSeconds=900'
answer=$(curl -fsS --max-time 10 --aws-sigv4 "aws:amz:$region:sts" \
  --user "$S3L_ACCESS_KEY:$S3L_SECRET_KEY" \
  -H "x-amz-content-sha256: $(printf %s "$body" | sha256sum | cut -d' ' -f1)" \
  -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$body" \
  "$S3L_ENDPOINT/" 2>/dev/null) || answer=
field() { printf '%s' "$answer" | grep -o "<$1>[^<]*</$1>" | head -n 1 | sed 's/<[^>]*>//g'; }
if [ -n "$answer" ] && [ -n "$(field SessionToken)" ]; then
  S3L_STS_ACCESS_KEY=$(field AccessKeyId) S3L_STS_SECRET_KEY=$(field SecretAccessKey) \
    S3L_STS_SESSION_TOKEN=$(field SessionToken)
  export S3L_STS_ACCESS_KEY S3L_STS_SECRET_KEY S3L_STS_SESSION_TOKEN
  echo "rgw_presigned: STS GetSessionToken answered: a ${#S3L_STS_SESSION_TOKEN}-character session token"
else
  echo "rgw_presigned: STS GetSessionToken gave no token (the server runs without --sts?)"
fi
exec "$prog"
