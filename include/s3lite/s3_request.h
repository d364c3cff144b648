/* SPDX-License-Identifier: MIT */
/*
 * S3 request builders: one function per operation turns a parameter struct into a
 * struct s3l_request (method, percent-encoded path and query, headers as slices) with no
 * heap, no I/O and no OS calls. Generated text (encoded path and query, virtual host name,
 * metadata header names, dates, numbers, SSE-C key and key MD5 in base64) goes into a
 * caller arena; every other value is a slice of the caller's parameter strings or of
 * static constants. So the request is valid while the arena and the parameter strings are.
 *
 *   struct s3l_header hv[S3L_REQ_HEADERS_MAX + 8];
 *   char mem[4096];
 *   struct s3l_arena arena = { mem, sizeof mem, 0 };
 *   struct s3l_request req;
 *   struct s3l_endpoint ep = { "127.0.0.1:7480", 0 };
 *   struct s3l_create_mpu_params p;
 *   memset(&p, 0, sizeof p);              (every optional field: 0 / NULL = not sent)
 *   p.bucket = "logs"; p.key = "dev1/2026-11-25.log";
 *   p.attrs.content_type = "text/plain";
 *   req.headers.items = hv; req.headers.cap = sizeof hv / sizeof hv[0]; req.headers.count = 0;
 *   rc = s3l_build_create_mpu(&req, &arena, &ep, &p);
 *
 * What a builder does NOT add (the client adds them per payload mode): Content-Length,
 * x-amz-content-sha256, X-Amz-Date, Authorization, Expect, Content-Encoding: aws-chunked,
 * x-amz-decoded-content-length, x-amz-trailer.
 *
 * Rules common to every builder:
 *  - Host is always the first header the builder appends; the others follow in the order
 *    documented at each parameter struct (for CreateMultipartUpload and PutObject, the order
 *    of the parameters on the S3 API reference page).
 *  - Keys are URI-encoded (every byte but A-Z a-z 0-9 - . _ ~ and '/'); the bucket
 *    (path-style; a '/' in it is S3L_ERR_ARG), the upload id and every query value are
 *    URI-encoded with '/' as %2F.
 *  - Query parameters are written in canonical (sorted by name) order, which is also a
 *    valid wire order. Sub-resources without a value are written bare ("uploads").
 *  - Every optional field is "not sent" when 0 / NULL; an empty string "" is sent as an
 *    empty value (except where a syntax is checked: dates, grants, tagging, redirect,
 *    base64 values, upload id: there it is S3L_ERR_ARG or the syntax's error). An empty
 *    bucket or key is S3L_ERR_ARG.
 *  - Errors: S3L_ERR_ARG (NULL pointers, empty bucket/key/host, malformed grant, tagging,
 *    redirect, bucket name not usable as a host name label in virtual-hosted style),
 *    S3L_ERR_BAD_CHAR (CR, LF or NUL in any value or name, NUL in a key; metadata name not a
 *    token; a key may hold any other byte, CR and LF included: it is URI-encoded),
 *    S3L_ERR_ENUM (enum field outside its values), S3L_ERR_RANGE (part number outside
 *    1..10000, key over S3L_KEY_MAX bytes, metadata over S3L_META_MAX bytes, SSE-C key not
 *    32 bytes, more than 10 tags), S3L_ERR_BAD_DATE, S3L_ERR_BAD_BASE64 (a given Content-MD5,
 *    checksum or key MD5 that is not base64 of the right length), S3L_ERR_BUF_TOO_SMALL
 *    (arena full), S3L_ERR_TOO_MANY (header array full), S3L_ERR_HASH.
 *  - On error nothing is left behind: arena->used and req->headers.count are restored, the
 *    arena bytes used meanwhile are wiped (they may have held SSE-C key material), and the
 *    other fields of *req are not touched. On success they are all set.
 *  - Secrets: the SSE-C key is written base64-encoded into the arena. Wipe the arena
 *    (s3l_wipe(arena.buf, arena.used)) once the request has been sent.
 */
#ifndef S3LITE_S3_REQUEST_H
#define S3LITE_S3_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/checksum.h"
#include "s3lite/common.h"
#include "s3lite/config.h"
#include "s3lite/http.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most headers a builder appends, metadata not counted (CreateMultipartUpload / PutObject
 * with every parameter set). Size the header array as this + metadata count + what the
 * client and signer add (Content-Length, x-amz-content-sha256, X-Amz-Date,
 * X-Amz-Security-Token, Authorization, Expect, aws-chunked headers: 8 is plenty). */
#define S3L_REQ_HEADERS_MAX 33 /* PutObject with every parameter set uses all 33 */

struct s3l_endpoint {
    const char *host;        /* Host header value, e.g. "127.0.0.1:7480" or "s3.us-east-1.amazonaws.com" */
    unsigned virtual_hosted; /* 1: Host = bucket.host and path = /key ; 0: path-style /bucket/key */
};

/* ---- enumerated values: 0 is always "not set" (header not sent) ------------------------ */

/*
 * Each enum is one list, X(constant, "S3 spelling"), in value order from 1: the enum below
 * and s3l_enum_name()'s strings (core/s3_req_enum.c) both expand it, so they cannot drift.
 */
#define S3L_ENUM_CONSTANT(id, text) id,

#define S3L_ACL_VALUES(X) /* x-amz-acl */                                                  \
    X(S3L_ACL_PRIVATE, "private")                                                          \
    X(S3L_ACL_PUBLIC_READ, "public-read")                                                  \
    X(S3L_ACL_PUBLIC_READ_WRITE, "public-read-write")                                      \
    X(S3L_ACL_AUTHENTICATED_READ, "authenticated-read")                                    \
    X(S3L_ACL_AWS_EXEC_READ, "aws-exec-read")                 /* objects only */           \
    X(S3L_ACL_BUCKET_OWNER_READ, "bucket-owner-read")         /* objects only */           \
    X(S3L_ACL_BUCKET_OWNER_FULL_CONTROL, "bucket-owner-full-control") /* objects only */
enum s3l_acl { S3L_ACL_NONE = 0, S3L_ACL_VALUES(S3L_ENUM_CONSTANT) };

