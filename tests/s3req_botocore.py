#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""botocore as an independent oracle for tests/test_s3_request_botocore.c.

Builds the same requests as the C test through a real botocore S3 client (its own
serialiser, its own SigV4 signer), at the frozen time 2013-05-24T00:00:00Z with the S3
documentation credentials, and never sends them: a before-send hook captures the signed
request and stops there. Prints, for each case:

    CASE <name>
    SKIP <reason>                       (botocore cannot build it), or
    CREQ <base64 of the canonical request>
    BODY <hex SHA-256 of the body>
    AUTH <Authorization header value>
    END

Headers botocore adds that s3lite's builders deliberately leave to the client or do not
send at all are removed before signing: amz-sdk-invocation-id / amz-sdk-request (random
retry bookkeeping) and an automatic Content-MD5 the case did not ask for. User-Agent and
Expect are never signed by botocore. botocore 1.29's "True"/"False" for boolean headers is
lower-cased (the S3 spelling, and what later botocore sends). The pure-Python S3SigV4Auth is
forced even where awscrt is installed. A case whose parameters botocore 1.29 does not know
is reported as SKIP, never silently built without them.

Run with /usr/bin/python3 (Debian python3-botocore 1.29); the values below must stay in
step with tests/test_s3_request_botocore.c.
"""
import base64
import datetime
import hashlib
import sys
from unittest import mock

try:
    import botocore
    import botocore.auth
    import botocore.config
    import botocore.session
    from botocore.awsrequest import AWSResponse
except ImportError as e:  # the C test turns this into a visible SKIP
    print("NOBOTOCORE %s" % e)
    sys.exit(0)

FIXED = datetime.datetime(2013, 5, 24, 0, 0, 0)
ACCESS = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
PATH = ("http://127.0.0.1:7480", "path")
VIRT = ("http://s3.us-east-1.amazonaws.com", "virtual")
DOCS = ("http://s3.amazonaws.com", "virtual")
SSEC_KEY = bytes(range(32))
SSEC = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": SSEC_KEY}
# operations without botocore's sse_md5 handler take the header values as they are sent
SSEC_SENT = {"SSECustomerAlgorithm": "AES256",
             "SSECustomerKey": base64.b64encode(SSEC_KEY).decode(),
             "SSECustomerKeyMD5": base64.b64encode(hashlib.md5(SSEC_KEY).digest()).decode()}
OWNER = {"RequestPayer": "requester", "ExpectedBucketOwner": "111122223333"}
T2030 = datetime.datetime(2030, 1, 10, 0, 4, 6, tzinfo=datetime.timezone.utc)

GOLDEN_PARTS = [
    {"ETag": '"a54357aff0632cce46d942af68356b38"', "ChecksumCRC32": "AAAAAA==", "PartNumber": 1},
    {"ETag": '"a&b<c>d"', "ChecksumCRC32": "NhCmhg==", "PartNumber": 2},
    {"ETag": '"acbd18db4cc2f85cedef654fccc4a4d8"', "PartNumber": 10000},
]

CASES = [
    ("create_min", PATH, "create_multipart_upload", {"Bucket": "examplebucket", "Key": "largeobject"}),
    ("create_all", VIRT, "create_multipart_upload", dict(
        Bucket="examplebucket", Key="photos/2026/my photo+1.jpg",
        ACL="bucket-owner-full-control", CacheControl="max-age=3600",
        ContentDisposition='attachment; filename="photo.jpg"', ContentEncoding="gzip",
        ContentLanguage="en-US", ContentType="image/jpeg", Expires=T2030,
        GrantFullControl='id="79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"',
        GrantRead='uri="http://acs.amazonaws.com/groups/global/AllUsers", id="111122223333"',
        GrantReadACP='emailAddress="xyz@amazon.com"', GrantWriteACP='id="444455556666"',
        Metadata={"camera": "Nikon D850", "location": "Mont Blanc"},
        ServerSideEncryption="aws:kms", StorageClass="STANDARD_IA",
        WebsiteRedirectLocation="/other/page.html",
        SSEKMSKeyId="arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        SSEKMSEncryptionContext="eyJhIjoiYiJ9", BucketKeyEnabled=True,
        Tagging="project=blue&team=a%20b", ObjectLockMode="GOVERNANCE",
        ObjectLockRetainUntilDate=T2030, ObjectLockLegalHoldStatus="ON",
        ChecksumAlgorithm="CRC32C", **SSEC, **OWNER)),
    ("create_checksum_type", PATH, "create_multipart_upload", dict(
        Bucket="examplebucket", Key="largeobject", ChecksumAlgorithm="CRC64NVME",
        ChecksumType="FULL_OBJECT")),
    ("create_dsse_express", PATH, "create_multipart_upload", dict(
        Bucket="examplebucket", Key="largeobject", ServerSideEncryption="aws:kms:dsse",
        StorageClass="EXPRESS_ONEZONE")),
    ("upload_part", PATH, "upload_part", dict(
        Bucket="examplebucket", Key="large object.bin", PartNumber=7,
        UploadId="VXBsb2FkIElE+my.movie~m2ts/upload=", Body=b"hello",
        ContentMD5="XUFAKrxLKna5cZ2REBfFkg==", ChecksumAlgorithm="CRC32",
        ChecksumCRC32="NhCmhg==", **SSEC, **OWNER)),
    ("upload_part_min", PATH, "upload_part", dict(
        Bucket="examplebucket", Key="k", PartNumber=10000, UploadId="u", Body=b"hello",
        ContentMD5="XUFAKrxLKna5cZ2REBfFkg==")),
    ("complete", PATH, "complete_multipart_upload", dict(
        Bucket="examplebucket", Key="a/b.txt", UploadId="2~abc_DEF-ghi.jkl",
        MultipartUpload={"Parts": GOLDEN_PARTS}, ChecksumCRC32="sOO8/Q==", **OWNER)),
    ("complete_sse_c", PATH, "complete_multipart_upload", dict(
        Bucket="examplebucket", Key="a/b.txt", UploadId="u",
        MultipartUpload={"Parts": [{"ETag": '"e"', "PartNumber": 1}]}, **SSEC_SENT)),
    ("complete_new", PATH, "complete_multipart_upload", dict(
        Bucket="examplebucket", Key="a/b.txt", UploadId="u",
        MultipartUpload={"Parts": [{"ETag": '"e"', "PartNumber": 1}]},
        ChecksumType="COMPOSITE", MpuObjectSize=15728640, IfNoneMatch="*")),
    ("abort", PATH, "abort_multipart_upload", dict(
        Bucket="examplebucket", Key="largeobject", UploadId="xyz+1", **OWNER)),
    ("list_parts", PATH, "list_parts", dict(
        Bucket="examplebucket", Key="largeobject", UploadId="xyz", MaxParts=100,
        PartNumberMarker=5, **OWNER)),
    ("list_parts_sse_c", PATH, "list_parts", dict(
        Bucket="examplebucket", Key="largeobject", UploadId="xyz", **SSEC_SENT)),
    ("list_uploads", PATH, "list_multipart_uploads", dict(
        Bucket="examplebucket", Delimiter="/", EncodingType="url", KeyMarker="photos/2026 a",
        MaxUploads=50, Prefix="photos/", UploadIdMarker="abc~def",
        ExpectedBucketOwner="111122223333")),
    ("list_uploads_payer", VIRT, "list_multipart_uploads", dict(
        Bucket="examplebucket", RequestPayer="requester")),
    ("put_all", PATH, "put_object", dict(
        Bucket="examplebucket", Key="test$file.text", Body=b"hello", ACL="public-read",
        CacheControl="no-cache", ContentDisposition="inline", ContentEncoding="identity",
        ContentLanguage="fr", ContentType="text/plain; charset=utf-8",
        Expires=datetime.datetime(2000, 2, 29, 12, 0, 0, tzinfo=datetime.timezone.utc),
        GrantFullControl='id="111122223333"',
        GrantRead="uri=http://acs.amazonaws.com/groups/global/AllUsers",
        GrantReadACP='id="111122223333"', GrantWriteACP='id="111122223333"',
        Metadata={"a": "z"}, ServerSideEncryption="AES256", StorageClass="REDUCED_REDUNDANCY",
        WebsiteRedirectLocation="https://example.com/", SSEKMSKeyId="alias/my-key",
        SSEKMSEncryptionContext="eyJhIjoiYiJ9", BucketKeyEnabled=False, Tagging="k=v",
        ObjectLockMode="COMPLIANCE",
        ObjectLockRetainUntilDate=datetime.datetime(2024, 2, 29, 23, 59, 59,
                                                    tzinfo=datetime.timezone.utc),
        ObjectLockLegalHoldStatus="OFF", ContentMD5="XUFAKrxLKna5cZ2REBfFkg==",
        ChecksumAlgorithm="SHA256", ChecksumSHA256="LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=",
        **SSEC, **OWNER)),
    ("put_conditional", PATH, "put_object", dict(
        Bucket="examplebucket", Key="k", Body=b"hello", ContentMD5="XUFAKrxLKna5cZ2REBfFkg==",
        IfMatch='"abc"', IfNoneMatch="*")),
    ("put_append", PATH, "put_object", dict(
        Bucket="examplebucket", Key="log", Body=b"hello", WriteOffsetBytes=1048576)),
    ("head", PATH, "head_object", dict(
        Bucket="examplebucket", Key="photos/x.jpg", VersionId="3/L4kqtJlcpXroDTDmJ+rmsr",
        PartNumber=1, IfMatch='"a54357aff0632cce46d942af68356b38"',
        IfModifiedSince=datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc),
        IfNoneMatch='"00000000000000000000000000000000"',
        IfUnmodifiedSince=datetime.datetime(2100, 3, 1, tzinfo=datetime.timezone.utc),
        Range="bytes=0-1023", ChecksumMode="ENABLED", **SSEC, **OWNER)),
    ("get_docs", DOCS, "get_object", dict(Bucket="examplebucket", Key="test.txt", Range="bytes=0-9")),
    ("get_key_chars", PATH, "get_object", dict(
        Bucket="examplebucket", Key="dir/sp ace+plus=eq&amp?q#h%p/\u00e9t\u00e9/$!'()*,;:@[]~")),
    ("create_bucket", PATH, "create_bucket", dict(
        Bucket="newbucket", ACL="private", GrantFullControl='id="111122223333"',
        GrantRead='uri="http://acs.amazonaws.com/groups/global/AllUsers"',
        GrantReadACP='id="111122223333"', GrantWrite='id="444455556666"',
        GrantWriteACP='emailAddress="xyz@amazon.com"', ObjectLockEnabledForBucket=True,
        ObjectOwnership="BucketOwnerEnforced",
        CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})),
    ("create_bucket_min", VIRT, "create_bucket", dict(Bucket="newbucket")),
    ("list_objects", PATH, "list_objects_v2", dict(
        Bucket="examplebucket", ContinuationToken="1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=",
        Delimiter="/", EncodingType="url", FetchOwner=True, MaxKeys=2, Prefix="photos/2026 a+b",
        StartAfter="photos/2026 b.jpg", **OWNER)),
    # botocore asks for encoding-type=url on every listing (it decodes the keys itself)
    ("list_objects_min", VIRT, "list_objects_v2", dict(Bucket="examplebucket", FetchOwner=False)),
    ("list_objects_attrs", PATH, "list_objects_v2", dict(
        Bucket="examplebucket", OptionalObjectAttributes=["RestoreStatus"])),
    ("delete", PATH, "delete_object", dict(
        Bucket="examplebucket", Key="my photos/a+b.jpg",
        VersionId="UIORUnfndfiufdisojhr398493jfdkjFJjkndnqUifhnw89493jJFJ",
        MFA="arn:aws:iam::123456789012:mfa/user 123456", BypassGovernanceRetention=True, **OWNER)),
    ("delete_min", VIRT, "delete_object", dict(Bucket="examplebucket", Key="k")),
    ("delete_conditional", PATH, "delete_object", dict(
        Bucket="examplebucket", Key="k", IfMatch='"a54357aff0632cce46d942af68356b38"',
        IfMatchLastModifiedTime=datetime.datetime(2026, 11, 25, 8, 30, 0,
                                                  tzinfo=datetime.timezone.utc),
        IfMatchSize=1048576)),
]


class _FixedDatetime(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return FIXED

    @classmethod
    def now(cls, tz=None):
        return FIXED if tz is None else FIXED.replace(tzinfo=tz)


class _Captured(Exception):
    pass


def run_case(name, endpoint, op, kwargs):
    sess = botocore.session.get_session()
    cfg = botocore.config.Config(signature_version="s3v4",
                                 s3={"addressing_style": endpoint[1]},
                                 retries={"max_attempts": 1})
    client = sess.create_client("s3", region_name="us-east-1", endpoint_url=endpoint[0],
                                aws_access_key_id=ACCESS, aws_secret_access_key=SECRET,
                                config=cfg)
    op_model = client.meta.service_model.operation_model(client.meta.method_to_api_mapping[op])
    missing = [k for k in kwargs if k not in op_model.input_shape.members]
    if missing:
        return "SKIP botocore %s has no %s" % (botocore.__version__, ", ".join(missing))
    seen = {}

    # botocore 1.29 writes boolean header members with str(): "True"/"False"; S3 documents
    # and later botocore send "true"/"false". Lower-case exactly those headers.
    bool_headers = [m.serialization.get("name") for m in op_model.input_shape.members.values()
                    if m.type_name == "boolean" and m.serialization.get("location") == "header"]

    def before_sign(request, **kw):
        for h in bool_headers:
            if h in request.headers:
                v = request.headers[h]
                request.headers.replace_header(h, (v.decode() if isinstance(v, bytes) else v).lower())
        for h in ("amz-sdk-invocation-id", "amz-sdk-request"):
            if h in request.headers:
                del request.headers[h]
        if "ContentMD5" not in kwargs and "Content-MD5" in request.headers:
            del request.headers["Content-MD5"]

    def before_send(request, **kw):
        seen["req"] = request
        raise _Captured()

    client.meta.events.register("before-sign.s3", before_sign)
    client.meta.events.register("before-send.s3", before_send)
    real_sts = botocore.auth.SigV4Auth.string_to_sign

    def spy(self, request, canonical_request):
        seen["creq"] = canonical_request
        return real_sts(self, request, canonical_request)

    fake_dt = mock.Mock(wraps=datetime)
    fake_dt.datetime = _FixedDatetime
    try:
        # the pure-Python S3SigV4Auth of the vectors README, also where awscrt is installed
        # (botocore would otherwise pick its CRT signer)
        with mock.patch.object(botocore.auth.SigV4Auth, "string_to_sign", spy), \
                mock.patch.object(botocore.auth, "datetime", fake_dt), \
                mock.patch.dict(botocore.auth.AUTH_TYPE_MAPS, {"s3v4": botocore.auth.S3SigV4Auth}):
            getattr(client, op)(**kwargs)
    except _Captured:
        pass
    req = seen.get("req")
    if req is None or "creq" not in seen:
        return "SKIP botocore did not build the request"
    body = req.body or b""
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode()
    auth = req.headers["Authorization"]
    if isinstance(auth, bytes):
        auth = auth.decode()
    return "CREQ %s\nBODY %s\nAUTH %s" % (
        base64.b64encode(seen["creq"].encode()).decode(), hashlib.sha256(body).hexdigest(), auth)


def main():
    only = sys.argv[1:]
    for name, endpoint, op, kwargs in CASES:
        if only and name not in only:
            continue
        try:
            out = run_case(name, endpoint, op, kwargs)
        except Exception as e:  # report, do not hide: the C side fails the case
            out = "ERROR %s: %s" % (type(e).__name__, str(e).replace("\n", " "))
        print("CASE %s\n%s\nEND" % (name, out))
        if only:
            sys.stderr.write(base64.b64decode(out.split("\n")[0][5:]).decode() + "\n"
                             if out.startswith("CREQ") else "")


if __name__ == "__main__":
    main()
