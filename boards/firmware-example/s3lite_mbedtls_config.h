/* SPDX-License-Identifier: MIT */
/*
 * mbedTLS configuration for a firmware that uses s3lite's core without TLS (the transport,
 * or a TLS offload, is elsewhere): only what core/hash_mbedtls.c calls. Build mbedTLS (3.6;
 * 2.28 works the same) with -DMBEDTLS_CONFIG_FILE='"s3lite_mbedtls_config.h"' and compile
 * library/sha256.c and library/platform_util.c; nothing else of mbedTLS is linked.
 *
 * - SHA-256: SigV4 signatures, the signing-key HMAC and aws-chunked chunk signatures.
 * - platform_util.c: mbedtls_platform_zeroize(), which wipes keys (s3l_wipe()).
 * - SHA-1 and MD5 are not needed: s3lite links them only for a SHA1 checksum
 *   (S3L_CHECKSUM_SHA1) or an SSE-C key MD5 (s3l_sse_c_key_md5()). Add MBEDTLS_SHA1_C or
 *   MBEDTLS_MD5_C (and library/sha1.c, md5.c) only if the application uses those.
 * - MBEDTLS_HAVE_TIME is left undefined: s3lite reads time through its own platform hook
 *   (struct s3l_platform.now). With it defined, mbedTLS 3.6's platform_util.c needs a
 *   millisecond clock and stops with `#error "No mbedtls_ms_time available"` on a bare-metal
 *   target unless you also define MBEDTLS_PLATFORM_MS_TIME_ALT and provide
 *   mbedtls_ms_time() (TLS needs that; plain hashing does not).
 */
#ifndef S3LITE_MBEDTLS_CONFIG_H
#define S3LITE_MBEDTLS_CONFIG_H

#define MBEDTLS_SHA256_C
/* Option: MBEDTLS_SHA256_SMALLER trades SHA-256 speed for flash (rolled rounds). Left off
 * here so that make size reports mbedTLS's default SHA-256. */

#endif /* S3LITE_MBEDTLS_CONFIG_H */
