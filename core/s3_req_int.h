/* SPDX-License-Identifier: MIT */
/*
 * Private to the request builders (core/s3_request.c, core/s3_req_enum.c,
 * core/s3_req_body.c, core/s3_req_bucket.c): the entry format of the builders' walk, the
 * names blob's layout, and the checks they share; the names blob is shared with the
 * response parser (core/s3_response.c). Not a public interface.
 */
#ifndef S3LITE_S3_REQ_INT_H
#define S3LITE_S3_REQ_INT_H

#include <stddef.h>
#include <stdint.h>

#include "s3_req_names.h"
#include "s3lite/s3_request.h"

/*
 * An operation is a run of 4-byte entries that s3l_req_build() walks: K_BEGIN (the method
 * and flags), then query parameters, checks and headers in wire order, then K_END. Each run
 * is its own array, referenced only by its public wrapper, so a firmware link with
 * --gc-sections keeps only the operations it calls.
 */
enum {
    K_END,        /* end of the run */
    K_BEGIN,      /* name: the method; off: F_* flags */
    K_ATTRS,      /* run the object attributes, then go on */
    K_RET,        /* end of the object attributes */
    K_Q_BARE,     /* query: the name alone */
    K_Q_PART,     /* query: uint32_t part number 1..10000 */
    K_Q_PART0,    /* query: uint32_t part number 0..10000, 0 = not sent */
    K_Q_U32,      /* query: uint32_t, 0 = not sent */
    K_U64,        /* header: uint64_t, 0 = not sent */
    K_Q_ENC,      /* query: encoding-type enum (checked first by a K_CHECK entry) */
    K_LEN,        /* body length: uint64_t */
    K_COMPLETE,   /* CompleteMultipartUpload's body: checks the parts, sets the length */
    K_BUCKET,     /* CreateBucket: location (the body's length) and canned ACL */
    K_SSEC,       /* headers: struct s3l_sse_c */
    K_META,       /* headers: metadata array and count */
    K_CHECKSUM_SDK,  /* headers: x-amz-sdk-checksum-algorithm and x-amz-checksum-<alg> */
    K_CHECKSUM,      /* header: x-amz-checksum-<alg>, only when the value is given */
    /* kinds from here on read a const char * */
    K_Q_STR,      /* query: string, NULL = not sent */
    K_Q_UPLOAD,   /* query: required upload id */
    K_STR,        /* header: string as given */
    K_HTTPDATE,   /* header: date sent as an IMF-fixdate */
    K_ISODATE,    /* header: date sent as ISO 8601 */
    K_GRANT,      /* header: grantee list, checked */
    K_TAGGING,    /* header: tag set, checked */
    K_REDIRECT,   /* header: redirect location, checked */
    K_MD5,        /* header: base64 of 16 bytes */
    K_ENUM = 32,  /* header: enum, K_ENUM + enum s3l_enum_kind */
    K_CHECK = 64, /* flag on K_ENUM: the value checked, nothing sent */
    K_LOCAL = 128 /* flag: the name is an offset from the run's start, not into the blob */
};

/* K_BEGIN flags */
#define F_BODY 1u   /* has_body */
#define F_OBJECT 2u /* bucket, key, key_len */

struct s3l_req_ent {
    uint16_t name; /* NREF */
    uint8_t kind;
    uint8_t off;   /* field offset in the params struct, in units of S3L_REQ_OFF_UNIT */
};

/* Offsets fit a byte on 32-bit targets; 64-bit hosts (larger structs, int-sized enums)
 * count them in 4-byte units. A field that cannot be expressed is a compile error. */
#define S3L_REQ_OFF_UNIT (sizeof(struct s3l_put_object_params) < 256 ? 1u : 4u)
#define OFF(T, f)                                                                          \
    ((uint8_t)(offsetof(T, f) / S3L_REQ_OFF_UNIT +                                         \
               0 * sizeof(char[offsetof(T, f) % S3L_REQ_OFF_UNIT == 0 &&                   \
                                       offsetof(T, f) / S3L_REQ_OFF_UNIT < 256              \
                                   ? 1                                                     \
                                   : -1])))
#define E(name, kind, off) {name, kind, off}
#define EN(ek) (K_ENUM + (ek))

/* Walk the run: check the target, write Host and the path, then every entry. On error
 * nothing is left behind (arena and header count restored, arena bytes wiped). */
int s3l_req_build(struct s3l_request *req, struct s3l_arena *a, const struct s3l_endpoint *ep,
                  const void *p, const struct s3l_req_ent *run);

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
