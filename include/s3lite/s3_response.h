/* SPDX-License-Identifier: MIT */
/*
 * S3 response parsers: one caller-owned struct s3l_response per response, plugged into the
 * incremental HTTP parser (http.h). As the response passes it copies the headers and the XML
 * body fields of the operation into the caller's result struct, or an S3 Error document into
 * struct s3l_s3_error; a GetObject body goes to the caller's writer. No heap, no recursion,
 * any split of the input gives the same result.
 *
 *   struct s3l_create_mpu_result res;          (no need to clear it: init does)
 *   struct s3l_s3_error err;
 *   char scratch[S3L_XML_SCRATCH_SIZE], line[S3L_HTTP_LINE_MAX];
 *   struct s3l_response r;
 *   struct s3l_http_parser p;
 *   s3l_response_init(&r, S3L_OP_CREATE_MPU, &res, &err, scratch, sizeof scratch);
 *   s3l_http_parser_init(&p, line, sizeof line, &r.cb, &r, 0);
 *   ... s3l_http_feed(&p, buf, n, &used) until it returns S3L_OK ...
 *   rc = s3l_response_finish(&r);   S3L_OK: res.upload_id is ready
 *
 * Results: every result struct starts with `unsigned truncated` and holds fixed char arrays
 * (NUL-terminated, "" when absent) sized by the config.h macros named in the S3L_TRUNC_*
 * bits below; numbers are 0 and booleans 0 when absent. Values are stored as S3 sends them
 * (entities decoded): ETags keep their quotes, dates stay text (ISO 8601 in XML bodies,
 * HTTP-date in headers). A value longer than its field is cut (to size - 1 bytes, never
 * past the field) and sets the bit of that size in `truncated`; finish() still returns S3L_OK:
 * the operation SUCCEEDED on the server. Check `truncated` for the fields you use (the
 * default sizes hold every UploadId and ETag S3 sends; a Location or a key longer than its
 * field is the usual cut).
 *
 * Lists (parts, uploads, common prefixes) go through a struct s3l_list: either a caller
 * array (items/cap; count = items stored; when it is full further items are dropped and
 * S3L_TRUNC_LIST is set), or, when on_item is set, a callback that receives each item in
 * turn (items[0] is then the working slot: cap >= 1; count = items delivered), so a device
 * can walk any number of parts with constant RAM. A non-zero on_item return stops parsing;
 * the HTTP feed returns that value.
 *
 * The `inputs` of a result (lists, callbacks, the GetObject writer, caller storage for the
 * echoed key) are set by the caller BEFORE s3l_response_init(); init clears every other
 * field (list counts included, and the first byte of a struct s3l_text's buffer).
 */
#ifndef S3LITE_S3_RESPONSE_H
#define S3LITE_S3_RESPONSE_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/common.h"
#include "s3lite/config.h"
#include "s3lite/http.h"
#include "s3lite/transport.h"
#include "s3lite/xml.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The operation a response answers (selects the result struct and its fields). */
enum s3l_op {
    S3L_OP_CREATE_MPU,     /* struct s3l_create_mpu_result */
    S3L_OP_UPLOAD_PART,    /* struct s3l_upload_part_result */
    S3L_OP_COMPLETE_MPU,   /* struct s3l_complete_mpu_result */
    S3L_OP_ABORT_MPU,      /* no result (NULL) */
    S3L_OP_LIST_PARTS,     /* struct s3l_list_parts_result */
    S3L_OP_LIST_UPLOADS,   /* struct s3l_list_uploads_result */
    S3L_OP_PUT_OBJECT,     /* struct s3l_put_object_result */
    S3L_OP_HEAD_OBJECT,    /* struct s3l_head_object_result (init the HTTP parser for HEAD) */
    S3L_OP_GET_OBJECT,     /* struct s3l_get_object_result */
    S3L_OP_CREATE_BUCKET,  /* no result (NULL) */
    S3L_OP_GENERIC,        /* no result: any other request; only errors are parsed */
    /* after GENERIC, so that the values above keep their numbers */
    S3L_OP_LIST_OBJECTS,   /* struct s3l_list_objects_result (ListObjectsV2) */
    S3L_OP_DELETE_OBJECT   /* struct s3l_delete_object_result */
};

/* S3 error codes s3lite tells apart (Code of an Error document): one row each,
 * X(enum name, Code as S3 sends it, retryable). The enum below and the parser's code table
 * (which adds the other spellings S3 uses for some) are both made from this list, so a row
 * is all a new code needs. Retryable: the same request (re-signed) may succeed later. */
