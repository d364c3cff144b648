/* SPDX-License-Identifier: MIT */
/*
 * CreateBucket and GetObject: operations outside the upload family (the multipart
 * operations, PutObject and HeadObject). Their runs, wrappers and CreateBucket's body live
 * here, so a firmware that never calls them does not carry them (--gc-sections, or simply
 * this object file left out of the link).
 */
#include <string.h>

#include "s3_req_int.h"
#include "s3lite/s3_request.h"

#define CB(f) OFF(struct s3l_create_bucket_params, f)

/* PUT /bucket. The two names only CreateBucket sends follow the entries (K_LOCAL: offsets
 * from the run's start), so the shared names blob does not carry them. */
#define LOCK "x-amz-bucket-object-lock-enabled"
#define OWNERSHIP "x-amz-object-ownership"
static const struct bucket_run {
    struct s3l_req_ent e[11];
    char lock[sizeof LOCK - 1];
    char ownership[sizeof OWNERSHIP - 1];
} run_bucket = {
    {E(NM(m_put), K_BEGIN, F_BODY),
     E(0, K_BUCKET, 0),
     E(NM(acl), EN(S3L_EK_ACL), CB(acl)),
     E(NM(grant_fc), K_GRANT, CB(grant_full_control)),
     E(NP(grant_racp, 16), K_GRANT, CB(grant_read)),
     E(NM(grant_racp), K_GRANT, CB(grant_read_acp)),
     E(NP(grant_wacp, 17), K_GRANT, CB(grant_write)),
     E(NM(grant_wacp), K_GRANT, CB(grant_write_acp)),
     E(NREF(sizeof(struct s3l_req_ent) * 11, sizeof LOCK - 1), K_LOCAL | EN(S3L_EK_BOOL),
       CB(object_lock_enabled)),
     E(NREF(sizeof(struct s3l_req_ent) * 11 + sizeof LOCK - 1, sizeof OWNERSHIP - 1),
       K_LOCAL | EN(S3L_EK_OBJECT_OWNERSHIP), CB(object_ownership)),
     E(0, K_END, 0)},
    LOCK,
    OWNERSHIP};

/* The K_LOCAL references above assume the names follow the entries without padding. */
typedef char s3l_bucket_layout[offsetof(struct bucket_run, lock) ==
                                       sizeof(struct s3l_req_ent) * 11
                                   ? 1
                                   : -1];

int s3l_build_get_object(struct s3l_request *req, struct s3l_arena *arena,
                         const struct s3l_endpoint *ep, const struct s3l_get_object_params *p)
{
    /* HeadObject's run (s3_request.c checks that the two param structs share its fields'
     * offsets), sent as GET; the fields are read through those offsets only. */
    int rc = s3l_build_head_object(req, arena, ep, (const struct s3l_head_object_params *)(const void *)p);
    if (rc == S3L_OK) req->method = s3l_req_names.m_get;
    return rc;
}

int s3l_build_create_bucket(struct s3l_request *req, struct s3l_arena *arena,
                            const struct s3l_endpoint *ep,
                            const struct s3l_create_bucket_params *p)
{
    /* the whole struct, converted to a pointer to its first member (C99 6.7.2.1p13), so the
     * K_LOCAL names past the entries are within the object the pointer came from */
    return s3l_req_build(req, arena, ep, p, (const struct s3l_req_ent *)(const void *)&run_bucket);
}

int s3l_create_bucket_body(const struct s3l_create_bucket_params *p, char *out, size_t cap,
                           size_t *len)
{
    const char *r;
    size_t n;
    if (p == NULL || len == NULL) return S3L_ERR_ARG;
    r = p->location_constraint;
    if (r == NULL) {
        *len = 0;
        return S3L_OK;
    }
    n = s3l_req_region_len(r);
    if (n == 0) return S3L_ERR_ARG;
    *len = S3L_REQ_CB_LEN(n);
    if (out == NULL || *len > cap) return S3L_ERR_BUF_TOO_SMALL;
    memcpy(out, S3L_REQ_CB_OPEN, sizeof S3L_REQ_CB_OPEN - 1);
    out += sizeof S3L_REQ_CB_OPEN - 1;
    memcpy(out, r, n);
    memcpy(out + n, S3L_REQ_CB_CLOSE, sizeof S3L_REQ_CB_CLOSE - 1);
    return S3L_OK;
}
