/* SPDX-License-Identifier: MIT */
/*
 * Default digest backend: mbedTLS (2.28 and 3.x). Compiled out when a port plugs in its own
 * backend with S3L_HASH_ALT (see include/s3lite/hash.h).
 */
#include "s3lite/hash.h"
#include "s3lite/common.h"

#if !defined(S3L_HASH_ALT)

#include <mbedtls/platform_util.h>
#include <mbedtls/version.h>

/* mbedTLS 2.x spells the int-returning calls *_ret(); 3.x dropped the suffix. */
#if MBEDTLS_VERSION_NUMBER < 0x03000000
#define S3L_MBED(fn) fn##_ret
#else
#define S3L_MBED(fn) fn
#endif

void s3l_wipe(void *p, size_t len)
{
    mbedtls_platform_zeroize(p, len);
}

int s3l_sha256_start(s3l_sha256_ctx *c)
{
    mbedtls_sha256_init(c);
    return S3L_MBED(mbedtls_sha256_starts)(c, 0) == 0 ? S3L_OK : S3L_ERR_HASH;
}

int s3l_sha256_update(s3l_sha256_ctx *c, const void *data, size_t len)
{
    return S3L_MBED(mbedtls_sha256_update)(c, (const unsigned char *)data, len) == 0 ? S3L_OK
                                                                                     : S3L_ERR_HASH;
}

int s3l_sha256_finish(s3l_sha256_ctx *c, uint8_t out[S3L_SHA256_LEN])
{
    int rc = S3L_MBED(mbedtls_sha256_finish)(c, out);
    mbedtls_sha256_free(c);
    return rc == 0 ? S3L_OK : S3L_ERR_HASH;
}

void s3l_sha256_wipe(s3l_sha256_ctx *c)
{
    mbedtls_sha256_free(c);
}

int s3l_sha1_start(s3l_sha1_ctx *c)
{
    mbedtls_sha1_init(c);
    return S3L_MBED(mbedtls_sha1_starts)(c) == 0 ? S3L_OK : S3L_ERR_HASH;
}

int s3l_sha1_update(s3l_sha1_ctx *c, const void *data, size_t len)
{
    return S3L_MBED(mbedtls_sha1_update)(c, (const unsigned char *)data, len) == 0 ? S3L_OK
                                                                                   : S3L_ERR_HASH;
}

int s3l_sha1_finish(s3l_sha1_ctx *c, uint8_t out[S3L_SHA1_LEN])
{
    int rc = S3L_MBED(mbedtls_sha1_finish)(c, out);
    mbedtls_sha1_free(c);
    return rc == 0 ? S3L_OK : S3L_ERR_HASH;
}

void s3l_sha1_wipe(s3l_sha1_ctx *c)
{
    mbedtls_sha1_free(c);
}

int s3l_md5_start(s3l_md5_ctx *c)
{
    mbedtls_md5_init(c);
    return S3L_MBED(mbedtls_md5_starts)(c) == 0 ? S3L_OK : S3L_ERR_HASH;
}

int s3l_md5_update(s3l_md5_ctx *c, const void *data, size_t len)
{
    return S3L_MBED(mbedtls_md5_update)(c, (const unsigned char *)data, len) == 0 ? S3L_OK
                                                                                  : S3L_ERR_HASH;
}

int s3l_md5_finish(s3l_md5_ctx *c, uint8_t out[S3L_MD5_LEN])
{
    int rc = S3L_MBED(mbedtls_md5_finish)(c, out);
    mbedtls_md5_free(c);
    return rc == 0 ? S3L_OK : S3L_ERR_HASH;
}

void s3l_md5_wipe(s3l_md5_ctx *c)
{
    mbedtls_md5_free(c);
}

#else
/* ISO C forbids an empty translation unit. */
typedef int s3l_hash_mbedtls_unused;
#endif

/* Backend-independent helper. */
int s3l_sha256(const void *data, size_t len, uint8_t out[S3L_SHA256_LEN])
{
    s3l_sha256_ctx c;
    int rc = s3l_sha256_start(&c);
    if (rc == S3L_OK) rc = s3l_sha256_update(&c, data, len);
    if (rc == S3L_OK) return s3l_sha256_finish(&c, out);
    s3l_sha256_wipe(&c);
    return rc;
}
