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
    S3L_OP_GENERIC         /* no result: any other request; only errors are parsed */
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
 * An S3 Error document (also filled for errors without one: http_status, and request_id,
 * host_id and date from the headers). Every field is cleared by s3l_response_init().
 */
struct s3l_s3_error {
    unsigned truncated;                   /* S3L_TRUNC_* bits: a field did not fit */
    int http_status;                      /* final HTTP status (200 for "200 with Error") */
    enum s3l_s3_code code_enum;           /* code as an enum; S3L_S3_NONE when code is "" */
    int retryable;                        /* 1: the same request (re-signed) may succeed
                                             later: the codes marked above, 5xx, 408, 429 */
    int body_error;                       /* why a non-2xx body was not an Error document
                                             (S3L_ERR_XML_*), 0 when it was or was empty */
    uint32_t max_skew_ms;                 /* MaxAllowedSkewMilliseconds */
    uint32_t part_number;                 /* PartNumber (InvalidPart) */
    char code[S3L_ERROR_CODE_MAX];        /* Code, e.g. "NoSuchUpload" */
    char message[S3L_ERROR_MESSAGE_MAX];  /* Message */
    char request_id[S3L_REQUEST_ID_MAX];  /* RequestId, else the x-amz-request-id header */
    char host_id[S3L_HOST_ID_MAX];        /* HostId, else the x-amz-id-2 header */
    char resource[S3L_URL_MAX];           /* Resource */
    char endpoint[S3L_URL_MAX];           /* Endpoint (PermanentRedirect, TemporaryRedirect) */
    char bucket[S3L_BUCKET_MAX];          /* Bucket or BucketName */
    char server_time[S3L_DATE_MAX];       /* ServerTime (RequestTimeTooSkewed) */
    char request_time[S3L_DATE_MAX];      /* RequestTime (RequestTimeTooSkewed) */
    char date[S3L_DATE_MAX];              /* the Date response header (clock-skew fix) */
    char region[S3L_TOKEN_MAX];           /* Region (AuthorizationHeaderMalformed) */
    char type[S3L_TOKEN_MAX];             /* Type: Sender / Server */
    char etag[S3L_ETAG_MAX];              /* ETag (InvalidPart) */
    char argument_name[S3L_TOKEN_MAX];    /* ArgumentName (InvalidArgument) */
    char argument_value[S3L_HEADER_VALUE_MAX]; /* ArgumentValue (InvalidArgument) */
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
struct s3l_sse_info {
    char algorithm[S3L_TOKEN_MAX];            /* x-amz-server-side-encryption: AES256,
                                                 aws:kms, aws:kms:dsse, aws:fsx */
    char customer_algorithm[S3L_TOKEN_MAX];   /* ...-customer-algorithm (SSE-C) */
    char customer_key_md5[S3L_TOKEN_MAX];     /* ...-customer-key-MD5 (SSE-C, base64) */
    char kms_key_id[S3L_KMS_KEY_ID_MAX];      /* ...-aws-kms-key-id */
    char kms_context[S3L_SSE_CONTEXT_MAX];    /* ...-context (base64 JSON) */
    uint8_t bucket_key_enabled;               /* ...-bucket-key-enabled: 1 = true */
};

/* Checksum values (base64, "-N" suffix for composite multipart checksums). */
struct s3l_checksums {
    char crc32[S3L_CHECKSUM_CRC_MAX];     /* x-amz-checksum-crc32 / ChecksumCRC32 */
    char crc32c[S3L_CHECKSUM_CRC_MAX];    /* ...-crc32c / ChecksumCRC32C */
    char crc64nvme[S3L_CHECKSUM_CRC_MAX]; /* ...-crc64nvme / ChecksumCRC64NVME */
    char sha1[S3L_CHECKSUM_SHA_MAX];      /* ...-sha1 / ChecksumSHA1 */
    char sha256[S3L_CHECKSUM_SHA_MAX];    /* ...-sha256 / ChecksumSHA256 */
};

/* CreateMultipartUpload (InitiateMultipartUploadResult + headers). */
struct s3l_create_mpu_result {
    unsigned truncated;
    struct s3l_text key;                      /* input: where Key goes (optional) */
    char bucket[S3L_BUCKET_MAX];              /* Bucket */
    char upload_id[S3L_UPLOAD_ID_MAX];        /* UploadId */
    char abort_date[S3L_DATE_MAX];            /* x-amz-abort-date (HTTP-date) */
    char abort_rule_id[S3L_HEADER_VALUE_MAX]; /* x-amz-abort-rule-id */
    struct s3l_sse_info sse;                  /* x-amz-server-side-encryption* */
    char request_charged[S3L_TOKEN_MAX];      /* x-amz-request-charged: "requester" */
    char checksum_algorithm[S3L_TOKEN_MAX];   /* x-amz-checksum-algorithm */
    char checksum_type[S3L_TOKEN_MAX];        /* x-amz-checksum-type */
};

/* UploadPart (headers only). */
struct s3l_upload_part_result {
    unsigned truncated;
    char etag[S3L_ETAG_MAX];                  /* ETag, with its quotes */
    struct s3l_checksums checksums;           /* x-amz-checksum-* */
    struct s3l_sse_info sse;
    char request_charged[S3L_TOKEN_MAX];
};

/* CompleteMultipartUpload (CompleteMultipartUploadResult + headers). A 200 answer carrying
 * an Error document is S3L_ERR_S3. */
struct s3l_complete_mpu_result {
    unsigned truncated;
    struct s3l_text key;                      /* input: where Key goes (optional) */
    char location[S3L_URL_MAX];               /* Location */
    char bucket[S3L_BUCKET_MAX];              /* Bucket */
    char etag[S3L_ETAG_MAX];                  /* ETag (entities decoded: "\"...-N\"") */
    struct s3l_checksums checksums;           /* ChecksumCRC32 ... ChecksumSHA256 */
    char checksum_type[S3L_TOKEN_MAX];        /* ChecksumType: COMPOSITE / FULL_OBJECT */
    char version_id[S3L_VERSION_ID_MAX];      /* x-amz-version-id */
    char expiration[S3L_EXPIRATION_MAX];      /* x-amz-expiration */
    struct s3l_sse_info sse;
    char request_charged[S3L_TOKEN_MAX];
};

/* One Part of ListParts. */
struct s3l_part_info {
    unsigned truncated;
    uint32_t part_number;                     /* PartNumber */
    uint64_t size;                            /* Size */
    char etag[S3L_ETAG_MAX];                  /* ETag */
    char last_modified[S3L_DATE_MAX];         /* LastModified */
    struct s3l_checksums checksums;           /* ChecksumCRC32 ... */
};

/* ListParts (ListPartsResult + headers). */
struct s3l_list_parts_result {
    unsigned truncated;                       /* the parts' bits are or-ed in too */
    struct s3l_list parts;                    /* input: of struct s3l_part_info */
    struct s3l_text key;                      /* input: where Key goes (optional) */
    char bucket[S3L_BUCKET_MAX];
    char upload_id[S3L_UPLOAD_ID_MAX];
    uint32_t part_number_marker;              /* PartNumberMarker */
    uint32_t next_part_number_marker;         /* NextPartNumberMarker: the next page's marker */
    uint32_t max_parts;                       /* MaxParts */
    uint8_t has_more;                     /* IsTruncated: 1 = more pages */
    char storage_class[S3L_TOKEN_MAX];
    char checksum_algorithm[S3L_TOKEN_MAX];
    char checksum_type[S3L_TOKEN_MAX];
    char initiator_id[S3L_OWNER_ID_MAX];      /* Initiator/ID */
    char initiator_name[S3L_DISPLAY_NAME_MAX];/* Initiator/DisplayName */
    char owner_id[S3L_OWNER_ID_MAX];          /* Owner/ID */
    char owner_name[S3L_DISPLAY_NAME_MAX];    /* Owner/DisplayName */
    char abort_date[S3L_DATE_MAX];            /* x-amz-abort-date */
    char abort_rule_id[S3L_HEADER_VALUE_MAX]; /* x-amz-abort-rule-id */
    char request_charged[S3L_TOKEN_MAX];
};

/* One Upload of ListMultipartUploads. */
struct s3l_upload_info {
    unsigned truncated;
    char key[S3L_KEY_MAX];
    char upload_id[S3L_UPLOAD_ID_MAX];
    char initiated[S3L_DATE_MAX];             /* Initiated */
    char storage_class[S3L_TOKEN_MAX];
    char checksum_algorithm[S3L_TOKEN_MAX];
    char checksum_type[S3L_TOKEN_MAX];
    char initiator_id[S3L_OWNER_ID_MAX];
    char initiator_name[S3L_DISPLAY_NAME_MAX];
    char owner_id[S3L_OWNER_ID_MAX];
    char owner_name[S3L_DISPLAY_NAME_MAX];
};

/* One CommonPrefixes entry of ListMultipartUploads. */
struct s3l_prefix_info {
    unsigned truncated;
    char prefix[S3L_KEY_MAX];
};

/* ListMultipartUploads (ListMultipartUploadsResult + headers). */
struct s3l_list_uploads_result {
    unsigned truncated;                       /* the items' bits are or-ed in too */
    struct s3l_list uploads;                  /* input: of struct s3l_upload_info */
    struct s3l_list prefixes;                 /* input: of struct s3l_prefix_info */
    char bucket[S3L_BUCKET_MAX];
    char key_marker[S3L_KEY_MAX];
    char upload_id_marker[S3L_UPLOAD_ID_MAX];
    char next_key_marker[S3L_KEY_MAX];
    char next_upload_id_marker[S3L_UPLOAD_ID_MAX];
    char prefix[S3L_KEY_MAX];
    char delimiter[S3L_TOKEN_MAX];
    char encoding_type[S3L_TOKEN_MAX];
    uint32_t max_uploads;
    uint8_t has_more;
    char request_charged[S3L_TOKEN_MAX];
};

/* PutObject (headers only). */
struct s3l_put_object_result {
    unsigned truncated;
    char etag[S3L_ETAG_MAX];
    struct s3l_checksums checksums;
    char checksum_type[S3L_TOKEN_MAX];        /* x-amz-checksum-type */
    char version_id[S3L_VERSION_ID_MAX];
    char expiration[S3L_EXPIRATION_MAX];
    struct s3l_sse_info sse;
    char request_charged[S3L_TOKEN_MAX];
};

/* HeadObject (headers only); also the head of GetObject. */
struct s3l_head_object_result {
    unsigned truncated;
    /* input: called for each x-amz-meta-* header (name without the prefix, as sent);
     * a non-zero return stops parsing. May be NULL. */
    int (*on_meta)(void *ctx, const char *name, size_t name_len, const char *value,
                   size_t value_len);
    void *on_meta_ctx;
    /* out */
    uint64_t content_length;                  /* Content-Length */
    uint32_t parts_count;                     /* x-amz-mp-parts-count */
    uint32_t tag_count;                       /* x-amz-tagging-count */
    uint32_t meta_count;                      /* x-amz-meta-* headers seen */
    uint8_t delete_marker;                    /* x-amz-delete-marker */
    char etag[S3L_ETAG_MAX];
    char content_type[S3L_HEADER_VALUE_MAX];
    char last_modified[S3L_DATE_MAX];         /* Last-Modified (HTTP-date) */
    char cache_control[S3L_HEADER_VALUE_MAX];
    char content_disposition[S3L_HEADER_VALUE_MAX];
    char content_encoding[S3L_TOKEN_MAX];
    char content_language[S3L_TOKEN_MAX];
    char content_range[S3L_HEADER_VALUE_MAX]; /* Content-Range (GetObject with a range) */
    char expires[S3L_DATE_MAX];               /* Expires */
    char website_redirect[S3L_URL_MAX];       /* x-amz-website-redirect-location */
    char storage_class[S3L_TOKEN_MAX];        /* x-amz-storage-class */
    char lock_mode[S3L_TOKEN_MAX];            /* x-amz-object-lock-mode */
    char lock_retain_until[S3L_DATE_MAX];     /* x-amz-object-lock-retain-until-date */
    char lock_legal_hold[S3L_TOKEN_MAX];      /* x-amz-object-lock-legal-hold: ON / OFF */
    char replication_status[S3L_TOKEN_MAX];   /* x-amz-replication-status */
    char restore[S3L_EXPIRATION_MAX];         /* x-amz-restore */
    char version_id[S3L_VERSION_ID_MAX];
    char expiration[S3L_EXPIRATION_MAX];
    char checksum_type[S3L_TOKEN_MAX];
    struct s3l_checksums checksums;
    struct s3l_sse_info sse;
    char request_charged[S3L_TOKEN_MAX];
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
    const void *leaf;             /* table entry of the open leaf element */
    uint32_t path[4];             /* per open depth 1..4: table entry, or a leaf's field offset */
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
