/* SPDX-License-Identifier: MIT */
/*
 * CreateBucket, GetObject, ListObjectsV2 and DeleteObject: operations outside the upload
 * family (the multipart operations, PutObject and HeadObject). Their tables, builders and
 * CreateBucket's body live here, so a firmware that never calls them does not carry them (--gc-sections, or simply
 * this object file left out of the link).
 */
#include <string.h>

#include "s3_req_int.h"
#include "s3lite/s3_request.h"

#define PT struct s3l_create_bucket_params
static const struct s3l_req_row bucket_rows[] = {REQ_ROWS(S3L_CREATE_BUCKET_PARAMS)};
static const struct s3l_req_op op_bucket = REQ_BUCKET_OP(bucket_rows, "PUT", 1, NULL);
#undef PT

/* HeadObject's list, sent as GET. */
#define PT struct s3l_get_object_params
static const struct s3l_req_row get_rows[] = {REQ_ROWS(S3L_HEAD_OBJECT_PARAMS)};
static const struct s3l_req_op op_get = REQ_OBJECT_OP(get_rows, "GET", 0, NULL);
#undef PT

/* list-type=2 (the version of the listing) is a fixed query parameter: the walk writes it as
 * it is, in its place by name. */
#define PT struct s3l_list_objects_params
static const struct s3l_req_row lobjects_rows[] = {REQ_ROWS(S3L_LIST_OBJECTS_PARAMS)};
static const struct s3l_req_op op_lobjects = REQ_BUCKET_OP(lobjects_rows, "GET", 0, "list-type=2");
#undef PT

#define PT struct s3l_delete_object_params
static const struct s3l_req_row delete_rows[] = {REQ_ROWS(S3L_DELETE_OBJECT_PARAMS)};
static const struct s3l_req_op op_delete = REQ_OBJECT_OP(delete_rows, "DELETE", 0, NULL);
#undef PT

int s3l_build_list_objects(struct s3l_request *req, struct s3l_arena *arena,
                           const struct s3l_endpoint *ep, const struct s3l_list_objects_params *p)
{
    return s3l_req_build(req, arena, ep, p, &op_lobjects);
}

int s3l_build_delete_object(struct s3l_request *req, struct s3l_arena *arena,
                            const struct s3l_endpoint *ep,
                            const struct s3l_delete_object_params *p)
{
    return s3l_req_build(req, arena, ep, p, &op_delete);
}

int s3l_build_get_object(struct s3l_request *req, struct s3l_arena *arena,
                         const struct s3l_endpoint *ep, const struct s3l_get_object_params *p)
{
    return s3l_req_build(req, arena, ep, p, &op_get);
}

int s3l_build_create_bucket(struct s3l_request *req, struct s3l_arena *arena,
                            const struct s3l_endpoint *ep,
                            const struct s3l_create_bucket_params *p)
{
    return s3l_req_build(req, arena, ep, p, &op_bucket);
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