#define S3L_S3_CODES(X)                                                                     \
    X(ACCESS_DENIED, "AccessDenied", 0)                                                     \
    X(NO_SUCH_UPLOAD, "NoSuchUpload", 0)                                                    \
    X(NO_SUCH_KEY, "NoSuchKey", 0)                                                          \
    X(NO_SUCH_BUCKET, "NoSuchBucket", 0)                                                    \
    X(INVALID_PART, "InvalidPart", 0)                                                       \
    X(INVALID_PART_ORDER, "InvalidPartOrder", 0)                                            \
    X(ENTITY_TOO_SMALL, "EntityTooSmall", 0)                                                \
    X(ENTITY_TOO_LARGE, "EntityTooLarge", 0)                                                \
    X(SIGNATURE_DOES_NOT_MATCH, "SignatureDoesNotMatch", 0)                                 \
    /* retryable after correcting the clock (err->date) */                                  \
    X(REQUEST_TIME_TOO_SKEWED, "RequestTimeTooSkewed", 1)                                   \
    X(INVALID_ACCESS_KEY_ID, "InvalidAccessKeyId", 0)                                       \
    X(EXPIRED_TOKEN, "ExpiredToken", 0)             /* also TokenRefreshRequired */         \
    X(INVALID_TOKEN, "InvalidToken", 0)                                                     \
    X(AUTHORIZATION_HEADER_MALFORMED, "AuthorizationHeaderMalformed", 0)                    \
    X(INVALID_ARGUMENT, "InvalidArgument", 0)                                               \
    X(INVALID_REQUEST, "InvalidRequest", 0)                                                 \
    X(INVALID_BUCKET_NAME, "InvalidBucketName", 0)                                          \
    X(BUCKET_ALREADY_EXISTS, "BucketAlreadyExists", 0)                                      \
    X(BUCKET_ALREADY_OWNED_BY_YOU, "BucketAlreadyOwnedByYou", 0)                            \
    X(PERMANENT_REDIRECT, "PermanentRedirect", 0)   /* see err->endpoint */                 \
    X(TEMPORARY_REDIRECT, "TemporaryRedirect", 0)   /* see err->endpoint */                 \
    X(BAD_DIGEST, "BadDigest", 0)                                                           \
    X(INVALID_DIGEST, "InvalidDigest", 0)                                                   \
    X(CONTENT_SHA256_MISMATCH, "XAmzContentSHA256Mismatch", 0)                              \
    X(MALFORMED_XML, "MalformedXML", 0)                                                     \
    X(PRECONDITION_FAILED, "PreconditionFailed", 0)                                         \
    X(NOT_IMPLEMENTED, "NotImplemented", 0)                                                 \
    X(KEY_TOO_LONG, "KeyTooLongError", 0)                                                   \
    X(MISSING_CONTENT_LENGTH, "MissingContentLength", 0)                                    \
    X(INVALID_OBJECT_STATE, "InvalidObjectState", 0)                                        \
    X(INVALID_RANGE, "InvalidRange", 0)                                                     \
    X(METHOD_NOT_ALLOWED, "MethodNotAllowed", 0)                                            \
    X(INCOMPLETE_BODY, "IncompleteBody", 1)                                                 \
    X(REQUEST_TIMEOUT, "RequestTimeout", 1)                                                 \
    X(SLOW_DOWN, "SlowDown", 1)                                                             \
    X(INTERNAL_ERROR, "InternalError", 1)                                                   \
    X(SERVICE_UNAVAILABLE, "ServiceUnavailable", 1)                                         \
    /* also ThrottlingException, RequestThrottled, TooManyRequests(Exception),              \
       RequestLimitExceeded */                                                              \
    X(THROTTLING, "Throttling", 1)                                                          \
    /* a conflicting operation was running */                                               \
    X(OPERATION_ABORTED, "OperationAborted", 1)                                             \
    X(CONDITIONAL_REQUEST_CONFLICT, "ConditionalRequestConflict", 1)

#define S3L_S3_CODE_ENUM_(name, text, retryable) S3L_S3_##name,
enum s3l_s3_code {
    S3L_S3_NONE = 0, /* no Error document (code "") */
    S3L_S3_OTHER,    /* a code not listed here: see err->code */
    S3L_S3_CODES(S3L_S3_CODE_ENUM_)
};
#undef S3L_S3_CODE_ENUM_

