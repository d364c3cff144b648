/* SPDX-License-Identifier: MIT */
/*
 * URI encoding as SigV4 and S3 want it: RFC 3986 unreserved bytes (A-Z a-z 0-9 - . _ ~) kept,
 * everything else as %XX with upper-case hex.
 */
#ifndef S3LITE_URI_H
#define S3LITE_URI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define S3L_URI_KEEP_SLASH 1u /* keep '/' (object keys, paths); otherwise it becomes %2F */

/*
 * Encode in[0..len) into out. *out_len receives the encoded length (also when the result
 * does not fit, so a caller can size a buffer). Returns 0, or S3L_ERR_BUF_TOO_SMALL with
 * nothing written past out[cap-1]. out is not NUL-terminated.
 */
int s3l_uri_encode(const char *in, size_t len, unsigned flags, char *out, size_t cap,
                   size_t *out_len);

/* Encoded length of in[0..len) without writing anything. */
size_t s3l_uri_encoded_len(const char *in, size_t len, unsigned flags);

/*
 * Decode %XX escapes (and nothing else: '+' stays '+'). Same size rules as encode.
 * A '%' not followed by two hex digits is S3L_ERR_ARG.
 */
int s3l_uri_decode(const char *in, size_t len, char *out, size_t cap, size_t *out_len);

/* Lower-case hex of bin[0..len) into out (2*len bytes, not NUL-terminated). */
void s3l_hex_lower(const uint8_t *bin, size_t len, char *out);

#ifdef __cplusplus
}
#endif
#endif /* S3LITE_URI_H */