#define S3L_SSE_VALUES(X) /* x-amz-server-side-encryption */                               \
    X(S3L_SSE_AES256, "AES256")                                                            \
    X(S3L_SSE_AWS_FSX, "aws:fsx") /* S3 access points for Amazon FSx */                    \
    X(S3L_SSE_AWS_KMS, "aws:kms")                                                          \
    X(S3L_SSE_AWS_KMS_DSSE, "aws:kms:dsse")
enum s3l_sse { S3L_SSE_NONE = 0, S3L_SSE_VALUES(S3L_ENUM_CONSTANT) };

#define S3L_STORAGE_CLASS_VALUES(X) /* x-amz-storage-class */                              \
    X(S3L_STORAGE_STANDARD, "STANDARD")                                                    \
    X(S3L_STORAGE_REDUCED_REDUNDANCY, "REDUCED_REDUNDANCY")                                \
    X(S3L_STORAGE_STANDARD_IA, "STANDARD_IA")                                              \
    X(S3L_STORAGE_ONEZONE_IA, "ONEZONE_IA")                                                \
    X(S3L_STORAGE_INTELLIGENT_TIERING, "INTELLIGENT_TIERING")                              \
    X(S3L_STORAGE_GLACIER, "GLACIER")                                                      \
    X(S3L_STORAGE_DEEP_ARCHIVE, "DEEP_ARCHIVE")                                            \
    X(S3L_STORAGE_OUTPOSTS, "OUTPOSTS")                                                    \
    X(S3L_STORAGE_GLACIER_IR, "GLACIER_IR")                                                \
    X(S3L_STORAGE_SNOW, "SNOW")                                                            \
    X(S3L_STORAGE_EXPRESS_ONEZONE, "EXPRESS_ONEZONE")                                      \
    X(S3L_STORAGE_FSX_OPENZFS, "FSX_OPENZFS")                                              \
    X(S3L_STORAGE_FSX_ONTAP, "FSX_ONTAP")
enum s3l_storage_class { S3L_STORAGE_NONE = 0, S3L_STORAGE_CLASS_VALUES(S3L_ENUM_CONSTANT) };

/* true / false headers (x-amz-server-side-encryption-bucket-key-enabled) */
#define S3L_BOOL_VALUES(X) X(S3L_BOOL_TRUE, "true") X(S3L_BOOL_FALSE, "false")
enum s3l_bool { S3L_BOOL_NONE = 0, S3L_BOOL_VALUES(S3L_ENUM_CONSTANT) };

#define S3L_REQUEST_PAYER_VALUES(X) X(S3L_PAYER_REQUESTER, "requester") /* x-amz-request-payer */
enum s3l_request_payer { S3L_PAYER_NONE = 0, S3L_REQUEST_PAYER_VALUES(S3L_ENUM_CONSTANT) };

#define S3L_LOCK_MODE_VALUES(X) /* x-amz-object-lock-mode */                               \
    X(S3L_LOCK_GOVERNANCE, "GOVERNANCE") X(S3L_LOCK_COMPLIANCE, "COMPLIANCE")
enum s3l_lock_mode { S3L_LOCK_NONE = 0, S3L_LOCK_MODE_VALUES(S3L_ENUM_CONSTANT) };

#define S3L_LEGAL_HOLD_VALUES(X) X(S3L_HOLD_ON, "ON") X(S3L_HOLD_OFF, "OFF") /* x-amz-object-lock-legal-hold */
enum s3l_legal_hold { S3L_HOLD_NONE = 0, S3L_LEGAL_HOLD_VALUES(S3L_ENUM_CONSTANT) };

/* Checksums use the enums of include/s3lite/checksum.h: enum s3l_checksum_alg
 * (S3L_CHECKSUM_NONE = not set, CRC32, CRC32C, CRC64NVME, SHA1, SHA256; x-amz-checksum-algorithm,
 * x-amz-sdk-checksum-algorithm, header names from s3l_checksum_header_name()) and
 * enum s3l_checksum_type (0 = not set, S3L_CHECKSUM_COMPOSITE, S3L_CHECKSUM_FULL_OBJECT;
 * x-amz-checksum-type). Their names are checksum.h's (s3l_checksum_alg_name(),
 * s3l_checksum_type_name()). */

/* x-amz-server-side-encryption-customer-algorithm */
#define S3L_SSE_C_ALG_VALUES(X) X(S3L_SSEC_AES256, "AES256")
enum s3l_sse_c_alg { S3L_SSEC_NONE = 0, S3L_SSE_C_ALG_VALUES(S3L_ENUM_CONSTANT) };

#define S3L_ENCODING_TYPE_VALUES(X) X(S3L_ENCODING_URL, "url") /* encoding-type query parameter */
enum s3l_encoding_type { S3L_ENCODING_NONE = 0, S3L_ENCODING_TYPE_VALUES(S3L_ENUM_CONSTANT) };

#define S3L_OBJECT_OWNERSHIP_VALUES(X) /* x-amz-object-ownership (CreateBucket) */         \
    X(S3L_OWNERSHIP_BUCKET_OWNER_PREFERRED, "BucketOwnerPreferred")                        \
    X(S3L_OWNERSHIP_OBJECT_WRITER, "ObjectWriter")                                         \
    X(S3L_OWNERSHIP_BUCKET_OWNER_ENFORCED, "BucketOwnerEnforced")
enum s3l_object_ownership { S3L_OWNERSHIP_NONE = 0, S3L_OBJECT_OWNERSHIP_VALUES(S3L_ENUM_CONSTANT) };

/* x-amz-checksum-mode (HeadObject, GetObject) */
#define S3L_CHECKSUM_MODE_VALUES(X) X(S3L_CHECKSUM_MODE_ENABLED, "ENABLED")
enum s3l_checksum_mode { S3L_CHECKSUM_MODE_NONE = 0, S3L_CHECKSUM_MODE_VALUES(S3L_ENUM_CONSTANT) };

/*
 * String <-> enum. S3 spellings match exactly (case-sensitive, as S3 is).
 * s3l_enum_lookup: the value (>= 1) of s[0..len) in a kind, 0 when it is none of the names
 * (length-delimited, for response parsers). s3l_enum_parse: the same for a NUL-terminated
 * string: 0 and *out set, S3L_ERR_ENUM (*out untouched), S3L_ERR_ARG for NULL.
 * s3l_enum_name: the S3 spelling of value v, NULL for 0 / out of range.
 * The typed wrappers below are static inline: they cost nothing unless used.
 * (s3l_parse_checksum_* fill checksum.h's enums; s3l_checksum_alg_parse() there ignores case.)
 *
 * S3L_ENUM_KINDS: X(kind, list of values) in kind order; the checksum kinds have no list here
 * (S3L_ENUM_FROM_CHECKSUM_H: their names are checksum.h's).
 */