/* Bits of `truncated`: a field of this size did not fit; raise the named macro. */
#define S3L_TRUNC_BUCKET (1u << 0)          /* S3L_BUCKET_MAX */
#define S3L_TRUNC_KEY (1u << 1)             /* S3L_KEY_MAX */
#define S3L_TRUNC_UPLOAD_ID (1u << 2)       /* S3L_UPLOAD_ID_MAX */
#define S3L_TRUNC_ETAG (1u << 3)            /* S3L_ETAG_MAX */
#define S3L_TRUNC_DATE (1u << 4)            /* S3L_DATE_MAX */
#define S3L_TRUNC_TOKEN (1u << 5)           /* S3L_TOKEN_MAX */
#define S3L_TRUNC_OWNER_ID (1u << 6)        /* S3L_OWNER_ID_MAX */
#define S3L_TRUNC_DISPLAY_NAME (1u << 7)    /* S3L_DISPLAY_NAME_MAX */
#define S3L_TRUNC_CHECKSUM_CRC (1u << 8)    /* S3L_CHECKSUM_CRC_MAX */
#define S3L_TRUNC_CHECKSUM_SHA (1u << 9)    /* S3L_CHECKSUM_SHA_MAX */
#define S3L_TRUNC_URL (1u << 10)            /* S3L_URL_MAX */
#define S3L_TRUNC_VERSION_ID (1u << 11)     /* S3L_VERSION_ID_MAX */
#define S3L_TRUNC_EXPIRATION (1u << 12)     /* S3L_EXPIRATION_MAX */
#define S3L_TRUNC_KMS_KEY_ID (1u << 13)     /* S3L_KMS_KEY_ID_MAX */
#define S3L_TRUNC_SSE_CONTEXT (1u << 14)    /* S3L_SSE_CONTEXT_MAX */
#define S3L_TRUNC_HEADER_VALUE (1u << 15)   /* S3L_HEADER_VALUE_MAX */
#define S3L_TRUNC_ERROR_CODE (1u << 16)     /* S3L_ERROR_CODE_MAX */
#define S3L_TRUNC_ERROR_MESSAGE (1u << 17)  /* S3L_ERROR_MESSAGE_MAX */
#define S3L_TRUNC_REQUEST_ID (1u << 18)     /* S3L_REQUEST_ID_MAX */
#define S3L_TRUNC_HOST_ID (1u << 19)        /* S3L_HOST_ID_MAX */
#define S3L_TRUNC_LIST (1u << 31)           /* a caller array was full: items dropped */

/*
 * The fields of each result, one list a struct, one row a field:
 *
 *   X(kind, member, size, "Element", "header-name")
 *
 * Each list makes the struct's members (S3L_MEMBER below) and, in core/s3_response.c, the
 * parser's table for it (where each member is, and the names that fill it): adding a field
 * is one row. "Element" is the XML element below the document's root (a path such as
 * "Initiator/ID" for one deeper) and "header-name" the response header (lower case; matched
 * ignoring case); "" for none. Kinds:
 *   STR      char member[S3L_<size>_MAX]: text, cut at that size (sets S3L_TRUNC_<size>)
 *   U32 U64  uint32_t / uint64_t member: a decimal number
 *   BOOL     uint8_t member: "true" 1, "false" 0
 *   SSE_HEADERS, CHECKSUM_HEADERS, CHECKSUM_ELEMENTS
 *            struct s3l_sse_info / struct s3l_checksums member, filled by that struct's
 *            own list through its header names or its element names
 * and, for members declared by hand (inputs, see below), rows that make no member:
 *   TEXT     the member is a struct s3l_text: the element's text goes to caller storage
 *   LIST     the member is a struct s3l_list: each such element is an item, whose own
 *            elements fill a struct s3l_<size>_info (size: PART, UPLOAD, PREFIX, OBJECT)
 *   ALSO     another name for the member of kind STR of the given size named in the row
 */
#define S3L_MEMBER(kind, member, size, element, header) S3L_MEMBER_##kind(member, size)
#define S3L_MEMBER_STR(m, size) char m[S3L_##size##_MAX];
#define S3L_MEMBER_U32(m, size) uint32_t m;
#define S3L_MEMBER_U64(m, size) uint64_t m;
#define S3L_MEMBER_BOOL(m, size) uint8_t m;
#define S3L_MEMBER_SSE_HEADERS(m, size) struct s3l_sse_info m;
#define S3L_MEMBER_CHECKSUM_HEADERS(m, size) struct s3l_checksums m;
#define S3L_MEMBER_CHECKSUM_ELEMENTS(m, size) struct s3l_checksums m;
#define S3L_MEMBER_TEXT(m, size)
#define S3L_MEMBER_LIST(m, size)
#define S3L_MEMBER_ALSO(m, size)

/*
 * An S3 Error document (also filled for errors without one: http_status, and request_id,
 * host_id and date from the headers). Every field is cleared by s3l_response_init().
 */
#define S3L_S3_ERROR_FIELDS(X)                                                                \
    X(U32, max_skew_ms, 0, "MaxAllowedSkewMilliseconds", "")                                  \
    X(U32, part_number, 0, "PartNumber", "")                 /* InvalidPart */                \
    X(STR, code, ERROR_CODE, "Code", "")                     /* e.g. "NoSuchUpload" */        \
    X(STR, message, ERROR_MESSAGE, "Message", "")                                             \
    X(STR, request_id, REQUEST_ID, "RequestId", "x-amz-request-id")                           \
    X(STR, host_id, HOST_ID, "HostId", "x-amz-id-2")                                          \
    X(STR, resource, URL, "Resource", "")                                                     \
    X(STR, endpoint, URL, "Endpoint", "")          /* PermanentRedirect, TemporaryRedirect */ \
    X(STR, bucket, BUCKET, "Bucket", "")                                                      \
    X(ALSO, bucket, BUCKET, "BucketName", "")                                                 \
    X(STR, server_time, DATE, "ServerTime", "")              /* RequestTimeTooSkewed */       \
    X(STR, request_time, DATE, "RequestTime", "")            /* RequestTimeTooSkewed */       \
    X(STR, date, DATE, "", "date")                           /* to correct the clock */       \
    X(STR, region, TOKEN, "Region", "")                      /* AuthorizationHeaderMalformed */ \
    X(STR, type, TOKEN, "Type", "")                          /* Sender / Server */            \
    X(STR, etag, ETAG, "ETag", "")                           /* InvalidPart */                \
    X(STR, argument_name, TOKEN, "ArgumentName", "")         /* InvalidArgument */            \
    X(STR, argument_value, HEADER_VALUE, "ArgumentValue", "")
