/* SPDX-License-Identifier: MIT */
/*
 * Why the init functions are macros: the application and the library must agree on the
 * layout of every struct the application declares and the library fills in. Those layouts
 * depend on build options (the hash backend's context types, mbedTLS's configuration, the
 * S3L_*_MAX sizes). The options of a build reach the application through the installed
 * s3lite/build_config.h; this is the check for when they did not anyway (an application
 * compiled against other headers, other -D flags, another S3L_CONFIG_FILE).
 *
 * The pattern is zlib's deflateInit_(strm, version, sizeof(z_stream)): each public init
 * function that takes a caller struct is a macro passing sizeof of that struct as the
 * application sees it and S3L_ABI_CONFIG as the application computes it, e.g.
 *
 *   #define s3l_xml_init(x, scratch, cap, cb, ctx) \
 *       s3l_xml_init_abi((x), (scratch), (cap), (cb), (ctx), \
 *                        sizeof(struct s3l_xml), S3L_ABI_CONFIG)
 *
 * The library compares both with its own (s3l_abi_check) before it touches the struct, and
 * returns S3L_ERR_ABI when either differs: the application must be rebuilt with the same
 * headers and options as the library (pkg-config --cflags s3lite, or the CMake target).
 */
#ifndef S3LITE_ABI_H
#define S3LITE_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/config.h"
#include "s3lite/version.h"

/* 1 when a hash backend other than mbedTLS is compiled in (see s3lite/hash.h). */
#if defined(S3L_HASH_ALT)
#define S3L_ABI_HASH_ALT 1u
#else
#define S3L_ABI_HASH_ALT 0u
#endif

/* 1 when the OpenSSL TLS backend is compiled in (see s3lite/port_tls.h). */
#if defined(S3L_TLS_OPENSSL)
#define S3L_ABI_TLS_OPENSSL 1u
#else
#define S3L_ABI_TLS_OPENSSL 0u
#endif

/*
 * One number for everything that shapes a struct the caller holds or is handed (results and
 * S3 errors are reached through pointers, so their sizes are not passed): the release
 * (major.minor), the hash backend, the TLS backend, and each size in config.h that appears
 * in a public struct. Each term has its own odd weight, so a change of any one of them changes the
 * number (an odd weight is invertible modulo 2^32).
 */
#define S3L_ABI_CONFIG                                                                         \
    ((uint32_t)((uint32_t)S3L_VERSION_MAJOR * 0x10000u + (uint32_t)S3L_VERSION_MINOR * 0x100u \
                + S3L_ABI_HASH_ALT * 0x1000001u + S3L_ABI_TLS_OPENSSL * 0x2000003u            \
                + 3u * (uint32_t)S3L_REGION_MAX + 5u * (uint32_t)S3L_SERVICE_MAX               \
                + 7u * (uint32_t)S3L_HOST_MAX                                                  \
                + 13u * (uint32_t)S3L_UPLOAD_ID_MAX + 17u * (uint32_t)S3L_ETAG_MAX             \
                + 19u * (uint32_t)S3L_ERROR_CODE_MAX + 23u * (uint32_t)S3L_ERROR_MESSAGE_MAX   \
                + 29u * (uint32_t)S3L_KEY_MAX + 31u * (uint32_t)S3L_BUCKET_MAX                 \
                + 37u * (uint32_t)S3L_DATE_MAX + 41u * (uint32_t)S3L_TOKEN_MAX                 \
                + 43u * (uint32_t)S3L_OWNER_ID_MAX + 47u * (uint32_t)S3L_DISPLAY_NAME_MAX      \
                + 53u * (uint32_t)S3L_CHECKSUM_CRC_MAX + 59u * (uint32_t)S3L_CHECKSUM_SHA_MAX  \
                + 61u * (uint32_t)S3L_URL_MAX + 67u * (uint32_t)S3L_VERSION_ID_MAX             \
                + 71u * (uint32_t)S3L_EXPIRATION_MAX + 73u * (uint32_t)S3L_KMS_KEY_ID_MAX      \
                + 79u * (uint32_t)S3L_SSE_CONTEXT_MAX + 83u * (uint32_t)S3L_HEADER_VALUE_MAX   \
                + 89u * (uint32_t)S3L_REQUEST_ID_MAX + 97u * (uint32_t)S3L_HOST_ID_MAX    \
                + 101u * (uint32_t)S3L_ACCESS_KEY_ID_MAX                                  \
                + 103u * (uint32_t)S3L_SECRET_KEY_MAX                                     \
                + 107u * (uint32_t)S3L_SESSION_TOKEN_MAX))

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What every *_abi init function calls first: S3L_OK when the application's view of the
 * struct (app_size, app_config) is the library's (lib_size, S3L_ABI_CONFIG as compiled into
 * the library), else S3L_ERR_ABI. Applications never call it directly.
 */
int s3l_abi_check(size_t app_size, uint32_t app_config, size_t lib_size);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_ABI_H */
