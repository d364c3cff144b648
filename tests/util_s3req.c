/* SPDX-License-Identifier: MIT */
/* The request builders behind one signature for tables of cases: see util_s3req.h. */
#include "util_s3req.h"

#define ADAPT(name, fn, type)                                                              \
    int name(struct s3l_request *r, struct s3l_arena *a, const struct s3l_endpoint *e,     \
             const void *p)                                                                \
    {                                                                                      \
        return fn(r, a, e, (const type *)p);                                               \
    }
ADAPT(b_create, s3l_build_create_mpu, struct s3l_create_mpu_params)
ADAPT(b_part, s3l_build_upload_part, struct s3l_upload_part_params)
ADAPT(b_complete, s3l_build_complete_mpu, struct s3l_complete_mpu_params)
ADAPT(b_abort, s3l_build_abort_mpu, struct s3l_abort_mpu_params)
ADAPT(b_lparts, s3l_build_list_parts, struct s3l_list_parts_params)
ADAPT(b_luploads, s3l_build_list_uploads, struct s3l_list_uploads_params)
ADAPT(b_put, s3l_build_put_object, struct s3l_put_object_params)
ADAPT(b_head, s3l_build_head_object, struct s3l_head_object_params)
ADAPT(b_get, s3l_build_get_object, struct s3l_get_object_params)
ADAPT(b_bucket, s3l_build_create_bucket, struct s3l_create_bucket_params)
ADAPT(b_lobjects, s3l_build_list_objects, struct s3l_list_objects_params)
ADAPT(b_delete, s3l_build_delete_object, struct s3l_delete_object_params)
