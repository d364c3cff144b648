/* SPDX-License-Identifier: MIT */
/*
 * mbedTLS configuration for the QEMU boards (and the big-endian build): the digests core/
 * uses (SHA-256, SHA-1, MD5) and the generic MD layer the tests use as an HMAC reference.
 * Valid for mbedTLS 2.28 and 3.6 alike; no TLS, no entropy, no file system, no threads.
 */
#ifndef S3L_BOARD_MBEDTLS_CONFIG_H
#define S3L_BOARD_MBEDTLS_CONFIG_H

#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA1_C
#define MBEDTLS_MD5_C


#endif
