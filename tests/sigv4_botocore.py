#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Sign S3 requests with botocore: the oracle of tests/test_sigv4_botocore.c.

Run with Debian's /usr/bin/python3 (python3-botocore). Reads one case per line on stdin,
tab-separated, every field hex-encoded UTF-8 (so any byte survives):

    id  method  path  query  unix_time  region  akid  secret  token  expires  payload  body
    headers...

    query    '-' when the request has none (empty hex is an empty query)
    token    '-' when there is none
    expires  0 for header signing, else presign with X-Amz-Expires = expires
    payload  'body' (botocore hashes the body), 'unsigned' (payload signing disabled),
             or a literal x-amz-content-sha256 value (STREAMING-...)
    headers  name and value alternate, in order (repeats allowed)

Writes one line per case: id, then hex of the canonical request, the string to sign, the
signature, and the Authorization value (header signing) or the URL's query (presigning).
The clock is frozen at unix_time the way the shared vectors README shows.
"""
import datetime
import sys
import types
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

FIXED = [datetime.datetime(2013, 5, 24)]


class _FixedDatetime(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return FIXED[0]

    @classmethod
    def now(cls, tz=None):
        return FIXED[0] if tz is None else FIXED[0].replace(tzinfo=tz)


def unhex(s):
    return bytes.fromhex(s).decode('utf-8')


def sign(f):
    (cid, method, path, query, t, region, akid, secret, token, expires, payload,
     body) = f[:12]
    hdrs = f[12:]
    method, path, region = unhex(method), unhex(path), unhex(region)
    query = None if query == '-' else unhex(query)
    token = None if token == '-' else unhex(token)
    expires = int(expires)
    payload = unhex(payload)
    body = bytes.fromhex(body)
    FIXED[0] = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=int(t))
    # http: botocore then always hashes a signed body (no https shortcut)
    url = 'http://s3.example.com' + path + ('?' + query if query is not None else '')
    req = AWSRequest(method=method, url=url, data=body if body else None)
    for i in range(0, len(hdrs) - 1, 2):
        req.headers[unhex(hdrs[i])] = unhex(hdrs[i + 1])  # appends: repeats are kept
    creds = Credentials(unhex(akid), unhex(secret), token)
    if expires == 0:
        signer = botocore.auth.S3SigV4Auth(creds, 's3', region)
        if payload == 'unsigned':
            req.context['client_config'] = types.SimpleNamespace(
                s3={'payload_signing_enabled': False})
        elif payload != 'body':
            signer.payload = lambda request: payload
    else:
        signer = botocore.auth.S3SigV4QueryAuth(creds, 's3', region, expires=expires)
    seen = {}
    real_sts = signer.string_to_sign

    def spy(request, canonical_request):
        seen['creq'] = canonical_request
        seen['sts'] = real_sts(request, canonical_request)
        return seen['sts']

    signer.string_to_sign = spy
    signer.add_auth(req)
    if expires == 0:
        out = req.headers['Authorization']
        sig = out.rsplit('Signature=', 1)[1]
    else:
        out = req.url.split('?', 1)[1]
        sig = out.rsplit('X-Amz-Signature=', 1)[1]
    return '\t'.join([cid, seen['creq'].encode().hex(), seen['sts'].encode().hex(), sig,
                      out.encode().hex()])


def main():
    fake = mock.Mock(wraps=datetime)
    fake.datetime = _FixedDatetime
    with mock.patch.object(botocore.auth, 'datetime', fake):
        extra = (mock.patch.object(botocore.auth, 'get_current_datetime', lambda: FIXED[0])
                 if hasattr(botocore.auth, 'get_current_datetime') else None)
        if extra is not None:
            extra.start()
        try:
            for line in sys.stdin:
                line = line.rstrip('\n')
                if line:
                    print(sign(line.split('\t')), flush=False)
        finally:
            if extra is not None:
                extra.stop()
    sys.stdout.flush()


if __name__ == '__main__':
    main()