#define S3L_ENUM_FROM_CHECKSUM_H(X)
#define S3L_ENUM_KINDS(X)                                                                  \
    X(S3L_EK_ACL, S3L_ACL_VALUES)                                                          \
    X(S3L_EK_SSE, S3L_SSE_VALUES)                                                          \
    X(S3L_EK_STORAGE_CLASS, S3L_STORAGE_CLASS_VALUES)                                      \
    X(S3L_EK_BOOL, S3L_BOOL_VALUES)                                                        \
    X(S3L_EK_REQUEST_PAYER, S3L_REQUEST_PAYER_VALUES)                                      \
    X(S3L_EK_LOCK_MODE, S3L_LOCK_MODE_VALUES)                                              \
    X(S3L_EK_LEGAL_HOLD, S3L_LEGAL_HOLD_VALUES)                                            \
    X(S3L_EK_CHECKSUM_ALG, S3L_ENUM_FROM_CHECKSUM_H)                                       \
    X(S3L_EK_CHECKSUM_TYPE, S3L_ENUM_FROM_CHECKSUM_H)                                      \
    X(S3L_EK_SSE_C_ALG, S3L_SSE_C_ALG_VALUES)                                              \
    X(S3L_EK_ENCODING_TYPE, S3L_ENCODING_TYPE_VALUES)                                      \
    X(S3L_EK_OBJECT_OWNERSHIP, S3L_OBJECT_OWNERSHIP_VALUES)                                \
    X(S3L_EK_CHECKSUM_MODE, S3L_CHECKSUM_MODE_VALUES)
#define S3L_ENUM_KIND_CONSTANT(kind, values) kind,
enum s3l_enum_kind { S3L_ENUM_KINDS(S3L_ENUM_KIND_CONSTANT) };
unsigned s3l_enum_lookup(enum s3l_enum_kind kind, const char *s, size_t len);
int s3l_enum_parse(enum s3l_enum_kind kind, const char *s, unsigned *out);
const char *s3l_enum_name(enum s3l_enum_kind kind, unsigned v);

#define S3L_ENUM_PARSER(fn, type, kind)                                                    \
    static inline int fn(const char *s, type *out)                                         \
    {                                                                                      \
        unsigned v = 0;                                                                    \
        int rc = out != NULL ? s3l_enum_parse(kind, s, &v) : S3L_ERR_ARG;                  \
        if (rc == S3L_OK) *out = (type)v;                                                  \
        return rc;                                                                         \
    }
S3L_ENUM_PARSER(s3l_parse_acl, enum s3l_acl, S3L_EK_ACL)
S3L_ENUM_PARSER(s3l_parse_sse, enum s3l_sse, S3L_EK_SSE)
S3L_ENUM_PARSER(s3l_parse_storage_class, enum s3l_storage_class, S3L_EK_STORAGE_CLASS)
S3L_ENUM_PARSER(s3l_parse_bool, enum s3l_bool, S3L_EK_BOOL)
S3L_ENUM_PARSER(s3l_parse_request_payer, enum s3l_request_payer, S3L_EK_REQUEST_PAYER)
S3L_ENUM_PARSER(s3l_parse_lock_mode, enum s3l_lock_mode, S3L_EK_LOCK_MODE)
S3L_ENUM_PARSER(s3l_parse_legal_hold, enum s3l_legal_hold, S3L_EK_LEGAL_HOLD)
S3L_ENUM_PARSER(s3l_parse_checksum_algorithm, enum s3l_checksum_alg, S3L_EK_CHECKSUM_ALG)
S3L_ENUM_PARSER(s3l_parse_checksum_type, enum s3l_checksum_type, S3L_EK_CHECKSUM_TYPE)
S3L_ENUM_PARSER(s3l_parse_sse_c_algorithm, enum s3l_sse_c_alg, S3L_EK_SSE_C_ALG)
S3L_ENUM_PARSER(s3l_parse_encoding_type, enum s3l_encoding_type, S3L_EK_ENCODING_TYPE)
S3L_ENUM_PARSER(s3l_parse_object_ownership, enum s3l_object_ownership, S3L_EK_OBJECT_OWNERSHIP)
S3L_ENUM_PARSER(s3l_parse_checksum_mode, enum s3l_checksum_mode, S3L_EK_CHECKSUM_MODE)

static inline const char *s3l_acl_name(enum s3l_acl v)
{
    return s3l_enum_name(S3L_EK_ACL, (unsigned)v);
}
static inline const char *s3l_sse_name(enum s3l_sse v)
{
    return s3l_enum_name(S3L_EK_SSE, (unsigned)v);
}
static inline const char *s3l_storage_class_name(enum s3l_storage_class v)
{
    return s3l_enum_name(S3L_EK_STORAGE_CLASS, (unsigned)v);
}

/* ---- how the params structs are written ------------------------------------------------- */

/*
 * Each params struct is one list, in member order, that makes both the struct (below) and the
 * builder's table (core/s3_request.c): adding a parameter is one line there. Its rows:
 *   X(type, member, kind, enum kind, "wire name")  a member and how it travels: kind is how
 *        the builder checks and sends it (STR: a header as given, ENUM: a header from an enum
 *        of the enum kind, Q_*: a query parameter, ...; core/s3_req_int.h lists them), the
 *        name is the header's or query parameter's ("" when the kind sends none itself)
 *   T(type, member)       a member the table does not list: the target (bucket, key,
 *                         key_len), or a member another list sends in its place
 *   A(member)             a struct s3l_object_attrs, sent as S3L_OBJECT_ATTRS lists it, with
 *        its O(member, kind, enum kind, "wire name") rows: members of the enclosing struct
 *        sent at that place among the attributes
 * Headers go out in list order (queries in name order), each only when set.
 */