struct s3l_s3_error {
    unsigned truncated;                   /* S3L_TRUNC_* bits: a field did not fit */
    int http_status;                      /* final HTTP status (200 for "200 with Error") */
    enum s3l_s3_code code_enum;           /* code as an enum; S3L_S3_NONE when code is "" */
    int retryable;                        /* 1: the same request (re-signed) may succeed
                                             later: the codes marked above, 5xx, 408, 429 */
    int body_error;                       /* why a non-2xx body was not an Error document
                                             (S3L_ERR_XML_*), 0 when it was or was empty */
    S3L_S3_ERROR_FIELDS(S3L_MEMBER)
};

/*
 * Caller storage for a value the caller usually has already: the key it sent, which
 * CreateMultipartUpload, CompleteMultipartUpload and ListParts echo back. An input, set
 * before s3l_response_init(): buf NULL (the default of a zeroed result) drops the value, so
 * no result carries a 1 KB key array; else up to cap - 1 bytes are kept, NUL-terminated ("" when
 * absent), and a longer value is cut and sets S3L_TRUNC_KEY.
 */
struct s3l_text {
    char *buf;
    size_t cap;
};

/* Where a list's items go (see the top of this file). Set by the caller. */
struct s3l_list {
    void *items;                                 /* caller array of cap items, or NULL */
    size_t cap;
    size_t count;                                /* out: items stored / delivered */
    int (*on_item)(void *ctx, const void *item); /* optional; item is valid during the call */
    void *ctx;
};

/* Server-side encryption as the response headers report it. */
#define S3L_SSE_FIELDS(X)                                                                     \
    /* AES256, aws:kms, aws:kms:dsse, aws:fsx */                                              \
    X(STR, algorithm, TOKEN, "", "x-amz-server-side-encryption")                              \
    X(STR, customer_algorithm, TOKEN, "", "x-amz-server-side-encryption-customer-algorithm")  \
    /* SSE-C, base64 */                                                                       \
    X(STR, customer_key_md5, TOKEN, "", "x-amz-server-side-encryption-customer-key-md5")      \
    X(STR, kms_key_id, KMS_KEY_ID, "", "x-amz-server-side-encryption-aws-kms-key-id")         \
    /* base64 JSON */                                                                         \
    X(STR, kms_context, SSE_CONTEXT, "", "x-amz-server-side-encryption-context")              \
    X(BOOL, bucket_key_enabled, 0, "", "x-amz-server-side-encryption-bucket-key-enabled")
struct s3l_sse_info {
    S3L_SSE_FIELDS(S3L_MEMBER)
};

/* Checksum values (base64, "-N" suffix for composite multipart checksums). */
#define S3L_CHECKSUMS_FIELDS(X)                                                               \
    X(STR, crc32, CHECKSUM_CRC, "ChecksumCRC32", "x-amz-checksum-crc32")                      \
    X(STR, crc32c, CHECKSUM_CRC, "ChecksumCRC32C", "x-amz-checksum-crc32c")                   \
    X(STR, crc64nvme, CHECKSUM_CRC, "ChecksumCRC64NVME", "x-amz-checksum-crc64nvme")          \
    X(STR, sha1, CHECKSUM_SHA, "ChecksumSHA1", "x-amz-checksum-sha1")                         \
    X(STR, sha256, CHECKSUM_SHA, "ChecksumSHA256", "x-amz-checksum-sha256")
struct s3l_checksums {
    S3L_CHECKSUMS_FIELDS(S3L_MEMBER)
};

/* CreateMultipartUpload (InitiateMultipartUploadResult + headers). */
#define S3L_CREATE_MPU_FIELDS(X)                                                              \
    X(TEXT, key, 0, "Key", "")                                                                \
    X(STR, bucket, BUCKET, "Bucket", "")                                                      \
    X(STR, upload_id, UPLOAD_ID, "UploadId", "")                                              \
    X(STR, abort_date, DATE, "", "x-amz-abort-date")                  /* HTTP-date */         \
    X(STR, abort_rule_id, HEADER_VALUE, "", "x-amz-abort-rule-id")                            \
    X(SSE_HEADERS, sse, 0, "", "")                                                            \
    X(STR, request_charged, TOKEN, "", "x-amz-request-charged")       /* "requester" */       \
    X(STR, checksum_algorithm, TOKEN, "", "x-amz-checksum-algorithm")                         \
    X(STR, checksum_type, TOKEN, "", "x-amz-checksum-type")
