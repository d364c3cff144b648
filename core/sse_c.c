/* SPDX-License-Identifier: MIT */
/*
 * SSE-C key MD5 (s3_request.h): apart from the request builders so that MD5 is linked only
 * into images whose code calls this, i.e. that use SSE-C.
 */
#include "s3lite/checksum.h"
#include "s3lite/hash.h"
#include "s3lite/s3_request.h"

int s3l_sse_c_key_md5(const uint8_t *key, size_t key_len, char out[S3L_SSE_C_KEY_MD5_LEN + 1])
{
    uint8_t md5[S3L_MD5_LEN];
    s3l_md5_ctx ctx;
    size_t n = 0;
    if (key == NULL || out == NULL) return S3L_ERR_ARG;
    if (key_len != 32) return S3L_ERR_RANGE;
    if (s3l_md5_start(&ctx) != S3L_OK || s3l_md5_update(&ctx, key, key_len) != S3L_OK ||
        s3l_md5_finish(&ctx, md5) != S3L_OK) {
        s3l_md5_wipe(&ctx);
        return S3L_ERR_HASH;
    }
    (void)s3l_base64_encode(md5, sizeof md5, out, S3L_SSE_C_KEY_MD5_LEN, &n);
    out[S3L_SSE_C_KEY_MD5_LEN] = '\0';
    return S3L_OK;
}