#define S3L_PARAM(type, member, kind, enum_kind, name) type member;
#define S3L_PARAM_PLAIN(type, member) type member;
#define S3L_PARAM_ATTRS(member) struct s3l_object_attrs member;
#define S3L_PARAM_ELSEWHERE(member, kind, enum_kind, name)
#define S3L_PARAMS(list) list(S3L_PARAM, S3L_PARAM_PLAIN, S3L_PARAM_ATTRS)

/* ---- pieces shared by several operations ------------------------------------------------ */

/* One user metadata entry: sent as "x-amz-meta-<name>: <value>". name must be an HTTP
 * token (S3 stores it lower-cased); value must not hold CR, LF or NUL. */
struct s3l_meta {
    const char *name;
    const char *value;
};

/*
 * SSE-C (customer-provided key). Sent when algorithm != S3L_SSEC_NONE, as three headers:
 *   x-amz-server-side-encryption-customer-algorithm: AES256
 *   x-amz-server-side-encryption-customer-key: base64(key)           (written to the arena)
 *   x-amz-server-side-encryption-customer-key-MD5: base64(MD5(key))  (key_md5)
 * key: the raw 32 bytes (key_len must be 32: S3L_ERR_RANGE). key_md5: its base64 MD5,
 * required (S3L_ERR_ARG; checked to be 24 characters of base64): compute it once with
 * s3l_sse_c_key_md5() (core/sse_c.c, the only SSE-C code that links MD5).
 * The key is only read; the caller wipes it.
 */
struct s3l_sse_c {
    enum s3l_sse_c_alg algorithm;
    const uint8_t *key;
    size_t key_len;
    const char *key_md5;
};

/* Length of a base64 MD5 (x-amz-server-side-encryption-customer-key-MD5). */
#define S3L_SSE_C_KEY_MD5_LEN 24

/* The base64 MD5 of key[0..key_len) (key_len must be 32: S3L_ERR_RANGE), NUL-terminated in
 * out. Returns 0, S3L_ERR_ARG (NULL), S3L_ERR_HASH. */
int s3l_sse_c_key_md5(const uint8_t *key, size_t key_len, char out[S3L_SSE_C_KEY_MD5_LEN + 1]);

/*
 * The object's stored attributes, shared by CreateMultipartUpload and PutObject. Headers
 * are sent in the order below (the order of the API reference page), each only when set:
 *   acl                        x-amz-acl
 *   cache_control              Cache-Control
 *   content_disposition        Content-Disposition
 *   content_encoding           Content-Encoding   (the object's own encoding, e.g. gzip)
 *   content_language           Content-Language
 *   content_type               Content-Type
 *   expires                    Expires: given as ISO 8601 UTC "2030-01-10T00:04:06Z"
 *                              (also "+00:00" for Z; a fraction of a second is allowed and
 *                              dropped) or as decimal Unix seconds "1894233846"; sent as an IMF-fixdate HTTP-date
 *                              "Thu, 10 Jan 2030 00:04:06 GMT". Years 1970..9999.
 *   grant_full_control         x-amz-grant-full-control  \  grantee lists: one or more
 *   grant_read                 x-amz-grant-read           |  type=value separated by ',',
 *   grant_read_acp             x-amz-grant-read-acp       |  type one of id, uri,
 *   grant_write_acp            x-amz-grant-write-acp     /   emailAddress; value quoted
 *                                                            ("...") or bare. Sent as given.
 *   metadata[0..metadata_count) x-amz-meta-<name>, in array order
 *   sse                        x-amz-server-side-encryption
 *   storage_class              x-amz-storage-class
 *   website_redirect_location  x-amz-website-redirect-location ('/'..., http://, https://)
 *   (SSE-C trio)               from the params' struct s3l_sse_c
 *   sse_kms_key_id             x-amz-server-side-encryption-aws-kms-key-id
 *   sse_kms_context            x-amz-server-side-encryption-context (base64 JSON, as given)
 *   bucket_key_enabled         x-amz-server-side-encryption-bucket-key-enabled
 *   (request payer)            x-amz-request-payer, from the params
 *   tagging                    x-amz-tagging: URL-encoded query form "k1=v1&k2=v2", checked
 *                              (non-empty keys, only unreserved bytes, %XX and '+' inside
 *                              keys and values, at most 10 tags) and sent as given
 *   object_lock_mode           x-amz-object-lock-mode
 *   object_lock_retain_until   x-amz-object-lock-retain-until-date: ISO 8601 UTC or decimal
 *                              Unix seconds, sent as "YYYY-MM-DDTHH:MM:SS[.fraction]Z" (an
 *                              ISO input's fraction, up to 9 digits, is kept)
 *   object_lock_legal_hold     x-amz-object-lock-legal-hold
 *   (expected bucket owner)    x-amz-expected-bucket-owner, from the params
 */
#define S3L_OBJECT_ATTRS(X, O)                                                             \
    X(enum s3l_acl, acl, ENUM, S3L_EK_ACL, "x-amz-acl")                                    \
    X(const char *, cache_control, STR, 0, "Cache-Control")                                \
    X(const char *, content_disposition, STR, 0, "Content-Disposition")                    \
    X(const char *, content_encoding, STR, 0, "Content-Encoding")                          \
    X(const char *, content_language, STR, 0, "Content-Language")                          \
    X(const char *, content_type, STR, 0, "Content-Type")                                  \
    X(const char *, expires, HTTPDATE, 0, "Expires")                                       \
    X(const char *, grant_full_control, GRANT, 0, "x-amz-grant-full-control")              \
    X(const char *, grant_read, GRANT, 0, "x-amz-grant-read")                              \
    X(const char *, grant_read_acp, GRANT, 0, "x-amz-grant-read-acp")                      \
    X(const char *, grant_write_acp, GRANT, 0, "x-amz-grant-write-acp")                    \
    X(const struct s3l_meta *, metadata, KEEP, 0, "")                                      \
    X(size_t, metadata_count, META, 0, "x-amz-meta-")                                      \
    X(enum s3l_sse, sse, ENUM, S3L_EK_SSE, "x-amz-server-side-encryption")                 \
    X(enum s3l_storage_class, storage_class, ENUM, S3L_EK_STORAGE_CLASS, "x-amz-storage-class") \
    X(const char *, website_redirect_location, REDIRECT, 0, "x-amz-website-redirect-location") \
    O(sse_c, SSEC, 0, "")                                                                  \
    X(const char *, sse_kms_key_id, STR, 0, "x-amz-server-side-encryption-aws-kms-key-id") \
    X(const char *, sse_kms_context, STR, 0, "x-amz-server-side-encryption-context")       \
    X(enum s3l_bool, bucket_key_enabled, ENUM, S3L_EK_BOOL,                                \
      "x-amz-server-side-encryption-bucket-key-enabled")                                   \
    O(request_payer, ENUM, S3L_EK_REQUEST_PAYER, "x-amz-request-payer")                    \
    X(const char *, tagging, TAGGING, 0, "x-amz-tagging")                                  \
    X(enum s3l_lock_mode, object_lock_mode, ENUM, S3L_EK_LOCK_MODE, "x-amz-object-lock-mode") \
    X(const char *, object_lock_retain_until, ISODATE, 0, "x-amz-object-lock-retain-until-date") \
    X(enum s3l_legal_hold, object_lock_legal_hold, ENUM, S3L_EK_LEGAL_HOLD,                \
      "x-amz-object-lock-legal-hold")                                                      \
    O(expected_bucket_owner, STR, 0, "x-amz-expected-bucket-owner")