struct s3l_create_mpu_result {
    unsigned truncated;
    struct s3l_text key;                      /* input: where Key goes (optional) */
    S3L_CREATE_MPU_FIELDS(S3L_MEMBER)
};

/* UploadPart (headers only). */
#define S3L_UPLOAD_PART_FIELDS(X)                                                             \
    X(STR, etag, ETAG, "", "etag")                                    /* with its quotes */   \
    X(CHECKSUM_HEADERS, checksums, 0, "", "")                                                 \
    X(SSE_HEADERS, sse, 0, "", "")                                                            \
    X(STR, request_charged, TOKEN, "", "x-amz-request-charged")
struct s3l_upload_part_result {
    unsigned truncated;
    S3L_UPLOAD_PART_FIELDS(S3L_MEMBER)
};

/* CompleteMultipartUpload (CompleteMultipartUploadResult + headers). A 200 answer carrying
 * an Error document is S3L_ERR_S3. */
#define S3L_COMPLETE_MPU_FIELDS(X)                                                            \
    X(TEXT, key, 0, "Key", "")                                                                \
    X(STR, location, URL, "Location", "")                                                     \
    X(STR, bucket, BUCKET, "Bucket", "")                                                      \
    X(STR, etag, ETAG, "ETag", "")                    /* entities decoded: "\"...-N\"" */     \
    X(CHECKSUM_ELEMENTS, checksums, 0, "", "")        /* ChecksumCRC32 ... ChecksumSHA256 */  \
    X(STR, checksum_type, TOKEN, "ChecksumType", "")  /* COMPOSITE / FULL_OBJECT */           \
    X(STR, version_id, VERSION_ID, "", "x-amz-version-id")                                    \
    X(STR, expiration, EXPIRATION, "", "x-amz-expiration")                                    \
    X(SSE_HEADERS, sse, 0, "", "")                                                            \
    X(STR, request_charged, TOKEN, "", "x-amz-request-charged")
struct s3l_complete_mpu_result {
    unsigned truncated;
    struct s3l_text key;                      /* input: where Key goes (optional) */
    S3L_COMPLETE_MPU_FIELDS(S3L_MEMBER)
};

/* One Part of ListParts. */
#define S3L_PART_FIELDS(X)                                                                    \
    X(U32, part_number, 0, "PartNumber", "")                                                  \
    X(U64, size, 0, "Size", "")                                                               \
    X(STR, etag, ETAG, "ETag", "")                                                            \
    X(STR, last_modified, DATE, "LastModified", "")                                           \
    X(CHECKSUM_ELEMENTS, checksums, 0, "", "")
struct s3l_part_info {
    unsigned truncated;
    S3L_PART_FIELDS(S3L_MEMBER)
};

/* ListParts (ListPartsResult + headers). */
#define S3L_LIST_PARTS_FIELDS(X)                                                              \
    X(LIST, parts, PART, "Part", "")                                                          \
    X(TEXT, key, 0, "Key", "")                                                                \
    X(STR, bucket, BUCKET, "Bucket", "")                                                      \
    X(STR, upload_id, UPLOAD_ID, "UploadId", "")                                              \
    X(U32, part_number_marker, 0, "PartNumberMarker", "")                                     \
    X(U32, next_part_number_marker, 0, "NextPartNumberMarker", "") /* the next page's */      \
    X(U32, max_parts, 0, "MaxParts", "")                                                      \
    X(BOOL, has_more, 0, "IsTruncated", "")                        /* 1 = more pages */       \
    X(STR, storage_class, TOKEN, "StorageClass", "")                                          \
    X(STR, checksum_algorithm, TOKEN, "ChecksumAlgorithm", "")                                \
    X(STR, checksum_type, TOKEN, "ChecksumType", "")                                          \
    X(STR, initiator_id, OWNER_ID, "Initiator/ID", "")                                        \
    X(STR, initiator_name, DISPLAY_NAME, "Initiator/DisplayName", "")                         \
    X(STR, owner_id, OWNER_ID, "Owner/ID", "")                                                \
    X(STR, owner_name, DISPLAY_NAME, "Owner/DisplayName", "")                                 \
    X(STR, abort_date, DATE, "", "x-amz-abort-date")                                          \
    X(STR, abort_rule_id, HEADER_VALUE, "", "x-amz-abort-rule-id")                            \
    X(STR, request_charged, TOKEN, "", "x-amz-request-charged")
struct s3l_list_parts_result {
    unsigned truncated;                       /* the parts' bits are or-ed in too */
    struct s3l_list parts;                    /* input: of struct s3l_part_info */
    struct s3l_text key;                      /* input: where Key goes (optional) */
    S3L_LIST_PARTS_FIELDS(S3L_MEMBER)
};

