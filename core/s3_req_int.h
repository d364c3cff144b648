/* SPDX-License-Identifier: MIT */
/*
 * Private to the request builders (core/s3_request.c, core/s3_req_enum.c,
 * core/s3_req_body.c, core/s3_req_bucket.c): the kinds of parameters, the table rows the
 * params lists of s3lite/s3_request.h expand into, and the checks the builders share.
 * Not a public interface.
 */
#ifndef S3LITE_S3_REQ_INT_H
#define S3LITE_S3_REQ_INT_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/s3_request.h"

/*
 * The kinds of parameters: X(kind, phases). A build runs in three phases, and a row takes
 * part in those its kind's flags name: P_CHECK (checked before anything is written, so its
 * error comes first), P_QUERY (a query parameter, written in name order) and P_HEADER (a
 * header or a value the request needs, in list order).
 */
#define P_CHECK 1u
#define P_QUERY 2u
#define P_HEADER 4u
#define S3L_REQ_KINDS(X)                                                                   \
    X(STR, P_HEADER)           /* header: string as given, NULL = not sent */             \
    X(HTTPDATE, P_HEADER)      /* header: date (ISO 8601 or Unix seconds) sent as an IMF-fixdate */ \
    X(ISODATE, P_HEADER)       /* header: date sent as ISO 8601 */                        \
    X(GRANT, P_HEADER)         /* header: grantee list, checked */                        \
    X(TAGGING, P_HEADER)       /* header: tag set, checked */                             \
    X(REDIRECT, P_HEADER)      /* header: redirect location, checked */                   \
    X(MD5, P_HEADER)           /* header: base64 of 16 bytes, checked */                  \
    X(ENUM, P_HEADER)          /* header: the enum kind's spelling, 0 = not sent */       \
    X(U64, P_HEADER)           /* header: uint64_t in decimal, 0 = not sent */            \
    X(LEN, P_HEADER)           /* the body's length: uint64_t, nothing sent */            \
    X(SSEC, P_HEADER)          /* headers: struct s3l_sse_c, the SSE-C trio */            \
    X(KEEP, P_HEADER)          /* nothing sent: the member is read by the next row */     \
    X(META, P_HEADER)          /* headers: size_t count of the metadata array KEEP held */ \
    X(CHECKSUM_SDK, P_HEADER)  /* headers: x-amz-sdk-checksum-algorithm (the algorithm KEEP \
                                  held) and x-amz-checksum-<alg>: the value, when given */ \
    X(CHECKSUM, P_HEADER)      /* header: x-amz-checksum-<alg>, only when the value is given */ \
    X(COMPLETE, P_HEADER)      /* CompleteMultipartUpload's parts: checked, the body's length */ \
    X(LOCATION, P_CHECK)       /* CreateBucket's region and canned ACL: checked, the body's length */ \
    X(Q_STR, P_QUERY)          /* query: string, NULL = not sent */                       \
    X(Q_UPLOAD, P_QUERY)       /* query: required upload id */                            \
    X(Q_PART, P_QUERY)         /* query: uint32_t part number 1..10000 */                 \
    X(Q_PART0, P_QUERY)        /* query: uint32_t part number 0..10000, 0 = not sent */   \
    X(Q_U32, P_QUERY)          /* query: uint32_t, 0 = not sent */                        \
    X(Q_ENUM, P_CHECK | P_QUERY) /* query: the enum kind's spelling, 0 = not sent */

#define S3L_REQ_KIND_CONSTANT(kind, phases) K_##kind,
enum s3l_req_kind { S3L_REQ_KINDS(S3L_REQ_KIND_CONSTANT) K_COUNT };

/* One row of an operation's table: a member of the params struct and how it travels. */
struct s3l_req_row {
    const char *name;  /* header or query name; "" when the kind sends none itself */
    uint16_t off;      /* offsetof the member in the params struct */
    uint8_t kind;      /* enum s3l_req_kind */
    uint8_t enum_kind; /* enum s3l_enum_kind, for ENUM and Q_ENUM */
};