struct s3l_object_attrs {
    S3L_OBJECT_ATTRS(S3L_PARAM, S3L_PARAM_ELSEWHERE)
};

/* ---- operations ------------------------------------------------------------------------ */

/*
 * Every params struct starts with the target: bucket (NUL-terminated, required), and for
 * object operations key (required) with key_len: 0 = strlen(key), else the key is
 * key[0..key_len) (which lets a NUL inside a key be refused instead of cutting it short).
 * (The lists that make the structs, and what their letters mean, are at the top of this
 * section: S3L_PARAM.)
 */
#define S3L_BUCKET_TARGET(T) T(const char *, bucket)
#define S3L_OBJECT_TARGET(T) T(const char *, bucket) T(const char *, key) T(size_t, key_len)

/* CreateMultipartUpload: POST /key?uploads, empty body (has_body = 1, body_len = 0).
 * Headers: Host, then attrs in the order above with the SSE-C trio, request payer and
 * expected bucket owner in their places, then x-amz-checksum-algorithm, x-amz-checksum-type. */
#define S3L_CREATE_MPU_PARAMS(X, T, A)                                                     \
    S3L_OBJECT_TARGET(T)                                                                   \
    A(attrs)                                                                               \
    T(struct s3l_sse_c, sse_c)                     /* sent among attrs (O rows) */         \
    T(enum s3l_request_payer, request_payer)       /* sent among attrs */                  \
    T(const char *, expected_bucket_owner)         /* sent among attrs */                  \
    X(enum s3l_checksum_alg, checksum_algorithm, ENUM, S3L_EK_CHECKSUM_ALG, "x-amz-checksum-algorithm") \
    X(enum s3l_checksum_type, checksum_type, ENUM, S3L_EK_CHECKSUM_TYPE, "x-amz-checksum-type")
struct s3l_create_mpu_params {
    S3L_PARAMS(S3L_CREATE_MPU_PARAMS)
};

/* UploadPart: PUT /key?partNumber=N&uploadId=ID, body of content_length bytes.
 * Headers: Host, Content-MD5, x-amz-sdk-checksum-algorithm (when checksum_algorithm),
 * x-amz-checksum-<alg> (when checksum_value too; leave it NULL when the value travels in an
 * aws-chunked trailer), SSE-C trio, x-amz-request-payer, x-amz-expected-bucket-owner.
 * part_number 1..10000 (else S3L_ERR_RANGE). content_md5 / checksum_value: base64, checked. */
#define S3L_UPLOAD_PART_PARAMS(X, T, A)                                                    \
    S3L_OBJECT_TARGET(T)                                                                   \
    X(const char *, upload_id, Q_UPLOAD, 0, "uploadId")                                    \
    X(uint32_t, part_number, Q_PART, 0, "partNumber")                                      \
    X(uint64_t, content_length, LEN, 0, "")                                                \
    X(const char *, content_md5, MD5, 0, "Content-MD5")                                    \
    X(enum s3l_checksum_alg, checksum_algorithm, KEEP, 0, "")                              \
    X(const char *, checksum_value, CHECKSUM_SDK, 0, "x-amz-sdk-checksum-algorithm")       \
    X(struct s3l_sse_c, sse_c, SSEC, 0, "")                                                \
    X(enum s3l_request_payer, request_payer, ENUM, S3L_EK_REQUEST_PAYER, "x-amz-request-payer") \
    X(const char *, expected_bucket_owner, STR, 0, "x-amz-expected-bucket-owner")
struct s3l_upload_part_params {
    S3L_PARAMS(S3L_UPLOAD_PART_PARAMS)
};

/* One part of CompleteMultipartUpload's list. etag as UploadPart returned it (quotes
 * included, e.g. "\"3858f62230ac3c915f300c664312c11f\""); checksum: the part's base64 checksum
 * for the body's checksum algorithm, or NULL. */
struct s3l_complete_part {
    uint32_t part_number;
    const char *etag;
    const char *checksum;
};

/*
 * CompleteMultipartUpload: POST /key?uploadId=ID with the XML part list as body
 * (body_len = its exact length; stream it with struct s3l_complete_body below).
 * parts[0..part_count): part numbers 1..10000, strictly ascending (S3L_ERR_RANGE /
 * S3L_ERR_ARG), at least one part. checksum_algorithm names the parts' <ChecksumXXX>
 * elements and the whole-object checksum header; a part checksum without an algorithm is
 * S3L_ERR_ARG.
 * Headers: Host, x-amz-checksum-<alg> (checksum_value: the full-object or composite value,
 * base64, when given), x-amz-checksum-type, x-amz-mp-object-size (when mpu_object_size != 0),
 * SSE-C trio, x-amz-request-payer, x-amz-expected-bucket-owner, If-Match, If-None-Match.
 */
