/* SPDX-License-Identifier: MIT */
/*
 * Base64 (RFC 4648, standard alphabet, padded), as S3 uses it for checksums, Content-MD5
 * and the SSE-C key. s3lite/checksum.h includes this header.
 */
#ifndef S3LITE_BASE64_H
#define S3LITE_BASE64_H

#include <stddef.h>
#include <stdint.h>

#include "s3lite/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Encoded length of n bytes (padded). */
#define S3L_BASE64_ENC_LEN(n) ((((n) + 2u) / 3u) * 4u)
/* Largest decoded length of n base64 characters. */
#define S3L_BASE64_DEC_MAX(n) (((n) / 4u) * 3u)

/*
 * Base64-encode in[0..len) into out[0..cap). *out_len receives the encoded length, also when
 * it does not fit (so a caller can size a buffer). out is NOT NUL-terminated.
 * Returns 0, S3L_ERR_BUF_TOO_SMALL (nothing written), or S3L_ERR_ARG (NULL pointers).
 * in may be NULL when len is 0.
 */
int s3l_base64_encode(const void *in, size_t len, char *out, size_t cap, size_t *out_len);

/*
 * Strict base64 decode of in[0..len) into out[0..cap): length a multiple of 4, standard
 * alphabet only, '=' only as the last one or two characters, unused bits of the last group
 * zero, no whitespace. *out_len receives the decoded length (also on BUF_TOO_SMALL).
 * Returns 0, S3L_ERR_BAD_BASE64 (nothing written), S3L_ERR_BUF_TOO_SMALL (nothing written),
 * or S3L_ERR_ARG.
 */
int s3l_base64_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_BASE64_H */
