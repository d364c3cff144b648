/* SPDX-License-Identifier: MIT */
/*
 * Digest backend for POSIX hosts: OpenSSL's libcrypto (SHA-NI / AVX2 / ARMv8 crypto chosen at
 * run time by the library). Selected by
 *   #define S3L_HASH_ALT "s3lite/port_hash_openssl.h"
 * in the build's s3lite/build_config.h (port/posix/accel.mk, or CMake's S3LITE_HASH=openssl); then core/hash_mbedtls.c compiles to nothing and
 * port/posix/hash_openssl.c provides every s3l_sha256_* / s3l_sha1_* / s3l_md5_* function and
 * s3l_wipe (OPENSSL_cleanse). Only the context types are needed here: core/ never calls
 * OpenSSL directly.
 */
#ifndef S3LITE_PORT_HASH_OPENSSL_H
#define S3LITE_PORT_HASH_OPENSSL_H

#include <openssl/md5.h>
#include <openssl/sha.h>

typedef SHA256_CTX s3l_sha256_ctx;
typedef SHA_CTX s3l_sha1_ctx;
typedef MD5_CTX s3l_md5_ctx;

#endif /* S3LITE_PORT_HASH_OPENSSL_H */