#define S3L_COMPLETE_MPU_PARAMS(X, T, A)                                                   \
    S3L_OBJECT_TARGET(T)                                                                   \
    X(const char *, upload_id, Q_UPLOAD, 0, "uploadId")                                    \
    X(const struct s3l_complete_part *, parts, COMPLETE, 0, "") /* checks the body */      \
    T(size_t, part_count)                                                                  \
    X(enum s3l_checksum_alg, checksum_algorithm, KEEP, 0, "")                              \
    X(const char *, checksum_value, CHECKSUM, 0, "")                                       \
    X(enum s3l_checksum_type, checksum_type, ENUM, S3L_EK_CHECKSUM_TYPE, "x-amz-checksum-type") \
    X(uint64_t, mpu_object_size, U64, 0, "x-amz-mp-object-size")                           \
    X(struct s3l_sse_c, sse_c, SSEC, 0, "")                                                \
    X(enum s3l_request_payer, request_payer, ENUM, S3L_EK_REQUEST_PAYER, "x-amz-request-payer") \
    X(const char *, expected_bucket_owner, STR, 0, "x-amz-expected-bucket-owner")          \
    X(const char *, if_match, STR, 0, "If-Match")                                          \
    X(const char *, if_none_match, STR, 0, "If-None-Match")
struct s3l_complete_mpu_params {
    S3L_PARAMS(S3L_COMPLETE_MPU_PARAMS)
};

/* AbortMultipartUpload: DELETE /key?uploadId=ID, no body.
 * Headers: Host, x-amz-request-payer, x-amz-expected-bucket-owner. */
#define S3L_ABORT_MPU_PARAMS(X, T, A)                                                      \
    S3L_OBJECT_TARGET(T)                                                                   \
    X(const char *, upload_id, Q_UPLOAD, 0, "uploadId")                                    \
    X(enum s3l_request_payer, request_payer, ENUM, S3L_EK_REQUEST_PAYER, "x-amz-request-payer") \
    X(const char *, expected_bucket_owner, STR, 0, "x-amz-expected-bucket-owner")
struct s3l_abort_mpu_params {
    S3L_PARAMS(S3L_ABORT_MPU_PARAMS)
};

/* ListParts: GET /key?max-parts=N&part-number-marker=M&uploadId=ID, no body.
 * max_parts / part_number_marker: 0 = not sent.
 * Headers: Host, x-amz-request-payer, x-amz-expected-bucket-owner, SSE-C trio. */
#define S3L_LIST_PARTS_PARAMS(X, T, A)                                                     \
    S3L_OBJECT_TARGET(T)                                                                   \
    X(const char *, upload_id, Q_UPLOAD, 0, "uploadId")                                    \
    X(uint32_t, max_parts, Q_U32, 0, "max-parts")                                          \
    X(uint32_t, part_number_marker, Q_U32, 0, "part-number-marker")                        \
    X(enum s3l_request_payer, request_payer, ENUM, S3L_EK_REQUEST_PAYER, "x-amz-request-payer") \
    X(const char *, expected_bucket_owner, STR, 0, "x-amz-expected-bucket-owner")          \
    X(struct s3l_sse_c, sse_c, SSEC, 0, "")
struct s3l_list_parts_params {
    S3L_PARAMS(S3L_LIST_PARTS_PARAMS)
};

/* ListMultipartUploads: GET /?delimiter=&encoding-type=&key-marker=&max-uploads=&prefix=
 * &upload-id-marker=&uploads (each only when set; NULL strings and 0 numbers are not sent),
 * no body. Headers: Host, x-amz-request-payer, x-amz-expected-bucket-owner. */
#define S3L_LIST_UPLOADS_PARAMS(X, T, A)                                                   \
    S3L_BUCKET_TARGET(T)                                                                   \
    X(const char *, delimiter, Q_STR, 0, "delimiter")                                      \
    X(enum s3l_encoding_type, encoding_type, Q_ENUM, S3L_EK_ENCODING_TYPE, "encoding-type") \
    X(const char *, key_marker, Q_STR, 0, "key-marker")                                    \
    X(uint32_t, max_uploads, Q_U32, 0, "max-uploads")                                      \
    X(const char *, prefix, Q_STR, 0, "prefix")                                            \
    X(const char *, upload_id_marker, Q_STR, 0, "upload-id-marker")                        \
    X(enum s3l_request_payer, request_payer, ENUM, S3L_EK_REQUEST_PAYER, "x-amz-request-payer") \
    X(const char *, expected_bucket_owner, STR, 0, "x-amz-expected-bucket-owner")
struct s3l_list_uploads_params {
    S3L_PARAMS(S3L_LIST_UPLOADS_PARAMS)
};

/* PutObject: PUT /key, body of content_length bytes.
 * Headers: Host, attrs (as CreateMultipartUpload, SSE-C trio, request payer and expected
 * bucket owner in their places), then Content-MD5, x-amz-sdk-checksum-algorithm,
 * x-amz-checksum-<alg> (as UploadPart), If-Match, If-None-Match, x-amz-write-offset-bytes.
 * write_offset_bytes: append at this offset (S3 Express One Zone directory buckets; it must
 * equal the object's size); 0 is not sent, so an append that creates the object (offset 0)
 * is sent as a plain PutObject, which also creates it (but replaces an existing one). */
#define S3L_PUT_OBJECT_PARAMS(X, T, A)                                                     \
    S3L_OBJECT_TARGET(T)                                                                   \
    A(attrs)                                                                               \
    T(struct s3l_sse_c, sse_c)                     /* sent among attrs (O rows) */         \
    T(enum s3l_request_payer, request_payer)       /* sent among attrs */                  \
    T(const char *, expected_bucket_owner)         /* sent among attrs */                  \
    X(uint64_t, content_length, LEN, 0, "")                                                \
    X(const char *, content_md5, MD5, 0, "Content-MD5")                                    \
    X(enum s3l_checksum_alg, checksum_algorithm, KEEP, 0, "")                              \
    X(const char *, checksum_value, CHECKSUM_SDK, 0, "x-amz-sdk-checksum-algorithm")       \
    X(const char *, if_match, STR, 0, "If-Match")                                          \
    X(const char *, if_none_match, STR, 0, "If-None-Match")                                \
    X(uint64_t, write_offset_bytes, U64, 0, "x-amz-write-offset-bytes")
struct s3l_put_object_params {
    S3L_PARAMS(S3L_PUT_OBJECT_PARAMS)
};

/*
 * HeadObject (HEAD) and GetObject (GET): /key?partNumber=N&versionId=V, no body.
 * part_number: 0 = not sent, else 1..10000. Dates (if_modified_since, if_unmodified_since):
 * ISO 8601 UTC or Unix seconds, sent as HTTP-dates.
 * Headers: Host, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Range,
 * SSE-C trio, x-amz-request-payer, x-amz-expected-bucket-owner, x-amz-checksum-mode.
 */