/* One Upload of ListMultipartUploads. */
#define S3L_UPLOAD_FIELDS(X)                                                                  \
    X(STR, key, KEY, "Key", "")                                                               \
    X(STR, upload_id, UPLOAD_ID, "UploadId", "")                                              \
    X(STR, initiated, DATE, "Initiated", "")                                                  \
    X(STR, storage_class, TOKEN, "StorageClass", "")                                          \
    X(STR, checksum_algorithm, TOKEN, "ChecksumAlgorithm", "")                                \
    X(STR, checksum_type, TOKEN, "ChecksumType", "")                                          \
    X(STR, initiator_id, OWNER_ID, "Initiator/ID", "")                                        \
    X(STR, initiator_name, DISPLAY_NAME, "Initiator/DisplayName", "")                         \
    X(STR, owner_id, OWNER_ID, "Owner/ID", "")                                                \
    X(STR, owner_name, DISPLAY_NAME, "Owner/DisplayName", "")
struct s3l_upload_info {
    unsigned truncated;
    S3L_UPLOAD_FIELDS(S3L_MEMBER)
};

/* One CommonPrefixes entry of ListMultipartUploads. */
#define S3L_PREFIX_FIELDS(X) X(STR, prefix, KEY, "Prefix", "")
struct s3l_prefix_info {
    unsigned truncated;
    S3L_PREFIX_FIELDS(S3L_MEMBER)
};

/* ListMultipartUploads (ListMultipartUploadsResult + headers). */
#define S3L_LIST_UPLOADS_FIELDS(X)                                                            \
    X(LIST, uploads, UPLOAD, "Upload", "")                                                    \
    X(LIST, prefixes, PREFIX, "CommonPrefixes", "")                                           \
    X(STR, bucket, BUCKET, "Bucket", "")                                                      \
    X(STR, key_marker, KEY, "KeyMarker", "")                                                  \
    X(STR, upload_id_marker, UPLOAD_ID, "UploadIdMarker", "")                                 \
    X(STR, next_key_marker, KEY, "NextKeyMarker", "")                                         \
    X(STR, next_upload_id_marker, UPLOAD_ID, "NextUploadIdMarker", "")                        \
    X(STR, prefix, KEY, "Prefix", "")                                                         \
    X(STR, delimiter, TOKEN, "Delimiter", "")                                                 \
    X(STR, encoding_type, TOKEN, "EncodingType", "")                                          \
    X(U32, max_uploads, 0, "MaxUploads", "")                                                  \
    X(BOOL, has_more, 0, "IsTruncated", "")                                                   \
    X(STR, request_charged, TOKEN, "", "x-amz-request-charged")
struct s3l_list_uploads_result {
    unsigned truncated;                       /* the items' bits are or-ed in too */
    struct s3l_list uploads;                  /* input: of struct s3l_upload_info */
    struct s3l_list prefixes;                 /* input: of struct s3l_prefix_info */
    S3L_LIST_UPLOADS_FIELDS(S3L_MEMBER)
};

/* One Contents entry of ListObjectsV2: an object. Owner with fetch-owner only;
 * RestoreStatus with x-amz-optional-object-attributes: RestoreStatus only. */
#define S3L_OBJECT_FIELDS(X)                                                                  \
    X(STR, key, KEY, "Key", "")                                                               \
    X(STR, last_modified, DATE, "LastModified", "")                   /* ISO 8601 */          \
    X(STR, etag, ETAG, "ETag", "")                                                            \
    X(U64, size, 0, "Size", "")                                                               \
    X(STR, storage_class, TOKEN, "StorageClass", "")                                          \
    X(STR, checksum_algorithm, TOKEN, "ChecksumAlgorithm", "")                                \
    X(STR, checksum_type, TOKEN, "ChecksumType", "")                                          \
    X(STR, owner_id, OWNER_ID, "Owner/ID", "")                                                \
    X(STR, owner_name, DISPLAY_NAME, "Owner/DisplayName", "")                                 \
    X(BOOL, restore_in_progress, 0, "RestoreStatus/IsRestoreInProgress", "")                  \
    X(STR, restore_expiry_date, DATE, "RestoreStatus/RestoreExpiryDate", "")
struct s3l_object_info {
    unsigned truncated;
    S3L_OBJECT_FIELDS(S3L_MEMBER)
};

/* ListObjectsV2 (ListBucketResult + headers). The common prefixes are struct s3l_prefix_info
 * items. The continuation token is kept in a field of S3L_KEY_MAX bytes (RGW sends the next
 * key, S3 an opaque token); the request's own ContinuationToken and StartAfter, which S3
 * echoes, are not kept (the caller has them). */
