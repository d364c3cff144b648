/* SPDX-License-Identifier: MIT */
/*
 * The request builders behind one signature, so a table of cases can drive any of them:
 * b_<op>(req, arena, ep, params) calls s3l_build_<op> with params converted back to that
 * builder's params struct (the caller passes the right one). Same inputs, outputs, errors
 * and ownership as the builder (include/s3lite/s3_request.h).
 */
#ifndef S3L_TEST_UTIL_S3REQ_H
#define S3L_TEST_UTIL_S3REQ_H

#include "s3lite/s3_request.h"

typedef int (*build_fn)(struct s3l_request *, struct s3l_arena *, const struct s3l_endpoint *,
                        const void *);

int b_create(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, const void *p);
int b_part(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, const void *p);
int b_complete(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, const void *p);
int b_abort(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, const void *p);
int b_lparts(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, const void *p);
int b_luploads(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, const void *p);
int b_put(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, const void *p);
int b_head(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, const void *p);
int b_get(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, const void *p);
int b_bucket(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, const void *p);
int b_lobjects(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, const void *p);
int b_delete(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e, const void *p);

#endif
