#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Independent reference for the multipart `s3lite presign` URLs in tests/test_cli.c.

Prints the URLs botocore's own presigner (generate_presigned_url) makes for
CreateMultipartUpload, UploadPart, CompleteMultipartUpload and AbortMultipartUpload with
AWS's documentation example keys, at 20130524T000000Z, path-style on http://127.0.0.1:7480.
The golden URLs in test_cli.c came from here, not from s3lite.

  /usr/bin/python3 tests/presign_ref.py
"""
import datetime

import botocore.auth
import botocore.session
from botocore.config import Config

FIXED = datetime.datetime(2013, 5, 24, 0, 0, 0)


class FixedDT(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return FIXED

    @classmethod
    def now(cls, tz=None):
        return FIXED if tz is None else FIXED.replace(tzinfo=tz)


def main():
    botocore.auth.datetime.datetime = FixedDT
    s = botocore.session.get_session()
    c = s.create_client("s3", region_name="us-east-1", endpoint_url="http://127.0.0.1:7480",
                        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                        config=Config(signature_version="s3v4",
                                      s3={"addressing_style": "path"}))
    k = {"Bucket": "bkt", "Key": "k.bin"}
    print(c.generate_presigned_url("create_multipart_upload", Params=k, ExpiresIn=3600))
    print(c.generate_presigned_url("upload_part", ExpiresIn=3600,
                                   Params=dict(k, UploadId="a/b+c=", PartNumber=7)))
    print(c.generate_presigned_url("complete_multipart_upload", ExpiresIn=3600,
                                   Params=dict(k, UploadId="abc")))
    print(c.generate_presigned_url("abort_multipart_upload", ExpiresIn=3600,
                                   Params=dict(k, UploadId="abc")))


if __name__ == "__main__":
    main()
