/* SPDX-License-Identifier: MIT */
/*
 * A minimal mbedTLS 3.6 configuration for a firmware running s3lite over TLS (give it as
 * -DMBEDTLS_CONFIG_FILE='"mbedtls_fw_config.h"'): a TLS 1.2 client with one cipher suite,
 * ECDHE-RSA-AES128-GCM-SHA256 (what S3 endpoints with RSA certificates offer), P-256 for the
 * key exchange, RSA PKCS#1 v1.5 to verify the chain, SNI, CAs given as PEM in memory. Plus
 * the digests s3lite's core uses (SHA-256 for SigV4; SHA-1 and MD5 for the checksum options).
 *
 * What it leaves out, and why: TLS 1.3 and PSA (more code; S3 still offers 1.2), ECDSA
 * (add MBEDTLS_ECDSA_C and MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED for servers with EC
 * certificates, such as the project's test server), file I/O (no file system), certificate
 * expiry checks (MBEDTLS_HAVE_TIME_DATE needs a trusted clock before the first connect),
 * error strings, renegotiation, session tickets.
 * RAM: the record buffers are allocated per connection: 16 KiB in (a server may send full
 * records: S3 does not honour max_fragment_length) + 4 KiB out.
 */
#ifndef S3LITE_MBEDTLS_FW_CONFIG_H
#define S3LITE_MBEDTLS_FW_CONFIG_H

/* ---- primitives ---- */
#define MBEDTLS_AES_C
#define MBEDTLS_AES_FEWER_TABLES      /* 2 KiB of tables instead of 8, a little slower */
#define MBEDTLS_AES_ROM_TABLES        /* the tables in flash, not built in RAM at start */
#define MBEDTLS_GCM_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA224_C              /* mbedTLS 3.6 builds SHA-256 with SHA-224 */
#define MBEDTLS_SHA1_C                /* s3lite's SHA-1 checksum option */
#define MBEDTLS_MD5_C                 /* s3lite's Content-MD5 */
#define MBEDTLS_CTR_DRBG_C            /* seeded by port/tls from the platform's entropy hook */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECDH_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_OID_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_PEM_PARSE_C

/* ---- certificates ---- */
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C

/* ---- TLS ---- */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_SSL_CIPHERSUITES MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
#define MBEDTLS_SSL_IN_CONTENT_LEN 16384
#define MBEDTLS_SSL_OUT_CONTENT_LEN 4096

#endif /* S3LITE_MBEDTLS_FW_CONFIG_H */