#define S3L_LIST_OBJECTS_FIELDS(X)                                                            \
    X(LIST, objects, OBJECT, "Contents", "")                                                  \
    X(LIST, prefixes, PREFIX, "CommonPrefixes", "")                                           \
    X(STR, bucket, BUCKET, "Name", "")                                                        \
    X(STR, prefix, KEY, "Prefix", "")                                                         \
    X(STR, delimiter, TOKEN, "Delimiter", "")                                                 \
    X(STR, next_continuation_token, KEY, "NextContinuationToken", "") /* the next page's */   \
    X(STR, encoding_type, TOKEN, "EncodingType", "")                                          \
    X(U32, max_keys, 0, "MaxKeys", "")                                                        \
    X(U32, key_count, 0, "KeyCount", "")                          /* objects + prefixes */    \
    X(BOOL, has_more, 0, "IsTruncated", "")                       /* 1 = more pages */        \
    X(STR, request_charged, TOKEN, "", "x-amz-request-charged")
struct s3l_list_objects_result {
    unsigned truncated;                       /* the items' bits are or-ed in too */
    struct s3l_list objects;                  /* input: of struct s3l_object_info */
    struct s3l_list prefixes;                 /* input: of struct s3l_prefix_info */
    S3L_LIST_OBJECTS_FIELDS(S3L_MEMBER)
};

/* DeleteObject (headers only; S3 answers 204 whether the key existed or not). */
#define S3L_DELETE_OBJECT_FIELDS(X)                                                           \
    X(BOOL, delete_marker, 0, "", "x-amz-delete-marker")   /* a delete marker was made/removed */ \
    X(STR, version_id, VERSION_ID, "", "x-amz-version-id")                                    \
    X(STR, request_charged, TOKEN, "", "x-amz-request-charged")
struct s3l_delete_object_result {
    unsigned truncated;
    S3L_DELETE_OBJECT_FIELDS(S3L_MEMBER)
};

/* PutObject (headers only). */
#define S3L_PUT_OBJECT_FIELDS(X)                                                              \
    X(STR, etag, ETAG, "", "etag")                                                            \
    X(CHECKSUM_HEADERS, checksums, 0, "", "")                                                 \
    X(STR, checksum_type, TOKEN, "", "x-amz-checksum-type")                                   \
    X(STR, version_id, VERSION_ID, "", "x-amz-version-id")                                    \
    X(STR, expiration, EXPIRATION, "", "x-amz-expiration")                                    \
    X(SSE_HEADERS, sse, 0, "", "")                                                            \
    X(STR, request_charged, TOKEN, "", "x-amz-request-charged")
struct s3l_put_object_result {
    unsigned truncated;
    S3L_PUT_OBJECT_FIELDS(S3L_MEMBER)
};

/* HeadObject (headers only); also the head of GetObject. meta_count has no name: it counts
 * the x-amz-meta-* headers. */
#define S3L_HEAD_OBJECT_FIELDS(X)                                                             \
    X(U64, content_length, 0, "", "content-length")                                           \
    X(U32, parts_count, 0, "", "x-amz-mp-parts-count")                                        \
    X(U32, tag_count, 0, "", "x-amz-tagging-count")                                           \
    X(U32, meta_count, 0, "", "")                                 /* x-amz-meta-* seen */     \
    X(BOOL, delete_marker, 0, "", "x-amz-delete-marker")                                      \
    X(STR, etag, ETAG, "", "etag")                                                            \
    X(STR, content_type, HEADER_VALUE, "", "content-type")                                    \
    X(STR, last_modified, DATE, "", "last-modified")              /* HTTP-date */             \
    X(STR, cache_control, HEADER_VALUE, "", "cache-control")                                  \
    X(STR, content_disposition, HEADER_VALUE, "", "content-disposition")                      \
    X(STR, content_encoding, TOKEN, "", "content-encoding")                                   \
    X(STR, content_language, TOKEN, "", "content-language")                                   \
    X(STR, content_range, HEADER_VALUE, "", "content-range")      /* GetObject, a range */    \
    X(STR, expires, DATE, "", "expires")                                                      \
    X(STR, website_redirect, URL, "", "x-amz-website-redirect-location")                      \
    X(STR, storage_class, TOKEN, "", "x-amz-storage-class")                                   \
    X(STR, lock_mode, TOKEN, "", "x-amz-object-lock-mode")                                    \
    X(STR, lock_retain_until, DATE, "", "x-amz-object-lock-retain-until-date")                \
    X(STR, lock_legal_hold, TOKEN, "", "x-amz-object-lock-legal-hold")  /* ON / OFF */        \
    X(STR, replication_status, TOKEN, "", "x-amz-replication-status")                         \
    X(STR, restore, EXPIRATION, "", "x-amz-restore")                                          \
    X(STR, version_id, VERSION_ID, "", "x-amz-version-id")                                    \
    X(STR, expiration, EXPIRATION, "", "x-amz-expiration")                                    \
    X(STR, checksum_type, TOKEN, "", "x-amz-checksum-type")                                   \
    X(CHECKSUM_HEADERS, checksums, 0, "", "")                                                 \
    X(SSE_HEADERS, sse, 0, "", "")                                                            \
    X(STR, request_charged, TOKEN, "", "x-amz-request-charged")                               \
    X(U32, missing_meta, 0, "", "x-amz-missing-meta")   /* metadata the headers could not hold */