#define S3L_HEAD_OBJECT_PARAMS(X, T, A)                                                    \
    S3L_OBJECT_TARGET(T)                                                                   \
    X(const char *, version_id, Q_STR, 0, "versionId")                                     \
    X(uint32_t, part_number, Q_PART0, 0, "partNumber")                                     \
    X(const char *, if_match, STR, 0, "If-Match")                                          \
    X(const char *, if_modified_since, HTTPDATE, 0, "If-Modified-Since")                   \
    X(const char *, if_none_match, STR, 0, "If-None-Match")                                \
    X(const char *, if_unmodified_since, HTTPDATE, 0, "If-Unmodified-Since")               \
    X(const char *, range, STR, 0, "Range") /* e.g. "bytes=0-1023" */                      \
    X(struct s3l_sse_c, sse_c, SSEC, 0, "")                                                \
    X(enum s3l_request_payer, request_payer, ENUM, S3L_EK_REQUEST_PAYER, "x-amz-request-payer") \
    X(const char *, expected_bucket_owner, STR, 0, "x-amz-expected-bucket-owner")          \
    X(enum s3l_checksum_mode, checksum_mode, ENUM, S3L_EK_CHECKSUM_MODE, "x-amz-checksum-mode")
struct s3l_head_object_params {
    S3L_PARAMS(S3L_HEAD_OBJECT_PARAMS)
};

struct s3l_get_object_params { /* the same fields as HeadObject */
    S3L_PARAMS(S3L_HEAD_OBJECT_PARAMS)
};

/*
 * CreateBucket: PUT /bucket (path-style) or PUT / on bucket.host. Body: none needed for
 * us-east-1 (has_body = 1, body_len = 0: S3 wants a Content-Length on PUT); with
 * location_constraint, body_len is the length of the CreateBucketConfiguration document
 * that s3l_create_bucket_body() writes.
 * acl: private, public-read, public-read-write or authenticated-read (else S3L_ERR_ENUM).
 * Headers: Host, x-amz-acl, x-amz-grant-full-control, x-amz-grant-read,
 * x-amz-grant-read-acp, x-amz-grant-write, x-amz-grant-write-acp,
 * x-amz-bucket-object-lock-enabled, x-amz-object-ownership.
 */
#define S3L_CREATE_BUCKET_PARAMS(X, T, A)                                                  \
    S3L_BUCKET_TARGET(T)                                                                   \
    X(enum s3l_acl, acl, ENUM, S3L_EK_ACL, "x-amz-acl")                                    \
    X(const char *, grant_full_control, GRANT, 0, "x-amz-grant-full-control")              \
    X(const char *, grant_read, GRANT, 0, "x-amz-grant-read")                              \
    X(const char *, grant_read_acp, GRANT, 0, "x-amz-grant-read-acp")                      \
    X(const char *, grant_write, GRANT, 0, "x-amz-grant-write")                            \
    X(const char *, grant_write_acp, GRANT, 0, "x-amz-grant-write-acp")                    \
    X(enum s3l_bool, object_lock_enabled, ENUM, S3L_EK_BOOL, "x-amz-bucket-object-lock-enabled") \
    X(enum s3l_object_ownership, object_ownership, ENUM, S3L_EK_OBJECT_OWNERSHIP, "x-amz-object-ownership") \
    /* region, e.g. "eu-west-1"; NULL for us-east-1; checked before anything is sent */    \
    X(const char *, location_constraint, LOCATION, 0, "")
struct s3l_create_bucket_params {
    S3L_PARAMS(S3L_CREATE_BUCKET_PARAMS)
};

/*
 * ListObjectsV2: GET /?continuation-token=&delimiter=&encoding-type=&fetch-owner=&list-type=2
 * &max-keys=&prefix=&start-after= (each only when set; list-type=2 always), no body.
 * max_keys: 0 = not sent (S3 answers up to 1000 keys). fetch_owner: S3L_BOOL_TRUE for each
 * object's Owner. continuation_token: the previous page's NextContinuationToken.
 * Headers: Host, x-amz-request-payer, x-amz-expected-bucket-owner,
 * x-amz-optional-object-attributes (e.g. "RestoreStatus").
 */
#define S3L_LIST_OBJECTS_PARAMS(X, T, A)                                                   \
    S3L_BUCKET_TARGET(T)                                                                   \
    X(const char *, continuation_token, Q_STR, 0, "continuation-token")                    \
    X(const char *, delimiter, Q_STR, 0, "delimiter")                                      \
    X(enum s3l_encoding_type, encoding_type, Q_ENUM, S3L_EK_ENCODING_TYPE, "encoding-type") \
    X(enum s3l_bool, fetch_owner, Q_ENUM, S3L_EK_BOOL, "fetch-owner")                      \
    X(uint32_t, max_keys, Q_U32, 0, "max-keys")                                            \
    X(const char *, prefix, Q_STR, 0, "prefix")                                            \
    X(const char *, start_after, Q_STR, 0, "start-after")                                  \
    X(enum s3l_request_payer, request_payer, ENUM, S3L_EK_REQUEST_PAYER, "x-amz-request-payer") \
    X(const char *, expected_bucket_owner, STR, 0, "x-amz-expected-bucket-owner")          \
    X(const char *, optional_object_attributes, STR, 0, "x-amz-optional-object-attributes")
struct s3l_list_objects_params {
    S3L_PARAMS(S3L_LIST_OBJECTS_PARAMS)
};

/*
 * DeleteObject: DELETE /key?versionId=V, no body. S3 answers 204 whether the key existed or
 * not. if_match_last_modified_time: ISO 8601 UTC or Unix seconds, sent as an HTTP-date.
 * if_match_size: 0 = not sent (so "delete only if empty" cannot be asked).
 * Headers: Host, x-amz-mfa ("serial code"), x-amz-request-payer,
 * x-amz-bypass-governance-retention, x-amz-expected-bucket-owner, If-Match,
 * x-amz-if-match-last-modified-time, x-amz-if-match-size (the conditions: directory buckets).
 */
