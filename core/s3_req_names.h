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
 * Header and query names: one blob without terminators (struct s3l_req_names, defined in
 * s3_req_names.c), each name a slice (offset, length), so a name that is a prefix of another
 * costs nothing ("x-amz-server-side-encryption" is the start of the SSE-C key MD5 header,
 * "uploads" the end of "max-uploads"). The methods, which the request keeps as C strings,
 * carry their NUL.
 */
#define S3L_REQ_NAMES(X, Z)                                                                \
    X(ssec_md5, "x-amz-server-side-encryption-customer-key-MD5")                           \
    X(ssec_alg, "x-amz-server-side-encryption-customer-algorithm")                         \
    X(kms_key, "x-amz-server-side-encryption-aws-kms-key-id")                              \
    X(kms_ctx, "x-amz-server-side-encryption-context")                                     \
    X(bke, "x-amz-server-side-encryption-bucket-key-enabled")                              \
    X(grant_racp, "x-amz-grant-read-acp")                                                  \
    X(grant_wacp, "x-amz-grant-write-acp")                                                 \
    X(grant_fc, "x-amz-grant-full-control")                                                \
    X(acl, "x-amz-acl")                                                                    \
    X(meta, "x-amz-meta-")                                                                 \
    X(storage, "x-amz-storage-class")                                                      \
    X(redirect, "x-amz-website-redirect-location")                                         \
    X(payer, "x-amz-request-payer")                                                        \
    X(owner, "x-amz-expected-bucket-owner")                                                \
    X(tagging, "x-amz-tagging")                                                            \
    X(lock_mode, "x-amz-object-lock-mode")                                                 \
    X(lock_until, "x-amz-object-lock-retain-until-date")                                   \
    X(lock_hold, "x-amz-object-lock-legal-hold")                                           \
    X(ck_alg, "x-amz-checksum-algorithm")                                                  \
    X(ck_type, "x-amz-checksum-type")                                                      \
    X(ck_mode, "x-amz-checksum-mode")                                                      \
    X(sdk_alg, "x-amz-sdk-checksum-algorithm")                                             \
    X(mp_size, "x-amz-mp-object-size")                                                     \
    X(host, "Host")                                                                        \
    X(cache, "Cache-Control")                                                              \
    X(disp, "Content-Disposition")                                                         \
    X(cenc, "Content-Encoding")                                                            \
    X(lang, "Content-Language")                                                            \
    X(ctype, "Content-Type")                                                               \
    X(md5, "Content-MD5")                                                                  \
    X(expires, "Expires")                                                                  \
    X(if_match, "If-Match")                                                                \
    X(if_none, "If-None-Match")                                                            \
    X(if_mod, "If-Modified-Since")                                                         \
    X(if_unmod, "If-Unmodified-Since")                                                     \
    X(range, "Range")                                                                      \
    X(q_upload_id, "uploadId")                                                             \
    X(q_part, "partNumber")                                                                \
    X(q_version, "versionId")                                                              \
    X(q_max_parts, "max-parts")                                                            \
    X(q_marker, "part-number-marker")                                                      \
    X(q_delim, "delimiter")                                                                \
    X(q_enc, "encoding-type")                                                              \
    X(q_key_marker, "key-marker")                                                          \
    X(q_max_uploads, "max-uploads")                                                        \
    X(q_prefix, "prefix")                                                                  \
    X(q_uid_marker, "upload-id-marker")                                                    \
    Z(m_post, "POST")                                                                      \
    Z(m_put, "PUT")                                                                        \
    Z(m_get, "GET")                                                                        \
    Z(m_delete, "DELETE")                                                                  \
    Z(m_head, "HEAD")

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