struct s3l_head_object_result {
    unsigned truncated;
    /* input: called for each x-amz-meta-* header (name without the prefix, as sent);
     * a non-zero return stops parsing. May be NULL. */
    int (*on_meta)(void *ctx, const char *name, size_t name_len, const char *value,
                   size_t value_len);
    void *on_meta_ctx;
    S3L_HEAD_OBJECT_FIELDS(S3L_MEMBER)
};

/* GetObject: the head fields, and the writer the 2xx body goes to (input; a NULL write
 * drops the bytes). A non-zero write return stops parsing. Error bodies are parsed. */
struct s3l_get_object_result {
    struct s3l_head_object_result head;       /* head.truncated is this result's flags */
    struct s3l_writer sink;
};

/* One response being parsed. Caller-owned; fields below "private" are not for callers. */
struct s3l_response {
    struct s3l_http_callbacks cb; /* pass &r->cb and r (as ctx) to s3l_http_parser_init() */
    int status;                   /* final HTTP status, 0 until known */
    enum s3l_op op;
    void *result;
    struct s3l_s3_error *err;
    /* Optional, set after init: every response header is passed here too (a non-zero
     * return stops parsing). */
    int (*on_header)(void *ctx, const char *name, size_t name_len, const char *value,
                     size_t value_len);
    void *on_header_ctx;
    /* private */
    struct s3l_xml xml;
    char *doc;                    /* where body fields go: result or err, NULL: nowhere */
    char *item;                   /* list item being filled */
    struct s3l_list *list;        /* its list */
    const void *tab;              /* what the root says the body is: the op's or the Error's */
    const void *leaf;             /* table row of the open leaf element */
    uint32_t path[4];             /* per open depth 1..4: what the element is (s3_response.c) */
    size_t len;                   /* text bytes of the open leaf so far */
    int rc;                       /* first error (sticky) */
    uint8_t mode;
    uint8_t flags;
    uint8_t skip;                 /* depth of a subtree being skipped, 0 = none */
    uint8_t leaf_depth;
    uint8_t item_depth;
    char num[24];                 /* text of a numeric / boolean leaf */
};

/*
 * Prepare r for one response to op. result: the op's result struct (see enum s3l_op; may
 * be NULL: fields are then not kept); its inputs must be set already; every other field is
 * cleared. err: where an Error document goes (may be NULL); cleared. scratch[0..cap): the
 * XML scanner's name buffer (S3L_XML_SCRATCH_SIZE is plenty). All pointers are borrowed
 * until finish. Then pass &r->cb and r to s3l_http_parser_init(). Returns S3L_OK,
 * S3L_ERR_ARG (unknown op: every callback fails) or S3L_ERR_ABI (see s3lite/abi.h).
 */
int s3l_response_init_abi(struct s3l_response *r, enum s3l_op op, void *result,
                          struct s3l_s3_error *err, char *scratch, size_t scratch_cap,
                          size_t app_size, uint32_t app_config);
#define s3l_response_init(r, op, result, err, scratch, scratch_cap) \
    s3l_response_init_abi((r), (op), (result), (err), (scratch), (scratch_cap), \
                          sizeof(struct s3l_response), S3L_ABI_CONFIG)

/*
 * After the HTTP parser returned S3L_OK (whole response seen):
 *   S3L_OK               2xx and the expected answer (result filled);
 *   S3L_ERR_S3           an Error document (err filled), whatever the status: a
 *                        CompleteMultipartUpload "200 OK" whose root is <Error> included;
 *   S3L_ERR_HTTP_STATUS  non-2xx without a parsable Error document (err->http_status set,
 *                        code and message "", body_error says why when there was a body;
 *                        the other fields hold what was read: request_id and host_id from
 *                        the headers, and the body up to where it failed);
 *   S3L_ERR_XML_*        2xx with a malformed body, an unexpected root (S3L_ERR_XML_ROOT) or
 *                        no body where one was expected (S3L_ERR_XML_SYNTAX);
 *   S3L_ERR_RANGE        a number or boolean that is not one (e.g. <Size>-1</Size>);
 *   S3L_ERR_STATE        no status was seen; or the error a callback returned.
 */
int s3l_response_finish(struct s3l_response *r);

/* Map an S3 error Code (code[0..len)) to enum s3l_s3_code: S3L_S3_NONE for "", S3L_S3_OTHER
 * for unknown codes. *retryable (may be NULL) gets 1 for the codes marked retryable. */
int s3l_s3_code_from_string(const char *code, size_t len, int *retryable);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_S3_RESPONSE_H */