/*
 * The table of params struct PT from its list: REQ_ROWS(S3L_ABORT_MPU_PARAMS) with PT
 * defined as struct s3l_abort_mpu_params. T members have no row; A(attrs) expands
 * S3L_OBJECT_ATTRS, its O rows being members of PT itself.
 */
#define REQ_ROW_AT(off_, kind, enum_kind, name) {name, (uint16_t)(off_), K_##kind, (uint8_t)(enum_kind)},
#define REQ_ROW(type, member, kind, enum_kind, name)                                        \
    REQ_ROW_AT(offsetof(PT, member), kind, enum_kind, name)
#define REQ_ROW_NONE(type, member)
#define REQ_ROW_ATTR(type, member, kind, enum_kind, name)                                   \
    REQ_ROW_AT(offsetof(PT, attrs.member), kind, enum_kind, name)
#define REQ_ROW_OUTER(member, kind, enum_kind, name)                                        \
    REQ_ROW_AT(offsetof(PT, member), kind, enum_kind, name)
#define REQ_ROWS_ATTRS(member) S3L_OBJECT_ATTRS(REQ_ROW_ATTR, REQ_ROW_OUTER)
#define REQ_ROWS(list) list(REQ_ROW, REQ_ROW_NONE, REQ_ROWS_ATTRS)

/* An operation: its table and what it sends besides. */
struct s3l_req_op {
    const struct s3l_req_row *rows;
    uint8_t count;           /* rows */
    uint8_t object;          /* 1: /key of an object (key, key_len), 0: the bucket */
    uint8_t has_body;        /* the request's has_body */
    const char *method;
    const char *subresource; /* a query parameter sent as written, bare ("uploads") or with
                                its fixed value ("list-type=2"), or NULL */
    uint16_t bucket, key, key_len; /* offsetof the target's members (key: object only) */
};

/* The operation of params struct PT: REQ_OBJECT_OP(rows, "PUT", 1, NULL). */
#define REQ_OP_OF(rows_, object_, method_, body_, sub_, key_, key_len_)                     \
    {rows_, (uint8_t)(sizeof rows_ / sizeof rows_[0]), object_, body_, method_, sub_,        \
     (uint16_t)offsetof(PT, bucket), (uint16_t)(key_), (uint16_t)(key_len_)}
#define REQ_OBJECT_OP(rows_, method_, body_, sub_)                                          \
    REQ_OP_OF(rows_, 1, method_, body_, sub_, offsetof(PT, key), offsetof(PT, key_len))
#define REQ_BUCKET_OP(rows_, method_, body_, sub_) REQ_OP_OF(rows_, 0, method_, body_, sub_, 0, 0)

/* Check the target, write Host and the path, then the rows, phase by phase. On error
 * nothing is left behind (arena and header count restored, arena bytes wiped). */
int s3l_req_build(struct s3l_request *req, struct s3l_arena *a, const struct s3l_endpoint *ep,
                  const void *p, const struct s3l_req_op *op);

/* The S3 namespace attribute that opens both request bodies' root element. */
#define S3L_REQ_XMLNS " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"

/* CreateBucketConfiguration around the region. */
#define S3L_REQ_CB_OPEN "<CreateBucketConfiguration" S3L_REQ_XMLNS "<LocationConstraint>"
#define S3L_REQ_CB_CLOSE "</LocationConstraint></CreateBucketConfiguration>"
/* The body's length for a region of n bytes (the builder's body_len, the writer's *len). */
#define S3L_REQ_CB_LEN(n) (sizeof S3L_REQ_CB_OPEN S3L_REQ_CB_CLOSE - 1 + (n))

/* The length of region r when it is [a-z0-9-]+, else 0. */
size_t s3l_req_region_len(const char *r);

/* 1 when s (NUL-terminated) is the strict base64 of exactly nbytes (<= 32) bytes. */
int s3l_req_b64_is(const char *s, size_t nbytes);

#endif
