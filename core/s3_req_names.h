/* SPDX-License-Identifier: MIT */
/*
 * A names blob the response parser (core/s3_response.c) matches header names against, once
 * the request builders' (they now take their names from the params lists of
 * s3lite/s3_request.h and no longer read it). Defined in core/s3_req_names.c. When the
 * response parser has names of its own, delete this file and core/s3_req_names.c.
 * Private, not a public interface.
 */
#ifndef S3LITE_S3_REQ_NAMES_H
#define S3LITE_S3_REQ_NAMES_H

#include <stddef.h>
#include <stdint.h>

/*
 * Header names the response parser matches that the request builders send too:
 * one blob without terminators (struct s3l_req_names, defined in s3_req_names.c), each name
 * a slice (offset, length), so a name that is a prefix of another costs nothing
 * ("x-amz-server-side-encryption" is the start of the SSE-C key MD5 header). Only the names
 * core/s3_names.h's S3L_SHARED_NAMES (and s3_response.c's NM(meta)) use are kept.
 */
#define S3L_REQ_NAMES(X, Z)                                                                \
    X(ssec_md5, "x-amz-server-side-encryption-customer-key-MD5")                           \
    X(ssec_alg, "x-amz-server-side-encryption-customer-algorithm")                         \
    X(kms_key, "x-amz-server-side-encryption-aws-kms-key-id")                              \
    X(kms_ctx, "x-amz-server-side-encryption-context")                                     \
    X(bke, "x-amz-server-side-encryption-bucket-key-enabled")                              \
    X(meta, "x-amz-meta-")                                                                 \
    X(storage, "x-amz-storage-class")                                                      \
    X(redirect, "x-amz-website-redirect-location")                                         \
    X(lock_mode, "x-amz-object-lock-mode")                                                 \
    X(lock_until, "x-amz-object-lock-retain-until-date")                                   \
    X(lock_hold, "x-amz-object-lock-legal-hold")                                           \
    X(ck_alg, "x-amz-checksum-algorithm")                                                  \
    X(ck_type, "x-amz-checksum-type")                                                      \
    X(cache, "Cache-Control")                                                              \
    X(disp, "Content-Disposition")                                                         \
    X(cenc, "Content-Encoding")                                                            \
    X(lang, "Content-Language")                                                            \
    X(ctype, "Content-Type")                                                               \
    X(expires, "Expires")

#define S3L_REQ_NAME_FIELD(f, s) char f[sizeof s - 1];
#define S3L_REQ_NAME_FIELDZ(f, s) char f[sizeof s];
struct s3l_req_names {
    S3L_REQ_NAMES(S3L_REQ_NAME_FIELD, S3L_REQ_NAME_FIELDZ)
};

/* The blob (s3_request.c). The response parser (s3_response.c) matches the header names it
 * shares with the builders against it too, ignoring case: each is stored once, in wire case
 * (scripts/gen_s3_names.py finds them and lists their slices in core/s3_names.h). */
extern const struct s3l_req_names s3l_req_names;

/* A name reference: 10 bits of offset, 6 bits of length (a wider one is a compile error).
 * NM: a whole name; NP: its first len bytes; NS: without its first skip bytes. */
#define NREF(off, len)                                                                     \
    ((uint16_t)((off) | (len) << 10 | 0 * sizeof(char[(off) < 1024 && (len) < 64 ? 1 : -1])))
#define NOFF(f) offsetof(struct s3l_req_names, f)
#define NLEN(f) sizeof(((const struct s3l_req_names *)0)->f)
#define NM(f) NREF(NOFF(f), NLEN(f))
#define NP(f, len) NREF(NOFF(f), len)
#define NS(f, skip) NREF(NOFF(f) + (skip), NLEN(f) - (skip))

#endif