#define S3L_DELETE_OBJECT_PARAMS(X, T, A)                                                  \
    S3L_OBJECT_TARGET(T)                                                                   \
    X(const char *, version_id, Q_STR, 0, "versionId")                                     \
    X(const char *, mfa, STR, 0, "x-amz-mfa")                                              \
    X(enum s3l_request_payer, request_payer, ENUM, S3L_EK_REQUEST_PAYER, "x-amz-request-payer") \
    X(enum s3l_bool, bypass_governance_retention, ENUM, S3L_EK_BOOL, "x-amz-bypass-governance-retention") \
    X(const char *, expected_bucket_owner, STR, 0, "x-amz-expected-bucket-owner")          \
    X(const char *, if_match, STR, 0, "If-Match")                                          \
    X(const char *, if_match_last_modified_time, HTTPDATE, 0, "x-amz-if-match-last-modified-time") \
    X(uint64_t, if_match_size, U64, 0, "x-amz-if-match-size")
struct s3l_delete_object_params {
    S3L_PARAMS(S3L_DELETE_OBJECT_PARAMS)
};

/* The builders. req: the request to fill (req->headers.items/cap set by the caller, count
 * usually 0: headers are appended). arena: storage for generated text. ep: the endpoint
 * (its host string is referenced, not copied). p: the parameters (strings referenced). */
int s3l_build_create_mpu(struct s3l_request *req, struct s3l_arena *arena,
                         const struct s3l_endpoint *ep, const struct s3l_create_mpu_params *p);
int s3l_build_upload_part(struct s3l_request *req, struct s3l_arena *arena,
                          const struct s3l_endpoint *ep, const struct s3l_upload_part_params *p);
int s3l_build_complete_mpu(struct s3l_request *req, struct s3l_arena *arena,
                           const struct s3l_endpoint *ep,
                           const struct s3l_complete_mpu_params *p);
int s3l_build_abort_mpu(struct s3l_request *req, struct s3l_arena *arena,
                        const struct s3l_endpoint *ep, const struct s3l_abort_mpu_params *p);
int s3l_build_list_parts(struct s3l_request *req, struct s3l_arena *arena,
                         const struct s3l_endpoint *ep, const struct s3l_list_parts_params *p);
int s3l_build_list_uploads(struct s3l_request *req, struct s3l_arena *arena,
                           const struct s3l_endpoint *ep,
                           const struct s3l_list_uploads_params *p);
int s3l_build_put_object(struct s3l_request *req, struct s3l_arena *arena,
                         const struct s3l_endpoint *ep, const struct s3l_put_object_params *p);
int s3l_build_head_object(struct s3l_request *req, struct s3l_arena *arena,
                          const struct s3l_endpoint *ep, const struct s3l_head_object_params *p);
int s3l_build_get_object(struct s3l_request *req, struct s3l_arena *arena,
                         const struct s3l_endpoint *ep, const struct s3l_get_object_params *p);
int s3l_build_create_bucket(struct s3l_request *req, struct s3l_arena *arena,
                            const struct s3l_endpoint *ep,
                            const struct s3l_create_bucket_params *p);
int s3l_build_list_objects(struct s3l_request *req, struct s3l_arena *arena,
                           const struct s3l_endpoint *ep,
                           const struct s3l_list_objects_params *p);
int s3l_build_delete_object(struct s3l_request *req, struct s3l_arena *arena,
                            const struct s3l_endpoint *ep,
                            const struct s3l_delete_object_params *p);

/*
 * CreateBucket's body when p->location_constraint is set:
 * <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
 * <LocationConstraint>REGION</LocationConstraint></CreateBucketConfiguration> (one line).
 * Writes it into out[0..cap) and its length to *len (also when too small:
 * S3L_ERR_BUF_TOO_SMALL, nothing written). No constraint: *len = 0.
 * Errors: S3L_ERR_ARG (region not [a-z0-9-]), S3L_ERR_BUF_TOO_SMALL.
 */
int s3l_create_bucket_body(const struct s3l_create_bucket_params *p, char *out, size_t cap,
                           size_t *len);

/* ---- CompleteMultipartUpload body, streamed with constant RAM -------------------------- */

/*
 * Writes, from the caller's part list, without copying it:
 * <CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
 *   <Part><ETag>ETAG</ETag>[<ChecksumALG>VALUE</ChecksumALG>]<PartNumber>N</PartNumber></Part>...
 * </CompleteMultipartUpload>
 * on one line with no whitespace between elements (botocore's form). In ETags & < > are
 * escaped as &amp; &lt; &gt; ('"' is legal in text and left alone). The state is a few
 * words; parts must stay unchanged while the body is read.
 */
struct s3l_complete_body {
    const struct s3l_complete_part *parts;
    size_t count;
    enum s3l_checksum_alg alg;
    uint64_t len;      /* exact body length, computed by init */
    size_t part;       /* read position: part index (count = the closing tag) */
    unsigned piece;    /* piece of the current part */
    size_t off;        /* byte offset inside the piece (source bytes for escaped text) */
    unsigned sub;      /* byte offset inside the current escape sequence */
};

/* Check the part list (as s3l_build_complete_mpu does: etag non-empty and free of CR/LF/NUL,
 * part numbers 1..10000 strictly ascending, checksums base64 of the algorithm's size, none
 * without alg) and compute the exact length. Returns 0 or the error. */
int s3l_complete_body_init_abi(struct s3l_complete_body *w, const struct s3l_complete_part *parts,
                               size_t count, enum s3l_checksum_alg alg,
                               size_t app_size, uint32_t app_config);
#define s3l_complete_body_init(w, parts, count, alg) \
    s3l_complete_body_init_abi((w), (parts), (count), (alg), \
                               sizeof(struct s3l_complete_body), S3L_ABI_CONFIG)

/* Exact length of the body in bytes (for Content-Length and the payload hash). */
uint64_t s3l_complete_body_len(const struct s3l_complete_body *w);

/* struct s3l_reader-compatible: w is a struct s3l_complete_body *. Copies up to cap bytes
 * into buf; returns the count (> 0), 0 at the end, S3L_ERR_ARG on NULL. */
long s3l_complete_body_read(void *w, uint8_t *buf, size_t cap);

/* struct s3l_reader-compatible: back to the first byte. Returns 0. */
int s3l_complete_body_rewind(void *w);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_S3_REQUEST_H */
