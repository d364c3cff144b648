/* SPDX-License-Identifier: MIT */
/*
 * SHA-256, SHA-1 and MD5 through OpenSSL's low-level digest calls, which run the library's
 * fastest code for the CPU (SHA-NI on x86-64, ARMv8 crypto extensions on arm64). Built when
 * port/posix/accel.mk (through build_config.h) defines S3L_PORT_HASH_OPENSSL together with
 * S3L_HASH_ALT="s3lite/port_hash_openssl.h"; compiles to nothing otherwise.
 *
 * Why the low-level calls: SHA256_Init/Update/Final work on a caller-owned context with no
 * allocation and no per-call dispatch, which is what the seam wants (EVP_MD_CTX is
 * heap-allocated and costs a lookup per digest). OpenSSL 3.0 marks them deprecated but keeps
 * them; the API level below says so for this file only.
 */
/* The build's choice is in s3lite/build_config.h, which config.h includes. */
#include "s3lite/config.h"

#if defined(S3L_PORT_HASH_OPENSSL)

/* Before any OpenSSL header: ask for the 1.1.1 API, which still declares SHA256_Init & co
 * without deprecation attributes. */
#define OPENSSL_API_COMPAT 0x10101000L

#include <openssl/crypto.h>

#include "s3lite/common.h"
#include "s3lite/hash.h"

void s3l_wipe(void *p, size_t len)
{
    if (p != NULL && len != 0) OPENSSL_cleanse(p, len);
}

int s3l_sha256_start(s3l_sha256_ctx *c)
{
    return SHA256_Init(c) == 1 ? S3L_OK : S3L_ERR_HASH;
}

int s3l_sha256_update(s3l_sha256_ctx *c, const void *data, size_t len)
{
    return SHA256_Update(c, data, len) == 1 ? S3L_OK : S3L_ERR_HASH;
}

int s3l_sha256_finish(s3l_sha256_ctx *c, uint8_t out[S3L_SHA256_LEN])
{
    int ok = SHA256_Final(out, c);
    OPENSSL_cleanse(c, sizeof *c);
    return ok == 1 ? S3L_OK : S3L_ERR_HASH;
}

void s3l_sha256_wipe(s3l_sha256_ctx *c)
{
    OPENSSL_cleanse(c, sizeof *c);
}

int s3l_sha1_start(s3l_sha1_ctx *c)
{
    return SHA1_Init(c) == 1 ? S3L_OK : S3L_ERR_HASH;
}

int s3l_sha1_update(s3l_sha1_ctx *c, const void *data, size_t len)
{
    return SHA1_Update(c, data, len) == 1 ? S3L_OK : S3L_ERR_HASH;
}

int s3l_sha1_finish(s3l_sha1_ctx *c, uint8_t out[S3L_SHA1_LEN])
{
    int ok = SHA1_Final(out, c);
    OPENSSL_cleanse(c, sizeof *c);
    return ok == 1 ? S3L_OK : S3L_ERR_HASH;
}

void s3l_sha1_wipe(s3l_sha1_ctx *c)
{
    OPENSSL_cleanse(c, sizeof *c);
}

int s3l_md5_start(s3l_md5_ctx *c)
{
    return MD5_Init(c) == 1 ? S3L_OK : S3L_ERR_HASH;
}

int s3l_md5_update(s3l_md5_ctx *c, const void *data, size_t len)
{
    return MD5_Update(c, data, len) == 1 ? S3L_OK : S3L_ERR_HASH;
}

int s3l_md5_finish(s3l_md5_ctx *c, uint8_t out[S3L_MD5_LEN])
{
    int ok = MD5_Final(out, c);
    OPENSSL_cleanse(c, sizeof *c);
    return ok == 1 ? S3L_OK : S3L_ERR_HASH;
}

void s3l_md5_wipe(s3l_md5_ctx *c)
{
    OPENSSL_cleanse(c, sizeof *c);
}

#else
/* ISO C forbids an empty translation unit. */
typedef int s3l_hash_openssl_unused;
#endif
