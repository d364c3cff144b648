/* SPDX-License-Identifier: MIT */
/*
 * size_probe.c: a stand-in firmware for `make size`. It calls what a device uploading with the
 * sans-IO core calls, so a --gc-sections link keeps exactly the code and tables that use
 * needs; tests/size/size_link.py then reads the link map and counts the bytes per core/ object.
 *
 *   PROBE_FLOW (default): the multipart upload flow with resume: CreateMultipartUpload,
 *                         UploadPart, CompleteMultipartUpload, AbortMultipartUpload, ListParts.
 *   PROBE_ALL:            every upload operation: the above plus ListMultipartUploads,
 *                         PutObject and HeadObject.
 *
 * Never run: the entry point is probe() and every argument comes from outside, so nothing is
 * folded away. Built only by tests/mk/quality.mk, for arm-none-eabi.
 */
#include "s3lite/http.h"
#include "s3lite/s3_request.h"
#include "s3lite/s3_response.h"

int probe(struct s3l_request *req, struct s3l_arena *a, const struct s3l_endpoint *ep,
          const void *params, unsigned op, char *out, size_t cap, const uint8_t *in, size_t n,
          struct s3l_response *r, void *result, struct s3l_s3_error *err);

int probe(struct s3l_request *req, struct s3l_arena *a, const struct s3l_endpoint *ep,
          const void *params, unsigned op, char *out, size_t cap, const uint8_t *in, size_t n,
          struct s3l_response *r, void *result, struct s3l_s3_error *err)
{
    struct s3l_http_parser p;
    struct s3l_complete_body body;
    size_t len = 0, used = 0;
    int rc;
    switch (op) {
    case 0: rc = s3l_build_create_mpu(req, a, ep, params); break;
    case 1: rc = s3l_build_upload_part(req, a, ep, params); break;
    case 2:
        rc = s3l_build_complete_mpu(req, a, ep, params);
        if (rc == 0) rc = s3l_complete_body_init(&body, NULL, 0, S3L_CHECKSUM_NONE);
        if (rc == 0) rc = (int)s3l_complete_body_read(&body, (uint8_t *)out, cap);
        if (rc == 0) rc = s3l_complete_body_rewind(&body);
        break;
    case 3: rc = s3l_build_abort_mpu(req, a, ep, params); break;
    case 4: rc = s3l_build_list_parts(req, a, ep, params); break;
#ifdef PROBE_ALL
    case 5: rc = s3l_build_list_uploads(req, a, ep, params); break;
    case 6: rc = s3l_build_put_object(req, a, ep, params); break;
    case 7: rc = s3l_build_head_object(req, a, ep, params); break;
#endif
    default: rc = -1; break;
    }
    if (rc != 0) return rc;
    rc = s3l_http_write_head(req, out, cap, &len);
    if (rc != 0) return rc;
    s3l_response_init(r, (enum s3l_op)op, result, err, out + len, cap - len);
    s3l_http_parser_init(&p, out, len, &r->cb, r, op == 7);
    rc = s3l_http_feed(&p, in, n, &used);
    if (rc == 0) rc = s3l_http_finish(&p);
    return rc == 0 ? s3l_response_finish(r) : rc;
}
